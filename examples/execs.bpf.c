/* Every successful exec(): the new program's pid, its parent, comm and file name, from
 * sched:sched_process_exec. With -c COMMAND only that command (TARG_PID) is shown. */
#include <linux/sched.h>

struct exec_event {
	u32 pid;
	u32 ppid;
	u64 ts_ns;
	char comm[16];
	char filename[128];
};

BPF_PERF_OUTPUT(events);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct exec_event e = {};
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	e.pid = args->pid;
#ifdef TARG_PID
	if (e.pid != TARG_PID)
		return 0;
#endif
	e.ppid = task->real_parent->tgid;
	e.ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	bpf_probe_read_kernel_str(e.filename, sizeof(e.filename),
				  (char *)args + (args->data_loc_filename & 0xFFFF));
	events.perf_submit(args, &e, sizeof(e));
	return 0;
}
