/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cluster key and frame authentication. With a key set, every control
 * frame carries HMAC-SHA256(key, binding || frame with its tag field
 * zeroed) in its header tag, and frames whose tag does not match are
 * dropped: a node without the key can neither join nor be heard. The
 * binding is the connection the frame travels on (both ends' random
 * nonces, exchanged at connect), so a frame recorded on one connection is
 * refused on any other. Without a key the node runs transport only (no
 * membership): it sends zero tags and accepts only zero tags.
 */
#ifndef GVTMEM_AUTH_H
#define GVTMEM_AUTH_H

#include <linux/types.h>

#include "../rdma-transport/frame.h"

#define GVTMEM_KEY_MIN_LEN	16
#define GVTMEM_KEY_MAX_LEN	64

int gvtmem_auth_init(void);
void gvtmem_auth_exit(void);
int gvtmem_auth_set_key(const char *hex, size_t len);
bool gvtmem_auth_has_key(void);
/* Tag a whole frame in place (buf, len: header and payload) for bind. */
int gvtmem_auth_tag_frame(void *buf, u32 len,
			  const struct gvtmem_frame_bind *bind);
/*
 * True if the frame's tag is right for this node's key (or lack of one)
 * and the connection bind.
 */
bool gvtmem_auth_frame_ok(void *buf, u32 len,
			  const struct gvtmem_frame_bind *bind);
/* HMAC of data under the cluster key, for Register's proof. */
int gvtmem_auth_hmac(const void *data, u32 len, u8 *out);

#endif /* GVTMEM_AUTH_H */
