/* runqlen: the per-CPU histogram key shared by runqlen.bpf.c and frontends/runqlen.c. */
#ifndef TB_RUNQLEN_H
#define TB_RUNQLEN_H

/* Slots 0 to TB_RUNQLEN_MAX: a longer queue is counted in the last one (BCC's array of 64
 * slots drops those; its -C hash keeps them). */
#define TB_RUNQLEN_MAX 64
/* -C: CPUs times slots the hash holds at most */
#define TB_RUNQLEN_KEYS 65536

/* -C: a CPU's slot, its padding named so it is zeroed (the loader reads the slot as a u64). */
struct runqlen_key {
	__u32 cpu;
	__u32 pad;
	__u64 slot; /* queue length, the running task left out */
};

#endif
