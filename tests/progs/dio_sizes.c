/* Block I/O of known sizes and counts, for biosnoop's, bitesize's and biotop's tests:
 *   dio_sizes file FILE WSIZE RSIZE COUNT   COUNT O_DIRECT writes of WSIZE bytes, one after
 *                                           the other, synced, then COUNT reads of RSIZE
 *   dio_sizes rewrite FILE WSIZE RSIZE COUNT  the same over FILE's first bytes, kept: neither
 *                                           synced nor removed, so that once FILE is made (a
 *                                           first run, then sync) a run makes no I/O but
 *                                           these (no allocation, no metadata, no discard)
 *   dio_sizes read DEV RSIZE COUNT          COUNT O_DIRECT reads of RSIZE bytes of a scratch
 *                                           block device (never written)
 * Sizes are multiples of 4096. An I/O crossing from one extent of the file to another is two
 * requests: tests allow for a few. Prints "pid N" first so tests can look for its lines. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* O_DIRECT */
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *block(size_t size)
{
	void *buf = NULL;

	if (size == 0 || size % 4096 || posix_memalign(&buf, 4096, size))
		return NULL;
	memset(buf, 'x', size);
	return buf;
}

static int reads(int fd, size_t size, int count)
{
	void *buf = block(size);

	if (!buf)
		return fprintf(stderr, "bad size %zu\n", size), 1;
	for (int i = 0; i < count; i++)
		if (pread(fd, buf, size, (off_t)i * size) != (ssize_t)size)
			return perror("pread"), 1;
	free(buf);
	return 0;
}

static int do_file(const char *path, size_t wsize, size_t rsize, int count)
{
	void *buf = block(wsize);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600), err;

	if (fd < 0)
		return perror(path), 1;
	if (!buf || rsize > wsize)
		return fprintf(stderr, "bad sizes %zu %zu\n", wsize, rsize), 1;
	/* one extent if the file system finds one: a write over two is two requests */
	posix_fallocate(fd, 0, (off_t)wsize * count);
	for (int i = 0; i < count; i++)
		if (pwrite(fd, buf, wsize, (off_t)i * wsize) != (ssize_t)wsize)
			return perror("pwrite"), 1;
	fsync(fd);
	err = reads(fd, rsize, count);
	close(fd);
	unlink(path);
	free(buf);
	return err;
}

static int do_rewrite(const char *path, size_t wsize, size_t rsize, int count)
{
	void *buf = block(wsize);
	int fd = open(path, O_RDWR | O_CREAT | O_DIRECT, 0600), err;

	if (fd < 0)
		return perror(path), 1;
	if (!buf || rsize > wsize)
		return fprintf(stderr, "bad sizes %zu %zu\n", wsize, rsize), 1;
	/* made here the first time: in one extent if the file system finds one, so that each
	 * I/O is one request */
	if (lseek(fd, 0, SEEK_END) == 0)
		posix_fallocate(fd, 0, (off_t)wsize * count);
	for (int i = 0; i < count; i++)
		if (pwrite(fd, buf, wsize, (off_t)i * wsize) != (ssize_t)wsize)
			return perror("pwrite"), 1;
	err = reads(fd, rsize, count);
	close(fd);
	free(buf);
	return err;
}

int main(int argc, char **argv)
{
	int fd, err;

	printf("pid %d\n", getpid());
	fflush(stdout);
	if (argc == 6 && !strcmp(argv[1], "file"))
		return do_file(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0),
			       atoi(argv[5]));
	if (argc == 6 && !strcmp(argv[1], "rewrite"))
		return do_rewrite(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0),
				  atoi(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "read")) {
		fd = open(argv[2], O_RDONLY | O_DIRECT);
		if (fd < 0)
			return perror(argv[2]), 1;
		err = reads(fd, strtoul(argv[3], NULL, 0), atoi(argv[4]));
		close(fd);
		return err;
	}
	fprintf(stderr, "usage: dio_sizes file|rewrite FILE WSIZE RSIZE COUNT | read DEVICE RSIZE COUNT\n");
	return 2;
}
