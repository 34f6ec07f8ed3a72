/* The file systems' dist tools: options, histograms and the program's flags (tb_fsdist.h). */
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "fsdist.h"
#include "fsslower.h" /* the operations' numbers */
#include "tb_fsdist.h"
#include "tb_log.h"
#include "tb_options.h"

_Static_assert(sizeof(struct fsdist_key) == 16, "struct fsdist_key must match the BPF side");

struct tb_fsdist tb_fsdist;
struct tb_interval_opts tb_fsdist_interval = { .print = tb_fsdist_print };

const char tb_fsdist_args_doc[] = "[interval [count]]";
const struct argp_option tb_fsdist_options[] = {
	{ "notimestamp", 'T', NULL, 0, "Don't include timestamp on interval output", 0 },
	{ "milliseconds", 'm', NULL, 0, "Output in milliseconds", 0 },
	{ 0 },
};

error_t tb_fsdist_parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': tb_fsdist.no_timestamp = true; break;
	case 'm': tb_fsdist.milliseconds = true; break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &tb_fsdist_interval.interval_ms,
					    &tb_fsdist_interval.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

int tb_fsdist_prepare(const struct tb_fs *fs, struct tb_cflags *cf)
{
	if (tb_fs_prepare(fs, cf))
		return -1;
	return tb_cflags_add(cf, "-DTB_FS_FACTOR=%d", tb_fsdist.milliseconds ? 1000000 : 1000);
}

/* "operation = read", {"operation":"read"} */
static void op_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	static const char *const names[] = { "read", "write", "open", "fsync" };
	__u32 op;

	memcpy(&op, section, sizeof(op));
	if (op < 4)
		tb_hist_label_string(l, names[op]);
	else
		tb_hist_label_string(l, "?");
}

void tb_fsdist_print_set(FILE *fp, const struct tb_hist_set *set, time_t now)
{
	struct tb_hist_print_opts opts = { .unit = tb_fsdist.milliseconds ? "msecs" : "usecs",
					   .section_header = "operation", .label = op_label };

	if (tb_common.json) {
		tb_hist_set_json(fp, set, &opts, now);
		return;
	}
	/* BCC's ext4dist: strftime("%H:%M:%S:") after each interval's blank line */
	if (tb_fsdist_interval.interval_ms && !tb_fsdist.no_timestamp) {
		char hms[16] = "";
		struct tm tm;

		if (localtime_r(&now, &tm))
			strftime(hms, sizeof(hms), "%H:%M:%S:", &tm);
		fprintf(fp, "%s\n", hms);
	}
	tb_hist_set_print(fp, set, &opts);
}

int tb_fsdist_print(void *prog, FILE *fp, time_t now)
{
	struct tb_hist_set set = { 0 };
	int err = tb_hist_read(prog, "dist", &set, true);

	if (err) {
		tb_error("failed to read table 'dist': %s", strerror(-err));
		return err;
	}
	tb_fsdist_print_set(fp, &set, now);
	tb_hist_set_free(&set);
	return 0;
}
