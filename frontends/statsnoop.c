/* statsnoop: trace stat() syscalls, as BCC's statsnoop does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>

#include "tracebox.h"
#include "statsnoop.h"

_Static_assert(sizeof(struct statsnoop_event) == 24 + TB_STATSNOOP_COMM_LEN + TB_STATSNOOP_NAME_LEN,
	       "struct statsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(statsnoop);

static struct env {
	bool timestamp;    /* -t: TIME(s) since the first event */
	bool sysname;      /* -s: SYSCALL column */
	bool failed;       /* -x */
	long pid;          /* -p, -1 = all */
} env = { .pid = -1 };

const char *argp_program_version = "statsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace stat() syscalls.\n"
	"\n"
	"EXAMPLES:\n"
	"    statsnoop           # trace all stat() syscalls\n"
	"    statsnoop -t        # include timestamps\n"
	"    statsnoop -s        # include syscall name\n"
	"    statsnoop -x        # only show failed stats\n"
	"    statsnoop -p 181    # only trace PID 181\n"
	"    statsnoop --json    # one JSON object per call";

static const struct argp_option options[] = {
	{ "timestamp", 't', NULL, 0, "Include timestamp on output", 0 },
	{ "sysname", 's', NULL, 0, "Include syscall name on output", 0 },
	{ "failed", 'x', NULL, 0, "Only show failed stats", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 't': env.timestamp = true; break;
	case 's': env.sysname = true; break;
	case 'x': env.failed = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-14s" TIME(s) with no separator, then "%-7s %-16s %4s %3s", " %-12s" SYSCALL with -s,
 * " %s" PATH. Our columns add one space: TIME one narrower. */
enum { COL_TIME, COL_PID, COL_COMM, COL_FD, COL_ERR, COL_SYSCALL, COL_PATH, NCOLUMNS };
static const struct tb_column columns[NCOLUMNS] = {
	[COL_TIME] = { "TIME(s)", "time_s", 13, TB_LEFT },
	[COL_PID] = { "PID", NULL, 7, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, 16, TB_LEFT },
	[COL_FD] = { "FD", NULL, 4, TB_RIGHT },
	[COL_ERR] = { "ERR", NULL, 3, TB_RIGHT },
	[COL_SYSCALL] = { "SYSCALL", NULL, 12, TB_LEFT },
	[COL_PATH] = { "PATH", NULL, 0, TB_LEFT },
};

static const struct tb_column *select_columns(int *n, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLUMNS];

	*n = 0;
	for (int i = 0; i < NCOLUMNS; i++)
		if ((i != COL_TIME || env.timestamp) && (i != COL_SYSCALL || env.sysname))
			shown[(*n)++] = columns[i];
	return shown;
}

static struct tb_output out;

static const char *const call_names[TB_STATSNOOP_NCALLS] = {
	[TB_STATSNOOP_STAT] = "stat",
	[TB_STATSNOOP_STATX] = "statx",
	[TB_STATSNOOP_STATFS] = "statfs",
	[TB_STATSNOOP_NEWSTAT] = "newstat",
	[TB_STATSNOOP_NEWLSTAT] = "newlstat",
	[TB_STATSNOOP_FSTATAT64] = "fstatat64",
	[TB_STATSNOOP_NEWFSTATAT] = "newfstatat",
};

static const char *call_name(__u32 call)
{
	return call < TB_STATSNOOP_NCALLS && call_names[call] ? call_names[call] : "N/A";
}

static void print_event(const struct statsnoop_event *e)
{
	static uint64_t first_ts;
	char comm[TB_STATSNOOP_COMM_LEN + 1], path[TB_STATSNOOP_NAME_LEN + 1];

	/* the program filters -x too; an edited --bpf-file may not */
	if (env.failed && e->ret >= 0)
		return;
	snprintf(comm, sizeof(comm), "%.*s", TB_STATSNOOP_COMM_LEN, e->comm);
	snprintf(path, sizeof(path), "%.*s", TB_STATSNOOP_NAME_LEN, e->name);
	tb_output_begin(&out, e->ts);
	if (env.timestamp)
		tb_output_double(&out, tb_seconds_since_first(&first_ts, e->ts), 9);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	/* BCC splits the result: FD is the return value (0) or -1, ERR the errno */
	tb_output_int(&out, e->ret >= 0 ? e->ret : -1);
	tb_output_int(&out, e->ret >= 0 ? 0 : -e->ret);
	if (env.sysname)
		tb_output_str(&out, call_name(e->call));
	tb_output_str(&out, path);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

/* Every call is optional: x86-64 has statfs, newstat, newlstat, newfstatat and statx (4.11),
 * 32-bit architectures stat and fstatat64. Without any, there is nothing to trace: said
 * before a compile is spent. Without privileges tracefs cannot be read: the loader says so. */
static int prepare(struct tb_cflags *cf)
{
	if (tb_have_bpf_privileges() && !tb_tracepoint_exists("syscalls:sys_enter_statfs")) {
		tb_error("failed to find tracepoint 'syscalls:sys_enter_statfs': this kernel has no "
			 "syscall tracepoints (CONFIG_FTRACE_SYSCALLS)");
		return -1;
	}
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.failed && tb_cflags_add(cf, "-DFAILED_ONLY=1"))
		return -1;
	return 0;
}

#define STAT_CALL(name)                                                                         \
	{ TB_TRACEPOINT, "syscalls:sys_enter_" name, .flags = TB_PROBE_OPTIONAL },               \
	{ TB_TRACEPOINT, "syscalls:sys_exit_" name, .flags = TB_PROBE_OPTIONAL }
static const struct tb_probe probes[] = {
	STAT_CALL("statfs"), STAT_CALL("newstat"), STAT_CALL("newlstat"), STAT_CALL("newfstatat"),
	STAT_CALL("statx"), STAT_CALL("stat"), STAT_CALL("fstatat64"),
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(statsnoop),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct statsnoop_event),
	.out = &out,
	.columns = select_columns,
};
TB_TOOL_MAIN(statsnoop, tool)
