/* exitsnoop: one event per process (or, with PER_THREAD, thread) termination, from the
 * sched:sched_process_exit tracepoint, which runs in the exiting task after its exit code is
 * set, as BCC's exitsnoop does. */
#include <linux/sched.h>
#include "tb_bpf.h"
#include "exitsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, PER_THREAD, FAILED_ONLY. */

BPF_PERF_OUTPUT(events);

TRACEPOINT_PROBE(sched, sched_process_exit)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exitsnoop_event e = {};
	u32 pid = task->tgid, tid = task->pid;
	int status = task->exit_code;

#ifdef TARG_PID
	if (pid != TARG_PID)
		return 0;
#endif
#ifndef PER_THREAD
	/* a process ends when its main thread does; other threads' exits are not shown */
	if (tid != pid)
		return 0;
#endif
#ifdef FAILED_ONLY
	if (status == 0)
		return 0;
#endif
	e.start_time = task->start_time;
	e.exit_time = bpf_ktime_get_ns();
	e.pid = pid;
	e.tid = tid;
	e.ppid = task->real_parent->tgid;
	e.exit_status = status;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
