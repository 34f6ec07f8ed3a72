/* A stand-in for bash where there is no bash (the busybox-only VM guests): it has its own
 * readline(), which returns each argument in turn as a line typed, so bashreadline -s can put
 * its uretprobe there. Built as bash/bash: bashreadline, as BCC's, reports shells named bash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **lines;

__attribute__((noinline, used)) char *readline(const char *prompt)
{
	/* the caller frees the line, as with GNU readline */
	return *lines ? strdup(*lines++) : NULL;
}

int main(int argc, char **argv)
{
	char *line;

	lines = argv + 1;
	while ((line = readline("$ "))) {
		printf("read %s\n", line);
		free(line);
	}
	return 0;
}
