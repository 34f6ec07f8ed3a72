/* stackcount: count the stack traces that reach an event (kernel or user function, tracepoint,
 * USDT probe), as BCC's stackcount. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracebox.h"
#include "stackcount.h"

_Static_assert(sizeof(struct stackcount_key) == 28, "struct stackcount_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(stackcount);

#define MAX_FRAMES 127  /* the stack map's depth (PERF_MAX_STACK_DEPTH) */
#define FRAME_LEN 256
#define MAX_TARGETS 1000 /* BCC's limit of probes */

static struct env {
	long pid;            /* -p, -1 = all */
	long cpu;            /* -c, -1 = all */
	bool regex;          /* -r */
	bool offset;         /* -s */
	bool per_pid;        /* -P, or implied by -p as in BCC */
	bool kernel_only;    /* -K */
	bool user_only;      /* -U */
	bool addresses;      /* -v */
	bool delimiter;      /* -d, with both stacks only */
	bool folded;         /* -f */
	const char *pattern;
} env = { .pid = -1, .cpu = -1 };

static int print_counts(void *ctx, FILE *fp, time_t now);
/* -i and -D fill it; run() hands it to tb_interval_run */
static struct tb_interval_opts interval = { .print = print_counts };
static long duration_s; /* -D */

const char *argp_program_version = "stackcount (tracebox) 0.1";
static const char doc[] =
	"Count events and their stack traces.\n"
	"\n"
	"USAGE: stackcount [-h] [-p PID] [-c CPU] [-i INTERVAL] [-D DURATION] [-T] [-r] [-s] [-P]\n"
	"                  [-K] [-U] [-v] [-d] [-f] pattern\n"
	"\n"
	"The pattern is a probe with '*' wildcards (-r: an extended regular expression):\n"
	"  FUNC, p::FUNC        a kernel function (kprobe)\n"
	"  LIB:FUNC, p:LIB:FUNC a function of a binary or library (uprobe); \"c\" is libc\n"
	"  t:CATEGORY:EVENT     a tracepoint\n"
	"  u:LIB:PROBE          a USDT probe of a binary (of process -p PID's with -p)\n"
	"Stacks are printed innermost frame first, the most frequent last. -v here shows raw\n"
	"addresses, as BCC's; the loader's verbose output is --verbose.\n"
	"\n"
	"EXAMPLES:\n"
	"    stackcount submit_bio         # count kernel stack traces for submit_bio\n"
	"    stackcount -d ip_output       # include a user/kernel stack delimiter\n"
	"    stackcount -s ip_output       # show symbol offsets\n"
	"    stackcount -sv ip_output      # show offsets and raw addresses (verbose)\n"
	"    stackcount 'tcp_send*'        # count stacks for funcs matching tcp_send*\n"
	"    stackcount -r '^tcp_send.*'   # same as above, using regular expressions\n"
	"    stackcount -Ti 5 ip_output    # output every 5 seconds, with timestamps\n"
	"    stackcount -p 185 ip_output   # count ip_output stacks for PID 185 only\n"
	"    stackcount -c 1 put_prev_entity   # count put_prev_entity stacks for CPU 1 only\n"
	"    stackcount -p 185 c:malloc    # count stacks for malloc in PID 185\n"
	"    stackcount t:sched:sched_fork # count stacks for sched_fork tracepoint\n"
	"    stackcount -p 185 u:node:*    # count stacks for all USDT probes in node\n"
	"    stackcount -K t:sched:sched_switch   # kernel stacks only\n"
	"    stackcount -U t:sched:sched_switch   # user stacks only\n"
	"    stackcount -f -D 10 -p 185 c:malloc  # folded, for flame graphs, for 10 seconds\n"
	"    stackcount --json -p 185 ./prog:work # one JSON object per output";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "cpu", 'c', "CPU", 0, "Trace this CPU only", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Summary interval, seconds", 0 },
	{ "duration", 'D', "DURATION", 0, "Total duration of trace, seconds", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "regexp", 'r', NULL, 0, "Use regular expressions. Default is \"*\" wildcards only.", 0 },
	{ "offset", 's', NULL, 0, "Show address offsets", 0 },
	{ "perpid", 'P', NULL, 0, "Display stacks separately for each process", 0 },
	{ "kernel-stacks-only", 'K', NULL, 0, "Kernel stack only", 0 },
	{ "user-stacks-only", 'U', NULL, 0, "User stack only", 0 },
	/* BCC's -v; its long name --verbose stays the loader's */
	{ "addresses", 'v', NULL, 0, "Show raw addresses (BCC's -v; --verbose is the loader's)", 0 },
	{ "delimited", 'd', NULL, 0, "Insert delimiter between kernel/user stacks", 0 },
	{ "folded", 'f', NULL, 0, "Output folded format", 0 },
	{ "debug", 0x100, NULL, 0, "Print the BPF program and exit (as --dump-bpf)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	long secs;
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'c': err = tb_parse_long(arg, 0, ncpu > 0 ? ncpu - 1 : 4095, "CPU", &env.cpu); break;
	case 'i':
		err = tb_parse_long(arg, 1, 99999999, "interval", &secs);
		interval.interval_ms = secs * 1000;
		break;
	case 'D': err = tb_parse_long(arg, 1, 99999999, "duration", &duration_s); break;
	case 'T': interval.timestamp = true; break;
	case 'r': env.regex = true; break;
	case 's': env.offset = true; break;
	case 'P': env.per_pid = true; break;
	case 'K': env.kernel_only = true; break;
	case 'U': env.user_only = true; break;
	case 'v': env.addresses = true; break;
	case 'd': env.delimiter = true; break;
	case 'f': env.folded = true; break;
	case 0x100: tb_common.dump_bpf = true; break;
	case ARGP_KEY_ARG:
		if (env.pattern) {
			tb_error("unexpected argument '%s': stackcount takes one pattern", arg);
			err = -1;
			break;
		}
		env.pattern = arg;
		break;
	case ARGP_KEY_END:
		if (!env.pattern) {
			tb_error("missing pattern: what to count stacks of (stackcount --help shows "
				 "the forms)");
			err = -1;
		} else if (env.user_only && env.kernel_only) {
			tb_error("invalid options: -K and -U are mutually exclusive (both stacks "
				 "are the default)");
			err = -1;
		}
		/* BCC: one process's stacks are kept with its name (printed in folded lines) */
		if (env.pid > 0)
			env.per_pid = true;
		/* BCC: -D alone is one output at its end; with -i, outputs until it has passed */
		if (duration_s && !interval.interval_ms) {
			interval.interval_ms = duration_s * 1000;
			interval.count = 1;
		} else if (duration_s) {
			secs = interval.interval_ms / 1000;
			interval.count = (duration_s + secs - 1) / secs;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "pattern", doc, tb_common_children, NULL,
				  NULL };

static bool kernel_stacks(void) { return !env.user_only; }
static bool user_stacks(void) { return !env.kernel_only; }
static bool need_delimiter(void) { return env.delimiter && !env.kernel_only && !env.user_only; }

/* --- what the pattern matches, and the program written for it --- */

static struct tb_spec_targets found; /* what the pattern matched */
static char *program;

/* The fixed part, then the probes' functions: one for every kprobe, uprobe or tracepoint
 * (one program attached many times), one per USDT probe (libbcc writes each its own argument
 * readers, named after the function). */
static const char *generate(void)
{
	struct tb_probe_spec spec;
	size_t len, pos;
	int n;

	/* a -p process that is there, before its USDT probes are looked for */
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return NULL;
	if (tb_probe_spec_parse(env.pattern, 0, &spec))
		return NULL;
	n = tb_spec_collect(&spec, env.regex, env.pid > 0 ? (int)env.pid : 0, MAX_TARGETS, &found);
	tb_probe_spec_free(&spec);
	if (n < 0)
		return NULL;
	if (found.matched > MAX_TARGETS) {
		tb_error("pattern '%s' matches %d probes: at most %d (BCC's limit); narrow the "
			 "pattern", env.pattern, found.matched, MAX_TARGETS);
		return NULL;
	}
	len = strlen(tb_bpf_stackcount) + 256 + (size_t)found.n * 128;
	program = malloc(len);
	if (!program) {
		tb_error("failed to write the BPF program: out of memory");
		return NULL;
	}
	pos = (size_t)snprintf(program, len, "%s\n/* the probes' functions, for \"%s\" */\n",
			       tb_bpf_stackcount, env.pattern);
	if (found.v[0].kind != TB_SPEC_USDT) {
		snprintf(program + pos, len - pos, "int trace_count(%s *ctx)\n"
			 "{\n\treturn count_stack(ctx);\n}\n",
			 found.v[0].kind == TB_SPEC_TRACEPOINT ? "void" : "struct pt_regs");
		return program;
	}
	for (int i = 0; i < found.n; i++)
		pos += (size_t)snprintf(program + pos, len - pos, "int trace_count_%d(struct pt_regs "
					"*ctx)\n{\n\treturn count_stack(ctx);\n}\n", i);
	return program;
}

/* the -D flags */
static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.cpu >= 0 && tb_cflags_add(cf, "-DTARG_CPU=%ld", env.cpu))
		return -1;
	if (env.per_pid && tb_cflags_add(cf, "-DPER_PID=1"))
		return -1;
	if (kernel_stacks() && tb_cflags_add(cf, "-DKERNEL_STACKS=1"))
		return -1;
	if (user_stacks() && tb_cflags_add(cf, "-DUSER_STACKS=1"))
		return -1;
	return 0;
}

