/* capable: security capability checks, i.e. the kernel's cap_capable(), traced by a kprobe
 * (TB_USE_KPROBE: every argument, the audit flag included) or by the capability:cap_capable
 * tracepoint (newer kernels: the capability, but neither the audit nor the set*id flag). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "capable.h"

/* Options from the frontend, as -D flags: TARG_PID (tgid), NON_AUDIT (-v: non-audit checks
 * too), KERNEL_STACKS (-K), USER_STACKS (-U), UNIQUE (--unique), and the attach method. The
 * kprobe variant needs TB_CAP_OPTS or TB_CAP_AUDIT: what cap_capable's fourth argument is on
 * this kernel (a kernel fact, tb_bpf.h), never guessed from a version. */
#ifndef TB_CAP_OPT_NOAUDIT
#define TB_CAP_OPT_NOAUDIT (1 << 1) /* CAP_OPT_NOAUDIT, CAP_OPT_INSETID: include/linux/security.h */
#define TB_CAP_OPT_INSETID (1 << 2)
#endif

BPF_PERF_OUTPUT(events);
/* the tool's own process, filled by the frontend: its bpf() and /proc reads check
 * capabilities too, and printing them would feed itself */
BPF_ARRAY(self, u32, 1);

#if defined(KERNEL_STACKS) || defined(USER_STACKS)
BPF_STACK_TRACE(stacks, 2048);
#endif

#ifdef UNIQUE
/* --unique: one line per process, capability and stacks */
struct capable_seen_key {
	s32 cap;
	u32 tgid;
	s32 kstack;
	s32 ustack;
};
BPF_HASH(seen, struct capable_seen_key, u8, 10240);
#endif

static __always_inline int emit(void *ctx, int cap, int audit, int insetid)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 zero = 0, *me = self.lookup(&zero);
	struct capable_event e = {};

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
#ifndef NON_AUDIT
	if (audit == 0)
		return 0;
#endif
	if ((me && *me == (u32)(id >> 32)) || tb_container_skip())
		return 0;
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = id >> 32;
	e.tid = (u32)id;
	e.uid = (u32)bpf_get_current_uid_gid();
	e.cap = cap;
	e.audit = audit;
	e.insetid = insetid;
#ifdef KERNEL_STACKS
	e.kstack = stacks.get_stackid(ctx, 0);
#else
	e.kstack = -1;
#endif
#ifdef USER_STACKS
	e.ustack = stacks.get_stackid(ctx, BPF_F_USER_STACK);
#else
	e.ustack = -1;
#endif
#ifdef UNIQUE
	struct capable_seen_key k = {};
	u8 one = 1;

	k.cap = cap;
	k.tgid = e.pid;
	k.kstack = e.kstack;
	k.ustack = e.ustack;
	if (seen.lookup(&k))
		return 0;
	seen.update(&k, &one);
#endif
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#if defined(TB_USE_KPROBE) && defined(TB_CAP_OPTS)
/* int cap_capable(const struct cred *cred, struct user_namespace *ns, int cap,
 *                 unsigned int opts): 5.1, and backported (4.19.222) */
int on_cap_capable(struct pt_regs *ctx, const void *cred, const void *ns, int cap,
		   unsigned int opts)
{
	return emit(ctx, cap, !(opts & TB_CAP_OPT_NOAUDIT), !!(opts & TB_CAP_OPT_INSETID));
}

#elif defined(TB_USE_KPROBE) && defined(TB_CAP_AUDIT)
/* int cap_capable(..., int cap, int audit): SECURITY_CAP_AUDIT (1) or _NOAUDIT (0) */
int on_cap_capable(struct pt_regs *ctx, const void *cred, const void *ns, int cap, int audit)
{
	return emit(ctx, cap, audit != 0, TB_CAPABLE_UNKNOWN);
}

#elif defined(TB_USE_KPROBE)
#error "cap_capable's fourth argument is unknown on this kernel (no TB_CAP_OPTS or TB_CAP_AUDIT)"

#elif defined(TB_TP_capability__cap_capable)
/* fired as cap_capable returns, with the capability and the verdict but no opts */
TRACEPOINT_PROBE(capability, cap_capable)
{
	return emit(args, args->cap, TB_CAPABLE_UNKNOWN, TB_CAPABLE_UNKNOWN);
}
#endif
