// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite gvtmem_parse: the strict parsers take the whole text as one
 * value or refuse it, leaving the caller's value as it was.
 */
#include "parse.c"

#include <kunit/test.h>

#define GVTMEM_PARSE_TEST_NUL "1\0000"

/* count as a write would give it: the text's length, NULs included. */
#define gvtmem_parse_test_bool(s, v) gvtmem_parse_bool("test", s, sizeof(s) - 1, v)

static void gvtmem_parse_test_bools(struct kunit *test)
{
	static const char * const refused[] = {
		"1e9", "18446744073709551616", "yes-please", "", "\n", "2",
		" 1", "1 ", "1\n\n", "+1", "-1", "oui", "y\n1", "nope", "o",
		"onn", "truefalse", "01", "0x1", "y", "n", "Y", "N", "yes",
		"no", "on", "off", "true", "false", "10",
	};
	unsigned int i;
	bool v;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		v = true;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    gvtmem_parse_bool("test", refused[i],
						      strlen(refused[i]), &v),
				    "'%s'", refused[i]);
		KUNIT_EXPECT_TRUE_MSG(test, v, "'%s' changed the value", refused[i]);
	}
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_test_bool(GVTMEM_PARSE_TEST_NUL, &v));

	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_test_bool("1\n", &v));
	KUNIT_EXPECT_TRUE(test, v);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_test_bool("0", &v));
	KUNIT_EXPECT_FALSE(test, v);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_test_bool("1", &v));
	KUNIT_EXPECT_TRUE(test, v);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_test_bool("0\n", &v));
	KUNIT_EXPECT_FALSE(test, v);
}

static void gvtmem_parse_test_numbers(struct kunit *test)
{
	static const char * const refused[] = {
		"", "\n", "+5", "-5", " 5", "5 ", "5\n\n", "5x", "0x10", "1e3",
		"18446744073709551616", "99999999999999999999999",
		"4294967296", "101", "5.0",
	};
	unsigned int i, v;
	unsigned long l;
	u64 d;

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		v = 7;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    gvtmem_parse_uint("test", refused[i],
						      strlen(refused[i]), 0, 100,
						      "0 to 100", &v),
				    "'%s'", refused[i]);
		KUNIT_EXPECT_EQ_MSG(test, 7U, v, "'%s' changed the value", refused[i]);
	}
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_uint("test", "5\0000", 3, 0,
							 100, "", &v));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_uint("test", "0", 1, 1, 100,
							 "", &v));
	KUNIT_EXPECT_EQ(test, 7U, v);

	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_uint("test", "100\n", 4, 0, 100, "", &v));
	KUNIT_EXPECT_EQ(test, 100U, v);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_uint("test", "007", 3, 0, 100, "", &v));
	KUNIT_EXPECT_EQ(test, 7U, v);
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_ulong("test", "18446744073709551615", 20,
						    0, ULONG_MAX, "", &l));
	KUNIT_EXPECT_EQ(test, ULONG_MAX, l);

	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_digits("", 0, &d));
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_digits("42x", 2, &d));
	KUNIT_EXPECT_EQ(test, 42ULL, d);
}

static void gvtmem_parse_test_words(struct kunit *test)
{
	static const char * const words[] = { "greedy", "fair", "greedy-remote" };
	static const char * const refused[] = {
		"", "\n", "fai", "fairish", "Fair", " fair", "fair ", "fair\n\n",
		"greedy-", "greedy-remote-x",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(refused); i++)
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    gvtmem_parse_word("test", refused[i],
						      strlen(refused[i]), words,
						      ARRAY_SIZE(words), ""),
				    "'%s'", refused[i]);
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_word("test", "fair\0x", 6, words,
							 ARRAY_SIZE(words), ""));
	KUNIT_EXPECT_EQ(test, 1, gvtmem_parse_word("test", "fair\n", 5, words,
						   ARRAY_SIZE(words), ""));
	KUNIT_EXPECT_EQ(test, 0, gvtmem_parse_word("test", "greedy", 6, words,
						   ARRAY_SIZE(words), ""));
	KUNIT_EXPECT_EQ(test, 2, gvtmem_parse_word("test", "greedy-remote", 13,
						   words, ARRAY_SIZE(words), ""));
}

static void gvtmem_parse_test_hex(struct kunit *test)
{
	u8 out[4];

	KUNIT_EXPECT_EQ(test, 2, gvtmem_parse_hex("test", "0aFf\n", 5, out, 2, 4, ""));
	KUNIT_EXPECT_EQ(test, 0x0a, (int)out[0]);
	KUNIT_EXPECT_EQ(test, 0xff, (int)out[1]);
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_hex("test", "0a", 2, out, 2, 4, ""));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_hex("test", "0a0", 3, out, 1, 4, ""));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_hex("test", "0a0g", 4, out, 1, 4, ""));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_hex("test", "0a0b0c0d0e", 10, out,
							1, 4, ""));
	KUNIT_EXPECT_EQ(test, -EINVAL, gvtmem_parse_hex("test", "0a\000b", 4, out,
							1, 4, ""));
}

static struct kunit_case gvtmem_parse_test_cases[] = {
	KUNIT_CASE(gvtmem_parse_test_bools),
	KUNIT_CASE(gvtmem_parse_test_numbers),
	KUNIT_CASE(gvtmem_parse_test_words),
	KUNIT_CASE(gvtmem_parse_test_hex),
	{}
};

static struct kunit_suite gvtmem_parse_test_suite = {
	.name = "gvtmem_parse",
	.test_cases = gvtmem_parse_test_cases,
};
kunit_test_suites(&gvtmem_parse_test_suite);

MODULE_LICENSE("GPL");
