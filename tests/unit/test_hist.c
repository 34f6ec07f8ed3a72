/* Golden-text tests of the histogram layer: BCC's log2 and linear formats (goldens printed by
 * BCC's own table.py functions from the same slot arrays), sections, JSON, interval arguments. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <stdlib.h>

#include "check.h"
#include "tb_hist.h"
#include "tb_log.h"

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

static void test_log2(void)
{
	uint64_t small[TB_HIST_LOG2_SLOTS] = { 0, 3, 10, 0, 1 };
	uint64_t strip[TB_HIST_LOG2_SLOTS] = { 0, 0, 0, 5, 0, 12, 7 };
	uint64_t zeros[TB_HIST_LOG2_SLOTS] = { 0 };
	struct mem m;

	tb_hist_print_log2(mem_open(&m), small, TB_HIST_LOG2_SLOTS, "usecs", false);
	CHECK_STR(mem_close(&m),
		  "     usecs               : count     distribution\n"
		  "         0 -> 1          : 3        |************                            |\n"
		  "         2 -> 3          : 10       |****************************************|\n"
		  "         4 -> 7          : 0        |                                        |\n"
		  "         8 -> 15         : 1        |****                                    |\n");
	free(m.buf);

	tb_hist_print_log2(mem_open(&m), strip, 7, "msecs", true);
	CHECK_STR(mem_close(&m),
		  "     msecs               : count     distribution\n"
		  "         4 -> 7          : 5        |****************                        |\n"
		  "         8 -> 15         : 0        |                                        |\n"
		  "        16 -> 31         : 12       |****************************************|\n"
		  "        32 -> 63         : 7        |***********************                 |\n");
	free(m.buf);

	/* nothing at all for an empty histogram, as BCC */
	tb_hist_print_log2(mem_open(&m), zeros, TB_HIST_LOG2_SLOTS, "usecs", false);
	CHECK_STR(mem_close(&m), "");
	free(m.buf);

	/* exact zeros (slot 0), which BCC never prints, count in the "0 -> 1" row */
	zeros[0] = 2;
	tb_hist_print_log2(mem_open(&m), zeros, TB_HIST_LOG2_SLOTS, "usecs", false);
	CHECK_STR(mem_close(&m),
		  "     usecs               : count     distribution\n"
		  "         0 -> 1          : 2        |****************************************|\n");
	free(m.buf);
}

static void test_log2_wide(void)
{
	uint64_t wide[TB_HIST_LOG2_SLOTS] = { 0 };
	struct mem m;
	const char *text, *p;
	int lines = 0;

	wide[34] = 2;
	wide[35] = 1;
	tb_hist_print_log2(mem_open(&m), wide, TB_HIST_LOG2_SLOTS, "usecs", false);
	text = mem_close(&m);
	for (p = text; *p; p++)
		lines += *p == '\n';
	CHECK_INT(lines, 36);
	p = "               usecs                         : count     distribution\n"
	    "                   0 -> 1                    : 0        |                    |\n";
	CHECK(!strncmp(text, p, strlen(p)));
	p = strstr(text, "          8589934592");
	CHECK_STR(p, "          8589934592 -> 17179869183          : 2        |********************|\n"
		     "         17179869184 -> 34359738367          : 1        |**********          |\n");
	free(m.buf);

	/* the last slot's bounds do not overflow */
	memset(wide, 0, sizeof(wide));
	wide[64] = 1;
	tb_hist_print_log2(mem_open(&m), wide, TB_HIST_LOG2_SLOTS, "nsecs", true);
	CHECK_STR(mem_close(&m),
		  "               nsecs                         : count     distribution\n"
		  " 9223372036854775808 -> 18446744073709551615 : 1        |********************|\n");
	free(m.buf);
}

static void test_linear(void)
{
	uint64_t v[] = { 0, 0, 4, 0, 9, 1 };
	struct mem m;

	tb_hist_print_linear(mem_open(&m), v, 6, "slot", 0, 1, false);
	CHECK_STR(mem_close(&m),
		  "     slot          : count     distribution\n"
		  "        0          : 0        |                                        |\n"
		  "        1          : 0        |                                        |\n"
		  "        2          : 4        |*****************                       |\n"
		  "        3          : 0        |                                        |\n"
		  "        4          : 9        |****************************************|\n"
		  "        5          : 1        |****                                    |\n");
	free(m.buf);
	tb_hist_print_linear(mem_open(&m), v, 6, "slot", 0, 1, true);
	CHECK_STR(mem_close(&m),
		  "     slot          : count     distribution\n"
		  "        2          : 4        |*****************                       |\n"
		  "        3          : 0        |                                        |\n"
		  "        4          : 9        |****************************************|\n"
		  "        5          : 1        |****                                    |\n");
	free(m.buf);
	/* base and step name the rows, as libbpf-tools' print_linear_hist */
	tb_hist_print_linear(mem_open(&m), v, 6, "ms", 100, 10, true);
	CHECK(strstr(mem_close(&m), "        120        : 4        |") != NULL);
	free(m.buf);
}