static int open_usdt(struct tb_usdt **usdt)
{
	*usdt = NULL;
	if (found.v[0].kind != TB_SPEC_USDT)
		return 0;
	*usdt = tb_usdt_open(found.v[0].path, env.pid > 0 ? (pid_t)env.pid : 0);
	if (!*usdt)
		return -1;
	for (int i = 0; i < found.n; i++) {
		char fn[32];

		snprintf(fn, sizeof(fn), "trace_count_%d", i);
		if (tb_usdt_enable(*usdt, found.v[i].where, found.v[i].name, fn)) {
			tb_usdt_close(*usdt); /* not the program's yet */
			*usdt = NULL;
			return -1;
		}
	}
	return 0;
}

static int attach(struct tb_prog *prog)
{
	for (int i = 0; i < found.n; i++) {
		const struct tb_spec_target t = found.v[i];

		if (t.kind != TB_SPEC_USDT &&
		    tb_spec_attach(prog, &t, "trace_count", env.pid > 0 ? (int)env.pid : 0))
			return -1;
	}
	/* the process may exit before the output: its symbols, as mapped now, are kept for then */
	if (env.pid > 0 && user_stacks() && tb_stacks_snapshot(prog, (pid_t)env.pid))
		tb_warn("process %ld is gone: its frames will be [unknown]", env.pid);
	return 0;
}

