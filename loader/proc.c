/* Reading /proc for tools that trace one process: is it alive, which libraries it maps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tb_proc.h"

bool tb_proc_alive(pid_t pid)
{
	char path[64], state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	/* the state follows the command name, which is in parentheses and may hold spaces */
	if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
		state = 0;
	fclose(f);
	return state && state != 'Z' && state != 'X';
}

int tb_proc_find_module(pid_t pid, const char *name, char *out, size_t len)
{
	char path[64], line[4096 + 128];
	int err = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (err && fgets(line, sizeof(line), f)) {
		char *file = strchr(line, '/'), *base;

		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		base = strrchr(file, '/') + 1;
		if (strncmp(base, name, strlen(name)))
			continue;
		if (access(file, R_OK) == 0)
			snprintf(out, len, "%s", file);
		else
			snprintf(out, len, "/proc/%d/root%s", (int)pid, file);
		err = 0;
	}
	fclose(f);
	return err;
}
