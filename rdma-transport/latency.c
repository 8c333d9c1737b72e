// SPDX-License-Identifier: GPL-2.0
/*
 * How long one-sided page requests take, from post to completion, by
 * operation: transport/latency/<op>/ holds le_<N>us (requests that took
 * at most N microseconds, N a power of two from 1 to 2^21: each bucket
 * counts every request at or below its bound, as Prometheus histograms
 * do), count, sum_us and pages (a read may carry several adjacent pages
 * of a prefetch). Completions run on a workqueue (IB_POLL_WORKQUEUE), as
 * does the wake-up of a load waiting for one, so the figure is what the
 * waiter sees, less its own scheduling. Failed requests are not counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/sysfs.h>

#include "conn-pri.h"

/* Buckets of 1, 2, 4 ... 2^21 us (the page I/O bound is 2 s), then over. */
#define GVTMEM_LAT_BUCKETS 22

/* Counters only: each is updated and read on its own, without a lock. */
struct gvtmem_latency {
	atomic_long_t bucket[GVTMEM_LAT_BUCKETS + 1];	/* not cumulative */
	atomic64_t sum_ns;
	atomic_long_t pages;
	struct kobject *kobj;
};

static struct gvtmem_latency gvtmem_latency[GVTMEM_LAT_NR_OPS];
static const char * const gvtmem_latency_op_names[GVTMEM_LAT_NR_OPS] = {
	[GVTMEM_LAT_READ] = "read",
	[GVTMEM_LAT_WRITE] = "write",
	[GVTMEM_LAT_WRITE_ASYNC] = "write_async",
};
static struct kobject *gvtmem_latency_kobj;

/* A request of op, for that many pages, took ns from post to completion. */
void gvtmem_latency_record(enum gvtmem_latency_op op, unsigned int pages,
			   u64 ns)
{
	struct gvtmem_latency *l;
	u64 us = DIV_ROUND_UP_ULL(ns, NSEC_PER_USEC);
	unsigned int b;

	if (op <= GVTMEM_LAT_NONE || op >= GVTMEM_LAT_NR_OPS)
		return;
	l = &gvtmem_latency[op];
	/* Bucket b holds (2^(b-1), 2^b] us; bucket 0 up to 1 us. */
	b = us <= 1 ? 0 : min_t(unsigned int, fls64(us - 1),
				 GVTMEM_LAT_BUCKETS);
	atomic_long_inc(&l->bucket[b]);
	atomic64_add(ns, &l->sum_ns);
	atomic_long_add(pages, &l->pages);
}

static struct gvtmem_latency *gvtmem_latency_of(struct kobject *k)
{
	int op;

	for (op = GVTMEM_LAT_NONE + 1; op < GVTMEM_LAT_NR_OPS; op++)
		if (gvtmem_latency[op].kobj == k)
			return &gvtmem_latency[op];
	return NULL;
}

/* Requests at or below bucket last (cumulative), or all with last = max. */
static unsigned long gvtmem_latency_upto(struct gvtmem_latency *l,
					 unsigned int last)
{
	unsigned long n = 0;
	unsigned int b;

	for (b = 0; b <= last; b++)
		n += atomic_long_read(&l->bucket[b]);
	return n;
}

static char gvtmem_latency_le_names[GVTMEM_LAT_BUCKETS][16];
static struct kobj_attribute gvtmem_latency_le_attrs[GVTMEM_LAT_BUCKETS];

static ssize_t gvtmem_latency_le_show(struct kobject *k,
				      struct kobj_attribute *a, char *buf)
{
	struct gvtmem_latency *l = gvtmem_latency_of(k);

	if (!l)
		return -EINVAL;
	return sysfs_emit(buf, "%lu\n",
			  gvtmem_latency_upto(l, a - gvtmem_latency_le_attrs));
}

static ssize_t count_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	struct gvtmem_latency *l = gvtmem_latency_of(k);

	if (!l)
		return -EINVAL;
	return sysfs_emit(buf, "%lu\n",
			  gvtmem_latency_upto(l, GVTMEM_LAT_BUCKETS));
}

