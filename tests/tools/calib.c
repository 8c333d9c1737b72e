// SPDX-License-Identifier: GPL-2.0
/*
 * calib: how fast this machine runs a fixed piece of CPU work and of
 * memory copying. The benchmark runs it on the host and in a rig guest in
 * the same session; the ratio is the guest's slowdown under emulation,
 * which scales the swap disk's throttling (tests/bench/README.md).
 *
 *   calib [-r ROUNDS]
 *
 * Prints "calib: cpu_s=S memcpy_s=S memcpy_mbps=M check=0x..." with the
 * best of ROUNDS (default 5) timings of each part.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CPU_STEPS	(20UL * 1000 * 1000)
#define COPY_BYTES	(16UL << 20)	/* larger than any cache here */
#define COPY_PASSES	8

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A dependent chain of splitmix64 steps: no vector unit, no memory. */
static uint64_t cpu_work(uint64_t x)
{
	unsigned long i;

	for (i = 0; i < CPU_STEPS; i++) {
		x += 0x9E3779B97F4A7C15ULL;
		x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
		x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
		x ^= x >> 31;
	}
	return x;
}

int main(int argc, char **argv)
{
	double best_cpu = 1e9, best_copy = 1e9, t;
	unsigned long rounds = 5, r, p;
	uint64_t check = 1;
	char *a, *b;
	int opt;

	while ((opt = getopt(argc, argv, "hr:")) != -1) {
		switch (opt) {
		case 'r':
			rounds = strtoul(optarg, NULL, 10);
			if (rounds < 1 || rounds > 100) {
				fprintf(stderr, "calib: -r takes 1..100\n");
				return 2;
			}
			break;
		case 'h':
			printf("usage: calib [-r ROUNDS]\n");
			return 0;
		default:
			return 2;
		}
	}
	a = malloc(COPY_BYTES);
	b = malloc(COPY_BYTES);
	if (!a || !b) {
		fprintf(stderr, "calib: out of memory\n");
		return 2;
	}
	memset(a, 0x5a, COPY_BYTES);
	memset(b, 0, COPY_BYTES);
	for (r = 0; r < rounds; r++) {
		t = now();
		check = cpu_work(check);
		t = now() - t;
		if (t < best_cpu)
			best_cpu = t;
		t = now();
		for (p = 0; p < COPY_PASSES; p++) {
			a[p] = (char)check;
			memcpy(p & 1 ? a : b, p & 1 ? b : a, COPY_BYTES);
		}
		t = now() - t;
		if (t < best_copy)
			best_copy = t;
	}
	check ^= (unsigned char)a[COPY_BYTES - 1];
	printf("calib: cpu_s=%.4f memcpy_s=%.4f memcpy_mbps=%.0f check=0x%016llx\n",
	       best_cpu, best_copy,
	       COPY_PASSES * (double)COPY_BYTES / best_copy / 1e6,
	       (unsigned long long)check);
	free(a);
	free(b);
	return 0;
}
