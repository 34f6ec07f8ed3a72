/* bootstrap: the process-lifecycle demo of the libbpf-bootstrap tutorial. Exec records the
 * time per process and reports the file name; exit reports the exit code and how long the
 * process lived since its exec, optionally only past a minimum duration. */
#include <linux/sched.h>
#include "tb_bpf.h"
#include "bootstrap.h"

/* Option from the frontend, as a -D flag: MIN_DURATION_NS (0 = report every exec and exit). */
#ifndef MIN_DURATION_NS
#define MIN_DURATION_NS 0
#endif

BPF_HASH(exec_start, u32, u64, 8192);
BPF_PERF_OUTPUT(events);

TRACEPOINT_PROBE(sched, sched_process_exec)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 ts = bpf_ktime_get_ns();
	struct bootstrap_event e = {};

	exec_start.update(&pid, &ts);
	/* with a minimum duration only exits are reported */
	if (MIN_DURATION_NS)
		return 0;
	e.pid = pid;
	e.ppid = task->real_parent->tgid;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	bpf_probe_read_kernel_str(e.filename, sizeof(e.filename),
				  (char *)args + (args->data_loc_filename & 0xFFFF));
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}

TRACEPOINT_PROBE(sched, sched_process_exit)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	u64 id = bpf_get_current_pid_tgid(), duration_ns = 0, *start;
	u32 pid = id >> 32, tid = (u32)id;
	struct bootstrap_event e = {};

	/* a thread's exit is not the process's */
	if (pid != tid)
		return 0;
	start = exec_start.lookup(&pid);
	if (start)
		duration_ns = bpf_ktime_get_ns() - *start;
	else if (MIN_DURATION_NS)
		return 0;
	exec_start.delete(&pid);
	if (MIN_DURATION_NS && duration_ns < MIN_DURATION_NS)
		return 0;
	e.exit_event = 1;
	e.duration_ns = duration_ns;
	e.pid = pid;
	e.ppid = task->real_parent->tgid;
	e.exit_code = (task->exit_code >> 8) & 0xff;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
