/* Unit tests of kernel-header selection on made-up machines, and of the BTF tree's pure
 * helpers (.config lines, version codes, a tree's release). No root, no kernel state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tb_kheaders.h"

#define REL "6.18.44-fc-v595"

static enum tb_kheaders_kind pick(const struct tb_kheaders_probe *p, struct tb_kheaders *h)
{
	memset(h, 0x55, sizeof(*h)); /* select must not rely on a cleared output */
	return tb_kheaders_select(p, h);
}

static void test_select_env(void)
{
	struct tb_kheaders_probe p = { .release = REL, .env_path = "/src/linux",
				       .env_version = REL, .modules_tree = true,
				       .modules_path = "/lib/modules/" REL "/build",
				       .modules_version = REL, .kheaders = true, .btf = true };
	struct tb_kheaders h;

	CHECK_INT(pick(&p, &h), TB_KHEADERS_ENV);
	CHECK_STR(h.path, "/src/linux");
	CHECK_STR(h.version, REL);
	CHECK(!h.version_mismatch);

	p.env_version = "6.1.192";
	CHECK_INT(pick(&p, &h), TB_KHEADERS_ENV);
	CHECK(h.version_mismatch);
	CHECK_STR(h.version, "6.1.192");

	/* an unknown version is honoured without complaint */
	p.env_version = "";
	CHECK_INT(pick(&p, &h), TB_KHEADERS_ENV);
	CHECK(!h.version_mismatch);

	/* an empty BCC_KERNEL_SOURCE is no choice at all */
	p.env_path = "";
	CHECK_INT(pick(&p, &h), TB_KHEADERS_MODULES);
}

static void test_select_modules(void)
{
	struct tb_kheaders_probe p = { .release = REL, .modules_tree = true,
				       .modules_path = "/lib/modules/" REL "/source",
				       .modules_version = REL, .kheaders = true, .btf = true };
	struct tb_kheaders h;

	CHECK_INT(pick(&p, &h), TB_KHEADERS_MODULES);
	CHECK_STR(h.path, "/lib/modules/" REL "/source");
	CHECK_STR(h.version, REL);
	CHECK(!h.version_mismatch);

	/* a tree that does not say its version is taken as is */
	p.modules_version = "";
	CHECK_INT(pick(&p, &h), TB_KHEADERS_MODULES);
	CHECK(!h.version_mismatch);

	/* a tree for another kernel loses to BTF, even when kheaders exists: libbcc would pick
	 * the modules tree over kheaders by itself */
	p.modules_version = "6.1.192";
	CHECK_INT(pick(&p, &h), TB_KHEADERS_BTF);
	CHECK_STR(h.path, "");
	CHECK_STR(h.version, REL);
	CHECK(!h.version_mismatch);

	/* ... but is used, flagged, when nothing better exists */
	p.btf = false;
	CHECK_INT(pick(&p, &h), TB_KHEADERS_MODULES);
	CHECK(h.version_mismatch);
	CHECK_STR(h.version, "6.1.192");
	p.kheaders = false;
	CHECK_INT(pick(&p, &h), TB_KHEADERS_MODULES);
	CHECK(h.version_mismatch);
}

static void test_select_fallbacks(void)
{
	struct tb_kheaders_probe p = { .release = REL, .kheaders = true, .btf = true };
	struct tb_kheaders h;

	CHECK_INT(pick(&p, &h), TB_KHEADERS_KHEADERS);
	CHECK_STR(h.path, "");
	CHECK_STR(h.version, REL);
	CHECK(!h.version_mismatch);

	p.kheaders = false;
	CHECK_INT(pick(&p, &h), TB_KHEADERS_BTF);
	CHECK_STR(h.path, "");
	CHECK(!h.version_mismatch);

	p.btf = false;
	CHECK_INT(pick(&p, &h), TB_KHEADERS_NONE);
	CHECK_STR(h.path, "");
	CHECK(!h.version_mismatch);
}

static void test_kind_names(void)
{
	CHECK_STR(tb_kheaders_kind_name(TB_KHEADERS_NONE), "none");
	CHECK_STR(tb_kheaders_kind_name(TB_KHEADERS_ENV), "BCC_KERNEL_SOURCE");
	CHECK_STR(tb_kheaders_kind_name(TB_KHEADERS_KHEADERS), "kheaders");
	CHECK(strlen(tb_kheaders_kind_name(TB_KHEADERS_MODULES)) > 0);
	CHECK(strlen(tb_kheaders_kind_name(TB_KHEADERS_BTF)) > 0);
}

