/* The BPF side's compatibility layer, one place for every kernel difference the tools meet.
 * Inlined into each program's embedded source at build time. It reads only facts the loader
 * probed on the target (loader/kernel/facts.c: BTF, the kernel headers, tiny program loads; cached per
 * kernel build) and passed as -D flags; nothing here compares version numbers. A program asks
 * TB_TASK_STATE_PTR(t), never spells __state itself. */
#ifndef TB_BPF_H
#define TB_BPF_H

/* bpf_probe_read_{user,kernel}{,_str} arrived in 5.5 (TB_HAVE_PROBE_READ_USER); older kernels
 * read either kind of memory with the generic helpers. */
#ifndef TB_HAVE_PROBE_READ_USER
#define bpf_probe_read_user bpf_probe_read
#define bpf_probe_read_user_str bpf_probe_read_str
#define bpf_probe_read_kernel bpf_probe_read
#define bpf_probe_read_kernel_str bpf_probe_read_str
#endif

/* task_struct's run state is "__state" since 5.14 (and where backported), "state" before:
 * TB_TASK_STATE_FIELD comes from the kernel's BTF or its headers. Read it as 4 bytes: the old
 * member is a long, and its low half on x86 holds the same value. */
#ifndef TB_TASK_STATE_FIELD
#define TB_TASK_STATE_FIELD __state
#endif
#define TB_TASK_STATE_PTR(t) ((void *)&(t)->TB_TASK_STATE_FIELD)

/* Function signatures that changed, for kprobe variants: TB_UNLINKAT_USER when do_unlinkat()
 * takes the caller's const char __user * (before 4.16), TB_UNLINKAT_FILENAME when it takes a
 * struct filename * (from BTF, the headers' declaration, or a kprobe that watched the loader
 * call it). */

/* A probe on a tracepoint that some kernels lack goes inside "#ifdef TB_TP_<category>__<event>"
 * (for example TB_TP_syscalls__sys_enter_openat2): the loader defines each such name it finds
 * in the source when the tracepoint exists, since libbcc cannot compile a TRACEPOINT_PROBE
 * whose format file is missing. The frontend attaches it only where it exists. */

/* container_of without the kernel's type check: 4.19's headers spell it with a
 * compiletime_assert that clang refuses in a BPF program ("opensnoop -F" failed to compile) */
#define TB_CONTAINER_OF(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* Before 5.2 every program has at most 4,096 instructions (TB_MAX_INSNS): tools size their
 * unrolled loops by it. */
#ifndef TB_MAX_INSNS
#define TB_MAX_INSNS 4096
#endif

/* Every event a probe tries to send is printed or counted: a perf_submit that fails (the
 * ring is full) is counted here, per CPU, and the loader reads the total while it runs and at
 * exit, exact even when the tool stops before the kernel's own LOST records arrive. A program
 * wraps each submit: tb_count_lost(events.perf_submit(ctx, &e, sizeof(e))). */
BPF_PERCPU_ARRAY(tb_lost, u64, 1);

static __always_inline void tb_count_lost(int ret)
{
	u32 zero = 0;
	u64 *n;

	if (ret >= 0)
		return;
	n = tb_lost.lookup(&zero);
	if (n)
		(*n)++;
}

#endif
