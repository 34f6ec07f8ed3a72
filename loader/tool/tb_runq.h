/* The scheduler probes the sched tools share. The run queue tools (runqlat, runqslower; their
 * BPF side is programs/tb_bpf_runq.h) take sched_wakeup, sched_wakeup_new and sched_switch;
 * the context-switch tools (cpudist) take sched_switch alone (programs/tb_bpf_sched.h);
 * wakeuptime takes sched_waking and sched_switch. Raw
 * tracepoints where the loader's facts say they load (Linux 4.17), else the sched:
 * tracepoints of the same names, which carry thread IDs but no task_struct (so no tgid:
 * filters by process need the raw ones). */
#ifndef TB_RUNQ_H
#define TB_RUNQ_H

#include <stdbool.h>

struct tb_cflags;
struct tb_prog;

/* Whether the raw tracepoints are all there; says under -v which kind is attached. */
bool tb_runq_choose_raw(void);
bool tb_switch_choose_raw(void); /* sched_switch alone */
bool tb_waking_choose_raw(void); /* sched_waking and sched_switch (wakeuptime) */
/* Refuses a filter by process (by_process) without raw tracepoints, whose sched: stand-ins
 * carry no tgid: one error line naming the options (needs: "-p needs") and what works instead
 * ("-t"), and -1; else 0. */
int tb_runq_by_process(bool raw, bool by_process, const char *needs, const char *instead);
/* -DMAX_PID from /proc/sys/kernel/pid_max and, without raw tracepoints, -DTB_USE_TRACEPOINTS.
 * 0, or -1 (out of memory). */
int tb_runq_cflags(struct tb_cflags *cf, bool raw);
/* The probes of the kind chosen: the three, or sched_switch alone. 0, or <0 after one error
 * line. */
int tb_runq_attach(struct tb_prog *prog, bool raw);
int tb_switch_attach(struct tb_prog *prog, bool raw);
int tb_waking_attach(struct tb_prog *prog, bool raw);

/* BCC's options of the blocked-time tools (offcputime, wakeuptime): --stack-storage-size,
 * -m MIN_BLOCK_TIME and -M MAX_BLOCK_TIME (0: no limit), in microseconds. The check refuses
 * -M below -m in one line (-1); the flags are -DSTACK_STORAGE_SIZE, -DMIN_BLOCK_US and
 * -DMAX_BLOCK_US, whose defaults programs/tb_bpf_sched.h keeps. */
int tb_block_time_check(long min_us, long max_us);
int tb_block_time_cflags(struct tb_cflags *cf, long stack_storage, long min_us, long max_us);

#endif
