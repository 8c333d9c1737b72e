// SPDX-License-Identifier: GPL-2.0
/*
 * mkfiles: write COUNT files of SIZE_MB each into DIR, filled with a
 * pseudo-random stream derived from SEED and the file number, so that a
 * rewrite with another seed changes every page.
 *
 *   mkfiles DIR COUNT SIZE_MB SEED
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int main(int argc, char **argv)
{
	static uint64_t buf[1 << 14];	/* 128 KiB */
	unsigned long count, mb, f, chunk, i;
	uint64_t seed, x;
	char path[4096];
	FILE *fp;

	if (argc != 5) {
		fprintf(stderr, "usage: mkfiles DIR COUNT SIZE_MB SEED\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	mb = strtoul(argv[3], NULL, 0);
	seed = strtoull(argv[4], NULL, 0);
	for (f = 0; f < count; f++) {
		snprintf(path, sizeof(path), "%s/file%lu", argv[1], f);
		fp = fopen(path, "w");
		if (!fp) {
			perror(path);
			return 1;
		}
		x = seed * 0x9E3779B97F4A7C15ULL + f + 1;
		for (chunk = 0; chunk < mb * 8; chunk++) {
			for (i = 0; i < ARRAY_SIZE(buf); i++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				buf[i] = x;
			}
			if (fwrite(buf, sizeof(buf), 1, fp) != 1) {
				perror(path);
				return 1;
			}
		}
		if (fclose(fp)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
