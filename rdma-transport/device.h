/* SPDX-License-Identifier: GPL-2.0 */
/* RDMA devices known to the transport: one refcounted object per ib_device. */
#ifndef GVTMEM_RDMA_DEVICE_H
#define GVTMEM_RDMA_DEVICE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <rdma/ib_verbs.h>

struct gvtmem_rdma_dev {
	struct ib_device *ibdev;
	__be64 node_guid;
	struct kref ref;
	struct list_head node;	/* on gvtmem_rdma_dev_list */
	struct ib_event_handler event_handler;
	bool port_down;		/* port 1 reported down, not yet back */
};

#endif /* GVTMEM_RDMA_DEVICE_H */
