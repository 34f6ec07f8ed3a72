/* Workload for opensnoop tests: opens known paths under DIR (an existing file, a missing one,
 * one created with O_CREAT, the same through open() and openat2() where the kernel has them,
 * a relative one after chdir(DIR), and one relative to a directory fd of DIR/sub after
 * chdir("/")), printing "pid PID" and then "LABEL RET ERRNO" per call
 * so tests can match events to calls. "open_files storm N DIR" opens and closes DIR/exists N
 * times as fast as it can (an event storm), printing "pid PID" first and "done N" last. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *label, long ret)
{
	printf("%s %ld %d\n", label, ret, ret < 0 ? errno : 0);
	fflush(stdout);
}

static int storm(long n, const char *dir)
{
	char path[4096];

	printf("pid %d\n", getpid());
	fflush(stdout);
	snprintf(path, sizeof(path), "%s/exists", dir);
	for (long i = 0; i < n; i++) {
		int fd = openat(AT_FDCWD, path, O_RDONLY);

		if (fd < 0)
			return perror(path), 1;
		close(fd);
	}
	printf("done %ld\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	char path[4096];
	const char *dir = argc > 1 ? argv[1] : "/tmp";

	if (argc == 4 && !strcmp(argv[1], "storm"))
		return storm(atol(argv[2]), argv[3]);
	printf("pid %d\n", getpid());
	fflush(stdout);
	snprintf(path, sizeof(path), "%s/exists", dir);
	report("exists", openat(AT_FDCWD, path, O_RDONLY));
	snprintf(path, sizeof(path), "%s/missing", dir);
	report("missing", openat(AT_FDCWD, path, O_RDONLY));
	snprintf(path, sizeof(path), "%s/created", dir);
	report("created", openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0640));
#ifdef SYS_open
	snprintf(path, sizeof(path), "%s/exists", dir);
	report("open", syscall(SYS_open, path, O_RDWR, 0));
#endif
#ifdef SYS_openat2
	{
		struct open_how how = { .flags = O_RDONLY | O_CLOEXEC };

		snprintf(path, sizeof(path), "%s/exists", dir);
		report("openat2", syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how)));
	}
#endif
	if (chdir(dir) == 0) {
		int dirfd;

		report("relative", open("relative-file", O_WRONLY | O_CREAT | O_APPEND, 0600));
		/* relative to a directory fd while the working directory is elsewhere */
		mkdir("sub", 0700);
		dirfd = open("sub", O_RDONLY | O_DIRECTORY);
		if (dirfd >= 0 && chdir("/") == 0)
			report("dirfd", openat(dirfd, "in-sub", O_WRONLY | O_CREAT, 0600));
	}
	return 0;
}
