/* Drives an interactive bash through a pseudo-terminal (so it reads with readline): types
 * each argument as a command line, then "exit". Prints "bash PID" first, so tests can match
 * the shell's pid. Usage: pty_bash [BASH] -- CMD... */
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

/* Reads whatever the shell echoed for up to ms milliseconds (the pty must be drained). */
static void drain(int fd, int ms)
{
	char buf[4096];
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	fd_set set;

	for (;;) {
		FD_ZERO(&set);
		FD_SET(fd, &set);
		if (select(fd + 1, &set, NULL, NULL, &tv) <= 0 || read(fd, buf, sizeof(buf)) <= 0)
			return;
	}
}

int main(int argc, char **argv)
{
	const char *bash = "/bin/bash";
	int first = 1, fd, status;
	pid_t pid;

	if (argc > 2 && !strcmp(argv[2], "--")) {
		bash = argv[1];
		first = 3;
	} else if (argc > 1 && !strcmp(argv[1], "--")) {
		first = 2;
	}
	pid = forkpty(&fd, NULL, NULL, NULL);
	if (pid < 0) {
		perror("forkpty");
		return 1;
	}
	if (pid == 0) {
		setenv("PS1", "$ ", 1);
		execl(bash, "bash", "--norc", "--noprofile", "-i", (char *)NULL);
		_exit(127);
	}
	printf("bash %d\n", pid);
	fflush(stdout);
	drain(fd, 500);
	for (int i = first; i < argc; i++) {
		dprintf(fd, "%s\n", argv[i]);
		drain(fd, 200);
	}
	dprintf(fd, "exit\n");
	drain(fd, 200);
	alarm(10);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
