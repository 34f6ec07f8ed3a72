/* Attaching loaded BPF functions by kind, and undoing every attachment. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bcc/bcc_proc.h>
#include <bcc/bcc_syms.h>
#include <bcc/libbpf.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#include "internal.h"
#include "tb_facts.h"
#include "tb_features.h"
#include "tb_log.h"

static void detach_one(struct tb_link *link)
{
	switch (link->kind) {
	case TB_LINK_PERF:
		bpf_close_perf_event_fd(link->fd);
		break;
	case TB_LINK_FD:
		close(link->fd);
		break;
	case TB_LINK_KPROBE:
		bpf_close_perf_event_fd(link->fd);
		/* removes the kprobe_events entry only when one was created */
		bpf_detach_kprobe(link->ev_name);
		break;
	case TB_LINK_UPROBE:
		bpf_close_perf_event_fd(link->fd);
		bpf_detach_uprobe(link->ev_name);
		break;
	}
}

int tb_prog_add_link(struct tb_prog *prog, enum tb_link_kind kind, int fd, const char *ev_name,
		     const char *what)
{
	struct tb_link *link, undo = { .kind = kind, .fd = fd };

	if (prog->nlinks == prog->links_cap) {
		/* the bound keeps cap * 2 an int; no tool attaches a million probes */
		int cap = prog->links_cap ? prog->links_cap * 2 : 16;
		struct tb_link *links = cap <= TB_MAX_LINKS ?
			realloc(prog->links, cap * sizeof(*links)) : NULL;

		if (!links) {
			/* nothing would detach it later: undo the attachment now, tracefs entry
			 * included, rather than leave it in the kernel */
			snprintf(undo.ev_name, sizeof(undo.ev_name), "%s", ev_name ? ev_name : "");
			detach_one(&undo);
			tb_error("failed to record %s: %s", what, strerror(ENOMEM));
			return -ENOMEM;
		}
		prog->links = links;
		prog->links_cap = cap;
	}
	link = &prog->links[prog->nlinks++];
	link->kind = kind;
	link->fd = fd;
	snprintf(link->ev_name, sizeof(link->ev_name), "%s", ev_name ? ev_name : "");
	snprintf(link->what, sizeof(link->what), "%s", what);
	tb_info("attached %s", what);
	return 0;
}

static void *detach_thread(void *link)
{
	detach_one(link);
	return NULL;
}

/* Closing a tracepoint's perf event waits for RCU grace periods (~75 ms here); closing them
 * from parallel threads lets the waits overlap, so Ctrl-C returns in one wait instead of one
 * per tracepoint. A link whose thread cannot start is closed right away. */
void tb_prog_detach_all(struct tb_prog *prog)
{
	uint64_t start = tb_monotonic_ns();
	int n = prog->nlinks;
	pthread_t *threads = calloc(n ? n : 1, sizeof(*threads));
	bool *started = calloc(n ? n : 1, sizeof(*started));

	for (int i = n - 1; i >= 0; i--) {
		if (threads && started)
			started[i] = !pthread_create(&threads[i], NULL, detach_thread, &prog->links[i]);
		if (!started || !started[i])
			detach_one(&prog->links[i]);
	}
	for (int i = n - 1; i >= 0 && started; i--)
		if (started[i])
			pthread_join(threads[i], NULL);
	free(threads);
	free(started);
	prog->nlinks = 0;
	if (n)
		tb_info("detached %d probes in %.1f ms", n, (tb_monotonic_ns() - start) / 1e6);
}

int tb_prog_attach_count(const struct tb_prog *prog)
{
	return prog ? prog->nlinks : 0;
}

static int split_tracepoint(const char *tp, char *category, char *event, size_t len)
{
	const char *colon = strchr(tp, ':');

	if (!colon || colon == tp || !colon[1] || (size_t)(colon - tp) >= len ||
	    strlen(colon + 1) >= len) {
		tb_error("invalid tracepoint '%s': expected CATEGORY:EVENT", tp);
		return -EINVAL;
	}
	snprintf(category, len, "%.*s", (int)(colon - tp), tp);
	snprintf(event, len, "%s", colon + 1);
	return 0;
}

/* A stop asked for while starting (Ctrl-C during a cold compile, or between attaches): no
 * more attaching; the tool's cleanup then detaches what was attached. Said once. */
int tb_interrupted(void)
{
	static bool said;

	if (!tb_should_stop())
		return 0;
	if (!said)
		tb_info("interrupted while starting: detaching what was attached");
	said = true;
	return -EINTR;
}

