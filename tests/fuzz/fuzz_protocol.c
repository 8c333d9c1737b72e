// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the code that reads what peers send, built in user
 * space from the module's own sources (include/ holds stand-ins for the
 * few kernel headers they use):
 *
 *   byte 0 = 0: the input is a received frame: decode it and, if it
 *               decodes, validate its payload for its type; a payload
 *               called valid must have exactly its type's size.
 *   byte 0 = 1: the input drives three nodes' election rules with
 *               heartbeats, (pre-)vote requests, votes and ticks in any
 *               order: at most one master per epoch, ever.
 *   byte 0 = 2: the input is a walk through the node state machine:
 *               every state reached is a state, forbidden steps change
 *               nothing.
 *
 * AddressSanitizer and UBSan catch any read past a buffer or overflow.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../rdma-transport/frame.c"
#include "../../kernel/protocol.c"
#include "../../kernel/election.c"
#include "../../kernel/membership.c"

static void fuzz_frame(const uint8_t *data, size_t size)
{
	struct gvtmem_frame f;
	uint8_t *buf;

	/* A copy of exactly size bytes, so ASan sees any over-read. */
	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	if (gvtmem_frame_decode(buf, size, &f) == GVTMEM_FRAME_OK) {
		assert(f.len <= GVTMEM_FRAME_MAX_PAYLOAD);
		assert((const uint8_t *)f.payload + f.len == buf + size);
		if (gvtmem_msg_validate(f.type, f.payload, f.len) == GVTMEM_MSG_OK)
			assert(f.type && f.type < GVTMEM_MSG_NR_TYPES);
	}
	/* The payload validator alone, on any type and length. */
	if (size >= 2)
		gvtmem_msg_validate(data[0] | data[1] << 8, buf + 2, size - 2);
	free(buf);
}

#define NODES 3

/* Ops on three nodes, ids 1..3; messages are delivered at once. */
static void fuzz_election(const uint8_t *data, size_t size)
{
	struct gvtmem_election e[NODES + 1];
	u64 master_of_term[64] = { 0 };
	u64 now = 0;
	size_t i;
	u32 n;

	for (n = 1; n <= NODES; n++)
		gvtmem_elect_init(&e[n], n, NODES, 0, n * 100);
	for (i = 0; i + 2 < size; i += 3) {
		u32 a = data[i] % NODES + 1, b = data[i + 1] % NODES + 1;
		bool flag = data[i + 2] & 1;

		now += data[i + 2] * 10;
		switch (data[i] / NODES % 5) {
		case 0:		/* a ticks */
			gvtmem_elect_tick(&e[a], now, data[i + 1] % 1000, true,
					  1 + (data[i + 2] >> 1) % NODES);
			break;
		case 1:		/* a's heartbeat reaches b, if a is master */
			if (e[a].role == GVTMEM_MASTER && a != b &&
			    !gvtmem_elect_on_heartbeat(&e[b], a, e[a].term, now, 0))
				e[b].table_epoch = e[a].term;
			break;
		case 2: {	/* a asks b for a (pre-)vote, b answers */
			u64 term = e[a].term + (flag ? 1 : 0);
			bool granted;

			if (a == b)
				break;
			granted = gvtmem_elect_on_vote_req(&e[b], a, term,
							   e[a].table_epoch, flag,
							   now, 0);
			gvtmem_elect_on_vote(&e[a], b, flag ? term : e[b].term,
					     granted, flag, now, 0);
			break;
		}
		case 3:		/* a hears of b's epoch in some message */
			gvtmem_elect_observe_term(&e[a], e[b].term);
			break;
		case 4:		/* time passes */
			now += 1000;
			break;
		}
		/* Safety: one master per epoch, whatever happened. */
		for (n = 1; n <= NODES; n++) {
			if (e[n].role != GVTMEM_MASTER || e[n].term >= 64)
				continue;
			assert(!master_of_term[e[n].term] ||
			       master_of_term[e[n].term] == n);
			master_of_term[e[n].term] = n;
		}
	}
}

static void fuzz_states(const uint8_t *data, size_t size)
{
	int s = GVTMEM_NODE_INACTIVE, next;
	size_t i;

	for (i = 0; i < size; i++) {
		next = gvtmem_node_next(s, data[i] % (GVTMEM_EV_NR + 1));
		if (next < 0)
			continue;
		assert(next < GVTMEM_NODE_NR_STATES);
		s = next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_frame(data + 1, size - 1);
		break;
	case 1:
		fuzz_election(data + 1, size - 1);
		break;
	case 2:
		fuzz_states(data + 1, size - 1);
		break;
	}
	return 0;
}
