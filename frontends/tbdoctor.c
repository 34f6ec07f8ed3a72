/* tbdoctor: check, line by line, whether this machine can run tracebox's tools, trying each
 * attach kind for real, and say how to fix what is missing. */
#include <argp.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bcc/bcc_syms.h>
#include <bcc/libbpf.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>

#include "tbdoctor.h"
#include "tracebox.h"

/* NOTE: a kernel fact that tools work around (an older kernel's way), not a problem */
enum status { ST_OK, ST_WARN, ST_FAIL, ST_NOTE };

static struct env {
	bool json;
	bool no_compile;
	bool warm, wait;
	int verbose;
} env;

static int counts[4];
static bool essential_failed;

const char *argp_program_version = "tbdoctor (tracebox) 0.1";
static const char doc[] =
	"Check whether this machine can run tracebox's tools, and say how to fix what is missing.\n"
	"\n"
	"Each line is OK, NOTE (an older kernel's way, which the tools work around), WARN (works\n"
	"with limits) or FAIL, with a fix. Attach kinds are tried for real: a trivial program is\n"
	"loaded and attached, then removed. Then the kernel facts the BPF programs are compiled\n"
	"with, and one line per tool: whether it runs here, by which attach path, or why not.\n"
	"Exit status is 1 when something essential (privileges, bpf(), tracefs, kernel headers,\n"
	"compiling, tracepoints) fails.\n"
	"\n"
	"EXAMPLES:\n"
	"    tbdoctor            # check everything\n"
	"    tbdoctor --json     # one JSON object per check\n"
	"    tbdoctor --no-compile  # skip the (about 1 s) test compile\n"
	"    tbdoctor --warm     # compile every tool's program into the cache, in the background\n"
	"    tbdoctor --warm --wait  # the same, waiting, a line per tool";

enum { OPT_JSON = 0x100, OPT_NO_COMPILE, OPT_WARM, OPT_WAIT };

static const struct argp_option options[] = {
	{ "json", OPT_JSON, NULL, 0, "One JSON object per check", 0 },
	{ "no-compile", OPT_NO_COMPILE, NULL, 0, "Do not compile a test program with libbcc", 0 },
	{ "warm", OPT_WARM, NULL, 0, "Instead of checking, compile every tool that runs here into the "
				      "compile cache (at idle priority, in the background)", 0 },
	{ "wait", OPT_WAIT, NULL, 0, "With --warm: wait for it, and say how each compile went", 0 },
	{ "verbose", 'v', NULL, 0, "Also show what the loader says while checking", 0 },
	TB_OPTION_HELP_H,
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_JSON: env.json = true; break;
	case OPT_NO_COMPILE: env.no_compile = true; break;
	case OPT_WARM: env.warm = true; break;
	case OPT_WAIT: env.wait = true; break;
	case 'v': env.verbose++; break;
	case 'h': tb_argp_help(state); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, NULL, NULL, NULL };

/* One result line: "OK    name: what" and, unless OK, "      fix: how". */
static void report(enum status st, bool essential, const char *name, const char *fix,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report(enum status st, bool essential, const char *name, const char *fix,
		   const char *fmt, ...)
{
	static const char *const words[] = { "OK", "WARN", "FAIL", "NOTE" };
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	counts[st]++;
	if (st == ST_FAIL && essential)
		essential_failed = true;
	if (env.json) {
		printf("{\"check\":");
		tb_json_string(stdout, name);
		printf(",\"status\":\"%s\",\"essential\":%s,\"message\":", words[st],
		       essential ? "true" : "false");
		tb_json_string(stdout, msg);
		if (st != ST_OK && fix) {
			printf(",\"fix\":");
			tb_json_string(stdout, fix);
		}
		printf("}\n");
	} else {
		printf("%-5s %s: %s\n", words[st], name, msg);
		if (st != ST_OK && fix)
			printf("      fix: %s\n", fix);
	}
	fflush(stdout);
}

static bool read_first_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok = f && fgets(out, len, f);

	if (f)
		fclose(f);
	if (ok)
		out[strcspn(out, "\n")] = 0;
	return ok;
}

