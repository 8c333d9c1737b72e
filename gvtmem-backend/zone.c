// SPDX-License-Identifier: GPL-2.0
/*
 * Zones: the memory this node may put pages in, one zone per owner node,
 * closest first. The local zone is spare RAM taken from the page allocator
 * in blocks; its size is a tunable (module parameter local_zone_mb and
 * zones/local/target_mb) that can change at run time.
 *
 * Shrinking the local zone empties whole blocks: clean pages in them are
 * dropped first; swap pages are moved to free pages elsewhere, and if
 * there is no room for them the shrink stops (-ENOSPC) rather than lose
 * one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/kobject.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../kernel/block-size.h"
#include "../kernel/compat.h"
#include "../kernel/parse.h"
#include "backend.h"

/* 2 MiB blocks: large enough to keep block lists short, easy to allocate. */
#define GVTMEM_LOCAL_BLOCK_ORDER min(GVTMEM_BLOCK_ORDER, GVTMEM_MAX_PAGE_ORDER)

/* The list and each zone's allocator: under gvtmem_store_lock. */
LIST_HEAD(gvtmem_zones);
struct gvtmem_zone gvtmem_local_zone = {
	.name = "local",
	.local = true,
};

/* Serialises resizes of the local zone (they sleep to allocate). */
static DEFINE_MUTEX(gvtmem_zone_resize_mutex);

struct kobject *gvtmem_zones_kobj;

static struct page *gvtmem_zone_page(const struct gvtmem_buddy_page *loc)
{
	struct gvtmem_zone_block *zb = loc->block->priv;

	return zb->pages + loc->offset;
}

/*
 * Give e a free page in the closest zone that has one, other than avoid
 * (remote zones only if remote_ok: the caller can sleep for RDMA). e is
 * untouched on failure.
 */
int gvtmem_zone_alloc_page_avoiding(struct gvtmem_entry *e, bool remote_ok,
				    const struct gvtmem_zone *avoid)
{
	struct gvtmem_buddy_page loc;
	struct gvtmem_zone *z;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(z, &gvtmem_zones, list) {
		if ((!z->local && !remote_ok) || z == avoid || z->offline ||
		    z->suspect)
			continue;
		if (gvtmem_buddy_alloc(&z->buddy, 0, &loc))
			continue;
		e->zone = z;
		e->loc = loc;
		((struct gvtmem_zone_block *)loc.block->priv)->rmap[loc.offset] = e;
		return 0;
	}
	return -ENOSPC;
}

int gvtmem_zone_alloc_page(struct gvtmem_entry *e, bool remote_ok)
{
	return gvtmem_zone_alloc_page_avoiding(e, remote_ok, NULL);
}

void gvtmem_zone_free_page(struct gvtmem_entry *e)
{
	struct gvtmem_zone_block *zb = e->loc.block->priv;

	lockdep_assert_held(&gvtmem_store_lock);
	zb->rmap[e->loc.offset] = NULL;
	WARN_ON_ONCE(gvtmem_buddy_free(&e->zone->buddy, &e->loc, 0));
}

/* to gives up its page and takes from's (same contents); from has none. */
void gvtmem_zone_take_over(struct gvtmem_entry *to, struct gvtmem_entry *from)
{
	struct gvtmem_zone_block *zb = from->loc.block->priv;

	gvtmem_zone_free_page(to);
	to->zone = from->zone;
	to->loc = from->loc;
	zb->rmap[to->loc.offset] = to;
	from->zone = NULL;
}

void gvtmem_zone_write(struct gvtmem_entry *e, struct page *src)
{
	copy_highpage(gvtmem_zone_page(&e->loc), src);
}

void gvtmem_zone_read(struct gvtmem_entry *e, struct page *dst)
{
	copy_highpage(dst, gvtmem_zone_page(&e->loc));
}

unsigned long gvtmem_zones_capacity(void)
{
	struct gvtmem_zone *z;
	unsigned long pages = 0;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(z, &gvtmem_zones, list)
		pages += z->buddy.nr_pages;
	return pages;
}

