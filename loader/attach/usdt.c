/* USDT probes through libbcc: enabling probes (and their semaphores), generating the argument
 * readers that the BPF source needs, and attaching a uprobe at every probe location.
 *
 * Semaphores: libbcc raises them through /proc/PID/mem when a probe is enabled and lowers
 * them when the context is closed, which a killed tool never does. Where the kernel has the
 * uprobe reference counter, libbcc's raise is undone as soon as it is made and the uprobes are
 * attached with the counter: the kernel then raises it while they exist and lowers it when
 * they go, however the tool ends (SIGKILL during the compile included). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <bcc/bcc_proc.h>
#include <bcc/bcc_syms.h>
#include <bcc/bcc_usdt.h>
#include <bcc/libbpf.h>
#include <linux/bpf.h>

#include "internal.h"
#include "tb_log.h"
#include "tb_proc.h"

#define TB_USDT_MAX_SEMS 16

/* An enabled probe with a semaphore, and who holds that semaphore up. */
struct tb_usdt_sem {
	char provider[64], name[64], fn[128];
	uint64_t file_offset;  /* of the semaphore, for the kernel's reference counter */
	int kernel_locations;  /* uprobes attached with the kernel's counter */
	bool refused;          /* the kernel would not take it: libbcc's raise stays */
	bool handed_over;      /* libbcc's raise undone: the kernel alone holds it */
};

struct tb_usdt {
	void *ctx;
	pid_t pid;
	char target[256];
	struct tb_usdt_sem sems[TB_USDT_MAX_SEMS];
	int nsems;
};

/* The uprobe PMU's ref_ctr_offset format field (Linux 4.20+) */
static bool kernel_ref_ctr_supported(void)
{
	return access("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset", R_OK) == 0;
}

struct tb_usdt *tb_usdt_open(const char *binary, pid_t pid)
{
	struct tb_usdt *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	/* enabling a probe changes the traced process (its semaphore): from here on a stop
	 * signal must reach the one exit path that undoes it, not end the tool where it is */
	tb_signals_install();
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
	char found_provider[64];
	uint64_t sem_offset;          /* the found probe's semaphore, as a file offset */
	int nargs;                    /* the found probe's arguments */
	int listed, total;
	bool list;                    /* second pass: name the provider's probes in `names` */
	char names[512];
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
			size_t used = strlen(query.names);
			int n = snprintf(query.names + used, sizeof(query.names) - used, "%s%s:%s%s",
					 query.listed ? ", " : "", probe->provider, probe->name,
					 probe->semaphore ? " (semaphore: needs -p PID)" : "");

			/* a long list is cut where a name would not fit whole */
			if (n < 0 || (size_t)n >= sizeof(query.names) - used - 5)
				snprintf(query.names + used, sizeof(query.names) - used, ", ...");
			query.listed++;
		}
		return;
	}
	if ((!query.provider || same_provider) && !strcmp(probe->name, query.name)) {
		query.found = probe->semaphore ? 2 : 1;
		query.sem_offset = probe->semaphore_offset;
		query.nargs = probe->num_arguments;
		snprintf(query.found_provider, sizeof(query.found_provider), "%s", probe->provider);
	}
}

