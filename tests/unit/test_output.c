/* Golden-text tests of the output layer: BCC-style text columns, -t/-T, JSON and its escaping. */
#define _POSIX_C_SOURCE 200809L /* open_memstream, setenv, tzset */

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "tb_output.h"

/* execsnoop's columns; the goldens below were made with BCC's own format string
 * "%-16s %-7s %-7s %3s %s" in Python, so they are BCC's text, not ours. */
static const struct tb_column exec_cols[] = {
	{ "PCOMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "PPID", NULL, 7, TB_LEFT },
	{ "RET", NULL, 3, TB_RIGHT },
	{ "ARGS", NULL, 0, TB_LEFT },
};
#define NCOLS (int)(sizeof(exec_cols) / sizeof(exec_cols[0]))

/* 1 s after start and 1.25 s later: -t prints 1.250 */
#define START_NS 1000000000ull
#define EVENT_NS 2250000000ull
/* 13:05:09 UTC on 1 Jan 1970 */
#define WALL ((time_t)(13 * 3600 + 5 * 60 + 9))

/* An in-memory FILE; the text is in buf after mem_close(). */
struct mem {
	FILE *fp;
	char *buf;
	size_t len;
};

static FILE *mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->buf, &m->len);
	if (!m->fp) {
		perror("open_memstream");
		exit(1);
	}
	return m->fp;
}

static const char *mem_close(struct mem *m)
{
	fclose(m->fp);
	return m->buf;
}

static void init(struct tb_output *out, FILE *fp, bool json, enum tb_time_mode mode)
{
	tb_output_init(out, fp, exec_cols, NCOLS, json, mode);
	out->start_ns = START_NS; /* after init, which set it to "now" */
}

static void row_ls(struct tb_output *out)
{
	tb_output_begin_at(out, EVENT_NS, WALL);
	tb_output_str(out, "ls");
	tb_output_int(out, 123);
	tb_output_uint(out, 1);
	tb_output_int(out, 0);
	tb_output_str(out, "/bin/ls -l");
	tb_output_end(out);
}

/* Every value but ARGS wider than its column: printed whole, the rest shifted right. */
static void row_long(struct tb_output *out)
{
	tb_output_begin_at(out, EVENT_NS, WALL);
	tb_output_str(out, "a-very-long-command-name");
	tb_output_int(out, 4194304);
	tb_output_uint(out, 99999999);
	tb_output_int(out, -2);
	tb_output_str(out, "sh -c 'x'");
	tb_output_end(out);
}

static const char *run(struct mem *m, bool json, enum tb_time_mode mode)
{
	struct tb_output out;

	init(&out, mem_open(m), json, mode);
	tb_output_header(&out);
	row_ls(&out);
	row_long(&out);
	return mem_close(m);
}

static void test_text(void)
{
	struct mem m;

	CHECK_STR(run(&m, false, TB_TIME_NONE),
		  "PCOMM            PID     PPID    RET ARGS\n"
		  "ls               123     1         0 /bin/ls -l\n"
		  "a-very-long-command-name 4194304 99999999  -2 sh -c 'x'\n");
	free(m.buf);
}

/* BCC: header "%-8s" % "TIME(s)" and value "%-8.3f", each followed directly by PCOMM */
static void test_text_relative(void)
{
	struct mem m;

	CHECK_STR(run(&m, false, TB_TIME_RELATIVE),
		  "TIME(s) PCOMM            PID     PPID    RET ARGS\n"
		  "1.250   ls               123     1         0 /bin/ls -l\n"
		  "1.250   a-very-long-command-name 4194304 99999999  -2 sh -c 'x'\n");
	free(m.buf);
}

/* BCC: header and value "%-9s", followed directly by PCOMM */
static void test_text_clock(void)
{
	struct mem m;

	CHECK_STR(run(&m, false, TB_TIME_CLOCK),
		  "TIME     PCOMM            PID     PPID    RET ARGS\n"
		  "13:05:09 ls               123     1         0 /bin/ls -l\n"
		  "13:05:09 a-very-long-command-name 4194304 99999999  -2 sh -c 'x'\n");
	free(m.buf);
}