unsigned long gvtmem_zones_free(void)
{
	struct gvtmem_zone *z;
	unsigned long pages = 0;

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(z, &gvtmem_zones, list)
		pages += z->buddy.nr_free;
	return pages;
}

/* Move or drop every page of block b so that it can be returned. */
static int gvtmem_zone_empty_block(struct gvtmem_buddy_block *b)
{
	struct gvtmem_zone_block *zb = b->priv;
	unsigned long off;

	for (off = 0; off < 1UL << b->order; off++) {
		struct gvtmem_entry *e = zb->rmap[off];
		struct gvtmem_buddy_page old;
		struct gvtmem_zone *old_zone;

		if (!e)
			continue;
		if (gvtmem_entry_is_clean(e)) {	/* dropping is allowed */
			gvtmem_store_evict_entry(e);
			continue;
		}
		old = e->loc;
		old_zone = e->zone;
		/* Local moves only: the lock is held, RDMA cannot happen here. */
		while (gvtmem_zone_alloc_page(e, false))
			if (!gvtmem_store_evict_clean(NULL))
				return -ENOSPC;
		copy_highpage(gvtmem_zone_page(&e->loc), gvtmem_zone_page(&old));
		zb->rmap[off] = NULL;
		WARN_ON_ONCE(gvtmem_buddy_free(&old_zone->buddy, &old, 0));
	}
	return 0;
}

/* Return one block of the local zone to the page allocator. */
static int gvtmem_local_zone_shrink_one(void)
{
	struct gvtmem_zone *z = &gvtmem_local_zone;
	struct gvtmem_buddy_block *b, *victim = NULL;
	struct gvtmem_zone_block *zb;
	unsigned int order;
	int ret;

	spin_lock_irq(&gvtmem_store_lock);
	/* The emptiest block costs the fewest moves. */
	list_for_each_entry(b, &z->buddy.blocks, node)
		if (!victim || b->nr_free > victim->nr_free)
			victim = b;
	if (!victim) {
		spin_unlock_irq(&gvtmem_store_lock);
		return -ENOENT;
	}
	victim->frozen = true;
	ret = gvtmem_zone_empty_block(victim);
	if (ret) {
		victim->frozen = false;
		spin_unlock_irq(&gvtmem_store_lock);
		return ret;
	}
	zb = victim->priv;
	order = victim->order;
	WARN_ON_ONCE(gvtmem_buddy_zone_shrink(&z->buddy, victim->base));
	spin_unlock_irq(&gvtmem_store_lock);

	__free_pages(zb->pages, order);
	gvtmem_zone_block_free(zb);
	return 0;
}

/* Per-block data for a block of 1 << order pages, reverse map included. */
struct gvtmem_zone_block *gvtmem_zone_block_alloc(unsigned int order)
{
	struct gvtmem_zone_block *zb = kzalloc(sizeof(*zb), GFP_KERNEL);

	if (!zb)
		return NULL;
	zb->rmap = kvcalloc(1UL << order, sizeof(*zb->rmap), GFP_KERNEL);
	if (!zb->rmap) {
		kfree(zb);
		return NULL;
	}
	return zb;
}

void gvtmem_zone_block_free(struct gvtmem_zone_block *zb)
{
	kvfree(zb->rmap);
	kfree(zb);
}

static int gvtmem_local_zone_grow_one(unsigned int order)
{
	struct gvtmem_buddy_block *b;
	struct gvtmem_zone_block *zb;
	int ret = -ENOMEM;

	zb = gvtmem_zone_block_alloc(order);
	if (!zb)
		return -ENOMEM;
	/* Spare RAM only: give up rather than push the system into reclaim. */
	zb->pages = alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, order);
	if (!zb->pages)
		goto err_zb;

	spin_lock_irq(&gvtmem_store_lock);
	b = gvtmem_buddy_zone_grow(&gvtmem_local_zone.buddy,
				   page_to_pfn(zb->pages), order, zb, GFP_ATOMIC);
	spin_unlock_irq(&gvtmem_store_lock);
	if (IS_ERR(b)) {
		ret = PTR_ERR(b);
		goto err_pages;
	}
	return 0;

