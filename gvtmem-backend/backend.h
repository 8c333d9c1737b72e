/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the backend's files: the store lock, statistics,
 * clients, zones and the store's entry points for the kernel hooks.
 */
#ifndef GVTMEM_BACKEND_H
#define GVTMEM_BACKEND_H

#include <linux/bio.h>
#include <linux/kobject.h>
#include <linux/mm_types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "buddy.h"
#include "index.h"
#include "tier1.h"

/*
 * gvtmem_store_lock protects every pool, object and entry, every zone's
 * allocator and reverse map, the clean-page LRU, and each client's counters
 * and limit. It is taken with interrupts off: cleancache calls come with
 * the page cache's i_pages lock held and interrupts disabled. Nothing that
 * sleeps, and no allocation that can reclaim, happens under it.
 */
extern spinlock_t gvtmem_store_lock;

/* The paper's per-client and per-node statistics. */
struct gvtmem_stats {
	unsigned long puts_ok, puts_failed;
	unsigned long gets_ok, gets_failed;
	unsigned long flushes_ok, flushes_failed;
};

/* ---- clients (client.c) ---- */

#define GVTMEM_MAX_CLIENTS 64
#define GVTMEM_CLIENT_NAME_LEN 96

struct gvtmem_client {
	int id;				/* memory cgroup id; 0: none/root */
	struct list_head list;		/* on gvtmem_clients */
	unsigned long pages;		/* pages held in all zones */
	unsigned long limit;		/* tier-1 maximum */
	unsigned long failed_round;	/* puts refused since last round */
	struct gvtmem_stats stats;
	char name[GVTMEM_CLIENT_NAME_LEN];	/* cgroup path */
	struct kobject kobj;		/* clients/<id>, added by a work item */
	bool kobj_added;
};

extern struct list_head gvtmem_clients;
extern unsigned int gvtmem_nr_clients;
extern enum gvtmem_tier1_policy gvtmem_tier1_policy;
extern unsigned int gvtmem_tier1_period_ms;

struct gvtmem_client *gvtmem_client_of(struct page *page);
void gvtmem_tier1_rebalance(void);
int gvtmem_clients_init(struct kobject *parent);
void gvtmem_clients_exit(void);

/* ---- zones (zone.c) ---- */

struct gvtmem_zone {
	const char *name;		/* "local", or the owner node's id */
	bool local;
	u32 peer;			/* remote: the owner node */
	char name_buf[12];
	struct gvtmem_buddy_zone buddy;
	struct list_head list;		/* on gvtmem_zones, closest first */
	unsigned long target_pages;	/* local: size asked for */
	/*
	 * remote: its donor is unreachable, or not yet reconciled after a
	 * reconnect. Nothing new is put in it; its pages stay (kernel/loans.c).
	 */
	bool offline;
	/*
	 * remote: the cluster counts its donor failed (Recovery) but has not
	 * fenced it yet. Nothing new is put in it; its pages stay readable,
	 * so a donor that was only slow loses none (kernel/manager.c).
	 */
	bool suspect;
	struct kobject *kobj;		/* zones/<name> */
};

/* Per-block data of a zone, kept in the buddy block's priv. */
struct gvtmem_zone_block {
	struct page *pages;		/* local: the block's first page */
	struct gvtmem_entry **rmap;	/* the entry using each page */
	u64 addr;			/* remote: block start under rkey */
	u32 rkey;
};

extern struct list_head gvtmem_zones;
extern struct gvtmem_zone gvtmem_local_zone;

struct gvtmem_zone_block *gvtmem_zone_block_alloc(unsigned int order);
void gvtmem_zone_block_free(struct gvtmem_zone_block *zb);
int gvtmem_zone_alloc_page(struct gvtmem_entry *e, bool remote_ok);
int gvtmem_zone_alloc_page_avoiding(struct gvtmem_entry *e, bool remote_ok,
				    const struct gvtmem_zone *avoid);
