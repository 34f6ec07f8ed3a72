/* ugc: the event shared by ugc.bpf.c (kernel side) and frontends/ugc.c. */
#ifndef TB_UGC_H
#define TB_UGC_H

#define TB_UGC_NAME_LEN 32

/* Which begin/end pair an event comes from; the frontend describes each. */
enum {
	TB_UGC_JAVA_POOL = 0,   /* hotspot:mem__pool__gc__begin/end: one memory pool */
	TB_UGC_JAVA_GC = 1,     /* hotspot:gc__begin/end: the whole collection */
	TB_UGC_PYTHON = 2,      /* python:gc__start/gc__done */
	TB_UGC_NODE = 3,        /* node:gc__start/gc__done */
	TB_UGC_RUBY_MARK = 4,   /* ruby:gc__mark__begin/end */
	TB_UGC_RUBY_SWEEP = 5,  /* ruby:gc__sweep__begin/end */
};

struct ugc_event {
	__u32 kind;         /* TB_UGC_* */
	__u32 pid;
	__u64 start_ns;     /* bpf_ktime_get_ns() at the begin probe */
	__u64 elapsed_ns;
	__u64 field1;       /* per kind: Java pool used/max before and after; Python generation */
	__u64 field2;       /* and objects collected; Node GC type flags */
	__u64 field3;
	__u64 field4;
	char string1[TB_UGC_NAME_LEN]; /* Java: the memory manager's name */
	char string2[TB_UGC_NAME_LEN]; /* Java: the pool's name */
};

#endif
