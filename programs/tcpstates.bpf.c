/* tcpstates: every TCP state change with the time spent in the previous state, as BCC's
 * tcpstates. The sock:inet_sock_set_state tracepoint by default; a kprobe on tcp_set_state
 * when built with -DTB_USE_KPROBE (kernels before 4.16 have no tracepoint). */
#include <uapi/linux/ptrace.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tcpstates.h"

/* Options from the frontend, as -D flags: TARG_LPORTS=80,443, TARG_DPORTS=..., TARG_FAMILY. */

/* skaddr -> when the socket entered its current state; deleted when it closes */
BPF_HASH(last, u64, u64, 10240);
BPF_PERF_OUTPUT(events);

/* Filters, then the time in the previous state and the per-socket bookkeeping. Returns
 * whether to report the change. */
static __always_inline bool account(struct tcpstates_event *e, u64 skaddr, int newstate,
				    u16 family, u16 lport, u16 dport)
{
	u64 now = bpf_ktime_get_ns(), *tsp;

	/* a filtered-out socket's entry is dropped, as BCC does, so the map cannot fill up
	 * with sockets nobody reports */
#ifdef TARG_LPORTS
	if (!TB_PORT_IN(lport, TARG_LPORTS)) {
		last.delete(&skaddr);
		return false;
	}
#endif
#ifdef TARG_DPORTS
	if (!TB_PORT_IN(dport, TARG_DPORTS)) {
		last.delete(&skaddr);
		return false;
	}
#endif
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return false;
#endif
	tsp = last.lookup(&skaddr);
	if (tsp)
		e->span_ns = now - *tsp;
	if (newstate == TCP_CLOSE)
		last.delete(&skaddr);
	else
		last.update(&skaddr, &now);

	e->ts_ns = now;
	e->skaddr = skaddr;
	e->newstate = newstate;
	e->family = family;
	e->lport = lport;
	e->dport = dport;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	return true;
}

#ifndef TB_USE_KPROBE
TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct tcpstates_event e = {};
	u64 sk = (u64)args->skaddr;

	if (args->protocol != IPPROTO_TCP)
		return 0;
	if (!account(&e, sk, args->newstate, args->family, args->sport, args->dport))
		return 0;
	e.oldstate = args->oldstate;
	/* the tracepoint's addresses are byte arrays in network order */
	TB_TP_ADDRS(args, e.saddr, e.daddr);
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
#else
int on_tcp_set_state(struct pt_regs *ctx, struct sock *sk, int state)
{
	struct tcpstates_event e = {};
	u16 family = sk->__sk_common.skc_family;
	u16 lport = sk->__sk_common.skc_num;
	/* read outside the macro: BCC's rewriter leaves dereferences in macro arguments as
	 * plain loads, which the verifier rejects in a kprobe (found on a 6.1 kernel) */
	u16 dport = sk->__sk_common.skc_dport;

	/* tcp_set_state is TCP's own: no protocol check; the state is still the old one */
	dport = tb_ntohs(dport);
	if (!account(&e, (u64)sk, state, family, lport, dport))
		return 0;
	e.oldstate = sk->__sk_common.skc_state;
	TB_SK_ADDRS(sk, family, e.saddr, e.daddr);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
#endif
