/* Attaching a compiled program's functions, by kind: each detached by tb_prog_destroy(). */
#ifndef TB_ATTACH_H
#define TB_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tb_prog;

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
/* Whether a uprobe on binary:symbol would find its symbol (binary as above; pid -1 for none):
 * the check a tool makes to choose among binaries before attaching, without an error line. */
bool tb_uprobe_has_symbol(const char *binary, const char *symbol, pid_t pid);
/* Where a uprobe on a library function goes (malloc'd path, said under -v; NULL when none
 * has it, with nothing printed: the tool's own line says what to do). For process pid: the
 * first file it maps whose base name starts with one of libs ("libc.so", "libc-") and defines
 * symbol, else its own program (/proc/PID/exe), which holds it when static. For the system:
 * the first of names ("pthread", "c") the loader cache finds that defines symbol. */
char *tb_uprobe_binary_of_pid(pid_t pid, const char *symbol, const char *const *libs,
			      size_t nlibs);
char *tb_uprobe_binary_of_system(const char *symbol, const char *const *names, size_t n);
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

#endif
