// SPDX-License-Identifier: GPL-2.0
/*
 * pagerank: graph analytics, standing in for the graph jobs of the GV-Tmem
 * paper's third scenario. From SEED it generates a power-law directed graph
 * of about MB MiB, stored as in-edge CSR, and runs pull PageRank on it
 * (damping 0.85; the rank of vertices without out-edges is spread over all
 * vertices). The graph has R-MAT's degree distribution (quadrants 0.57,
 * 0.19, 0.19, 0.05, so each bit of an endpoint's number is 1 with
 * probability 0.24): 2^scale vertices, the most that leave an average
 * degree of at least 16, and as many edges as fill the rest of MB; each
 * vertex gets its expected R-MAT in-degree, rounded at random, and the
 * sources of its in-edges are drawn from R-MAT's source distribution (the
 * two endpoints independent: R-MAT's 0.57 is within 1% of 0.76^2),
 * destination by destination so the CSR is written in order. Vertex
 * numbers are scrambled by a seeded bijection; self-loops and repeated
 * edges are kept. Every iteration streams all the edges and gathers ranks
 * at random, so in a memory cgroup smaller than the graph every iteration
 * swaps.
 *
 *   pagerank [-s SEED] [-m MB] [-i ITERS] [-e EPSILON]
 *
 * Defaults: -s 1 -m 128 -i 20 -e 0. MB (at most 8192) counts 4 bytes per
 * edge and 24 per vertex. -e stops before ITERS iterations once the L1
 * change of the ranks is below EPSILON (0: never, for comparable times).
 * -X (test only) changes the source of one edge after the middle
 * iteration; the run must then fail.
 *
 * Prints "pagerank: generate size_mb=N seconds=S" (building the graph),
 * then "pagerank: size_mb=N vertices=V edges=E iterations=I seconds=S
 * checksum=0x..." (seconds: the iterations; checksum: FNV-1a of the 32-bit
 * ids of the 100 highest ranked vertices, best first, equal ranks by id).
 * Verified: the ranks sum to 1 within 1e-6, all are positive, the top
 * vertex is among the 10 of highest in-degree, and the graph (edges,
 * out-degrees) is still as generated. Exit status 0 if so, 1 if not
 * (saying why), 2 for bad arguments or no memory.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PROG "pagerank"
#include "workload.h"

#define DAMPING 0.85
#define TOP 100
#define TOP_DEGREE 10		/* the top vertex's in-degree is among these */
#define P1 0.24			/* R-MAT c + d (= b + d): a bit of a vertex is 1 */
#define P1_16 15729		/* P1 in 16-bit fixed point */
#define SCRAMBLE 0x9E3779B1u	/* odd: a bijection mod 2^scale */

struct graph {
	uint64_t seed, hash;	/* hash: graph_hash() when built */
	uint32_t nv, mask, scramble, *off, *src, *outdeg;
	uint64_t ne;
	double *rank, *contrib;
};

static struct graph g;
static int failed;

static void help(FILE *f)
{
	fprintf(f, "usage: " PROG " [-s SEED] [-m MB] [-i ITERS] [-e EPSILON]\n"
		"defaults: -s 1 -m 128 -i 20 -e 0 (MB of graph, at most 8192; stop once\n"
		"the L1 change is below EPSILON, 0: run all ITERS)\n");
}

/* rmat: an R-MAT vertex number, each bit 1 with probability 0.24. */
static uint32_t rmat(uint64_t *st)
{
	uint64_t r = 0;
	uint32_t x = 0, l;

	for (l = 0; g.mask >> l; l++) {
		if (!(l & 3))
			r = next(st);
		x = x << 1 | ((r & 0xffff) < P1_16);
		r >>= 16;
	}
	return x;
}

static uint32_t scramble(uint32_t x)
{
	return (x * SCRAMBLE ^ g.scramble) & g.mask;
}

/* graph_hash: of the CSR (edges and out-degrees), taken when built. */
static uint64_t graph_hash(void)
{
	uint64_t h = 0, k;
	uint32_t v;

	for (v = 0; v < g.nv; v++) {
		h += mix64(~(uint64_t)v << 32 | g.outdeg[v]);
		for (k = g.off[v]; k < g.off[v + 1]; k++)
			h += mix64((uint64_t)g.src[k] << 32 | v);
	}
	return h;
}

/* build: the graph of the header comment, WANT edges or so. */
static void build(uint64_t want)
{
	uint32_t v, x, s, inv = SCRAMBLE, bits = __builtin_popcount(g.mask), i;
	uint64_t st, k;
	double p[33], e;

	for (i = 0; i < 5; i++)	/* Newton: SCRAMBLE's inverse mod 2^32 */
		inv *= 2 - SCRAMBLE * inv;
	for (i = 0; i <= bits; i++)
		for (p[i] = want, x = 0; x < bits; x++)
			p[i] *= x < i ? P1 : 1 - P1;
	for (v = 0; v < g.nv; v++) {
		x = ((v ^ g.scramble) * inv) & g.mask;	/* scramble(x) == v */
		e = p[__builtin_popcount(x)];
		st = mix64(g.seed ^ (v + 1) * GOLDEN);
		g.off[v + 1] = g.off[v] + (uint32_t)e +
			       ((st >> 11) / 9007199254740992.0 < e - (uint32_t)e);
	}
	g.ne = g.off[g.nv];
	g.src = map(g.ne * sizeof(uint32_t), 0);
	for (v = 0; v < g.nv; v++) {
		st = mix64(g.seed ^ (v + 1) * GOLDEN) + 1;
		for (k = g.off[v]; k < g.off[v + 1]; k++) {
			s = scramble(rmat(&st));
			g.src[k] = s;
			g.outdeg[s]++;
		}
	}
	g.hash = graph_hash();
}

