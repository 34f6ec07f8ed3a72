/* Path-walking trust checks. tracebox runs as root and loads into the kernel what it finds in
 * its compile cache and compiles against its BTF header tree, so whoever can write there can
 * make a root tool (lsm-connect enforces policy) run their BPF. stat() on a path proves
 * nothing: a symbolic link, or any writable directory on the way, can swap what is opened
 * next. So directories are opened from / one component at a time with O_NOFOLLOW, each checked
 * on its fd, and files are opened relative to a checked directory's fd and checked on theirs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tb_trust.h"

#define TREE_MAX_DEPTH 32

static void say(struct tb_trust_why *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct tb_trust_why *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why->text, sizeof(why->text), fmt, ap);
	va_end(ap);
}

bool tb_trust_owner(uid_t uid)
{
	/* files of the user running the tool are as trusted as the user: this is what lets the
	 * unit tests run unprivileged; for a tool run as root it means root alone */
	return uid == 0 || uid == geteuid();
}

const char *tb_trust_stat(const struct stat *st)
{
	if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode))
		return "not a regular file or directory";
	if (!tb_trust_owner(st->st_uid))
		return "owned by another user than root";
	if (st->st_mode & S_IWOTH)
		return "writable by others";
	if (st->st_mode & S_IWGRP)
		return "writable by its group";
	return NULL;
}

/* A root-owned sticky directory (/tmp) is a safe parent: its other users cannot rename or
 * remove entries they do not own, and a component they made first is refused as theirs. */
static const char *parent_problem(const struct stat *st)
{
	if (S_ISDIR(st->st_mode) && st->st_uid == 0 && (st->st_mode & S_ISVTX))
		return NULL;
	return tb_trust_stat(st);
}

