/* runqslower: trace tasks whose run queue latency exceeds a threshold, as BCC's runqslower. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <time.h>

#include "tracebox.h"
#include "runqslower.h"

_Static_assert(sizeof(struct runqslower_event) == 16 + 2 * TB_RUNQSLOWER_COMM_LEN,
	       "struct runqslower_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(runqslower);

#define TB_RUNQSLOWER_MAX_US 3600000000L /* an hour: a larger threshold would print nothing */

static struct env {
	long min_us;   /* [min_us]: print waits longer than this; 0 = every wait */
	long pid;      /* -p, -1 = all */
	long tid;      /* -t, -1 = all */
	bool previous; /* -P */
	bool raw;      /* raw tracepoints (4.17+), else tracepoints: -p needs them */
} env = { .min_us = TB_RUNQSLOWER_DEFAULT_US, .pid = -1, .tid = -1 };

const char *argp_program_version = "runqslower (tracebox) 0.1";
static const char args_doc[] = "[min_us]";
static const char doc[] =
	"Trace high run queue latency.\n"
	"\n"
	"min_us: minimum run queue latency to trace, in us (default 10000; 0 traces every wait).\n"
	"\n"
	"EXAMPLES:\n"
	"    runqslower         # trace run queue latency higher than 10000 us (default)\n"
	"    runqslower 1000    # trace run queue latency higher than 1000 us\n"
	"    runqslower -p 123  # trace pid 123\n"
	"    runqslower -t 123  # trace tid 123 (use for threads only)\n"
	"    runqslower -P      # also show previous task comm and TID\n"
	"    runqslower --json  # one JSON object per slow wait";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "previous", 'P', NULL, 0, "Also show previous task name and TID", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'P': env.previous = true; break;
	case ARGP_KEY_ARG:
		if (state->arg_num > 0) {
			tb_error("unexpected argument '%s'", arg);
			err = -1;
		} else {
			err = tb_parse_long(arg, 0, TB_RUNQSLOWER_MAX_US, "min_us", &env.min_us);
		}
		break;
	case ARGP_KEY_END:
		/* BCC's argparse group: one or the other */
		if (env.pid > 0 && env.tid > 0) {
			tb_error("invalid options: -p and -t cannot be used together");
			err = -1;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, args_doc, doc, tb_common_children, NULL, NULL };

/* BCC: "%-8s %-16s %-6s %14s", with -P " %-16s %-6s" after; TIME is the output's */
static const struct tb_column all_columns[] = {
	{ "COMM", NULL, 16, TB_LEFT },
	{ "TID", NULL, 6, TB_LEFT },
	{ "LAT(us)", "lat_us", 14, TB_RIGHT },
	{ "PREV COMM", NULL, 16, TB_LEFT },
	{ "PREV TID", NULL, 6, TB_LEFT },
};

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*n = env.previous ? 5 : 3;
	*time = TB_TIME_CLOCK; /* BCC's first column is always the wall-clock TIME */
	return all_columns;
}

/* BCC's line before the header (text only) */
static void print_threshold(void)
{
	if (!tb_common.json)
		printf("Tracing run queue latency higher than %ld us\n", env.min_us);
}

static struct tb_output out;

/* One slow wait; wall is the time printed (HH:MM:SS), as BCC prints it when the event arrives. */
static void print_event(const struct runqslower_event *e, time_t wall)
{
	char comm[TB_RUNQSLOWER_COMM_LEN + 1];

	tb_output_begin_at(&out, 0, wall);
	snprintf(comm, sizeof(comm), "%.*s", TB_RUNQSLOWER_COMM_LEN, e->task);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->pid);
	tb_output_uint(&out, e->delta_us);
	if (env.previous) {
		snprintf(comm, sizeof(comm), "%.*s", TB_RUNQSLOWER_COMM_LEN, e->prev_task);
		tb_output_str(&out, comm);
		tb_output_uint(&out, e->prev_pid);
	}
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data, time(NULL));
}

static int build_cflags(struct tb_cflags *cf, bool raw)
{
	if (tb_runq_cflags(cf, raw) || tb_cflags_add(cf, "-DMIN_US=%ld", env.min_us) ||
	    (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.tid > 0 && tb_cflags_add(cf, "-DTARG_TID=%ld", env.tid)))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	env.raw = tb_runq_choose_raw();
	if (tb_runq_by_process(env.raw, env.pid > 0, "-p needs", "-t"))
		return -1;
	return build_cflags(cf, env.raw);
}

/* raw tracepoints where the kernel has them (4.17+), else the tracepoints */
static int attach(struct tb_prog *prog)
{
	return tb_runq_attach(prog, env.raw);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(runqslower),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct runqslower_event),
	.out = &out,
	.columns = columns,
	.before_header = print_threshold,
};
TB_TOOL_MAIN(runqslower, tool)
