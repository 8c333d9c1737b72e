// SPDX-License-Identifier: GPL-2.0
/*
 * Backend entry: sets up the store, zones and clients, then registers with
 * the kernel hooks (frontswap, cleancache) this kernel lets modules use,
 * and reports each hook in dmesg and under /sys/kernel/gvtmem/hooks/.
 *
 * A hook is "unavailable" when the kernel lacks it or does not export its
 * registration to modules (the reason file says which), "available" when it
 * could be registered, and "registered" once the backend owns it. Neither
 * hook can unregister, so once one is registered the module takes a
 * reference on itself: rmmod is refused until reboot, and backend/enabled
 * is the way to stop and drain.
 *
 * The swap block device front end (swapdev.c) is reported as a hook too:
 * available on every kernel, registered while a /dev/gvtmem<N> exists. It
 * pins nothing: an open device holds the module through the block layer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>

#include "../kernel/compat.h"
#include "../kernel/gvtmem.h"
#include "../kernel/parse.h"
#include "backend.h"
#include "hooks.h"

static unsigned int gvtmem_local_zone_mb = 64;

module_param_cb(local_zone_mb, &gvtmem_param_ops_mb,
		&gvtmem_local_zone_mb, 0444);
MODULE_PARM_DESC(local_zone_mb,
		 "Spare RAM for the local zone at load, in MiB (default 64; change later in zones/local/target_mb)");

struct gvtmem_hook {
	const char *name;
	enum gvtmem_hook_state state;
	const char *why;	/* empty unless unavailable */
};

static struct gvtmem_hook gvtmem_hooks[GVTMEM_NR_HOOKS] = {
	[GVTMEM_HOOK_FRONTSWAP] = {
		.name = "frontswap",
		.state = GVTMEM_FRONTSWAP ? GVTMEM_HOOK_AVAILABLE :
					    GVTMEM_HOOK_UNAVAILABLE,
		.why = GVTMEM_FRONTSWAP_WHY,
	},
	[GVTMEM_HOOK_CLEANCACHE] = {
		.name = "cleancache",
		.state = GVTMEM_CLEANCACHE ? GVTMEM_HOOK_AVAILABLE :
					     GVTMEM_HOOK_UNAVAILABLE,
		.why = GVTMEM_CLEANCACHE_WHY,
	},
	[GVTMEM_HOOK_SWAPDEV] = {
		.name = "swapdev",
		.state = GVTMEM_HOOK_AVAILABLE,
		.why = "",
	},
};

static const char * const gvtmem_hook_state_names[] = {
	[GVTMEM_HOOK_UNAVAILABLE] = "unavailable",
	[GVTMEM_HOOK_AVAILABLE] = "available",
	[GVTMEM_HOOK_REGISTERED] = "registered",
};

static struct kobject *gvtmem_hooks_kobj;

enum gvtmem_hook_state gvtmem_hook_state(enum gvtmem_hook_id id)
{
	return gvtmem_hooks[id].state;
}

void gvtmem_hook_set_state(enum gvtmem_hook_id id,
			   enum gvtmem_hook_state state)
{
	WRITE_ONCE(gvtmem_hooks[id].state, state);
}

static ssize_t gvtmem_hook_show(struct gvtmem_hook *hook, bool why, char *buf)
{
	if (why)
		return sysfs_emit(buf, "%s\n", hook->why);
	return sysfs_emit(buf, "%s\n",
			  gvtmem_hook_state_names[READ_ONCE(hook->state)]);
}

static ssize_t frontswap_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	return gvtmem_hook_show(&gvtmem_hooks[GVTMEM_HOOK_FRONTSWAP], false, buf);
}

static ssize_t frontswap_reason_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return gvtmem_hook_show(&gvtmem_hooks[GVTMEM_HOOK_FRONTSWAP], true, buf);
}

static ssize_t cleancache_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return gvtmem_hook_show(&gvtmem_hooks[GVTMEM_HOOK_CLEANCACHE], false, buf);
}

static ssize_t cleancache_reason_show(struct kobject *kobj,
				      struct kobj_attribute *attr, char *buf)
{
	return gvtmem_hook_show(&gvtmem_hooks[GVTMEM_HOOK_CLEANCACHE], true, buf);
}

static ssize_t swapdev_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return gvtmem_hook_show(&gvtmem_hooks[GVTMEM_HOOK_SWAPDEV], false, buf);
}

static ssize_t swapdev_reason_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return gvtmem_hook_show(&gvtmem_hooks[GVTMEM_HOOK_SWAPDEV], true, buf);
}

static struct kobj_attribute frontswap_attr = __ATTR_RO(frontswap);
static struct kobj_attribute frontswap_reason_attr = __ATTR_RO(frontswap_reason);
static struct kobj_attribute cleancache_attr = __ATTR_RO(cleancache);
static struct kobj_attribute cleancache_reason_attr = __ATTR_RO(cleancache_reason);
static struct kobj_attribute swapdev_attr = __ATTR_RO(swapdev);
static struct kobj_attribute swapdev_reason_attr = __ATTR_RO(swapdev_reason);

