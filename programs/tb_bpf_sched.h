/* BPF-side basics of the programs on sched_switch (runqlat, runqslower, cpudist): the table
 * size and the task IDs a raw tracepoint's task_struct gives. Inlined into each program's
 * embedded source at build time. The sched: tracepoints, the fallback before 4.17
 * (TB_USE_TRACEPOINTS), carry thread IDs only. */
#ifndef TB_BPF_SCHED_H
#define TB_BPF_SCHED_H

/* MAX_PID: /proc/sys/kernel/pid_max, from the frontend (tb_runq_cflags) */
#ifndef MAX_PID
#define MAX_PID 32768
#endif

/* A hash map written on sched_switch and wake-ups, sized for every thread (MAX_PID). Its
 * elements are allocated as used (pid_max can be 4 million) only where the kernel takes them
 * from BPF's own allocator (TB_MAP_ALLOC_ANY_CONTEXT, a fact: 6.1). Before that such an element
 * is a kmalloc under the run queue's lock, which under memory pressure can wake kswapd and
 * deadlock on that very lock: there the map is preallocated, at most TB_SCHED_PREALLOC entries
 * (BCC's tools preallocate 10,240), and an insert into a full one is counted lost. */
#ifdef TB_MAP_ALLOC_ANY_CONTEXT
#define TB_SCHED_HASH(key, val, name) BPF_F_TABLE("hash", key, val, name, MAX_PID, BPF_F_NO_PREALLOC)
#else
#define TB_SCHED_PREALLOC 32768
#define TB_SCHED_HASH(key, val, name) \
	BPF_F_TABLE("hash", key, val, name, MAX_PID < TB_SCHED_PREALLOC ? MAX_PID : TB_SCHED_PREALLOC, 0)
#endif

/* -m and -M of the blocked-time tools (offcputime, wakeuptime): tb_block_time_cflags */
#ifndef MIN_BLOCK_US
#define MIN_BLOCK_US 1ULL
#endif
#ifndef MAX_BLOCK_US
#define MAX_BLOCK_US 0xffffffffffffffffULL
#endif
/* -u, -k: a kernel thread's task flag, which BTF-made headers lack */
#ifndef PF_KTHREAD
#define PF_KTHREAD 0x00200000
#endif

#ifndef TB_USE_TRACEPOINTS
static __always_inline void tb_sched_task_ids(struct task_struct *p, u32 *tgid, u32 *pid)
{
	*tgid = 0;
	*pid = 0;
	bpf_probe_read_kernel(tgid, sizeof(*tgid), &p->tgid);
	bpf_probe_read_kernel(pid, sizeof(*pid), &p->pid);
}
#endif

#endif
