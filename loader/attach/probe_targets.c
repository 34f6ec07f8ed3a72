/* What a probe spec names here, and attaching there (tb_probe_spec.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/bcc_usdt.h>

#include "tracebox.h"
#include "tb_probe_spec.h"

struct walk {
	const struct tb_probe_spec *spec;
	const char *path;
	tb_spec_target_fn fn;
	void *ctx;
};

static int on_match(void *ctx, const char *where, const char *name)
{
	struct walk *w = ctx;
	struct tb_spec_target t = { .kind = w->spec->kind, .where = where, .name = name,
				    .path = w->path };

	return w->fn(w->ctx, &t);
}

/* USDT probes: libbcc's list of a binary's (or a process's) probes, matched by provider and
 * name; bcc_usdt_foreach's callback takes no cookie. */
static struct {
	const struct tb_pattern *provider, *name;
	struct walk *w;
	int found, err;
} usdt_walk;

static void on_usdt(struct bcc_usdt *p)
{
	struct tb_spec_target t = { .kind = TB_SPEC_USDT, .where = p->provider, .name = p->name,
				    .path = p->bin_path };

	if (usdt_walk.err || !tb_pattern_match(usdt_walk.name, p->name) ||
	    (usdt_walk.provider && !tb_pattern_match(usdt_walk.provider, p->provider)))
		return;
	usdt_walk.found++;
	usdt_walk.err = usdt_walk.w->fn(usdt_walk.w->ctx, &t);
}

static int expand_usdt(struct walk *w, const struct tb_pattern *provider,
		       const struct tb_pattern *name, int pid)
{
	void *ctx = pid > 0 ? bcc_usdt_new_frompid(pid, w->path) : bcc_usdt_new_frompath(w->path);

	if (!ctx) {
		if (pid > 0)
			tb_error("probe '%s': cannot read USDT probes of %s in process %d: is it "
				 "running, and is the binary mapped there?", w->spec->text, w->path,
				 pid);
		else
			tb_error("probe '%s': cannot read USDT probes of %s (no .note.stapsdt "
				 "section?)", w->spec->text, w->path);
		return -1;
	}
	memset(&usdt_walk, 0, sizeof(usdt_walk));
	usdt_walk.provider = provider;
	usdt_walk.name = name;
	usdt_walk.w = w;
	bcc_usdt_foreach(ctx, on_usdt);
	bcc_usdt_close(ctx);
	return usdt_walk.err < 0 ? usdt_walk.err : usdt_walk.found;
}

static const char *where_to_look(const struct tb_probe_spec *spec)
{
	switch (spec->kind) {
	case TB_SPEC_TRACEPOINT: return "tblist 'tracepoint:CATEGORY:EVENT' lists them";
	case TB_SPEC_USDT: return "tblist 'usdt:BINARY' lists them";
	case TB_SPEC_UPROBE:
	case TB_SPEC_URETPROBE: return "tblist 'uprobe:BINARY:*' lists its functions";
	default: return "tblist 'kprobe:PATTERN' lists kernel functions";
	}
}

int tb_spec_expand(const struct tb_probe_spec *spec, bool regex, int pid, tb_spec_target_fn fn,
		   void *ctx)
{
	struct tb_pattern name, category = { .text = "" };
	struct walk w = { .spec = spec, .fn = fn, .ctx = ctx };
	char *path = NULL;
	int n = -1;

	if (tb_spec_check_kprobes(spec) || tb_pattern_init(&name, spec->name, regex))
		return -1;
	if (spec->category && tb_pattern_init(&category, spec->category, false))
		goto out;
	if (spec->lib) {
		path = tb_resolve_binary(spec->lib);
		if (!path)
			goto out;
		w.path = path;
	}
	switch (spec->kind) {
	case TB_SPEC_TRACEPOINT:
		n = tb_match_tracepoints(&category, &name, on_match, &w);
		break;
	case TB_SPEC_KPROBE:
	case TB_SPEC_KRETPROBE:
		/* one function by its name: kallsyms is enough (available_filter_functions leaves
		 * out what ftrace cannot trace, such as 4.19's __x64_sys_* wrappers, which kprobes
		 * can); the attach says it if kprobes refuse it */
		if (!tb_pattern_is_wild(&name) && tb_ksym_exists(spec->name))
			n = on_match(&w, NULL, spec->name) < 0 ? -1 : 1;
		else
			n = tb_match_kernel_functions(&name, on_match, &w);
		break;
	case TB_SPEC_UPROBE:
	case TB_SPEC_URETPROBE:
		n = tb_match_symbols(path, &name, on_match, &w);
		break;
	case TB_SPEC_USDT:
		n = expand_usdt(&w, spec->category ? &category : NULL, &name, pid);
		break;
	}
	if (n == 0) {
		tb_error("probe '%s': nothing matches %s'%s'%s%s (%s)", spec->text,
			 regex ? "the regex " : "", spec->name, path ? " in " : "", path ? path : "",
			 where_to_look(spec));
		n = -1;
	}
out:
	free(path);
	tb_pattern_free(&name);
	tb_pattern_free(&category);
	return n;
}

struct collect {
	struct tb_spec_targets *out;
	int max;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int keep(void *ctx, const struct tb_spec_target *t)
{
	struct collect *c = ctx;
	struct tb_spec_targets *out = c->out;
	struct tb_spec_target *v, *x;

	if (++out->matched > c->max)
		return 0; /* counted for the caller's message, not kept */
	v = realloc(out->v, (out->n + 1) * sizeof(*v));
	if (!v)
		goto nomem;
	out->v = v;
	x = &v[out->n];
	*x = (struct tb_spec_target){ .kind = t->kind, .where = dup_or_null(t->where),
				      .name = strdup(t->name), .path = dup_or_null(t->path) };
	out->n++;
	if (x->name && (!t->where || x->where) && (!t->path || x->path))
		return 0;
nomem:
	tb_error("failed to match '%s': out of memory", t->name);
	return -1;
}

int tb_spec_collect(const struct tb_probe_spec *spec, bool regex, int pid, int max,
		    struct tb_spec_targets *out)
{
	struct collect c = { .out = out, .max = max };

	memset(out, 0, sizeof(*out));
	return tb_spec_expand(spec, regex, pid, keep, &c) < 0 ? -1 : out->n;
}

void tb_spec_targets_free(struct tb_spec_targets *targets)
{
	for (int i = 0; i < targets->n; i++) {
		free((char *)targets->v[i].where);
		free((char *)targets->v[i].name);
		free((char *)targets->v[i].path);
	}
	free(targets->v);
	memset(targets, 0, sizeof(*targets));
}

int tb_spec_attach(struct tb_prog *prog, const struct tb_spec_target *t, const char *fn, int pid)
{
	char tp[512];

	switch (t->kind) {
	case TB_SPEC_KPROBE:
	case TB_SPEC_KRETPROBE:
		return tb_attach_kprobe(prog, t->name, fn, t->kind == TB_SPEC_KRETPROBE);
	case TB_SPEC_UPROBE:
	case TB_SPEC_URETPROBE:
		return tb_attach_uprobe(prog, t->where, t->name, 0, pid > 0 ? pid : -1, fn,
					t->kind == TB_SPEC_URETPROBE);
	case TB_SPEC_TRACEPOINT:
		snprintf(tp, sizeof(tp), "%s:%s", t->where, t->name);
		return tb_attach_tracepoint(prog, tp, fn);
	case TB_SPEC_USDT:
		break;
	}
	tb_error("%s %s: USDT probes attach through tb_usdt_enable (a bug in the tool)",
		 tb_spec_kind_name(t->kind), t->name);
	return -1;
}
