/* Where libbcc finds kernel headers: the user's choice, the installed tree, kheaders, or a tree
 * synthesized from the running kernel's BTF. */
#ifndef TB_KHEADERS_H
#define TB_KHEADERS_H

#include <stdbool.h>
#include <stddef.h>

enum tb_kheaders_kind {
	TB_KHEADERS_NONE = 0,
	TB_KHEADERS_ENV,      /* BCC_KERNEL_SOURCE set by the user */
	TB_KHEADERS_MODULES,  /* /lib/modules/$(uname -r)/build (+ source) */
	TB_KHEADERS_KHEADERS, /* /sys/kernel/kheaders.tar.xz, extracted by libbcc */
	TB_KHEADERS_BTF,      /* synthesized from /sys/kernel/btf/vmlinux, cached */
};

struct tb_kheaders {
	enum tb_kheaders_kind kind;
	char path[4096];      /* tree given to libbcc as BCC_KERNEL_SOURCE ("" for kheaders) */
	char version[128];    /* release the tree says it is for, "" when unknown */
	bool version_mismatch;/* tree is for another kernel than uname -r */
};

/* What the machine offers, gathered once; the selection below is a pure function of it so
 * unit tests can feed it made-up machines. */
struct tb_kheaders_probe {
	const char *release;          /* uname -r */
	const char *env_path;         /* BCC_KERNEL_SOURCE or NULL */
	const char *env_version;      /* release of that tree, "" if unknown */
	bool modules_tree;            /* /lib/modules/R/build has include/linux/kconfig.h */
	const char *modules_path;
	const char *modules_version;
	bool kheaders;                /* /sys/kernel/kheaders.tar.xz present */
	bool btf;                     /* /sys/kernel/btf/vmlinux present */
};

/* Pure selection: fills *out (kind, path, version, version_mismatch) and returns the kind.
 * Order: env, modules (unless its version mismatches and BTF exists), kheaders, BTF,
 * mismatched modules as a last resort, none. */
enum tb_kheaders_kind tb_kheaders_select(const struct tb_kheaders_probe *probe,
					 struct tb_kheaders *out);

/* Probe this machine, select, synthesize the BTF tree when that is the choice, and export
 * BCC_KERNEL_SOURCE for libbcc. Returns 0, or -1 after printing one error line saying what to
 * install. Reports the choice with tb_info (-v) and mismatches with tb_warn. */
int tb_kheaders_resolve(struct tb_kheaders *out);

const char *tb_kheaders_kind_name(enum tb_kheaders_kind kind);

/* Build (or reuse) the BTF-made header tree for the running kernel under cache_root, every
 * file of it checked through fds first (a refused tree is rebuilt); without a usable cache
 * root, a private tree removed at exit. Writes the tree's path to out. 0 or -1 + error. */
int tb_btf_tree_ensure(const char *cache_root, char *out, size_t out_len);

/* Default cache root: $TRACEBOX_CACHE_DIR or /var/cache/tracebox. */
const char *tb_cache_root(void);
/* The cache root's fd (kept open, do not close), created if missing; -1 after one warning line
 * (said once) unless every directory on its path is root's and not group/other-writable and
 * the root itself has mode 0700 (loader/compile/trust.c): what is in it is trusted. */
int tb_cache_root_open(void);
/* Bumped whenever the BTF tree writer changes what it writes (part of cache keys). */
unsigned int tb_btf_tree_generation(void);

/* The probe and selection of tb_kheaders_resolve without building, exporting or reporting
 * anything: which headers a compile would use. Cheap (a few stat calls). */
enum tb_kheaders_kind tb_kheaders_choose(struct tb_kheaders *out);

/* Writes the BTF-made tree (without the cache's completion marker) into dir, created if
 * missing: for tests that build into a temporary directory. 0 or -1 + error. */
int tb_btf_tree_write(const char *dir);

/* Helpers exposed for unit tests. */

/* One .config line as an autoconf.h line ("CONFIG_X=y" -> "#define CONFIG_X 1\n", =m ->
 * CONFIG_X_MODULE, other values verbatim). 1 if written, 0 if the line defines nothing,
 * -1 if out is too small. */
int tb_kconfig_define(const char *line, char *out, size_t len);

/* LINUX_VERSION_CODE of a release such as "6.1.192-amd64" (patch level capped at 255), 0 if
 * it does not start with a.b. */
unsigned int tb_kernel_version_code(const char *release);

/* The release a kernel tree is for, from include/generated/utsrelease.h or
 * include/config/kernel.release; "" when neither says. */
void tb_kheaders_tree_version(const char *tree, char *out, size_t len);

#endif
