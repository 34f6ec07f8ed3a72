/* drsnoop: the time a task spends reclaiming memory itself, from the vmscan tracepoints BCC's
 * drsnoop uses (mm_vmscan_direct_reclaim_begin/end), and with --memcg also the reclaim a task
 * does when its memory cgroup is at its limit, which the page allocator's tracepoints never
 * see (mm_vmscan_memcg_reclaim_begin/end, on kernels built with memory cgroups). */
#include <linux/sched.h>
#include <linux/mmzone.h>
#include "tb_bpf.h"
#include "drsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_TID (wins over TARG_PID), TARG_UID,
 * MEMCG; VM_ZONE_STAT_ADDR (-v: where /proc/kallsyms puts vm_zone_stat). */

struct drsnoop_start {
	u64 ts;
	u64 free_pages;
};

BPF_HASH(start, u32, struct drsnoop_start, 10240); /* by thread: begin to end */
BPF_PERF_OUTPUT(events);

static __always_inline int on_begin(void)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct drsnoop_start s;

	if (tb_pid_tid_skip(id))
		return 0;
#ifdef TARG_UID
	if ((u32)bpf_get_current_uid_gid() != TARG_UID)
		return 0;
#endif
	__builtin_memset(&s, 0, sizeof(s));
	s.ts = bpf_ktime_get_ns();
#ifdef VM_ZONE_STAT_ADDR
	/* the machine's free pages, as /proc/meminfo's MemFree counts them: an atomic_long_t
	 * array indexed by enum zone_stat_item */
	bpf_probe_read_kernel(&s.free_pages, sizeof(s.free_pages),
			      (void *)(VM_ZONE_STAT_ADDR + NR_FREE_PAGES * sizeof(long)));
#endif
	start.update(&tid, &s);
	return 0;
}

/* Only the threads on_begin kept have an entry: the filters hold here too. */
static __always_inline int on_end(void *ctx, u64 nr_reclaimed, u32 kind)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct drsnoop_start *s = start.lookup(&tid);
	struct drsnoop_event e;

	if (!s)
		return 0; /* began before tracing did */
	__builtin_memset(&e, 0, sizeof(e));
	e.ts = bpf_ktime_get_ns();
	e.delta_ns = e.ts - s->ts;
	e.free_pages = s->free_pages;
	e.nr_reclaimed = nr_reclaimed;
	e.pid = id >> 32;
	e.tid = tid;
	e.uid = (u32)bpf_get_current_uid_gid();
	e.kind = kind;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	start.delete(&tid);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

TRACEPOINT_PROBE(vmscan, mm_vmscan_direct_reclaim_begin)
{
	return on_begin();
}

TRACEPOINT_PROBE(vmscan, mm_vmscan_direct_reclaim_end)
{
	return on_end(args, args->nr_reclaimed, TB_DRSNOOP_DIRECT);
}

/* kernels without memory cgroups (CONFIG_MEMCG) lack these: TB_TP_ in tb_bpf.h */
#if defined(MEMCG) && defined(TB_TP_vmscan__mm_vmscan_memcg_reclaim_begin)
TRACEPOINT_PROBE(vmscan, mm_vmscan_memcg_reclaim_begin)
{
	return on_begin();
}

TRACEPOINT_PROBE(vmscan, mm_vmscan_memcg_reclaim_end)
{
	return on_end(args, args->nr_reclaimed, TB_DRSNOOP_MEMCG);
}
#endif