static ssize_t sum_us_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	struct gvtmem_latency *l = gvtmem_latency_of(k);

	if (!l)
		return -EINVAL;
	return sysfs_emit(buf, "%llu\n",
			  div_u64(atomic64_read(&l->sum_ns), NSEC_PER_USEC));
}

static ssize_t pages_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	struct gvtmem_latency *l = gvtmem_latency_of(k);

	if (!l)
		return -EINVAL;
	return sysfs_emit(buf, "%lu\n", atomic_long_read(&l->pages));
}

static struct kobj_attribute gvtmem_latency_count_attr = __ATTR_RO(count);
static struct kobj_attribute gvtmem_latency_sum_attr = __ATTR_RO(sum_us);
static struct kobj_attribute gvtmem_latency_pages_attr = __ATTR_RO(pages);

/* The le files, then count, sum_us and pages, then the terminating NULL. */
static struct attribute *gvtmem_latency_ptrs[GVTMEM_LAT_BUCKETS + 4];
static const struct attribute_group gvtmem_latency_group = {
	.attrs = gvtmem_latency_ptrs,
};

static void gvtmem_latency_attrs_init(void)
{
	unsigned int b;

	for (b = 0; b < GVTMEM_LAT_BUCKETS; b++) {
		struct kobj_attribute *a = &gvtmem_latency_le_attrs[b];

		snprintf(gvtmem_latency_le_names[b],
			 sizeof(gvtmem_latency_le_names[b]), "le_%luus",
			 1UL << b);
		sysfs_attr_init(&a->attr);
		a->attr.name = gvtmem_latency_le_names[b];
		a->attr.mode = 0444;
		a->show = gvtmem_latency_le_show;
		gvtmem_latency_ptrs[b] = &a->attr;
	}
	gvtmem_latency_ptrs[b++] = &gvtmem_latency_count_attr.attr;
	gvtmem_latency_ptrs[b++] = &gvtmem_latency_sum_attr.attr;
	gvtmem_latency_ptrs[b] = &gvtmem_latency_pages_attr.attr;
}

static void gvtmem_latency_op_del(struct gvtmem_latency *l)
{
	if (!l->kobj)
		return;
	sysfs_remove_group(l->kobj, &gvtmem_latency_group);
	kobject_put(l->kobj);
	l->kobj = NULL;
}

/* transport/latency/<op>/ under parent (the transport's directory). */
int gvtmem_latency_sysfs_init(struct kobject *parent)
{
	struct gvtmem_latency *l;
	int op, ret = -ENOMEM;

	gvtmem_latency_attrs_init();
	gvtmem_latency_kobj = kobject_create_and_add("latency", parent);
	if (!gvtmem_latency_kobj)
		return -ENOMEM;
	for (op = GVTMEM_LAT_NONE + 1; op < GVTMEM_LAT_NR_OPS; op++) {
		l = &gvtmem_latency[op];
		l->kobj = kobject_create_and_add(gvtmem_latency_op_names[op],
						 gvtmem_latency_kobj);
		if (!l->kobj) {
			ret = -ENOMEM;
			goto err_ops;
		}
		ret = sysfs_create_group(l->kobj, &gvtmem_latency_group);
		if (ret) {
			kobject_put(l->kobj);
			l->kobj = NULL;
			goto err_ops;
		}
	}
	return 0;

err_ops:
	while (--op > GVTMEM_LAT_NONE)
		gvtmem_latency_op_del(&gvtmem_latency[op]);
	kobject_put(gvtmem_latency_kobj);
	gvtmem_latency_kobj = NULL;
	return ret;
}

void gvtmem_latency_sysfs_exit(void)
{
	int op;

	for (op = GVTMEM_LAT_NONE + 1; op < GVTMEM_LAT_NR_OPS; op++)
		gvtmem_latency_op_del(&gvtmem_latency[op]);
	kobject_put(gvtmem_latency_kobj);
	gvtmem_latency_kobj = NULL;
}
