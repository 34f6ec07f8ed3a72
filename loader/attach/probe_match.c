/* What a pattern names on this machine (tb_probe_match.h). */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bcc/bcc_proc.h>
#include <bcc/bcc_syms.h>

#include "tracebox.h"
#include "tb_probe_match.h"

int tb_pattern_init(struct tb_pattern *p, const char *text, bool regex)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->text = text ? text : "";
	p->regex = regex;
	if (!regex || !*p->text)
		return 0;
	err = regcomp(&p->re, p->text, REG_EXTENDED | REG_NOSUB);
	if (err) {
		char msg[128];

		regerror(err, &p->re, msg, sizeof(msg));
		tb_error("bad regular expression '%s': %s", p->text, msg);
		return -1;
	}
	p->compiled = true;
	return 0;
}

bool tb_pattern_match(const struct tb_pattern *p, const char *name)
{
	if (!*p->text)
		return true;
	if (p->regex) /* BCC anchors funccount's regexes at both ends */
		return p->compiled && regexec(&p->re, name, 0, NULL, 0) == 0;
	return fnmatch(p->text, name, 0) == 0;
}

bool tb_pattern_is_wild(const struct tb_pattern *p)
{
	return !*p->text || p->regex || strpbrk(p->text, "*?[");
}

void tb_pattern_free(struct tb_pattern *p)
{
	if (p->compiled)
		regfree(&p->re);
	p->compiled = false;
}

/* --- sorted, unique names, handed to the caller's function --- */

struct names {
	char **v;
	int n, cap;
};

