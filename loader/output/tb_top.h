/* Top-style summaries (biotop, tcptop), as BCC prints them every interval: the screen cleared
 * (a blank line with -C), "HH:MM:SS loadavg: <the contents of /proc/loadavg>", a blank line,
 * the tool's column header, then its rows largest first (biotop: at most MAXROWS of them). */
#ifndef TB_TOP_H
#define TB_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct tb_prog;

/* BCC's -r default */
#define TB_TOP_MAXROWS 20

/* A table of sums, read into the tool's own row struct (the key at offset 0, the value at
 * val_offset), and how the tool prints its rows. */
struct tb_top_table {
	const char *name;
	size_t key_size, val_size;
	size_t row_size, val_offset;
	size_t max_entries;                  /* the table's size: a full one is warned of */
	uint64_t (*weight)(const void *row); /* what rows are sorted on, largest first */
	/* text: the column header and rows (sorted, MAXROWS at most), after the head */
	void (*print_text)(FILE *fp, const void *rows, size_t n);
	/* --json: one row's object */
	void (*print_json)(FILE *fp, const void *row);
};

/* How a summary is printed: the options of the tool. */
struct tb_top_view {
	bool json;
	bool clear;   /* not -C */
	bool loadavg; /* not tcptop -S */
	int maxrows;  /* 0 = all */
};

/* One interval's summary: the table read and emptied, then the head and the rows (text), or
 * one JSON object {"ts":..,"loadavg":..,"rows":[..]}: a tool's tb_interval_opts.print calls
 * it. 0, or -1 after one error line. */
int tb_top_print(struct tb_prog *prog, const struct tb_top_table *t, const struct tb_top_view *v,
		 FILE *fp, time_t now);
/* The same from rows already read and sorted, with a given load average (unit tests). */
void tb_top_print_rows(const struct tb_top_table *t, const struct tb_top_view *v, FILE *fp,
		       const void *rows, size_t n, time_t now, const char *loadavg);
/* clear(1)'s home, erase and scrollback erase on FP when it is a terminal (BCC's top tools and
 * ttysnoop run clear); returns whether it cleared. */
bool tb_screen_clear(FILE *fp);
/* BCC's "Tracing... Output every N secs. Hit Ctrl-C to end" (text only), flushed. */
void tb_top_banner(long interval_ms);
/* BCC's "Detaching..." at the end (biotop, filetop: a tool's .finish), where the banner was
 * printed. */
void tb_top_detaching(struct tb_prog *prog);

/* Reads and empties the table (each interval starts afresh, as BCC's counts.clear()), into
 * *rows (malloc'd, the caller frees), sorted (tb_top_sort). 0, or -1 after one error line. */
int tb_top_read(struct tb_prog *prog, const struct tb_top_table *t, void **rows, size_t *n);
/* Largest weight first; equal weights by the key's bytes, so that the output is stable. */
void tb_top_sort(void *rows, size_t n, const struct tb_top_table *t);

/* /proc/loadavg's line without its newline, read now ("" when unreadable). */
void tb_top_loadavg(char *buf, size_t len);
/* The text lines above the column header. clear: the screen is cleared when fp is a terminal,
 * else it is a blank line, as with -C (no escape codes in a file); loadavg NULL: no load
 * average line (tcptop -S). */
void tb_top_head(FILE *fp, bool clear, time_t now, const char *loadavg);
/* JSON: opens the interval's object, {"ts":"...","loadavg":"..." (no loadavg when NULL) for the
 * tool to go on (,"rows":[...]}). */
void tb_top_json_head(FILE *fp, time_t now, const char *loadavg);

/* How many of n rows are printed. */
static inline size_t tb_top_rows(size_t n, int maxrows)
{
	return maxrows > 0 && n > (size_t)maxrows ? (size_t)maxrows : n;
}

#endif
