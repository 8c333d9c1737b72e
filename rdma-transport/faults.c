// SPDX-License-Identifier: GPL-2.0
/*
 * Failure injection for tests, only with test_hooks=1: files under
 * /sys/kernel/debug/gvtmem/faults/ make the transport misbehave toward one
 * peer, as a bad network or a sick peer would.
 *
 *   drop      "PEER SECONDS"  frames to and from PEER are lost for SECONDS
 *             ("all SECONDS": every peer, as if this node hung; 0 ends it)
 *   loss      "PEER PERCENT SECONDS"  each frame to and from PEER is lost
 *             with PERCENT chance for SECONDS ("all ...": every peer)
 *   delay_ms  "PEER MS"       each frame and page I/O to PEER waits MS first
 *   fail_io   "PEER N"        the next N page reads or writes to PEER fail
 *                             with EIO without reaching the wire
 *   reset     "PEER"          reset the connection to PEER now, as a
 *                             timed-out request would
 *   state     (read)          one line per peer with a fault set
 *
 * Dropped frames count in transport/drops/fault_injected. RDMA pages
 * still flow while frames are dropped, as they would on a link that only
 * loses control traffic; fail_io covers page I/O.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../kernel/gvtmem.h"
#include "../kernel/protocol.h"
#include "conn-pri.h"
#include "transport.h"

struct gvtmem_fault {
	unsigned long drop_until;	/* jiffies; 0: none */
	unsigned long loss_until;	/* jiffies; 0: none */
	unsigned int loss_pct;
	unsigned int delay_ms;
	atomic_t fail_io;
};

/* Fields read and written with READ_ONCE/WRITE_ONCE or atomics: no lock. */
static struct gvtmem_fault gvtmem_faults[GVTMEM_MAX_NODES];
static bool gvtmem_faults_on;		/* any fault ever set */

static struct gvtmem_fault *gvtmem_fault_of(u32 peer)
{
	if (!READ_ONCE(gvtmem_faults_on) || peer >= GVTMEM_MAX_NODES)
		return NULL;
	return &gvtmem_faults[peer];
}

/* A frame to or from peer: true if it is to be lost (and counted). */
bool gvtmem_fault_drop_frame(u32 peer)
{
	struct gvtmem_fault *f = gvtmem_fault_of(peer);
	unsigned long until;

	if (!f)
		return false;
	until = READ_ONCE(f->drop_until);
	if (!until || time_after_eq(jiffies, until)) {
		until = READ_ONCE(f->loss_until);
		if (!until || time_after_eq(jiffies, until) ||
		    get_random_u32() % 100 >= READ_ONCE(f->loss_pct))
			return false;
	}
	atomic_long_inc(&gvtmem_drops[GVTMEM_DROP_FAULT]);
	return true;
}

/* Before a frame or page I/O to peer; process context only. */
void gvtmem_fault_delay(u32 peer)
{
	struct gvtmem_fault *f = gvtmem_fault_of(peer);
	unsigned int ms = f ? READ_ONCE(f->delay_ms) : 0;

	if (ms)
		msleep(ms);
}

/* Before a page I/O to peer: -EIO if it is to fail. */
int gvtmem_fault_page_io(u32 peer)
{
	struct gvtmem_fault *f = gvtmem_fault_of(peer);

	if (f && atomic_dec_if_positive(&f->fail_io) >= 0)
		return -EIO;
	return 0;
}

/* "PEER" or (if all_ok) "all": first/last peer to apply a fault to. */
static int gvtmem_fault_who(const char *who, bool all_ok, u32 *first,
			    u32 *last)
{
	if (all_ok && !strcmp(who, "all")) {
		*first = 0;
		*last = GVTMEM_MAX_NODES - 1;
		return 0;
	}
	if (kstrtou32(who, 10, first) || *first >= GVTMEM_MAX_NODES)
		return -EINVAL;
	*last = *first;
	return 0;
}

/*
 * "PEER V1 [V2]" or (if all_ok) "all V1 [V2]": nv values into v, and the
 * first/last peer to apply them to.
 */
static int gvtmem_fault_parse(const char __user *ubuf, size_t count,
			      bool all_ok, u32 *first, u32 *last, u32 *v,
			      int nv)
{
	char who[8], *buf;
	u32 extra[2];
	int ret = -EINVAL;

	if (count > 64)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (sscanf(buf, "%7s %u %u", who, &extra[0], &extra[1]) == 1 + nv) {
		memcpy(v, extra, nv * sizeof(*v));
		ret = gvtmem_fault_who(who, all_ok, first, last);
	}
	kfree(buf);
	return ret;
}

static ssize_t gvtmem_fault_drop_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	u32 first, last, secs, p;
	unsigned long until;

	if (gvtmem_fault_parse(ubuf, count, true, &first, &last, &secs, 1) ||
	    secs > 3600)
		return -EINVAL;
	until = secs ? jiffies + secs * HZ : 0;
	WRITE_ONCE(gvtmem_faults_on, true);
	for (p = first; p <= last; p++)
		WRITE_ONCE(gvtmem_faults[p].drop_until, until);
	if (first == last)
		pr_warn("fault injection: frames to and from node %u dropped for %u s\n",
			first, secs);
	else
		pr_warn("fault injection: frames to and from every node dropped for %u s\n",
			secs);
	return count;
}

