/* tcptop: TCP bytes received and sent, summed per process and connection in table `counts`,
 * read and emptied by the frontend every interval. Two variants (-DTB_USE_...):
 * - kprobes, BCC's: tcp_sendmsg (and tcp_sendpage where the kernel has it) from entry to
 *   return for the bytes sent, tcp_cleanup_rbuf for the bytes copied to the reader;
 * - the sock:sock_send_length and sock:sock_recv_length tracepoints, where the kernel has
 *   them (TB_TP_sock__sock_send_length): sendmsg() and recvmsg() on any socket, TCP kept. */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tb_bpf_container.h"
#include "tcptop.h"

/* Options from the frontend: TARG_PID (-p), TARG_FAMILY (-4/-6), the container maps. */

#ifndef MSG_PEEK
#define MSG_PEEK 2
#endif

BPF_HASH(counts, struct tcptop_key, struct tcptop_val, TB_TCPTOP_MAX_ENTRIES);

static __always_inline int count(struct sock *sk, u16 family, u64 bytes, int rx)
{
	struct tcptop_val zero = {}, *val;
	struct tcptop_key key;
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u16 dport = 0;

#ifdef TARG_PID
	if (pid != TARG_PID)
		return 0;
#endif
	if (family != AF_INET && family != AF_INET6)
		return 0;
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return 0;
#endif
	if (tb_container_skip())
		return 0;
	/* zeroed whole: the key is hashed with its padding and the unused address bytes */
	__builtin_memset(&key, 0, sizeof(key));
	key.pid = pid;
	key.family = family;
	TB_SK_ADDRS(sk, family, key.saddr, key.daddr);
	bpf_probe_read_kernel(&key.lport, sizeof(key.lport), &sk->__sk_common.skc_num);
	bpf_probe_read_kernel(&dport, sizeof(dport), &sk->__sk_common.skc_dport);
	key.dport = tb_ntohs(dport);
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	val = counts.lookup_or_try_init(&key, &zero);
	if (!val)
		return 0; /* table full: the frontend says so at the interval's end */
	if (rx)
		__sync_fetch_and_add(&val->rx, bytes);
	else
		__sync_fetch_and_add(&val->tx, bytes);
	return 0;
}

#ifdef TB_USE_KPROBE
/* tcp_sendmsg's socket per thread, from entry to return (where the size sent is known) */
BPF_HASH(sending, u32, struct sock *, TB_TCPTOP_MAX_ENTRIES);

int on_tcp_sendmsg(struct pt_regs *ctx, struct sock *sk)
{
	u32 tid = bpf_get_current_pid_tgid();

	sending.update(&tid, &sk);
	return 0;
}

int on_tcp_sendmsg_return(struct pt_regs *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	int size = PT_REGS_RC(ctx);
	struct sock **skp = sending.lookup(&tid), *sk;
	u16 family = 0;

	if (!skp)
		return 0;
	sk = *skp;
	sending.delete(&tid);
	if (size <= 0)
		return 0;
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	return count(sk, family, size, 0);
}

/* bytes copied to the reader, by recvmsg() and by tcp_read_sock() (splice) alike */
int on_tcp_cleanup_rbuf(struct pt_regs *ctx, struct sock *sk, int copied)
{
	u16 family = 0;

	if (copied <= 0)
		return 0;
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	return count(sk, family, copied, 1);
}
#endif

#if defined(TB_USE_TRACEPOINT) && defined(TB_TP_sock__sock_send_length)
TRACEPOINT_PROBE(sock, sock_send_length)
{
	if (args->protocol != IPPROTO_TCP || args->ret <= 0)
		return 0;
	return count((struct sock *)args->sk, args->family, args->ret, 0);
}

TRACEPOINT_PROBE(sock, sock_recv_length)
{
	/* a peek leaves the bytes queued: they count when read (the tracepoint's own rule) */
	if (args->protocol != IPPROTO_TCP || args->ret <= 0 || (args->flags & MSG_PEEK))
		return 0;
	return count((struct sock *)args->sk, args->family, args->ret, 1);
}
#endif
