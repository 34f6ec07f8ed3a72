/* Feature probes: tracefs, tracepoints, kprobes, uprobes, BTF, fentry and LSM, tried for real. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bcc/libbpf.h>
#include <linux/bpf.h>

#include "internal.h"
#include "tb_facts.h"
#include "tb_features.h"
#include "tb_log.h"
#include "tb_options.h"

static bool path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* libbcc looks under /sys/kernel/debug/tracing first, then /sys/kernel/tracing. Mount what is
 * missing (we are root), so that tracepoint formats and kprobe_events are reachable. */
const char *tb_tracefs(void)
{
	static const char *path;

	if (path)
		return path;
	if (path_exists("/sys/kernel/debug/tracing/events"))
		return path = "/sys/kernel/debug/tracing";
	if (path_exists("/sys/kernel/tracing/events"))
		return path = "/sys/kernel/tracing";
	if (!tb_common.no_mount) {
		if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0)
			tb_info("mounted tracefs at /sys/kernel/tracing");
		else
			tb_info("could not mount tracefs: %s", strerror(errno));
		if (!path_exists("/sys/kernel/debug/tracing") &&
		    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) == 0)
			tb_info("mounted debugfs at /sys/kernel/debug");
	}
	if (path_exists("/sys/kernel/debug/tracing/events"))
		return path = "/sys/kernel/debug/tracing";
	if (path_exists("/sys/kernel/tracing/events"))
		return path = "/sys/kernel/tracing";
	tb_warn("tracefs is not mounted: mount -t tracefs tracefs /sys/kernel/tracing");
	return path = "/sys/kernel/tracing";
}

bool tb_tracepoint_exists(const char *tp)
{
	char path[512];
	const char *colon = strchr(tp, ':');

	const char *hide = getenv("TRACEBOX_HIDE_TRACEPOINTS");
	size_t len = strlen(tp);

	if (!colon)
		return false;
	/* lets tests run a tool's fallback for kernels without a tracepoint (biosnoop's
	 * block_getrq where block_io_start is): "category:event[,category:event...]" */
	for (const char *h = hide; h && *h; h += strcspn(h, ",") + (h[strcspn(h, ",")] == ',')) {
		if (!strncmp(h, tp, len) && (h[len] == ',' || !h[len]))
			return false;
	}
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", tb_tracefs(), (int)(colon - tp), tp,
		 colon + 1);
	return path_exists(path);
}

bool tb_raw_tracepoint_exists(const char *tp)
{
	char path[512];
	FILE *f;
	char line[512];
	bool found = false;

	/* lets tests run a tool's fallback for kernels without raw tracepoints (before 4.17) */
	if (getenv("TRACEBOX_NO_RAW_TRACEPOINTS"))
		return false;
	/* tracefs lists the sched: events on 4.14-4.16 too: whether raw tracepoint programs
	 * load at all is a probed fact */
	if (!tb_facts()->raw_tracepoints)
		return false;
	/* every raw tracepoint is also a classic one in some category */
	snprintf(path, sizeof(path), "%s/available_events", tb_tracefs());
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (colon) {
			colon[1 + strcspn(colon + 1, "\n")] = 0;
			found = !strcmp(colon + 1, tp);
		}
	}
	fclose(f);
	return found;
}

bool tb_kprobes_supported(void)
{
	char path[256];

	if (path_exists("/sys/bus/event_source/devices/kprobe/type"))
		return true;
	snprintf(path, sizeof(path), "%s/kprobe_events", tb_tracefs());
	return path_exists(path);
}

int tb_ksym_addr(const char *name, unsigned long long *addr)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], type;
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (ret == -ENOENT && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", addr, &type, sym) == 3 && !strcmp(sym, name))
			ret = *addr ? 0 : -EPERM;
	fclose(f);
	return ret;
}

bool tb_ksym_exists(const char *name)
{
	unsigned long long addr;
	int err = tb_ksym_addr(name, &addr);

	return !err || err == -EPERM;
}

bool tb_kprobe_exists(const char *kfn)
{
	char path[256], line[512];
	FILE *f;
	bool found = false;

	if (!tb_kprobes_supported())
		return false;
	/* available_filter_functions lists what can be probed; fall back to kallsyms */
	snprintf(path, sizeof(path), "%s/available_filter_functions", tb_tracefs());
	f = fopen(path, "r");
	if (!f)
		return tb_ksym_exists(kfn);
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \n")] = 0;
		found = !strcmp(line, kfn);
	}
	fclose(f);
	return found;
}

bool tb_uprobes_supported(void)
{
	char path[256];

	if (path_exists("/sys/bus/event_source/devices/uprobe/type"))
		return true;
	snprintf(path, sizeof(path), "%s/uprobe_events", tb_tracefs());
	return path_exists(path);
}

bool tb_btf_present(void)
{
	return path_exists("/sys/kernel/btf/vmlinux");
}

/* A two-instruction program "r0 = 0; exit" loaded as fentry on a function every kernel has. */
static bool try_btf_prog(int type, const char *name, int *err)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd, attach_fd, capture;

	*err = 0;
	if (!tb_btf_present()) {
		*err = ENOENT;
		return false;
	}
	/* libbcc prints a failed load's reason itself: a probe should stay quiet */
	capture = tb_stderr_capture_begin();
	fd = bcc_prog_load(type, name, insns, sizeof(insns), "GPL", 0, 0, NULL, 0);
	*err = fd < 0 ? (errno ? errno : EINVAL) : 0;
	free(tb_stderr_capture_end(capture));
	if (fd < 0)
		return false;
	attach_fd = type == BPF_PROG_TYPE_LSM ? bpf_attach_lsm(fd) : bpf_attach_kfunc(fd);
	if (attach_fd < 0)
		*err = errno ? errno : EINVAL;
	else
		close(attach_fd);
	close(fd);
	return attach_fd >= 0;
}

