// SPDX-License-Identifier: GPL-2.0
/*
 * Master election rules (see election.h). jitter is a random number of
 * milliseconds in [0, lease / 2) chosen by the caller for each
 * new deadline, so that nodes that lost the same master do not all stand
 * at once.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "election.h"

static void gvtmem_elect_rearm(struct gvtmem_election *e, u64 now, u32 jitter)
{
	e->deadline = now + e->lease_ms + jitter;
}

/*
 * Once the master is known gone, a (pre-)vote that did not win is tried
 * again sooner than a lease: waiting out a whole lease after a split vote
 * would leave the cluster without a master for two. Half the jitter keeps
 * two nodes that split apart next time.
 */
static void gvtmem_elect_rearm_retry(struct gvtmem_election *e, u64 now,
				     u32 jitter)
{
	e->deadline = now + GVTMEM_RETRY_MS + jitter / 2;
}

void gvtmem_elect_init(struct gvtmem_election *e, u32 self,
		       unsigned int nr_voters, u64 now, u32 jitter)
{
	memset(e, 0, sizeof(*e));
	e->self = self;
	e->nr_voters = nr_voters;
	e->voted_for = GVTMEM_NO_NODE;
	e->master = GVTMEM_NO_NODE;
	e->role = GVTMEM_FOLLOWER;
	e->lease_ms = GVTMEM_LEASE_MS;
	gvtmem_elect_rearm(e, now, jitter);
}

/* A newer term fences whatever we were: follow, vote afresh. */
bool gvtmem_elect_observe_term(struct gvtmem_election *e, u64 term)
{
	if (term <= e->term)
		return false;
	e->term = term;
	e->voted_for = GVTMEM_NO_NODE;
	e->role = GVTMEM_FOLLOWER;
	e->master = GVTMEM_NO_NODE;
	return true;
}

/* -ESTALE: a master of an older term; ignore it. */
int gvtmem_elect_on_heartbeat(struct gvtmem_election *e, u32 from, u64 term,
			      u64 now, u32 jitter)
{
	if (term < e->term)
		return -ESTALE;
	gvtmem_elect_observe_term(e, term);
	/* Same term: only one node can have won it, so from is master. */
	if (from != e->self)
		e->role = GVTMEM_FOLLOWER;
	e->master = from;
	e->master_seen = now;
	gvtmem_elect_rearm(e, now, jitter);
	return 0;
}

/*
 * A (pre-)vote request from cand for term, holding a node table of epoch
 * cand_table. A pre-vote changes nothing here; it says whether the real
 * vote would be granted.
 */
bool gvtmem_elect_on_vote_req(struct gvtmem_election *e, u32 cand, u64 term,
			      u64 cand_table, bool pre, u64 now, u32 jitter)
{
	if (term < e->term || cand_table < e->table_epoch)
		return false;
	/*
	 * A live master's lease stands: followers that hear it do not help
	 * a node that merely lost touch with it (or just restarted) to
	 * depose it. The master itself steps down on a newer term, as in Raft.
	 */
	if (e->role != GVTMEM_MASTER && e->master != GVTMEM_NO_NODE &&
	    e->master != cand && now < e->master_seen + e->lease_ms)
		return false;
	/* A working master answers no to pre-votes: it is still there. */
	if (pre) {
		if (e->role == GVTMEM_MASTER || term <= e->term)
			return false;
		/*
		 * Two nodes that lost the master at the same moment would
		 * both win their pre-votes and split the real vote. The
		 * lower id goes first: a pre-candidate with a higher id
		 * steps back, and tries again if that one does not win.
		 */
		if (e->role == GVTMEM_PRECANDIDATE && cand < e->self) {
			e->role = GVTMEM_FOLLOWER;
			gvtmem_elect_rearm_retry(e, now, jitter);
		}
		return true;
	}
	if (e->role == GVTMEM_MASTER && term == e->term)
		return false;
	gvtmem_elect_observe_term(e, term);
	if (e->voted_for != GVTMEM_NO_NODE && e->voted_for != cand)
		return false;
	e->voted_for = cand;
	gvtmem_elect_rearm(e, now, jitter);
	return true;
}

static bool gvtmem_elect_majority_votes(struct gvtmem_election *e, u32 from)
{
	set_bit(from, e->votes);
	return bitmap_weight(e->votes, GVTMEM_MAX_NODES) >=
	       gvtmem_majority(e->nr_voters);
}

/* Enter term + 1 as candidate, our own vote cast. */
static enum gvtmem_elect_action gvtmem_elect_stand(struct gvtmem_election *e,
						   u64 now, u32 jitter)
{
	e->term++;
	e->role = GVTMEM_CANDIDATE;
	e->voted_for = e->self;
	e->master = GVTMEM_NO_NODE;
	bitmap_zero(e->votes, GVTMEM_MAX_NODES);
	set_bit(e->self, e->votes);
	gvtmem_elect_rearm_retry(e, now, jitter);
	if (gvtmem_majority(e->nr_voters) > 1)
		return GVTMEM_ELECT_START;
	e->role = GVTMEM_MASTER;
	e->master = e->self;
	return GVTMEM_ELECT_WON;
}

/*
 * A vote from node from. Pre-vote answers carry the term asked about; real
 * ones the voter's term. START: a majority would vote for us, so ask for
 * real; WON: we are master.
 */
enum gvtmem_elect_action gvtmem_elect_on_vote(struct gvtmem_election *e,
					      u32 from, u64 term, bool granted,
					      bool pre, u64 now, u32 jitter)
{
	if (from >= GVTMEM_MAX_NODES || !granted)
		return GVTMEM_ELECT_NONE;
	if (pre) {
		if (e->role != GVTMEM_PRECANDIDATE || term != e->term + 1 ||
		    !gvtmem_elect_majority_votes(e, from))
			return GVTMEM_ELECT_NONE;
		return gvtmem_elect_stand(e, now, jitter);
	}
	if (gvtmem_elect_observe_term(e, term))
		return GVTMEM_ELECT_NONE;
	if (e->role != GVTMEM_CANDIDATE || term != e->term ||
	    !gvtmem_elect_majority_votes(e, from))
		return GVTMEM_ELECT_NONE;
	e->role = GVTMEM_MASTER;
	e->master = e->self;
	return GVTMEM_ELECT_WON;
}

/*
 * Called periodically. may_stand: this node may become master (it has the
 * key and has not left). contacts: nodes, self included, heard from within
 * the last lease; a master below a majority steps down.
 */
enum gvtmem_elect_action gvtmem_elect_tick(struct gvtmem_election *e, u64 now,
					   u32 jitter, bool may_stand,
					   unsigned int contacts)
{
	if (e->role == GVTMEM_MASTER) {
		if (may_stand && contacts >= gvtmem_majority(e->nr_voters))
			return GVTMEM_ELECT_NONE;
		e->role = GVTMEM_FOLLOWER;
		e->master = GVTMEM_NO_NODE;
		gvtmem_elect_rearm(e, now, jitter);
		return GVTMEM_ELECT_STEP_DOWN;
	}
	if (now < e->deadline || !may_stand)
		return GVTMEM_ELECT_NONE;
	if (gvtmem_majority(e->nr_voters) == 1)
		return gvtmem_elect_stand(e, now, jitter);
	/* Ask first; the term moves only if a majority would follow. */
	e->role = GVTMEM_PRECANDIDATE;
	bitmap_zero(e->votes, GVTMEM_MAX_NODES);
	set_bit(e->self, e->votes);
	gvtmem_elect_rearm_retry(e, now, jitter);
	return GVTMEM_ELECT_PREVOTE;
}
