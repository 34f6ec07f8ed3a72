/* execsnoop: the event shared by execsnoop.bpf.c (kernel side) and frontends/execsnoop.c. */
#ifndef TB_EXECSNOOP_H
#define TB_EXECSNOOP_H

#define TB_EXECSNOOP_COMM_LEN 16
#define TB_EXECSNOOP_ARG_SIZE 128      /* bytes read per argument, NUL included */
#define TB_EXECSNOOP_DEFAULT_ARGS 20
#define TB_EXECSNOOP_MAX_ARGS 60       /* upper bound for --max-args */
#define TB_EXECSNOOP_ARGS_BUF (TB_EXECSNOOP_MAX_ARGS * TB_EXECSNOOP_ARG_SIZE)
#define TB_EXECSNOOP_TRUNCATED 1      /* there were more arguments than args holds */

/* One exec sends two events, joined by pid in user space: ARGS when it starts (the caller,
 * the path and argv, read from its user memory) and RETURN when it returns (the result and
 * the new comm). A 7.7 KB event cannot live on the BPF stack, and before Linux 4.16 the
 * verifier refuses a map value as the value a hash entry is created from, so it cannot be
 * kept in a map from entry to return either: it is sent from a per-CPU scratch slot at once. */
#define TB_EXECSNOOP_ARGS 1
#define TB_EXECSNOOP_RETURN 2

/* The part every event has (all a RETURN event is: small enough for the BPF stack). */
struct execsnoop_head {
	__u32 kind;       /* TB_EXECSNOOP_ARGS or TB_EXECSNOOP_RETURN */
	__u32 pid;        /* tgid */
	__u32 ppid;       /* ARGS: real parent's tgid */
	__u32 uid;        /* ARGS */
	__s32 retval;     /* RETURN: 0, or -errno of a failed exec */
	__u32 flags;      /* ARGS: TB_EXECSNOOP_TRUNCATED */
	__u32 args_size;  /* ARGS: bytes used in args */
	__u32 pad;
	char comm[TB_EXECSNOOP_COMM_LEN]; /* RETURN: the new comm */
};

struct execsnoop_event {
	struct execsnoop_head h;
	/* ARGS, NUL-separated: the file exec'd, then argv[0], argv[1]... (user space drops
	 * argv[0], as BCC's execsnoop shows the path followed by the arguments) */
	char args[TB_EXECSNOOP_ARGS_BUF];
};

#endif
