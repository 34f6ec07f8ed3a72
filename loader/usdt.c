/* USDT probes through libbcc: enabling probes (and their semaphores), generating the argument
 * readers that the BPF source needs, and attaching a uprobe at every probe location. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Prints "provider:name" of each probe, to list what exists when a name is wrong. */
static void print_probe(struct bcc_usdt *probe)
{
	fprintf(stderr, "  %s:%s%s\n", probe->provider, probe->name,
		probe->semaphore ? " (semaphore)" : "");
}

int tb_usdt_enable(struct tb_usdt *u, const char *provider, const char *probe, const char *fn)
{
	int err;

	if (provider)
		err = bcc_usdt_enable_fully_specified_probe(u->ctx, provider, probe, fn);
	else
		err = bcc_usdt_enable_probe(u->ctx, probe, fn);
	if (err == 0) {
		tb_info("enabled USDT probe %s%s%s in %s%s", provider ? provider : "",
			provider ? ":" : "", probe, u->target[0] ? u->target : "process",
			u->pid > 0 ? "" : " (all processes)");
		return 0;
	}
	/* libbcc fails both for an unknown name and for a semaphore without a pid */
	tb_error("failed to enable USDT probe '%s%s%s' in %s: no such probe, or it has a "
		 "semaphore and needs -p PID; probes found:", provider ? provider : "",
		 provider ? ":" : "", probe, u->target[0] ? u->target : "the process");
	bcc_usdt_foreach(u->ctx, print_probe);
	return -ENOENT;
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

static void attach_location(const char *binpath, const char *fn, uint64_t addr, int pid)
{
	if (attaching.err)
		return;
	attaching.err = tb_attach_uprobe(attaching.prog, binpath, NULL, addr,
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
