/* Workload for unlinksnoop tests: in directory DIR (argv[1]) creates files a and b, deletes a
 * with unlink() (0), b with unlinkat() relative to DIR (0), then unlinks the missing DIR/missing
 * (-2, ENOENT), and last removes DIR with unlinkat(AT_REMOVEDIR), which is an rmdir and must not
 * be reported. Prints "pid PID". */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char a[512], b[512], missing[512];
	int dfd;

	if (argc < 2)
		return 2;
	snprintf(a, sizeof(a), "%s/a", argv[1]);
	snprintf(b, sizeof(b), "%s/b", argv[1]);
	snprintf(missing, sizeof(missing), "%s/missing", argv[1]);
	close(open(a, O_CREAT | O_WRONLY, 0600));
	close(open(b, O_CREAT | O_WRONLY, 0600));
	dfd = open(argv[1], O_RDONLY | O_DIRECTORY);
	printf("pid %d\n", getpid());
	fflush(stdout);
	if (dfd < 0 || unlink(a) || unlinkat(dfd, "b", 0))
		return 1;
	if (unlink(missing) == 0)
		return 1;
	close(dfd);
	return unlinkat(AT_FDCWD, argv[1], AT_REMOVEDIR) ? 1 : 0;
}
