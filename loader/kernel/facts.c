/* Kernel facts for the BPF side (see tb_facts.h): probed on the target, cached per kernel build. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bcc/libbpf.h>
#include <bpf/btf.h>
#include <linux/bpf.h>

#include "tb_facts.h"
#include "tb_features.h"
#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_options.h"
#include "tb_output.h"
#include "tracebox.h"
#include "tb_trust.h"

/* Bumped whenever a probe changes what it finds: part of the facts file's name. */
#define TB_FACTS_GENERATION 12

/* --- tiny program loads ------------------------------------------------------------------- */

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s) INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i) INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define CALL(f) INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)

/* Loads insns as type quietly (libbcc prints a refused program's log itself). true if loaded. */
static bool loads(int type, const struct bpf_insn *insns, size_t n)
{
	int capture = tb_stderr_capture_begin(), fd;

	fd = bcc_prog_load(type, "tb_fact", insns, (int)(n * sizeof(*insns)), "GPL", 0, 0, NULL, 0);
	free(tb_stderr_capture_end(capture));
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static bool probe_raw_tracepoints(void)
{
	const struct bpf_insn insns[] = { MOV64_IMM(BPF_REG_0, 0), EXIT() };

	return loads(BPF_PROG_TYPE_RAW_TRACEPOINT, insns, 2);
}

/* Looks up an array map's slot 0 and passes the value it points to as map_update_elem's value:
 * before 4.16 the verifier wants stack memory there ("R3 type=map_value expected=fp"). */
static bool probe_map_value_args(void)
{
	int map = bcc_create_map(BPF_MAP_TYPE_ARRAY, "tb_fact", 4, 8, 1, 0);
	bool ok;

	if (map < 0)
		return false;
	const struct bpf_insn insns[] = {
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0), /* key 0 at fp-4 */
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -4),
		CALL(BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 7, 0), /* NULL: to the exit */
		MOV64_REG(BPF_REG_3, BPF_REG_0),
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -4),
		MOV64_IMM(BPF_REG_4, 0),
		CALL(BPF_FUNC_map_update_elem),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	ok = loads(BPF_PROG_TYPE_TRACEPOINT, insns, sizeof(insns) / sizeof(insns[0]));
	close(map);
	return ok;
}

/* 4,100 instructions: refused (E2BIG) where 4,096 is every program's limit (before 5.2). */
static bool probe_large_programs(void)
{
	enum { N = 4100 };
	struct bpf_insn *insns = calloc(N, sizeof(*insns));
	bool ok;

	if (!insns)
		return false;
	for (int i = 0; i < N - 1; i++)
		insns[i] = MOV64_IMM(BPF_REG_0, 0);
	insns[N - 1] = EXIT();
	ok = loads(BPF_PROG_TYPE_TRACEPOINT, insns, N);
	free(insns);
	return ok;
}

/* r0 counts to 4 through a backward jump: refused as a "back-edge" before 5.3. */
static bool probe_bounded_loops(void)
{
	const struct bpf_insn insns[] = {
		MOV64_IMM(BPF_REG_0, 0),
		ADD64_IMM(BPF_REG_0, 1),
		INSN(BPF_JMP | BPF_JLT | BPF_K, BPF_REG_0, 0, -2, 4),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};

	return loads(BPF_PROG_TYPE_TRACEPOINT, insns, sizeof(insns) / sizeof(insns[0]));
}

/* A function's second argument, watched: a kprobe program on fn stores the register that
 * holds it when this process calls fn, and trigger(arg) makes the call. 0 and *seen set, or
 * -1 (no kprobe, or not called). For kernels with neither BTF nor a declaration in their
 * headers. */
static int watch_second_arg(const char *fn, unsigned int version_code, void (*trigger)(void *),
			    void *arg, uint64_t *seen)
{
#if defined(__x86_64__)
	const int si = 13 * 8; /* struct pt_regs: the second argument's register */
	int map = bcc_create_map(BPF_MAP_TYPE_ARRAY, "tb_fact", 4, 8, 1, 0), prog = -1, link = -1;
	int capture, key = 0, err, ret = -1;
	char ev[64];

	if (map < 0)
		return -1;
	const struct bpf_insn insns[] = {
		MOV64_REG(BPF_REG_6, BPF_REG_1),
		CALL(BPF_FUNC_get_current_pid_tgid),
		INSN(BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_0, 0, 0, 32),
		INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 11, (int)getpid()), /* not us: exit */
		INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_6, si, 0),
		INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, BPF_REG_1, -8, 0),
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -12, 0),
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -12),
		MOV64_REG(BPF_REG_3, BPF_REG_10),
		ADD64_IMM(BPF_REG_3, -8),
		MOV64_IMM(BPF_REG_4, 0),
		CALL(BPF_FUNC_map_update_elem),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	capture = tb_stderr_capture_begin();
	prog = bcc_prog_load(BPF_PROG_TYPE_KPROBE, "tb_fact", insns, sizeof(insns), "GPL",
			     version_code, 0, NULL, 0);
	err = prog < 0 ? errno : 0;
	snprintf(ev, sizeof(ev), "tb_fact_%s_%d", fn, (int)getpid());
	if (prog >= 0) {
		link = bpf_attach_kprobe(prog, BPF_PROBE_ENTRY, ev, fn, 0, 0);
		err = link < 0 ? errno : 0;
	}
	free(tb_stderr_capture_end(capture));
	if (link >= 0) {
		*seen = 0;
		trigger(arg);
		bpf_lookup_elem(map, &key, seen);
		ret = *seen ? 0 : -1;
		bpf_close_perf_event_fd(link);
		bpf_detach_kprobe(ev);
	} else {
		tb_info("cannot watch %s with a kprobe: %s %s", fn, prog < 0 ? "load" : "attach",
			strerror(err));
	}
	if (prog >= 0)
		close(prog);
	close(map);
	return ret;
