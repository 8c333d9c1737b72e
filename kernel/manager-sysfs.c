// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster manager in sysfs, one value per file (documented in
 * Documentation/ABI/testing/sysfs-kernel-gvtmem):
 *
 * cluster/  state role master epoch active leave mem_limit_pages
 *           policy ttm_percent grant_ahead_s node_limit_mb grants_ordered_pages
 *           returns_ordered_pages stale_orders_dropped inbox_dropped
 *           failover_ms lease_ms
 * cluster/nodes/<id>/  state tmem_pages used_pages borrowed_pages
 *           lent_pages puts_failed policy  (the last Statistics this node
 *           received from <id>: only the master receives them)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/sysfs.h>

#include "manager.h"
#include "parse.h"

static const char * const gvtmem_role_names[] = {
	[GVTMEM_FOLLOWER] = "follower",
	[GVTMEM_PRECANDIDATE] = "precandidate",
	[GVTMEM_CANDIDATE] = "candidate",
	[GVTMEM_MASTER] = "master",
};

static struct gvtmem_mgr *gvtmem_mgr_lock_get(void)
{
	mutex_lock(&gvtmem_mgr.lock);
	return &gvtmem_mgr;
}

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();
	ssize_t n = sysfs_emit(buf, "%s\n",
			       gvtmem_node_state_names[m->nodes[m->self].state]);

	mutex_unlock(&m->lock);
	return n;
}

static ssize_t role_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();
	ssize_t n = sysfs_emit(buf, "%s\n", gvtmem_role_names[m->el.role]);

	mutex_unlock(&m->lock);
	return n;
}

static ssize_t master_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();
	ssize_t n = m->el.master == GVTMEM_NO_NODE ? sysfs_emit(buf, "none\n") :
		    sysfs_emit(buf, "%d\n", m->el.master);

	mutex_unlock(&m->lock);
	return n;
}

static ssize_t epoch_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();
	ssize_t n = sysfs_emit(buf, "%llu\n", m->el.term);

	mutex_unlock(&m->lock);
	return n;
}

/* The Active nodes as a list of ids: "1,2,3", empty line if none. */
static ssize_t active_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();
	ssize_t n = 0;
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (m->nodes[id].configured &&
		    m->nodes[id].state == GVTMEM_NODE_ACTIVE)
			n += sysfs_emit_at(buf, n, "%s%u", n ? "," : "", id);
	n += sysfs_emit_at(buf, n, "\n");
	mutex_unlock(&m->lock);
	return n;
}

static ssize_t leave_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(gvtmem_mgr.leave_asked));
}

/* 1: leave the cluster cleanly; 0: stay in it, or join it again. */
static ssize_t leave_store(struct kobject *k, struct kobj_attribute *a,
			   const char *buf, size_t count)
{
	bool leave;

	if (gvtmem_parse_bool("cluster/leave", buf, count, &leave))
		return -EINVAL;
	mutex_lock(&gvtmem_mgr.lock);
	if (leave != gvtmem_mgr.leave_asked)
		pr_info("cluster/leave: %s\n", leave ? "leaving the cluster" :
			"staying in the cluster");
	gvtmem_mgr.leave_asked = leave;
	if (!leave)
		gvtmem_mgr.left = false;
	mutex_unlock(&gvtmem_mgr.lock);
	gvtmem_mgr_kick();
	return count;
}

#define GVTMEM_MGR_ULONG_ATTR(file, expr)				\
static ssize_t file##_show(struct kobject *k, struct kobj_attribute *a,	\
			   char *buf)					\
{									\
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();			\
	ssize_t n = sysfs_emit(buf, "%lu\n", (unsigned long)(expr));	\
									\
	mutex_unlock(&m->lock);						\
	return n;							\
}									\
static struct kobj_attribute gvtmem_mgr_##file##_attr = __ATTR_RO(file)

GVTMEM_MGR_ULONG_ATTR(mem_limit_pages, m->mem_limit);
GVTMEM_MGR_ULONG_ATTR(grants_ordered_pages, m->grants_ordered);
GVTMEM_MGR_ULONG_ATTR(returns_ordered_pages, m->returns_ordered);
GVTMEM_MGR_ULONG_ATTR(stale_orders_dropped, m->stale_dropped);
GVTMEM_MGR_ULONG_ATTR(inbox_dropped, atomic_long_read(&m->inbox_dropped));
GVTMEM_MGR_ULONG_ATTR(failover_ms, m->failover_ms);

