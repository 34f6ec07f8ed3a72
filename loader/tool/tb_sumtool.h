/* Tools that sum event times (or counts) per key, or show them as histograms with -d:
 * hardirqs and softirqs share BCC's flags (-T -N -C -d -c CPU [interval [outputs]]), their
 * cflags, their banner and their output, all here. */
#ifndef TB_SUMTOOL_H
#define TB_SUMTOOL_H

#include <argp.h>
#include <stdbool.h>

#include "tb_hist.h"
#include "tb_options.h"

struct tb_prog;

struct tb_sumtool {
	/* set by the tool */
	const char *what;           /* "hard irq": banner "Tracing hard irq event time..." */
	const char *count_flag;     /* "--count" or "--events": named in the -C error */
	const char *name_header;    /* "HARDIRQ" */
	int name_width;             /* BCC's column width: 26 */
	const char *section_header; /* "hardirq": -d sections and the JSON key */
	tb_hist_label_fn label;
	/* set by the options */
	bool timestamp;   /* -T */
	bool nanoseconds; /* -N */
	bool count;       /* -C */
	bool dist;        /* -d */
	int cpu;          /* -c, -1 = every CPU */
	long interval_ms;
	long outputs;
};

/* Defined by the tool, with what it is and these defaults:
 *   struct tb_sumtool tb_sumtool = { TB_SUMTOOL_DEFAULTS, .what = "hard irq", ... }; */
extern struct tb_sumtool tb_sumtool;
#define TB_SUMTOOL_DEFAULTS .cpu = -1

/* Add as { &tb_sumtool_argp, 0, NULL, 0 } in the tool's children; it also takes the
 * trailing [interval [outputs]] arguments. */
extern const struct argp tb_sumtool_argp;

/* -DTB_COUNT, -DTB_DIST, -DTB_FACTOR=1|1000, -DTARG_CPU=N for the BPF side: a tool's .prepare. */
int tb_sumtool_cflags(struct tb_cflags *cf);

/* Banner, then the interval loop printing table `dist` (sums or histograms) each time: a
 * tool's .run. */
int tb_sumtool_run(struct tb_prog *prog);

/* A section that is a NUL-padded string (a handler name): text and JSON label. */
void tb_sumtool_string_label(const void *section, size_t size, struct tb_hist_label *l,
			     void *ctx);

#endif
