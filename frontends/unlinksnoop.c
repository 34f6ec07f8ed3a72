/* unlinksnoop: trace file deletions (the kernel's do_unlinkat) with fentry, kprobes or the
 * syscall tracepoints: the same tool three ways, the lesson in choosing an attach method. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "unlinksnoop.h"

_Static_assert(sizeof(struct unlinksnoop_event) ==
	       24 + TB_UNLINKSNOOP_COMM_LEN + TB_UNLINKSNOOP_NAME_LEN,
	       "struct unlinksnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(unlinksnoop);

#define KFN "do_unlinkat"
#define STAND_IN_TP "syscalls:sys_enter_unlinkat"

static struct env {
	enum tb_time_mode time_mode;
	bool failed;       /* -x */
	bool print_uid;    /* -U */
	long pid;          /* -p, -1 = all */
	enum tb_attach_method attach; /* --attach */
} env = { .time_mode = TB_TIME_CLOCK, .pid = -1, .attach = TB_ATTACH_AUTO };

const char *argp_program_version = "unlinksnoop (tracebox) 0.1";
static const char doc[] =
	"Trace file deletions (unlink, unlinkat) through the kernel's do_unlinkat.\n"
	"\n"
	"EXAMPLES:\n"
	"    unlinksnoop                     # trace every unlink\n"
	"    unlinksnoop -x                  # only failed unlinks\n"
	"    unlinksnoop -p 181              # only PID 181\n"
	"    unlinksnoop -t -U               # seconds since start, and UID\n"
	"    unlinksnoop -v                  # say which attach method was chosen, and why\n"
	"    unlinksnoop --attach tracepoint # force the syscall tracepoints\n"
	"    unlinksnoop --json              # one JSON object per unlink";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "time", 'T', NULL, 0, "Print time as HH:MM:SS (the default)", 0 },
	{ "timestamp", 't', NULL, 0, "Print seconds since start instead", 0 },
	{ "failed", 'x', NULL, 0, "Only show failed unlinks", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "print-uid", 'U', NULL, 0, "Print UID column", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry, kprobe or tracepoint", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.time_mode = TB_TIME_CLOCK; break;
	case 't': env.time_mode = TB_TIME_RELATIVE; break;
	case 'x': env.failed = true; break;
	case 'p': err = tb_parse_long(arg, 1, 4194304, "PID", &env.pid); break;
	case 'U': env.print_uid = true; break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, 0 /* all */, &env.attach); break;
	case ARGP_KEY_ARG:
		tb_error("unexpected argument '%s'", arg);
		err = -1;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

static int parse_args(int argc, char **argv)
{
	return tb_argp_parse(&argp, argc, argv);
}

static const struct tb_column uid_columns[] = {
	{ "UID", NULL, 6, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "RET", NULL, 4, TB_RIGHT },
	{ "FILENAME", NULL, 0, TB_LEFT },
};
/* without -U the same columns minus the first */
static const struct tb_column *columns = uid_columns + 1;

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct unlinksnoop_event *e = data;
	char comm[TB_UNLINKSNOOP_COMM_LEN + 1], name[TB_UNLINKSNOOP_NAME_LEN + 1];

	if (size < sizeof(*e))
		return;
	snprintf(comm, sizeof(comm), "%.*s", TB_UNLINKSNOOP_COMM_LEN, e->comm);
	snprintf(name, sizeof(name), "%.*s", TB_UNLINKSNOOP_NAME_LEN, e->filename);
	tb_output_begin(&out, e->ts_ns);
	if (env.print_uid)
		tb_output_uint(&out, e->uid);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_int(&out, e->ret);
	tb_output_str(&out, name);
	tb_output_end(&out);
}

static int build_cflags(struct tb_cflags *cf, enum tb_attach_method method)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.failed && tb_cflags_add(cf, "-DFAILED_ONLY=1"))
		return -1;
	return tb_cflags_add(cf, "%s", tb_attach_method_cflag(method));
}

static int attach(struct tb_prog *prog, enum tb_attach_method method)
{
	static const char *const syscalls[] = { "unlinkat", "unlink" };
	char tp[64], fn[96];

	switch (method) {
	case TB_ATTACH_FENTRY:
		/* libbcc names them kfunc__/kretfunc__ + the function: KFUNC_PROBE(do_unlinkat) */
		if (tb_attach_kfunc(prog, "kfunc__" KFN))
			return -1;
		return tb_attach_kfunc(prog, "kretfunc__" KFN);
	case TB_ATTACH_KPROBE:
		if (tb_attach_kprobe(prog, KFN, "on_unlink_entry", false /* retprobe */))
			return -1;
		return tb_attach_kprobe(prog, KFN, "on_unlink_return", true /* retprobe */);
	default:
		for (size_t i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++) {
			for (int exit = 0; exit <= 1; exit++) {
				const char *dir = exit ? "exit" : "enter";

				snprintf(tp, sizeof(tp), "syscalls:sys_%s_%s", dir, syscalls[i]);
				snprintf(fn, sizeof(fn), "tracepoint__syscalls__sys_%s_%s", dir,
					 syscalls[i]);
				/* newer architectures (arm64, riscv) have unlinkat only */
				if (i > 0 && !tb_tracepoint_exists(tp)) {
					tb_info("skipping %s: not on this kernel", tp);
					continue;
				}
				if (tb_attach_tracepoint(prog, tp, fn))
					return -1;
			}
		}
		return 0;
	}
}

int unlinksnoop_main(int argc, char **argv);
int unlinksnoop_main(int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog = NULL;
	enum tb_attach_method method;
	int err = -1;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	if (tb_common.dump_bpf)
		return tb_dump_source(tb_bpf_unlinksnoop);
	/* before compiling: the method decides which functions the BPF source defines */
	if (tb_choose_attach(env.attach, &(struct tb_attach_target){
		.kfns = { KFN }, .tp = STAND_IN_TP, .purpose = "file deletions" }, &method))
		goto cleanup;
	/* the kprobe variant reads do_unlinkat's name as the kernel passes it */
	if (method == TB_ATTACH_KPROBE && tb_kprobe_exists(KFN) && !tb_facts_unlinkat()) {
		tb_error("failed to trace %s with a kprobe: which argument type it takes is unknown "
			 "on this kernel (no BTF, no declaration in its headers); use --attach "
			 "tracepoint", KFN);
		goto cleanup;
	}
	if (build_cflags(&cflags, method))
		goto cleanup;

	prog = tb_prog_compile_tool(tb_bpf_unlinksnoop, tb_bpf_unlinksnoop_name, &cflags);
	if (!prog || attach(prog, method))
		goto cleanup;
	if (tb_perfbuf_open(prog, "events", handle_event, NULL))
		goto cleanup;

	tb_signals_install();
	tb_output_init(&out, stdout, env.print_uid ? uid_columns : columns,
		       env.print_uid ? 5 : 4, tb_common.json, env.time_mode);
	tb_output_header(&out);
	err = tb_prog_run(prog, 0);
cleanup:
	tb_prog_destroy(prog);
	tb_cflags_free(&cflags);
	return err ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return unlinksnoop_main(argc, argv);
}
#endif