/* iterate: one PageRank step; returns the L1 change. */
static double iterate(void)
{
	double dangling = 0, base, sum, nr, l1 = 0;
	uint32_t v, k;

	for (v = 0; v < g.nv; v++) {
		g.contrib[v] = g.outdeg[v] ? g.rank[v] / g.outdeg[v] : 0;
		dangling += g.outdeg[v] ? 0 : g.rank[v];
	}
	base = (1 - DAMPING + DAMPING * dangling) / g.nv;
	for (v = 0; v < g.nv; v++) {
		for (sum = 0, k = g.off[v]; k < g.off[v + 1]; k++)
			sum += g.contrib[g.src[k]];
		nr = base + DAMPING * sum;
		l1 += nr > g.rank[v] ? nr - g.rank[v] : g.rank[v] - nr;
		g.rank[v] = nr;
	}
	return l1;
}

static int above(uint32_t a, uint32_t b)
{
	return g.rank[a] > g.rank[b] || (g.rank[a] == g.rank[b] && a < b);
}

/* top: the N highest ranked vertices, best first (insertion). */
static void top(uint32_t *best, uint32_t n)
{
	uint32_t v, have = 0, i;

	for (v = 0; v < g.nv; v++) {
		if (have == n && !above(v, best[n - 1]))
			continue;
		i = have < n ? have++ : n - 1;
		for (; i && above(v, best[i - 1]); i--)
			best[i] = best[i - 1];
		best[i] = v;
	}
}

/* verify: the checks of the header comment, saying why one fails. */
static void verify(uint32_t first)
{
	uint32_t v, deg = g.off[first + 1] - g.off[first], more = 0, bad = 0;
	int changed = graph_hash() != g.hash;
	double sum = 0;

	for (v = 0; v < g.nv; v++) {
		sum += g.rank[v];
		bad += !(g.rank[v] > 0);
		more += g.off[v + 1] - g.off[v] > deg;
	}
	if (sum < 1 - 1e-6 || sum > 1 + 1e-6)
		printf(PROG ": verification failed: the ranks sum to %.12f\n", sum);
	if (bad)
		printf(PROG ": verification failed: %u ranks are not positive\n", bad);
	if (more >= TOP_DEGREE)
		printf(PROG ": verification failed: the top vertex %u has in-degree %u, %u vertices have more\n",
		       first, deg, more);
	if (changed)
		printf(PROG ": verification failed: the graph differs from what was generated\n");
	failed = sum < 1 - 1e-6 || sum > 1 + 1e-6 || bad || more >= TOP_DEGREE ||
		 changed;
}

int main(int argc, char **argv)
{
	unsigned long mb = 128, iters = 20, it, bytes;
	uint32_t best[TOP], v;
	uint64_t h = FNV_OFFSET;
	double eps = 0, t, l1;
	int opt, corrupt = 0;
	char *end;

	g.seed = 1;
	while ((opt = getopt(argc, argv, "hs:m:i:e:X")) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			return 0;
		case 's':
			g.seed = num(opt, optarg, 0, -1UL);
			break;
		case 'm':
			mb = num(opt, optarg, 1, 8192);
			break;
		case 'i':
			iters = num(opt, optarg, 1, 1000000);
			break;
		case 'e':
			errno = 0;
			eps = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(eps >= 0 && eps < 2)) {
				fprintf(stderr, PROG ": -e: expected a number from 0 to 2, got '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'X':
			corrupt = 1;
			break;
		default:
			help(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, PROG ": unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	bytes = mb << 20;
	for (g.nv = 1024; (uint64_t)g.nv * 2 * (24 + 4 * 16) <= bytes; g.nv *= 2)
		;
	g.mask = g.nv - 1;
	g.scramble = mix64(g.seed);
	g.off = map((g.nv + 1) * sizeof(uint32_t), 0);
	g.outdeg = map(g.nv * sizeof(uint32_t), 0);
	g.rank = map(g.nv * sizeof(double), 0);
	g.contrib = map(g.nv * sizeof(double), 0);
	t = now();
	build((bytes - 24ULL * g.nv - 4) / 4);
	printf(PROG ": generate size_mb=%lu seconds=%.3f\n", mb, now() - t);
	fflush(stdout);
	t = now();
	for (v = 0; v < g.nv; v++)
		g.rank[v] = 1.0 / g.nv;
	for (it = 0; it < iters; ) {
		l1 = iterate();
		it++;
		if (corrupt && (it > iters / 2 || l1 < eps)) {
			g.src[g.ne / 2] = (g.src[g.ne / 2] + 1) & g.mask;
			corrupt = 0;
		}
		if (l1 < eps)
			break;
	}
	t = now() - t;
	top(best, TOP);	/* g.nv >= 1024 */
	for (v = 0; v < TOP; v++)
		h = fnv1a(h, best[v]);
	printf(PROG ": size_mb=%lu vertices=%u edges=%llu iterations=%lu seconds=%.3f checksum=0x%016llx\n",
	       mb, g.nv, (unsigned long long)g.ne, it, t, (unsigned long long)h);
	verify(best[0]);
	return failed;
}
