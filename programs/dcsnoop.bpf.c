/* dcsnoop: directory entry cache lookups: d_lookup() returning nothing (a miss: 'M'), by
 * fexit (TB_USE_FENTRY) or a kprobe and kretprobe (TB_USE_KPROBE); with -a also every
 * lookup_fast() (a reference: 'R'), by a kprobe on the symbol kallsyms gives it. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "dcsnoop.h"

/* The start of fs/namei.c's private struct nameidata, the same from 4.14 to 6.x (BCC copies
 * it too). Under our own name: a BTF-made header tree declares the kernel's whole struct. */
struct tb_nameidata {
	struct path path;
	struct qstr last;
};

BPF_PERF_OUTPUT(events);

static __always_inline int submit(void *ctx, const void *name, u32 type)
{
	u64 id = bpf_get_current_pid_tgid();
	struct dcsnoop_event e;

	__builtin_memset(&e, 0, sizeof(e));
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = id >> 32;
	e.type = type;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	bpf_probe_read_kernel_str(&e.name, sizeof(e.name), name);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

/* -a: lookup_fast(struct nameidata *nd, ...): the component is nd->last */
int on_lookup_fast(struct pt_regs *ctx, struct tb_nameidata *nd)
{
	const unsigned char *name = NULL;

	bpf_probe_read_kernel(&name, sizeof(name), &nd->last.name);
	return submit(ctx, name, TB_DCSNOOP_REFERENCE);
}

#if defined(TB_USE_FENTRY)
/* struct dentry *d_lookup(const struct dentry *parent, const struct qstr *name): fexit sees
 * the name and the result at once */
KRETFUNC_PROBE(d_lookup, const struct dentry *parent, const struct qstr *name,
	       struct dentry *ret)
{
	const unsigned char *s = NULL;

	if (ret)
		return 0;
	bpf_probe_read_kernel(&s, sizeof(s), &name->name);
	return submit(ctx, s, TB_DCSNOOP_MISS);
}

#else /* kprobes: the name kept per thread from entry to return */
struct dcsnoop_name {
	char name[TB_DCSNOOP_NAME_LEN];
};

/* made on the stack: before 4.16 a hash entry is created from stack memory only */
BPF_HASH(names, u32, struct dcsnoop_name, 10240);

int on_d_lookup(struct pt_regs *ctx, const struct dentry *parent, const struct qstr *name)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	const unsigned char *s = NULL;
	struct dcsnoop_name n;

	__builtin_memset(&n, 0, sizeof(n));
	bpf_probe_read_kernel(&s, sizeof(s), &name->name);
	if (s)
		bpf_probe_read_kernel_str(&n.name, sizeof(n.name), s);
	names.update(&tid, &n);
	return 0;
}

int on_d_lookup_return(struct pt_regs *ctx)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct dcsnoop_name *n = names.lookup(&tid);

	if (!n)
		return 0; /* entered before dcsnoop attached */
	if (PT_REGS_RC(ctx) == 0)
		submit(ctx, n->name, TB_DCSNOOP_MISS);
	names.delete(&tid);
	return 0;
}
#endif