static int names_add(struct names *ns, const char *name)
{
	if (ns->n == ns->cap) {
		int cap = ns->cap ? ns->cap * 2 : 256;
		char **v = realloc(ns->v, cap * sizeof(*v));

		if (!v)
			return -1;
		ns->v = v;
		ns->cap = cap;
	}
	ns->v[ns->n] = strdup(name);
	return ns->v[ns->n] ? (ns->n++, 0) : -1;
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_free(struct names *ns)
{
	for (int i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

/* Sorts, hands each distinct name to fn, frees: the count, or what fn returned. */
static int names_emit(struct names *ns, const char *where, tb_match_fn fn, void *ctx)
{
	int found = 0, err = 0;

	qsort(ns->v, ns->n, sizeof(*ns->v), compare_str);
	for (int i = 0; i < ns->n && !err; i++) {
		if (i && !strcmp(ns->v[i], ns->v[i - 1]))
			continue;
		err = fn(ctx, where, ns->v[i]);
		found++;
	}
	names_free(ns);
	return err < 0 ? err : found;
}

/* --- tracepoints --- */

static int dir_filter(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

int tb_match_tracepoints(const struct tb_pattern *category, const struct tb_pattern *event,
			 tb_match_fn fn, void *ctx)
{
	char events[512], path[1024];
	struct dirent **cats = NULL;
	int ncats, found = 0, err = 0;

	snprintf(events, sizeof(events), "%s/events", tb_tracefs());
	ncats = scandir(events, &cats, dir_filter, alphasort);
	if (ncats < 0) {
		tb_error("failed to read tracepoints in '%s': %s%s", events, strerror(errno),
			 tb_errno_hint(errno));
		return -1;
	}
	for (int i = 0; i < ncats; i++) {
		struct dirent **evs = NULL;
		int nevs = 0;

		if (!err && tb_pattern_match(category, cats[i]->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", events, cats[i]->d_name);
			nevs = scandir(path, &evs, dir_filter, alphasort);
		}
		for (int k = 0; k < nevs; k++) {
			char fmt[1600];

			snprintf(fmt, sizeof(fmt), "%s/%s/format", path, evs[k]->d_name);
			if (!err && tb_pattern_match(event, evs[k]->d_name) && !access(fmt, F_OK)) {
				err = fn(ctx, cats[i]->d_name, evs[k]->d_name);
				found++;
			}
			free(evs[k]);
		}
		free(evs);
		free(cats[i]);
	}
	free(cats);
	return err < 0 ? err : found;
}

/* --- kernel functions --- */

/* The kprobe blacklist (debugfs): functions kprobes refuse. Sorted names, or none. */
static void read_blacklist(struct names *bl)
{
	FILE *f = fopen("/sys/kernel/debug/kprobes/blacklist", "r");
	char line[512], name[256];
	unsigned long long start, end;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "0x%llx-0x%llx %255s", &start, &end, name) == 3)
			names_add(bl, name);
	fclose(f);
	qsort(bl->v, bl->n, sizeof(*bl->v), compare_str);
}

int tb_match_kernel_functions(const struct tb_pattern *pattern, tb_match_fn fn, void *ctx)
{
	char path[512], line[512];
	struct names ns = { 0 }, bl = { 0 };
	bool kallsyms = false;
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "%s/available_filter_functions", tb_tracefs());
	f = fopen(path, "r");
	if (f) {
		tb_info("kernel functions from %s", path);
	} else {
		err = errno;
		f = fopen("/proc/kallsyms", "r");
		if (!f) {
			tb_error("failed to read kernel functions: %s: %s, /proc/kallsyms: %s", path,
				 strerror(err), strerror(errno));
			return -1;
		}
		kallsyms = true;
		/* said always: kallsyms also holds functions that cannot be probed */
		fprintf(stderr, "%s: kernel functions from /proc/kallsyms (text symbols): %s is "
			"not readable (%s), so some may not be probeable\n", tb_log_tool(), path,
			strerror(err));
	}
	read_blacklist(&bl);
	while (fgets(line, sizeof(line), f)) {
		char name[256], type = 'T', *key = name;
		unsigned long long addr;

		if (kallsyms) {
			if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 ||
			    (type != 't' && type != 'T'))
				continue;
		} else if (sscanf(line, "%255s", name) != 1) {
			continue;
		}
		if (!tb_pattern_match(pattern, name) ||
		    (bl.n && bsearch(&key, bl.v, bl.n, sizeof(*bl.v), compare_str)))
			continue;
		if (names_add(&ns, name))
			break;
	}
	fclose(f);
	names_free(&bl);
	return names_emit(&ns, NULL, fn, ctx);
}

/* --- a binary's function symbols --- */

/* bcc_foreach_function_symbol's callback takes no cookie. */
static struct {
	const struct tb_pattern *pattern;
	struct names *ns;
} syms;

static int collect_symbol(const char *name, uint64_t addr)
{
	(void)addr;
	if (tb_pattern_match(syms.pattern, name))
		names_add(syms.ns, name);
	return 0;
}

int tb_match_symbols(const char *path, const struct tb_pattern *pattern, tb_match_fn fn,
		     void *ctx)
{
	struct names ns = { 0 };
	int rc;

	syms.pattern = pattern;
	syms.ns = &ns;
	rc = bcc_foreach_function_symbol(path, collect_symbol);
	syms.ns = NULL;
	if (rc < 0) {
		names_free(&ns);
		tb_error("failed to read symbols of '%s': not an ELF file?", path);
		return -1;
	}
	return names_emit(&ns, path, fn, ctx);
}

char *tb_resolve_binary(const char *name)
{
	char *path = NULL;

	if (strchr(name, '/')) {
		/* made absolute (symlinks kept, as named): libbcc reads a uprobe's binary for a
		 * -p PID through /proc/PID/root, where a relative path names nothing */
		char *cwd = name[0] == '/' ? NULL : getcwd(NULL, 0);
		const char *rel = name;

		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		if (cwd && asprintf(&path, "%s/%s", cwd, rel) < 0)
			path = NULL;
		else if (!cwd)
			path = strdup(name);
		free(cwd);
	} else {
		path = bcc_procutils_which_so(name, 0);
		if (!path)
			path = bcc_procutils_which(name);
	}
	if (!path || access(path, R_OK)) {
		tb_error("no binary or library '%s' here (give its path, or a library name such as "
			 "'c' for libc)", name);
		free(path);
		return NULL;
	}
	return path;
}
