// SPDX-License-Identifier: GPL-2.0
/*
 * RDMA device tracking. An ib_client learns of every RDMA device as it
 * appears or goes (hot unplug, `rdma link delete`), and an event handler
 * per device of its ports coming back: the connections then listen and
 * connect anew; a device going away first takes down every connection
 * made on it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "../kernel/gvtmem.h"
#include "conn-pri.h"
#include "transport.h"

/* One per RDMA device the transport knows, refcounted. */
struct gvtmem_rdma_dev {
	struct ib_device *ibdev;
	__be64 node_guid;
	struct kref ref;
	struct list_head node;	/* on gvtmem_rdma_dev_list */
	struct ib_event_handler event_handler;
	bool port_down;		/* port 1 reported down, not yet back */
};

/* Protects gvtmem_rdma_dev_list and gvtmem_rdma_nr_devs. */
static DEFINE_MUTEX(gvtmem_rdma_dev_mutex);
static LIST_HEAD(gvtmem_rdma_dev_list);
static unsigned int gvtmem_rdma_nr_devs;

struct kobject *gvtmem_transport_kobj;	/* transport/, for peers/ and drops/ */

static void gvtmem_rdma_dev_free(struct kref *ref)
{
	kfree(container_of(ref, struct gvtmem_rdma_dev, ref));
}

static void gvtmem_rdma_dev_put(struct gvtmem_rdma_dev *dev)
{
	kref_put(&dev->ref, gvtmem_rdma_dev_free);
}

static struct ib_client gvtmem_ib_client;

/*
 * A port went down or came back (soft-RoCE: its netdev's link). While it
 * is down nothing is posted on it (gvtmem_rdma_port_down): soft-RoCE in
 * 5.10 fails such sends, and a node whose sends failed while its link was
 * down was seen to drop every packet it received after the link came back
 * (Documentation/testing.md). Any context.
 */
static void gvtmem_rdma_event(struct ib_event_handler *h, struct ib_event *ev)
{
	struct gvtmem_rdma_dev *dev = container_of(h, struct gvtmem_rdma_dev,
						   event_handler);

	if (ev->event == IB_EVENT_PORT_ERR) {
		WRITE_ONCE(dev->port_down, true);
		pr_info("RDMA device %s port %u down: nothing is sent on it until it is back\n",
			dev_name(&h->device->dev), ev->element.port_num);
	} else if (ev->event == IB_EVENT_PORT_ACTIVE) {
		WRITE_ONCE(dev->port_down, false);
		pr_info("RDMA device %s port %u active\n",
			dev_name(&h->device->dev), ev->element.port_num);
		gvtmem_transport_port_active();
	}
}

/* True while ibdev's port is down (see gvtmem_rdma_event). */
bool gvtmem_rdma_port_down(struct ib_device *ibdev)
{
	struct gvtmem_rdma_dev *dev = ib_get_client_data(ibdev, &gvtmem_ib_client);

	return dev && READ_ONCE(dev->port_down);
}

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
	INIT_IB_EVENT_HANDLER(&dev->event_handler, ibdev, gvtmem_rdma_event);
	ib_register_event_handler(&dev->event_handler);
	pr_info("RDMA device %s added (node GUID %016llx)\n", dev_name(&ibdev->dev),
		be64_to_cpu(dev->node_guid));
	gvtmem_transport_port_active();
	return 0;
}

static void gvtmem_rdma_remove_one(struct ib_device *ibdev, void *client_data)
{
	struct gvtmem_rdma_dev *dev = client_data;

	ib_unregister_event_handler(&dev->event_handler);
	gvtmem_transport_device_removed(ibdev);
	mutex_lock(&gvtmem_rdma_dev_mutex);
	list_del(&dev->node);
	gvtmem_rdma_nr_devs--;
	mutex_unlock(&gvtmem_rdma_dev_mutex);

	pr_info("RDMA device %s removed\n", dev_name(&ibdev->dev));
	gvtmem_rdma_dev_put(dev);
}

/*
 * debugfs rdma_devices (test hooks): each RDMA device with its reference
 * count, then each netdev the RDMA core maps to a device. Soft-RoCE finds
 * its device for every packet it receives by that map, taking a
 * reference; a device whose count fell to 0, or a netdev no longer mapped,
 * drops every packet silently.
 */
int gvtmem_rdma_devices_show(struct seq_file *m, void *v)
{
	struct gvtmem_rdma_dev *dev;
	struct net_device *nd;

	mutex_lock(&gvtmem_rdma_dev_mutex);
	list_for_each_entry(dev, &gvtmem_rdma_dev_list, node)
		seq_printf(m, "device %s refcount %u port_down %d\n",
			   dev_name(&dev->ibdev->dev),
			   refcount_read(&dev->ibdev->refcount),
			   READ_ONCE(dev->port_down));
	mutex_unlock(&gvtmem_rdma_dev_mutex);
	rcu_read_lock();
	for_each_netdev_rcu(&init_net, nd) {
		struct ib_device *ib = ib_device_get_by_netdev(nd, RDMA_DRIVER_UNKNOWN);

		seq_printf(m, "netdev %s -> %s\n", nd->name,
			   ib ? dev_name(&ib->dev) : "none");
		if (ib)
			ib_device_put(ib);
	}
	rcu_read_unlock();
	return 0;
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
	&gvtmem_lane_attr.attr,
	NULL,
};

static const struct attribute_group gvtmem_transport_group = {
	.attrs = gvtmem_transport_attrs,
};

int gvtmem_rdma_devices_init(struct kobject *parent,
			     const char * const *type_names)
{
	int ret;

	gvtmem_transport_kobj = kobject_create_and_add("transport", parent);
	if (!gvtmem_transport_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(gvtmem_transport_kobj, &gvtmem_transport_group);
	if (ret)
		goto err_kobj;
	ret = gvtmem_transport_sysfs_init(gvtmem_transport_kobj, type_names);
	if (ret)
		goto err_group;
	ret = ib_register_client(&gvtmem_ib_client);
	if (ret) {
		pr_err("cannot register RDMA client: %d\n", ret);
		goto err_transport_sysfs;
	}
	return 0;

err_transport_sysfs:
	gvtmem_transport_sysfs_exit();
err_group:
	sysfs_remove_group(gvtmem_transport_kobj, &gvtmem_transport_group);
err_kobj:
	kobject_put(gvtmem_transport_kobj);
	gvtmem_transport_kobj = NULL;
	return ret;
}

struct kobject *gvtmem_transport_kobject(void)
{
	return gvtmem_transport_kobj;
}

void gvtmem_rdma_devices_exit(void)
{
	if (!gvtmem_transport_kobj)
		return;
	gvtmem_transport_stop();
	ib_unregister_client(&gvtmem_ib_client);
	gvtmem_transport_sysfs_exit();
	sysfs_remove_group(gvtmem_transport_kobj, &gvtmem_transport_group);
	kobject_put(gvtmem_transport_kobj);
	gvtmem_transport_kobj = NULL;
}
