/* A precompiled header of the kernel headers a program includes, made once per classic header
 * tree and set of includes, so that a compile loads the headers parsed instead of parsing them
 * again (2.2 s of runqlat's 2.3 s against Debian's 6.1 headers; docs/architecture.md, "Cold
 * start"). One set per program, not one for every tool: a compile deserializes all that its
 * PCH holds (libbcc's rewriter walks the whole translation unit), so a PCH of every tool's
 * headers cost a small program 0.5 s and 100 MB more than parsing its own few headers.
 *
 * A PCH must come from the very clang that reads it: libbcc's. Its clang is a library with no
 * way to write one, so the clang program of the same build makes it (the host's clang-14, the
 * one the portable file carries, or TRACEBOX_CLANG), with exactly the arguments libbcc gives its own: those are read from
 * libbcc itself, which prints them when asked to debug the preprocessor. Nothing of the
 * tool's is in the PCH (no -D of ours): the headers are those the program includes, in its
 * order, each under __has_include, after what libbcc puts before
 * them: kconfig.h, its own uapi bpf.h (newer than an old kernel's, whose include it then
 * stops: read from libbcc's file, where it is one string) and its byte-swap macros. A compile passes -include-pch; a PCH that does not
 * load or compile is set aside and the whole headers used (program.c). */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler.h"
#include "internal.h"
#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_pch.h"
#include "tb_signals.h"

#define TB_BCC_DEBUG_PREPROCESSOR 0x4
#define PCH_GENERATION 2
/* PCHs kept in the cache root (one per tree and set of includes, 1-20 MB each): past this the
 * least recently used go when a new one is made */
#define PCH_KEEP_BYTES (256ULL << 20)

/* The clang program and how to start it: argv[0..n) before "-cc1", and its resource folder,
 * whose include/ stands for libbcc's in-memory builtin headers. The portable file's bundle carries one in libexec/, started through the
 * bundle's dynamic loader (this process's /proc/self/exe there) like the tools. */
struct clang_prog {
	const char *argv[6];
	int argc;
	char resource[4200];
	char ld[4200], lib[4200], path[4200];
};

/* A host clang's resource folder: <its bin>/../lib/clang/<version>, the one with stdarg.h. */
static bool host_resource(const char *clang, char *out, size_t len)
{
	char real[PATH_MAX], dir[3900], probe[4300], *slash;
	struct dirent *e;
	bool found = false;
	DIR *d;

	if (!realpath(clang, real) || !(slash = strrchr(real, '/')))
		return false;
	*slash = 0;
	snprintf(dir, sizeof(dir), "%.3800s/../lib/clang", real);
	d = opendir(dir);
	while (d && !found && (e = readdir(d))) {
		snprintf(probe, sizeof(probe), "%.3900s/%.255s/include/stdarg.h", dir, e->d_name);
		if (e->d_name[0] != '.' && !access(probe, R_OK)) {
			snprintf(out, len, "%.3900s/%.255s", dir, e->d_name);
			found = true;
		}
	}
	if (d)
		closedir(d);
	return found;
}

static bool find_clang(struct clang_prog *c)
{
	static const char *const candidates[] = { "/usr/lib/llvm-14/bin/clang", "/usr/bin/clang-14" };
	const char *env = getenv("TRACEBOX_CLANG");
	char exe[4096], *slash;
	ssize_t n;

	c->argc = 0;
	c->resource[0] = 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		slash = strrchr(exe, '/');
		*slash = 0;
		snprintf(c->path, sizeof(c->path), "%s/../libexec/clang", exe);
		if (!(env && *env) && strstr(slash + 1, "ld-linux") && !access(c->path, X_OK)) {
			snprintf(c->ld, sizeof(c->ld), "%s/%s", exe, slash + 1);
			snprintf(c->lib, sizeof(c->lib), "%s", exe);
			snprintf(c->resource, sizeof(c->resource), "%s/../libexec/clang-resource", exe);
			c->argv[c->argc++] = c->ld;
			c->argv[c->argc++] = "--library-path";
			c->argv[c->argc++] = c->lib;
			c->argv[c->argc++] = "--inhibit-cache";
			c->argv[c->argc++] = c->path;
			return true;
		}
	}
	if (env && *env) {
		snprintf(c->path, sizeof(c->path), "%s", env);
	} else {
		c->path[0] = 0;
		for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]) && !c->path[0]; i++)
			if (!access(candidates[i], X_OK))
				snprintf(c->path, sizeof(c->path), "%s", candidates[i]);
	}
	if (!c->path[0] || access(c->path, X_OK))
		return false;
	c->argv[c->argc++] = c->path;
	return host_resource(c->path, c->resource, sizeof(c->resource));
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t len = strlen(text);
	int err;

	if (fd < 0)
		return -1;
	err = write(fd, text, len) != (ssize_t)len;
	return close(fd) || err ? -1 : 0;
}

