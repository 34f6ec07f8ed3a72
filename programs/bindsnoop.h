/* bindsnoop: the event and count key shared by bindsnoop.bpf.c and frontends/bindsnoop.c. */
#ifndef TB_BINDSNOOP_H
#define TB_BINDSNOOP_H

#define TB_BINDSNOOP_COMM_LEN 16
#define TB_BINDSNOOP_MAX_ADDRS 10240 /* --count: distinct (address, port) counted */

/* OPTS, BCC's letters "FTNRr" from the lowest bit up */
#define TB_BINDSNOOP_FREEBIND 0x01     /* IP_FREEBIND */
#define TB_BINDSNOOP_TRANSPARENT 0x02  /* IP_TRANSPARENT */
#define TB_BINDSNOOP_NO_PORT 0x04      /* IP_BIND_ADDRESS_NO_PORT */
#define TB_BINDSNOOP_REUSEADDR 0x08    /* SO_REUSEADDR */
#define TB_BINDSNOOP_REUSEPORT 0x10    /* SO_REUSEPORT */

struct bindsnoop_event {
	__u64 ts_ns;        /* when bind() returned (bpf_ktime_get_ns), for -t */
	__u8 addr[16];      /* the bound address, network order; 4 bytes used for AF_INET */
	__u32 pid;          /* tgid */
	__u32 uid;
	__s32 ret;          /* 0, or -errno (-E) */
	__u32 bound_dev_if; /* SO_BINDTODEVICE's interface index, 0 for none */
	__u16 port;         /* the bound port, host order (0 when bind failed) */
	__u16 family;       /* AF_INET or AF_INET6 */
	__u16 protocol;     /* IPPROTO_* */
	__u8 opts;          /* TB_BINDSNOOP_* */
	__u8 pad;
	char comm[TB_BINDSNOOP_COMM_LEN];
};

/* --count: one counter per bound address and port */
struct bindsnoop_key {
	__u8 addr[16];
	__u16 port;
	__u16 family;
	__u32 pad;
};

#endif
