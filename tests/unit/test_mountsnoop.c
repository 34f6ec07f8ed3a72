/* Unit tests of mountsnoop: -P, the decoding of flags (MS_* names as BCC's mountsnoop gives
 * them), strings and results, and its lines against BCC's format strings. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/mountsnoop.c"

const char tb_bpf_mountsnoop[] = "";
const char tb_bpf_mountsnoop_name[] = "mountsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("mountsnoop", line, argv), argv);
}

static const char *mount_flags_text(unsigned long flags)
{
	static char buf[512];
	size_t n = 0;

	format_mount_flags(buf, sizeof(buf), &n, flags);
	return buf;
}

static const char *call_text(const struct mountsnoop_event *e)
{
	static char buf[8192];

	return format_call(buf, sizeof(buf), e);
}

/* The header and one line, as the tool prints them (text or --json). */
static const char *render(const struct mountsnoop_event *e, bool json)
{
	static char text[8192];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, select_columns, json);

	print_event(e);
	fclose(fp);
	return text;
}

int main(void)
{
	static struct mountsnoop_event e;
	char want[2048];

	CHECK_INT(parse(""), 0);
	CHECK(!env.parent);
	CHECK_INT(parse("-P"), 0);
	CHECK(env.parent);
	CHECK_INT(parse("--parent_process"), 0);
	CHECK(rejected("extra"));
	CHECK(rejected("-p 1"));

	/* MS_* flags: names in bit order, what no name covers in hex, 0x0 for none */
	CHECK_STR(mount_flags_text(0), "0x0");
	CHECK_STR(mount_flags_text(2), "MS_NOSUID");
	CHECK_STR(mount_flags_text(2 | 4 | 8), "MS_NOSUID|MS_NODEV|MS_NOEXEC");
	CHECK_STR(mount_flags_text(16384 | (1ul << 18)), "MS_REC|MS_PRIVATE");
	CHECK_STR(mount_flags_text(4096 | 256), "MS_BIND|0x100");  /* MS_NOSYMFOLLOW: BCC has no name */
	CHECK_STR(mount_flags_text(0xc0ed0000ul | 1), "MS_MGC_VAL|MS_RDONLY");
	CHECK_STR(mount_flags_text(0xc0ed0000ul), "MS_MGC_VAL");
	CHECK_STR(mount_flags_text(1ul << 31 | 1ul << 30), "MS_ACTIVE|MS_NOUSER");

	/* mount(), quoted and escaped strings, -errno results */
	e = (struct mountsnoop_event){ .pid = 13207, .tid = 13208, .ppid = 13206, .mnt_ns = 4026531841u,
				       .call = TB_MOUNTSNOOP_MOUNT, .flags = 2 | 4, .ret = -2,
				       .comm = "mount", .pcomm = "bash" };
	strcpy(e.str[0], "/dev/loop0");
	strcpy(e.str[1], "tmp dir/\"q\"\\");
	strcpy(e.str[2], "ext4");
	strcpy(e.str[3], "a\tb\n\x01\xc3\xa9");
	CHECK_STR(call_text(&e), "mount(\"/dev/loop0\", \"tmp dir/\\\"q\\\"\\\\\", \"ext4\", "
				 "MS_NOSUID|MS_NODEV, \"a\\tb\\n\\x01\\xc3\\xa9\") = -ENOENT");
	e.ret = -4095; /* no errno name: the number, as BCC */
	CHECK(strstr(call_text(&e), ") = -4095") != NULL);

	/* BCC: '{:16} {:<7} {:<7} {:<11} {}', -P '{:16} {:<7} {:<7} {:16} {:<7} {:<11} {}' */
	e.ret = 0;
	strcpy(e.str[3], "");
	env.parent = false;
	snprintf(want, sizeof(want), "%-16s %-7s %-7s %-11s %s\n%-16s %-7d %-7d %-11u %s\n",
		 "COMM", "PID", "TID", "MNT_NS", "CALL", "mount", 13207, 13208, 4026531841u,
		 "mount(\"/dev/loop0\", \"tmp dir/\\\"q\\\"\\\\\", \"ext4\", MS_NOSUID|MS_NODEV, \"\") = 0");
	CHECK_STR(render(&e, false), want);
	env.parent = true;
	snprintf(want, sizeof(want), "%-16s %-7s %-7s %-16s %-7s %-11s %s\n"
		 "%-16s %-7d %-7d %-16s %-7d %-11u %s\n",
		 "COMM", "PID", "TID", "PCOMM", "PPID", "MNT_NS", "CALL",
		 "mount", 13207, 13208, "bash", 13206, 4026531841u,
		 "mount(\"/dev/loop0\", \"tmp dir/\\\"q\\\"\\\\\", \"ext4\", MS_NOSUID|MS_NODEV, \"\") = 0");
	CHECK_STR(render(&e, false), want);
	env.parent = false;

	/* umount() and the new mount API, as BCC's example prints them */
	e = (struct mountsnoop_event){ .call = TB_MOUNTSNOOP_UMOUNT, .flags = 0 };
	strcpy(e.str[0], "tmp-dir/");
	CHECK_STR(call_text(&e), "umount(\"tmp-dir/\", 0x0) = 0");
	e.flags = 2 | 8 | 0x40;
	e.ret = -22;
	CHECK_STR(call_text(&e), "umount(\"tmp-dir/\", MNT_DETACH|UMOUNT_NOFOLLOW|0x40) = -EINVAL");

	e = (struct mountsnoop_event){ .call = TB_MOUNTSNOOP_FSOPEN, .ret = 5 };
	strcpy(e.str[0], "ext4");
	CHECK_STR(call_text(&e), "fsopen(\"ext4\", 0x0) = 5");
	e = (struct mountsnoop_event){ .call = TB_MOUNTSNOOP_FSCONFIG, .fd = 5, .arg = 1 };
	strcpy(e.str[0], "source");
	strcpy(e.str[1], "/dev/loop0");
	CHECK_STR(call_text(&e), "fsconfig(5, FSCONFIG_SET_STRING, \"source\", \"/dev/loop0\", 0) = 0");
	e.arg = 42;
	CHECK(strstr(call_text(&e), "fsconfig(5, 0x2a, ") != NULL);
	e = (struct mountsnoop_event){ .call = TB_MOUNTSNOOP_FSMOUNT, .fd = 5, .arg = 1, .ret = 6 };
	CHECK_STR(call_text(&e), "fsmount(5, 0x0, MOUNT_ATTR_RDONLY) = 6");
	e.arg = 0x10;
	CHECK_STR(call_text(&e), "fsmount(5, 0x0, MOUNT_ATTR_NOATIME) = 6");
	e.arg = 0x20 | 0x2;
	e.flags = 1;
	CHECK_STR(call_text(&e), "fsmount(5, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID|MOUNT_ATTR_STRICTATIME) = 6");
	e.arg = 0;
	CHECK_STR(call_text(&e), "fsmount(5, FSMOUNT_CLOEXEC, 0x0) = 6");
	e.arg = 0x70; /* no such atime value */
	CHECK_STR(call_text(&e), "fsmount(5, FSMOUNT_CLOEXEC, 0x70) = 6");
	e = (struct mountsnoop_event){ .call = TB_MOUNTSNOOP_MOVE_MOUNT, .fd = 6, .fd2 = -100,
				       .flags = 4 };
	strcpy(e.str[1], "./tmp-dir/");
	CHECK_STR(call_text(&e),
		  "move_mount(6, \"\", AT_FDCWD, \"./tmp-dir/\", MOVE_MOUNT_F_EMPTY_PATH) = 0");
	e.call = 0;
	CHECK_STR(call_text(&e), "[unknown call 0]() = 0");

	/* --json: the call as one string */
	e = (struct mountsnoop_event){ .pid = 7, .tid = 8, .mnt_ns = 9, .call = TB_MOUNTSNOOP_UMOUNT,
				       .ret = -16, .comm = "umount" };
	strcpy(e.str[0], "/mnt");
	CHECK_STR(render(&e, true), "{\"comm\":\"umount\",\"pid\":7,\"tid\":8,\"mnt_ns\":9,"
				    "\"call\":\"umount(\\\"/mnt\\\", 0x0) = -EBUSY\"}\n");
	return check_result("test_mountsnoop");
}
