// SPDX-License-Identifier: GPL-2.0
/*
 * Clients: the memory cgroups whose pages gvtmem holds (the paper's VMs).
 * Each page is charged to the cgroup it belongs to; tier 1 sets each
 * client's maximum from the statistics, every tier1_period_ms.
 *
 * Clients are created on a client's first put, in whatever context the
 * hook runs (possibly with interrupts off), so the sysfs directory
 * clients/<id> is added later by a work item. A client is keyed by its
 * cgroup id; a cgroup created after another was removed may reuse its id
 * and its record. Beyond GVTMEM_MAX_CLIENTS, pages are charged to client 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../kernel/compat.h"
#include "../kernel/parse.h"
#include "backend.h"

/* Under gvtmem_store_lock: the list, the count, and each client's fields. */
LIST_HEAD(gvtmem_clients);
unsigned int gvtmem_nr_clients;

/* Plain words read once per round; written by sysfs only. */
enum gvtmem_tier1_policy gvtmem_tier1_policy = GVTMEM_TIER1_FAIR;
unsigned int gvtmem_tier1_period_ms = 500;

/* Pages of no cgroup, or of cgroups beyond the table, are charged here. */
static struct gvtmem_client gvtmem_client_root = {
	.id = 0,
	.limit = ULONG_MAX,
	.name = "/",
};

static struct kobject *gvtmem_clients_kobj;
static void gvtmem_clients_sysfs_work(struct work_struct *work);
static DECLARE_WORK(gvtmem_clients_work, gvtmem_clients_sysfs_work);
static void gvtmem_tier1_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(gvtmem_tier1_dwork, gvtmem_tier1_work);
static bool gvtmem_clients_live;	/* works may be queued */

static int gvtmem_page_client_id(struct page *page, char *name, size_t len)
{
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg = gvtmem_page_memcg(page);

	if (!memcg || !memcg->css.parent)	/* none, or the root cgroup */
		return 0;
	if (name)
		cgroup_path(memcg->css.cgroup, name, len);
	return mem_cgroup_id(memcg);
#else
	return 0;
#endif
}

/* The client page is charged to; never NULL. Store lock held. */
struct gvtmem_client *gvtmem_client_of(struct page *page)
{
	struct gvtmem_client *c;
	int id = gvtmem_page_client_id(page, NULL, 0);

	lockdep_assert_held(&gvtmem_store_lock);
	list_for_each_entry(c, &gvtmem_clients, list)
		if (c->id == id)
			return c;
	if (gvtmem_nr_clients >= GVTMEM_MAX_CLIENTS)
		return &gvtmem_client_root;
	c = kzalloc(sizeof(*c), GFP_ATOMIC | __GFP_NOWARN);
	if (!c)
		return &gvtmem_client_root;
	c->id = id;
	gvtmem_page_client_id(page, c->name, sizeof(c->name));
	/* Until the next round, a newcomer may use what nobody holds. */
	c->limit = gvtmem_tier1_policy == GVTMEM_TIER1_GREEDY ? ULONG_MAX :
		   gvtmem_zones_free();
	list_add_tail(&c->list, &gvtmem_clients);
	gvtmem_nr_clients++;
	if (gvtmem_clients_live)
		schedule_work(&gvtmem_clients_work);
	return c;
}

/* ---- tier 1 ---- */

/* Recompute every client's limit from this round's statistics. */
void gvtmem_tier1_rebalance(void)
{
	static struct gvtmem_tier1_demand d[GVTMEM_MAX_CLIENTS];
	static unsigned long limit[GVTMEM_MAX_CLIENTS];
	static DEFINE_MUTEX(gvtmem_tier1_mutex);	/* guards d and limit */
	struct gvtmem_client *c;
	unsigned int n = 0;

	mutex_lock(&gvtmem_tier1_mutex);
	spin_lock_irq(&gvtmem_store_lock);
	list_for_each_entry(c, &gvtmem_clients, list) {
		d[n].used = c->pages;
		d[n].failed = c->failed_round;
		c->failed_round = 0;
		n++;
	}
	gvtmem_tier1_limits(gvtmem_tier1_policy, gvtmem_zones_capacity(), n,
			    d, limit);
	n = 0;
	list_for_each_entry(c, &gvtmem_clients, list)
		c->limit = limit[n++];
	spin_unlock_irq(&gvtmem_store_lock);
	mutex_unlock(&gvtmem_tier1_mutex);
}

