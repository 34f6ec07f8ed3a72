/* funccount: count calls of the functions, tracepoints or USDT probes a pattern names, as
 * BCC's funccount does. The program is written from the pattern: programs/funccount.bpf.c,
 * then one BPF function per probe matched, each adding one to its own slot of an array. */
#include <argp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bcc/bcc_syms.h>

#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(funccount);

/* BCC refuses more: each probe is a program to load and a perf event to open */
#define MAX_PROBES 1000

static struct env {
	long pid;          /* -p, -1 = all */
	long cpu;          /* -c, -1 = all */
	bool regex;        /* -r */
	long interval_s;   /* -i */
	long duration_s;   /* -d */
	const char *pattern;
} env = { .pid = -1, .cpu = -1 };

static int print_counts(void *ctx, FILE *fp, time_t now);
static int metrics(void *ctx, FILE *fp);
static struct tb_interval_opts interval = { .print = print_counts, .metrics = metrics };

const char *argp_program_version = "funccount (tracebox) 0.1";
static const char doc[] =
	"Count functions, tracepoints, and USDT probes.\n"
	"\n"
	"USAGE: funccount [-h] [-p PID] [-i INTERVAL] [-d DURATION] [-T] [-r] [-D] [-c CPU] "
	"pattern\n"
	"\n"
	"The pattern names user functions (LIB:FUNC, c:malloc, ./prog:read*), tracepoints\n"
	"(t:CATEGORY:EVENT) or USDT probes (u:LIB:PROBE); FUNC alone is a kernel function\n"
	"(kprobes). '*' wildcards, or extended regular expressions with -r.\n"
	"\n"
	"EXAMPLES:\n"
	"    funccount 'vfs_*'             # count kernel fns starting with \"vfs\"\n"
	"    funccount -r '^vfs.*'         # same as above, using regular expressions\n"
	"    funccount -Ti 5 'vfs_*'       # output every 5 seconds, with timestamps\n"
	"    funccount -d 10 'vfs_*'       # trace for 10 seconds only\n"
	"    funccount -p 185 'vfs_*'      # count vfs calls for PID 185 only\n"
	"    funccount t:sched:sched_process_fork  # count the sched_process_fork tracepoint\n"
	"    funccount -p 185 u:node:gc*   # count all GC USDT probes in node, PID 185\n"
	"    funccount c:malloc            # count all malloc() calls in libc\n"
	"    funccount ./test:read*        # count \"read*\" calls in the ./test binary\n"
	"    funccount -c 1 'vfs_*'        # count vfs calls on CPU 1 only\n"
	"    funccount --json -i 1 c:malloc  # one JSON object per second\n"
	"    funccount --prometheus :9106 'c:str*'  # serve the counts to Prometheus";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Summary interval, seconds", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace, seconds", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "regexp", 'r', NULL, 0, "Use regular expressions. Default is \"*\" wildcards only.", 0 },
	{ "debug", 'D', NULL, 0, "Print the BPF program and exit (as --dump-bpf)", 0 },
	{ "cpu", 'c', "CPU", 0, "Trace this CPU only", 0 },
	{ 0 },
};

/* BCC's -i and -d: -d alone is one output after DURATION; both, outputs every INTERVAL until
 * DURATION has passed (rounded up to a whole interval, as BCC's loop does). */
static int set_intervals(void)
{
	if (!env.interval_s && !env.duration_s)
		return 0;
	if (!env.interval_s) {
		interval.interval_ms = env.duration_s * 1000;
		interval.count = 1;
		return 0;
	}
	interval.interval_ms = env.interval_s * 1000;
	if (env.duration_s)
		interval.count = (env.duration_s + env.interval_s - 1) / env.interval_s;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'i': err = tb_parse_long(arg, 1, 99999999, "interval", &env.interval_s); break;
	case 'd': err = tb_parse_long(arg, 1, 99999999, "duration", &env.duration_s); break;
	case 'T': interval.timestamp = true; break;
	case 'r': env.regex = true; break;
	case 'D': tb_common.dump_bpf = true; break;
	case 'c':
		err = tb_parse_long(arg, 0, sysconf(_SC_NPROCESSORS_CONF) - 1, "CPU", &env.cpu);
		break;
	case ARGP_KEY_ARG:
		if (env.pattern) {
			tb_error("unexpected argument '%s': one pattern only", arg);
			err = -1;
		}
		env.pattern = arg;
		break;
	case ARGP_KEY_END:
		if (!env.pattern) {
			tb_error("no pattern given: say what to count (funccount 'c:malloc', "
				 "funccount t:sched:sched_process_fork; --help has more)");
			err = -1;
		} else {
			err = set_intervals();
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "pattern", doc, tb_prometheus_children, NULL, NULL };

/* --- what the pattern matches --- */

struct target {
	struct tb_spec_target t; /* as found: its strings are found's */
	uint64_t addr;           /* uprobes: the symbol's address, to attach once per address */
	bool dropped;
};

static struct tb_probe_spec spec;
static struct tb_spec_targets found;
static struct target *targets;
static int ntargets;
static char *program;
static char banner[512];

/* A library's aliases (malloc and __libc_malloc) share an address: BCC traces each address
 * once, so a call is counted once. Names come sorted; bcc_foreach_function_symbol's callback
 * takes no cookie. */
static int by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct target *)elem)->t.name);
}

