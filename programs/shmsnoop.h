/* shmsnoop: the event shared by shmsnoop.bpf.c (kernel side) and frontends/shmsnoop.c. */
#ifndef TB_SHMSNOOP_H
#define TB_SHMSNOOP_H

#define TB_SHMSNOOP_COMM_LEN 16

/* Which call was made: the SYS column. 0 is never sent (the frontend prints N/A for anything
 * else, as BCC does, which an edited --bpf-file could send). */
#define TB_SHMSNOOP_SHMGET 1
#define TB_SHMSNOOP_SHMAT 2
#define TB_SHMSNOOP_SHMDT 3
#define TB_SHMSNOOP_SHMCTL 4
#define TB_SHMSNOOP_NCALLS 5

struct shmsnoop_event {
	__u64 ts;       /* bpf_ktime_get_ns() at the syscall's return: the TIME(s) column */
	__u32 pid;      /* tgid */
	__u32 tid;
	__s64 ret;      /* the return value: an id, an address, 0, or -errno */
	/* the arguments in the syscall's order, int ones sign-extended (as glibc passes them):
	 * shmget key, size, shmflg; shmat shmid, shmaddr, shmflg; shmdt shmaddr; shmctl shmid,
	 * cmd, buf. Unused ones are 0. */
	__u64 args[3];
	__u32 call;     /* TB_SHMSNOOP_SHMGET... */
	__u32 pad;
	char comm[TB_SHMSNOOP_COMM_LEN];
};

#endif
