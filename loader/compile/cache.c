/* The compile cache: a compiled program's object (tb_object.h) saved under a key made of
 * everything that changes the compiler's output, so that a second start skips clang. Entries
 * live in <cache root>/objects, which only root can write (checked through fds: trust.c); an
 * entry that does not verify is ignored and replaced, never used. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bcc/bcc_version.h>

#include "compiler.h"
#include "internal.h"
#include "tb_elf.h"
#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_options.h"
#include "tb_trust.h"

#define TB_CACHE_FORMAT 1
#define TB_CACHE_MAX_ENTRY (64u << 20)

extern const char tb_btf_uapi_macros[];
extern const char tb_btf_extra_macros[];

static uint64_t hash_str(uint64_t h, const char *s)
{
	/* include the NUL so that ("ab","c") and ("a","bc") differ */
	return tb_fnv1a(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t hash_stat(uint64_t h, const char *dir, const char *file)
{
	char path[4200];
	struct stat st;
	uint64_t parts[3] = { 0 };

	snprintf(path, sizeof(path), "%s%s", dir, file);
	if (!stat(path, &st)) {
		parts[0] = st.st_size;
		parts[1] = st.st_mtim.tv_sec;
		parts[2] = st.st_ino;
	}
	return tb_fnv1a(h, parts, sizeof(parts));
}

/* Which kernel headers a compile would use, cheaply: their kind, place and release, plus the
 * size/time of the file that changes when they change. The BTF tree is made from the kernel's
 * BTF and config, which the kernel's build string and the tree's generator identify. */
static uint64_t hash_headers(uint64_t h)
{
	struct tb_kheaders kh;
	uint32_t kind = tb_kheaders_choose(&kh);

	h = tb_fnv1a(h, &kind, sizeof(kind));
	h = hash_str(h, kh.path);
	h = hash_str(h, kh.version);
	switch (kind) {
	case TB_KHEADERS_BTF: {
		uint32_t gen = tb_btf_tree_generation();
		h = tb_fnv1a(h, &gen, sizeof(gen));
		h = hash_str(h, tb_btf_uapi_macros);
		h = hash_str(h, tb_btf_extra_macros);
		return hash_stat(h, "/sys/kernel/btf/vmlinux", "");
	}
	case TB_KHEADERS_KHEADERS:
		return hash_stat(h, "/sys/kernel/kheaders.tar.xz", "");
	default:
		h = hash_stat(h, kh.path, "/include/generated/autoconf.h");
		h = hash_stat(h, kh.path, "/include/generated/utsrelease.h");
		return hash_stat(h, kh.path, "/.config");
	}
}

/* A file's identity: its build-id, else its size, time and inode. */
static uint64_t hash_file_id(uint64_t h, const char *path)
{
	unsigned char id[64];
	struct stat st;
	int n = path ? tb_elf_build_id(path, id, sizeof(id)) : -ENOENT;

	h = hash_str(h, path);
	if (n > 0)
		return tb_fnv1a(h, id, n);
	if (path && !stat(path, &st)) {
		uint64_t parts[3] = { st.st_size, st.st_mtim.tv_sec, st.st_ino };

		h = tb_fnv1a(h, parts, sizeof(parts));
	}
	return h;
}

/* The libbcc and clang this process would compile with, not the headers it was built against:
 * an upgraded libbcc or LLVM may compile the same source differently. The compiler half
 * (libbcc.so.0) is identified without loading it, by its file and the clang and LLVM
 * libraries it names; a static build with libbcc inside is identified by its own build-id. */
static uint64_t hash_libbcc(uint64_t h)
{
	static uint64_t id;
	const char *bpf = tb_libbcc_bpf_path(), *cc = tb_compiler_path();

	if (!id) {
		id = hash_str(0xcbf29ce484222325ULL, LIBBCC_VERSION);
		id = hash_file_id(id, bpf ? bpf : "/proc/self/exe");
		/* a bare name is for the dynamic loader to find: not a file to open here */
		id = hash_str(id, cc);
		id = hash_file_id(id, strchr(cc, '/') ? cc : NULL);
		for (int i = 0; i < 2 && strchr(cc, '/'); i++) {
			char name[256], *path;

			if (tb_elf_needed(cc, i ? "libLLVM" : "libclang", name, sizeof(name)))
				continue;
			path = tb_elf_needed_path(cc, i ? "libLLVM" : "libclang");
			id = hash_str(id, name); /* the soname carries the version */
			id = hash_file_id(id, path);
			free(path);
		}
	}
	return tb_fnv1a(h, &id, sizeof(id));
}

uint64_t tb_cache_compiler_headers_key(void)
{
	return hash_headers(hash_libbcc(0xcbf29ce484222325ULL ^ TB_CACHE_FORMAT));
}

uint64_t tb_cache_key(const char *text, const struct tb_cflags *cflags)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ TB_CACHE_FORMAT;
	struct utsname uts;
	int32_t cpus = tb_cpus_possible();

	uname(&uts);
	h = hash_libbcc(h);
	h = hash_str(h, uts.release);
	h = hash_str(h, uts.version);
	h = hash_str(h, uts.machine);
	/* perf event arrays are sized by the number of CPUs */
	h = tb_fnv1a(h, &cpus, sizeof(cpus));
	h = hash_headers(h);
	for (int i = 0; i < cflags->n; i++)
		h = hash_str(h, cflags->argv[i]);
	return hash_str(h, text);
}

