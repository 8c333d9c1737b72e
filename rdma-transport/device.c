// SPDX-License-Identifier: GPL-2.0
/*
 * RDMA device tracking. An ib_client learns of every RDMA device as it
 * appears or goes (hot unplug, `rdma link delete`); connections look devices
 * up by node GUID and hold a reference while they use one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../kernel/gvtmem.h"
#include "conn-pri.h"
#include "device.h"
#include "transport.h"

/* Protects gvtmem_rdma_dev_list and gvtmem_rdma_nr_devs. */
static DEFINE_MUTEX(gvtmem_rdma_dev_mutex);
static LIST_HEAD(gvtmem_rdma_dev_list);
static unsigned int gvtmem_rdma_nr_devs;

struct kobject *gvtmem_transport_kobj;	/* transport/, for peers/ and drops/ */

static void gvtmem_rdma_dev_free(struct kref *ref)
{
	kfree(container_of(ref, struct gvtmem_rdma_dev, ref));
}

void gvtmem_rdma_dev_put(struct gvtmem_rdma_dev *dev)
{
	kref_put(&dev->ref, gvtmem_rdma_dev_free);
}

struct gvtmem_rdma_dev *gvtmem_rdma_dev_get_by_guid(__be64 guid)
{
	struct gvtmem_rdma_dev *dev, *found = NULL;

	mutex_lock(&gvtmem_rdma_dev_mutex);
	list_for_each_entry(dev, &gvtmem_rdma_dev_list, node) {
		if (dev->node_guid == guid && kref_get_unless_zero(&dev->ref)) {
			found = dev;
			break;
		}
	}
	mutex_unlock(&gvtmem_rdma_dev_mutex);
	return found;
}

static struct ib_client gvtmem_ib_client;

static int gvtmem_rdma_add_one(struct ib_device *ibdev)
{
	struct gvtmem_rdma_dev *dev;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	dev->ibdev = ibdev;
	dev->node_guid = ibdev->node_guid;
	kref_init(&dev->ref);

	mutex_lock(&gvtmem_rdma_dev_mutex);
	list_add_tail(&dev->node, &gvtmem_rdma_dev_list);
	gvtmem_rdma_nr_devs++;
	mutex_unlock(&gvtmem_rdma_dev_mutex);

	ib_set_client_data(ibdev, &gvtmem_ib_client, dev);
	pr_info("RDMA device %s added (node GUID %016llx)\n", dev_name(&ibdev->dev),
		be64_to_cpu(dev->node_guid));
	return 0;
}

static void gvtmem_rdma_remove_one(struct ib_device *ibdev, void *client_data)
{
	struct gvtmem_rdma_dev *dev = client_data;

	mutex_lock(&gvtmem_rdma_dev_mutex);
	list_del(&dev->node);
	gvtmem_rdma_nr_devs--;
	mutex_unlock(&gvtmem_rdma_dev_mutex);

	pr_info("RDMA device %s removed\n", dev_name(&ibdev->dev));
	gvtmem_rdma_dev_put(dev);
}

static struct ib_client gvtmem_ib_client = {
	.name = "gvtmem",
	.add = gvtmem_rdma_add_one,
	.remove = gvtmem_rdma_remove_one,
};

static ssize_t nr_devices_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	unsigned int n;

	mutex_lock(&gvtmem_rdma_dev_mutex);
	n = gvtmem_rdma_nr_devs;
	mutex_unlock(&gvtmem_rdma_dev_mutex);
	return sysfs_emit(buf, "%u\n", n);
}
static struct kobj_attribute nr_devices_attr = __ATTR_RO(nr_devices);

static struct attribute *gvtmem_transport_attrs[] = {
	&nr_devices_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_transport_group = {
	.attrs = gvtmem_transport_attrs,
};

int gvtmem_rdma_devices_init(struct kobject *parent)
{
	int ret;

	gvtmem_transport_kobj = kobject_create_and_add("transport", parent);
	if (!gvtmem_transport_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(gvtmem_transport_kobj, &gvtmem_transport_group);
	if (ret)
		goto err_kobj;
	ret = gvtmem_transport_sysfs_init(gvtmem_transport_kobj);
	if (ret)
		goto err_group;
	gvtmem_borrow_init();
	ret = gvtmem_lend_init(gvtmem_transport_kobj);
	if (ret)
		goto err_transport_sysfs;
	ret = ib_register_client(&gvtmem_ib_client);
	if (ret) {
		pr_err("cannot register RDMA client: %d\n", ret);
		goto err_lend;
	}
	return 0;

err_lend:
	gvtmem_lend_exit(gvtmem_transport_kobj);
err_transport_sysfs:
	gvtmem_transport_sysfs_exit();
err_group:
	sysfs_remove_group(gvtmem_transport_kobj, &gvtmem_transport_group);
err_kobj:
	kobject_put(gvtmem_transport_kobj);
	gvtmem_transport_kobj = NULL;
	return ret;
}

void gvtmem_rdma_devices_exit(void)
{
	if (!gvtmem_transport_kobj)
		return;
	gvtmem_transport_stop();
	gvtmem_lend_exit(gvtmem_transport_kobj);
	ib_unregister_client(&gvtmem_ib_client);
	gvtmem_transport_sysfs_exit();
	sysfs_remove_group(gvtmem_transport_kobj, &gvtmem_transport_group);
	kobject_put(gvtmem_transport_kobj);
	gvtmem_transport_kobj = NULL;
}
