/* memleak: the map values shared by memleak.bpf.c and frontends/memleak.c. */
#ifndef TB_MEMLEAK_H
#define TB_MEMLEAK_H

/* allocs: address -> this (BCC's alloc_info_t, its padding named so it is zeroed). */
struct memleak_alloc {
	__u64 size;
	__u64 timestamp_ns; /* bpf_ktime_get_ns() at allocation (-o compares with it) */
	__s32 stack_id;     /* negative when the stack map was full */
	__u32 pad;
};

/* combined (--combined-only): stack id -> what is outstanding from it, kept up to date in
 * the kernel so a report reads one entry per stack instead of one per allocation. */
struct memleak_combined {
	__u64 total_size;
	__u64 number_of_allocs;
};

#endif
