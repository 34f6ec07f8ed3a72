/* wakeuptime: the count key shared by wakeuptime.bpf.c and frontends/wakeuptime.c. */
#ifndef TB_WAKEUPTIME_H
#define TB_WAKEUPTIME_H

#define TB_WAKEUPTIME_COMM_LEN 16
#define TB_WAKEUPTIME_STACKS 1024 /* BCC's default --stack-storage-size */

/* Blocked time is summed (in microseconds) per waker, its kernel stack and the task woken. */
struct wakeuptime_key {
	__s32 kernel_stack_id; /* the waker's, at the wake-up; <0: lost (a full table) */
	__u32 pad;
	char waker[TB_WAKEUPTIME_COMM_LEN];
	char target[TB_WAKEUPTIME_COMM_LEN];
};

#endif
