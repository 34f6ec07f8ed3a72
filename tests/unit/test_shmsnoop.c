/* Unit tests of shmsnoop: BCC's flags, its shmflg and shmctl command decoding, and its lines
 * against BCC's own printf formats. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/shmsnoop.c"

const char tb_bpf_shmsnoop[] = "";
const char tb_bpf_shmsnoop_name[] = "shmsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("shmsnoop", line, argv), argv);
}

/* The header and one line per event, as the tool prints them (text or --json). */
static const char *render(const struct shmsnoop_event *e, int n, bool json)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, select_columns, json);

	for (int i = 0; i < n; i++)
		print_event(&e[i]);
	fclose(fp);
	return text;
}

static const char *shmflg(unsigned long long val, const struct tb_flag_name *flags)
{
	static char buf[128];

	format_shmflg(buf, sizeof(buf), val, flags);
	return buf;
}

int main(void)
{
	/* BCC's example session: a server and a client sharing key 0x78020001 */
	struct shmsnoop_event e[] = {
		{ .ts = 5000000000ull, .pid = 19813, .tid = 19813, .ret = 0x10000,
		  .args = { 0x78020001, 20, 0x3b6 }, .call = TB_SHMSNOOP_SHMGET, .comm = "server" },
		{ .ts = 5000100999ull, .pid = 19813, .tid = 19814, .ret = 0x7f1cf8b1f000,
		  .args = { 0x10000, 0, 0 }, .call = TB_SHMSNOOP_SHMAT, .comm = "server" },
		{ .ts = 5250000000ull, .pid = 19816, .tid = 19816, .ret = 0,
		  .args = { 0x7f4fd8ee7000 }, .call = TB_SHMSNOOP_SHMDT, .comm = "client" },
		{ .ts = 5563237000ull, .pid = 19813, .tid = 19813, .ret = 0,
		  .args = { 0x10000, 0, 0 }, .call = TB_SHMSNOOP_SHMCTL, .comm = "server" },
		{ .ts = 5563300000ull, .pid = 19813, .tid = 19813, .ret = -22,
		  .args = { 0x10000, 0, 0x1000 }, .call = TB_SHMSNOOP_SHMAT, .comm = "server" },
		{ .ts = 5600000000ull, .pid = 1, .tid = 1, .ret = -1, .call = 0, .comm = "init" },
	};
	struct tb_cflags cf = { 0 };
	char want[4096], cmd[24];

	CHECK_INT(parse("-T -p 181 -t 123 -d 2.5 -n main"), 0);
	CHECK(env.timestamp);
	CHECK_INT(env.pid, 181);
	CHECK_INT(env.tid, 123);
	CHECK_INT(env.duration_ms, 2500);
	CHECK_STR(env.name, "main");
	CHECK_INT(parse("--timestamp --pid 7 --duration 10 --name srv"), 0);
	CHECK_INT(env.pid, 7);
	CHECK_INT(env.duration_ms, 10000);
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("-t -5"));
	CHECK(rejected("-d 0"));
	CHECK(rejected("-d soon"));
	CHECK(rejected("-x"));
	CHECK(rejected("extra"));

	/* -t wins over -p, as in BCC */
	env = (struct env){ .pid = 181, .tid = 123 };
	CHECK_INT(build_cflags(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_TID=123"));
	CHECK_INT(cf.n, 1);
	tb_cflags_free(&cf);
	env = (struct env){ .pid = 181, .tid = -1 };
	CHECK_INT(build_cflags(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK_INT(cf.n, 1);
	tb_cflags_free(&cf);

	CHECK_STR(call_name(TB_SHMSNOOP_SHMGET), "SHMGET");
	CHECK_STR(call_name(TB_SHMSNOOP_SHMCTL), "SHMCTL");
	CHECK_STR(call_name(0), "N/A");
	CHECK_STR(call_name(TB_SHMSNOOP_NCALLS), "N/A");

	/* BCC's shmflg_str: none, permissions only, names then the rest in octal */
	CHECK_STR(shmflg(0, shmget_flags), "0x0");
	CHECK_STR(shmflg(0x1b6, shmget_flags), "0x1b6 (0666)");
	CHECK_STR(shmflg(0x3b6, shmget_flags), "0x3b6 (IPC_CREAT|0666)");
	CHECK_STR(shmflg(01000 | 02000, shmget_flags), "0x600 (IPC_CREAT|IPC_EXCL)");
	CHECK_STR(shmflg(04000 | 010000 | 0600, shmget_flags), "0x1980 (SHM_HUGETLB|SHM_NORESERVE|0600)");
	/* the page size is a field: 1GB is not 2MB too (BCC names both), other sizes stay octal */
	CHECK_STR(shmflg(04000 | (30ull << 26), shmget_flags), "0x78000800 (SHM_HUGETLB|SHM_HUGE_1GB)");
	CHECK_STR(shmflg(04000 | (21ull << 26), shmget_flags), "0x54000800 (SHM_HUGETLB|SHM_HUGE_2MB)");
	CHECK_STR(shmflg(04000 | (16ull << 26), shmget_flags), "0x40000800 (SHM_HUGETLB|010000000000)");
	CHECK_STR(shmflg(010000, shmat_flags), "0x1000 (SHM_RDONLY)");
	CHECK_STR(shmflg(010000 | 020000 | 040000 | 0100000, shmat_flags),
		  "0xf000 (SHM_RDONLY|SHM_RND|SHM_REMAP|SHM_EXEC)");
	CHECK_STR(shmflg(1, shmat_flags), "0x1 (01)");

	CHECK_STR(shmctl_cmd_name(0, cmd, sizeof(cmd)), "IPC_RMID");
	CHECK_STR(shmctl_cmd_name(2, cmd, sizeof(cmd)), "IPC_STAT");
	CHECK_STR(shmctl_cmd_name(15, cmd, sizeof(cmd)), "SHM_STAT_ANY");
	CHECK_STR(shmctl_cmd_name(5, cmd, sizeof(cmd)), "0x5");
	CHECK_STR(shmctl_cmd_name(0x102, cmd, sizeof(cmd)), "0x102");

	/* BCC: "%-6s %-16s %6s %16s ARGs", then "%-6d %-16s %6s %16lx " and the arguments */
	env = (struct env){ .pid = -1, .tid = -1 };
	snprintf(want, sizeof(want), "%-6s %-16s %6s %16s ARGs\n"
		 "%-6d %-16s %6s %16lx key: 0x78020001, size: 20, shmflg: 0x3b6 (IPC_CREAT|0666)\n"
		 "%-6d %-16s %6s %16lx shmid: 0x10000, shmaddr: 0x0, shmflg: 0x0\n"
		 "%-6d %-16s %6s %16lx shmaddr: 0x7f4fd8ee7000\n"
		 "%-6d %-16s %6s %16lx shmid: 0x10000, cmd: 0 (IPC_RMID), buf: 0x0\n"
		 "%-6d %-16s %6s %16lx shmid: 0x10000, shmaddr: 0x0, shmflg: 0x1000 (SHM_RDONLY)\n"
		 "%-6d %-16s %6s %16lx \n",
		 "PID", "COMM", "SYS", "RET",
		 19813, "server", "SHMGET", 0x10000ul, 19813, "server", "SHMAT", 0x7f1cf8b1f000ul,
		 19816, "client", "SHMDT", 0ul, 19813, "server", "SHMCTL", 0ul,
		 19813, "server", "SHMAT", (unsigned long)-22, 1, "init", "N/A", (unsigned long)-1);
	CHECK_STR(render(e, 6, false), want);

	/* -T: BCC's "%-14.9f" of whole microseconds since the first event (the first render's),
	 * which -n does not drop (the client's SHMDT); -t: the TID column */
	env = (struct env){ .pid = -1, .tid = 19814, .timestamp = true, .name = "serv" };
	snprintf(want, sizeof(want), "%-14s%-6s %-16s %6s %16s ARGs\n"
		 "%-14.9f%-6d %-16s %6s %16lx key: 0x78020001, size: 20, shmflg: 0x3b6 (IPC_CREAT|0666)\n"
		 "%-14.9f%-6d %-16s %6s %16lx shmid: 0x10000, shmaddr: 0x0, shmflg: 0x0\n"
		 "%-14.9f%-6d %-16s %6s %16lx shmid: 0x10000, cmd: 0 (IPC_RMID), buf: 0x0\n",
		 "TIME(s)", "TID", "COMM", "SYS", "RET",
		 0.0, 19813, "server", "SHMGET", 0x10000ul,
		 0.000100, 19814, "server", "SHMAT", 0x7f1cf8b1f000ul,
		 0.563237, 19813, "server", "SHMCTL", 0ul);
	CHECK_STR(render(e, 4, false), want);

	env = (struct env){ .pid = -1, .tid = -1 };
	CHECK_STR(render(e + 4, 1, true),
		  "{\"pid\":19813,\"comm\":\"server\",\"sys\":\"SHMAT\",\"ret\":-22,"
		  "\"args\":\"shmid: 0x10000, shmaddr: 0x0, shmflg: 0x1000 (SHM_RDONLY)\"}\n");
	return check_result("test_shmsnoop");
}