/* BCC's banner (none before folded output) */
static void before_header(void)
{
	char what[600];

	if (env.folded)
		return;
	snprintf(what, sizeof(what), "%d functions for \"%s\"", found.n, env.pattern);
	tb_output_banner(what);
}

/* --- the counts, read back --- */

/* One line of output: a stack (and its process, when kept) and how often it was reached. */
struct entry {
	unsigned long long count;
	__u32 tgid;       /* TB_STACKCOUNT_ANY_PID unless per process */
	char comm[TB_STACKCOUNT_COMM_LEN + 1];
	int nk, nu;
	char **f;         /* nk kernel frames then nu user frames, innermost first (one block) */
};

static int cmp_stack(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	if ((c = strcmp(x->comm, y->comm)))
		return c;
	if (x->nk != y->nk || x->nu != y->nu)
		return x->nk != y->nk ? x->nk - y->nk : x->nu - y->nu;
	for (int i = 0; i < x->nk + x->nu; i++)
		if ((c = strcmp(x->f[i], y->f[i])))
			return c;
	return 0;
}

/* BCC's order: the most frequent last */
static int cmp_count(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return cmp_stack(a, b);
}

/* Folded lines name plain functions, as BCC's; the other outputs take -s and -v. */
static void frame_text(struct tb_stacks *st, bool user, __u32 pid, uint64_t ip, char *buf)
{
	unsigned flags = env.offset && !env.folded ? TB_SYM_OFFSET : 0;
	int n = 0;

	if (env.addresses && !env.folded)
		n = snprintf(buf, FRAME_LEN, "%-16llx ", (unsigned long long)ip);
	if (user)
		tb_stacks_uframe(st, (pid_t)pid, ip, flags, buf + n, FRAME_LEN - n);
	else
		tb_stacks_kframe(st, ip, flags, buf + n, FRAME_LEN - n);
}

