// SPDX-License-Identifier: GPL-2.0
/*
 * The swap block device front end: /dev/gvtmem<N>, for kernels without an
 * exported frontswap (6.1, 6.12). Each device stacks on a backing swap
 * partition named at creation and has its capacity. A page written to
 * slot S (sector S * 8) is put in the store, in the device's own pool,
 * at index S: local zone first, then remote zones, as frontswap's pages
 * are. A page the store refuses goes to the backing device at the same
 * place. Reads are served from the store, else from the backing device; a
 * slot whose page was stored and can no longer be read anywhere is an I/O
 * error, logged with the slot, never a zero page. The swap layer frees
 * slots through swap_slot_free_notify and discard.
 *
 * Durability: writethrough also writes every stored page to the backing
 * device once a remote zone exists, as frontswap's writethrough does (a
 * load that fails then reads it there), before the write completes;
 * replicas keeps two copies in memory as for frontswap; writebehind
 * writes a remote page's disk copy after the write completed, from a
 * staged copy (put-async.c), and local pages never go to disk.
 *
 * Devices are created by the module parameter swapdev_backing (gvtmem0,
 * at load) and by backend/swapdev/create, removed by backend/swapdev/
 * remove (refused while open, e.g. as a swap area) and at unload (the
 * block layer holds the module while a device is open). I/O is done in
 * submit_bio (the backing device's through a worker) and, where the
 * kernel has it and swapdev_synchronous is set, in rw_page.
 *
 * Reclaim safety: the write path allocates only in the store, which never
 * enters direct reclaim; every bio and wait runs under memalloc_noio; the
 * backing I/O uses an on-stack bio on a WQ_MEM_RECLAIM workqueue.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "../kernel/compat.h"
#include "../kernel/gvtmem.h"
#include "../kernel/parse.h"
#include "backend.h"
#include "hooks.h"

/* Devices at once; minor and pool id follow the device number. */
#define GVTMEM_SWAPDEV_MAX 8
/* Pool ids of block devices, apart from frontswap's swap types. */
#define GVTMEM_SWAPDEV_POOL_ID 1000
#define GVTMEM_SWAPDEV_PATH_MAX 256
#define GVTMEM_SLOT_SECTORS (PAGE_SIZE >> SECTOR_SHIFT)
#define GVTMEM_SLOT_SHIFT (PAGE_SHIFT - SECTOR_SHIFT)

static char *gvtmem_swapdev_backing;
module_param_named(swapdev_backing, gvtmem_swapdev_backing, charp, 0444);
MODULE_PARM_DESC(swapdev_backing,
		 "Backing swap partition of /dev/gvtmem0, created at load (e.g. /dev/sdb2); unset: none");

static bool gvtmem_swapdev_synchronous = true;
module_param_cb(swapdev_synchronous, &gvtmem_param_ops_bool,
		&gvtmem_swapdev_synchronous, 0644);
MODULE_PARM_DESC(swapdev_synchronous,
		 "Flag devices created from now on synchronous: swap-ins read one page in place, no readahead (default 1)");

struct gvtmem_swapdev {
	int id;
	struct gendisk *disk;
	struct gvtmem_bdev_ref backing;
	char *backing_path;
	struct gvtmem_pool *pool;
	struct kobject *kobj;		/* backend/swapdev/gvtmem<N> */
	bool synchronous;
	unsigned long nr_slots;
	unsigned long *stored;		/* slot's page is in the store */
	unsigned long *on_backing;	/* slot's page is on the backing device */
	/* under gvtmem_swapdev_open_lock */
	unsigned int openers;
	bool removing;			/* no new opens */
};

/* Guards gvtmem_swapdevs[] and the hook state: create, remove, unload. */
static DEFINE_MUTEX(gvtmem_swapdev_mutex);
static struct gvtmem_swapdev *gvtmem_swapdevs[GVTMEM_SWAPDEV_MAX];
/* Guards each device's openers and removing (fops->open runs atomically to them). */
static DEFINE_SPINLOCK(gvtmem_swapdev_open_lock);

