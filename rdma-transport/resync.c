// SPDX-License-Identifier: GPL-2.0
/*
 * Blocks between two nodes across a reconnect. A connection that resets
 * (a lost packet, a timeout under load) does not end a loan: the donor's
 * memory regions live in a PD that outlives the queue, so the borrower's
 * keys work again on the next connection, and its remote pages are still
 * there. Dropping them at every reset would lose a page whose other copy
 * was on a node that failed meanwhile.
 *
 * What does end loans while two nodes are apart, each end learns when
 * they connect again, before the connection is up, from the CM private
 * data (struct gvtmem_cm_sync):
 * - the peer restarted (a new incarnation): it forgot what it lent us and
 *   what we lent it;
 * - the donor revoked its loans (its lend generation toward us moved on:
 *   the peer was fenced, or we were, or an operator revoked).
 * Both ends reach the same verdict, because each also says what it last
 * saw of the other: a borrower drops every block of a donor exactly
 * when that donor takes them all back. Grants carry the generation too
 * (borrow.c): blocks lent after a revocation the borrower heard of only
 * that way do not look revoked at the next connect.
 *
 * If an attempt fails after one end applied its verdict and before the
 * other did, the other may keep blocks lent until the peer is fenced or
 * leaves; the next verdict cannot see that.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/random.h>

#include "conn-pri.h"
#include "transport.h"

/* This node's incarnation: new at every start, never 0. */
static u64 gvtmem_incarnation;

void gvtmem_resync_init(void)
{
	do {
		gvtmem_incarnation = get_random_u64();
	} while (!gvtmem_incarnation);
}

/* What to send for an attempt on conn; kept to judge the peer's reply. */
void gvtmem_resync_fill(struct gvtmem_conn *conn, struct gvtmem_cm_sync *sync)
{
	sync->inc = cpu_to_le64(gvtmem_incarnation);
	sync->seen_inc = cpu_to_le64(conn->peer_inc);
	sync->gen = cpu_to_le32(gvtmem_lend_gen(conn->peer));
	sync->seen_gen = cpu_to_le32(conn->peer_gen);
	conn->sync_sent = *sync;
}

/*
 * Both sync records are in: end the loans the other end has ended, then
 * remember what it said. Called before the connection goes up.
 */
void gvtmem_resync_apply(struct gvtmem_conn *conn)
{
	const struct gvtmem_cm_sync *s = &conn->sync_sent, *r = &conn->sync_recv;
	bool first = !conn->peer_inc;
	bool borrow_gone, lend_gone;

	/* What it lent us: gone if it restarted or revoked. */
	borrow_gone = r->inc != s->seen_inc || r->gen != s->seen_gen;
	/* What we lent it: gone if it restarted, or it saw us revoke. */
	lend_gone = r->seen_inc != s->inc || r->seen_gen != s->gen;
	conn->peer_inc = le64_to_cpu(r->inc);
	conn->peer_gen = le32_to_cpu(r->gen);
	if (first)
		return;		/* nothing between us yet */
	if (lend_gone && gvtmem_lend_blocks_to(conn->peer)) {
		pr_info("peer %u: restarted or saw our revocation: blocks lent to it are taken back\n",
			conn->peer);
		gvtmem_lend_forget(conn);
	}
	if (borrow_gone) {
		if (gvtmem_borrow_blocks_from(conn->peer))
			pr_info("peer %u: restarted or revoked its blocks while we were apart: dropping them\n",
				conn->peer);
		gvtmem_transport_peer_revoked(conn->peer);
	}
}
