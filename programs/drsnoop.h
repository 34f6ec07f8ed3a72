/* drsnoop: the event shared by drsnoop.bpf.c (kernel side) and frontends/drsnoop.c. */
#ifndef TB_DRSNOOP_H
#define TB_DRSNOOP_H

#define TB_DRSNOOP_COMM_LEN 16 /* the kernel's TASK_COMM_LEN */

/* which reclaim a stall was */
#define TB_DRSNOOP_DIRECT 0 /* the page allocator's direct reclaim (BCC's tracepoints) */
#define TB_DRSNOOP_MEMCG 1  /* --memcg: a memory cgroup's reclaim at its limit */

/* One reclaim a task did itself, from its begin to its end tracepoint. */
struct drsnoop_event {
	__u64 ts;           /* bpf_ktime_get_ns() at the end */
	__u64 delta_ns;     /* end - begin */
	__u64 nr_reclaimed; /* pages the reclaim freed (the end tracepoint's nr_reclaimed) */
	__u64 free_pages;   /* -v: the machine's free pages at the begin (vm_zone_stat) */
	__u32 pid;          /* tgid */
	__u32 tid;
	__u32 uid;
	__u32 kind;         /* TB_DRSNOOP_DIRECT or TB_DRSNOOP_MEMCG */
	char comm[TB_DRSNOOP_COMM_LEN];
};

#endif
