/* bootstrap: process starts and exits with their file names, exit codes and lifetimes, as
 * the libbpf-bootstrap tutorial's demo prints them. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "bootstrap.h"

_Static_assert(sizeof(struct bootstrap_event) ==
		       24 + TB_BOOTSTRAP_COMM_LEN + TB_BOOTSTRAP_FILENAME_LEN,
	       "struct bootstrap_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(bootstrap);

static struct env {
	long min_duration_ms; /* -d, 0 = every exec and exit */
} env;

const char *argp_program_version = "bootstrap (tracebox) 0.1";
static const char doc[] =
	"BPF bootstrap demo application.\n"
	"\n"
	"It traces process start and exits and shows associated information (filename, process "
	"duration, PID and PPID, etc).\n"
	"\n"
	"EXAMPLES:\n"
	"    bootstrap            # every exec and every process exit\n"
	"    bootstrap -d 100     # only exits of processes that lived 100 ms or more\n"
	"    bootstrap -v         # say which headers and probes were used\n"
	"    bootstrap --json     # one JSON object per event";

static const struct argp_option options[] = {
	{ "duration", 'd', "DURATION-MS", 0, "Minimum process duration (ms) to report", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'd':
		err = tb_parse_long(arg, 1, 365L * 86400 * 1000, "duration", &env.min_duration_ms);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* libbpf-bootstrap: "%-8s %-5s %-16s %-7d %-7d %s" with the wall-clock time first (our -T
 * column). In text both kinds share the last column; JSON gives each its own keys. */
static const struct tb_column text_columns[] = {
	{ "EVENT", NULL, 5, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "PPID", NULL, 7, TB_LEFT },
	{ "FILENAME/EXIT CODE", NULL, 0, TB_LEFT },
};
static const struct tb_column json_exec_columns[] = {
	{ "EVENT", NULL, 5, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "PPID", NULL, 7, TB_LEFT },
	{ "FILENAME", NULL, 0, TB_LEFT },
};
static const struct tb_column json_exit_columns[] = {
	{ "EVENT", NULL, 5, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "PPID", NULL, 7, TB_LEFT },
	{ "EXIT_CODE", NULL, 0, TB_LEFT },
	{ "DURATION_MS", NULL, 0, TB_LEFT },
};

static struct tb_output out_exec, out_exit;

static void print_event(const struct bootstrap_event *e)
{
	struct tb_output *out = e->exit_event ? &out_exit : &out_exec;
	char comm[TB_BOOTSTRAP_COMM_LEN + 1], text[TB_BOOTSTRAP_FILENAME_LEN + 48];
	unsigned long long ms = e->duration_ns / 1000000;

	snprintf(comm, sizeof(comm), "%.*s", TB_BOOTSTRAP_COMM_LEN, e->comm);
	tb_output_begin(out, 0);
	tb_output_str(out, e->exit_event ? "EXIT" : "EXEC");
	tb_output_str(out, comm);
	tb_output_uint(out, e->pid);
	tb_output_uint(out, e->ppid);
	if (!e->exit_event) {
		snprintf(text, sizeof(text), "%.*s", TB_BOOTSTRAP_FILENAME_LEN, e->filename);
		tb_output_str(out, text);
	} else if (tb_common.json) {
		tb_output_uint(out, e->exit_code);
		if (e->duration_ns)
			tb_output_uint(out, ms);
		else
			tb_output_str(out, NULL); /* the exec was before we started */
	} else {
		/* the duration only when the exec was seen, as libbpf-bootstrap prints it */
		if (e->duration_ns)
			snprintf(text, sizeof(text), "[%u] (%llums)", e->exit_code, ms);
		else
			snprintf(text, sizeof(text), "[%u]", e->exit_code);
		tb_output_str(out, text);
	}
	tb_output_end(out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (env.min_duration_ms &&
	    tb_cflags_add(cf, "-DMIN_DURATION_NS=%lluULL", env.min_duration_ms * 1000000ull))
		return -1;
	return 0;
}

/* The exec lines' output, whose header both kinds share in text. */
static const struct tb_column *exec_columns(int *n, enum tb_time_mode *time)
{
	*n = 5;
	*time = TB_TIME_CLOCK;
	return tb_common.json ? json_exec_columns : text_columns;
}

/* The exit lines' output, before the header: in JSON their keys are their own. */
static void open_exit_output(void)
{
	bool json = tb_common.json;

	tb_output_init(&out_exit, stdout, json ? json_exit_columns : text_columns, json ? 6 : 5,
		       json, TB_TIME_CLOCK);
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "sched:sched_process_exec" },
	{ TB_TRACEPOINT, "sched:sched_process_exit" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(bootstrap),
	.argp = &argp,
	.prepare = build_cflags,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct bootstrap_event),
	.out = &out_exec,
	.columns = exec_columns,
	.before_header = open_exit_output,
};
TB_TOOL_MAIN(bootstrap, tool)
