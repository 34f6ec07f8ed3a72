/* Workload for drsnoop: reads a file bigger than its memory cgroup's limit, so that every
 * round makes the kernel reclaim the cgroup's page cache in this process (the test moves it
 * into a small cgroup first).
 *
 *   reclaim_read FILE [MIB]
 *
 * with MIB, writes MIB MiB to FILE (0x5a bytes) and syncs it; without, reads FILE as it is (a
 * file, or a block device: the VM guests' scratch disk, never written). Prints "ready PID",
 * then for each line on stdin drops FILE's cached pages (so that reading charges them anew, to
 * the cgroup it is in by then), reads it whole 1 MiB at a time and prints "done N" (N: MiB
 * read). Exits at EOF; 1 with a line saying why when a system call fails. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1 << 20)

static int fail(const char *what, const char *path)
{
	printf("failed to %s '%s'\n", what, path);
	return 1;
}

int main(int argc, char **argv)
{
	static char buf[MIB];
	char line[64];
	long mib = 0;
	int fd;

	if (argc < 2 || argc > 3 || (argc == 3 && (mib = atol(argv[2])) <= 0)) {
		fprintf(stderr, "usage: reclaim_read FILE [MIB]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = mib ? open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600) : open(argv[1], O_RDONLY);
	if (fd < 0)
		return fail("open", argv[1]);
	memset(buf, 0x5a, sizeof(buf));
	for (long i = 0; i < mib; i++)
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return fail("write", argv[1]);
	/* clean pages only: dirty ones would make reclaim wait for writeback */
	if (mib && fsync(fd))
		return fail("sync", argv[1]);
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		long done = 0;
		ssize_t n;

		/* cached pages stay charged to whoever read them first: drop them so this
		 * round's reads are charged to the cgroup this process is in now */
		if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
			return fail("drop the cached pages of", argv[1]);
		if (lseek(fd, 0, SEEK_SET) < 0)
			return fail("seek in", argv[1]);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			done += n;
		if (n < 0)
			return fail("read", argv[1]);
		printf("done %ld\n", done / MIB);
	}
	return 0;
}
