// SPDX-License-Identifier: GPL-2.0
/*
 * Node-wide statistics (stats/) and the backend switch (backend/enabled).
 *
 * backend/enabled: 1 accepts new puts. Writing 0 stops accepting, drops
 * every clean page and brings every swap page back into memory (frontswap
 * cannot unregister, so this is how an operator empties gvtmem).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "../kernel/gvtmem.h"
#include "../kernel/parse.h"
#include "../rdma-transport/transport.h"
#include "backend.h"

struct gvtmem_counters gvtmem_counters;

static ssize_t gvtmem_stat_show(char *buf, const unsigned long *v)
{
	unsigned long x;

	spin_lock_irq(&gvtmem_store_lock);
	x = *v;
	spin_unlock_irq(&gvtmem_store_lock);
	return sysfs_emit(buf, "%lu\n", x);
}

#define GVTMEM_STAT_ATTR(file, var)					\
static ssize_t stat_##file##_show(struct kobject *k,			\
				  struct kobj_attribute *a, char *buf)	\
{									\
	return gvtmem_stat_show(buf, &(var));				\
}									\
static struct kobj_attribute gvtmem_stat_##file##_attr =		\
	__ATTR(file, 0444, stat_##file##_show, NULL)

GVTMEM_STAT_ATTR(puts_succeeded, gvtmem_counters.node.puts_ok);
GVTMEM_STAT_ATTR(puts_failed, gvtmem_counters.node.puts_failed);
GVTMEM_STAT_ATTR(gets_succeeded, gvtmem_counters.node.gets_ok);
GVTMEM_STAT_ATTR(gets_failed, gvtmem_counters.node.gets_failed);
GVTMEM_STAT_ATTR(flushes_succeeded, gvtmem_counters.node.flushes_ok);
GVTMEM_STAT_ATTR(flushes_failed, gvtmem_counters.node.flushes_failed);
GVTMEM_STAT_ATTR(evictions, gvtmem_counters.evictions);
GVTMEM_STAT_ATTR(replica_pages, gvtmem_counters.replica_pages);
GVTMEM_STAT_ATTR(rereplication_queue, gvtmem_counters.rerep_waiting);
GVTMEM_STAT_ATTR(rereplicated_pages, gvtmem_counters.rerep_done);
GVTMEM_STAT_ATTR(rereplication_last_ms, gvtmem_counters.rerep_last_ms);
GVTMEM_STAT_ATTR(lost_pages, gvtmem_counters.lost_pages);
GVTMEM_STAT_ATTR(prefetch_pages, gvtmem_counters.prefetch_pages);
GVTMEM_STAT_ATTR(prefetch_reads, gvtmem_counters.prefetch_reads);
GVTMEM_STAT_ATTR(prefetch_hits, gvtmem_counters.prefetch_hits);
GVTMEM_STAT_ATTR(async_writes_failed, gvtmem_counters.async_failed);
GVTMEM_STAT_ATTR(async_writes_reposted, gvtmem_counters.async_reposted);
GVTMEM_STAT_ATTR(async_copies_given_up, gvtmem_counters.async_given_up);
GVTMEM_STAT_ATTR(async_batch_requests, gvtmem_counters.batch_requests);
GVTMEM_STAT_ATTR(async_batch_pages, gvtmem_counters.batch_pages);
GVTMEM_STAT_ATTR(async_batch_skipped, gvtmem_counters.batch_skipped);
GVTMEM_STAT_ATTR(puts_local, gvtmem_counters.paths.puts_local);
GVTMEM_STAT_ATTR(puts_remote_async, gvtmem_counters.paths.puts_remote_async);
GVTMEM_STAT_ATTR(puts_remote_sync, gvtmem_counters.paths.puts_remote_sync);
GVTMEM_STAT_ATTR(async_writes_full, gvtmem_counters.paths.async_full);
GVTMEM_STAT_ATTR(async_writes_nomem, gvtmem_counters.paths.async_nomem);
GVTMEM_STAT_ATTR(puts_refused_off, gvtmem_counters.puts_refused_off);
GVTMEM_STAT_ATTR(puts_refused_share, gvtmem_counters.paths.refused_share);
GVTMEM_STAT_ATTR(puts_refused_mem_limit, gvtmem_counters.paths.refused_mem_limit);
GVTMEM_STAT_ATTR(puts_refused_full, gvtmem_counters.paths.refused_full);
GVTMEM_STAT_ATTR(puts_refused_nomem, gvtmem_counters.paths.refused_nomem);
GVTMEM_STAT_ATTR(puts_write_failed, gvtmem_counters.paths.write_failed);
GVTMEM_STAT_ATTR(puts_refused_writebehind, gvtmem_counters.paths.refused_writebehind);
GVTMEM_STAT_ATTR(disk_copies_written, gvtmem_counters.wb_written);
GVTMEM_STAT_ATTR(disk_copies_failed, gvtmem_counters.wb_failed);
GVTMEM_STAT_ATTR(gets_local, gvtmem_counters.paths.gets_local);
GVTMEM_STAT_ATTR(gets_remote, gvtmem_counters.paths.gets_remote);
GVTMEM_STAT_ATTR(gets_not_found, gvtmem_counters.paths.gets_not_found);
GVTMEM_STAT_ATTR(gets_read_failed, gvtmem_counters.paths.gets_read_failed);
GVTMEM_STAT_ATTR(prefetch_unused, gvtmem_counters.paths.prefetch_unused);
GVTMEM_STAT_ATTR(kept_pages, gvtmem_counters.kept_pages);
GVTMEM_STAT_ATTR(kept_evictions, gvtmem_counters.kept_evictions);
GVTMEM_STAT_ATTR(drain_dropped_pages, gvtmem_counters.drain_dropped);
GVTMEM_STAT_ATTR(drain_left_pages, gvtmem_counters.drain_left);

/* What this node tells the master in Statistics. */
void gvtmem_backend_report(struct gvtmem_node_report *r)
{
	struct gvtmem_zone *z;

	memset(r, 0, sizeof(*r));
	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(z, &gvtmem_zones, list) {
		r->tmem_pages += z->buddy.nr_pages;
		if (!z->local)
			r->borrowed_pages += z->buddy.nr_pages;
	}
	r->used_pages = gvtmem_store_pages(true) + gvtmem_store_pages(false);
	r->puts_ok = gvtmem_counters.node.puts_ok;
	/* Refused because the operator disabled us: not hunger. */
	r->puts_failed = gvtmem_counters.node.puts_failed - gvtmem_counters.puts_refused_off;
	r->gets_ok = gvtmem_counters.node.gets_ok;
	r->gets_failed = gvtmem_counters.node.gets_failed;
	spin_unlock_irq(&gvtmem_store_lock);
}

