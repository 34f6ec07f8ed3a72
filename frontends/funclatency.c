/* funclatency: time the functions a pattern names (entry to return) and print the times as a
 * histogram, as BCC's funclatency does. The program is written from the pattern:
 * programs/funclatency.bpf.c, then one entry function per function matched, which notes the
 * time and the function's number; one return function serves them all. User functions
 * (uprobes), or kernel functions where the kernel has kprobes. */
#include <argp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(funclatency);

/* BCC's limit of 1000 open probes: an entry and a return probe per function */
#define MAX_FUNCS 500

static struct env {
	long pid;         /* -p, -1 = all */
	bool usecs, msecs;/* -u, -m (-m wins, as in BCC) */
	bool per_func;    /* -F */
	bool regex;       /* -r */
	int level;        /* -l: nested calls timed per thread, 0 = one (BCC's default) */
	long interval_s;  /* -i */
	long duration_s;  /* -d */
	const char *pattern;
} env = { .pid = -1 };

static int print_dist(void *ctx, FILE *fp, time_t now);
static struct tb_interval_opts interval = { .print = print_dist };

const char *argp_program_version = "funclatency (tracebox) 0.1";
static const char doc[] =
	"Time functions and print latency as a histogram.\n"
	"\n"
	"USAGE: funclatency [-h] [-p PID] [-i INTERVAL] [-d DURATION] [-T] [-u] [-m] [-F] [-r] "
	"[-l LEVEL] pattern\n"
	"\n"
	"The pattern is LIB:FUNC (c:read, ./prog:work*), or FUNC for a kernel function (where\n"
	"the kernel has kprobes), with '*' wildcards or an extended regular expression (-r).\n"
	"\n"
	"EXAMPLES:\n"
	"    funclatency c:read            # time the read() C library function\n"
	"    funclatency -u c:read         # time read(), in microseconds\n"
	"    funclatency -m c:nanosleep    # time nanosleep(), in milliseconds\n"
	"    funclatency -i 2 -d 10 c:open # output every 2 seconds, for duration 10s\n"
	"    funclatency -mTi 5 c:read     # output every 5 seconds, with timestamps\n"
	"    funclatency -p 181 c:read     # time process 181 only\n"
	"    funclatency 'c:*printf'       # time the *printf family of functions\n"
	"    funclatency -F 'c:read*'      # show one histogram per matched function\n"
	"    funclatency -l 8 ./prog:walk  # time recursive walk() calls, 8 deep in a thread\n"
	"    funclatency -v c:read         # say what was attached (not BCC's -v: use --dump-bpf)";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Summary interval, in seconds", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace, in seconds", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "microseconds", 'u', NULL, 0, "Microsecond histogram", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "function", 'F', NULL, 0, "Show a separate histogram per function", 0 },
	{ "regexp", 'r', NULL, 0, "Use regular expressions. Default is \"*\" wildcards only.", 0 },
	{ "level", 'l', "LEVEL", 0, "Time nested or recursive calls, LEVEL deep in a thread (the "
				    "deepest LEVEL; default: the innermost only)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'i': err = tb_parse_long(arg, 1, 99999999, "interval", &env.interval_s); break;
	case 'd': err = tb_parse_long(arg, 1, 99999999, "duration", &env.duration_s); break;
	case 'T': interval.timestamp = true; break;
	case 'u': env.usecs = true; break;
	case 'm': env.msecs = true; break;
	case 'F': env.per_func = true; break;
	case 'r': env.regex = true; break;
	case 'l': err = tb_parse_int(arg, 1, 1000, "level", &env.level); break;
	case ARGP_KEY_ARG:
		if (env.pattern) {
			tb_error("unexpected argument '%s': one pattern only", arg);
			err = -1;
		}
		env.pattern = arg;
		break;
	case ARGP_KEY_END:
		if (!env.pattern) {
			tb_error("no pattern given: say which functions to time (funclatency c:read; "
				 "--help has more)");
			err = -1;
			break;
		}
		/* BCC's -i and -d: -d alone is one output after DURATION; both, an output every
		 * INTERVAL until DURATION has passed (rounded up to whole intervals, as its loop) */
		if (env.interval_s) {
			interval.interval_ms = env.interval_s * 1000;
			if (env.duration_s)
				interval.count = (env.duration_s + env.interval_s - 1) / env.interval_s;
		} else if (env.duration_s) {
			interval.interval_ms = env.duration_s * 1000;
			interval.count = 1;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "pattern", doc, tb_common_children, NULL, NULL };

static const char *unit(void)
{
	return env.msecs ? "msecs" : env.usecs ? "usecs" : "nsecs";
}

static uint64_t divisor(void)
{
	return env.msecs ? 1000000 : env.usecs ? 1000 : 1;
}

static struct tb_probe_spec spec;

/* BCC keeps a histogram per function (-F) and, for user functions, per process unless one
 * process is traced (-p): there, one histogram for all */
static bool sectioned(void)
{
	return env.per_func || (spec.kind == TB_SPEC_UPROBE && env.pid <= 0);
}

/* --- what the pattern matches --- */

static struct tb_spec_targets funcs; /* what the pattern matched; where: a binary's path */
static char *program;
static char banner[512];

/* the fixed part (programs/funclatency.bpf.c), then an entry function per function */
static char *write_program(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fputs(tb_bpf_funclatency, f);
	for (int i = 0; i < funcs.n; i++) {
		fputs("\n// ", f);
		for (const char *s = funcs.v[i].name; *s; s++) /* printable: no name ends the comment */
			fputc(*s >= ' ' && *s < 127 ? *s : '?', f);
		fprintf(f, "\nint trace_func_entry_%d(struct pt_regs *ctx)\n{\n\treturn entry(%d);\n}\n",
			i, i);
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

static const char *generate(void)
{
	if (tb_probe_spec_parse(env.pattern, TB_SPEC_NO_USDT | TB_SPEC_NO_TRACEPOINT, &spec))
		return NULL;
	/* before anything is read from it (USDT probes) or attached for it */
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return NULL;
	/* kernel functions are refused, in the loader's one line, where kprobes are missing */
	if (tb_spec_collect(&spec, env.regex, (int)env.pid, MAX_FUNCS, &funcs) < 0)
		return NULL;
	if (funcs.matched > MAX_FUNCS) {
		tb_error("pattern '%s' matches %d functions: at most %d can be timed (BCC's limit "
			 "of 1000 probes, two a function); narrow the pattern", env.pattern,
			 funcs.matched, MAX_FUNCS);
		return NULL;
	}
	snprintf(banner, sizeof(banner), "%d functions for \"%s\"", funcs.n, env.pattern);
	program = write_program();
	if (!program)
		tb_error("failed to write the BPF program: out of memory");
	return program;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.level)
		tb_info("nested calls: the deepest %d in flight per thread are timed", env.level);
	if ((env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    tb_cflags_add(cf, "-DFACTOR=%llu", (unsigned long long)divisor()) ||
	    (env.level && tb_cflags_add(cf, "-DLEVEL=%d", env.level)) ||
	    (sectioned() && tb_cflags_add(cf, "-DSECTIONS=1")) ||
	    (sectioned() && spec.kind == TB_SPEC_UPROBE && tb_cflags_add(cf, "-DSECTION_PID=1")))
		return -1;
	return 0;
}

static int attach(struct tb_prog *prog)
{
	char fn[48];

	for (int i = 0; i < funcs.n; i++) {
		bool user = spec.kind == TB_SPEC_UPROBE;
		struct tb_spec_target t = funcs.v[i];

		t.kind = user ? TB_SPEC_UPROBE : TB_SPEC_KPROBE;
		snprintf(fn, sizeof(fn), "trace_func_entry_%d", i);
		if (tb_spec_attach(prog, &t, fn, (int)env.pid))
			return -1;
		t.kind = user ? TB_SPEC_URETPROBE : TB_SPEC_KRETPROBE;
		if (tb_spec_attach(prog, &t, "trace_func_return", (int)env.pid))
			return -1;
	}
	return 0;
}

/* --- output --- */

/* "Function = read [1234]" as BCC's sections (a kernel function: its name alone);
 * {"func":"read","pid":1234} in JSON */
static void func_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	uint64_t key[2] = { 0, 0 };
	const char *name;
	FILE *j;

	memcpy(key, section, size < sizeof(key) ? size : sizeof(key));
	name = key[0] < (uint64_t)funcs.n ? funcs.v[key[0]].name : "?";
	if (spec.kind == TB_SPEC_UPROBE)
		snprintf(l->text, sizeof(l->text), "%s [%llu]", name, (unsigned long long)key[1]);
	else
		snprintf(l->text, sizeof(l->text), "%s", name);
	j = fmemopen(l->json, sizeof(l->json), "w");
	if (j) {
		fputs("{\"func\":", j);
		tb_json_string(j, name);
		if (spec.kind == TB_SPEC_UPROBE)
			fprintf(j, ",\"pid\":%llu", (unsigned long long)key[1]);
		fputc('}', j);
		fclose(j);
	}
}

/* avg[0] total nanoseconds, avg[1] calls; read and cleared with the histogram, as BCC */
static void read_avg(struct tb_prog *prog, uint64_t *total_ns, uint64_t *count)
{
	int fd = tb_table_fd(prog, "avg");
	uint32_t k0 = 0, k1 = 1;

	*total_ns = *count = 0;
	if (fd < 0)
		return;
	tb_map_lookup(fd, &k0, total_ns);
	tb_map_lookup(fd, &k1, count);
	tb_map_clear(fd, sizeof(uint32_t), sizeof(uint64_t));
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	struct tb_prog *prog = ctx;
	struct tb_hist_print_opts opts = { .unit = unit(), .section_header = "Function",
					   .label = func_label };
	struct tb_hist_set set = { 0 };
	uint64_t total_ns, count, total, avg;
	int err = tb_hist_read(prog, "dist", &set, true);

	if (err)
		return err;
	read_avg(prog, &total_ns, &count);
	/* BCC divides the total first, then the average of that, each truncated */
	total = total_ns / divisor();
	avg = count ? total / count : 0;
	if (tb_common.json) {
		/* the loader's histogram object, with the average, total and count added */
		char *obj = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&obj, &len);

		if (m) {
			tb_hist_set_json(m, &set, &opts, now);
			fclose(m);
		}
		if (obj && len >= 2 && !strcmp(obj + len - 2, "}\n")) {
			fprintf(fp, "%.*s,\"avg\":%llu,\"total\":%llu,\"count\":%llu}\n",
				(int)(len - 2), obj, (unsigned long long)avg,
				(unsigned long long)total, (unsigned long long)count);
		} else {
			err = -1;
			tb_error("failed to print the histogram: out of memory");
		}
		free(obj);
	} else {
		tb_hist_set_print(fp, &set, &opts);
		if (count)
			fprintf(fp, "\navg = %llu %s, total: %llu %s, count: %llu\n\n",
				(unsigned long long)avg, unit(), (unsigned long long)total, unit(),
				(unsigned long long)count);
	}
	tb_hist_set_free(&set);
	return err;
}

static void finish(struct tb_prog *prog)
{
	if (!tb_common.json)
		printf("Detaching...\n");
}

static void cleanup(void)
{
	tb_spec_targets_free(&funcs);
	free(program);
	tb_probe_spec_free(&spec);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(funclatency), /* the fixed part; generate() writes the program from it */
	.generate = generate,
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.watch_pid = &env.pid,
	.banner = banner,
	.interval = &interval,
	.finish = finish,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(funclatency, tool)
