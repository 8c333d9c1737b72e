// SPDX-License-Identifier: GPL-2.0
/*
 * gvtmem: transcendent memory pooled across nodes over RDMA.
 *
 * Module entry: brings the layers up bottom to top (sysfs root, transport,
 * cluster configuration, backend) and down in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/utsname.h>

#include "gvtmem.h"
#include "protocol.h"

static int __init gvtmem_init(void)
{
	int ret;

	pr_info("version %s loading on Linux %s\n", GVTMEM_VERSION,
		init_utsname()->release);

	ret = gvtmem_sysfs_init();
	if (ret)
		return ret;

	ret = gvtmem_rdma_devices_init(gvtmem_kobj, gvtmem_msg_type_names);
	if (ret)
		goto err_sysfs;

	ret = gvtmem_cluster_init(gvtmem_kobj);
	if (ret)
		goto err_rdma_devices;

	ret = gvtmem_backend_init(gvtmem_kobj);
	if (ret)
		goto err_cluster;

	gvtmem_cluster_debugfs_init(gvtmem_debugfs_init());
	pr_info("loaded\n");
	return 0;

err_cluster:
	gvtmem_cluster_exit();
err_rdma_devices:
	gvtmem_rdma_devices_exit();
err_sysfs:
	gvtmem_sysfs_exit();
	return ret;
}

static void __exit gvtmem_exit(void)
{
	gvtmem_debugfs_exit();
	gvtmem_backend_exit();
	gvtmem_cluster_exit();
	gvtmem_rdma_devices_exit();
	gvtmem_sysfs_exit();
	pr_info("unloaded\n");
}

module_init(gvtmem_init);
module_exit(gvtmem_exit);

MODULE_DESCRIPTION("gvtmem: transcendent memory pooled across nodes over RDMA");
MODULE_LICENSE("GPL");
MODULE_VERSION(GVTMEM_VERSION);
