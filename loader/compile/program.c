/* Compiling a tool's BPF C with libbcc, loading its functions, and tearing everything down. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <malloc.h>

#include <bcc/libbpf.h>
#include <linux/bpf.h>

#include "compiler.h"
#include "internal.h"
#include "tb_object.h"
#include "tb_facts.h"
#include "tb_features.h"
#include "tb_tp_format.h"
#include "tb_kheaders.h"
#include "tb_btf_prune.h"
#include "tb_pch.h"
#include "tb_log.h"
#include "tb_options.h"
#include "tb_trust.h"

/* libbcc's debug flags (bpf_module.h): -vv shows the preprocessed source, -vvv the BPF too */
#define TB_BCC_DEBUG_BPF 0x2
#define TB_BCC_DEBUG_PREPROCESSOR 0x4
#define TB_VERIFIER_LOG_SIZE (4u << 20)

static char *read_stream(FILE *f, const char *path, const char *what)
{
	char chunk[8192], *buf = NULL, *grown;
	size_t len = 0, n;

	/* read in chunks rather than by size: pipes and /dev/stdin work too */
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		grown = realloc(buf, len + n + 1);
		if (!grown)
			break;
		buf = grown;
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (ferror(f) || n > 0) {
		tb_error("failed to read %s '%s': %s", what, path, strerror(errno ? errno : EIO));
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = 0;
	return buf;
}

char *tb_read_text(const char *path, const char *what)
{
	FILE *f = fopen(path, "re");

	if (!f) {
		tb_error("failed to open %s '%s': %s", what, path, strerror(errno));
		return NULL;
	}
	return read_stream(f, path, what);
}

char *tb_read_user_program(const char *path, const char *what)
{
	struct tb_trust_why why;
	const char *problem;
	FILE *f = fopen(path, "re");

	if (!f) {
		tb_error("failed to open %s '%s': %s", what, path, strerror(errno));
		return NULL;
	}
	/* checked on the open file, which is what gets read: a rename after the check cannot
	 * swap it (docs/security.md) */
	problem = tb_trust_user_fd(fileno(f), &why);
	if (problem && !tb_common.trust_file) {
		tb_error("refusing %s '%s': %s, so root would load what someone else can change "
			 "(chmod go-w it and own it, or pass --trust-file)", what, path, problem);
		fclose(f);
		return NULL;
	}
	if (problem)
		tb_warn("loading %s '%s' although it is %s (--trust-file)", what, path, problem);
	return read_stream(f, path, what);
}

/* The text libbcc compiles: USDT argument readers first, then the source under a #line so
 * that compiler errors name the user's file and its own line numbers. */
static char *compose_source(const char *name, const char *source, struct tb_usdt **usdt, int nusdt)
{
	char *readers = tb_usdt_generate_args(usdt, nusdt), *text = NULL;

	if (nusdt && !readers)
		return NULL;
	if (asprintf(&text, "%s\n#line 1 \"%s\"\n%s", readers ? readers : "", name, source) < 0)
		text = NULL;
	free(readers);
	return text;
}

/* Optional tracepoints: a program wraps a probe on a tracepoint some kernels lack in
 * "#ifdef TB_TP_<category>__<event>" (libbcc cannot compile a TRACEPOINT_PROBE whose format
 * file is missing); each such name in the text is defined when the tracepoint exists here.
 * "TB_TP_<category>__<event>__<field>" likewise when its format has that field (args->field
 * does not compile where it lacks it). */
static int add_optional_tracepoints(struct tb_cflags *cf, const char *text)
{
	for (const char *p = strstr(text, "TB_TP_"); p; p = strstr(p + 1, "TB_TP_")) {
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		char name[256], tp[256], *sep, *field;
		bool seen = false;

		if (n >= sizeof(name) || (p > text && (p[-1] == '_' || isalnum((unsigned char)p[-1]))))
			continue;
		memcpy(name, p, n);
		name[n] = 0;
		snprintf(tp, sizeof(tp), "%s", name + 6);
		sep = strstr(tp, "__");
		if (!sep)
			continue;
		*sep = ':';
		memmove(sep + 1, sep + 2, strlen(sep + 2) + 1);
		field = strstr(sep + 1, "__");
		if (field) {
			*field = 0;
			field += 2;
		}
		for (int i = 0; i < cf->n; i++)
			seen = seen || (!strncmp(cf->argv[i], "-D", 2) &&
					!strncmp(cf->argv[i] + 2, name, n) && cf->argv[i][2 + n] == '=');
		if (!seen && (field ? tb_tracepoint_has_field(tp, field) : tb_tracepoint_exists(tp)) &&
		    tb_cflags_add(cf, "-D%s=1", name))
			return -1;
	}
	return 0;
}

/* The tool's cflags plus what the BPF side needs to know about this kernel (the facts
 * programs/tb_bpf.h reads, and which optional tracepoints exist), probed on the target rather
 * than guessed from versions. */
static int add_feature_cflags(struct tb_cflags *cf, const struct tb_prog_opts *opts,
			      const char *text)
{
	for (int i = 0; i < opts->ncflags; i++)
		if (tb_cflags_add(cf, "%s", opts->cflags[i]))
			return -1;
	if (add_optional_tracepoints(cf, text))
		return -1;
	return tb_facts_cflags(tb_facts(), cf);
}

static double ms_since(uint64_t start_ns)
{
	return (tb_monotonic_ns() - start_ns) / 1e6;
}

/* A failed compile in one line: clang's first error (the later ones often follow from it)
 * and how many there were; all of clang's output under -v. */
static void report_compile_failure(const struct tb_prog *prog, const char *said)
{
	const char *first = said ? strstr(said, " error: ") : NULL;
	const char *count = said ? strstr(said, " errors generated.") : NULL;
	const char *what = tb_common.bpf_file ? "BPF file" : "BPF program";
	char more[64] = "";
	int len;

	if (tb_log_verbosity() >= 1 && said)
		fputs(said, stderr);
	if (first) {
		while (first > said && first[-1] != '\n')
			first--;
	} else if (said && *said) {
		/* no clang diagnostic (libbcc failed before or after clang): its last line */
		len = (int)strlen(said);
		while (len > 0 && said[len - 1] == '\n')
			len--;
		for (first = said + len; first > said && first[-1] != '\n'; first--)
			;
	}
	if (count) {
		while (count > said && count[-1] >= '0' && count[-1] <= '9')
			count--;
		snprintf(more, sizeof(more), "%d errors; ", atoi(count));
	}
	len = first ? (int)strcspn(first, "\n") : 0;
	tb_error("failed to compile %s '%s': %.*s%s(%s%s)", what, prog->source_name, len,
		 first ? first : "", len ? " " : "", more,
		 tb_log_verbosity() >= 1 ? "the compiler's output is above" :
		 tb_common.bpf_file ? "rerun with -v for all of the compiler's output" :
				      "rerun with -v for the compiler's output and the kernel headers used");
}

/* Against a BTF-made tree, a header of only the kernel types this program reaches
 * (btf_prune.c): clang then parses hundreds of types instead of the whole kernel's. Written
 * into the tree (root's, checked) for this compile alone; its path goes to kconfig.h as
 * TB_VMLINUX_H. TRACEBOX_PRUNE=0 compiles against the whole tree (the layout test compares). */
static bool prune_types(const struct tb_kheaders *headers, const char *text,
			const struct tb_cflags *cflags, char *path, size_t len)
{
	const char *env = getenv("TRACEBOX_PRUNE");

	if (headers->kind != TB_KHEADERS_BTF || (env && !strcmp(env, "0")))
		return false;
	snprintf(path, len, "%s/pruned-%d.h", headers->path, (int)getpid());
	unlink(path); /* one left by a process of this pid that was killed mid-compile */
	return !tb_btf_prune_write(headers->path, text, (const char *const *)cflags->argv,
				   cflags->n, path);
}

/* libbcc's compile with extra arguments after the tool's, clang's output captured in *said */
static void *compile_module(const struct tb_compiler *cc, const char *text, unsigned flags,
			    const struct tb_cflags *cflags, const char *const *extra, int nextra,
			    char **said)
{
	const char *argv[cflags->n + nextra + 1];
	int argc = 0, capture;
	void *mod;

	for (int i = 0; i < cflags->n; i++)
		argv[argc++] = cflags->argv[i];
	for (int i = 0; i < nextra; i++)
		argv[argc++] = extra[i];
	capture = tb_stderr_capture_begin();
	mod = cc->create_c_from_string(text, flags, argv, argc, true, NULL);
	*said = tb_stderr_capture_end(capture);
	return mod;
}

/* What shortens the parse of the kernel headers (docs/architecture.md, "Cold start"): only
 * the types the program reaches (BTF-made tree), or the headers precompiled (classic tree). */
enum parse_aid { AID_NONE, AID_PRUNED, AID_PCH };

static enum parse_aid choose_aid(const struct tb_kheaders *headers, const char *text,
				 const struct tb_cflags *cflags, char *path, size_t len,
				 const char **extra, int *nextra, char *define, size_t define_len)
{
	if (prune_types(headers, text, cflags, path, len)) {
		snprintf(define, define_len, "-DTB_VMLINUX_H=\"%s\"", path);
		extra[0] = define;
		*nextra = 1;
		return AID_PRUNED;
	}
	if (!tb_pch_for(headers, text, path, len)) {
		extra[0] = "-include-pch";
		extra[1] = path;
		*nextra = 2;
		return AID_PCH;
	}
	*nextra = 0;
	return AID_NONE;
}

/* A miss: compile with libbcc, keep the loader's own copy of the result, and let the module
 * (with LLVM's memory) go at once. */
static struct tb_object *compile(struct tb_prog *prog, const char *text, struct tb_cflags *cflags)
{
	const struct tb_compiler *cc = tb_compiler();
	struct tb_kheaders headers;
	struct tb_object *obj = NULL;
	unsigned flags = 0;
	uint64_t start = tb_monotonic_ns();
	char *said, path[4200], define[4300];
	const char *extra[2];
	enum parse_aid aid;
	int nextra;
	void *mod;

	if (!cc || tb_kheaders_resolve(&headers))
		return NULL;
	aid = choose_aid(&headers, text, cflags, path, sizeof(path), extra, &nextra, define,
			 sizeof(define));
	tb_info("kernel headers ready in %.0f ms", ms_since(start));
	if (tb_log_verbosity() >= 2)
		flags |= TB_BCC_DEBUG_PREPROCESSOR;
	if (tb_log_verbosity() >= 3)
		flags |= TB_BCC_DEBUG_BPF;
	start = tb_monotonic_ns();
	mod = compile_module(cc, text, flags, cflags, extra, nextra, &said);
	if (aid == AID_PRUNED)
		unlink(path);
	if (!mod && aid != AID_NONE) {
		/* a type reached in a way the word scan cannot see, a program at odds with a
		 * header it does not include, a PCH of another clang: the whole headers are
		 * always right, only slower */
		tb_info("the %s did not compile (%.0f ms): compiling against the whole headers",
			aid == AID_PRUNED ? "pruned kernel types" : "precompiled kernel headers",
			ms_since(start));
		if (tb_log_verbosity() >= 2 && said)
			fputs(said, stderr);
		free(said);
		mod = compile_module(cc, text, flags, cflags, NULL, 0, &said);
		if (mod && aid == AID_PCH)
			tb_pch_set_aside(path);
		aid = AID_NONE;
	}
	if (!mod) {
		report_compile_failure(prog, said);
		free(said);
		return NULL;
	}
	/* a compile that worked may still have warned, mostly about libbcc's own rewriting (a
	 * TRACEPOINT_PROBE of a missing tracepoint warns, then fails to attach with a line of
	 * its own): shown under -v, like the verifier's log */
	if (said && tb_log_verbosity() >= 1)
		fputs(said, stderr);
	free(said);
	tb_info("compiled %s in %.0f ms%s", prog->source_name, ms_since(start),
		aid == AID_PCH ? " (precompiled kernel headers)" : "");
	obj = tb_object_from_module(mod);
	cc->destroy(mod);
	/* LLVM frees into malloc's arenas; give that memory back to the system */
	malloc_trim(0);
	if (!obj)
		tb_error("failed to copy the compiled program '%s': out of memory", prog->source_name);
	return obj;
}

/* A hit: the cached object, with its maps created anew. NULL on a miss or when anything about
 * the entry is off: compiling is always the fallback. */
static struct tb_object *from_cache(uint64_t key)
{
	struct tb_object *obj = tb_cache_load(key);
	int err;

	if (!obj)
		return NULL;
	err = tb_object_create_maps(obj);
	if (err) {
		tb_info("compile cache entry %016llx unusable (%s): compiling", (unsigned long long)key,
			strerror(-err));
		tb_object_free(obj);
		return NULL;
	}
	tb_info("compile cache hit %016llx: no compiler needed", (unsigned long long)key);
	return obj;
}

struct tb_prog *tb_prog_compile(const struct tb_prog_opts *opts)
{
	const char *name = tb_common.bpf_file ? tb_common.bpf_file : opts->source_name;
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog;
	char *owned_source = NULL, *text = NULL;
	const char *source = opts->source;
	/* -vv asks to see the compiler at work: never skip it then */
	bool use_cache = !tb_common.no_cache && tb_log_verbosity() < 2;
	uint64_t key = 0;

	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return NULL;
	prog->start_ns = tb_monotonic_ns();
	/* signals first: a Ctrl-C during the compile (a second here, a minute under emulation)
	 * or between attaches must still end in the one exit path that detaches everything */
	tb_signals_install();
	/* the program owns the USDT contexts from here on, also on failure */
	if (opts->nusdt) {
		prog->usdt = calloc(opts->nusdt, sizeof(*prog->usdt));
		if (!prog->usdt)
			goto fail;
		memcpy(prog->usdt, opts->usdt, opts->nusdt * sizeof(*prog->usdt));
		prog->nusdt = opts->nusdt;
	}
	prog->source_name = strdup(name ? name : "bpf");
	if (!tb_have_bpf_privileges()) {
		tb_error("permission denied: tracing needs root, or CAP_BPF and CAP_PERFMON "
			 "(run it with sudo)");
		goto fail;
	}
	if (geteuid() != 0)
		tb_warn("not running as root: the header cache and tracefs may not be reachable");
	if (tb_common.bpf_file) {
		source = owned_source = tb_read_user_program(tb_common.bpf_file, "BPF file");
		if (!source)
			goto fail;
	}
	/* libbcc reads tracepoint formats from tracefs while compiling; attaching needs it too */
	tb_tracefs();
	text = compose_source(prog->source_name, source, prog->usdt, prog->nusdt);
	if (!text || add_feature_cflags(&cflags, opts, text))
		goto fail;
	if (use_cache) {
		key = tb_cache_key(text, &cflags);
		prog->obj = from_cache(key);
	}
	if (!prog->obj) {
		prog->obj = compile(prog, text, &cflags);
		if (!prog->obj)
			goto fail;
		if (use_cache)
			tb_cache_store(key, prog->obj);
	}
	prog->compiled_ns = tb_monotonic_ns();
	if (tb_should_stop()) {
		/* compiled (and cached for the next start), but the user asked to stop */
		fprintf(stderr, "%s: interrupted before tracing started: nothing attached\n",
			tb_log_tool());
		goto fail;
	}
	tb_cflags_free(&cflags);
	free(text);
	free(owned_source);
	return prog;
fail:
	tb_cflags_free(&cflags);
	free(text);
	free(owned_source);
	tb_prog_destroy(prog);
	return NULL;
}

struct tb_prog *tb_prog_compile_tool(const char *source, const char *source_name,
				     const struct tb_cflags *cflags)
{
	return tb_prog_compile(&(struct tb_prog_opts){
		.source = source, .source_name = source_name,
		.cflags = cflags ? (const char *const *)cflags->argv : NULL,
		.ncflags = cflags ? cflags->n : 0 });
}

static const char *prog_type_name(int type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE: return "kprobe";
	case BPF_PROG_TYPE_TRACEPOINT: return "tracepoint";
	case BPF_PROG_TYPE_RAW_TRACEPOINT: return "raw tracepoint";
	case BPF_PROG_TYPE_PERF_EVENT: return "perf event";
	case BPF_PROG_TYPE_TRACING: return "tracing (fentry/fexit)";
	case BPF_PROG_TYPE_LSM: return "LSM";
	default: return "BPF";
	}
}

