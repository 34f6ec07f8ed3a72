/* offcputime: summarize off-CPU time by stack trace, as BCC's offcputime does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "offcputime.h"

_Static_assert(sizeof(struct offcputime_key) == 32 &&
	       TB_OFFCPUTIME_COMM_LEN == sizeof(((struct tb_stack_sample *)0)->comm),
	       "struct offcputime_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(offcputime);

static struct env {
	long pid;            /* -p, -1 = all */
	long tid;            /* -t, -1 = all */
	bool user_threads;   /* -u */
	bool kernel_threads; /* -k */
	bool user_only;      /* -U: user stacks only */
	bool kernel_only;    /* -K: kernel stacks only */
	bool delimiter;      /* -d */
	bool folded;         /* -f */
	const char *svg;     /* --svg FILE: an off-CPU flame graph too */
	long stack_storage;  /* --stack-storage-size */
	long min_us, max_us; /* -m, -M; max_us 0 = no limit */
	long state;          /* --state, -1 = any */
	long duration_ms;    /* positional, 0 = until Ctrl-C */
	bool raw;            /* raw tracepoint (4.17+), else the tracepoint */
} env = { .pid = -1, .tid = -1, .stack_storage = 16384, .min_us = 1, .state = -1 };

const char *argp_program_version = "offcputime (tracebox) 0.1";
static const char doc[] =
	"Summarize off-CPU time by stack trace.\n"
	"\n"
	"USAGE: offcputime [-h] [-p PID | -t TID | -u | -k] [-U | -K] [-d] [-f]\n"
	"                  [--stack-storage-size SIZE] [-m MIN_BLOCK_TIME] [-M MAX_BLOCK_TIME]\n"
	"                  [--state STATE] [duration]\n"
	"\n"
	"Unknown frames are counted by cause in a summary line on stderr at the end.\n"
	"\n"
	"EXAMPLES:\n"
	"    offcputime             # trace off-CPU stack time until Ctrl-C\n"
	"    offcputime 5           # trace for 5 seconds only\n"
	"    offcputime -f 5        # 5 seconds, and output in folded format\n"
	"    offcputime -m 1000     # trace only events that last more than 1000 usec\n"
	"    offcputime -M 10000    # trace only events that last less than 10000 usec\n"
	"    offcputime -p 185      # only trace threads for PID 185\n"
	"    offcputime -t 188      # only trace thread 188\n"
	"    offcputime -u          # only trace user threads (no kernel)\n"
	"    offcputime -k          # only trace kernel threads (no user)\n"
	"    offcputime -U          # only show user space stacks (no kernel)\n"
	"    offcputime -K          # only show kernel space stacks (no user)\n"
	"    offcputime --state 2   # only uninterruptible sleeps (TASK_UNINTERRUPTIBLE)\n"
	"    offcputime --json 5    # one JSON object with every stack\n"
	"    offcputime --svg offcpu.svg 10  # and an off-CPU flame graph, no Perl needed";

enum { OPT_STACK_STORAGE = 0x100, OPT_STATE, OPT_SVG };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "user-threads-only", 'u', NULL, 0, "User threads only (no kernel threads)", 0 },
	{ "kernel-threads-only", 'k', NULL, 0, "Kernel threads only (no user threads)", 0 },
	{ "user-stacks-only", 'U', NULL, 0, "Show stacks from user space only (no kernel space stacks)", 0 },
	{ "kernel-stacks-only", 'K', NULL, 0, "Show stacks from kernel space only (no user space stacks)", 0 },
	{ "delimited", 'd', NULL, 0, "Insert delimiter between kernel/user stacks", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format", 0 },
	{ "stack-storage-size", OPT_STACK_STORAGE, "SIZE", 0,
	  "The number of unique stack traces that can be stored and displayed (default 16384)", 0 },
	{ "min-block-time", 'm', "MIN_BLOCK_TIME", 0,
	  "The amount of time in microseconds over which we store traces (default 1)", 0 },
	{ "max-block-time", 'M', "MAX_BLOCK_TIME", 0,
	  "The amount of time in microseconds under which we store traces (default U64_MAX)", 0 },
	{ "state", OPT_STATE, "STATE", 0,
	  "Filter on this thread state bitmask (eg, 2 == TASK_UNINTERRUPTIBLE) see include/linux/sched.h", 0 },
	{ "svg", OPT_SVG, "FILE", 0, "Also write the stacks as an interactive flame graph (SVG) "
				     "to FILE, widths in microseconds", 0 },
	{ 0 },
};