static ssize_t gvtmem_held_show(char *buf, bool persistent)
{
	unsigned long v;

	spin_lock_irq(&gvtmem_store_lock);
	v = gvtmem_store_pages(persistent);
	spin_unlock_irq(&gvtmem_store_lock);
	return sysfs_emit(buf, "%lu\n", v);
}

static ssize_t swap_pages_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return gvtmem_held_show(buf, true);
}

static ssize_t clean_pages_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	return gvtmem_held_show(buf, false);
}

static struct kobj_attribute gvtmem_stat_swap_pages_attr = __ATTR_RO(swap_pages);
static struct kobj_attribute gvtmem_stat_clean_pages_attr = __ATTR_RO(clean_pages);

static struct attribute *gvtmem_stats_attrs[] = {
	&gvtmem_stat_puts_succeeded_attr.attr,
	&gvtmem_stat_puts_failed_attr.attr,
	&gvtmem_stat_gets_succeeded_attr.attr,
	&gvtmem_stat_gets_failed_attr.attr,
	&gvtmem_stat_flushes_succeeded_attr.attr,
	&gvtmem_stat_flushes_failed_attr.attr,
	&gvtmem_stat_evictions_attr.attr,
	&gvtmem_stat_swap_pages_attr.attr,
	&gvtmem_stat_clean_pages_attr.attr,
	&gvtmem_stat_replica_pages_attr.attr,
	&gvtmem_stat_rereplication_queue_attr.attr,
	&gvtmem_stat_rereplicated_pages_attr.attr,
	&gvtmem_stat_rereplication_last_ms_attr.attr,
	&gvtmem_stat_lost_pages_attr.attr,
	&gvtmem_stat_prefetch_pages_attr.attr,
	&gvtmem_stat_prefetch_reads_attr.attr,
	&gvtmem_stat_prefetch_hits_attr.attr,
	&gvtmem_stat_async_writes_failed_attr.attr,
	&gvtmem_stat_async_writes_reposted_attr.attr,
	&gvtmem_stat_async_batch_requests_attr.attr,
	&gvtmem_stat_async_batch_pages_attr.attr,
	&gvtmem_stat_async_batch_skipped_attr.attr,
	&gvtmem_stat_async_copies_given_up_attr.attr,
	&gvtmem_stat_puts_local_attr.attr,
	&gvtmem_stat_puts_remote_async_attr.attr,
	&gvtmem_stat_puts_remote_sync_attr.attr,
	&gvtmem_stat_async_writes_full_attr.attr,
	&gvtmem_stat_async_writes_nomem_attr.attr,
	&gvtmem_stat_puts_refused_off_attr.attr,
	&gvtmem_stat_puts_refused_share_attr.attr,
	&gvtmem_stat_puts_refused_mem_limit_attr.attr,
	&gvtmem_stat_puts_refused_full_attr.attr,
	&gvtmem_stat_puts_refused_nomem_attr.attr,
	&gvtmem_stat_puts_write_failed_attr.attr,
	&gvtmem_stat_puts_refused_writebehind_attr.attr,
	&gvtmem_stat_disk_copies_written_attr.attr,
	&gvtmem_stat_disk_copies_failed_attr.attr,
	&gvtmem_stat_gets_local_attr.attr,
	&gvtmem_stat_gets_remote_attr.attr,
	&gvtmem_stat_gets_not_found_attr.attr,
	&gvtmem_stat_gets_read_failed_attr.attr,
	&gvtmem_stat_prefetch_unused_attr.attr,
	&gvtmem_stat_kept_pages_attr.attr,
	&gvtmem_stat_kept_evictions_attr.attr,
	&gvtmem_stat_drain_dropped_pages_attr.attr,
	&gvtmem_stat_drain_left_pages_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_stats_group = {
	.attrs = gvtmem_stats_attrs,
};

/* ---- backend/enabled ---- */


static ssize_t enabled_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(gvtmem_accepting));
}

