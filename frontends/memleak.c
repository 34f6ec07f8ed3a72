/* memleak: outstanding memory allocations grouped by stack, as BCC's memleak. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bcc/bcc_proc.h>
#include <bcc/bcc_syms.h>

#include "tracebox.h"
#include "memleak.h"

_Static_assert(sizeof(struct memleak_alloc) == 24, "struct memleak_alloc must match the BPF side");

TB_BPF_SOURCE_DECLARE(memleak);

#define MAX_FRAMES 127

static struct env {
	long pid;            /* -p, -1 = kernel allocations */
	const char *command; /* -c */
	bool show_allocs;    /* -a */
	long older_ms;       /* -o */
	long sample_rate;    /* -s */
	long min_size;       /* -z, -1 = none */
	long max_size;       /* -Z, -1 = none */
	long top;            /* -T */
	long interval_ms;
	long count;
	bool trace;            /* -t: a line per allocator call instead of reports */
	bool combined_only;    /* --combined-only: per-stack totals kept in the kernel */
	bool wa_missing_free;  /* --wa-missing-free */
	bool percpu;           /* --percpu */
	bool sort_by_count;    /* --sort count */
	const char *obj;       /* -O: the allocator's object, NULL = the libc the process maps */
	const char *sym_prefix; /* --symbols-prefix */
} env = { .pid = -1, .older_ms = 500, .sample_rate = 1, .min_size = -1, .max_size = -1,
	  .top = 10, .interval_ms = 5000, .sym_prefix = "" };

static bool node_tps; /* the kernel has kmem:kmalloc_node and kmem_cache_alloc_node */

enum { OPT_COMBINED_ONLY = 1000, OPT_WA_MISSING_FREE, OPT_PERCPU, OPT_SORT, OPT_SYMBOLS_PREFIX };

const char *argp_program_version = "memleak (tracebox) 0.1";
static const char doc[] =
	"Trace outstanding memory allocations that weren't freed.\n"
	"Supports both user-mode allocations made with libc functions and kernel-mode\n"
	"allocations made with kmalloc/kmem_cache_alloc/get_free_pages and corresponding\n"
	"memory release functions.\n"
	"\n"
	"USAGE: memleak [-h] [-p PID | -c COMMAND] [-t] [-a] [-o OLDER] [--combined-only]\n"
	"               [--wa-missing-free] [-s SAMPLE_RATE] [-T TOP] [-z MIN_SIZE] [-Z MAX_SIZE]\n"
	"               [-O OBJ] [--percpu] [--sort {size,count}] [--symbols-prefix PREFIX]\n"
	"               [interval [count]]\n"
	"\n"
	"Unknown frames are counted by cause in a summary line on stderr after each report.\n"
	"\n"
	"EXAMPLES:\n"
	"    memleak -p $(pidof allocs)\n"
	"            Trace allocations and display a summary of \"leaked\" (outstanding)\n"
	"            allocations every 5 seconds\n"
	"    memleak -p $(pidof allocs) -t\n"
	"            Trace allocations and display each individual allocator function call\n"
	"    memleak -p $(pidof allocs) -a\n"
	"            Trace allocations and display each individual outstanding allocation\n"
	"    memleak -p $(pidof allocs) -a -o 60000\n"
	"            Trace allocations and display allocated addresses older than 60 seconds\n"
	"    memleak\n"
	"            Trace allocations in kernel mode and display a summary of outstanding\n"
	"            allocations every 5 seconds\n"
	"    memleak -c \"./allocs\"\n"
	"            Run the specified command and trace its allocations\n"
	"    memleak -s 5\n"
	"            Trace roughly every 5th allocation, to reduce overhead\n"
	"    memleak --sort count\n"
	"            Kernel allocations, the stacks with the most outstanding allocations last\n"
	"    memleak --combined-only -p 1234\n"
	"            Per-stack totals kept in the kernel: cheap reports for busy processes\n"
	"    memleak -O /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 -p 1234\n"
	"            Trace the allocator of another library (add --symbols-prefix je_ if its\n"
	"            functions are named je_malloc...)\n"
	"    memleak --percpu\n"
	"            Outstanding per-CPU allocations of the kernel\n"
	"    memleak -z 256 -Z 4096 -p 1234\n"
	"            Trace allocations of 256 to 4096 bytes only\n"
	"    memleak --json -p 1234 1 3\n"
	"            Three JSON reports, one per second";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Process ID to trace; if not specified, trace kernel allocs", 0 },
	{ "command", 'c', "COMMAND", 0, "Execute and trace the specified command", 0 },
	{ "show-allocs", 'a', NULL, 0, "Show allocation addresses and sizes as well as call stacks", 0 },
	{ "older", 'o', "OLDER", 0, "Prune allocations younger than this age in milliseconds (default 500)", 0 },
	{ "sample-rate", 's', "SAMPLE_RATE", 0, "Sample every N-th allocation to decrease the overhead", 0 },
	{ "top", 'T', "TOP", 0, "Display only this many top allocating stacks (by size, default 10)", 0 },
	{ "min-size", 'z', "MIN_SIZE", 0, "Capture only allocations larger than or equal to this size", 0 },
	{ "max-size", 'Z', "MAX_SIZE", 0, "Capture only allocations smaller than or equal to this size", 0 },
	{ "trace", 't', NULL, 0, "Print a line for each alloc/free call instead of reports", 0 },
	{ "combined-only", OPT_COMBINED_ONLY, NULL, 0, "Show combined allocation statistics only (kept per stack in the kernel)", 0 },
	{ "wa-missing-free", OPT_WA_MISSING_FREE, NULL, 0, "Workaround to alleviate misjudgments when free is missing (kernel mode)", 0 },
	{ "obj", 'O', "OBJ", 0, "Attach to allocator functions in the specified object (default: the libc the process maps)", 0 },
	{ "percpu", OPT_PERCPU, NULL, 0, "Trace the kernel's percpu allocations", 0 },
	{ "sort", OPT_SORT, "KEY", 0, "Sort stacks by KEY: size (default) or count", 0 },
	{ "symbols-prefix", OPT_SYMBOLS_PREFIX, "PREFIX", 0, "Allocator symbols are named PREFIX + malloc...", 0 },
	{ 0 },
};

