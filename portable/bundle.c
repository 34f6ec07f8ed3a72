/* Finding the payload, trusting the unpacked copy, and making it: extracted into a fresh
 * directory next to its final name, verified (zstd's checksum, the whole payload consumed, the
 * archive's end reached), synced, then renamed into place, so a directory under the final name
 * is always complete. Only root-owned directories that nobody else can write are used: tracebox
 * runs as root and executes what is in them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

#include "bundle.h"
#include "plog.h"
#include "untar.h"

#define STAMP ".complete" /* written last, holding the id */

int tb_bundle_open(struct tb_bundle *b)
{
	char t[TB_BUNDLE_TRAILER_LEN + 1] = { 0 };
	unsigned long long off, size;
	const char *root = getenv("TRACEBOX_CACHE_DIR");
	struct stat st;
	ssize_t n;
	int fd;

	n = readlink("/proc/self/exe", b->self, sizeof(b->self) - 1);
	if (n <= 0) {
		tb_plog("failed to find the tracebox file '/proc/self/exe': %s (is /proc mounted?)",
			strerror(errno));
		return -1;
	}
	b->self[n] = 0;
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || st.st_size < TB_BUNDLE_TRAILER_LEN ||
	    pread(fd, t, TB_BUNDLE_TRAILER_LEN, st.st_size - TB_BUNDLE_TRAILER_LEN) !=
		    TB_BUNDLE_TRAILER_LEN) {
		tb_plog("failed to read the tracebox file '%s': %s", b->self,
			errno ? strerror(errno) : "too short");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (sscanf(t, "TBBUNDLE1 %llu %llu %16[0-9a-f]", &off, &size, b->id) != 3 ||
	    strlen(b->id) != 16 || off + size + TB_BUNDLE_TRAILER_LEN != (unsigned long long)st.st_size) {
		tb_plog("failed to read the tracebox file '%s': it carries no bundle (a launcher "
			"built alone? build dist/tracebox with scripts/build-portable.sh)", b->self);
		return -1;
	}
	b->offset = off;
	b->size = size;
	snprintf(b->root, sizeof(b->root), "%s", root && *root ? root : "/var/cache/tracebox");
	snprintf(b->dir, sizeof(b->dir), "%s/portable-%s", b->root, b->id);
	return 0;
}

/* A directory only root can change: root-owned, not writable by group or others, not a link. */
static bool trusted_dir(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISDIR(st.st_mode) && st.st_uid == 0 && !(st.st_mode & 022);
}

static bool unpacked(const struct tb_bundle *b)
{
	char stamp[4300];
	struct stat st;

	snprintf(stamp, sizeof(stamp), "%s/" STAMP, b->dir);
	return trusted_dir(b->dir) && !lstat(stamp, &st) && S_ISREG(st.st_mode) && st.st_uid == 0;
}

/* The same rule as the loader's (tb_cache_root_check): root-owned, mode 0700. */
static int root_ready(const char *root)
{
	char dir[4096];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", root);
	if (geteuid() != 0) {
		tb_plog("failed to use cache directory '%s': %s (tracebox runs as root: its tools "
			"load BPF programs)", root, strerror(EPERM));
		return -1;
	}
	if (lstat(dir, &st)) { /* the first run on this machine: make it */
		for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
			*s = 0;
			mkdir(dir, 0755);
			*s = '/';
		}
		if (mkdir(dir, 0700) && errno != EEXIST) {
			tb_plog("failed to create cache directory '%s': %s (%s)", root,
				strerror(errno), geteuid() ? "tracebox runs as root"
							   : "set TRACEBOX_CACHE_DIR to another place");
			return -1;
		}
		lstat(dir, &st);
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 07777) != 0700) {
		tb_plog("refusing cache directory '%s': must be owned by root with mode 0700 (chown "
			"root: and chmod 0700 it, or set TRACEBOX_CACHE_DIR)", root);
		return -1;
	}
	return 0;
}

/* rm -r without following links: the tree may be half-made or not ours. */
static void remove_tree(int parent, const char *name)
{
	struct dirent *e;
	DIR *d;
	int fd;

	if (!unlinkat(parent, name, 0) || errno == ENOENT)
		return;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			remove_tree(dirfd(d), e->d_name);
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
}