int tb_attach_tracepoint(struct tb_prog *prog, const char *tp, const char *fn)
{
	char category[128], event[128], what[160];
	int progfd, fd, err, capture;

	if (tb_interrupted())
		return -EINTR;

	err = split_tracepoint(tp, category, event, sizeof(category));
	if (err)
		return err;
	if (!tb_tracepoint_exists(tp)) {
		tb_error("failed to attach tracepoint '%s': no such tracepoint on this kernel "
			 "(list them with: ls %s/events/%s)", tp, tb_tracefs(), category);
		return -ENOENT;
	}
	progfd = tb_prog_load_fn(prog, fn, BPF_PROG_TYPE_TRACEPOINT);
	if (progfd < 0)
		return progfd;
	/* libbcc prints the failed ioctl itself: the line below says it with its cause */
	capture = tb_stderr_capture_begin();
	fd = bpf_attach_tracepoint(progfd, category, event);
	err = fd < 0 ? (errno ? errno : EINVAL) : 0;
	free(tb_stderr_capture_end(capture));
	if (fd < 0) {
		/* before 4.15 a tracepoint takes one BPF program, machine-wide */
		tb_error("failed to attach tracepoint '%s': %s%s", tp, strerror(err),
			 err == EEXIST ? " (another BPF program is attached to it, and this kernel "
			 "allows one per tracepoint: Linux 4.15 allows several; stop the other "
			 "tracer)" : tb_errno_hint(err));
		return -err;
	}
	snprintf(what, sizeof(what), "tracepoint %s", tp);
	return tb_prog_add_link(prog, TB_LINK_PERF, fd, NULL, what);
}

int tb_attach_raw_tracepoint(struct tb_prog *prog, const char *tp, const char *fn)
{
	char what[160];
	int progfd, fd, err;

	if (tb_interrupted())
		return -EINTR;

	progfd = tb_prog_load_fn(prog, fn, BPF_PROG_TYPE_RAW_TRACEPOINT);
	if (progfd < 0)
		return progfd;
	fd = bpf_attach_raw_tracepoint(progfd, tp);
	if (fd < 0) {
		err = errno ? errno : EINVAL;
		tb_error("failed to attach raw tracepoint '%s': %s%s", tp, strerror(err),
			 err == ENOENT ? " (no such tracepoint on this kernel)" : tb_errno_hint(err));
		return -err;
	}
	snprintf(what, sizeof(what), "raw tracepoint %s", tp);
	return tb_prog_add_link(prog, TB_LINK_FD, fd, NULL, what);
}

/* Event names must be unique per process and valid tracefs names. */
static void event_name(char *out, size_t len, const char *prefix, const char *name, uint64_t off)
{
	size_t n = snprintf(out, len, "tb_%s_%s_0x%llx", prefix, name, (unsigned long long)off);

	for (size_t i = 0; i < n && i < len; i++)
		if (!isalnum((unsigned char)out[i]) && out[i] != '_')
			out[i] = '_';
}

/* The pid in an event name libbcc made in tracefs for one of ours: "tb_..._bcc_<pid>". */
static pid_t stale_event_pid(const char *name)
{
	const char *tail = strrchr(name, '_');
	char *end;
	long pid;

	if (strncmp(name, "tb_", 3) || !tail || tail - name < 4 || strncmp(tail - 4, "_bcc", 4))
		return 0;
	pid = strtol(tail + 1, &end, 10);
	return end != tail + 1 && !*end && pid > 0 ? (pid_t)pid : 0;
}

/* Kernels before 4.17 have no kprobe/uprobe PMU: probes are named entries in tracefs'
 * kprobe_events and uprobe_events, which a tool killed with SIGKILL leaves behind (its perf
 * fds go, the entries stay). The first attach of a run removes those of processes that are
 * gone, and says so. */
static void remove_stale_probe_events(const char *file)
{
	char path[512], line[1024], gone[1024] = "";
	char *names[256];
	int n = 0, removed = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tb_tracefs(), file);
	f = fopen(path, "r");
	if (!f)
		return;
	while (n < 256 && fgets(line, sizeof(line), f)) {
		/* "p:kprobes/NAME target" or "r:uprobes/NAME target" */
		char *slash = strchr(line, '/'), *name = slash ? slash + 1 : NULL;
		pid_t pid;

		if (!name || line[1] != ':')
			continue;
		name[strcspn(name, " \n")] = 0;
		pid = stale_event_pid(name);
		if (pid && kill(pid, 0) && errno == ESRCH) {
			names[n] = NULL;
			if (asprintf(&names[n], "-:%s", line + 2) > 0)
				n++;
		}
	}
	fclose(f);
	for (int i = 0; i < n; i++) {
		int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

		if (fd >= 0 && write(fd, names[i], strlen(names[i])) == (ssize_t)strlen(names[i])) {
			removed++;
			if (strlen(gone) + strlen(names[i]) + 2 < sizeof(gone))
				strcat(strcat(gone, " "), names[i] + 2);
		}
		if (fd >= 0)
			close(fd);
		free(names[i]);
	}
	if (removed)
		tb_warn("removed %d %s entr%s left by tracebox processes that were killed:%s", removed,
			file, removed == 1 ? "y" : "ies", gone);
}

