/* exitsnoop: the event shared by exitsnoop.bpf.c (kernel side) and frontends/exitsnoop.c. */
#ifndef TB_EXITSNOOP_H
#define TB_EXITSNOOP_H

#define TB_EXITSNOOP_COMM_LEN 16

struct exitsnoop_event {
	__u64 start_time; /* task->start_time: CLOCK_MONOTONIC ns, like bpf_ktime_get_ns() */
	__u64 exit_time;  /* bpf_ktime_get_ns() at the exit */
	__u32 pid;        /* tgid */
	__u32 tid;
	__u32 ppid;       /* real parent's tgid */
	__s32 exit_status; /* task->exit_code as wait(2) encodes it: code << 8 | signal */
	char comm[TB_EXITSNOOP_COMM_LEN];
};

#endif