err_pages:
	__free_pages(zb->pages, order);
err_zb:
	gvtmem_zone_block_free(zb);
	return ret;
}

/*
 * Make the local zone target pages large. Growing stops at the first
 * allocation failure (-ENOMEM); shrinking stops when swap pages have
 * nowhere to go (-ENOSPC). Either way the zone is left consistent and
 * zones/local/pages tells the size reached.
 */
int gvtmem_local_zone_resize(unsigned long target)
{
	struct gvtmem_zone *z = &gvtmem_local_zone;
	unsigned long have;
	int ret = 0;

	mutex_lock(&gvtmem_zone_resize_mutex);
	z->target_pages = target;
	for (;;) {
		spin_lock_irq(&gvtmem_store_lock);
		have = z->buddy.nr_pages;
		spin_unlock_irq(&gvtmem_store_lock);
		if (have > target) {
			ret = gvtmem_local_zone_shrink_one();
		} else if (have < target) {
			unsigned int order = min_t(unsigned int, ilog2(target - have),
						   GVTMEM_LOCAL_BLOCK_ORDER);
			ret = gvtmem_local_zone_grow_one(order);
		} else {
			break;
		}
		if (ret)
			break;
	}
	mutex_unlock(&gvtmem_zone_resize_mutex);
	if (ret)
		pr_warn("local zone: resize to %lu pages stopped at %lu: %s\n",
			target, have, ret == -ENOSPC ?
			"swap pages have nowhere else to go" :
			"no more spare memory");
	gvtmem_tier1_rebalance();
	return ret;
}

/* ---- sysfs: zones/<name>/ ---- */

/* The zone whose sysfs directory kobj is; store lock held. */
struct gvtmem_zone *gvtmem_zone_of_kobj(struct kobject *kobj)
{
	struct gvtmem_zone *z;

	list_for_each_entry(z, &gvtmem_zones, list)
		if (z->kobj == kobj)
			return z;
	return NULL;
}

static ssize_t gvtmem_zone_show_count(struct kobject *k, char *buf,
				      unsigned long (*get)(struct gvtmem_zone *))
{
	struct gvtmem_zone *z;
	unsigned long v = 0;

	spin_lock_irq(&gvtmem_store_lock);
	z = gvtmem_zone_of_kobj(k);
	if (z)
		v = get(z);
	spin_unlock_irq(&gvtmem_store_lock);
	return z ? sysfs_emit(buf, "%lu\n", v) : -ENODEV;
}

static unsigned long gvtmem_zone_pages(struct gvtmem_zone *z)
{
	return z->buddy.nr_pages;
}

static unsigned long gvtmem_zone_free(struct gvtmem_zone *z)
{
	return z->buddy.nr_free;
}

static unsigned long gvtmem_zone_used(struct gvtmem_zone *z)
{
	return z->buddy.nr_pages - z->buddy.nr_free;
}

static unsigned long gvtmem_zone_blocks(struct gvtmem_zone *z)
{
	return z->buddy.nr_blocks;
}

static unsigned long gvtmem_zone_offline(struct gvtmem_zone *z)
{
	return z->offline;
}

static unsigned long gvtmem_zone_suspect(struct gvtmem_zone *z)
{
	return z->suspect;
}

static ssize_t pages_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return gvtmem_zone_show_count(k, buf, gvtmem_zone_pages);
}

static ssize_t free_pages_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return gvtmem_zone_show_count(k, buf, gvtmem_zone_free);
}

static ssize_t used_pages_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return gvtmem_zone_show_count(k, buf, gvtmem_zone_used);
}

static ssize_t blocks_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return gvtmem_zone_show_count(k, buf, gvtmem_zone_blocks);
}

static ssize_t offline_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return gvtmem_zone_show_count(k, buf, gvtmem_zone_offline);
}

