/* Per-key time sums or histograms (hardirqs, softirqs): BCC's shared flags and output. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tb_log.h"
#include "tb_output.h"
#include "tracebox.h"
#include "tb_sumtool.h"

static const struct argp_option sumtool_options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "nanoseconds", 'N', NULL, 0, "Output in nanoseconds", 0 },
	{ "count", 'C', NULL, 0, "Show event counts instead of timing", 0 },
	{ "events", 'C', NULL, OPTION_ALIAS, NULL, 0 },
	{ "dist", 'd', NULL, 0, "Show distributions as histograms", 0 },
	{ "cpu", 'c', "CPU", 0, "Trace this CPU only", 0 },
	{ 0 },
};

static error_t parse_sumtool(int key, char *arg, struct argp_state *state)
{
	struct tb_sumtool *t = &tb_sumtool;
	int err = 0;

	switch (key) {
	case 'T': t->timestamp = true; break;
	case 'N': t->nanoseconds = true; break;
	case 'C': t->count = true; break;
	case 'd': t->dist = true; break;
	case 'c':
		err = tb_parse_int(arg, 0, (int)sysconf(_SC_NPROCESSORS_CONF) - 1, "CPU", &t->cpu);
		break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &t->interval_ms, &t->outputs);
		break;
	case ARGP_KEY_END:
		if (t->count && (t->dist || t->nanoseconds)) {
			tb_error("invalid options: %s (-C) cannot be used with time-based options "
				 "(-d, -N)", t->count_flag);
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

const struct argp tb_sumtool_argp = { sumtool_options, parse_sumtool, NULL, NULL, NULL, NULL, NULL };

int tb_sumtool_cflags(struct tb_cflags *cf)
{
	const struct tb_sumtool *t = &tb_sumtool;

	if (t->count && tb_cflags_add(cf, "-DTB_COUNT=1"))
		return -1;
	if (t->dist && tb_cflags_add(cf, "-DTB_DIST=1"))
		return -1;
	if (tb_cflags_add(cf, "-DTB_FACTOR=%d", t->nanoseconds ? 1 : 1000))
		return -1;
	if (t->cpu >= 0 && tb_cflags_add(cf, "-DTARG_CPU=%d", t->cpu))
		return -1;
	return 0;
}

void tb_sumtool_string_label(const void *section, size_t size, struct tb_hist_label *l,
			     void *ctx)
{
	char name[TB_HIST_SECTION_MAX + 1] = "";

	memcpy(name, section, size < TB_HIST_SECTION_MAX ? size : TB_HIST_SECTION_MAX);
	tb_hist_label_string(l, name);
}

static const char *unit(void)
{
	return tb_sumtool.count ? "count" : tb_sumtool.nanoseconds ? "nsecs" : "usecs";
}

static int print_summary(void *ctx, FILE *fp, time_t now)
{
	const struct tb_sumtool *t = &tb_sumtool;
	struct tb_prog *prog = ctx;
	struct tb_hist_set set = { 0 };
	int err;

	if (t->dist)
		return tb_hist_dump(prog, "dist", &(struct tb_hist_print_opts){
			.unit = unit(), .section_header = t->section_header, .label = t->label },
			tb_common.json, fp, now);
	err = tb_hist_read(prog, "dist", &set, true /* clear */);
	if (!err)
		/* sums are in ns (or counts): BCC divides them by its factor when printing */
		tb_hist_totals_print(fp, &set, &(struct tb_hist_totals_opts){
			.name_header = t->name_header, .name_width = t->name_width, .unit = unit(),
			.divisor = t->count || t->nanoseconds ? 1 : 1000,
			.json_key = t->section_header, .label = t->label }, tb_common.json, now);
	tb_hist_set_free(&set);
	return err;
}

/* --prometheus: with -d the histograms; else a counter per handler (seconds, or events) */
static int metrics(void *ctx, FILE *fp)
{
	const struct tb_sumtool *t = &tb_sumtool;
	struct tb_hist_set set = { 0 };
	char metric[64], help[160];
	int err;

	if (t->dist) {
		snprintf(metric, sizeof(metric), "tracebox_%ss_seconds", t->section_header);
		snprintf(help, sizeof(help), "Time in each %s handler, per event", t->what);
		return tb_prom_hist(fp, ctx, "dist", metric, help, &(struct tb_hist_print_opts){
			.unit = unit(), .section_header = t->section_header, .label = t->label });
	}
	err = tb_hist_read(ctx, "dist", &set, false);
	if (err)
		return err;
	snprintf(metric, sizeof(metric), "tracebox_%ss_%s_total", t->section_header,
		 t->count ? "events" : "seconds");
	snprintf(help, sizeof(help), "%s in each %s handler", t->count ? "Events" : "Time",
		 t->what);
	tb_prom_header(fp, metric, "counter", help);
	for (int i = 0; i < set.n; i++) {
		struct tb_hist_label l = { { 0 } };

		t->label(set.hists[i].section, set.section_size, &l, NULL);
		fprintf(fp, "%s{%s=", metric, t->section_header);
		tb_prom_label_value(fp, l.text);
		/* sums are in nanoseconds */
		if (t->count)
			fprintf(fp, "} %llu\n", (unsigned long long)set.hists[i].total);
		else
			fprintf(fp, "} %.9f\n", set.hists[i].total / 1e9);
	}
	tb_hist_set_free(&set);
	return 0;
}

int tb_sumtool_run(struct tb_prog *prog)
{
	const struct tb_sumtool *t = &tb_sumtool;

	char what[96];

	struct tb_interval_opts opts = {
		.interval_ms = t->interval_ms, .count = t->outputs, .timestamp = t->timestamp,
		.json = tb_common.json, .print = print_summary, .metrics = metrics, .ctx = prog };

	snprintf(what, sizeof(what), "%s event%s", t->what, t->count ? "s" : " time");
	tb_output_banner(what);
	return tb_prometheus.listen ? tb_prom_serve(prog, &opts) : tb_interval_run(prog, &opts);
}
