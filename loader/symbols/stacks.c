/* Stack traces read back from BPF_STACK_TRACE tables and symbolized, with the causes of
 * [unknown] frames counted for the summary tools print at the end. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <elf.h>

#include <bcc/bcc_syms.h>

#include "internal.h"
#include "tb_log.h"
#include "tb_output.h"
#include "tb_proc.h"
#include "tracebox.h"
#include "tb_stacks.h"

struct pid_cache {
	pid_t pid;
	void *cache;   /* NULL: the process was gone when first asked, with no snapshot */
	bool borrowed; /* the prog's snapshot: not freed with the stacks */
};

/* a process's symbol cache made while it lived, kept by the prog (tb_stacks_snapshot) */
struct tb_symsnap {
	pid_t pid;
	void *cache;
};

struct tb_stacks {
	struct tb_prog *prog;
	int fd;
	size_t leaf_size;
	uint64_t *leaf;
	struct tb_ksyms *ksyms;
	struct pid_cache *pids;
	size_t npids, cappids;
	size_t last; /* index of the last pid asked for: stacks come grouped by process */
	unsigned long long resolved, unknown[TB_UNK_NCAUSES];
	uint64_t resolve_ns;
};

static const char *const cause_names[TB_UNK_NCAUSES] = {
	[TB_UNK_NO_SYMBOL] = "no symbol in DSO",
	[TB_UNK_UNMAPPED] = "address in no known mapping",
	[TB_UNK_PROC_GONE] = "process gone",
	[TB_UNK_KPTR_HIDDEN] = "kernel addresses hidden by kptr_restrict",
	[TB_UNK_STACK_LOST] = "stacks lost (stack map full)",
};
static const char *const cause_keys[TB_UNK_NCAUSES] = {
	[TB_UNK_NO_SYMBOL] = "no_symbol", [TB_UNK_UNMAPPED] = "unmapped",
	[TB_UNK_PROC_GONE] = "process_gone", [TB_UNK_KPTR_HIDDEN] = "kptr_hidden",
	[TB_UNK_STACK_LOST] = "stacks_lost",
};

/* Appends to buf[len] at *pos as snprintf does, *pos counting what did not fit too (so the
 * callers' end check sees truncation). */
static void __attribute__((format(printf, 4, 5)))
put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(buf + *pos, *pos < len ? len - *pos : 0, fmt, ap);
	va_end(ap);
	if (w > 0)
		*pos += (size_t)w;
}
#define PUT(...) put(buf, len, &pos, __VA_ARGS__)

size_t tb_fold_line(char *buf, size_t len, const char *comm, const char *const *frames, int n,
		    unsigned long long count)
{
	size_t pos = 0;

	if (!len)
		return 0;
	PUT("%s", comm);
	for (int i = n - 1; i >= 0; i--)
		PUT(";%s", frames[i]);
	PUT(" %llu", count);
	return pos < len ? pos : len - 1;
}

struct tb_stacks *tb_stacks_new(struct tb_prog *prog, const char *table, bool kernel)
{
	struct tb_stacks *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->prog = prog;
	st->fd = -1;
	if (table) {
		st->fd = tb_table_fd(prog, table);
		st->leaf_size = tb_table_leaf_size(prog, table);
		if (st->fd < 0 || st->leaf_size < sizeof(uint64_t))
			goto fail;
		st->leaf = malloc(st->leaf_size);
		if (!st->leaf)
			goto fail;
	}
	if (kernel) {
		uint64_t t0 = tb_monotonic_ns();

		st->ksyms = tb_ksyms_load(NULL);
		if (!st->ksyms)
			goto fail;
		st->resolve_ns += tb_monotonic_ns() - t0;
		if (tb_ksyms_hidden(st->ksyms))
			tb_warn("kernel symbol addresses are hidden (kptr_restrict): kernel frames will "
				"be [unknown]; run as root or set kernel.kptr_restrict=0");
	}
	return st;
fail:
	tb_stacks_free(st);
	return NULL;
}

void tb_stacks_free(struct tb_stacks *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->npids; i++)
		if (st->pids[i].cache && !st->pids[i].borrowed)
			bcc_free_symcache(st->pids[i].cache, st->pids[i].pid);
	free(st->pids);
	tb_ksyms_free(st->ksyms);
	free(st->leaf);
	free(st);
}

bool tb_stack_id_lost(int64_t stack_id)
{
	return stack_id < 0 && stack_id != -EFAULT;
}

void tb_stacks_count_lost(struct tb_stacks *st)
{
	st->unknown[TB_UNK_STACK_LOST]++;
}

int tb_stacks_read(struct tb_stacks *st, int64_t stack_id, uint64_t *ips, int max)
{
	uint32_t id = (uint32_t)stack_id;
	size_t depth = st->leaf_size / sizeof(uint64_t);
	int n = 0;

	if (stack_id < 0) {
		if (tb_stack_id_lost(stack_id))
			tb_stacks_count_lost(st);
		return 0;
	}
	if (tb_map_lookup(st->fd, &id, st->leaf)) {
		/* deleted, or never stored: the same as a lost stack for the reader */
		tb_stacks_count_lost(st);
		return 0;
	}
	while ((size_t)n < depth && n < max && st->leaf[n]) {
		ips[n] = st->leaf[n];
		n++;
	}
	return n;
}

