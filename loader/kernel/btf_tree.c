/* A kernel header tree synthesized from the running kernel's BTF, so libbcc can compile on
 * machines without kernel headers; built once per kernel into a root-only cache. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <zlib.h>

#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_trust.h"

#define BTF_VMLINUX	"/sys/kernel/btf/vmlinux"
#define MARKER		".complete"
#define STANDIN		"include/tb/standin.h"
/* Bump whenever the tree's content changes, so caches made by older versions are not reused. */
#define TREE_GENERATION	2

/* Embedded at build time (see CMakeLists.txt). */
extern const char tb_btf_uapi_macros[];
extern const char tb_btf_extra_macros[];
extern const char tb_btf_header_names[];

/* libbcc force-includes this before its own bpf.h and helpers.h: it brings every kernel type
 * from BTF, then the macros BTF lacks. The macros come after vmlinux.h so that a uapi macro
 * named like a BTF enum constant (IPPROTO_TCP...) cannot break the enum's definition. */
static const char kconfig_h[] =
	"/* Stand-in for the kernel's kconfig.h, made from BTF by tracebox. */\n"
	"#ifndef _TB_LINUX_KCONFIG_H\n"
	"#define _TB_LINUX_KCONFIG_H\n"
	"#include <generated/autoconf.h>\n"
	"#define __LITTLE_ENDIAN 1234\n"
	"/* IS_BUILTIN(CONFIG_X) is 1 when autoconf.h defines CONFIG_X as 1: the placeholder turns\n"
	" * \"1\" into \"0,\", which shifts the 1 into the picked argument; anything else picks 0. */\n"
	"#define __TB_PLACEHOLDER_1 0,\n"
	"#define __tb_second_arg(ignored, val, ...) val\n"
	"#define __tb_pick(arg_or_junk) __tb_second_arg(arg_or_junk 1, 0)\n"
	"#define __tb_defined(val) __tb_pick(__TB_PLACEHOLDER_##val)\n"
	"#define __is_defined(x) __tb_defined(x)\n"
	"#define IS_BUILTIN(option) __is_defined(option)\n"
	"#define IS_MODULE(option) __is_defined(option##_MODULE)\n"
	"#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))\n"
	"#define IS_REACHABLE(option) \\\n"
	"\t(IS_BUILTIN(option) || (IS_MODULE(option) && __is_defined(MODULE)))\n"
	"/* a compile may give the kernel types its program reaches alone (btf_prune.c) */\n"
	"#ifdef TB_VMLINUX_H\n"
	"#include TB_VMLINUX_H\n"
	"#else\n"
	"#include <tb/vmlinux.h>\n"
	"#endif\n"
	"/* libbcc's own copy of uapi bpf.h would redefine what vmlinux.h has */\n"
	"#define _UAPI__LINUX_BPF_H__\n"
	"#include <tb/uapi_macros.h>\n"
	"#include <tb/extra_macros.h>\n"
	"#endif\n";

static const char page_h[] =
	"/* Stand-in for asm/page.h, made by tracebox: x86 pages are 4 KiB. */\n"
	"#ifndef PAGE_SHIFT\n#define PAGE_SHIFT 12\n#endif\n"
	"#ifndef PAGE_SIZE\n#define PAGE_SIZE (1UL << PAGE_SHIFT)\n#endif\n";

/* helpers.h sizes stack-trace maps with roundup_pow_of_two(): it must fold to a constant,
 * which clang does for __builtin_clzl of a constant. */
static const char log2_h[] =
	"/* Stand-in for linux/log2.h, made by tracebox: the constant-foldable part. */\n"
	"#ifndef _TB_LINUX_LOG2_H\n#define _TB_LINUX_LOG2_H\n"
	"#define ilog2(n) ((int)(sizeof(unsigned long) * 8 - 1) - "
	"__builtin_clzl((unsigned long)(n)))\n"
	"#define is_power_of_2(n) ((n) != 0 && (((n) & ((n) - 1)) == 0))\n"
	"#define roundup_pow_of_two(n) \\\n"
	"\t((unsigned long)(n) <= 1 ? 1UL : 1UL << (ilog2((unsigned long)(n) - 1) + 1))\n"
	"#define rounddown_pow_of_two(n) (1UL << ilog2(n))\n"
	"#define order_base_2(n) ((n) > 1 ? ilog2((n) - 1) + 1 : 0)\n"
	"#endif\n";

