/* javagc: the event shared by javagc.bpf.c (kernel side) and frontends/javagc.c. */
#ifndef TB_JAVAGC_H
#define TB_JAVAGC_H

#define TB_JAVAGC_DEFAULT_MIN_US 1000  /* -t default, as libbpf-tools' javagc */

struct javagc_event {
	__u32 pid;          /* tgid of the JVM */
	__u32 cpu;          /* where the collection ended */
	__u64 duration_ns;  /* hotspot:gc__begin to gc__end on the same thread */
	__u64 end_ns;       /* bpf_ktime_get_ns() at gc__end */
	__u32 full;         /* gc__begin's argument: 1 for a full collection */
	__u32 pad;
};

#endif
