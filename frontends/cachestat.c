/* cachestat: page cache hits, misses and dirtied buffers per interval, as BCC's cachestat. */
#include <argp.h>
#include <linux/types.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tracebox.h"
#include "cachestat.h"

TB_BPF_SOURCE_DECLARE(cachestat);

/* Each slot's kernel functions, the first one this kernel can kprobe taken: the folio ones
 * (5.16 on) first, since the page ones left are wrappers calling them, or gone. */
static const char *const slot_fns[TB_CACHESTAT_SLOTS][2] = {
	[TB_CACHESTAT_ACCESSED] = { "folio_mark_accessed", "mark_page_accessed" },
	[TB_CACHESTAT_ADDED] = { "filemap_add_folio", "add_to_page_cache_lru" },
	[TB_CACHESTAT_DIRTIED] = { "folio_account_dirtied", "account_page_dirtied" },
	[TB_CACHESTAT_BUF_DIRTY] = { "mark_buffer_dirty", NULL },
};
static const char *const slot_bpf[TB_CACHESTAT_SLOTS] = { "on_accessed", "on_added", "on_dirtied",
							  "on_buffer_dirty" };
static const char *const slot_what[TB_CACHESTAT_SLOTS] = { "page cache accesses", "pages added",
							   "pages dirtied", "buffers dirtied" };
/* The tracepoint inside account_page_dirtied() (folio_account_dirtied() since 5.16) */
static const char *const dirtied_tps[] = { "writeback:writeback_dirty_folio",
					   "writeback:writeback_dirty_page" };

static struct env {
	bool timestamp; /* -T: a TIME column */
	const char *fn[TB_CACHESTAT_SLOTS]; /* the function attached per slot, NULL: a tracepoint */
	const char *dirtied_tp;
} env;

static int print_line(void *ctx, FILE *fp, time_t now);
/* BCC's default: a line a second until Ctrl-C */
static struct tb_interval_opts interval = { .interval_ms = 1000, .print = print_line,
					    .lines = true };

const char *argp_program_version = "cachestat (tracebox) 0.1";
static const char doc[] =
	"Count cache kernel function calls.\n"
	"\n"
	"USAGE: cachestat [-h] [-T] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    cachestat            # page cache hits and misses, a line a second\n"
	"    cachestat -T         # with a timestamp on each line\n"
	"    cachestat 5 10       # 5-second summaries, 10 times\n"
	"    cachestat --json 1   # one JSON object per second";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.timestamp = true; break;
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

/* One interval's line from its counts, as BCC computes it: accesses less buffers dirtied are
 * the total, pages added less pages dirtied the misses (a page a write adds is no miss), the
 * rest hits; negative ones are 0, and hits below 0 (read-ahead adding more than was read) make
 * every access a miss. DIRTIES is mark_buffer_dirty()'s count. */
struct cachestat_line {
	long long hits, misses;
	unsigned long long dirties;
	double ratio; /* hits / total, 0 without accesses */
};

static void compute(const __u64 d[TB_CACHESTAT_SLOTS], struct cachestat_line *l)
{
	long long total = (long long)d[TB_CACHESTAT_ACCESSED] - (long long)d[TB_CACHESTAT_BUF_DIRTY];

	l->misses = (long long)d[TB_CACHESTAT_ADDED] - (long long)d[TB_CACHESTAT_DIRTIED];
	if (total < 0)
		total = 0;
	if (l->misses < 0)
		l->misses = 0;
	l->hits = total - l->misses;
	if (l->hits < 0) {
		l->misses = total;
		l->hits = 0;
	}
	l->ratio = total > 0 ? (double)l->hits / (double)total : 0;
	l->dirties = d[TB_CACHESTAT_BUF_DIRTY];
}

/* Buffers and Cached of /proc/meminfo, in kB; 0 when not read */
static void meminfo(unsigned long long *buffers_kb, unsigned long long *cached_kb)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];

	*buffers_kb = *cached_kb = 0;
	while (f && fgets(line, sizeof(line), f)) {
		sscanf(line, "Buffers: %llu kB", buffers_kb);
		sscanf(line, "Cached: %llu kB", cached_kb);
	}
	if (f)
		fclose(f);
}

/* BCC's line "%8d %8d %8d %7.2f%% %12.0f %10.0f" (after "%-8s " HH:MM:SS with -T); JSON:
 * {"ts":..,"hits":..,"misses":..,"dirties":..,"hitratio":..,"buffers_mb":..,"cached_mb":..}
 * with the interval's raw counts after. Pure, for the unit test. */