/* libbcc's copy of uapi/linux/bpf.h, from the text libbcc.so carries, into path. */
static int write_libbcc_bpf_h(const char *path)
{
	static const char first[] = "#ifndef _UAPI__LINUX_BPF_H__";
	static const char last[] = "#endif /* _UAPI__LINUX_BPF_H__ */";
	const struct tb_compiler *cc = tb_compiler();
	char *lib = NULL, *start, *end;
	Dl_info info;
	int err = -1;

	if (!cc || !dladdr((void *)cc->create_c_from_string, &info) || !info.dli_fname ||
	    !(lib = tb_read_text(info.dli_fname, "libbcc")))
		goto out;
	/* tb_read_text stops at no NUL: search the whole file by its size */
	{
		struct stat st;

		if (stat(info.dli_fname, &st))
			goto out;
		start = memmem(lib, st.st_size, first, sizeof(first) - 1);
		end = start ? memmem(start, st.st_size - (start - lib), last, sizeof(last) - 1) : NULL;
	}
	if (!start || !end || memchr(start, 0, end - start))
		goto out;
	end[sizeof(last) - 1] = 0;
	err = write_text(path, start);
out:
	free(lib);
	return err;
}

/* The program's "#include <...>" lines, in its order, each once (conditional ones too: every
 * header stays under __has_include in the PCH), as "<a>\n<b>\n"; NULL when it has none. */
static char *program_includes(const char *text)
{
	size_t cap = 1024, len = 0;
	char *list = malloc(cap);
	const char *line, *next;

	if (!list)
		return NULL;
	list[0] = 0;
	for (line = text; *line; line = next) {
		size_t n = strcspn(line, "\n");
		const char *p = line + strspn(line, " \t"), *lt, *gt;

		next = line[n] ? line + n + 1 : line + n;
		if (*p++ != '#')
			continue;
		p += strspn(p, " \t");
		if (strncmp(p, "include", 7) || !(lt = memchr(p, '<', n - (p - line))) ||
		    !(gt = memchr(lt, '>', n - (lt - line))))
			continue;
		if (len + (gt - lt) + 3 > cap) {
			char *more = realloc(list, cap = 2 * cap + (gt - lt));

			if (!more)
				return free(list), NULL;
			list = more;
		}
		/* once: an include already listed as a whole line */
		list[len] = 0;
		snprintf(list + len, cap - len, "%.*s\n", (int)(gt - lt + 1), lt);
		if (strstr(list, list + len) != list + len)
			list[len] = 0;
		else
			len += gt - lt + 2;
	}
	if (!len)
		return free(list), NULL;
	return list;
}

/* The text of the header the PCH is made from. */
static char *pch_source(const char *bpf_h, const char *includes)
{
	size_t cap = strlen(includes) * 3 + 1024, len = 0;
	char *text = malloc(cap);
	const char *line, *next;

	if (!text)
		return NULL;
	len += snprintf(text, cap,
			"/* The kernel headers of a tracebox program, precompiled by tracebox. */\n"
			"#include <linux/kconfig.h>\n"
			"#include \"%s\"\n"
			"/* as libbcc's bpf_workaround.h, which comes before any kernel header */\n"
			"#define __HAVE_BUILTIN_BSWAP16__\n#define __HAVE_BUILTIN_BSWAP32__\n"
			"#define __HAVE_BUILTIN_BSWAP64__\n", bpf_h);
	for (line = includes; *line; line = next) {
		size_t n = strcspn(line, "\n");

		next = line[n] ? line + n + 1 : line + n;
		len += snprintf(text + len, cap - len, "#if __has_include(%.*s)\n#include %.*s\n#endif\n",
				(int)n, line, (int)n, line);
	}
	return text;
}

/* libbcc's own clang arguments for this tree, from its debug output for an empty program. */
static char *libbcc_cc1_line(void)
{
	const struct tb_compiler *cc = tb_compiler();
	char *said, *line, *end;
	int capture, out, null;
	void *mod;

	if (!cc)
		return NULL;
	/* libbcc's debug mode also says on stdout where it runs from: not the tool's output */
	fflush(stdout);
	out = dup(1);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out >= 0 && null >= 0)
		dup2(null, 1);
	capture = tb_stderr_capture_begin();
	mod = cc->create_c_from_string("int tb_pch_probe;\n", TB_BCC_DEBUG_PREPROCESSOR, NULL, 0,
				       true, NULL);
	said = tb_stderr_capture_end(capture);
	fflush(stdout);
	if (out >= 0 && null >= 0)
		dup2(out, 1);
	if (out >= 0)
		close(out);
	if (null >= 0)
		close(null);
	if (mod)
		cc->destroy(mod);
	line = said ? strstr(said, "clang -cc1 ") : NULL;
	if (!line) {
		free(said);
		return NULL;
	}
	end = line + strcspn(line, "\n");
	*end = 0;
	memmove(said, line, end - line + 1);
	return said;
}

