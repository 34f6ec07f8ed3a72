/* mountsnoop: trace mount() and umount() (and the new mount API), as BCC's mountsnoop does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "mountsnoop.h"

_Static_assert(sizeof(struct mountsnoop_event) ==
		       48 + 2 * TB_MOUNTSNOOP_COMM_LEN + TB_MOUNTSNOOP_NSTR * TB_MOUNTSNOOP_STR_LEN,
	       "struct mountsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(mountsnoop);

static struct env {
	bool parent;       /* -P: PCOMM and PPID columns */
} env;

const char *argp_program_version = "mountsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace mount() and umount() syscalls.\n"
	"\n"
	"EXAMPLES:\n"
	"    mountsnoop          # trace mount() and umount() (and fsopen(), fsconfig(),\n"
	"                        # fsmount(), move_mount() where the kernel has them)\n"
	"    mountsnoop -P       # also show the parent process\n"
	"    mountsnoop --json   # one JSON object per call\n"
	"    mountsnoop --mntnsmap /sys/fs/bpf/mntnsset  # only these mount namespaces";

static const struct argp_option options[] = {
	{ "parent_process", 'P', NULL, 0, "Also snoop the parent process", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'P': env.parent = true; break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

/* BCC: '{:16} {:<7} {:<7} {:<11} {}', with -P '{:16} {:<7} {:<7} {:16} {:<7} {:<11} {}' */
enum { COL_COMM, COL_PID, COL_TID, COL_PCOMM, COL_PPID, COL_MNT_NS, COL_CALL, NCOLUMNS };
static const struct tb_column columns[NCOLUMNS] = {
	[COL_COMM] = { "COMM", NULL, 16, TB_LEFT },
	[COL_PID] = { "PID", NULL, 7, TB_LEFT },
	[COL_TID] = { "TID", NULL, 7, TB_LEFT },
	[COL_PCOMM] = { "PCOMM", NULL, 16, TB_LEFT },
	[COL_PPID] = { "PPID", NULL, 7, TB_LEFT },
	[COL_MNT_NS] = { "MNT_NS", NULL, 11, TB_LEFT },
	[COL_CALL] = { "CALL", NULL, 0, TB_LEFT },
};

static const struct tb_column *select_columns(int *n, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLUMNS];

	*n = 0;
	for (int i = 0; i < NCOLUMNS; i++)
		if (env.parent || (i != COL_PCOMM && i != COL_PPID))
			shown[(*n)++] = columns[i];
	return shown;
}

static struct tb_output out;

/* <sys/mount.h>'s MS_* as BCC's mountsnoop names them (the bits it leaves out are printed in
 * hex: MS_NOSYMFOLLOW, the kernel-internal MS_SUBMOUNT...) */
static const struct tb_flag_name mount_flags[] = {
	{ 1, "MS_RDONLY" }, { 2, "MS_NOSUID" }, { 4, "MS_NODEV" }, { 8, "MS_NOEXEC" },
	{ 16, "MS_SYNCHRONOUS" }, { 32, "MS_REMOUNT" }, { 64, "MS_MANDLOCK" },
	{ 128, "MS_DIRSYNC" }, { 1024, "MS_NOATIME" }, { 2048, "MS_NODIRATIME" },
	{ 4096, "MS_BIND" }, { 8192, "MS_MOVE" }, { 16384, "MS_REC" }, { 32768, "MS_SILENT" },
	{ 1ul << 16, "MS_POSIXACL" }, { 1ul << 17, "MS_UNBINDABLE" }, { 1ul << 18, "MS_PRIVATE" },
	{ 1ul << 19, "MS_SLAVE" }, { 1ul << 20, "MS_SHARED" }, { 1ul << 21, "MS_RELATIME" },
	{ 1ul << 22, "MS_KERNMOUNT" }, { 1ul << 23, "MS_I_VERSION" },
	{ 1ul << 24, "MS_STRICTATIME" }, { 1ul << 25, "MS_LAZYTIME" }, { 1ul << 30, "MS_ACTIVE" },
	{ 1ul << 31, "MS_NOUSER" }, { 0, NULL },
};
#define TB_MS_MGC_VAL 0xc0ed0000ul  /* the "magic" old mount(8)s put in the top 16 bits */
#define TB_MS_MGC_MSK 0xffff0000ul

static const struct tb_flag_name umount_flags[] = {
	{ 1, "MNT_FORCE" }, { 2, "MNT_DETACH" }, { 4, "MNT_EXPIRE" }, { 8, "UMOUNT_NOFOLLOW" },
	{ 0, NULL },
};
static const struct tb_flag_name fsopen_flags[] = { { 1, "FSOPEN_CLOEXEC" }, { 0, NULL } };
static const struct tb_flag_name fsmount_flags[] = { { 1, "FSMOUNT_CLOEXEC" }, { 0, NULL } };
/* MOUNT_ATTR_* but the atime field (0x70), which holds a value: decoded apart */
static const struct tb_flag_name attr_flags[] = {
	{ 0x1, "MOUNT_ATTR_RDONLY" }, { 0x2, "MOUNT_ATTR_NOSUID" }, { 0x4, "MOUNT_ATTR_NODEV" },
	{ 0x8, "MOUNT_ATTR_NOEXEC" }, { 0x80, "MOUNT_ATTR_NODIRATIME" },
	{ 0x100000, "MOUNT_ATTR_IDMAP" }, { 0x200000, "MOUNT_ATTR_NOSYMFOLLOW" }, { 0, NULL },
};
static const struct tb_flag_name move_mount_flags[] = {
	{ 0x1, "MOVE_MOUNT_F_SYMLINKS" }, { 0x2, "MOVE_MOUNT_F_AUTOMOUNTS" },
	{ 0x4, "MOVE_MOUNT_F_EMPTY_PATH" }, { 0x10, "MOVE_MOUNT_T_SYMLINKS" },
	{ 0x20, "MOVE_MOUNT_T_AUTOMOUNTS" }, { 0x40, "MOVE_MOUNT_T_EMPTY_PATH" },
	{ 0x100, "MOVE_MOUNT_SET_GROUP" }, { 0x200, "MOVE_MOUNT_BENEATH" }, { 0, NULL },
};
static const char *const fsconfig_cmds[] = {
	"FSCONFIG_SET_FLAG", "FSCONFIG_SET_STRING", "FSCONFIG_SET_BINARY", "FSCONFIG_SET_PATH",
	"FSCONFIG_SET_PATH_EMPTY", "FSCONFIG_SET_FD", "FSCONFIG_CMD_CREATE",
	"FSCONFIG_CMD_RECONFIGURE", "FSCONFIG_CMD_CREATE_EXCL",
};

/* Appends to out[*n] as snprintf does, never past len. */
#define APPEND(out, len, n, ...)                                                               \
	do {                                                                                   \
		if (*(n) < (len))                                                               \
			*(n) += snprintf((out) + *(n), (len) - *(n), __VA_ARGS__);              \
	} while (0)

/* mount()'s flags: MS_MGC_VAL first when the top half holds the old magic */
static void format_mount_flags(char *out, size_t len, size_t *n, unsigned long flags)
{
	if ((flags & TB_MS_MGC_MSK) == TB_MS_MGC_VAL)
		tb_format_flags(out, len, n, flags & ~TB_MS_MGC_MSK, mount_flags, "MS_MGC_VAL", false);
	else
		tb_format_flags(out, len, n, flags, mount_flags, NULL, false);
}

/* fsmount()'s attr_flags: the bits, and the atime field as the one name its value has */
static void format_attr_flags(char *out, size_t len, size_t *n, unsigned long attr)
{
	static const char *const atime[8] = { NULL, "MOUNT_ATTR_NOATIME",
					      "MOUNT_ATTR_STRICTATIME" };
	const char *name = atime[(attr >> 4) & 7];

	if (name || !(attr & 0x70)) {
		attr &= ~0x70ul;
		if (name && !attr) {
			APPEND(out, len, n, "%s", name);
			return;
		}
	}
	/* the named bits first, then the atime name (BCC's order does not matter to anyone) */
	tb_format_flags(out, len, n, attr, attr_flags, NULL, false);
	if (name)
		APPEND(out, len, n, "|%s", name);
}

/* A string argument as BCC quotes it: in double quotes, C escapes for \a \b \t \n \v \f \r " \,
 * \xNN for other bytes outside printable ASCII. */
static void format_string(char *out, size_t len, size_t *n, const char *s, size_t max)
{
	APPEND(out, len, n, "\"");
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];
		const char *esc = NULL;

		switch (c) {
		case '\a': esc = "\\a"; break;
		case '\b': esc = "\\b"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\v': esc = "\\v"; break;
		case '\f': esc = "\\f"; break;
		case '\r': esc = "\\r"; break;
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		}
		if (esc)
			APPEND(out, len, n, "%s", esc);
		else if (c >= 0x20 && c <= 0x7e)
			APPEND(out, len, n, "%c", c);
		else
			APPEND(out, len, n, "\\x%02x", c);
	}
	APPEND(out, len, n, "\"");
}