/* Past 999.999 s BCC's "%-8.3f" runs into PCOMM; ours keeps one space. Before start
 * (an event buffered before init) is a small negative number, not a wrapped u64. */
static void test_relative_edges(void)
{
	struct tb_output out;
	struct mem m;

	init(&out, mem_open(&m), false, TB_TIME_RELATIVE);
	out.ncols = 1; /* PCOMM alone, last column: not padded */
	tb_output_begin_at(&out, START_NS + 1234567000000ull, 0);
	tb_output_str(&out, "ls");
	tb_output_end(&out);
	tb_output_begin_at(&out, START_NS - 2000000, 0);
	tb_output_str(&out, "ls");
	tb_output_end(&out);
	CHECK_STR(mem_close(&m), "1234.567 ls\n"
				 "-0.002  ls\n");
	free(m.buf);
}

/* event_ns == 0 means "now": 2 s after a start 2 s ago. */
static void test_relative_now(void)
{
	struct tb_output out;
	struct mem m;

	tb_output_init(&out, mem_open(&m), exec_cols, 1, false, TB_TIME_RELATIVE);
	CHECK(out.start_ns > 0);
	out.start_ns = tb_monotonic_ns() - 2000000000ull;
	tb_output_begin(&out, 0);
	tb_output_end(&out);
	CHECK(strncmp(mem_close(&m), "2.0", 3) == 0);
	free(m.buf);
}

static void test_json(void)
{
	struct mem m;

	CHECK_STR(run(&m, true, TB_TIME_NONE),
		  "{\"pcomm\":\"ls\",\"pid\":123,\"ppid\":1,\"ret\":0,\"args\":\"/bin/ls -l\"}\n"
		  "{\"pcomm\":\"a-very-long-command-name\",\"pid\":4194304,\"ppid\":99999999,"
		  "\"ret\":-2,\"args\":\"sh -c 'x'\"}\n");
	free(m.buf);

	CHECK_STR(run(&m, true, TB_TIME_RELATIVE),
		  "{\"time_s\":1.250,\"pcomm\":\"ls\",\"pid\":123,\"ppid\":1,\"ret\":0,"
		  "\"args\":\"/bin/ls -l\"}\n"
		  "{\"time_s\":1.250,\"pcomm\":\"a-very-long-command-name\",\"pid\":4194304,"
		  "\"ppid\":99999999,\"ret\":-2,\"args\":\"sh -c 'x'\"}\n");
	free(m.buf);

	CHECK_STR(run(&m, true, TB_TIME_CLOCK),
		  "{\"time\":\"13:05:09\",\"pcomm\":\"ls\",\"pid\":123,\"ppid\":1,\"ret\":0,"
		  "\"args\":\"/bin/ls -l\"}\n"
		  "{\"time\":\"13:05:09\",\"pcomm\":\"a-very-long-command-name\",\"pid\":4194304,"
		  "\"ppid\":99999999,\"ret\":-2,\"args\":\"sh -c 'x'\"}\n");
	free(m.buf);
}

/* Keys: json_key wins; otherwise lower case, '_' for the rest, no trailing '_'. */
static void test_json_keys(void)
{
	static const struct tb_column cols[] = {
		{ "LAT(ms)", NULL, 7, TB_RIGHT },
		{ "%CPU", NULL, 5, TB_RIGHT },
		{ "T-ID", "tid", 6, TB_LEFT },
		{ "SADDR:PORT", NULL, 0, TB_LEFT },
	};
	struct tb_output out;
	struct mem m;

	tb_output_init(&out, mem_open(&m), cols, 4, true, TB_TIME_NONE);
	tb_output_header(&out); /* nothing in JSON */
	tb_output_begin(&out, 0);
	tb_output_double(&out, 0.5, 2);
	tb_output_double(&out, 12.25, 1);
	tb_output_uint(&out, 7);
	tb_output_str(&out, "10.0.0.1:22");
	tb_output_end(&out);
	CHECK_STR(mem_close(&m), "{\"lat_ms\":0.50,\"_cpu\":12.2,\"tid\":7,"
				 "\"saddr_port\":\"10.0.0.1:22\"}\n");
	free(m.buf);
}

