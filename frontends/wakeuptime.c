/* wakeuptime: summarize blocked time by the waker's kernel stack, as BCC's wakeuptime does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "wakeuptime.h"

_Static_assert(sizeof(struct wakeuptime_key) == 8 + 2 * TB_WAKEUPTIME_COMM_LEN &&
	       TB_WAKEUPTIME_COMM_LEN == sizeof(((struct tb_stack_sample *)0)->target),
	       "struct wakeuptime_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(wakeuptime);

static struct env {
	long pid;            /* -p, -1 = all */
	bool user_threads;   /* -u */
	bool folded;         /* -f */
	long stack_storage;  /* --stack-storage-size */
	long min_us, max_us; /* -m, -M; max_us 0 = no limit */
	long duration_ms;    /* positional, 0 = until Ctrl-C */
	bool raw;            /* raw tracepoints (4.17+), else the tracepoints */
} env = { .pid = -1, .stack_storage = TB_WAKEUPTIME_STACKS, .min_us = 1 };

const char *argp_program_version = "wakeuptime (tracebox) 0.1";
static const char doc[] =
	"Summarize sleep to wakeup time by waker kernel stack.\n"
	"\n"
	"Kernel frames are always printed with their addresses (BCC's -v); -v and --verbose say "
	"which headers, attach path and timings were used.\n"
	"\n"
	"EXAMPLES:\n"
	"    wakeuptime             # trace blocked time with waker stacks\n"
	"    wakeuptime 5           # trace for 5 seconds only\n"
	"    wakeuptime -f 5        # 5 seconds, and output in folded format\n"
	"    wakeuptime -u          # don't include kernel threads (user only)\n"
	"    wakeuptime -p 185      # trace for PID 185 only\n"
	"    wakeuptime -m 1000     # only blocks longer than 1000 us\n"
	"    wakeuptime --json 5    # one JSON object with every waker stack";

enum { OPT_STACK_STORAGE = 0x100 };

static const struct argp_option options[] = {
	{ "useronly", 'u', NULL, 0, "User threads only (no kernel threads)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format", 0 },
	{ "stack-storage-size", OPT_STACK_STORAGE, "SIZE", 0,
	  "The number of unique stack traces that can be stored and displayed (default 1024)", 0 },
	{ "min-block-time", 'm', "MIN_BLOCK_TIME", 0,
	  "The amount of time in microseconds over which we store traces (default 1)", 0 },
	{ "max-block-time", 'M', "MAX_BLOCK_TIME", 0,
	  "The amount of time in microseconds under which we store traces (default U64_MAX)", 0 },
	{ 0 },
};

static int check_options(void)
{
	if (env.pid > 0 && env.user_threads) {
		tb_error("invalid options: use either -p or -u");
		return -1;
	}
	return tb_block_time_check(env.min_us, env.max_us);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'u': env.user_threads = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'f': env.folded = true; break;
	case OPT_STACK_STORAGE:
		err = tb_parse_long(arg, 1, 1 << 22, "stack storage size", &env.stack_storage);
		break;
	case 'm': err = tb_parse_long(arg, 1, 1L << 40, "min block time", &env.min_us); break;
	case 'M': err = tb_parse_long(arg, 1, 1L << 40, "max block time", &env.max_us); break;
	case ARGP_KEY_ARG:
		err = tb_parse_duration_arg(arg, state->arg_num, &env.duration_ms);
		break;
	case ARGP_KEY_END: err = check_options(); break;
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
	    (env.user_threads && tb_cflags_add(cf, "-DUSER_THREADS_ONLY=1")))
		return -1;
	return 0;
}

/* Both kinds of probes have what this tool needs: the filters apply at the switch, where the
 * task blocking is the current one. */
static int prepare(struct tb_cflags *cf)
{
	env.raw = tb_waking_choose_raw();
	return build_cflags(cf, env.raw);
}

static int attach(struct tb_prog *prog)
{
	return tb_waking_attach(prog, env.raw);
}

/* BCC's line before the stacks (folded output and JSON have none) */
static void print_header(void)
{
	if (env.folded || tb_common.json)
		return;
	printf("Tracing blocked time (us) by kernel stack");
	if (env.duration_ms)
		printf(" for %ld secs.\n", (env.duration_ms + 999) / 1000);
	else
		printf("... Hit Ctrl-C to end.\n");
	fflush(stdout);
}

/* A count key as a report sample: the waker, its stack, the task it woke. */
static void key_sample(const void *key, struct tb_stack_sample *s)
{
	struct wakeuptime_key k;

	memcpy(&k, key, sizeof(k));
	s->user_stack_id = -1;
	s->kernel_stack_id = k.kernel_stack_id;
	memcpy(s->comm, k.waker, sizeof(s->comm));
	memcpy(s->target, k.target, sizeof(s->target));
}

/* Traces for the duration (or until Ctrl-C), then the stacks and BCC's "Detaching...". */
static int run(struct tb_prog *prog)
{
	struct tb_stack_report_opts o = { .kernel_only = true, .folded = env.folded,
		.json = tb_common.json, .skip_tracer_frames = true, .wakers = true };
	int err = tb_stack_report_run(prog, env.duration_ms, sizeof(struct wakeuptime_key),
				      key_sample, &o);

	if (!err && !env.folded && !tb_common.json)
		printf("Detaching...\n");
	return err;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(wakeuptime),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.before_header = print_header,
	.run = run,
};
TB_TOOL_MAIN(wakeuptime, tool)
