/* javagc: the duration of each garbage collection of one JVM, as libbpf-tools' javagc shows. */
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	case 'p': err = tb_parse_long(arg, 1, 0x3fffffff, "PID", &env.pid); break;
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

static int parse_args(int argc, char **argv)
{
	return tb_argp_parse(&argp, argc, argv);
}

static const struct tb_column columns[] = {
	{ "CPU", NULL, 7, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "GC TIME", "gc_time_us", 0, TB_LEFT },
};

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct javagc_event *e = data;

	if (size < sizeof(*e))
		return;
	tb_output_begin(&out, e->end_ns);
	tb_output_uint(&out, e->cpu);
	tb_output_uint(&out, e->pid);
	tb_output_uint(&out, e->duration_ns / 1000);
	tb_output_end(&out);
}

/* The JVM's probes live in libjvm.so, found in the process's mappings. */
static struct tb_usdt *open_jvm(void)
{
	char libjvm[4096];
	struct tb_usdt *usdt;
	int err = tb_proc_find_module(env.pid, "libjvm.so", libjvm, sizeof(libjvm));

	if (err == -ESRCH || (!err && !tb_proc_alive(env.pid))) {
		tb_error("failed to trace process %ld: no such process", env.pid);
		return NULL;
	}
	if (err) {
		tb_error("failed to find libjvm.so in process %ld: is it a Java process? (its "
			 "mappings are in /proc/%ld/maps)", env.pid, env.pid);
		return NULL;
	}
	tb_info("process %ld runs %s", env.pid, libjvm);
	usdt = tb_usdt_open(libjvm, env.pid);
	if (!usdt)
		return NULL;
	if (tb_usdt_enable(usdt, "hotspot", "gc__begin", "on_gc_begin") ||
	    tb_usdt_enable(usdt, "hotspot", "gc__end", "on_gc_end")) {
		tb_usdt_close(usdt);
		return NULL;
	}
	return usdt;
}

int javagc_main(int argc, char **argv);
int javagc_main(int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog = NULL;
	struct tb_usdt *usdt;
	int err = -1;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	if (tb_common.dump_bpf)
		return tb_dump_source(tb_bpf_javagc);
	if (tb_cflags_add(&cflags, "-DMIN_NS=%lluull", (unsigned long long)env.min_us * 1000))
		goto cleanup;
	usdt = open_jvm();
	if (!usdt)
		goto cleanup;

	prog = tb_prog_compile(&(struct tb_prog_opts){
		.source = tb_bpf_javagc, .source_name = tb_bpf_javagc_name,
		.cflags = (const char *const *)cflags.argv, .ncflags = cflags.n,
		.usdt = &usdt, .nusdt = 1 });
	if (!prog)
		goto cleanup;
	if (tb_attach_usdt(prog) || tb_perfbuf_open(prog, "events", handle_event, NULL) ||
	    tb_prog_watch_pid(prog, env.pid))
		goto cleanup;

	tb_signals_install();
	tb_output_banner("javagc time");
	tb_output_init(&out, stdout, columns, 3, tb_common.json, TB_TIME_CLOCK);
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
	return javagc_main(argc, argv);
}
#endif
