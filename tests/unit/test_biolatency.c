/* Unit tests of biolatency's flags (BCC's names, goldens from BCC's own flags_print) and its
 * options. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/biolatency.c"

const char tb_bpf_biolatency[] = "";
const char tb_bpf_biolatency_name[] = "biolatency.bpf.c";

static const char *flags_text(__u64 flags)
{
	static struct tb_hist_label l;

	flags_label(&flags, sizeof(flags), &l, NULL);
	return l.text;
}

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("biolatency", line, argv), argv);
}

int main(void)
{
	struct tb_hist_label l;
	__u32 dev = tb_kernel_dev(254, 0);

	tb_log_set_tool("test_biolatency");
	CHECK_STR(flags_text(0x801), "Sync-Write");
	CHECK_STR(flags_text(0x1800), "Metadata-Sync-Read");
	CHECK_STR(flags_text(0x20801), "ForcedUnitAccess-Sync-Write");
	CHECK_STR(flags_text(0x4), "Unknown");
	CHECK_STR(flags_text(0x80000), "ReadAhead-Read");
	CHECK_STR(flags_text(0x300003), "NoWait-Background-Discard");
	CHECK_STR(flags_text(0x5), "SecureErase");
	CHECK_STR(flags_text(0x2), "Flush");
	CHECK_STR(flags_text(0xe009), "Idle-NoMerge-Priority-WriteZeros");
	flags_label(&(__u64){ 0x801 }, 8, &l, NULL);
	CHECK_STR(l.json, "\"Sync-Write\"");

	/* device numbers as the block tracepoints carry them; unknown disks are "?" as in BCC */
	CHECK_INT(dev, 254u << 20);
	disk_label(&dev, sizeof(dev), &l, NULL);
	CHECK(l.text[0] != 0);
	dev = tb_kernel_dev(4095, 1048575);
	disk_label(&dev, sizeof(dev), &l, NULL);
	CHECK_STR(l.text, "?");

	CHECK(rejected("-D -F"));
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK_INT(parse("-D -m -Q -T -e -j 2 3"), 0);
	CHECK(env.section == TB_BIOLATENCY_DISK && env.milliseconds && env.queued && interval.timestamp);
	CHECK(env.extension);
	CHECK(tb_common.json);
	CHECK_INT(interval.interval_ms, 2000);
	CHECK_INT(interval.count, 3);
	return check_result("test_biolatency");
}