static bool kernel_mode(void)
{
	return env.pid < 0 && !env.command;
}

/* Options that only make sense together with others: one line saying why, as BCC would
 * otherwise ignore them silently. */
static int check_combinations(void)
{
	const char *why = NULL;

	if (!kernel_mode() && env.percpu)
		why = "--percpu traces the kernel's allocations: not with -p or -c";
	else if (!kernel_mode() && env.wa_missing_free)
		why = "--wa-missing-free applies to the kernel's allocations: not with -p or -c";
	else if (env.percpu && env.wa_missing_free)
		why = "--wa-missing-free applies to the kmem tracepoints, not to --percpu";
	else if (kernel_mode() && env.obj)
		why = "-O names the allocator of a process: use it with -p or -c";
	else if (kernel_mode() && *env.sym_prefix)
		why = "--symbols-prefix names the allocator of a process: use it with -p or -c";
	else if (env.combined_only && env.show_allocs)
		why = "-a lists each allocation; --combined-only keeps per-stack totals only";
	else if (env.trace && tb_common.json)
		why = "-t prints trace lines, not JSON";
	else if (env.trace && (env.combined_only || env.show_allocs))
		why = "-t prints each call instead of reports: not with -a or --combined-only";
	if (why)
		tb_error("invalid options: %s", why);
	return why ? -1 : 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'c':
		if (!*arg) {
			tb_error("invalid command '': expected a command line");
			err = -1;
		}
		env.command = arg;
		break;
	case 'a': env.show_allocs = true; break;
	case 'o': err = tb_parse_long(arg, 0, 1L << 40, "age", &env.older_ms); break;
	case 's': err = tb_parse_long(arg, 1, 1L << 30, "sample rate", &env.sample_rate); break;
	case 'T': err = tb_parse_long(arg, 1, 1L << 20, "top", &env.top); break;
	case 'z': err = tb_parse_long(arg, 0, 1L << 50, "min size", &env.min_size); break;
	case 'Z': err = tb_parse_long(arg, 0, 1L << 50, "max size", &env.max_size); break;
	case 't': env.trace = true; break;
	case OPT_COMBINED_ONLY: env.combined_only = true; break;
	case OPT_WA_MISSING_FREE: env.wa_missing_free = true; break;
	case OPT_PERCPU: env.percpu = true; break;
	case 'O':
		if (!*arg) {
			tb_error("invalid object '': expected a library name or path");
			err = -1;
		}
		env.obj = arg;
		break;
	case OPT_SYMBOLS_PREFIX: env.sym_prefix = arg; break;
	case OPT_SORT:
		if (strcmp(arg, "size") && strcmp(arg, "count")) {
			tb_error("invalid sort key '%s': expected size or count", arg);
			err = -1;
		}
		env.sort_by_count = !strcmp(arg, "count");
		break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &env.interval_ms, &env.count);
		break;
	case ARGP_KEY_END:
		if (env.command && env.pid > 0) {
			tb_error("invalid options: -p and -c cannot be used together");
			err = -1;
		} else if (env.min_size >= 0 && env.max_size >= 0 && env.min_size > env.max_size) {
			tb_error("invalid size bounds: min size (-z) must not exceed max size (-Z)");
			err = -1;
		} else {
			err = check_combinations();
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc, tb_common_children, NULL, NULL };