/* Reads one counts record's stacks into e (frames copied into one allocation). */
static int fill_entry(struct tb_stacks *st, const struct stackcount_key *k, __u64 count,
		      struct entry *e)
{
	static char text[2 * MAX_FRAMES][FRAME_LEN];
	uint64_t ips[MAX_FRAMES];
	size_t size = 0;
	char *p;
	int n;

	*e = (struct entry){ .count = count, .tgid = TB_STACKCOUNT_ANY_PID };
	if (env.per_pid) {
		e->tgid = k->tgid;
		memcpy(e->comm, k->comm, TB_STACKCOUNT_COMM_LEN);
	}
	if (kernel_stacks()) {
		n = tb_stacks_read(st, k->kernel_stack_id, ips, MAX_FRAMES);
		for (int i = 0; i < n; i++)
			frame_text(st, false, 0, ips[i], text[e->nk++]);
	}
	if (user_stacks()) {
		n = tb_stacks_read(st, k->user_stack_id, ips, MAX_FRAMES);
		for (int i = 0; i < n; i++)
			frame_text(st, true, k->tgid, ips[i], text[e->nk + e->nu++]);
	}
	for (int i = 0; i < e->nk + e->nu; i++)
		size += sizeof(char *) + strlen(text[i]) + 1;
	e->f = malloc(size ? size : 1);
	if (!e->f)
		return -1;
	p = (char *)(e->f + e->nk + e->nu);
	for (int i = 0; i < e->nk + e->nu; i++) {
		e->f[i] = p;
		p = stpcpy(p, text[i]) + 1;
	}
	return 0;
}

/* The counts table, emptied for the next interval, as entries: stacks that print the same
 * merged (one process's without -P: the key keeps the process for its symbols), sorted the
 * most frequent last. */
static struct entry *read_entries(struct tb_prog *prog, struct tb_stacks *st, size_t *n)
{
	struct tb_map_records all;
	struct entry *e;
	size_t m = 0;
	int err;

	*n = 0;
	err = tb_map_read_all(tb_table_fd(prog, "counts"), sizeof(struct stackcount_key),
			      sizeof(__u64), true, &all);
	if (err) {
		tb_warn("failed to read table 'counts': %s", strerror(-err));
		return NULL;
	}
	e = calloc(all.n ? all.n : 1, sizeof(*e));
	for (size_t i = 0; e && i < all.n; i++) {
		struct stackcount_key k;
		__u64 count;

		memcpy(&k, all.recs + i * all.rec_size, sizeof(k));
		memcpy(&count, all.recs + i * all.rec_size + sizeof(k), sizeof(count));
		if (fill_entry(st, &k, count, &e[m]) == 0)
			m++;
	}
	tb_map_records_free(&all);
	if (!e)
		return NULL;
	qsort(e, m, sizeof(*e), cmp_stack);
	for (size_t i = 0; i < m; i++) {
		if (*n && !cmp_stack(&e[*n - 1], &e[i])) {
			e[*n - 1].count += e[i].count;
			free(e[i].f);
		} else {
			e[(*n)++] = e[i];
		}
	}
	qsort(e, *n, sizeof(*e), cmp_count);
	return e;
}

static void print_text(FILE *fp, const struct entry *e)
{
	for (int i = 0; i < e->nk; i++)
		fprintf(fp, "  %s\n", e->f[i]);
	if (need_delimiter())
		fprintf(fp, "    --\n");
	for (int i = 0; i < e->nu; i++)
		fprintf(fp, "  %s\n", e->f[e->nk + i]);
	/* one process traced (-p): its name would repeat on every stack */
	if (env.per_pid && env.pid <= 0)
		fprintf(fp, "    %s [%u]\n", e->comm, e->tgid);
	fprintf(fp, "    %llu\n\n", e->count);
}

/* "comm;user frames outermost first;-;kernel frames count"; without -P no comm (BCC begins
 * those lines with an empty one) */
static void print_folded(FILE *fp, const struct entry *e)
{
	static char line[(2 * MAX_FRAMES + 2) * (FRAME_LEN + 1) + 64];
	const char *frames[2 * MAX_FRAMES + 1];
	int n = 0;

	/* tb_fold_line takes them innermost first and reverses */
	for (int i = 0; i < e->nk; i++)
		frames[n++] = e->f[i];
	if (need_delimiter())
		frames[n++] = "-";
	for (int i = 0; i < e->nu; i++)
		frames[n++] = e->f[e->nk + i];
	tb_fold_line(line, sizeof(line), env.per_pid ? e->comm : "", frames, n, e->count);
	fprintf(fp, "%s\n", env.per_pid || line[0] != ';' ? line : line + 1);
}