#else
	(void)fn, (void)version_code, (void)trigger, (void)arg, (void)seen;
	return -1;
#endif
}

/* a kernel address: the top half (0xff11... with 5-level paging, 0xffff8... with 4) */
static bool kernel_address(uint64_t v)
{
	return v >> 63;
}

static void call_unlinkat(void *path)
{
	unlinkat(AT_FDCWD, path, 0);
}

/* do_unlinkat's second argument: the caller's own pointer comes back before 4.16; a kernel
 * address (a struct filename *) after. */
static enum tb_unlinkat_arg probe_unlinkat_by_kprobe(unsigned int version_code)
{
	static const char path[] = "/nonexistent-tracebox-probe/do_unlinkat";
	uint64_t seen = 0;

	if (watch_second_arg("do_unlinkat", version_code, call_unlinkat, (void *)path, &seen))
		return TB_UNLINKAT_UNKNOWN;
	if (seen == (uint64_t)(uintptr_t)path)
		return TB_UNLINKAT_USER;
	if (kernel_address(seen))
		return TB_UNLINKAT_FILENAME;
	tb_info("do_unlinkat's watch saw 0x%llx for the name at %p", (unsigned long long)seen,
		(void *)path);
	return TB_UNLINKAT_UNKNOWN;
}

/* One byte written to the slave side of a new pty, which tty_write() handles. */
static void write_pty(void *buf)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), slave = -1;
	const char *name;

	if (master < 0 || grantpt(master) || unlockpt(master) || !(name = ptsname(master)))
		goto out;
	slave = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (slave >= 0 && write(slave, buf, 1) != 1)
		tb_info("cannot write to %s: %s", name, strerror(errno));
out:
	if (slave >= 0)
		close(slave);
	if (master >= 0)
		close(master);
}

/* tty_write's second argument: the writer's own buffer before write_iter (5.11), a kernel
 * address (a struct iov_iter *) since. */
static enum tb_tty_write_form probe_tty_write_by_kprobe(unsigned int version_code)
{
	static char buf[1] = "\n";
	uint64_t seen = 0;

	if (watch_second_arg("tty_write", version_code, write_pty, buf, &seen))
		return TB_TTY_WRITE_UNKNOWN;
	if (seen == (uint64_t)(uintptr_t)buf)
		return TB_TTY_WRITE_USER;
	if (kernel_address(seen))
		return TB_TTY_WRITE_ITER;
	tb_info("tty_write's watch saw 0x%llx for the buffer at %p", (unsigned long long)seen,
		(void *)buf);
	return TB_TTY_WRITE_UNKNOWN;
}

/* --- the kernel's version code ------------------------------------------------------------ */

