/* Shared output layer: aligned text columns like BCC's tools, or one JSON object per event,
 * with the -T (HH:MM:SS) and -t (seconds since start) time columns handled here once. */
#ifndef TB_OUTPUT_H
#define TB_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum tb_align { TB_LEFT, TB_RIGHT };

struct tb_column {
	const char *name;     /* header text, e.g. "PCOMM" */
	const char *json_key; /* key in --json; NULL = name in lower case ("PCOMM" -> "pcomm") */
	int width;            /* minimum width in text mode; 0 = no padding (use for the last column) */
	enum tb_align align;
};

enum tb_time_mode {
	TB_TIME_NONE,
	TB_TIME_CLOCK,    /* -T: "TIME" column, local wall clock HH:MM:SS */
	TB_TIME_RELATIVE, /* -t: "TIME(s)" column, seconds since the tool started, %-8.3f */
};

#define TB_OUTPUT_MAX_COLUMNS 32

/* The columns of all[0..n) for which used(i) is true, into shown (n entries at least); with
 * tid, column pid_col is BCC's TID in the PID's place (same width, JSON key "tid"), as the
 * snoop tools print under -t. Returns how many. */
int tb_columns_pick(const struct tb_column *all, int n, bool (*used)(int i), int pid_col,
		    bool tid, struct tb_column *shown);

struct tb_output {
	FILE *fp;
	bool json;
	enum tb_time_mode time_mode;
	const struct tb_column *cols;
	int ncols;
	uint64_t start_ns; /* CLOCK_MONOTONIC at init: the zero of -t */
	/* state of the record being written */
	int field;
};

void tb_output_init(struct tb_output *out, FILE *fp, const struct tb_column *cols, int ncols,
		    bool json, enum tb_time_mode time_mode);

/* BCC's "Tracing <what>... Hit Ctrl-C to end." line (text mode only; nothing with --json),
 * flushed at once: like the header, it tells whoever reads the output that the probes are
 * attached. */
void tb_output_banner(const char *what);

/* Prints the header line in text mode (with TIME/TIME(s) first when asked); nothing in JSON. */
void tb_output_header(struct tb_output *out);

/* Starts a record. event_ns is the event's CLOCK_MONOTONIC time (bpf_ktime_get_ns), or 0 for
 * "now". tb_output_begin_at is the same with explicit clocks, for tests. */
void tb_output_begin(struct tb_output *out, uint64_t event_ns);
void tb_output_begin_at(struct tb_output *out, uint64_t event_ns, time_t wall);

/* One value per column, in column order. */
void tb_output_str(struct tb_output *out, const char *s);
void tb_output_int(struct tb_output *out, long long v);
void tb_output_uint(struct tb_output *out, unsigned long long v);
void tb_output_double(struct tb_output *out, double v, int precision);

/* Ends the record: newline in text mode, closing brace + newline in JSON. */
void tb_output_end(struct tb_output *out);

/* Writes s as a JSON string literal (quotes included), escaping control bytes and invalid UTF-8
 * as \u00XX so that any kernel string yields valid JSON. */
void tb_json_string(FILE *fp, const char *s);

/* Seconds from the first event seen (BCC's TIME(s) in several tools): *first is set by the
 * first call. Perf buffers are per CPU, so a later call may carry an older timestamp: that
 * gives 0, never a negative or wrapped-around number. */
double tb_seconds_since_first(uint64_t *first, uint64_t ts_ns);
/* The same in nanoseconds, for a tool that prints whole units of it (threadsnoop's TIME(ms)). */
uint64_t tb_ns_since_first(uint64_t *first, uint64_t ts_ns);

/* BCC's -T and -t columns as tcpstates and tcplife print them, in text and CSV alike and before
 * the tool's own columns: TIME (HH:MM:SS, local) then TIME(s) (seconds since the first event,
 * 6 decimals), each followed by a space ("%-8s ", "%-9.6f ") or, in CSV, a comma. */
struct tb_bcc_times {
	bool clock;      /* -T */
	bool relative;   /* -t */
	bool csv;        /* -s */
	uint64_t first;  /* the first event's time: the zero of -t */
};
void tb_bcc_times_header(FILE *fp, const struct tb_bcc_times *t);
void tb_bcc_times_print(FILE *fp, struct tb_bcc_times *t, uint64_t ts_ns);

/* Monotonic clock in ns, the same clock as bpf_ktime_get_ns(). */
uint64_t tb_monotonic_ns(void);

#endif
