/* A terminal's output for ttysnoop: opens a pty of its own (posix_openpt, grantpt, unlockpt),
 * prints "pts /dev/pts/N" and "pid P", waits for a line "go" on stdin (so a tracer can start
 * on that device first), then writes "ttysnoop-marker-P-I\n" for I = 1..COUNT to the pty's
 * slave side, as a program running on that terminal prints (tty_write() on the slave's file),
 * then one write of LONG bytes ('x's ending in "-end\n": several of ttysnoop's pieces), reads
 * the master side dry and prints "done". Usage: pty_write [COUNT [LONG]] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* reads what the slave side wrote, so no write waits for room */
static void drain(int master)
{
	char buf[4096];

	while (read(master, buf, sizeof(buf)) > 0)
		;
}

/* a whole page and more: ttysnoop reads its pieces whole, past a short write's end */
static char line[8192];

int main(int argc, char **argv)
{
	int count = argc > 1 ? atoi(argv[1]) : 3, len = argc > 2 ? atoi(argv[2]) : 0;
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
	char go[16] = "";
	const char *name;

	if (len < 0 || len > (int)sizeof(line) / 2) {
		fprintf(stderr, "pty_write: LONG is 0 to %d\n", (int)sizeof(line) / 2);
		return 2;
	}
	if (master < 0 || grantpt(master) || unlockpt(master) || !(name = ptsname(master))) {
		perror("pty_write: posix_openpt");
		return 1;
	}
	slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0) {
		perror(name);
		return 1;
	}
	fcntl(master, F_SETFL, O_NONBLOCK);
	printf("pts %s\npid %d\n", name, (int)getpid());
	fflush(stdout);
	if (!fgets(go, sizeof(go), stdin) || strcmp(go, "go\n")) {
		fprintf(stderr, "pty_write: expected 'go'\n");
		return 1;
	}
	for (int i = 1; i <= count; i++) {
		int n = snprintf(line, sizeof(line), "ttysnoop-marker-%d-%d\n", (int)getpid(), i);

		if (write(slave, line, n) != n) {
			perror("pty_write: write");
			return 1;
		}
		drain(master);
	}
	if (len >= 5) {
		memset(line, 'x', len - 5);
		memcpy(line + len - 5, "-end\n", 5);
		if (write(slave, line, len) != len) {
			perror("pty_write: write");
			return 1;
		}
		drain(master);
	}
	printf("done\n");
	return 0;
}
