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
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'U': env.print_uid = true; break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, 0 /* all */, &env.attach); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

static const struct tb_column uid_columns[] = {
	{ "UID", NULL, 6, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "RET", NULL, 4, TB_RIGHT },
	{ "FILENAME", NULL, 0, TB_LEFT },
};
static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*n = env.print_uid ? 5 : 4;
	*time = env.time_mode;
	return env.print_uid ? uid_columns : uid_columns + 1; /* without -U: minus the first */
}

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct unlinksnoop_event *e = data;
	char comm[TB_UNLINKSNOOP_COMM_LEN + 1], name[TB_UNLINKSNOOP_NAME_LEN + 1];

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

static int prepare(struct tb_cflags *cf)
{
	/* the kprobe variant reads do_unlinkat's name as the kernel passes it (env.attach is
	 * the method chosen by now) */
	if (env.attach == TB_ATTACH_KPROBE && tb_kprobe_exists(KFN) && !tb_facts_unlinkat()) {
		tb_error("failed to trace %s with a kprobe: which argument type it takes is "
			 "unknown on this kernel (no BTF, no declaration in its headers); use "
			 "--attach tracepoint", KFN);
		return -1;
	}
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.failed && tb_cflags_add(cf, "-DFAILED_ONLY=1"))
		return -1;
	return 0;
}

/* do_unlinkat for fentry and kprobes, else the syscall tracepoints standing in for it */
static const struct tb_attach_target target = {
	.kfns = { KFN }, .tp = "syscalls:sys_enter_unlinkat", .purpose = "file deletions" };
/* libbcc names them kfunc__/kretfunc__ + the function: KFUNC_PROBE(do_unlinkat) */
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__" KFN },
	{ TB_KFUNC, NULL, "kretfunc__" KFN },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, KFN, "on_unlink_entry" },
	{ TB_KRETPROBE, KFN, "on_unlink_return" },
	{ TB_PROBE_END },
};
/* newer architectures (arm64, riscv) have unlinkat only */
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_unlinkat" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_unlinkat" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_unlink", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_exit_unlink", .flags = TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(unlinksnoop),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe,
			   [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct unlinksnoop_event),
	.out = &out,
	.columns = columns,
};
TB_TOOL_MAIN(unlinksnoop, tool)
