/* memleak: outstanding allocations by stack; libc's allocators through uprobes of one process,
 * or the kernel's through the kmem tracepoints. */
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
#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif

BPF_HASH(sizes, u32, u64);         /* thread -> size asked for, from entry to return */
BPF_HASH(memptrs, u32, u64);       /* thread -> posix_memalign's out pointer */
BPF_HASH(allocs, u64, struct memleak_alloc, 1000000);
BPF_STACK_TRACE(stack_traces, 10240);

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

	if (size_wanted(size))
		sizes.update(&tid, &size);
	return 0;
}

static inline void record(void *ctx, u64 address, u64 size)
{
	struct memleak_alloc info = {};

	info.size = size;
	info.timestamp_ns = bpf_ktime_get_ns();
	info.stack_id = stack_traces.get_stackid(ctx, STACK_FLAGS);
	allocs.update(&address, &info);
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
	allocs.delete(&address);
	return 0;
}

#ifndef KERNEL_TRACE
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
#else
/* the kernel's allocators: size and address arrive together in one tracepoint */
TRACEPOINT_PROBE(kmem, kmalloc)
{
	if (size_wanted(args->bytes_alloc))
		record(args, (u64)args->ptr, args->bytes_alloc);
	return 0;
}
TRACEPOINT_PROBE(kmem, kfree) { return free_enter((u64)args->ptr); }
TRACEPOINT_PROBE(kmem, kmem_cache_alloc)
{
	if (size_wanted(args->bytes_alloc))
		record(args, (u64)args->ptr, args->bytes_alloc);
	return 0;
}
TRACEPOINT_PROBE(kmem, kmem_cache_free) { return free_enter((u64)args->ptr); }
TRACEPOINT_PROBE(kmem, mm_page_alloc)
{
	/* pages are keyed by page frame number, as BCC does */
	if (size_wanted((u64)PAGE_SIZE << args->order))
		record(args, args->pfn, (u64)PAGE_SIZE << args->order);
	return 0;
}
TRACEPOINT_PROBE(kmem, mm_page_free) { return free_enter(args->pfn); }
#endif
