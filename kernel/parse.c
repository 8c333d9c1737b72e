// SPDX-License-Identifier: GPL-2.0
/*
 * Strict parsers (see parse.h). The kernel's own helpers are not enough
 * alone: kstrtobool reads "1e9" or "yes-please" by their first letter,
 * and kstrto* and sysfs_streq stop at an embedded NUL and take a sign.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "parse.h"

/* The value's length without its one trailing newline; 0 if malformed. */
static size_t gvtmem_parse_len(const char *buf, size_t count, size_t max)
{
	if (count && buf[count - 1] == '\n')
		count--;
	if (!count || count > max || memchr(buf, '\0', count))
		return 0;
	return count;
}

static void gvtmem_parse_refused(const char *file, const char *buf,
				 size_t count, const char *hint)
{
	pr_warn_ratelimited("%s: '%*pE' refused: %s\n", file,
			    (int)min_t(size_t, count, 32), buf, hint);
}

/* len decimal digits and nothing else, fitting in a u64. */
int gvtmem_parse_digits(const char *s, size_t len, u64 *v)
{
	u64 n = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		unsigned int d = s[i] - '0';

		if (!isdigit(s[i]) || n > div_u64(U64_MAX - d, 10))
			return -EINVAL;
		n = n * 10 + d;
	}
	*v = n;
	return 0;
}

static int gvtmem_parse_match(const char *s, size_t len,
			      const char * const *words, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (words[i] && strlen(words[i]) == len &&
		    !strncmp(s, words[i], len))
			return i;
	return -EINVAL;
}

int gvtmem_parse_bool(const char *file, const char *buf, size_t count,
		      bool *v)
{
	size_t len = gvtmem_parse_len(buf, count, GVTMEM_PARSE_MAX_LEN);

	if (len != 1 || (buf[0] != '0' && buf[0] != '1')) {
		gvtmem_parse_refused(file, buf, count, "write 1 or 0");
		return -EINVAL;
	}
	*v = buf[0] == '1';
	return 0;
}

int gvtmem_parse_ulong(const char *file, const char *buf, size_t count,
		       unsigned long min, unsigned long max, const char *hint,
		       unsigned long *v)
{
	size_t len = gvtmem_parse_len(buf, count, GVTMEM_PARSE_MAX_LEN);
	u64 n;

	if (!len || gvtmem_parse_digits(buf, len, &n) || n < min || n > max) {
		gvtmem_parse_refused(file, buf, count, hint);
		return -EINVAL;
	}
	*v = n;
	return 0;
}

int gvtmem_parse_uint(const char *file, const char *buf, size_t count,
		      unsigned int min, unsigned int max, const char *hint,
		      unsigned int *v)
{
	unsigned long n;
	int ret;

	ret = gvtmem_parse_ulong(file, buf, count, min, max, hint, &n);
	if (!ret)
		*v = n;
	return ret;
}

/* The index of the word buf is, or -EINVAL. */
int gvtmem_parse_word(const char *file, const char *buf, size_t count,
		      const char * const *words, unsigned int n,
		      const char *hint)
{
	size_t len = gvtmem_parse_len(buf, count, GVTMEM_PARSE_MAX_LEN);
	int i = len ? gvtmem_parse_match(buf, len, words, n) : -EINVAL;

	if (i < 0)
		gvtmem_parse_refused(file, buf, count, hint);
	return i;
}

/* Bytes written to out (min_bytes to max_bytes), or -EINVAL. */
int gvtmem_parse_hex(const char *file, const char *buf, size_t count,
		     u8 *out, size_t min_bytes, size_t max_bytes,
		     const char *hint)
{
	size_t len = gvtmem_parse_len(buf, count, 2 * max_bytes);

	if (!len || len % 2 || len < 2 * min_bytes ||
	    hex2bin(out, buf, len / 2)) {
		/* never echo what may be most of a key */
		pr_warn_ratelimited("%s refused: %s\n", file, hint);
		return -EINVAL;
	}
	return len / 2;
}

/* ---- module parameters ---- */

/*
 * A bool parameter, 1 or 0 as the sysfs files take it, and shown so; given
 * without a value ("keep_loans"), it is 1.
 */
static int gvtmem_param_set_bool(const char *val, const struct kernel_param *kp)
{
	bool v = true;

	if (val && gvtmem_parse_bool(kp->name, val, strlen(val), &v))
		return -EINVAL;
	*(bool *)kp->arg = v;
	return 0;
}

static int gvtmem_param_get_bool(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%d\n", *(bool *)kp->arg);
}

const struct kernel_param_ops gvtmem_param_ops_bool = {
	.set = gvtmem_param_set_bool,
	.get = gvtmem_param_get_bool,
};

/* A size in MiB, at most the node's RAM. */
static int gvtmem_param_set_mb(const char *val, const struct kernel_param *kp)
{
	unsigned int mb;

	if (!val || gvtmem_parse_uint(kp->name, val, strlen(val), 0,
				      totalram_pages() >> (20 - PAGE_SHIFT),
				      "give MiB, at most the node's RAM", &mb))
		return -EINVAL;
	*(unsigned int *)kp->arg = mb;
	return 0;
}

const struct kernel_param_ops gvtmem_param_ops_mb = {
	.set = gvtmem_param_set_mb,
	.get = param_get_uint,
};
