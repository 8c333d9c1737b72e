/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cluster configuration: this node's id, every node's id and RDMA address,
 * and the port they listen on. Written by an operator as one text file to
 * /sys/kernel/gvtmem/cluster/config:
 *
 *   # comment
 *   self 1
 *   port 18515          (optional)
 *   node 1 10.0.0.1
 *   node 2 10.0.0.2
 *
 * Parsing is pure so that KUnit can reach it.
 */
#ifndef GVTMEM_CONFIG_H
#define GVTMEM_CONFIG_H

#include <linux/types.h>

#include "protocol.h"

#define GVTMEM_DEFAULT_PORT 18515
#define GVTMEM_CONFIG_ERR_LEN 96

struct gvtmem_config_node {
	u32 id;
	__be32 addr;		/* IPv4, network order */
};

struct gvtmem_config {
	u32 self;
	u16 port;
	unsigned int nr_nodes;
	struct gvtmem_config_node nodes[GVTMEM_MAX_NODES];
};

int gvtmem_config_parse(const char *text, size_t len, struct gvtmem_config *cfg,
			char *err, size_t errlen);
const struct gvtmem_config_node *
gvtmem_config_node(const struct gvtmem_config *cfg, u32 id);

#endif /* GVTMEM_CONFIG_H */
