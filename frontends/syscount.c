/* syscount: summarize syscall counts and latencies, per syscall or per process, as BCC's syscount. */
#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "tracebox.h"
#include "syscount.h"

_Static_assert(sizeof(struct syscount_val) == 16 + TB_SYSCOUNT_COMM_LEN,
	       "struct syscount_val must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(syscount);

#define TB_CGROUP2_MAGIC 0x63677270 /* CGROUP2_SUPER_MAGIC */

static struct env {
	long pid, tid;         /* -p, -t: -1 = all */
	long interval_ms;      /* -i, 0 = one summary at Ctrl-C */
	long duration_ms;      /* -d */
	int top;               /* -T */
	bool failures;         /* -x */
	int errnum;            /* -e, 0 = any */
	bool latency;          /* -L */
	bool milliseconds;     /* -m */
	bool process;          /* -P */
	bool list;             /* -l */
	const char *syscall;   /* --syscall, as given */
	long syscall_nr;       /* its number, -1 = all */
	long ppid;             /* -c */
	const char *cgroup;    /* --cgroup */
	int cgroup_fd;
	bool started;          /* the banner was printed: "Detaching..." at the end */
} env = { .ppid = -1, .pid = -1, .tid = -1, .top = 10, .syscall_nr = -1, .cgroup_fd = -1 };

static int print_summary(void *ctx, FILE *fp, time_t now);
static int metrics(void *ctx, FILE *fp);
/* the loader's interval loop: one summary at Ctrl-C, or every -i, until -d; or --prometheus */
static struct tb_interval_opts interval = { .print = print_summary, .metrics = metrics };

const char *argp_program_version = "syscount (tracebox) 0.1";
static const char doc[] =
	"Summarize syscall counts and latencies.\n"
	"\n"
	"USAGE: syscount [-h] [-p PID] [-t TID] [-i INTERVAL] [-d DURATION] [-T TOP] [-x]\n"
	"                [-e ERRNO] [-L] [-m] [-P] [-l] [--syscall SYSCALL] [-c CGROUP]\n"
	"\n"
	"EXAMPLES:\n"
	"    syscount                  # count syscalls system-wide, top 10 at Ctrl-C\n"
	"    syscount -p 181           # only PID 181 (ends when it exits)\n"
	"    syscount -t 123           # only thread 123\n"
	"    syscount -i 1 -d 10       # a summary every second, for 10 seconds\n"
	"    syscount -T 20            # the top 20\n"
	"    syscount -x               # only failed syscalls\n"
	"    syscount -e ENOENT        # only syscalls failing with ENOENT\n"
	"    syscount -L               # time spent in each syscall too (us)\n"
	"    syscount -Lm              # ... in milliseconds\n"
	"    syscount -P               # count by process instead of by syscall\n"
	"    syscount --syscall openat # only openat\n"
	"    syscount -c 181           # only children of PID 181\n"
	"    syscount --cgroup /sys/fs/cgroup/unified/app  # only processes of this cgroup (v2)\n"
	"    syscount -l               # list the syscall names known\n"
	"    syscount --json -i 1      # one JSON object per second\n"
	"    syscount -L --prometheus :9105  # serve counts and times per syscall to Prometheus";

enum { OPT_SYSCALL = 0x100, OPT_CGROUP };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace only this pid", 0 },
	{ "tid", 't', "TID", 0, "Trace only this tid", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Print summary at this interval (seconds)", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace, in seconds", 0 },
	{ "top", 'T', "TOP", 0, "Print only the top syscalls by count or latency (default 10)", 0 },
	{ "failures", 'x', NULL, 0, "Trace only failed syscalls (return < 0)", 0 },
	{ "errno", 'e', "ERRNO", 0, "Trace only syscalls that return this error (numeric or "
				    "EPERM, etc.)", 0 },
	{ "latency", 'L', NULL, 0, "Collect syscall latency", 0 },
	{ "milliseconds", 'm', NULL, 0, "Display latency in milliseconds (default: "
					"microseconds)", 0 },
	{ "process", 'P', NULL, 0, "Count by process and not by syscall", 0 },
	{ "list", 'l', NULL, 0, "Print list of recognized syscalls and exit", 0 },
	{ "syscall", OPT_SYSCALL, "SYSCALL", 0, "Trace this syscall only (a name, see -l, or a "
						"number)", 0 },
	{ "ppid", 'c', "PPID", 0, "Trace only children of this pid", 0 },
	{ "cgroup", OPT_CGROUP, "CGROUP", 0, "Trace only processes in this cgroup v2 directory", 0 },
	{ 0 },
};

