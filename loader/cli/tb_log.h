/* Diagnostics for every tool: one-line errors with hints, warnings, and -v messages. */
#ifndef TB_LOG_H
#define TB_LOG_H

#include <stdarg.h>

/* Name printed before every message ("execsnoop: ..."); set once from argv[0]. */
void tb_log_set_tool(const char *name);
const char *tb_log_tool(void);

/* 0 = quiet, 1 = -v (which header tree, which attach path...), 2 = -vv (libbcc debug output). */
void tb_log_set_verbosity(int level);
int tb_log_verbosity(void);

/* "tool: <message>" on stderr. tb_error for failures, tb_warn for things that still work,
 * tb_info only under -v. Messages are lower-case, one line, no trailing newline needed. */
void tb_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tb_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The hint for a failed operation's errno, or "" when there is no useful one (EPERM -> run as
 * root, ENOENT on tracefs -> mount it...). Used by every "failed to ..." message. */
const char *tb_errno_hint(int err);

/* libbcc prints some diagnostics itself (the whole verifier log on every failed load):
 * capture stderr around such a call, then decide what to show. begin returns a handle (-1 if
 * capturing failed: then nothing is captured); end restores stderr and returns the captured
 * text (malloc'd, may be NULL). */
int tb_stderr_capture_begin(void);
char *tb_stderr_capture_end(int handle);

#endif
