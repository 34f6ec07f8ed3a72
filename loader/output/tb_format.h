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

/* One name of a flags word: a bit (or several: any of them set names it), or with mask set, a
 * value of the field mask covers (SHM_HUGE_2MB of the page size field). A list of them ends
 * with a NULL name. */
struct tb_flag_name {
	unsigned long long value;
	const char *name;
	unsigned long long mask;
};
/* BCC's flag decoding, appended to out at *n (never past out_len; *n grows as snprintf's
 * result would): the names of the flags set, in list order, joined by '|', then what no name
 * covers, in hex ("0x...") or with octal "0..." (permission bits) — also alone when no name
 * matched. prefix, when not NULL, is a name already given, put first (MS_MGC_VAL). */
void tb_format_flags(char *out, size_t out_len, size_t *n, unsigned long long flags,
		     const struct tb_flag_name *names, const char *prefix, bool octal);
/* A wait status as the kernel keeps it in task->exit_code, in BCC exitsnoop's words: "0",
 * "code 3", "signal 9 (KILL)", "signal 11 (SEGV), core dumped". Always NUL-terminates out;
 * returns the length written. */
size_t tb_format_exit_status(char *out, size_t out_len, int status);

#endif
