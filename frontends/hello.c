/* hello: print a line for each write() on the machine (-p: of one process), through
 * bpf_trace_printk and the trace pipe. The template for a new tool: the steps every tracebox
 * frontend takes, in order, with nothing else around them. */
#include <argp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tracebox.h"
#include "hello.h"

/* The BPF source, programs/hello.bpf.c, embedded at build time: tb_bpf_hello. */
TB_BPF_SOURCE_DECLARE(hello);

/* 1. Options: one struct with the defaults, filled by argp. */
static struct env {
	long pid; /* -p, -1 = every process */
} env = { .pid = -1 };

const char *argp_program_version = "hello (tracebox) 0.1";
static const char doc[] =
	"Print a line for each write() syscall, through bpf_trace_printk.\n"
	"\n"
	"EXAMPLES:\n"
	"    hello            # every write() on the machine\n"
	"    hello -p 181     # only the writes of PID 181\n"
	"    hello --json     # one JSON object per line\n"
	"    hello --dump-bpf > my.bpf.c; hello --bpf-file my.bpf.c  # edit and rerun";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p':
		/* the shared parser prints a one-line error; tb_argp_fail then exits non-zero */
		if (tb_parse_long(arg, 1, 4194304, "PID", &env.pid))
			tb_argp_fail(state);
		break;
	case ARGP_KEY_ARG:
		tb_error("unexpected argument '%s'", arg);
		tb_argp_fail(state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* -v, --json, --dump-bpf, --bpf-file... come from the loader, as a child parser */
static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

static int parse_args(int argc, char **argv)
{
	return tb_argp_parse(&argp, argc, argv);
}

/* 2. Output: columns as BCC's hello_fields.py prints them, or --json objects. */
static const struct tb_column columns[] = {
	{ "TIME(s)", "time_s", 18, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 6, TB_LEFT },
	{ "MESSAGE", NULL, 0, TB_LEFT },
};
static struct tb_output out;

/* Called for each of our lines in the trace pipe, already split into fields. The task's
 * name comes from the message: the one at the write (hello.h says why). */
static void print_line(void *ctx, const struct tb_trace_line *line)
{
	const char *sep = strstr(line->msg, TB_HELLO_SEP);
	char comm[17];

	if (sep)
		snprintf(comm, sizeof(comm), "%.*s", (int)(sep - line->msg), line->msg);
	else
		snprintf(comm, sizeof(comm), "%.16s", line->comm);
	tb_output_begin(&out, 0);
	tb_output_double(&out, line->ts, 6);
	tb_output_str(&out, comm);
	tb_output_int(&out, line->pid);
	tb_output_str(&out, sep ? sep + strlen(TB_HELLO_SEP) : line->msg);
	tb_output_end(&out);
}

int hello_main(int argc, char **argv);
int hello_main(int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog = NULL;
	char marker[32];
	int err = -1;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	if (tb_common.dump_bpf)
		return tb_dump_source(tb_bpf_hello);

	/* a PID that does not exist would trace nothing for ever */
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return 1;

	/* 3. Options reach the BPF program as -D flags */
	if (tb_cflags_add(&cflags, "-DHELLO_ID=%d", (int)getpid()))
		goto cleanup;
	if (env.pid > 0 && tb_cflags_add(&cflags, "-DTARG_PID=%ld", env.pid))
		goto cleanup;

	/* 4. Compile (with --bpf-file, the user's file instead), then load and attach */
	prog = tb_prog_compile_tool(tb_bpf_hello, tb_bpf_hello_name, &cflags);
	if (!prog)
		goto cleanup;
	if (tb_attach_tracepoint(prog, "syscalls:sys_enter_write",
				 "tracepoint__syscalls__sys_enter_write"))
		goto cleanup;

	/* 5. Read until Ctrl-C: signals only set a flag the loop checks */
	tb_signals_install();
	tb_output_init(&out, stdout, columns, 4, tb_common.json, TB_TIME_NONE);
	tb_output_header(&out);
	snprintf(marker, sizeof(marker), TB_HELLO_TAG "%d: ", (int)getpid());
	err = tb_trace_pipe_run(prog, marker, print_line, NULL, 0);

	/* 6. One exit path: detaches everything, also after a failure half-way */
cleanup:
	tb_prog_destroy(prog);
	tb_cflags_free(&cflags);
	return err ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return hello_main(argc, argv);
}
#endif