static void json_frames(FILE *fp, const char *name, char *const *f, int n)
{
	fprintf(fp, ",\"%s\":[", name);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', fp);
		tb_json_string(fp, f[i]);
	}
	fputc(']', fp);
}

static void print_json(FILE *fp, const struct entry *e, bool first)
{
	fprintf(fp, "%s{\"count\":%llu", first ? "" : ",", e->count);
	if (env.per_pid) {
		fprintf(fp, ",\"pid\":%u,\"comm\":", e->tgid);
		tb_json_string(fp, e->comm);
	}
	if (kernel_stacks())
		json_frames(fp, "kernel", e->f, e->nk);
	if (user_stacks())
		json_frames(fp, "user", e->f + e->nk, e->nu);
	fputc('}', fp);
}

/* Kept for the whole run: symbol caches, and the frame counts the summary gives at the end. */
static struct tb_stacks *stacks;
static long outputs;

/* Events the full counts table could not take (said once, at the end). */
static void warn_dropped(struct tb_prog *prog)
{
	int fd = tb_table_fd(prog, "dropped"), slot = 0;
	__u64 n = 0;

	if (fd >= 0 && !tb_map_lookup(fd, &slot, &n) && n)
		tb_warn("%llu events were not counted: the counts table was full (%d distinct "
			"stacks); use a narrower pattern, -p or -i", (unsigned long long)n,
			TB_STACKCOUNT_MAX_STACKS);
}

/* One output: every stack counted since the last, then the table starts again (BCC). */
static int print_counts(void *ctx, FILE *fp, time_t now)
{
	struct tb_prog *prog = ctx;
	bool last = tb_should_stop() || tb_prog_watched_exited(prog) ||
		    (interval.count && ++outputs >= interval.count);
	struct entry *e;
	char hms[16] = "";
	struct tm tm;
	size_t n;

	if (!stacks && !(stacks = tb_stacks_new(prog, "stack_traces", kernel_stacks())))
		return -1;
	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	/* the loop prints the text output's blank line and time; folded output has no blank */
	if (env.folded && !tb_common.json && interval.timestamp)
		fprintf(fp, "%-8s\n", hms);
	e = read_entries(prog, stacks, &n);
	if (tb_common.json)
		fprintf(fp, "{\"ts\":\"%s\",\"stacks\":[", hms);
	for (size_t i = 0; i < n; i++) {
		if (tb_common.json)
			print_json(fp, &e[i], i == 0);
		else if (env.folded)
			print_folded(fp, &e[i]);
		else
			print_text(fp, &e[i]);
		free(e[i].f);
	}
	free(e);
	if (last && !tb_common.json && !env.folded)
		fprintf(fp, "Detaching...\n");
	if (last) {
		tb_stacks_report_end(stacks, fp, tb_common.json);
		warn_dropped(prog);
	} else if (tb_common.json) {
		/* the frame counts so far; the summary line on stderr waits for the end */
		fprintf(fp, "],\"frames\":");
		tb_stacks_json_summary(stacks, fp);
		fprintf(fp, "}\n");
	}
	return 0;
}

/* The interval loop, without the blank line before folded output (BCC prints none) */
static int run(struct tb_prog *prog)
{
	struct tb_interval_opts opts = interval;

	opts.json = tb_common.json || env.folded;
	opts.ctx = prog;
	return tb_interval_run(prog, &opts);
}

/* the symbol caches go while the program (and its process snapshot) is still there */
static void finish(struct tb_prog *prog)
{
	(void)prog;
	tb_stacks_free(stacks);
	stacks = NULL;
}

static void cleanup(void)
{
	tb_spec_targets_free(&found);
	free(program);
}

static const struct tb_tool tool = {
	.source_name = "stackcount.bpf.c",
	.generate = generate,
	.argp = &argp,
	.prepare = prepare,
	.open_usdt = open_usdt,
	.attach = attach,
	.watch_pid = &env.pid,
	.before_header = before_header,
	.run = run,
	.finish = finish,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(stackcount, tool)
