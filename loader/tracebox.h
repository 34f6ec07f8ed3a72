/* tracebox loader: everything a frontend needs, in one include. The loader's folders are its
 * parts, each header the public face of one (docs/architecture.md has the table):
 *   cli/      the command line, errors, signals, -c COMMAND
 *   kernel/   kernel headers and BTF, facts and features probed on the target
 *   compile/  compiling with libbcc, the compile cache, trusting files
 *   attach/   attaching by kind, choosing how, USDT, perf events
 *   events/   perf buffers in time order, tables, trace_pipe, decoding by field list
 *   output/   columns and JSON, histograms, text and address formatting, the journal
 *   symbols/  stacks, kernel and ELF symbols, /proc
 *   tool/     a tool as a declaration (tb_tool.h) and the summary tools on it */
#ifndef TRACEBOX_H
#define TRACEBOX_H

#include "tb_log.h"
#include "tb_options.h"
#include "tb_signals.h"
#include "tb_command.h"

#include "tb_facts.h"
#include "tb_features.h"
#include "tb_kheaders.h"
#include "tb_syscalls.h"
#include "tb_tp_format.h"

#include "tb_expr.h"
#include "tb_program.h"

#include "tb_attach.h"
#include "tb_attach_choice.h"
#include "tb_perf_events.h"
#include "tb_probe_match.h"
#include "tb_probe_spec.h"
#include "tb_usdt.h"

#include "tb_introspect.h"
#include "tb_perfbuf.h"
#include "tb_table.h"
#include "tb_tracepipe.h"

#include "tb_format.h"
#include "tb_hist.h"
#include "tb_journal.h"
#include "tb_net.h"
#include "tb_output.h"
#include "tb_folded.h"
#include "tb_flame.h"
#include "tb_prom.h"
#include "tb_top.h"

#include "tb_elf.h"
#include "tb_proc.h"
#include "tb_stacks.h"
#include "tb_stack_report.h"

#include "tb_runq.h"
#include "tb_sumtool.h"
#include "tb_block.h"
#include "tb_fs.h"
#include "tb_fsdist.h"
#include "tb_fsslower.h"
#include "tb_container.h"
#include "tb_tool.h"

#endif
