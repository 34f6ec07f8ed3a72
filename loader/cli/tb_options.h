/* Options every tool shares (-v, --json, --dump-bpf, --bpf-file, --perf-pages) as an argp
 * child, and the one bounded number parser every frontend uses. */
#ifndef TB_OPTIONS_H
#define TB_OPTIONS_H

#include <argp.h>
#include <stdbool.h>

struct tb_common {
	int verbosity;         /* -v, -vv */
	bool json;             /* --json */
	bool dump_bpf;         /* --dump-bpf: print the BPF source and exit */
	const char *bpf_file;  /* --bpf-file FILE: compile FILE instead of the embedded source */
	int perf_pages;        /* --perf-pages N: per-CPU perf buffer size in pages (power of 2) */
	int wakeup_events;     /* --wakeup N: perf buffer wake-up batch (1 = every event) */
	bool no_mount;         /* --no-mount: never mount tracefs/debugfs */
	bool no_cache;         /* --no-cache: always compile */
	bool trust_file;       /* --trust-file: load a --bpf-file others may write, warned */
	bool compile_only;     /* --compile-only: fill the compile cache, trace nothing */
};

extern struct tb_common tb_common;

/* The common options as an argp child; tools without children of their own use
 * tb_common_children as their argp's children list. */
extern const struct argp tb_common_argp;
extern const struct argp_child tb_common_children[];

/* -h, as BCC's tools take it: the help, as --help prints it. The common options have it;
 * a command with options of its own and no common ones (tblist, tbdoctor) lists
 * TB_OPTION_HELP_H among them and calls tb_argp_help for key 'h'. */
#define TB_OPTION_HELP_H { NULL, 'h', NULL, 0, "Give this help list (as --help)", -1 }
void tb_argp_help(struct argp_state *state);

/* argp_parse for every command, --help 100 columns wide so example lines do not wrap.
 * 0, or -1 (argp has printed why). */
int tb_argp_parse(const struct argp *argp, int argc, char **argv);

/* After a tool has printed its one-line error for an option: exit as argp does on bad usage
 * (status 64), without argp's usage lines. Use it instead of argp_usage(), which prints them. */
void tb_argp_fail(const struct argp_state *state);

/* Parses s as a whole decimal number in [min, max]. On bad input prints
 * "invalid <what> '<s>': expected a number from <min> to <max>" and returns -1. */
int tb_parse_long(const char *s, long min, long max, const char *what, long *out);
int tb_parse_int(const char *s, int min, int max, const char *what, int *out);

/* A process or thread ID, 1..4194304 (the largest pid_max): "invalid PID 'x': ...". */
int tb_parse_pid(const char *s, const char *what, long *out);
/* A program that is two tools (sigsnoop and killsnoop, ugc and javagc): whether the name it
 * was run under (argv[0], any directory or "tracebox-" prefix aside) contains name. */
bool tb_invoked_as(const char *argv0, const char *name);
/* A UID, as a number or a user name (-u of execsnoop, opensnoop). */
int tb_parse_user(const char *s, long *uid);

/* Parses a duration in seconds ("5", "0.5") into milliseconds, (0, max_s]. */
int tb_parse_seconds(const char *s, double max_s, const char *what, long *out_ms);
/* BCC's trailing [duration] argument (argp ARGP_KEY_ARG, arg_num 0): seconds, up to a year, into
 * milliseconds; a second argument is unexpected. 0, or -1 after one error line. */
int tb_parse_duration_arg(const char *arg, unsigned int arg_num, long *out_ms);

/* Accumulates -D cflags for the BPF compile: tb_cflags_add(&cf, "-DTARG_PID=%d", pid). */
#define TB_MAX_CFLAGS 64
struct tb_cflags {
	char *argv[TB_MAX_CFLAGS];
	int n;
};
int tb_cflags_add(struct tb_cflags *cf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tb_cflags_free(struct tb_cflags *cf);
/* BCC's -p PID and -t TID of the snoop tools (> 0 when given): -DTARG_TID, which wins as
 * "TID trumps PID" in BCC, else -DTARG_PID. 0, or -1 when cf is full. */
int tb_cflags_pid_tid(struct tb_cflags *cf, long pid, long tid);

#endif
