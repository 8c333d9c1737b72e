/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsers for every writable sysfs file and module parameter: the
 * whole text must be one value of its kind, with at most one trailing
 * newline, or the write is refused with -EINVAL, a rate-limited log line
 * names the file, and the caller changes nothing.
 *
 * Grammar (Documentation/ABI/testing/sysfs-kernel-gvtmem quotes it):
 *   boolean   1 or 0
 *   unsigned  decimal digits only (no sign, space or base prefix), within
 *             the file's range
 *   word      exactly one of the file's words
 *   hex       an even number of hex digits, within the file's length range
 */
#ifndef GVTMEM_PARSE_H
#define GVTMEM_PARSE_H

#include <linux/moduleparam.h>
#include <linux/types.h>

/* Longest boolean, number or word taken (a 64-bit number has 20 digits). */
#define GVTMEM_PARSE_MAX_LEN	31

int gvtmem_parse_digits(const char *s, size_t len, u64 *v);
int gvtmem_parse_bool(const char *file, const char *buf, size_t count,
		      bool *v);
int gvtmem_parse_ulong(const char *file, const char *buf, size_t count,
		       unsigned long min, unsigned long max, const char *hint,
		       unsigned long *v);
int gvtmem_parse_uint(const char *file, const char *buf, size_t count,
		      unsigned int min, unsigned int max, const char *hint,
		      unsigned int *v);
int gvtmem_parse_word(const char *file, const char *buf, size_t count,
		      const char * const *words, unsigned int n,
		      const char *hint);
int gvtmem_parse_hex(const char *file, const char *buf, size_t count,
		     u8 *out, size_t min_bytes, size_t max_bytes,
		     const char *hint);

/* module_param_cb ops: a strict boolean; MiB up to the node's RAM. */
extern const struct kernel_param_ops gvtmem_param_ops_bool;
extern const struct kernel_param_ops gvtmem_param_ops_mb;

#endif /* GVTMEM_PARSE_H */
