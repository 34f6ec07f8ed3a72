/* sigsnoop/killsnoop: the event shared by sigsnoop.bpf.c (kernel side) and frontends/sigsnoop.c. */
#ifndef TB_SIGSNOOP_H
#define TB_SIGSNOOP_H

#define TB_SIGSNOOP_COMM_LEN 16
#define TB_SIGSNOOP_MAX_SIG 64  /* signals 1..64: the -s mask is one 64-bit word */

struct sigsnoop_event {
	__u32 pid;   /* sender's tgid */
	__u32 uid;   /* sender's uid */
	__s32 tpid;  /* target as the caller gave it (kill(-pgid) is negative), or the target task */
	__s32 sig;
	__s32 ret;   /* syscalls: 0 or -errno; signal_generate: its `result` (0 = delivered) */
	char comm[TB_SIGSNOOP_COMM_LEN];
	char tcomm[TB_SIGSNOOP_COMM_LEN]; /* target's comm; empty when unknown */
};

#endif