static void gvtmem_tier1_work(struct work_struct *work)
{
	gvtmem_tier1_rebalance();
	if (READ_ONCE(gvtmem_clients_live))
		schedule_delayed_work(&gvtmem_tier1_dwork,
				      msecs_to_jiffies(READ_ONCE(gvtmem_tier1_period_ms)));
}

/* ---- sysfs: clients/<id>/ ---- */

#define to_client(k) container_of(k, struct gvtmem_client, kobj)

static ssize_t gvtmem_client_show(struct kobject *k, char *buf, size_t off)
{
	unsigned long v;

	spin_lock_irq(&gvtmem_store_lock);
	v = *(unsigned long *)((char *)to_client(k) + off);
	spin_unlock_irq(&gvtmem_store_lock);
	return sysfs_emit(buf, "%lu\n", v);
}

#define GVTMEM_CLIENT_ATTR(file, field)					\
static ssize_t client_##file##_show(struct kobject *k,			\
				    struct kobj_attribute *a, char *buf) \
{									\
	return gvtmem_client_show(k, buf,				\
			offsetof(struct gvtmem_client, field));		\
}									\
static struct kobj_attribute gvtmem_client_##file##_attr =		\
	__ATTR(file, 0444, client_##file##_show, NULL)

GVTMEM_CLIENT_ATTR(pages, pages);
GVTMEM_CLIENT_ATTR(limit, limit);
GVTMEM_CLIENT_ATTR(puts_succeeded, stats.puts_ok);
GVTMEM_CLIENT_ATTR(puts_failed, stats.puts_failed);
GVTMEM_CLIENT_ATTR(gets_succeeded, stats.gets_ok);
GVTMEM_CLIENT_ATTR(gets_failed, stats.gets_failed);
GVTMEM_CLIENT_ATTR(flushes_succeeded, stats.flushes_ok);
GVTMEM_CLIENT_ATTR(flushes_failed, stats.flushes_failed);

static ssize_t client_name_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	return sysfs_emit(buf, "%s\n", to_client(k)->name);
}
static struct kobj_attribute gvtmem_client_name_attr =
	__ATTR(name, 0444, client_name_show, NULL);

static struct attribute *gvtmem_client_attrs[] = {
	&gvtmem_client_name_attr.attr,
	&gvtmem_client_pages_attr.attr,
	&gvtmem_client_limit_attr.attr,
	&gvtmem_client_puts_succeeded_attr.attr,
	&gvtmem_client_puts_failed_attr.attr,
	&gvtmem_client_gets_succeeded_attr.attr,
	&gvtmem_client_gets_failed_attr.attr,
	&gvtmem_client_flushes_succeeded_attr.attr,
	&gvtmem_client_flushes_failed_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(gvtmem_client);

/* Clients live until module exit; the last kobject reference frees them. */
static void gvtmem_client_kobj_release(struct kobject *k)
{
	struct gvtmem_client *c = to_client(k);

	if (c != &gvtmem_client_root)
		kfree(c);
}

static struct kobj_type gvtmem_client_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
	.release = gvtmem_client_kobj_release,
	.default_groups = gvtmem_client_groups,
};

/* Add clients/<id> for every client that has none yet. */
static void gvtmem_clients_sysfs_work(struct work_struct *work)
{
	struct gvtmem_client *c, *todo;

	for (;;) {
		todo = NULL;
		spin_lock_irq(&gvtmem_store_lock);
		list_for_each_entry(c, &gvtmem_clients, list) {
			if (!c->kobj_added) {
				c->kobj_added = true;
				todo = c;
				break;
			}
		}
		spin_unlock_irq(&gvtmem_store_lock);
		if (!todo)
			return;
		if (kobject_init_and_add(&todo->kobj, &gvtmem_client_ktype,
					 gvtmem_clients_kobj, "%d", todo->id))
			pr_warn("clients/%d: cannot add sysfs directory\n", todo->id);
	}
}