static void check_define(const char *line, int want_ret, const char *want)
{
	char out[256] = "";
	int ret = tb_kconfig_define(line, out, sizeof(out));

	CHECK_INT(ret, want_ret);
	if (want_ret > 0)
		CHECK_STR(out, want);
}

static void test_kconfig_define(void)
{
	char small[16];

	check_define("CONFIG_BPF_SYSCALL=y\n", 1, "#define CONFIG_BPF_SYSCALL 1\n");
	check_define("CONFIG_KHEADERS=m\n", 1, "#define CONFIG_KHEADERS_MODULE 1\n");
	check_define("CONFIG_HZ=250\n", 1, "#define CONFIG_HZ 250\n");
	check_define("CONFIG_PHYSICAL_START=0x1000000\n", 1,
		     "#define CONFIG_PHYSICAL_START 0x1000000\n");
	check_define("CONFIG_CMDLINE=\"a=b c\"\n", 1, "#define CONFIG_CMDLINE \"a=b c\"\n");
	check_define("CONFIG_LOCALVERSION=\"\"\r\n", 1, "#define CONFIG_LOCALVERSION \"\"\n");
	check_define("CONFIG_LAST=y", 1, "#define CONFIG_LAST 1\n");
	check_define("# CONFIG_KPROBES is not set\n", 0, NULL);
	check_define("#\n", 0, NULL);
	check_define("# General setup\n", 0, NULL);
	check_define("\n", 0, NULL);
	check_define("CONFIG_OFF=n\n", 0, NULL);
	check_define("CONFIG_EMPTY=\n", 0, NULL);
	check_define("NOT_CONFIG=y\n", 0, NULL);
	check_define("CONFIG_BAD NAME=y\n", 0, NULL);
	CHECK_INT(tb_kconfig_define("CONFIG_MUCH_TOO_LONG=y\n", small, sizeof(small)), -1);
}

static void test_version_code(void)
{
	CHECK_INT(tb_kernel_version_code(REL), (6 << 16) + (18 << 8) + 44);
	CHECK_INT(tb_kernel_version_code("6.1.192"), (6 << 16) + (1 << 8) + 192);
	CHECK_INT(tb_kernel_version_code("4.19.300-cip"), (4 << 16) + (19 << 8) + 255);
	CHECK_INT(tb_kernel_version_code("6.8"), (6 << 16) + (8 << 8));
	CHECK_INT(tb_kernel_version_code("6.10-rc1"), (6 << 16) + (10 << 8));
	CHECK_INT(tb_kernel_version_code("linux"), 0);
	CHECK_INT(tb_kernel_version_code(""), 0);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_tree_version(void)
{
	char dir[] = "/tmp/tb-test-kheaders-XXXXXX", path[512], v[128];

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	tb_kheaders_tree_version(dir, v, sizeof(v));
	CHECK_STR(v, "");

	snprintf(path, sizeof(path), "%s/include", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/include/config", dir);
	mkdir(path, 0755);
	put(dir, "include/config/kernel.release", "6.1.0-28-amd64\n");
	tb_kheaders_tree_version(dir, v, sizeof(v));
	CHECK_STR(v, "6.1.0-28-amd64");

	/* utsrelease.h wins: it is what the kernel was built with */
	snprintf(path, sizeof(path), "%s/include/generated", dir);
	mkdir(path, 0755);
	put(dir, "include/generated/utsrelease.h",
	    "/* generated */\n#define UTS_RELEASE \"6.1.192\"\n");
	tb_kheaders_tree_version(dir, v, sizeof(v));
	CHECK_STR(v, "6.1.192");

	/* a utsrelease.h without the define falls back to kernel.release */
	put(dir, "include/generated/utsrelease.h", "/* empty */\n");
	tb_kheaders_tree_version(dir, v, sizeof(v));
	CHECK_STR(v, "6.1.0-28-amd64");

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK_INT(system(path), 0);
}

static void test_cache_root(void)
{
	setenv("TRACEBOX_CACHE_DIR", "/tmp/tb-cache", 1);
	CHECK_STR(tb_cache_root(), "/tmp/tb-cache");
	setenv("TRACEBOX_CACHE_DIR", "", 1);
	CHECK_STR(tb_cache_root(), "/var/cache/tracebox");
	unsetenv("TRACEBOX_CACHE_DIR");
	CHECK_STR(tb_cache_root(), "/var/cache/tracebox");
}

int main(void)
{
	test_select_env();
	test_select_modules();
	test_select_fallbacks();
	test_kind_names();
	test_kconfig_define();
	test_version_code();
	test_tree_version();
	test_cache_root();
	return check_result("test_kheaders");
}
