/* tcptop: the table shared by tcptop.bpf.c (kernel side) and frontends/tcptop.c. */
#ifndef TB_TCPTOP_H
#define TB_TCPTOP_H

#define TB_TCPTOP_COMM_LEN 16
/* rows of table `counts` in one interval: BCC's size for its hashes */
#define TB_TCPTOP_MAX_ENTRIES 10240

/* A row: one process's traffic on one connection (BCC's ipv4_key_t and ipv6_key_t in one). */
struct tcptop_key {
	__u8 saddr[16];  /* local address, network order; 4 bytes used for AF_INET */
	__u8 daddr[16];  /* remote address */
	__u32 pid;
	__u16 family;    /* AF_INET or AF_INET6 */
	__u16 lport;     /* host order */
	__u16 dport;     /* host order */
	__u16 pad;
	char comm[TB_TCPTOP_COMM_LEN];
};

/* Its bytes over the interval: BCC's recv and send tables in one value. */
struct tcptop_val {
	__u64 rx; /* RX_KB */
	__u64 tx; /* TX_KB */
};

#endif
