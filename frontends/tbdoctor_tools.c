/* tbdoctor's per-tool lines: whether each tool runs on this kernel, by which attach path, or why
 * not, from the same loader probes the tools use. Each tool's ways are its fallback chain, in
 * the order its frontend tries them; kept in step with the frontends by hand until a tool is a
 * declaration the loader runs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "tbdoctor.h"
#include "tracebox.h"

/* TP_FIELD: "category:event:field", a tracepoint whose format has that field */
/* FS: a file system the kernel has registered (/proc/filesystems: built in, or its module
 * loaded) */
enum need_kind { END, TP, TP_FIELD, RAW_TP, KPROBE, FENTRY, UPROBE, PERF, LSM, UNLINKAT, CAP_ARG,
		 VFS_ARGS, TTY_WRITE, FS };

struct need {
	enum need_kind kind;
	const char *name;
};

struct way {
	const char *label;      /* what it attaches, for the line */
	const char *limits;     /* what the tool cannot do this way, or NULL */
	struct need needs[6];
};

struct tool {
	const char *name;
	struct way ways[3];
};

#define W(label, limits, ...) { label, limits, { __VA_ARGS__ } }

static const struct tool tools[] = {
	{ "execsnoop", { W("tracepoints syscalls:sys_{enter,exit}_execve", NULL,
			   { TP, "syscalls:sys_enter_execve" }, { TP, "syscalls:sys_exit_execve" },
			   { TP, "sched:sched_process_exec" }) } },
	{ "opensnoop", { W("tracepoints syscalls:sys_{enter,exit}_openat", NULL,
			   { TP, "syscalls:sys_enter_openat" }, { TP, "syscalls:sys_exit_openat" }) } },
	{ "exitsnoop", { W("tracepoint sched:sched_process_exit", NULL,
			   { TP, "sched:sched_process_exit" }) } },
	{ "bootstrap", { W("tracepoints sched:sched_process_exec, sched_process_exit", NULL,
			   { TP, "sched:sched_process_exec" }, { TP, "sched:sched_process_exit" }) } },
	{ "sigsnoop", { W("tracepoint signal:signal_generate", NULL,
			  { TP, "signal:signal_generate" }),
			W("tracepoints syscalls:sys_{enter,exit}_kill", "only signals sent by kill(), "
			  "tkill(), tgkill()", { TP, "syscalls:sys_enter_kill" }) } },
	{ "killsnoop", { W("tracepoints syscalls:sys_{enter,exit}_kill", NULL,
			   { TP, "syscalls:sys_enter_kill" }, { TP, "syscalls:sys_exit_kill" }) } },
	{ "unlinksnoop", { W("fentry do_unlinkat", NULL, { FENTRY, "do_unlinkat" }),
			   W("kprobe do_unlinkat", NULL, { KPROBE, "do_unlinkat" },
			     { UNLINKAT, NULL }),
			   W("tracepoints syscalls:sys_{enter,exit}_unlink{,at}", NULL,
			     { TP, "syscalls:sys_enter_unlinkat" }) } },
	{ "hello", { W("tracepoint syscalls:sys_enter_write", NULL,
		       { TP, "syscalls:sys_enter_write" }) } },
	{ "runqlat", { W("raw tracepoints sched_wakeup, sched_wakeup_new, sched_switch", NULL,
			 { RAW_TP, "sched_wakeup" }, { RAW_TP, "sched_wakeup_new" },
			 { RAW_TP, "sched_switch" }),
		       W("tracepoints sched:sched_wakeup, sched_wakeup_new, sched_switch",
			 "-p, -P and --pidnss need raw tracepoints (Linux 4.17)",
			 { TP, "sched:sched_wakeup" }, { TP, "sched:sched_switch" }) } },
	{ "hardirqs", { W("tracepoints irq:irq_handler_entry, irq_handler_exit", NULL,
			  { TP, "irq:irq_handler_entry" }, { TP, "irq:irq_handler_exit" }) } },
	{ "softirqs", { W("tracepoints irq:softirq_entry, softirq_exit", NULL,
			  { TP, "irq:softirq_entry" }, { TP, "irq:softirq_exit" }) } },
	{ "biolatency", { W("tracepoints block:block_rq_issue, block_io_done", NULL,
			    { TP, "block:block_rq_issue" }, { TP, "block:block_io_done" }),
			  W("tracepoints block:block_rq_issue, block_rq_complete", NULL,
			    { TP, "block:block_rq_issue" }, { TP, "block:block_rq_complete" }) } },
	/* the request's process from block_io_start (6.5+), else block_getrq */
	{ "biosnoop", { W("tracepoints block:block_io_start, block_rq_issue, block_rq_complete",
			  NULL, { TP, "block:block_io_start" }, { TP, "block:block_rq_issue" },
			  { TP, "block:block_rq_complete" }),
			W("tracepoints block:block_getrq, block_rq_issue, block_rq_complete",
			  NULL, { TP, "block:block_getrq" }, { TP, "block:block_rq_issue" },
			  { TP, "block:block_rq_complete" }) } },
	{ "bitesize", { W("tracepoint block:block_rq_issue", NULL,
			  { TP, "block:block_rq_issue" }) } },
	/* as biosnoop: the request's process from block_io_start (6.5+), else block_getrq */
	{ "biotop", { W("tracepoints block:block_io_start, block_rq_issue, block_rq_complete",
			NULL, { TP, "block:block_io_start" }, { TP, "block:block_rq_issue" },
			{ TP, "block:block_rq_complete" }),
		      W("tracepoints block:block_getrq, block_rq_issue, block_rq_complete",
			NULL, { TP, "block:block_getrq" }, { TP, "block:block_rq_issue" },
			{ TP, "block:block_rq_complete" }) } },
	{ "bashreadline", { W("uretprobe on readline()", NULL, { UPROBE, NULL }) } },
	{ "javagc", { W("USDT hotspot:gc__begin/gc__end and mem__pool__gc__* (uprobes; ugc -l java)", NULL, { UPROBE, NULL }) } },
	{ "ugc", { W("USDT probes of the runtime (uprobes)", NULL, { UPROBE, NULL }) } },
	{ "tcpstates", { W("tracepoint sock:inet_sock_set_state", NULL,
			   { TP, "sock:inet_sock_set_state" }),
			 W("kprobe tcp_set_state", "the accepted socket's LISTEN -> SYN_RECV is not "
			   "seen", { KPROBE, "tcp_set_state" }) } },
	{ "tcpconnlat", { W("fentry tcp_v4_connect, tcp_rcv_state_process", NULL,
			    { FENTRY, "tcp_v4_connect" }, { FENTRY, "tcp_rcv_state_process" }),
			  W("kprobes tcp_v4_connect, tcp_rcv_state_process", NULL,
			    { KPROBE, "tcp_v4_connect" }, { KPROBE, "tcp_rcv_state_process" }),
			  W("tracepoint sock:inet_sock_set_state", NULL,
			    { TP, "sock:inet_sock_set_state" }) } },
	{ "tcpconnect", { W("tracepoint sock:inet_sock_set_state", NULL,
			    { TP, "sock:inet_sock_set_state" }),
			  W("kprobes tcp_v4_connect, tcp_v6_connect", NULL,
			    { KPROBE, "tcp_v4_connect" }) } },
	/* BCC's kprobes, else the sock: tracepoints (sendmsg and recvmsg only) */
	{ "tcptop", { W("kprobes tcp_sendmsg, tcp_cleanup_rbuf", NULL,
			{ KPROBE, "tcp_sendmsg" }, { KPROBE, "tcp_cleanup_rbuf" }),
		      W("tracepoints sock:sock_send_length, sock_recv_length",
			"bytes of sendfile() and splice() are not counted",
			{ TP, "sock:sock_send_length" }, { TP, "sock:sock_recv_length" }) } },
	/* no tracepoint stands in for the five functions */
	{ "vfsstat", { W("fentry vfs_read, vfs_write, vfs_fsync_range, vfs_open, vfs_create", NULL,
			 { FENTRY, "vfs_read" }, { FENTRY, "vfs_write" }, { FENTRY, "vfs_fsync_range" },
			 { FENTRY, "vfs_open" }, { FENTRY, "vfs_create" }),
		       W("kprobes vfs_read, vfs_write, vfs_fsync_range, vfs_open, vfs_create", NULL,
			 { KPROBE, "vfs_read" }, { KPROBE, "vfs_write" }, { KPROBE, "vfs_fsync_range" },
			 { KPROBE, "vfs_open" }, { KPROBE, "vfs_create" }) } },
	{ "filetop", { W("fentry vfs_read, vfs_write", NULL,
			 { FENTRY, "vfs_read" }, { FENTRY, "vfs_write" }),
		       W("kprobes vfs_read, vfs_write", NULL,
			 { KPROBE, "vfs_read" }, { KPROBE, "vfs_write" }) } },
	{ "fileslower", { W("fentry and fexit vfs_read, vfs_write", NULL,
			    { FENTRY, "vfs_read" }, { FENTRY, "vfs_write" }),
			  W("kprobes and kretprobes vfs_read, vfs_write", NULL,
			    { KPROBE, "vfs_read" }, { KPROBE, "vfs_write" }) } },
	/* which argument is the dentry: the vfs_idmap fact */
	{ "filelife", { W("fentry vfs_create, security_inode_create, vfs_unlink", NULL,
			  { FENTRY, "vfs_create" }, { FENTRY, "security_inode_create" },
			  { FENTRY, "vfs_unlink" }, { VFS_ARGS, NULL }),
			W("kprobes vfs_create, security_inode_create, vfs_unlink", NULL,
			  { KPROBE, "vfs_create" }, { KPROBE, "security_inode_create" },
			  { KPROBE, "vfs_unlink" }, { VFS_ARGS, NULL }) } },
	/* -a's kprobe on lookup_fast is an option's, not a need */
	{ "dcsnoop", { W("fexit d_lookup", NULL, { FENTRY, "d_lookup" }),
		       W("kprobe and kretprobe d_lookup", NULL, { KPROBE, "d_lookup" }) } },
	/* tty_write's arguments: BTF, else a kprobe watch (the tty_write fact) */
	{ "ttysnoop", { W("fentry tty_write", NULL, { FENTRY, "tty_write" }, { TTY_WRITE, NULL }),
			W("kprobe tty_write", NULL, { KPROBE, "tty_write" }, { TTY_WRITE, NULL }) } },
	{ "tcplife", { W("tracepoint sock:inet_sock_set_state", NULL,
			 { TP, "sock:inet_sock_set_state" }),
		       W("kprobe tcp_set_state", "an accepted session's life starts at ESTABLISHED",
			 { KPROBE, "tcp_set_state" }) } },
	{ "tcprtt", { W("fentry tcp_rcv_established", NULL, { FENTRY, "tcp_rcv_established" }),
		      W("kprobe tcp_rcv_established", NULL, { KPROBE, "tcp_rcv_established" }),
		      W("tracepoint tcp:tcp_probe", NULL, { TP, "tcp:tcp_probe" }) } },
	/* -l's kprobe on tcp_send_loss_probe is an option's, not a need */
	{ "tcpretrans", { W("tracepoint tcp:tcp_retransmit_skb", NULL,
			    { TP, "tcp:tcp_retransmit_skb" }),
			  W("kprobe tcp_retransmit_skb", NULL, { KPROBE, "tcp_retransmit_skb" }) } },
	{ "tcpdrop", { W("tracepoint skb:kfree_skb with its reason", NULL,
			 { TP_FIELD, "skb:kfree_skb:reason" }),
		       W("kprobe tcp_drop", "no drop reason", { KPROBE, "tcp_drop" }) } },
	{ "profile", { W("perf event cpu-clock on every CPU", NULL, { PERF, NULL }) } },
	{ "runqlen", { W("perf event cpu-clock at 99 Hz on every CPU", NULL, { PERF, NULL }) } },
	/* one way: per count, the folio function where the kernel has it (5.16), else the page one
	 * (the tool's choice, said under -v); pages dirtied at a writeback tracepoint every kernel
	 * has. mark_buffer_dirty, which every kernel has, stands for the kprobes. */
	{ "cachestat", { W("kprobes folio_mark_accessed or mark_page_accessed, "
			   "filemap_add_folio or add_to_page_cache_lru, mark_buffer_dirty", NULL,
			   { KPROBE, "mark_buffer_dirty" }) } },
	{ "memleak", { W("tracepoints kmem:* (kernel), uprobes on the allocator (-p)", NULL,
			 { TP, "kmem:kmalloc" }, { TP, "kmem:kfree" }, { UPROBE, NULL }) } },
	{ "lsm-connect", { W("BPF LSM socket_connect", NULL, { LSM, NULL }) } },
	/* sync_file_range is optional (its name differs by architecture): not a need */
	{ "syncsnoop", { W("tracepoints syscalls:sys_enter_{sync,fsync,fdatasync,msync,syncfs,"
			   "sync_file_range}", NULL,
			   { TP, "syscalls:sys_enter_sync" }, { TP, "syscalls:sys_enter_fsync" },
			   { TP, "syscalls:sys_enter_fdatasync" },
			   { TP, "syscalls:sys_enter_msync" },
			   { TP, "syscalls:sys_enter_syncfs" }) } },
	/* the other stat calls are optional (statx: 4.11; stat, fstatat64: 32-bit only) */
	{ "statsnoop", { W("tracepoints syscalls:sys_{enter,exit}_{statfs,newstat,newlstat,"
			   "newfstatat,statx}", NULL,
			   { TP, "syscalls:sys_enter_statfs" }, { TP, "syscalls:sys_exit_statfs" }) } },
	/* the new mount API's four are optional (5.2) */
	{ "mountsnoop", { W("tracepoints syscalls:sys_{enter,exit}_{mount,umount}", NULL,
			    { TP, "syscalls:sys_enter_mount" }, { TP, "syscalls:sys_exit_mount" },
			    { TP, "syscalls:sys_enter_umount" },
			    { TP, "syscalls:sys_exit_umount" }) } },
	/* a syscall's exit tracepoint comes with its entry one: the four entries stand for all */
	{ "shmsnoop", { W("tracepoints syscalls:sys_{enter,exit}_{shmget,shmat,shmdt,shmctl}", NULL,
			  { TP, "syscalls:sys_enter_shmget" }, { TP, "syscalls:sys_enter_shmat" },
			  { TP, "syscalls:sys_enter_shmdt" }, { TP, "syscalls:sys_enter_shmctl" }) } },
	{ "threadsnoop", { W("uprobe on pthread_create()", NULL, { UPROBE, NULL }) } },
	{ "runqslower", { W("raw tracepoints sched_wakeup, sched_wakeup_new, sched_switch", NULL,
			    { RAW_TP, "sched_wakeup" }, { RAW_TP, "sched_wakeup_new" },
			    { RAW_TP, "sched_switch" }),
			  W("tracepoints sched:sched_wakeup, sched_wakeup_new, sched_switch",
			    "-p needs raw tracepoints (Linux 4.17)",
			    { TP, "sched:sched_wakeup" }, { TP, "sched:sched_switch" }) } },
	{ "capable", { W("kprobe cap_capable", NULL, { KPROBE, "cap_capable" }, { CAP_ARG, NULL }),
		       W("tracepoint capability:cap_capable", "AUDIT and INSETID unknown (N/A), "
			 "non-audit checks shown without -v", { TP, "capability:cap_capable" }) } },
	{ "pidpersec", { W("tracepoint sched:sched_process_fork", NULL,
			   { TP, "sched:sched_process_fork" }) } },
	{ "gethostlatency", { W("uprobes and uretprobes on libc's getaddrinfo(), gethostbyname[2]()",
				NULL, { UPROBE, NULL }) } },
	{ "oomkill", { W("kprobe oom_kill_process", NULL, { KPROBE, "oom_kill_process" }),
		       W("tracepoint oom:mark_victim", "no OOM context's pages; the victim's name and "
			 "resident pages only where the tracepoint has them (6.0)",
			 { TP, "oom:mark_victim" }) } },
	{ "cpudist", { W("raw tracepoint sched_switch", NULL, { RAW_TP, "sched_switch" }),
		       W("tracepoint sched:sched_switch", "-p and -P need raw tracepoints (Linux 4.17)",
			 { TP, "sched:sched_switch" }) } },
	{ "offcputime", { W("raw tracepoint sched_switch", NULL, { RAW_TP, "sched_switch" }),
			  W("tracepoint sched:sched_switch", NULL, { TP, "sched:sched_switch" }) } },
	{ "bindsnoop", { W("kprobes inet_bind, inet6_bind", NULL, { KPROBE, "inet_bind" }),
			 W("tracepoints syscalls:sys_{enter,exit}_bind", "bind() calls alone, not the "
			   "kernel's own binds", { TP, "syscalls:sys_enter_bind" },
			   { TP, "syscalls:sys_exit_bind" }) } },
	{ "solisten", { W("kprobe inet_listen", NULL, { KPROBE, "inet_listen" }),
			W("tracepoints syscalls:sys_{enter,exit}_listen", "listen() calls alone, not the "
			  "kernel's own listening sockets", { TP, "syscalls:sys_enter_listen" },
			  { TP, "syscalls:sys_exit_listen" }) } },
	{ "tcpaccept", { W("kretprobe inet_csk_accept", NULL, { KPROBE, "inet_csk_accept" }),
			 W("tracepoints syscalls:sys_exit_accept{4,}", "accept() calls alone, not the "
			   "kernel's own accepts", { TP, "syscalls:sys_exit_accept4" }) } },
	{ "drsnoop", { W("tracepoints vmscan:mm_vmscan_direct_reclaim_{begin,end}", NULL,
		       { TP, "vmscan:mm_vmscan_direct_reclaim_begin" },
		       { TP, "vmscan:mm_vmscan_direct_reclaim_end" }) } },
	{ "wakeuptime", { W("raw tracepoints sched_waking, sched_switch", NULL,
			    { RAW_TP, "sched_waking" }, { RAW_TP, "sched_switch" }),
			  W("tracepoints sched:sched_waking, sched_switch", NULL,
			    { TP, "sched:sched_waking" }, { TP, "sched:sched_switch" }) } },
	/* the read function is ext4_file_read_iter, or generic_file_read_iter before 4.10:
	 * the other three stand for the file system's functions */
	{ "ext4slower", { W("kprobes ext4_file_{read,write}_iter, ext4_file_open, ext4_sync_file",
			    NULL, { KPROBE, "ext4_file_write_iter" }, { KPROBE, "ext4_file_open" },
			    { KPROBE, "ext4_sync_file" }) } },
	{ "ext4dist", { W("kprobes ext4_file_{read,write}_iter, ext4_file_open, ext4_sync_file",
			  NULL, { KPROBE, "ext4_file_write_iter" }, { KPROBE, "ext4_file_open" },
			  { KPROBE, "ext4_sync_file" }) } },
	/* XFS first: where it is missing (not built, module not loaded), that is the reason */
	{ "xfsslower", { W("kprobes xfs_file_{read,write}_iter, xfs_file_open, xfs_file_fsync",
			   NULL, { FS, "xfs" }, { KPROBE, "xfs_file_read_iter" },
			   { KPROBE, "xfs_file_write_iter" }, { KPROBE, "xfs_file_open" },
			   { KPROBE, "xfs_file_fsync" }) } },
	{ "xfsdist", { W("kprobes xfs_file_{read,write}_iter, xfs_file_open, xfs_file_fsync",
			 NULL, { FS, "xfs" }, { KPROBE, "xfs_file_read_iter" },
			 { KPROBE, "xfs_file_write_iter" }, { KPROBE, "xfs_file_open" },
			 { KPROBE, "xfs_file_fsync" }) } },
};