static const char standin_h[] =
	"/* Stand-in made by tracebox: the kernel's types come from BTF (include/tb/vmlinux.h). */\n";

/* Files written with their own content; the header-name list must not overwrite them. */
static const char *const generated[] = {
	"include/linux/kconfig.h", "include/linux/version.h", "include/linux/log2.h",
	"arch/x86/include/asm/page.h", "include/generated/autoconf.h",
};

unsigned int tb_btf_tree_generation(void)
{
	return TREE_GENERATION;
}

const char *tb_cache_root(void)
{
	const char *dir = getenv("TRACEBOX_CACHE_DIR");

	return dir && *dir ? dir : "/var/cache/tracebox";
}

unsigned int tb_kernel_version_code(const char *release)
{
	unsigned int a = 0, b = 0, c = 0;

	if (sscanf(release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

int tb_kconfig_define(const char *line, char *out, size_t len)
{
	size_t name_len = strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
	const char *val = line + name_len + 1;
	size_t val_len;
	int n;

	/* "# CONFIG_X is not set", comments and blank lines start with something else */
	if (strncmp(line, "CONFIG_", 7) || line[name_len] != '=')
		return 0;
	val_len = strcspn(val, "\r\n");
	if (val_len == 0 || (val_len == 1 && *val == 'n'))
		return 0;
	if (val_len == 1 && *val == 'y')
		n = snprintf(out, len, "#define %.*s 1\n", (int)name_len, line);
	else if (val_len == 1 && *val == 'm')
		n = snprintf(out, len, "#define %.*s_MODULE 1\n", (int)name_len, line);
	else
		n = snprintf(out, len, "#define %.*s %.*s\n", (int)name_len, line, (int)val_len, val);
	return n < 0 || (size_t)n >= len ? -1 : 1;
}

/* The running kernel's configuration: gzopen also reads an uncompressed file, so
 * /boot/config-R serves when the kernel lacks CONFIG_IKCONFIG_PROC. */
static const char *config_path(const char *release, char *buf, size_t len)
{
	snprintf(buf, len, "/boot/config-%s", release);
	return access("/proc/config.gz", R_OK) ? buf : "/proc/config.gz";
}

/* Folds a file's bytes into an FNV-1a hash; a missing file adds nothing. */
static int hash_file(const char *path, uint64_t *h, bool required)
{
	unsigned char buf[1 << 16];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && !required)
		return 0;
	if (fd < 0) {
		tb_error("failed to open '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			*h = (*h ^ buf[i]) * 0x100000001b3ULL;
	if (n < 0)
		tb_error("failed to read '%s': %s", path, strerror(errno));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* Names the tree after everything it is made of: the generator's version and embedded data,
 * the BTF blob and the configuration. A rebuilt kernel with the same release gets a new tree. */
static int tree_key(const char *release, char *key, size_t len)
{
	const char *parts[] = { tb_btf_uapi_macros, tb_btf_extra_macros, tb_btf_header_names };
	uint64_t h = 0xcbf29ce484222325ULL ^ TREE_GENERATION;
	char boot[512];

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	if (hash_file(BTF_VMLINUX, &h, true) ||
	    hash_file(config_path(release, boot, sizeof(boot)), &h, false))
		return -1;
	snprintf(key, len, "btf-%s-%016llx", release, (unsigned long long)h);
	return 0;
}

/* Creates every missing directory above path (relative to dfd). */
static int make_parents(int dfd, const char *path)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *s = strchr(dir, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdirat(dfd, dir, 0755) && errno != EEXIST) {
			tb_error("failed to create directory '%s': %s", dir, strerror(errno));
			return -1;
		}
		*s = '/';
	}
	return 0;
}

/* Writes head, body and tail to path under dfd (body may be NULL). */
static int write_file(int dfd, const char *path, const char *head, const char *body,
		      const char *tail)
{
	const char *parts[] = { head, body, tail };
	int fd, err = 0;

	if (make_parents(dfd, path))
		return -1;
	fd = openat(dfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		tb_error("failed to create header '%s': %s", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < 3 && !err; i++) {
		size_t left = parts[i] ? strlen(parts[i]) : 0;
		const char *p = parts[i];

		while (left && !err) {
			ssize_t n = write(fd, p, left);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				err = -1;
			else
				p += n, left -= n;
		}
	}
	if (close(fd) && !err)
		err = -1;
	if (err)
		tb_error("failed to write header '%s': %s", path, strerror(errno));
	return err;
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

/* The C dump of every BTF type, as bpftool's "format c" but without its
 * preserve_access_index pragma: libbcc cannot process CO-RE relocations. */
static int write_vmlinux_h(int dfd)
{
	struct btf_dump *dump = NULL;
	struct btf *btf;
	FILE *f = NULL;
	int fd, err = -1;
	__s32 id;
	__u32 n;

	btf = btf__parse(BTF_VMLINUX, NULL);
	if (!btf) {
		tb_error("failed to parse BTF '%s': %s", BTF_VMLINUX, strerror(errno));
		return -1;
	}
	if (make_parents(dfd, "include/tb/vmlinux.h"))
		goto cleanup;
	fd = openat(dfd, "include/tb/vmlinux.h", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		tb_error("failed to create header 'include/tb/vmlinux.h': %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		goto cleanup;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	dump = btf_dump__new(btf, dump_printf, f, NULL);
	if (!dump) {
		tb_error("failed to dump BTF '%s': %s", BTF_VMLINUX, strerror(errno));
		goto cleanup;
	}
	fprintf(f, "/* Every type of the running kernel, dumped from %s by tracebox. */\n"
		   "#ifndef _TB_VMLINUX_H\n#define _TB_VMLINUX_H\n\n", BTF_VMLINUX);
	n = btf__type_cnt(btf);
	for (id = 1; id < (__s32)n; id++) {
		if (btf_dump__dump_type(dump, id)) {
			tb_error("failed to dump BTF type %d of '%s': %s", id, BTF_VMLINUX,
				 strerror(errno));
			goto cleanup;
		}
	}
	/* file-name buffers in many tools: 40 since 6.14, 32 before (extra_macros.h) */
	id = btf__find_by_name_kind(btf, "shortname_store", BTF_KIND_UNION);
	if (id > 0)
		fprintf(f, "\n#define DNAME_INLINE_LEN %u\n", btf__type_by_id(btf, id)->size);
	fprintf(f, "\n#endif\n");
	err = 0;
cleanup:
	if (f && fclose(f) && !err) {
		tb_error("failed to write header 'include/tb/vmlinux.h': %s", strerror(errno));
		err = -1;
	}
	btf_dump__free(dump);
	btf__free(btf);
	return err;
}

/* CONFIG_* macros, as the kernel build's autoconf.h has them. */
static int write_autoconf_h(int dfd, const char *release)
{
	char boot[512], line[16384], def[16500];
	const char *path = config_path(release, boot, sizeof(boot));
	gzFile gz = NULL;
	FILE *f = NULL;
	int fd, err = -1;

	if (make_parents(dfd, "include/generated/autoconf.h"))
		return -1;
	fd = openat(dfd, "include/generated/autoconf.h", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		tb_error("failed to create header 'include/generated/autoconf.h': %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fprintf(f, "/* Kernel configuration, from %s by tracebox. */\n", path);
	gz = gzopen(path, "rb");
	if (!gz)
		tb_warn("no kernel configuration (/proc/config.gz or %s): CONFIG_* macros are "
			"missing from the BTF-made headers", boot);
	while (gz && gzgets(gz, line, sizeof(line))) {
		if (tb_kconfig_define(line, def, sizeof(def)) > 0)
			fputs(def, f);
	}
	/* libbcc's helpers.h needs it; a kernel that exposes BTF and runs BPF has it anyway */
	fprintf(f, "#ifndef CONFIG_BPF_SYSCALL\n#define CONFIG_BPF_SYSCALL 1\n#endif\n");
	err = 0;
	if (gz)
		gzclose(gz);
	if (fclose(f)) {
		tb_error("failed to write header 'include/generated/autoconf.h': %s",
			 strerror(errno));
		err = -1;
	}
	return err;
}

static int write_version_h(int dfd, const char *release)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "/* Made by tracebox from the running kernel's release, %s. */\n"
		 "#ifndef _TB_LINUX_VERSION_H\n#define _TB_LINUX_VERSION_H\n"
		 "#define LINUX_VERSION_CODE %u\n"
		 "#define KERNEL_VERSION(a, b, c) "
		 "(((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))\n#endif\n",
		 release, tb_kernel_version_code(release));
	return write_file(dfd, "include/linux/version.h", text, NULL, NULL);
}

static bool is_generated(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(generated) / sizeof(generated[0]); i++)
		if (strlen(generated[i]) == len && !strncmp(generated[i], name, len))
			return true;
	return false;
}

/* Every kernel header a BCC program may include becomes a hard link to one comment-only file:
 * the includes resolve, the types come from vmlinux.h, and 3,000 names cost one inode. */
static int write_standins(int dfd)
{
	char name[4096], last_dir[4096] = "";
	const char *line, *next;

	if (write_file(dfd, STANDIN, standin_h, NULL, NULL))
		return -1;
	for (line = tb_btf_header_names; *line; line = next) {
		size_t len = strcspn(line, "\n");
		char *slash;

		next = line[len] ? line + len + 1 : line + len;
		if (!len || *line == '#' || len >= sizeof(name) || is_generated(line, len))
			continue;
		memcpy(name, line, len);
		name[len] = 0;
		/* names are sorted, so most share the previous one's directory */
		slash = strrchr(name, '/');
		if (slash && (strncmp(last_dir, name, slash - name) || last_dir[slash - name])) {
			if (make_parents(dfd, name))
				return -1;
			snprintf(last_dir, sizeof(last_dir), "%.*s", (int)(slash - name), name);
		}
		if (!linkat(dfd, STANDIN, dfd, name, 0) || errno == EEXIST)
			continue;
		/* a file system without hard links (or out of them) gets copies */
		if (write_file(dfd, name, standin_h, NULL, NULL))
			return -1;
	}
	return 0;
}

int tb_btf_tree_write(const char *dir)
{
	struct utsname uts;
	int dfd, err = -1;

	uname(&uts);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		tb_error("failed to create directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		tb_error("failed to open directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (write_vmlinux_h(dfd) || write_autoconf_h(dfd, uts.release) ||
	    write_file(dfd, "include/linux/kconfig.h", kconfig_h, NULL, NULL) ||
	    write_version_h(dfd, uts.release) ||
	    write_file(dfd, "include/linux/log2.h", log2_h, NULL, NULL) ||
	    write_file(dfd, "arch/x86/include/asm/page.h", page_h, NULL, NULL) ||
	    write_file(dfd, "include/tb/uapi_macros.h",
		       "/* uapi constants (cc -E -dM), embedded by tracebox. */\n"
		       "#ifndef _TB_UAPI_MACROS_H\n#define _TB_UAPI_MACROS_H\n",
		       tb_btf_uapi_macros, "#endif\n") ||
	    write_file(dfd, "include/tb/extra_macros.h",
		       "#ifndef _TB_EXTRA_MACROS_H\n#define _TB_EXTRA_MACROS_H\n",
		       tb_btf_extra_macros, "#endif\n") ||
	    write_standins(dfd))
		goto cleanup;
	err = 0;
cleanup:
	close(dfd);
	return err;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) && errno != ENOENT ? -1 : 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The cache root, opened by tb_trust_open_dir (docs/security.md): root's own, mode 0700, on a
 * path only root can change. Opened once per process; a refusal is said once. */
int tb_cache_root_open(void)
{
	static char opened[4096];
	static int fd = -1;
	const char *root = tb_cache_root();
	struct tb_trust_why why;
	struct stat st;

	if (!strcmp(opened, root))
		return fd;
	if (fd >= 0)
		close(fd);
	snprintf(opened, sizeof(opened), "%s", root);
	fd = tb_trust_open_dir(root, 0700, &why);
	/* 0700: the trees and entries in it are nobody else's business either */
	if (fd >= 0 && !fstat(fd, &st) && (st.st_mode & 07777) != 0700) {
		snprintf(why.text, sizeof(why.text), "its mode is %04o, not 0700",
			 (unsigned)(st.st_mode & 07777));
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		tb_warn("refusing cache directory '%s': %s (make every directory on its path root's "
			"and not group/other-writable, the last one mode 0700, or set "
			"TRACEBOX_CACHE_DIR elsewhere); working without the cache", root, why.text);
	return fd;
}

/* The tree at name under the cache root, checked through fds before libbcc gets its path:
 * complete, and every directory and file in it root's and writable by root alone. 1 when
 * usable, 0 when missing or unfinished, -1 when refused (why says why). */
static int tree_usable(int root_fd, const char *name, struct tb_trust_why *why)
{
	int fd, marker, ok = 0;

	fd = tb_trust_openat_dir(root_fd, name, 0, why);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	marker = tb_trust_openat_file(fd, MARKER, why);
	if (marker >= 0) {
		close(marker);
		ok = tb_trust_check_tree(fd, why) ? -1 : 1;
	} else if (why->text[0]) {
		ok = -1;
	}
	close(fd);
	return ok;
}

/* Builds beside the final place and renames into it, so no tool ever sees half a tree. */
static int build_tree(int root_fd, const char *cache_root, const char *key, const char *tree)
{
	char tmp[4096], tmp_name[512];
	struct tb_trust_why why;
	int fd, err = -1;

	tb_info("building kernel headers from BTF in '%s'", tree);
	snprintf(tmp_name, sizeof(tmp_name), ".tmp-%s-%d", key, (int)getpid());
	snprintf(tmp, sizeof(tmp), "%s/%s", cache_root, tmp_name);
	remove_tree(tmp);
	if (tb_btf_tree_write(tmp))
		goto cleanup;
	fd = openat(root_fd, tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		int marker = openat(fd, MARKER, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);

		if (marker >= 0)
			close(marker);
		close(fd);
		fd = marker;
	}
	if (fd < 0) {
		tb_error("failed to create marker '%s/" MARKER "': %s", tmp, strerror(errno));
		goto cleanup;
	}
	err = renameat(root_fd, tmp_name, root_fd, key);
	if (err && (errno == EEXIST || errno == ENOTEMPTY)) {
		/* another tracebox won the race: use its tree; or replace one left unfinished */
		if (tree_usable(root_fd, key, &why) > 0) {
			err = 0;
		} else {
			remove_tree(tree);
			err = renameat(root_fd, tmp_name, root_fd, key);
		}
	}
	if (err)
		tb_error("failed to rename header tree '%s': %s", tmp, strerror(errno));
cleanup:
	remove_tree(tmp); /* nothing left to remove once renamed */
	return err ? -1 : 0;
}

static char private_tree[64];

static void remove_private_tree(void)
{
	remove_tree(private_tree);
}

/* Without a usable cache root, a tree of this process's own in a fresh directory (mkdtemp
 * makes it 0700, ours, in root's sticky /tmp: nobody else can change it), removed at exit. */
static int build_private_tree(char *out, size_t out_len)
{
	struct tb_trust_why why;
	int fd;

	if (!private_tree[0]) {
		snprintf(private_tree, sizeof(private_tree), "/tmp/tracebox-btf.XXXXXX");
		if (!mkdtemp(private_tree)) {
			tb_error("failed to create a directory for kernel headers in /tmp: %s",
				 strerror(errno));
			private_tree[0] = 0;
			return -1;
		}
		atexit(remove_private_tree);
		fd = tb_trust_open_dir(private_tree, 0, &why);
		if (fd < 0) {
			tb_error("refusing kernel header directory '%s': %s", private_tree, why.text);
			return -1;
		}
		close(fd);
		tb_info("building kernel headers from BTF in '%s' (removed at exit)", private_tree);
		if (tb_btf_tree_write(private_tree))
			return -1;
	}
	snprintf(out, out_len, "%s", private_tree);
	return 0;
}

int tb_btf_tree_ensure(const char *cache_root, char *out, size_t out_len)
{
	char key[256], tree[4096];
	struct tb_trust_why why;
	struct utsname uts;
	int n, root_fd, usable;

	uname(&uts);
	if (tree_key(uts.release, key, sizeof(key)))
		return -1;
	root_fd = tb_cache_root_open();
	if (root_fd < 0)
		return build_private_tree(out, out_len);
	n = snprintf(tree, sizeof(tree), "%s/%s", cache_root, key);
	if (n < 0 || (size_t)n >= sizeof(tree) || (size_t)n >= out_len) {
		tb_error("failed to use cache directory '%s': %s", cache_root, strerror(ENAMETOOLONG));
		return -1;
	}
	/* libbcc gets the path, not an fd: it stays what was checked because every directory
	 * from / to it is root's and writable by root alone (docs/security.md) */
	usable = tree_usable(root_fd, key, &why);
	if (usable < 0) {
		tb_warn("refusing kernel header tree '%s': %s (rebuilding it; if this repeats, find "
			"who changes files under %s)", tree, why.text, cache_root);
		remove_tree(tree);
	}
	if (usable <= 0 && build_tree(root_fd, cache_root, key, tree))
		return -1;
	snprintf(out, out_len, "%s", tree);
	return 0;
}
