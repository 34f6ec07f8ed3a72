/* A tool's BPF program: compiled from C text by libbcc, its functions loaded and attached by
 * kind, its perf buffers read, and everything undone by tb_prog_destroy(). */
#ifndef TB_PROGRAM_H
#define TB_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tb_prog;
struct tb_usdt;
struct tb_cflags;

/* The BPF source of a tool, embedded at build time from programs/X.bpf.c (with its local
 * headers inlined) as tb_bpf_X / tb_bpf_X_name. */
#define TB_BPF_SOURCE_DECLARE(tool) \
	extern const char tb_bpf_##tool[]; \
	extern const char tb_bpf_##tool##_name[]

struct tb_prog_opts {
	const char *source;       /* BPF C text (replaced by --bpf-file's content when given) */
	const char *source_name;  /* file name for diagnostics, e.g. "execsnoop.bpf.c" */
	const char *const *cflags;
	int ncflags;
	struct tb_usdt **usdt;    /* USDT contexts: their argument readers are prepended, their */
	int nusdt;                /* probes attached by tb_attach_usdt; the program owns them */
};

/* Compiles with the kernel headers tb_kheaders_resolve() picks, honouring tb_common
 * (--bpf-file, -v). NULL after one error line on failure. */
struct tb_prog *tb_prog_compile(const struct tb_prog_opts *opts);

/* The usual case: a tool's embedded source (or --bpf-file) with its cflags (may be NULL),
 * no USDT. */
struct tb_prog *tb_prog_compile_tool(const char *source, const char *source_name,
				     const struct tb_cflags *cflags);

/* Detaches every attachment in reverse order, closes perf buffers (reporting lost events),
 * restores USDT semaphores and frees everything. Accepts NULL. */
void tb_prog_destroy(struct tb_prog *prog);

/* A whole text file (or pipe) in a malloc'd, NUL-terminated buffer; NULL after one error line
 * naming it as `what` ("BPF file"). */
char *tb_read_text(const char *path, const char *what);
/* tb_read_text for a BPF program the user names (--bpf-file, tbrun FILE): refused with one
 * error line when someone other than root or the caller owns it or may write it, unless
 * --trust-file was given (then a warning). */
char *tb_read_user_program(const char *path, const char *what);

/* Prints the source the tool would compile (--dump-bpf). */
int tb_dump_source(const char *source);

/* --- attach: each returns 0, or a negative errno after printing one error line --- */

/* tp is "category:event", e.g. "syscalls:sys_enter_execve". */
int tb_attach_tracepoint(struct tb_prog *prog, const char *tp, const char *fn);
/* tp is the raw tracepoint name, e.g. "sched_switch". */
int tb_attach_raw_tracepoint(struct tb_prog *prog, const char *tp, const char *fn);
/* kfn is a kernel function; see tb_syscall_fnname() for syscalls. */
int tb_attach_kprobe(struct tb_prog *prog, const char *kfn, const char *fn, bool retprobe);
/* fn follows libbcc 0.26 naming: "kfunc__do_unlinkat", "kretfunc__do_unlinkat" (KFUNC_PROBE). */
int tb_attach_kfunc(struct tb_prog *prog, const char *fn);
/* fn is "lsm__<hook>", e.g. "lsm__socket_connect". */
int tb_attach_lsm(struct tb_prog *prog, const char *fn);
/* binary is a path or a library name ("c" finds libc); symbol may be NULL to use offset
 * alone; pid -1 traces every process. */
int tb_attach_uprobe(struct tb_prog *prog, const char *binary, const char *symbol,
		     uint64_t offset, pid_t pid, const char *fn, bool retprobe);
/* One perf event per CPU (cpu -1) or on one CPU; exactly one of period/freq is non-zero. */
int tb_attach_perf_event(struct tb_prog *prog, uint32_t type, uint64_t config,
			 uint64_t sample_period, uint64_t sample_freq, pid_t pid, int cpu,
			 const char *fn);
/* Attaches every location of every probe enabled in the program's USDT contexts. */
int tb_attach_usdt(struct tb_prog *prog);

/* Number of attachments currently held (tests and -v use it). */
int tb_prog_attach_count(const struct tb_prog *prog);

/* BCC's syscall prefix resolution: "execve" -> "__x64_sys_execve" (or whatever prefix this
 * kernel's kallsyms has). Writes to out and returns out. */
const char *tb_syscall_fnname(const char *name, char *out, size_t len);

