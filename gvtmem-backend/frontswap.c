// SPDX-License-Identifier: GPL-2.0
/*
 * Frontswap backend: swapped-out pages. One persistent pool per swap type;
 * the swap offset is the page index. Gets are exclusive (the kernel marks
 * the page dirty and forgets our copy), so a page lives either in memory
 * or in tmem; with the module parameter shared_gets they are not: the
 * kernel's copy stays clean and ours stays (store.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../kernel/compat.h"
#include "backend.h"

#if GVTMEM_FRONTSWAP
#include <linux/frontswap.h>
#include <linux/swap.h>

/* Published under gvtmem_store_lock; read by the hooks under it too. */
static struct gvtmem_pool *gvtmem_swap_pools[MAX_SWAPFILES];
static const struct gvtmem_objkey gvtmem_swap_key;	/* one object per type */

static struct gvtmem_pool *gvtmem_swap_pool(unsigned int type)
{
	struct gvtmem_pool *pool;
	unsigned long flags;

	if (type >= MAX_SWAPFILES)
		return NULL;
	spin_lock_irqsave(&gvtmem_store_lock, flags);
	pool = gvtmem_swap_pools[type];
	spin_unlock_irqrestore(&gvtmem_store_lock, flags);
	return pool;
}

/* swapon: a new swap type. Runs in process context. */
static void gvtmem_frontswap_init(unsigned int type)
{
	struct gvtmem_pool *pool, *old;

	if (type >= MAX_SWAPFILES)
		return;
	pool = gvtmem_store_pool_create(true, type);
	if (!pool) {
		pr_err("frontswap: no memory for swap type %u; its pages go to disk\n",
		       type);
		return;
	}
	spin_lock_irq(&gvtmem_store_lock);
	old = gvtmem_swap_pools[type];
	gvtmem_swap_pools[type] = pool;
	spin_unlock_irq(&gvtmem_store_lock);
	gvtmem_store_pool_destroy(old);
}

static int gvtmem_frontswap_store(unsigned int type, pgoff_t offset,
				  struct page *page)
{
	struct gvtmem_pool *pool = gvtmem_swap_pool(type);

	if (!pool)
		return -ENODEV;
	return gvtmem_store_put(pool, &gvtmem_swap_key, offset, page);
}

static int gvtmem_frontswap_load(unsigned int type, pgoff_t offset,
				 struct page *page)
{
	struct gvtmem_pool *pool = gvtmem_swap_pool(type);

	if (!pool)
		return -ENODEV;
	return gvtmem_store_get(pool, &gvtmem_swap_key, offset, page);
}

static void gvtmem_frontswap_invalidate_page(unsigned int type, pgoff_t offset)
{
	struct gvtmem_pool *pool = gvtmem_swap_pool(type);

	if (pool)
		gvtmem_store_flush_page(pool, &gvtmem_swap_key, offset);
}

/* swapoff: every page of the type is gone. */
static void gvtmem_frontswap_invalidate_area(unsigned int type)
{
	struct gvtmem_pool *pool;

	if (type >= MAX_SWAPFILES)
		return;
	spin_lock_irq(&gvtmem_store_lock);
	pool = gvtmem_swap_pools[type];
	gvtmem_swap_pools[type] = NULL;
	spin_unlock_irq(&gvtmem_store_lock);
	/* Disk copies to the device being closed end first (writebehind). */
	if (pool)
		gvtmem_put_async_wait_pool(pool);
	gvtmem_store_pool_destroy(pool);
}

static struct frontswap_ops gvtmem_frontswap_ops = {
	.init = gvtmem_frontswap_init,
	.store = gvtmem_frontswap_store,
	.load = gvtmem_frontswap_load,
	.invalidate_page = gvtmem_frontswap_invalidate_page,
	.invalidate_area = gvtmem_frontswap_invalidate_area,
};

int gvtmem_frontswap_register(void)
{
	frontswap_register_ops(&gvtmem_frontswap_ops);
	frontswap_tmem_exclusive_gets(!gvtmem_shared_gets);
	return 0;
}

/*
 * Bring every swap page back into memory (frontswap_shrink swaps them in;
 * with puts refused, later swap-outs go to the swap device). Sleeps.
 */
void gvtmem_frontswap_drain(void)
{
	frontswap_shrink(0);
}

/*
 * Under gvtmem_store_lock: 0 while accepted swap pages do not also go to
 * the swap device, else the number of the writethrough period now (each
 * time it is switched on starts a new one).
 */
static unsigned int gvtmem_wt_period, gvtmem_wt_periods;

unsigned int gvtmem_frontswap_wt_period(void)
{
	lockdep_assert_held(&gvtmem_store_lock);
	return gvtmem_wt_period;
}

/*
 * Whether accepted swap pages also go to the swap device (durability
 * writethrough, replica.c). Under gvtmem_store_lock.
 */
void gvtmem_frontswap_writethrough(bool on)
{
	lockdep_assert_held(&gvtmem_store_lock);
	if (!!gvtmem_wt_period == on)
		return;
	/*
	 * A page put just before a switch off may have been told "off" by
	 * frontswap: no page of an ended period counts as on the disk.
	 */
	gvtmem_wt_period = on ? ++gvtmem_wt_periods : 0;
	frontswap_writethrough(on);
	pr_info("frontswap writethrough %s\n", on ?
		"on: remote pages are also on the swap device" :
		"off: remote pages are kept as two copies");
}

#else /* !GVTMEM_FRONTSWAP */

unsigned int gvtmem_frontswap_wt_period(void)
{
	return 0;
}

void gvtmem_frontswap_writethrough(bool on)
{
}


int gvtmem_frontswap_register(void)
{
	return -EOPNOTSUPP;
}

void gvtmem_frontswap_drain(void)
{
}

#endif
