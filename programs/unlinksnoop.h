/* unlinksnoop: the event shared by unlinksnoop.bpf.c (kernel side) and frontends/unlinksnoop.c. */
#ifndef TB_UNLINKSNOOP_H
#define TB_UNLINKSNOOP_H

#define TB_UNLINKSNOOP_COMM_LEN 16
#define TB_UNLINKSNOOP_NAME_LEN 256 /* bytes of the path kept, NUL included */

struct unlinksnoop_event {
	__u64 ts_ns;  /* bpf_ktime_get_ns() at entry, for -t */
	__u32 pid;    /* tgid */
	__u32 uid;
	__s32 ret;    /* 0, or -errno */
	__u32 pad;
	char comm[TB_UNLINKSNOOP_COMM_LEN];
	char filename[TB_UNLINKSNOOP_NAME_LEN]; /* as the caller gave it, relative paths too */
};

#endif
