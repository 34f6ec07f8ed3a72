/* lsm-connect: a BPF LSM program on the socket_connect hook that denies IPv4/IPv6 connects
 * to the destinations the rules name (address prefixes, ports, or both) and reports every
 * decision. The LSM hook runs in the connecting task before the protocol's connect, so a
 * denial is the EPERM that connect() returns. */
#include <linux/net.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "lsm-connect.h"

#ifndef EPERM
#define EPERM 1
#endif

BPF_ARRAY(settings, struct lsm_connect_settings, 1);
BPF_LPM_TRIE(addr4, struct lsm_connect_key4, u8, TB_LSM_CONNECT_MAX_RULES);
BPF_LPM_TRIE(addr6, struct lsm_connect_key6, u8, TB_LSM_CONNECT_MAX_RULES);
BPF_HASH(ports, u16, u8, TB_LSM_CONNECT_MAX_RULES); /* host order */
/* decisions by verdict, counted even when the perf buffer is full */
BPF_PERCPU_ARRAY(verdicts, u64, LSM_CONNECT_NVERDICTS);
BPF_PERF_OUTPUT(events);

/* The sockaddr layouts are ABI: family at 0 and port at 2 for both, then the IPv4 address,
 * or 4 bytes of flow information and the IPv6 address. Kept here under our own name, as
 * the BTF-made header tree and classic headers define the kernel's differently. */
struct tb_sockaddr_inet {
	u16 family;
	u16 port;   /* network order */
	union {
		u8 v4[4];
		struct {
			u32 flowinfo;
			u8 v6[16];
		};
	};
};

static __always_inline bool v4_mapped(const u8 *a)
{
	for (int i = 0; i < 10; i++)
		if (a[i])
			return false;
	return a[10] == 0xff && a[11] == 0xff;
}

static __always_inline bool addr_matches(struct lsm_connect_event *e)
{
	struct lsm_connect_key4 k4 = { .prefixlen = 32 };
	struct lsm_connect_key6 k6 = { .prefixlen = 128 };

	if (e->family == AF_INET6 && !v4_mapped(e->daddr)) {
		__builtin_memcpy(k6.addr, e->daddr, 16);
		return addr6.lookup(&k6) != NULL;
	}
	__builtin_memcpy(k4.addr, e->family == AF_INET ? e->daddr : e->daddr + 12, 4);
	return addr4.lookup(&k4) != NULL;
}

LSM_PROBE(socket_connect, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	struct tb_sockaddr_inet sa = {};
	struct lsm_connect_event e = {};
	struct lsm_connect_settings *set;
	u32 zero = 0, verdict_key;
	u64 *count;
	bool matched;

	if (ret) /* an earlier BPF LSM program already refused */
		return ret;
	set = settings.lookup(&zero);
	if (!set || addrlen < (int)sizeof(sa.family))
		return 0;
	bpf_probe_read_kernel(&sa.family, sizeof(sa.family), &address->sa_family);
	if (sa.family == AF_INET && addrlen >= 8) {
		bpf_probe_read_kernel(&sa, 8, address);
		__builtin_memcpy(e.daddr, sa.v4, 4);
	} else if (sa.family == AF_INET6 && addrlen >= 24) {
		bpf_probe_read_kernel(&sa, 24, address);
		__builtin_memcpy(e.daddr, sa.v6, 16);
	} else {
		return 0; /* AF_UNIX, AF_UNSPEC (a UDP disconnect), short addresses: not ours */
	}
	e.family = sa.family;
	e.dport = tb_ntohs(sa.port);
	bpf_probe_read_kernel(&e.type, sizeof(e.type), &sock->type);

	matched = (set->by_addr || set->by_port) &&
		  (!set->by_addr || addr_matches(&e)) &&
		  (!set->by_port || ports.lookup(&e.dport) != NULL);
	e.verdict = !matched ? LSM_CONNECT_ALLOW : set->audit ? LSM_CONNECT_AUDIT : LSM_CONNECT_DENY;
	verdict_key = e.verdict;
	count = verdicts.lookup(&verdict_key);
	if (count)
		*count += 1;
	if (matched || !set->matched_only) {
		e.ts_ns = bpf_ktime_get_ns();
		e.pid = bpf_get_current_pid_tgid() >> 32;
		e.uid = (u32)bpf_get_current_uid_gid();
		bpf_get_current_comm(&e.comm, sizeof(e.comm));
		tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	}
	return e.verdict == LSM_CONNECT_DENY ? -EPERM : 0;
}
