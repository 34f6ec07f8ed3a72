/* softirqs: the key shared by softirqs.bpf.c and frontends/softirqs.c. */
#ifndef TB_SOFTIRQS_H
#define TB_SOFTIRQS_H

/* Per vector: a log2 slot with -d, else slot 0 holding a sum (time or count). */
struct softirqs_key {
	__u32 vec;
	__u32 pad;
	__u64 slot;
};

#endif
