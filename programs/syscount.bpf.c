/* syscount: syscalls counted (and timed, -L) per syscall number or per process (-P), from the
 * raw_syscalls:sys_enter/sys_exit tracepoints. Counting needs the exit alone: the return value
 * is there for -x and -e; -L adds the entry, keeping its time per thread. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "syscount.h"

/* Options from the frontend: TARG_PID (-p), TARG_TID (-t), TARG_PPID (-c), TARG_NR (--syscall), TB_FAILED (-x),
 * TARG_ERRNO (-e), TB_LATENCY (-L), TB_BY_PROCESS (-P), TB_CGROUP (--cgroup: the cgroup is put in
 * table `cgroup`), and this architecture's numbers of exit and exit_group. */
#ifndef TB_NR_EXIT
#define TB_NR_EXIT 60
#endif
#ifndef TB_NR_EXIT_GROUP
#define TB_NR_EXIT_GROUP 231
#endif

BPF_HASH(data, u32, struct syscount_val, TB_SYSCOUNT_MAX_ENTRIES);
#ifdef TB_LATENCY
BPF_HASH(start, u32, u64, TB_SYSCOUNT_MAX_ENTRIES);
#endif
#ifdef TB_CGROUP
BPF_CGROUP_ARRAY(cgroup, 1);
#endif

static __always_inline bool traced(u64 pid_tgid, long nr)
{
	/* -1: no syscall (a signal's restart, ptrace or seccomp skipping one) */
	if (nr < 0)
		return false;
#ifdef TARG_NR
	if (nr != TARG_NR)
		return false;
#endif
#ifdef TARG_PID
	if (pid_tgid >> 32 != TARG_PID)
		return false;
#endif
#ifdef TARG_TID
	if ((u32)pid_tgid != TARG_TID)
		return false;
#endif
#ifdef TARG_PPID
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	if (task->real_parent->tgid != TARG_PPID)
		return false;
#endif
#ifdef TB_CGROUP
	if (cgroup.check_current_task(0) != 1)
		return false;
#endif
	return true;
}

#ifdef TB_LATENCY
TRACEPOINT_PROBE(raw_syscalls, sys_enter)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	u32 tid = pid_tgid;
	u64 ts;

	if (!traced(pid_tgid, args->id))
		return 0;
	/* they never return: a start time kept for them would stay in the table for good */
	if (args->id == TB_NR_EXIT || args->id == TB_NR_EXIT_GROUP)
		return 0;
	ts = bpf_ktime_get_ns();
	start.update(&tid, &ts);
	return 0;
}
#endif

TRACEPOINT_PROBE(raw_syscalls, sys_exit)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	struct syscount_val zero = {}, *val;
	u32 key;

	if (!traced(pid_tgid, args->id))
		return 0;
#ifdef TB_LATENCY
	u32 tid = pid_tgid;
	u64 *tsp = start.lookup(&tid), delta;

	if (!tsp)
		return 0; /* entered before tracing began */
	delta = bpf_ktime_get_ns() - *tsp;
	start.delete(&tid);
#endif
#ifdef TB_FAILED
	if (args->ret >= 0)
		return 0;
#endif
#ifdef TARG_ERRNO
	if (args->ret != -TARG_ERRNO)
		return 0;
#endif
#ifdef TB_BY_PROCESS
	key = pid_tgid >> 32;
#else
	key = args->id;
#endif
	val = data.lookup_or_try_init(&key, &zero);
	if (!val)
		return 0;
	__sync_fetch_and_add(&val->count, 1);
#ifdef TB_LATENCY
	__sync_fetch_and_add(&val->total_ns, delta);
#endif
#ifdef TB_BY_PROCESS
	/* the main thread's name, as /proc/PID/comm has it; read each time, as exec renames.
	 * Through the stack: old kernels' helpers write to stack memory only. */
	struct task_struct *task = (struct task_struct *)bpf_get_current_task(), *leader = NULL;
	char comm[TB_SYSCOUNT_COMM_LEN] = {};

	bpf_probe_read_kernel(&leader, sizeof(leader), &task->group_leader);
	bpf_probe_read_kernel(&comm, sizeof(comm), &leader->comm);
	__builtin_memcpy(val->comm, comm, sizeof(comm));
#endif
	return 0;
}
