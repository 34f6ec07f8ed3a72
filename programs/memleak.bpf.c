/* memleak: outstanding allocations by stack; libc's allocators through uprobes of one process,
 * or the kernel's through the kmem tracepoints (the percpu ones with --percpu).
 * -D switches: MIN_SIZE, MAX_SIZE, SAMPLE_EVERY_N, STACK_FLAGS, KERNEL_TRACE (+ TB_PAGE_SIZE,
 * PERCPU_TRACE, HAVE_NODE_TPS, WA_MISSING_FREE), COMBINED (per-stack totals), TRACE_ALL
 * (-t: a trace_pipe line per call, BCC's wording). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "memleak.h"

#ifndef MIN_SIZE
#define MIN_SIZE 0
#endif
#ifndef MAX_SIZE
#define MAX_SIZE (~0ull)
#endif
#ifndef SAMPLE_EVERY_N
#define SAMPLE_EVERY_N 1
#endif
#ifndef STACK_FLAGS
#define STACK_FLAGS BPF_F_USER_STACK
#endif
/* the page size from user space (not PAGE_SIZE: classic kernel headers define that too, and a
 * second definition on the command line makes clang warn) */
#ifndef TB_PAGE_SIZE
#define TB_PAGE_SIZE 4096
#endif

BPF_HASH(sizes, u32, u64);         /* thread -> size asked for, from entry to return */
BPF_HASH(memptrs, u32, u64);       /* thread -> posix_memalign's out pointer */
BPF_HASH(allocs, u64, struct memleak_alloc, 1000000);
BPF_STACK_TRACE(stack_traces, 10240);
#ifdef COMBINED
/* stack id -> totals; every lost stack (a negative id) is key -1 */
BPF_HASH(combined, s64, struct memleak_combined, 10240);
#endif
#ifndef TRACE_ALL /* BCC rewrites bpf_trace_printk calls, which it cannot inside a macro */
#define TRACE_ALL 0
#endif

static inline void combined_add(s32 stack_id, u64 size)
{
#ifdef COMBINED
	struct memleak_combined zero = {}, *c;
	s64 key = stack_id < 0 ? -1 : stack_id;

	c = combined.lookup_or_try_init(&key, &zero);
	if (!c)
		return;
	__sync_fetch_and_add(&c->total_size, size);
	__sync_fetch_and_add(&c->number_of_allocs, 1);
#endif
}

static inline void combined_sub(s32 stack_id, u64 size)
{
#ifdef COMBINED
	s64 key = stack_id < 0 ? -1 : stack_id;
	struct memleak_combined *c = combined.lookup(&key);

	if (!c)
		return;
	if (c->number_of_allocs > 1) {
		__sync_fetch_and_sub(&c->total_size, size);
		__sync_fetch_and_sub(&c->number_of_allocs, 1);
	} else {
		combined.delete(&key);
	}
#endif
}

static inline bool size_wanted(u64 size)
{
	if (size < MIN_SIZE || size > MAX_SIZE)
		return false;
	/* sample one in N, as BCC, by the clock */
	if (SAMPLE_EVERY_N > 1 && bpf_ktime_get_ns() % SAMPLE_EVERY_N != 0)
		return false;
	return true;
}

static inline int alloc_enter(struct pt_regs *ctx, u64 size)
{
	u32 tid = bpf_get_current_pid_tgid();

	if (size_wanted(size)) {
		sizes.update(&tid, &size);
		if (TRACE_ALL)
			bpf_trace_printk("alloc entered, size = %lu\n", size);
	}
	return 0;
}

static inline void record(void *ctx, u64 address, u64 size)
{
	struct memleak_alloc info = {};

	info.size = size;
	info.timestamp_ns = bpf_ktime_get_ns();
	info.stack_id = stack_traces.get_stackid(ctx, STACK_FLAGS);
	allocs.update(&address, &info);
	combined_add(info.stack_id, size);
	if (TRACE_ALL)
		bpf_trace_printk("alloc exited, size = %lu, result = %lx\n", size, address);
}

static inline int alloc_exit(struct pt_regs *ctx, u64 address)
{
	u32 tid = bpf_get_current_pid_tgid();
	u64 *size = sizes.lookup(&tid), sz;

	if (!size)
		return 0;
	sz = *size;
	sizes.delete(&tid);
	if (address && address != (u64)-1) /* NULL, or mmap's MAP_FAILED */
		record(ctx, address, sz);
	return 0;
}

static inline int free_enter(u64 address)
{
	struct memleak_alloc *info = allocs.lookup(&address);

	if (!info) /* not ours: allocated before attaching, or not sampled */
		return 0;
	combined_sub(info->stack_id, info->size);
	if (TRACE_ALL)
		bpf_trace_printk("free entered, address = %lx, size = %lu\n", address, info->size);
	allocs.delete(&address);
	return 0;
}

