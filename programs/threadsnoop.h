/* threadsnoop: the event shared by threadsnoop.bpf.c (kernel side) and frontends/threadsnoop.c. */
#ifndef TB_THREADSNOOP_H
#define TB_THREADSNOOP_H

#define TB_THREADSNOOP_COMM_LEN 16

struct threadsnoop_event {
	__u64 ts_ns;   /* bpf_ktime_get_ns() at the call: the TIME(ms) column */
	__u64 start;   /* pthread_create()'s third argument, the start routine's address */
	__u32 pid;     /* tgid of the caller */
	__u32 pad;
	char comm[TB_THREADSNOOP_COMM_LEN]; /* the calling thread's name */
};

#endif
