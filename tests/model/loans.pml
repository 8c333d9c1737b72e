/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * Loans over a lossy connection that may reset, as gvtmem makes them with
 * transport/keep_loans at 1 (the default), checked with spin:
 *
 *  - one donor D lends NB blocks to NBOR borrowers (ids 1..NBOR), one
 *    connection each; every lend registers the block anew, so a block
 *    has a new key (rkey) each time it is lent (gvtmem_lend_grant,
 *    gvtmem_conn_reg_block): here (block, registration) pairs;
 *  - D sends a Grant; the borrower takes it whole or not at all
 *    (gvtmem_borrow_add; no memory for its list is a Grant not taken),
 *    holds a block it already holds (same addr and rkey) once, neither
 *    takes nor acknowledges one it gave back lately (a resend that
 *    crossed its Return; "lately" is 20 s, longer than D resends, so
 *    here: ever), and acknowledges the rest, flag bit 1
 *    (gvtmem_mgr_on_grant, gvtmem_mgr_ack_grant); D marks acknowledged
 *    blocks by rkey (gvtmem_lend_acked);
 *  - D's sweep, once a second: an unacknowledged block whose deadline
 *    passed is taken back (invalidated, then free); the others are sent
 *    again, but only if their Grant went out on the connection as it is
 *    now (gvtmem_lend_sweep, gvtmem_lend_resend, gvtmem_conn_up_gen);
 *  - a borrower told to give blocks back (Grant-Return) empties one it
 *    holds, forgets it and sends a Grant with the return flag
 *    (gvtmem_mgr_return_to); D invalidates and frees a block named by
 *    its current rkey, ignores others (gvtmem_lend_take_back);
 *  - frames may be lost (transport faults, a full inbox); a connection
 *    may reset: frames not yet received are gone, those received wait in
 *    the inbox and are still handled; the loans stay (keep_loans). The
 *    borrower learns of the reset later, from its notify work (not
 *    ordered with the inbox): its zone goes offline
 *    (gvtmem_loans_peer_down). After the reconnect D sends a
 *    reconciliation pass (gvtmem_loans_peer_up), and again once a tick
 *    here (every 30 s in kernel/loans.c, and at once after the sweep
 *    took blocks back): the blocks it lends whose Grant went out
 *    (gvtmem_lend_list). The borrower acknowledges the listed blocks it
 *    holds, gives back those it does not, drops and gives back those it
 *    holds that the pass did not list nor a Grant during it brought, and
 *    puts its zone online (gvtmem_loans_on_pass, gvtmem_borrow_sync,
 *    gvtmem_loans_end_pass, gvtmem_borrow_take_stale);
 *  - the borrower puts a page in a held block of an online zone, written
 *    through to its swap device first; an RDMA access through a
 *    registration D invalidated fails and resets the connection
 *    (gvtmem_request_failed); a load whose block is unreachable falls
 *    back to the swap device.
 *
 * Time: one tick of the Timer is one run of the sweep (1 s). A tick
 * comes only when every frame sent has been handled or lost and the
 * notify work is done: a frame takes far less than a second. The 8 s
 * deadline is AGE_MAX ticks (the Grant is sent AGE_MAX times in all).
 *
 * Checked (safety, assertions): a free block has no valid registration,
 * so no block is ever reachable by two borrowers, nor twice by one;
 * a borrower's zone holds a block once; an acknowledgement names only
 * blocks the borrower took; a page whose block is taken back, dropped or
 * given back is on the swap device; the sweep takes back a block whose
 * Grant went out on the connection still up only if at least AGE_MAX
 * frames were lost (every send, or its acknowledgement); no invalid end
 * state. Checked (liveness, weak fairness, losses and resets bounded):
 * the books converge: in the end every block D lends is acknowledged and
 * held by that borrower under its current key, and no borrower holds a
 * block D does not lend it. This needs a borrower to access, in the end,
 * every block of its online zone: a block it holds that D took back is
 * dropped only by the pass after the reset its failed access causes (a
 * pass between resets drops nothing); without such an access spin finds
 * books that never agree.
 *
 * With -DSTRICT, one more assertion: a borrower never takes a block D no
 * longer lends. Without the given-back memory it fails: D lends blocks 0
 * and 1 in one Grant; the borrower takes both, its acknowledgement is
 * lost; D's sweep sends the Grant again; before that arrives the
 * borrower gives block 1 back (Grant-Return) and D frees it; then the
 * resent Grant arrives and the borrower, no longer holding block 1,
 * would take it afresh under its dead key.
 *
 * Left out: the master (orders are bounded nondeterministic events), the
 * grace periods that end loans of a peer out of reach (30 s, 60 s) and a
 * reconnect with no pass within 10 s (each only ends loans, without a
 * Return, and the next pass repairs the books), fencing and leave
 * (ownership.pml), keep_loans at 0, replicas, more than one page, and
 * the frame format. A pass is one frame (up to 64 blocks fit; a pass
 * that misses one of its frames drops nothing, as a lost one), and a
 * borrower's answer to a pass sends its returns in one frame. Keys are
 * never reused. A Grant is registered and sent in one step (in lend.c a
 * reset between the two sends it on the next connection, not resent).
 */

