/* offcputime: the count key shared by offcputime.bpf.c and frontends/offcputime.c. */
#ifndef TB_OFFCPUTIME_H
#define TB_OFFCPUTIME_H

#define TB_OFFCPUTIME_COMM_LEN 16

/* Time off the CPU is summed (in microseconds) per thread and the stacks it blocked in. */
struct offcputime_key {
	__u32 pid;             /* thread ID */
	__u32 tgid;            /* its process, whose symbols name the user frames */
	__s32 user_stack_id;   /* -1 when not collected (-K) */
	__s32 kernel_stack_id; /* -1 when not collected (-U) */
	char comm[TB_OFFCPUTIME_COMM_LEN];
};

#endif
