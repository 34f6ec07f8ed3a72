/* Workload for statsnoop tests: "stat_calls DIR N" calls each stat syscall this architecture
 * has (statfs, stat, lstat, newfstatat, statx: raw syscalls, since libc picks its own) N times
 * on DIR/exists and N times on DIR/missing, printing "pid PID" first and then "LABEL RET ERRNO"
 * for the last call of each kind, so tests can match events to calls. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *label, const char *which, long ret)
{
	printf("%s-%s %ld %d\n", label, which, ret, ret < 0 ? errno : 0);
	fflush(stdout);
}

/* Each call N times on one path; the last result reported. */
static void calls(const char *path, const char *which, int n)
{
	struct statfs sfs;
	struct stat st;
	long ret = 0;

	for (int i = 0; i < n; i++)
		ret = syscall(SYS_statfs, path, &sfs);
	report("statfs", which, ret);
#ifdef SYS_stat
	for (int i = 0; i < n; i++)
		ret = syscall(SYS_stat, path, &st);
	report("stat", which, ret);
#endif
#ifdef SYS_lstat
	for (int i = 0; i < n; i++)
		ret = syscall(SYS_lstat, path, &st);
	report("lstat", which, ret);
#endif
#ifdef SYS_newfstatat
	for (int i = 0; i < n; i++)
		ret = syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0);
	report("newfstatat", which, ret);
#endif
#ifdef SYS_statx
	{
		char buf[256]; /* struct statx, which old libcs lack */

		for (int i = 0; i < n; i++)
			ret = syscall(SYS_statx, AT_FDCWD, path, 0, 0x7ff, buf);
		report("statx", which, ret);
	}
#endif
}

int main(int argc, char **argv)
{
	char path[4096];
	int n = argc > 2 ? atoi(argv[2]) : 1;

	if (argc < 2)
		return fprintf(stderr, "usage: stat_calls DIR [N]\n"), 2;
	printf("pid %d\n", getpid());
	fflush(stdout);
	snprintf(path, sizeof(path), "%s/exists", argv[1]);
	calls(path, "exists", n);
	snprintf(path, sizeof(path), "%s/missing", argv[1]);
	calls(path, "missing", n);
	return 0;
}
