/* Top-style summaries (biotop, tcptop): the head of each interval's output and its rows,
 * read from a table of sums and sorted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tb_hist.h"
#include "tb_log.h"
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

void tb_top_head(FILE *fp, bool clear, time_t now, const char *loadavg)
{
	char hms[16] = "";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	/* BCC runs clear(1): home and erase; a file gets the blank line of -C instead */
	if (clear && isatty(fileno(fp)))
		fputs("\033[H\033[2J", fp);
	else
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
