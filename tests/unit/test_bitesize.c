/* Unit tests of bitesize: its options, its sections ("Process Name = dd", as BCC's
 * print_log2_hist with bytes.decode) and -c. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/bitesize.c"

const char tb_bpf_bitesize[] = "";
const char tb_bpf_bitesize_name[] = "bitesize.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.comm = env.disk = NULL;
	interval.interval_ms = interval.count = 0;
	interval.timestamp = false;
	return tb_tool_parse(&tool, check_argv("bitesize", line, argv), argv);
}

/* two sections: dd with 4 KiB and 1 MiB requests, a full 16-byte name with one 0 KiB one */
static const char *render(bool json)
{
	static char text[4096];
	struct tb_hist hists[2] = { { .total = 3 }, { .total = 1 } };
	struct tb_hist_set set = { .hists = hists, .n = 2, .cap = 2,
				   .section_size = TB_BITESIZE_COMM_LEN };
	FILE *fp = fmemopen(text, sizeof(text), "w");

	memcpy(hists[0].section, "dd", 3);
	hists[0].slots[3] = 2;  /* 4 -> 7 */
	hists[0].slots[11] = 1; /* 1024 -> 2047 */
	memcpy(hists[1].section, "0123456789abcdef", 16);
	hists[1].slots[0] = 1;
	print_set(fp, &set, json, 0);
	fclose(fp);
	return text;
}

int main(void)
{
	tb_log_set_tool("test_bitesize");
	CHECK_INT(parse(""), 0);
	CHECK_INT(parse("-T -c fio -d vda 1 10"), 0);
	CHECK(interval.timestamp && interval.interval_ms == 1000 && interval.count == 10);
	CHECK_STR(env.comm, "fio");
	CHECK_STR(env.disk, "vda");
	CHECK(rejected("-c 0123456789abcdef"));
	CHECK(rejected("1 x"));
	CHECK(rejected("0"));
	CHECK(rejected("-p 1"));

	CHECK_INT(parse(""), 0);
	CHECK_STR(render(false),
		  "\nProcess Name = dd\n"
		  "     Kbytes              : count     distribution\n"
		  "         0 -> 1          : 0        |                                        |\n"
		  "         2 -> 3          : 0        |                                        |\n"
		  "         4 -> 7          : 2        |****************************************|\n"
		  "         8 -> 15         : 0        |                                        |\n"
		  "        16 -> 31         : 0        |                                        |\n"
		  "        32 -> 63         : 0        |                                        |\n"
		  "        64 -> 127        : 0        |                                        |\n"
		  "       128 -> 255        : 0        |                                        |\n"
		  "       256 -> 511        : 0        |                                        |\n"
		  "       512 -> 1023       : 0        |                                        |\n"
		  "      1024 -> 2047       : 1        |********************                    |\n"
		  "\nProcess Name = 0123456789abcdef\n"
		  "     Kbytes              : count     distribution\n"
		  "         0 -> 1          : 1        |****************************************|\n");

	/* -c: names starting with it, as libbpf-tools compares */
	CHECK_INT(parse("-c 0123"), 0);
	CHECK(strstr(render(false), "Process Name = dd") == NULL);
	CHECK(strstr(render(false), "Process Name = 0123456789abcdef") != NULL);
	CHECK_INT(parse("-c dd --json"), 0);
	/* the time stamp is local time: the rest is checked */
	CHECK(strstr(render(true), "\"unit\":\"Kbytes\",\"section\":\"comm\",\"hists\":"
		     "[{\"key\":\"dd\",\"total\":3,\"buckets\":[{\"low\":0,\"high\":1,\"count\":0},"
		     "{\"low\":2,\"high\":3,\"count\":0},{\"low\":4,\"high\":7,\"count\":2},") != NULL);
	CHECK(strstr(render(true), "{\"low\":1024,\"high\":2047,\"count\":1}]}]}\n") != NULL);
	return check_result("test_bitesize");
}
