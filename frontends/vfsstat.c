/* vfsstat: calls of five VFS functions per second, a line each interval, as BCC's vfsstat. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tracebox.h"
#include "vfsstat.h"

TB_BPF_SOURCE_DECLARE(vfsstat);

/* BCC's columns, in its order; the JSON keys are the same names in lower case */
static const char *const stat_names[TB_VFSSTAT_NSTATS] = {
	[TB_VFSSTAT_READ] = "READ",   [TB_VFSSTAT_WRITE] = "WRITE",
	[TB_VFSSTAT_FSYNC] = "FSYNC", [TB_VFSSTAT_OPEN] = "OPEN",
	[TB_VFSSTAT_CREATE] = "CREATE",
};
/* the kernel functions counted, by slot; fsync(2) and fdatasync(2) reach vfs_fsync_range
 * through vfs_fsync, as do msync and O_SYNC writes directly (BCC counts the same one) */
#define KFNS "vfs_read", "vfs_write", "vfs_fsync_range", "vfs_open", "vfs_create"

static struct env {
	long pid; /* -p, -1 = all */
	enum tb_attach_method attach;
} env = { .pid = -1, .attach = TB_ATTACH_AUTO };

static int print_line(void *ctx, FILE *fp, time_t now);
static int metrics(void *ctx, FILE *fp);
/* a line every interval (BCC's default: a second), count times or until Ctrl-C */
static struct tb_interval_opts interval = { .interval_ms = 1000, .print = print_line,
					    .metrics = metrics, .lines = true };

const char *argp_program_version = "vfsstat (tracebox) 0.1";
static const char doc[] =
	"Count some VFS calls (read, write, fsync, open, create), per second.\n"
	"\n"
	"EXAMPLES:\n"
	"    vfsstat                   # count some VFS calls per second\n"
	"    vfsstat -p 185            # trace PID 185 only (ends when it exits)\n"
	"    vfsstat 2 5               # print 2 second summaries, 5 times\n"
	"    vfsstat -v                # say which attach method was chosen, and why\n"
	"    vfsstat --json            # one JSON object per interval\n"
	"    vfsstat --prometheus :9106  # serve the running totals to Prometheus";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry or kprobe", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &interval.interval_ms,
					    &interval.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc,
				  tb_prometheus_children, NULL, NULL };

/* BCC's header: "TIME" padded to 8 and two spaces, then " %8s" per column ("READ/s"). Pure,
 * for the unit test. */
static void format_header(char *line, size_t len)
{
	size_t off = (size_t)snprintf(line, len, "%-8s  ", "TIME");

	for (int i = 0; i < TB_VFSSTAT_NSTATS && off < len; i++) {
		char label[16];

		snprintf(label, sizeof(label), "%s/s", stat_names[i]);
		off += (size_t)snprintf(line + off, len - off, " %8s", label);
	}
}

static void print_header(void)
{
	char line[128];

	if (tb_common.json || tb_prometheus.listen)
		return;
	format_header(line, sizeof(line));
	printf("%s\n", line);
	fflush(stdout);
}

/* One interval's line from its counts: "HH:MM:SS: " and " %8llu" per column, each count
 * divided by the interval in seconds (BCC's integer rate, the last Ctrl-C'd interval too);
 * JSON: {"time":"HH:MM:SS","read":N,...}, the same rates. Pure, for the unit test. */
