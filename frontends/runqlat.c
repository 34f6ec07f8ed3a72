/* runqlat: summarize run queue (scheduler) latency as a histogram, as BCC's runqlat does. */
#include <argp.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracebox.h"
#include "runqlat.h"

_Static_assert(sizeof(struct runqlat_key) == 16, "struct runqlat_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(runqlat);

static struct env {
	bool milliseconds; /* -m */
	int section;       /* -P, -L, --pidnss: TB_RUNQLAT_* */
	long pid;          /* -p, -1 = all */
	bool raw;          /* raw tracepoints (4.17+), else tracepoints: -p, -P, --pidnss need them */
} env = { .pid = -1 };

static int print_dist(void *ctx, FILE *fp, time_t now);
/* one summary at Ctrl-C, or every interval, count times */
static struct tb_interval_opts interval = { .print = print_dist };

const char *argp_program_version = "runqlat (tracebox) 0.1";
static const char doc[] =
	"Summarize run queue (scheduler) latency as a histogram.\n"
	"\n"
	"USAGE: runqlat [-h] [-T] [-m] [-P] [-L] [--pidnss] [-p PID] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    runqlat            # summarize run queue latency as a histogram\n"
	"    runqlat 1 10       # print 1 second summaries, 10 times\n"
	"    runqlat -mT 1      # 1s summaries, milliseconds, and timestamps\n"
	"    runqlat -P         # show each PID separately\n"
	"    runqlat -L         # show each thread ID separately\n"
	"    runqlat --pidnss   # show each PID namespace separately\n"
	"    runqlat -p 185     # trace PID 185 only\n"
	"    runqlat --json 1   # one JSON object per second";

enum { OPT_PIDNSS = 0x100 };

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "pids", 'P', NULL, 0, "Print a histogram per process ID", 0 },
	{ "tids", 'L', NULL, 0, "Print a histogram per thread ID", 0 },
	{ "pidnss", OPT_PIDNSS, NULL, 0, "Print a histogram per PID namespace", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ 0 },
};

static int set_section(int section)
{
	if (env.section && env.section != section) {
		tb_error("invalid options: -P, -L and --pidnss cannot be used together");
		return -1;
	}
	env.section = section;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': interval.timestamp = true; break;
	case 'm': env.milliseconds = true; break;
	case 'P': err = set_section(TB_RUNQLAT_PID); break;
	case 'L': err = set_section(TB_RUNQLAT_TID); break;
	case OPT_PIDNSS: err = set_section(TB_RUNQLAT_PIDNS); break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
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

/* A number from a /proc or /sys file (pid_max, max_pid_namespaces), or def. */
static long read_proc_long(const char *path, long def)
{
	FILE *f = fopen(path, "r");
	long v = def;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1 || v <= 0)
			v = def;
		fclose(f);
	}
	return v;
}

/* "pid = 123 comm": the comm is read now from /proc (empty once the process has exited), as
 * libbpf-tools' runqlat shows it; BCC's Python runqlat prints the number alone. */
static void id_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	char path[64], comm[32] = "";
	__u32 id;
	int fd;

	memcpy(&id, section, sizeof(id));
	if (env.section == TB_RUNQLAT_PIDNS) {
		snprintf(l->text, sizeof(l->text), "%u", id);
		snprintf(l->json, sizeof(l->json), "%u", id);
		return;
	}
	/* open/read, not stdio: one section per process, hundreds of them each interval */
	snprintf(path, sizeof(path), "/proc/%u/comm", id);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, comm, sizeof(comm) - 1);

		comm[n > 0 ? n : 0] = 0;
		comm[strcspn(comm, "\n")] = 0;
		close(fd);
	}
	snprintf(l->text, sizeof(l->text), comm[0] ? "%u %s" : "%u", id, comm);
	{
		FILE *j = fmemopen(l->json, sizeof(l->json), "w");

		if (j) {
			fprintf(j, "{\"%s\":%u,\"comm\":", env.section == TB_RUNQLAT_TID ? "tid" : "pid", id);
			tb_json_string(j, comm);
			fputc('}', j);
			fclose(j);
		}
	}
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	static const char *const headers[] = { NULL, "pid", "tid", "pidns" };
	struct tb_hist_print_opts opts = {
		.unit = env.milliseconds ? "msecs" : "usecs",
		.section_header = headers[env.section],
		.label = id_label,
	};

	return tb_hist_dump(ctx, "dist", &opts, tb_common.json, fp, now);
}

static const char *const sched_tps[] = { "sched_wakeup", "sched_wakeup_new", "sched_switch" };

/* raw tracepoints where the kernel has them (4.17+), else the tracepoints */
static int choose_tracepoints(void)
{
	env.raw = true;
	for (size_t i = 0; i < 3; i++)
		env.raw = env.raw && tb_raw_tracepoint_exists(sched_tps[i]);
	if (!env.raw && (env.pid > 0 || env.section == TB_RUNQLAT_PID ||
			 env.section == TB_RUNQLAT_PIDNS)) {
		tb_error("failed to trace by process: -p, -P and --pidnss need raw tracepoints "
			 "(Linux 4.17), which this kernel lacks (-L works)");
		return -1;
	}
	tb_info("attaching to %s", env.raw ? "raw tracepoints sched_wakeup, sched_wakeup_new, "
		"sched_switch" : "tracepoints sched:sched_wakeup, sched_wakeup_new, sched_switch "
		"(no raw tracepoints here: they need Linux 4.17)");
	return 0;
}

static int build_cflags(struct tb_cflags *cf, bool raw)
{
	long pid_max = read_proc_long("/proc/sys/kernel/pid_max", 32768);

	if (tb_cflags_add(cf, "-DMAX_PID=%ld", pid_max) ||
	    tb_cflags_add(cf, "-DTB_SECTION=%d", env.section))
		return -1;
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.milliseconds && tb_cflags_add(cf, "-DMILLISECONDS=1"))
		return -1;
	if (!raw && tb_cflags_add(cf, "-DTB_USE_TRACEPOINTS=1"))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	return choose_tracepoints() ? -1 : build_cflags(cf, env.raw);
}

static int attach(struct tb_prog *prog)
{
	char tp[64];

	for (size_t i = 0; i < 3; i++) {
		snprintf(tp, sizeof(tp), "sched:%s", sched_tps[i]);
		if (tb_probe_attach(prog, &(struct tb_probe){
			    env.raw ? TB_RAW_TRACEPOINT : TB_TRACEPOINT, env.raw ? sched_tps[i] : tp }))
			return -1;
	}
	return 0;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(runqlat),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.banner = "run queue latency",
	.interval = &interval,
};
TB_TOOL_MAIN(runqlat, tool)

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return runqlat_main(argc, argv);
}
#endif