static ssize_t gvtmem_fault_loss_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	u32 first, last, v[2], p;
	unsigned long until;

	if (gvtmem_fault_parse(ubuf, count, true, &first, &last, v, 2) ||
	    v[0] > 100 || v[1] > 3600)
		return -EINVAL;
	until = v[0] && v[1] ? jiffies + v[1] * HZ : 0;
	WRITE_ONCE(gvtmem_faults_on, true);
	for (p = first; p <= last; p++) {
		WRITE_ONCE(gvtmem_faults[p].loss_pct, v[0]);
		WRITE_ONCE(gvtmem_faults[p].loss_until, until);
	}
	if (first == last)
		pr_warn("fault injection: %u%% of frames to and from node %u lost for %u s\n",
			v[0], first, v[1]);
	else
		pr_warn("fault injection: %u%% of frames to and from every node lost for %u s\n",
			v[0], v[1]);
	return count;
}

static ssize_t gvtmem_fault_delay_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	u32 first, last, ms;

	if (gvtmem_fault_parse(ubuf, count, false, &first, &last, &ms, 1) ||
	    ms > 10000)
		return -EINVAL;
	WRITE_ONCE(gvtmem_faults_on, true);
	WRITE_ONCE(gvtmem_faults[first].delay_ms, ms);
	pr_warn("fault injection: frames and page I/O to node %u delayed %u ms\n",
		first, ms);
	return count;
}

static ssize_t gvtmem_fault_fail_io_write(struct file *file,
					  const char __user *ubuf, size_t count,
					  loff_t *ppos)
{
	u32 first, last, n;

	if (gvtmem_fault_parse(ubuf, count, false, &first, &last, &n, 1) ||
	    n > INT_MAX)
		return -EINVAL;
	WRITE_ONCE(gvtmem_faults_on, true);
	atomic_set(&gvtmem_faults[first].fail_io, n);
	pr_warn("fault injection: the next %u page I/Os to node %u fail\n",
		n, first);
	return count;
}

static ssize_t gvtmem_fault_reset_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	u32 peer;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 10, &peer);
	if (ret)
		return ret;
	if (!gvtmem_conn_find(peer))
		return -ENOENT;
	pr_warn("fault injection: resetting the connection to node %u\n", peer);
	gvtmem_transport_reset(peer);
	return count;
}

static int gvtmem_fault_state_show(struct seq_file *m, void *v)
{
	u32 p;

	for (p = 0; p < GVTMEM_MAX_NODES; p++) {
		struct gvtmem_fault *f = &gvtmem_faults[p];
		unsigned long until = READ_ONCE(f->drop_until);
		unsigned int left = 0, loss_left = 0;

		if (until && time_before(jiffies, until))
			left = jiffies_to_msecs(until - jiffies);
		until = READ_ONCE(f->loss_until);
		if (until && time_before(jiffies, until))
			loss_left = jiffies_to_msecs(until - jiffies);
		if (!left && !loss_left && !READ_ONCE(f->delay_ms) &&
		    !atomic_read(&f->fail_io))
			continue;
		seq_printf(m, "%u drop_ms_left=%u delay_ms=%u fail_io=%d loss_pct=%u loss_ms_left=%u\n",
			   p, left, READ_ONCE(f->delay_ms),
			   atomic_read(&f->fail_io),
			   loss_left ? READ_ONCE(f->loss_pct) : 0, loss_left);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gvtmem_fault_state);

static const struct file_operations gvtmem_fault_drop_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_fault_drop_write,
};

static const struct file_operations gvtmem_fault_loss_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_fault_loss_write,
};

static const struct file_operations gvtmem_fault_delay_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_fault_delay_write,
};

static const struct file_operations gvtmem_fault_fail_io_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_fault_fail_io_write,
};

static const struct file_operations gvtmem_fault_reset_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_fault_reset_write,
};

void gvtmem_faults_debugfs_init(struct dentry *parent)
{
	struct dentry *dir = debugfs_create_dir("faults", parent);

	debugfs_create_file("drop", 0200, dir, NULL, &gvtmem_fault_drop_fops);
	debugfs_create_file("loss", 0200, dir, NULL, &gvtmem_fault_loss_fops);
	debugfs_create_file("delay_ms", 0200, dir, NULL,
			    &gvtmem_fault_delay_fops);
	debugfs_create_file("fail_io", 0200, dir, NULL,
			    &gvtmem_fault_fail_io_fops);
	debugfs_create_file("reset", 0200, dir, NULL, &gvtmem_fault_reset_fops);
	debugfs_create_file("state", 0400, dir, NULL, &gvtmem_fault_state_fops);
}
