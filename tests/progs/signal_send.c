/* Workload for sigsnoop/killsnoop tests: forks a child, sends it SIGUSR1 with kill() (handled),
 * SIGUSR2 with tgkill() (ignored by the child), then SIGTERM with kill() (kills it), and last
 * sends SIGUSR1 to a PID that cannot exist (kill() fails with ESRCH). Prints "parent PID",
 * "child PID" and "missing PID" so tests can match events to processes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NO_SUCH_PID 4194304 /* PID_MAX_LIMIT: PIDs are always below it */

static int ack_fd;

static void on_usr1(int sig)
{
	char c = 'u';

	if (write(ack_fd, &c, 1) != 1)
		_exit(2);
}

int main(void)
{
	int ready[2], ack[2];
	char c;
	pid_t child;

	if (pipe(ready) || pipe(ack))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		ack_fd = ack[1];
		signal(SIGUSR1, on_usr1);
		signal(SIGUSR2, SIG_IGN);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	printf("parent %d\nchild %d\nmissing %d\n", getpid(), child, NO_SUCH_PID);
	fflush(stdout);
	/* every signal waits for the child's answer, so the order is fixed */
	if (read(ready[0], &c, 1) != 1)
		return 1;
	if (kill(child, SIGUSR1) || read(ack[0], &c, 1) != 1)
		return 1;
	if (syscall(SYS_tgkill, child, child, SIGUSR2))
		return 1;
	if (kill(child, SIGTERM) || waitpid(child, NULL, 0) != child)
		return 1;
	if (kill(NO_SUCH_PID, SIGUSR1) == 0 || errno != ESRCH)
		return 1;
	return 0;
}
