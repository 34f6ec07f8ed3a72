/* Top-style summaries (biotop, tcptop): the head of each interval's output and its rows,
 * read from a table of sums and sorted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tb_hist.h"
#include "tb_log.h"
#include "tb_options.h"
#include "tb_output.h"
#include "tb_table.h"
#include "tb_top.h"

static int by_weight(const void *a, const void *b, void *ctx)
{
	const struct tb_top_table *t = ctx;
	uint64_t wa = t->weight(a), wb = t->weight(b);

	if (wa != wb)
		return wa > wb ? -1 : 1;
	return memcmp(a, b, t->key_size);
}

void tb_top_sort(void *rows, size_t n, const struct tb_top_table *t)
{
	qsort_r(rows, n, t->row_size, by_weight, (void *)t);
}

int tb_top_read(struct tb_prog *prog, const struct tb_top_table *t, void **rows, size_t *n)
{
	struct tb_map_records recs = { 0 };
	unsigned char *out;
	int fd = tb_table_fd(prog, t->name), err;

	*rows = NULL;
	*n = 0;
	if (fd < 0)
		return -1;
	err = tb_map_read_all(fd, t->key_size, t->val_size, true /* clear */, &recs);
	if (err) {
		tb_error("failed to read table '%s': %s", t->name, strerror(-err));
		return -1;
	}
	out = calloc(recs.n ? recs.n : 1, t->row_size);
	if (!out) {
		tb_error("failed to read table '%s': %s", t->name, strerror(ENOMEM));
		tb_map_records_free(&recs);
		return -1;
	}
	/* records are packed and unaligned: copied into the tool's struct */
	for (size_t i = 0; i < recs.n; i++) {
		const unsigned char *rec = recs.recs + i * recs.rec_size;

		memcpy(out + i * t->row_size, rec, t->key_size);
		memcpy(out + i * t->row_size + t->val_offset, rec + recs.key_size, t->val_size);
	}
	tb_top_sort(out, recs.n, t);
	*rows = out;
	*n = recs.n;
	tb_map_records_free(&recs);
	return 0;
}

void tb_top_loadavg(char *buf, size_t len)
{
	FILE *fp = fopen("/proc/loadavg", "re");

	buf[0] = 0;
	if (!fp)
		return;
	if (!fgets(buf, (int)len, fp))
		buf[0] = 0;
	fclose(fp);
	buf[strcspn(buf, "\n")] = 0;
}

bool tb_screen_clear(FILE *fp)
{
	if (!isatty(fileno(fp)))
		return false;
	fputs("\033[H\033[2J\033[3J", fp);
	return true;
}

void tb_top_head(FILE *fp, bool clear, time_t now, const char *loadavg)
{
	char hms[16] = "";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	/* BCC runs clear(1); a file gets the blank line of -C instead */
	if (!clear || !tb_screen_clear(fp))
		fputc('\n', fp);
	if (loadavg)
		fprintf(fp, "%-8s loadavg: %s\n\n", hms, loadavg);
}

void tb_top_json_head(FILE *fp, time_t now, const char *loadavg)
{
	fputs("{\"ts\":", fp);
	tb_hist_json_ts(fp, now);
	if (!loadavg)
		return;
	fputs(",\"loadavg\":", fp);
	tb_json_string(fp, loadavg);
}

void tb_top_print_rows(const struct tb_top_table *t, const struct tb_top_view *v, FILE *fp,
		       const void *rows, size_t n, time_t now, const char *loadavg)
{
	const unsigned char *r = rows;

	n = tb_top_rows(n, v->maxrows);
	if (!v->json) {
		tb_top_head(fp, v->clear, now, v->loadavg ? loadavg : NULL);
		t->print_text(fp, rows, n);
		return;
	}
	tb_top_json_head(fp, now, v->loadavg ? loadavg : NULL);
	fputs(",\"rows\":[", fp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', fp);
		t->print_json(fp, r + i * t->row_size);
	}
	fputs("]}\n", fp);
}

int tb_top_print(struct tb_prog *prog, const struct tb_top_table *t, const struct tb_top_view *v,
		 FILE *fp, time_t now)
{
	char loadavg[128];
	void *rows;
	size_t n;

	if (tb_top_read(prog, t, &rows, &n))
		return -1;
	/* the BPF side's insert failed for what did not fit: it is missing from this interval */
	if (t->max_entries && n >= t->max_entries)
		tb_warn("table '%s' was full (%zu rows): some of this interval was not counted; a "
			"shorter interval holds fewer", t->name, t->max_entries);
	tb_top_loadavg(loadavg, sizeof(loadavg));
	tb_top_print_rows(t, v, fp, rows, n, now, loadavg);
	free(rows);
	return 0;
}

static bool banner_printed; /* "Detaching..." only after a banner (a start-up cut short has none) */

void tb_top_banner(long interval_ms)
{
	if (tb_common.json)
		return;
	printf("Tracing... Output every %ld secs. Hit Ctrl-C to end\n", interval_ms / 1000);
	fflush(stdout);
	banner_printed = true;
}

void tb_top_detaching(struct tb_prog *prog)
{
	(void)prog;
	if (banner_printed)
		printf("Detaching...\n");
}
