/* Kernel-internal constants and helper macros that BCC tools use but that neither BTF (types
 * only) nor the uapi headers carry; included last by the BTF-made tree's kconfig.h. Values are
 * those of the kernel's own headers and have been stable since long before BTF existed. */

/* include/linux/sched.h: task->__state and task->exit_state values */
#ifndef TASK_RUNNING
#define TASK_RUNNING		0x00000000
#endif
#ifndef TASK_INTERRUPTIBLE
#define TASK_INTERRUPTIBLE	0x00000001
#endif
#ifndef TASK_UNINTERRUPTIBLE
#define TASK_UNINTERRUPTIBLE	0x00000002
#endif
#ifndef __TASK_STOPPED
#define __TASK_STOPPED		0x00000004
#endif
#ifndef __TASK_TRACED
#define __TASK_TRACED		0x00000008
#endif
#ifndef EXIT_DEAD
#define EXIT_DEAD		0x00000010
#endif
#ifndef EXIT_ZOMBIE
#define EXIT_ZOMBIE		0x00000020
#endif
#ifndef EXIT_TRACE
#define EXIT_TRACE		(EXIT_ZOMBIE | EXIT_DEAD)
#endif
#ifndef TASK_PARKED
#define TASK_PARKED		0x00000040
#endif
#ifndef TASK_DEAD
#define TASK_DEAD		0x00000080
#endif
#ifndef TASK_WAKEKILL
#define TASK_WAKEKILL		0x00000100
#endif
#ifndef TASK_WAKING
#define TASK_WAKING		0x00000200
#endif
#ifndef TASK_NOLOAD
#define TASK_NOLOAD		0x00000400
#endif
#ifndef TASK_NEW
#define TASK_NEW		0x00000800
#endif
#ifndef TASK_KILLABLE
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#endif
#ifndef TASK_STOPPED
#define TASK_STOPPED		(TASK_WAKEKILL | __TASK_STOPPED)
#endif
#ifndef TASK_TRACED
#define TASK_TRACED		__TASK_TRACED
#endif
#ifndef TASK_IDLE
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#endif
#ifndef TASK_NORMAL
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#endif

/* include/linux/sched.h: task->flags */
#ifndef PF_IDLE
#define PF_IDLE			0x00000002
#endif
#ifndef PF_EXITING
#define PF_EXITING		0x00000004
#endif
#ifndef PF_WQ_WORKER
#define PF_WQ_WORKER		0x00000020
#endif
#ifndef PF_FORKNOEXEC
#define PF_FORKNOEXEC		0x00000040
#endif
#ifndef PF_KTHREAD
#define PF_KTHREAD		0x00200000
#endif

/* include/linux/socket.h: address families (the uapi has them only through glibc) */
#ifndef AF_UNSPEC
#define AF_UNSPEC		0
#endif
#ifndef AF_UNIX
#define AF_UNIX			1
#endif
#ifndef AF_LOCAL
#define AF_LOCAL		AF_UNIX
#endif
#ifndef AF_INET
#define AF_INET			2
#endif
#ifndef AF_INET6
#define AF_INET6		10
#endif
#ifndef AF_NETLINK
#define AF_NETLINK		16
#endif
#ifndef AF_PACKET
#define AF_PACKET		17
#endif
#ifndef PF_UNIX
#define PF_UNIX			AF_UNIX
#endif
#ifndef PF_INET
#define PF_INET			AF_INET
#endif
#ifndef PF_INET6
#define PF_INET6		AF_INET6
#endif
#ifndef IFNAMSIZ
#define IFNAMSIZ		16
#endif

#ifndef SCM_RIGHTS
#define SCM_RIGHTS		0x01
#endif

/* include/linux/dcache.h: 32 on 64-bit before 6.14; the tree's vmlinux.h defines the size it
 * finds in BTF when the kernel is newer */
#ifndef DNAME_INLINE_LEN
#define DNAME_INLINE_LEN	32
#endif

/* arch/x86/include/asm/page_types.h and page_64_types.h */
#ifndef PAGE_SHIFT
#define PAGE_SHIFT		12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#endif
#ifndef PAGE_MASK
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#endif
#ifndef __PAGE_OFFSET_BASE_L4
#define __PAGE_OFFSET_BASE_L4	0xffff888000000000UL
#endif
#ifndef __PAGE_OFFSET_BASE_L5
#define __PAGE_OFFSET_BASE_L5	0xff11000000000000UL
#endif

/* include/linux/kdev_t.h */
#ifndef MINORBITS
#define MINORBITS		20
#endif
#ifndef MINORMASK
#define MINORMASK		((1U << MINORBITS) - 1)
#endif
#ifndef MAJOR
#define MAJOR(dev)		((unsigned int)((dev) >> MINORBITS))
#endif
#ifndef MINOR
#define MINOR(dev)		((unsigned int)((dev) & MINORMASK))
#endif
#ifndef MKDEV
#define MKDEV(ma, mi)		(((ma) << MINORBITS) | (mi))
#endif