static int unpack(const struct tb_bundle *b, int dirfd, struct tb_untar *u)
{
	size_t in_cap = 1 << 20, out_cap = ZSTD_DStreamOutSize(), ret = 1;
	unsigned char *in = malloc(in_cap), *out = malloc(out_cap);
	ZSTD_DCtx *z = ZSTD_createDCtx();
	uint64_t done = 0;
	int self, err = -1;

	self = open(b->self, O_RDONLY | O_CLOEXEC);
	if (self < 0 || !in || !out || !z) {
		tb_plog("failed to open the tracebox file '%s': %s", b->self, strerror(errno));
		goto out;
	}
	/* the build packs with a window of at most 2^27 bytes; refuse bigger, bounding memory */
	ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, 27);
	tb_untar_init(u, dirfd);
	while (done < b->size) {
		size_t want = b->size - done < in_cap ? b->size - done : in_cap;
		ssize_t n = pread(self, in, want, b->offset + done);
		ZSTD_inBuffer ib = { in, n > 0 ? (size_t)n : 0, 0 };

		if (n <= 0) {
			tb_plog("failed to read the tracebox file '%s': %s", b->self,
				n ? strerror(errno) : "shorter than its trailer says");
			goto out;
		}
		done += n;
		/* until this input is consumed and the decoder has nothing left to flush (an
		 * output buffer filled to the brim may leave some behind) */
		for (;;) {
			ZSTD_outBuffer ob = { out, out_cap, 0 };

			ret = ZSTD_decompressStream(z, &ob, &ib);
			if (ZSTD_isError(ret)) {
				tb_plog("failed to unpack the bundle of '%s': %s (a damaged file: copy "
					"it again)", b->self, ZSTD_getErrorName(ret));
				goto out;
			}
			if (tb_untar_feed(u, out, ob.pos))
				goto out;
			/* 0: the frame ended, flushed, its checksum matched. Stop here: called again
			 * (its last output filled the buffer to the brim, as when the archive's size
			 * is a multiple of the buffer's), the decoder would start a next frame and
			 * ask for its header */
			if (ret == 0) {
				if (ib.pos == ib.size && done == b->size)
					break;
				tb_plog("failed to unpack the bundle of '%s': data after its end (a "
					"damaged file: copy it again)", b->self);
				goto out;
			}
			if (ib.pos == ib.size && ob.pos < ob.size)
				break;
		}
	}
	/* ret 0: the frame ended and its checksum matched; the archive must end with it */
	if (ret != 0 || !tb_untar_complete(u)) {
		tb_plog("failed to unpack the bundle of '%s': it ends early (a truncated file: copy "
			"it again)", b->self);
		goto out;
	}
	err = 0;
out:
	tb_untar_abort(u);
	if (self >= 0)
		close(self);
	ZSTD_freeDCtx(z);
	free(in);
	free(out);
	return err;
}

/* What an interrupted first run left (.portable-ID.XXXXXX) or a replaced copy (.stale-...):
 * removed once it is old enough not to be another first run still unpacking. */
static void remove_leftovers(int rfd)
{
	time_t old = time(NULL) - 600;
	struct dirent *e;
	struct stat st;
	int fd = dup(rfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if ((!strncmp(e->d_name, ".portable-", 10) || !strncmp(e->d_name, ".stale-", 7)) &&
		    !fstatat(rfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) && st.st_mtime < old)
			remove_tree(rfd, e->d_name);
	closedir(d);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int extract(struct tb_bundle *b)
{
	char tmp[4300], stale[4300];
	struct tb_untar u;
	double start = now_s();
	int dfd, rfd, err = -1;

	rfd = open(b->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0) {
		tb_plog("failed to open cache directory '%s': %s", b->root, strerror(errno));
		return -1;
	}
	if (!access(b->dir, F_OK) || errno != ENOENT) { /* there, but not a trusted bundle */
		tb_plog("replacing '%s': not a complete root-owned bundle", b->dir);
		snprintf(stale, sizeof(stale), ".stale-%s-%d", b->id, (int)getpid());
		if (!renameat(rfd, strrchr(b->dir, '/') + 1, rfd, stale))
			remove_tree(rfd, stale);
	}
	remove_leftovers(rfd);
	snprintf(tmp, sizeof(tmp), "%s/.portable-%s.XXXXXX", b->root, b->id);
	if (!mkdtemp(tmp)) {
		tb_plog("failed to create directory '%s': %s", tmp, strerror(errno));
		close(rfd);
		return -1;
	}
	dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || unpack(b, dfd, &u))
		goto out;
	{
		int fd = openat(dfd, STAMP, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

		if (fd < 0 || write(fd, b->id, 16) != 16 || close(fd)) {
			tb_plog("failed to write '%s/" STAMP "': %s", tmp, strerror(errno));
			goto out;
		}
	}
	/* on disk before it gets its final name: a crash must not leave a complete-looking
	 * directory of empty files */
	syncfs(dfd);
	if (rename(tmp, b->dir)) {
		/* another first run finished first: use its copy */
		if ((errno == EEXIST || errno == ENOTEMPTY) && unpacked(b))
			err = 0;
		else
			tb_plog("failed to rename '%s' to '%s': %s", tmp, b->dir, strerror(errno));
		goto out;
	}
	err = 0;
	tb_plog("unpacked %llu files (%.0f MB) into '%s' in %.1f s: later starts use them",
		(unsigned long long)u.files, u.bytes / 1e6, b->dir, now_s() - start);
out:
	if (dfd >= 0)
		close(dfd);
	if (access(tmp, F_OK) == 0)
		remove_tree(rfd, strrchr(tmp, '/') + 1);
	close(rfd);
	return err;
}

int tb_bundle_ready(struct tb_bundle *b)
{
	if (root_ready(b->root))
		return -1;
	if (unpacked(b))
		return 0;
	return extract(b);
}