void gvtmem_zone_free_page(struct gvtmem_entry *e);
void gvtmem_zone_take_over(struct gvtmem_entry *to, struct gvtmem_entry *from);
void gvtmem_zone_write(struct gvtmem_entry *e, struct page *src);
void gvtmem_zone_read(struct gvtmem_entry *e, struct page *dst);
unsigned long gvtmem_zones_capacity(void);
unsigned long gvtmem_zones_free(void);
int gvtmem_local_zone_resize(unsigned long pages);
int gvtmem_zones_init(struct kobject *parent, unsigned long local_pages);
struct gvtmem_zone *gvtmem_zone_of_kobj(struct kobject *kobj);
extern struct kobject *gvtmem_zones_kobj;
extern const struct attribute_group gvtmem_zone_group;

/* ---- remote zones (remote-zone.c) ---- */

extern struct gvtmem_zone *gvtmem_remote_zones[];
/* How long a load waits for a zone offline after a reset (loans kept). */
#define GVTMEM_OFFLINE_WAIT_MS	5000
#define GVTMEM_OFFLINE_POLL_MS	50
bool gvtmem_remote_zone_wait_usable(u32 peer);
bool gvtmem_remote_zone_offline_locked(u32 peer);
struct gvtmem_remote_target {
	u32 peer;
	u32 rkey;
	u64 addr;
};

void gvtmem_remote_target(const struct gvtmem_entry *e,
			  struct gvtmem_remote_target *t);
int gvtmem_remote_io(const struct gvtmem_remote_target *t, struct page *page,
		     bool write);
int gvtmem_remote_write_copies(const struct gvtmem_remote_target *t,
			       unsigned int n, struct page *page);
void gvtmem_remote_zones_exit(void);
void gvtmem_zones_exit(void);

/* ---- durability of remote swap pages (replica.c) ---- */

enum gvtmem_durability {
	GVTMEM_DURABILITY_WRITETHROUGH,
	GVTMEM_DURABILITY_REPLICAS,
	GVTMEM_DURABILITY_WRITEBEHIND,
};

extern enum gvtmem_durability gvtmem_durability;

const char *gvtmem_durability_name(enum gvtmem_durability d);
bool gvtmem_durability_disk_copies(void);
int gvtmem_durability_parse(const char *buf, size_t count);
int gvtmem_durability_set(enum gvtmem_durability d);
void gvtmem_durability_zone_added(void);
bool gvtmem_replicas_on(void);
bool gvtmem_replica_sole_copy(const struct gvtmem_entry *e);
void gvtmem_replica_release(struct gvtmem_entry *e);
void gvtmem_replica_link(struct gvtmem_entry *e, struct gvtmem_entry *r);
bool gvtmem_replica_survive(struct gvtmem_entry *e);
void gvtmem_replica_lost(unsigned long n);
int gvtmem_replica_read(struct gvtmem_entry *e, struct page *page,
			unsigned long *flags);
int gvtmem_entry_write(struct gvtmem_entry *e, struct page *page,
		       unsigned long *flags);
int gvtmem_entry_write_pair(struct gvtmem_entry *e, struct gvtmem_entry *r,
			    struct page *page, unsigned long *flags);
void gvtmem_replica_exit(void);

/* ---- store (store.c) ---- */

#define GVTMEM_MAX_CLEAN_POOLS 32


/*
 * Where this node's puts and gets went, and why puts were refused
 * (stats/): under gvtmem_store_lock. Each sums to a counter above:
 * puts_ok = puts_local + puts_remote_async + puts_remote_sync;
 * puts_failed = the off, share, mem_limit, full, nomem, writebehind and
 * write_failed refusals; gets_ok = gets_local + gets_remote; gets_failed =
 * gets_not_found + gets_read_failed.
 */
