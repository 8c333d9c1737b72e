// SPDX-License-Identifier: GPL-2.0
/*
 * Test hooks, only with the module parameter test_hooks=1: files under
 * /sys/kernel/debug/gvtmem/ that make this node send what a test asks,
 * including frames a well-behaved node never sends.
 *
 *   send          "PEER TYPE HEXPAYLOAD"  a proper frame carrying the payload
 *   send_raw      "PEER HEXBYTES"         bytes as they are (malformed frames)
 *   replay        "PEER"                  the last frame send sent to PEER again,
 *                 verbatim, tag and sequence number as they were: on the
 *                 same connection a replay, on a later one a frame from
 *                 another connection; the peer must refuse both
 *   grant         "PEER NBLOCKS"          lend blocks by hand (no master yet)
 *   revoke        "PEER"                  take back all blocks lent to PEER
 *   remote_blocks (read)                  blocks peers granted us
 *   rdma_devices  (read)                  RDMA devices' reference counts,
 *                 and which netdev the RDMA core maps to which device
 *   rw_test       "PEER ADDR RKEY"        RDMA WRITE a pattern page to
 *                 ADDR (hex) under RKEY (hex), READ it back, compare;
 *                 the write() fails unless all of it worked
 *   bench         "PEER ADDR RKEY N"      time N synchronous 4 KiB RDMA
 *                 WRITEs, N READs, N reads and N writes of 8 adjacent
 *                 pages at ADDR in one go (per page), N READs each posted
 *                 behind
 *                 GVTMEM_BENCH_QUEUED asynchronous WRITEs (a load while
 *                 pages are being stored) and N memcpys; read the file for
 *                 the figures (median and p99 in ns, MB/s)
 *   faults/       failure injection (faults.c)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../kernel/gvtmem.h"
#include "../kernel/parse.h"
#include "conn-pri.h"
#include "transport.h"

static bool gvtmem_test_hooks;
module_param_cb(test_hooks, &gvtmem_param_ops_bool, &gvtmem_test_hooks, 0444);
MODULE_PARM_DESC(test_hooks, "Create test-only files in debugfs (default off)");

static struct dentry *gvtmem_debugfs_dir;

/* Parse "PEER [TYPE] HEX" from user; returns payload length or -errno. */
static ssize_t gvtmem_debugfs_parse(const char __user *ubuf, size_t count,
				    bool with_type, u32 *peer, u16 *type,
				    u8 *out)
{
	char *buf, *p, *word;
	size_t hexlen;
	ssize_t ret = -EINVAL;

	if (count > 2 * GVTMEM_FRAME_MAX_LEN + 32)
		return -EMSGSIZE;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	word = strsep(&p, " ");
	if (!word || kstrtou32(word, 10, peer))
		goto out;
	if (with_type) {
		word = strsep(&p, " ");
		if (!word || kstrtou16(word, 10, type))
			goto out;
	}
	p = p ? strim(p) : "";
	hexlen = strlen(p);
	if (hexlen % 2 || hexlen / 2 > GVTMEM_FRAME_MAX_LEN)
		goto out;
	if (hex2bin(out, p, hexlen / 2))
		goto out;
	ret = hexlen / 2;
out:
	kfree(buf);
	return ret;
}

static ssize_t gvtmem_debugfs_write(struct file *file, const char __user *ubuf,
				    size_t count, bool raw)
{
	u8 *bytes;
	u32 peer;
	u16 type = 0;
	ssize_t len;
	int ret;

	bytes = kmalloc(GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
	if (!bytes)
		return -ENOMEM;
	len = gvtmem_debugfs_parse(ubuf, count, !raw, &peer, &type, bytes);
	if (len < 0) {
		kfree(bytes);
		return len;
	}
	ret = raw ? gvtmem_transport_send_raw(peer, bytes, len, true) :
		    gvtmem_transport_send_recorded(peer, type, bytes, len);
	kfree(bytes);
	return ret ? ret : count;
}

static ssize_t gvtmem_debugfs_send(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	return gvtmem_debugfs_write(file, ubuf, count, false);
}

static ssize_t gvtmem_debugfs_send_raw(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	return gvtmem_debugfs_write(file, ubuf, count, true);
}

static const struct file_operations gvtmem_debugfs_send_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_debugfs_send,
};

static const struct file_operations gvtmem_debugfs_send_raw_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_debugfs_send_raw,
};

/*
 * The last frame the send hook sent to each peer, as it went on the wire,
 * for replay.
 * gvtmem_recorded_mutex protects the array; the send path is process
 * context.
 */
