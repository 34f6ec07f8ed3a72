/* dcsnoop: the event shared by dcsnoop.bpf.c (kernel side) and frontends/dcsnoop.c. */
#ifndef TB_DCSNOOP_H
#define TB_DCSNOOP_H

#define TB_DCSNOOP_COMM_LEN 16
#define TB_DCSNOOP_NAME_LEN 64 /* bytes of the name looked up kept (BCC's MAX_FILE_LEN) */
/* the event's type: BCC's T column */
#define TB_DCSNOOP_MISS 0      /* 'M': d_lookup() found nothing */
#define TB_DCSNOOP_REFERENCE 1 /* 'R': lookup_fast() was asked (-a) */

struct dcsnoop_event {
	__u64 ts_ns; /* bpf_ktime_get_ns(): TIME(s) */
	__u32 pid;
	__u32 type;  /* TB_DCSNOOP_MISS or TB_DCSNOOP_REFERENCE */
	char comm[TB_DCSNOOP_COMM_LEN];
	char name[TB_DCSNOOP_NAME_LEN]; /* the path component looked up, NUL-terminated */
};

#endif