static int build_cflags(struct tb_cflags *cf)
{
	if (env.min_size >= 0 && tb_cflags_add(cf, "-DMIN_SIZE=%ldull", env.min_size))
		return -1;
	if (env.max_size >= 0 && tb_cflags_add(cf, "-DMAX_SIZE=%ldull", env.max_size))
		return -1;
	if (env.sample_rate > 1 && tb_cflags_add(cf, "-DSAMPLE_EVERY_N=%ldull", env.sample_rate))
		return -1;
	if (env.combined_only && tb_cflags_add(cf, "-DCOMBINED=1"))
		return -1;
	if (env.trace && tb_cflags_add(cf, "-DTRACE_ALL=1"))
		return -1;
	if (!kernel_mode())
		return 0;
	if (tb_cflags_add(cf, "-DKERNEL_TRACE=1") || tb_cflags_add(cf, "-DSTACK_FLAGS=0") ||
	    tb_cflags_add(cf, "-DTB_PAGE_SIZE=%ld", sysconf(_SC_PAGESIZE)))
		return -1;
	if (env.percpu)
		return tb_cflags_add(cf, "-DPERCPU_TRACE=1");
	if (env.wa_missing_free && tb_cflags_add(cf, "-DWA_MISSING_FREE=1"))
		return -1;
	/* before 6.2 node-local allocations have tracepoints of their own */
	node_tps = tb_tracepoint_exists("kmem:kmalloc_node") &&
		   tb_tracepoint_exists("kmem:kmem_cache_alloc_node");
	return node_tps ? tb_cflags_add(cf, "-DHAVE_NODE_TPS=1") : 0;
}

/* --- the report --- */

struct group {
	int32_t stack_id;
	unsigned long long size, count;
};

/* ascending by --sort's key (the largest last, as BCC prints them), then by the other */
static int cmp_key(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	unsigned long long kx = env.sort_by_count ? x->count : x->size;
	unsigned long long ky = env.sort_by_count ? y->count : y->size;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	kx = env.sort_by_count ? x->size : x->count;
	ky = env.sort_by_count ? y->size : y->count;
	return kx < ky ? -1 : kx > ky;
}

struct report {
	struct tb_prog *prog;
	struct tb_stacks *st;
};

static int cmp_stack(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->stack_id < y->stack_id ? -1 : x->stack_id > y->stack_id;
}

/* Reads every outstanding allocation older than -o, grouped by stack id (lost stacks are one
 * group, id -1): one entry per allocation, sorted by stack and merged, so a million outstanding
 * allocations cost a sort, not a search per allocation. -a prints each one as it is read. */
static struct group *read_groups(struct report *r, size_t *n, FILE *fp)
{
	int fd = tb_table_fd(r->prog, "allocs");
	uint64_t now = tb_monotonic_ns(), addr; /* bpf_ktime_get_ns's clock */
	struct tb_map_records all;
	struct memleak_alloc a;
	struct group *g;
	size_t m = 0;

