/* memleak: outstanding memory allocations grouped by stack, as BCC's memleak. */
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
} env = { .pid = -1, .older_ms = 500, .sample_rate = 1, .min_size = -1, .max_size = -1,
	  .top = 10, .interval_ms = 5000 };

const char *argp_program_version = "memleak (tracebox) 0.1";
static const char doc[] =
	"Trace outstanding memory allocations that weren't freed.\n"
	"Supports both user-mode allocations made with libc functions and kernel-mode\n"
	"allocations made with kmalloc/kmem_cache_alloc/get_free_pages and corresponding\n"
	"memory release functions.\n"
	"\n"
	"USAGE: memleak [-h] [-p PID | -c COMMAND] [-a] [-o OLDER] [-s SAMPLE_RATE] [-T TOP]\n"
	"               [-z MIN_SIZE] [-Z MAX_SIZE] [interval [count]]\n"
	"\n"
	"Unknown frames are counted by cause in a summary line on stderr after each report.\n"
	"\n"
	"EXAMPLES:\n"
	"    memleak -p $(pidof allocs)\n"
	"            Trace allocations and display a summary of \"leaked\" (outstanding)\n"
	"            allocations every 5 seconds\n"
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
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_long(arg, 1, 0x3fffffff, "PID", &env.pid); break;
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
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		argp_usage(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc, tb_common_children, NULL, NULL };

static int parse_args(int argc, char **argv)
{
	return argp_parse(&argp, argc, argv, 0, NULL, NULL) ? -1 : 0;
}

static bool kernel_mode(void)
{
	return env.pid < 0 && !env.command;
}

static int build_cflags(struct tb_cflags *cf)
{
	if (env.min_size >= 0 && tb_cflags_add(cf, "-DMIN_SIZE=%ldull", env.min_size))
		return -1;
	if (env.max_size >= 0 && tb_cflags_add(cf, "-DMAX_SIZE=%ldull", env.max_size))
		return -1;
	if (env.sample_rate > 1 && tb_cflags_add(cf, "-DSAMPLE_EVERY_N=%ldull", env.sample_rate))
		return -1;
	if (kernel_mode() && (tb_cflags_add(cf, "-DKERNEL_TRACE=1") ||
			      tb_cflags_add(cf, "-DSTACK_FLAGS=0") ||
			      tb_cflags_add(cf, "-DPAGE_SIZE=%ld", sysconf(_SC_PAGESIZE))))
		return -1;
	return 0;
}

/* --- the report --- */

struct group {
	int32_t stack_id;
	unsigned long long size, count;
};

