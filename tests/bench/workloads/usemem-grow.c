// SPDX-License-Identifier: GPL-2.0
/*
 * usemem-grow: a memory hog that grows step by step, the usemem of the
 * GV-Tmem paper's second scenario. It maps the maximum size up front
 * (untouched pages cost nothing) and uses more of it at each step: step k
 * writes every word i of the area used so far with pattern(i, SEED + k),
 * so every page is dirtied with new content and a stale page from an
 * earlier step is caught, then reads it all back ROUNDS times, counting
 * words that differ. Under a memory cgroup smaller than the area, the
 * pages travel through swap (and gvtmem) at every pass.
 *
 *   usemem-grow [-s SEED] [-i MB] [-t MB] [-m MB] [-r ROUNDS]
 *               [-S SECONDS] [-n FILE]
 *
 * -s  pattern seed (default 1)
 * -i  size of the first step in MiB (default 128)
 * -t  growth per step in MiB (default 64)
 * -m  maximum size in MiB (default 768); the last step is clipped to it
 * -r  read-check rounds per step, after its write pass (default 1)
 * -S  sleep between steps, in seconds (default 0)
 * -n  after each step, write the size reached (MiB) into FILE, replaced
 *     atomically (rename), so a harness can start another job once this
 *     one has reached some size
 * -X  test only: flip a bit of one word after the middle step's write
 *     pass; the run must then fail
 *
 * Prints "usemem-grow: step size_mb=N seconds=S" after each step (its
 * write pass and checks), then "usemem-grow: size_mb=N seconds=S
 * mismatches=M checksum=0x..." where seconds is the time of all steps,
 * sleeps excluded, and checksum hashes (FNV-1a over 64-bit words) the
 * contents read by the last check; mismatches counts wrong words once
 * per round. Exit status: 0 if no word mismatched, 1 if any did, 2 for
 * bad arguments or when memory cannot be mapped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define PROG "usemem-grow"
#include "workload.h"

#define MAX_MB (1UL << 20)	/* 1 TiB: the largest size accepted */
#define MAX_REPORTS 5		/* mismatching words printed */

static unsigned long reported;

static void help(FILE *f)
{
	fprintf(f, "usage: " PROG " [-s SEED] [-i MB] [-t MB] [-m MB] [-r ROUNDS] [-S SECONDS] [-n FILE]\n"
		"  -s SEED     pattern seed (default 1)\n"
		"  -i MB       size of the first step, MiB (default 128)\n"
		"  -t MB       growth per step, MiB (default 64)\n"
		"  -m MB       maximum size, MiB (default 768)\n"
		"  -r ROUNDS   read-check rounds per step (default 1)\n"
		"  -S SECONDS  sleep between steps (default 0)\n"
		"  -n FILE     write the size reached (MiB) into FILE after each step\n");
}

/* notify: replace FILE's content with "MB\n" (write a copy, rename it). */
static void notify(const char *file, unsigned long mb)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%lu\n", mb) < 0 || fclose(f) || rename(tmp, file)) {
		perror(PROG ": -n");
		exit(2);
	}
}

/* check: read WORDS words back against KEY's pattern; hash what was read. */
static uint64_t check(const uint64_t *mem, uint64_t words, uint64_t key,
		      unsigned long step, uint64_t *hash)
{
	uint64_t i, bad = 0, h = FNV_OFFSET;

	for (i = 0; i < words; i++) {
		uint64_t v = mem[i], want = pattern(i, key);

		h = fnv1a(h, v);
		if (v == want)
			continue;
		bad++;
		if (reported++ < MAX_REPORTS)
			printf(PROG ": mismatch at step %lu, word %llu: 0x%016llx instead of 0x%016llx\n",
			       step, (unsigned long long)i, (unsigned long long)v,
			       (unsigned long long)want);
	}
	*hash = h;
	return bad;
}

int main(int argc, char **argv)
{
	unsigned long init = 128, grow = 64, max = 768, rounds = 1, mb, step;
	unsigned long bad_step = -1UL, pause = 0, r;
	uint64_t seed = 1, *mem, words, i, key, bad = 0, hash = 0;
	const char *file = NULL;
	double busy = 0, t;
	int opt, corrupt = 0;

	while ((opt = getopt(argc, argv, "hs:i:t:m:r:S:n:X")) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			return 0;
		case 's':
			seed = num(opt, optarg, 0, -1UL);
			break;
		case 'i':
			init = num(opt, optarg, 1, MAX_MB);
			break;
		case 't':
			grow = num(opt, optarg, 1, MAX_MB);
			break;
		case 'm':
			max = num(opt, optarg, 1, MAX_MB);
			break;
		case 'r':
			rounds = num(opt, optarg, 1, 1000000);
			break;
		case 'S':
			pause = num(opt, optarg, 0, 86400);
			break;
		case 'n':
			file = optarg;
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
	if (max < init) {
		fprintf(stderr, PROG ": the maximum (-m %lu) is below the first step (-i %lu)\n",
			max, init);
		return 2;
	}
	if (corrupt)	/* the middle step */
		bad_step = (max - init + grow - 1) / grow / 2;
	mem = map(max << 20, MAP_NORESERVE);
	for (step = 0, mb = init; ; step++) {
		t = now();
		words = (uint64_t)mb << 17;
		key = seed + step;
		for (i = 0; i < words; i++)
			mem[i] = pattern(i, key);
		if (step == bad_step)
			mem[words / 2] ^= 1ULL << 7;
		for (r = 0; r < rounds; r++)
			bad += check(mem, words, key, step, &hash);
		t = now() - t;
		busy += t;
		printf(PROG ": step size_mb=%lu seconds=%.3f\n", mb, t);
		fflush(stdout);
		if (file)
			notify(file, mb);
		if (mb == max)
			break;
		sleep(pause);
		mb = max - mb > grow ? mb + grow : max;
	}
	printf(PROG ": size_mb=%lu seconds=%.3f mismatches=%llu checksum=0x%016llx\n",
	       mb, busy, (unsigned long long)bad, (unsigned long long)hash);
	if (bad)
		printf(PROG ": FAILED: %llu words read back wrong (once per round)\n",
		       (unsigned long long)bad);
	return bad ? 1 : 0;
}
