/* opensnoop: trace open() syscalls, as BCC's opensnoop does. */
#include <argp.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "opensnoop.h"

_Static_assert(sizeof(struct opensnoop_event) == 40 + TB_OPENSNOOP_COMM_LEN + TB_OPENSNOOP_NAME_LEN,
	       "struct opensnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(opensnoop);

static struct env {
	bool timestamp;    /* -T: TIME(s) since the first event */
	bool print_uid;    /* -U */
	bool failed;       /* -x */
	long pid;          /* -p, -1 = all */
	long tid;          /* -t, -1 = all; wins over -p */
	long uid;          /* -u, -1 = all */
	long duration_ms;  /* -d, 0 = until Ctrl-C */
	const char *name;  /* -n: substring of the process name */
	bool extended;     /* -e: FLAGS and MODE columns */
	unsigned int flag_mask; /* -f, OR of the flags given; 0 = no filter */
	bool flag_filter;
	bool full_path;    /* -F */
	bool have_open, have_openat2; /* this kernel's syscalls besides openat (prepare) */
} env = { .pid = -1, .tid = -1, .uid = -1 };

const char *argp_program_version = "opensnoop (tracebox) 0.1";
static const char doc[] =
	"Trace open() syscalls.\n"
	"\n"
	"EXAMPLES:\n"
	"    opensnoop                        # trace all open() syscalls\n"
	"    opensnoop -T                     # include timestamps\n"
	"    opensnoop -U                     # include UID\n"
	"    opensnoop -x                     # only show failed opens\n"
	"    opensnoop -p 181                 # only trace PID 181\n"
	"    opensnoop -t 123                 # only trace TID 123\n"
	"    opensnoop -u 1000                # only trace UID 1000\n"
	"    opensnoop -d 10                  # trace for 10 seconds only\n"
	"    opensnoop -n main                # only print process names containing \"main\"\n"
	"    opensnoop -e                     # show extended fields\n"
	"    opensnoop -f O_WRONLY -f O_RDWR  # only print calls for writing\n"
	"    opensnoop -F                     # show full path for an open file with relative path\n"
	"    opensnoop --json                 # one JSON object per open\n"
	"    opensnoop --cgroupmap /sys/fs/bpf/cgroupset   # only the cgroups in this BPF map";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "print-uid", 'U', NULL, 0, "Print UID column", 0 },
	{ "failed", 'x', NULL, 0, "Only show failed opens", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "uid", 'u', "UID", 0, "Trace this UID only (a number or a user name)", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace in seconds", 0 },
	{ "name", 'n', "NAME", 0, "Only print process names containing this name", 0 },
	{ "extended_fields", 'e', NULL, 0, "Show extended fields", 0 },
	{ "flag_filter", 'f', "FLAG", 0, "Filter on flags argument (e.g., O_WRONLY); repeatable", 0 },
	{ "full-path", 'F', NULL, 0, "Show full path for an open file with relative path", 0 },
	{ "buffer-pages", 'b', "PAGES", 0, "Size of the perf buffer in pages per CPU (a power of "
					   "two, default 64; same as --perf-pages)", 0 },
	{ 0 },
};

/* The open flags -f accepts, as Python's os module names them for BCC. */
static const struct { const char *name; unsigned int value; } open_flags[] = {
	{ "O_RDONLY", O_RDONLY }, { "O_WRONLY", O_WRONLY }, { "O_RDWR", O_RDWR },
	{ "O_CREAT", O_CREAT }, { "O_EXCL", O_EXCL }, { "O_NOCTTY", O_NOCTTY },
	{ "O_TRUNC", O_TRUNC }, { "O_APPEND", O_APPEND }, { "O_NONBLOCK", O_NONBLOCK },
	{ "O_NDELAY", O_NDELAY }, { "O_DSYNC", O_DSYNC }, { "O_SYNC", O_SYNC },
	{ "O_RSYNC", O_RSYNC }, { "O_ASYNC", O_ASYNC }, { "O_DIRECT", O_DIRECT },
	{ "O_LARGEFILE", O_LARGEFILE }, { "O_DIRECTORY", O_DIRECTORY },
	{ "O_NOFOLLOW", O_NOFOLLOW }, { "O_NOATIME", O_NOATIME }, { "O_CLOEXEC", O_CLOEXEC },
	{ "O_PATH", O_PATH }, { "O_TMPFILE", O_TMPFILE },
};

