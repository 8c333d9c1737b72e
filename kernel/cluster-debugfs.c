// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster's test hooks, under the transport's debugfs directory
 * (rdma-transport/debugfs.c): built only with GVTMEM_TEST_HOOKS=1.
 *
 *   grant          "PEER N"  lend PEER N blocks by hand (no master needed)
 *   revoke         "PEER"    take back every block lent to PEER
 *   remote_blocks  (read)    blocks peers granted us
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include "borrow.h"
#include "gvtmem.h"
#include "lend.h"

/* "PEER N" grants PEER N blocks (N in hex, at most 64); "PEER" revokes. */
static ssize_t gvtmem_lend_debugfs_grant(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	u64 w[2];
	int ret;

	if (gvtmem_debugfs_words(ubuf, count, w, 2) != 2)
		return -EINVAL;
	ret = gvtmem_lend_grant(w[0], (unsigned int)min_t(u64, w[1], 64));
	return ret < 0 ? ret : count;
}

static ssize_t gvtmem_lend_debugfs_revoke(struct file *file,
					  const char __user *ubuf, size_t count,
					  loff_t *ppos)
{
	u64 w[1];

	if (gvtmem_debugfs_words(ubuf, count, w, 1) != 1)
		return -EINVAL;
	gvtmem_lend_revoke(w[0]);
	return count;
}

static const struct file_operations gvtmem_lend_debugfs_grant_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_lend_debugfs_grant,
};

static const struct file_operations gvtmem_lend_debugfs_revoke_fops = {
	.owner = THIS_MODULE,
	.write = gvtmem_lend_debugfs_revoke,
};

/* gvtmem_borrow_fops: remote_blocks read through gvtmem_borrow_show */
DEFINE_SHOW_ATTRIBUTE(gvtmem_borrow);

void gvtmem_cluster_debugfs_init(struct dentry *dir)
{
	if (!dir)
		return;
	debugfs_create_file("grant", 0200, dir, NULL,
			    &gvtmem_lend_debugfs_grant_fops);
	debugfs_create_file("revoke", 0200, dir, NULL,
			    &gvtmem_lend_debugfs_revoke_fops);
	debugfs_create_file("remote_blocks", 0400, dir, NULL,
			    &gvtmem_borrow_fops);
}
