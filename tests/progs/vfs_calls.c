/* Workload for vfsstat tests: prints "ready PID", then for each line on its stdin does a round
 * in directory DIR (argv[1]) and prints "done"; exits at EOF. A round makes CREATES files with
 * mknod (the one call that reaches vfs_create: open(O_CREAT) calls the filesystem's create
 * directly), opens the first OPENS times (O_RDWR, no O_CREAT, each closed but the last), writes
 * one byte WRITES times, reads it back with pread READS times, fsyncs FSYNCS times, then removes
 * the files (unlink: none of the five). Defaults: READS 3001, WRITES 2002, FSYNCS 103, OPENS
 * 504, CREATES 25, each count different so that a call counted in another's column shows.
 * Between rounds the process makes exactly one write ("done", flushed) and one read (of the
 * next line, on which it then waits). Exits 1 when a call failed. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed;

static void check(const char *call, long ret)
{
	if (ret < 0 && !failed) {
		perror(call);
		failed = 1;
	}
}

static long arg(int argc, char **argv, int i, long def)
{
	return argc > i ? strtol(argv[i], NULL, 10) : def;
}

static void round_in(const char *dir, long reads, long writes, long fsyncs, long opens,
		     long creates)
{
	char path[4096], byte = 'x';
	int fd = -1;
	long i;

	for (i = 0; i < creates; i++) {
		snprintf(path, sizeof(path), "%s/vfs_calls.%d.%ld", dir, (int)getpid(), i);
		check("mknod", mknod(path, S_IFREG | 0600, 0));
	}
	snprintf(path, sizeof(path), "%s/vfs_calls.%d.0", dir, (int)getpid());
	for (i = 0; i < opens; i++) {
		if (fd >= 0)
			close(fd);
		fd = open(path, O_RDWR);
		check("open", fd);
	}
	for (i = 0; i < writes; i++)
		check("write", write(fd, &byte, 1));
	for (i = 0; i < reads; i++)
		check("pread", pread(fd, &byte, 1, 0));
	for (i = 0; i < fsyncs; i++)
		check("fsync", fsync(fd));
	if (fd >= 0)
		close(fd);
	for (i = 0; i < creates; i++) {
		snprintf(path, sizeof(path), "%s/vfs_calls.%d.%ld", dir, (int)getpid(), i);
		unlink(path);
	}
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	long reads = arg(argc, argv, 2, 3001), writes = arg(argc, argv, 3, 2002);
	long fsyncs = arg(argc, argv, 4, 103), opens = arg(argc, argv, 5, 504);
	long creates = arg(argc, argv, 6, 25);
	char line[64];

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		round_in(dir, reads, writes, fsyncs, opens, creates);
		printf("done\n");
		fflush(stdout);
	}
	return failed;
}
