// SPDX-License-Identifier: GPL-2.0
/*
 * kmeans: in-memory analytics, standing in for the Spark ALS job of the
 * GV-Tmem paper's first scenario. From SEED it generates about MB MiB of
 * float points in DIM dimensions, each near one of K true centers (noise of
 * unit variance per coordinate, within 2 sqrt(3)), then runs the clustering
 * job RUNS times over that dataset, sleeping SECONDS between runs:
 * farthest-first initialisation (K passes over the points) and ITERS
 * iterations of Lloyd's algorithm (one pass each). Every pass reads all the
 * points, so in a memory cgroup smaller than them every pass swaps.
 *
 *   kmeans [-s SEED] [-m MB] [-d DIM] [-k K] [-i ITERS] [-r RUNS] [-S SECONDS]
 *
 * Defaults: -s 1 -m 128 -d 16 -k 8 -i 10 -r 1 -S 5; DIM <= 256, K <= 64,
 * at least 1000 points per cluster. The process also holds 5 bytes per
 * point (assignment, distance): 1 + 5 / (4 DIM) times MB in all.
 * -X (test only) adds 1000 to a coordinate after the middle iteration of
 * the first run, which must then fail.
 *
 * Prints "kmeans: generate size_mb=N points=P seconds=S", then per run
 * "kmeans: size_mb=N iterations=I seconds=S objective=X checksum=0x..."
 * (seconds: initialisation and iterations; objective: the final sum of
 * squared distances; checksum: FNV-1a of the final assignments, one byte
 * per point in order). Verified: the objective never rises, each true
 * center has its own recovered center within sqrt(0.05 (DIM + 1)), all runs
 * agree, and after the last run the points are still as generated. Exit
 * status 0 if so, 1 if not (saying why), 2 for bad arguments or no memory.
 */
#include <float.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "kmeans"
#include "workload.h"

#define MAX_K 64
#define MAX_D 256
#define RANGE 100.0		/* true centers lie in [-RANGE, RANGE]^DIM */
#define MIN_PER_CLUSTER 1000

struct km {
	unsigned long seed, mb, n, d, k, iters, corrupt;
	float *pts;		/* n * d coordinates */
	uint8_t *asg;		/* n cluster numbers */
	float *mind;		/* n squared distances, for initialisation */
	float truth[MAX_K * MAX_D];
	float cent[MAX_K * MAX_D];
	double sum[MAX_K * MAX_D];
	unsigned long cnt[MAX_K];
	int failed;
};

static struct km km = { .seed = 1, .mb = 128, .d = 16, .k = 8, .iters = 10 };

static void help(FILE *f)
{
	fprintf(f, "usage: " PROG " [-s SEED] [-m MB] [-d DIM] [-k K] [-i ITERS] [-r RUNS] [-S SECONDS]\n"
		"defaults: -s 1 -m 128 -d 16 -k 8 -i 10 -r 1 -S 5 (MB of points, DIM <= %d,\n"
		"K <= %d clusters, ITERS per run, RUNS over one dataset, SECONDS between)\n",
		MAX_D, MAX_K);
}

static float dist2(const float *a, const float *b, unsigned long d)
{
	float s = 0;

	while (d--) {
		float t = *a++ - *b++;

		s += t * t;
	}
	return s;
}

/*
 * The true centers, at least sqrt(200 DIM) apart: more than twice the
 * diameter of a cluster (4 sqrt(3 DIM)), so farthest-first picks one point
 * in each cluster.
 */
static void gen_centers(void)
{
	unsigned long c, o, j, tries = 0;
	uint64_t s = km.seed;
	float *t;

	for (c = 0; c < km.k; c++) {
		t = km.truth + c * km.d;
		do {
			if (++tries > 100000) {
				fprintf(stderr, PROG ": cannot place %lu separate clusters in %lu dimensions\n",
					km.k, km.d);
				exit(2);
			}
			for (j = 0; j < km.d; j++)
				t[j] = RANGE * ((next(&s) >> 11) / 4503599627370496.0 - 1);
			for (o = 0; o < c; o++)
				if (dist2(t, km.truth + o * km.d, km.d) < 200.0 * km.d)
					break;
		} while (o < c);
	}
}

/* gen_point: point I, from its own stream: any point can be regenerated. */
static void gen_point(unsigned long i, float *p)
{
	uint64_t s = mix64(km.seed ^ (i + 1) * GOLDEN), r;
	const float *t = km.truth + next(&s) % km.k * km.d;
	unsigned long j;

	for (j = 0; j < km.d; j++) {
		r = next(&s);	/* four uniforms: Irwin-Hall, variance 1/3 */
		p[j] = t[j] + 1.7320508075688772 / 65536 *
		       ((double)(r & 0xffff) + (double)(r >> 16 & 0xffff) +
			(double)(r >> 32 & 0xffff) + (double)(r >> 48) - 131072);
	}
}

/* init: farthest-first from point 0, keeping each point's distance. */
static void init(void)
{
	unsigned long i, c, far = 0;
	float best, d2;

	for (c = 0; c < km.k; c++) {
		memcpy(km.cent + c * km.d, km.pts + far * km.d, km.d * sizeof(float));
		best = -1;
		for (i = 0; i < km.n; i++) {
			d2 = dist2(km.pts + i * km.d, km.cent + c * km.d, km.d);
			if (!c || d2 < km.mind[i])
				km.mind[i] = d2;
			if (km.mind[i] > best) {
				best = km.mind[i];
				far = i;
			}
		}
	}
}

