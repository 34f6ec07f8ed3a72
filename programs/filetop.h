/* filetop: the table shared by filetop.bpf.c (kernel side) and frontends/filetop.c. */
#ifndef TB_FILETOP_H
#define TB_FILETOP_H

#define TB_FILETOP_COMM_LEN 16
/* bytes of the file's name kept: BCC's DNAME_INLINE_LEN (32 on 64-bit kernels up to 6.x), so
 * a longer name prints as its first 29 characters and "..." */
#define TB_FILETOP_NAME_LEN 32
/* rows of table `counts` in one interval: BCC's size for its hashes */
#define TB_FILETOP_MAX_ENTRIES 10240

/* A row: one thread's reads and writes of one file (BCC's info_t). */
struct filetop_key {
	__u64 inode;
	__u32 dev;      /* the file's superblock's dev_t */
	__u32 rdev;     /* a device file's own dev_t (-a) */
	__u32 tid;      /* BCC's TID column: the thread */
	__u32 name_len; /* the whole name's length, for the "..." of a longer one */
	char comm[TB_FILETOP_COMM_LEN];
	char name[TB_FILETOP_NAME_LEN]; /* the dentry's name, not NUL-terminated when full */
	char type;      /* 'R' regular, 'S' socket, 'O' other (FIFOs, devices...: -a) */
	char pad[7];
};

/* Its sums over the interval (BCC's val_t). */
struct filetop_val {
	__u64 reads;
	__u64 writes;
	__u64 rbytes; /* the sizes asked for (the count argument), as BCC */
	__u64 wbytes;
};

#endif
