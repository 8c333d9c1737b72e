// SPDX-License-Identifier: GPL-2.0
/*
 * usemem: allocate memory, fill it with a pattern that depends on each
 * word's position and a seed, and read it all back, counting mismatches.
 * Under a memory cgroup limit the pages travel through swap (and gvtmem).
 *
 *   usemem [-s SEED] [-p PASSES] [-d] [-w FILE | -u FILE] SIZE_MB
 *
 * -p  verify passes after the write pass (default 1)
 * -d  rewrite every word after checking it, so every pass dirties every
 *     page: a page read back from swap is clean and the kernel keeps its
 *     swap copy, so without -d a page swapped out once is never offered to
 *     frontswap again, and after the first pass gvtmem sees few puts
 * -w  before the last pass, print "usemem: waiting for FILE" and wait
 *     until FILE exists (lets a test act while the data is held and
 *     untouched, e.g. drain gvtmem)
 * -u  keep making verify passes (at least PASSES) until FILE exists: a
 *     load that lasts as long as the test needs it; prints "usemem: pass
 *     N done, B bad words so far" after each, so a test can wait for a
 *     whole pass after some event
 *
 * Prints one line: "usemem: size_mb=N passes=P seconds=S mismatches=M"
 * and exits 0 only if there was no mismatch.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static uint64_t pattern(uint64_t i, uint64_t seed)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ULL ^ seed;

	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ULL;
	return x ^ (x >> 29);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t seed = 1, *mem, words, i, mismatches = 0;
	const char *wait_file = NULL, *until_file = NULL;
	int passes = 1, dirty = 0, opt, p;
	unsigned long mb;
	double t0;

	while ((opt = getopt(argc, argv, "s:p:dw:u:")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			passes = atoi(optarg);
			break;
		case 'd':
			dirty = 1;
			break;
		case 'w':
			wait_file = optarg;
			break;
		case 'u':
			until_file = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || passes < 1 || (wait_file && until_file))
		goto usage;
	mb = strtoul(argv[optind], NULL, 0);
	if (!mb)
		goto usage;
	words = (uint64_t)mb << 17;
	mem = mmap(NULL, mb << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("usemem: mmap");
		return 2;
	}
	t0 = now();
	for (i = 0; i < words; i++)
		mem[i] = pattern(i, seed);
	for (p = 0; p < passes || (until_file && access(until_file, F_OK)); p++) {
		if (wait_file && p == passes - 1) {
			/* Tell the test we are parked: our pages are settled. */
			printf("usemem: waiting for %s\n", wait_file);
			fflush(stdout);
			while (access(wait_file, F_OK))
				usleep(100000);
		}
		for (i = 0; i < words; i++) {
			uint64_t want = pattern(i, seed);

			if (mem[i] != want)
				mismatches++;
			if (dirty)
				mem[i] = want;
		}
		if (until_file) {
			printf("usemem: pass %d done, %llu bad words so far\n",
			       p + 1, (unsigned long long)mismatches);
			fflush(stdout);
		}
	}
	printf("usemem: size_mb=%lu passes=%d seconds=%.3f mismatches=%llu\n",
	       mb, p, now() - t0, (unsigned long long)mismatches);
	return mismatches ? 1 : 0;

usage:
	fprintf(stderr, "usage: usemem [-s SEED] [-p PASSES] [-d] [-w FILE | -u FILE] SIZE_MB\n");
	return 2;
}
