/* Shared output layer: text columns padded like BCC's printf formats, or one JSON object a line. */
#define _POSIX_C_SOURCE 200809L /* localtime_r, clock_gettime under plain -std=c11 too */

#include "tb_options.h"
#include "tb_output.h"

#include <math.h>

/* -T: HH:MM:SS in 8 columns plus our one-space separator is exactly BCC's "%-9s". */
#define TB_CLOCK_WIDTH 8
/* -t: BCC prints "%-8.3f" and header "%-8s" with no separator after them. 7 columns plus our
 * separator is the same text up to 999.999 s ("TIME(s) PCOMM", "1.250   ls"), and stays
 * readable past that, where BCC's value runs into the next column. */
#define TB_RELATIVE_WIDTH 7

/*
 * Text cells. Widths are printf field widths: negative = left-aligned, 0 = as is, so one
 * "%*s" (or "%*lld"...) prints every alignment without building a format per call.
 */

int tb_columns_pick(const struct tb_column *all, int n, bool (*used)(int i), int pid_col,
		    bool tid, struct tb_column *shown)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (used && !used(i))
			continue;
		shown[k] = all[i];
		if (i == pid_col && tid) {
			shown[k].name = "TID";
			shown[k].json_key = "tid";
		}
		k++;
	}
	return k;
}

static int signed_width(int width, enum tb_align align, bool last)
{
	if (width <= 0)
		return 0;
	/* padding a left-aligned last column would only add trailing spaces; a right-aligned
	 * one keeps its leading pad, as BCC's biosnoop "%7.2f" LAT(ms) does */
	if (align == TB_LEFT)
		return last ? 0 : -width;
	return width;
}

static bool is_last_column(const struct tb_output *out, int i)
{
	return i == out->ncols - 1;
}

static int time_width(const struct tb_output *out)
{
	int w = out->time_mode == TB_TIME_CLOCK ? TB_CLOCK_WIDTH : TB_RELATIVE_WIDTH;

	return signed_width(w, TB_LEFT, out->ncols == 0);
}

/* Width of value column i; values beyond the declared columns are printed as is. */
static int column_width(const struct tb_output *out, int i)
{
	if (i >= out->ncols)
		return 0;
	return signed_width(out->cols[i].width, out->cols[i].align, is_last_column(out, i));
}

/* Every value column but the very first cell of the line follows a separator. */
static bool has_cell_before(const struct tb_output *out, int i)
{
	return i > 0 || out->time_mode != TB_TIME_NONE;
}

/*
 * JSON.
 */

static bool is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "TIME(s)" -> "time_s": lower case, anything else '_', trailing '_' dropped. ASCII tests on
 * purpose: the locale's isalnum() could pass bytes >= 0x80 and break the key's UTF-8. */
static void json_derived_key(FILE *fp, const char *name)
{
	size_t i, end = 0;

	for (i = 0; name[i]; i++)
		if (is_ascii_alnum(name[i]))
			end = i + 1;
	fputc('"', fp);
	for (i = 0; i < end; i++) {
		unsigned char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (!is_ascii_alnum(c))
			c = '_';
		fputc(c, fp);
	}
	fputc('"', fp);
}

static void json_key(FILE *fp, const struct tb_column *col)
{
	if (col->json_key)
		tb_json_string(fp, col->json_key);
	else
		json_derived_key(fp, col->name ? col->name : "");
	fputc(':', fp);
}

/* Length of the valid UTF-8 sequence at p (2-4), or 0 when none starts there. Overlong forms,
 * surrogates and code points past U+10FFFF are invalid (RFC 3629). Stops at the NUL, which is
 * never a continuation byte, so it never reads past the string. */
static int utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int i, n;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90; /* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f; /* past U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* How many bytes at p go out unchanged; 0 = escape one byte. */
static int json_plain_len(const unsigned char *p)
{
	if (*p >= 0x80)
		return utf8_len(p);
	return *p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\';
}

static void json_escape_byte(FILE *fp, unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", fp);
		break;
	case '\\':
		fputs("\\\\", fp);
		break;
	case '\n':
		fputs("\\n", fp);
		break;
	case '\t':
		fputs("\\t", fp);
		break;
	case '\r':
		fputs("\\r", fp);
		break;
	case '\b':
		fputs("\\b", fp);
		break;
	case '\f':
		fputs("\\f", fp);
		break;
	default:
		/* control bytes, DEL, and bytes of invalid UTF-8: shown as the Latin-1 character
		 * of the byte, so the output stays valid JSON and the byte can still be read */
		fprintf(fp, "\\u%04x", c);
		break;
	}
}

void tb_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	int n;

	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	/* plain bytes go out in runs: one fwrite per run, not one call per byte */
	for (run = p; *p; p += n) {
		n = json_plain_len(p);
		if (n)
			continue;
		fwrite(run, 1, p - run, fp);
		json_escape_byte(fp, *p);
		run = p + 1;
		n = 1;
	}
	fwrite(run, 1, p - run, fp);
	fputc('"', fp);
}

/*
 * Records.
 */

uint64_t tb_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void tb_output_init(struct tb_output *out, FILE *fp, const struct tb_column *cols, int ncols,
		    bool json, enum tb_time_mode time_mode)
{
	if (!cols || ncols < 0)
		ncols = 0;
	if (ncols > TB_OUTPUT_MAX_COLUMNS)
		ncols = TB_OUTPUT_MAX_COLUMNS;
	out->fp = fp;
	out->json = json;
	out->time_mode = time_mode;
	out->cols = cols;
	out->ncols = ncols;
	out->start_ns = tb_monotonic_ns();
	out->field = 0;
}