void tb_stacks_kframe(struct tb_stacks *st, uint64_t addr, unsigned flags, char *buf, size_t len)
{
	int cause = tb_ksym_format(st->ksyms, addr, flags, buf, len);

	if (cause < 0)
		st->resolved++;
	else
		st->unknown[cause]++;
}

static struct bcc_symbol_option sym_opts = {
	.use_debug_file = 1, .check_debug_file_crc = 1, .lazy_symbolize = 0,
	.use_symbol_type = (1 << STT_FUNC) | (1 << STT_GNU_IFUNC),
};

static struct pid_cache *pid_cache(struct tb_stacks *st, pid_t pid)
{
	struct pid_cache *pc;

	if (st->last < st->npids && st->pids[st->last].pid == pid)
		return &st->pids[st->last];
	for (size_t i = 0; i < st->npids; i++)
		if (st->pids[i].pid == pid)
			return &st->pids[st->last = i];
	if (st->npids == st->cappids) {
		size_t cap = st->cappids ? st->cappids * 2 : 64;
		struct pid_cache *p = realloc(st->pids, cap * sizeof(*p));

		if (!p)
			return NULL;
		st->pids = p;
		st->cappids = cap;
	}
	pc = &st->pids[st->last = st->npids++];
	pc->pid = pid;
	pc->borrowed = false;
	/* libbcc makes an empty cache for a pid that is gone: check first, to say why.
	 * lazy_symbolize off: libbcc's default reopens the ELF file for each new symbol's
	 * name (measured on libjvm.so: 2,000 addresses in 1.8 s lazily, 0.11 s eagerly) */
	if (tb_proc_alive(pid)) {
		pc->cache = bcc_symcache_new(pid, &sym_opts);
		return pc;
	}
	pc->cache = NULL;
	for (int i = 0; i < st->prog->nsymsnaps; i++) {
		if (st->prog->symsnaps[i].pid == pid) {
			pc->cache = st->prog->symsnaps[i].cache;
			pc->borrowed = true;
		}
	}
	return pc;
}

int tb_stacks_snapshot(struct tb_prog *prog, pid_t pid)
{
	struct tb_symsnap *snap = NULL, *p;
	void *cache;

	if (!tb_proc_alive(pid))
		return -ESRCH;
	/* the mappings are read now; symbol tables only when a frame needs them */
	cache = bcc_symcache_new(pid, &sym_opts);
	if (!cache)
		return -ENOMEM;
	for (int i = 0; i < prog->nsymsnaps; i++)
		if (prog->symsnaps[i].pid == pid)
			snap = &prog->symsnaps[i];
	if (snap) {
		bcc_free_symcache(snap->cache, pid);
	} else {
		p = realloc(prog->symsnaps, (prog->nsymsnaps + 1) * sizeof(*p));
		if (!p) {
			bcc_free_symcache(cache, pid);
			return -ENOMEM;
		}
		prog->symsnaps = p;
		snap = &p[prog->nsymsnaps++];
		snap->pid = pid;
	}
	snap->cache = cache;
	return 0;
}

void tb_stacks_free_snapshots(struct tb_prog *prog)
{
	for (int i = 0; i < prog->nsymsnaps; i++)
		bcc_free_symcache(prog->symsnaps[i].cache, prog->symsnaps[i].pid);
	free(prog->symsnaps);
	prog->symsnaps = NULL;
	prog->nsymsnaps = 0;
}

void tb_stacks_uframe(struct tb_stacks *st, pid_t pid, uint64_t addr, unsigned flags, char *buf,
		      size_t len)
{
	uint64_t t0 = tb_monotonic_ns();
	struct pid_cache *pc = pid_cache(st, pid);
	struct bcc_symbol sym = { 0 };
	const char *mod, *base;
	int n;

	if (!pc || !pc->cache) {
		snprintf(buf, len, "[unknown]");
		st->unknown[TB_UNK_PROC_GONE]++;
		goto out;
	}
	if (bcc_symcache_resolve(pc->cache, addr, &sym) < 0 || !sym.name) {
		snprintf(buf, len, "[unknown]");
		if (sym.module && (flags & TB_SYM_MODULE)) {
			base = strrchr(sym.module, '/');
			snprintf(buf, len, "[unknown] [%s]", base ? base + 1 : sym.module);
		}
		st->unknown[sym.module ? TB_UNK_NO_SYMBOL : TB_UNK_UNMAPPED]++;
		goto out;
	}
	n = snprintf(buf, len, "%s", sym.demangle_name ? sym.demangle_name : sym.name);
	if ((flags & TB_SYM_OFFSET) && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, "+0x%" PRIx64, sym.offset);
	mod = sym.module;
	if ((flags & TB_SYM_MODULE) && mod && n >= 0 && (size_t)n < len) {
		base = strrchr(mod, '/');
		snprintf(buf + n, len - n, " [%s]", base ? base + 1 : mod);
	}
	bcc_symbol_free_demangle_name(&sym);
	st->resolved++;
out:
	st->resolve_ns += tb_monotonic_ns() - t0;
}

