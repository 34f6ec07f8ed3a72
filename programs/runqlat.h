/* runqlat: the histogram key shared by runqlat.bpf.c and frontends/runqlat.c. */
#ifndef TB_RUNQLAT_H
#define TB_RUNQLAT_H

/* Sections (-DTB_SECTION=): one histogram, per process (-P), per thread (-L), per PID
 * namespace (--pidnss). */
#define TB_RUNQLAT_ALL 0
#define TB_RUNQLAT_PID 1
#define TB_RUNQLAT_TID 2
#define TB_RUNQLAT_PIDNS 3

/* A sectioned histogram slot: BCC's pid_key_t, with its padding named so it is zeroed. */
struct runqlat_key {
	__u32 id;   /* tgid, tid, or PID namespace inode number */
	__u32 pad;
	__u64 slot; /* bpf_log2l(latency) */
};

#endif
