/* tcpconnect: every active TCP connect, as BCC's tcpconnect. Two ways to see it, chosen by
 * the frontend with a -D flag:
 *   TB_USE_TRACEPOINT  sock:inet_sock_set_state CLOSE -> SYN_SENT, which tcp_v4/v6_connect
 *                      makes in the connecting task, after the addresses are set but before
 *                      the local port is chosen (-L waits for the socket to leave SYN_SENT)
 *   TB_USE_KPROBE      kprobe and kretprobe on tcp_v4_connect/tcp_v6_connect (BCC's way) */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "tb_bpf_net.h"
#include "tcpconnect.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_UID, TARG_FAMILY, TARG_DPORTS=80,443,
 * DO_COUNT (-c: count instead of events), WANT_LPORT (-L). */

BPF_PERF_OUTPUT(events);
#ifdef DO_COUNT
BPF_HASH(counts, struct tcpconnect_key, u64, TB_TCPCONNECT_MAX_FLOWS);
#endif

/* The task's filters (-p, -u); fills pid, uid and comm. */
static __always_inline bool task_wanted(struct tcpconnect_event *e)
{
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->uid = (u32)bpf_get_current_uid_gid();
#ifdef TARG_PID
	if (e->pid != TARG_PID)
		return false;
#endif
#ifdef TARG_UID
	if (e->uid != TARG_UID)
		return false;
#endif
	if (tb_container_skip())
		return false;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	return true;
}

/* The socket's filters (-4/-6, -P) */
static __always_inline bool sock_wanted(u16 family, u16 dport)
{
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return false;
#endif
#ifdef TARG_DPORTS
	if (!TB_PORT_IN(dport, TARG_DPORTS))
		return false;
#endif
	return true;
}

static __always_inline void report(void *ctx, struct tcpconnect_event *e)
{
#ifdef DO_COUNT
	struct tcpconnect_key k = {};

	__builtin_memcpy(k.saddr, e->saddr, sizeof(k.saddr));
	__builtin_memcpy(k.daddr, e->daddr, sizeof(k.daddr));
	k.dport = e->dport;
	k.family = e->family;
	counts.atomic_increment(k);
#else
	tb_count_lost(events.perf_submit(ctx, e, sizeof(*e)));
#endif
}

#ifdef TB_USE_KPROBE
/* tid -> the socket tcp_v4/v6_connect was given, for its return */
BPF_HASH(currsock, u32, u64, 10240);

int on_connect_entry(struct pt_regs *ctx, struct sock *sk)
{
	struct tcpconnect_event e = {};
	u32 tid = bpf_get_current_pid_tgid();
	u64 skaddr = (u64)sk;

	if (!task_wanted(&e))
		return 0;
	currsock.update(&tid, &skaddr);
	return 0;
}

static __always_inline int on_connect_return(struct pt_regs *ctx)
{
	struct tcpconnect_event e = {};
	u32 tid = bpf_get_current_pid_tgid();
	u64 *skp = currsock.lookup(&tid);
	struct sock *sk;
	u16 family, dport;

	if (!skp)
		return 0;
	sk = (struct sock *)*skp;
	currsock.delete(&tid);
	/* no SYN sent: the addresses may not be set */
	if (PT_REGS_RC(ctx) != 0)
		return 0;
	/* sk came from a map as a number: BCC's rewriter does not know it points into the
	 * kernel, so every read is explicit (4.14's verifier refused the plain dereference) */
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	bpf_probe_read_kernel(&dport, sizeof(dport), &sk->__sk_common.skc_dport);
	dport = tb_ntohs(dport);
	if (!sock_wanted(family, dport))
		return 0;
	task_wanted(&e);
	e.ts_ns = bpf_ktime_get_ns();
	e.family = family;
	e.dport = dport;
	bpf_probe_read_kernel(&e.lport, sizeof(e.lport), &sk->__sk_common.skc_num);
	TB_SK_ADDRS(sk, family, e.saddr, e.daddr);
	report(ctx, &e);
	return 0;
}

int on_connect_v4_return(struct pt_regs *ctx)
{
	return on_connect_return(ctx);
}

int on_connect_v6_return(struct pt_regs *ctx)
{
	return on_connect_return(ctx);
}
#else
#ifdef WANT_LPORT
/* skaddr -> the connecting task, until the socket leaves SYN_SENT with its port chosen */
BPF_HASH(pending, u64, struct tcpconnect_start, 10240);
#endif

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct tcpconnect_event e = {};
	u64 sk = (u64)args->skaddr;

	if (args->protocol != IPPROTO_TCP)
		return 0;
#ifdef WANT_LPORT
	if (args->oldstate == TCP_SYN_SENT) {
		/* (BCC's tracepoint struct exists inside this function only: not a helper) */
		struct tcpconnect_start *s = pending.lookup(&sk);

		if (!s)
			return 0;
		e.ts_ns = s->ts_ns;
		e.pid = s->pid;
		e.uid = s->uid;
		__builtin_memcpy(e.comm, s->comm, sizeof(e.comm));
		pending.delete(&sk);
		/* connect() failed before choosing a port (tcp_v4_connect's own failure path) */
		if (!args->sport)
			return 0;
		e.family = args->family;
		e.lport = args->sport;
		e.dport = args->dport;
		TB_TP_ADDRS(args, e.saddr, e.daddr);
		report(args, &e);
		return 0;
	}
#endif
	if (args->oldstate != TCP_CLOSE || args->newstate != TCP_SYN_SENT)
		return 0;
	if (!sock_wanted(args->family, args->dport) || !task_wanted(&e))
		return 0;
	e.ts_ns = bpf_ktime_get_ns();
#ifdef WANT_LPORT
	{
		struct tcpconnect_start s = {};

		s.ts_ns = e.ts_ns;
		s.pid = e.pid;
		s.uid = e.uid;
		__builtin_memcpy(s.comm, e.comm, sizeof(s.comm));
		pending.update(&sk, &s);
	}
#else
	e.family = args->family;
	e.dport = args->dport;
	TB_TP_ADDRS(args, e.saddr, e.daddr);
	report(args, &e);
#endif
	return 0;
}
#endif