static void pid_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	uint32_t pid;

	memcpy(&pid, section, sizeof(pid));
	snprintf(l->text, sizeof(l->text), "%u %s", pid, (const char *)ctx);
	snprintf(l->json, sizeof(l->json), "{\"pid\":%u}", pid);
}

static struct tb_hist_set two_sections(void)
{
	struct tb_hist_set set = { 0 };

	set.n = set.cap = 2;
	set.hists = calloc(2, sizeof(*set.hists));
	set.section_size = 8;
	set.hists[0].section[0] = 7;
	set.hists[0].slots[1] = 1;
	set.hists[0].total = 1;
	set.hists[1].section[0] = 0x2c;
	set.hists[1].section[1] = 0x01; /* 300 */
	set.hists[1].slots[3] = 4;
	set.hists[1].slots[1] = 2;
	set.hists[1].total = 6;
	return set;
}

static void test_sections(void)
{
	struct tb_hist_set set = two_sections();
	struct tb_hist_print_opts opts = { .unit = "usecs", .section_header = "pid" };
	struct mem m;

	tb_hist_set_print(mem_open(&m), &set, &opts);
	CHECK_STR(mem_close(&m),
		  "\npid = 7\n"
		  "     usecs               : count     distribution\n"
		  "         0 -> 1          : 1        |****************************************|\n"
		  "\npid = 300\n"
		  "     usecs               : count     distribution\n"
		  "         0 -> 1          : 2        |********************                    |\n"
		  "         2 -> 3          : 0        |                                        |\n"
		  "         4 -> 7          : 4        |****************************************|\n");
	free(m.buf);

	opts.label = pid_label;
	opts.label_ctx = "sleep";
	tb_hist_set_print(mem_open(&m), &set, &opts);
	CHECK(strstr(mem_close(&m), "\npid = 300 sleep\n     usecs") != NULL);
	free(m.buf);

	/* JSON: ts in local time, so only its shape is checked */
	tb_hist_set_json(mem_open(&m), &set, &opts, 0);
	{
		const char *j = mem_close(&m), *rest = strstr(j, "\",\"unit\"");

		CHECK(!strncmp(j, "{\"ts\":\"19", 8) || !strncmp(j, "{\"ts\":\"20", 8));
		CHECK_STR(rest, "\",\"unit\":\"usecs\",\"section\":\"pid\",\"hists\":["
			  "{\"key\":{\"pid\":7},\"total\":1,\"buckets\":[{\"low\":0,\"high\":1,\"count\":1}]},"
			  "{\"key\":{\"pid\":300},\"total\":6,\"buckets\":[{\"low\":0,\"high\":1,\"count\":2},"
			  "{\"low\":2,\"high\":3,\"count\":0},{\"low\":4,\"high\":7,\"count\":4}]}]}\n");
	}
	free(m.buf);

	/* a flat histogram: no section line, no key */
	set.section_size = 0;
	set.n = 1;
	opts.label = NULL;
	tb_hist_set_json(mem_open(&m), &set, &opts, 0);
	CHECK(strstr(mem_close(&m), ",\"hists\":[{\"total\":1,\"buckets\":[{\"low\":0,\"high\":1,"
					 "\"count\":1}]}]}\n") != NULL);
	free(m.buf);
	tb_hist_set_free(&set);
}

static void test_linear_json(void)
{
	uint64_t v[] = { 0, 3, 0, 1 };
	struct mem m;

	tb_hist_json_linear(mem_open(&m), v, 4, 0, 10);
	CHECK_STR(mem_close(&m), "[{\"low\":0,\"high\":9,\"count\":0},{\"low\":10,\"high\":19,\"count\":3},"
				 "{\"low\":20,\"high\":29,\"count\":0},{\"low\":30,\"high\":39,\"count\":1}]");
	free(m.buf);
}

static void test_interval_args(void)
{
	long interval = 0, count = 0;

	CHECK_INT(tb_parse_interval_arg("5", 0, &interval, &count), 0);
	CHECK_INT(interval, 5000);
	CHECK_INT(tb_parse_interval_arg("3", 1, &interval, &count), 0);
	CHECK_INT(count, 3);
	CHECK_INT(tb_parse_interval_arg("0", 0, &interval, &count), -1);
	CHECK_INT(tb_parse_interval_arg("x", 1, &interval, &count), -1);
	CHECK_INT(tb_parse_interval_arg("1", 2, &interval, &count), -1);
}

int main(void)
{
	tb_log_set_tool("test_hist");
	test_log2();
	test_log2_wide();
	test_linear();
	test_sections();
	test_linear_json();
	test_interval_args();
	return check_result("test_hist");
}