/* One error line, preceded by libbcc's verifier log under -v; without -v the line carries
 * libbcc's first HINT, which says in words what the log's last lines mean. */
static void report_load_failure(int prog_type, const char *fn, const char *source, int err,
				const char *libbcc_said)
{
	bool verifier = err == EACCES || (err == EINVAL && libbcc_said && strstr(libbcc_said, "\n0: "));
	const char *hint = libbcc_said ? strstr(libbcc_said, "HINT: ") : NULL;
	int hint_len = hint ? (int)strcspn(hint + 6, "\n") : 0;

	if (hint_len && hint[6 + hint_len - 1] == '.')
		hint_len--;

	if (tb_log_verbosity() >= 1 && libbcc_said)
		fputs(libbcc_said, stderr);
	if (verifier && tb_log_verbosity() >= 1)
		tb_error("failed to load %s program '%s' of '%s': the verifier rejected it",
			 prog_type_name(prog_type), fn, source);
	else if (verifier && hint)
		tb_error("failed to load %s program '%s' of '%s': the verifier rejected it "
			 "(libbcc's hint: %.*s; rerun with -v for its log)", prog_type_name(prog_type),
			 fn, source, hint_len, hint + 6);
	else if (verifier)
		tb_error("failed to load %s program '%s' of '%s': the verifier rejected it (rerun "
			 "with -v for its log)", prog_type_name(prog_type), fn, source);
	else if (err == E2BIG) /* the instruction limit, or the verifier gave up walking paths */
		tb_error("failed to load %s program '%s' of '%s': too big for this kernel's verifier "
			 "(over its instruction limit, or too many paths to walk)%s",
			 prog_type_name(prog_type), fn, source,
			 tb_log_verbosity() >= 1 ? "" : "; rerun with -v for its log");
	else
		tb_error("failed to load %s program '%s' of '%s': %s%s", prog_type_name(prog_type),
			 fn, source, strerror(err), tb_errno_hint(err));
}

