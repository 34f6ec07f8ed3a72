/* Workload for syncsnoop tests: in directory DIR (argv[1], default /tmp) makes a file and calls
 * sync() once, fsync() twice, fdatasync() 3 times, msync() 4, sync_file_range() 5 and
 * syncfs() 6 times, each count different so that a call reported under another's name shows.
 * It first renames itself "syncs-PID": syncsnoop's columns (BCC's) have no PID, so its COMM
 * is what ties a line to this process. Prints "pid PID", "comm NAME", then "CALL N" per call
 * made, and exits 1 when one failed. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static int failed;

static void check(const char *call, int ret)
{
	if (ret) {
		perror(call);
		failed = 1;
	}
}

static void report(const char *call, int n)
{
	printf("%s %d\n", call, n);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	char path[4096], comm[16];
	void *map;
	int fd, i;

	snprintf(comm, sizeof(comm), "syncs-%d", (int)getpid());
	prctl(PR_SET_NAME, comm);
	printf("pid %d\ncomm %s\n", (int)getpid(), comm);
	snprintf(path, sizeof(path), "%s/sync_calls.%d", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096))
		return perror(path), 1;
	unlink(path); /* the open fd is all the calls need */
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return perror("mmap"), 1;
	memset(map, 'x', 4096);

	sync();
	report("sync", 1);
	for (i = 0; i < 2; i++)
		check("fsync", fsync(fd));
	report("fsync", 2);
	for (i = 0; i < 3; i++)
		check("fdatasync", fdatasync(fd));
	report("fdatasync", 3);
	for (i = 0; i < 4; i++)
		check("msync", msync(map, 4096, MS_SYNC));
	report("msync", 4);
	for (i = 0; i < 5; i++)
		check("sync_file_range", sync_file_range(fd, 0, 4096, SYNC_FILE_RANGE_WRITE));
	report("sync_file_range", 5);
	for (i = 0; i < 6; i++)
		check("syncfs", syncfs(fd));
	report("syncfs", 6);
	munmap(map, 4096);
	close(fd);
	return failed;
}
