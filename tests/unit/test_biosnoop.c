/* Unit tests of biosnoop: its options, and its lines against BCC's printf formats. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/biosnoop.c"

const char tb_bpf_biosnoop[] = "";
const char tb_bpf_biosnoop_name[] = "biosnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.queued = env.pattern = false;
	env.disk = NULL;
	return tb_tool_parse(&tool, check_argv("biosnoop", line, argv), argv);
}

/* The header and one line per event, as the tool prints them (text or --json). */
static const char *render(const struct biosnoop_event *e, int n, bool json)
{
	static char text[4096];
	FILE *fp;

	first_ns = 0;
	nlast = 0;
	fp = CHECK_OUTPUT_OPEN(&out, text, columns, json);
	for (int i = 0; i < n; i++)
		print_event(&e[i]);
	fclose(fp);
	return text;
}

int main(void)
{
	/* BCC's example: xvda1 W 13092560 4096 0.74, then two on other disks; the last one's
	 * disk has no name */
	struct biosnoop_event e[] = {
		{ .ts_ns = 5000004123, .sector = 13092560, .delta_ns = 740000, .qdelta_ns = 10000,
		  .pid = 1950, .dev = (202u << 20) | 1, .bytes = 4096, .rwflag = 1,
		  .comm = "supervise" },
		{ .ts_ns = 5000178000, .sector = 13092568, .delta_ns = 614999, .qdelta_ns = 0,
		  .pid = 456, .dev = (202u << 20) | 1, .bytes = 8192, .rwflag = 0,
		  .comm = "xfsaild/nvme1n1" },
		{ .ts_ns = 5001469000, .sector = 62901512, .delta_ns = 1240000, .qdelta_ns = 110000,
		  .pid = 26040, .dev = 7u << 20, .bytes = 1048576, .rwflag = 0,
		  .comm = "0123456789abcdef" },
	};
	char want[2048];

	tb_log_set_tool("test_biosnoop");
	tb_disk_names_parse(&disks, " 202       1 xvda1 0 0 0 0\n 254 0 vda 1 2 3\nbad line\n");
	disks.read_ns = tb_monotonic_ns(); /* no re-read of this machine's for the unknown one */
	CHECK_INT(disks.n, 2);
	CHECK_STR(tb_disk_names_get(&disks, tb_kernel_dev(254, 0)), "vda");
	CHECK(tb_disk_names_get(&disks, 7u << 20) == NULL);

	CHECK_INT(parse(""), 0);
	CHECK_INT(parse("-Q -P -d vda --json"), 0);
	CHECK(env.queued && env.pattern && tb_common.json);
	CHECK_STR(env.disk, "vda");
	CHECK(rejected("extra"));
	CHECK(rejected("-p 1"));

	/* BCC: "%-11s %-14s %-7s %-9s %-1s %-10s %-7s" + "%7s", lines "%-11.6f %-14.14s ..." */
	CHECK_INT(parse(""), 0);
	snprintf(want, sizeof(want), "%-11s %-14s %-7s %-9s %-1s %-10s %-7s%7s\n"
		 "%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s%7.2f\n"
		 "%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s%7.2f\n"
		 "%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s %7.2f\n", /* see below */
		 "TIME(s)", "COMM", "PID", "DISK", "T", "SECTOR", "BYTES", "LAT(ms)",
		 0.0, "supervise", "1950", "xvda1", "W", "13092560", "4096", 0.74,
		 0.000174, "xfsaild/nvme1n1", "456", "xvda1", "R", "13092568", "8192", 0.61,
		 0.001465, "0123456789abcdef", "26040", "<unknown>", "R", "62901512", "1048576", 1.24);
	CHECK_STR(render(e, 3, false), want);

	/* -Q -P: "%-1s " and "%7s " before LAT; the first I/O of a disk is "?", then S when it
	 * starts where the disk's last one ended (13092560 + 4096 / 512) */
	CHECK_INT(parse("-Q -P"), 0);
	snprintf(want, sizeof(want), "%-11s %-14s %-7s %-9s %-1s %-10s %-7s%-1s %7s %7s\n"
		 "%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s%-1s %7.2f %7.2f\n"
		 "%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s%-1s %7.2f %7.2f\n"
		 "%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s %-1s %7.2f %7.2f\n",
		 "TIME(s)", "COMM", "PID", "DISK", "T", "SECTOR", "BYTES", "P", "QUE(ms)", "LAT(ms)",
		 0.0, "supervise", "1950", "xvda1", "W", "13092560", "4096", "?", 0.01, 0.74,
		 0.000174, "xfsaild/nvme1n1", "456", "xvda1", "R", "13092568", "8192", "S", 0.0, 0.61,
		 /* a 7-digit BYTES: BCC's runs into P, ours keeps a space */
		 0.001465, "0123456789abcdef", "26040", "<unknown>", "R", "62901512", "1048576", "?",
		 0.11, 1.24);
	CHECK_STR(render(e, 3, false), want);

	/* JSON: the whole comm, numbers as numbers */
	CHECK_INT(parse("-Q"), 0);
	CHECK_STR(render(e + 2, 1, true),
		  "{\"time_s\":0.000000,\"comm\":\"0123456789abcdef\",\"pid\":26040,"
		  "\"disk\":\"<unknown>\",\"t\":\"R\",\"sector\":62901512,\"bytes\":1048576,"
		  "\"que_ms\":0.11,\"lat_ms\":1.24}\n");
	return check_result("test_biosnoop");
}
