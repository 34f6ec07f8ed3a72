/* A tool's BPF program: compiled from C text by libbcc (tb_prog_compile), and everything it
 * holds undone by tb_prog_destroy(): attachments (tb_attach.h), USDT contexts (tb_usdt.h),
 * perf buffers (tb_perfbuf.h). */
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

#endif
