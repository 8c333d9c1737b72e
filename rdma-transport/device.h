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
};

struct gvtmem_rdma_dev *gvtmem_rdma_dev_get_by_guid(__be64 guid);
void gvtmem_rdma_dev_put(struct gvtmem_rdma_dev *dev);

#endif /* GVTMEM_RDMA_DEVICE_H */
