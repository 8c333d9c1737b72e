// SPDX-License-Identifier: GPL-2.0
/*
 * Durability writebehind: the module writes a remote swap page's disk
 * copy itself, off the reclaim path. frontswap's writethrough stays off,
 * so a swap-out that gvtmem accepts costs the kernel a memcpy: a page in
 * the local zone never goes to disk (it dies only with the node, and its
 * process with it), and a page put in a remote zone is staged in memory
 * (put-async.c) while both its RDMA WRITE and its disk copy are out. The
 * staged copy serves loads until both are over; afterwards a lost remote
 * copy falls back to the swap device, as in writethrough mode.
 *
 * The disk copy goes to the page's own slot: sector = swap offset << 3 on
 * the swap partition (a partition's swap extents map slot n to page n).
 * Only swap partitions qualify: with a swap file the block device is the
 * filesystem's and the slot's place is the file's business, so with one
 * the node keeps remote zones out of its swap puts (local puts only).
 *
 * Counters under gvtmem_store_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/swap.h>

#include "../kernel/compat.h"
#include "backend.h"


bool gvtmem_writebehind_on(void)
{
	return READ_ONCE(gvtmem_durability) == GVTMEM_DURABILITY_WRITEBEHIND;
}

#if GVTMEM_FRONTSWAP

/*
 * The swap partition holding page's slot (page is in the swap cache, as
 * every page frontswap stores is), or NULL: a swap file, or one of our
 * own swap devices (swapdev.c), which takes no disk copies this way.
 */
struct block_device *gvtmem_writebehind_bdev(struct page *page)
{
	struct address_space *mapping;
	struct inode *host;

	if (!PageSwapCache(page))
		return NULL;
	mapping = page_file_mapping(page);
	host = mapping ? mapping->host : NULL;
	if (!host || !S_ISBLK(host->i_mode) || gvtmem_swapdev_is_ours(I_BDEV(host)))
		return NULL;
	return I_BDEV(host);
}

#else /* !GVTMEM_FRONTSWAP: swap pages only through swapdev.c */

struct block_device *gvtmem_writebehind_bdev(struct page *page)
{
	return NULL;
}

#endif

/*
 * Write page to slot index on bdev through bio (embedded in the caller's
 * record, with its one bvec); end_io runs when it is over. Sleeps as a
 * swap-out does (request allocation), never reclaims.
 */
void gvtmem_writebehind_submit(struct bio *bio, struct bio_vec *bvec,
			       struct block_device *bdev, pgoff_t index,
			       struct page *page, bio_end_io_t *end_io,
			       void *priv)
{
	gvtmem_bio_init_one(bio, bvec, bdev, REQ_OP_WRITE | REQ_SWAP);
	bio->bi_iter.bi_sector = (sector_t)index << (PAGE_SHIFT - SECTOR_SHIFT);
	__bio_add_page(bio, page, PAGE_SIZE, 0);
	bio->bi_end_io = end_io;
	bio->bi_private = priv;
	submit_bio(bio);
}

void gvtmem_writebehind_release(struct bio *bio)
{
	bio_uninit(bio);
}

/*
 * Under the lock: the disk copy of slot index is over (ret). held: the
 * page is still in gvtmem; only: its RDMA WRITE failed, so the disk copy
 * was the one left (the caller drops the entry now either way). peer:
 * where its remote copy went.
 */
void gvtmem_writebehind_done(pgoff_t index, int ret, bool held, bool only,
			     u32 peer)
{
	lockdep_assert_held(&gvtmem_store_lock);
	if (!ret) {
		gvtmem_counters.wb_written++;
		return;
	}
	gvtmem_counters.wb_failed++;
	if (held && only) {
		gvtmem_counters.lost_pages++;
		pr_crit_ratelimited("swap slot %lu: both the write to node %u and the disk copy failed (%d); the page is lost\n",
				    index, peer, ret);
	} else if (held) {
		pr_err_ratelimited("swap slot %lu: disk copy failed (%d); the page is held only in node %u's memory\n",
				   index, ret, peer);
	}
}
