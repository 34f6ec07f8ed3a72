/* Kernel facts: what the BPF side must know about the running kernel, probed on the target
 * itself (BTF, its kernel headers, tiny program loads), never guessed from version numbers
 * (distributions backport), and cached per kernel build. They reach the BPF programs as -D
 * flags that programs/tb_bpf.h turns into one spelling for every kernel. */
#ifndef TB_FACTS_H
#define TB_FACTS_H

#include <stdbool.h>
#include <stddef.h>

struct tb_cflags;

/* Where a fact came from, for -v and tbdoctor. */
enum tb_fact_source {
	TB_FACT_UNKNOWN = 0,
	TB_FACT_BTF,     /* the kernel's own BTF */
	TB_FACT_HEADERS, /* the kernel headers libbcc compiles against */
	TB_FACT_LOAD,    /* a tiny program loaded (or refused) for real */
	TB_FACT_SYSFS,   /* a file the kernel exports */
};

/* do_unlinkat()'s second argument */
enum tb_unlinkat_arg {
	TB_UNLINKAT_UNKNOWN = 0,
	TB_UNLINKAT_FILENAME, /* struct filename * (4.16 and later) */
	TB_UNLINKAT_USER,     /* const char __user * (before) */
};

/* cap_capable()'s fourth argument: a CAP_OPT_* bit set (5.1, and backported: 4.19.222 has
 * it) or an audit flag (before) */
enum tb_cap_arg {
	TB_CAP_ARG_UNKNOWN = 0,
	TB_CAP_ARG_OPTS,  /* unsigned int opts: CAP_OPT_NOAUDIT, CAP_OPT_INSETID */
	TB_CAP_ARG_AUDIT, /* int audit: SECURITY_CAP_AUDIT or SECURITY_CAP_NOAUDIT */
};

/* tty_write()'s arguments: (struct kiocb *, struct iov_iter *) since tty's write_iter (5.11,
 * backported to 5.10.11), (struct file *, const char __user *, size_t, loff_t *) before */
enum tb_tty_write_form {
	TB_TTY_WRITE_UNKNOWN = 0,
	TB_TTY_WRITE_ITER, /* the data in an iov_iter */
	TB_TTY_WRITE_USER, /* the caller's buffer and count */
};

struct tb_facts {
	bool raw_tracepoints;      /* raw tracepoint programs load (4.17) */
	bool map_value_args;       /* the verifier takes a map value as a map helper's key or
				    * value (4.16): else only stack memory */
	bool probe_read_user;      /* bpf_probe_read_user/_kernel{,_str} (5.5) */
	bool large_programs;       /* more than 4,096 instructions (5.2) */
	bool bounded_loops;        /* backward jumps (5.3) */
	bool kprobe_pmu;           /* kprobes through perf_event_open, no tracefs entries to
				    * leave behind (4.17) */
	bool uprobe_pmu;           /* the same for uprobes (4.17) */
	bool uprobe_ref_ctr;       /* USDT semaphores held by the kernel (4.20) */
	bool map_alloc_any_context; /* a map element allocated at run time comes from BPF's own
				    * allocator (6.1), safe under the scheduler's locks: before, a
				    * kmalloc there can wake kswapd and deadlock on a run queue */
	unsigned int version_code; /* LINUX_VERSION_CODE the kernel was built with (a kprobe
				    * program must pass it before 5.0); 0 unknown */
	char task_state[16];       /* task_struct's state member: "__state" (5.14), "state",
				    * "" unknown */
	enum tb_fact_source task_state_from;
	enum tb_unlinkat_arg unlinkat_arg;
	enum tb_fact_source unlinkat_from;
	enum tb_cap_arg cap_arg;
	enum tb_fact_source cap_from;
	bool sk_proto_in_flags;    /* struct sock's protocol is 8 bits of the word at
				    * __sk_flags_offset (before 5.6), not a u16 member */
	enum tb_fact_source sk_proto_from; /* UNKNOWN: struct sock was not found */
	bool inet_flags;           /* struct inet_sock keeps IP_FREEBIND & co. as bits of
				    * inet_flags (6.6), not as bit-fields */
	enum tb_fact_source inet_flags_from;
	/* The private struct cfs_rq (kernel/sched/sched.h), which runqlen reads through a stand-in
	 * where the headers lack it: whether an unsigned long runnable_weight sits between its
	 * load and its count of queued entities (4.15 to 5.6: added and removed with sched_entity's
	 * runnable_weight after load), and whether that count is named nr_queued (6.14), not
	 * nr_running. */
	bool cfs_rq_runnable_weight;
	bool cfs_rq_nr_queued;
	enum tb_fact_source cfs_rq_from;
	bool vfs_idmap;            /* vfs_create() and vfs_unlink() take an idmapping first: a
				    * struct user_namespace * (5.12) or struct mnt_idmap * (6.3) */
	enum tb_fact_source vfs_idmap_from; /* UNKNOWN: no declaration, no BTF */
	/* udp_recvmsg's struct msghdr, whose msg_iter (struct iov_iter) says where a receive's
	 * user buffer is (tcpconnect -d): its kind is the u8 iter_type (5.14), not bits of the int
	 * type; the iovec array is __iov (6.4), not iov; a single buffer may be ITER_UBUF at ubuf
	 * (6.0). (udp_recvmsg's own change, noblock dropped in 5.19, is after the arguments read.) */
	bool iov_iter_has_iter_type;
	bool iov_iter_has_dunder_iov;
	bool iov_iter_has_ubuf;
	enum tb_fact_source iov_iter_from; /* UNKNOWN: no struct iov_iter found */
	/* tty_write's form (ttysnoop, which reads its iov_iter by the iov_iter_* facts above):
	 * static in drivers/tty/tty_io.c, so no header declares it; from BTF, else a kprobe
	 * watching the loader write to a pty (tb_facts_tty_write) */
	enum tb_tty_write_form tty_write;
	enum tb_fact_source tty_write_from;
	bool from_cache;           /* read back rather than probed now */
};

