// SPDX-License-Identifier: GPL-2.0
/*
 * The drain (backend/enabled = 0): empty the store in bounded time.
 *
 * Clean pages are dropped. Swap pages are swapped back in by the kernel's
 * frontswap_shrink(0), run in a kthread of its own, because in 5.10 it
 * returns only once its swap area holds no page at all: with any page on
 * the swap device it never returns by itself (try_to_unuse retries until
 * the thread has a signal pending), and in a work item it held a worker
 * and a CPU forever. The drain work watches the store and sends the
 * thread SIGKILL once every swap page is back, once none came back for
 * GVTMEM_DRAIN_STALL_MS, after GVTMEM_DRAIN_MAX_MS, or when puts are
 * accepted again. Swap pages still held whose copy the swap device also
 * has are then dropped: the kernel reads them from the device. What is
 * left after that has no other copy; it is counted and logged, and stays
 * until the kernel loads or frees it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/stringify.h>
#include <linux/workqueue.h>

#include "backend.h"

#define GVTMEM_DRAIN_POLL_MS	100
#define GVTMEM_DRAIN_STALL_MS	5000
#define GVTMEM_DRAIN_MAX_MS	300000
/* After SIGKILL, try_to_unuse stops within one page's swap-in. */
#define GVTMEM_DRAIN_STOP_MS	30000

static DECLARE_COMPLETION(gvtmem_drain_shrunk);

static int gvtmem_drain_shrink_fn(void *unused)
{
	allow_signal(SIGKILL);
	gvtmem_frontswap_drain();
	flush_signals(current);
	complete(&gvtmem_drain_shrunk);
	return 0;
}

/* Why the watched swap-in should stop now, or NULL to let it go on. */
static const char *gvtmem_drain_stop_reason(unsigned long left,
					    unsigned long start,
					    unsigned long progress)
{
	if (!left)
		return "every swap page is back";
	if (READ_ONCE(gvtmem_accepting))
		return "puts are accepted again";
	if (time_after(jiffies, progress + msecs_to_jiffies(GVTMEM_DRAIN_STALL_MS)))
		return "no swap page came back for " __stringify(GVTMEM_DRAIN_STALL_MS) " ms";
	if (time_after(jiffies, start + msecs_to_jiffies(GVTMEM_DRAIN_MAX_MS)))
		return "it ran " __stringify(GVTMEM_DRAIN_MAX_MS) " ms";
	return NULL;
}

/* Swap pages back in until done or stopped; false if it could not start. */
static bool gvtmem_drain_swap_in(void)
{
	unsigned long start = jiffies, progress = jiffies;
	unsigned long left, last = gvtmem_store_pages(true);
	struct task_struct *t;
	const char *why;

	reinit_completion(&gvtmem_drain_shrunk);
	t = kthread_run(gvtmem_drain_shrink_fn, NULL, "gvtmem-drain");
	if (IS_ERR(t)) {
		pr_warn("drain: cannot start the swap-in thread (%ld)\n", PTR_ERR(t));
		return false;
	}
	get_task_struct(t);
	while (!wait_for_completion_timeout(&gvtmem_drain_shrunk,
					    msecs_to_jiffies(GVTMEM_DRAIN_POLL_MS))) {
		left = gvtmem_store_pages(true);
		if (left < last) {
			last = left;
			progress = jiffies;
		}
		why = gvtmem_drain_stop_reason(left, start, progress);
		if (!why)
			continue;
		pr_info("drain: stopping the swap-in: %s\n", why);
		send_sig(SIGKILL, t, 1);
		while (!wait_for_completion_timeout(&gvtmem_drain_shrunk,
						    msecs_to_jiffies(GVTMEM_DRAIN_STOP_MS)))
			pr_warn("drain: the kernel's swap-in has not stopped %u s after it was told to; waiting\n",
				GVTMEM_DRAIN_STOP_MS / 1000);
		break;
	}
	put_task_struct(t);
	return true;
}

/*
 * Drop the swap entries of one block whose copy the swap device holds;
 * pages being read or written are left. Store lock held.
 */
static unsigned long gvtmem_drain_block(struct gvtmem_buddy_block *b)
{
	struct gvtmem_zone_block *zb = b->priv;
	unsigned long off, n = 0;

	for (off = 0; off < 1UL << b->order; off++) {
		struct gvtmem_entry *e = zb->rmap[off];

		if (!e || e->is_replica || gvtmem_entry_is_clean(e) || e->busy ||
		    e->pending || e->aw || !gvtmem_entry_on_disk(e))
			continue;
		gvtmem_store_drop(e);
		n++;
	}
	return n;
}

/*
 * Drop every swap page the swap device also holds, one block per hold of
 * the store lock. Zones may come and go between blocks; a block missed
 * then is counted in what is left.
 */
static unsigned long gvtmem_drain_on_disk(void)
{
	unsigned long nr = 0, k, dropped = 0;
	struct gvtmem_buddy_block *b;
	struct gvtmem_zone *z;
	bool more = true;

	while (more) {
		more = false;
		k = 0;
		spin_lock_irq(&gvtmem_store_lock);
		list_for_each_entry(z, &gvtmem_zones, list) {
			list_for_each_entry(b, &z->buddy.blocks, node) {
				if (k++ < nr)
					continue;
				dropped += gvtmem_drain_block(b);
				more = true;
				goto next;
			}
		}
next:
		spin_unlock_irq(&gvtmem_store_lock);
		nr++;
		cond_resched();
	}
	return dropped;
}

static void gvtmem_drain_workfn(struct work_struct *work)
{
	unsigned long t0 = jiffies, held = gvtmem_store_pages(true);
	unsigned long dropped = 0;
	bool swapped;

	pr_info("draining: dropping clean pages, bringing %lu swap pages back\n",
		held);
	gvtmem_cleancache_flush_all();
	swapped = gvtmem_drain_swap_in();
	if (!READ_ONCE(gvtmem_accepting))
		dropped = gvtmem_drain_on_disk();
	gvtmem_counters.drain_dropped += dropped;
	gvtmem_counters.drain_left = gvtmem_store_pages(true);
	pr_info("drained in %u ms: %lu swap pages back in memory or freed, %lu dropped (the swap device has them), %lu left (no other copy%s), %lu clean pages left\n",
		jiffies_to_msecs(jiffies - t0),
		held > dropped + gvtmem_counters.drain_left ?
		held - dropped - gvtmem_counters.drain_left : 0,
		dropped, gvtmem_counters.drain_left,
		READ_ONCE(gvtmem_accepting) ? "; stopped: puts accepted again" :
		swapped ? "; the kernel did not ask for them back" :
		"; no swap-in thread",
		gvtmem_store_pages(false));
}

static DECLARE_WORK(gvtmem_drain_work, gvtmem_drain_workfn);

/* Start a drain (puts already refused); one runs at a time. */
void gvtmem_drain_start(void)
{
	queue_work(system_long_wq, &gvtmem_drain_work);
}

void gvtmem_drain_exit(void)
{
	cancel_work_sync(&gvtmem_drain_work);
}