/* A right-aligned last column keeps its leading pad: BCC biosnoop's "%-16s %7.2f". */
static void test_right_aligned_last(void)
{
	static const struct tb_column cols[] = {
		{ "COMM", NULL, 16, TB_LEFT },
		{ "LAT(ms)", NULL, 7, TB_RIGHT },
	};
	struct tb_output out;
	struct mem m;

	tb_output_init(&out, mem_open(&m), cols, 2, false, TB_TIME_NONE);
	tb_output_header(&out);
	tb_output_begin(&out, 0);
	tb_output_str(&out, "dd");
	tb_output_double(&out, 0.5, 2);
	tb_output_end(&out);
	CHECK_STR(mem_close(&m), "COMM             LAT(ms)\n"
				 "dd                  0.50\n");
	free(m.buf);
}

/* Extremes of each number type, in both modes; nan has no JSON form and becomes null. */
static void test_numbers(void)
{
	static const struct tb_column cols[] = {
		{ "A", NULL, 4, TB_RIGHT }, { "B", NULL, 4, TB_LEFT }, { "C", NULL, 6, TB_RIGHT },
		{ "D", NULL, 6, TB_RIGHT }, { "E", NULL, 0, TB_LEFT },
	};
	struct tb_output out;
	struct mem m;
	int json;

	for (json = 0; json < 2; json++) {
		tb_output_init(&out, mem_open(&m), cols, 5, json, TB_TIME_NONE);
		tb_output_begin(&out, 0);
		tb_output_int(&out, LLONG_MIN);
		tb_output_uint(&out, ULLONG_MAX);
		tb_output_double(&out, -1.5, 0); /* round-half-even: -2 */
		tb_output_double(&out, 3.14159, 3);
		tb_output_double(&out, NAN, 2);
		tb_output_end(&out);
		tb_output_begin(&out, 0);
		tb_output_int(&out, 5);
		tb_output_uint(&out, 0);
		tb_output_double(&out, 1e6, 1);
		tb_output_double(&out, 0, 3);
		tb_output_double(&out, -0.25, 1);
		tb_output_end(&out);
		CHECK_STR(mem_close(&m),
			  json ? "{\"a\":-9223372036854775808,\"b\":18446744073709551615,"
				 "\"c\":-2,\"d\":3.142,\"e\":null}\n"
				 "{\"a\":5,\"b\":0,\"c\":1000000.0,\"d\":0.000,\"e\":-0.2}\n"
			       : "-9223372036854775808 18446744073709551615     -2  3.142 nan\n"
				 "   5 0    1000000.0  0.000 -0.2\n");
		free(m.buf);
	}
}

/* More values than columns: text keeps them, unpadded; JSON drops them (no key). Far more
 * than TB_OUTPUT_MAX_COLUMNS must not overflow anything. */
static void test_extra_values(void)
{
	struct tb_output out;
	struct mem m;
	int i;

	tb_output_init(&out, mem_open(&m), exec_cols, 2, false, TB_TIME_NONE);
	tb_output_begin(&out, 0);
	tb_output_str(&out, "ls");
	tb_output_int(&out, 1);
	tb_output_int(&out, 2);
	tb_output_str(&out, "x");
	tb_output_end(&out);
	CHECK_STR(mem_close(&m), "ls               1 2 x\n");
	free(m.buf);

	tb_output_init(&out, mem_open(&m), exec_cols, 2, true, TB_TIME_NONE);
	tb_output_begin(&out, 0);
	tb_output_str(&out, "ls");
	for (i = 0; i < 1000; i++)
		tb_output_int(&out, i);
	tb_output_end(&out);
	CHECK_STR(mem_close(&m), "{\"pcomm\":\"ls\",\"pid\":0}\n");
	free(m.buf);
}

