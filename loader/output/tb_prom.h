/* Prometheus for fleets: a histogram or counter tool run with --prometheus ADDR:PORT serves
 * its maps at http://ADDR:PORT/metrics in Prometheus' text exposition format, read at each
 * scrape (never cleared: Prometheus wants cumulative counts), instead of printing intervals.
 * A tool offers it by taking tb_prometheus_children as its argp's children and setting
 * .metrics in its struct tb_interval_opts. docs/prometheus.md. */
#ifndef TB_PROM_H
#define TB_PROM_H

#include <stdbool.h>
#include <stdio.h>

struct tb_prog;
struct tb_interval_opts;
struct tb_hist_print_opts;

extern struct tb_prometheus {
	const char *listen;   /* --prometheus ADDR:PORT, as given; NULL: print as usual */
} tb_prometheus;

/* --prometheus, then the common options; the option alone, for tools with more children. */
extern const struct argp_child tb_prometheus_children[];
extern const struct argp tb_prometheus_argp;

/* The serving loop, in place of tb_interval_run: until Ctrl-C (or the watched process ends),
 * answers GET /metrics with opts->metrics' text. 0, or -1 after one error line. */
int tb_prom_serve(struct tb_prog *prog, const struct tb_interval_opts *opts);

/* One histogram table as a Prometheus histogram named `metric` (base unit: seconds when the
 * print options' unit is usecs, msecs or nsecs): cumulative _bucket{le=...} series, one set
 * per section labelled from the tool's section labels (a label's JSON object gives one label
 * per key, {"pid":1,"comm":"x"}; else the section header names it), _sum estimated from the
 * buckets' middles (log2 histograms keep no sum: the HELP says so), _count. Reads without
 * clearing. 0 or -errno. */
int tb_prom_hist(FILE *fp, struct tb_prog *prog, const char *table, const char *metric,
		 const char *help, const struct tb_hist_print_opts *opts);

/* Text pieces for tools that write counters themselves: "# HELP" and "# TYPE" lines, and a
 * label value escaped as the format wants (backslash, quote, newline). */
void tb_prom_header(FILE *fp, const char *metric, const char *type, const char *help);
void tb_prom_label_value(FILE *fp, const char *value);
/* "ADDR:PORT" (IPv4, [IPv6], or :PORT for every address): 0, or -1 after one error line. */
int tb_prom_parse_listen(const char *arg, void *sockaddr_storage, unsigned int *len);

#endif