/* Apply a change to the cluster's policy (see gvtmem_mgr_set_policy). */
static ssize_t gvtmem_mgr_policy_write(const char *file, const char *buf,
				       size_t count,
				       void (*change)(struct gvtmem_wire_policy *,
						      unsigned long),
				       unsigned long v)
{
	struct gvtmem_wire_policy p;
	int ret;

	mutex_lock(&gvtmem_mgr.lock);
	p = gvtmem_mgr.policy;
	change(&p, v);
	ret = gvtmem_mgr_set_policy(&p);
	mutex_unlock(&gvtmem_mgr.lock);
	if (ret == -EAGAIN)
		pr_warn("cluster/%s: no master yet; try again\n", file);
	else if (ret)
		pr_warn("cluster/%s: not applied (%d): is the cluster configured, with a key?\n",
			file, ret);
	return ret ? ret : count;
}

/*
 * A policy file holding an unsigned integer from lo to hi: anything else
 * is refused with a log line naming the file and what it takes (hint).
 */
static ssize_t gvtmem_mgr_policy_uint(const char *file, const char *buf,
				      size_t count, unsigned int lo,
				      unsigned int hi, const char *hint,
				      void (*change)(struct gvtmem_wire_policy *,
						     unsigned long))
{
	char path[32];
	unsigned int v;

	snprintf(path, sizeof(path), "cluster/%s", file);
	if (gvtmem_parse_uint(path, buf, count, lo, hi, hint, &v))
		return -EINVAL;
	return gvtmem_mgr_policy_write(file, buf, count, change, v);
}

static void gvtmem_set_policy_id(struct gvtmem_wire_policy *p, unsigned long v)
{
	p->policy = v;
}

static void gvtmem_set_percent(struct gvtmem_wire_policy *p, unsigned long v)
{
	p->percent = v;
}

static void gvtmem_set_ahead(struct gvtmem_wire_policy *p, unsigned long v)
{
	p->ahead_s = v;
}

static void gvtmem_set_node_limit(struct gvtmem_wire_policy *p, unsigned long v)
{
	p->node_limit = cpu_to_le64(v);
}

static ssize_t policy_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  gvtmem_tier2_policy_names[READ_ONCE(gvtmem_mgr.policy.policy)]);
}

static ssize_t policy_store(struct kobject *k, struct kobj_attribute *a,
			    const char *buf, size_t count)
{
	int i = gvtmem_parse_word("cluster/policy", buf, count,
				  gvtmem_tier2_policy_names,
				  GVTMEM_TIER2_NR_POLICIES,
				  "write greedy-local, greedy-remote, ttm or adaptive");

	if (i < 0)
		return -EINVAL;
	return gvtmem_mgr_policy_write("policy", buf, count, gvtmem_set_policy_id, i);
}

static ssize_t ttm_percent_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(gvtmem_mgr.policy.percent));
}

static ssize_t ttm_percent_store(struct kobject *k, struct kobj_attribute *a,
				 const char *buf, size_t count)
{
	return gvtmem_mgr_policy_uint("ttm_percent", buf, count, 1, 100,
				      "write 1 to 100", gvtmem_set_percent);
}

static ssize_t grant_ahead_s_show(struct kobject *k, struct kobj_attribute *a,
				  char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(gvtmem_mgr.policy.ahead_s));
}

static ssize_t grant_ahead_s_store(struct kobject *k, struct kobj_attribute *a,
				   const char *buf, size_t count)
{
	return gvtmem_mgr_policy_uint("grant_ahead_s", buf, count, 0,
				      GVTMEM_TIER2_MAX_AHEAD_S,
				      "write 0 (off) to " __stringify(GVTMEM_TIER2_MAX_AHEAD_S) " seconds",
				      gvtmem_set_ahead);
}

static ssize_t node_limit_mb_show(struct kobject *k, struct kobj_attribute *a,
				  char *buf)
{
	return sysfs_emit(buf, "%llu\n", le64_to_cpu(READ_ONCE(gvtmem_mgr.policy.node_limit)) >>
			  (20 - PAGE_SHIFT));
}

