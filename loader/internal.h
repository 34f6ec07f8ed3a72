/* Loader internals shared by program.c, attach.c, usdt.c, perfbuf.c and table.c. */
#ifndef TB_INTERNAL_H
#define TB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tb_program.h"
#include "tb_attach.h"
#include "tb_perfbuf.h"
#include "tb_signals.h"
#include "tb_table.h"
#include "tb_usdt.h"

enum tb_link_kind {
	TB_LINK_PERF,    /* perf event fd(s): tracepoints, perf events */
	TB_LINK_FD,      /* plain fd: raw tracepoints, fentry/fexit, LSM */
	TB_LINK_KPROBE,  /* perf fd + possibly a kprobe_events entry */
	TB_LINK_UPROBE,  /* perf fd + possibly a uprobe_events entry */
};

struct tb_link {
	enum tb_link_kind kind;
	int fd;
	char ev_name[128]; /* kprobe/uprobe event name, for removing a tracefs entry */
	char what[160];    /* for -v: "tracepoint syscalls:sys_enter_execve" */
};

struct tb_loaded_fn {
	char name[128];
	int type;
	int fd;
};

struct tb_perfbuf;
struct tb_events;

struct tb_object;
struct tb_cflags;

struct tb_prog {
	struct tb_object *obj;     /* functions and tables: compiled, or from the cache */
	char *source_name;
	struct tb_loaded_fn *fns;
	int nfns;
	struct tb_link *links;
	int nlinks, links_cap;
	struct tb_perfbuf **bufs;
	int nbufs;
	struct tb_events *events;  /* perfbuf.c: every buffer's rings, merged in time order */
	struct tb_usdt **usdt;
	int nusdt;
	struct tb_symsnap *symsnaps; /* tb_stacks_snapshot: symbols of processes, kept */
	int nsymsnaps;
	pid_t watch_pid;           /* tb_prog_watch_pid: stop when it exits (0 = none) */
	int watch_fd;              /* its pidfd, or -1 where pidfd_open is missing */
	uint64_t start_ns;         /* start-up split for -v: compile, load, the rest */
	uint64_t compiled_ns;
	uint64_t load_ns;
};

/* Loads fn as prog_type once (cached); returns its fd or a negative errno after an error line. */
int tb_prog_load_fn(struct tb_prog *prog, const char *fn, int prog_type);

/* Records an attachment so tb_prog_destroy undoes it. When it cannot (out of memory, or
 * TB_MAX_LINKS reached) it undoes the attachment itself and returns -ENOMEM. */
#define TB_MAX_LINKS (1 << 20)
int tb_prog_add_link(struct tb_prog *prog, enum tb_link_kind kind, int fd, const char *ev_name,
		     const char *what);

/* tb_attach_uprobe with the kernel's reference counter: while attached, the kernel raises the
 * 16-bit counter at file offset ref_ctr_offset (a USDT semaphore) in the traced processes. */
int tb_attach_uprobe_ref(struct tb_prog *prog, const char *binary, const char *symbol,
			 uint64_t offset, pid_t pid, const char *fn, bool retprobe,
			 uint32_t ref_ctr_offset);

/* -EINTR (said once under -v) when a stop was asked for while starting, else 0. */
int tb_interrupted(void);

/* Undoes every attachment, newest first. */
void tb_prog_detach_all(struct tb_prog *prog);

/* stacks.c: frees the symbol snapshots tb_stacks_snapshot kept. */
void tb_stacks_free_snapshots(struct tb_prog *prog);

/* perfbuf.c: frees the buffers and reports lost events. */
void tb_perfbufs_close(struct tb_prog *prog);

/* usdt.c: generated argument readers for the program's USDT contexts (malloc'd, or NULL). */
char *tb_usdt_generate_args(struct tb_usdt **usdt, int nusdt);

uint64_t tb_monotonic_ns(void);

/* cache.c */
uint64_t tb_cache_key(const char *text, const struct tb_cflags *cflags);
/* What identifies the compiler and the kernel headers alone (the precompiled header's key). */
uint64_t tb_cache_compiler_headers_key(void);
struct tb_object *tb_cache_load(uint64_t key);
void tb_cache_store(uint64_t key, const struct tb_object *obj);

/* features.c: CPUs (from /sys/devices/system/cpu/{possible,online}) and kernel symbols. */
int tb_cpus_possible(void);
bool tb_cpu_online(int cpu);
bool tb_ksym_exists(const char *name);

#endif
