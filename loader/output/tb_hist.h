/* Histograms: reading BCC-style BPF_HISTOGRAM tables (flat or sectioned by a key prefix),
 * printing them exactly as BCC does, their JSON form, and the interval loop of the
 * summarising tools (runqlat, biolatency, hardirqs...). */
#ifndef TB_HIST_H
#define TB_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct tb_prog;

/* Slots of a log2 histogram filled with bpf_log2l(): slot 0 holds 0, slot i >= 1 holds
 * [2^(i-1), 2^i - 1]. 65 covers any u64, as BCC's log2_index_max. */
#define TB_HIST_LOG2_SLOTS 65
/* BCC's bar width; log2 histograms whose top slot is past 32 use half of it. */
#define TB_HIST_STARS 40

/* Prints slots as BCC's print_log2_hist: header with unit ("usecs"), one row per slot up to
 * the last non-empty one, 40-star bars scaled to the largest count. Slot 0 (exact zeros,
 * which BCC never prints) is counted in the "0 -> 1" row. strip_leading_zero drops the empty
 * rows before the first non-empty one (BCC's option of that name). Nothing when all empty. */
void tb_hist_print_log2(FILE *fp, const uint64_t *slots, int nslots, const char *unit,
			bool strip_leading_zero);

/* BCC's print_linear_hist: one row per slot from 0 (or the first non-empty one with
 * strip_leading_zero) to the last non-empty one, the row value being base + i * step. */
void tb_hist_print_linear(FILE *fp, const uint64_t *slots, int nslots, const char *unit,
			  long long base, long long step, bool strip_leading_zero);

/* JSON arrays of the non-empty buckets: [{"low":0,"high":1,"count":3},...] */
void tb_hist_json_log2(FILE *fp, const uint64_t *slots, int nslots);
void tb_hist_json_linear(FILE *fp, const uint64_t *slots, int nslots, long long base,
			 long long step);

/* Bucket i of a log2 histogram as printed: low and high bounds. */
void tb_hist_log2_bounds(int i, uint64_t *low, uint64_t *high);

/* One histogram read from a table: for a sectioned table, the key bytes before the slot (pid,
 * disk, irq name... zero-padded to 64 bytes) and the slots of that section. */
#define TB_HIST_SECTION_MAX 64
struct tb_hist {
	unsigned char section[TB_HIST_SECTION_MAX];
	uint64_t slots[TB_HIST_LOG2_SLOTS];
	uint64_t total; /* sum of the slots */
};

struct tb_hist_set {
	struct tb_hist *hists;
	int n, cap;
	size_t section_size; /* key size minus the 8-byte slot; 0 for a flat histogram */
};

/*
 * Reads table `name` into set (emptied first) and clears it in the kernel, as BCC's
 * print + dist.clear() do. Two layouts, told apart by the key size:
 *  - BPF_HISTOGRAM(dist): an array indexed by slot, u64 counts; one histogram, no section.
 *  - BPF_HISTOGRAM(dist, key_t, n): a hash whose key is a struct ending with `u64 slot`;
 *    sections are the key bytes before the slot (keep padding zeroed on the BPF side).
 * Sections come out sorted by section bytes read as one little-endian number when they fit
 * in 8 bytes (pids, devices, vectors), else as strings (irq names). 0 or -errno.
 */
int tb_hist_read(struct tb_prog *prog, const char *name, struct tb_hist_set *set, bool clear);
void tb_hist_set_free(struct tb_hist_set *set);

/* A section's names: text printed after "<header> = " and its JSON value (raw JSON text,
 * e.g. 123 or "vda"). Tools fill it from the section bytes. */
struct tb_hist_label {
	char text[128];
	char json[192];
};
typedef void (*tb_hist_label_fn)(const void *section, size_t size, struct tb_hist_label *out,
				 void *ctx);

/* Fills a label with text s, its JSON value being s as a JSON string ("vda"). */
void tb_hist_label_string(struct tb_hist_label *l, const char *s);
/* Labels of sections that are a process (or thread) id, a u32: "123 comm", the comm read now
 * from /proc (the number alone once it has exited), as libbpf-tools' -P and -L show them
 * (BCC's Python tools print the number alone); in JSON {"pid":123,"comm":"bash"} ("tid"). */
void tb_hist_pid_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx);
void tb_hist_tid_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx);