static struct attribute *gvtmem_hooks_attrs[] = {
	&frontswap_attr.attr,
	&frontswap_reason_attr.attr,
	&cleancache_attr.attr,
	&cleancache_reason_attr.attr,
	&swapdev_attr.attr,
	&swapdev_reason_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_hooks_group = {
	.attrs = gvtmem_hooks_attrs,
};

static int gvtmem_hooks_sysfs_init(struct kobject *parent)
{
	int i, ret, usable = 0;

	/* The page hooks: the swap device front end exists everywhere. */
	for (i = 0; i < GVTMEM_HOOK_SWAPDEV; i++) {
		struct gvtmem_hook *hook = &gvtmem_hooks[i];

		if (hook->state == GVTMEM_HOOK_UNAVAILABLE) {
			pr_warn("%s unavailable: %s\n", hook->name, hook->why);
			continue;
		}
		usable++;
		pr_info("%s available\n", hook->name);
	}
	if (!usable)
		pr_warn("no kernel hook usable on this kernel: gvtmem can lend memory to peers, and store this node's swap pages only through /dev/gvtmem<N> (backend/swapdev/create or module parameter swapdev_backing)\n");

	gvtmem_hooks_kobj = kobject_create_and_add("hooks", parent);
	if (!gvtmem_hooks_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(gvtmem_hooks_kobj, &gvtmem_hooks_group);
	if (ret)
		goto err_kobj;
	return 0;

err_kobj:
	kobject_put(gvtmem_hooks_kobj);
	gvtmem_hooks_kobj = NULL;
	return ret;
}

static void gvtmem_hooks_sysfs_exit(void)
{
	sysfs_remove_group(gvtmem_hooks_kobj, &gvtmem_hooks_group);
	kobject_put(gvtmem_hooks_kobj);
	gvtmem_hooks_kobj = NULL;
}

/* Register every available hook; pin the module once any is registered. */
static void gvtmem_hooks_register(void)
{
	bool pinned = false;
	int ret;

	if (gvtmem_hook_state(GVTMEM_HOOK_FRONTSWAP) == GVTMEM_HOOK_AVAILABLE) {
		ret = gvtmem_frontswap_register();
		if (ret) {
			pr_err("frontswap registration failed: %d\n", ret);
		} else {
			gvtmem_hook_set_state(GVTMEM_HOOK_FRONTSWAP,
					      GVTMEM_HOOK_REGISTERED);
			pr_info("frontswap registered\n");
			pinned = true;
		}
	}
	if (gvtmem_hook_state(GVTMEM_HOOK_CLEANCACHE) == GVTMEM_HOOK_AVAILABLE) {
		ret = gvtmem_cleancache_register();
		if (ret) {
			pr_err("cleancache registration failed: %d (another backend owns it)\n",
			       ret);
		} else {
			gvtmem_hook_set_state(GVTMEM_HOOK_CLEANCACHE,
					      GVTMEM_HOOK_REGISTERED);
			pr_info("cleancache registered\n");
			pinned = true;
		}
	}
	if (pinned) {
		__module_get(THIS_MODULE);
		pr_info("kernel hooks cannot unregister: gvtmem stays loaded until reboot; write 0 to backend/enabled to drain it\n");
	}
}

int gvtmem_backend_init(struct kobject *parent)
{
	int ret;

	ret = gvtmem_store_init();
	if (ret)
		return ret;
	ret = gvtmem_put_async_init();
	if (ret)
		goto err_store;
	ret = gvtmem_zones_init(parent, (unsigned long)gvtmem_local_zone_mb <<
				(20 - PAGE_SHIFT));
	if (ret)
		goto err_put_async;
	ret = gvtmem_clients_init(parent);
	if (ret)
		goto err_zones;
	ret = gvtmem_stats_init(parent);
	if (ret)
		goto err_clients;
	ret = gvtmem_hooks_sysfs_init(parent);
	if (ret)
		goto err_stats;
	/* Before the hooks: a bad swapdev_backing can still fail the load. */
	ret = gvtmem_swapdev_init();
	if (ret)
		goto err_hooks_sysfs;
	gvtmem_hooks_register();
	return 0;

err_hooks_sysfs:
	gvtmem_hooks_sysfs_exit();
err_stats:
	gvtmem_stats_exit();
err_clients:
	gvtmem_clients_exit();
err_zones:
	gvtmem_zones_exit();
err_put_async:
	gvtmem_put_async_exit();
err_store:
	gvtmem_store_exit();
	return ret;
}

/* Reached only when no hook was registered (else the module is pinned). */
void gvtmem_backend_exit(void)
{
	gvtmem_swapdev_exit();
	gvtmem_hooks_sysfs_exit();
	gvtmem_stats_exit();
	gvtmem_clients_exit();
	gvtmem_put_async_exit();
	gvtmem_replica_exit();
	gvtmem_zones_exit();
	gvtmem_store_exit();
}