static bool path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* --- environment --- */

static void check_privileges(void)
{
	if (geteuid() == 0)
		report(ST_OK, true, "privileges", NULL, "running as root");
	else if (tb_have_bpf_privileges())
		report(ST_OK, true, "privileges", NULL, "CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)");
	else
		report(ST_FAIL, true, "privileges", "run the tools with sudo, or give them CAP_BPF,"
		       "CAP_PERFMON (setcap cap_bpf,cap_perfmon+ep TOOL)",
		       "not root and without CAP_BPF+CAP_PERFMON: loading BPF programs will fail");
}

static void check_bpf_syscall(void)
{
	int fd = bcc_create_map(BPF_MAP_TYPE_ARRAY, "tb_doctor", 4, 8, 1, 0);

	if (fd >= 0) {
		close(fd);
		report(ST_OK, true, "bpf()", NULL, "creating a BPF map works");
		return;
	}
	report(ST_FAIL, true, "bpf()", errno == EPERM ? "run as root; check "
	       "/proc/sys/kernel/unprivileged_bpf_disabled and seccomp/container limits" :
	       "use a kernel built with CONFIG_BPF_SYSCALL=y",
	       "creating a BPF map failed: %s", strerror(errno));
}

static void check_tracefs(void)
{
	bool tracefs = path_exists("/sys/kernel/tracing/events");
	bool debugfs_tracing = path_exists("/sys/kernel/debug/tracing/events");

	if (tracefs || debugfs_tracing)
		report(ST_OK, true, "tracefs", NULL, "mounted at %s",
		       debugfs_tracing ? "/sys/kernel/debug/tracing" : "/sys/kernel/tracing");
	else if (access("/sys/kernel/tracing", R_OK | X_OK) && errno == EACCES)
		report(ST_FAIL, true, "tracefs", "run as root",
		       "/sys/kernel/tracing is not readable by this user");
	else if (path_exists("/sys/kernel/tracing"))
		report(ST_WARN, false, "tracefs", "mount -t tracefs tracefs /sys/kernel/tracing",
		       "not mounted (tracebox's tools mount it themselves when run as root)");
	else
		report(ST_FAIL, true, "tracefs", "use a kernel with CONFIG_TRACING (tracepoints)",
		       "/sys/kernel/tracing does not exist: this kernel has no tracefs");
	if (path_exists("/sys/kernel/debug/tracing"))
		report(ST_OK, false, "debugfs", NULL, "mounted at /sys/kernel/debug");
	else if (access("/sys/kernel/debug", R_OK | X_OK) && errno == EACCES)
		report(ST_WARN, false, "debugfs", "run as root",
		       "/sys/kernel/debug is not readable by this user");
	else
		report(ST_WARN, false, "debugfs", "mount -t debugfs debugfs /sys/kernel/debug",
		       "not mounted (not needed when tracefs is; some older tools look there)");
}

static void check_headers(void)
{
	struct tb_kheaders h;
	struct utsname uts;

	uname(&uts);
	if (tb_kheaders_resolve(&h)) {
		report(ST_FAIL, true, "kernel headers", "apt-get install linux-headers-$(uname -r), "
		       "or boot a kernel with BTF (CONFIG_DEBUG_INFO_BTF) or CONFIG_IKHEADERS",
		       "none found for %s", uts.release);
		return;
	}
	if (h.version_mismatch)
		report(ST_WARN, false, "kernel headers", "install the headers of the running "
		       "kernel (linux-headers-$(uname -r)) or point BCC_KERNEL_SOURCE at them",
		       "%s at %s is for %s, not the running %s: struct layouts may be wrong",
		       tb_kheaders_kind_name(h.kind), h.path, h.version, uts.release);
	else
		report(ST_OK, true, "kernel headers", NULL, "%s at %s (%s)",
		       tb_kheaders_kind_name(h.kind),
		       h.kind == TB_KHEADERS_KHEADERS ? "/sys/kernel/kheaders.tar.xz" : h.path,
		       *h.version ? (strcmp(h.version, uts.release) ? h.version :
				     "matches uname -r") : "release unknown");
}