/* -e: a number (BCC takes its absolute value) or a name from <errno.h>, any case. */
static int parse_errno(const char *s, int *out)
{
	char name[32];
	size_t i;

	if (s[0] == '-' && isdigit((unsigned char)s[1]))
		s++;
	if (isdigit((unsigned char)s[0]))
		return tb_parse_int(s, 1, 4095, "errno", out);
	for (i = 0; s[i] && i < sizeof(name) - 1; i++)
		name[i] = (char)toupper((unsigned char)s[i]);
	name[i] = 0;
	if (!s[i] && (*out = tb_errno_number(name)) > 0)
		return 0;
	tb_error("invalid errno '%s': expected a number from 1 to 4095 or a name such as ENOENT", s);
	return -1;
}

/* --syscall: a name of this architecture's table, or a number (one newer than the table). */
static int parse_syscall(const char *s, long *nr)
{
	if (isdigit((unsigned char)s[0]))
		return tb_parse_long(s, 0, 4095, "syscall number", nr);
	*nr = tb_syscall_number(s);
	if (*nr >= 0)
		return 0;
	tb_error("invalid syscall '%s': no syscall of that name (syscount -l lists them)", s);
	return -1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* -l: the names known, sorted, four to a line as BCC prints them; --json: one object. */
static int list_syscalls(FILE *fp, bool json)
{
	long limit = tb_syscall_limit(), n = 0;
	const char **names = calloc(limit > 0 ? (size_t)limit : 1, sizeof(*names));

	if (!names) {
		tb_error("failed to list syscalls: out of memory");
		return -1;
	}
	for (long nr = 0; nr < limit; nr++)
		if (tb_syscall_name(nr))
			names[n++] = tb_syscall_name(nr);
	qsort(names, n, sizeof(*names), cmp_names);
	if (json)
		fputs("{\"syscalls\":[", fp);
	for (long i = 0; i < n; i++) {
		if (json)
			fprintf(fp, "%s{\"name\":\"%s\",\"nr\":%ld}", i ? "," : "", names[i],
				tb_syscall_number(names[i]));
		else
			fprintf(fp, "%s%-22s%s", i % 4 ? "   " : "", names[i],
				i % 4 == 3 || i == n - 1 ? "\n" : "");
	}
	if (json)
		fputs("]}\n", fp);
	free(names);
	return 0;
}

/* BCC: -d alone is one summary after that long; with -i, summaries every -i until -d. */
static void set_interval(void)
{
	interval.interval_ms = env.interval_ms;
	interval.count = 0;
	if (env.duration_ms && !env.interval_ms) {
		interval.interval_ms = env.duration_ms;
		interval.count = 1;
	} else if (env.duration_ms) {
		interval.count = (env.duration_ms + env.interval_ms - 1) / env.interval_ms;
	}
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'i': err = tb_parse_seconds(arg, 99999999, "interval", &env.interval_ms); break;
	case 'd': err = tb_parse_seconds(arg, 99999999, "duration", &env.duration_ms); break;
	case 'T': err = tb_parse_int(arg, 1, 99999999, "TOP", &env.top); break;
	case 'x': env.failures = true; break;
	case 'e': err = parse_errno(arg, &env.errnum); break;
	case 'L': env.latency = true; break;
	case 'm': env.milliseconds = true; break;
	case 'P': env.process = true; break;
	case 'l': env.list = true; break;
	case OPT_SYSCALL:
		env.syscall = arg;
		err = parse_syscall(arg, &env.syscall_nr);
		break;
	case 'c': err = tb_parse_pid(arg, "PPID", &env.ppid); break;
	case OPT_CGROUP: env.cgroup = arg; break;
	case ARGP_KEY_END:
		set_interval();
		/* as argp's --help: the list is all this run does */
		if (env.list)
			exit(list_syscalls(stdout, tb_common.json) ? 1 : 0);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_prometheus_children, NULL, NULL };

/* --cgroup: a cgroup v2 directory, opened before compiling so that a wrong path costs no compile;
 * bpf_current_task_under_cgroup knows only the v2 hierarchy. */
static int open_cgroup(void)
{
	struct statfs fs;

	env.cgroup_fd = open(env.cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (env.cgroup_fd < 0) {
		tb_error("failed to open cgroup '%s': %s", env.cgroup, strerror(errno));
		return -1;
	}
	if (fstatfs(env.cgroup_fd, &fs) || fs.f_type != TB_CGROUP2_MAGIC) {
		tb_error("failed to use cgroup '%s': not a cgroup v2 directory (see where cgroup2 is "
			 "mounted: grep cgroup2 /proc/mounts)", env.cgroup);
		return -1;
	}
	return 0;
}

static int build_cflags(struct tb_cflags *cf)
{
	long exit_nr = tb_syscall_number("exit"), exit_group_nr = tb_syscall_number("exit_group");

	if ((env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.ppid >= 0 && tb_cflags_add(cf, "-DTARG_PPID=%ld", env.ppid)) ||
	    (env.tid > 0 && tb_cflags_add(cf, "-DTARG_TID=%ld", env.tid)) ||
	    (env.syscall_nr >= 0 && tb_cflags_add(cf, "-DTARG_NR=%ld", env.syscall_nr)) ||
	    (env.failures && tb_cflags_add(cf, "-DTB_FAILED=1")) ||
	    (env.errnum > 0 && tb_cflags_add(cf, "-DTARG_ERRNO=%d", env.errnum)) ||
	    (env.latency && tb_cflags_add(cf, "-DTB_LATENCY=1")) ||
	    (env.process && tb_cflags_add(cf, "-DTB_BY_PROCESS=1")) ||
	    (env.cgroup && tb_cflags_add(cf, "-DTB_CGROUP=1")) ||
	    (exit_nr >= 0 && tb_cflags_add(cf, "-DTB_NR_EXIT=%ld", exit_nr)) ||
	    (exit_group_nr >= 0 && tb_cflags_add(cf, "-DTB_NR_EXIT_GROUP=%ld", exit_group_nr)))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.cgroup && open_cgroup())
		return -1;
	return build_cflags(cf);
}

static int setup(struct tb_prog *prog)
{
	__u32 key = 0, fd = (__u32)env.cgroup_fd;
	int map, err;

	if (!env.cgroup)
		return 0;
	map = tb_table_fd(prog, "cgroup");
	if (map < 0)
		return -1;
	err = tb_map_update(map, &key, &fd, 0);
	if (err) {
		tb_error("failed to set cgroup '%s' in table 'cgroup': %s", env.cgroup, strerror(-err));
		return -1;
	}
	return 0;
}

/* One row of a summary: a syscall number (or a process ID with -P) and its value. */
struct row {
	__u32 key;
	struct syscount_val val;
};

/* Largest first: counts, or times with -L; equal ones by key, so the output is stable. */
static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	__u64 vx = env.latency ? x->val.total_ns : x->val.count;
	__u64 vy = env.latency ? y->val.total_ns : y->val.count;

	if (vx != vy)
		return vx > vy ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The name column as BCC prints it: "read" or "[unknown: 462]"; with -P "PID    COMM". */
static void format_key(const struct row *r, char *buf, size_t len)
{
	char comm[TB_SYSCOUNT_COMM_LEN + 1];

	if (!env.process) {
		tb_syscall_format(r->key, buf, len);
		return;
	}
	snprintf(comm, sizeof(comm), "%.*s", TB_SYSCOUNT_COMM_LEN, r->val.comm);
	snprintf(buf, len, "%-6u %-15s", r->key, comm[0] ? comm : "[unknown]");
}

static void print_text(FILE *fp, const struct row *rows, size_t n, time_t now)
{
	const char *agg = env.process ? "PID    COMM" : "SYSCALL";
	char hms[16] = "", name[64];
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	fprintf(fp, "[%s]\n", hms);
	if (env.latency)
		fprintf(fp, "%-22s %8s %16s\n", agg, "COUNT",
			env.milliseconds ? "TIME (ms)" : "TIME (us)");
	else
		fprintf(fp, "%-22s %8s\n", agg, "COUNT");
	for (size_t i = 0; i < n; i++) {
		format_key(&rows[i], name, sizeof(name));
		fprintf(fp, "%-22s %8llu", name, (unsigned long long)rows[i].val.count);
		if (env.latency && env.milliseconds)
			fprintf(fp, " %16.6f", rows[i].val.total_ns / 1e6);
		else if (env.latency)
			fprintf(fp, " %16.3f", rows[i].val.total_ns / 1e3);
		fputc('\n', fp);
	}
}

/* {"ts":..,["unit":"usecs",]"syscalls":[{"syscall":"read","nr":0,"count":5[,"time":1.5]}]};
 * a syscall past the table has "syscall":null; with -P "processes":[{"pid":..,"comm":..}]. */
static void print_json(FILE *fp, const struct row *rows, size_t n, time_t now)
{
	fputs("{\"ts\":", fp);
	tb_hist_json_ts(fp, now);
	if (env.latency)
		fprintf(fp, ",\"unit\":\"%s\"", env.milliseconds ? "msecs" : "usecs");
	fprintf(fp, ",\"%s\":[", env.process ? "processes" : "syscalls");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		fputs(i ? ",{" : "{", fp);
		if (env.process) {
			char comm[TB_SYSCOUNT_COMM_LEN + 1];

			snprintf(comm, sizeof(comm), "%.*s", TB_SYSCOUNT_COMM_LEN, r->val.comm);
			fprintf(fp, "\"pid\":%u,\"comm\":", r->key);
			tb_json_string(fp, comm);
		} else {
			const char *name = tb_syscall_name(r->key);

			fprintf(fp, "\"syscall\":%s%s%s,\"nr\":%u", name ? "\"" : "",
				name ? name : "null", name ? "\"" : "", r->key);
		}
		fprintf(fp, ",\"count\":%llu", (unsigned long long)r->val.count);
		if (env.latency)
			fprintf(fp, ",\"time\":%.*f", env.milliseconds ? 6 : 3,
				r->val.total_ns / (env.milliseconds ? 1e6 : 1e3));
		fputc('}', fp);
	}
	fputs("]}\n", fp);
}