static int note_address(const char *name, uint64_t addr)
{
	struct target *t = bsearch(name, targets, ntargets, sizeof(*targets), by_name);

	if (t && !t->addr)
		t->addr = addr;
	return 0;
}

static size_t underscores(const char *s)
{
	return strspn(s, "_");
}

static void drop_aliases(void)
{
	if (!ntargets || targets[0].t.kind != TB_SPEC_UPROBE ||
	    bcc_foreach_function_symbol(targets[0].t.path, note_address) < 0)
		return;
	for (int i = 0; i < ntargets; i++) {
		for (int j = 0; j < i && targets[i].addr; j++) {
			struct target *keep = &targets[j], *t = &targets[i];

			if (keep->dropped || keep->addr != t->addr)
				continue;
			/* the plainer name stays: malloc rather than __libc_malloc */
			if (underscores(t->t.name) < underscores(keep->t.name)) {
				keep = &targets[i];
				t = &targets[j];
			}
			t->dropped = true;
			tb_info("%s: same address as %s, traced once", t->t.name, keep->t.name);
			break;
		}
	}
	/* keep the survivors in order */
	int n = 0;

	for (int i = 0; i < ntargets; i++) {
		if (targets[i].dropped)
			continue;
		targets[n++] = targets[i];
	}
	ntargets = n;
}

/* --- the program --- */

/* a line comment naming a probe: printable characters only, so no name ends it early */
static void comment(FILE *f, const struct target *t)
{
	fputs("// ", f);
	for (const char *s = t->t.where; s && *s; s++)
		fputc(*s >= ' ' && *s < 127 ? *s : '?', f);
	if (t->t.where)
		fputc(':', f);
	for (const char *s = t->t.name; *s; s++)
		fputc(*s >= ' ' && *s < 127 ? *s : '?', f);
	fputc('\n', f);
}