static void format_line(char *line, size_t len, time_t now, const __u64 counts[TB_VFSSTAT_NSTATS],
			long seconds, bool json)
{
	char hms[16] = "";
	size_t off;
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	off = (size_t)snprintf(line, len, json ? "{\"time\":\"%s\"" : "%-8s: ", hms);
	for (int i = 0; i < TB_VFSSTAT_NSTATS && off < len; i++) {
		unsigned long long rate = counts[i] / (__u64)(seconds > 0 ? seconds : 1);

		if (json) {
			char key[16];
			int k;

			for (k = 0; stat_names[i][k] && k < (int)sizeof(key) - 1; k++)
				key[k] = (char)(stat_names[i][k] | 0x20); /* A-Z to a-z */
			key[k] = '\0';
			off += (size_t)snprintf(line + off, len - off, ",\"%s\":%llu", key, rate);
		} else {
			off += (size_t)snprintf(line + off, len - off, " %8llu", rate);
		}
	}
	if (json && off < len)
		snprintf(line + off, len - off, "}");
}

/* The running totals (summed over CPUs) into totals. 0, or -1 after one error line. */
static int read_totals(void *ctx, __u64 totals[TB_VFSSTAT_NSTATS])
{
	int fd = tb_table_fd(ctx, "stats");

	if (fd < 0)
		return -1;
	for (__u32 slot = 0; slot < TB_VFSSTAT_NSTATS; slot++) {
		uint64_t sum = 0;
		int err = tb_map_sum_percpu_u64(fd, &slot, &sum);

		if (err) {
			tb_error("failed to read map 'stats': %s", strerror(-err));
			return -1;
		}
		totals[slot] = sum;
	}
	return 0;
}

static __u64 last[TB_VFSSTAT_NSTATS]; /* the totals at the previous line */

static int print_line(void *ctx, FILE *fp, time_t now)
{
	__u64 totals[TB_VFSSTAT_NSTATS], counts[TB_VFSSTAT_NSTATS];
	char line[256];

	if (read_totals(ctx, totals))
		return -1;
	for (int i = 0; i < TB_VFSSTAT_NSTATS; i++) {
		counts[i] = totals[i] - last[i];
		last[i] = totals[i];
	}
	format_line(line, sizeof(line), now, counts, interval.interval_ms / 1000, tb_common.json);
	fprintf(fp, "%s\n", line);
	return 0;
}

/* --prometheus: the running totals as one counter labelled by call (never cleared) */
static int metrics(void *ctx, FILE *fp)
{
	static const char *const kfns[TB_VFSSTAT_NSTATS] = { KFNS };
	__u64 totals[TB_VFSSTAT_NSTATS];

	if (read_totals(ctx, totals))
		return -1;
	tb_prom_header(fp, "tracebox_vfsstat_calls_total", "counter",
		       env.pid > 0 ? "VFS calls of the process traced" : "VFS calls");
	for (int i = 0; i < TB_VFSSTAT_NSTATS; i++)
		fprintf(fp, "tracebox_vfsstat_calls_total{call=\"%s\"} %llu\n", kfns[i],
			(unsigned long long)totals[i]);
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	return 0;
}

/* the five functions, by fentry where the kernel has it, else kprobes; no tracepoint stands
 * in for them, so a kernel with neither refuses in one line */
static const struct tb_attach_target target = {
	.kfns = { KFNS }, .methods = METHODS, .purpose = "VFS calls" };
/* libbcc names them kfunc__ + the function: KFUNC_PROBE(vfs_read) */
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__vfs_read" },
	{ TB_KFUNC, NULL, "kfunc__vfs_write" },
	{ TB_KFUNC, NULL, "kfunc__vfs_fsync_range" },
	{ TB_KFUNC, NULL, "kfunc__vfs_open" },
	{ TB_KFUNC, NULL, "kfunc__vfs_create" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "vfs_read", "on_read" },
	{ TB_KPROBE, "vfs_write", "on_write" },
	{ TB_KPROBE, "vfs_fsync_range", "on_fsync" },
	{ TB_KPROBE, "vfs_open", "on_open" },
	{ TB_KPROBE, "vfs_create", "on_create" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(vfsstat),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe },
	.prepare = prepare,
	.watch_pid = &env.pid, /* -p: the lines end with the process */
	.before_header = print_header,
	.interval = &interval,
};
TB_TOOL_MAIN(vfsstat, tool)