/* Reads and clears table `data` (as BCC's data.clear()), prints the top rows. */
/* Table `data` as rows, largest first (emptied with clear, as each interval starts afresh).
 * NULL after one error line. */
static struct row *read_rows(struct tb_prog *prog, bool clear, size_t *n)
{
	struct tb_map_records recs = { 0 };
	struct row *rows;
	int fd = tb_table_fd(prog, "data"), err;

	if (fd < 0)
		return NULL;
	err = tb_map_read_all(fd, sizeof(__u32), sizeof(struct syscount_val), clear, &recs);
	if (err) {
		tb_error("failed to read table 'data': %s", strerror(-err));
		return NULL;
	}
	rows = calloc(recs.n ? recs.n : 1, sizeof(*rows));
	if (!rows) {
		tb_map_records_free(&recs);
		tb_error("failed to read table 'data': out of memory");
		return NULL;
	}
	for (size_t i = 0; i < recs.n; i++) {
		const unsigned char *rec = recs.recs + i * recs.rec_size;

		memcpy(&rows[i].key, rec, sizeof(__u32));
		memcpy(&rows[i].val, rec + recs.key_size, sizeof(struct syscount_val));
	}
	qsort(rows, recs.n, sizeof(*rows), cmp_rows);
	*n = recs.n;
	tb_map_records_free(&recs);
	return rows;
}

