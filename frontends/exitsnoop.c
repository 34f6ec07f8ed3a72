/* exitsnoop: trace process termination (exit and fatal signals), as BCC's exitsnoop does. */
#include <argp.h>
#include <linux/types.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "tracebox.h"
#include "exitsnoop.h"

_Static_assert(sizeof(struct exitsnoop_event) == 32 + TB_EXITSNOOP_COMM_LEN,
	       "struct exitsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(exitsnoop);

static struct env {
	bool timestamp;      /* -t */
	bool utc;            /* --utc (implies -t) */
	long pid;            /* -p, -1 = all */
	const char *label;   /* --label, NULL = no LABEL column */
	bool failed;         /* -x */
	bool per_thread;     /* --per-thread */
} env = { .pid = -1 };

const char *argp_program_version = "exitsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace all process termination (exit, fatal signal).\n"
	"\n"
	"EXAMPLES:\n"
	"    exitsnoop                # trace all process termination\n"
	"    exitsnoop -x             # trace only fails, exclude exit(0)\n"
	"    exitsnoop -t             # include timestamps (local time)\n"
	"    exitsnoop --utc          # include timestamps (UTC)\n"
	"    exitsnoop -p 181         # only trace PID 181\n"
	"    exitsnoop --label=exit   # label each output line with 'exit'\n"
	"    exitsnoop --per-thread   # trace per thread termination\n"
	"    exitsnoop --json         # one JSON object per exit";

enum { OPT_UTC = 0x100, OPT_LABEL, OPT_PER_THREAD };

static const struct argp_option options[] = {
	{ "timestamp", 't', NULL, 0, "Include timestamp (local time default)", 0 },
	{ "utc", OPT_UTC, NULL, 0, "Include timestamp in UTC (-t implied)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "label", OPT_LABEL, "LABEL", 0, "Label each line (an empty LABEL means 'exit')", 0 },
	{ "failed", 'x', NULL, 0, "Trace only fails, exclude exit(0)", 0 },
	{ "per-thread", OPT_PER_THREAD, NULL, 0, "Trace per thread termination", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 't': env.timestamp = true; break;
	case OPT_UTC: env.utc = env.timestamp = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case OPT_LABEL: env.label = *arg ? arg : "exit"; break;
	case 'x': env.failed = true; break;
	case OPT_PER_THREAD: env.per_thread = true; break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-13s" TIME-<zone>, "%-6s" LABEL (no separators), then
 * "%-16s %-7s %-7s %-7s %-7s %-10s"; our columns add one space, hence the widths one less. */
static char time_title[32] = "TIME";
static struct tb_column columns[] = {
	{ time_title, "time", 12, TB_LEFT },
	{ "LABEL", NULL, 5, TB_LEFT },
	{ "PCOMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "PPID", NULL, 7, TB_LEFT },
	{ "TID", NULL, 7, TB_LEFT },
	{ "AGE(s)", NULL, 7, TB_LEFT },
	{ "EXIT_CODE", NULL, 0, TB_LEFT },
};
#define NCOLUMNS ((int)(sizeof(columns) / sizeof(columns[0])))

static struct tb_output out;

/* The TIME column's title, "TIME-UTC" or "TIME-<local zone>" as BCC names it. */
static void set_time_title(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char zone[16] = "";

	if (!env.utc && localtime_r(&now, &tm))
		strftime(zone, sizeof(zone), "%Z", &tm);
	snprintf(time_title, sizeof(time_title), "TIME-%s", env.utc ? "UTC" : zone);
}

/* The columns in use: TIME (titled now, in the zone of this moment) and LABEL only when
 * asked for, the rest always. */
static const struct tb_column *select_columns(int *ncols, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLUMNS];
	int n = 0;

	set_time_title();
	for (int i = 0; i < NCOLUMNS; i++) {
		if ((i == 0 && !env.timestamp) || (i == 1 && !env.label))
			continue;
		shown[n++] = columns[i];
	}
	*ncols = n;
	return shown;
}

/* HH:MM:SS.mmm of the exit. BCC takes the time at printing; we convert the event's monotonic
 * time, so batched perf-buffer wake-ups do not shift it. */
static void format_time(char *buf, size_t len, uint64_t event_ns)
{
	uint64_t now_ns = tb_monotonic_ns(), ago = now_ns > event_ns ? now_ns - event_ns : 0;
	struct timeval tv;
	struct tm tm;
	char hms[16];
	int64_t us;

	gettimeofday(&tv, NULL);
	us = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec - (int64_t)(ago / 1000);
	tv.tv_sec = us / 1000000;
	tv.tv_usec = us % 1000000;
	if (!(env.utc ? gmtime_r(&tv.tv_sec, &tm) : localtime_r(&tv.tv_sec, &tm))) {
		snprintf(buf, len, "??:??:??.???");
		return;
	}
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	snprintf(buf, len, "%.8s.%03d", hms, (int)(tv.tv_usec / 1000) % 1000);
}

static void print_event(const struct exitsnoop_event *e)
{
	char comm[TB_EXITSNOOP_COMM_LEN + 1], when[32], status[64];
	/* start_time can be a little after a bpf_ktime_get_ns() taken on another CPU */
	double age = e->exit_time > e->start_time ? (e->exit_time - e->start_time) / 1e9 : 0;

	snprintf(comm, sizeof(comm), "%.*s", TB_EXITSNOOP_COMM_LEN, e->comm);
	tb_format_exit_status(status, sizeof(status), e->exit_status);
	tb_output_begin(&out, 0);
	if (env.timestamp) {
		format_time(when, sizeof(when), e->exit_time);
		tb_output_str(&out, when);
	}
	if (env.label)
		tb_output_str(&out, env.label);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->pid);
	tb_output_uint(&out, e->ppid);
	tb_output_uint(&out, e->tid);
	tb_output_double(&out, age, 2);
	tb_output_str(&out, status);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.per_thread && tb_cflags_add(cf, "-DPER_THREAD=1"))
		return -1;
	if (env.failed && tb_cflags_add(cf, "-DFAILED_ONLY=1"))
		return -1;
	return 0;
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "sched:sched_process_exit" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(exitsnoop),
	.argp = &argp,
	.prepare = build_cflags,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct exitsnoop_event),
	.out = &out,
	.columns = select_columns,
};
TB_TOOL_MAIN(exitsnoop, tool)
