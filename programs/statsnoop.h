/* statsnoop: the event shared by statsnoop.bpf.c (kernel side) and frontends/statsnoop.c. */
#ifndef TB_STATSNOOP_H
#define TB_STATSNOOP_H

#define TB_STATSNOOP_COMM_LEN 16
#define TB_STATSNOOP_NAME_LEN 256  /* path bytes kept, NUL included (BCC keeps NAME_MAX) */

/* Which call was made: the SYSCALL column of -s. BCC's numbering, so that its names line up;
 * 0 is never sent (the frontend prints N/A for anything else, as BCC does). */
#define TB_STATSNOOP_STAT 1        /* 32-bit architectures */
#define TB_STATSNOOP_STATX 2
#define TB_STATSNOOP_STATFS 3
#define TB_STATSNOOP_NEWSTAT 4
#define TB_STATSNOOP_NEWLSTAT 5
#define TB_STATSNOOP_FSTATAT64 6   /* 32-bit architectures */
#define TB_STATSNOOP_NEWFSTATAT 7
#define TB_STATSNOOP_NCALLS 8

struct statsnoop_event {
	__u64 ts;          /* bpf_ktime_get_ns() at the syscall's return */
	__u32 pid;         /* tgid */
	__u32 tid;
	__s32 ret;         /* 0, or -errno */
	__u32 call;        /* TB_STATSNOOP_STAT... */
	char comm[TB_STATSNOOP_COMM_LEN];
	char name[TB_STATSNOOP_NAME_LEN]; /* the path as the caller passed it */
};

#endif