#define NB	2	/* blocks D can lend */
#define NR	2	/* registrations (keys) per block over a run */
#define FREE	0	/* owner[b]: on D's free list */
#ifndef NBOR
#define NBOR	1	/* borrowers */
#endif
#ifndef MAX_ORDERS
#define MAX_ORDERS 2	/* Grant-Any orders to D */
#endif
#ifndef MAX_RETURNS
#define MAX_RETURNS 1	/* Grant-Return orders, all borrowers together */
#endif
#ifndef MAX_LOSS
#define MAX_LOSS 2	/* frames lost, or Grants a borrower could not take */
#endif
#ifndef MAX_RESETS
#define MAX_RESETS 1	/* resets besides those a failed access causes */
#endif
#ifndef AGE_MAX
#define AGE_MAX	2	/* ticks until an unacknowledged Grant is taken back */
#endif
#define MAX_PUTS 1	/* pages per borrower */

mtype = { GRANT, SYNC, ACK, RET };

#define BIT(b)		(1 << (b))
/* A (block, registration) pair as a bit; sets of them in one byte. */
#define RB(b, r)	(1 << ((b) * NR + (r) - 1))
#define REGS(b)		(((1 << NR) - 1) << ((b) * NR))
/* The pair D lends now, if it lends b. */
#define NOW(b)		RB(b, reg[b])

/* D's books (gvtmem_lent, struct gvtmem_lend_block). */
byte owner[NB];		/* FREE or the borrower */
byte reg[NB];		/* the block's last registration, 0..NR */
byte age[NB];		/* ticks since its Grant, while unacknowledged */
byte acked;		/* bit b: b's Grant was acknowledged */
byte sameconn;		/* bit b: b's Grant went out on the connection up now */
/* The device: registrations that reach their block. */
byte valid;
/* Borrowers' books (gvtmem_borrowed) and zones. */
byte hold[NBOR + 1];	/* pairs held */
byte cur[NBOR + 1];	/* pairs granted or listed since the last pass began */
byte gb[NBOR + 1];	/* pairs given back (gvtmem_borrow_given_back) */
byte took[NBOR + 1];	/* every pair ever taken (for the checks) */
bool offline[NBOR + 1];	/* the zone: no puts, loads wait */
byte page[NBOR + 1];	/* the pair holding the borrower's page, 0: none */
bool on_disk[NBOR + 1];	/* the page is on the swap device */
/* Connections. */
bool up[NBOR + 1];
bool downq[NBOR + 1];	/* the borrower's notify of a reset is pending */
bool pass_due[NBOR + 1];	/* D's notify of a reconnect is pending */
/* The environment's budget. */
byte orders, returns, lost, resets;

chan d2b[NBOR + 1] = [4] of { mtype, byte };	/* kind, pairs */
chan b2d[NBOR + 1] = [4] of { mtype, byte };

