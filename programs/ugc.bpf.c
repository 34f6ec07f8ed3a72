/* ugc: garbage collections of one process of a high-level language, through its runtime's
 * USDT begin/end probe pairs; the time between the two on one thread is the GC's duration. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "ugc.h"

/* Options from the frontend, as -D flags: MIN_NS (shorter GCs are not sent), and one of
 * LANG_JAVA, LANG_PYTHON, LANG_NODE, LANG_RUBY (which probes' arguments to read). */
#ifndef MIN_NS
#define MIN_NS 0
#endif

/* Begins are matched to ends by thread and kind, and for Java's memory pools by pool too:
 * hotspot fires every pool's begin, then every pool's end, all on the same thread. */
struct gc_key {
	u64 tid;
	u64 kind;
	u64 id;
};

struct gc_entry {
	u64 start_ns;
	u64 field1;
	u64 field2;
};

BPF_HASH(entries, struct gc_key, struct gc_entry, 1024);
BPF_PERCPU_ARRAY(scratch, struct ugc_event, 1); /* the event is too big for the stack */
BPF_PERF_OUTPUT(gcs);

static __always_inline int gc_begin(u32 kind, u64 id, u64 field1, u64 field2)
{
	struct gc_key key = { .tid = (u32)bpf_get_current_pid_tgid(), .kind = kind, .id = id };
	struct gc_entry entry = { .start_ns = bpf_ktime_get_ns(), .field1 = field1,
				  .field2 = field2 };

	entries.update(&key, &entry);
	return 0;
}

/* The event for the end of a GC, filled with the begin's data; NULL when it is not to be sent
 * (no begin seen, or shorter than MIN_NS). */
static __always_inline struct ugc_event *gc_end(u32 kind, u64 id)
{
	u64 pid_tgid = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	struct gc_key key = { .tid = (u32)pid_tgid, .kind = kind, .id = id };
	struct gc_entry *entry = entries.lookup(&key);
	struct ugc_event *e;
	u32 zero = 0;
	u64 start;

	if (!entry)
		return NULL;
	start = entry->start_ns;
	e = scratch.lookup(&zero);
	if (!e) {
		entries.delete(&key);
		return NULL;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->pid = pid_tgid >> 32;
	e->start_ns = start;
	e->elapsed_ns = now - start;
	e->field1 = entry->field1;
	e->field2 = entry->field2;
	entries.delete(&key);
	if (e->elapsed_ns < MIN_NS)
		return NULL;
	return e;
}

#ifdef LANG_JAVA
/* mem__pool__gc__begin/end(manager, manager_len, pool, pool_len, initial, used, committed,
 * max): names are not NUL-terminated, so their lengths bound the reads */
int java_pool_begin(struct pt_regs *ctx)
{
	u64 pool = 0, used = 0, max = 0;

	bpf_usdt_readarg(3, ctx, &pool);
	bpf_usdt_readarg(6, ctx, &used);
	bpf_usdt_readarg(8, ctx, &max);
	return gc_begin(TB_UGC_JAVA_POOL, pool, used, max);
}

int java_pool_end(struct pt_regs *ctx)
{
	u64 manager = 0, manager_len = 0, pool = 0, pool_len = 0;
	struct ugc_event *e;

	bpf_usdt_readarg(3, ctx, &pool);
	e = gc_end(TB_UGC_JAVA_POOL, pool);
	if (!e)
		return 0;
	bpf_usdt_readarg(1, ctx, &manager);
	bpf_usdt_readarg(2, ctx, &manager_len);
	bpf_usdt_readarg(4, ctx, &pool_len);
	bpf_usdt_readarg(6, ctx, &e->field3);
	bpf_usdt_readarg(8, ctx, &e->field4);
	if (manager_len > TB_UGC_NAME_LEN - 1)
		manager_len = TB_UGC_NAME_LEN - 1;
	if (pool_len > TB_UGC_NAME_LEN - 1)
		pool_len = TB_UGC_NAME_LEN - 1;
	bpf_probe_read_user(e->string1, manager_len, (void *)manager);
	bpf_probe_read_user(e->string2, pool_len, (void *)pool);
	tb_count_lost(gcs.perf_submit(ctx, e, sizeof(*e)));
	return 0;
}

/* gc__begin(is_full) / gc__end() */
int java_gc_begin(struct pt_regs *ctx)
{
	u8 full = 0;

	bpf_usdt_readarg(1, ctx, &full);
	return gc_begin(TB_UGC_JAVA_GC, 0, full, 0);
}

int java_gc_end(struct pt_regs *ctx)
{
	struct ugc_event *e = gc_end(TB_UGC_JAVA_GC, 0);

	if (e)
		tb_count_lost(gcs.perf_submit(ctx, e, sizeof(*e)));
	return 0;
}
#endif

#ifdef LANG_PYTHON
/* gc__start(int generation) / gc__done(Py_ssize_t collected) */
int python_gc_start(struct pt_regs *ctx)
{
	int gen = 0;

	bpf_usdt_readarg(1, ctx, &gen);
	return gc_begin(TB_UGC_PYTHON, 0, gen, 0);
}

int python_gc_done(struct pt_regs *ctx)
{
	struct ugc_event *e = gc_end(TB_UGC_PYTHON, 0);
	long collected = 0;

	if (!e)
		return 0;
	bpf_usdt_readarg(1, ctx, &collected);
	e->field2 = collected;
	tb_count_lost(gcs.perf_submit(ctx, e, sizeof(*e)));
	return 0;
}
#endif

#ifdef LANG_NODE
/* gc__start(type, flags, isolate) / gc__done(type, flags, isolate) */
int node_gc_start(struct pt_regs *ctx)
{
	return gc_begin(TB_UGC_NODE, 0, 0, 0);
}

int node_gc_done(struct pt_regs *ctx)
{
	struct ugc_event *e = gc_end(TB_UGC_NODE, 0);
	u32 type = 0;

	if (!e)
		return 0;
	bpf_usdt_readarg(1, ctx, &type);
	e->field1 = type;
	tb_count_lost(gcs.perf_submit(ctx, e, sizeof(*e)));
	return 0;
}
#endif

#ifdef LANG_RUBY
int ruby_mark_begin(struct pt_regs *ctx)
{
	return gc_begin(TB_UGC_RUBY_MARK, 0, 0, 0);
}

int ruby_mark_end(struct pt_regs *ctx)
{
	struct ugc_event *e = gc_end(TB_UGC_RUBY_MARK, 0);

	if (e)
		tb_count_lost(gcs.perf_submit(ctx, e, sizeof(*e)));
	return 0;
}

int ruby_sweep_begin(struct pt_regs *ctx)
{
	return gc_begin(TB_UGC_RUBY_SWEEP, 0, 0, 0);
}

int ruby_sweep_end(struct pt_regs *ctx)
{
	struct ugc_event *e = gc_end(TB_UGC_RUBY_SWEEP, 0);

	if (e)
		tb_count_lost(gcs.perf_submit(ctx, e, sizeof(*e)));
	return 0;
}
#endif
