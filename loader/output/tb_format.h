/* Text helpers for event fields shared by the tools: argument lists, and more to come. */
#ifndef TB_FORMAT_H
#define TB_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* Joins up to max_count NUL-separated strings from buf[0..size) with spaces into out, as
 * BCC's tools show command lines: newlines become "\n"; with quote each argument is wrapped in
 * double quotes with inner quotes escaped. Appends " ..." when buf holds more strings than
 * max_count or when `truncated` says the kernel cut the list. Always NUL-terminates out;
 * returns the length written. */
size_t tb_format_argv(char *out, size_t out_len, const char *buf, size_t size, int max_count,
		      bool quote, bool truncated);

/* Offset of the string after the one starting at buf[pos] (size if none). */
size_t tb_next_string(const char *buf, size_t size, size_t pos);

/* "SIGKILL" for 9, "SIGRTMIN+3" for real-time signals, NULL when out of range. */
const char *tb_signal_name(int sig);
/* 9 for "KILL", "SIGKILL", "kill" or "9"; -1 when unknown. */
int tb_signal_number(const char *name);
/* "ENOENT" for 2 (sign ignored), NULL when unknown. */
const char *tb_errno_name(int err);

/* A wait status as the kernel keeps it in task->exit_code, in BCC exitsnoop's words: "0",
 * "code 3", "signal 9 (KILL)", "signal 11 (SEGV), core dumped". Always NUL-terminates out;
 * returns the length written. */
size_t tb_format_exit_status(char *out, size_t out_len, int status);

#endif