#if !defined(KERNEL_TRACE)
int malloc_enter(struct pt_regs *ctx, size_t size) { return alloc_enter(ctx, size); }
int malloc_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int free_enter_fn(struct pt_regs *ctx, void *address) { return free_enter((u64)address); }
int calloc_enter(struct pt_regs *ctx, size_t nmemb, size_t size) { return alloc_enter(ctx, nmemb * size); }
int calloc_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int realloc_enter(struct pt_regs *ctx, void *ptr, size_t size)
{
	free_enter((u64)ptr);
	return alloc_enter(ctx, size);
}
int realloc_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int mmap_enter(struct pt_regs *ctx, void *addr, size_t size) { return alloc_enter(ctx, size); }
int mmap_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int munmap_enter(struct pt_regs *ctx, void *address) { return free_enter((u64)address); }
int posix_memalign_enter(struct pt_regs *ctx, void **memptr, size_t alignment, size_t size)
{
	u64 p = (u64)memptr;
	u32 tid = bpf_get_current_pid_tgid();

	memptrs.update(&tid, &p);
	return alloc_enter(ctx, size);
}
int posix_memalign_exit(struct pt_regs *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	u64 *memptr = memptrs.lookup(&tid), addr = 0;
	void *p;

	if (!memptr)
		return 0;
	p = (void *)*memptr;
	memptrs.delete(&tid);
	if (PT_REGS_RC(ctx) != 0 || bpf_probe_read_user(&addr, sizeof(addr), p))
		addr = 0; /* failed: alloc_exit drops the size without recording */
	return alloc_exit(ctx, addr);
}
int aligned_alloc_enter(struct pt_regs *ctx, size_t alignment, size_t size) { return alloc_enter(ctx, size); }
int aligned_alloc_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int valloc_enter(struct pt_regs *ctx, size_t size) { return alloc_enter(ctx, size); }
int valloc_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int memalign_enter(struct pt_regs *ctx, size_t alignment, size_t size) { return alloc_enter(ctx, size); }
int memalign_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
int pvalloc_enter(struct pt_regs *ctx, size_t size) { return alloc_enter(ctx, size); }
int pvalloc_exit(struct pt_regs *ctx) { return alloc_exit(ctx, PT_REGS_RC(ctx)); }
#elif defined(PERCPU_TRACE)
/* --percpu: the per-CPU allocator instead of the kmem ones */
TRACEPOINT_PROBE(percpu, percpu_alloc_percpu)
{
	if (size_wanted(args->size))
		record(args, (u64)args->ptr, args->size);
	return 0;
}
TRACEPOINT_PROBE(percpu, percpu_free_percpu) { return free_enter((u64)args->ptr); }
#else
/* the kernel's allocators: size and address arrive together in one tracepoint. An address
 * seen allocated again lost its free (--wa-missing-free): forget the old record first. */
static inline void kernel_alloc(void *args, u64 address, u64 size)
{
#ifdef WA_MISSING_FREE
	free_enter(address);
#endif
	if (size_wanted(size))
		record(args, address, size);
}
TRACEPOINT_PROBE(kmem, kmalloc)
{
	kernel_alloc(args, (u64)args->ptr, args->bytes_alloc);
	return 0;
}
TRACEPOINT_PROBE(kmem, kfree) { return free_enter((u64)args->ptr); }
TRACEPOINT_PROBE(kmem, kmem_cache_alloc)
{
	kernel_alloc(args, (u64)args->ptr, args->bytes_alloc);
	return 0;
}
TRACEPOINT_PROBE(kmem, kmem_cache_free) { return free_enter((u64)args->ptr); }
#ifdef HAVE_NODE_TPS /* kernels before 6.2 report node-local allocations separately */
TRACEPOINT_PROBE(kmem, kmalloc_node)
{
	kernel_alloc(args, (u64)args->ptr, args->bytes_alloc);
	return 0;
}
TRACEPOINT_PROBE(kmem, kmem_cache_alloc_node)
{
	kernel_alloc(args, (u64)args->ptr, args->bytes_alloc);
	return 0;
}
#endif
TRACEPOINT_PROBE(kmem, mm_page_alloc)
{
	/* pages are keyed by page frame number, as BCC does */
	if (size_wanted((u64)TB_PAGE_SIZE << args->order))
		record(args, args->pfn, (u64)TB_PAGE_SIZE << args->order);
	return 0;
}
TRACEPOINT_PROBE(kmem, mm_page_free) { return free_enter(args->pfn); }
#endif
