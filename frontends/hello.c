/* hello: print a line for each write() on the machine (-p: of one process), through
 * bpf_trace_printk and the trace pipe. The template for a new tool: what a tracebox frontend
 * says about itself, in the order tb_tool_main uses it, with nothing else around it. */
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
		if (tb_parse_pid(arg, "PID", &env.pid))
			tb_argp_fail(state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* -v, --json, --dump-bpf, --bpf-file... come from the loader, as a child parser */
static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* 2. Checks, and the options reach the BPF program as -D flags */
static int prepare(struct tb_cflags *cf)
{
	/* a PID that does not exist would trace nothing for ever */
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return -1;
	if (tb_cflags_add(cf, "-DHELLO_ID=%d", (int)getpid()))
		return -1;
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	return 0;
}

/* 3. What it attaches once compiled (with --bpf-file, the user's file instead): the BPF
 * function is TRACEPOINT_PROBE(syscalls, sys_enter_write)'s, named after the tracepoint */
static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_write" },
	{ TB_PROBE_END },
};

/* 4. Output: columns as BCC's hello_fields.py prints them, or --json objects. */
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

/* 5. Read until Ctrl-C: signals only set a flag the loop checks. Its lines come through the
 * trace pipe, not a perf buffer: a loop of its own. */
static int read_trace_pipe(struct tb_prog *prog)
{
	char marker[32];

	snprintf(marker, sizeof(marker), TB_HELLO_TAG "%d: ", (int)getpid());
	return tb_trace_pipe_run(prog, marker, print_line, NULL, 0);
}

/* 6. The tool as a whole; tb_tool_main runs it, with one exit path that detaches everything,
 * also after a failure half-way */
static const struct tb_tool tool = {
	TB_TOOL_SOURCE(hello),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.out = &out,
	TB_COLUMNS(columns),
	.run = read_trace_pipe,
};
TB_TOOL_MAIN(hello, tool)