/* Everything sent was handled or lost, and no notify work is pending. */
#define QUIET(x)	(len(d2b[x]) == 0 && len(b2d[x]) == 0 && !downq[x] && !pass_due[x])
#if NBOR > 1
#define IDLE		(QUIET(1) && QUIET(2))
#else
#define IDLE		QUIET(1)
#endif

/* k := one pair of set s (s not empty). */
inline pick(k, s) {
	if
	:: s & RB(0, 1) -> k = RB(0, 1)
	:: s & RB(0, 2) -> k = RB(0, 2)
	:: s & RB(1, 1) -> k = RB(1, 1)
	:: s & RB(1, 2) -> k = RB(1, 2)
	fi
}

/*
 * The connection to x resets (gvtmem_conn_error and its teardown):
 * frames already received wait in the inbox, the rest are lost; the
 * Grants sent on it are not sent again (a new up_gen); both ends' notify
 * work runs later.
 */
inline flush(ch) {
	select (keep : 0 .. len(ch));
	n = len(ch);
	do
	:: n > 0 -> ch?k, m; n--;
		if
		:: keep > 0 -> keep--; ch!k, m
		:: else -> skip
		fi
	:: else -> break
	od;
	k = 0; m = 0
}

inline reset(x) {
	up[x] = false;
	pass_due[x] = false;
	downq[x] = true;
	for (b : 0 .. NB - 1) {
		if
		:: owner[b] == x -> sameconn = sameconn & ~BIT(b)
		:: else -> skip
		fi
	}
	b = 0;
	flush(d2b[x]);
	flush(b2d[x])
}

/* A page in pair k leaves tmem: the swap device must have it. */
inline page_out(x, k) {
	if
	:: page[x] & (k) -> assert(on_disk[x]); page[x] = 0
	:: else -> skip
	fi
}

/*
 * gvtmem_lend_invalidate: the registration is invalidated, then the
 * block is free. Borrower x's page there is on its swap device; x's
 * next load of it fails and falls back to that copy.
 */
inline take_back(x, b) {
	assert(!(page[x] & NOW(b)) || on_disk[x]);
	valid = valid & ~NOW(b);
	owner[b] = FREE;
	acked = acked & ~BIT(b);
	sameconn = sameconn & ~BIT(b);
	age[b] = 0
}

/* gvtmem_lend_grant: up to n free blocks, each registered anew, one Grant. */
inline grant(x, n) {
	for (b : 0 .. NB - 1) {
		if
		:: n > 0 && owner[b] == FREE && reg[b] < NR ->
			/* Nobody reaches a free block: its last region is dead. */
			assert(!(valid & REGS(b)));
			reg[b]++;
			owner[b] = x;
			valid = valid | NOW(b);
			sameconn = sameconn | BIT(b);
			m = m | NOW(b);
			n--
		:: else -> skip
		fi
	}
	b = 0;
	if
	:: m -> d2b[x]!GRANT, m
	:: else -> skip
	fi;
	m = 0
}

/* gvtmem_lend_list, gvtmem_loans_send_pass: the blocks lent to x. */
inline send_pass(x) {
	for (b : 0 .. NB - 1) {
		if
		:: owner[b] == x -> m = m | NOW(b)
		:: else -> skip
		fi
	}
	b = 0;
	d2b[x]!SYNC, m;
	m = 0
}

/* A frame from borrower x. */
inline donor_recv(x) {
	if
	:: k == ACK ->
		/* gvtmem_lend_acked, by rkey; one no longer lent is logged. */
		assert((m & ~took[x]) == 0);
		for (b : 0 .. NB - 1) {
			if
			:: owner[b] == x && (m & NOW(b)) -> acked = acked | BIT(b)
			:: else -> skip
			fi
		}
	:: k == RET ->
		/* gvtmem_lend_take_back: only a block lent to x under that key. */
		for (b : 0 .. NB - 1) {
			if
			:: owner[b] == x && (m & NOW(b)) -> take_back(x, b)
			:: else -> skip
			fi
		}
	fi;
	b = 0; k = 0; m = 0
}