struct gvtmem_path_stats {
	unsigned long puts_local, puts_remote_async, puts_remote_sync;
	unsigned long async_full, async_nomem;	/* why a remote put waited */
	unsigned long refused_share, refused_mem_limit, refused_full;
	unsigned long refused_nomem, write_failed;
	unsigned long refused_writebehind;	/* no room to stage a disk copy */
	unsigned long gets_local, gets_remote, gets_not_found, gets_read_failed;
	unsigned long prefetch_unused;	/* copies dropped, never loaded */
};

/*
 * Every counter and gauge of the backend, in one place (stats/ shows
 * them; Documentation/ABI/testing/sysfs-kernel-gvtmem says what each
 * means). Under gvtmem_store_lock, but the drain's two: the drain work
 * alone writes them and stats/ reads them without a lock.
 */
struct gvtmem_counters {
	struct gvtmem_stats node;	/* what Statistics reports (store.c) */
	struct gvtmem_path_stats paths;	/* where puts and gets went */
	unsigned long puts_refused_off;	/* of puts_failed: while disabled */
	unsigned long evictions;
	/* durability replicas (replica.c) */
	unsigned long replica_pages;	/* second copies held */
	unsigned long rerep_waiting;	/* pages with one copy, queued */
	unsigned long rerep_done;	/* second copies made again */
	unsigned long rerep_last_ms;	/* last queue-to-empty time */
	unsigned long lost_pages;	/* accepted swap pages with no copy */
	/* shared gets (store.c) */
	unsigned long kept_pages, kept_evictions;
	/* swap-in prefetch (prefetch.c) */
	unsigned long prefetch_pages;	/* copies held now */
	unsigned long prefetch_reads;	/* pages read ahead */
	unsigned long prefetch_hits;	/* loads served by a copy */
	/* asynchronous remote puts (put-async.c) */
	unsigned long async_failed, async_reposted, async_given_up;
	unsigned long batch_requests;	/* requests posted from the list... */
	unsigned long batch_pages;	/* ...and the pages they carried */
	unsigned long batch_skipped;	/* not posted: place freed meanwhile */
	/* disk copies of durability writebehind (writebehind.c) */
	unsigned long wb_written, wb_failed;
	/* the drain (drain.c) */
	unsigned long drain_dropped;	/* swap pages dropped: on the device */
	unsigned long drain_left;	/* swap pages the last drain left */
};

extern struct gvtmem_counters gvtmem_counters;

extern bool gvtmem_accepting;

struct gvtmem_pool *gvtmem_store_pool_create(bool persistent, int id);
void gvtmem_store_pool_destroy(struct gvtmem_pool *pool);
int gvtmem_store_put(struct gvtmem_pool *pool, const struct gvtmem_objkey *key,
		     pgoff_t index, struct page *page);
int gvtmem_store_put_to(struct gvtmem_pool *pool,
			const struct gvtmem_objkey *key, pgoff_t index,
			struct page *page, struct block_device *bdev);
int gvtmem_store_get(struct gvtmem_pool *pool, const struct gvtmem_objkey *key,
		     pgoff_t index, struct page *page);
void gvtmem_store_flush_page(struct gvtmem_pool *pool,
			     const struct gvtmem_objkey *key, pgoff_t index);
void gvtmem_store_flush_object(struct gvtmem_pool *pool,
			       const struct gvtmem_objkey *key);
void gvtmem_store_release(struct gvtmem_entry *e, void *priv);
struct gvtmem_entry *gvtmem_entry_alloc(gfp_t gfp);
void gvtmem_entry_free(struct gvtmem_entry *e);
bool gvtmem_store_evict_clean(struct gvtmem_object *keep);
void gvtmem_store_evict_entry(struct gvtmem_entry *e);
void gvtmem_store_drop(struct gvtmem_entry *e);
bool gvtmem_entry_on_disk(const struct gvtmem_entry *e);

/* Clean (cleancache) entries are on the clean LRU; swap entries never. */
static inline bool gvtmem_entry_is_clean(const struct gvtmem_entry *e)
{
	return !list_empty(&e->lru);
}
unsigned long gvtmem_store_pages(bool persistent);
int gvtmem_store_init(void);
void gvtmem_store_exit(void);

