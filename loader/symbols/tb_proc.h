/* Facts about a running process that tools tracing one process (-p PID) need. */
#ifndef TB_PROC_H
#define TB_PROC_H

#include <stdbool.h>
#include <stddef.h>
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

#endif
