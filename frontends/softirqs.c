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
	"    softirqs --json 1   # one JSON object per second";

static const struct argp_child children[] = {
	{ &tb_sumtool_argp, 0, NULL, 0 },
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

static int parse_args(int argc, char **argv)
{
	tb_sumtool.what = "soft irq";
	tb_sumtool.count_flag = "--events";
	tb_sumtool.name_header = "SOFTIRQ";
	tb_sumtool.name_width = 16;
	tb_sumtool.section_header = "softirq";
	tb_sumtool.label = vec_label;
	return tb_argp_parse(&argp, argc, argv);
}

int softirqs_main(int argc, char **argv);
int softirqs_main(int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog = NULL;
	int err = -1;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	if (tb_common.dump_bpf)
		return tb_dump_source(tb_bpf_softirqs);
	if (tb_sumtool_cflags(&cflags))
		goto cleanup;
	prog = tb_prog_compile_tool(tb_bpf_softirqs, tb_bpf_softirqs_name, &cflags);
	if (!prog)
		goto cleanup;
	if (tb_attach_tracepoint(prog, "irq:softirq_entry", "tracepoint__irq__softirq_entry"))
		goto cleanup;
	/* -C counts at entry alone */
	if (!tb_sumtool.count &&
	    tb_attach_tracepoint(prog, "irq:softirq_exit", "tracepoint__irq__softirq_exit"))
		goto cleanup;
	tb_signals_install();
	err = tb_sumtool_run(prog);
cleanup:
	tb_prog_destroy(prog);
	tb_cflags_free(&cflags);
	return err ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return softirqs_main(argc, argv);
}
#endif
