/* syscount: the table shared by syscount.bpf.c and frontends/syscount.c. */
#ifndef TB_SYSCOUNT_H
#define TB_SYSCOUNT_H

#define TB_SYSCOUNT_COMM_LEN 16
/* entries of the counts (syscall numbers, or processes with -P) and of the start times (-L) */
#define TB_SYSCOUNT_MAX_ENTRIES 10240

/* The value per key (a __u32: the syscall number, or the process ID with -P). */
struct syscount_val {
	__u64 count;
	__u64 total_ns;                  /* -L: time from entry to exit, summed */
	char comm[TB_SYSCOUNT_COMM_LEN]; /* -P: the process's name (its main thread's) */
};

#endif