/* ---- sysfs stats/ and backend/ (stats.c) ---- */

int gvtmem_stats_init(struct kobject *parent);
struct kobject *gvtmem_backend_kobject(void);
void gvtmem_stats_exit(void);

/* ---- hooks (frontswap.c, cleancache.c) ---- */

int gvtmem_frontswap_register(void);
int gvtmem_cleancache_register(void);
void gvtmem_cleancache_flush_all(void);
void gvtmem_frontswap_drain(void);

/* ---- the drain (drain.c) ---- */

void gvtmem_drain_start(void);
void gvtmem_drain_exit(void);
void gvtmem_frontswap_writethrough(bool on);
unsigned int gvtmem_frontswap_wt_period(void);
extern bool gvtmem_shared_gets;

/* ---- swap-in prefetch (prefetch.c) ---- */

extern unsigned int gvtmem_prefetch_window;

int gvtmem_prefetch_load(struct gvtmem_entry *e, struct page *page,
			 unsigned long *flags);
void gvtmem_prefetch_forget(struct gvtmem_entry *e);

/* ---- asynchronous remote puts (put-async.c) ---- */

#define GVTMEM_PUT_ASYNC_DEFAULT 32
#define GVTMEM_PUT_ASYNC_LIMIT 48	/* below the send queue's depth */

extern unsigned int gvtmem_put_async_max;
extern unsigned int gvtmem_put_async_max_loading;
extern unsigned int gvtmem_put_async_replicas;

void gvtmem_put_async_note_load(void);

struct block_device;
struct gvtmem_put_async *gvtmem_put_async_prepare(struct gvtmem_entry *e,
						  struct gvtmem_entry *r,
						  struct page *page,
						  struct block_device *bdev,
						  struct gvtmem_pool *pool,
						  pgoff_t index, bool first);
bool gvtmem_put_async_full(void);
int gvtmem_put_async_post(struct gvtmem_put_async *a, unsigned long *flags);
void gvtmem_put_async_detach(struct gvtmem_entry *x);
void gvtmem_put_async_moved(struct gvtmem_entry *to, struct gvtmem_entry *from);
struct page *gvtmem_put_async_staged(const struct gvtmem_entry *e);
bool gvtmem_put_async_rescue(struct gvtmem_entry *e);
bool gvtmem_put_async_targets(u32 peer, u32 rkey);
void gvtmem_put_async_quiesce(u32 peer);
void gvtmem_put_async_wait_slot(const struct gvtmem_pool *pool, pgoff_t index);
void gvtmem_put_async_wait_pool(const struct gvtmem_pool *pool);
bool gvtmem_put_async_wait_room(void);
void gvtmem_put_async_flush(void);
extern unsigned int gvtmem_put_async_batch;
int gvtmem_put_async_init(void);
void gvtmem_put_async_exit(void);

/* ---- the swap block device front end (swapdev.c) ---- */

int gvtmem_swapdev_init(void);
void gvtmem_swapdev_exit(void);
bool gvtmem_swapdev_is_ours(struct block_device *bdev);

/* ---- disk copies of remote swap pages, durability writebehind (writebehind.c) ---- */

/* How long a store or load waits for an earlier disk copy of its slot. */
#define GVTMEM_WRITEBEHIND_WAIT_MS 10000


bool gvtmem_writebehind_on(void);
struct block_device *gvtmem_writebehind_bdev(struct page *page);
void gvtmem_writebehind_submit(struct bio *bio, struct bio_vec *bvec,
			       struct block_device *bdev, pgoff_t index,
			       struct page *page, bio_end_io_t *end_io,
			       void *priv);
void gvtmem_writebehind_release(struct bio *bio);
void gvtmem_writebehind_done(pgoff_t index, int ret, bool held, bool only,
			     u32 peer);

#endif /* GVTMEM_BACKEND_H */
