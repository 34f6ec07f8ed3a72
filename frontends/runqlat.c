/* runqlat: summarize run queue (scheduler) latency as a histogram, as BCC's runqlat does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>

#include "tracebox.h"
#include "runqlat.h"

_Static_assert(sizeof(struct runqlat_key) == 16, "struct runqlat_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(runqlat);

static struct env {
	bool milliseconds; /* -m */
	int section;       /* -P, -L, --pidnss: TB_RUNQLAT_* */
	long pid;          /* -p, -1 = all */
	bool raw;          /* raw tracepoints (4.17+), else tracepoints: -p, -P, --pidnss need them */
} env = { .pid = -1 };

static int print_dist(void *ctx, FILE *fp, time_t now);
static int metrics(void *ctx, FILE *fp);
/* one summary at Ctrl-C, or every interval, count times; or --prometheus */
static struct tb_interval_opts interval = { .print = print_dist, .metrics = metrics };

const char *argp_program_version = "runqlat (tracebox) 0.1";
static const char doc[] =
	"Summarize run queue (scheduler) latency as a histogram.\n"
	"\n"
	"USAGE: runqlat [-h] [-T] [-m] [-P] [-L] [--pidnss] [-p PID] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    runqlat            # summarize run queue latency as a histogram\n"
	"    runqlat 1 10       # print 1 second summaries, 10 times\n"
	"    runqlat -mT 1      # 1s summaries, milliseconds, and timestamps\n"
	"    runqlat -P         # show each PID separately\n"
	"    runqlat -L         # show each thread ID separately\n"
	"    runqlat --pidnss   # show each PID namespace separately\n"
	"    runqlat -p 185     # trace PID 185 only\n"
	"    runqlat --json 1   # one JSON object per second\n"
	"    runqlat -P --prometheus :9101  # serve per-process histograms to Prometheus";

enum { OPT_PIDNSS = 0x100 };
#define SECTIONS "-P, -L and --pidnss"

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "pids", 'P', NULL, 0, "Print a histogram per process ID", 0 },
	{ "tids", 'L', NULL, 0, "Print a histogram per thread ID", 0 },
	{ "pidnss", OPT_PIDNSS, NULL, 0, "Print a histogram per PID namespace", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': interval.timestamp = true; break;
	case 'm': env.milliseconds = true; break;
	case 'P': err = tb_hist_parse_section(&env.section, TB_RUNQLAT_PID, SECTIONS); break;
	case 'L': err = tb_hist_parse_section(&env.section, TB_RUNQLAT_TID, SECTIONS); break;
	case OPT_PIDNSS:
		err = tb_hist_parse_section(&env.section, TB_RUNQLAT_PIDNS, SECTIONS);
		break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &interval.interval_ms, &interval.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc, tb_prometheus_children, NULL,
				  NULL };

static struct tb_hist_print_opts print_opts(void)
{
	static const char *const headers[] = { NULL, "pid", "tid", "pidns" };
	/* a PID namespace is printed as its number */
	static const tb_hist_label_fn labels[4] = { NULL, tb_hist_pid_label, tb_hist_tid_label };

	return (struct tb_hist_print_opts){ .unit = env.milliseconds ? "msecs" : "usecs",
		.section_header = headers[env.section], .label = labels[env.section] };
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	struct tb_hist_print_opts opts = print_opts();

	return tb_hist_dump(ctx, "dist", &opts, tb_common.json, fp, now);
}

static int metrics(void *ctx, FILE *fp)
{
	struct tb_hist_print_opts opts = print_opts();

	return tb_prom_hist(fp, ctx, "dist", "tracebox_runqlat_seconds",
			    "Run queue (scheduler) latency: time from wake-up to running", &opts);
}

static int build_cflags(struct tb_cflags *cf, bool raw)
{
	if (tb_runq_cflags(cf, raw) ||
	    tb_cflags_add(cf, "-DTB_SECTION=%d", env.section) ||
	    (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.milliseconds && tb_cflags_add(cf, "-DMILLISECONDS=1")))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	env.raw = tb_runq_choose_raw();
	if (tb_runq_by_process(env.raw, env.pid > 0 || env.section == TB_RUNQLAT_PID ||
			       env.section == TB_RUNQLAT_PIDNS, "-p, -P and --pidnss need", "-L"))
		return -1;
	return build_cflags(cf, env.raw);
}

/* raw tracepoints where the kernel has them (4.17+), else the tracepoints */
static int attach(struct tb_prog *prog)
{
	return tb_runq_attach(prog, env.raw);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(runqlat),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.banner = "run queue latency",
	.interval = &interval,
};
TB_TOOL_MAIN(runqlat, tool)