	*n = 0;
	if (fd < 0 || tb_map_read_all(fd, sizeof(addr), sizeof(a), false, &all))
		return NULL;
	g = malloc((all.n ? all.n : 1) * sizeof(*g));
	for (size_t i = 0; g && i < all.n; i++) {
		memcpy(&addr, all.recs + i * all.rec_size, sizeof(addr));
		memcpy(&a, all.recs + i * all.rec_size + sizeof(addr), sizeof(a));
		if (a.timestamp_ns + env.older_ms * 1000000ull > now)
			continue;
		if (env.show_allocs && !tb_common.json)
			fprintf(fp, "\taddr = %llx size = %llu\n", (unsigned long long)addr,
				(unsigned long long)a.size);
		g[m++] = (struct group){ .stack_id = a.stack_id < 0 ? -1 : a.stack_id,
					 .size = a.size, .count = 1 };
		if (a.stack_id < 0)
			tb_stacks_count_lost(r->st);
	}
	tb_map_records_free(&all);
	if (!g)
		return NULL;
	qsort(g, m, sizeof(*g), cmp_stack);
	for (size_t i = 0; i < m; i++) {
		if (*n && g[*n - 1].stack_id == g[i].stack_id) {
			g[*n - 1].size += g[i].size;
			g[*n - 1].count++;
		} else {
			g[(*n)++] = g[i];
		}
	}
	qsort(g, *n, sizeof(*g), cmp_key);
	return g;
}

/* --combined-only: the kernel kept the totals per stack; one entry each, no ages (-o does
 * not apply: these are all outstanding allocations). */
static struct group *read_combined(struct report *r, size_t *n)
{
	int fd = tb_table_fd(r->prog, "combined");
	struct tb_map_records all;
	struct memleak_combined c;
	struct group *g;
	int64_t key;

	*n = 0;
	if (fd < 0 || tb_map_read_all(fd, sizeof(key), sizeof(c), false, &all))
		return NULL;
	g = malloc((all.n ? all.n : 1) * sizeof(*g));
	for (size_t i = 0; g && i < all.n; i++) {
		memcpy(&key, all.recs + i * all.rec_size, sizeof(key));
		memcpy(&c, all.recs + i * all.rec_size + sizeof(key), sizeof(c));
		if (!c.number_of_allocs)
			continue;
		g[(*n)++] = (struct group){ .stack_id = key < 0 ? -1 : (int32_t)key,
					    .size = c.total_size, .count = c.number_of_allocs };
		if (key < 0)
			tb_stacks_count_lost(r->st);
	}
	tb_map_records_free(&all);
	if (g)
		qsort(g, *n, sizeof(*g), cmp_key);
	return g;
}

static void frame(struct report *r, uint64_t ip, char *buf, size_t len)
{
	char sym[512];

	if (kernel_mode())
		tb_stacks_kframe(r->st, ip, TB_SYM_OFFSET | TB_SYM_MODULE, sym, sizeof(sym));
	else
		tb_stacks_uframe(r->st, (pid_t)env.pid, ip, TB_SYM_OFFSET | TB_SYM_MODULE, sym,
				 sizeof(sym));
	snprintf(buf, len, "0x%016llx\t%s", (unsigned long long)ip, sym);
}