proctype Donor()
{
	byte x, b, k, m, n;
end:	do
	/* Grant-Any: 1 or NB blocks to a borrower, if its connection is up. */
	:: atomic { orders < MAX_ORDERS -> orders++;
		select (x : 1 .. NBOR);
		select (n : 1 .. NB);
		if
		:: up[x] -> grant(x, n)
		:: else -> skip
		fi;
		x = 0; n = 0 }
	:: atomic { b2d[1]?k, m -> donor_recv(1) }
#if NBOR > 1
	:: atomic { b2d[2]?k, m -> donor_recv(2) }
#endif
	/* The notify work after a reconnect: the reconciliation pass. */
	:: atomic { pass_due[1] -> pass_due[1] = false; send_pass(1) }
#if NBOR > 1
	:: atomic { pass_due[2] -> pass_due[2] = false; send_pass(2) }
#endif
	od
}

/* gvtmem_borrow_add, then gvtmem_mgr_ack_grant. */
inline on_grant(x) {
	if
	:: lost < MAX_LOSS -> lost++	/* no memory for its list: none taken, no ack */
	:: true ->
		fresh = m & ~hold[x] & ~gb[x];	/* a block held already is held once */
		/* The zone holds each block once (else two pages share a slot). */
		assert((fresh & hold[x]) == 0);
#ifdef STRICT
		/* D still lends what a Grant brings when the borrower takes it. */
		assert((fresh & ~valid) == 0);
#endif
		hold[x] = hold[x] | fresh;
		cur[x] = cur[x] | fresh;
		took[x] = took[x] | fresh;
		m = m & ~gb[x];		/* acknowledged: those it holds */
		if
		:: up[x] && m -> b2d[x]!ACK, m
		:: else -> skip	/* posted on no connection: lost */
		fi;
		fresh = 0
	fi
}

/* A pass (one frame, SYNC and SYNC_END): gvtmem_loans_on_pass. */
inline on_pass(x) {
	cur[x] = 0;		/* its frame 0 starts a pass */
	known = m & hold[x];
	cur[x] = cur[x] | known;
	/* gvtmem_borrow_take_stale: held, not listed nor granted in the pass */
	stale = hold[x] & ~cur[x];
	page_out(x, stale);
	hold[x] = hold[x] & ~stale;
	gb[x] = gb[x] | stale | (m & ~known);
	if
	:: up[x] ->
		if
		:: known -> b2d[x]!ACK, known
		:: else -> skip
		fi;
		stale = stale | (m & ~known);	/* and those it does not hold */
		if
		:: stale -> b2d[x]!RET, stale
		:: else -> skip
		fi;
		offline[x] = false
	:: else -> skip
	fi;
	known = 0; stale = 0
}

proctype Borrower(byte x)
{
	byte k, m, fresh, known, stale;
end:	do
	:: atomic { d2b[x]?k, m ->
		if
		:: k == GRANT -> on_grant(x)
		:: k == SYNC -> on_pass(x)
		fi;
		k = 0; m = 0 }
	/* The notify work sees the reset (gvtmem_loans_peer_down). */
	:: atomic { downq[x] -> downq[x] = false; offline[x] = true }
	/*
	 * Grant-Return: empty one block (its page is on the swap device),
	 * forget it, tell D (a send on no connection fails: the next pass
	 * finds the block lent and not held, and it is given back then).
	 */
	:: atomic { returns < MAX_RETURNS && hold[x] -> returns++;
		pick(k, hold[x]);
		page_out(x, k);
		hold[x] = hold[x] & ~k;
		cur[x] = cur[x] & ~k;
		gb[x] = gb[x] | k;
		if
		:: up[x] -> b2d[x]!RET, k
		:: else -> skip
		fi;
		k = 0 }
	od
}

/*
 * Borrower x's use of its zone: puts, loads, and a failed access. Its
 * notify work runs before the next access (the zone is offline by then).
 */