static DEFINE_MUTEX(gvtmem_recorded_mutex);
static struct gvtmem_recorded {
	u8 *buf;
	u32 len;
} gvtmem_recorded[GVTMEM_MAX_NODES];

void gvtmem_debugfs_record_frame(u32 peer, const void *buf, u32 len)
{
	struct gvtmem_recorded *r;

	if (!gvtmem_test_hooks || peer >= GVTMEM_MAX_NODES ||
	    len > GVTMEM_FRAME_MAX_LEN)
		return;
	r = &gvtmem_recorded[peer];
	mutex_lock(&gvtmem_recorded_mutex);
	if (!r->buf)	/* under the queue (qp_sem): no reclaim */
		r->buf = kmalloc(GVTMEM_FRAME_MAX_LEN, GFP_NOWAIT | __GFP_NOWARN);
	if (r->buf) {
		memcpy(r->buf, buf, len);
		r->len = len;
	}
	mutex_unlock(&gvtmem_recorded_mutex);
}

static ssize_t gvtmem_debugfs_replay(struct file *file,
				     const char __user *ubuf, size_t count,
				     loff_t *ppos)
{
	u8 *bytes;
	u32 peer, len = 0;
	int ret;

	ret = kstrtou32_from_user(ubuf, count, 10, &peer);
	if (ret)
		return ret;
	if (peer >= GVTMEM_MAX_NODES)
		return -EINVAL;
	bytes = kmalloc(GVTMEM_FRAME_MAX_LEN, GFP_KERNEL);
	if (!bytes)
		return -ENOMEM;
	mutex_lock(&gvtmem_recorded_mutex);
	if (gvtmem_recorded[peer].buf) {
		len = gvtmem_recorded[peer].len;
		memcpy(bytes, gvtmem_recorded[peer].buf, len);
	}
	mutex_unlock(&gvtmem_recorded_mutex);
	ret = len ? gvtmem_transport_send_raw(peer, bytes, len, false) :
		    -ENODATA;
	kfree(bytes);
	if (!ret)
		pr_warn("test hook: replayed the last frame sent to node %u\n",
			peer);
	return ret ? ret : count;
}

static const struct file_operations gvtmem_debugfs_replay_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_debugfs_replay,
};

/* Parse up to n unsigned words of user input, in base 16 past the first. */
int gvtmem_debugfs_words(const char __user *ubuf, size_t count,
				u64 *w, int n)
{
	char *buf, *p, *word;
	int i = 0;

	if (count > 128)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	p = strim(buf);
	while (i < n && (word = strsep(&p, " ")) != NULL) {
		if (!*word)
			continue;
		if (kstrtou64(word, i ? 16 : 10, &w[i]))
			break;
		i++;
	}
	kfree(buf);
	return i;
}

static ssize_t gvtmem_debugfs_rw_test(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct page *out, *in;
	u64 w[3];
	u32 *p, i;
	int ret;

	if (gvtmem_debugfs_words(ubuf, count, w, 3) != 3)
		return -EINVAL;
	out = alloc_page(GFP_KERNEL);
	in = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!out || !in) {
		ret = -ENOMEM;
		goto out_pages;
	}
	p = kmap(out);
	for (i = 0; i < PAGE_SIZE / 4; i++)
		p[i] = i * 2654435761u ^ (u32)w[1];
	kunmap(out);
	ret = gvtmem_transport_page_io(w[0], out, w[1], w[2], true);
	if (!ret)
		ret = gvtmem_transport_page_io(w[0], in, w[1], w[2], false);
	if (!ret && memcmp(page_address(out), page_address(in), PAGE_SIZE))
		ret = -EILSEQ;
	pr_info("rw_test peer %llu addr %llx key %llx: %d\n", w[0], w[1], w[2], ret);
out_pages:
	if (out)
		__free_page(out);
	if (in)
		__free_page(in);
	return ret ? ret : count;
}

/* Latest bench figures, shown by reading the bench file. */
#define GVTMEM_BENCH_BATCH 8
#define GVTMEM_BENCH_QUEUED 32	/* backend/async_writes' default */
static DEFINE_MUTEX(gvtmem_bench_mutex);
static char gvtmem_bench_result[768];

/* The bench's asynchronous writes still out; static: one may end late. */
static atomic_t gvtmem_bench_writes_out = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(gvtmem_bench_writes_wq);

static void gvtmem_bench_write_done(void *ctx, int ret)
{
	if (atomic_dec_and_test(&gvtmem_bench_writes_out))
		wake_up(&gvtmem_bench_writes_wq);
}