static ssize_t suspect_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return gvtmem_zone_show_count(k, buf, gvtmem_zone_suspect);
}

static ssize_t target_mb_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  gvtmem_local_zone.target_pages >> (20 - PAGE_SHIFT));
}

static ssize_t target_mb_store(struct kobject *k, struct kobj_attribute *a,
			       const char *buf, size_t count)
{
	unsigned long mb;
	int ret;

	if (gvtmem_parse_ulong("zones/local/target_mb", buf, count, 0,
			       totalram_pages() >> (20 - PAGE_SHIFT),
			       "write MiB, at most the node's RAM", &mb))
		return -EINVAL;
	ret = gvtmem_local_zone_resize(mb << (20 - PAGE_SHIFT));
	return ret ? ret : count;
}

static struct kobj_attribute gvtmem_zone_pages_attr = __ATTR_RO(pages);
static struct kobj_attribute gvtmem_zone_free_attr = __ATTR_RO(free_pages);
static struct kobj_attribute gvtmem_zone_used_attr = __ATTR_RO(used_pages);
static struct kobj_attribute gvtmem_zone_blocks_attr = __ATTR_RO(blocks);
static struct kobj_attribute gvtmem_zone_offline_attr = __ATTR_RO(offline);
static struct kobj_attribute gvtmem_zone_suspect_attr = __ATTR_RO(suspect);
static struct kobj_attribute gvtmem_zone_target_attr = __ATTR_RW(target_mb);

/* Every zone's files; the local zone also has target_mb. */
static struct attribute *gvtmem_zone_attrs[] = {
	&gvtmem_zone_pages_attr.attr,
	&gvtmem_zone_free_attr.attr,
	&gvtmem_zone_used_attr.attr,
	&gvtmem_zone_blocks_attr.attr,
	&gvtmem_zone_offline_attr.attr,
	&gvtmem_zone_suspect_attr.attr,
	NULL,
};

const struct attribute_group gvtmem_zone_group = {
	.attrs = gvtmem_zone_attrs,
};

int gvtmem_zones_init(struct kobject *parent, unsigned long local_pages)
{
	struct gvtmem_zone *z = &gvtmem_local_zone;
	int ret;

	gvtmem_buddy_zone_init(&z->buddy);
	list_add(&z->list, &gvtmem_zones);

	gvtmem_zones_kobj = kobject_create_and_add("zones", parent);
	if (!gvtmem_zones_kobj)
		return -ENOMEM;
	z->kobj = kobject_create_and_add(z->name, gvtmem_zones_kobj);
	if (!z->kobj) {
		ret = -ENOMEM;
		goto err_zones_kobj;
	}
	ret = sysfs_create_group(z->kobj, &gvtmem_zone_group);
	if (ret)
		goto err_zone_kobj;
	ret = sysfs_create_file(z->kobj, &gvtmem_zone_target_attr.attr);
	if (ret)
		goto err_zone_group;

	/* A zone smaller than asked is not fatal: it says so and serves. */
	gvtmem_local_zone_resize(local_pages);
	pr_info("local zone: %lu MiB\n", z->buddy.nr_pages >> (20 - PAGE_SHIFT));
	return 0;

err_zone_group:
	sysfs_remove_group(z->kobj, &gvtmem_zone_group);
err_zone_kobj:
	kobject_put(z->kobj);
err_zones_kobj:
	kobject_put(gvtmem_zones_kobj);
	return ret;
}

/* Only reached when no hook was registered, so no page can be in use. */
void gvtmem_zones_exit(void)
{
	struct gvtmem_zone *z = &gvtmem_local_zone;

	gvtmem_remote_zones_exit();
	gvtmem_local_zone_resize(0);
	sysfs_remove_file(z->kobj, &gvtmem_zone_target_attr.attr);
	sysfs_remove_group(z->kobj, &gvtmem_zone_group);
	kobject_put(z->kobj);
	kobject_put(gvtmem_zones_kobj);
	list_del(&z->list);
}