#define USABLE(x)	(up[x] && !offline[x] && !downq[x])
proctype Use(byte x)
{
	byte k, m, n, b, keep, puts;
end:	do
	/* A put, written through: the swap device first, then the block. */
	:: atomic { puts < MAX_PUTS && USABLE(x) && hold[x] ->
		puts++;
		on_disk[x] = true;
		pick(k, hold[x]);
		if
		:: valid & k -> page[x] = k
		:: else -> reset(x)	/* the write fails */
		fi;
		k = 0 }
	/* An access through a dead registration fails: the connection resets. */
	:: atomic { USABLE(x) && (hold[x] & ~valid) -> reset(x) }
	/*
	 * A load (exclusive): from the block, or else from the swap device
	 * (a read through a dead registration fails and resets too).
	 */
	:: atomic { page[x] ->
		if
		:: USABLE(x) && (valid & page[x]) -> skip
		:: USABLE(x) && !(valid & page[x]) -> assert(on_disk[x]); reset(x)
		:: else -> assert(on_disk[x])
		fi;
		page[x] = 0;
		on_disk[x] = false }
	od
}

/* Lost frames, resets and reconnects. */
proctype Net()
{
	byte x, b, k, m, n, keep;
end:	do
	:: atomic { lost < MAX_LOSS && len(d2b[1]) > 0 -> lost++; d2b[1]?_, _ }
	:: atomic { lost < MAX_LOSS && len(b2d[1]) > 0 -> lost++; b2d[1]?_, _ }
	:: atomic { resets < MAX_RESETS && up[1] -> resets++; reset(1) }
	:: atomic { !up[1] -> up[1] = true; pass_due[1] = true }
#if NBOR > 1
	:: atomic { lost < MAX_LOSS && len(d2b[2]) > 0 -> lost++; d2b[2]?_, _ }
	:: atomic { lost < MAX_LOSS && len(b2d[2]) > 0 -> lost++; b2d[2]?_, _ }
	:: atomic { resets < MAX_RESETS && up[2] -> resets++; reset(2) }
	:: atomic { !up[2] -> up[2] = true; pass_due[2] = true }
#endif
	od
}

/*
 * One second: D's sweep takes back what passed its deadline and sends
 * the other unacknowledged Grants again on the connection they went out
 * on (gvtmem_lend_sweep, gvtmem_lend_resend), and D sends each borrower
 * whose connection is up a pass (gvtmem_loans_watch).
 */
proctype Timer()
{
	byte x, b, m;
end:	do
	:: atomic { IDLE ->
		for (x : 1 .. NBOR) {
			for (b : 0 .. NB - 1) {
				if
				:: owner[b] == x && !(acked & BIT(b)) ->
					age[b]++;
					if
					:: age[b] >= AGE_MAX ->
						/* Only after every send or its ack was lost. */
						assert(!(sameconn & BIT(b)) || lost >= AGE_MAX);
						take_back(x, b)
					:: else ->
						if
						:: sameconn & BIT(b) -> m = m | NOW(b)
						:: else -> skip
						fi
					fi
				:: else -> skip
				fi
			}
			if
			:: m -> d2b[x]!GRANT, m
			:: else -> skip
			fi;
			m = 0;
			if
			:: up[x] -> send_pass(x)
			:: else -> skip
			fi
		}
		x = 0; b = 0 }
	od
}

init {
	atomic {
		up[1] = true;
#if NBOR > 1
		up[2] = true;
#endif
		run Donor();
		run Borrower(1);
		run Use(1);
#if NBOR > 1
		run Borrower(2);
		run Use(2);
#endif
		run Net();
		run Timer()
	}
}

/* In the end both sides' books agree. */
#define AGREE(x, b)	((owner[b] == x && (hold[x] & REGS(b)) == NOW(b)) || \
			 (owner[b] != x && (hold[x] & REGS(b)) == 0))
#define SETTLED(b)	(owner[b] == FREE || (acked & BIT(b)))
#if NBOR > 1
#define BOOKS	(AGREE(1, 0) && AGREE(1, 1) && AGREE(2, 0) && AGREE(2, 1) && \
		 SETTLED(0) && SETTLED(1))
#else
#define BOOKS	(AGREE(1, 0) && AGREE(1, 1) && SETTLED(0) && SETTLED(1))
#endif
ltl books_converge { <>[] BOOKS }
