/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where kernel-version differences are handled.
 *
 * Differences are detected by feature, not by version number. Kbuild
 * probes the target tree and defines:
 *   GVTMEM_HAVE_FRONTSWAP_EXPORT   frontswap_register_ops is exported
 *   GVTMEM_HAVE_CLEANCACHE_EXPORT  cleancache_register_ops is exported
 *   GVTMEM_NO_FRONTSWAP_IN_TREE    no linux/frontswap.h (removed in 6.5)
 *   GVTMEM_NO_CLEANCACHE_IN_TREE   no linux/cleancache.h (removed in 5.17)
 *   GVTMEM_HAVE_PAGE_MEMCG         page_memcg() exists
 *   GVTMEM_HAVE_FOLIO_MEMCG        folio_memcg() exists (alone in 6.12)
 *   GVTMEM_HAVE_BIO_INIT_BDEV      bio_init() takes the device and op (5.18)
 *   GVTMEM_HAVE_SUBMIT_BIO_QC      fops->submit_bio returns blk_qc_t (5.10)
 *   GVTMEM_HAVE_BLK_ALLOC_DISK     blk_alloc_disk(node) (5.15 to 6.8)
 *   GVTMEM_HAVE_BLK_ALLOC_DISK_LIM blk_alloc_disk(limits, node) (6.9)
 *   GVTMEM_HAVE_ADD_DISK_INT       add_disk() returns an error (5.15)
 *   GVTMEM_HAVE_BDEV_FILE_OPEN     bdev_file_open_by_path() (6.9)
 *   GVTMEM_HAVE_BDEV_NR_SECTORS    bdev_nr_sectors()
 *   GVTMEM_HAVE_BIO_BI_DISK        a bio names its gendisk (5.10)
 *   GVTMEM_HAVE_RW_PAGE            fops->rw_page exists (to 6.2)
 *   GVTMEM_HAVE_RW_PAGE_REQ_OP     rw_page takes an enum req_op (6.0)
 *   GVTMEM_HAVE_BDOPS_OPEN_DISK    fops->open takes the gendisk (6.5)
 * Everything else is decided here from Kconfig.
 */
#ifndef GVTMEM_COMPAT_H
#define GVTMEM_COMPAT_H

/* frontswap: in the tree and reachable from a module? */
#if IS_ENABLED(CONFIG_FRONTSWAP) && defined(GVTMEM_HAVE_FRONTSWAP_EXPORT)
#define GVTMEM_FRONTSWAP 1
#else
#define GVTMEM_FRONTSWAP 0
#endif

#if IS_ENABLED(CONFIG_CLEANCACHE) && defined(GVTMEM_HAVE_CLEANCACHE_EXPORT)
#define GVTMEM_CLEANCACHE 1
#else
#define GVTMEM_CLEANCACHE 0
#endif

/* Why a hook is missing, worded for an operator reading dmesg or sysfs. */
#if GVTMEM_FRONTSWAP
#define GVTMEM_FRONTSWAP_WHY ""
#elif defined(GVTMEM_NO_FRONTSWAP_IN_TREE)
#define GVTMEM_FRONTSWAP_WHY \
	"frontswap was removed from Linux in 6.5; no swap backend hook exists"
#elif IS_ENABLED(CONFIG_FRONTSWAP)
#define GVTMEM_FRONTSWAP_WHY \
	"frontswap is built in but frontswap_register_ops is not exported to modules (zswap owns the single frontswap slot)"
#else
#define GVTMEM_FRONTSWAP_WHY "kernel built without CONFIG_FRONTSWAP"
#endif

#if GVTMEM_CLEANCACHE
#define GVTMEM_CLEANCACHE_WHY ""
#elif defined(GVTMEM_NO_CLEANCACHE_IN_TREE)
#define GVTMEM_CLEANCACHE_WHY "cleancache was removed from Linux in 5.17"
#elif IS_ENABLED(CONFIG_CLEANCACHE)
#define GVTMEM_CLEANCACHE_WHY \
	"cleancache is built in but cleancache_register_ops is not exported to modules"
#else
#define GVTMEM_CLEANCACHE_WHY "kernel built without CONFIG_CLEANCACHE"
#endif

/*
 * The memory cgroup a page is charged to (page_memcg() arrived in 5.11
 * and left for folio_memcg()).
 */
#ifdef CONFIG_MEMCG
#ifdef GVTMEM_HAVE_PAGE_MEMCG
#define gvtmem_page_memcg(page) page_memcg(page)
#elif defined(GVTMEM_HAVE_FOLIO_MEMCG)
#define gvtmem_page_memcg(page) folio_memcg(page_folio(page))
#else
#define gvtmem_page_memcg(page) ((page)->mem_cgroup)
#endif
#endif

