/* Reading a binary's dynamic section (DT_NEEDED) by hand: a few header reads, no libelf. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bcc/bcc_proc.h>

#include "tb_elf.h"

static int read_at(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len ? 0 : -EIO;
}

/* The file offset of virtual address vaddr, through the PT_LOAD segment holding it. */
static long vaddr_to_offset(const Elf64_Phdr *ph, int n, Elf64_Addr vaddr)
{
	for (int i = 0; i < n; i++)
		if (ph[i].p_type == PT_LOAD && vaddr >= ph[i].p_vaddr &&
		    vaddr < ph[i].p_vaddr + ph[i].p_filesz)
			return (long)(vaddr - ph[i].p_vaddr + ph[i].p_offset);
	return -1;
}

int tb_elf_needed(const char *path, const char *part, char *out, size_t len)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph = NULL;
	Elf64_Dyn dyn;
	long dyn_off = -1, dyn_size = 0, strtab = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = -ENOENT;

	if (fd < 0)
		return -errno;
	if (read_at(fd, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    !eh.e_phnum) {
		err = -ENOEXEC;
		goto out;
	}
	ph = calloc(eh.e_phnum, sizeof(*ph));
	if (!ph || read_at(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff)) {
		err = ph ? -EIO : -ENOMEM;
		goto out;
	}
	for (int i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC) {
			dyn_off = ph[i].p_offset;
			dyn_size = ph[i].p_filesz;
		}
	/* first pass: DT_STRTAB, which the DT_NEEDED values are offsets into */
	for (long o = 0; dyn_off >= 0 && o + (long)sizeof(dyn) <= dyn_size; o += sizeof(dyn)) {
		if (read_at(fd, &dyn, sizeof(dyn), dyn_off + o) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_STRTAB)
			strtab = vaddr_to_offset(ph, eh.e_phnum, dyn.d_un.d_ptr);
	}
	for (long o = 0; strtab >= 0 && o + (long)sizeof(dyn) <= dyn_size; o += sizeof(dyn)) {
		char name[256];
		ssize_t n;

		if (read_at(fd, &dyn, sizeof(dyn), dyn_off + o) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag != DT_NEEDED)
			continue;
		n = pread(fd, name, sizeof(name) - 1, strtab + (long)dyn.d_un.d_val);
		if (n <= 0)
			continue;
		name[n] = 0;
		if (strlen(name) < (size_t)n && strstr(name, part)) {
			snprintf(out, len, "%s", name);
			err = 0;
			break;
		}
	}
out:
	free(ph);
	close(fd);
	return err;
}

char *tb_elf_needed_path(const char *path, const char *part)
{
	char soname[256], libname[256];
	const char *dot;

	if (tb_elf_needed(path, part, soname, sizeof(soname)))
		return NULL;
	/* libbcc's cache look-up takes "readline" for libreadline.so.N */
	dot = strstr(soname, ".so");
	snprintf(libname, sizeof(libname), "%.*s", (int)((dot ? dot : soname + strlen(soname)) -
		 soname - (strncmp(soname, "lib", 3) ? 0 : 3)), soname + (strncmp(soname, "lib", 3) ? 0 : 3));
	return bcc_procutils_which_so(libname, 0);
}

int tb_elf_build_id(const char *path, unsigned char *out, size_t len)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC), n = -ENOENT;

	if (fd < 0)
		return -errno;
	if (read_at(fd, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr)) {
		n = -ENOEXEC;
		goto out;
	}
	for (int i = 0; i < eh.e_phnum && n < 0; i++) {
		unsigned char notes[1024];
		size_t size, o = 0;

		if (read_at(fd, &ph, sizeof(ph), eh.e_phoff + (off_t)i * sizeof(ph)))
			break;
		if (ph.p_type != PT_NOTE)
			continue;
		/* the build-id note sits in a small segment of its own or near the start of one */
		size = ph.p_filesz < sizeof(notes) ? ph.p_filesz : sizeof(notes);
		if (read_at(fd, notes, size, ph.p_offset))
			continue;
		while (o + sizeof(Elf64_Nhdr) <= size) {
			Elf64_Nhdr nh;
			size_t name_len, desc_len;

			memcpy(&nh, notes + o, sizeof(nh));
			name_len = (nh.n_namesz + 3) & ~3u;
			desc_len = (nh.n_descsz + 3) & ~3u;
			o += sizeof(nh);
			if (name_len > size - o || desc_len > size - o - name_len)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp(notes + o, "GNU", 4) && nh.n_descsz <= len) {
				memcpy(out, notes + o + name_len, nh.n_descsz);
				n = nh.n_descsz;
				break;
			}
			o += name_len + desc_len;
		}
	}
out:
	close(fd);
	return n;
}
