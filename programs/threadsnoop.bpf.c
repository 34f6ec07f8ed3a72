/* threadsnoop: a uprobe on pthread_create() (in libc, libpthread or a static program): who
 * starts a thread, and the address of the routine it will run, which the frontend names. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "threadsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID (-p), the process traced. */

BPF_PERF_OUTPUT(events);

int on_pthread_create(struct pt_regs *ctx)
{
	struct threadsnoop_event e = {};
	u32 pid = bpf_get_current_pid_tgid() >> 32;

#ifdef TARG_PID
	/* the uprobe is bound to the process too: this keeps -p exact however it is attached */
	if (pid != TARG_PID)
		return 0;
#endif
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = pid;
	/* int pthread_create(pthread_t *, const pthread_attr_t *, void *(*start)(void *), void *) */
	e.start = PT_REGS_PARM3(ctx);
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
