/* uapi headers whose #define constants go into the BTF-made header tree (the build runs
 * `cc -E -dM` on this file and keeps upper-case macros). Only headers that pull in no glibc
 * header belong here: linux/icmp.h and linux/if_arp.h reach <sys/socket.h>, so they are out. */
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/mman.h>
#include <linux/limits.h>
#include <linux/sched.h>
#include <linux/ptrace.h>
#include <linux/wait.h>
#include <linux/signal.h>
#include <linux/errno.h>
#include <linux/time.h>
#include <linux/resource.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/eventpoll.h>
#include <linux/blktrace_api.h>