/* BCC's two groups of options that exclude each other */
static int check_exclusive(void)
{
	int threads = (env.pid > 0) + (env.tid > 0) + env.user_threads + env.kernel_threads;

	if (threads > 1) {
		tb_error("invalid options: -p, -t, -u and -k cannot be used together");
		return -1;
	}
	if (env.user_only && env.kernel_only) {
		tb_error("invalid options: -U and -K cannot be used together");
		return -1;
	}
	if (env.kernel_threads && env.user_only) {
		tb_error("invalid options: -k and -U: kernel threads have no user stacks");
		return -1;
	}
	return tb_block_time_check(env.min_us, env.max_us);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'u': env.user_threads = true; break;
	case 'k': env.kernel_threads = true; break;
	case 'U': env.user_only = true; break;
	case 'K': env.kernel_only = true; break;
	case 'd': env.delimiter = true; break;
	case 'f': env.folded = true; break;
	case OPT_STACK_STORAGE:
		err = tb_parse_long(arg, 1, 1 << 22, "stack storage size", &env.stack_storage);
		break;
	case 'm': err = tb_parse_long(arg, 1, 1L << 40, "min block time", &env.min_us); break;
	case 'M': err = tb_parse_long(arg, 1, 1L << 40, "max block time", &env.max_us); break;
	case OPT_STATE: err = tb_parse_long(arg, 0, 0xffff, "state", &env.state); break;
	case OPT_SVG: env.svg = arg; break;
	case ARGP_KEY_ARG:
		err = tb_parse_duration_arg(arg, state->arg_num, &env.duration_ms);
		break;
	case ARGP_KEY_END: err = check_exclusive(); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[duration]", doc, tb_common_children, NULL, NULL };

static int build_cflags(struct tb_cflags *cf, bool raw)
{
	if (tb_runq_cflags(cf, raw) ||
	    tb_block_time_cflags(cf, env.stack_storage, env.min_us, env.max_us) ||
	    (env.pid > 0 && tb_cflags_add(cf, "-DTARG_TGID=%ld", env.pid)) ||
	    (env.tid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.tid)) ||
	    (env.user_threads && tb_cflags_add(cf, "-DUSER_THREADS_ONLY=1")) ||
	    (env.kernel_threads && tb_cflags_add(cf, "-DKERNEL_THREADS_ONLY=1")) ||
	    (!env.kernel_only && tb_cflags_add(cf, "-DUSER_STACKS=1")) ||
	    (!env.user_only && tb_cflags_add(cf, "-DKERNEL_STACKS=1")) ||
	    (env.state >= 0 && tb_cflags_add(cf, "-DTARG_STATE=%ld", env.state)))
		return -1;
	return 0;
}

/* Both kinds of sched_switch have what this tool needs: the current task is prev there. */
static int prepare(struct tb_cflags *cf)
{
	if (env.svg && tb_flame_check_path(env.svg))
		return -1;
	env.raw = tb_switch_choose_raw();
	return build_cflags(cf, env.raw);
}

static int attach(struct tb_prog *prog)
{
	/* a -p process may exit before the end: its symbols, as mapped now, are kept for then */
	if (env.pid > 0 && tb_stacks_snapshot(prog, (pid_t)env.pid))
		tb_warn("process %ld is gone: its frames will be [unknown]", env.pid);
	return tb_switch_attach(prog, env.raw);
}

/* BCC's line before the stacks (folded output and JSON have none) */
static void print_header(void)
{
	char threads[48] = "all threads";

	if (env.folded || tb_common.json)
		return;
	if (env.pid > 0)
		snprintf(threads, sizeof(threads), "PID %ld", env.pid);
	else if (env.tid > 0)
		snprintf(threads, sizeof(threads), "TID %ld", env.tid);
	else if (env.user_threads || env.kernel_threads)
		snprintf(threads, sizeof(threads), "%s threads", env.user_threads ? "user" : "kernel");
	printf("Tracing off-CPU time (us) of %s by %s stack", threads,
	       env.user_only ? "user" : env.kernel_only ? "kernel" : "user + kernel");
	if (env.duration_ms)
		printf(" for %ld secs.\n", (env.duration_ms + 999) / 1000);
	else
		printf("... Hit Ctrl-C to end.\n");
	fflush(stdout);
}

/* A count key as a report sample: the thread printed, its process symbolized. */
static void key_sample(const void *key, struct tb_stack_sample *s)
{
	struct offcputime_key k;

	memcpy(&k, key, sizeof(k));
	s->pid = k.pid;
	s->tgid = k.tgid;
	s->user_stack_id = k.user_stack_id;
	s->kernel_stack_id = k.kernel_stack_id;
	memcpy(s->comm, k.comm, sizeof(s->comm));
}

/* Traces for the duration (or until Ctrl-C), then the stacks. */
static int run(struct tb_prog *prog)
{
	struct tb_stack_report_opts o = { .user_only = env.user_only, .kernel_only = env.kernel_only,
		.delimiter = env.delimiter, .folded = env.folded, .json = tb_common.json,
		.skip_tracer_frames = true, .svg = env.svg, .svg_title = "offcputime: time off the CPU",
		.svg_countname = "us" };

	return tb_stack_report_run(prog, env.duration_ms, sizeof(struct offcputime_key),
				   key_sample, &o);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(offcputime),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.before_header = print_header,
	.run = run,
};
TB_TOOL_MAIN(offcputime, tool)
