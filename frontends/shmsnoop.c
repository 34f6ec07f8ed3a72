/* shmsnoop: trace System V shared memory syscalls (shmget, shmat, shmdt, shmctl), as BCC's
 * shmsnoop does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "shmsnoop.h"

_Static_assert(sizeof(struct shmsnoop_event) == 56 + TB_SHMSNOOP_COMM_LEN,
	       "struct shmsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(shmsnoop);

static struct env {
	bool timestamp;    /* -T: TIME(s) since the first event */
	long pid;          /* -p, -1 = all */
	long tid;          /* -t, -1 = all; wins over -p */
	long duration_ms;  /* -d, 0 = until Ctrl-C */
	const char *name;  /* -n: substring of the process name */
} env = { .pid = -1, .tid = -1 };

const char *argp_program_version = "shmsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace shm*() syscalls: System V shared memory (shmget, shmat, shmdt, shmctl).\n"
	"\n"
	"EXAMPLES:\n"
	"    shmsnoop           # trace all shm*() syscalls\n"
	"    shmsnoop -T        # include timestamps\n"
	"    shmsnoop -p 181    # only trace PID 181\n"
	"    shmsnoop -t 123    # only trace TID 123\n"
	"    shmsnoop -d 10     # trace for 10 seconds only\n"
	"    shmsnoop -n main   # only print process names containing \"main\"\n"
	"    shmsnoop --json    # one JSON object per call";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace in seconds", 0 },
	{ "name", 'n', "NAME", 0, "Only print process names containing this name", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.timestamp = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'd': err = tb_parse_seconds(arg, 365 * 86400.0, "duration", &env.duration_ms); break;
	case 'n': env.name = arg; break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-14s" TIME(s) with no separator, then "%-6s %-16s %6s %16s ARGs". Our columns add
 * one space: TIME one narrower. */
enum { COL_TIME, COL_PID, COL_COMM, COL_SYS, COL_RET, COL_ARGS, NCOLUMNS };
static const struct tb_column columns[NCOLUMNS] = {
	[COL_TIME] = { "TIME(s)", "time_s", 13, TB_LEFT },
	[COL_PID] = { "PID", NULL, 6, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, 16, TB_LEFT },
	[COL_SYS] = { "SYS", NULL, 6, TB_RIGHT },
	[COL_RET] = { "RET", NULL, 16, TB_RIGHT },
	[COL_ARGS] = { "ARGs", "args", 0, TB_LEFT },
};

static bool column_used(int i)
{
	return i != COL_TIME || env.timestamp;
}

static const struct tb_column *select_columns(int *n, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLUMNS];

	*n = tb_columns_pick(columns, NCOLUMNS, column_used, COL_PID, env.tid > 0, shown);
	return shown;
}

static struct tb_output out;

static const char *const call_names[TB_SHMSNOOP_NCALLS] = {
	[TB_SHMSNOOP_SHMGET] = "SHMGET",
	[TB_SHMSNOOP_SHMAT] = "SHMAT",
	[TB_SHMSNOOP_SHMDT] = "SHMDT",
	[TB_SHMSNOOP_SHMCTL] = "SHMCTL",
};

static const char *call_name(__u32 call)
{
	return call < TB_SHMSNOOP_NCALLS && call_names[call] ? call_names[call] : "N/A";
}

/* <linux/ipc.h>, <linux/shm.h>: the bits BCC names, in its order. SHM_HUGE_2MB and
 * SHM_HUGE_1GB are values of the 6-bit page size field at bit 26 (SHM_HUGE_SHIFT), not bits. */
#define SHM_HUGE_FIELD (0x3full << 26)
static const struct tb_flag_name shmget_flags[] = {
	{ 01000, "IPC_CREAT" },
	{ 02000, "IPC_EXCL" },
	{ 04000, "SHM_HUGETLB" },
	{ 21ull << 26, "SHM_HUGE_2MB", SHM_HUGE_FIELD },
	{ 30ull << 26, "SHM_HUGE_1GB", SHM_HUGE_FIELD },
	{ 010000, "SHM_NORESERVE" },
	{ 0100000, "SHM_EXEC" },
	{ 0, NULL },
};
static const struct tb_flag_name shmat_flags[] = {
	{ 010000, "SHM_RDONLY" },
	{ 020000, "SHM_RND" },
	{ 040000, "SHM_REMAP" },
	{ 0100000, "SHM_EXEC" },
	{ 0, NULL },
};

/* BCC's shmflg text: "0x0" for none, else "0x3b6 (IPC_CREAT|0666)": the hex value, then the
 * flags' names and the permission bits in octal; "0x1b6 (0666)" when no flag is set. */
static void format_shmflg(char *buf, size_t len, unsigned long long val,
			  const struct tb_flag_name *flags)
{
	size_t n = (size_t)snprintf(buf, len, "0x%llx", val);

	if (!val || n >= len)
		return;
	n += (size_t)snprintf(buf + n, len - n, " (");
	tb_format_flags(buf, len, &n, val, flags, NULL, true /* octal */);
	if (n < len)
		snprintf(buf + n, len - n, ")");
}