unsigned int tb_facts_vdso_version(const void *image)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *ph;

	if (!eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return 0;
	ph = (const Elf64_Phdr *)((const char *)image + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		const char *p, *end;

		if (ph[i].p_type != PT_NOTE)
			continue;
		/* the vDSO is mapped as one piece: file offsets are offsets into the image */
		p = (const char *)image + ph[i].p_offset;
		end = p + ph[i].p_filesz;
		while (p + sizeof(Elf64_Nhdr) <= end) {
			const Elf64_Nhdr *nh = (const Elf64_Nhdr *)p;
			const char *name = p + sizeof(*nh);
			const char *desc = name + ((nh->n_namesz + 3) & ~3u);

			if (desc + nh->n_descsz > end)
				break;
			if (nh->n_type == 0 && nh->n_namesz == 6 && !memcmp(name, "Linux", 6) &&
			    nh->n_descsz == 4)
				return *(const uint32_t *)desc;
			p = desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 0;
}

/* The vDSO carries LINUX_VERSION_CODE as the kernel was built (4.19.222's board tree says
 * 4.19.255: stable kernels cap the sublevel); uname is the fallback. */
static unsigned int running_version_code(void)
{
	unsigned int code = tb_facts_vdso_version((const void *)getauxval(AT_SYSINFO_EHDR));
	struct utsname uts;

	if (code || uname(&uts))
		return code;
	return tb_kernel_version_code(uts.release);
}

/* --- facts from the headers or BTF --------------------------------------------------------- */

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* "word;" (or "word[", an array) as a whole identifier somewhere in [s, end) */
static bool has_member(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(s, word); p && p + n < end; p = strstr(p + 1, word))
		if ((p == s || !is_ident(p[-1])) && (p[n] == ';' || p[n] == '['))
			return true;
	return false;
}

int tb_facts_struct_has(const char *text, const char *open, const char *member)
{
	const char *start = strstr(text, open), *end;

	if (!start)
		return -1;
	end = strstr(start, "\n};");
	return has_member(start, end ? end : start + strlen(start), member);
}

int tb_facts_member_follows(const char *text, const char *open, const char *first,
			    const char *member)
{
	const char *start = strstr(text, open), *end, *p = NULL, *semi;
	size_t n = strlen(first);

	if (!start)
		return -1;
	end = strstr(start, "\n};");
	if (!end)
		end = start + strlen(start);
	for (const char *q = strstr(start, first); q && q + n < end; q = strstr(q + 1, first))
		if (!is_ident(q[-1]) && q[n] == ';') {
			p = q + n + 1;
			break;
		}
	if (!p)
		return -1;
	for (p += strspn(p, " \t\n"); !strncmp(p, "/*", 2); p += strspn(p, " \t\n")) {
		const char *c = strstr(p + 2, "*/");

		if (!c || c >= end)
			return 0;
		p = c + 2;
	}
	semi = memchr(p, ';', (size_t)(end - p));
	/* a declaration under #ifdef is not there on every configuration: not "right after" */
	if (!semi || memchr(p, '#', (size_t)(semi - p)))
		return 0;
	return has_member(p, semi + 1, member);
}

const char *tb_facts_task_state_from_header(const char *text)
{
	const char *start = strstr(text, "struct task_struct {"), *end;

	if (!start)
		return "";
	/* the struct ends at the first "\n};" after its opening line */
	end = strstr(start, "\n};");
	if (!end)
		end = start + strlen(start);
	if (has_member(start, end, "__state"))
		return "__state";
	if (has_member(start, end, "state"))
		return "state";
	return "";
}

/* Which of the words first appears in the parameter list of the declaration that starts
 * with decl ("do_unlinkat(int"): its index, or -1 (no declaration, or none of them). */
static int param_word(const char *text, const char *decl, const char *const *words, int n)
{
	const char *p = strstr(text, decl), *end = p ? strchr(p, ')') : NULL;

	for (const char *q = p; end && q < end; q++)
		for (int i = 0; i < n; i++)
			if (q + strlen(words[i]) <= end && !strncmp(q, words[i], strlen(words[i])))
				return i;
	return -1;
}

enum tb_unlinkat_arg tb_facts_unlinkat_from_header(const char *text)
{
	static const char *const words[] = { "struct filename", "char" };
	static const enum tb_unlinkat_arg args[] = { TB_UNLINKAT_FILENAME, TB_UNLINKAT_USER };
	int i = param_word(text, "do_unlinkat(int", words, 2);

	return i < 0 ? TB_UNLINKAT_UNKNOWN : args[i];
}

/* the last parameter's name: "int cap, unsigned int opts" or "int cap, int audit" */
enum tb_cap_arg tb_facts_cap_arg_from_header(const char *text)
{
	static const char *const words[] = { "opts", "audit" };
	static const enum tb_cap_arg args[] = { TB_CAP_ARG_OPTS, TB_CAP_ARG_AUDIT };
	int i = param_word(text, "int cap_capable(", words, 2);

	return i < 0 ? TB_CAP_ARG_UNKNOWN : args[i];
}

/* the first parameter: "struct inode *" before 5.12, an idmapping's pointer since */
int tb_facts_vfs_idmap_from_header(const char *fs_h)
{
	static const char *const words[] = { "struct inode", "struct user_namespace",
					     "struct mnt_idmap" };
	int i = param_word(fs_h, "int vfs_unlink(", words, 3);

	return i < 0 ? -1 : i > 0;
}

/* struct iov_iter (tcpconnect -d's udp_recvmsg msghdr, ttysnoop's tty_write): its members,
 * which nest in anonymous unions (4.14: "int type; ... const struct iovec *iov;"; 6.4: "u8 iter_type; ...
 * const struct iovec *__iov; ... void __user *ubuf;") */
int tb_facts_iov_iter_from_header(const char *uio_h, struct tb_facts *f)
{
	int iter_type = tb_facts_struct_has(uio_h, "struct iov_iter {", "iter_type");

	if (iter_type < 0)
		return -1;
	f->iov_iter_has_iter_type = iter_type;
	f->iov_iter_has_dunder_iov = tb_facts_struct_has(uio_h, "struct iov_iter {", "__iov") == 1;
	f->iov_iter_has_ubuf = tb_facts_struct_has(uio_h, "struct iov_iter {", "ubuf") == 1;
	return 0;
}

static char *read_file(const char *dir, const char *rel)
{
	char path[8400];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (access(path, R_OK))
		return NULL;
	return tb_read_text(path, "kernel header");
}

static void facts_from_headers(struct tb_facts *f, const char *tree)
{
	/* Debian splits a tree: build/ has the generated files and source/ the rest */
	static const char *const roots[] = { "", "/../source" };
	char dir[4200];

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		char *text;

		snprintf(dir, sizeof(dir), "%s%s", tree, roots[i]);
		if (!f->task_state[0] && (text = read_file(dir, "include/linux/sched.h"))) {
			snprintf(f->task_state, sizeof(f->task_state), "%s",
				 tb_facts_task_state_from_header(text));
			if (f->task_state[0])
				f->task_state_from = TB_FACT_HEADERS;
			free(text);
		}
		/* declared in syscalls.h from 4.16 to 5.x; fs/internal.h (not shipped) later */
		if (!f->unlinkat_arg && (text = read_file(dir, "include/linux/syscalls.h"))) {
			f->unlinkat_arg = tb_facts_unlinkat_from_header(text);
			if (f->unlinkat_arg)
				f->unlinkat_from = TB_FACT_HEADERS;
			free(text);
		}
		if (!f->cap_arg && (text = read_file(dir, "include/linux/security.h"))) {
			f->cap_arg = tb_facts_cap_arg_from_header(text);
			if (f->cap_arg)
				f->cap_from = TB_FACT_HEADERS;
			free(text);
		}
		if (!f->sk_proto_from && (text = read_file(dir, "include/net/sock.h"))) {
			int has = tb_facts_struct_has(text, "struct sock {", "__sk_flags_offset");

			if (has >= 0) {
				f->sk_proto_in_flags = has;
				f->sk_proto_from = TB_FACT_HEADERS;
			}
			free(text);
		}
		/* struct cfs_rq is private: sched_entity's runnable_weight, right after load, came
		 * and went with cfs_rq's (4.15, 5.7; the one 5.7 brought back sits further down, under
		 * CONFIG_FAIR_GROUP_SCHED, and cfs_rq has none) */
		if (!f->cfs_rq_from && (text = read_file(dir, "include/linux/sched.h"))) {
			int has = tb_facts_member_follows(text, "struct sched_entity {", "load",
							  "runnable_weight");

			if (has >= 0) {
				f->cfs_rq_runnable_weight = has;
				f->cfs_rq_from = TB_FACT_HEADERS;
			}
			free(text);
		}
		if (!f->vfs_idmap_from && (text = read_file(dir, "include/linux/fs.h"))) {
			int has = tb_facts_vfs_idmap_from_header(text);

			if (has >= 0) {
				f->vfs_idmap = has;
				f->vfs_idmap_from = TB_FACT_HEADERS;
			}
			free(text);
		}
		if (!f->iov_iter_from && (text = read_file(dir, "include/linux/uio.h"))) {
			if (!tb_facts_iov_iter_from_header(text, f))
				f->iov_iter_from = TB_FACT_HEADERS;
			free(text);
		}
		if (!f->inet_flags_from && (text = read_file(dir, "include/net/inet_sock.h"))) {
			int has = tb_facts_struct_has(text, "struct inet_sock {", "inet_flags");

			if (has >= 0) {
				f->inet_flags = has;
				f->inet_flags_from = TB_FACT_HEADERS;
			}
			free(text);
		}
	}
}