/* The provider's probes (or all of them) in query.names, for the error's one line. */
static void list_probes(struct tb_usdt *u)
{
	query.list = true;
	query.listed = query.total = 0;
	query.names[0] = 0;
	bcc_usdt_foreach(u->ctx, query_probe);
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
		list_probes(u);
		tb_error("failed to enable USDT probe '%s%s%s': no such probe in %s (%s%s)",
			 provider ? provider : "", provider ? ":" : "", probe, where,
			 !query.total ? "it has no USDT probes" :
			 query.provider_known ? "its provider's probes: " : "its probes: ", query.names);
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
	if (err == 0 && query.found == 2 && u->nsems < TB_USDT_MAX_SEMS) {
		struct tb_usdt_sem *sem = &u->sems[u->nsems++];

		snprintf(sem->provider, sizeof(sem->provider), "%s", query.found_provider);
		snprintf(sem->name, sizeof(sem->name), "%s", probe);
		snprintf(sem->fn, sizeof(sem->fn), "%s", fn);
		sem->file_offset = query.sem_offset;
		/* a tool killed between here and its attach (a compile takes a second) would leave
		 * libbcc's raise in the process for ever: where the kernel will hold the semaphore,
		 * undo it at once; the attach raises it again if the kernel does not take it */
		if (kernel_ref_ctr_supported() &&
		    bcc_usdt_addsem_fully_specified_probe(u->ctx, sem->provider, sem->name, sem->fn,
							  -1) == 0)
			sem->handed_over = true;
	}
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

const char *tb_usdt_arg_ctype(struct tb_usdt *u, const char *provider, const char *probe,
			      int index)
{
	memset(&query, 0, sizeof(query));
	query.provider = provider;
	query.name = probe;
	bcc_usdt_foreach(u->ctx, query_probe);
	/* libbcc indexes its argument list unchecked */
	if (!query.found || index < 0 || index >= query.nargs)
		return NULL;
	return provider ? bcc_usdt_get_fully_specified_probe_argctype(u->ctx, provider, probe, index) :
			  bcc_usdt_get_probe_argctype(u->ctx, probe, index);
}

struct tb_usdt *tb_usdt_open_process(pid_t pid, const char *module, const char *runtime,
				     const struct tb_usdt_probe *probes)
{
	bool alive = tb_proc_alive(pid); /* a zombie counts as gone */
	char path[4096];
	struct tb_usdt *u;
	int err = 0;

	if (alive && module)
		err = tb_proc_find_module(pid, module, path, sizeof(path));
	if (!alive || err == -ESRCH) {
		tb_error("failed to trace process %d: no such process", (int)pid);
		return NULL;
	}
	if (err) {
		tb_error("failed to find %s in process %d: is it a %s process? (its mappings are in "
			 "/proc/%d/maps)", module, (int)pid, runtime, (int)pid);
		return NULL;
	}
	if (module)
		tb_info("process %d maps %s", (int)pid, path);
	u = tb_usdt_open(module ? path : NULL, pid);
	for (const struct tb_usdt_probe *p = probes; u && p->name; p++) {
		if (p->optional) {
			memset(&query, 0, sizeof(query));
			query.provider = p->provider;
			query.name = p->name;
			bcc_usdt_foreach(u->ctx, query_probe);
			if (!query.found) {
				tb_info("process %d has no USDT probe %s:%s: not traced", (int)pid,
					p->provider, p->name);
				continue;
			}
		}
		if (tb_usdt_enable(u, p->provider, p->name, p->fn)) {
			tb_usdt_close(u);
			u = NULL;
		}
	}
	return u;
}

void tb_usdt_close(struct tb_usdt *u)
{
	if (!u)
		return;
	/* closing lowers every semaphore libbcc raised: raise again those handed to the kernel
	 * (whose uprobes, detached by now, already lowered them) so that the count stays right */
	for (int i = 0; i < u->nsems; i++)
		if (u->sems[i].handed_over)
			bcc_usdt_addsem_fully_specified_probe(u->ctx, u->sems[i].provider,
							      u->sems[i].name, u->sems[i].fn, 1);
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
	struct tb_usdt *usdt;
	bool ref_ctr;
	int err;
} attaching;

static struct tb_usdt_sem *sem_of(struct tb_usdt *u, const char *fn)
{
	for (int i = 0; i < u->nsems; i++)
		if (!strcmp(u->sems[i].fn, fn))
			return &u->sems[i];
	return NULL;
}

/* With the kernel's counter when the probe has a semaphore; a kernel that refuses it (another
 * tracer holds the same location without one) gets a plain uprobe, libbcc's raise staying. */
static int attach_with_semaphore(const char *binpath, uint64_t offset, pid_t pid, const char *fn)
{
	struct tb_usdt_sem *sem = sem_of(attaching.usdt, fn);
	char *said;
	int handle, err;

	if (!sem || !attaching.ref_ctr || sem->refused || sem->file_offset > UINT32_MAX)
		return tb_attach_uprobe(attaching.prog, binpath, NULL, offset, pid, fn, false);
	handle = tb_stderr_capture_begin();
	err = tb_attach_uprobe_ref(attaching.prog, binpath, NULL, offset, pid, fn, false,
				   (uint32_t)sem->file_offset);
	said = tb_stderr_capture_end(handle);
	free(said);
	if (!err) {
		sem->kernel_locations++;
		return 0;
	}
	tb_info("the kernel refused the reference counter for %s:%s (%s): its semaphore stays "
		"raised through /proc/PID/mem", sem->provider, sem->name, strerror(-err));
	sem->refused = true;
	return tb_attach_uprobe(attaching.prog, binpath, NULL, offset, pid, fn, false);
}

/* libbcc gives each location as a virtual address; uprobes take a file offset. They are the
 * same in most shared libraries and PIE, not in a non-PIE executable (Debian's python3.11). */
static void attach_location(const char *binpath, const char *fn, uint64_t addr, int pid)
{
	struct bcc_symbol sym = { 0 };
	pid_t target = attaching.usdt->pid > 0 ? attaching.usdt->pid : -1;
	uint64_t offset = addr;

	if (attaching.err)
		return;
	if (bcc_resolve_symname(binpath, NULL, addr, target, NULL, &sym) == 0) {
		offset = sym.offset;
		bcc_procutils_free(sym.module);
	} else {
		tb_warn("failed to translate USDT address 0x%llx of '%s' to a file offset: using "
			"it as is", (unsigned long long)addr, binpath);
	}
	attaching.err = attach_with_semaphore(binpath, offset, target, fn);
}

int tb_attach_usdt(struct tb_prog *prog)
{
	if (tb_interrupted())
		return -EINTR;
	attaching.ref_ctr = kernel_ref_ctr_supported();
	for (int i = 0; i < prog->nusdt; i++) {
		struct tb_usdt *u = prog->usdt[i];

		attaching.prog = prog;
		attaching.usdt = u;
		attaching.err = 0;
		bcc_usdt_foreach_uprobe(u->ctx, attach_location);
		if (attaching.err)
			return attaching.err;
		/* every location holds the semaphore now: undo libbcc's raise (or, where the kernel
		 * refused its counter after the raise was undone early, raise it again) */
		for (int s = 0; s < u->nsems; s++) {
			struct tb_usdt_sem *sem = &u->sems[s];
			bool kernel_holds = !sem->refused && sem->kernel_locations;

			if (sem->handed_over && !kernel_holds &&
			    bcc_usdt_addsem_fully_specified_probe(u->ctx, sem->provider, sem->name,
								  sem->fn, 1) == 0)
				sem->handed_over = false;
			if (!kernel_holds)
				continue;
			if (!sem->handed_over &&
			    bcc_usdt_addsem_fully_specified_probe(u->ctx, sem->provider, sem->name,
								  sem->fn, -1) == 0)
				sem->handed_over = true;
			if (sem->handed_over)
				tb_info("semaphore of %s:%s held by the kernel's uprobe reference "
					"counter", sem->provider, sem->name);
		}
	}
	return 0;
}