#define TB_AT_FDCWD -100

static void format_dfd(char *out, size_t len, size_t *n, int fd)
{
	if (fd == TB_AT_FDCWD)
		APPEND(out, len, n, "AT_FDCWD");
	else
		APPEND(out, len, n, "%d", fd);
}

/* The call as BCC's CALL column shows it: name(arguments) = result, the result an fd or 0, or
 * -ENAME for a failure. Returns out. */
static const char *format_call(char *out, size_t len, const struct mountsnoop_event *e)
{
	const size_t L = TB_MOUNTSNOOP_STR_LEN;
	const char *errname;
	size_t n = 0;

	out[0] = 0;
	switch (e->call) {
	case TB_MOUNTSNOOP_MOUNT:
		APPEND(out, len, &n, "mount(");
		format_string(out, len, &n, e->str[0], L);
		APPEND(out, len, &n, ", ");
		format_string(out, len, &n, e->str[1], L);
		APPEND(out, len, &n, ", ");
		format_string(out, len, &n, e->str[2], L);
		APPEND(out, len, &n, ", ");
		format_mount_flags(out, len, &n, e->flags);
		APPEND(out, len, &n, ", ");
		format_string(out, len, &n, e->str[3], L);
		break;
	case TB_MOUNTSNOOP_UMOUNT:
		APPEND(out, len, &n, "umount(");
		format_string(out, len, &n, e->str[0], L);
		APPEND(out, len, &n, ", ");
		tb_format_flags(out, len, &n, e->flags, umount_flags, NULL, false);
		break;
	case TB_MOUNTSNOOP_FSOPEN:
		APPEND(out, len, &n, "fsopen(");
		format_string(out, len, &n, e->str[0], L);
		APPEND(out, len, &n, ", ");
		tb_format_flags(out, len, &n, e->flags, fsopen_flags, NULL, false);
		break;
	case TB_MOUNTSNOOP_FSCONFIG:
		APPEND(out, len, &n, "fsconfig(%d, ", e->fd);
		if (e->arg < sizeof(fsconfig_cmds) / sizeof(fsconfig_cmds[0]))
			APPEND(out, len, &n, "%s, ", fsconfig_cmds[e->arg]);
		else
			APPEND(out, len, &n, "0x%x, ", e->arg);
		format_string(out, len, &n, e->str[0], L);
		APPEND(out, len, &n, ", ");
		format_string(out, len, &n, e->str[1], L);
		APPEND(out, len, &n, ", %d", e->aux);
		break;
	case TB_MOUNTSNOOP_FSMOUNT:
		APPEND(out, len, &n, "fsmount(%d, ", e->fd);
		tb_format_flags(out, len, &n, e->flags, fsmount_flags, NULL, false);
		APPEND(out, len, &n, ", ");
		format_attr_flags(out, len, &n, e->arg);
		break;
	case TB_MOUNTSNOOP_MOVE_MOUNT:
		APPEND(out, len, &n, "move_mount(");
		format_dfd(out, len, &n, e->fd);
		APPEND(out, len, &n, ", ");
		format_string(out, len, &n, e->str[0], L);
		APPEND(out, len, &n, ", ");
		format_dfd(out, len, &n, e->fd2);
		APPEND(out, len, &n, ", ");
		format_string(out, len, &n, e->str[1], L);
		APPEND(out, len, &n, ", ");
		tb_format_flags(out, len, &n, e->flags, move_mount_flags, NULL, false);
		break;
	default: /* an edited --bpf-file */
		APPEND(out, len, &n, "[unknown call %u](", e->call);
		break;
	}
	errname = e->ret < 0 ? tb_errno_name(e->ret) : NULL;
	if (errname)
		APPEND(out, len, &n, ") = -%s", errname);
	else
		APPEND(out, len, &n, ") = %d", e->ret);
	return out;
}

