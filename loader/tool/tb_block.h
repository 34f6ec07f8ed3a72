/* The block request tools (biosnoop, biotop): programs/tb_bpf_block.h follows a request from
 * its creation to its completion; this attaches its three tracepoints, the creation's as this
 * kernel has it. */
#ifndef TB_BLOCK_H
#define TB_BLOCK_H

struct tb_prog;

/* block:block_io_start (6.5+; the BPF side compiles it where TB_TP_block__block_io_start is
 * defined) or block:block_getrq, then block:block_rq_issue and block:block_rq_complete; -v says
 * which creation. A tool's .attach: 0, or -1 after one error line. */
int tb_block_rq_attach(struct tb_prog *prog);

#endif
