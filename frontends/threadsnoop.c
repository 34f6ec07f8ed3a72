/* threadsnoop: list new threads as BCC's threadsnoop does, from a uprobe on pthread_create(). */
#include <argp.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracebox.h"
#include "threadsnoop.h"

_Static_assert(sizeof(struct threadsnoop_event) == 24 + TB_THREADSNOOP_COMM_LEN,
	       "struct threadsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(threadsnoop);

#define SYM "pthread_create"

static struct env {
	long pid;           /* -p: one process, -1 for all */
	const char *given;  /* -b: the program or library holding pthread_create() */
	char *binary;       /* where it was found (malloc'd) */
} env = { .pid = -1 };

const char *argp_program_version = "threadsnoop (tracebox) 0.1";
static const char doc[] =
	"List new thread creation: each pthread_create() with its start routine.\n"
	"\n"
	"EXAMPLES:\n"
	"    threadsnoop                      # threads of every program using libc's pthread_create\n"
	"    threadsnoop -p 181               # only process 181 (static programs too)\n"
	"    threadsnoop -b /usr/bin/prog     # prog's own pthread_create (a static program), or its libc's\n"
	"    threadsnoop --json               # one JSON object per new thread";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this process only", 0 },
	{ "binary", 'b', "PATH", 0, "The program or library holding pthread_create(): a static "
				    "program, or one whose libc or libpthread to trace (default: "
				    "libpthread.so.0 where it has it, else libc.so.6)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p':
		err = tb_parse_pid(arg, "PID", &env.pid);
		break;
	case 'b':
		env.given = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* Before glibc 2.34 pthread_create() is libpthread's; since, libc's (libpthread.so.0 is left
 * as an empty stub): the first of the two that defines it, as BCC tries "pthread" then "c". */
static const char *const libs[] = { "libpthread", "libc.so", "libc-" /* mapped libc-2.28.so */ };
#define NLIBS (sizeof(libs) / sizeof(libs[0]))

static char *found(char *path, const char *why)
{
	if (path)
		tb_info("tracing %s() in %s (%s)", SYM, path, why);
	return path;
}

/* -b PATH: the program itself (static), else the libpthread or libc it is linked with */
static char *in_binary(const char *bin)
{
	char *lib;

	if (access(bin, R_OK)) {
		tb_error("failed to open '%s': %s", bin, strerror(errno));
		return NULL;
	}
	if (tb_uprobe_has_symbol(bin, SYM, -1))
		return found(strdup(bin), "-b");
	for (size_t i = 0; i < NLIBS; i++) {
		lib = tb_elf_needed_path(bin, libs[i]);
		if (lib && tb_uprobe_has_symbol(lib, SYM, -1))
			return found(lib, "the library -b is linked with: every program using it is traced, -p narrows");
		free(lib);
	}
	tb_error("failed to find %s() in '%s': it neither defines it nor is linked with a libc or "
		 "libpthread that does (check with: nm %s | grep %s)", SYM, bin, bin, SYM);
	return NULL;
}

/* -p PID: the libpthread or libc the process maps, else its program (static) */
static char *in_process(pid_t pid)
{
	char *path = tb_uprobe_binary_of_pid(pid, SYM, libs, NLIBS);

	if (!path)
		tb_error("failed to find %s() in process %d: neither its program nor a library it "
			 "maps defines it (name the file with -b PATH)", SYM, (int)pid);
	return path;
}

/* this machine's libraries, found as BCC finds them (the loader cache) */
static char *in_system(void)
{
	static const char *const names[] = { "pthread", "c" };
	char *path = tb_uprobe_binary_of_system(SYM, names, sizeof(names) / sizeof(names[0]));

	if (!path)
		tb_error("failed to find %s(): neither libpthread.so.0 nor libc.so.6 defines it here "
			 "(a static program holds its own: name it with -b PATH or -p PID)", SYM);
	return path;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return -1;
	if (env.given)
		env.binary = in_binary(env.given);
	else if (env.pid > 0)
		env.binary = in_process((pid_t)env.pid);
	else
		env.binary = in_system();
	if (!env.binary)
		return -1;
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	return 0;
}

static struct tb_stacks *syms; /* the start routines' names, per process */

static int attach(struct tb_prog *prog)
{
	if (tb_attach_uprobe(prog, env.binary, SYM, 0, (pid_t)env.pid, "on_pthread_create",
			     false /* ret */))
		return -1;
	syms = tb_stacks_new(prog, NULL, false /* kernel */);
	if (!syms) {
		tb_error("failed to make a symbol cache: %s", strerror(ENOMEM));
		return -1;
	}
	/* -p: its mappings kept now, so that threads started just before it exits are still
	 * named once their events are read (a process of all is named only while it lives) */
	if (env.pid > 0 && tb_stacks_snapshot(prog, (pid_t)env.pid) == -ENOMEM)
		return -1;
	return 0;
}

/* BCC: "%-10s %-7s %-16s %s"; the last column is not padded */
static const struct tb_column columns[] = {
	{ "TIME(ms)", "time_ms", 10, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "FUNC", NULL, 0, TB_LEFT },
};

static struct tb_output out;
static uint64_t first_ns; /* BCC's TIME(ms) counts from the first thread seen */

/* The start routine's name as BCC prints it: the symbol, else the address in hex. */
static void func_name(const char *sym, uint64_t addr, char *buf, size_t len)
{
	if (sym && strcmp(sym, "[unknown]"))
		snprintf(buf, len, "%s", sym);
	else
		snprintf(buf, len, "0x%" PRIx64, addr);
}

static void print_event(const struct threadsnoop_event *e, const char *sym)
{
	char comm[TB_THREADSNOOP_COMM_LEN + 1], func[256];

	snprintf(comm, sizeof(comm), "%.*s", TB_THREADSNOOP_COMM_LEN, e->comm);
	func_name(sym, e->start, func, sizeof(func));
	tb_output_begin(&out, e->ts_ns);
	tb_output_uint(&out, tb_ns_since_first(&first_ns, e->ts_ns) / 1000000);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_str(&out, func);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct threadsnoop_event *e = data;
	char sym[256];

	tb_stacks_uframe(syms, (pid_t)e->pid, e->start, 0, sym, sizeof(sym));
	print_event(e, sym);
}

static void cleanup(void)
{
	tb_stacks_free(syms);
	syms = NULL;
	free(env.binary);
	env.binary = NULL;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(threadsnoop),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.watch_pid = &env.pid,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct threadsnoop_event),
	.out = &out,
	TB_COLUMNS(columns),
	.cleanup = cleanup,
};
TB_TOOL_MAIN(threadsnoop, tool)