static void check_btf(void)
{
	if (tb_btf_present())
		report(ST_OK, false, "BTF", NULL, "/sys/kernel/btf/vmlinux present (headers can be "
		       "made from it; fentry and LSM programs need it)");
	else
		report(ST_WARN, false, "BTF", "install linux-headers-$(uname -r); a kernel built "
		       "with CONFIG_DEBUG_INFO_BTF=y also works without headers",
		       "no /sys/kernel/btf/vmlinux: kernel headers must be installed");
}

static void check_compile(void)
{
	/* a program that includes kernel headers, as the tools do */
	static const char source[] =
		"#include <linux/sched.h>\n"
		"BPF_HASH(seen, u32, u64);\n"
		"TRACEPOINT_PROBE(syscalls, sys_enter_getpid) {\n"
		"    struct task_struct *t = (struct task_struct *)bpf_get_current_task();\n"
		"    u32 pid = t->tgid; u64 one = 1;\n"
		"    seen.update(&pid, &one);\n"
		"    return 0;\n"
		"}\n";
	uint64_t start = tb_monotonic_ns();
	struct tb_prog *prog;

	if (env.no_compile)
		return;
	prog = tb_prog_compile(&(struct tb_prog_opts){ .source = source,
						       .source_name = "tbdoctor-test.bpf.c" });
	if (!prog) {
		report(ST_FAIL, true, "compile", "see the compiler errors above; check the kernel "
		       "headers line", "libbcc could not compile a small program");
		return;
	}
	report(ST_OK, true, "compile", NULL, "libbcc compiled a small program with kernel "
	       "headers in %.0f ms", (tb_monotonic_ns() - start) / 1e6);
	tb_prog_destroy(prog);
}

/* --- attach kinds, each tried for real --- */

/* "r0 = 0; exit" */
static int load_trivial(int type, const char *name)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int capture, fd;

	/* before 5.0 a kprobe program must carry the kernel's own LINUX_VERSION_CODE, which is
	 * not always uname's (stable kernels cap the sublevel): the vDSO's, from the facts */
	capture = tb_stderr_capture_begin();
	fd = bcc_prog_load(type, name, insns, sizeof(insns), "GPL", tb_facts()->version_code, 0,
			   NULL, 0);
	if (fd < 0) {
		int err = errno;

		free(tb_stderr_capture_end(capture));
		errno = err;
		return -1;
	}
	free(tb_stderr_capture_end(capture));
	return fd;
}

static void check_tracepoint(void)
{
	int prog = load_trivial(BPF_PROG_TYPE_TRACEPOINT, "tb_doctor_tp"), fd;

	if (prog < 0) {
		report(ST_FAIL, true, "tracepoint", "run as root", "loading a tracepoint program "
		       "failed: %s", strerror(errno));
		return;
	}
	tb_tracefs();
	fd = bpf_attach_tracepoint(prog, "syscalls", "sys_enter_getpid");
	if (fd < 0)
		fd = bpf_attach_tracepoint(prog, "sched", "sched_process_exec");
	if (fd < 0)
		report(ST_FAIL, true, "tracepoint", "mount tracefs; use a kernel with "
		       "CONFIG_FTRACE_SYSCALLS and CONFIG_TRACEPOINTS",
		       "attaching to syscalls:sys_enter_getpid failed: %s", strerror(errno));
	else
		report(ST_OK, true, "tracepoint", NULL, "attached to syscalls:sys_enter_getpid");
	if (fd >= 0)
		bpf_close_perf_event_fd(fd);
	close(prog);
}

static void check_raw_tracepoint(void)
{
	int prog = load_trivial(BPF_PROG_TYPE_RAW_TRACEPOINT, "tb_doctor_rawtp"), fd = -1;

	if (prog >= 0)
		fd = bpf_attach_raw_tracepoint(prog, "sched_process_exec");
	if (fd < 0)
		report(ST_WARN, false, "raw tracepoint", "tools fall back to classic tracepoints",
		       "not available: %s", strerror(errno));
	else
		report(ST_OK, false, "raw tracepoint", NULL, "attached to sched_process_exec");
	if (fd >= 0)
		close(fd);
	if (prog >= 0)
		close(prog);
}

