/* profile: a CPU profiler sampling stack traces at a timed interval, as BCC's profile. */
#include <argp.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracebox.h"
#include "profile.h"

_Static_assert(sizeof(struct profile_key) == 28 && TB_PROFILE_COMM_LEN == sizeof(((struct tb_stack_sample *)0)->comm),
	       "struct profile_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(profile);

#define MAX_IDS 16

static struct env {
	long ids[MAX_IDS];   /* -p or -L */
	int nids;
	bool by_tid;         /* the ids are thread ids (-L) */
	bool user_only;      /* -U */
	bool kernel_only;    /* -K */
	bool idle;           /* -I */
	bool delimiter;      /* -d */
	bool annotations;    /* -a */
	bool folded;         /* -f */
	const char *svg;     /* --svg FILE: a flame graph of the stacks too */
	long freq;           /* -F, 0 when -c is given */
	long period;         /* -c */
	long stack_storage;  /* --stack-storage-size */
	long cpu;            /* -C, -1 = all */
	long duration_ms;    /* positional, 0 = until Ctrl-C */
} env = { .freq = 49, .stack_storage = 16384, .cpu = -1 };

const char *argp_program_version = "profile (tracebox) 0.1";
static const char doc[] =
	"Profile CPU stack traces at a timed interval.\n"
	"\n"
	"USAGE: profile [-h] [-p PID | -L TID] [-U | -K] [-F FREQUENCY | -c COUNT] [-d] [-a] [-I]\n"
	"               [-f] [--stack-storage-size SIZE] [-C CPU] [duration]\n"
	"\n"
	"Unknown frames are counted by cause in a summary line on stderr at the end (no symbol in\n"
	"the DSO, process gone, kernel addresses hidden, stacks lost because the map was full).\n"
	"\n"
	"EXAMPLES:\n"
	"    profile             # profile stack traces at 49 Hertz until Ctrl-C\n"
	"    profile -F 99       # profile stack traces at 99 Hertz\n"
	"    profile -c 1000000  # profile stack traces every 1 in a million events\n"
	"    profile 5           # profile at 49 Hertz for 5 seconds only\n"
	"    profile -f 5        # output in folded format for flame graphs\n"
	"    profile --svg cpu.svg 10  # and a flame graph in cpu.svg, no Perl needed\n"
	"    profile -p 185      # only profile process with PID 185\n"
	"    profile -L 185      # only profile thread with TID 185\n"
	"    profile -U          # only show user space stacks (no kernel)\n"
	"    profile -K          # only show kernel space stacks (no user)\n"
	"    profile -C 0        # only profile CPU 0\n"
	"    profile --json 5    # one JSON object with every stack\n"
	"    profile --cgroupmap /sys/fs/bpf/cgroupset  # only the cgroups in this BPF map";

enum { OPT_STACK_STORAGE = 0x100, OPT_SVG };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Profile process with one or more comma separated PIDs only", 0 },
	{ "tid", 'L', "TID", 0, "Profile thread with one or more comma separated TIDs only", 0 },
	{ "user-stacks-only", 'U', NULL, 0, "Show stacks from user space only (no kernel space stacks)", 0 },
	{ "kernel-stacks-only", 'K', NULL, 0, "Show stacks from kernel space only (no user space stacks)", 0 },
	{ "frequency", 'F', "FREQUENCY", 0, "Sample frequency, Hertz (default 49)", 0 },
	{ "count", 'c', "COUNT", 0, "Sample period, number of events", 0 },
	{ "delimited", 'd', NULL, 0, "Insert delimiter between kernel/user stacks", 0 },
	{ "annotations", 'a', NULL, 0, "Add _[k] annotations to kernel frames", 0 },
	{ "include-idle", 'I', NULL, 0, "Include CPU idle stacks", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format, one line per stack (for flame graphs)", 0 },
	{ "stack-storage-size", OPT_STACK_STORAGE, "SIZE", 0,
	  "The number of unique stack traces that can be stored and displayed (default 16384)", 0 },
	{ "cpu", 'C', "CPU", 0, "CPU number to run profile on", 0 },
	{ "svg", OPT_SVG, "FILE", 0, "Also write the stacks as an interactive flame graph (SVG) "
				     "to FILE", 0 },
	{ 0 },
};

static int parse_ids(char *arg, bool by_tid)
{
	char *save = NULL, *tok;

	if (env.nids) {
		tb_error("invalid options: -p and -L cannot be used together");
		return -1;
	}
	env.by_tid = by_tid;
	for (tok = strtok_r(arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (env.nids == MAX_IDS) {
			tb_error("invalid %s list: at most %d", by_tid ? "TID" : "PID", MAX_IDS);
			return -1;
		}
		if (tb_parse_pid(tok, by_tid ? "TID" : "PID", &env.ids[env.nids++]))
			return -1;
	}
	if (!env.nids) {
		tb_error("invalid %s list '%s': expected numbers separated by commas",
			 by_tid ? "TID" : "PID", arg);
		return -1;
	}
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	static bool freq_given;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int err = 0;

	switch (key) {
	case 'p': err = parse_ids(arg, false); break;
	case 'L': err = parse_ids(arg, true); break;
	case 'U': env.user_only = true; break;
	case 'K': env.kernel_only = true; break;
	case 'F':
		freq_given = true;
		err = tb_parse_long(arg, 1, 100000, "frequency", &env.freq);
		break;
	case 'c':
		err = tb_parse_long(arg, 1, 1L << 40, "count", &env.period);
		break;
	case 'd': env.delimiter = true; break;
	case 'a': env.annotations = true; break;
	case 'I': env.idle = true; break;
	case 'f': env.folded = true; break;
	case OPT_SVG: env.svg = arg; break;
	case OPT_STACK_STORAGE:
		err = tb_parse_long(arg, 1, 1 << 22, "stack storage size", &env.stack_storage);
		break;
	case 'C': err = tb_parse_long(arg, 0, ncpu > 0 ? ncpu - 1 : 4095, "CPU", &env.cpu); break;
	case ARGP_KEY_ARG:
		err = tb_parse_duration_arg(arg, state->arg_num, &env.duration_ms);
		break;
	case ARGP_KEY_END:
		if (env.user_only && env.kernel_only) {
			tb_error("invalid options: -U and -K cannot be used together");
			err = -1;
		} else if (freq_given && env.period) {
			tb_error("invalid options: -F and -c cannot be used together");
			err = -1;
		}
		if (env.period)
			env.freq = 0;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[duration]", doc, tb_container_children, NULL, NULL };

/* "(tgid==12||tgid==13)" for -p, with tid for -L */
static int id_filter(struct tb_cflags *cf)
{
	char expr[MAX_IDS * 24 + 8];
	size_t pos = 0;

	if (!env.nids)
		return 0;
	pos += snprintf(expr, sizeof(expr), "(");
	for (int i = 0; i < env.nids; i++)
		pos += snprintf(expr + pos, sizeof(expr) - pos, "%s%s==%ld", i ? "||" : "",
				env.by_tid ? "tid" : "tgid", env.ids[i]);
	snprintf(expr + pos, sizeof(expr) - pos, ")");
	return tb_cflags_add(cf, "-DTB_%s_FILTER=%s", env.by_tid ? "TID" : "PID", expr);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (tb_cflags_add(cf, "-DSTACK_STORAGE_SIZE=%ld", env.stack_storage) || id_filter(cf))
		return -1;
	if (!env.kernel_only && tb_cflags_add(cf, "-DUSER_STACKS=1"))
		return -1;
	if (!env.user_only && tb_cflags_add(cf, "-DKERNEL_STACKS=1"))
		return -1;
	if (env.idle && tb_cflags_add(cf, "-DINCLUDE_IDLE=1"))
		return -1;
	return 0;
}

/* A count key as a report sample: the process printed and symbolized. */
static void key_sample(const void *key, struct tb_stack_sample *s)
{
	struct profile_key k;

	memcpy(&k, key, sizeof(k));
	s->pid = s->tgid = k.pid;
	s->user_stack_id = k.user_stack_id;
	s->kernel_stack_id = k.kernel_stack_id;
	memcpy(s->comm, k.comm, sizeof(s->comm));
}

static int print_profile(struct tb_prog *prog)
{
	char title[64];
	struct tb_stack_report_opts o = { .user_only = env.user_only, .kernel_only = env.kernel_only,
		.delimiter = env.delimiter, .annotations = env.annotations, .folded = env.folded,
		.json = tb_common.json, .svg = env.svg, .svg_title = title };
	size_t n;
	struct tb_stack_sample *s = tb_stack_samples_read(prog, "counts", sizeof(struct profile_key),
							  key_sample, &n);
	int err;

	if (!s)
		return -1;
	if (env.freq)
		snprintf(title, sizeof(title), "profile: CPU samples at %ld Hz", env.freq);
	else
		snprintf(title, sizeof(title), "profile: a sample every %ld events", env.period);
	err = tb_stack_report(prog, "stack_traces", s, n, &o, stdout);
	free(s);
	return err;
}

/* -p and -L: processes or threads that are there, not a typo profiling nothing */
static int prepare(struct tb_cflags *cf)
{
	if (env.svg && tb_flame_check_path(env.svg))
		return -1;
	for (int i = 0; i < env.nids; i++)
		if (tb_proc_require((pid_t)env.ids[i], env.by_tid ? "thread" : "process"))
			return -1;
	return build_cflags(cf);
}

/* Hardware cycles where a CPU PMU exists and takes them, else the cpu-clock software event. */
static int attach(struct tb_prog *prog)
{
	bool hw = access("/sys/bus/event_source/devices/cpu/type", F_OK) == 0 &&
		  !getenv("TRACEBOX_NO_HW_EVENTS");
	int err = -1;

	if (hw) {
		tb_info("sampling on hardware cycles");
		err = tb_attach_perf_event(prog, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES,
					   env.period, env.freq, -1, (int)env.cpu, "do_perf_event");
		if (err)
			tb_info("hardware cycles refused: falling back to cpu-clock");
	} else {
		tb_info("sampling on the cpu-clock software event (no hardware PMU here)");
	}
	if (err && tb_attach_perf_event(prog, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK,
					env.period, env.freq, -1, (int)env.cpu, "do_perf_event"))
		return -1;
	/* a -p process may exit before the end: its symbols, as mapped now, are kept for then */
	for (int i = 0; !env.by_tid && i < env.nids; i++)
		if (tb_stacks_snapshot(prog, (pid_t)env.ids[i]))
			tb_warn("process %ld is gone: its frames will be [unknown]", env.ids[i]);
	return 0;
}

/* BCC's line before the samples (folded output and JSON have none) */
static void print_header(void)
{
	char sample[64], threads[MAX_IDS * 12 + 8] = "all threads";
	size_t pos;

	if (env.folded || tb_common.json)
		return;
	if (env.freq)
		snprintf(sample, sizeof(sample), "%ld Hertz", env.freq);
	else
		snprintf(sample, sizeof(sample), "every %ld events", env.period);
	if (env.nids) {
		pos = snprintf(threads, sizeof(threads), "%s ", env.by_tid ? "TID" : "PID");
		for (int i = 0; i < env.nids; i++)
			pos += snprintf(threads + pos, sizeof(threads) - pos, "%s%ld", i ? "," : "",
					env.ids[i]);
	}
	printf("Sampling at %s of %s by %s stack", sample, threads,
	       env.user_only ? "user" : env.kernel_only ? "kernel" : "user + kernel");
	if (env.duration_ms)
		printf(" for %ld secs.\n", (env.duration_ms + 999) / 1000);
	else
		printf("... Hit Ctrl-C to end.\n");
	fflush(stdout);
}

/* Samples for the duration (or until Ctrl-C), then the profile. */
static int run(struct tb_prog *prog)
{
	return tb_prog_run(prog, env.duration_ms) ? -1 : print_profile(prog);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(profile),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.before_header = print_header,
	.run = run,
};
TB_TOOL_MAIN(profile, tool)