/* A bio with one bvec, set up in place for one request opf to bdev. */
#ifdef GVTMEM_HAVE_BIO_INIT_BDEV
#define gvtmem_bio_init_one(bio, bvec, bdev, opf) \
	bio_init(bio, bdev, bvec, 1, opf)
#else
#define gvtmem_bio_init_one(bio, bvec, bdev, opf)	\
	do {						\
		bio_init(bio, bvec, 1);			\
		bio_set_dev(bio, bdev);			\
		(bio)->bi_opf = (opf);			\
	} while (0)
#endif

/*
 * The largest order the page allocator hands out (linux/mmzone.h):
 * MAX_PAGE_ORDER since 6.8; before it, MAX_ORDER - 1 (6.4 to 6.7 also
 * allow MAX_ORDER itself: one less is still safe).
 */
#ifdef MAX_PAGE_ORDER
#define GVTMEM_MAX_PAGE_ORDER MAX_PAGE_ORDER
#else
#define GVTMEM_MAX_PAGE_ORDER (MAX_ORDER - 1)
#endif

/*
 * Block devices (swapdev.c): only where linux/blkdev.h came first.
 * fops->submit_bio's return: a blk_qc_t in 5.10, nothing since.
 */
#ifdef _LINUX_BLKDEV_H
#ifdef GVTMEM_HAVE_SUBMIT_BIO_QC
#define GVTMEM_SUBMIT_BIO_T blk_qc_t
#define GVTMEM_SUBMIT_BIO_DONE BLK_QC_T_NONE
#else
#define GVTMEM_SUBMIT_BIO_T void
#define GVTMEM_SUBMIT_BIO_DONE
#endif

/* No partition table is read from the device. */
#ifdef GENHD_FL_NO_PART_SCAN
#define GVTMEM_GENHD_NO_PART GENHD_FL_NO_PART_SCAN
#else
#define GVTMEM_GENHD_NO_PART GENHD_FL_NO_PART
#endif

#ifdef GVTMEM_HAVE_BDEV_NR_SECTORS
#define gvtmem_bdev_sectors(bdev) bdev_nr_sectors(bdev)
#else
#define gvtmem_bdev_sectors(bdev) (i_size_read((bdev)->bd_inode) >> SECTOR_SHIFT)
#endif

#ifdef GVTMEM_HAVE_BIO_BI_DISK
#define gvtmem_bio_disk(bio) ((bio)->bi_disk)
#else
#define gvtmem_bio_disk(bio) ((bio)->bi_bdev->bd_disk)
#endif

/*
 * fops->open and ->release: GVTMEM_BDOPS_OPEN(fn) defines an open
 * function with a local `disk`; GVTMEM_BDOPS_RELEASE(fn) a release one.
 */
#ifdef GVTMEM_HAVE_BDOPS_OPEN_DISK
#define GVTMEM_BDOPS_OPEN(fn) int fn(struct gendisk *disk, blk_mode_t mode)
#define GVTMEM_BDOPS_RELEASE(fn) void fn(struct gendisk *disk)
#define GVTMEM_BDOPS_OPEN_DISK(disk) (disk)
#else
#define GVTMEM_BDOPS_OPEN(fn) int fn(struct block_device *bdev, fmode_t mode)
#define GVTMEM_BDOPS_RELEASE(fn) void fn(struct gendisk *disk, fmode_t mode)
#define GVTMEM_BDOPS_OPEN_DISK(disk) (bdev->bd_disk)
#endif

/*
 * The synchronous-device flag, which lets the swap layer read a page in
 * place without swap-cache readahead (SWP_SYNCHRONOUS_IO): a fops->rw_page
 * to 6.2, QUEUE_FLAG_SYNCHRONOUS from 6.3, BLK_FEAT_SYNCHRONOUS from 6.11.
 * GVTMEM_RW_PAGE_OP_T is rw_page's op type where rw_page exists.
 */
#ifdef GVTMEM_HAVE_RW_PAGE
#ifdef GVTMEM_HAVE_RW_PAGE_REQ_OP
#define GVTMEM_RW_PAGE_OP_T enum req_op
#else
#define GVTMEM_RW_PAGE_OP_T unsigned int
#endif
#endif

/*
 * A bio-based disk with its queue: 4 KiB logical and physical blocks,
 * non-rotational, discard and write-zeroes in whole pages, flagged
 * synchronous when asked and the kernel has the flag (with rw_page the
 * caller's fops decide). NULL if out of memory.
 */
