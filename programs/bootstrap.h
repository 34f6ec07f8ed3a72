/* bootstrap: the event shared by bootstrap.bpf.c (kernel side) and frontends/bootstrap.c. */
#ifndef TB_BOOTSTRAP_H
#define TB_BOOTSTRAP_H

#define TB_BOOTSTRAP_COMM_LEN 16
#define TB_BOOTSTRAP_FILENAME_LEN 128 /* bytes of the exec'd file name, NUL included */

struct bootstrap_event {
	__u32 pid;         /* tgid */
	__u32 ppid;        /* real parent's tgid */
	__u32 exit_code;   /* exit events: the status's exit code ((status >> 8) & 0xff) */
	__u32 exit_event;  /* 1 = exit, 0 = exec */
	__u64 duration_ns; /* exit events: time since exec, 0 when the exec was not seen */
	char comm[TB_BOOTSTRAP_COMM_LEN];
	char filename[TB_BOOTSTRAP_FILENAME_LEN]; /* exec events */
};

#endif