/* --- USDT ---: open before compiling, enable probes, pass in tb_prog_opts.usdt. */
/* binary may be NULL when pid > 0 (all binaries of the process); pid 0 = no process. */
struct tb_usdt *tb_usdt_open(const char *binary, pid_t pid);
/* provider may be NULL. Maps the probe to BPF function fn. Probes with a semaphore need a pid;
 * where the kernel has the uprobe reference counter, tb_attach_usdt hands the semaphore to it
 * (so even a tool killed at any moment leaves it as it was); elsewhere it is incremented now
 * (through /proc/PID/mem) and destroying the program decrements it. An unknown probe's error
 * names the provider's probes. */
int tb_usdt_enable(struct tb_usdt *usdt, const char *provider, const char *probe, const char *fn);
void tb_usdt_close(struct tb_usdt *usdt);

/* --- perf buffers --- */
typedef void (*tb_event_fn)(void *ctx, int cpu, const void *data, unsigned int size);

/* Opens a perf buffer on every online CPU for BPF_PERF_OUTPUT table `table`, with
 * tb_common.perf_pages pages and wake-ups batched by tb_common.wakeup_events. */
int tb_perfbuf_open(struct tb_prog *prog, const char *table, tb_event_fn fn, void *ctx);

/* Waits up to timeout_ms for events, then drains every buffer (so batched wake-ups never
 * delay an event by more than one timeout), delivers in time order what is older than the
 * 50 ms reorder window, and flushes stdout. Returns events delivered, or <0. */
int tb_prog_poll(struct tb_prog *prog, int timeout_ms);

/* Delivers everything read so far, the reorder window included: for a tool about to print a
 * summary after its events (the traced command exited). Returns events delivered. */
int tb_prog_drain(struct tb_prog *prog);

/* Events the probes could not send because a buffer was full, so far: counted by the program
 * (tb_lost in programs/tb_bpf.h) or, without that, by the kernel's LOST records. */
uint64_t tb_prog_lost_events(const struct tb_prog *prog);

/* Runs the poll loop until SIGINT/SIGTERM, duration_ms (if > 0) elapsed, or stdout closed.
 * Returns 0, or <0 when polling failed. */
int tb_prog_run(struct tb_prog *prog, long duration_ms);

/* Under -v: the start-up split and "tracing with N probes attached" (tests wait for it).
 * tb_prog_run and tb_interval_run call it; other loops call it once attached. */
void tb_prog_announce(struct tb_prog *prog);

/* Makes tb_prog_run (and tb_interval_run) also end, with a message, when process pid exits (the -p target of a
 * tool that cannot trace anything once it is gone). 0, or -ESRCH (and an error line) when
 * the process does not exist. */
int tb_prog_watch_pid(struct tb_prog *prog, pid_t pid);
/* The watched process has exited (tb_prog_run and tb_interval_run then stop, the latter
 * after one last report). */
bool tb_prog_watched_exited(const struct tb_prog *prog);

/* --- tables --- */
int tb_table_fd(struct tb_prog *prog, const char *name); /* -1 + error when missing */
size_t tb_table_key_size(struct tb_prog *prog, const char *name);
size_t tb_table_leaf_size(struct tb_prog *prog, const char *name);
int tb_map_lookup(int fd, const void *key, void *value);
int tb_map_update(int fd, const void *key, const void *value, uint64_t flags);
/* The sum over every CPU of a per-CPU array or hash whose value is one u64 (a counter). */
int tb_map_sum_percpu_u64(int fd, const void *key, uint64_t *sum);
int tb_map_delete(int fd, const void *key);
/* prev NULL gives the first key. 0, or -ENOENT at the end. */
int tb_map_next_key(int fd, const void *prev, void *next);
/* Empties a map: deletes every key of a hash, zeroes every slot of an array. 0 or -errno. */
int tb_map_clear(int fd, size_t key_size, size_t value_size);

/* Every entry of a hash, read at once as records of key then value (rec_size bytes each,
 * unaligned: memcpy fields out). Batched where the kernel has it (5.6+, 4096 entries a
 * syscall), else key by key (TRACEBOX_NO_MAP_BATCH=1 forces that). With clear, entries are
 * deleted as they are read (batched) or right after. 0, or -errno (out then empty). */
struct tb_map_records {
	unsigned char *recs;
	size_t n, rec_size, key_size;
};
int tb_map_read_all(int fd, size_t key_size, size_t value_size, bool clear,
		    struct tb_map_records *out);
void tb_map_records_free(struct tb_map_records *r);

/* --- signals --- */
/* SIGINT and SIGTERM only set a flag (also undoing SIG_IGN inherited from a script);
 * SIGPIPE is ignored so a closed stdout ends the loop instead of killing the tool. */
void tb_signals_install(void);
bool tb_should_stop(void);
void tb_request_stop(void);
/* A SIGALRM in ms that only interrupts what blocks (a write to a full pipe fails with EINTR),
 * for the last drain at exit; disarm when done. */
void tb_deadline_arm(int ms);
void tb_deadline_disarm(void);

#endif