static int parse_flag(const char *arg, unsigned int *mask)
{
	for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++) {
		if (!strcmp(arg, open_flags[i].name)) {
			*mask |= open_flags[i].value;
			return 0;
		}
	}
	tb_error("invalid flag '%s': expected an open flag such as O_WRONLY or O_CREAT", arg);
	return -1;
}

static int parse_pages(const char *arg)
{
	int pages;

	if (tb_parse_int(arg, 1, 1 << 20, "buffer pages", &pages))
		return -1;
	if (pages & (pages - 1)) {
		tb_error("invalid buffer pages '%s': expected a power of two", arg);
		return -1;
	}
	tb_common.perf_pages = pages;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.timestamp = true; break;
	case 'U': env.print_uid = true; break;
	case 'x': env.failed = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'u': err = tb_parse_user(arg, &env.uid); break;
	case 'd': err = tb_parse_seconds(arg, 365 * 86400.0, "duration", &env.duration_ms); break;
	case 'n': env.name = arg; break;
	case 'e': env.extended = true; break;
	case 'f':
		env.flag_filter = true;
		err = parse_flag(arg, &env.flag_mask);
		break;
	case 'F': env.full_path = true; break;
	case 'b': err = parse_pages(arg); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

/* BCC: "%-14s" TIME(s) and "%-6s" UID with no separator, then "%-6s %-16s %4s %3s ",
 * with -e "%-8s %-4s ", then PATH. Our columns add one space: widths one less there. */
enum { COL_TIME, COL_UID, COL_PID, COL_COMM, COL_FD, COL_ERR, COL_FLAGS, COL_MODE, COL_PATH,
       NCOLUMNS };
static struct tb_column columns[NCOLUMNS] = {
	[COL_TIME] = { "TIME(s)", "time_s", 13, TB_LEFT },
	[COL_UID] = { "UID", NULL, 5, TB_LEFT },
	[COL_PID] = { "PID", NULL, 6, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, 16, TB_LEFT },
	[COL_FD] = { "FD", NULL, 4, TB_RIGHT },
	[COL_ERR] = { "ERR", NULL, 3, TB_RIGHT },
	[COL_FLAGS] = { "FLAGS", NULL, 8, TB_LEFT },
	[COL_MODE] = { "MODE", NULL, 4, TB_LEFT },
	[COL_PATH] = { "PATH", NULL, 0, TB_LEFT },
};

static bool column_used(int i)
{
	switch (i) {
	case COL_TIME: return env.timestamp;
	case COL_UID: return env.print_uid;
	case COL_FLAGS: case COL_MODE: return env.extended;
	default: return true;
	}
}

static const struct tb_column *select_columns(int *n, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLUMNS];

	*n = tb_columns_pick(columns, NCOLUMNS, column_used, COL_PID, env.tid > 0, shown);
	return shown;
}

static struct tb_output out;

/* With -F, a relative path after its start directory's names (innermost first in the event),
 * mount roots ("/") and empty names dropped, as BCC joins them. */
static void format_path(char *buf, size_t len, const struct opensnoop_event *e,
			const char (*parts)[TB_OPENSNOOP_PART_LEN], unsigned int depth)
{
	size_t n = 0;

	buf[0] = 0;
	for (unsigned int i = depth; i-- > 0 && n + 1 < len;) {
		char part[TB_OPENSNOOP_PART_LEN + 1];

		snprintf(part, sizeof(part), "%.*s", TB_OPENSNOOP_PART_LEN, parts[i]);
		if (!part[0] || !strcmp(part, "/"))
			continue;
		n += snprintf(buf + n, len - n, "/%s", part);
	}
	if (n + 1 < len)
		snprintf(buf + n, len - n, "/%.*s", TB_OPENSNOOP_NAME_LEN, e->name);
}

