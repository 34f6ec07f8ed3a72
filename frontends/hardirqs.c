/* hardirqs: summarize hard interrupt handler time (or counts) per handler, as BCC's hardirqs. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>

#include "tracebox.h"
#include "hardirqs.h"

_Static_assert(sizeof(struct hardirqs_key) == TB_HARDIRQS_NAME_LEN + 8,
	       "struct hardirqs_key must match the BPF side");

TB_BPF_SOURCE_DECLARE(hardirqs);

const char *argp_program_version = "hardirqs (tracebox) 0.1";
static const char doc[] =
	"Summarize hard irq event time as histograms.\n"
	"\n"
	"USAGE: hardirqs [-h] [-T] [-N] [-C] [-d] [-c CPU] [interval] [outputs]\n"
	"\n"
	"EXAMPLES:\n"
	"    hardirqs            # sum hard irq event time\n"
	"    hardirqs -d         # show hard irq event time as histograms\n"
	"    hardirqs 1 10       # print 1 second summaries, 10 times\n"
	"    hardirqs -NT 1      # 1s summaries, nanoseconds, and timestamps\n"
	"    hardirqs -C         # count hard irq events instead of timing them\n"
	"    hardirqs -c 1       # sum hard irq event time on CPU 1 only\n"
	"    hardirqs --json 1   # one JSON object per second\n"
	"    hardirqs --prometheus :9104  # serve the totals to Prometheus";

static const struct argp_child children[] = {
	{ &tb_sumtool_argp, 0, NULL, 0 },
	{ &tb_prometheus_argp, 0, "Fleets:", 0 },
	{ &tb_common_argp, 0, "Common options:", 0 },
	{ 0 },
};
static const struct argp argp = { NULL, NULL, "[interval [outputs]]", doc, children, NULL, NULL };

struct tb_sumtool tb_sumtool = {
	TB_SUMTOOL_DEFAULTS,
	.what = "hard irq",
	.count_flag = "--count",
	.name_header = "HARDIRQ",
	.name_width = 26,
	.section_header = "hardirq",
	.label = tb_sumtool_string_label, /* the handler's name, e.g. "virtio1-req.0" */
};

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "irq:irq_handler_entry" },
	{ TB_TRACEPOINT, "irq:irq_handler_exit" }, /* -C counts here too: a handled irq */
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(hardirqs),
	.argp = &argp,
	.prepare = tb_sumtool_cflags,
	.probes = probes,
	.run = tb_sumtool_run,
};
TB_TOOL_MAIN(hardirqs, tool)
