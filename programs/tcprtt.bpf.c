/* tcprtt: the smoothed RTT of TCP sockets, each time one receives a segment in the
 * ESTABLISHED state, as a log2 histogram (BCC's tcprtt). Three ways to see it, chosen by the
 * frontend with a -D flag:
 *   TB_USE_FENTRY      fentry on tcp_rcv_established, reading tcp_sock.srtt_us >> 3
 *   TB_USE_KPROBE      a kprobe on the same function (BCC's own way)
 *   TB_USE_TRACEPOINT  tcp:tcp_probe, which tcp_rcv_established() fires first thing and
 *                       whose srtt field is already srtt_us >> 3 (microseconds) */
#include <uapi/linux/ptrace.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tcprtt.h"

/* Options from the frontend, as -D flags: TB_SECTION, MILLISECONDS, TB_EXTENSION,
 * TARG_FAMILY, TARG_LPORTS / TARG_RPORTS (port lists), TARG_LADDR / TARG_RADDR (address
 * bytes, with TARG_LADDR_FAMILY / TARG_RADDR_FAMILY). */
#ifndef TB_SECTION
#define TB_SECTION TB_TCPRTT_ALL
#endif

#if TB_SECTION == TB_TCPRTT_ALL
BPF_HISTOGRAM(dist);
#else
BPF_HISTOGRAM(dist, struct tcprtt_key, 10240);
#endif
#ifdef TB_EXTENSION
BPF_HASH(ext, struct tcprtt_section, struct tcprtt_ext, 10240);
#endif

/* Whether the first bytes of addr equal the constant list want (unrolled compares). */
#define TB_ADDR_IS(addr, ...)                                                   \
	({                                                                      \
		const u8 tb_want_[] = { __VA_ARGS__ };                          \
		int tb_same_ = 1;                                               \
		_Pragma("unroll")                                               \
		for (int tb_i_ = 0; tb_i_ < (int)sizeof(tb_want_); tb_i_++)     \
			tb_same_ &= (addr)[tb_i_] == tb_want_[tb_i_];           \
		tb_same_;                                                       \
	})

/* One RTT sample: ports in host order, addresses in network order (4 or 16 bytes). */
static __always_inline int count_rtt(u16 family, u16 lport, u16 rport, const u8 *laddr,
				     const u8 *raddr, u64 srtt)
{
	struct tcprtt_section sec = {};

#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return 0;
#endif
	if (family != AF_INET && family != AF_INET6)
		return 0;
#ifdef TARG_LPORTS
	if (!TB_PORT_IN(lport, TARG_LPORTS))
		return 0;
#endif
#ifdef TARG_RPORTS
	if (!TB_PORT_IN(rport, TARG_RPORTS))
		return 0;
#endif
#ifdef TARG_LADDR
	if (family != TARG_LADDR_FAMILY || !TB_ADDR_IS(laddr, TARG_LADDR))
		return 0;
#endif
#ifdef TARG_RADDR
	if (family != TARG_RADDR_FAMILY || !TB_ADDR_IS(raddr, TARG_RADDR))
		return 0;
#endif
#ifdef MILLISECONDS
	srtt /= 1000;
#endif
#if TB_SECTION != TB_TCPRTT_ALL
	sec.family = family;
	__builtin_memcpy(sec.addr, TB_SECTION == TB_TCPRTT_LADDR ? laddr : raddr, 16);
	if (family == AF_INET)
		__builtin_memset(sec.addr + 4, 0, 12);
	struct tcprtt_key key = {};
	key.section = sec;
	key.slot = bpf_log2l(srtt);
	dist.atomic_increment(key);
#else
	dist.atomic_increment(bpf_log2l(srtt));
#endif
#ifdef TB_EXTENSION
	struct tcprtt_ext zero = {}, *e = ext.lookup_or_try_init(&sec, &zero);
	if (e) {
		__sync_fetch_and_add(&e->total, srtt);
		__sync_fetch_and_add(&e->count, 1);
	}
#endif
	return 0;
}

#if defined(TB_USE_KPROBE) || defined(TB_USE_FENTRY)
static __always_inline int on_rcv_established(struct sock *sk)
{
	struct tcp_sock *ts = (struct tcp_sock *)sk;
	u8 laddr[16] = {}, raddr[16] = {};
	u16 family = 0, lport = 0, rport = 0;
	u32 srtt_us = 0;

	/* explicit reads: the same code for kprobe and fentry, whatever the rewriter tracks */
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	bpf_probe_read_kernel(&lport, sizeof(lport), &sk->__sk_common.skc_num);
	bpf_probe_read_kernel(&rport, sizeof(rport), &sk->__sk_common.skc_dport);
	rport = tb_ntohs(rport);
	bpf_probe_read_kernel(&srtt_us, sizeof(srtt_us), &ts->srtt_us);
	TB_SK_ADDRS(sk, family, laddr, raddr);
	return count_rtt(family, lport, rport, laddr, raddr, srtt_us >> 3);
}
#endif

#if defined(TB_USE_KPROBE)
int on_tcp_rcv_established(struct pt_regs *ctx, struct sock *sk)
{
	return on_rcv_established(sk);
}
#elif defined(TB_USE_FENTRY)
KFUNC_PROBE(tcp_rcv_established, struct sock *sk)
{
	return on_rcv_established(sk);
}
#else
/* saddr/daddr are a struct sockaddr_in or sockaddr_in6 (28 bytes): the IPv4 address at
 * offset 4, the IPv6 one at 8. sport/dport are host order; srtt is srtt_us >> 3. */
TRACEPOINT_PROBE(tcp, tcp_probe)
{
	u8 laddr[16] = {}, raddr[16] = {};
	u16 family = args->family;

	if (family == AF_INET) {
		__builtin_memcpy(laddr, args->saddr + 4, 4);
		__builtin_memcpy(raddr, args->daddr + 4, 4);
	} else {
		__builtin_memcpy(laddr, args->saddr + 8, 16);
		__builtin_memcpy(raddr, args->daddr + 8, 16);
	}
	return count_rtt(family, args->sport, args->dport, laddr, raddr, args->srtt);
}
#endif
