/* cpudist: the histogram key and -e summary shared by cpudist.bpf.c and frontends/cpudist.c. */
#ifndef TB_CPUDIST_H
#define TB_CPUDIST_H

/* Sections (-DTB_SECTION=): one histogram, per process (-P), per thread (-L). */
#define TB_CPUDIST_ALL 0
#define TB_CPUDIST_PID 1
#define TB_CPUDIST_TID 2

/* A sectioned histogram slot, its padding named so it is zeroed. */
struct cpudist_key {
	__u32 id;   /* tgid or tid */
	__u32 pad;
	__u64 slot; /* bpf_log2l(time) */
};

/* -e: the interval's total time and number of runs (or off-CPU spells), for "avg = ...". */
struct cpudist_ext {
	__u64 total;
	__u64 count;
};

#endif