static struct workqueue_struct *gvtmem_swapdev_wq;	/* backing I/O */
static int gvtmem_swapdev_major;
static struct kobject *gvtmem_swapdev_kobj;		/* backend/swapdev */
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
	unsigned int noio = memalloc_noio_save();
	struct bio_vec bvec;
	struct bio bio;

	gvtmem_bio_init_one(&bio, &bvec, io->sd->backing.bdev,
			    io->write ? REQ_OP_WRITE | REQ_SWAP : REQ_OP_READ);
	bio.bi_iter.bi_sector = (sector_t)io->slot << GVTMEM_SLOT_SHIFT;
	__bio_add_page(&bio, io->page, PAGE_SIZE, 0);
	io->ret = submit_bio_wait(&bio);
	bio_uninit(&bio);
	memalloc_noio_restore(noio);
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

/*
 * writebehind: a remote page's disk copy to its slot on the backing
 * device is over (put-async.c, under gvtmem_store_lock): from now on a
 * read the store cannot serve goes there.
 */
static void gvtmem_swapdev_disk_copy_done(struct gvtmem_pool *pool,
					  pgoff_t slot, int ret)
{
	struct gvtmem_swapdev *sd = pool->owner;

	if (!ret && slot < sd->nr_slots)
		set_bit(slot, sd->on_backing);
}

/*
 * writebehind: the store takes the page (a remote one is staged, its RDMA
 * WRITE and its disk copy written after we return); on_backing is set
 * when the disk copy lands. An earlier disk copy to the slot ends first,
 * so that its completion cannot mark the new page as on the device.
 */
static int gvtmem_swapdev_put_behind(struct gvtmem_swapdev *sd,
				     struct page *page, unsigned long slot)
{
	gvtmem_put_async_wait_slot(sd->pool, slot);
	clear_bit(slot, sd->on_backing);
	return gvtmem_store_put_to(sd->pool, &gvtmem_swapdev_key, slot, page,
				   sd->backing.bdev);
}

static int gvtmem_swapdev_write(struct gvtmem_swapdev *sd, struct page *page,
				unsigned long slot)
{
	int ret;

	if (gvtmem_writebehind_on()) {
		if (!gvtmem_swapdev_put_behind(sd, page, slot)) {
			set_bit(slot, sd->stored);
			return 0;
		}
	} else if (!gvtmem_store_put(sd->pool, &gvtmem_swapdev_key, slot, page)) {
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
		pr_err_ratelimited("%s: slot %lu: write to the backing device failed (%d)\n",
				   sd->disk->disk_name, slot, ret);
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
		/*
		 * Lost with no disk copy: the slot stays marked stored, so
		 * every read of it fails until it is written or freed; the
		 * stale backing blocks are never returned.
		 */
		if (!test_bit(slot, sd->on_backing)) {
			pr_err_ratelimited("%s: slot %lu: its page is in no copy that can be read; I/O error\n",
					   sd->disk->disk_name, slot);
			return -EIO;
		}
		clear_bit(slot, sd->stored);
	}
	/* On the backing device, or a slot never written through us. */
	return gvtmem_swapdev_backing_io(sd, page, slot, false);
}

/* A slot's page is no longer wanted: the swap layer freed or discarded it. */
static void gvtmem_swapdev_forget(struct gvtmem_swapdev *sd, unsigned long slot)
{
	if (test_and_clear_bit(slot, sd->stored))
		gvtmem_store_flush_page(sd->pool, &gvtmem_swapdev_key, slot);
	clear_bit(slot, sd->on_backing);
}

/*
 * Discard and write-zeroes act on whole slots inside the range: a
 * partial slot at either end keeps its page (discard) or is refused
 * (write-zeroes cannot zero part of a 4 KiB block).
 */