static int print_report(void *ctx, FILE *fp, time_t now)
{
	struct report *r = ctx;
	uint64_t ips[MAX_FRAMES];
	char line[600], hms[16] = "";
	struct group *g;
	size_t n, start;
	struct tm tm;

	/* renewed each report while the process lives: a later report, after it exited, still
	 * names its frames (from the mappings of the last report before) */
	if (!kernel_mode())
		tb_stacks_snapshot(r->prog, (pid_t)env.pid);
	r->st = tb_stacks_new(r->prog, "stack_traces", kernel_mode());
	if (!r->st)
		return -1;
	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (!tb_common.json)
		fprintf(fp, "[%s] Top %ld stacks with outstanding allocations:\n", hms, env.top);
	g = env.combined_only ? read_combined(r, &n) : read_groups(r, &n, fp);
	start = n > (size_t)env.top ? n - env.top : 0;
	if (tb_common.json)
		fprintf(fp, "{\"ts\":\"%s\",\"stacks\":[", hms);
	/* ascending by size, the largest last, as BCC prints them */
	for (size_t i = start; i < n; i++) {
		int nf = g[i].stack_id < 0 ? 0 : tb_stacks_read(r->st, g[i].stack_id, ips, MAX_FRAMES);

		if (tb_common.json) {
			fprintf(fp, "%s{\"bytes\":%llu,\"allocations\":%llu,\"frames\":[", i > start ? "," : "",
				g[i].size, g[i].count);
			for (int f = 0; f < nf; f++) {
				frame(r, ips[f], line, sizeof(line));
				if (f)
					fputc(',', fp);
				tb_json_string(fp, strchr(line, '\t') + 1);
			}
			fprintf(fp, "]%s}", g[i].stack_id < 0 ? ",\"stack_lost\":true" : "");
			continue;
		}
		fprintf(fp, "\t%llu bytes in %llu allocations from stack\n", g[i].size, g[i].count);
		if (g[i].stack_id < 0)
			fprintf(fp, "\t\t[stack lost: stack map full]\n");
		for (int f = 0; f < nf; f++) {
			frame(r, ips[f], line, sizeof(line));
			fprintf(fp, "\t\t%s\n", line);
		}
	}
	tb_stacks_report_end(r->st, fp, tb_common.json);
	tb_stacks_free(r->st);
	r->st = NULL;
	free(g);
	return 0;
}

/* --- attaching --- */

static const struct {
	const char *sym;
	bool has_exit;
	const char *enter_fn; /* NULL: "<sym>_enter" */
} user_probes[] = {
	{ "malloc", true, NULL }, { "calloc", true, NULL }, { "realloc", true, NULL },
	{ "mmap", true, NULL }, { "posix_memalign", true, NULL }, { "aligned_alloc", true, NULL },
	{ "valloc", true, NULL }, { "memalign", true, NULL }, { "pvalloc", true, NULL },
	{ "free", false, "free_enter_fn" }, { "munmap", false, NULL },
};

static int attach_user(struct tb_prog *prog, pid_t pid, const char *lib)
{
	int attached = 0;

	for (size_t i = 0; i < sizeof(user_probes) / sizeof(user_probes[0]); i++) {
		struct bcc_symbol sym = { 0 };
		char fn[64], name[128];

		snprintf(name, sizeof(name), "%s%s", env.sym_prefix, user_probes[i].sym);
		/* allocators differ (pvalloc is gone from newer glibc, musl and jemalloc lack
		 * some): skip what this one does not have */
		if (bcc_resolve_symname(lib, name, 0, pid, NULL, &sym) < 0) {
			tb_info("%s has no %s: not traced", lib, name);
			continue;
		}
		bcc_procutils_free(sym.module);
		if (user_probes[i].enter_fn)
			snprintf(fn, sizeof(fn), "%s", user_probes[i].enter_fn);
		else
			snprintf(fn, sizeof(fn), "%s_enter", user_probes[i].sym);
		if (tb_attach_uprobe(prog, lib, name, 0, pid, fn, false))
			return -1;
		if (user_probes[i].has_exit) {
			snprintf(fn, sizeof(fn), "%s_exit", user_probes[i].sym);
			if (tb_attach_uprobe(prog, lib, name, 0, pid, fn, true))
				return -1;
		}
		attached++;
	}
	if (!attached) {
		tb_error("failed to find %smalloc, %sfree or any other allocator function in '%s': "
			 "name the allocator's library with -O (and --symbols-prefix if its names "
			 "have one)", env.sym_prefix, env.sym_prefix, lib);
		return -1;
	}
	tb_info("attached to %d allocator functions of %s", attached, lib);
	return 0;
}

static const struct tb_probe kmem_probes[] = {
	{ TB_TRACEPOINT, "kmem:kmalloc" }, { TB_TRACEPOINT, "kmem:kfree" },
	{ TB_TRACEPOINT, "kmem:kmem_cache_alloc" }, { TB_TRACEPOINT, "kmem:kmem_cache_free" },
	{ TB_TRACEPOINT, "kmem:mm_page_alloc" }, { TB_TRACEPOINT, "kmem:mm_page_free" },
	{ TB_PROBE_END },
}, node_probes[] = { /* node_tps */
	{ TB_TRACEPOINT, "kmem:kmalloc_node" }, { TB_TRACEPOINT, "kmem:kmem_cache_alloc_node" },
	{ TB_PROBE_END },
}, percpu_probes[] = {
	{ TB_TRACEPOINT, "percpu:percpu_alloc_percpu" },
	{ TB_TRACEPOINT, "percpu:percpu_free_percpu" },
	{ TB_PROBE_END },
};

