/* tcpconnlat: the event shared by tcpconnlat.bpf.c (kernel side) and frontends/tcpconnlat.c. */
#ifndef TB_TCPCONNLAT_H
#define TB_TCPCONNLAT_H

#define TB_TCPCONNLAT_COMM_LEN 16

/* What the connecting task leaves for the handshake's end, keyed by the socket's address. */
struct tcpconnlat_start {
	__u64 ts_ns;
	__u32 pid;
	__u32 pad;
	char comm[TB_TCPCONNLAT_COMM_LEN];
};

struct tcpconnlat_event {
	__u64 ts_ns;      /* when the handshake completed (bpf_ktime_get_ns) */
	__u64 delta_ns;   /* connect() (or SYN_SENT) to ESTABLISHED */
	__u8 saddr[16];   /* 4 bytes used for AF_INET */
	__u8 daddr[16];
	__u32 pid;        /* the connecting task's tgid */
	__u16 lport;      /* host byte order */
	__u16 dport;
	__u16 family;
	__u16 pad[3];
	char comm[TB_TCPCONNLAT_COMM_LEN];
};

#endif
