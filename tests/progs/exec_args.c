/* Workload for execsnoop tests: forks children that exec known programs with known arguments
 * (a normal one with an empty argument, one with 25 arguments, one that fails), and prints
 * "parent PID" and "child PID LABEL" lines so tests can match events to processes. Arguments
 * are built on the heap, as shells do: BPF cannot read strings whose pages a fresh fork child
 * has not touched yet (static strings in .rodata), a limit BCC's execsnoop shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void spawn(const char *label, const char *path, char *const argv[])
{
	char *copy[32];
	int n = 0;
	pid_t pid;

	for (; argv[n] && n < 31; n++)
		copy[n] = strdup(argv[n]);
	copy[n] = NULL;
	argv = copy;
	pid = fork();

	if (pid == 0) {
		execv(strdup(path), argv);
		_exit(127); /* the failing exec ends here */
	}
	printf("child %d %s\n", pid, label);
	fflush(stdout);
	waitpid(pid, NULL, 0);
	while (n--)
		free(copy[n]);
}

int main(void)
{
	static char *simple[] = { "/bin/true", "alpha", "", "beta gamma", NULL };
	static char *missing[] = { "/nonexistent/tb-missing", "x", NULL };
	char *many[27], names[25][8];

	printf("parent %d\n", getpid());
	fflush(stdout);
	spawn("simple", "/bin/true", simple);
	many[0] = "/bin/true";
	for (int i = 0; i < 25; i++) {
		snprintf(names[i], sizeof(names[i]), "a%d", i + 1);
		many[i + 1] = names[i];
	}
	many[26] = NULL;
	spawn("many", "/bin/true", many);
	spawn("missing", "/nonexistent/tb-missing", missing);
	return 0;
}
