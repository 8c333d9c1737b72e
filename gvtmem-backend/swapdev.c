// SPDX-License-Identifier: GPL-2.0
/*
 * The swap block device front end: /dev/gvtmem0, for kernels without an
 * exported frontswap (6.1, 6.12). It stacks on a backing swap partition
 * named at load (module parameter swapdev_backing) and has its capacity.
 * A page written to slot N (sector N * 8) is put in the store, in the
 * pool of the device, at index N: local zone first, then remote zones,
 * as frontswap's pages are. A page the store refuses goes to the backing
 * device at the same place. Reads are served from the store, else from
 * the backing device; a slot whose page was stored and can no longer be
 * read anywhere is an I/O error, logged with the slot, never a zero page.
 * The swap layer frees slots through swap_slot_free_notify.
 *
 * Durability: writethrough also writes every stored page to the backing
 * device once a remote zone exists, as frontswap's writethrough does (a
 * load that fails then reads it there); replicas keeps two copies in
 * memory as for frontswap; writebehind keeps pages local here.
 *
 * This first step: one device, created at load and removed at unload
 * (the block layer holds the module while the device is open, so an
 * active swap area keeps it loaded); I/O is synchronous in submit_bio
 * (the backing device's through a worker);
 * no discard, no synchronous-device flag, no sysfs control yet.
 *
 * Locking: the slot bitmaps use atomic bit operations; the store has its
 * own lock. submit_bio and swap_slot_free_notify may run at once for
 * different slots; the swap layer never frees a slot under I/O.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "../kernel/compat.h"
#include "../kernel/gvtmem.h"
#include "backend.h"

/* Pool ids of block devices, apart from frontswap's swap types. */
#define GVTMEM_SWAPDEV_POOL_ID 1000

static char *gvtmem_swapdev_backing;
module_param_named(swapdev_backing, gvtmem_swapdev_backing, charp, 0444);
MODULE_PARM_DESC(swapdev_backing,
		 "Backing swap partition of /dev/gvtmem0 (e.g. /dev/sdb2); unset: no device");

struct gvtmem_swapdev {
	struct gendisk *disk;
	struct gvtmem_bdev_ref backing;
	struct gvtmem_pool *pool;
	unsigned long nr_slots;
	unsigned long *stored;		/* slot's page is in the store */
	unsigned long *on_backing;	/* slot's page is on the backing device */
};

static struct gvtmem_swapdev *gvtmem_swapdev;
static struct workqueue_struct *gvtmem_swapdev_wq;	/* backing I/O */
static int gvtmem_swapdev_major;
static const struct gvtmem_objkey gvtmem_swapdev_key;	/* one object */

struct gvtmem_swapdev_io {
	struct work_struct work;
	struct gvtmem_swapdev *sd;
	struct page *page;
	unsigned long slot;
	bool write;
	int ret;
};

static void gvtmem_swapdev_io_workfn(struct work_struct *work)
{
	struct gvtmem_swapdev_io *io =
		container_of(work, struct gvtmem_swapdev_io, work);
	struct bio_vec bvec;
	struct bio bio;

	gvtmem_bio_init_one(&bio, &bvec, io->sd->backing.bdev,
			    io->write ? REQ_OP_WRITE | REQ_SWAP : REQ_OP_READ);
	bio.bi_iter.bi_sector = (sector_t)io->slot << (PAGE_SHIFT - SECTOR_SHIFT);
	__bio_add_page(&bio, io->page, PAGE_SIZE, 0);
	io->ret = submit_bio_wait(&bio);
	bio_uninit(&bio);
}

/*
 * One page from or to the backing device, synchronously. From a worker:
 * inside our own submit_bio a bio submitted to another device only
 * starts once we return (current->bio_list), so waiting here for it
 * would never end. The workqueue has a rescuer (reclaim writes swap).
 */
static int gvtmem_swapdev_backing_io(struct gvtmem_swapdev *sd,
				     struct page *page, unsigned long slot,
				     bool write)
{
	struct gvtmem_swapdev_io io = {
		.sd = sd, .page = page, .slot = slot, .write = write,
	};

	INIT_WORK_ONSTACK(&io.work, gvtmem_swapdev_io_workfn);
	queue_work(gvtmem_swapdev_wq, &io.work);
	flush_work(&io.work);
	destroy_work_on_stack(&io.work);
	return io.ret;
}

