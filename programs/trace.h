/* trace: the one event every probe sends, a fixed head and the probe's values, shared by the
 * generated BPF program and the frontend. */
#ifndef TRACE_H
#define TRACE_H

#define TB_TRACE_COMM_LEN 16
/* Room for one probe's values: 8 bytes per number, -Z bytes per string. */
#define TB_TRACE_DATA 4096

struct tbtrace_head {
	__u64 ts;       /* bpf_ktime_get_ns(), for -t */
	__u32 tgid;     /* PID column */
	__u32 pid;      /* TID column */
	__u32 uid;
	__u32 probe;    /* which probe of the command line sent it (0, 1, ...) */
	__s32 kstack;   /* -K: stack id, or <0 */
	__s32 ustack;   /* -U: stack id, or <0 */
	char comm[TB_TRACE_COMM_LEN];
};

struct tbtrace_event {
	struct tbtrace_head h;
	char data[TB_TRACE_DATA]; /* the values at offsets the frontend chose for this probe */
};

#endif
