/* The compile cache: a compiled program's object (tb_object.h) saved under a key made of
 * everything that changes the compiler's output, so that a second start skips clang. Entries
 * live in <cache root>/objects, which only root can write; an entry that does not verify is
 * ignored and replaced, never used. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bcc/bcc_version.h>

#include "internal.h"
#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_options.h"

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

uint64_t tb_cache_key(const char *text, const struct tb_cflags *cflags)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ TB_CACHE_FORMAT;
	struct utsname uts;
	int32_t cpus = tb_cpus_possible();

	uname(&uts);
	h = hash_str(h, LIBBCC_VERSION);
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

static int objects_dir(char *out, size_t len)
{
	const char *root = tb_cache_root();

	if (tb_cache_root_check(root))
		return -1;
	snprintf(out, len, "%s/objects", root);
	if (mkdir(out, 0700) && errno != EEXIST)
		return -1;
	return 0;
}

struct tb_object *tb_cache_load(uint64_t key)
{
	char dir[4096], path[4200];
	struct tb_object *obj = NULL;
	struct stat st;
	void *data = NULL;
	int fd;

	if (objects_dir(dir, sizeof(dir)))
		return NULL;
	snprintf(path, sizeof(path), "%s/%016llx.tbo", dir, (unsigned long long)key);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	/* only what root wrote is trusted: the programs in it get loaded into the kernel */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022) ||
	    st.st_size <= 0 || st.st_size > TB_CACHE_MAX_ENTRY) {
		tb_warn("ignoring compile cache entry '%s': not a root-owned file writable only by "
			"root: compiling instead", path);
		goto out;
	}
	data = malloc(st.st_size);
	if (!data || read(fd, data, st.st_size) != st.st_size)
		goto out;
	obj = tb_object_deserialize(data, st.st_size, key);
	if (!obj)
		tb_warn("ignoring invalid compile cache entry '%s': compiling instead", path);
out:
	free(data);
	close(fd);
	return obj;
}

void tb_cache_store(uint64_t key, const struct tb_object *obj)
{
	char dir[4096], path[4200], tmp[4300];
	size_t len;
	void *data;
	int fd;

	if (objects_dir(dir, sizeof(dir)) || tb_object_serialize(obj, key, &data, &len))
		return;
	snprintf(path, sizeof(path), "%s/%016llx.tbo", dir, (unsigned long long)key);
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || fsync(fd) || rename(tmp, path)) {
		tb_info("could not save the compile cache entry '%s': %s", path, strerror(errno));
		unlink(tmp);
	}
	if (fd >= 0)
		close(fd);
	free(data);
}