void tb_output_header(struct tb_output *out)
{
	int i;

	if (out->json)
		return;
	if (out->time_mode != TB_TIME_NONE)
		fprintf(out->fp, "%*s", time_width(out),
			out->time_mode == TB_TIME_CLOCK ? "TIME" : "TIME(s)");
	for (i = 0; i < out->ncols; i++) {
		if (has_cell_before(out, i))
			fputc(' ', out->fp);
		fprintf(out->fp, "%*s", column_width(out, i),
			out->cols[i].name ? out->cols[i].name : "");
	}
	fputc('\n', out->fp);
	/* the header says the probes are attached: scripts wait for it, so never hold it back */
	fflush(out->fp);
}

/* Signed on purpose: an event stamped just before init gives -0.001, not 18446744073.709. */
static double seconds_since_start(const struct tb_output *out, uint64_t event_ns)
{
	if (!event_ns)
		event_ns = tb_monotonic_ns();
	return (double)(int64_t)(event_ns - out->start_ns) / 1e9;
}

static void print_clock(struct tb_output *out, time_t wall)
{
	char hms[16] = "??:??:??";
	struct tm tm;

	if (localtime_r(&wall, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (out->json) {
		fputs("\"time\":", out->fp);
		tb_json_string(out->fp, hms);
	} else {
		fprintf(out->fp, "%*s", time_width(out), hms);
	}
}

static void print_relative(struct tb_output *out, uint64_t event_ns)
{
	double s = seconds_since_start(out, event_ns);

	if (out->json)
		fprintf(out->fp, "\"time_s\":%.3f", s);
	else
		fprintf(out->fp, "%*.3f", time_width(out), s);
}

void tb_output_begin_at(struct tb_output *out, uint64_t event_ns, time_t wall)
{
	out->field = 0;
	if (out->json)
		fputc('{', out->fp);
	if (out->time_mode == TB_TIME_CLOCK)
		print_clock(out, wall);
	else if (out->time_mode == TB_TIME_RELATIVE)
		print_relative(out, event_ns);
}

void tb_output_begin(struct tb_output *out, uint64_t event_ns)
{
	tb_output_begin_at(out, event_ns, time(NULL));
}

/*
 * Starts the next value: separator, and the key in JSON. Sets *width for text mode. Values
 * beyond the declared columns are printed unpadded in text (nothing the tool printed is lost)
 * and dropped in JSON (there is no key to give them); false = drop this value.
 */
static bool value_begin(struct tb_output *out, int *width)
{
	int i = out->field;

	if (out->field < TB_OUTPUT_MAX_COLUMNS + 1)
		out->field++; /* bounded: any index >= ncols means "extra" */
	*width = 0;
	if (out->json) {
		if (i >= out->ncols)
			return false;
		if (has_cell_before(out, i))
			fputc(',', out->fp);
		json_key(out->fp, &out->cols[i]);
		return true;
	}
	if (has_cell_before(out, i))
		fputc(' ', out->fp);
	*width = column_width(out, i);
	return true;
}

void tb_output_str(struct tb_output *out, const char *s)
{
	int w;

	if (!value_begin(out, &w))
		return;
	if (out->json)
		tb_json_string(out->fp, s);
	else
		fprintf(out->fp, "%*s", w, s ? s : "");
}

void tb_output_int(struct tb_output *out, long long v)
{
	int w;

	if (value_begin(out, &w))
		fprintf(out->fp, "%*lld", w, v);
}

void tb_output_uint(struct tb_output *out, unsigned long long v)
{
	int w;

	if (value_begin(out, &w))
		fprintf(out->fp, "%*llu", w, v);
}

void tb_output_double(struct tb_output *out, double v, int precision)
{
	int w;

	if (!value_begin(out, &w))
		return;
	if (out->json && !isfinite(v))
		fputs("null", out->fp); /* JSON has no nan or inf */
	else
		fprintf(out->fp, "%*.*f", w, precision, v);
}

void tb_output_end(struct tb_output *out)
{
	fputs(out->json ? "}\n" : "\n", out->fp);
	out->field = 0;
}

void tb_output_banner(const char *what)
{
	if (tb_common.json)
		return;
	printf("Tracing %s... Hit Ctrl-C to end.\n", what);
	fflush(stdout);
}

uint64_t tb_ns_since_first(uint64_t *first, uint64_t ts_ns)
{
	if (!*first)
		*first = ts_ns;
	return ts_ns > *first ? ts_ns - *first : 0;
}

double tb_seconds_since_first(uint64_t *first, uint64_t ts_ns)
{
	return tb_ns_since_first(first, ts_ns) / 1e9;
}

void tb_bcc_times_header(FILE *fp, const struct tb_bcc_times *t)
{
	if (t->clock)
		fprintf(fp, t->csv ? "%s," : "%-8s ", "TIME");
	if (t->relative)
		fprintf(fp, t->csv ? "%s," : "%-9s ", "TIME(s)");
}

void tb_bcc_times_print(FILE *fp, struct tb_bcc_times *t, uint64_t ts_ns)
{
	if (t->clock) {
		char hms[16] = "??:??:??";
		time_t now = time(NULL);
		struct tm tm;

		if (localtime_r(&now, &tm))
			strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
		fprintf(fp, t->csv ? "%s," : "%-8s ", hms);
	}
	if (t->relative)
		fprintf(fp, t->csv ? "%.6f," : "%-9.6f ", tb_seconds_since_first(&t->first, ts_ns));
}
