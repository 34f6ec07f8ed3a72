/* execsnoop: the event shared by execsnoop.bpf.c (kernel side) and frontends/execsnoop.c. */
#ifndef TB_EXECSNOOP_H
#define TB_EXECSNOOP_H

#define TB_EXECSNOOP_COMM_LEN 16
#define TB_EXECSNOOP_ARG_SIZE 128      /* bytes read per argument, NUL included */
#define TB_EXECSNOOP_DEFAULT_ARGS 20
#define TB_EXECSNOOP_MAX_ARGS 60       /* upper bound for --max-args */
#define TB_EXECSNOOP_ARGS_BUF (TB_EXECSNOOP_MAX_ARGS * TB_EXECSNOOP_ARG_SIZE)
#define TB_EXECSNOOP_TRUNCATED 1      /* there were more arguments than args holds */

struct execsnoop_event {
	__u32 pid;        /* tgid */
	__u32 ppid;       /* real parent's tgid */
	__u32 uid;
	__s32 retval;     /* 0, or -errno of a failed exec */
	__u32 flags;      /* TB_EXECSNOOP_TRUNCATED */
	__u32 args_size;  /* bytes used in args */
	char comm[TB_EXECSNOOP_COMM_LEN];
	/* NUL-separated: the file exec'd, then argv[0], argv[1]... (user space drops argv[0], as
	 * BCC's execsnoop shows the path followed by the arguments) */
	char args[TB_EXECSNOOP_ARGS_BUF];
};

#endif
