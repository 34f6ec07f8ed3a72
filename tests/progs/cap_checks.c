/* Workload for capable tests, run as root: ROUNDS times (argv[2], default 3) makes the kernel
 * check four capabilities, each once a round: chown(FILE) to uid 4242 and back to 0
 * (CAP_CHOWN, twice: both changes need it), setuid(0) (CAP_SETUID), setgid(0) (CAP_SETGID),
 * and a nice value lowered to -5 (CAP_SYS_NICE; raised back to 0, which needs nothing). Then
 * one private writable mapping (the kernel's memory accounting asks CAP_SYS_ADMIN without
 * auditing: a non-audit check). Prints "pid PID". With "wait" (argv[3]) it then waits for a
 * signal, so that its user stacks can still be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	void *p;

	if (argc < 2 || rounds < 1)
		return 2;
	printf("pid %d\n", getpid());
	fflush(stdout);
	for (int i = 0; i < rounds; i++) {
		if (chown(argv[1], 4242, -1) || chown(argv[1], 0, -1))
			return 1;
		if (setuid(0) || setgid(0))
			return 1;
		if (setpriority(PRIO_PROCESS, 0, -5) || setpriority(PRIO_PROCESS, 0, 0))
			return 1;
	}
	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	munmap(p, 1 << 20);
	if (argc > 3 && !strcmp(argv[3], "wait"))
		pause();
	return 0;
}
