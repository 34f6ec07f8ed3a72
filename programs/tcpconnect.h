/* tcpconnect: the event and count key shared by tcpconnect.bpf.c and frontends/tcpconnect.c. */
#ifndef TB_TCPCONNECT_H
#define TB_TCPCONNECT_H

#define TB_TCPCONNECT_COMM_LEN 16
#define TB_TCPCONNECT_MAX_FLOWS 10240 /* -c: distinct (saddr, daddr, dport) counted */
#define TB_TCPCONNECT_DNS_MAX 512     /* -d: bytes of a DNS reply copied (BCC's MAX_PKT) */
#define TB_TCPCONNECT_DNS_PENDING 10240 /* -d: receives on port-53 sockets in flight */

struct tcpconnect_event {
	__u64 ts_ns;      /* when connect() sent the SYN (bpf_ktime_get_ns) */
	__u8 saddr[16];   /* network order; 4 bytes used for AF_INET */
	__u8 daddr[16];
	__u32 pid;        /* the connecting task's tgid */
	__u32 uid;
	__u16 lport;      /* host byte order; 0 where not known yet (see docs/tcpconnect.md) */
	__u16 dport;
	__u16 family;
	__u16 pad;
	char comm[TB_TCPCONNECT_COMM_LEN];
};

/* -c: one counter per source, destination and destination port */
struct tcpconnect_key {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 dport;
	__u16 family;
	__u32 pad;
};

/* -L on the tracepoint: what connect() left for the moment the local port is known */
struct tcpconnect_start {
	__u64 ts_ns;
	__u32 pid;
	__u32 uid;
	char comm[TB_TCPCONNECT_COMM_LEN];
};

/* -d: a DNS reply as a process received it from a UDP socket connected to port 53 */
struct tcpconnect_dns {
	__u64 ts_ns;      /* when the receive returned (bpf_ktime_get_ns) */
	__u32 len;        /* bytes of pkt copied: what was received, up to TB_TCPCONNECT_DNS_MAX */
	__u32 pad;
	__u8 pkt[TB_TCPCONNECT_DNS_MAX];
};

/* -d: the buffer a receive on such a socket was given, kept for its return */
struct tcpconnect_dns_buf {
	__u64 base;       /* user address of the first (or only) segment */
	__u64 size;       /* its length */
};

#endif