/* ---- sysfs: policy/ ---- */

static ssize_t tier1_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  gvtmem_tier1_policy_names[READ_ONCE(gvtmem_tier1_policy)]);
}

static ssize_t tier1_store(struct kobject *k, struct kobj_attribute *a,
			   const char *buf, size_t count)
{
	int p = gvtmem_parse_word("policy/tier1", buf, count,
				  gvtmem_tier1_policy_names,
				  ARRAY_SIZE(gvtmem_tier1_policy_names),
				  "write greedy or fair");

	if (p < 0)
		return -EINVAL;
	WRITE_ONCE(gvtmem_tier1_policy, p);
	pr_info("tier-1 policy: %s\n", gvtmem_tier1_policy_names[p]);
	gvtmem_tier1_rebalance();
	return count;
}

static ssize_t tier1_period_ms_show(struct kobject *k, struct kobj_attribute *a,
				    char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(gvtmem_tier1_period_ms));
}

static ssize_t tier1_period_ms_store(struct kobject *k, struct kobj_attribute *a,
				     const char *buf, size_t count)
{
	unsigned int ms;
	int ret;

	ret = gvtmem_parse_uint("policy/tier1_period_ms", buf, count, 10, 60000,
				"write 10 to 60000 ms", &ms);
	if (ret)
		return ret;
	WRITE_ONCE(gvtmem_tier1_period_ms, ms);
	return count;
}

static struct kobj_attribute gvtmem_tier1_attr = __ATTR_RW(tier1);
static struct kobj_attribute gvtmem_tier1_period_attr = __ATTR_RW(tier1_period_ms);

static struct attribute *gvtmem_policy_attrs[] = {
	&gvtmem_tier1_attr.attr,
	&gvtmem_tier1_period_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_policy_group = {
	.attrs = gvtmem_policy_attrs,
};

static struct kobject *gvtmem_policy_kobj;

int gvtmem_clients_init(struct kobject *parent)
{
	int ret;

	gvtmem_clients_kobj = kobject_create_and_add("clients", parent);
	if (!gvtmem_clients_kobj)
		return -ENOMEM;
	gvtmem_policy_kobj = kobject_create_and_add("policy", parent);
	if (!gvtmem_policy_kobj) {
		ret = -ENOMEM;
		goto err_clients_kobj;
	}
	ret = sysfs_create_group(gvtmem_policy_kobj, &gvtmem_policy_group);
	if (ret)
		goto err_policy_kobj;

	spin_lock_irq(&gvtmem_store_lock);
	list_add(&gvtmem_client_root.list, &gvtmem_clients);
	gvtmem_nr_clients = 1;
	gvtmem_clients_live = true;
	spin_unlock_irq(&gvtmem_store_lock);
	schedule_work(&gvtmem_clients_work);
	schedule_delayed_work(&gvtmem_tier1_dwork, 0);
	return 0;

err_policy_kobj:
	kobject_put(gvtmem_policy_kobj);
err_clients_kobj:
	kobject_put(gvtmem_clients_kobj);
	return ret;
}

void gvtmem_clients_exit(void)
{
	struct gvtmem_client *c, *tmp;

	WRITE_ONCE(gvtmem_clients_live, false);
	cancel_delayed_work_sync(&gvtmem_tier1_dwork);
	cancel_work_sync(&gvtmem_clients_work);
	list_for_each_entry_safe(c, tmp, &gvtmem_clients, list) {
		list_del(&c->list);
		if (c->kobj_added)
			kobject_put(&c->kobj);
		else if (c != &gvtmem_client_root)
			kfree(c);
	}
	sysfs_remove_group(gvtmem_policy_kobj, &gvtmem_policy_group);
	kobject_put(gvtmem_policy_kobj);
	kobject_put(gvtmem_clients_kobj);
}
