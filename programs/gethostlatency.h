/* gethostlatency: the event shared by gethostlatency.bpf.c (kernel side) and
 * frontends/gethostlatency.c. */
#ifndef TB_GETHOSTLATENCY_H
#define TB_GETHOSTLATENCY_H

#define TB_GETHOSTLATENCY_COMM_LEN 16
/* a DNS name is at most 253 bytes: none is cut (BCC keeps 80) */
#define TB_GETHOSTLATENCY_HOST_LEN 256

struct gethostlatency_event {
	__u64 ns;    /* kept at entry: the call's start; sent: the call's latency */
	__u32 pid;   /* tgid of the caller */
	__u32 pad;
	char comm[TB_GETHOSTLATENCY_COMM_LEN]; /* the calling thread's name, at entry */
	char host[TB_GETHOSTLATENCY_HOST_LEN]; /* the name looked up, NUL-terminated */
};

#endif