int tb_prog_load_fn(struct tb_prog *prog, const char *fn, int prog_type)
{
	struct tb_loaded_fn *fns;
	const struct tb_function *function;
	char *log = NULL, *libbcc_said;
	struct bpf_insn *insns;
	uint64_t start;
	int fd, err, capture;

	for (int i = 0; i < prog->nfns; i++)
		if (prog->fns[i].type == prog_type && !strcmp(prog->fns[i].name, fn))
			return prog->fns[i].fd;
	function = tb_object_function(prog->obj, fn);
	if (!function) {
		tb_error("failed to find BPF function '%s' in '%s': is it defined, and not static?",
			 fn, prog->source_name);
		return -ENOENT;
	}
	/* with a log buffer libbcc retries with the verifier log on failure; it prints the log
	 * and its hints itself, so that output is captured and shown in full only under -v */
	log = malloc(TB_VERIFIER_LOG_SIZE);
	if (log)
		log[0] = 0;
	start = tb_monotonic_ns();
	capture = tb_stderr_capture_begin();
	insns = tb_object_patched_insns(prog->obj, function);
	fd = insns ? bcc_prog_load(prog_type, fn, insns, function->ninsns * sizeof(*insns),
				   prog->obj->license, prog->obj->kern_version, 0, log,
				   log ? TB_VERIFIER_LOG_SIZE : 0) : -1;
	err = fd < 0 ? (errno ? errno : EINVAL) : 0;
	free(insns);
	libbcc_said = tb_stderr_capture_end(capture);
	if (fd < 0) {
		report_load_failure(prog_type, fn, prog->source_name, err, libbcc_said);
		free(libbcc_said);
		free(log);
		return -err;
	}
	free(libbcc_said);
	free(log);
	prog->load_ns += tb_monotonic_ns() - start;
	tb_info("loaded %s program '%s' in %.1f ms", prog_type_name(prog_type), fn,
		ms_since(start));
	fns = realloc(prog->fns, (prog->nfns + 1) * sizeof(*fns));
	if (!fns) {
		close(fd);
		return -ENOMEM;
	}
	prog->fns = fns;
	snprintf(fns[prog->nfns].name, sizeof(fns[0].name), "%s", fn);
	fns[prog->nfns].type = prog_type;
	fns[prog->nfns].fd = fd;
	prog->nfns++;
	return fd;
}

void tb_prog_destroy(struct tb_prog *prog)
{
	if (!prog)
		return;
	tb_prog_detach_all(prog);
	tb_perfbufs_close(prog);
	if (prog->watch_pid > 0 && prog->watch_fd >= 0)
		close(prog->watch_fd);
	for (int i = 0; i < prog->nfns; i++)
		close(prog->fns[i].fd);
	free(prog->fns);
	/* closing a USDT context decrements the semaphores it incremented */
	for (int i = 0; i < prog->nusdt; i++)
		tb_usdt_close(prog->usdt[i]);
	free(prog->usdt);
	tb_object_free(prog->obj);
	tb_stacks_free_snapshots(prog);
	free(prog->links);
	free(prog->source_name);
	free(prog);
}

int tb_dump_source(const char *source)
{
	fputs(source, stdout);
	return fflush(stdout) ? 1 : 0;
}