static int gvtmem_swapdev_discard(struct gvtmem_swapdev *sd, struct bio *bio,
				  bool zeroes)
{
	sector_t start = bio->bi_iter.bi_sector;
	sector_t end = start + bio_sectors(bio);
	unsigned long slot = (start + GVTMEM_SLOT_SECTORS - 1) >> GVTMEM_SLOT_SHIFT;
	unsigned long last = end >> GVTMEM_SLOT_SHIFT;
	int ret;

	if (zeroes && ((start | end) & (GVTMEM_SLOT_SECTORS - 1)))
		return -EIO;
	if (last > sd->nr_slots)
		return -EIO;
	for (; slot < last; slot++) {
		if (!zeroes) {
			gvtmem_swapdev_forget(sd, slot);
			continue;
		}
		ret = gvtmem_swapdev_write(sd, ZERO_PAGE(0), slot);
		if (ret)
			return ret;
	}
	return 0;
}

/* Each data segment is one whole page: the device has 4 KiB blocks. */
static int gvtmem_swapdev_rw(struct gvtmem_swapdev *sd, struct bio *bio)
{
	struct bvec_iter iter;
	struct bio_vec bv;
	int ret;

	bio_for_each_segment(bv, bio, iter) {
		unsigned long slot = iter.bi_sector >> GVTMEM_SLOT_SHIFT;

		if (bv.bv_offset || bv.bv_len != PAGE_SIZE || slot >= sd->nr_slots)
			return -EIO;
		if (op_is_write(bio_op(bio)))
			ret = gvtmem_swapdev_write(sd, bv.bv_page, slot);
		else
			ret = gvtmem_swapdev_read(sd, bv.bv_page, slot);
		if (ret)
			return ret;
	}
	return 0;
}

