// SPDX-License-Identifier: GPL-2.0
/*
 * blkzero: zero a byte range of a block device with BLKZEROOUT, which
 * the block layer sends as REQ_OP_WRITE_ZEROES where the device takes it
 * (busybox has no tool for it).
 *
 *   blkzero DEVICE OFFSET LENGTH
 *
 * Exits 0 when the kernel zeroed the range, else prints the error and 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uint64_t range[2];
	char *end;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: blkzero DEVICE OFFSET LENGTH\n");
		return 2;
	}
	range[0] = strtoull(argv[2], &end, 0);
	if (*end)
		goto bad_number;
	range[1] = strtoull(argv[3], &end, 0);
	if (*end)
		goto bad_number;
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "blkzero: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (ioctl(fd, BLKZEROOUT, range)) {
		fprintf(stderr, "blkzero: BLKZEROOUT: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	return 0;

bad_number:
	fprintf(stderr, "blkzero: OFFSET and LENGTH are byte counts\n");
	return 2;
}
