/* bitesize: the histogram key shared by bitesize.bpf.c and frontends/bitesize.c. */
#ifndef TB_BITESIZE_H
#define TB_BITESIZE_H

#define TB_BITESIZE_COMM_LEN 16

/* A process name's histogram of request sizes: slot bpf_log2l(bytes / 1024). */
struct bitesize_key {
	char comm[TB_BITESIZE_COMM_LEN];
	__u64 slot;
};

#endif