static int cmp_size(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

struct report {
	struct tb_prog *prog;
	struct tb_stacks *st;
};

static uint64_t ktime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

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
	uint64_t now = ktime_ns(), addr, prev = 0;
	struct memleak_alloc a;
	struct group *g = NULL;
	size_t cap = 0, m = 0;
	bool first = true;

	*n = 0;
	if (fd < 0)
		return NULL;
	while (tb_map_next_key(fd, first ? NULL : &prev, &addr) == 0) {
		first = false;
		prev = addr;
		if (tb_map_lookup(fd, &addr, &a))
			continue;
		if (a.timestamp_ns + env.older_ms * 1000000ull > now)
			continue;
		if (env.show_allocs && !tb_common.json)
			fprintf(fp, "\taddr = %llx size = %llu\n", (unsigned long long)addr,
				(unsigned long long)a.size);
		if (m == cap) {
			struct group *p = realloc(g, (cap = cap ? cap * 2 : 1024) * sizeof(*g));

			if (!p)
				break;
			g = p;
		}
		g[m++] = (struct group){ .stack_id = a.stack_id < 0 ? -1 : a.stack_id,
					 .size = a.size, .count = 1 };
		if (a.stack_id < 0)
			tb_stacks_count_lost(r->st);
	}
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
	qsort(g, *n, sizeof(*g), cmp_size);
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

	r->st = tb_stacks_new(r->prog, "stack_traces", kernel_mode());
	if (!r->st)
		return -1;
	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (!tb_common.json)
		fprintf(fp, "[%s] Top %ld stacks with outstanding allocations:\n", hms, env.top);
	g = read_groups(r, &n, fp);
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
	if (tb_common.json) {
		fprintf(fp, "],\"frames\":");
		tb_stacks_json_summary(r->st, fp);
		fprintf(fp, "}\n");
	}
	fflush(fp);
	tb_stacks_print_summary(r->st, stderr);
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

static int attach_user(struct tb_prog *prog, pid_t pid, const char *libc)
{
	int attached = 0;

	for (size_t i = 0; i < sizeof(user_probes) / sizeof(user_probes[0]); i++) {
		struct bcc_symbol sym = { 0 };
		char fn[64];

		/* libcs differ (pvalloc is gone from newer glibc, musl lacks some): skip what
		 * this one does not have */
		if (bcc_resolve_symname(libc, user_probes[i].sym, 0, pid, NULL, &sym) < 0) {
			tb_info("%s has no %s: not traced", libc, user_probes[i].sym);
			continue;
		}
		bcc_procutils_free(sym.module);
		if (user_probes[i].enter_fn)
			snprintf(fn, sizeof(fn), "%s", user_probes[i].enter_fn);
		else
			snprintf(fn, sizeof(fn), "%s_enter", user_probes[i].sym);
		if (tb_attach_uprobe(prog, libc, user_probes[i].sym, 0, pid, fn, false))
			return -1;
		if (user_probes[i].has_exit) {
			snprintf(fn, sizeof(fn), "%s_exit", user_probes[i].sym);
			if (tb_attach_uprobe(prog, libc, user_probes[i].sym, 0, pid, fn, true))
				return -1;
		}
		attached++;
	}
	tb_info("attached to %d allocator functions of %s", attached, libc);
	return attached ? 0 : -1;
}

static int attach_kernel(struct tb_prog *prog)
{
	static const char *const tps[] = { "kmalloc", "kfree", "kmem_cache_alloc",
					   "kmem_cache_free", "mm_page_alloc", "mm_page_free" };
	char tp[64], fn[64];

	for (size_t i = 0; i < sizeof(tps) / sizeof(tps[0]); i++) {
		snprintf(tp, sizeof(tp), "kmem:%s", tps[i]);
		snprintf(fn, sizeof(fn), "tracepoint__kmem__%s", tps[i]);
		if (tb_attach_tracepoint(prog, tp, fn))
			return -1;
	}
	tb_info("kernel allocations through tracepoints kmem:kmalloc, kmem_cache_alloc, "
		"mm_page_alloc and their frees");
	return 0;
}

/* -c: the command starts now but waits (on a pipe) until the probes are attached. */
static pid_t spawn_held(const char *command, int *go_fd)
{
	static char copy[4096];
	char *argv[256], *save = NULL;
	int p[2], argc = 0;
	pid_t pid;

	/* split on blanks, no shell, as BCC does: the traced pid is the command's own */
	snprintf(copy, sizeof(copy), "%s", command);
	for (char *t = strtok_r(copy, " \t", &save); t && argc < 255; t = strtok_r(NULL, " \t", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	if (!argc) {
		tb_error("invalid command '%s': expected a command line", command);
		return -1;
	}
	if (pipe(p)) {
		tb_error("failed to create a pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		tb_error("failed to start '%s': %s", command, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		char c;

		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(127); /* the tool gave up */
		close(p[0]);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: failed to run '%s': %s\n", tb_log_tool(), argv[0], strerror(errno));
		_exit(127);
	}
	close(p[0]);
	*go_fd = p[1];
	return pid;
}

int memleak_main(int argc, char **argv);
int memleak_main(int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct report r = { 0 };
	char libc[4096] = "c";
	int err = -1, go_fd = -1;
	pid_t child = -1;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	if (tb_common.dump_bpf)
		return tb_dump_source(tb_bpf_memleak);
	if (env.pid > 0) {
		if (!tb_proc_alive((pid_t)env.pid)) {
			tb_error("failed to trace process %ld: no such process", env.pid);
			return 1;
		}
		/* the libc this process maps (another mount namespace has its own) */
		if (tb_proc_find_module((pid_t)env.pid, "libc.so", libc, sizeof(libc)) &&
		    tb_proc_find_module((pid_t)env.pid, "libc-", libc, sizeof(libc)))
			snprintf(libc, sizeof(libc), "c");
	}
	if (build_cflags(&cflags))
		goto cleanup;
	r.prog = tb_prog_compile_tool(tb_bpf_memleak, tb_bpf_memleak_name, &cflags);
	if (!r.prog)
		goto cleanup;
	if (env.command) {
		child = spawn_held(env.command, &go_fd);
		if (child < 0)
			goto cleanup;
		env.pid = child;
	}
	if (kernel_mode() ? attach_kernel(r.prog) : attach_user(r.prog, (pid_t)env.pid, libc))
		goto cleanup;
	tb_signals_install();
	if (!tb_common.json) {
		if (env.command)
			printf("Executing '%s' and tracing the resulting process.\n", env.command);
		if (kernel_mode())
			printf("Attaching to kernel allocators, Ctrl+C to quit.\n");
		else
			printf("Attaching to pid %ld, Ctrl+C to quit.\n", env.pid);
		fflush(stdout);
	}
	if (go_fd >= 0) {
		if (write(go_fd, "g", 1) != 1)
			tb_warn("failed to release '%s': %s", env.command, strerror(errno));
		close(go_fd);
		go_fd = -1;
	}
	err = tb_interval_run(r.prog, &(struct tb_interval_opts){
		.interval_ms = env.interval_ms, .count = env.count, .json = tb_common.json,
		.print = print_report, .ctx = &r });
cleanup:
	if (go_fd >= 0)
		close(go_fd); /* the held command reads EOF and exits without running */
	tb_prog_destroy(r.prog);
	if (child > 0)
		waitpid(child, NULL, WNOHANG);
	tb_cflags_free(&cflags);
	return err ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return memleak_main(argc, argv);
}
#endif