static int print_summary(void *ctx, FILE *fp, time_t now)
{
	size_t n;
	struct row *rows = read_rows(ctx, true, &n);

	if (!rows)
		return -1;
	if (tb_common.json)
		print_json(fp, rows, n < (size_t)env.top ? n : (size_t)env.top, now);
	else
		print_text(fp, rows, n < (size_t)env.top ? n : (size_t)env.top, now);
	free(rows);
	return 0;
}

/* --prometheus: every row (not the top), counted since the start, as counters */
static int metrics(void *ctx, FILE *fp)
{
	static const char *const names[] = { "tracebox_syscount_calls_total",
					     "tracebox_syscount_seconds_total" };
	size_t n;
	struct row *rows = read_rows(ctx, false, &n);

	if (!rows)
		return -1;
	for (int m = 0; m < (env.latency ? 2 : 1); m++) {
		tb_prom_header(fp, names[m], "counter", m ? "Time spent in syscalls" :
			       env.failures ? "Failed syscalls" : "Syscalls");
		for (size_t i = 0; i < n; i++) {
			char comm[TB_SYSCOUNT_COMM_LEN + 1], nr[16];
			const char *name = tb_syscall_name(rows[i].key);

			fprintf(fp, "%s{", names[m]);
			if (env.process) {
				snprintf(comm, sizeof(comm), "%.*s", TB_SYSCOUNT_COMM_LEN,
					 rows[i].val.comm);
				fprintf(fp, "pid=\"%u\",comm=", rows[i].key);
				tb_prom_label_value(fp, comm);
			} else {
				snprintf(nr, sizeof(nr), "%u", rows[i].key);
				fputs("syscall=", fp);
				tb_prom_label_value(fp, name ? name : nr);
			}
			if (m)
				fprintf(fp, "} %.9f\n", rows[i].val.total_ns / 1e9);
			else
				fprintf(fp, "} %llu\n", (unsigned long long)rows[i].val.count);
		}
	}
	free(rows);
	return 0;
}

static void banner(void)
{
	env.started = true;
	if (tb_common.json)
		return;
	if (env.syscall)
		printf("Tracing %ssyscall '%s'... Ctrl+C to quit.\n", env.failures ? "failed " : "",
		       env.syscall);
	else
		printf("Tracing %ssyscalls, printing top %d... Ctrl+C to quit.\n",
		       env.failures ? "failed " : "", env.top);
	fflush(stdout);
}

static void finish(struct tb_prog *prog)
{
	if (env.started && !tb_common.json)
		printf("Detaching...\n");
}

static void cleanup(void)
{
	if (env.cgroup_fd >= 0)
		close(env.cgroup_fd);
	env.cgroup_fd = -1;
}

static const struct tb_probe probes[] = {
	/* the entry only to time syscalls (-L); counting is done at the exit */
	{ TB_TRACEPOINT, "raw_syscalls:sys_enter", .when = &env.latency },
	{ TB_TRACEPOINT, "raw_syscalls:sys_exit" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(syscount),
	.argp = &argp,
	.prepare = prepare,
	.setup = setup,
	.probes = probes,
	.watch_pid = &env.pid, /* -p: the summary ends with the process */
	.before_header = banner,
	.interval = &interval,
	.finish = finish,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(syscount, tool)