struct tb_hist_print_opts {
	const char *unit;           /* "usecs" */
	const char *section_header; /* "pid": "\npid = <label>" before each section */
	tb_hist_label_fn label;     /* NULL: section printed as an unsigned number */
	void *label_ctx;
	bool strip_leading_zero;
	bool linear;                /* linear histogram (base, step) instead of log2 */
	long long base, step;
};

/* Prints every histogram of set in BCC's text form. */
void tb_hist_set_print(FILE *fp, const struct tb_hist_set *set,
		       const struct tb_hist_print_opts *opts);
/* One JSON object a line: {"ts":"YYYY-mm-dd HH:MM:SS","unit":..,"hists":[{"key":..,
 * "buckets":[...]}]} ("key" only for sectioned sets). */
void tb_hist_set_json(FILE *fp, const struct tb_hist_set *set,
		      const struct tb_hist_print_opts *opts, time_t now);

/* The usual interval print of a histogram tool: reads table `name`, clears it, prints it as
 * text (BCC) or one JSON line. 0 or -errno. */
int tb_hist_dump(struct tb_prog *prog, const char *name, const struct tb_hist_print_opts *opts,
		 bool json, FILE *fp, time_t now);

/* BCC's -e summary (biolatency, cpudist): table `name`, an array of one {u64 total; u64
 * count}, read and cleared; in text, when count > 0, "\navg = A unit, total: T unit, count:
 * C\n\n" (nothing in JSON, as BCC). 0, or -1 after one error line. */
int tb_hist_ext_dump(struct tb_prog *prog, const char *name, const char *unit, bool json,
		     FILE *fp);

/* BCC's "sum" tables (hardirqs, softirqs without -d): one row per section with its total
 * divided by divisor, largest first: "%-*s %11s" header (name_header, "TOTAL_<unit>") and
 * "%-*s %11llu" rows; in JSON {"ts":..,"unit":..,"totals":[{"<json_key>":..,"total":N}]}. */
struct tb_hist_totals_opts {
	const char *name_header; /* "HARDIRQ" */
	int name_width;          /* 26 */
	const char *unit;        /* "usecs" */
	uint64_t divisor;        /* 1000 for usecs from nanosecond sums */
	const char *json_key;    /* "hardirq" */
	tb_hist_label_fn label;
	void *label_ctx;
};
void tb_hist_totals_print(FILE *fp, struct tb_hist_set *set,
			  const struct tb_hist_totals_opts *opts, bool json, time_t now);

/* "YYYY-mm-dd HH:MM:SS" in local time, the "ts" of every JSON summary. */
void tb_hist_json_ts(FILE *fp, time_t now);

/*
 * The interval loop of summarising tools: waits `interval_ms` (0 = until Ctrl-C) polling
 * with tb_prog_poll, then prints: a blank line and, with timestamp, "HH:MM:SS" (text only),
 * then calls print(). Stops after `count` outputs (0 = no limit) or on SIGINT/SIGTERM, which
 * prints what was gathered so far (the totals) first. Returns 0, or <0 when print or
 * polling failed.
 */
struct tb_interval_opts {
	long interval_ms;
	long count;
	bool timestamp; /* -T */
	bool json;      /* no blank line or timestamp line: the JSON carries "ts" */
	bool lines;     /* one line per interval (pidpersec): no blank line before it either */
	int (*print)(void *ctx, FILE *fp, time_t now);
	void *ctx;
	/* --prometheus (tb_prom.h): the maps in Prometheus' text format, not cleared */
	int (*metrics)(void *ctx, FILE *fp);
};
int tb_interval_run(struct tb_prog *prog, const struct tb_interval_opts *opts);

/* Parses BCC's trailing [interval [count]] arguments (argp ARGP_KEY_ARG, arg_num 0 and 1):
 * interval in whole seconds (1..99999999), count 1..99999999. 0, or -1 after one error line. */
int tb_parse_interval_arg(const char *arg, unsigned int arg_num, long *interval_ms, long *count);

/* The options choosing how a histogram is sectioned (runqlat's -P, -L, --pidnss) exclude each
 * other: sets *section to value, the same one again being fine. 0, or -1 after the line
 * "invalid options: <flags> cannot be used together" (flags: "-P, -L and --pidnss"). */
int tb_hist_parse_section(int *section, int value, const char *flags);

#endif
