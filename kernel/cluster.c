// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster configuration in sysfs: cluster/config takes the whole
 * configuration file (see config.h) in one write; a valid one replaces the
 * running one and restarts the transport with it, an invalid one is
 * refused with the line and field at fault, changing nothing.
 * cluster/key (write only) takes the cluster key as hex digits;
 * cluster/key_set says whether one is set. The membership files are the
 * manager's (manager-sysfs.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../rdma-transport/transport.h"
#include "auth.h"
#include "borrow.h"
#include "lend.h"
#include "config.h"
#include "loans.h"
#include "manager.h"
#include "protocol.h"
#include "gvtmem.h"

/* Serialises configuration changes; protects gvtmem_cfg. */
static DEFINE_MUTEX(gvtmem_cluster_mutex);
static struct gvtmem_config *gvtmem_cfg;	/* NULL until configured */
static struct kobject *gvtmem_cluster_kobj;

/* Messages from peers (process context; payload already validated). */
static void gvtmem_cluster_recv(void *priv, u32 peer, const struct gvtmem_frame *f)
{
	gvtmem_mgr_recv(peer, f);
}

/*
 * A peer we may hold pages at is unreachable: its zone goes, or waits
 * offline for the reconnect if loans are kept (loans.c).
 */
static void gvtmem_cluster_peer_down(void *priv, u32 peer)
{
	gvtmem_loans_peer_down(peer);
}

/* Reconnected: reconcile the loans between us (loans.c). */
static void gvtmem_cluster_peer_up(void *priv, u32 peer)
{
	gvtmem_loans_peer_up(peer);
}

static unsigned int gvtmem_cluster_blocks_borrowed(void *priv, u32 peer)
{
	return gvtmem_borrow_blocks_from(peer);
}

static unsigned int gvtmem_cluster_blocks_lent(void *priv, u32 peer)
{
	return gvtmem_lend_blocks_to(peer);
}

/* The transport ended what we exposed to peer: those loans are over. */
static void gvtmem_cluster_unexposed(void *priv, u32 peer)
{
	gvtmem_lend_unexposed(peer);
}

/* Frame tags are the cluster key's (auth.c), bound to the connection. */
static int gvtmem_cluster_tag(void *priv, void *buf, u32 len,
			      const struct gvtmem_frame_bind *bind)
{
	return gvtmem_auth_tag_frame(buf, len, bind);
}

static bool gvtmem_cluster_tag_ok(void *priv, void *buf, u32 len,
				  const struct gvtmem_frame_bind *bind)
{
	return gvtmem_auth_frame_ok(buf, len, bind);
}

/* What a payload must look like is the protocol's (protocol.c). */
static bool gvtmem_cluster_payload_ok(void *priv, const struct gvtmem_frame *f)
{
	return gvtmem_msg_validate(f->type, f->payload, f->len) == GVTMEM_MSG_OK;
}

static const struct gvtmem_transport_ops gvtmem_cluster_ops = {
	.recv = gvtmem_cluster_recv,
	.peer_up = gvtmem_cluster_peer_up,
	.peer_down = gvtmem_cluster_peer_down,
	.unexposed = gvtmem_cluster_unexposed,
	.blocks_lent = gvtmem_cluster_blocks_lent,
	.blocks_borrowed = gvtmem_cluster_blocks_borrowed,
	.tag = gvtmem_cluster_tag,
	.tag_ok = gvtmem_cluster_tag_ok,
	.payload_ok = gvtmem_cluster_payload_ok,
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
	gvtmem_mgr_stop();
	gvtmem_lend_stop();
	gvtmem_transport_stop();
	gvtmem_mgr_stop();
	gvtmem_loans_stop();
	ret = gvtmem_transport_start(cfg, &gvtmem_cluster_ops, NULL);
	if (!ret) {
		ret = gvtmem_mgr_start(cfg);
		if (ret)
			gvtmem_transport_stop();
	}
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

static ssize_t key_store(struct kobject *k, struct kobj_attribute *a,
			 const char *buf, size_t count)
{
	int ret = gvtmem_auth_set_key(buf, count);

	if (ret)
		return ret;
	gvtmem_mgr_kick();
	return count;
}

static ssize_t key_set_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", gvtmem_auth_has_key());
}

static struct kobj_attribute gvtmem_config_attr = __ATTR_RW(config);
static struct kobj_attribute gvtmem_key_attr = __ATTR_WO(key);
static struct kobj_attribute gvtmem_key_set_attr = __ATTR_RO(key_set);

static struct attribute *gvtmem_cluster_attrs[] = {
	&gvtmem_config_attr.attr,
	&gvtmem_key_attr.attr,
	&gvtmem_key_set_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_cluster_group = {
	.attrs = gvtmem_cluster_attrs,
};

int gvtmem_cluster_init(struct kobject *parent)
{
	int ret;

	gvtmem_auth_init();
	gvtmem_borrow_init();
	ret = gvtmem_mgr_init();
	if (ret)
		goto err_auth;
	gvtmem_cluster_kobj = kobject_create_and_add("cluster", parent);
	if (!gvtmem_cluster_kobj) {
		ret = -ENOMEM;
		goto err_mgr;
	}
	ret = sysfs_create_group(gvtmem_cluster_kobj, &gvtmem_cluster_group);
	if (ret)
		goto err_kobj;
	ret = gvtmem_mgr_sysfs_init(gvtmem_cluster_kobj);
	if (ret)
		goto err_group;
	ret = gvtmem_lend_init(gvtmem_transport_kobject());
	if (ret)
		goto err_mgr_sysfs;
	return 0;

err_mgr_sysfs:
	gvtmem_mgr_sysfs_exit(gvtmem_cluster_kobj);
err_group:
	sysfs_remove_group(gvtmem_cluster_kobj, &gvtmem_cluster_group);
err_kobj:
	kobject_put(gvtmem_cluster_kobj);
err_mgr:
	gvtmem_mgr_exit();
err_auth:
	gvtmem_auth_exit();
	return ret;
}

void gvtmem_cluster_exit(void)
{
	mutex_lock(&gvtmem_cluster_mutex);
	gvtmem_mgr_stop();
	gvtmem_lend_stop();
	gvtmem_transport_stop();
	gvtmem_mgr_stop();
	gvtmem_loans_stop();
	kfree(gvtmem_cfg);
	gvtmem_cfg = NULL;
	mutex_unlock(&gvtmem_cluster_mutex);
	/* The transport stopped: every block lent is free again. */
	gvtmem_lend_exit(gvtmem_transport_kobject());
	gvtmem_mgr_sysfs_exit(gvtmem_cluster_kobj);
	sysfs_remove_group(gvtmem_cluster_kobj, &gvtmem_cluster_group);
	kobject_put(gvtmem_cluster_kobj);
	gvtmem_mgr_exit();
	gvtmem_auth_exit();
}