static char *json_of(const char *s)
{
	struct mem m;

	tb_json_string(mem_open(&m), s);
	mem_close(&m);
	return m.buf;
}

#define CHECK_JSON(in, want)                          \
	do {                                          \
		char *got_ = json_of(in);             \
		CHECK_STR(got_, want);                \
		free(got_);                           \
	} while (0)

static void test_json_string(void)
{
	CHECK_JSON("", "\"\"");
	CHECK_JSON(NULL, "null");
	CHECK_JSON("/bin/ls -l", "\"/bin/ls -l\"");
	/* same text as Python's json.dumps */
	CHECK_JSON("a\"b\\c\nd\x01" "e\x7f\t\r\b\f", "\"a\\\"b\\\\c\\nd\\u0001e\\u007f\\t\\r\\b\\f\"");
	CHECK_JSON("\x1f", "\"\\u001f\"");
	/* valid UTF-8 passes: é (2 bytes), € (3), 😀 (4) */
	CHECK_JSON("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	CHECK_JSON("\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xe2\x82\xac\xf0\x9f\x98\x80\"");
	/* invalid UTF-8: each bad byte escaped, the good bytes after it kept */
	CHECK_JSON("a\xff" "b", "\"a\\u00ffb\"");
	CHECK_JSON("\x80", "\"\\u0080\"");                            /* lone continuation */
	CHECK_JSON("\xc0\xaf", "\"\\u00c0\\u00af\"");                 /* overlong '/' */
	CHECK_JSON("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\"");      /* overlong, 3 bytes */
	CHECK_JSON("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");      /* surrogate D800 */
	CHECK_JSON("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""); /* > U+10FFFF */
	CHECK_JSON("\xe2\x82", "\"\\u00e2\\u0082\"");                 /* cut at the NUL */
	CHECK_JSON("\xc3\xa9\xc3", "\"\xc3\xa9\\u00c3\"");            /* é, then a cut one */
}

/* Strings inside records go through the same escaping. */
static void test_json_record_escaping(void)
{
	struct tb_output out;
	struct mem m;

	tb_output_init(&out, mem_open(&m), exec_cols, NCOLS, true, TB_TIME_NONE);
	tb_output_begin(&out, 0);
	tb_output_str(&out, "caf\xc3\xa9\xff");
	tb_output_int(&out, 1);
	tb_output_int(&out, 1);
	tb_output_int(&out, 0);
	tb_output_str(&out, "echo \"a\\b\"\n");
	tb_output_end(&out);
	CHECK_STR(mem_close(&m), "{\"pcomm\":\"caf\xc3\xa9\\u00ff\",\"pid\":1,\"ppid\":1,\"ret\":0,"
				 "\"args\":\"echo \\\"a\\\\b\\\"\\n\"}\n");
	free(m.buf);
}

int main(void)
{
	/* -T prints local time: pin the zone so WALL is 13:05:09 everywhere */
	setenv("TZ", "UTC", 1);
	tzset();

	test_text();
	test_text_relative();
	test_text_clock();
	test_relative_edges();
	test_relative_now();
	test_json();
	test_json_keys();
	test_right_aligned_last();
	test_numbers();
	test_extra_values();
	test_json_string();
	test_json_record_escaping();
	{
		uint64_t first = 0;
		CHECK(tb_seconds_since_first(&first, 5000000000ull) == 0.0);
		CHECK(tb_seconds_since_first(&first, 6500000000ull) == 1.5);
		/* an older event from another CPU: 0, not negative or wrapped */
		CHECK(tb_seconds_since_first(&first, 4000000000ull) == 0.0);
		CHECK(tb_ns_since_first(&first, 5002999999ull) == 2999999);
		CHECK(tb_ns_since_first(&first, 4000000000ull) == 0);
	}
	return check_result("test_output");
}