/*
 * One load of page b from addr, timed, posted behind GVTMEM_BENCH_QUEUED
 * asynchronous writes of page a to the pages after it: what a page fault
 * meets while reclaim is storing. The writes end before it returns.
 */
static int gvtmem_bench_read_behind(u32 peer, struct page *a,
				    struct page *b, u64 addr, u32 rkey,
				    u64 *ns)
{
	unsigned int j;
	int ret = 0;
	u64 t;

	for (j = 1; j <= GVTMEM_BENCH_QUEUED && !ret; j++) {
		atomic_inc(&gvtmem_bench_writes_out);
		ret = gvtmem_transport_page_write_async(peer, a,
							addr + j * PAGE_SIZE,
							rkey,
							gvtmem_bench_write_done,
							NULL);
		if (ret)
			atomic_dec(&gvtmem_bench_writes_out);
	}
	t = ktime_get_ns();
	if (!ret)
		ret = gvtmem_transport_page_io(peer, b, addr, rkey, false);
	*ns = ktime_get_ns() - t;
	if (!wait_event_timeout(gvtmem_bench_writes_wq,
				!atomic_read(&gvtmem_bench_writes_out),
				msecs_to_jiffies(10000)))
		ret = ret ?: -ETIMEDOUT;
	return ret;
}

static int gvtmem_bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Sort ns[0..n) and describe it: median, 99th percentile, MB/s. */
static int gvtmem_bench_fmt(char *buf, size_t len, const char *what, u64 *ns,
			    unsigned int n)
{
	u64 total = 0;
	unsigned int i;

	sort(ns, n, sizeof(*ns), gvtmem_bench_cmp, NULL);
	for (i = 0; i < n; i++)
		total += ns[i];
	return scnprintf(buf, len, "%s_median_ns=%llu %s_p99_ns=%llu %s_mbps=%llu ",
			 what, ns[n / 2], what, ns[(n * 99) / 100], what,
			 total ? (u64)n * PAGE_SIZE * 1000 / total : 0);
}

/*
 * One request for GVTMEM_BENCH_BATCH adjacent pages at addr (one work
 * request, a page per SGE); the time per page in *ns.
 */
static int gvtmem_bench_batch(u32 peer, u64 addr, u32 rkey, struct page **pages,
			      struct gvtmem_page_io *io, bool write, u64 *ns)
{
	unsigned int j;
	u64 t;

	for (j = 0; j < GVTMEM_BENCH_BATCH; j++)
		io[j] = (struct gvtmem_page_io){
			.addr = addr + j * PAGE_SIZE, .rkey = rkey,
			.page = pages[j] };
	t = ktime_get_ns();
	if (gvtmem_transport_page_io_many(peer, io, GVTMEM_BENCH_BATCH,
					  write) != GVTMEM_BENCH_BATCH)
		return io[0].ret ?: -EIO;
	*ns = (ktime_get_ns() - t) / GVTMEM_BENCH_BATCH;
	return 0;
}

