/* capable: the event shared by capable.bpf.c (kernel side) and frontends/capable.c. */
#ifndef TB_CAPABLE_H
#define TB_CAPABLE_H

#define TB_CAPABLE_COMM_LEN 16
#define TB_CAPABLE_UNKNOWN (-1) /* audit or insetid the attach path cannot see */

struct capable_event {
	__u64 ts_ns;    /* bpf_ktime_get_ns(), for -t */
	__u32 pid;      /* tgid */
	__u32 tid;
	__u32 uid;
	__s32 cap;      /* CAP_* number */
	__s32 audit;    /* 1 audited, 0 not (CAP_OPT_NOAUDIT), or TB_CAPABLE_UNKNOWN */
	__s32 insetid;  /* 1 in a set*id() call (CAP_OPT_INSETID), 0 not, or TB_CAPABLE_UNKNOWN */
	__s32 kstack;   /* stack ids in the stacks table (-K, -U); negative: none */
	__s32 ustack;
	char comm[TB_CAPABLE_COMM_LEN];
};

#endif
