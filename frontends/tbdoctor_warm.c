/* tbdoctor --warm: every tool's default program compiled into the compile cache ahead of its
 * first use (each tool run with --compile-only, one after another, at idle priority), so that
 * the first start of each is a warm one. In the background unless --wait is given: a package's
 * postinst or a boot script must not wait for forty compiles. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tbdoctor.h"
#include "tracebox.h"

#define IOPRIO_CLASS_IDLE 3
#define IOPRIO_WHO_PROCESS 1

/* The folder of the tools: beside this file (the build's bin/); installed, tbdoctor is in
 * sbin/ and the tools in lib/tracebox/bin/ (cmake/install.cmake); when ld.so started it (the
 * portable file's bundle), /proc/self/exe is ld.so, and dladdr names the program it loaded. */
static bool tools_dir(char *dir, size_t len)
{
	static const char *const under[] = { "", "/../lib/tracebox/bin" };
	char path[PATH_MAX], probe[PATH_MAX + 64];
	Dl_info info;
	const char *candidates[2] = { NULL, NULL };
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n > 0) {
		path[n] = 0;
		candidates[0] = path;
	}
	if (dladdr((void *)tools_dir, &info) && info.dli_fname && info.dli_fname[0] == '/')
		candidates[1] = info.dli_fname;
	for (int i = 0; i < 4; i++) {
		const char *c = candidates[i / 2], *slash = c ? strrchr(c, '/') : NULL;

		if (!slash)
			continue;
		snprintf(dir, len, "%.*s%s", (int)(slash - c), c, under[i % 2]);
		snprintf(probe, sizeof(probe), "%s/execsnoop", dir);
		if (!access(probe, X_OK))
			return true;
	}
	return false;
}

/* Idle CPU and I/O classes: a warm-up never competes with the machine's work. */
static void be_idle(void)
{
	struct sched_param none = { 0 };

	setpriority(PRIO_PROCESS, 0, 19);
	sched_setscheduler(0, SCHED_IDLE, &none);
	syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_IDLE << 13);
}

/* Runs dir/tool --compile-only; its last stderr line (its one error line) into why. */
static int compile_tool(const char *dir, const char *tool, char *why, size_t len)
{
	char path[PATH_MAX + 64], buf[4096];
	int pipefd[2], status = 0;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", dir, tool);
	why[0] = 0;
	if (pipe2(pipefd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(pipefd[1], 2);
		execl(path, tool, "--compile-only", (char *)NULL);
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && (n = read(pipefd[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
		got += n;
		if (got == sizeof(buf) - 1) { /* keep the end: the last line is the one */
			memmove(buf, buf + got / 2, got - got / 2);
			got -= got / 2;
		}
	}
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	buf[got] = 0;
	while (got && buf[got - 1] == '\n')
		buf[--got] = 0;
	snprintf(why, len, "%.500s", strrchr(buf, '\n') ? strrchr(buf, '\n') + 1 : buf);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int tbdoctor_warm(bool wait)
{
	char dir[PATH_MAX], why[512];
	const char *tool;
	int failed = 0, done = 0;
	pid_t pid;

	if (!tools_dir(dir, sizeof(dir))) {
		tb_error("failed to find the tools beside tbdoctor (with the portable file: "
			 "tracebox tbdoctor --warm)");
		return 1;
	}
	if (!wait) {
		pid = fork();
		if (pid < 0) {
			tb_error("failed to start the warm-up: %s", strerror(errno));
			return 1;
		}
		if (pid > 0) {
			printf("tbdoctor: compiling every tool's program into the cache in the "
			       "background at idle priority (pid %d; tbdoctor --warm --wait "
			       "shows each)\n", (int)pid);
			return 0;
		}
		setsid();
		freopen("/dev/null", "w", stdout);
		/* in the background only: whoever waits in front wants it done */
		be_idle();
	}
	for (size_t i = 0; (tool = tbdoctor_tool_name(i)); i++) {
		double start = now_ms();

		/* javagc and ugc compile for the process they are given: nothing to warm */
		if (!tbdoctor_tool_runs_here(i) || !strcmp(tool, "javagc") || !strcmp(tool, "ugc"))
			continue;
		if (compile_tool(dir, tool, why, sizeof(why))) {
			tbdoctor_report_tool(tool, false, "not compiled: %s", why);
			failed++;
		} else {
			tbdoctor_report_tool(tool, true, "in the cache (%.0f ms)", now_ms() - start);
			done++;
		}
	}
	if (wait)
		printf("\n%d programs in the cache, %d not compiled\n", done, failed);
	return 0;
}
