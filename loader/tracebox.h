/* tracebox loader: everything a frontend needs, in one include. */
#ifndef TRACEBOX_H
#define TRACEBOX_H

#include "tb_attach_choice.h"
#include "tb_command.h"
#include "tb_facts.h"
#include "tb_features.h"
#include "tb_elf.h"
#include "tb_format.h"
#include "tb_introspect.h"
#include "tb_journal.h"
#include "tb_hist.h"
#include "tb_stacks.h"
#include "tb_sumtool.h"
#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_net.h"
#include "tb_options.h"
#include "tb_output.h"
#include "tb_perf_events.h"
#include "tb_proc.h"
#include "tb_program.h"
#include "tb_tracepipe.h"

#endif