static GVTMEM_SUBMIT_BIO_T gvtmem_swapdev_submit_bio(struct bio *bio)
{
	struct gvtmem_swapdev *sd = gvtmem_bio_disk(bio)->private_data;
	unsigned int noio = memalloc_noio_save();
	int ret;

	switch (bio_op(bio)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		ret = gvtmem_swapdev_rw(sd, bio);
		break;
	case REQ_OP_FLUSH:
		ret = 0;
		break;
	case REQ_OP_DISCARD:
		ret = gvtmem_swapdev_discard(sd, bio, false);
		break;
	case REQ_OP_WRITE_ZEROES:
		ret = gvtmem_swapdev_discard(sd, bio, true);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	memalloc_noio_restore(noio);
	if (ret)
		bio_io_error(bio);
	else
		bio_endio(bio);
	return GVTMEM_SUBMIT_BIO_DONE;
}

#ifdef GVTMEM_HAVE_RW_PAGE
/*
 * One page in place, without a bio (kernels to 6.2): its presence is what
 * marks the swap area synchronous. An error leaves the page to the
 * caller, which retries through submit_bio.
 */
static int gvtmem_swapdev_rw_page(struct block_device *bdev, sector_t sector,
				  struct page *page, GVTMEM_RW_PAGE_OP_T op)
{
	struct gvtmem_swapdev *sd = bdev->bd_disk->private_data;
	unsigned long slot = sector >> GVTMEM_SLOT_SHIFT;
	unsigned int noio;
	int ret;

	/* A huge page goes page by page through submit_bio. */
	if (PageTransHuge(page))
		return -EOPNOTSUPP;
	if ((sector & (GVTMEM_SLOT_SECTORS - 1)) || slot >= sd->nr_slots)
		return -EIO;
	noio = memalloc_noio_save();
	if (op_is_write(op))
		ret = gvtmem_swapdev_write(sd, page, slot);
	else
		ret = gvtmem_swapdev_read(sd, page, slot);
	memalloc_noio_restore(noio);
	if (!ret)
		page_endio(page, op_is_write(op), 0);
	return ret;
}
#endif

/* The swap layer freed a slot (under its spinlock: the store's is one). */
static void gvtmem_swapdev_slot_free(struct block_device *bdev,
				     unsigned long slot)
{
	struct gvtmem_swapdev *sd = bdev->bd_disk->private_data;

	if (slot < sd->nr_slots)
		gvtmem_swapdev_forget(sd, slot);
}

/* Opens are counted so that remove can refuse a device in use. */
static GVTMEM_BDOPS_OPEN(gvtmem_swapdev_open)
{
	struct gvtmem_swapdev *sd = GVTMEM_BDOPS_OPEN_DISK(disk)->private_data;
	int ret = 0;

	spin_lock(&gvtmem_swapdev_open_lock);
	if (sd->removing)
		ret = -ENXIO;
	else
		sd->openers++;
	spin_unlock(&gvtmem_swapdev_open_lock);
	return ret;
}

static GVTMEM_BDOPS_RELEASE(gvtmem_swapdev_release)
{
	struct gvtmem_swapdev *sd = disk->private_data;

	spin_lock(&gvtmem_swapdev_open_lock);
	sd->openers--;
	spin_unlock(&gvtmem_swapdev_open_lock);
}

static const struct block_device_operations gvtmem_swapdev_fops = {
	.owner = THIS_MODULE,
	.open = gvtmem_swapdev_open,
	.release = gvtmem_swapdev_release,
	.submit_bio = gvtmem_swapdev_submit_bio,
	.swap_slot_free_notify = gvtmem_swapdev_slot_free,
};

#ifdef GVTMEM_HAVE_RW_PAGE
static const struct block_device_operations gvtmem_swapdev_sync_fops = {
	.owner = THIS_MODULE,
	.open = gvtmem_swapdev_open,
	.release = gvtmem_swapdev_release,
	.submit_bio = gvtmem_swapdev_submit_bio,
	.rw_page = gvtmem_swapdev_rw_page,
	.swap_slot_free_notify = gvtmem_swapdev_slot_free,
};
#endif

/*
 * Whether bdev is one of our devices: a swap page swapped to one must not
 * get a writebehind disk copy written to it (the copy would come back
 * into the store), so writebehind.c takes it for a swap file.
 */
bool gvtmem_swapdev_is_ours(struct block_device *bdev)
{
	const struct block_device_operations *fops = bdev->bd_disk->fops;

#ifdef GVTMEM_HAVE_RW_PAGE
	if (fops == &gvtmem_swapdev_sync_fops)
		return true;
#endif
	return fops == &gvtmem_swapdev_fops;
}

/* ---- backend/swapdev/gvtmem<N>: one device's files ---- */

static struct gvtmem_swapdev *gvtmem_swapdev_of_kobj(struct kobject *kobj)
{
	int i;

	/* Under the sysfs active reference the device is not freed. */
	for (i = 0; i < GVTMEM_SWAPDEV_MAX; i++) {
		struct gvtmem_swapdev *sd = READ_ONCE(gvtmem_swapdevs[i]);

		if (sd && sd->kobj == kobj)
			return sd;
	}
	return NULL;
}

static ssize_t backing_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct gvtmem_swapdev *sd = gvtmem_swapdev_of_kobj(kobj);

	return sd ? sysfs_emit(buf, "%s\n", sd->backing_path) : -ENODEV;
}

static ssize_t synchronous_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct gvtmem_swapdev *sd = gvtmem_swapdev_of_kobj(kobj);

	return sd ? sysfs_emit(buf, "%d\n", sd->synchronous) : -ENODEV;
}

/* Slots whose page is in the store, or on the backing device. */
static ssize_t gvtmem_swapdev_slots_show(struct kobject *kobj, bool backing,
					 char *buf)
{
	struct gvtmem_swapdev *sd = gvtmem_swapdev_of_kobj(kobj);
	unsigned long n;

	if (!sd)
		return -ENODEV;
	n = bitmap_weight(backing ? sd->on_backing : sd->stored, sd->nr_slots);
	return sysfs_emit(buf, "%lu\n", n);
}

static ssize_t stored_slots_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return gvtmem_swapdev_slots_show(kobj, false, buf);
}

static ssize_t backing_slots_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return gvtmem_swapdev_slots_show(kobj, true, buf);
}

