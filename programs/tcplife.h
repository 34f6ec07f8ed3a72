/* tcplife: the event shared by tcplife.bpf.c (kernel side) and frontends/tcplife.c. */
#ifndef TB_TCPLIFE_H
#define TB_TCPLIFE_H

#define TB_TCPLIFE_COMM_LEN 16

/* The task a socket belongs to, taken where a state change runs in process context. */
struct tcplife_id {
	__u32 pid;
	__u32 pad;
	char comm[TB_TCPLIFE_COMM_LEN];
};

struct tcplife_event {
	__u64 ts_ns;      /* when the socket closed (bpf_ktime_get_ns) */
	__u64 span_ns;    /* from its first SYN_SENT, SYN_RECV or ESTABLISHED to CLOSE */
	__u64 rx_b;       /* tcp_sock.bytes_received */
	__u64 tx_b;       /* tcp_sock.bytes_acked */
	__u8 saddr[16];   /* network order; 4 bytes used for AF_INET */
	__u8 daddr[16];
	__u32 pid;        /* the owning task's tgid, or the closing context's when unknown */
	__u16 lport;      /* host byte order */
	__u16 dport;
	__u16 family;
	__u16 pad[3];
	char comm[TB_TCPLIFE_COMM_LEN];
};

#endif
