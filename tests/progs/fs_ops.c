/* Workload for the file system tools (ext4slower): in directory DIR (argv[1]) the file
 * fs_ops.marker is created and written 1234 then 4321 bytes, fsynced, closed, opened again
 * and read 1000 bytes, then the remaining 4555, then 0 at its end: each call with a size and
 * an offset of its own, so that a line under the wrong type, size or offset shows. Runs the
 * whole sequence ROUNDS times (argv[2], default 1), the file made anew each time. With "osync"
 * (argv[3]) each round then writes 2048 bytes to fs_ops.osync opened O_SYNC, whose write calls
 * the file system's fsync inside its own (xfsslower: both are seen). Prints "pid PID", then
 * "round N" after each, and exits 1 when a call did not do what it should. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

static int expect(const char *call, long got, long want)
{
	if (got == want)
		return 0;
	fprintf(stderr, "%s: %ld, not %ld\n", call, got, want);
	return 1;
}

static int round_trip(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), bad = 0;

	if (fd < 0)
		return perror(path), 1;
	memset(buf, 'x', sizeof(buf));
	bad |= expect("write", write(fd, buf, 1234), 1234);
	bad |= expect("write", write(fd, buf, 4321), 4321);
	bad |= expect("fsync", fsync(fd), 0);
	close(fd);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return perror(path), 1;
	bad |= expect("read", read(fd, buf, 1000), 1000);
	bad |= expect("read", read(fd, buf, sizeof(buf)), 4555);
	bad |= expect("read", read(fd, buf, sizeof(buf)), 0);
	close(fd);
	return bad;
}

static int osync_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_SYNC, 0600), bad;

	if (fd < 0)
		return perror(path), 1;
	bad = expect("O_SYNC write", write(fd, buf, 2048), 2048);
	close(fd);
	return bad;
}

int main(int argc, char **argv)
{
	char path[4096], osync[4096];
	int rounds = argc > 2 ? atoi(argv[2]) : 1;
	int with_osync = argc > 3 && !strcmp(argv[3], "osync");

	if (argc < 2)
		return fprintf(stderr, "usage: fs_ops DIR [ROUNDS [osync]]\n"), 2;
	snprintf(path, sizeof(path), "%s/fs_ops.marker", argv[1]);
	snprintf(osync, sizeof(osync), "%s/fs_ops.osync", argv[1]);
	printf("pid %d\n", (int)getpid());
	fflush(stdout);
	for (int i = 1; i <= rounds; i++) {
		if (round_trip(path) || (with_osync && osync_write(osync)))
			return 1;
		printf("round %d\n", i);
		fflush(stdout);
	}
	return 0;
}