/* lloyd: assign every point to its nearest center, move the centers. */
static double lloyd(void)
{
	unsigned long i, c, j, kd = km.k * km.d;
	double obj = 0;

	memset(km.sum, 0, kd * sizeof(double));
	memset(km.cnt, 0, sizeof(km.cnt));
	for (i = 0; i < km.n; i++) {
		const float *p = km.pts + i * km.d;
		float best = FLT_MAX, d2;
		unsigned long bc = 0;

		for (c = 0; c < km.k; c++) {
			d2 = dist2(p, km.cent + c * km.d, km.d);
			if (d2 < best) {
				best = d2;
				bc = c;
			}
		}
		km.asg[i] = bc;
		km.cnt[bc]++;
		obj += best;
		for (j = 0; j < km.d; j++)
			km.sum[bc * km.d + j] += p[j];
	}
	for (c = 0; c < km.k; c++)
		for (j = 0; km.cnt[c] && j < km.d; j++)
			km.cent[c * km.d + j] = km.sum[c * km.d + j] / km.cnt[c];
	return obj;
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf(PROG ": verification failed: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	km.failed = 1;
}

/* match: each true center has its own recovered center near it. */
static void match(void)
{
	unsigned long t, c, bc = 0, used = 0;
	float best, d2, tol = 0.05 * (km.d + 1);

	for (t = 0; t < km.k; t++) {
		for (best = FLT_MAX, c = 0; c < km.k; c++) {
			d2 = dist2(km.cent + c * km.d, km.truth + t * km.d, km.d);
			if (d2 < best) {
				best = d2;
				bc = c;
			}
		}
		if (best > tol)
			fail("true center %lu: nearest recovered center at distance^2 %.3g > %.3g",
			     t, best, tol);
		else if (used & 1UL << bc)
			fail("true center %lu: recovered center %lu is nearer another",
			     t, bc);
		used |= 1UL << bc;
	}
}

/* run: one clustering job; returns the hash of the final assignments. */
static uint64_t run(unsigned long r)
{
	double t0 = now(), t, obj = 0, prev = DBL_MAX;
	uint64_t h = FNV_OFFSET;
	unsigned long it, i;

	init();
	for (it = 0; it < km.iters; it++) {
		obj = lloyd();
		if (obj > prev * (1 + 1e-6))
			fail("the objective rose from %.9e to %.9e at iteration %lu",
			     prev, obj, it + 1);
		prev = obj;
		if (km.corrupt && !r && it == km.iters / 2)
			km.pts[km.n / 2 * km.d] += 1000;
	}
	t = now() - t0;
	match();
	for (i = 0; i < km.n; i++)
		h = fnv1a(h, km.asg[i]);
	printf(PROG ": size_mb=%lu iterations=%lu seconds=%.3f objective=%.6e checksum=0x%016llx\n",
	       km.mb, km.iters, t, obj, (unsigned long long)h);
	fflush(stdout);
	return h;
}

int main(int argc, char **argv)
{
	static unsigned long runs = 1, pause = 5;
	static const struct opt {
		int opt;
		unsigned long min, max, *v;
	} opts[] = {
		{ 's', 0, -1UL, &km.seed }, { 'm', 1, 1UL << 20, &km.mb },
		{ 'd', 1, MAX_D, &km.d }, { 'k', 1, MAX_K, &km.k },
		{ 'i', 1, 1000000, &km.iters }, { 'r', 1, 1000000, &runs },
		{ 'S', 0, 86400, &pause }, { 0 }
	};
	const struct opt *o;
	unsigned long r, i, bad = 0;
	uint64_t h, first = 0;
	float p[MAX_D];
	double t;
	int opt;

	while ((opt = getopt(argc, argv, "hs:m:d:k:i:r:S:X")) != -1) {
		for (o = opts; o->opt && o->opt != opt; o++)
			;
		if (o->opt) {
			*o->v = num(opt, optarg, o->min, o->max);
		} else if (opt == 'X') {
			km.corrupt = 1;
		} else {
			help(opt == 'h' ? stdout : stderr);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, PROG ": unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	km.n = (km.mb << 20) / (km.d * sizeof(float));
	if (km.n < MIN_PER_CLUSTER * km.k) {
		fprintf(stderr, PROG ": %lu MiB hold %lu points, fewer than %d per cluster: raise -m or lower -d or -k\n",
			km.mb, km.n, MIN_PER_CLUSTER);
		return 2;
	}
	km.pts = map(km.n * km.d * sizeof(float), 0);
	km.asg = map(km.n, 0);
	km.mind = map(km.n * sizeof(float), 0);
	t = now();
	gen_centers();
	for (i = 0; i < km.n; i++)
		gen_point(i, km.pts + i * km.d);
	printf(PROG ": generate size_mb=%lu points=%lu seconds=%.3f\n",
	       km.mb, km.n, now() - t);
	for (r = 0; r < runs; r++) {
		if (r)
			sleep(pause);
		h = run(r);
		if (!r)
			first = h;
		else if (h != first)
			fail("run %lu's assignments differ from run 1's", r + 1);
	}
	for (i = 0; i < km.n; i++) {
		gen_point(i, p);
		bad += !!memcmp(p, km.pts + i * km.d, km.d * sizeof(float));
	}
	if (bad)
		fail("%lu of %lu points differ from what was generated",
		     bad, km.n);
	return km.failed;
}