static void print_event(const struct opensnoop_event *e, unsigned int size)
{
	static char path[TB_OPENSNOOP_MAX_DEPTH * (TB_OPENSNOOP_PART_LEN + 1) +
			 TB_OPENSNOOP_NAME_LEN + 2];
	static uint64_t first_ts;
	char comm[TB_OPENSNOOP_COMM_LEN + 1], octal[16];
	bool has_mode;
	unsigned int depth = e->depth;

	if (depth > (size - sizeof(*e)) / TB_OPENSNOOP_PART_LEN)
		depth = (size - sizeof(*e)) / TB_OPENSNOOP_PART_LEN;
	snprintf(comm, sizeof(comm), "%.*s", TB_OPENSNOOP_COMM_LEN, e->comm);
	if (env.name && !strstr(comm, env.name))
		return;
	if (env.failed && e->ret >= 0)
		return;
	if (env.full_path && e->name[0] != '/' && depth)
		format_path(path, sizeof(path), e, (const void *)(e + 1), depth);
	else
		snprintf(path, sizeof(path), "%.*s", TB_OPENSNOOP_NAME_LEN, e->name);

	tb_output_begin(&out, e->ts);
	if (env.timestamp)
		tb_output_double(&out, tb_seconds_since_first(&first_ts, e->ts), 9);
	if (env.print_uid)
		tb_output_uint(&out, e->uid);
	tb_output_uint(&out, env.tid > 0 ? e->tid : e->pid);
	tb_output_str(&out, comm);
	tb_output_int(&out, e->ret >= 0 ? e->ret : -1);
	tb_output_int(&out, e->ret >= 0 ? 0 : -e->ret);
	if (env.extended) {
		/* open(2): the mode means nothing without O_CREAT or O_TMPFILE */
		has_mode = e->mode || (e->flags & O_CREAT) || (e->flags & O_TMPFILE) == O_TMPFILE;
		if (tb_common.json) {
			tb_output_uint(&out, (unsigned int)e->flags);
			if (has_mode)
				tb_output_uint(&out, e->mode);
			else
				tb_output_str(&out, NULL);
		} else {
			snprintf(octal, sizeof(octal), "%08o", (unsigned int)e->flags);
			tb_output_str(&out, octal);
			snprintf(octal, sizeof(octal), "%04o", e->mode & 07777);
			tb_output_str(&out, has_mode ? octal : "n/a");
		}
	}
	tb_output_str(&out, path);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data, size);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (tb_cflags_pid_tid(cf, env.pid, env.tid))
		return -1;
	if (env.uid >= 0 && tb_cflags_add(cf, "-DTARG_UID=%ld", env.uid))
		return -1;
	if (env.flag_filter && tb_cflags_add(cf, "-DFLAGS_MASK=%u", env.flag_mask))
		return -1;
	if (env.failed && tb_cflags_add(cf, "-DFAILED_ONLY=1"))
		return -1;
	if (env.full_path && tb_cflags_add(cf, "-DFULLPATH=1"))
		return -1;
	if (env.have_open && tb_cflags_add(cf, "-DHAVE_OPEN=1"))
		return -1;
	if (env.have_openat2 && tb_cflags_add(cf, "-DHAVE_OPENAT2=1"))
		return -1;
	return 0;
}

/* Whether this kernel has both tracepoints of a syscall. */
static bool syscall_traceable(const char *name)
{
	char enter[64], exit[64];

	snprintf(enter, sizeof(enter), "syscalls:sys_enter_%s", name);
	snprintf(exit, sizeof(exit), "syscalls:sys_exit_%s", name);
	return tb_tracepoint_exists(enter) && tb_tracepoint_exists(exit);
}

/* openat() is every kernel's; open() and openat2() are compiled in where this kernel has them.
 * Without privileges tracefs cannot be read: the compile then says what is missing. */
static int prepare(struct tb_cflags *cf)
{
	bool privileged = tb_have_bpf_privileges();

	if (privileged && !tb_tracepoint_exists("syscalls:sys_enter_openat")) {
		tb_error("failed to find tracepoint 'syscalls:sys_enter_openat': this kernel has no "
			 "syscall tracepoints (CONFIG_FTRACE_SYSCALLS)");
		return -1;
	}
	env.have_open = privileged && syscall_traceable("open");
	env.have_openat2 = privileged && syscall_traceable("openat2");
	return build_cflags(cf);
}

/* open() and openat2() optional: where this kernel lacks them prepare left them out of the
 * program, and here they are skipped (-v says so) */
static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_open", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_exit_open", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_enter_openat" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_openat" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_openat2", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_exit_openat2", .flags = TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(opensnoop),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct opensnoop_event),
	.out = &out,
	.columns = select_columns,
	.duration_ms = &env.duration_ms,
};
TB_TOOL_MAIN(opensnoop, tool)
