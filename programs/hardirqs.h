/* hardirqs: the keys shared by hardirqs.bpf.c and frontends/hardirqs.c. */
#ifndef TB_HARDIRQS_H
#define TB_HARDIRQS_H

#define TB_HARDIRQS_NAME_LEN 32

/* Per handler name: a log2 slot with -d, else slot 0 holding a sum (time or count). */
struct hardirqs_key {
	char name[TB_HARDIRQS_NAME_LEN];
	__u64 slot;
};

#endif