static void print_event(const struct mountsnoop_event *e)
{
	/* mount's four strings, each escaped (4 bytes a byte at worst) */
	static char call[TB_MOUNTSNOOP_NSTR * (TB_MOUNTSNOOP_STR_LEN * 4 + 4) + 512];
	char comm[TB_MOUNTSNOOP_COMM_LEN + 1], pcomm[TB_MOUNTSNOOP_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_MOUNTSNOOP_COMM_LEN, e->comm);
	snprintf(pcomm, sizeof(pcomm), "%.*s", TB_MOUNTSNOOP_COMM_LEN, e->pcomm);
	tb_output_begin(&out, 0);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->pid);
	tb_output_uint(&out, e->tid);
	if (env.parent) {
		tb_output_str(&out, pcomm);
		tb_output_uint(&out, e->ppid);
	}
	tb_output_uint(&out, e->mnt_ns);
	tb_output_str(&out, format_call(call, sizeof(call), e));
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

/* mount and umount are every kernel's; the new mount API's four are compiled in and attached
 * where this kernel has them (TB_TP_ in tb_bpf.h). Without privileges tracefs cannot be read:
 * the loader says so. */
static int prepare(struct tb_cflags *cf)
{
	(void)cf;
	if (tb_have_bpf_privileges() && !tb_tracepoint_exists("syscalls:sys_enter_mount")) {
		tb_error("failed to find tracepoint 'syscalls:sys_enter_mount': this kernel has no "
			 "syscall tracepoints (CONFIG_FTRACE_SYSCALLS)");
		return -1;
	}
	return 0;
}

#define NEW_API(name)                                                                           \
	{ TB_TRACEPOINT, "syscalls:sys_enter_" name, .flags = TB_PROBE_OPTIONAL },               \
	{ TB_TRACEPOINT, "syscalls:sys_exit_" name, .flags = TB_PROBE_OPTIONAL }
static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_mount" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_mount" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_umount" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_umount" },
	NEW_API("fsopen"), NEW_API("fsconfig"), NEW_API("fsmount"), NEW_API("move_mount"),
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(mountsnoop),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct mountsnoop_event),
	.out = &out,
	.columns = select_columns,
};
TB_TOOL_MAIN(mountsnoop, tool)
