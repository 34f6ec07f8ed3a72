/* Reading /proc: is a process alive, which libraries it maps, its name; disk names; limits. */
#include <errno.h>
#include <fcntl.h>
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

void tb_proc_comm(pid_t pid, char *out, size_t len)
{
	char path[64];
	ssize_t n = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, out, len - 1);
		close(fd);
	}
	out[n > 0 ? n : 0] = 0;
	out[strcspn(out, "\n")] = 0;
}

long tb_proc_read_long(const char *path, long def)
{
	FILE *f = fopen(path, "re");
	long v = def;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1 || v <= 0)
			v = def;
		fclose(f);
	}
	return v;
}

uint32_t tb_kernel_dev(unsigned int major, unsigned int minor)
{
	return major << 20 | minor;
}

void tb_disk_name(uint32_t dev, char *out, size_t len)
{
	/* read again each time: a handful of sections per interval, and no table to keep */
	FILE *f = fopen("/proc/diskstats", "re");
	unsigned int major, minor;
	char name[32], line[512];

	snprintf(out, len, "?");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %u %31s", &major, &minor, name) == 3 &&
		    tb_kernel_dev(major, minor) == dev) {
			snprintf(out, len, "%s", name);
			break;
		}
	}
	fclose(f);
}
