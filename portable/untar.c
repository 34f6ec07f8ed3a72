/* A streaming ustar reader for the bundle's payload: the decompressor hands it whatever block of
 * bytes it has, and each entry is created under one directory as its bytes arrive. Only what the
 * build script puts in (regular files, directories, relative symlinks with plain relative
 * names) is accepted: anything else means the payload is not ours. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plog.h"
#include "untar.h"

void tb_untar_init(struct tb_untar *u, int dirfd)
{
	memset(u, 0, sizeof(*u));
	u->dirfd = dirfd;
	u->fd = -1;
}

static uint64_t octal(const unsigned char *p, size_t len)
{
	uint64_t v = 0;

	for (size_t i = 0; i < len && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (p[i] - '0');
	return v;
}

static bool checksum_ok(const unsigned char *h)
{
	uint64_t want = octal(h + 148, 8), sum = 0;

	for (int i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	return sum == want;
}

/* "lib/x" and "./lib/x" are fine; "", "/x", ".." anywhere are not. */
static bool safe_relative(const char *name)
{
	if (!*name || *name == '/')
		return false;
	for (const char *p = name; p; p = strchr(p, '/')) {
		p += *p == '/';
		if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
			return false;
	}
	return true;
}

static int bad_entry(struct tb_untar *u, const char *why)
{
	tb_plog("failed to unpack the bundle: entry '%s': %s (a damaged or foreign file: "
		"rebuild it with scripts/build-portable.sh)", u->name, why);
	return -1;
}

static int start_entry(struct tb_untar *u)
{
	const unsigned char *h = u->hdr;
	char link[101];
	const char *name;
	mode_t mode = octal(h + 100, 8) & 0755; /* never setuid, never writable by others */
	int type = h[156];

	if (memcmp(h + 257, "ustar", 5) || !checksum_ok(h)) {
		snprintf(u->name, sizeof(u->name), "(after %llu files)",
			 (unsigned long long)u->files);
		return bad_entry(u, "not a ustar header");
	}
	if (h[345])
		snprintf(u->name, sizeof(u->name), "%.155s/%.100s", h + 345, h);
	else
		snprintf(u->name, sizeof(u->name), "%.100s", h);
	name = u->name;
	while (!strncmp(name, "./", 2))
		name += 2;
	u->left = octal(h + 124, 12);
	u->pad = (512 - u->left % 512) % 512;
	if (!*name || !strcmp(name, ".")) /* the archive's own top directory */
		return type == '5' ? 0 : bad_entry(u, "no name");
	if (!safe_relative(name))
		return bad_entry(u, "a name outside the bundle");
	switch (type) {
	case '0':
	case '\0':
		u->fd = openat(u->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			       mode);
		if (u->fd < 0) {
			tb_plog("failed to create file '%s': %s", name, strerror(errno));
			return -1;
		}
		u->files++;
		if (!u->left) { /* empty: nothing more will come for it */
			close(u->fd);
			u->fd = -1;
		}
		return 0;
	case '5':
		if (mkdirat(u->dirfd, name, mode | 0700) && errno != EEXIST) {
			tb_plog("failed to create directory '%s': %s", name, strerror(errno));
			return -1;
		}
		break;
	case '2':
		snprintf(link, sizeof(link), "%.100s", h + 157);
		if (!safe_relative(name) || link[0] == '/')
			return bad_entry(u, "a link out of the bundle");
		if (symlinkat(link, u->dirfd, name)) {
			tb_plog("failed to create link '%s': %s", name, strerror(errno));
			return -1;
		}
		break;
	default:
		return bad_entry(u, "an entry type the bundle never holds");
	}
	return u->left ? bad_entry(u, "data on an entry that has none") : 0;
}

static int write_all(struct tb_untar *u, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(u->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			tb_plog("failed to write '%s': %s%s", u->name, strerror(errno),
				errno == ENOSPC ? " (the bundle needs about 250 MB: free some room "
						  "or set TRACEBOX_CACHE_DIR)" : "");
			return -1;
		}
		p += w, n -= w, u->bytes += w;
	}
	return 0;
}

int tb_untar_feed(struct tb_untar *u, const unsigned char *buf, size_t len)
{
	while (len) {
		size_t n;

		if (u->left) { /* file data */
			n = len < u->left ? len : u->left;
			if (u->fd >= 0 && write_all(u, buf, n))
				return -1;
			u->left -= n;
			if (!u->left && u->fd >= 0) {
				close(u->fd);
				u->fd = -1;
			}
		} else if (u->pad) {
			n = len < u->pad ? len : u->pad;
			u->pad -= n;
		} else { /* a header, possibly split over calls */
			n = 512 - u->hdr_len;
			n = len < n ? len : n;
			memcpy(u->hdr + u->hdr_len, buf, n);
			u->hdr_len += n;
			if (u->hdr_len == 512) {
				static const unsigned char zero[512];

				u->hdr_len = 0;
				if (!memcmp(u->hdr, zero, 512)) {
					u->zero_blocks++;
				} else if (u->zero_blocks) {
					snprintf(u->name, sizeof(u->name), "(end)");
					return bad_entry(u, "data after the end of the archive");
				} else if (start_entry(u)) {
					return -1;
				}
			}
		}
		buf += n, len -= n;
	}
	return 0;
}

bool tb_untar_complete(const struct tb_untar *u)
{
	return u->zero_blocks >= 2 && !u->left && !u->hdr_len && u->fd < 0;
}

void tb_untar_abort(struct tb_untar *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}