/* The PCH build's argv: libbcc's, without its main file, output and in-memory headers; its
 * in-memory copy of clang's builtin headers (stdarg.h...) becomes the clang program's own. */
static int pch_argv(char *line, const struct clang_prog *clang, const char *header,
		    const char *out, char **argv, int max)
{
	int argc = 0;
	char *tok, *save = NULL, *drop_next = NULL;
	const char *skip_next[] = { "-main-file-name", "-o", "-x", "-resource-dir" };

	for (int i = 0; i < clang->argc; i++)
		argv[argc++] = (char *)clang->argv[i];
	argv[argc++] = "-cc1";
	for (tok = strtok_r(line + strlen("clang -cc1 "), " ", &save); tok && argc < max - 8;
	     tok = strtok_r(NULL, " ", &save)) {
		bool skip = false;

		if (drop_next) {
			drop_next = NULL;
			continue;
		}
		for (size_t i = 0; i < sizeof(skip_next) / sizeof(skip_next[0]); i++)
			if (!strcmp(tok, skip_next[i]))
				drop_next = tok, skip = true;
		if (!strcmp(tok, "-include") || !strcmp(tok, "-isystem")) {
			/* the next word decides: libbcc's in-memory files are not on disk */
			char *next = strtok_r(NULL, " ", &save);

			if (!next)
				break;
			if (!strcmp(next, "/virtual/lib/clang/include")) {
				/* cc1 adds no builtin headers of its own on Linux: the driver's job */
				static char builtin[4300];

				snprintf(builtin, sizeof(builtin), "%s/include", clang->resource);
				argv[argc++] = tok;
				argv[argc++] = builtin;
				continue;
			}
			if (!strncmp(next, "/virtual/", 9) || strstr(next, "linux/kconfig.h"))
				continue;
			argv[argc++] = tok;
			argv[argc++] = next;
			continue;
		}
		if (skip || !strcmp(tok, "-emit-llvm-bc") || !strcmp(tok, "-emit-llvm-uselists") ||
		    !strcmp(tok, "/virtual/main.c") || !strcmp(tok, "main.bc"))
			continue;
		argv[argc++] = tok;
	}
	/* no temporary of clang's own (ours is renamed into place): its unique name costs an
	 * arc4random, which blocks until the kernel's RNG is ready, minutes after a 4.14 VM's boot */
	argv[argc++] = "-fno-temp-file";
	argv[argc++] = "-emit-pch";
	argv[argc++] = "-x";
	argv[argc++] = "c-header";
	argv[argc++] = (char *)header;
	argv[argc++] = "-o";
	argv[argc++] = (char *)out;
	argv[argc] = NULL;
	return argc;
}

/* A PCH is made in about a second here, half a minute under emulation: a clang that has not
 * finished in this long is stopped, and the headers are parsed in full from then on. */
#define PCH_TIMEOUT_S 240

static int run_in(const char *dir, char **argv)
{
	int status = 0;
	pid_t pid = fork(), done = 0;
	uint64_t deadline = tb_monotonic_ns() + PCH_TIMEOUT_S * 1000000000ULL;

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		/* a tool killed while clang works takes clang with it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (chdir(dir))
			_exit(126);
		dup2(null, 0);
		dup2(null, 1);
		if (tb_log_verbosity() < 2)
			dup2(null, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	while ((done = waitpid(pid, &status, WNOHANG)) == 0 && tb_monotonic_ns() < deadline &&
	       !tb_should_stop())
		usleep(20000);
	if (done == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		tb_info("precompiled kernel headers: clang stopped after %s",
			tb_should_stop() ? "the user asked to stop" : "240 s");
		return -1;
	}
	return done > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Builds name.pch (and name.h, its source) in the cache root; 0 or -1. */
static int build_pch(const char *tree, const struct clang_prog *clang, const char *includes,
		     const char *header, const char *pch)
{
	char tmp[4200], bpf_h[4200], *line = NULL, *source = NULL, *argv[512];
	int err = -1;

	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", pch, (int)getpid());
	snprintf(bpf_h, sizeof(bpf_h), "%.*s-bpf.h", (int)strlen(header) - 2, header);
	source = pch_source(bpf_h, includes);
	line = libbcc_cc1_line();
	if (!source || !line || write_libbcc_bpf_h(bpf_h) || write_text(header, source)) {
		tb_info("precompiled kernel headers: cannot read libbcc's clang arguments or bpf.h");
		goto out;
	}
	pch_argv(line, clang, header, tmp, argv, sizeof(argv) / sizeof(argv[0]));
	if (run_in(tree, argv) || rename(tmp, pch)) {
		tb_info("precompiled kernel headers: %s failed (-vv shows why)", clang->path);
		unlink(tmp);
		goto out;
	}
	err = 0;
out:
	free(source);
	free(line);
	return err;
}

/* Unlinks root/stem.pch, stem.h and stem-bpf.h. */
static void remove_pch(const char *root, const char *stem)
{
	static const char *const ends[] = { ".pch", ".h", "-bpf.h" };
	char path[4300];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s%s", root, stem, ends[i]);
		unlink(path);
	}
}