static void check_kprobe(void)
{
	char fn[128], ev[64];
	int prog, fd;

	if (!tb_kprobes_supported()) {
		report(ST_WARN, false, "kprobe", "tools use tracepoints instead where they can; "
		       "for kprobes boot a kernel with CONFIG_KPROBES=y",
		       "unavailable: this kernel has no kprobes (no kprobe PMU, no kprobe_events)");
		return;
	}
	prog = load_trivial(BPF_PROG_TYPE_KPROBE, "tb_doctor_kp");
	if (prog < 0) {
		report(ST_WARN, false, "kprobe", NULL, "loading a kprobe program failed: %s",
		       strerror(errno));
		return;
	}
	tb_syscall_fnname("getpid", fn, sizeof(fn));
	snprintf(ev, sizeof(ev), "tb_doctor_%d", (int)getpid());
	fd = bpf_attach_kprobe(prog, BPF_PROBE_ENTRY, ev, fn, 0, 0);
	if (fd < 0) {
		report(ST_WARN, false, "kprobe", "check /sys/kernel/debug/kprobes/blacklist and "
		       "lockdown", "attaching to %s failed: %s", fn, strerror(errno));
	} else {
		report(ST_OK, false, "kprobe", NULL, "attached to %s", fn);
		bpf_close_perf_event_fd(fd);
		bpf_detach_kprobe(ev);
	}
	close(prog);
}

static void check_btf_kind(const char *name, bool (*probe)(int *err), const char *fix)
{
	int err = 0;

	if (probe(&err))
		report(ST_OK, false, name, NULL, "loaded and attached");
	else
		report(ST_WARN, false, name, fix, "unavailable: %s%s", strerror(err),
		       err == EPERM ? " (refused by this kernel even for root)" : "");
}

/* The uprobe target: a function of this very binary. */
__attribute__((noinline)) int tbdoctor_uprobe_target(int x);
__attribute__((noinline)) int tbdoctor_uprobe_target(int x)
{
	return x + 1;
}

/* The file mapped where that function is. Not /proc/self/exe: started through a dynamic
 * loader (the portable build does), that names the loader. */
static ssize_t target_file(char *buf, size_t len)
{
	unsigned long addr = (unsigned long)&tbdoctor_uprobe_target, lo, hi;
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4200];
	ssize_t n = -1;

	while (f && n < 0 && fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');

		if (path && sscanf(line, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) {
			path[strcspn(path, "\n")] = 0;
			n = snprintf(buf, len, "%s", path);
		}
	}
	if (f)
		fclose(f);
	return n;
}

static void check_uprobe(void)
{
	struct bcc_symbol sym = { 0 };
	char self[4096], ev[64];
	ssize_t n = target_file(self, sizeof(self));
	int prog, fd = -1;

	if (n <= 0 || !tb_uprobes_supported()) {
		report(ST_WARN, false, "uprobe", "use a kernel with CONFIG_UPROBE_EVENTS=y",
		       "unavailable: no uprobe PMU or uprobe_events");
		return;
	}
	prog = load_trivial(BPF_PROG_TYPE_KPROBE, "tb_doctor_up");
	if (prog < 0 ||
	    bcc_resolve_symname(self, "tbdoctor_uprobe_target", 0, -1, NULL, &sym) < 0) {
		report(ST_WARN, false, "uprobe", NULL, "could not prepare the test: %s",
		       prog < 0 ? strerror(errno) : "symbol not found");
		if (prog >= 0)
			close(prog);
		return;
	}
	snprintf(ev, sizeof(ev), "tb_doctor_u_%d", (int)getpid());
	fd = bpf_attach_uprobe(prog, BPF_PROBE_ENTRY, ev, sym.module, sym.offset, -1, 0);
	if (fd < 0) {
		report(ST_WARN, false, "uprobe", NULL, "attaching to %s failed: %s", self,
		       strerror(errno));
	} else {
		report(ST_OK, false, "uprobe", NULL, "attached to a function of %s", self);
		bpf_close_perf_event_fd(fd);
		bpf_detach_uprobe(ev);
	}
	bcc_procutils_free(sym.module);
	close(prog);
}