/* The facts of the running kernel with the headers a compile would use now: read from the
 * cache (<cache root>/facts-KEY), or probed and stored. Needs the privileges BPF needs (loads
 * happen); never fails: what cannot be probed stays false/unknown. */
const struct tb_facts *tb_facts(void);

/* do_unlinkat()'s name argument; when neither BTF nor the headers said, a kprobe watches this
 * process call it (once per kernel build: stored with the facts). UNKNOWN without kprobes. */
enum tb_unlinkat_arg tb_facts_unlinkat(void);

/* tty_write()'s form; when BTF did not say (no header declares it), a kprobe watches this
 * process write to a pty (once per kernel build: stored with the facts). UNKNOWN without
 * kprobes. */
enum tb_tty_write_form tb_facts_tty_write(void);

/* Adds the facts as -D flags for programs/tb_bpf.h: TB_HAVE_RAW_TRACEPOINTS,
 * TB_HAVE_MAP_VALUE_ARGS, TB_HAVE_PROBE_READ_USER, TB_HAVE_LOOPS, TB_MAX_INSNS,
 * TB_TASK_STATE_FIELD, TB_UNLINKAT_{FILENAME,USER}, TB_CAP_{OPTS,AUDIT},
 * TB_SK_PROTO_IN_FLAGS, TB_INET_FLAGS, TB_MAP_ALLOC_ANY_CONTEXT, TB_CFS_RQ_RUNNABLE_WEIGHT,
 * TB_CFS_RQ_NR_QUEUED, TB_VFS_IDMAP, TB_IOV_ITER_HAS_{ITER_TYPE,DUNDER_IOV,UBUF},
 * TB_TTY_WRITE_{ITER,USER}. 0 or -1 (out of memory). */
int tb_facts_cflags(const struct tb_facts *f, struct tb_cflags *cf);

/* One line per fact ("raw tracepoints: yes (program load)") for tbdoctor and -v. */
void tb_facts_describe(const struct tb_facts *f, void (*line)(const char *name, bool ok,
							    const char *text));

/* Pure parts, exposed for unit tests. */
/* The member task_struct uses for its state, from the text of include/linux/sched.h: "__state",
 * "state", or "" when the struct is not there. */
const char *tb_facts_task_state_from_header(const char *sched_h);
/* Whether the struct that starts with open ("struct inet_sock {") in a header's text has
 * member ("inet_flags": followed by ';' or '['), up to the struct's closing "\n};": 1 or 0,
 * -1 when the text has no such struct (a BTF-made tree's empty stand-in header). */
int tb_facts_struct_has(const char *text, const char *open, const char *member);
/* Whether, in the struct that starts with open, the member declared right after the one named
 * first ("load") is named member ("runnable_weight"): 1 or 0, -1 when the text has no such
 * struct or the struct no such first member. Comments between are skipped. */
int tb_facts_member_follows(const char *text, const char *open, const char *first,
			    const char *member);
/* do_unlinkat's second argument from a header's text (its declaration), or UNKNOWN. */
enum tb_unlinkat_arg tb_facts_unlinkat_from_header(const char *text);
/* cap_capable's fourth argument from the text of include/linux/security.h (its declaration),
 * or UNKNOWN. */
enum tb_cap_arg tb_facts_cap_arg_from_header(const char *text);
/* Whether vfs_unlink() takes an idmapping first, from the text of include/linux/fs.h (its
 * declaration): 1 or 0, -1 when the text does not declare it. */
int tb_facts_vfs_idmap_from_header(const char *fs_h);
/* udp_recvmsg's msghdr: struct iov_iter's members from the text of include/linux/uio.h into
 * the three iov_iter_* facts of f: 0, or -1 (f unchanged) when the text has no struct iov_iter. */
int tb_facts_iov_iter_from_header(const char *uio_h, struct tb_facts *f);
/* The facts file's text and back (unknown names are ignored; 0 or -1 on a malformed file). */
int tb_facts_format(const struct tb_facts *f, char *out, size_t len);
int tb_facts_parse(const char *text, struct tb_facts *f);
/* LINUX_VERSION_CODE from the vDSO's "Linux" ELF note at image (as getauxval(AT_SYSINFO_EHDR)
 * gives it), 0 when there is none. */
unsigned int tb_facts_vdso_version(const void *image);

#endif
