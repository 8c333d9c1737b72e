// SPDX-License-Identifier: GPL-2.0
/* KUnit suite gvtmem_config: the cluster configuration parser. */
#include "config.c"
#include "parse.c"

#include <kunit/test.h>
#include <linux/slab.h>

static int gvtmem_config_test_parse(struct kunit *test, const char *text,
				    struct gvtmem_config *cfg, char *err)
{
	return gvtmem_config_parse(text, strlen(text), cfg, err,
				   GVTMEM_CONFIG_ERR_LEN);
}

static void gvtmem_config_test_good(struct kunit *test)
{
	struct gvtmem_config *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	char err[GVTMEM_CONFIG_ERR_LEN];
	const struct gvtmem_config_node *n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cfg);
	KUNIT_ASSERT_EQ(test, 0, gvtmem_config_test_parse(test,
		"# three nodes\n\nself 2\n  node 1 10.0.0.1 # first\nnode 2\t10.0.0.2\nnode 3 10.0.0.3", cfg, err));
	KUNIT_EXPECT_EQ(test, 2U, cfg->self);
	KUNIT_EXPECT_EQ(test, (u16)GVTMEM_DEFAULT_PORT, cfg->port);
	KUNIT_EXPECT_EQ(test, 3U, cfg->nr_nodes);
	n = gvtmem_config_node(cfg, 3);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, n);
	KUNIT_EXPECT_EQ(test, htonl(0x0a000003), n->addr);
	KUNIT_EXPECT_PTR_EQ(test, (const struct gvtmem_config_node *)NULL,
			    gvtmem_config_node(cfg, 4));
	KUNIT_ASSERT_EQ(test, 0, gvtmem_config_test_parse(test,
		"port 7000\nself 0\nnode 0 192.168.1.1\n", cfg, err));
	KUNIT_EXPECT_EQ(test, (u16)7000, cfg->port);
}

static const struct {
	const char *text;
	const char *err;	/* the error must start with this */
} gvtmem_config_bad[] = {
	{ "", "self: missing" },
	{ "node 1 10.0.0.1\n", "self: missing" },
	{ "self 1\n", "self: node 1 has no" },
	{ "self 1\nnode 1 10.0.0.1\nself x\n", "line 3: self: bad node id" },
	{ "self 256\nnode 1 10.0.0.1\n", "line 1: self: bad node id" },
	{ "self 1\nnode 1 10.0.0.256\n", "line 2: node 1: bad IPv4" },
	{ "self 1\nnode 1 ::1\n", "line 2: node 1: bad IPv4" },
	{ "self 1\nnode 1 10.0.0.1\nnode 2 10.0.0.1\n", "line 3: node 2: id or address given twice" },
	{ "self 1\nnode 1 10.0.0.1 extra\n", "line 2: unknown" },
	{ "self 1\nnode 1 10.0.0.1 a b c\n", "line 2: too many words" },
	{ "self 1\nport 65536\nnode 1 10.0.0.1\n", "line 2: port: bad port" },
	{ "self 1\nport -1\nnode 1 10.0.0.1\n", "line 2: port: bad port" },
	{ "self 1\nnode -1 10.0.0.1\n", "line 2: node: bad node id" },
	{ "self +1\nnode 1 10.0.0.1\n", "line 1: self: bad node id" },
	{ "self 1\nport +7\nnode 1 10.0.0.1\n", "line 2: port: bad port" },
	{ "self 1\nport 0x10\nnode 1 10.0.0.1\n", "line 2: port: bad port" },
	{ "self 1\nport 18446744073709551617\nnode 1 10.0.0.1\n", "line 2: port: bad port" },
	{ "self 1\nnode 1 10.0.0.1\n# 1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890\n",
	  "line 3: longer than" },
};

static void gvtmem_config_test_bad(struct kunit *test)
{
	struct gvtmem_config *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	char err[GVTMEM_CONFIG_ERR_LEN];
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, cfg);
	for (i = 0; i < ARRAY_SIZE(gvtmem_config_bad); i++) {
		int ret = gvtmem_config_test_parse(test, gvtmem_config_bad[i].text,
						   cfg, err);

		KUNIT_EXPECT_EQ_MSG(test, -EINVAL, ret, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, 0, strncmp(err, gvtmem_config_bad[i].err,
						     strlen(gvtmem_config_bad[i].err)),
				    "case %u: got '%s'", i, err);
	}

	/* A NUL inside the text is not the end of it. */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			gvtmem_config_parse("self 1\nnode 1 10.0.0.1\n\000x", 25, cfg,
					    err, GVTMEM_CONFIG_ERR_LEN));
	KUNIT_EXPECT_EQ(test, 0, strcmp(err, "a NUL byte in the text"));
}

static struct kunit_case gvtmem_config_test_cases[] = {
	KUNIT_CASE(gvtmem_config_test_good),
	KUNIT_CASE(gvtmem_config_test_bad),
	{}
};

static struct kunit_suite gvtmem_config_test_suite = {
	.name = "gvtmem_config",
	.test_cases = gvtmem_config_test_cases,
};
kunit_test_suites(&gvtmem_config_test_suite);

MODULE_LICENSE("GPL");
