/* A probe written on the command line, in BCC's multi-tools' syntax:
 *
 *   [p:]FUNC  p::FUNC  r::FUNC        a kernel function (kprobe, kretprobe)
 *   LIB:FUNC  p:LIB:FUNC  r:LIB:FUNC  a function of a binary or library (uprobe, uretprobe);
 *                                     LIB is a path or a library name ("c" is libc)
 *   t:CATEGORY:EVENT                  a tracepoint
 *   u:LIB:PROBE  u:LIB:PROVIDER:PROBE  a USDT probe of a binary (or of -p PID's)
 *
 * followed, for trace and argdist, by what the tool reads after the probe (a signature in
 * parentheses, a filter, a format string...): handed back untouched in rest. Names may be
 * patterns (tb_probe_match.h). Parsing checks the shape only; what exists is found when the
 * tool matches the names. */
#ifndef TB_PROBE_SPEC_H
#define TB_PROBE_SPEC_H

#include <stdbool.h>

enum tb_spec_kind {
	TB_SPEC_KPROBE,
	TB_SPEC_KRETPROBE,
	TB_SPEC_UPROBE,
	TB_SPEC_URETPROBE,
	TB_SPEC_TRACEPOINT,
	TB_SPEC_USDT,
};

enum {
	TB_SPEC_RETURN = 1u << 0, /* r: is allowed (trace, argdist); else it is an error */
	TB_SPEC_REST = 1u << 1,   /* text may follow the probe (from '(' or a space) */
	TB_SPEC_NO_USDT = 1u << 2, /* u: is refused (funclatency has no USDT) */
	TB_SPEC_NO_TRACEPOINT = 1u << 3,
};

struct tb_probe_spec {
	enum tb_spec_kind kind;
	char *lib;      /* uprobe and USDT: the binary as written; NULL for the kernel */
	char *category; /* tracepoint: its category (may be a pattern); USDT: the provider or NULL */
	char *name;     /* function, event or USDT probe name (may be a pattern) */
	char *rest;     /* what followed the probe, leading spaces skipped; "" when nothing */
	char *text;     /* the probe as written, for messages */
};

/* 0, or -1 after one error line that names the wrong part and shows the right shape. */
int tb_probe_spec_parse(const char *text, unsigned flags, struct tb_probe_spec *out);
void tb_probe_spec_free(struct tb_probe_spec *spec);
/* "kprobe", "uretprobe", "tracepoint", "USDT probe"... */
const char *tb_spec_kind_name(enum tb_spec_kind kind);
/* Whether the kind runs in the kernel's functions (kprobe, kretprobe): for the one line a
 * kernel without kprobes gets, and where it points instead (tb_spec_no_kprobes). */
bool tb_spec_is_kernel_function(enum tb_spec_kind kind);
/* Refuses a kprobe spec on a kernel without kprobes, in one line that suggests what reaches
 * the same place: the syscall's tracepoints for a syscall function, else the tracepoints and
 * uprobes tblist lists. 0 when kprobes are there or the spec is not one. */
int tb_spec_check_kprobes(const struct tb_probe_spec *spec);

/* --- what a spec names here, and attaching there --- */
struct tb_prog;

struct tb_spec_target {
	enum tb_spec_kind kind;
	const char *where; /* a tracepoint's category, a binary's path, a USDT probe's provider;
			    * NULL for a kernel function */
	const char *name;  /* the function, event or USDT probe */
	const char *path;  /* USDT: the binary's path (where is its provider) */
};
typedef int (*tb_spec_target_fn)(void *ctx, const struct tb_spec_target *t);

/* Hands fn every target the spec names on this machine, sorted: its names matched as
 * wildcards, or as extended regexes with regex (funccount -r). USDT probes are read from
 * the binary, or from process pid's binaries when pid > 0. Returns the count, or <0 after
 * one error line: a kprobe without kprobes here (tb_spec_check_kprobes), a binary that is
 * not there, or nothing matching ("probe 'X': nothing matches", with where to look). */
int tb_spec_expand(const struct tb_probe_spec *spec, bool regex, int pid, tb_spec_target_fn fn,
		   void *ctx);
/* What tb_spec_expand found, kept: the multi-tools' list of targets (strings owned). */
struct tb_spec_targets {
	struct tb_spec_target *v;
	int n;       /* kept: at most the max asked for */
	int matched; /* all that matched, for the caller's "matches N: at most MAX" line */
};
/* tb_spec_expand into out (zeroed first; freed by tb_spec_targets_free, also after an
 * error): the count kept, or <0 after one error line. */
int tb_spec_collect(const struct tb_probe_spec *spec, bool regex, int pid, int max,
		    struct tb_spec_targets *out);
void tb_spec_targets_free(struct tb_spec_targets *targets);

/* Attaches BPF function fn at one target (not USDT: its probes are enabled with tb_usdt_enable
 * before compiling and attached by tb_attach_usdt). Uprobes fire for process pid alone when
 * pid > 0. 0, or <0 after one error line. */
int tb_spec_attach(struct tb_prog *prog, const struct tb_spec_target *t, const char *fn, int pid);

#endif