static void check_perf_event(void)
{
	int prog = load_trivial(BPF_PROG_TYPE_PERF_EVENT, "tb_doctor_pe"), fd = -1, capture, err;

	if (prog >= 0)
		fd = bpf_attach_perf_event(prog, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, 0, 49,
					   -1, 0, -1);
	if (fd < 0) {
		report(ST_WARN, false, "perf event", "check /proc/sys/kernel/perf_event_paranoid "
		       "and CONFIG_PERF_EVENTS", "cpu-clock sampling unavailable: %s",
		       strerror(errno));
	} else {
		report(ST_OK, false, "perf event", NULL, "attached to software cpu-clock on CPU 0");
		bpf_close_perf_event_fd(fd);
	}
	if (prog >= 0)
		close(prog);
	prog = load_trivial(BPF_PROG_TYPE_PERF_EVENT, "tb_doctor_hw");
	capture = tb_stderr_capture_begin(); /* libbcc prints its own perf_event_open error */
	fd = prog < 0 ? -1 : bpf_attach_perf_event(prog, PERF_TYPE_HARDWARE,
						   PERF_COUNT_HW_CPU_CYCLES, 1000000, 0, -1, 0, -1);
	err = errno;
	free(tb_stderr_capture_end(capture));
	errno = err;
	if (fd < 0)
		report(ST_WARN, false, "hardware counters", "tools that need them (llcstat...) "
		       "cannot run here; profile with cpu-clock", "cycles unavailable: %s",
		       strerror(errno));
	else
		report(ST_OK, false, "hardware counters", NULL, "cycles counter attached");
	if (fd >= 0)
		bpf_close_perf_event_fd(fd);
	if (prog >= 0)
		close(prog);
}

/* --- kernel settings --- */

static void check_lockdown(void)
{
	char line[256], *mode, *end;

	/* securityfs holds the lockdown mode and the LSM list (read by the LSM check too) */
	if (!path_exists("/sys/kernel/security/lsm") &&
	    mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL) == 0)
		tb_info("mounted securityfs at /sys/kernel/security");
	if (!read_first_line("/sys/kernel/security/lockdown", line, sizeof(line))) {
		report(ST_OK, false, "lockdown", NULL, "no lockdown LSM (nothing restricted)");
		return;
	}
	mode = strchr(line, '[');
	end = mode ? strchr(mode, ']') : NULL;
	if (!mode || !end) {
		report(ST_WARN, false, "lockdown", NULL, "unknown mode: %s", line);
		return;
	}
	*end = 0;
	mode++;
	if (!strcmp(mode, "none"))
		report(ST_OK, false, "lockdown", NULL, "none");
	else if (!strcmp(mode, "integrity"))
		report(ST_WARN, false, "lockdown", "boot with lockdown=none (or without Secure "
		       "Boot) if a tool needs to write user memory",
		       "integrity: bpf_probe_write_user is refused; reading memory works");
	else
		report(ST_FAIL, false, "lockdown", "boot with lockdown=integrity or none",
		       "%s: reading kernel memory from BPF is refused; most tools cannot work", mode);
}

static long read_long(const char *path, bool *ok)
{
	char line[64];

	*ok = read_first_line(path, line, sizeof(line));
	return *ok ? strtol(line, NULL, 10) : 0;
}

