/*
 * SPDX-License-Identifier: GPL-2.0
 *
 * Block ownership and clean leave, as gvtmem does them (kernel/manager.c,
 * rdma-transport/lend.c, gvtmem-backend/remote-zone.c), checked with spin:
 *
 *  - one donor D lends NB blocks; two borrowers put swap pages in them;
 *  - two masters may be alive at once (the moment a new master is elected
 *    while the old one has not yet stepped down): each may send Grant-Any
 *    and Grant-Return whenever it likes;
 *  - a borrower's page is written through to its swap device before the
 *    put completes (frontswap writethrough), as remote pages are;
 *  - D leaves: Leave-Req, Force-Return to every borrower, borrowers give
 *    the blocks back (emptying them first), D becomes Inactive only when
 *    nothing is lent; messages on each channel arrive in order (RC QPs);
 *  - the new master may suspect borrower 1 once (a missed lease): it
 *    tells it so (its heartbeat shows Recovery), and borrower 1 registers
 *    again; if the master fences it first (a lease later), D revokes
 *    every block lent or being lent to it. A revoked block's memory
 *    region is invalidated, so borrower 1's stale view of it reaches
 *    nothing: its puts there fail and its loads fall back to the swap
 *    device. A Register after the fence makes it Active again.
 *
 * Access is modelled apart from ownership: mr[b] holds a bit for each
 * borrower whose registration of b is still valid (lend.c registers a
 * fresh memory region per grant and invalidates it on return or revoke).
 *
 * Checked: no block is ever reachable by two nodes (assertions at every
 * change of ownership or access); no page is ever lost (a page that leaves
 * a block, or whose block was revoked, is on the swap device: assertions
 * in give_back, revoke and load); no deadlock (spin's invalid end
 * states); and the leave finishes (the only valid end state has D
 * Inactive and nothing lent). Orders and puts are bounded (MAX_ORDERS,
 * MAX_PUTS) to keep the state space finite and small.
 */

#define NB	2	/* blocks D can lend */
#define FREE	0	/* owner[b]: on D's free list */
#define INFLIGHT 9	/* lent, the Grant not yet received */
#ifndef MAX_PUTS
#define MAX_PUTS 2	/* swap puts per borrower */
#endif
#ifndef MAX_ORDERS
#define MAX_ORDERS 2	/* Grant-Any and Grant-Return per master */
#endif

mtype = { GRANT_ANY, GRANT_RETURN, FORCE_RETURN, GRANT, RETURN,
	  RECOVERY, REGISTER, FENCE };

byte owner[NB];		/* FREE, INFLIGHT or the borrower's id (1, 2) */
byte target[NB];	/* whom an INFLIGHT block is for */
bool has[3 * NB];	/* has[x * NB + b]: borrower x knows it holds b */
bool page_in[3 * NB];	/* borrower x has a page in block b */
bool on_disk[3];	/* borrower x's page is on its swap device */
bool page_live[3];	/* borrower x's page exists (not freed by its owner) */
bool leaving, inactive;
byte mr[NB];		/* bit x set: borrower x's registration of b is valid */
/* Borrower 1 at the master: ACTIVE, RECOVERY (suspected) or FENCED. */
#define ACTIVE 0
#define RECOVERY 1
#define FENCED 2
byte st1;
bool suspected;		/* the one suspicion has happened */
#ifdef NO_RECOVERY
#define MAY_SUSPECT false	/* a smaller model: no suspicion at all */
#else
#define MAY_SUSPECT true
#endif

chan to_donor = [3] of { mtype, byte, byte };	/* kind, borrower, block */
chan to_b[3] = [3] of { mtype, byte };		/* kind, block */
chan to_master = [1] of { mtype, byte };	/* Register from borrower 1 */

/* Never two borrowers with access to one block. */
#define ONE_HOLDER(b) (mr[b] != 6)	/* bits 1 and 2 both set */
#define BIT(x) (1 << (x))

inline lend(x) {
	/* lend.c: a free block goes to exactly one borrower, under its mutex. */
	atomic {
		if
		:: !leaving && owner[0] == FREE -> owner[0] = INFLIGHT; target[0] = x;
			mr[0] = mr[0] | BIT(x); assert(ONE_HOLDER(0)); to_b[x]!GRANT, 0
		:: !leaving && owner[1] == FREE -> owner[1] = INFLIGHT; target[1] = x;
			mr[1] = mr[1] | BIT(x); assert(ONE_HOLDER(1)); to_b[x]!GRANT, 1
		:: else -> skip	/* nothing free, or leaving: Grant-Any refused */
		fi
	}
}

proctype Master(byte id)
{
	byte orders;

	/* Up to MAX_ORDERS orders each, in any order (bounds the state space). */
	do
	:: orders < MAX_ORDERS -> orders++; to_donor!GRANT_ANY, 1, 0
	:: orders < MAX_ORDERS -> orders++; to_donor!GRANT_ANY, 2, 0
	:: orders < MAX_ORDERS -> orders++; to_b[1]!GRANT_RETURN, 0
	:: orders < MAX_ORDERS -> orders++; to_b[2]!GRANT_RETURN, 0
	/* The new master misses borrower 1 for a lease, once. */
	:: MAY_SUSPECT && id == 2 && !suspected && !leaving ->
		suspected = true; st1 = RECOVERY; to_b[1]!RECOVERY, 0
	/* Another lease without a Register: fenced; D revokes. */
	:: id == 2 && st1 == RECOVERY -> st1 = FENCED; to_donor!FENCE, 1, 0
	/* Recovery + Register -> Active; after a fence, a rejoin. */
	:: id == 2 && to_master?[REGISTER, 1] -> to_master?REGISTER, 1; st1 = ACTIVE
	:: leaving -> break	/* the leave goes on; orders stop mattering */
	:: orders == MAX_ORDERS -> break
	od;
	if
	:: id != 2 -> goto done	/* the old master steps down */
	:: else -> skip
	fi;
	/*
	 * Step 2 of a leave, by the master that got Leave-Req: Force-Return to
	 * every borrower, repeated (every second in manager.c) until D is
	 * Inactive, since a Grant sent just before the leave can arrive after
	 * a Force-Return. Here a repeat goes to all once the last was read.
	 */
	leaving;
	do
	:: inactive -> break
	:: !inactive && empty(to_b[1]) && empty(to_b[2]) ->
		to_b[1]!FORCE_RETURN, 0;
		to_b[2]!FORCE_RETURN, 0
	od;
done:
	skip
}

