/* cachestat: page cache accesses, additions and dirtyings counted per CPU, as BCC's cachestat
 * counts calls of its four kernel functions. The frontend attaches each name this kernel has
 * (folio_* or the older page ones) to the function of its slot; pages dirtied come from the
 * writeback tracepoint inside account_page_dirtied()/folio_account_dirtied() where it exists
 * (those functions may be inlined: a kprobe would miss calls). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "cachestat.h"

BPF_PERCPU_ARRAY(counts, u64, TB_CACHESTAT_SLOTS);

static __always_inline int count(u32 slot)
{
	u64 *n = counts.lookup(&slot);

	if (n)
		(*n)++;
	return 0;
}

int on_accessed(struct pt_regs *ctx) { return count(TB_CACHESTAT_ACCESSED); }
int on_added(struct pt_regs *ctx) { return count(TB_CACHESTAT_ADDED); }
int on_dirtied(struct pt_regs *ctx) { return count(TB_CACHESTAT_DIRTIED); }
int on_buffer_dirty(struct pt_regs *ctx) { return count(TB_CACHESTAT_BUF_DIRTY); }

#ifdef TB_TP_writeback__writeback_dirty_folio
TRACEPOINT_PROBE(writeback, writeback_dirty_folio) { return count(TB_CACHESTAT_DIRTIED); }
#endif
#ifdef TB_TP_writeback__writeback_dirty_page
TRACEPOINT_PROBE(writeback, writeback_dirty_page) { return count(TB_CACHESTAT_DIRTIED); }
#endif
