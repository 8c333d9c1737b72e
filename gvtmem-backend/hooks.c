// SPDX-License-Identifier: GPL-2.0
/*
 * Which kernel hooks (frontswap, cleancache) this kernel lets gvtmem use,
 * reported in dmesg and under /sys/kernel/gvtmem/hooks/.
 *
 * A hook is "unavailable" when the kernel lacks it or does not export its
 * registration to modules (the reason file says which), "available" when it
 * could be registered, and "registered" once the backend owns it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "../kernel/compat.h"
#include "../kernel/gvtmem.h"
#include "hooks.h"

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

void gvtmem_hook_set_registered(enum gvtmem_hook_id id)
{
	gvtmem_hooks[id].state = GVTMEM_HOOK_REGISTERED;
}

static ssize_t gvtmem_hook_show(struct gvtmem_hook *hook, bool why, char *buf)
{
	if (why)
		return sysfs_emit(buf, "%s\n", hook->why);
	return sysfs_emit(buf, "%s\n", gvtmem_hook_state_names[hook->state]);
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

static struct kobj_attribute frontswap_attr = __ATTR_RO(frontswap);
static struct kobj_attribute frontswap_reason_attr = __ATTR_RO(frontswap_reason);
static struct kobj_attribute cleancache_attr = __ATTR_RO(cleancache);
static struct kobj_attribute cleancache_reason_attr = __ATTR_RO(cleancache_reason);

static struct attribute *gvtmem_hooks_attrs[] = {
	&frontswap_attr.attr,
	&frontswap_reason_attr.attr,
	&cleancache_attr.attr,
	&cleancache_reason_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_hooks_group = {
	.attrs = gvtmem_hooks_attrs,
};

int gvtmem_hooks_init(struct kobject *parent)
{
	int i, ret, usable = 0;

	for (i = 0; i < GVTMEM_NR_HOOKS; i++) {
		struct gvtmem_hook *hook = &gvtmem_hooks[i];

		if (hook->state == GVTMEM_HOOK_UNAVAILABLE) {
			pr_warn("%s unavailable: %s\n", hook->name, hook->why);
			continue;
		}
		usable++;
		pr_info("%s available\n", hook->name);
	}
	if (!usable)
		pr_warn("no kernel hook usable on this kernel: gvtmem can lend memory to peers but cannot store this node's pages\n");

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

void gvtmem_hooks_exit(void)
{
	if (!gvtmem_hooks_kobj)
		return;
	sysfs_remove_group(gvtmem_hooks_kobj, &gvtmem_hooks_group);
	kobject_put(gvtmem_hooks_kobj);
	gvtmem_hooks_kobj = NULL;
}
