/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workload.h: the helpers the benchmark workloads share (see README.md):
 * timing, option parsing, mapping memory, FNV-1a checksums and the
 * splitmix64 mixing they draw their data from. Each program is still built
 * from its one .c file (gcc -O2 -Wall -static -o X X.c), which defines PROG,
 * its name in messages, before including this.
 *
 * The functions are static inline so that a program that does not use one
 * of them draws no unused-function warning.
 */
#ifndef WORKLOAD_H
#define WORKLOAD_H

#ifndef PROG
#error "define PROG (the program's name in messages) before including workload.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define GOLDEN 0x9E3779B97F4A7C15ULL	/* 2^64 / the golden ratio, odd */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* now: CLOCK_MONOTONIC, in seconds. */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* num: option OPT's argument as an integer in [min, max], or exit 2. */
static inline unsigned long num(int opt, const char *s, unsigned long min,
				unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v < min || v > max) {
		fprintf(stderr, PROG ": -%c: expected an integer from %lu to %lu, got '%s'\n",
			opt, min, max, s);
		exit(2);
	}
	return v;
}

/*
 * map: BYTES of private anonymous memory, mmap()ed with FLAGS added
 * (e.g. MAP_NORESERVE), or exit 2.
 */
static inline void *map(size_t bytes, int flags)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	if (p == MAP_FAILED) {
		perror(PROG ": mmap");
		exit(2);
	}
	return p;
}

/* fnv1a: hash H (FNV_OFFSET to start) extended by the integer V. */
static inline uint64_t fnv1a(uint64_t h, uint64_t v)
{
	return (h ^ v) * FNV_PRIME;
}

/* mix64: splitmix64's finalizer. */
static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* next: splitmix64, the next number of the stream whose state is *S. */
static inline uint64_t next(uint64_t *s)
{
	*s += GOLDEN;
	return mix64(*s);
}

/* pattern: word I's content for SEED; the same as tests/tools/usemem.c's. */
static inline uint64_t pattern(uint64_t i, uint64_t seed)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ULL ^ seed;

	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ULL;
	return x ^ (x >> 29);
}

#endif /* WORKLOAD_H */
