/* tcprtt: the histogram key and the -e sums shared by tcprtt.bpf.c and frontends/tcprtt.c. */
#ifndef TB_TCPRTT_H
#define TB_TCPRTT_H

/* Sections (-b/-B), as -DTB_SECTION=... */
#define TB_TCPRTT_ALL 0
#define TB_TCPRTT_LADDR 1
#define TB_TCPRTT_RADDR 2

/* The address a section is about; all zero without -b/-B. */
struct tcprtt_section {
	__u8 addr[16];  /* 4 bytes used for AF_INET, the rest zero */
	__u16 family;   /* AF_INET or AF_INET6; 0 without -b/-B */
	__u16 pad[3];
};

/* Key of the sectioned histogram (a hash of slots): the section, then the log2 slot. */
struct tcprtt_key {
	struct tcprtt_section section;
	__u64 slot;
};

/* -e: the sum of the RTTs counted and their number, per section. */
struct tcprtt_ext {
	__u64 total;
	__u64 count;
};

#endif
