/* SPDX-License-Identifier: GPL-2.0 */
/* Loans across connection resets (loans.c). */
#ifndef GVTMEM_LOANS_H
#define GVTMEM_LOANS_H

#include <linux/types.h>

struct gvtmem_msg_grant;

void gvtmem_loans_peer_down(u32 peer);
void gvtmem_loans_peer_up(u32 peer);
void gvtmem_loans_on_pass(u32 donor, const struct gvtmem_msg_grant *g);
void gvtmem_loans_stop(void);

#endif /* GVTMEM_LOANS_H */