/* Keeps the PCHs in root within PCH_KEEP_BYTES, the least recently used going first (each use
 * touches its file): trees of older kernels and one-off programs' sets of includes. */
static void keep_within_budget(const char *root, const char *new_pch)
{
	const char *new_name = strrchr(new_pch, '/') ? strrchr(new_pch, '/') + 1 : new_pch;

	for (;;) {
		unsigned long long total = 0;
		time_t oldest = 0;
		char stem[300] = "";
		struct dirent *e;
		struct stat st;
		DIR *d = opendir(root);

		if (!d)
			return;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);

			if (strncmp(e->d_name, "pch-", 4) || n < 5 || strcmp(e->d_name + n - 4, ".pch") ||
			    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
				continue;
			total += st.st_size;
			if (strcmp(e->d_name, new_name) && (!stem[0] || st.st_mtime < oldest)) {
				oldest = st.st_mtime;
				snprintf(stem, sizeof(stem), "%.*s", (int)(n - 4), e->d_name);
			}
		}
		closedir(d);
		if (total <= PCH_KEEP_BYTES || !stem[0])
			return;
		remove_pch(root, stem);
	}
}

int tb_pch_for(const struct tb_kheaders *headers, const char *text, char *out, size_t len)
{
	const char *env = getenv("TRACEBOX_PCH");
	struct clang_prog clang;
	char header[4200], bad[4300], *includes = NULL;
	uint64_t key;
	uint64_t start = tb_monotonic_ns();
	const char *root = tb_cache_root();
	struct stat st;
	int err = -1;

	/* classic trees on disk only: the BTF-made tree is pruned instead, kheaders is
	 * extracted by libbcc into a place of its own */
	if ((headers->kind != TB_KHEADERS_ENV && headers->kind != TB_KHEADERS_MODULES) ||
	    (env && !strcmp(env, "0")))
		goto out;
	if (!(includes = program_includes(text))) {
		tb_info("the program includes no kernel header: nothing to precompile");
		goto out;
	}
	if (tb_cache_root_open() < 0 || !find_clang(&clang))
		goto out;
	key = tb_cache_compiler_headers_key() ^ PCH_GENERATION;
	key = tb_fnv1a(key, clang.path, strlen(clang.path));
	key = tb_fnv1a(key, includes, strlen(includes));
	snprintf(out, len, "%s/pch-%016llx.pch", root, (unsigned long long)key);
	snprintf(header, sizeof(header), "%s/pch-%016llx.h", root, (unsigned long long)key);
	snprintf(bad, sizeof(bad), "%s/pch-%016llx.bad", root, (unsigned long long)key);
	if (!stat(bad, &st))
		goto out; /* it failed once with this compiler, these headers and includes */
	if (!stat(out, &st)) {
		utimensat(AT_FDCWD, out, NULL, 0); /* used: the last to go (keep_within_budget) */
		err = 0;
		goto out;
	}
	tb_info("precompiling the kernel headers this program includes from '%s' with %s "
		"(once per tree and set of includes)", headers->path, clang.path);
	if (build_pch(headers->path, &clang, includes, header, out)) {
		if (!tb_should_stop()) /* a Ctrl-C is no verdict on the PCH */
			tb_pch_set_aside(out);
		goto out;
	}
	tb_info("precompiled kernel headers ready in %.0f ms", (tb_monotonic_ns() - start) / 1e6);
	keep_within_budget(root, out);
	err = 0;
out:
	free(includes);
	return err;
}

void tb_pch_set_aside(const char *pch)
{
	char bad[4300];
	size_t n = strlen(pch);

	if (n < 4)
		return;
	snprintf(bad, sizeof(bad), "%.*s.bad", (int)(n - 4), pch);
	write_text(bad, "this PCH failed: the kernel headers are parsed in full\n");
	unlink(pch);
}