/*
 * lend.c revoke: a block lent (or being lent) to fenced borrower x comes
 * back at once and its registration is invalidated. The page x had there
 * must be on the swap device.
 */
inline revoke(x, b) {
	atomic {
		if
		:: owner[b] == x || (owner[b] == INFLIGHT && target[b] == x) ->
			assert(!page_in[x * NB + b] || on_disk[x] || !page_live[x]);
			owner[b] = FREE;
			mr[b] = mr[b] & ~BIT(x)
		:: else -> skip
		fi
	}
}

proctype Donor()
{
	byte kind, x, b;
	do
	:: to_donor?kind, x, b ->
		if
		:: kind == GRANT_ANY -> lend(x)
		:: kind == RETURN ->
			/*
			 * lend.c take_back: only a block lent to x comes back
			 * (one revoked meanwhile may be lent to another now).
			 */
			atomic {
				if
				:: owner[b] == x -> owner[b] = FREE; mr[b] = mr[b] & ~BIT(x)
				:: else -> assert(st1 == FENCED || suspected)
				fi
			}
		:: kind == FENCE -> revoke(x, 0); revoke(x, 1)
		fi
	:: !leaving -> leaving = true	/* the operator writes cluster/leave */
	:: leaving && owner[0] == FREE && owner[1] == FREE &&
	   empty(to_donor) -> inactive = true; break	/* step 5 */
	od
}

/* Give block b back: empty it (the page is on disk), then tell D. */
inline give_back(x, b) {
	atomic {
		assert(!page_in[x * NB + b] || on_disk[x] || !page_live[x]);
		page_in[x * NB + b] = false;
		has[x * NB + b] = false;
	}
	to_donor!RETURN, x, b
}

proctype Borrower(byte x)
{
	byte kind, b, puts;
	do
	:: to_b[x]?kind, b ->
		if
		:: kind == GRANT ->
			atomic {
				if
				:: owner[b] == INFLIGHT && target[b] == x ->
					owner[b] = x;
					has[x * NB + b] = true;
					assert(ONE_HOLDER(b))
				/*
				 * Revoked (fence) before it arrived: its region
				 * is dead, or the block was lent to x again and
				 * this is the older of two grants (the newer
				 * registration is the one that works).
				 */
				:: else -> assert(x == 1 && (owner[b] == x || !(mr[b] & BIT(x))))
				fi
			}
		:: kind == RECOVERY -> to_master!REGISTER, x	/* register again */
		:: kind == GRANT_RETURN || kind == FORCE_RETURN ->
			if
			:: has[x * NB + 0] -> give_back(x, 0)
			:: has[x * NB + 1] -> give_back(x, 1)
			:: else -> skip
			fi;
			if
			:: kind == FORCE_RETURN && has[x * NB + 0] -> give_back(x, 0)
			:: else -> skip
			fi;
			if
			:: kind == FORCE_RETURN && has[x * NB + 1] -> give_back(x, 1)
			:: else -> skip
			fi
		fi
	/*
	 * A swap put into a held block: written through first. The RDMA
	 * write reaches the block only through a valid registration.
	 */
	:: atomic { has[x * NB + 0] && (mr[0] & BIT(x)) && !page_live[x] && puts < MAX_PUTS ->
		puts++; on_disk[x] = true; page_live[x] = true; page_in[x * NB + 0] = true }
	:: atomic { has[x * NB + 1] && (mr[1] & BIT(x)) && !page_live[x] && puts < MAX_PUTS ->
		puts++; on_disk[x] = true; page_live[x] = true; page_in[x * NB + 1] = true }
	/*
	 * A load whose block is unreachable now falls back to the disk; it
	 * is exclusive, so the page leaves tmem.
	 */
	:: atomic { page_live[x] && ((page_in[x * NB + 0] && !(mr[0] & BIT(x))) ||
				     (page_in[x * NB + 1] && !(mr[1] & BIT(x)))) ->
		assert(on_disk[x]);
		page_live[x] = false; on_disk[x] = false;
		page_in[x * NB + 0] = false; page_in[x * NB + 1] = false }
	/* the process frees its page (swap slot freed, flush) */
	:: atomic { page_live[x] -> page_live[x] = false; on_disk[x] = false;
		page_in[x * NB + 0] = false; page_in[x * NB + 1] = false }
	:: inactive && empty(to_b[x]) -> break
	od
}

init {
	atomic {
		run Donor();
		run Borrower(1);
		run Borrower(2);
		run Master(1);	/* the old master */
		run Master(2)	/* and the new one, for a while both */
	}
}

/* The leave finishes: once D leaves, it becomes Inactive (weak fairness). */
ltl leave_done { [] (leaving -> <> inactive) }
