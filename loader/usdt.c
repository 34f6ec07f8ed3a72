/* USDT probes through libbcc: enabling probes (and their semaphores), generating the argument
 * readers that the BPF source needs, and attaching a uprobe at every probe location. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/bcc_proc.h>
#include <bcc/bcc_syms.h>
#include <bcc/bcc_usdt.h>
#include <bcc/libbpf.h>
#include <linux/bpf.h>

#include "internal.h"
#include "tb_log.h"

struct tb_usdt {
	void *ctx;
	pid_t pid;
	char target[256];
};

struct tb_usdt *tb_usdt_open(const char *binary, pid_t pid)
{
	struct tb_usdt *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->pid = pid;
	snprintf(u->target, sizeof(u->target), "%s", binary ? binary : "");
	if (pid > 0)
		u->ctx = bcc_usdt_new_frompid(pid, binary);
	else if (binary)
		u->ctx = bcc_usdt_new_frompath(binary);
	if (!u->ctx) {
		if (pid > 0)
			tb_error("failed to read USDT probes of process %d%s%s: is it running, and "
				 "does it have USDT probes?", pid, binary ? " in " : "",
				 binary ? binary : "");
		else
			tb_error("failed to read USDT probes of '%s': no such binary, or it has no "
				 ".note.stapsdt section", binary ? binary : "(none)");
		free(u);
		return NULL;
	}
	return u;
}

/* bcc_usdt_foreach's callback takes no cookie: the query being answered is kept here. */
static struct {
	const char *provider, *name;  /* the probe looked for (provider may be NULL) */
	int found;                    /* 1 = found without semaphore, 2 = with one */
	int listed, total;
	bool list;                    /* second pass: print the provider's probes */
	bool provider_known;          /* some probe has the provider asked for */
} query;

static void query_probe(struct bcc_usdt *probe)
{
	bool same_provider = query.provider && !strcmp(probe->provider, query.provider);

	query.total++;
	query.provider_known |= same_provider;
	if (query.list) {
		/* the provider's probes, or every probe when that provider does not exist */
		if (!query.provider_known || same_provider) {
			fprintf(stderr, "  %s:%s%s\n", probe->provider, probe->name,
				probe->semaphore ? " (semaphore: needs -p PID)" : "");
			query.listed++;
		}
		return;
	}
	if ((!query.provider || same_provider) && !strcmp(probe->name, query.name))
		query.found = probe->semaphore ? 2 : 1;
}

static void print_probe_list(struct tb_usdt *u)
{
	bool known = query.provider_known;

	query.list = true;
	query.provider_known = known;
	query.listed = query.total = 0;
	bcc_usdt_foreach(u->ctx, query_probe);
	if (!query.total)
		fprintf(stderr, "  (none)\n");
}

int tb_usdt_enable(struct tb_usdt *u, const char *provider, const char *probe, const char *fn)
{
	char where[300];
	int err;

	if (u->pid > 0)
		snprintf(where, sizeof(where), "%s%sprocess %d", u->target, u->target[0] ? " of " : "",
			 (int)u->pid);
	else
		snprintf(where, sizeof(where), "%s", u->target);

	memset(&query, 0, sizeof(query));
	query.provider = provider;
	query.name = probe;
	bcc_usdt_foreach(u->ctx, query_probe);
	if (!query.found) {
		tb_error("failed to enable USDT probe '%s%s%s': no such probe in %s; %s probes:",
			 provider ? provider : "", provider ? ":" : "", probe, where,
			 query.provider_known ? "its provider's" : "its");
		print_probe_list(u);
		return -ENOENT;
	}
	if (query.found == 2 && u->pid <= 0) {
		/* the probe site is skipped unless a counter in the process's memory is raised */
		tb_error("failed to enable USDT probe '%s%s%s' in %s: it has a semaphore, which "
			 "must be raised in a running process: pass -p PID of a process running it",
			 provider ? provider : "", provider ? ":" : "", probe, where);
		return -EINVAL;
	}
	if (provider)
		err = bcc_usdt_enable_fully_specified_probe(u->ctx, provider, probe, fn);
	else
		err = bcc_usdt_enable_probe(u->ctx, probe, fn);
	if (err == 0) {
		tb_info("enabled USDT probe %s%s%s in %s%s%s", provider ? provider : "",
			provider ? ":" : "", probe, where, u->pid > 0 ? "" : " (every process)",
			query.found == 2 ? " (semaphore raised)" : "");
		return 0;
	}
	tb_error("failed to enable USDT probe '%s%s%s' in %s: %s", provider ? provider : "",
		 provider ? ":" : "", probe, where, query.found == 2 ?
		 "cannot raise its semaphore through /proc/PID/mem" :
		 "already enabled, or libbcc refused it");
	return -EINVAL;
}

void tb_usdt_close(struct tb_usdt *u)
{
	if (!u)
		return;
	bcc_usdt_close(u->ctx);
	free(u);
}

char *tb_usdt_generate_args(struct tb_usdt **usdt, int nusdt)
{
	void *ctxs[64];
	const char *text;

	if (!nusdt)
		return NULL;
	if (nusdt > 64)
		return NULL;
	for (int i = 0; i < nusdt; i++)
		ctxs[i] = usdt[i]->ctx;
	text = bcc_usdt_genargs(ctxs, nusdt);
	if (!text) {
		tb_error("failed to generate USDT argument readers (an argument format libbcc does "
			 "not understand?)");
		return NULL;
	}
	return strdup(text);
}

/* bcc_usdt_foreach_uprobe's callback takes no cookie, so the current attach is kept here. */
static struct {
	struct tb_prog *prog;
	pid_t pid;
	int err;
} attaching;

/* libbcc gives each location as a virtual address; uprobes take a file offset. They are the
 * same in most shared libraries and PIE, not in a non-PIE executable (Debian's python3.11). */
static void attach_location(const char *binpath, const char *fn, uint64_t addr, int pid)
{
	struct bcc_symbol sym = { 0 };
	uint64_t offset = addr;

	if (attaching.err)
		return;
	if (bcc_resolve_symname(binpath, NULL, addr, attaching.pid > 0 ? attaching.pid : -1,
				NULL, &sym) == 0) {
		offset = sym.offset;
		bcc_procutils_free(sym.module);
	} else {
		tb_warn("failed to translate USDT address 0x%llx of '%s' to a file offset: using "
			"it as is", (unsigned long long)addr, binpath);
	}
	attaching.err = tb_attach_uprobe(attaching.prog, binpath, NULL, offset,
					 attaching.pid > 0 ? attaching.pid : -1, fn, false);
}

int tb_attach_usdt(struct tb_prog *prog)
{
	for (int i = 0; i < prog->nusdt; i++) {
		attaching.prog = prog;
		attaching.pid = prog->usdt[i]->pid;
		attaching.err = 0;
		bcc_usdt_foreach_uprobe(prog->usdt[i]->ctx, attach_location);
		if (attaching.err)
			return attaching.err;
	}
	return 0;
}