static inline struct gendisk *gvtmem_disk_alloc(bool synchronous)
{
	struct gendisk *disk;
#ifdef GVTMEM_HAVE_BLK_ALLOC_DISK_LIM
	struct queue_limits lim = {
		.logical_block_size = PAGE_SIZE,
		.physical_block_size = PAGE_SIZE,
		.io_min = PAGE_SIZE,
		.io_opt = PAGE_SIZE,
		.max_hw_discard_sectors = UINT_MAX,
		.discard_granularity = PAGE_SIZE,
		.max_write_zeroes_sectors = UINT_MAX,
	};

#ifdef BLK_FEAT_SYNCHRONOUS
	if (synchronous)
		lim.features |= BLK_FEAT_SYNCHRONOUS;
#endif
	disk = blk_alloc_disk(&lim, NUMA_NO_NODE);
	if (IS_ERR(disk))
		return NULL;
#if !defined(BLK_FEAT_SYNCHRONOUS) && defined(QUEUE_FLAG_SYNCHRONOUS)
	if (synchronous)
		blk_queue_flag_set(QUEUE_FLAG_SYNCHRONOUS, disk->queue);
#endif
	return disk;
#else
#ifdef GVTMEM_HAVE_BLK_ALLOC_DISK
	disk = blk_alloc_disk(NUMA_NO_NODE);
	if (!disk)
		return NULL;
#else
	struct request_queue *q = blk_alloc_queue(NUMA_NO_NODE);

	if (!q)
		return NULL;
	disk = alloc_disk(1);
	if (!disk) {
		blk_cleanup_queue(q);
		return NULL;
	}
	disk->queue = q;
#endif
	blk_queue_logical_block_size(disk->queue, PAGE_SIZE);
	blk_queue_physical_block_size(disk->queue, PAGE_SIZE);
	blk_queue_io_min(disk->queue, PAGE_SIZE);
	blk_queue_io_opt(disk->queue, PAGE_SIZE);
	blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
	disk->queue->limits.discard_granularity = PAGE_SIZE;
	blk_queue_max_discard_sectors(disk->queue, UINT_MAX);
	blk_queue_max_write_zeroes_sectors(disk->queue, UINT_MAX);
#ifdef QUEUE_FLAG_DISCARD
	blk_queue_flag_set(QUEUE_FLAG_DISCARD, disk->queue);
#endif
#ifdef QUEUE_FLAG_SYNCHRONOUS
	if (synchronous)
		blk_queue_flag_set(QUEUE_FLAG_SYNCHRONOUS, disk->queue);
#endif
	return disk;
#endif
}

/* Free a disk from gvtmem_disk_alloc, after del_gendisk if it was added. */
static inline void gvtmem_disk_free(struct gendisk *disk)
{
#if defined(GVTMEM_HAVE_BLK_ALLOC_DISK) || defined(GVTMEM_HAVE_BLK_ALLOC_DISK_LIM)
	put_disk(disk);
#else
	struct request_queue *q = disk->queue;

	put_disk(disk);
	blk_cleanup_queue(q);
#endif
}

static inline int gvtmem_disk_add(struct gendisk *disk)
{
#ifdef GVTMEM_HAVE_ADD_DISK_INT
	return add_disk(disk);
#else
	add_disk(disk);
	return 0;
#endif
}

/* A block device opened for reading and writing, held exclusively. */
struct gvtmem_bdev_ref {
	struct block_device *bdev;
#ifdef GVTMEM_HAVE_BDEV_FILE_OPEN
	struct file *file;
#endif
};

static inline int gvtmem_bdev_open(const char *path, void *holder,
				   struct gvtmem_bdev_ref *ref)
{
#ifdef GVTMEM_HAVE_BDEV_FILE_OPEN
	ref->file = bdev_file_open_by_path(path, BLK_OPEN_READ | BLK_OPEN_WRITE,
					   holder, NULL);
	if (IS_ERR(ref->file))
		return PTR_ERR(ref->file);
	ref->bdev = file_bdev(ref->file);
#else
	ref->bdev = blkdev_get_by_path(path, FMODE_READ | FMODE_WRITE | FMODE_EXCL,
				       holder);
	if (IS_ERR(ref->bdev))
		return PTR_ERR(ref->bdev);
#endif
	return 0;
}

static inline void gvtmem_bdev_close(struct gvtmem_bdev_ref *ref)
{
#ifdef GVTMEM_HAVE_BDEV_FILE_OPEN
	fput(ref->file);
#else
	blkdev_put(ref->bdev, FMODE_READ | FMODE_WRITE | FMODE_EXCL);
#endif
}
#endif /* _LINUX_BLKDEV_H */

#endif /* GVTMEM_COMPAT_H */