static struct kobj_attribute gvtmem_swapdev_backing_attr = __ATTR_RO(backing);
static struct kobj_attribute gvtmem_swapdev_synchronous_attr =
	__ATTR_RO(synchronous);
static struct kobj_attribute gvtmem_swapdev_stored_attr = __ATTR_RO(stored_slots);
static struct kobj_attribute gvtmem_swapdev_backing_slots_attr =
	__ATTR_RO(backing_slots);

static struct attribute *gvtmem_swapdev_dev_attrs[] = {
	&gvtmem_swapdev_backing_attr.attr,
	&gvtmem_swapdev_synchronous_attr.attr,
	&gvtmem_swapdev_stored_attr.attr,
	&gvtmem_swapdev_backing_slots_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_swapdev_dev_group = {
	.attrs = gvtmem_swapdev_dev_attrs,
};

/* ---- create and remove ---- */

static void gvtmem_swapdev_hook_update(void)
{
	int i;

	for (i = 0; i < GVTMEM_SWAPDEV_MAX; i++)
		if (gvtmem_swapdevs[i]) {
			gvtmem_hook_set_state(GVTMEM_HOOK_SWAPDEV,
					      GVTMEM_HOOK_REGISTERED);
			return;
		}
	gvtmem_hook_set_state(GVTMEM_HOOK_SWAPDEV, GVTMEM_HOOK_AVAILABLE);
}

static void gvtmem_swapdev_free(struct gvtmem_swapdev *sd)
{
	/* Disk copies still out to the backing device end first (bounded). */
	if (sd->pool)
		gvtmem_put_async_wait_pool(sd->pool);
	gvtmem_store_pool_destroy(sd->pool);
	vfree(sd->on_backing);
	vfree(sd->stored);
	gvtmem_bdev_close(&sd->backing);
	kfree(sd->backing_path);
	kfree(sd);
}

/* Under gvtmem_swapdev_mutex. Returns the new device's number or an error. */
static int gvtmem_swapdev_create(const char *path)
{
	struct gvtmem_swapdev *sd;
	int id, ret;

	for (id = 0; id < GVTMEM_SWAPDEV_MAX && gvtmem_swapdevs[id]; id++)
		;
	if (id == GVTMEM_SWAPDEV_MAX) {
		pr_err("swapdev: %d devices exist already; %s not added\n",
		       GVTMEM_SWAPDEV_MAX, path);
		return -ENOSPC;
	}
	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;
	sd->id = id;
	sd->synchronous = gvtmem_swapdev_synchronous;
	sd->backing_path = kstrdup(path, GFP_KERNEL);
	if (!sd->backing_path) {
		kfree(sd);
		return -ENOMEM;
	}
	ret = gvtmem_bdev_open(path, sd, &sd->backing);
	if (ret) {
		pr_err("swapdev: cannot open %s as a backing device (%d; in use, e.g. as swap, or no such device)\n",
		       path, ret);
		kfree(sd->backing_path);
		kfree(sd);
		return ret;
	}
	sd->nr_slots = gvtmem_bdev_sectors(sd->backing.bdev) >> GVTMEM_SLOT_SHIFT;
	/* A swap area needs its header page and at least one slot. */
	if (sd->nr_slots < 2) {
		pr_err("swapdev: %s is too small for a swap area\n", path);
		ret = -EINVAL;
		goto err_free_sd;
	}
	ret = -ENOMEM;
	sd->stored = vzalloc(BITS_TO_LONGS(sd->nr_slots) * sizeof(long));
	sd->on_backing = vzalloc(BITS_TO_LONGS(sd->nr_slots) * sizeof(long));
	if (!sd->stored || !sd->on_backing)
		goto err_free_sd;
	sd->pool = gvtmem_store_pool_create(true, GVTMEM_SWAPDEV_POOL_ID + id);
	if (!sd->pool)
		goto err_free_sd;
	sd->pool->keep_on_get = true;
	sd->pool->owner = sd;
	sd->pool->disk_copy_done = gvtmem_swapdev_disk_copy_done;
	sd->disk = gvtmem_disk_alloc(sd->synchronous);
	if (!sd->disk)
		goto err_free_sd;
	sd->disk->major = gvtmem_swapdev_major;
	sd->disk->first_minor = id;
	sd->disk->minors = 1;
	sd->disk->flags |= GVTMEM_GENHD_NO_PART;
	sd->disk->fops = &gvtmem_swapdev_fops;
#ifdef GVTMEM_HAVE_RW_PAGE
	if (sd->synchronous)
		sd->disk->fops = &gvtmem_swapdev_sync_fops;
#endif
	sd->disk->private_data = sd;
	snprintf(sd->disk->disk_name, DISK_NAME_LEN, "gvtmem%d", id);
	set_capacity(sd->disk, (sector_t)sd->nr_slots << GVTMEM_SLOT_SHIFT);
	sd->kobj = kobject_create_and_add(sd->disk->disk_name,
					  gvtmem_swapdev_kobj);
	if (!sd->kobj)
		goto err_free_disk;
	gvtmem_swapdevs[id] = sd;	/* its files read it */
	ret = sysfs_create_group(sd->kobj, &gvtmem_swapdev_dev_group);
	if (ret)
		goto err_put_kobj;
	ret = gvtmem_disk_add(sd->disk);
	if (ret)
		goto err_remove_group;
	gvtmem_swapdev_hook_update();
	pr_info("%s: %lu MiB swap device over %s%s\n", sd->disk->disk_name,
		sd->nr_slots >> (20 - PAGE_SHIFT), path,
		sd->synchronous ? ", synchronous" : "");
	return id;

err_remove_group:
	sysfs_remove_group(sd->kobj, &gvtmem_swapdev_dev_group);
err_put_kobj:
	gvtmem_swapdevs[id] = NULL;
	kobject_put(sd->kobj);
err_free_disk:
	gvtmem_disk_free(sd->disk);
err_free_sd:
	gvtmem_swapdev_free(sd);
	return ret;
}

/* Under gvtmem_swapdev_mutex. -EBUSY while the device is open. */
static int gvtmem_swapdev_remove(struct gvtmem_swapdev *sd)
{
	spin_lock(&gvtmem_swapdev_open_lock);
	if (sd->openers) {
		spin_unlock(&gvtmem_swapdev_open_lock);
		pr_err("%s is open (an active swap area? swapoff it first): not removed\n",
		       sd->disk->disk_name);
		return -EBUSY;
	}
	sd->removing = true;
	spin_unlock(&gvtmem_swapdev_open_lock);
	pr_info("%s removed\n", sd->disk->disk_name);
	/* Its files first: removing them waits for readers. */
	sysfs_remove_group(sd->kobj, &gvtmem_swapdev_dev_group);
	kobject_put(sd->kobj);
	gvtmem_swapdevs[sd->id] = NULL;
	del_gendisk(sd->disk);
	gvtmem_disk_free(sd->disk);
	gvtmem_swapdev_free(sd);
	gvtmem_swapdev_hook_update();
	return 0;
}

/* ---- backend/swapdev/create and remove ---- */

static ssize_t create_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	char *copy, *path;
	int ret;