/* The reason an openat of name in dfd failed, in words. */
static void say_open_failed(struct tb_trust_why *why, int dfd, const char *name,
			    const char *shown, int err)
{
	struct stat st;

	if ((err == ELOOP || err == ENOTDIR) && !fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		say(why, "'%s' is %s", shown, S_ISLNK(st.st_mode) ? "a symbolic link" :
		    S_ISDIR(st.st_mode) ? "not openable" : "not a directory");
	else
		say(why, "cannot open '%s': %s", shown, strerror(err));
}

/* Opens directory name below dfd (shown as `shown` in messages) and checks it. */
static int step(int dfd, const char *name, const char *shown, mode_t create_mode, bool last,
		struct tb_trust_why *why)
{
	int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	const char *problem;
	struct stat st;
	int fd;

	fd = openat(dfd, name, flags);
	if (fd < 0 && errno == ENOENT && create_mode) {
		if (mkdirat(dfd, name, create_mode) && errno != EEXIST) {
			say(why, "cannot create '%s': %s", shown, strerror(errno));
			return -1;
		}
		fd = openat(dfd, name, flags);
	}
	if (fd < 0) {
		int err = errno;

		say_open_failed(why, dfd, name, shown, err);
		errno = err;
		return -1;
	}
	if (fstat(fd, &st)) {
		say(why, "cannot stat '%s': %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	problem = last ? tb_trust_stat(&st) : parent_problem(&st);
	if (problem) {
		say(why, "'%s' is %s", shown, problem);
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

int tb_trust_open_dir(const char *path, mode_t create_mode, struct tb_trust_why *why)
{
	char shown[4096];
	const char *p = path;
	size_t shown_len = 0;
	int fd;

	why->text[0] = 0;
	if (path[0] != '/') {
		say(why, "'%s' is not an absolute path", path);
		errno = EINVAL;
		return -1;
	}
	if (strlen(path) >= sizeof(shown)) {
		say(why, "'%.64s...' is too long", path);
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = step(AT_FDCWD, "/", "/", 0, path[strspn(path, "/")] == 0, why);
	while (fd >= 0) {
		char name[256];
		size_t len;
		int next;

		p += strspn(p, "/");
		len = strcspn(p, "/");
		if (!len)
			break;
		if (len >= sizeof(name) || (len == 2 && !strncmp(p, "..", 2))) {
			say(why, "'%s' has a '..' or over-long component", path);
			close(fd);
			errno = EINVAL;
			return -1;
		}
		memcpy(name, p, len);
		name[len] = 0;
		p += len;
		shown_len += snprintf(shown + shown_len, sizeof(shown) - shown_len, "/%s", name);
		if (!strcmp(name, "."))
			continue;
		next = step(fd, name, shown, p[strspn(p, "/")] ? (create_mode ? 0755 : 0) :
			    create_mode, p[strspn(p, "/")] == 0, why);
		close(fd);
		fd = next;
	}
	return fd;
}

int tb_trust_openat_dir(int dfd, const char *name, mode_t create_mode, struct tb_trust_why *why)
{
	why->text[0] = 0;
	return step(dfd, name, name, create_mode, true, why);
}

int tb_trust_openat_file(int dfd, const char *name, struct tb_trust_why *why)
{
	const char *problem;
	struct stat st;
	int fd;

	why->text[0] = 0;
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		if (err != ENOENT)
			say_open_failed(why, dfd, name, name, err);
		errno = err;
		return -1;
	}
	/* O_NONBLOCK: a FIFO planted here must not hang the open; it is refused below */
	if (fstat(fd, &st)) {
		say(why, "cannot stat '%s': %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	problem = S_ISREG(st.st_mode) ? tb_trust_stat(&st) : "not a regular file";
	if (problem) {
		say(why, "'%s' is %s", name, problem);
		close(fd);
		errno = EPERM;
		return -1;
	}
	fcntl(fd, F_SETFL, 0);
	return fd;
}

static int check_tree(int dfd, const char *prefix, int depth, struct tb_trust_why *why)
{
	struct dirent *de;
	DIR *dir;
	int fd, err = 0;

	if (depth > TREE_MAX_DEPTH) {
		say(why, "'%s' is nested too deep", prefix);
		return -1;
	}
	/* fdopendir takes the fd it is given: read the directory through an fd of its own (a
	 * dup would share dfd's offset, left at the end by an earlier walk), keep dfd for fstatat */
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dir) {
		say(why, "cannot read '%s': %s", prefix, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (!err && (de = readdir(dir))) {
		char shown[4096];
		const char *problem;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(shown, sizeof(shown), "%s/%s", prefix, de->d_name);
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			say(why, "cannot stat '%s': %s", shown, strerror(errno));
			err = -1;
		} else if (S_ISLNK(st.st_mode)) {
			say(why, "'%s' is a symbolic link", shown);
			err = -1;
		} else if ((problem = tb_trust_stat(&st))) {
			say(why, "'%s' is %s", shown, problem);
			err = -1;
		} else if (S_ISDIR(st.st_mode)) {
			int sub = step(dfd, de->d_name, shown, 0, true, why);

			err = sub < 0 ? -1 : check_tree(sub, shown, depth + 1, why);
			if (sub >= 0)
				close(sub);
		}
	}
	closedir(dir);
	return err;
}

int tb_trust_check_tree(int dfd, struct tb_trust_why *why)
{
	why->text[0] = 0;
	return check_tree(dfd, ".", 0, why);
}

const char *tb_trust_user_fd(int fd, struct tb_trust_why *why)
{
	struct stat st;

	why->text[0] = 0;
	if (fstat(fd, &st)) {
		say(why, "cannot stat it: %s", strerror(errno));
		return why->text;
	}
	/* a terminal (tbrun /dev/stdin, typed) is the user's own input, whatever its group */
	if (S_ISCHR(st.st_mode))
		return NULL;
	if (!tb_trust_owner(st.st_uid))
		say(why, "owned by uid %u, not root or you", (unsigned)st.st_uid);
	else if (st.st_mode & (S_IWGRP | S_IWOTH))
		say(why, "writable by %s (mode %04o)", st.st_mode & S_IWOTH ? "others" : "its group",
		    (unsigned)(st.st_mode & 07777));
	return why->text[0] ? why->text : NULL;
}
