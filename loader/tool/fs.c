/* The file system tools' probes (tb_fs.h). */
#include <errno.h>
#include <stddef.h>

#include "tb_features.h"
#include "tb_fs.h"
#include "tb_log.h"
#include "tb_options.h"
#include "tb_tool.h"

/* the read function chosen by tb_fs_prepare: one file system per process */
static const char *read_fn;

int tb_fs_prepare(const struct tb_fs *fs, struct tb_cflags *cf)
{
	unsigned long long fops = 0;
	int err;

	read_fn = fs->read;
	/* without kprobes nothing attaches anyway (a forced --attach kprobe compiles the
	 * file system's own variant, and its attach says what is missing) */
	if (!fs->generic_read || !tb_kprobes_supported() || tb_kprobe_exists(fs->read)) {
		tb_info("%s reads: %s", fs->name, fs->read);
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

int tb_fs_attach(struct tb_prog *prog, const struct tb_fs *fs)
{
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