bool tb_fentry_supported(int *err)
{
	return try_btf_prog(BPF_PROG_TYPE_TRACING, "kfunc__do_nanosleep", err);
}

/* The kernel's active LSMs ("lockdown,capability,bpf") from securityfs, mounted when missing
 * (unless --no-mount). 0, or -1 when the list cannot be read (no securityfs). */
int tb_active_lsms(char *buf, size_t len)
{
	static const char *const path = "/sys/kernel/security/lsm";
	FILE *f = fopen(path, "r");

	if (!f && errno == ENOENT && !tb_common.no_mount &&
	    mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL) == 0) {
		tb_info("mounted securityfs at /sys/kernel/security");
		f = fopen(path, "r");
	}
	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* "bpf" as a whole entry of the comma-separated list */
static bool lsm_listed(const char *lsms, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = lsms; (p = strstr(p, name)); p += n)
		if ((p == lsms || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

bool tb_lsm_supported(int *err)
{
	char lsms[512];

	/* no BTF first: booting with lsm=...,bpf would not help without it */
	if (!tb_btf_present()) {
		*err = ENOENT;
		return false;
	}
	/* without securityfs the load itself decides */
	if (tb_active_lsms(lsms, sizeof(lsms)) == 0 && !lsm_listed(lsms, "bpf")) {
		*err = EOPNOTSUPP;
		return false;
	}
	return try_btf_prog(BPF_PROG_TYPE_LSM, "lsm__file_open", err);
}

int tb_lsm_require(const char *hook)
{
	char lsms[512] = "?";
	int err;

	if (tb_lsm_supported(&err))
		return 0;
	if (err == ENOENT)
		tb_error("BPF LSM hook %s unavailable: BPF LSM needs kernel BTF and this kernel has "
			 "none (/sys/kernel/btf/vmlinux): use a kernel built with "
			 "CONFIG_DEBUG_INFO_BTF=y and CONFIG_BPF_LSM=y", hook);
	else if (err == EOPNOTSUPP && tb_active_lsms(lsms, sizeof(lsms)) == 0)
		tb_error("BPF LSM hook %s unavailable: BPF LSM is not active on this kernel (active "
			 "LSMs: %s): boot with lsm=%s,bpf on the kernel command line "
			 "(CONFIG_BPF_LSM=y needed)", hook, lsms, lsms);
	else
		tb_error("BPF LSM hook %s unavailable: this kernel refused a BPF LSM program: %s%s",
			 hook, strerror(err), tb_errno_hint(err));
	return -1;
}

static int read_cpu_list(const char *path, bool *mask, int max)
{
	FILE *f = fopen(path, "r");
	int a, b, n = 0, highest = -1;
	char sep;

	if (!f)
		return -1;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		n = fscanf(f, "%c", &sep);
		if (n == 1 && sep == '-') {
			if (fscanf(f, "%d", &b) != 1)
				break;
			n = fscanf(f, "%c", &sep);
		}
		for (int c = a; c <= b && c < max; c++)
			mask[c] = true;
		highest = b > highest ? b : highest;
		if (n != 1 || sep != ',')
			break;
	}
	fclose(f);
	return highest + 1;
}

#define TB_MAX_CPUS 4096

int tb_cpus_possible(void)
{
	static int n;
	bool mask[TB_MAX_CPUS] = { 0 };

	if (!n) {
		n = read_cpu_list("/sys/devices/system/cpu/possible", mask, TB_MAX_CPUS);
		if (n <= 0)
			n = sysconf(_SC_NPROCESSORS_CONF);
	}
	return n;
}

bool tb_cpu_online(int cpu)
{
	static bool mask[TB_MAX_CPUS];
	static int loaded;

	if (!loaded)
		loaded = read_cpu_list("/sys/devices/system/cpu/online", mask, TB_MAX_CPUS) > 0 ? 1 : -1;
	if (loaded < 0)
		return true;
	return cpu >= 0 && cpu < TB_MAX_CPUS && mask[cpu];
}

/* Loads "r1 = fp - 8; r2 = 8; r3 = 0; call func; exit" as a tracepoint program: the verifier
 * refuses unknown helpers with EINVAL, so this tells whether this kernel has `func`. */
bool tb_helper_supported(int func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_1, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_1, .imm = -8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = func },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int capture = tb_stderr_capture_begin(), fd;

	fd = bcc_prog_load(BPF_PROG_TYPE_TRACEPOINT, "tb_probe_helper", insns, sizeof(insns), "GPL",
			   0, 0, NULL, 0);
	free(tb_stderr_capture_end(capture));
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* BPF_F_STACK_BUILD_ID (4.17): stacks of build ids and offsets, symbolized with no process */
bool tb_stack_build_id_supported(void)
{
	int fd = bcc_create_map(BPF_MAP_TYPE_STACK_TRACE, "tb_probe_bid", 4,
				sizeof(struct bpf_stack_build_id), 1, BPF_F_STACK_BUILD_ID);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* CapEff from /proc/self/status: CAP_SYS_ADMIN (21), or CAP_BPF (39) with CAP_PERFMON (38). */
bool tb_have_bpf_privileges(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long caps = 0;
	char line[256];

	if (geteuid() == 0)
		return true;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	if (f)
		fclose(f);
	return (caps >> 21 & 1) || ((caps >> 39 & 1) && (caps >> 38 & 1));
}
