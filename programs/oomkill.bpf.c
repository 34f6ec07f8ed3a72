/* oomkill: each OOM kill, with the task that triggered it (the one running the OOM killer) and
 * the victim. A kprobe on oom_kill_process() as BCC, or the oom:mark_victim tracepoint, which
 * the killer fires for its victim where kprobes are missing. */
#include <uapi/linux/ptrace.h>
#include <linux/oom.h>
#include "tb_bpf.h"
#include "oomkill.h"

BPF_PERF_OUTPUT(events);

/* the trigger is the task running the OOM killer */
static __always_inline void trigger(struct oomkill_event *e)
{
	e->fpid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&e->fcomm, sizeof(e->fcomm));
}

#ifdef TB_USE_KPROBE
int on_oom_kill(struct pt_regs *ctx, struct oom_control *oc, const char *message)
{
	struct oomkill_event e = {};
	struct task_struct *p = NULL;

	trigger(&e);
	bpf_probe_read_kernel(&p, sizeof(p), &oc->chosen);
	bpf_probe_read_kernel(&e.tpid, sizeof(e.tpid), &p->tgid);
	bpf_probe_read_kernel(&e.tcomm, sizeof(e.tcomm), &p->comm);
	bpf_probe_read_kernel(&e.pages, sizeof(e.pages), &oc->totalpages);
	e.flags = TB_OOMKILL_HAS_PAGES | TB_OOMKILL_HAS_TCOMM;
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
#endif

#ifdef TB_USE_TRACEPOINT
/* mark_victim carries the victim's pid everywhere; its name and memory since 6.0 */
TRACEPOINT_PROBE(oom, mark_victim)
{
	struct oomkill_event e = {};

	trigger(&e);
	e.tpid = args->pid;
#ifdef TB_TP_oom__mark_victim__comm
	/* a __data_loc string: its offset from the record's start in the low 16 bits */
	bpf_probe_read_kernel_str(&e.tcomm, sizeof(e.tcomm),
				  (char *)args + (args->data_loc_comm & 0xFFFF));
	e.flags |= TB_OOMKILL_HAS_TCOMM;
#endif
#if defined(TB_TP_oom__mark_victim__anon_rss) && defined(TB_TP_oom__mark_victim__file_rss) && \
	defined(TB_TP_oom__mark_victim__shmem_rss)
	e.rss_kb = args->anon_rss + args->file_rss + args->shmem_rss;
	e.flags |= TB_OOMKILL_HAS_RSS;
#endif
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
#endif