/* the fixed part (programs/funccount.bpf.c), then a function per probe */
static char *write_program(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fputs(tb_bpf_funccount, f);
	for (int i = 0; i < ntargets; i++) {
		fputc('\n', f);
		comment(f, &targets[i]);
		fprintf(f, "int trace_count_%d(void *ctx)\n{\n\treturn count(%d);\n}\n", i, i);
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

static const char *generate(void)
{
	int n;

	if (tb_probe_spec_parse(env.pattern, 0, &spec))
		return NULL;
	/* before anything is read from it (USDT probes) or attached for it */
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return NULL;
	n = tb_spec_collect(&spec, env.regex, (int)env.pid, MAX_PROBES, &found);
	if (n < 0)
		return NULL;
	if (found.matched > MAX_PROBES) {
		tb_error("pattern '%s' matches %d probes: at most %d can be traced (BCC's limit); "
			 "narrow the pattern", env.pattern, found.matched, MAX_PROBES);
		return NULL;
	}
	targets = calloc(n ? n : 1, sizeof(*targets));
	if (!targets) {
		tb_error("failed to match '%s': out of memory", env.pattern);
		return NULL;
	}
	for (ntargets = 0; ntargets < n; ntargets++)
		targets[ntargets].t = found.v[ntargets];
	drop_aliases();
	snprintf(banner, sizeof(banner), "%d functions for \"%s\"", ntargets, env.pattern);
	program = write_program();
	if (!program)
		tb_error("failed to write the BPF program: out of memory");
	return program;
}

static int prepare(struct tb_cflags *cf)
{
	if (tb_cflags_add(cf, "-DNPROBES=%d", ntargets ? ntargets : 1) ||
	    (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.cpu >= 0 && tb_cflags_add(cf, "-DTARG_CPU=%ld", env.cpu)))
		return -1;
	return 0;
}

static void fn_name(int i, char *buf, size_t len)
{
	snprintf(buf, len, "trace_count_%d", i);
}

/* USDT probes are enabled before compiling: their argument readers are part of the program */
static int open_usdt(struct tb_usdt **usdt)
{
	char fn[32];

	if (spec.kind != TB_SPEC_USDT)
		return 0;
	*usdt = tb_usdt_open(targets[0].t.path, env.pid > 0 ? (pid_t)env.pid : 0);
	if (!*usdt)
		return -1;
	for (int i = 0; i < ntargets; i++) {
		fn_name(i, fn, sizeof(fn));
		if (tb_usdt_enable(*usdt, targets[i].t.where, targets[i].t.name, fn)) {
			tb_usdt_close(*usdt);
			*usdt = NULL;
			return -1;
		}
	}
	return 0;
}

static int attach(struct tb_prog *prog)
{
	char fn[32];

	if (spec.kind == TB_SPEC_USDT)
		return 0;
	for (int i = 0; i < ntargets; i++) {
		fn_name(i, fn, sizeof(fn));
		if (tb_spec_attach(prog, &targets[i].t, fn, (int)env.pid))
			return -1;
	}
	return 0;
}

/* --- output --- */

struct row {
	int loc;
	uint64_t count;
};

/* BCC's order: by count, smallest first (ties in probe order) */
static int by_count(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return x->loc - y->loc;
}

/* the name in the FUNC column: a tracepoint with its category, as BCC prints it */
static void func_name(const struct target *t, char *buf, size_t len)
{
	if (t->t.kind == TB_SPEC_TRACEPOINT)
		snprintf(buf, len, "%s:%s", t->t.where, t->t.name);
	else
		snprintf(buf, len, "%s", t->t.name);
}

static int print_counts(void *ctx, FILE *fp, time_t now)
{
	struct tb_prog *prog = ctx;
	int fd = tb_table_fd(prog, "counts"), n = 0;
	struct row *rows;
	char name[512];

	if (fd < 0)
		return -1;
	rows = calloc(ntargets ? ntargets : 1, sizeof(*rows));
	if (!rows)
		return -1;
	for (int i = 0; i < ntargets; i++) {
		uint64_t v = 0;

		if (!tb_map_lookup(fd, &i, &v) && v)
			rows[n++] = (struct row){ i, v };
	}
	/* each interval counts afresh, as BCC's clear() */
	tb_map_clear(fd, sizeof(int), sizeof(uint64_t));
	qsort(rows, n, sizeof(*rows), by_count);
	if (tb_common.json) {
		fputs("{\"ts\":", fp);
		tb_hist_json_ts(fp, now);
		fputs(",\"counts\":[", fp);
		for (int i = 0; i < n; i++) {
			func_name(&targets[rows[i].loc], name, sizeof(name));
			fputs(i ? ",{\"func\":" : "{\"func\":", fp);
			tb_json_string(fp, name);
			fprintf(fp, ",\"count\":%llu}", (unsigned long long)rows[i].count);
		}
		fputs("]}\n", fp);
	} else {
		fprintf(fp, "%-36s %8s\n", "FUNC", "COUNT");
		for (int i = 0; i < n; i++) {
			func_name(&targets[rows[i].loc], name, sizeof(name));
			fprintf(fp, "%-36s %8llu\n", name, (unsigned long long)rows[i].count);
		}
	}
	free(rows);
	return 0;
}

/* --prometheus: each target's calls since the start (never cleared), a counter */
static int metrics(void *ctx, FILE *fp)
{
	int fd = tb_table_fd(ctx, "counts");
	char name[512];

	if (fd < 0)
		return -1;
	tb_prom_header(fp, "tracebox_funccount_calls_total", "counter", "Calls of each function "
		       "or event funccount traces");
	for (int i = 0; i < ntargets; i++) {
		uint64_t v = 0;

		if (tb_map_lookup(fd, &i, &v) || !v)
			continue;
		func_name(&targets[i], name, sizeof(name));
		fputs("tracebox_funccount_calls_total{function=", fp);
		tb_prom_label_value(fp, name);
		fprintf(fp, "} %llu\n", (unsigned long long)v);
	}
	return 0;
}

static void finish(struct tb_prog *prog)
{
	if (!tb_common.json)
		printf("Detaching...\n");
}

static void cleanup(void)
{
	free(targets);
	tb_spec_targets_free(&found);
	free(program);
	tb_probe_spec_free(&spec);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(funccount), /* the fixed part; generate() writes the program from it */
	.generate = generate,
	.argp = &argp,
	.prepare = prepare,
	.open_usdt = open_usdt,
	.attach = attach,
	.watch_pid = &env.pid,
	.banner = banner,
	.interval = &interval,
	.finish = finish,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(funccount, tool)
