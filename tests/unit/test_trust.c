/* Unit tests of the trust checks (loader/compile/trust.c) on made-up directories in /tmp: symbolic
 * links, group- and world-writable files and directories, '..', FIFOs, another owner (when
 * run as root). Runs unprivileged: the caller's own files count as trusted. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "tb_trust.h"

static char base[64] = "/tmp/tb-trust.XXXXXX";

static void path(char *out, const char *rel)
{
	snprintf(out, 4096, "%s/%s", base, rel);
}

static void make_file(const char *rel, mode_t mode)
{
	char p[4096];
	int fd;

	path(p, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		if (write(fd, "x\n", 2) != 2)
			perror(p);
		close(fd);
	}
	chmod(p, mode);
}

/* tb_trust_open_dir(base/rel): NULL when opened, else why not */
static const char *open_dir(const char *rel, mode_t create)
{
	static struct tb_trust_why why;
	char p[4096];
	int fd;

	path(p, rel);
	fd = tb_trust_open_dir(p, create, &why);
	if (fd >= 0)
		close(fd);
	return fd >= 0 ? NULL : why.text;
}

static const char *open_file(int dfd, const char *name)
{
	static struct tb_trust_why why;
	int fd = tb_trust_openat_file(dfd, name, &why);

	if (fd >= 0)
		close(fd);
	return fd >= 0 ? NULL : why.text;
}

static void test_dirs(void)
{
	char p[4096], want[4200];
	struct tb_trust_why why;

	CHECK(open_dir("", 0) == NULL); /* under /tmp: root's sticky directory is a safe parent */
	CHECK(open_dir("a/b/c", 0) != NULL);
	CHECK(open_dir("a/b/c", 0700) == NULL); /* made, then opened */
	path(p, "a/b/c");
	CHECK(access(p, F_OK) == 0);
	CHECK(open_dir("a/./b//c/", 0) == NULL);
	CHECK_INT(tb_trust_open_dir("tmp/x", 0, &why), -1);
	CHECK_STR(why.text, "'tmp/x' is not an absolute path");
	path(p, "a/../a");
	CHECK_INT(tb_trust_open_dir(p, 0, &why), -1);
	CHECK(strstr(why.text, "'..'") != NULL);

	/* a symbolic link, last or on the way, is refused by name */
	path(p, "link");
	CHECK_INT(symlink("a", p), 0);
	snprintf(want, sizeof(want), "'%s' is a symbolic link", p);
	CHECK_STR(open_dir("link", 0), want);
	CHECK_STR(open_dir("link/b", 0), want);
	/* writable by others than the owner */
	path(p, "a/b");
	chmod(p, 0770);
	snprintf(want, sizeof(want), "'%s' is writable by its group", p);
	CHECK_STR(open_dir("a/b/c", 0), want);
	chmod(p, 0777);
	snprintf(want, sizeof(want), "'%s' is writable by others", p);
	CHECK_STR(open_dir("a/b", 0), want);
	chmod(p, 0755);
	/* a file where a directory is expected */
	make_file("plain", 0644);
	path(p, "plain");
	snprintf(want, sizeof(want), "'%s' is not a directory", p);
	CHECK_STR(open_dir("plain", 0), want);
	/* another owner (needs root to make one) */
	if (geteuid() == 0) {
		path(p, "a/b");
		CHECK_INT(chown(p, 65534, 65534), 0);
		snprintf(want, sizeof(want), "'%s' is owned by another user than root", p);
		CHECK_STR(open_dir("a/b/c", 0), want);
		CHECK_INT(chown(p, 0, 0), 0);
	}
}

static void test_files(void)
{
	struct tb_trust_why why;
	char p[4096];
	int dfd;

	path(p, "");
	dfd = tb_trust_open_dir(p, 0, &why);
	CHECK(dfd >= 0);
	make_file("ok", 0644);
	CHECK(open_file(dfd, "ok") == NULL);
	make_file("gw", 0664);
	CHECK_STR(open_file(dfd, "gw"), "'gw' is writable by its group");
	make_file("ow", 0646);
	CHECK_STR(open_file(dfd, "ow"), "'ow' is writable by others");
	CHECK_STR(open_file(dfd, "link"), "'link' is a symbolic link");
	CHECK_STR(open_file(dfd, "a"), "'a' is not a regular file");
	path(p, "fifo");
	CHECK_INT(mkfifo(p, 0600), 0);
	CHECK_STR(open_file(dfd, "fifo"), "'fifo' is not a regular file"); /* and did not hang */
	/* a missing file is no refusal: errno says so, why is empty */
	CHECK_INT(tb_trust_openat_file(dfd, "missing", &why), -1);
	CHECK_INT(errno, ENOENT);
	CHECK_STR(why.text, "");
	close(dfd);
}

static void test_tree(void)
{
	struct tb_trust_why why;
	char p[4096];
	int dfd;

	path(p, "a");
	dfd = tb_trust_open_dir(p, 0, &why);
	CHECK(dfd >= 0);
	make_file("a/b/c/f.h", 0644);
	CHECK_INT(tb_trust_check_tree(dfd, &why), 0);
	make_file("a/b/c/f.h", 0664);
	CHECK_INT(tb_trust_check_tree(dfd, &why), -1);
	CHECK_STR(why.text, "'./b/c/f.h' is writable by its group");
	make_file("a/b/c/f.h", 0644);
	path(p, "a/b/s.h");
	CHECK_INT(symlink("/etc/hostname", p), 0);
	CHECK_INT(tb_trust_check_tree(dfd, &why), -1);
	CHECK_STR(why.text, "'./b/s.h' is a symbolic link");
	unlink(p);
	CHECK_INT(tb_trust_check_tree(dfd, &why), 0);
	close(dfd);
}

static void test_user_file(void)
{
	struct tb_trust_why why;
	char p[4096];
	int fd;

	make_file("prog.bpf.c", 0644);
	path(p, "prog.bpf.c");
	fd = open(p, O_RDONLY);
	CHECK(tb_trust_user_fd(fd, &why) == NULL);
	fchmod(fd, 0666);
	CHECK_STR(tb_trust_user_fd(fd, &why), "writable by others (mode 0666)");
	fchmod(fd, 0620);
	CHECK_STR(tb_trust_user_fd(fd, &why), "writable by its group (mode 0620)");
	if (geteuid() == 0) {
		fchmod(fd, 0644);
		CHECK_INT(fchown(fd, 65534, 65534), 0);
		CHECK_STR(tb_trust_user_fd(fd, &why), "owned by uid 65534, not root or you");
	}
	close(fd);
}

int main(void)
{
	char cmd[128];

	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	test_dirs();
	test_files();
	test_tree();
	test_user_file();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", base);
	return check_result("test_trust");
}
