/* tcpaccept: every TCP connection a process accepts, as BCC's tcpaccept: the accepted
 * socket's addresses and ports, and the accepting task. Two ways to see it, chosen by the
 * frontend with a -D flag:
 *   TB_USE_KPROBE   a kretprobe on inet_csk_accept, which returns the new socket (BCC's way)
 *   otherwise       the syscalls:sys_exit_accept4 (and sys_exit_accept) tracepoints: the new
 *                   descriptor's socket, found in the task's file table */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#ifndef TB_USE_KPROBE
#define TB_WANT_FILE_OF_FD /* tb_sock_of_fd */
#endif
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "tb_bpf_net.h"
#include "tcpaccept.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_FAMILY, TARG_LPORTS=80,443. */

BPF_PERF_OUTPUT(events);

static __always_inline int report(void *ctx, struct sock *sk)
{
	struct tcpaccept_event e = {};
	u16 family = 0, lport = 0, rport = 0;

	if (!sk)
		return 0;
	e.pid = bpf_get_current_pid_tgid() >> 32;
#ifdef TARG_PID
	if (e.pid != TARG_PID)
		return 0;
#endif
	if (tb_container_skip())
		return 0;
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return 0;
#endif
	if (TB_SK_PROTOCOL(sk) != IPPROTO_TCP)
		return 0;
	bpf_probe_read_kernel(&lport, sizeof(lport), &sk->__sk_common.skc_num);
#ifdef TARG_LPORTS
	if (!TB_PORT_IN(lport, TARG_LPORTS))
		return 0;
#endif
	bpf_probe_read_kernel(&rport, sizeof(rport), &sk->__sk_common.skc_dport);
	e.ts_ns = bpf_ktime_get_ns();
	e.lport = lport;
	e.rport = tb_ntohs(rport);
	e.family = family;
	TB_SK_ADDRS(sk, family, e.laddr, e.raddr);
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#ifdef TB_USE_KPROBE
/* struct sock *inet_csk_accept(struct sock *sk, ...): the new socket, or NULL */
int on_accept_return(struct pt_regs *ctx)
{
	return report(ctx, (struct sock *)PT_REGS_RC(ctx));
}
#else
/* the new descriptor, or -errno */
TRACEPOINT_PROBE(syscalls, sys_exit_accept4)
{
	if (args->ret < 0)
		return 0;
	return report(args, tb_sock_of_fd(args->ret));
}

/* newer architectures (arm64, riscv) have accept4 alone */
#ifdef TB_TP_syscalls__sys_exit_accept
TRACEPOINT_PROBE(syscalls, sys_exit_accept)
{
	if (args->ret < 0)
		return 0;
	return report(args, tb_sock_of_fd(args->ret));
}
#endif
#endif
