/* runqslower: the event shared by runqslower.bpf.c (kernel side) and frontends/runqslower.c. */
#ifndef TB_RUNQSLOWER_H
#define TB_RUNQSLOWER_H

#define TB_RUNQSLOWER_COMM_LEN 16   /* the kernel's TASK_COMM_LEN */
#define TB_RUNQSLOWER_DEFAULT_US 10000 /* BCC's default min_us */

/* A task that waited longer than min_us on a run queue, and the one it took the CPU from. */
struct runqslower_event {
	__u64 delta_us;  /* the wait, in whole microseconds */
	__u32 pid;       /* thread ID of the task that waited (BCC's TID) */
	__u32 prev_pid;  /* thread ID of the task switched out for it */
	char task[TB_RUNQSLOWER_COMM_LEN];
	char prev_task[TB_RUNQSLOWER_COMM_LEN];
};

#endif