	if (memchr(buf, '\0', count)) {
		pr_err("backend/swapdev/create: a NUL byte in the path refused\n");
		return -EINVAL;
	}
	copy = kstrndup(buf, count, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	path = strim(copy);
	if (path[0] != '/' || strlen(path) >= GVTMEM_SWAPDEV_PATH_MAX) {
		pr_err("backend/swapdev/create: give the path of a block device, e.g. /dev/sdb2\n");
		kfree(copy);
		return -EINVAL;
	}
	mutex_lock(&gvtmem_swapdev_mutex);
	ret = gvtmem_swapdev_create(path);
	mutex_unlock(&gvtmem_swapdev_mutex);
	kfree(copy);
	return ret < 0 ? ret : count;
}

static ssize_t remove_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	char buf_copy[DISK_NAME_LEN], *name;
	int i, ret = -ENODEV;

	if (count >= sizeof(buf_copy) || memchr(buf, '\0', count)) {
		pr_err("backend/swapdev/remove: give a device name such as gvtmem0\n");
		return -EINVAL;
	}
	memcpy(buf_copy, buf, count);
	buf_copy[count] = '\0';
	name = strim(buf_copy);
	mutex_lock(&gvtmem_swapdev_mutex);
	for (i = 0; i < GVTMEM_SWAPDEV_MAX; i++) {
		struct gvtmem_swapdev *sd = gvtmem_swapdevs[i];

		if (sd && !strcmp(sd->disk->disk_name, name)) {
			ret = gvtmem_swapdev_remove(sd);
			break;
		}
	}
	mutex_unlock(&gvtmem_swapdev_mutex);
	if (ret == -ENODEV)
		pr_err("backend/swapdev/remove: no device %s; give a name such as gvtmem0\n",
		       name);
	return ret ? ret : count;
}

