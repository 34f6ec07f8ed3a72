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
	"    hardirqs --json 1   # one JSON object per second";

static const struct argp_child children[] = {
	{ &tb_sumtool_argp, 0, NULL, 0 },
	{ &tb_common_argp, 0, "Common options:", 0 },
	{ 0 },
};
static const struct argp argp = { NULL, NULL, "[interval [outputs]]", doc, children, NULL, NULL };

static int parse_args(int argc, char **argv)
{
	tb_sumtool.what = "hard irq";
	tb_sumtool.count_flag = "--count";
	tb_sumtool.name_header = "HARDIRQ";
	tb_sumtool.name_width = 26;
	tb_sumtool.section_header = "hardirq";
	tb_sumtool.label = tb_sumtool_string_label; /* the handler's name, e.g. "virtio1-req.0" */
	return tb_argp_parse(&argp, argc, argv);
}

int hardirqs_main(int argc, char **argv);
int hardirqs_main(int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog = NULL;
	int err = -1;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	if (tb_common.dump_bpf)
		return tb_dump_source(tb_bpf_hardirqs);
	if (tb_sumtool_cflags(&cflags))
		goto cleanup;
	prog = tb_prog_compile_tool(tb_bpf_hardirqs, tb_bpf_hardirqs_name, &cflags);
	if (!prog)
		goto cleanup;
	if (tb_attach_tracepoint(prog, "irq:irq_handler_entry", "tracepoint__irq__irq_handler_entry") ||
	    tb_attach_tracepoint(prog, "irq:irq_handler_exit", "tracepoint__irq__irq_handler_exit"))
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
	return hardirqs_main(argc, argv);
}
#endif
