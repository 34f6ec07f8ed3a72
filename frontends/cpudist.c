/* cpudist: summarize on- and off-CPU time per task as a histogram, as BCC's cpudist does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>

#include "tracebox.h"
#include "cpudist.h"

_Static_assert(sizeof(struct cpudist_key) == 16 &&
	       sizeof(struct cpudist_ext) == 16 /* tb_hist_ext_dump reads two u64 */,
	       "cpudist's tables must match the BPF side");

TB_BPF_SOURCE_DECLARE(cpudist);

static struct env {
	bool offcpu;       /* -O */
	bool milliseconds; /* -m */
	bool idle;         /* -I: the idle tasks (pid 0) too */
	bool extension;    /* -e */
	int section;       /* -P, -L: TB_CPUDIST_* */
	long pid;          /* -p, -1 = all */
	bool raw;          /* raw tracepoint (4.17+), else the tracepoint: -p and -P need it */
} env = { .pid = -1 };

/* "Tracing on-CPU time... Hit Ctrl-C to end." or off-CPU with -O */
static char banner[16] = "on-CPU time";

static int print_dist(void *ctx, FILE *fp, time_t now);
/* one summary at Ctrl-C, or every interval, count times */
static struct tb_interval_opts interval = { .print = print_dist };

const char *argp_program_version = "cpudist (tracebox) 0.1";
static const char doc[] =
	"Summarize on- and off-CPU time per task as a histogram.\n"
	"\n"
	"USAGE: cpudist [-h] [-O] [-T] [-m] [-P] [-L] [-p PID] [-I] [-e] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    cpudist              # summarize on-CPU time as a histogram\n"
	"    cpudist -O           # summarize off-CPU time as a histogram\n"
	"    cpudist 1 10         # print 1 second summaries, 10 times\n"
	"    cpudist -mT 1        # 1s summaries, milliseconds, and timestamps\n"
	"    cpudist -P           # show each PID separately\n"
	"    cpudist -p 185       # trace PID 185 only\n"
	"    cpudist -I           # include CPU idle time\n"
	"    cpudist -e           # show extension summary (average/total/count)\n"
	"    cpudist --json 1     # one JSON object per second";

#define SECTIONS "-P and -L"

static const struct argp_option options[] = {
	{ "offcpu", 'O', NULL, 0, "Measure off-CPU time", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "pids", 'P', NULL, 0, "Print a histogram per process ID", 0 },
	{ "tids", 'L', NULL, 0, "Print a histogram per thread ID", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "include-idle", 'I', NULL, 0, "Include CPU idle time", 0 },
	{ "extension", 'e', NULL, 0, "Show extension summary (average/total/count)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'O':
		env.offcpu = true;
		snprintf(banner, sizeof(banner), "off-CPU time");
		break;
	case 'T': interval.timestamp = true; break;
	case 'm': env.milliseconds = true; break;
	case 'P': err = tb_hist_parse_section(&env.section, TB_CPUDIST_PID, SECTIONS); break;
	case 'L': err = tb_hist_parse_section(&env.section, TB_CPUDIST_TID, SECTIONS); break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'I': env.idle = true; break;
	case 'e': env.extension = true; break;
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

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc, tb_common_children, NULL, NULL };

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	static const char *const headers[] = { NULL, "pid", "tid" };
	static const tb_hist_label_fn labels[] = { NULL, tb_hist_pid_label, tb_hist_tid_label };
	struct tb_hist_print_opts opts = { .unit = env.milliseconds ? "msecs" : "usecs",
		.section_header = headers[env.section], .label = labels[env.section] };
	int err = tb_hist_dump(ctx, "dist", &opts, tb_common.json, fp, now);

	if (err || !env.extension)
		return err;
	return tb_hist_ext_dump(ctx, "extension", opts.unit, tb_common.json, fp);
}

static int build_cflags(struct tb_cflags *cf, bool raw)
{
	if (tb_runq_cflags(cf, raw) ||
	    tb_cflags_add(cf, "-DTB_SECTION=%d", env.section) ||
	    (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.offcpu && tb_cflags_add(cf, "-DOFFCPU=1")) ||
	    (env.idle && tb_cflags_add(cf, "-DINCLUDE_IDLE=1")) ||
	    (env.milliseconds && tb_cflags_add(cf, "-DMILLISECONDS=1")) ||
	    (env.extension && tb_cflags_add(cf, "-DTB_EXTENSION=1")))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	env.raw = tb_switch_choose_raw();
	if (tb_runq_by_process(env.raw, env.pid > 0 || env.section == TB_CPUDIST_PID,
			       "-p and -P need", "-L"))
		return -1;
	return build_cflags(cf, env.raw);
}

/* the raw tracepoint where the kernel has it (4.17+), else the tracepoint */
static int attach(struct tb_prog *prog)
{
	return tb_switch_attach(prog, env.raw);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(cpudist),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.banner = banner,
	.interval = &interval,
};
TB_TOOL_MAIN(cpudist, tool)