static int attach_kernel(struct tb_prog *prog)
{
	if (tb_probes_attach(prog, env.percpu ? percpu_probes : kmem_probes) ||
	    (!env.percpu && node_tps && tb_probes_attach(prog, node_probes)))
		return -1;
	tb_info(env.percpu ? "kernel per-CPU allocations through percpu:percpu_alloc_percpu and "
			     "percpu_free_percpu" :
			     "kernel allocations through tracepoints kmem:kmalloc, kmem_cache_alloc, "
			     "mm_page_alloc (and the _node ones where the kernel has them) and their frees");
	return 0;
}

/* -t: the BPF program's bpf_trace_printk lines (BCC's wording), other programs' left out */
static void print_trace_line(void *ctx, const struct tb_trace_line *l)
{
	static const char *const calls[] = { "alloc entered, ", "alloc exited, ", "free entered, " };

	(void)ctx;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (!strncmp(l->msg, calls[i], strlen(calls[i]))) {
			printf("%-14.6f %-16s %-7d %s\n", l->ts, l->comm, l->pid, l->msg);
			return;
		}
	}
}

/* --- the run --- */

static struct tb_command cmd = { .pid = -1, .gate_fd = -1 }; /* -c */
static char lib[4096] = "c"; /* the allocator's object */
static long watched;         /* a process whose exit ends the run */
static bool run_failed;      /* a -c command still running is then stopped */

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return -1;
	if (env.obj) /* a name ("jemalloc") or a path: libbcc resolves it as BCC's -O does */
		snprintf(lib, sizeof(lib), "%s", env.obj);
	else if (env.pid > 0 && /* the libc it maps (another mount namespace has its own) */
		 tb_proc_find_module((pid_t)env.pid, "libc.so", lib, sizeof(lib)) &&
		 tb_proc_find_module((pid_t)env.pid, "libc-", lib, sizeof(lib)))
		snprintf(lib, sizeof(lib), "c");
	return build_cflags(cf);
}

/* -c: the command starts now, held before its exec until everything is attached */
static int attach(struct tb_prog *prog)
{
	if (env.command) {
		if (tb_command_start_held(env.command, &cmd))
			return -1;
		env.pid = cmd.pid;
	}
	if (kernel_mode() ? attach_kernel(prog) : attach_user(prog, (pid_t)env.pid, lib))
		return -1;
	/* without a count, the run ends with the process (after a last report), not never */
	if (!kernel_mode() && !env.count && !env.trace)
		watched = env.pid;
	return 0;
}

/* Reports every interval, or with -t the allocator calls as they come. */
static int run(struct tb_prog *prog)
{
	struct report r = { .prog = prog };
	int err;

	if (!tb_common.json) {
		if (env.command)
			printf("Executing '%s' and tracing the resulting process.\n", env.command);
		if (kernel_mode())
			printf("Attaching to kernel allocators, Ctrl+C to quit.\n");
		else
			printf("Attaching to pid %ld, Ctrl+C to quit.\n", env.pid);
		fflush(stdout);
	}
	tb_command_release(&cmd);
	if (env.trace) {
		/* [interval [count]] bound the run, as the reports would have */
		printf("%-14s %-16s %-7s %s\n", "TIME(s)", "COMM", "TID", "CALL");
		err = tb_trace_pipe_run(prog, NULL, print_trace_line, NULL,
					env.count ? env.interval_ms * env.count : 0);
	} else {
		err = tb_interval_run(prog, &(struct tb_interval_opts){
			.interval_ms = env.interval_ms, .count = env.count, .json = tb_common.json,
			.print = print_report, .ctx = &r });
	}
	run_failed = err != 0;
	return err;
}

static void cleanup(void)
{
	tb_command_finish(&cmd, run_failed); /* one never released never runs */
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(memleak),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.watch_pid = &watched,
	.run = run,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(memleak, tool)
