/* A tool as a declaration: what a frontend says (its source, options, probes, events or
 * tables, columns) and one entry point that runs the recipe every tool shares:
 *
 *   options -> generate? -> --dump-bpf? -> signals -> attach method -> prepare (-D flags, checks) ->
 *   compile -> tables -> perf buffers -> probes -> announce -> header -> loop -> finish ->
 *   detach -> cleanup
 *
 * with one exit path. Perf buffers open before any probe attaches, so no event falls between;
 * a signal during start-up ends the run there, detached and with status 0; events still in
 * the buffers at exit are delivered before the summary of losses (tb_prog_destroy).
 * Tools with a flow of their own (tbrun, tblist, tbdoctor, memleak, profile) use the same
 * parts (tb_program.h, tb_attach.h, tb_perfbuf.h, ...) directly. docs/adding-a-tool.md walks
 * through one event tool and one histogram tool. */
#ifndef TB_TOOL_H
#define TB_TOOL_H

#include <argp.h>
#include <stdbool.h>
#include <sys/types.h>

#include "tb_attach_choice.h"
#include "tb_hist.h"
#include "tb_options.h"
#include "tb_output.h"
#include "tb_perfbuf.h"

struct tb_prog;
struct tb_usdt;

enum tb_probe_kind {
	TB_PROBE_END = 0,  /* ends a probe list */
	TB_TRACEPOINT,     /* target "category:event"; fn defaults to tracepoint__category__event */
	TB_RAW_TRACEPOINT, /* target "sched_switch"; fn defaults to raw_tracepoint__sched_switch */
	TB_KPROBE,         /* target a kernel function; fn required */
	TB_KRETPROBE,
	TB_SYSCALL_KPROBE, /* target a syscall ("execve"), resolved to this kernel's symbol */
	TB_KFUNC,          /* fn "kfunc__X" or "kretfunc__X" (libbcc's KFUNC_PROBE names) */
	TB_LSM,            /* fn "lsm__hook" */
};

enum {
	/* the kernel may lack it (a syscall some architectures lack, a module not loaded): then
	 * it is skipped, and -v says so */
	TB_PROBE_OPTIONAL = 1u << 0,
};

struct tb_probe {
	enum tb_probe_kind kind;
	const char *target;
	const char *fn;
	unsigned int flags;
	/* NULL, or the probe is attached only while *when is true: one an option leaves out
	 * (tcpconnlat -4: no IPv6 function), decided by the time probes attach (in prepare) */
	const bool *when;
};

/* Attaches one probe as described (the default function name filled in). 0, or <0 after one
 * error line; an optional probe the kernel lacks is 0, skipped, and so is one *when leaves
 * out. */
int tb_probe_attach(struct tb_prog *prog, const struct tb_probe *probe);
/* A list ending with TB_PROBE_END. */
int tb_probes_attach(struct tb_prog *prog, const struct tb_probe *probes);

struct tb_tool {
	/* --- what it compiles --- */
	const char *source;      /* TB_TOOL_SOURCE(name) fills these two */
	const char *source_name;
	/* Or a program written from the options (the multi-tools: funccount, trace...): called
	 * once after them, before --dump-bpf prints it; NULL after one error line. The text
	 * stays the tool's (its cleanup frees it); source_name names it in messages. */
	const char *(*generate)(void);
	const struct argp *argp; /* its options; children: tb_common_children, or its own list
				  * ending with the common options */
	/* After the options: checks that refuse with one error line, choices the kernel decides
	 * (an attach method), and the -D flags for the BPF side. 0, or <0 to stop (exit 1). */
	int (*prepare)(struct tb_cflags *cflags);
	/* USDT tools: the contexts whose argument readers are compiled in (the program owns them
	 * from then on); their enabled probes are attached with the others. */
	int (*open_usdt)(struct tb_usdt **usdt);

	/* --- what it attaches --- */
	const struct tb_probe *probes; /* fixed probes, ending with TB_PROBE_END; may be NULL */
	/* A kernel function traced one of three ways (tb_attach_choice.h), the BPF source holding
	 * a variant per method. With choice set, before prepare: the method is chosen from
	 * *method (--attach; TB_ATTACH_AUTO lets the kernel decide, -v says why), the result is
	 * written back to *method, and its -D flag (-DTB_USE_FENTRY...) added; after the fixed
	 * probes, the chosen method's list attaches: method_probes[TB_ATTACH_FENTRY], ... */
	const struct tb_attach_target *choice;
	enum tb_attach_method *method;
	const struct tb_probe *method_probes[TB_ATTACH_TRACEPOINT + 1];
	int (*attach)(struct tb_prog *prog); /* probes the options choose, after the fixed ones */
	/* After compiling, before anything attaches: tables the tool fills (rules, config). */
	int (*setup)(struct tb_prog *prog);
	long *watch_pid;  /* > 0: tracing ends when this process exits (tb_prog_watch_pid); a
			   * long, as tb_parse_pid fills it */

	/* --- what it prints: events --- */
	const char *events;    /* the BPF_PERF_OUTPUT table, NULL for none */
	tb_event_fn on_event;  /* called with events of event_size bytes or more (ctx NULL) */
	size_t event_size;     /* shorter ones are counted and said at exit, never handed over */
	struct tb_output *out; /* opened on stdout (text or --json) with columns(), header printed */
	const struct tb_column *(*columns)(int *n, enum tb_time_mode *time);
	/* or, columns that never change: TB_COLUMNS(array) and the time column's mode */
	const struct tb_column *cols;
	int ncols;
	enum tb_time_mode time_mode;
	long *duration_ms;     /* > 0: tracing ends after this long */

	/* --- what it prints: summaries --- */
	const char *banner;    /* "run queue latency": "Tracing run queue latency... Hit Ctrl-C to end." */
	/* The interval loop printing tables (interval, count and -T filled by the options, print
	 * by the tool; json is set here, and ctx, when NULL, is the program). */
	struct tb_interval_opts *interval;

	/* --- hooks for what is the tool's alone --- */
	void (*before_header)(void);           /* text before the column header (a TIME(s) prefix) */
	int (*run)(struct tb_prog *prog);      /* a loop of its own instead of the above */
	void (*finish)(struct tb_prog *prog);  /* after the loop, still attached: totals */
	void (*cleanup)(void);                 /* after detaching: what the tool allocated */
};

/* .cols and .ncols of a fixed array of columns */
#define TB_COLUMNS(array) .cols = (array), .ncols = (int)(sizeof(array) / sizeof((array)[0]))

/* The embedded BPF source of a tool (programs/NAME.bpf.c). */
#define TB_TOOL_SOURCE(name) .source = tb_bpf_##name, .source_name = tb_bpf_##name##_name

/* Reads the options into the tool's own variables (argp; checks across options belong in
 * its ARGP_KEY_END). 0, or -1 after argp or the tool has said why. Unit tests call it. */
int tb_tool_parse(const struct tb_tool *tool, int argc, char **argv);

/* Runs the tool: 0 on success, 1 on failure (after one error line), as main returns it. */
int tb_tool_main(const struct tb_tool *tool, int argc, char **argv);

/* Defines NAME_main, the tool's entry; the build gives each tool a main calling it (so unit
 * tests can include the frontend and have a main of their own). */
#define TB_TOOL_MAIN(name, tool) \
	int name##_main(int argc, char **argv); \
	int name##_main(int argc, char **argv) { return tb_tool_main(&(tool), argc, argv); }

#endif