static ssize_t gvtmem_debugfs_bench(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct gvtmem_page_io io[GVTMEM_BENCH_BATCH];
	struct page *a = NULL, *b = NULL, *batch[GVTMEM_BENCH_BATCH] = {};
	u64 w[4], *ns = NULL, t;
	unsigned int i, j, n;
	size_t off = 0;
	int ret = 0;

	if (gvtmem_debugfs_words(ubuf, count, w, 4) != 4)
		return -EINVAL;
	/* The count is in hex like the other words past the first. */
	n = clamp_t(u64, w[3], 10, 100000);
	ns = vmalloc(array_size(n, sizeof(*ns)));
	a = alloc_page(GFP_KERNEL);
	b = alloc_page(GFP_KERNEL);
	for (j = 0; j < GVTMEM_BENCH_BATCH; j++) {
		batch[j] = alloc_page(GFP_KERNEL);
		if (!batch[j])
			ret = -ENOMEM;
	}
	if (ret || !ns || !a || !b) {
		ret = -ENOMEM;
		goto out;
	}
	memset(page_address(a), 0x5a, PAGE_SIZE);
	mutex_lock(&gvtmem_bench_mutex);
	off += scnprintf(gvtmem_bench_result, sizeof(gvtmem_bench_result), "n=%u ", n);
	for (i = 0; i < n && !ret; i++) {
		t = ktime_get_ns();
		ret = gvtmem_transport_page_io(w[0], a, w[1], w[2], true);
		ns[i] = ktime_get_ns() - t;
	}
	if (!ret)
		off += gvtmem_bench_fmt(gvtmem_bench_result + off,
					sizeof(gvtmem_bench_result) - off, "write", ns, n);
	for (i = 0; i < n && !ret; i++) {
		t = ktime_get_ns();
		ret = gvtmem_transport_page_io(w[0], b, w[1], w[2], false);
		ns[i] = ktime_get_ns() - t;
	}
	if (!ret)
		off += gvtmem_bench_fmt(gvtmem_bench_result + off,
					sizeof(gvtmem_bench_result) - off, "read", ns, n);
	/* Reads, then writes, in batches of GVTMEM_BENCH_BATCH: time per page. */
	for (j = 0; j < 2 && !ret; j++) {
		for (i = 0; i < n && !ret; i++)
			ret = gvtmem_bench_batch(w[0], w[1], w[2], batch, io, j,
						 &ns[i]);
		if (!ret)
			off += gvtmem_bench_fmt(gvtmem_bench_result + off,
						sizeof(gvtmem_bench_result) - off,
						j ? "write_batch" : "read_batch",
						ns, n);
	}
	for (i = 0; i < n && !ret; i++)
		ret = gvtmem_bench_read_behind(w[0], a, b, w[1], w[2], &ns[i]);
	if (!ret)
		off += gvtmem_bench_fmt(gvtmem_bench_result + off,
					sizeof(gvtmem_bench_result) - off,
					"read_behind_writes", ns, n);
	for (i = 0; i < n && !ret; i++) {
		t = ktime_get_ns();
		copy_highpage(b, a);
		ns[i] = ktime_get_ns() - t;
	}
	if (!ret)
		gvtmem_bench_fmt(gvtmem_bench_result + off,
				 sizeof(gvtmem_bench_result) - off, "memcpy", ns, n);
	else
		scnprintf(gvtmem_bench_result, sizeof(gvtmem_bench_result),
			  "failed: %d", ret);
	mutex_unlock(&gvtmem_bench_mutex);
out:
	if (a)
		__free_page(a);
	if (b)
		__free_page(b);
	for (j = 0; j < GVTMEM_BENCH_BATCH; j++)
		if (batch[j])
			__free_page(batch[j]);
	vfree(ns);
	return ret ? ret : count;
}

static ssize_t gvtmem_debugfs_bench_read(struct file *file, char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	char buf[sizeof(gvtmem_bench_result) + 1];
	size_t len;

	mutex_lock(&gvtmem_bench_mutex);
	len = scnprintf(buf, sizeof(buf), "%s\n", gvtmem_bench_result);
	mutex_unlock(&gvtmem_bench_mutex);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations gvtmem_debugfs_bench_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_debugfs_bench,
	.read = gvtmem_debugfs_bench_read,
};

static const struct file_operations gvtmem_debugfs_rw_test_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_debugfs_rw_test,
};

static int gvtmem_debugfs_rdma_devices_open(struct inode *inode,
					    struct file *file)
{
	return single_open(file, gvtmem_rdma_devices_show, NULL);
}

static const struct file_operations gvtmem_debugfs_rdma_devices_fops = {
	.owner = THIS_MODULE,
	.open = gvtmem_debugfs_rdma_devices_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* The test hooks' directory, or NULL when they are off. */
struct dentry *gvtmem_debugfs_init(void)
{
	if (!gvtmem_test_hooks)
		return NULL;
	gvtmem_debugfs_dir = debugfs_create_dir("gvtmem", NULL);
	debugfs_create_file("send", 0200, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_send_fops);
	debugfs_create_file("send_raw", 0200, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_send_raw_fops);
	debugfs_create_file("replay", 0200, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_replay_fops);
	debugfs_create_file("rw_test", 0200, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_rw_test_fops);
	debugfs_create_file("rdma_devices", 0400, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_rdma_devices_fops);
	debugfs_create_file("bench", 0600, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_bench_fops);
	gvtmem_faults_debugfs_init(gvtmem_debugfs_dir);
	pr_warn("test hooks enabled: /sys/kernel/debug/gvtmem can send arbitrary frames\n");
	return gvtmem_debugfs_dir;
}

void gvtmem_debugfs_exit(void)
{
	int i;

	debugfs_remove_recursive(gvtmem_debugfs_dir);
	gvtmem_debugfs_dir = NULL;
	for (i = 0; i < GVTMEM_MAX_NODES; i++) {
		kfree(gvtmem_recorded[i].buf);
		gvtmem_recorded[i].buf = NULL;
	}
}
