// SPDX-License-Identifier: GPL-2.0
/*
 * The sysfs root, /sys/kernel/gvtmem, and its module-wide attributes.
 * Every file here is documented in Documentation/ABI/testing/sysfs-kernel-gvtmem.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/sysfs.h>

#include "block-size.h"
#include "gvtmem.h"

struct kobject *gvtmem_kobj;

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", GVTMEM_VERSION);
}
static struct kobj_attribute version_attr = __ATTR_RO(version);

/* The units of every count in pages or blocks, for tools and metrics. */
static ssize_t page_size_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", PAGE_SIZE);
}
static struct kobj_attribute page_size_attr = __ATTR_RO(page_size);

static ssize_t block_pages_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", GVTMEM_BLOCK_PAGES);
}
static struct kobj_attribute block_pages_attr = __ATTR_RO(block_pages);

static struct attribute *gvtmem_root_attrs[] = {
	&version_attr.attr,
	&page_size_attr.attr,
	&block_pages_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_root_group = {
	.attrs = gvtmem_root_attrs,
};

int gvtmem_sysfs_init(void)
{
	int ret;

	gvtmem_kobj = kobject_create_and_add("gvtmem", kernel_kobj);
	if (!gvtmem_kobj) {
		pr_err("cannot create /sys/kernel/gvtmem\n");
		return -ENOMEM;
	}
	ret = sysfs_create_group(gvtmem_kobj, &gvtmem_root_group);
	if (ret) {
		pr_err("cannot create /sys/kernel/gvtmem attributes: %d\n", ret);
		goto err_kobj;
	}
	return 0;

err_kobj:
	kobject_put(gvtmem_kobj);
	gvtmem_kobj = NULL;
	return ret;
}

void gvtmem_sysfs_exit(void)
{
	if (!gvtmem_kobj)
		return;
	sysfs_remove_group(gvtmem_kobj, &gvtmem_root_group);
	kobject_put(gvtmem_kobj);
	gvtmem_kobj = NULL;
}