static ssize_t node_limit_mb_store(struct kobject *k, struct kobj_attribute *a,
				   const char *buf, size_t count)
{
	unsigned long mb;

	if (gvtmem_parse_ulong("cluster/node_limit_mb", buf, count, 0, 1UL << 30,
			       "write MiB (0 to 1073741824), 0 for no limit",
			       &mb))
		return -EINVAL;
	return gvtmem_mgr_policy_write("node_limit_mb", buf, count,
				       gvtmem_set_node_limit,
				       mb << (20 - PAGE_SHIFT));
}

static ssize_t lease_ms_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	struct gvtmem_mgr *m = gvtmem_mgr_lock_get();
	ssize_t n = sysfs_emit(buf, "%u\n", m->lease_ms);

	mutex_unlock(&m->lock);
	return n;
}

/* This node's own, not the cluster's: every node should be given the same. */
static ssize_t lease_ms_store(struct kobject *k, struct kobj_attribute *a,
			      const char *buf, size_t count)
{
	unsigned int ms;

	if (gvtmem_parse_uint("cluster/lease_ms", buf, count,
			      GVTMEM_LEASE_MIN_MS, GVTMEM_LEASE_MAX_MS,
			      "write " __stringify(GVTMEM_LEASE_MIN_MS) " to " __stringify(GVTMEM_LEASE_MAX_MS) " ms",
			      &ms))
		return -EINVAL;
	gvtmem_mgr_set_lease(ms);
	return count;
}

static struct kobj_attribute gvtmem_mgr_state_attr = __ATTR_RO(state);
static struct kobj_attribute gvtmem_mgr_role_attr = __ATTR_RO(role);
static struct kobj_attribute gvtmem_mgr_master_attr = __ATTR_RO(master);
static struct kobj_attribute gvtmem_mgr_epoch_attr = __ATTR_RO(epoch);
static struct kobj_attribute gvtmem_mgr_active_attr = __ATTR_RO(active);
static struct kobj_attribute gvtmem_mgr_leave_attr = __ATTR_RW(leave);
static struct kobj_attribute gvtmem_mgr_policy_attr = __ATTR_RW(policy);
static struct kobj_attribute gvtmem_mgr_ttm_percent_attr = __ATTR_RW(ttm_percent);
static struct kobj_attribute gvtmem_mgr_grant_ahead_s_attr = __ATTR_RW(grant_ahead_s);
static struct kobj_attribute gvtmem_mgr_node_limit_mb_attr = __ATTR_RW(node_limit_mb);
static struct kobj_attribute gvtmem_mgr_lease_ms_attr = __ATTR_RW(lease_ms);

static struct attribute *gvtmem_mgr_attrs[] = {
	&gvtmem_mgr_state_attr.attr,
	&gvtmem_mgr_role_attr.attr,
	&gvtmem_mgr_master_attr.attr,
	&gvtmem_mgr_epoch_attr.attr,
	&gvtmem_mgr_active_attr.attr,
	&gvtmem_mgr_leave_attr.attr,
	&gvtmem_mgr_policy_attr.attr,
	&gvtmem_mgr_ttm_percent_attr.attr,
	&gvtmem_mgr_grant_ahead_s_attr.attr,
	&gvtmem_mgr_node_limit_mb_attr.attr,
	&gvtmem_mgr_mem_limit_pages_attr.attr,
	&gvtmem_mgr_grants_ordered_pages_attr.attr,
	&gvtmem_mgr_returns_ordered_pages_attr.attr,
	&gvtmem_mgr_stale_orders_dropped_attr.attr,
	&gvtmem_mgr_inbox_dropped_attr.attr,
	&gvtmem_mgr_failover_ms_attr.attr,
	&gvtmem_mgr_lease_ms_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_mgr_group = {
	.attrs = gvtmem_mgr_attrs,
};

/* ---- cluster/nodes/<id>/ ---- */

static struct gvtmem_mgr_node *gvtmem_mgr_node_of(struct kobject *k)
{
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++)
		if (gvtmem_mgr.nodes[id].kobj == k)
			return &gvtmem_mgr.nodes[id];
	return NULL;
}