static bool perf_cpu_clock(void)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
					.config = PERF_COUNT_SW_CPU_CLOCK, .sample_period = 1000000 };
	int fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Whether /proc/filesystems lists name ("nodev\tproc", "\txfs"). */
static bool fs_registered(const char *name)
{
	char line[128];
	bool found = false;
	FILE *fp = fopen("/proc/filesystems", "re");

	if (!fp)
		return false;
	while (!found && fgets(line, sizeof(line), fp)) {
		const char *tab = strchr(line, '\t');

		line[strcspn(line, "\n")] = 0;
		found = tab && !strcmp(tab + 1, name);
	}
	fclose(fp);
	return found;
}

/* Whether this kernel has what need names; when not, why, in a few words. */
static bool have(const struct need *n, char *why, size_t len)
{
	static int fentry = -1, lsm = -1, lsm_err;
	int err = 0;

	switch (n->kind) {
	case TP:
		if (tb_tracepoint_exists(n->name))
			return true;
		snprintf(why, len, "no tracepoint %s", n->name);
		return false;
	case TP_FIELD: {
		const char *last = strrchr(n->name, ':');
		char tp[128];

		snprintf(tp, sizeof(tp), "%.*s", (int)(last - n->name), n->name);
		if (tb_tracepoint_has_field(tp, last + 1))
			return true;
		snprintf(why, len, tb_tracepoint_exists(tp) ? "tracepoint %s has no field %s" :
			 "no tracepoint %s", tp, last + 1);
		return false;
	}
	case RAW_TP:
		if (tb_raw_tracepoint_exists(n->name))
			return true;
		snprintf(why, len, tb_facts()->raw_tracepoints ? "no raw tracepoint %s" :
			 "no raw tracepoints (Linux 4.17)", n->name);
		return false;
	case KPROBE:
		if (tb_kprobe_exists(n->name))
			return true;
		snprintf(why, len, tb_kprobes_supported() ? "%s cannot be kprobed" :
			 "no kprobes (CONFIG_KPROBES)", n->name);
		return false;
	case FENTRY:
		if (fentry < 0)
			fentry = tb_fentry_supported(&err);
		if (fentry && tb_ksym_exists(n->name))
			return true;
		snprintf(why, len, fentry ? "no function %s" : tb_btf_present() ?
			 "fentry refused by this kernel" : "no fentry (needs BTF)", n->name);
		return false;
	case UPROBE:
		if (tb_uprobes_supported())
			return true;
		snprintf(why, len, "no uprobes (CONFIG_UPROBE_EVENTS)");
		return false;
	case PERF:
		if (perf_cpu_clock())
			return true;
		snprintf(why, len, "perf_event_open(cpu-clock) refused: %s", strerror(errno));
		return false;
	case LSM:
		if (lsm < 0)
			lsm = tb_lsm_supported(&lsm_err);
		if (lsm)
			return true;
		err = lsm_err;
		if (!tb_btf_present())
			snprintf(why, len, "no BPF LSM (needs BTF and CONFIG_BPF_LSM)");
		else if (err == EOPNOTSUPP)
			snprintf(why, len, "BPF LSM not active (boot with lsm=...,bpf)");
		else
			snprintf(why, len, "BPF LSM refused: %s", strerror(err));
		return false;
	case UNLINKAT:
		if (tb_facts_unlinkat())
			return true;
		snprintf(why, len, "do_unlinkat's argument type unknown (no BTF or declaration)");
		return false;
	case CAP_ARG:
		if (tb_facts()->cap_arg)
			return true;
		snprintf(why, len, "cap_capable's fourth argument unknown (no BTF or declaration)");
		return false;
	case VFS_ARGS:
		if (tb_facts()->vfs_idmap_from)
			return true;
		snprintf(why, len, "vfs_unlink's arguments unknown (no BTF or declaration)");
		return false;
	case TTY_WRITE:
		if (tb_facts_tty_write())
			return true;
		snprintf(why, len, "tty_write's arguments unknown (no BTF, no kprobe to watch it)");
		return false;
	case FS:
		if (fs_registered(n->name))
			return true;
		snprintf(why, len, "no %s file system (not built, or its module not loaded)",
			 n->name);
		return false;
	default:
		return true;
	}
}

