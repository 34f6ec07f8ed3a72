/* bench: one small perf event per getppid() of the storm process (TARG_PID). */
#include <uapi/linux/ptrace.h>

struct storm_event {
	u64 seq;
	u32 pid;
	u32 cpu;
};

BPF_PERF_OUTPUT(events);
BPF_ARRAY(seq, u64, 1);

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	struct storm_event e = {};
	int zero = 0;
	u64 *n;

	if ((bpf_get_current_pid_tgid() >> 32) != TARG_PID)
		return 0;
	n = seq.lookup(&zero);
	if (n)
		e.seq = __sync_fetch_and_add(n, 1);
	e.pid = TARG_PID;
	e.cpu = bpf_get_smp_processor_id();
	events.perf_submit(args, &e, sizeof(e));
	return 0;
}