static int gvtmem_swapdev_write(struct gvtmem_swapdev *sd, struct page *page,
				unsigned long slot)
{
	int ret;

	if (!gvtmem_store_put(sd->pool, &gvtmem_swapdev_key, slot, page)) {
		set_bit(slot, sd->stored);
		clear_bit(slot, sd->on_backing);
		/*
		 * Writethrough with a remote zone: a disk copy too (checked
		 * after the put: a zone added later did not hold this page).
		 * A failed one only means the store holds the only copy.
		 */
		if (gvtmem_durability_disk_copies() &&
		    !gvtmem_swapdev_backing_io(sd, page, slot, true))
			set_bit(slot, sd->on_backing);
		return 0;
	}
	/* Refused: the store dropped any older page of this slot. */
	clear_bit(slot, sd->stored);
	ret = gvtmem_swapdev_backing_io(sd, page, slot, true);
	if (ret) {
		clear_bit(slot, sd->on_backing);
		pr_err_ratelimited("gvtmem0: slot %lu: write to the backing device failed (%d)\n",
				   slot, ret);
		return ret;
	}
	set_bit(slot, sd->on_backing);
	return 0;
}

static int gvtmem_swapdev_read(struct gvtmem_swapdev *sd, struct page *page,
			       unsigned long slot)
{
	if (test_bit(slot, sd->stored)) {
		if (!gvtmem_store_get(sd->pool, &gvtmem_swapdev_key, slot, page))
			return 0;
		clear_bit(slot, sd->stored);
		if (!test_bit(slot, sd->on_backing)) {
			pr_err_ratelimited("gvtmem0: slot %lu: its page is in no copy that can be read; I/O error\n",
					   slot);
			return -EIO;
		}
	}
	/* On the backing device, or a slot never written through us. */
	return gvtmem_swapdev_backing_io(sd, page, slot, false);
}

/* Each segment is one whole page: the device has 4 KiB blocks. */
static GVTMEM_SUBMIT_BIO_T gvtmem_swapdev_submit_bio(struct bio *bio)
{
	struct gvtmem_swapdev *sd = gvtmem_swapdev;	/* the one device */
	struct bvec_iter iter;
	struct bio_vec bv;
	int ret = 0;

	switch (bio_op(bio)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		break;
	case REQ_OP_FLUSH:
		bio_endio(bio);
		return GVTMEM_SUBMIT_BIO_DONE;
	default:
		bio_io_error(bio);
		return GVTMEM_SUBMIT_BIO_DONE;
	}
	bio_for_each_segment(bv, bio, iter) {
		unsigned long slot = iter.bi_sector >> (PAGE_SHIFT - SECTOR_SHIFT);

		if (bv.bv_offset || bv.bv_len != PAGE_SIZE || slot >= sd->nr_slots) {
			ret = -EIO;
			break;
		}
		if (op_is_write(bio_op(bio)))
			ret = gvtmem_swapdev_write(sd, bv.bv_page, slot);
		else
			ret = gvtmem_swapdev_read(sd, bv.bv_page, slot);
		if (ret)
			break;
	}
	if (ret)
		bio_io_error(bio);
	else
		bio_endio(bio);
	return GVTMEM_SUBMIT_BIO_DONE;
}

/* The swap layer freed a slot (under its spinlock: the store's is one). */
static void gvtmem_swapdev_slot_free(struct block_device *bdev,
				     unsigned long slot)
{
	struct gvtmem_swapdev *sd = gvtmem_swapdev;

	if (slot >= sd->nr_slots)
		return;
	if (test_and_clear_bit(slot, sd->stored))
		gvtmem_store_flush_page(sd->pool, &gvtmem_swapdev_key, slot);
	clear_bit(slot, sd->on_backing);
}

