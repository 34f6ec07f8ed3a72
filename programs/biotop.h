/* biotop: the table shared by biotop.bpf.c (kernel side) and frontends/biotop.c. */
#ifndef TB_BIOTOP_H
#define TB_BIOTOP_H

#define TB_BIOTOP_COMM_LEN 16
/* rows of table `counts` in one interval: BCC's size for its hashes */
#define TB_BIOTOP_MAX_ENTRIES 10240

/* A row: one process's I/O to one disk in one direction (BCC's info_t). */
struct biotop_key {
	__u32 pid;    /* the process the request was created in, else the one issuing it */
	__u32 rwflag; /* 1 for a write ('W' in the tracepoints' rwbs), else 0: BCC's D */
	__u32 dev;    /* the kernel's dev_t of the disk: major << 20 | minor */
	char comm[TB_BIOTOP_COMM_LEN];
};

/* Its sums over the interval (BCC's val_t). */
struct biotop_val {
	__u64 bytes; /* the requests' sizes at issue: Kbytes */
	__u64 ns;    /* issue to completion, summed: AVGms with io */
	__u32 io;    /* requests completed: I/O */
	__u32 pad;
};

#endif
