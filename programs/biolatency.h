/* biolatency: the histogram keys shared by biolatency.bpf.c and frontends/biolatency.c. */
#ifndef TB_BIOLATENCY_H
#define TB_BIOLATENCY_H

/* Sections (-DTB_SECTION=): one histogram, per disk (-D), per set of flags (-F). */
#define TB_BIOLATENCY_ALL 0
#define TB_BIOLATENCY_DISK 1
#define TB_BIOLATENCY_FLAGS 2

/* BCC's request flag bits (REQ_OP_* in the low 8 bits, then REQ_SYNC...), rebuilt from the
 * tracepoint's rwbs text since the tracepoint has no request pointer. */
#define TB_BIO_OP_READ 0
#define TB_BIO_OP_WRITE 1
#define TB_BIO_OP_FLUSH 2
#define TB_BIO_OP_DISCARD 3
#define TB_BIO_OP_UNKNOWN 4 /* not in BCC's table: printed "Unknown" */
#define TB_BIO_OP_SECURE_ERASE 5
#define TB_BIO_OP_MASK 0xff
#define TB_BIO_REQ_SYNC (1ull << 11)
#define TB_BIO_REQ_META (1ull << 12)
#define TB_BIO_REQ_PRIO (1ull << 13)
#define TB_BIO_REQ_NOMERGE (1ull << 14)
#define TB_BIO_REQ_IDLE (1ull << 15)
#define TB_BIO_REQ_FUA (1ull << 17)
#define TB_BIO_REQ_RAHEAD (1ull << 19)
#define TB_BIO_REQ_BACKGROUND (1ull << 20)
#define TB_BIO_REQ_NOWAIT (1ull << 21)

struct biolatency_disk_key {
	__u32 dev;  /* the kernel's dev_t: major << 20 | minor */
	__u32 pad;
	__u64 slot;
};

struct biolatency_flags_key {
	__u64 flags; /* TB_BIO_OP_* | TB_BIO_REQ_* */
	__u64 slot;
};

/* -e: the interval's total latency and I/O count, for BCC's "avg = ..." line. */
struct biolatency_ext {
	__u64 total;
	__u64 count;
};

#endif
