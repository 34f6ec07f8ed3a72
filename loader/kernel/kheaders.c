/* Choosing the kernel headers libbcc compiles against: the user's BCC_KERNEL_SOURCE, the
 * installed tree, kheaders, or a tree made from BTF; and saying which. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tb_kheaders.h"
#include "tb_log.h"

#define KHEADERS_TAR	"/sys/kernel/kheaders.tar.xz"
#define BTF_VMLINUX	"/sys/kernel/btf/vmlinux"

const char *tb_kheaders_kind_name(enum tb_kheaders_kind kind)
{
	switch (kind) {
	case TB_KHEADERS_ENV:
		return "BCC_KERNEL_SOURCE";
	case TB_KHEADERS_MODULES:
		return "installed headers";
	case TB_KHEADERS_KHEADERS:
		return "kheaders";
	case TB_KHEADERS_BTF:
		return "BTF-made headers";
	default:
		return "none";
	}
}

static bool mismatch(const char *version, const char *release)
{
	return version && *version && strcmp(version, release);
}

static void fill(struct tb_kheaders *out, enum tb_kheaders_kind kind, const char *path,
		 const char *version, const char *release)
{
	out->kind = kind;
	snprintf(out->path, sizeof(out->path), "%s", path ? path : "");
	snprintf(out->version, sizeof(out->version), "%s", version ? version : "");
	out->version_mismatch = mismatch(version, release);
}

enum tb_kheaders_kind tb_kheaders_select(const struct tb_kheaders_probe *p,
					 struct tb_kheaders *out)
{
	const char *release = p->release ? p->release : "";
	bool modules_off = p->modules_tree && mismatch(p->modules_version, release);

	memset(out, 0, sizeof(*out));
	if (p->env_path && *p->env_path)
		fill(out, TB_KHEADERS_ENV, p->env_path, p->env_version, release);
	else if (p->modules_tree && !(modules_off && p->btf))
		fill(out, TB_KHEADERS_MODULES, p->modules_path, p->modules_version, release);
	/* libbcc only falls back to kheaders when it finds no modules tree itself */
	else if (p->kheaders && !p->modules_tree)
		fill(out, TB_KHEADERS_KHEADERS, "", release, release);
	else if (p->btf)
		fill(out, TB_KHEADERS_BTF, "", release, release);
	else if (p->modules_tree)
		fill(out, TB_KHEADERS_MODULES, p->modules_path, p->modules_version, release);
	else
		fill(out, TB_KHEADERS_NONE, "", "", release);
	return out->kind;
}

static bool exists(const char *dir, const char *file)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s", dir, file);
	return !stat(path, &st);
}

/* First line of path, without its newline; false if unreadable or empty. */
static bool read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(out, len, f) != NULL;
	fclose(f);
	if (ok)
		out[strcspn(out, "\r\n")] = 0;
	return ok && *out;
}

void tb_kheaders_tree_version(const char *tree, char *out, size_t len)
{
	char path[4200], line[512], *q;
	FILE *f;

	*out = 0;
	snprintf(path, sizeof(path), "%s/include/generated/utsrelease.h", tree);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "#define UTS_RELEASE \"", 21) || !(q = strchr(line + 21, '"')))
			continue;
		snprintf(out, len, "%.*s", (int)(q - line - 21), line + 21);
		break;
	}
	if (f)
		fclose(f);
	if (*out)
		return;
	snprintf(path, sizeof(path), "%s/include/config/kernel.release", tree);
	if (!read_line(path, out, len))
		*out = 0;
}

/* What this machine offers; the buffers live in *b so probe can point into them. */
struct probe_buffers {
	char build[4096], source[4096], env_version[128], modules_version[128];
	struct utsname uts;
};