#define GVTMEM_NODE_ATTR(file, fmt, expr)				\
static ssize_t node_##file##_show(struct kobject *k,			\
				  struct kobj_attribute *a, char *buf)	\
{									\
	struct gvtmem_mgr_node *nd;					\
	ssize_t n = -ENODEV;						\
									\
	mutex_lock(&gvtmem_mgr.lock);					\
	nd = gvtmem_mgr_node_of(k);					\
	if (nd)								\
		n = sysfs_emit(buf, fmt "\n", expr);			\
	mutex_unlock(&gvtmem_mgr.lock);					\
	return n;							\
}									\
static struct kobj_attribute gvtmem_node_##file##_attr =		\
	__ATTR(file, 0444, node_##file##_show, NULL)

GVTMEM_NODE_ATTR(state, "%s", gvtmem_node_state_names[nd->state]);
GVTMEM_NODE_ATTR(tmem_pages, "%llu", le64_to_cpu(nd->st.tmem_pages));
GVTMEM_NODE_ATTR(used_pages, "%llu", le64_to_cpu(nd->st.used_pages));
GVTMEM_NODE_ATTR(borrowed_pages, "%llu", le64_to_cpu(nd->st.borrowed_pages));
GVTMEM_NODE_ATTR(lent_pages, "%llu", le64_to_cpu(nd->st.lent_pages));
GVTMEM_NODE_ATTR(puts_failed, "%llu", le64_to_cpu(nd->st.puts_failed));
GVTMEM_NODE_ATTR(policy, "%s", nd->st.policy < GVTMEM_TIER2_NR_POLICIES ?
		 gvtmem_tier2_policy_names[nd->st.policy] : "?");

static struct attribute *gvtmem_node_attrs[] = {
	&gvtmem_node_state_attr.attr,
	&gvtmem_node_tmem_pages_attr.attr,
	&gvtmem_node_used_pages_attr.attr,
	&gvtmem_node_borrowed_pages_attr.attr,
	&gvtmem_node_lent_pages_attr.attr,
	&gvtmem_node_puts_failed_attr.attr,
	&gvtmem_node_policy_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_node_group = {
	.attrs = gvtmem_node_attrs,
};

/* Without gvtmem_mgr.lock held: sysfs readers take it. */
int gvtmem_mgr_nodes_sysfs_add(void)
{
	char name[12];
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++) {
		struct kobject *k;

		if (!gvtmem_mgr.nodes[id].configured)
			continue;
		snprintf(name, sizeof(name), "%u", id);
		k = kobject_create_and_add(name, gvtmem_mgr.nodes_kobj);
		if (!k)
			goto err_nodes;
		if (sysfs_create_group(k, &gvtmem_node_group)) {
			kobject_put(k);
			goto err_nodes;
		}
		mutex_lock(&gvtmem_mgr.lock);
		gvtmem_mgr.nodes[id].kobj = k;
		mutex_unlock(&gvtmem_mgr.lock);
	}
	return 0;

err_nodes:
	gvtmem_mgr_nodes_sysfs_del();
	return -ENOMEM;
}

void gvtmem_mgr_nodes_sysfs_del(void)
{
	u32 id;

	for (id = 0; id < GVTMEM_MAX_NODES; id++) {
		struct kobject *k;

		mutex_lock(&gvtmem_mgr.lock);
		k = gvtmem_mgr.nodes[id].kobj;
		gvtmem_mgr.nodes[id].kobj = NULL;
		mutex_unlock(&gvtmem_mgr.lock);
		if (!k)
			continue;
		sysfs_remove_group(k, &gvtmem_node_group);
		kobject_put(k);
	}
}

int gvtmem_mgr_sysfs_init(struct kobject *cluster)
{
	int ret;

	gvtmem_mgr.nodes_kobj = kobject_create_and_add("nodes", cluster);
	if (!gvtmem_mgr.nodes_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(cluster, &gvtmem_mgr_group);
	if (ret)
		kobject_put(gvtmem_mgr.nodes_kobj);
	return ret;
}

void gvtmem_mgr_sysfs_exit(struct kobject *cluster)
{
	sysfs_remove_group(cluster, &gvtmem_mgr_group);
	kobject_put(gvtmem_mgr.nodes_kobj);
}
