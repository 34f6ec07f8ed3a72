/* What a pattern names on this machine: tracepoints, kernel functions, a binary's function
 * symbols. Patterns are shell wildcards (* ? [..]) or, asked for, POSIX extended regular
 * expressions (BCC's funccount -r). tblist lists with them; the multi-tools (funccount,
 * funclatency, stackcount...) turn what matches into probes. */
#ifndef TB_PROBE_MATCH_H
#define TB_PROBE_MATCH_H

#include <regex.h>
#include <stdbool.h>

struct tb_pattern {
	const char *text; /* "" matches everything */
	bool regex;
	bool compiled;
	regex_t re;
};

/* 0, or -1 after one error line naming the bad regex. */
int tb_pattern_init(struct tb_pattern *p, const char *text, bool regex);
bool tb_pattern_match(const struct tb_pattern *p, const char *name);
/* Whether the pattern can match more than one name (a wildcard or a regex). */
bool tb_pattern_is_wild(const struct tb_pattern *p);
void tb_pattern_free(struct tb_pattern *p);

/* Called per match, in sorted order without duplicates: where (a tracepoint's category, a
 * binary's path, NULL for a kernel function) and the name. <0 stops the walk with that. */
typedef int (*tb_match_fn)(void *ctx, const char *where, const char *name);

/* Each returns how many matched, or <0 after one error line (or what fn returned). */
int tb_match_tracepoints(const struct tb_pattern *category, const struct tb_pattern *event,
			 tb_match_fn fn, void *ctx);
/* From available_filter_functions (the functions kprobes may attach to), else kallsyms text
 * symbols (said on stderr: some may not be probeable); the kprobe blacklist left out. */
int tb_match_kernel_functions(const struct tb_pattern *name, tb_match_fn fn, void *ctx);
/* Function symbols of an ELF file (its .symtab and .dynsym). */
int tb_match_symbols(const char *path, const struct tb_pattern *name, tb_match_fn fn, void *ctx);

/* The file of a binary or library as a user names it: a path (made absolute), "c" or "pthread" a
 * library of the ld.so cache (libc.so.6...), else a command in $PATH. Allocated, or NULL
 * after one error line. */
char *tb_resolve_binary(const char *name);

#endif