static struct kobj_attribute gvtmem_swapdev_create_attr = __ATTR_WO(create);
static struct kobj_attribute gvtmem_swapdev_remove_attr = __ATTR_WO(remove);

static struct attribute *gvtmem_swapdev_attrs[] = {
	&gvtmem_swapdev_create_attr.attr,
	&gvtmem_swapdev_remove_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_swapdev_group = {
	.attrs = gvtmem_swapdev_attrs,
};

int gvtmem_swapdev_init(void)
{
	int ret;

	gvtmem_swapdev_wq = alloc_workqueue("gvtmem_swapdev", WQ_MEM_RECLAIM, 0);
	if (!gvtmem_swapdev_wq)
		return -ENOMEM;
	ret = register_blkdev(0, "gvtmem");
	if (ret < 0)
		goto err_destroy_wq;
	gvtmem_swapdev_major = ret;
	ret = -ENOMEM;
	gvtmem_swapdev_kobj = kobject_create_and_add("swapdev",
						     gvtmem_backend_kobject());
	if (!gvtmem_swapdev_kobj)
		goto err_unregister;
	ret = sysfs_create_group(gvtmem_swapdev_kobj, &gvtmem_swapdev_group);
	if (ret)
		goto err_put_kobj;
	if (gvtmem_swapdev_backing && *gvtmem_swapdev_backing) {
		mutex_lock(&gvtmem_swapdev_mutex);
		ret = gvtmem_swapdev_create(gvtmem_swapdev_backing);
		mutex_unlock(&gvtmem_swapdev_mutex);
		if (ret < 0) {
			pr_err("swapdev_backing=%s: no device created (%d)\n",
			       gvtmem_swapdev_backing, ret);
			goto err_remove_group;
		}
	}
	return 0;

err_remove_group:
	sysfs_remove_group(gvtmem_swapdev_kobj, &gvtmem_swapdev_group);
err_put_kobj:
	kobject_put(gvtmem_swapdev_kobj);
err_unregister:
	unregister_blkdev(gvtmem_swapdev_major, "gvtmem");
err_destroy_wq:
	destroy_workqueue(gvtmem_swapdev_wq);
	return ret;
}

/* At unload: no device is open (an open one holds the module). */
void gvtmem_swapdev_exit(void)
{
	int i;

	sysfs_remove_group(gvtmem_swapdev_kobj, &gvtmem_swapdev_group);
	mutex_lock(&gvtmem_swapdev_mutex);
	for (i = 0; i < GVTMEM_SWAPDEV_MAX; i++)
		if (gvtmem_swapdevs[i])
			WARN_ON(gvtmem_swapdev_remove(gvtmem_swapdevs[i]));
	mutex_unlock(&gvtmem_swapdev_mutex);
	kobject_put(gvtmem_swapdev_kobj);
	unregister_blkdev(gvtmem_swapdev_major, "gvtmem");
	destroy_workqueue(gvtmem_swapdev_wq);
}
