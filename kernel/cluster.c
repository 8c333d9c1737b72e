// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster configuration in sysfs: cluster/config takes the whole
 * configuration file (see config.h) in one write; a valid one replaces the
 * running one and restarts the transport with it, an invalid one is
 * refused with the line and field at fault, changing nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../rdma-transport/transport.h"
#include "config.h"
#include "protocol.h"
#include "gvtmem.h"

/* Serialises configuration changes; protects gvtmem_cfg. */
static DEFINE_MUTEX(gvtmem_cluster_mutex);
static struct gvtmem_config *gvtmem_cfg;	/* NULL until configured */
static struct kobject *gvtmem_cluster_kobj;

/* Messages from peers (process context; payload already validated). */
static void gvtmem_cluster_recv(void *priv, u32 peer, const struct gvtmem_frame *f)
{
	const struct gvtmem_msg_grant *g;
	unsigned int i;

	switch (f->type) {
	case GVTMEM_MSG_GRANT:
		g = f->payload;
		if (gvtmem_borrow_add(peer, g))
			break;
		for (i = 0; i < le16_to_cpu(g->count); i++)
			if (gvtmem_remote_zone_add(peer, le64_to_cpu(g->blocks[i].addr),
						   le32_to_cpu(g->blocks[i].rkey),
						   g->blocks[i].order))
				pr_warn("peer %u: cannot add granted block %u to its zone\n",
					peer, i);
		break;
	default:
		/* The rest of Table 1 belongs to the cluster manager. */
		break;
	}
}

/* A peer we may hold pages at is gone: so is everything it lent us. */
static void gvtmem_cluster_peer_down(void *priv, u32 peer)
{
	gvtmem_remote_zone_drop(peer);
}

static const struct gvtmem_transport_ops gvtmem_cluster_ops = {
	.recv = gvtmem_cluster_recv,
	.peer_down = gvtmem_cluster_peer_down,
};

static ssize_t config_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	ssize_t n = 0;
	unsigned int i;

	mutex_lock(&gvtmem_cluster_mutex);
	if (gvtmem_cfg) {
		n += sysfs_emit_at(buf, n, "self %u\nport %u\n", gvtmem_cfg->self,
				   gvtmem_cfg->port);
		for (i = 0; i < gvtmem_cfg->nr_nodes; i++)
			n += sysfs_emit_at(buf, n, "node %u %pI4\n",
					   gvtmem_cfg->nodes[i].id,
					   &gvtmem_cfg->nodes[i].addr);
	}
	mutex_unlock(&gvtmem_cluster_mutex);
	return n;
}

static ssize_t config_store(struct kobject *k, struct kobj_attribute *a,
			    const char *buf, size_t count)
{
	char err[GVTMEM_CONFIG_ERR_LEN];
	struct gvtmem_config *cfg, *old;
	int ret;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	ret = gvtmem_config_parse(buf, count, cfg, err, sizeof(err));
	if (ret) {
		pr_warn("cluster/config refused: %s\n", err);
		kfree(cfg);
		return ret;
	}

	mutex_lock(&gvtmem_cluster_mutex);
	gvtmem_transport_stop();
	ret = gvtmem_transport_start(cfg, &gvtmem_cluster_ops, NULL);
	if (ret) {
		pr_err("cluster/config: transport did not start: %d\n", ret);
		kfree(cfg);
		cfg = NULL;
	}
	old = gvtmem_cfg;
	gvtmem_cfg = cfg;
	mutex_unlock(&gvtmem_cluster_mutex);
	kfree(old);
	if (ret)
		return ret;
	pr_info("cluster/config: node %u of %u nodes\n", cfg->self, cfg->nr_nodes);
	return count;
}

static struct kobj_attribute gvtmem_config_attr = __ATTR_RW(config);

static struct attribute *gvtmem_cluster_attrs[] = {
	&gvtmem_config_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_cluster_group = {
	.attrs = gvtmem_cluster_attrs,
};

int gvtmem_cluster_init(struct kobject *parent)
{
	int ret;

	gvtmem_cluster_kobj = kobject_create_and_add("cluster", parent);
	if (!gvtmem_cluster_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(gvtmem_cluster_kobj, &gvtmem_cluster_group);
	if (ret)
		kobject_put(gvtmem_cluster_kobj);
	return ret;
}

void gvtmem_cluster_exit(void)
{
	sysfs_remove_group(gvtmem_cluster_kobj, &gvtmem_cluster_group);
	kobject_put(gvtmem_cluster_kobj);
	mutex_lock(&gvtmem_cluster_mutex);
	gvtmem_transport_stop();
	kfree(gvtmem_cfg);
	gvtmem_cfg = NULL;
	mutex_unlock(&gvtmem_cluster_mutex);
}