static void probe_machine(struct tb_kheaders_probe *probe, struct probe_buffers *b)
{
	const char *env = getenv("BCC_KERNEL_SOURCE");

	memset(probe, 0, sizeof(*probe));
	uname(&b->uts);
	probe->release = b->uts.release;
	if (env && !*env) {
		/* libbcc would take "" as a tree and look for headers in the current directory */
		unsetenv("BCC_KERNEL_SOURCE");
		env = NULL;
	}
	if (env) {
		tb_kheaders_tree_version(env, b->env_version, sizeof(b->env_version));
		probe->env_path = env;
		probe->env_version = b->env_version;
	}

	/* libbcc's own rule: source/ when build/ and source/ both exist (Debian splits them) */
	snprintf(b->build, sizeof(b->build), "/lib/modules/%s/build", b->uts.release);
	snprintf(b->source, sizeof(b->source), "/lib/modules/%s/source", b->uts.release);
	probe->modules_path = exists(b->build, "/.") && exists(b->source, "/.") ? b->source : b->build;
	probe->modules_tree = exists(b->build, "/include/linux/kconfig.h") ||
			      exists(b->source, "/include/linux/kconfig.h");
	/* the generated headers that carry the release live in build/ */
	tb_kheaders_tree_version(b->build, b->modules_version, sizeof(b->modules_version));
	if (!*b->modules_version)
		tb_kheaders_tree_version(b->source, b->modules_version, sizeof(b->modules_version));
	probe->modules_version = b->modules_version;
	probe->kheaders = exists(KHEADERS_TAR, "");
	probe->btf = exists(BTF_VMLINUX, "");
}

enum tb_kheaders_kind tb_kheaders_choose(struct tb_kheaders *out)
{
	struct tb_kheaders_probe probe;
	struct probe_buffers b;

	probe_machine(&probe, &b);
	return tb_kheaders_select(&probe, out);
}

int tb_kheaders_resolve(struct tb_kheaders *out)
{
	struct tb_kheaders_probe probe;
	struct probe_buffers b;
	struct utsname uts;
	const char *modules_path;
	char *modules_version;

	probe_machine(&probe, &b);
	uts = b.uts;
	/* libbcc compiles against the user's tree whatever it holds: one line now, rather than
	 * clang's errors about a missing kconfig.h later */
	if (probe.env_path && !exists(probe.env_path, "/include/linux/kconfig.h")) {
		tb_error("unusable kernel headers in BCC_KERNEL_SOURCE '%s': no "
			 "include/linux/kconfig.h there (point it at a kernel build tree, or unset it)",
			 probe.env_path);
		return -1;
	}
	modules_path = probe.modules_path;
	modules_version = b.modules_version;

	switch (tb_kheaders_select(&probe, out)) {
	case TB_KHEADERS_NONE:
		tb_error("no kernel headers for %s: install linux-headers-%s (apt-get install "
			 "linux-headers-$(uname -r)), or boot a kernel with BTF or CONFIG_IKHEADERS",
			 uts.release, uts.release);
		return -1;
	case TB_KHEADERS_BTF:
		if (!tb_btf_tree_ensure(tb_cache_root(), out->path, sizeof(out->path))) {
			setenv("BCC_KERNEL_SOURCE", out->path, 1);
			break;
		}
		if (!probe.modules_tree)
			return -1;
		/* the last resort: an installed tree for another kernel */
		tb_kheaders_select(&(struct tb_kheaders_probe){ .release = uts.release,
				   .modules_tree = true, .modules_path = modules_path,
				   .modules_version = modules_version }, out);
		break;
	default:
		/* ENV is the user's; MODULES and KHEADERS libbcc finds itself, and pointing
		 * BCC_KERNEL_SOURCE at a split build/ + source/ tree would lose one half */
		break;
	}

	tb_info("kernel headers: %s at %s (for %s)", tb_kheaders_kind_name(out->kind),
		out->kind == TB_KHEADERS_KHEADERS ? KHEADERS_TAR : out->path,
		*out->version ? out->version : "an unknown release");
	if (out->version_mismatch)
		tb_warn("kernel headers at '%s' are for %s, not the running %s: struct layouts may "
			"be wrong; %s", out->path, out->version, uts.release,
			out->kind == TB_KHEADERS_ENV ? "point BCC_KERNEL_SOURCE at the matching tree"
						     : "install the matching linux-headers package");
	return 0;
}
