/* lsm-connect: the event, the rule keys and the settings shared by lsm-connect.bpf.c (kernel
 * side) and frontends/lsm-connect.c. */
#ifndef TB_LSM_CONNECT_H
#define TB_LSM_CONNECT_H

#define TB_LSM_CONNECT_COMM_LEN 16
/* Rules of each kind the maps hold (more than anyone types on a command line). */
#define TB_LSM_CONNECT_MAX_RULES 1024

/* What happened to one connect(). */
enum lsm_connect_verdict {
	LSM_CONNECT_ALLOW = 0, /* no rule matched */
	LSM_CONNECT_DENY = 1,  /* a rule matched: connect() failed with EPERM */
	LSM_CONNECT_AUDIT = 2, /* a rule matched under --audit: logged, allowed */
	LSM_CONNECT_NVERDICTS
};

struct lsm_connect_event {
	__u64 ts_ns;   /* bpf_ktime_get_ns(), for -t */
	__u32 pid;     /* tgid */
	__u32 uid;
	__u16 family;  /* AF_INET or AF_INET6, as the caller gave it */
	__u16 dport;   /* host order */
	__u16 type;    /* SOCK_STREAM, SOCK_DGRAM... */
	__u8 verdict;  /* enum lsm_connect_verdict */
	__u8 pad;
	__u8 daddr[16]; /* network order; 4 bytes used for AF_INET */
	char comm[TB_LSM_CONNECT_COMM_LEN];
};

/* LPM trie keys: the prefix length in bits, then the address in network order. A v4-mapped
 * IPv6 destination (::ffff:a.b.c.d) is looked up as the IPv4 address it reaches. */
struct lsm_connect_key4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct lsm_connect_key6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* Set by the frontend in the one-slot settings array after loading: the rules live in maps,
 * not in -D flags, so one compiled (and cached) program serves every command line. */
struct lsm_connect_settings {
	__u8 audit;     /* --audit: log matches, deny nothing */
	__u8 by_addr;   /* -a given: the destination must be in addr4/addr6 */
	__u8 by_port;   /* -P given: the destination port must be in ports */
	__u8 matched_only; /* -m: report only connects a rule matched */
};

#endif
