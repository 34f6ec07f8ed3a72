/* The scheduler probes runqlat and runqslower share (programs/tb_bpf_runq.h is their BPF
 * side): raw tracepoints sched_wakeup, sched_wakeup_new and sched_switch where the loader's
 * facts say they load (Linux 4.17), else the sched: tracepoints of the same names, which carry
 * thread IDs but no task_struct (so no tgid: filters by process need the raw ones). */
#ifndef TB_RUNQ_H
#define TB_RUNQ_H

#include <stdbool.h>

struct tb_cflags;
struct tb_prog;

/* Whether the raw tracepoints are all there; says under -v which kind is attached. */
bool tb_runq_choose_raw(void);
/* -DMAX_PID from /proc/sys/kernel/pid_max and, without raw tracepoints, -DTB_USE_TRACEPOINTS.
 * 0, or -1 (out of memory). */
int tb_runq_cflags(struct tb_cflags *cf, bool raw);
/* The three probes of the kind chosen. 0, or <0 after one error line. */
int tb_runq_attach(struct tb_prog *prog, bool raw);

#endif
