/* Every kill() with its sender, target and signal: a perf output that tbrun prints as
 * "pid=... tpid=... sig=... comm=..." (or JSON) without any user-space C.
 * -D MIN_SIG=N shows only signals >= N; -p PID / -c COMMAND show only that sender. */
#include <uapi/linux/ptrace.h>

struct kill_event {
	u32 pid;      /* sender */
	int tpid;     /* target (negative values are process groups) */
	int sig;
	char comm[16];
};

BPF_PERF_OUTPUT(events);

TRACEPOINT_PROBE(syscalls, sys_enter_kill)
{
	struct kill_event e = {};

	e.pid = bpf_get_current_pid_tgid() >> 32;
#ifdef TARG_PID
	if (e.pid != TARG_PID)
		return 0;
#endif
	e.tpid = args->pid;
	e.sig = args->sig;
#ifdef MIN_SIG
	if (e.sig < MIN_SIG)
		return 0;
#endif
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	events.perf_submit(args, &e, sizeof(e));
	return 0;
}
