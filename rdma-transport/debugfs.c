// SPDX-License-Identifier: GPL-2.0
/*
 * Test hooks, only with the module parameter test_hooks=1: files under
 * /sys/kernel/debug/gvtmem/ that make this node send what a test asks,
 * including frames a well-behaved node never sends.
 *
 *   send      "PEER TYPE HEXPAYLOAD"  a proper frame carrying the payload
 *   send_raw  "PEER HEXBYTES"         bytes as they are (malformed frames)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../kernel/gvtmem.h"
#include "conn-pri.h"
#include "transport.h"

static bool gvtmem_test_hooks;
module_param_named(test_hooks, gvtmem_test_hooks, bool, 0444);
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
	ret = raw ? gvtmem_transport_send_raw(peer, bytes, len) :
		    gvtmem_transport_send(peer, type, bytes, len);
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

void gvtmem_debugfs_init(void)
{
	if (!gvtmem_test_hooks)
		return;
	gvtmem_debugfs_dir = debugfs_create_dir("gvtmem", NULL);
	debugfs_create_file("send", 0200, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_send_fops);
	debugfs_create_file("send_raw", 0200, gvtmem_debugfs_dir, NULL,
			    &gvtmem_debugfs_send_raw_fops);
	pr_warn("test hooks enabled: /sys/kernel/debug/gvtmem can send arbitrary frames\n");
}

void gvtmem_debugfs_exit(void)
{
	debugfs_remove_recursive(gvtmem_debugfs_dir);
	gvtmem_debugfs_dir = NULL;
}
