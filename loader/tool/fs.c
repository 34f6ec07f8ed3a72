/* The file system tools' probes and shared options (tb_fs.h). */
#include <errno.h>
#include <stddef.h>

#include "tb_features.h"
#include "tb_fs.h"
#include "tb_log.h"
#include "tb_options.h"
#include "tb_tool.h"

/* kfn_hint: where the file system is a module (Debian's ext4 and xfs), its functions are in
 * no symbol table until it is loaded */
#define TB_FS(fs, title_, rd, generic, fops_sym, wr, op, sy)                                \
	{ .name = fs, .title = title_, .read = rd, .generic_read = generic, .fops = fops_sym,   \
	  .write = wr, .open = op, .fsync = sy,                                               \
	  .target = { .kfns = { wr, sy }, .methods = TB_ATTACH_BIT(TB_ATTACH_KPROBE),           \
		      .purpose = fs " operations",                                            \
		      .fn_desc = "kprobes and kretprobes on " fs "'s read, write, open, fsync",   \
		      .kfn_hint = "is the " fs " module loaded? modprobe " fs } }

/* ext4 has its own read function since Linux 4.10; before, it used the generic one */
const struct tb_fs tb_fs_ext4 = TB_FS("ext4", "ext4", "ext4_file_read_iter",
				      "generic_file_read_iter", "ext4_file_operations",
				      "ext4_file_write_iter", "ext4_file_open", "ext4_sync_file");
/* XFS has had all four since Linux 3.16 (read_iter/write_iter), so no generic fallback; BCC's
 * xfsslower and xfsdist attach the same four */
const struct tb_fs tb_fs_xfs = TB_FS("xfs", "XFS", "xfs_file_read_iter", NULL, NULL,
				     "xfs_file_write_iter", "xfs_file_open", "xfs_file_fsync");

struct tb_fs_opts tb_fs_opts = { .pid = -1, .attach = TB_ATTACH_AUTO };
/* the read function tb_fs_prepare chose */
static const char *read_fn;

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default) or kprobe, the only one", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &tb_fs_opts.pid); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TB_ATTACH_BIT(TB_ATTACH_KPROBE), &tb_fs_opts.attach);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp fs_argp = { options, parse_opt, NULL, NULL, NULL, NULL, NULL };
const struct argp_child tb_fs_children[] = {
	{ &fs_argp, 0, NULL, 0 },
	{ &tb_common_argp, 0, "Common options:", 0 },
	{ 0 },
};

int tb_fs_prepare(const struct tb_fs *fs, struct tb_cflags *cf)
{
	unsigned long long fops = 0;
	int err;

	tb_fs_opts.fs = fs;
	read_fn = fs->read;
	if (tb_fs_opts.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", tb_fs_opts.pid))
		return -1;
	/* without kprobes nothing attaches anyway (a forced --attach kprobe compiles the
	 * file system's own variant, and its attach says what is missing) */
	if (!fs->generic_read || !tb_kprobes_supported() || tb_kprobe_exists(fs->read)) {
		tb_info("%s reads: %s", fs->name, read_fn);
		return 0;
	}
	err = tb_ksym_addr(fs->fops, &fops);
	if (err) {
		tb_error("failed to trace %s reads: no %s on this kernel, and %s, which tells its "
			 "files among %s's, is not in /proc/kallsyms (%s)", fs->name, fs->read,
			 fs->fops, fs->generic_read, err == -EPERM ? "addresses hidden: "
			 "kernel.kptr_restrict" : "needs CONFIG_KALLSYMS_ALL");
		return -1;
	}
	read_fn = fs->generic_read;
	tb_info("%s reads: %s (no %s here), of files whose f_op is %s", fs->name, read_fn,
		fs->read, fs->fops);
	return tb_cflags_add(cf, "-DTB_FS_FOPS=0x%llxULL", fops);
}

int tb_fs_attach(struct tb_prog *prog)
{
	const struct tb_fs *fs = tb_fs_opts.fs;
	const struct tb_probe probes[] = {
		{ TB_KPROBE, read_fn, "tb_fs_read_entry" },
		{ TB_KRETPROBE, read_fn, "tb_fs_read_return" },
		{ TB_KPROBE, fs->write, "tb_fs_write_entry" },
		{ TB_KRETPROBE, fs->write, "tb_fs_write_return" },
		{ TB_KPROBE, fs->open, "tb_fs_open_entry" },
		{ TB_KRETPROBE, fs->open, "tb_fs_open_return" },
		{ TB_KPROBE, fs->fsync, "tb_fs_fsync_entry" },
		{ TB_KRETPROBE, fs->fsync, "tb_fs_fsync_return" },
		{ TB_PROBE_END },
	};

	return tb_probes_attach(prog, probes);
}
