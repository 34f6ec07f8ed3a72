/* Reading /proc: is a process alive, which libraries it maps, its name; disk names; limits. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
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

int tb_disk_parse(const char *name, uint32_t *dev)
{
	char path[300];
	struct stat st;

	if (!*name) {
		tb_error("invalid disk '': a name in /dev expected (\"vda\", \"nvme0n1\")");
		return -1;
	}
	/* a path is taken as it is, as BCC's os.path.join('/dev', name) does */
	snprintf(path, sizeof(path), "%s%s", *name == '/' ? "" : "/dev/", name);
	if (stat(path, &st) || !S_ISBLK(st.st_mode)) {
		tb_error("invalid disk '%s': no block device %s", name, path);
		return -1;
	}
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/partition", major(st.st_rdev),
		 minor(st.st_rdev));
	if (!access(path, F_OK)) {
		tb_error("invalid disk '%s': a partition (the block tracepoints see its whole disk, "
			 "see lsblk)", name);
		return -1;
	}
	*dev = tb_kernel_dev(major(st.st_rdev), minor(st.st_rdev));
	return 0;
}

void tb_disk_names_parse(struct tb_disk_names *names, const char *text)
{
	unsigned int major, minor;
	char name[32];
	int used;

	names->n = 0;
	while (*text && names->n < TB_DISK_NAMES_MAX) {
		if (sscanf(text, "%u %u %31s%n", &major, &minor, name, &used) == 3) {
			names->dev[names->n] = tb_kernel_dev(major, minor);
			snprintf(names->name[names->n], sizeof(names->name[0]), "%s", name);
			names->n++;
		}
		text = strchr(text, '\n');
		if (!text)
			break;
		text++;
	}
}

static const char *disk_names_find(const struct tb_disk_names *names, uint32_t dev)
{
	for (int i = 0; i < names->n; i++)
		if (names->dev[i] == dev)
			return names->name[i];
	return NULL;
}

const char *tb_disk_names_get(struct tb_disk_names *names, uint32_t dev)
{
	static char text[32768];
	const char *name = disk_names_find(names, dev);
	struct timespec ts;
	uint64_t now;
	ssize_t n = 0;
	int fd;

	if (name)
		return name;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000000000ull + ts.tv_nsec;
	/* an unknown number once a second at most: an event each for a device that has no
	 * name (removed since) must not mean a read each */
	if (names->read_ns && now - names->read_ns < 1000000000ull)
		return NULL;
	names->read_ns = now;
	fd = open("/proc/diskstats", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t got;

		/* a seq_file may stop short of the buffer: read to the end */
		while (n < (ssize_t)sizeof(text) - 1 &&
		       (got = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
			n += got;
		close(fd);
	}
	text[n] = 0;
	tb_disk_names_parse(names, text);
	return disk_names_find(names, dev);
}

void tb_disk_name(uint32_t dev, char *out, size_t len)
{
	/* one table for the process: read once, again for a number it does not know */
	static struct tb_disk_names names;
	const char *name = tb_disk_names_get(&names, dev);

	snprintf(out, len, "%s", name ? name : "?");
}
