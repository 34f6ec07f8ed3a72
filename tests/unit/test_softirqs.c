/* Unit tests of softirqs' vector names and the flags it shares with hardirqs (tb_sumtool). */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/softirqs.c"

const char tb_bpf_softirqs[] = "";
const char tb_bpf_softirqs_name[] = "softirqs.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("softirqs", line, argv), argv);
}

static const char *vec_text(__u32 vec)
{
	static struct tb_hist_label l;
	unsigned char section[8] = { 0 };

	memcpy(section, &vec, sizeof(vec));
	vec_label(section, sizeof(section), &l, NULL);
	return l.text;
}

int main(void)
{
	struct tb_hist_set set = { 0 };
	struct tb_cflags cf = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	tb_log_set_tool("test_softirqs");
	CHECK_STR(vec_text(0), "hi");
	CHECK_STR(vec_text(3), "net_rx");
	CHECK_STR(vec_text(9), "rcu");
	CHECK_STR(vec_text(10), "vec10");

	CHECK(rejected("-C -d"));
	CHECK(rejected("-C -N"));
	CHECK(rejected("-c 100000"));
	CHECK(rejected("1 2 3"));
	CHECK_INT(parse("-d -N -T -c 0 5"), 0);
	CHECK(tb_sumtool.dist && tb_sumtool.nanoseconds && tb_sumtool.timestamp);
	CHECK_INT(tb_sumtool.cpu, 0);
	CHECK_INT(tb_sumtool.interval_ms, 5000);
	CHECK_INT(tb_sumtool_cflags(&cf), 0);
	CHECK_INT(cf.n, 3);
	CHECK_STR(cf.argv[0], "-DTB_DIST=1");
	CHECK_STR(cf.argv[1], "-DTB_FACTOR=1");
	CHECK_STR(cf.argv[2], "-DTARG_CPU=0");
	tb_cflags_free(&cf);

	/* BCC's sum table: "%-16s %11s" header, rows by total, largest first, divided to usecs */
	set.n = set.cap = 3;
	set.section_size = 8;
	set.hists = calloc(3, sizeof(*set.hists));
	set.hists[0].section[0] = 1;
	set.hists[0].total = 180000;
	set.hists[1].section[0] = 4;
	set.hists[1].total = 34912000;
	set.hists[2].section[0] = 3;
	set.hists[2].total = 999;
	fp = open_memstream(&text, &len);
	tb_hist_totals_print(fp, &set, &(struct tb_hist_totals_opts){
		.name_header = "SOFTIRQ", .name_width = 16, .unit = "usecs", .divisor = 1000,
		.json_key = "softirq", .label = vec_label }, false, 0);
	fclose(fp);
	CHECK_STR(text, "SOFTIRQ          TOTAL_usecs\n"
			"block                  34912\n"
			"timer                    180\n"
			"net_rx                     0\n");
	free(text);
	fp = open_memstream(&text, &len);
	tb_hist_totals_print(fp, &set, &(struct tb_hist_totals_opts){
		.name_header = "SOFTIRQ", .name_width = 16, .unit = "usecs", .divisor = 1000,
		.json_key = "softirq", .label = vec_label }, true, 0);
	fclose(fp);
	CHECK(strstr(text, "\"unit\":\"usecs\",\"totals\":[{\"softirq\":\"block\",\"total\":34912},"
			   "{\"softirq\":\"timer\",\"total\":180},{\"softirq\":\"net_rx\",\"total\":0}]}\n") != NULL);
	free(text);
	tb_hist_set_free(&set);
	return check_result("test_softirqs");
}