static void tidy_legacy_probes(void)
{
	static bool done;
	const struct tb_facts *f = tb_facts();

	if (done)
		return;
	done = true;
	if (!f->kprobe_pmu)
		remove_stale_probe_events("kprobe_events");
	if (!f->uprobe_pmu)
		remove_stale_probe_events("uprobe_events");
}

/* libbcc's legacy path (no probe PMU, or the PMU refused) writes the tracefs entry before
 * attaching to it and leaves it when that attach fails: remove it, quietly (it says so on
 * stderr when there is no such file or entry to remove). */
static void remove_failed_probe(const char *ev, bool uprobe)
{
	int capture = tb_stderr_capture_begin();

	if (uprobe)
		bpf_detach_uprobe(ev);
	else
		bpf_detach_kprobe(ev);
	free(tb_stderr_capture_end(capture));
}

int tb_attach_kprobe(struct tb_prog *prog, const char *kfn, const char *fn, bool retprobe)
{
	char ev[128], what[160];
	int progfd, fd, err;

	if (tb_interrupted())
		return -EINTR;

	if (!tb_kprobes_supported()) {
		tb_error("failed to attach %s '%s': this kernel has no kprobes (CONFIG_KPROBES is "
			 "off); use a tracepoint instead", retprobe ? "kretprobe" : "kprobe", kfn);
		return -EOPNOTSUPP;
	}
	progfd = tb_prog_load_fn(prog, fn, BPF_PROG_TYPE_KPROBE);
	if (progfd < 0)
		return progfd;
	tidy_legacy_probes();
	event_name(ev, sizeof(ev), retprobe ? "r" : "p", kfn, 0);
	fd = bpf_attach_kprobe(progfd, retprobe ? BPF_PROBE_RETURN : BPF_PROBE_ENTRY, ev, kfn, 0, 0);
	if (fd < 0) {
		err = errno ? errno : EINVAL;
		remove_failed_probe(ev, false);
		tb_error("failed to attach %s '%s': %s%s", retprobe ? "kretprobe" : "kprobe", kfn,
			 strerror(err), err == ENOENT || err == EINVAL ?
			 " (no such function, or it cannot be probed: inlined or blacklisted)" :
			 tb_errno_hint(err));
		return -err;
	}
	snprintf(what, sizeof(what), "%s %s", retprobe ? "kretprobe" : "kprobe", kfn);
	return tb_prog_add_link(prog, TB_LINK_KPROBE, fd, ev, what);
}

static int attach_btf_prog(struct tb_prog *prog, const char *fn, int type, const char *kind)
{
	char what[160];
	int progfd, fd, err;

	if (tb_interrupted())
		return -EINTR;

	if (!tb_btf_present()) {
		tb_error("failed to attach %s '%s': it needs kernel BTF, and this kernel has none "
			 "(/sys/kernel/btf/vmlinux)", kind, fn);
		return -EOPNOTSUPP;
	}
	progfd = tb_prog_load_fn(prog, fn, type);
	if (progfd < 0)
		return progfd;
	fd = type == BPF_PROG_TYPE_LSM ? bpf_attach_lsm(progfd) : bpf_attach_kfunc(progfd);
	if (fd < 0) {
		err = errno ? errno : EINVAL;
		tb_error("failed to attach %s '%s': %s%s", kind, fn, strerror(err), tb_errno_hint(err));
		return -err;
	}
	snprintf(what, sizeof(what), "%s %s", kind, fn);
	return tb_prog_add_link(prog, TB_LINK_FD, fd, NULL, what);
}

int tb_attach_kfunc(struct tb_prog *prog, const char *fn)
{
	return attach_btf_prog(prog, fn, BPF_PROG_TYPE_TRACING,
			       strncmp(fn, "kretfunc__", 10) ? "fentry" : "fexit");
}

int tb_attach_lsm(struct tb_prog *prog, const char *fn)
{
	return attach_btf_prog(prog, fn, BPF_PROG_TYPE_LSM, "LSM program");
}

bool tb_uprobe_has_symbol(const char *binary, const char *symbol, pid_t pid)
{
	struct bcc_symbol sym = { 0 };

	if (bcc_resolve_symname(binary, symbol, 0x0, pid > 0 ? pid : -1, NULL, &sym) < 0)
		return false;
	bcc_procutils_free(sym.module);
	return true;
}