void tb_stacks_print_event(struct tb_stacks *st, int64_t id, bool user, pid_t tgid,
			   bool addresses, FILE *fp, char *json, size_t len)
{
	enum { MAX_FRAMES = 127 }; /* the stack map's depth (PERF_MAX_STACK_DEPTH) */
	uint64_t ips[MAX_FRAMES];
	char frame[512];
	int n = tb_stacks_read(st, id, ips, MAX_FRAMES);
	size_t used = 0;

	if (json)
		json[0] = 0;
	if (!n) {
		snprintf(frame, sizeof(frame), "[%s stack %s]", user ? "user" : "kernel",
			 tb_stack_id_lost(id) ? "lost: the stack map was full" : "not available");
		if (json)
			snprintf(json, len, "%s", frame);
		else
			fprintf(fp, "        %s\n", frame);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (user)
			tb_stacks_uframe(st, tgid, ips[i], TB_SYM_OFFSET | TB_SYM_MODULE, frame,
					 sizeof(frame));
		else
			tb_stacks_kframe(st, ips[i], TB_SYM_OFFSET, frame, sizeof(frame));
		tb_stack_frame_out(fp, addresses, ips[i], frame, json, len, &used);
	}
}

void tb_stack_frame_out(FILE *fp, bool addresses, uint64_t addr, const char *frame, char *json,
			size_t len, size_t *used)
{
	if (json && *used < len)
		*used += snprintf(json + *used, len - *used, "%s%s", *used ? ";" : "", frame);
	else if (!json && addresses)
		fprintf(fp, "        %16llx %s\n", (unsigned long long)addr, frame);
	else if (!json)
		fprintf(fp, "        %s\n", frame);
}

void tb_stacks_stats(const struct tb_stacks *st, struct tb_stacks_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (!st)
		return;
	out->resolved = st->resolved;
	memcpy(out->unknown, st->unknown, sizeof(out->unknown));
	out->resolve_ms = st->resolve_ns / 1e6;
	for (size_t i = 0; i < st->npids; i++)
		out->processes += st->pids[i].cache != NULL;
}

size_t tb_stacks_format_summary(const struct tb_stacks_stats *s, char *buf, size_t len)
{
	unsigned long long unknown = 0;
	size_t pos = 0;
	bool first = true;

	if (!len)
		return 0;
	buf[0] = 0;
	for (int c = 0; c < TB_UNK_NCAUSES; c++)
		if (c != TB_UNK_STACK_LOST)
			unknown += s->unknown[c];
	if (unknown) {
		PUT("unknown frames: %llu of %llu (", unknown, unknown + s->resolved);
		for (int c = 0; c < TB_UNK_NCAUSES; c++) {
			if (c == TB_UNK_STACK_LOST || !s->unknown[c])
				continue;
			PUT("%s%s: %llu", first ? "" : ", ", cause_names[c], s->unknown[c]);
			first = false;
		}
		PUT(")");
	}
	if (s->unknown[TB_UNK_STACK_LOST])
		PUT("%s%s: %llu", unknown ? "; " : "", cause_names[TB_UNK_STACK_LOST],
		    s->unknown[TB_UNK_STACK_LOST]);
	return pos < len ? pos : len - 1;
}

void tb_stacks_print_summary(const struct tb_stacks *st, FILE *fp)
{
	struct tb_stacks_stats s;
	char line[512];

	tb_stacks_stats(st, &s);
	if (tb_stacks_format_summary(&s, line, sizeof(line)))
		fprintf(fp, "%s: %s\n", tb_log_tool(), line);
	tb_info("symbolized %llu frames in %.1f ms (%d process symbol caches%s)",
		s.resolved + s.unknown[TB_UNK_NO_SYMBOL] + s.unknown[TB_UNK_UNMAPPED] +
			s.unknown[TB_UNK_PROC_GONE] + s.unknown[TB_UNK_KPTR_HIDDEN],
		s.resolve_ms, s.processes, st && st->ksyms ? ", kallsyms included" : "");
}

void tb_stacks_json_summary(const struct tb_stacks *st, FILE *fp)
{
	struct tb_stacks_stats s;

	tb_stacks_stats(st, &s);
	fprintf(fp, "{\"resolved\":%llu,\"unknown\":{", s.resolved);
	for (int c = 0, first = 1; c < TB_UNK_NCAUSES; c++) {
		if (c == TB_UNK_STACK_LOST)
			continue;
		fprintf(fp, "%s\"%s\":%llu", first ? "" : ",", cause_keys[c], s.unknown[c]);
		first = 0;
	}
	fprintf(fp, "},\"stacks_lost\":%llu}", s.unknown[TB_UNK_STACK_LOST]);
}

void tb_stacks_report_end(const struct tb_stacks *st, FILE *fp, bool json)
{
	if (json) {
		fprintf(fp, "],\"frames\":");
		tb_stacks_json_summary(st, fp);
		fprintf(fp, "}\n");
	}
	fflush(fp);
	tb_stacks_print_summary(st, stderr);
}
