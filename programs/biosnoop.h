/* biosnoop: the event shared by biosnoop.bpf.c (kernel side) and frontends/biosnoop.c. */
#ifndef TB_BIOSNOOP_H
#define TB_BIOSNOOP_H

#define TB_BIOSNOOP_COMM_LEN 16

/* One completed request. */
struct biosnoop_event {
	__u64 ts_ns;     /* bpf_ktime_get_ns() at completion: the TIME(s) column */
	__u64 sector;    /* the request's first sector */
	__u64 delta_ns;  /* issue to completion: LAT(ms) */
	__u64 qdelta_ns; /* creation to issue: QUE(ms) (-Q); 0 when the creation was not seen */
	__u32 pid;       /* the process the request was created in, else the one issuing it */
	__u32 dev;       /* the kernel's dev_t of the disk: major << 20 | minor */
	__u32 bytes;     /* the request's size at issue */
	__u32 rwflag;    /* 1 for a write ('W' in the tracepoints' rwbs), else 0: BCC's T */
	char comm[TB_BIOSNOOP_COMM_LEN];
};

#endif