int tb_attach_uprobe(struct tb_prog *prog, const char *binary, const char *symbol,
		     uint64_t offset, pid_t pid, const char *fn, bool retprobe)
{
	return tb_attach_uprobe_ref(prog, binary, symbol, offset, pid, fn, retprobe, 0);
}

int tb_attach_uprobe_ref(struct tb_prog *prog, const char *binary, const char *symbol,
			 uint64_t offset, pid_t pid, const char *fn, bool retprobe,
			 uint32_t ref_ctr_offset)
{
	const char *kind = retprobe ? "uretprobe" : "uprobe";
	struct bcc_symbol sym = { 0 };
	char ev[128], what[160], *path = NULL;
	int progfd, fd, err;

	if (tb_interrupted())
		return -EINTR;
	if (symbol) {
		if (bcc_resolve_symname(binary, symbol, 0x0, pid > 0 ? pid : -1, NULL, &sym) < 0) {
			tb_error("failed to attach %s '%s:%s': no such binary or symbol (list "
				 "symbols with: nm -D %s)", kind, binary, symbol, binary);
			return -ENOENT;
		}
		path = strdup(sym.module);
		offset += sym.offset;
		bcc_procutils_free(sym.module);
	} else {
		path = strchr(binary, '/') ? strdup(binary) : bcc_procutils_which_so(binary, 0);
	}
	if (!path || access(path, R_OK)) {
		tb_error("failed to attach %s to '%s': no such binary", kind, binary);
		free(path);
		return -ENOENT;
	}
	progfd = tb_prog_load_fn(prog, fn, BPF_PROG_TYPE_KPROBE);
	if (progfd < 0) {
		free(path);
		return progfd;
	}
	tidy_legacy_probes();
	event_name(ev, sizeof(ev), retprobe ? "r" : "p", path, offset);
	fd = bpf_attach_uprobe(progfd, retprobe ? BPF_PROBE_RETURN : BPF_PROBE_ENTRY, ev, path,
			       offset, pid > 0 ? pid : -1, ref_ctr_offset);
	if (fd < 0) {
		err = errno ? errno : EINVAL;
		remove_failed_probe(ev, true);
		tb_error("failed to attach %s '%s:%s': %s%s", kind, path, symbol ? symbol : "",
			 strerror(err), tb_errno_hint(err));
		free(path);
		return -err;
	}
	snprintf(what, sizeof(what), "%s %s:%s+0x%llx", kind, path, symbol ? symbol : "",
		 (unsigned long long)offset);
	free(path);
	return tb_prog_add_link(prog, TB_LINK_UPROBE, fd, ev, what);
}

int tb_attach_perf_event(struct tb_prog *prog, uint32_t type, uint64_t config,
			 uint64_t sample_period, uint64_t sample_freq, pid_t pid, int cpu,
			 const char *fn)
{
	int ncpus = tb_cpus_possible();
	char what[160];
	int progfd, err;

	if (tb_interrupted())
		return -EINTR;
	progfd = tb_prog_load_fn(prog, fn, BPF_PROG_TYPE_PERF_EVENT);
	if (progfd < 0)
		return progfd;
	for (int c = 0; c < ncpus; c++) {
		int fd;

		if ((cpu >= 0 && c != cpu) || !tb_cpu_online(c))
			continue;
		fd = bpf_attach_perf_event(progfd, type, config, sample_period, sample_freq,
					   pid > 0 ? pid : -1, c, -1);
		if (fd < 0) {
			err = errno ? errno : EINVAL;
			tb_error("failed to attach perf event type %u config %llu on CPU %d: %s%s",
				 type, (unsigned long long)config, c, strerror(err),
				 err == ENOENT ? " (no such event: this machine may have no "
						 "hardware counters; use a software event)" :
				 tb_errno_hint(err));
			return -err;
		}
		snprintf(what, sizeof(what), "perf event %u:%llu on CPU %d", type,
			 (unsigned long long)config, c);
		err = tb_prog_add_link(prog, TB_LINK_PERF, fd, NULL, what);
		if (err)
			return err;
	}
	return 0;
}

const char *tb_syscall_fnname(const char *name, char *out, size_t len)
{
	static const char *const prefixes[] = { "__x64_sys_", "__arm64_sys_", "__s390x_sys_",
						"sys_" };
	char probe[160];

	/* the prefix is the first one under which a known syscall exists in kallsyms */
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(probe, sizeof(probe), "%sbpf", prefixes[i]);
		if (tb_ksym_exists(probe)) {
			snprintf(out, len, "%s%s", prefixes[i], name);
			return out;
		}
	}
	snprintf(out, len, "sys_%s", name);
	return out;
}
