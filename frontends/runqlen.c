/* runqlen: summarize the scheduler's run queue length as a histogram, as BCC's runqlen does. */
#include <argp.h>
#include <linux/perf_event.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "runqlen.h"

_Static_assert(sizeof(struct runqlen_key) == 16, "struct runqlen_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(runqlen);

/* BCC samples at 99 Hz, not 100, so as not to run in step with the timer tick */
#define FREQUENCY 99

static struct env {
	bool occupancy; /* -O */
	bool per_cpu;   /* -C */
} env;

static int print_dist(void *ctx, FILE *fp, time_t now);
/* one summary at Ctrl-C, or every interval, count times */
static struct tb_interval_opts interval = { .print = print_dist };

const char *argp_program_version = "runqlen (tracebox) 0.1";
static const char doc[] =
	"Summarize scheduler run queue length as a histogram.\n"
	"\n"
	"USAGE: runqlen [-h] [-T] [-O] [-C] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    runqlen            # summarize run queue length as a histogram\n"
	"    runqlen 1 10       # print 1 second summaries, 10 times\n"
	"    runqlen -T 1       # 1s summaries and timestamps\n"
	"    runqlen -O         # report run queue occupancy\n"
	"    runqlen -C         # show each CPU separately\n"
	"    runqlen -COT 1     # occupancy per CPU, every second, with timestamps\n"
	"    runqlen --json 1   # one JSON object per second";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "runqocc", 'O', NULL, 0, "Report run queue occupancy", 0 },
	{ "cpus", 'C', NULL, 0, "Print output for each CPU separately", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': interval.timestamp = true; break;
	case 'O': env.occupancy = true; break;
	case 'C': env.per_cpu = true; break;
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

/* A -C section's CPU: the key's first member */
static unsigned int section_cpu(const struct tb_hist *h)
{
	__u32 cpu;

	memcpy(&cpu, h->section, sizeof(cpu));
	return cpu;
}

static void print_occ(FILE *fp, bool json, bool first, int cpu, __u64 samples, __u64 queued)
{
	double pct = samples ? 100.0 * (double)queued / (double)samples : 0;

	if (json && cpu < 0)
		fprintf(fp, ",\"samples\":%llu,\"queued\":%llu,\"runqocc\":%.2f",
			(unsigned long long)samples, (unsigned long long)queued, pct);
	else if (json)
		fprintf(fp, "%s{\"cpu\":%d,\"samples\":%llu,\"queued\":%llu,\"runqocc\":%.2f}",
			first ? "" : ",", cpu, (unsigned long long)samples,
			(unsigned long long)queued, pct);
	else if (cpu < 0)
		fprintf(fp, "runqocc: %0.2f%%\n", pct);
	else
		fprintf(fp, "runqocc, CPU %-3d %6.2f%%\n", cpu, pct);
}

/* -O: the share of samples that found a task waiting (length 1 or more), BCC's lines:
 * "runqocc: 41.09%", or with -C one "runqocc, CPU 3   100.00%" for each CPU from 0 to the
 * highest sampled (an unsampled one at 0.00%). JSON: {"ts":..,"samples":N,"queued":N,
 * "runqocc":41.09}, or {"ts":..,"cpus":[{"cpu":0,...},...]}. Pure, for the unit test. */
static void print_occupancy(FILE *fp, const struct tb_hist_set *set, bool per_cpu, bool json,
			    time_t now)
{
	int cpumax = -1;

	if (json) {
		fputs("{\"ts\":", fp);
		tb_hist_json_ts(fp, now);
	}
	if (!per_cpu) {
		const struct tb_hist *h = set->n ? &set->hists[0] : NULL;

		print_occ(fp, json, true, -1, h ? h->total : 0, h ? h->total - h->slots[0] : 0);
		if (json)
			fputs("}\n", fp);
		return;
	}
	for (int i = 0; i < set->n; i++)
		if ((int)section_cpu(&set->hists[i]) > cpumax)
			cpumax = (int)section_cpu(&set->hists[i]);
	if (json)
		fputs(",\"cpus\":[", fp);
	/* sections come sorted by CPU */
	for (int cpu = 0, i = 0; cpu <= cpumax; cpu++) {
		const struct tb_hist *h = i < set->n && (int)section_cpu(&set->hists[i]) == cpu ?
					  &set->hists[i++] : NULL;

		print_occ(fp, json, cpu == 0, cpu, h ? h->total : 0, h ? h->total - h->slots[0] : 0);
	}
	if (json)
		fputs("]}\n", fp);
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	struct tb_hist_print_opts opts = { .unit = "runqlen", .section_header = "cpu",
					   .linear = true, .base = 0, .step = 1 };
	struct tb_hist_set set = { 0 };
	int err;

	if (!env.occupancy)
		return tb_hist_dump(ctx, "dist", &opts, tb_common.json, fp, now);
	err = tb_hist_read(ctx, "dist", &set, true);
	if (!err)
		print_occupancy(fp, &set, env.per_cpu, tb_common.json, now);
	tb_hist_set_free(&set);
	return err;
}

static int build_cflags(struct tb_cflags *cf)
{
	return env.per_cpu ? tb_cflags_add(cf, "-DTB_PER_CPU=1") : 0;
}

/* Where the count of queued tasks is read, said under -v: the private struct cfs_rq is whole
 * in a BTF-made header tree, a stand-in of its head with the kernel's own headers. */
static int prepare(struct tb_cflags *cf)
{
	const struct tb_facts *f = tb_facts();
	struct tb_kheaders kh;

	if (tb_kheaders_choose(&kh) == TB_KHEADERS_BTF) {
		tb_info("reading cfs_rq's %s from the BTF-made headers' struct cfs_rq",
			f->cfs_rq_nr_queued ? "nr_queued" : "nr_running");
	} else if (!f->cfs_rq_from) {
		tb_error("failed to find where struct cfs_rq keeps nr_running: the kernel headers "
			 "have no struct sched_entity in linux/sched.h, and there is no BTF");
		return -1;
	} else {
		tb_info("reading cfs_rq's nr_running through a stand-in: struct load_weight%s, "
			"then nr_running (%s)", f->cfs_rq_runnable_weight ?
			", unsigned long runnable_weight" : "",
			f->cfs_rq_from == TB_FACT_BTF ? "BTF" : "the headers' sched_entity");
	}
	return build_cflags(cf);
}

/* BCC's sampling: the cpu-clock software event at 99 Hz, every CPU (idle ones too) */
static int attach(struct tb_prog *prog)
{
	tb_info("sampling on the cpu-clock software event at %d Hz on every CPU", FREQUENCY);
	return tb_attach_perf_event(prog, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, 0,
				    FREQUENCY, -1, -1, "do_perf_event");
}

/* BCC's own words (not the loader's "Tracing X... Hit Ctrl-C to end.") */
static void print_banner(void)
{
	if (!tb_common.json) {
		printf("Sampling run queue length... Hit Ctrl-C to end.\n");
		fflush(stdout);
	}
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(runqlen),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.before_header = print_banner,
	.interval = &interval,
};
TB_TOOL_MAIN(runqlen, tool)