static void format_line(FILE *fp, const __u64 d[TB_CACHESTAT_SLOTS], unsigned long long buffers_kb,
			unsigned long long cached_kb, time_t now, bool timestamp, bool json)
{
	struct cachestat_line l;
	char hms[16] = "";
	struct tm tm;

	compute(d, &l);
	if (json) {
		fputs("{\"ts\":", fp);
		tb_hist_json_ts(fp, now);
		fprintf(fp, ",\"hits\":%lld,\"misses\":%lld,\"dirties\":%llu,\"hitratio\":%.4f,"
			"\"buffers_mb\":%.0f,\"cached_mb\":%.0f,\"accessed\":%llu,\"added\":%llu,"
			"\"dirtied\":%llu}\n", l.hits, l.misses, l.dirties, l.ratio,
			buffers_kb / 1024.0, cached_kb / 1024.0,
			(unsigned long long)d[TB_CACHESTAT_ACCESSED],
			(unsigned long long)d[TB_CACHESTAT_ADDED],
			(unsigned long long)d[TB_CACHESTAT_DIRTIED]);
		return;
	}
	if (timestamp) {
		if (localtime_r(&now, &tm))
			strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
		fprintf(fp, "%-8s ", hms);
	}
	fprintf(fp, "%8lld %8lld %8llu %7.2f%% %12.0f %10.0f\n", l.hits, l.misses, l.dirties,
		100 * l.ratio, buffers_kb / 1024.0, cached_kb / 1024.0);
}

/* The counters only grow: each line is the growth since the one before. */
static int print_line(void *ctx, FILE *fp, time_t now)
{
	static __u64 last[TB_CACHESTAT_SLOTS];
	int fd = tb_table_fd(ctx, "counts");
	unsigned long long buffers_kb, cached_kb;
	__u64 d[TB_CACHESTAT_SLOTS];
	uint64_t sum;

	if (fd < 0)
		return -1;
	for (__u32 i = 0; i < TB_CACHESTAT_SLOTS; i++) {
		int err = tb_map_sum_percpu_u64(fd, &i, &sum);

		if (err) {
			tb_error("failed to read map 'counts': %s", strerror(-err));
			return -1;
		}
		d[i] = sum - last[i];
		last[i] = sum;
	}
	meminfo(&buffers_kb, &cached_kb);
	format_line(fp, d, buffers_kb, cached_kb, now, env.timestamp, tb_common.json);
	return 0;
}

/* The functions this kernel has, before a second of compiling: one line when one is missing. */
static int prepare(struct tb_cflags *cf)
{
	if (!tb_kprobes_supported()) {
		/* compiling needs none (--compile-only: tbdoctor --warm, header_trees.sh) */
		if (tb_common.compile_only)
			return 0;
		tb_error("failed to trace the page cache: this kernel has no kprobes (CONFIG_KPROBES "
			 "is off), and cachestat counts calls of mark_page_accessed(), "
			 "add_to_page_cache_lru() and mark_buffer_dirty() (or their folio versions)");
		return -1;
	}
	for (size_t i = 0; i < sizeof(dirtied_tps) / sizeof(dirtied_tps[0]) && !env.dirtied_tp; i++)
		if (tb_tracepoint_exists(dirtied_tps[i]))
			env.dirtied_tp = dirtied_tps[i];
	for (int s = 0; s < TB_CACHESTAT_SLOTS; s++) {
		if (s == TB_CACHESTAT_DIRTIED && env.dirtied_tp)
			continue;
		for (int i = 0; i < 2 && !env.fn[s]; i++)
			if (slot_fns[s][i] && tb_kprobe_exists(slot_fns[s][i]))
				env.fn[s] = slot_fns[s][i];
		if (!env.fn[s]) {
			tb_error("failed to find a kernel function counting %s: %s%s%s cannot be "
				 "kprobed here", slot_what[s], slot_fns[s][0],
				 slot_fns[s][1] ? " nor " : "", slot_fns[s][1] ? slot_fns[s][1] : "");
			return -1;
		}
	}
	(void)cf;
	return 0;
}

static int attach(struct tb_prog *prog)
{
	char tp_fn[96];

	for (int s = 0; s < TB_CACHESTAT_SLOTS; s++) {
		if (!env.fn[s])
			continue;
		tb_info("counting %s at kprobe %s", slot_what[s], env.fn[s]);
		if (tb_attach_kprobe(prog, env.fn[s], slot_bpf[s], false))
			return -1;
	}
	if (!env.dirtied_tp)
		return 0;
	/* "writeback:writeback_dirty_folio": TRACEPOINT_PROBE's tracepoint__writeback__... */
	snprintf(tp_fn, sizeof(tp_fn), "tracepoint__writeback__%s", strchr(env.dirtied_tp, ':') + 1);
	tb_info("counting %s at tracepoint %s", slot_what[TB_CACHESTAT_DIRTIED], env.dirtied_tp);
	return tb_attach_tracepoint(prog, env.dirtied_tp, tp_fn);
}

/* BCC's column header, printed once (no header in JSON) */
static void print_header(void)
{
	if (tb_common.json)
		return;
	if (env.timestamp)
		printf("%-8s ", "TIME");
	printf("%8s %8s %8s %8s %12s %10s\n", "HITS", "MISSES", "DIRTIES", "HITRATIO", "BUFFERS_MB",
	       "CACHED_MB");
	fflush(stdout);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(cachestat),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.before_header = print_header,
	.interval = &interval,
};
TB_TOOL_MAIN(cachestat, tool)