/* include/linux/blk_types.h and blkdev.h: request op and disk name */
#ifndef REQ_OP_BITS
#define REQ_OP_BITS		8
#endif
#ifndef REQ_OP_MASK
#define REQ_OP_MASK		((1 << REQ_OP_BITS) - 1)
#endif
#ifndef DISK_NAME_LEN
#define DISK_NAME_LEN		32
#endif

/* include/vdso/time64.h */
#ifndef MSEC_PER_SEC
#define MSEC_PER_SEC		1000L
#endif
#ifndef USEC_PER_SEC
#define USEC_PER_SEC		1000000L
#endif
#ifndef NSEC_PER_SEC
#define NSEC_PER_SEC		1000000000L
#endif
#ifndef NSEC_PER_MSEC
#define NSEC_PER_MSEC		1000000L
#endif
#ifndef NSEC_PER_USEC
#define NSEC_PER_USEC		1000L
#endif

/* the kernel's HZ is CONFIG_HZ (uapi's is USER_HZ, 100, and must not leak in) */
#if !defined(HZ) && defined(CONFIG_HZ)
#define HZ			CONFIG_HZ
#endif

/* include/linux/limits.h and bits.h */
#ifndef BITS_PER_LONG
#define BITS_PER_LONG		64
#endif
#ifndef BIT
#define BIT(nr)			(1UL << (nr))
#endif
#ifndef U32_MAX
#define U32_MAX			((u32)~0U)
#endif
#ifndef U64_MAX
#define U64_MAX			((u64)~0ULL)
#endif
#ifndef INT_MAX
#define INT_MAX			((int)(~0U >> 1))
#endif
#ifndef UINT_MAX
#define UINT_MAX		(~0U)
#endif
#ifndef LONG_MAX
#define LONG_MAX		((long)(~0UL >> 1))
#endif
#ifndef ULONG_MAX
#define ULONG_MAX		(~0UL)
#endif

/* include/linux/byteorder/generic.h: x86 is little-endian */
#ifndef ntohs
#define ntohs(x)		__builtin_bswap16(x)
#endif
#ifndef htons
#define htons(x)		__builtin_bswap16(x)
#endif
#ifndef ntohl
#define ntohl(x)		__builtin_bswap32(x)
#endif
#ifndef htonl
#define htonl(x)		__builtin_bswap32(x)
#endif
#ifndef be16_to_cpu
#define be16_to_cpu(x)		__builtin_bswap16(x)
#endif
#ifndef be32_to_cpu
#define be32_to_cpu(x)		__builtin_bswap32(x)
#endif
#ifndef be64_to_cpu
#define be64_to_cpu(x)		__builtin_bswap64(x)
#endif
#ifndef cpu_to_be16
#define cpu_to_be16(x)		__builtin_bswap16(x)
#endif
#ifndef cpu_to_be32
#define cpu_to_be32(x)		__builtin_bswap32(x)
#endif
#ifndef cpu_to_be64
#define cpu_to_be64(x)		__builtin_bswap64(x)
#endif

/* include/net/inet_sock.h, inet_connection_sock.h, linux/tcp.h: the socket is each one's
 * first member */
#ifndef inet_sk
#define inet_sk(sk)		((struct inet_sock *)(sk))
#endif
#ifndef inet_csk
#define inet_csk(sk)		((struct inet_connection_sock *)(sk))
#endif
#ifndef tcp_sk
#define tcp_sk(sk)		((struct tcp_sock *)(sk))
#endif

/* include/linux/stddef.h, kernel.h, minmax.h, math64.h, container_of.h */
#ifndef NULL
#define NULL			((void *)0)
#endif
#ifndef offsetof
#define offsetof(type, member)	__builtin_offsetof(type, member)
#endif
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((void *)(ptr) - offsetof(type, member)))
#endif
#ifndef min_t
#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#endif
#ifndef max_t
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))
#endif
#ifndef div_u64
#define div_u64(a, b)		((u64)(a) / (b))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#endif

/* include/linux/compiler*.h */
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#ifndef noinline
#define noinline		__attribute__((noinline))
#endif
#ifndef __packed
#define __packed		__attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x)		__attribute__((aligned(x)))
#endif
#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif
#ifndef barrier
#define barrier()		__asm__ __volatile__("" : : : "memory")
#endif
#ifndef READ_ONCE
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#endif
#ifndef WRITE_ONCE
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))
#endif

/* sparse annotations: meaningless to clang */
#ifndef __user
#define __user
#endif
#ifndef __kernel
#define __kernel
#endif
#ifndef __force
#define __force
#endif
#ifndef __rcu
#define __rcu
#endif
#ifndef __percpu
#define __percpu
#endif
#ifndef __iomem
#define __iomem
#endif
#ifndef __must_check
#define __must_check
#endif