/* The first way of the tool that works here, or NULL with the reasons of each way's failure. */
static const struct way *working_way(const struct tool *tool, char *reasons, size_t len)
{
	char why[160];

	reasons[0] = 0;
	for (int w = 0; w < 3 && tool->ways[w].label; w++) {
		const struct way *way = &tool->ways[w];
		bool ok = true;

		for (int i = 0; i < 6 && way->needs[i].kind != END && ok; i++)
			ok = have(&way->needs[i], why, sizeof(why));
		if (ok)
			return way;
		if (strlen(reasons) + strlen(why) + 3 < len)
			strcat(strcat(reasons, reasons[0] ? "; " : ""), why);
	}
	return NULL;
}

void tbdoctor_check_tools(void)
{
	for (size_t t = 0; t < sizeof(tools) / sizeof(tools[0]); t++) {
		char reasons[512];
		const struct way *way = working_way(&tools[t], reasons, sizeof(reasons));

		if (way)
			tbdoctor_report_tool(tools[t].name, true, "runs: %s%s%s", way->label,
					     way->limits ? "; " : "", way->limits ? way->limits : "");
		else
			tbdoctor_report_tool(tools[t].name, false, "cannot run here: %s", reasons);
	}
}

const char *tbdoctor_tool_name(size_t i)
{
	return i < sizeof(tools) / sizeof(tools[0]) ? tools[i].name : NULL;
}

bool tbdoctor_tool_runs_here(size_t i)
{
	char reasons[512];

	return i < sizeof(tools) / sizeof(tools[0]) && working_way(&tools[i], reasons,
								    sizeof(reasons));
}
