/* javagc: the duration of each garbage collection of one JVM, as libbpf-tools' javagc shows. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>

#include "tracebox.h"
#include "javagc.h"

_Static_assert(sizeof(struct javagc_event) == 32,
	       "struct javagc_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(javagc);

static struct env {
	long pid;     /* -p, required */
	long min_us;  /* -t */
} env = { .pid = -1, .min_us = TB_JAVAGC_DEFAULT_MIN_US };

const char *argp_program_version = "javagc (tracebox) 0.1";
static const char doc[] =
	"Monitor Java garbage collection time (USDT hotspot:gc__begin/gc__end).\n"
	"\n"
	"EXAMPLES:\n"
	"    javagc -p 185         # trace PID 185's collections longer than 1000 us\n"
	"    javagc -p 185 -t 100  # trace PID 185's collections longer than 100 us\n"
	"    javagc -p 185 -t 0    # every collection\n"
	"    javagc -p 185 --json  # one JSON object per collection";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "The Java process to trace (required)", 0 },
	{ "time", 't', "TIME", 0, "Only collections of at least TIME microseconds (default 1000)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_long(arg, 0, 3600L * 1000000, "time", &env.min_us); break;
	case ARGP_KEY_ARG:
		tb_error("unexpected argument '%s'", arg);
		err = -1;
		break;
	case ARGP_KEY_END:
		if (env.pid < 0) {
			tb_error("missing -p PID: javagc traces one Java process (find it with: "
				 "pgrep java)");
			err = -1;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

static const struct tb_column columns[] = {
	{ "CPU", NULL, 7, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "GC TIME", "gc_time_us", 0, TB_LEFT },
};

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct javagc_event *e = data;

	tb_output_begin(&out, e->end_ns);
	tb_output_uint(&out, e->cpu);
	tb_output_uint(&out, e->pid);
	tb_output_uint(&out, e->duration_ns / 1000);
	tb_output_end(&out);
}

/* The JVM's probes live in libjvm.so, found in the process's mappings. */
static int open_jvm(struct tb_usdt **usdt)
{
	static const struct tb_usdt_probe probes[] = {
		{ "hotspot", "gc__begin", "on_gc_begin" },
		{ "hotspot", "gc__end", "on_gc_end" },
		{ NULL },
	};

	*usdt = tb_usdt_open_process(env.pid, "libjvm.so", "Java", probes);
	return *usdt ? 0 : -1;
}

static int build_cflags(struct tb_cflags *cf)
{
	return tb_cflags_add(cf, "-DMIN_NS=%lluull", (unsigned long long)env.min_us * 1000);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(javagc),
	.argp = &argp,
	.prepare = build_cflags,
	.open_usdt = open_jvm,
	.watch_pid = &env.pid,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct javagc_event),
	.banner = "javagc time",
	.out = &out,
	TB_COLUMNS(columns),
	.time_mode = TB_TIME_CLOCK,
};
TB_TOOL_MAIN(javagc, tool)
