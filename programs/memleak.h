/* memleak: the outstanding-allocation record shared by memleak.bpf.c and frontends/memleak.c. */
#ifndef TB_MEMLEAK_H
#define TB_MEMLEAK_H

/* allocs: address -> this (BCC's alloc_info_t, its padding named so it is zeroed). */
struct memleak_alloc {
	__u64 size;
	__u64 timestamp_ns; /* bpf_ktime_get_ns() at allocation (-o compares with it) */
	__s32 stack_id;     /* negative when the stack map was full */
	__u32 pad;
};

#endif
