/* Facts read from /proc: about a running process that tools tracing one process (-p PID)
 * need, the names of what the kernel reports by number (a comm, a disk), its limits. */
#ifndef TB_PROC_H
#define TB_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Whether process pid exists (a zombie counts as gone). */
bool tb_proc_alive(pid_t pid);
/* For a -p PID given by the user: 0 when it exists, else -ESRCH and the line
 * "failed to trace <what> PID: no such process" (what: "process", "thread"). Checked before
 * compiling, so that a mistyped PID does not trace nothing for ever. */
int tb_proc_require(pid_t pid, const char *what);

/* The path of the first file mapped in process pid whose base name starts with `name`
 * ("libjvm.so"), from /proc/PID/maps; reachable from here (through /proc/PID/root when the
 * process lives in another mount namespace). 0, -ESRCH (no such process) or -ENOENT. */
int tb_proc_find_module(pid_t pid, const char *name, char *out, size_t len);

/* The parsers underneath, pure for tests. The state letter ('R', 'S', 'Z'...) of a
 * /proc/PID/stat text, 0 if there is none. */
char tb_proc_stat_state(const char *stat);
/* The path of a /proc/PID/maps line (newline removed in place), or NULL for a mapping of no
 * file ("[heap]", anonymous). */
char *tb_proc_maps_path(char *line);

/* The command name of process or thread pid ("bash", no newline), read now: "" once it has
 * exited. Cheap (open and read, no stdio): histogram tools call it once per section. */
void tb_proc_comm(pid_t pid, char *out, size_t len);

/* A positive number from a /proc or /sys file (kernel/pid_max...), or def when the file is
 * missing or holds something else. */
long tb_proc_read_long(const char *path, long def);

/* A block device's number as the kernel's block tracepoints carry it (MKDEV: major << 20 |
 * minor), not as user space's dev_t encodes it. */
uint32_t tb_kernel_dev(unsigned int major, unsigned int minor);
/* The name of block device dev (tb_kernel_dev) from /proc/diskstats ("vda", "nvme0n1p2"), or
 * "?" when it has none, as BCC prints an unknown disk (tb_disk_names below, one per process). */
void tb_disk_name(uint32_t dev, char *out, size_t len);

/* -d DISK of the block tools (biolatency, biosnoop, bitesize): the number of /dev/NAME (or of
 * the path NAME, starting with '/') as tb_kernel_dev gives it. A partition is refused: the request tracepoints carry the whole
 * disk's number, so it would trace nothing. 0, or -1 after the one line
 * "invalid disk '<name>': <why>". */
int tb_disk_parse(const char *name, uint32_t *dev);

/* Disk names for a tool that names every event (biosnoop): read from /proc/diskstats once,
 * and again on a number not known, at most once a second (a disk added since). */
#define TB_DISK_NAMES_MAX 128
struct tb_disk_names {
	int n;
	uint64_t read_ns; /* CLOCK_MONOTONIC of the last read, 0 = never */
	uint32_t dev[TB_DISK_NAMES_MAX];
	char name[TB_DISK_NAMES_MAX][32];
};
/* The name of dev, or NULL when /proc/diskstats has none. */
const char *tb_disk_names_get(struct tb_disk_names *names, uint32_t dev);
/* The reader underneath, for tests: fills names from a /proc/diskstats text. */
void tb_disk_names_parse(struct tb_disk_names *names, const char *text);

#endif