/* <cache root>/objects, opened through the cache root's fd and checked like it (trust.c);
 * kept open. -1 after one warning line, said once. */
static int objects_dir(void)
{
	static int fd = -1, root = -1;
	struct tb_trust_why why;
	int root_fd = tb_cache_root_open();

	if (root_fd < 0)
		return -1;
	if (root_fd == root)
		return fd;
	root = root_fd;
	fd = tb_trust_openat_dir(root_fd, "objects", 0700, &why);
	if (fd < 0)
		tb_warn("refusing compile cache folder '%s/objects': %s (remove it, it is remade); "
			"compiling without the cache", tb_cache_root(), why.text);
	return fd;
}

static void entry_name(uint64_t key, char *out, size_t len)
{
	snprintf(out, len, "%016llx.tbo", (unsigned long long)key);
}

struct tb_object *tb_cache_load(uint64_t key)
{
	char name[64];
	struct tb_object *obj = NULL;
	struct tb_trust_why why;
	const char *invalid = NULL;
	struct stat st;
	void *data = NULL;
	int dfd = objects_dir(), fd;

	if (dfd < 0)
		return NULL;
	entry_name(key, name, sizeof(name));
	/* read through the fd that was checked, never re-opened by its path */
	fd = tb_trust_openat_file(dfd, name, &why);
	if (fd < 0) {
		if (why.text[0])
			tb_warn("refusing compile cache entry '%s/objects/%s': %s (only root may write "
				"the cache: remove the entry); compiling instead", tb_cache_root(),
				name, why.text);
		return NULL;
	}
	if (fstat(fd, &st) || st.st_size <= 0 || st.st_size > TB_CACHE_MAX_ENTRY) {
		invalid = "its size is out of bounds";
		goto out;
	}
	data = malloc(st.st_size);
	if (!data || read(fd, data, st.st_size) != st.st_size) {
		invalid = "it could not be read whole";
		goto out;
	}
	obj = tb_object_deserialize(data, st.st_size, key, &invalid);
out:
	if (!obj)
		tb_warn("ignoring invalid compile cache entry '%s/objects/%s': %s; compiling "
			"instead", tb_cache_root(), name, invalid ? invalid : "out of memory");
	free(data);
	close(fd);
	return obj;
}

void tb_cache_store(uint64_t key, const struct tb_object *obj)
{
	char name[64], tmp[96];
	size_t len;
	void *data;
	int dfd = objects_dir(), fd;

	if (dfd < 0 || tb_object_serialize(obj, key, &data, &len))
		return;
	entry_name(key, name, sizeof(name));
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", name, getpid());
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || fsync(fd) ||
	    renameat(dfd, tmp, dfd, name)) {
		tb_info("could not save the compile cache entry '%s/objects/%s': %s",
			tb_cache_root(), name, strerror(errno));
		unlinkat(dfd, tmp, 0);
	}
	if (fd >= 0)
		close(fd);
	free(data);
}