static const struct block_device_operations gvtmem_swapdev_fops = {
	.owner = THIS_MODULE,
	.submit_bio = gvtmem_swapdev_submit_bio,
	.swap_slot_free_notify = gvtmem_swapdev_slot_free,
};

int gvtmem_swapdev_init(void)
{
	struct gvtmem_swapdev *sd;
	int ret;

	if (!gvtmem_swapdev_backing || !*gvtmem_swapdev_backing)
		return 0;
	gvtmem_swapdev_wq = alloc_workqueue("gvtmem_swapdev", WQ_MEM_RECLAIM, 0);
	if (!gvtmem_swapdev_wq)
		return -ENOMEM;
	ret = -ENOMEM;
	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		goto err_destroy_wq;
	ret = gvtmem_bdev_open(gvtmem_swapdev_backing, sd, &sd->backing);
	if (ret) {
		pr_err("swapdev_backing=%s: cannot open it (%d)\n",
		       gvtmem_swapdev_backing, ret);
		goto err_free_sd;
	}
	sd->nr_slots = gvtmem_bdev_sectors(sd->backing.bdev) >>
		       (PAGE_SHIFT - SECTOR_SHIFT);
	ret = -ENOMEM;
	sd->stored = vzalloc(BITS_TO_LONGS(sd->nr_slots) * sizeof(long));
	sd->on_backing = vzalloc(BITS_TO_LONGS(sd->nr_slots) * sizeof(long));
	if (!sd->stored || !sd->on_backing)
		goto err_free_maps;
	sd->pool = gvtmem_store_pool_create(true, GVTMEM_SWAPDEV_POOL_ID);
	if (!sd->pool)
		goto err_free_maps;
	sd->pool->keep_on_get = true;
	ret = register_blkdev(0, "gvtmem");
	if (ret < 0)
		goto err_destroy_pool;
	gvtmem_swapdev_major = ret;
	ret = -ENOMEM;
	sd->disk = gvtmem_disk_alloc();
	if (!sd->disk)
		goto err_unregister;
	sd->disk->major = gvtmem_swapdev_major;
	sd->disk->first_minor = 0;
	sd->disk->minors = 1;
	sd->disk->flags |= GVTMEM_GENHD_NO_PART;
	sd->disk->fops = &gvtmem_swapdev_fops;
	sd->disk->private_data = sd;
	snprintf(sd->disk->disk_name, DISK_NAME_LEN, "gvtmem0");
	set_capacity(sd->disk, (sector_t)sd->nr_slots <<
		     (PAGE_SHIFT - SECTOR_SHIFT));
	gvtmem_swapdev = sd;	/* I/O may come as soon as it is added */
	ret = gvtmem_disk_add(sd->disk);
	if (ret)
		goto err_unpublish;
	pr_info("gvtmem0: %lu MiB swap device over %s\n",
		sd->nr_slots >> (20 - PAGE_SHIFT), gvtmem_swapdev_backing);
	return 0;

err_unpublish:
	gvtmem_swapdev = NULL;
	gvtmem_disk_free(sd->disk);
err_unregister:
	unregister_blkdev(gvtmem_swapdev_major, "gvtmem");
err_destroy_pool:
	gvtmem_store_pool_destroy(sd->pool);
err_free_maps:
	vfree(sd->on_backing);
	vfree(sd->stored);
	gvtmem_bdev_close(&sd->backing);
err_free_sd:
	kfree(sd);
err_destroy_wq:
	destroy_workqueue(gvtmem_swapdev_wq);
	return ret;
}

/* At unload: no one has the device open (it holds the module). */
void gvtmem_swapdev_exit(void)
{
	struct gvtmem_swapdev *sd = gvtmem_swapdev;

	if (!sd)
		return;
	del_gendisk(sd->disk);
	gvtmem_disk_free(sd->disk);
	unregister_blkdev(gvtmem_swapdev_major, "gvtmem");
	gvtmem_store_pool_destroy(sd->pool);
	vfree(sd->on_backing);
	vfree(sd->stored);
	gvtmem_bdev_close(&sd->backing);
	kfree(sd);
	gvtmem_swapdev = NULL;
	destroy_workqueue(gvtmem_swapdev_wq);
}