static void check_sysctls(void)
{
	bool ok;
	long v = read_long("/proc/sys/kernel/kptr_restrict", &ok);

	if (!ok)
		report(ST_WARN, false, "kptr_restrict", NULL, "unreadable");
	else if (v >= 2 || (v == 1 && geteuid() != 0))
		report(ST_WARN, false, "kptr_restrict", "sysctl kernel.kptr_restrict=0 (or 1 and "
		       "run as root)", "%ld: /proc/kallsyms shows zero addresses, so kernel stacks "
		       "cannot be named", v);
	else
		report(ST_OK, false, "kptr_restrict", NULL, "%ld: kernel addresses visible%s", v,
		       v == 1 ? " to root" : "");

	v = read_long("/proc/sys/kernel/perf_event_paranoid", &ok);
	if (!ok)
		report(ST_WARN, false, "perf_event_paranoid", NULL, "unreadable");
	else if (v > 1 && geteuid() != 0 && !tb_have_bpf_privileges())
		report(ST_WARN, false, "perf_event_paranoid", "sysctl kernel.perf_event_paranoid=1,"
		       " or run as root", "%ld: perf events limited for unprivileged users", v);
	else
		report(ST_OK, false, "perf_event_paranoid", NULL, "%ld%s", v,
		       v > 1 ? " (no limit for root / CAP_PERFMON)" : "");
}

static void check_memlock(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_MEMLOCK, &r)) {
		report(ST_WARN, false, "memlock", NULL, "getrlimit failed: %s", strerror(errno));
		return;
	}
	if (r.rlim_cur == RLIM_INFINITY)
		report(ST_OK, false, "memlock", NULL, "unlimited");
	else if (r.rlim_max == RLIM_INFINITY || geteuid() == 0)
		report(ST_OK, false, "memlock", NULL, "%llu KiB (libbcc raises it when a map "
		       "needs more; newer kernels charge BPF memory to the cgroup instead)",
		       (unsigned long long)r.rlim_cur / 1024);
	else
		report(ST_WARN, false, "memlock", "ulimit -l unlimited (or raise memlock in "
		       "/etc/security/limits.conf)", "%llu KiB and cannot be raised: large maps "
		       "may fail on kernels that count BPF memory against it",
		       (unsigned long long)r.rlim_cur / 1024);
}

void tbdoctor_report_tool(const char *tool, bool runs, const char *fmt, ...)
{
	char name[64], msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(name, sizeof(name), "tool %s", tool);
	report(runs ? ST_OK : ST_WARN, false, name, NULL, "%s", msg);
}

/* What the BPF programs are told about this kernel (programs/tb_bpf.h): probed, not guessed. */
static void fact_line(const char *name, bool ok, const char *text)
{
	char label[96];

	snprintf(label, sizeof(label), "fact: %s", name);
	report(ok ? ST_OK : ST_NOTE, false, label, NULL, "%s", text);
}

int tbdoctor_main(int argc, char **argv);
int tbdoctor_main(int argc, char **argv)
{
	struct utsname uts;

	tb_log_set_tool(argv[0]);
	if (tb_argp_parse(&argp, argc, argv))
		return 1;
	tb_log_set_verbosity(env.verbose);
	if (env.wait && !env.warm) {
		tb_error("--wait goes with --warm (tbdoctor --warm --wait)");
		return 1;
	}
	if (env.warm)
		return tbdoctor_warm(env.wait);
	uname(&uts);
	if (!env.json)
		printf("tracebox doctor: kernel %s %s\n", uts.release, uts.machine);
	check_privileges();
	check_bpf_syscall();
	check_tracefs();
	check_headers();
	check_btf();
	check_compile();
	check_tracepoint();
	check_raw_tracepoint();
	check_kprobe();
	check_btf_kind("fentry", tb_fentry_supported, "tools use kprobes or tracepoints instead; "
		       "fentry needs BTF and BPF trampolines (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)");
	check_uprobe();
	check_perf_event();
	check_lockdown();
	check_btf_kind("LSM", tb_lsm_supported, "boot with lsm=...,bpf (CONFIG_BPF_LSM=y)");
	check_sysctls();
	check_memlock();
	/* the facts probed only on demand (a kprobe watch) */
	tb_facts_unlinkat();
	tb_facts_tty_write();
	tb_facts_describe(tb_facts(), fact_line);
	tbdoctor_check_tools();
	if (!env.json)
		printf("\n%d OK, %d NOTE, %d WARN, %d FAIL%s\n", counts[ST_OK], counts[ST_NOTE],
		       counts[ST_WARN], counts[ST_FAIL], essential_failed ? ": tracing will not "
		       "work until the essential FAILs are fixed" : "");
	return essential_failed ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return tbdoctor_main(argc, argv);
}
#endif
