/* Reading /proc for tools that trace one process: is it alive, which libraries it maps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tb_log.h"
#include "tb_proc.h"

char tb_proc_stat_state(const char *stat)
{
	/* "PID (COMM) S ...": the command name may hold spaces and parentheses ("a) R (b"), but
	 * nothing after it does, so the state follows the last ')' */
	const char *close = strrchr(stat, ')');

	if (!close || close[1] != ' ' || !close[2] || close[2] == ' ' || close[2] == '\n')
		return 0;
	return close[2];
}

int tb_proc_require(pid_t pid, const char *what)
{
	if (tb_proc_alive(pid))
		return 0;
	tb_error("failed to trace %s %d: no such process", what, (int)pid);
	return -ESRCH;
}

bool tb_proc_alive(pid_t pid)
{
	/* comm is at most 15 bytes (64 under newer kernels' kthread names): the state fits */
	char path[64], stat[512];
	size_t n;
	char state;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = 0;
	state = tb_proc_stat_state(stat);
	return state && state != 'Z' && state != 'X';
}

char *tb_proc_maps_path(char *line)
{
	int path = 0;

	/* "start-end perms offset dev inode   /path": the path is the sixth field, to the end
	 * of the line (it may hold spaces); anonymous and special mappings have none or "[...]" */
	line[strcspn(line, "\n")] = 0;
	if (sscanf(line, "%*s %*s %*s %*s %*s %n", &path) < 0 || !path || line[path] != '/')
		return NULL;
	return line + path;
}

int tb_proc_find_module(pid_t pid, const char *name, char *out, size_t len)
{
	char path[64], line[4096 + 128];
	int err = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while (err && fgets(line, sizeof(line), f)) {
		char *file = tb_proc_maps_path(line), *base;

		if (!file)
			continue;
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
