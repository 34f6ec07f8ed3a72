/* Workload for mountsnoop tests: "mount_calls DIR" enters a mount namespace of its own (so
 * nothing it mounts is seen outside), makes its mounts private, then mounts a tmpfs on DIR/mnt
 * with known flags and options and unmounts it, fails a mount on DIR/missing (ENOENT) and an
 * umount of DIR (EINVAL), and where the kernel has the new mount API mounts a tmpfs on
 * DIR/mnt through fsopen, fsconfig, fsmount and move_mount and unmounts it. Prints
 * "pid PID", "mntns INODE" and then "LABEL RET ERRNO" per call. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *label, long ret)
{
	printf("%s %ld %d\n", label, ret, ret < 0 ? errno : 0);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char mnt[4096], missing[4096];
	struct stat st;

	if (argc < 2)
		return fprintf(stderr, "usage: mount_calls DIR\n"), 2;
	snprintf(mnt, sizeof(mnt), "%s/mnt", argv[1]);
	snprintf(missing, sizeof(missing), "%s/missing", argv[1]);
	mkdir(mnt, 0755);
	if (unshare(CLONE_NEWNS) || stat("/proc/self/ns/mnt", &st))
		return perror("unshare"), 1;
	printf("pid %d\nmntns %lu\n", getpid(), (unsigned long)st.st_ino);
	fflush(stdout);
	report("private", mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	report("mount", mount("tb-marker", mnt, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			      "size=1m,mode=0700"));
	report("umount", umount2(mnt, MNT_DETACH));
	report("mount-missing", mount("tb-marker", missing, "tmpfs", MS_RDONLY, NULL));
	report("umount-notmounted", umount2(argv[1], 0));
#if defined(SYS_fsopen) && defined(SYS_fsconfig) && defined(SYS_fsmount) && defined(SYS_move_mount)
	{
		long fs = syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */), m;

		report("fsopen", fs);
		if (fs >= 0) {
			report("fsconfig-size", syscall(SYS_fsconfig, fs, 1 /* SET_STRING */, "size", "1m", 0));
			report("fsconfig-create", syscall(SYS_fsconfig, fs, 6 /* CMD_CREATE */, NULL, NULL, 0));
			m = syscall(SYS_fsmount, fs, 1 /* FSMOUNT_CLOEXEC */,
				    0x1 | 0x10 /* MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOATIME */);
			report("fsmount", m);
			if (m >= 0) {
				report("move_mount", syscall(SYS_move_mount, m, "", AT_FDCWD, mnt,
							     0x4 /* MOVE_MOUNT_F_EMPTY_PATH */));
				close(m); /* an open mount fd keeps the mount busy */
				report("umount-new", umount2(mnt, 0));
			}
		}
	}
#endif
	return 0;
}