static ssize_t enabled_store(struct kobject *k, struct kobj_attribute *a,
			     const char *buf, size_t count)
{
	bool on;

	if (gvtmem_parse_bool("backend/enabled", buf, count, &on))
		return -EINVAL;
	spin_lock_irq(&gvtmem_store_lock);
	gvtmem_accepting = on;
	spin_unlock_irq(&gvtmem_store_lock);
	if (on) {
		pr_info("backend enabled: accepting puts\n");
	} else {
		pr_info("backend disabled: refusing puts and draining\n");
		gvtmem_drain_start();
	}
	return count;
}

static struct kobj_attribute gvtmem_enabled_attr = __ATTR_RW(enabled);

/* ---- backend/durability (replica.c) ---- */

static ssize_t durability_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  gvtmem_durability_name(READ_ONCE(gvtmem_durability)));
}

static ssize_t durability_store(struct kobject *k, struct kobj_attribute *a,
				const char *buf, size_t count)
{
	enum gvtmem_durability d;
	int ret;

	ret = gvtmem_durability_parse(buf, count);
	if (ret < 0)
		return ret;
	d = ret;
	ret = gvtmem_durability_set(d);
	if (ret) {
		pr_warn("backend/durability: cannot change to %s while this node holds remote zones; change it before joining\n",
			gvtmem_durability_name(d));
		return ret;
	}
	pr_info("durability of remote swap pages: %s\n",
		gvtmem_durability_name(d));
	return count;
}

static struct kobj_attribute gvtmem_durability_attr = __ATTR_RW(durability);

/*
 * backend/<file>: a whole number in [min, max] kept in var; changes are
 * logged with fmt, which takes the new value.
 */
