/* Workload for filelife tests: in directory DIR (argv[1]) creates "filelife-PID.open" with
 * open(O_CREAT) and "filelife-PID.mknod" with mknod() (the two ways filelife stamps a
 * creation), sleeps MS milliseconds (argv[2], default 300), deletes the first, sleeps MS again
 * and deletes the second: ages of at least MS and 2 * MS. Prints "pid PID", then
 * "age NAME SECONDS" per file as measured here, from before its creation to after its
 * deletion (the kernel's age lies between the sleeps and that); exits 1 when a call failed. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	long ms = argc > 2 ? strtol(argv[2], NULL, 10) : 300;
	char open_path[4096], mknod_path[4096];
	double t_open, t_mknod, gone_open, gone_mknod;
	int fd;

	snprintf(open_path, sizeof(open_path), "%s/filelife-%d.open", dir, (int)getpid());
	snprintf(mknod_path, sizeof(mknod_path), "%s/filelife-%d.mknod", dir, (int)getpid());
	t_open = now();
	fd = open(open_path, O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (fd < 0)
		return perror(open_path), 1;
	close(fd);
	t_mknod = now();
	if (mknod(mknod_path, S_IFREG | 0600, 0))
		return perror(mknod_path), 1;
	nap(ms);
	if (unlink(open_path))
		return perror(open_path), 1;
	gone_open = now();
	nap(ms);
	if (unlink(mknod_path))
		return perror(mknod_path), 1;
	gone_mknod = now();
	printf("pid %d\nage filelife-%d.open %.3f\nage filelife-%d.mknod %.3f\n", (int)getpid(),
	       (int)getpid(), gone_open - t_open, (int)getpid(), gone_mknod - t_mknod);
	return 0;
}
