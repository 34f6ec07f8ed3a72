/* BPF-side helpers shared by the TCP tools: byte order and port-list filters. Inlined into
 * each program's embedded source at build time. */
#ifndef TB_BPF_NET_H
#define TB_BPF_NET_H

/* The BTF-made header tree has no IPPROTO_* or TCP_* macros (TCP states are an enum there) */
#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#endif
#ifndef AF_INET
#define AF_INET 2
#endif
#ifndef AF_INET6
#define AF_INET6 10
#endif

/* sk->__sk_common.skc_dport is in network order; tracepoint ports are already host order */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define tb_ntohs(x) __builtin_bswap16(x)
#else
#define tb_ntohs(x) (x)
#endif

/* TB_PORT_IN(port, TARG_LPORTS): whether port is in the list given as -DTARG_LPORTS=80,443.
 * The list is a constant array, so clang unrolls the loop into compares. */
#define TB_PORT_IN(port, ...)                                                   \
	({                                                                      \
		const u16 tb_ports_[] = { __VA_ARGS__ };                        \
		int tb_found_ = 0;                                              \
		_Pragma("unroll")                                               \
		for (int tb_i_ = 0; tb_i_ < (int)(sizeof(tb_ports_) / sizeof(tb_ports_[0])); tb_i_++) \
			tb_found_ |= tb_ports_[tb_i_] == (port);                \
		tb_found_;                                                      \
	})

/* TB_TP_ADDRS(args, saddr, daddr): sock:inet_sock_set_state's addresses (byte arrays, network
 * order) into two 16-byte arrays; 4 bytes used for AF_INET. args is the tracepoint's context,
 * read directly. */
#define TB_TP_ADDRS(args, saddr_out, daddr_out)                                 \
	do {                                                                    \
		if ((args)->family == AF_INET) {                                \
			__builtin_memcpy(saddr_out, (args)->saddr, 4);          \
			__builtin_memcpy(daddr_out, (args)->daddr, 4);          \
		} else {                                                        \
			__builtin_memcpy(saddr_out, (args)->saddr_v6, 16);      \
			__builtin_memcpy(daddr_out, (args)->daddr_v6, 16);      \
		}                                                               \
	} while (0)

/* TB_SK_ADDRS(sk, family, saddr, daddr): a struct sock's local and remote addresses, the same
 * way. Explicit reads: BCC does not rewrite dereferences inside macros (only addresses are
 * taken here). */
#define TB_SK_ADDRS(sk, family, saddr_out, daddr_out)                           \
	do {                                                                    \
		if ((family) == AF_INET) {                                      \
			bpf_probe_read_kernel(saddr_out, 4, &(sk)->__sk_common.skc_rcv_saddr); \
			bpf_probe_read_kernel(daddr_out, 4, &(sk)->__sk_common.skc_daddr); \
		} else {                                                        \
			bpf_probe_read_kernel(saddr_out, 16,                    \
				(sk)->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32); \
			bpf_probe_read_kernel(daddr_out, 16,                    \
				(sk)->__sk_common.skc_v6_daddr.in6_u.u6_addr32); \
		}                                                               \
	} while (0)

/* TB_SK_REUSE(sk): SO_REUSEADDR as bit 0 and SO_REUSEPORT as bit 1, from the bit-fields
 * skc_reuse:4 and skc_reuseport:1 in the byte after skc_state (the same in every kernel since
 * 3.9), counted from the low end on little-endian machines. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TB_SK_REUSE_BITS(b) ((((b) & 0x0f) != 0) | ((((b) >> 4) & 1) << 1))
#else
#define TB_SK_REUSE_BITS(b) (((((b) >> 4) & 0x0f) != 0) | ((((b) >> 3) & 1) << 1))
#endif
#define TB_SK_REUSE(sk)                                                         \
	({                                                                      \
		u8 tb_r_ = 0;                                                   \
		bpf_probe_read_kernel(&tb_r_, 1, (u8 *)&(sk)->__sk_common.skc_state + 1); \
		(u8)TB_SK_REUSE_BITS(tb_r_);                                    \
	})

/* The struct sock behind the calling task's file descriptor fd, or NULL when fd is no socket:
 * a file is a socket's when its private_data is a struct socket that points back at the file.
 * Comes with tb_bpf.h's tb_file_of_fd (TB_WANT_FILE_OF_FD). */
#ifdef TB_WANT_FILE_OF_FD
#include <linux/net.h>

static __always_inline struct sock *tb_sock_of_fd(u32 fd)
{
	struct file *file = tb_file_of_fd(fd), *back = NULL;
	struct socket *sock = NULL;
	struct sock *sk = NULL;

	if (!file)
		return NULL;
	bpf_probe_read_kernel(&sock, sizeof(sock), &file->private_data);
	if (!sock)
		return NULL;
	bpf_probe_read_kernel(&back, sizeof(back), &sock->file);
	if (back != file)
		return NULL;
	bpf_probe_read_kernel(&sk, sizeof(sk), &sock->sk);
	return sk;
}
#endif

/* tb_msg_user_buf(msg, &base, &size): the user buffer a receive into the kernel's struct
 * msghdr will fill (its first segment), read before the copy moves the iterator. 0, or -1
 * when msg_iter is no user buffer (a kernel-internal receive). The struct iov_iter differs
 * between kernels, which the loader's facts say (loader/kernel/facts.c, "struct
 * iov_iter"): TB_IOV_ITER_HAS_ITER_TYPE, its kind is the u8 iter_type (5.14) rather than the int
 * type with the direction in bit 0; TB_IOV_ITER_HAS_DUNDER_IOV, the iovec array is __iov (6.4)
 * rather than iov; TB_IOV_ITER_HAS_UBUF, a single buffer is ITER_UBUF at ubuf (6.0). udp_recvmsg's
 * own change (noblock dropped, 5.19) is after the two arguments read here. */
#ifdef TB_WANT_MSG_USER_BUF
#include <linux/uio.h>
#include <linux/socket.h>

#ifdef TB_IOV_ITER_HAS_DUNDER_IOV
#define TB_IOV_ITER_IOV __iov
#else
#define TB_IOV_ITER_IOV iov
#endif

static __always_inline int tb_msg_user_buf(struct msghdr *msg, u64 *base, u64 *size)
{
	struct iov_iter *it = &msg->msg_iter;
	const struct iovec *iov = NULL;
#ifdef TB_IOV_ITER_HAS_ITER_TYPE
	u8 type = 0;

	bpf_probe_read_kernel(&type, sizeof(type), &it->iter_type);
#else
	unsigned int type = 0;

	bpf_probe_read_kernel(&type, sizeof(type), &it->type);
	type &= ~1u; /* READ or WRITE */
#endif
#ifdef TB_IOV_ITER_HAS_UBUF
	if (type == ITER_UBUF) {
		bpf_probe_read_kernel(base, sizeof(*base), &it->ubuf);
		bpf_probe_read_kernel(size, sizeof(*size), &it->count);
		return 0;
	}
#endif
	if (type != ITER_IOVEC)
		return -1;
	bpf_probe_read_kernel(&iov, sizeof(iov), &it->TB_IOV_ITER_IOV);
	if (!iov)
		return -1;
	bpf_probe_read_kernel(base, sizeof(*base), &iov->iov_base);
	bpf_probe_read_kernel(size, sizeof(*size), &iov->iov_len);
	return 0;
}
#endif

#endif