#define GVTMEM_BACKEND_UINT_ATTR(file, var, min, max, fmt)		\
static ssize_t file##_show(struct kobject *k, struct kobj_attribute *a,\
			   char *buf)					\
{									\
	return sysfs_emit(buf, "%u\n", READ_ONCE(var));			\
}									\
static ssize_t file##_store(struct kobject *k, struct kobj_attribute *a,\
			    const char *buf, size_t count)		\
{									\
	unsigned int n;							\
	int ret;							\
									\
	ret = gvtmem_parse_uint("backend/" #file, buf, count, min, max,	\
				"write " #min " to " __stringify(max), &n);\
	if (ret)							\
		return ret;						\
	WRITE_ONCE(var, n);						\
	pr_info(fmt, n);						\
	return count;							\
}									\
static struct kobj_attribute gvtmem_##file##_attr = __ATTR_RW(file)

/* prefetch.c */
GVTMEM_BACKEND_UINT_ATTR(prefetch_pages, gvtmem_prefetch_window, 1,
			 GVTMEM_PAGE_IO_MAX,
			 "swap-in prefetch: %u pages per remote load\n");
/* put-async.c */
GVTMEM_BACKEND_UINT_ATTR(async_writes, gvtmem_put_async_max, 0,
			 GVTMEM_PUT_ASYNC_LIMIT,
			 "asynchronous remote page writes: at most %u in flight\n");
GVTMEM_BACKEND_UINT_ATTR(async_writes_loading, gvtmem_put_async_max_loading, 1,
			 GVTMEM_PUT_ASYNC_LIMIT,
			 "asynchronous remote page writes: at most %u in flight while loading\n");
GVTMEM_BACKEND_UINT_ATTR(async_replicas, gvtmem_put_async_replicas, 0, 1,
			 "replicas mode: asynchronous writes of both copies %u (1 on)\n");
GVTMEM_BACKEND_UINT_ATTR(async_write_batch, gvtmem_put_async_batch, 1,
			 GVTMEM_PAGE_IO_MAX,
			 "asynchronous remote page writes: posted in batches of up to %u\n");

/* The module parameter shared_gets (store.c), fixed at load. */
static ssize_t shared_gets_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	return sysfs_emit(buf, "%d\n", gvtmem_shared_gets);
}

static struct kobj_attribute gvtmem_shared_gets_attr = __ATTR_RO(shared_gets);

static struct attribute *gvtmem_backend_attrs[] = {
	&gvtmem_enabled_attr.attr,
	&gvtmem_shared_gets_attr.attr,
	&gvtmem_durability_attr.attr,
	&gvtmem_prefetch_pages_attr.attr,
	&gvtmem_async_writes_attr.attr,
	&gvtmem_async_writes_loading_attr.attr,
	&gvtmem_async_replicas_attr.attr,
	&gvtmem_async_write_batch_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_backend_group = {
	.attrs = gvtmem_backend_attrs,
};

static struct kobject *gvtmem_stats_kobj, *gvtmem_backend_kobj;

int gvtmem_stats_init(struct kobject *parent)
{
	int ret;

	gvtmem_stats_kobj = kobject_create_and_add("stats", parent);
	if (!gvtmem_stats_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(gvtmem_stats_kobj, &gvtmem_stats_group);
	if (ret)
		goto err_stats_kobj;
	gvtmem_backend_kobj = kobject_create_and_add("backend", parent);
	if (!gvtmem_backend_kobj) {
		ret = -ENOMEM;
		goto err_stats_group;
	}
	ret = sysfs_create_group(gvtmem_backend_kobj, &gvtmem_backend_group);
	if (ret)
		goto err_backend_kobj;
	return 0;

err_backend_kobj:
	kobject_put(gvtmem_backend_kobj);
err_stats_group:
	sysfs_remove_group(gvtmem_stats_kobj, &gvtmem_stats_group);
err_stats_kobj:
	kobject_put(gvtmem_stats_kobj);
	return ret;
}

/* /sys/kernel/gvtmem/backend, for the files of other parts of the backend. */
struct kobject *gvtmem_backend_kobject(void)
{
	return gvtmem_backend_kobj;
}

void gvtmem_stats_exit(void)
{
	gvtmem_drain_exit();
	sysfs_remove_group(gvtmem_backend_kobj, &gvtmem_backend_group);
	kobject_put(gvtmem_backend_kobj);
	sysfs_remove_group(gvtmem_stats_kobj, &gvtmem_stats_group);
	kobject_put(gvtmem_stats_kobj);
}
