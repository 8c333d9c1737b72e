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

/* A bio with one bvec, set up in place for one write of opf to bdev. */
#ifdef GVTMEM_HAVE_BIO_INIT_BDEV
#define gvtmem_bio_init_write(bio, bvec, bdev, opf) \
	bio_init(bio, bdev, bvec, 1, opf)
#else
#define gvtmem_bio_init_write(bio, bvec, bdev, opf)	\
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

#endif /* GVTMEM_COMPAT_H */
