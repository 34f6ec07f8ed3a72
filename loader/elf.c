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
