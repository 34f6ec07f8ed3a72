/* softirqs: summarize soft interrupt time (or counts) per vector, as BCC's softirqs. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "softirqs.h"

_Static_assert(sizeof(struct softirqs_key) == 16, "struct softirqs_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(softirqs);

const char *argp_program_version = "softirqs (tracebox) 0.1";
static const char doc[] =
	"Summarize soft irq event time as histograms.\n"
	"\n"
	"USAGE: softirqs [-h] [-T] [-N] [-C] [-d] [-c CPU] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    softirqs            # sum soft irq event time\n"
	"    softirqs -C         # show the number of soft irq events\n"
	"    softirqs -d         # show soft irq event time as histograms\n"
	"    softirqs 1 10       # print 1 second summaries, 10 times\n"
	"    softirqs -NT 1      # 1s summaries, nanoseconds, and timestamps\n"
	"    softirqs -c 1       # sum soft irq event time on CPU 1 only\n"
	"    softirqs --json 1   # one JSON object per second\n"
	"    softirqs --prometheus :9104  # serve the totals to Prometheus";

static const struct argp_child children[] = {
	{ &tb_sumtool_argp, 0, NULL, 0 },
	{ &tb_prometheus_argp, 0, "Fleets:", 0 },
	{ &tb_common_argp, 0, "Common options:", 0 },
	{ 0 },
};
static const struct argp argp = { NULL, NULL, "[interval [count]]", doc, children, NULL, NULL };

/* softirq_to_name[] in kernel/softirq.c; a vector past it is shown by number. */
static const char *const vec_names[] = {
	"hi", "timer", "net_tx", "net_rx", "block", "irq_poll", "tasklet", "sched", "hrtimer", "rcu",
};
#define NVEC (sizeof(vec_names) / sizeof(vec_names[0]))

static void vec_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	__u32 vec;

	memcpy(&vec, section, sizeof(vec));
	if (vec < NVEC) {
		snprintf(l->text, sizeof(l->text), "%s", vec_names[vec]);
		snprintf(l->json, sizeof(l->json), "\"%s\"", vec_names[vec]);
	} else {
		snprintf(l->text, sizeof(l->text), "vec%u", vec);
		snprintf(l->json, sizeof(l->json), "\"vec%u\"", vec);
	}
}

struct tb_sumtool tb_sumtool = {
	TB_SUMTOOL_DEFAULTS,
	.what = "soft irq",
	.count_flag = "--events",
	.name_header = "SOFTIRQ",
	.name_width = 16,
	.section_header = "softirq",
	.label = vec_label,
};

/* -C counts at entry alone */
static int attach_exit(struct tb_prog *prog)
{
	static const struct tb_probe exit_probe = { TB_TRACEPOINT, "irq:softirq_exit" };

	return tb_sumtool.count ? 0 : tb_probe_attach(prog, &exit_probe);
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "irq:softirq_entry" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(softirqs),
	.argp = &argp,
	.prepare = tb_sumtool_cflags,
	.probes = probes,
	.attach = attach_exit,
	.run = tb_sumtool_run,
};
TB_TOOL_MAIN(softirqs, tool)
