/* Workload for cachestat's tests: page cache misses, hits and dirtied pages made on purpose.
 *   cache_rw read FILE PAGES    drops FILE's first PAGES pages from the page cache (it must be
 *                               clean: synced), then reads them twice, a page per read(): the
 *                               first pass adds each page (a miss), the second finds it (a hit)
 *   cache_rw write FILE PAGES   reads the first PAGES pages and writes each back unchanged
 *                               (a block device's contents stay as they were), then fsync():
 *                               PAGES pages dirtied, a buffer at least each
 *   cache_rw make FILE PAGES    creates FILE with PAGES pages of a marker byte, synced
 * Read-ahead is turned off (POSIX_FADV_RANDOM), so that only the pages read are added. FILE may
 * be a block device (the guests' scratch disk). Prints "PAGES pages" when done. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE 4096

static int pass(int fd, long pages, char *buf, int write_back)
{
	for (long i = 0; i < pages; i++) {
		if (pread(fd, buf, PAGE, i * PAGE) != PAGE) {
			perror("pread");
			return -1;
		}
		if (write_back && pwrite(fd, buf, PAGE, i * PAGE) != PAGE) {
			perror("pwrite");
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[PAGE];
	long pages;
	int fd;

	if (argc != 4 || (pages = atol(argv[3])) < 1) {
		fprintf(stderr, "usage: cache_rw read|write|make FILE PAGES\n");
		return 2;
	}
	if (!strcmp(argv[1], "make")) {
		fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		memset(buf, 't', sizeof(buf));
		for (long i = 0; fd >= 0 && i < pages; i++)
			if (write(fd, buf, PAGE) != PAGE)
				return perror("write"), 1;
		if (fd < 0 || fsync(fd))
			return perror(argv[2]), 1;
		printf("%ld pages\n", pages);
		return 0;
	}
	fd = open(argv[2], !strcmp(argv[1], "write") ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return perror(argv[2]), 1;
	posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	if (!strcmp(argv[1], "read")) {
		/* clean pages leave the cache: the first pass misses each */
		posix_fadvise(fd, 0, pages * PAGE, POSIX_FADV_DONTNEED);
		if (pass(fd, pages, buf, 0) || pass(fd, pages, buf, 0))
			return 1;
	} else if (!strcmp(argv[1], "write")) {
		if (pass(fd, pages, buf, 1) || fsync(fd))
			return perror("write back"), 1;
	} else {
		fprintf(stderr, "unknown mode '%s'\n", argv[1]);
		return 2;
	}
	printf("%ld pages\n", pages);
	return 0;
}
