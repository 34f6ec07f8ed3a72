/* BPF side of the VFS tools (filetop, fileslower): what they read of a struct file at
 * vfs_read()/vfs_write(), and BCC's filter on it. Inlined into each program's embedded source
 * at build time; include after <linux/fs.h> and <linux/dcache.h>.
 * Option: ALL_FILES (-a: every file type, not only regular files). */
#ifndef TB_BPF_VFS_H
#define TB_BPF_VFS_H

/* the file type bits (uapi stat.h; a BTF-made header tree has no macros) */
#ifndef S_IFMT
#define S_IFMT 00170000
#endif
#ifndef S_IFREG
#define S_IFREG 0100000
#endif
#ifndef S_IFSOCK
#define S_IFSOCK 0140000
#endif

struct tb_vfs_file {
	struct inode *inode;
	umode_t mode;
	struct qstr name; /* the dentry's: length and a pointer to the bytes */
};

/* reads FILE's inode, mode and name; returns 0 when BCC's tools leave the I/O out: a file
 * with no name (anonymous pipes and the like), or without ALL_FILES one that is not a
 * regular file */
static __always_inline int tb_vfs_file_read(struct file *file, struct tb_vfs_file *f)
{
	struct dentry *de = NULL;

	__builtin_memset(f, 0, sizeof(*f));
	bpf_probe_read_kernel(&de, sizeof(de), &file->f_path.dentry);
	bpf_probe_read_kernel(&f->inode, sizeof(f->inode), &file->f_inode);
	bpf_probe_read_kernel(&f->mode, sizeof(f->mode), &f->inode->i_mode);
	bpf_probe_read_kernel(&f->name, sizeof(f->name), &de->d_name);
	if (f->name.len == 0)
		return 0;
#ifndef ALL_FILES
	if ((f->mode & S_IFMT) != S_IFREG)
		return 0;
#endif
	return 1;
}

/* the name's first sizeof(BUF) bytes (at most 32): so many always lie inside the name, a
 * shorter one being in the dentry's inline array (at least 32 bytes), a longer one in an
 * allocation of its length */
#define TB_VFS_NAME_READ(buf, f) bpf_probe_read_kernel(&(buf), sizeof(buf), (f)->name.name)

#endif