static const struct btf_type *btf_pointee(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_const(t) || btf_is_volatile(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(btf, t->type);
	while (t && (btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

/* 1 or 0, -1 when BTF has no such struct */
static int btf_struct_has(const struct btf *btf, const char *name, const char *member)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++) {
		const char *m = btf__name_by_offset(btf, btf_members(t)[i].name_off);

		if (m && !strcmp(m, member))
			return 1;
	}
	return t ? 0 : -1;
}

/* Whether the struct or union t has member, also inside its anonymous struct and union
 * members (struct iov_iter's __iov and ubuf) */
static bool btf_has_deep(const struct btf *btf, const struct btf_type *t, const char *member,
			 int depth)
{
	for (int i = 0; t && depth < 4 && i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *mt = btf__type_by_id(btf, m->type);

		if (name && !strcmp(name, member))
			return true;
		if ((!name || !*name) && mt && (btf_is_struct(mt) || btf_is_union(mt)) &&
		    btf_has_deep(btf, mt, member, depth + 1))
			return true;
	}
	return false;
}

/* struct iov_iter's members (tcpconnect -d, ttysnoop), when the headers did not say */
static void iov_iter_from_btf(struct tb_facts *f, const struct btf *btf)
{
	int id = btf__find_by_name_kind(btf, "iov_iter", BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

	if (!t || f->iov_iter_from)
		return;
	f->iov_iter_has_iter_type = btf_has_deep(btf, t, "iter_type", 0);
	f->iov_iter_has_dunder_iov = btf_has_deep(btf, t, "__iov", 0);
	f->iov_iter_has_ubuf = btf_has_deep(btf, t, "ubuf", 0);
	f->iov_iter_from = TB_FACT_BTF;
}

/* Only what is still unknown. */
static void facts_from_btf(struct tb_facts *f)
{
	struct btf *btf = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	const struct btf_type *t;
	int id, has;

	if (!btf)
		return;
	id = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	for (int i = 0; t && !f->task_state[0] && i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(btf, btf_members(t)[i].name_off);

		if (name && (!strcmp(name, "__state") || !strcmp(name, "state"))) {
			snprintf(f->task_state, sizeof(f->task_state), "%s", name);
			f->task_state_from = TB_FACT_BTF;
			break;
		}
	}
	id = btf__find_by_name_kind(btf, "do_unlinkat", BTF_KIND_FUNC);
	t = id > 0 ? btf__type_by_id(btf, btf__type_by_id(btf, id)->type) : NULL;
	if (t && !f->unlinkat_arg && btf_is_func_proto(t) && btf_vlen(t) >= 2) {
		const struct btf_type *arg = btf_pointee(btf, btf_params(t)[1].type);
		const char *name = arg ? btf__name_by_offset(btf, arg->name_off) : NULL;

		if (arg && btf_is_struct(arg) && name && !strcmp(name, "filename"))
			f->unlinkat_arg = TB_UNLINKAT_FILENAME;
		else if (arg && btf_is_int(arg))
			f->unlinkat_arg = TB_UNLINKAT_USER;
		if (f->unlinkat_arg)
			f->unlinkat_from = TB_FACT_BTF;
	}
	/* BTF keeps the parameters' names: "opts" or "audit" */
	id = btf__find_by_name_kind(btf, "cap_capable", BTF_KIND_FUNC);
	t = id > 0 ? btf__type_by_id(btf, btf__type_by_id(btf, id)->type) : NULL;
	if (t && !f->cap_arg && btf_is_func_proto(t) && btf_vlen(t) >= 4) {
		const char *name = btf__name_by_offset(btf, btf_params(t)[3].name_off);

		if (name && !strcmp(name, "opts"))
			f->cap_arg = TB_CAP_ARG_OPTS;
		else if (name && !strcmp(name, "audit"))
			f->cap_arg = TB_CAP_ARG_AUDIT;
		if (f->cap_arg)
			f->cap_from = TB_FACT_BTF;
	}
	if (!f->sk_proto_from && (has = btf_struct_has(btf, "sock", "__sk_flags_offset")) >= 0) {
		f->sk_proto_in_flags = has;
		f->sk_proto_from = TB_FACT_BTF;
	}
	if (!f->inet_flags_from && (has = btf_struct_has(btf, "inet_sock", "inet_flags")) >= 0) {
		f->inet_flags = has;
		f->inet_flags_from = TB_FACT_BTF;
	}
	if (!f->cfs_rq_from && (has = btf_struct_has(btf, "cfs_rq", "runnable_weight")) >= 0) {
		f->cfs_rq_runnable_weight = has;
		f->cfs_rq_nr_queued = btf_struct_has(btf, "cfs_rq", "nr_queued") == 1;
		f->cfs_rq_from = TB_FACT_BTF;
	}
	/* vfs_unlink's first parameter points to a struct inode, or to an idmapping */
	id = btf__find_by_name_kind(btf, "vfs_unlink", BTF_KIND_FUNC);
	t = id > 0 ? btf__type_by_id(btf, btf__type_by_id(btf, id)->type) : NULL;
	if (t && !f->vfs_idmap_from && btf_is_func_proto(t) && btf_vlen(t) >= 3) {
		const struct btf_type *arg = btf_pointee(btf, btf_params(t)[0].type);
		const char *name = arg ? btf__name_by_offset(btf, arg->name_off) : NULL;

		if (arg && btf_is_struct(arg) && name) {
			f->vfs_idmap = strcmp(name, "inode") != 0;
			f->vfs_idmap_from = TB_FACT_BTF;
		}
	}
	iov_iter_from_btf(f, btf);
	/* tty_write's first parameter: struct kiocb * (write_iter) or struct file * */
	id = btf__find_by_name_kind(btf, "tty_write", BTF_KIND_FUNC);
	t = id > 0 ? btf__type_by_id(btf, btf__type_by_id(btf, id)->type) : NULL;
	if (t && !f->tty_write && btf_is_func_proto(t) && btf_vlen(t) >= 2) {
		const struct btf_type *arg = btf_pointee(btf, btf_params(t)[0].type);
		const char *name = arg ? btf__name_by_offset(btf, arg->name_off) : NULL;

		if (name && !strcmp(name, "kiocb"))
			f->tty_write = TB_TTY_WRITE_ITER;
		else if (name && !strcmp(name, "file"))
			f->tty_write = TB_TTY_WRITE_USER;
		if (f->tty_write)
			f->tty_write_from = TB_FACT_BTF;
	}
	btf__free(btf);
}

/* --- the facts file ------------------------------------------------------------------------ */

static const char *const unlinkat_names[] = { "", "filename", "user" };
static const char *const cap_arg_names[] = { "", "opts", "audit" };
static const char *const tty_write_names[] = { "", "iter", "user" };

int tb_facts_format(const struct tb_facts *f, char *out, size_t len)
{
	int n = snprintf(out, len,
			 "raw_tracepoints=%d\nmap_value_args=%d\nprobe_read_user=%d\n"
			 "large_programs=%d\nbounded_loops=%d\nkprobe_pmu=%d\nuprobe_pmu=%d\n"
			 "uprobe_ref_ctr=%d\nsk_proto_in_flags=%d\ninet_flags=%d\n"
			 "map_alloc_any_context=%d\n"
			 "cfs_rq_runnable_weight=%d\ncfs_rq_nr_queued=%d\ncfs_rq_from=%d\n"
			 "version_code=%u\ntask_state=%s\ntask_state_from=%d\nunlinkat_arg=%s\n"
			 "unlinkat_from=%d\ncap_arg=%s\ncap_from=%d\nsk_proto_from=%d\n"
			 "inet_flags_from=%d\nvfs_idmap=%d\nvfs_idmap_from=%d\n"
			 "iov_iter_has_iter_type=%d\niov_iter_has_dunder_iov=%d\niov_iter_has_ubuf=%d\n"
			 "iov_iter_from=%d\ntty_write=%s\ntty_write_from=%d\n",
			 f->raw_tracepoints, f->map_value_args, f->probe_read_user,
			 f->large_programs, f->bounded_loops, f->kprobe_pmu, f->uprobe_pmu,
			 f->uprobe_ref_ctr, f->sk_proto_in_flags, f->inet_flags,
			 f->map_alloc_any_context, f->cfs_rq_runnable_weight, f->cfs_rq_nr_queued,
			 f->cfs_rq_from, f->version_code, f->task_state, f->task_state_from,
			 unlinkat_names[f->unlinkat_arg], f->unlinkat_from,
			 cap_arg_names[f->cap_arg], f->cap_from, f->sk_proto_from,
			 f->inet_flags_from, f->vfs_idmap, f->vfs_idmap_from,
			 f->iov_iter_has_iter_type, f->iov_iter_has_dunder_iov, f->iov_iter_has_ubuf,
			 f->iov_iter_from, tty_write_names[f->tty_write], f->tty_write_from);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int tb_facts_parse(const char *text, struct tb_facts *f)
{
	struct {
		const char *name;
		bool *flag;
	} flags[] = {
		{ "raw_tracepoints", &f->raw_tracepoints }, { "map_value_args", &f->map_value_args },
		{ "probe_read_user", &f->probe_read_user }, { "large_programs", &f->large_programs },
		{ "bounded_loops", &f->bounded_loops },     { "kprobe_pmu", &f->kprobe_pmu },
		{ "uprobe_pmu", &f->uprobe_pmu },           { "uprobe_ref_ctr", &f->uprobe_ref_ctr },
		{ "sk_proto_in_flags", &f->sk_proto_in_flags }, { "inet_flags", &f->inet_flags },
		{ "map_alloc_any_context", &f->map_alloc_any_context },
		{ "cfs_rq_runnable_weight", &f->cfs_rq_runnable_weight },
		{ "cfs_rq_nr_queued", &f->cfs_rq_nr_queued },
		{ "vfs_idmap", &f->vfs_idmap },
		{ "iov_iter_has_iter_type", &f->iov_iter_has_iter_type },
		{ "iov_iter_has_dunder_iov", &f->iov_iter_has_dunder_iov },
		{ "iov_iter_has_ubuf", &f->iov_iter_has_ubuf },
	};
	int seen = 0;

	memset(f, 0, sizeof(*f));
	for (const char *line = text; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
		const char *eq = strchr(line, '=');
		size_t name_len = eq ? (size_t)(eq - line) : 0, val_len;
		const char *val = eq + 1;

		if (!eq || eq > line + strcspn(line, "\n"))
			return -1;
		val_len = strcspn(val, "\n");
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
			if (strlen(flags[i].name) == name_len && !strncmp(line, flags[i].name, name_len)) {
				if (val_len != 1 || (*val != '0' && *val != '1'))
					return -1;
				*flags[i].flag = *val == '1';
				seen++;
			}
#define IS(name) (strlen(name) == name_len && !strncmp(line, name, name_len))
		if (IS("version_code")) {
			f->version_code = (unsigned int)strtoul(val, NULL, 10);
			seen++;
		} else if (IS("task_state")) {
			if (val_len >= sizeof(f->task_state) ||
			    (val_len && strncmp(val, "__state", val_len) && strncmp(val, "state", val_len)))
				return -1;
			memcpy(f->task_state, val, val_len);
			f->task_state[val_len] = 0;
			seen++;
		} else if (IS("task_state_from")) {
			f->task_state_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("unlinkat_arg")) {
			for (int i = 0; i < 3; i++)
				if (strlen(unlinkat_names[i]) == val_len &&
				    !strncmp(val, unlinkat_names[i], val_len))
					f->unlinkat_arg = (enum tb_unlinkat_arg)i;
			seen++;
		} else if (IS("unlinkat_from")) {
			f->unlinkat_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("cap_arg")) {
			for (int i = 0; i < 3; i++)
				if (strlen(cap_arg_names[i]) == val_len &&
				    !strncmp(val, cap_arg_names[i], val_len))
					f->cap_arg = (enum tb_cap_arg)i;
			seen++;
		} else if (IS("cap_from")) {
			f->cap_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("sk_proto_from")) {
			f->sk_proto_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("inet_flags_from")) {
			f->inet_flags_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("cfs_rq_from")) {
			f->cfs_rq_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("vfs_idmap_from")) {
			f->vfs_idmap_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("iov_iter_from")) {
			f->iov_iter_from = (enum tb_fact_source)(*val - '0');
		} else if (IS("tty_write")) {
			for (int i = 0; i < 3; i++)
				if (strlen(tty_write_names[i]) == val_len &&
				    !strncmp(val, tty_write_names[i], val_len))
					f->tty_write = (enum tb_tty_write_form)i;
			seen++;
		} else if (IS("tty_write_from")) {
			f->tty_write_from = (enum tb_fact_source)(*val - '0');
		}
#undef IS
	}
	return seen == 22 ? 0 : -1;
}

/* "facts-<release>-<hash>": one file per kernel build and header tree. */
static int facts_path(char *out, size_t len)
{
	struct tb_kheaders kh;
	struct utsname uts;
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned int gen = TB_FACTS_GENERATION;
	struct stat st;

	if (uname(&uts))
		return -1;
	tb_kheaders_choose(&kh);
	h = tb_fnv1a(h, &gen, sizeof(gen));
	h = tb_fnv1a(h, uts.version, strlen(uts.version));
	h = tb_fnv1a(h, uts.machine, strlen(uts.machine));
	h = tb_fnv1a(h, &kh.kind, sizeof(kh.kind));
	h = tb_fnv1a(h, kh.path, strlen(kh.path));
	/* the same path may hold another tree tomorrow */
	char probe[4200];
	snprintf(probe, sizeof(probe), "%s/include/linux/sched.h", kh.path);
	if (kh.kind != TB_KHEADERS_BTF && !stat(probe, &st)) {
		h = tb_fnv1a(h, &st.st_mtime, sizeof(st.st_mtime));
		h = tb_fnv1a(h, &st.st_size, sizeof(st.st_size));
	}
	return snprintf(out, len, "%s/facts-%s-%016llx", tb_cache_root(), uts.release,
			(unsigned long long)h) < (int)len ? 0 : -1;
}

/* A facts file is trusted like the compile cache: read through the checked cache root's fd
 * (trust.c), root's, writable by root alone. path is <cache root>/<name>. */
static bool read_cached(const char *path, struct tb_facts *f)
{
	struct tb_trust_why why;
	struct stat st;
	char *text;
	int root_fd = tb_cache_root_open();
	int fd = root_fd < 0 ? -1 : tb_trust_openat_file(root_fd, strrchr(path, '/') + 1, &why);
	bool ok = false;

	if (fd < 0)
		return false;
	if (!fstat(fd, &st) && st.st_size > 0 && st.st_size < 4096) {
		text = calloc(1, st.st_size + 1);
		if (text && read(fd, text, st.st_size) == st.st_size)
			ok = !tb_facts_parse(text, f);
		free(text);
	}
	close(fd);
	if (!ok)
		tb_info("kernel facts file '%s' unusable: probing again", path);
	return ok;
}

static void write_cached(const char *path, const struct tb_facts *f)
{
	char text[1024], tmp[300];
	const char *name = strrchr(path, '/') + 1;
	int root_fd = tb_cache_root_open();
	int fd;

	if (tb_facts_format(f, text, sizeof(text)) || root_fd < 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", name, (int)getpid());
	fd = openat(root_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text) || fsync(fd) || close(fd) ||
	    renameat(root_fd, tmp, root_fd, name)) {
		unlinkat(root_fd, tmp, 0);
		return;
	}
}

static void probe_all(struct tb_facts *f)
{
	struct tb_kheaders kh;

	f->raw_tracepoints = probe_raw_tracepoints();
	f->map_value_args = probe_map_value_args();
	f->probe_read_user = tb_helper_supported(BPF_FUNC_probe_read_user_str);
	f->large_programs = probe_large_programs();
	f->bounded_loops = probe_bounded_loops();
	f->kprobe_pmu = !access("/sys/bus/event_source/devices/kprobe/type", F_OK);
	f->uprobe_pmu = !access("/sys/bus/event_source/devices/uprobe/type", F_OK);
	f->uprobe_ref_ctr = !access("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset", F_OK);
	/* BPF's own element allocator, which the kernel uses for maps not preallocated (6.1) */
	f->map_alloc_any_context = tb_ksym_exists("bpf_mem_alloc");
	f->version_code = running_version_code();
	/* classic headers first: what the program is compiled against must name the member it
	 * has (they agree with BTF unless the user pointed BCC_KERNEL_SOURCE at another kernel's
	 * tree); BTF fills what the headers do not say */
	tb_kheaders_choose(&kh);
	if (kh.kind != TB_KHEADERS_BTF && kh.kind != TB_KHEADERS_NONE && kh.path[0])
		facts_from_headers(f, kh.path);
	if (tb_btf_present())
		facts_from_btf(f);
}

static struct tb_facts facts;
static char facts_file[4200];

const struct tb_facts *tb_facts(void)
{
	static bool ready;
	char *path = facts_file;
	uint64_t start = tb_monotonic_ns();

	if (ready)
		return &facts;
	ready = true;
	if (!facts_path(path, sizeof(facts_file)) && read_cached(path, &facts)) {
		facts.from_cache = true;
		return &facts;
	}
	/* not readable by an unprivileged user (0700 root): probe, but do not store */
	probe_all(&facts);
	tb_info("kernel facts probed in %.0f ms", (tb_monotonic_ns() - start) / 1e6);
	if (geteuid() == 0 && path[0])
		write_cached(path, &facts);
	return &facts;
}

enum tb_unlinkat_arg tb_facts_unlinkat(void)
{
	struct tb_facts *f = (struct tb_facts *)tb_facts();
	static bool watched;

	if (f->unlinkat_arg || watched || !tb_kprobe_exists("do_unlinkat"))
		return f->unlinkat_arg;
	watched = true;
	f->unlinkat_arg = probe_unlinkat_by_kprobe(f->version_code);
	tb_info("do_unlinkat's name argument watched by a kprobe: %s",
		f->unlinkat_arg == TB_UNLINKAT_USER ? "const char __user *" :
		f->unlinkat_arg == TB_UNLINKAT_FILENAME ? "struct filename *" : "unknown");
	if (f->unlinkat_arg) {
		f->unlinkat_from = TB_FACT_LOAD;
		if (geteuid() == 0 && facts_file[0])
			write_cached(facts_file, f);
	}
	return f->unlinkat_arg;
}

enum tb_tty_write_form tb_facts_tty_write(void)
{
	struct tb_facts *f = (struct tb_facts *)tb_facts();
	static bool watched;

	if (f->tty_write || watched || !tb_kprobe_exists("tty_write"))
		return f->tty_write;
	watched = true;
	f->tty_write = probe_tty_write_by_kprobe(f->version_code);
	tb_info("tty_write's arguments watched by a kprobe: %s",
		f->tty_write == TB_TTY_WRITE_ITER ? "struct kiocb *, struct iov_iter *" :
		f->tty_write == TB_TTY_WRITE_USER ? "struct file *, const char __user *, ..." :
		"unknown");
	if (f->tty_write) {
		f->tty_write_from = TB_FACT_LOAD;
		if (geteuid() == 0 && facts_file[0])
			write_cached(facts_file, f);
	}
	return f->tty_write;
}

int tb_facts_cflags(const struct tb_facts *f, struct tb_cflags *cf)
{
	if ((f->raw_tracepoints && tb_cflags_add(cf, "-DTB_HAVE_RAW_TRACEPOINTS=1")) ||
	    (f->map_value_args && tb_cflags_add(cf, "-DTB_HAVE_MAP_VALUE_ARGS=1")) ||
	    (f->probe_read_user && tb_cflags_add(cf, "-DTB_HAVE_PROBE_READ_USER=1")) ||
	    (f->bounded_loops && tb_cflags_add(cf, "-DTB_HAVE_LOOPS=1")) ||
	    tb_cflags_add(cf, "-DTB_MAX_INSNS=%d", f->large_programs ? 1000000 : 4096) ||
	    (f->task_state[0] && tb_cflags_add(cf, "-DTB_TASK_STATE_FIELD=%s", f->task_state)) ||
	    (f->unlinkat_arg == TB_UNLINKAT_FILENAME && tb_cflags_add(cf, "-DTB_UNLINKAT_FILENAME=1")) ||
	    (f->unlinkat_arg == TB_UNLINKAT_USER && tb_cflags_add(cf, "-DTB_UNLINKAT_USER=1")) ||
	    (f->cap_arg == TB_CAP_ARG_OPTS && tb_cflags_add(cf, "-DTB_CAP_OPTS=1")) ||
	    (f->cap_arg == TB_CAP_ARG_AUDIT && tb_cflags_add(cf, "-DTB_CAP_AUDIT=1")) ||
	    (f->sk_proto_in_flags && tb_cflags_add(cf, "-DTB_SK_PROTO_IN_FLAGS=1")) ||
	    (f->inet_flags && tb_cflags_add(cf, "-DTB_INET_FLAGS=1")) ||
	    (f->map_alloc_any_context && tb_cflags_add(cf, "-DTB_MAP_ALLOC_ANY_CONTEXT=1")) ||
	    (f->cfs_rq_runnable_weight && tb_cflags_add(cf, "-DTB_CFS_RQ_RUNNABLE_WEIGHT=1")) ||
	    (f->cfs_rq_nr_queued && tb_cflags_add(cf, "-DTB_CFS_RQ_NR_QUEUED=1")) ||
	    (f->vfs_idmap && tb_cflags_add(cf, "-DTB_VFS_IDMAP=1")) ||
	    (f->iov_iter_has_iter_type && tb_cflags_add(cf, "-DTB_IOV_ITER_HAS_ITER_TYPE=1")) ||
	    (f->iov_iter_has_dunder_iov && tb_cflags_add(cf, "-DTB_IOV_ITER_HAS_DUNDER_IOV=1")) ||
	    (f->iov_iter_has_ubuf && tb_cflags_add(cf, "-DTB_IOV_ITER_HAS_UBUF=1")) ||
	    (f->tty_write == TB_TTY_WRITE_ITER && tb_cflags_add(cf, "-DTB_TTY_WRITE_ITER=1")) ||
	    (f->tty_write == TB_TTY_WRITE_USER && tb_cflags_add(cf, "-DTB_TTY_WRITE_USER=1")))
		return -1;
	return 0;
}

static const char *source_name(enum tb_fact_source s)
{
	switch (s) {
	case TB_FACT_BTF: return "from BTF";
	case TB_FACT_HEADERS: return "from the kernel headers";
	case TB_FACT_LOAD: return "by a program load";
	case TB_FACT_SYSFS: return "from sysfs";
	default: return "unknown";
	}
}

void tb_facts_describe(const struct tb_facts *f, void (*line)(const char *name, bool ok,
							    const char *text))
{
	char buf[256];

	line("raw tracepoints", f->raw_tracepoints, f->raw_tracepoints ?
	     "yes (program load)" : "no (Linux 4.17 has them): classic tracepoints instead");
	line("map values as helper arguments", f->map_value_args, f->map_value_args ?
	     "yes (program load)" : "no (Linux 4.16 has them): stack copies instead");
	line("bpf_probe_read_user", f->probe_read_user, f->probe_read_user ?
	     "yes (program load)" : "no (Linux 5.5 has it): bpf_probe_read instead");
	line("program size", f->large_programs, f->large_programs ?
	     "up to 1 million instructions (program load)" :
	     "4,096 instructions (Linux 5.2 allows 1 million): loops unrolled less");
	line("bounded loops", f->bounded_loops, f->bounded_loops ? "yes (program load)" :
	     "no (Linux 5.3 has them)");
	line("kprobe perf PMU", f->kprobe_pmu, f->kprobe_pmu ? "yes (sysfs)" : tb_kprobes_supported() ?
	     "no (Linux 4.17 has it): kprobes go through tracefs kprobe_events" :
	     "no (no kprobes at all: CONFIG_KPROBES)");
	line("uprobe perf PMU", f->uprobe_pmu, f->uprobe_pmu ? "yes (sysfs)" :
	     "no (Linux 4.17 has it): uprobes go through tracefs uprobe_events");
	line("USDT semaphores held by the kernel", f->uprobe_ref_ctr, f->uprobe_ref_ctr ?
	     "yes (sysfs)" : "no (Linux 4.20 has it): set through /proc/PID/mem");
	line("map elements allocated under scheduler locks", f->map_alloc_any_context,
	     f->map_alloc_any_context ? "safely (BPF's allocator, in kallsyms)" :
	     "unsafely (kmalloc; Linux 6.1 has BPF's allocator): scheduler hooks' maps preallocated");
	snprintf(buf, sizeof(buf), "%u.%u.%u (vDSO)", f->version_code >> 16,
		 (f->version_code >> 8) & 0xff, f->version_code & 0xff);
	line("LINUX_VERSION_CODE", f->version_code != 0, f->version_code ? buf : "unknown");
	snprintf(buf, sizeof(buf), "%s (%s)", f->task_state[0] ? f->task_state : "unknown",
		 source_name(f->task_state_from));
	line("task_struct state member", f->task_state[0] != 0, buf);
	snprintf(buf, sizeof(buf), "%s (%s)", f->unlinkat_arg == TB_UNLINKAT_FILENAME ?
		 "struct filename *" : f->unlinkat_arg == TB_UNLINKAT_USER ?
		 "const char __user *" : "unknown", source_name(f->unlinkat_from));
	line("do_unlinkat's file name", f->unlinkat_arg != TB_UNLINKAT_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s (%s)", f->cap_arg == TB_CAP_ARG_OPTS ?
		 "unsigned int opts" : f->cap_arg == TB_CAP_ARG_AUDIT ? "int audit" : "unknown",
		 source_name(f->cap_from));
	line("cap_capable's fourth argument", f->cap_arg != TB_CAP_ARG_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s (%s)", !f->sk_proto_from ? "unknown" :
		 f->sk_proto_in_flags ? "8 bits of __sk_flags_offset (Linux 5.6 has a u16 member)" :
		 "a u16 member", source_name(f->sk_proto_from));
	line("struct sock's protocol", f->sk_proto_from != TB_FACT_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s (%s)", !f->inet_flags_from ? "unknown" : f->inet_flags ?
		 "bits of inet_flags" : "bit-fields (Linux 6.6 has inet_flags)",
		 source_name(f->inet_flags_from));
	line("struct inet_sock's IP options", f->inet_flags_from != TB_FACT_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s%s (%s)", !f->cfs_rq_from ? "unknown" :
		 f->cfs_rq_runnable_weight ? "load, runnable_weight, then the count" :
		 "load, then the count", f->cfs_rq_from != TB_FACT_BTF ? "" : f->cfs_rq_nr_queued ?
		 " (nr_queued)" : " (nr_running)", source_name(f->cfs_rq_from));
	line("struct cfs_rq's head", f->cfs_rq_from != TB_FACT_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s (%s)", !f->vfs_idmap_from ? "unknown" : f->vfs_idmap ?
		 "an idmapping (Linux 5.12 has it)" : "struct inode *",
		 source_name(f->vfs_idmap_from));
	line("vfs_create/vfs_unlink's first argument", f->vfs_idmap_from != TB_FACT_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s%s%s (%s)", !f->iov_iter_from ? "unknown" :
		 f->iov_iter_has_iter_type ? "iter_type" : "type", !f->iov_iter_from ? "" :
		 f->iov_iter_has_dunder_iov ? ", __iov" : ", iov", f->iov_iter_has_ubuf ? ", ITER_UBUF" : "",
		 source_name(f->iov_iter_from));
	line("struct iov_iter's layout", f->iov_iter_from != TB_FACT_UNKNOWN, buf);
	snprintf(buf, sizeof(buf), "%s (%s)", f->tty_write == TB_TTY_WRITE_ITER ?
		 "struct kiocb *, struct iov_iter * (write_iter)" : f->tty_write == TB_TTY_WRITE_USER ?
		 "struct file *, const char __user *, size_t, loff_t * (Linux 5.11 has write_iter)" :
		 "unknown", source_name(f->tty_write_from));
	line("tty_write's arguments", f->tty_write != TB_TTY_WRITE_UNKNOWN, buf);
}