/* shmctl's commands, <linux/ipc.h> and <linux/shm.h>; BCC prints others in hex */
static const char *shmctl_cmd_name(unsigned long long cmd, char *buf, size_t len)
{
	static const char *const names[] = {
		[0] = "IPC_RMID", [1] = "IPC_SET", [2] = "IPC_STAT", [3] = "IPC_INFO",
		[11] = "SHM_LOCK", [12] = "SHM_UNLOCK", [13] = "SHM_STAT", [14] = "SHM_INFO",
		[15] = "SHM_STAT_ANY",
	};

	if (cmd < sizeof(names) / sizeof(names[0]) && names[cmd])
		return names[cmd];
	snprintf(buf, len, "0x%llx", cmd);
	return buf;
}

/* The ARGs column: BCC's "arg: value" pairs of each call. */
static void format_args(char *buf, size_t len, const struct shmsnoop_event *e)
{
	char flags[128], cmd[24];

	switch (e->call) {
	case TB_SHMSNOOP_SHMGET:
		format_shmflg(flags, sizeof(flags), e->args[2], shmget_flags);
		snprintf(buf, len, "key: 0x%llx, size: %llu, shmflg: %s",
			 (unsigned long long)e->args[0], (unsigned long long)e->args[1], flags);
		break;
	case TB_SHMSNOOP_SHMAT:
		format_shmflg(flags, sizeof(flags), e->args[2], shmat_flags);
		snprintf(buf, len, "shmid: 0x%llx, shmaddr: 0x%llx, shmflg: %s",
			 (unsigned long long)e->args[0], (unsigned long long)e->args[1], flags);
		break;
	case TB_SHMSNOOP_SHMDT:
		snprintf(buf, len, "shmaddr: 0x%llx", (unsigned long long)e->args[0]);
		break;
	case TB_SHMSNOOP_SHMCTL:
		snprintf(buf, len, "shmid: 0x%llx, cmd: %llu (%s), buf: 0x%llx",
			 (unsigned long long)e->args[0], (unsigned long long)e->args[1],
			 shmctl_cmd_name(e->args[1], cmd, sizeof(cmd)),
			 (unsigned long long)e->args[2]);
		break;
	default: /* BCC prints nothing after RET for a call it does not know */
		buf[0] = 0;
	}
}

static void print_event(const struct shmsnoop_event *e)
{
	static uint64_t first_ts;
	char comm[TB_SHMSNOOP_COMM_LEN + 1], ret[24], args[256];
	/* BCC keeps microseconds, and its zero is the first event, even one -n leaves out */
	uint64_t ts = e->ts / 1000 * 1000;
	double since = tb_seconds_since_first(&first_ts, ts);

	snprintf(comm, sizeof(comm), "%.*s", TB_SHMSNOOP_COMM_LEN, e->comm);
	if (env.name && !strstr(comm, env.name))
		return;
	format_args(args, sizeof(args), e);
	tb_output_begin(&out, e->ts);
	if (env.timestamp)
		tb_output_double(&out, since, 9);
	tb_output_uint(&out, env.tid > 0 ? e->tid : e->pid);
	tb_output_str(&out, comm);
	tb_output_str(&out, call_name(e->call));
	/* BCC prints the return register in hex ("ffffffffffffffea" for -EINVAL): an address
	 * reads as one; JSON has the number, signed */
	if (out.json) {
		tb_output_int(&out, e->ret);
	} else {
		snprintf(ret, sizeof(ret), "%llx", (unsigned long long)e->ret);
		tb_output_str(&out, ret);
	}
	tb_output_str(&out, args);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

static int build_cflags(struct tb_cflags *cf)
{
	return tb_cflags_pid_tid(cf, env.pid, env.tid);
}

/* A kernel without System V IPC has none of the four calls: said before a compile is spent.
 * Without privileges tracefs cannot be read: the loader says so at the compile. */
static int prepare(struct tb_cflags *cf)
{
	if (tb_have_bpf_privileges() && !tb_tracepoint_exists("syscalls:sys_enter_shmget")) {
		tb_error("failed to find tracepoint 'syscalls:sys_enter_shmget': this kernel has no "
			 "System V IPC (CONFIG_SYSVIPC) or no syscall tracepoints "
			 "(CONFIG_FTRACE_SYSCALLS)");
		return -1;
	}
	return build_cflags(cf);
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_shmget" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_shmget" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_shmat" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_shmat" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_shmdt" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_shmdt" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_shmctl" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_shmctl" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(shmsnoop),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct shmsnoop_event),
	.out = &out,
	.columns = select_columns,
	.duration_ms = &env.duration_ms,
};
TB_TOOL_MAIN(shmsnoop, tool)
