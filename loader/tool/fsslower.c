/* The file systems' slower tools: options, lines and the program's flags (tb_fsslower.h). */
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "fsslower.h"
#include "tb_fsslower.h"
#include "tb_log.h"
#include "tb_options.h"
#include "tb_output.h"

_Static_assert(sizeof(struct fsslower_event) == 40 + TB_FSSLOWER_COMM_LEN + TB_FSSLOWER_NAME_LEN,
	       "struct fsslower_event must have the same layout on both sides");

/* an hour: a larger threshold would print nothing */
#define TB_FSSLOWER_MAX_MS 3600000L

struct tb_fsslower tb_fsslower = { .min_ms = TB_FSSLOWER_DEFAULT_MS };
struct tb_output tb_fsslower_out;

const char tb_fsslower_args_doc[] = "[min_ms]";
const struct argp_option tb_fsslower_options[] = {
	{ "csv", 'j', NULL, 0, "Just print fields: comma-separated values", 0 },
	{ 0 },
};

error_t tb_fsslower_parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'j': tb_fsslower.csv = true; break;
	case ARGP_KEY_ARG:
		if (state->arg_num > 0) {
			tb_error("unexpected argument '%s'", arg);
			err = -1;
		} else {
			err = tb_parse_long(arg, 0, TB_FSSLOWER_MAX_MS, "min_ms", &tb_fsslower.min_ms);
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

int tb_fsslower_prepare(const struct tb_fs *fs, struct tb_cflags *cf)
{
	if (tb_fs_prepare(fs, cf))
		return -1;
	/* BCC's FILTER_US: none at 0, so that every call is printed */
	if (tb_fsslower.min_ms > 0 && tb_cflags_add(cf, "-DMIN_US=%ld", tb_fsslower.min_ms * 1000))
		return -1;
	return 0;
}

/* BCC: "%-8s %-14.14s %-6s %1s %-7s %-8d %7.2f %s"; TIME is the output's */
static const struct tb_column columns[] = {
	{ "COMM", NULL, 14, TB_LEFT },
	{ "PID", NULL, 6, TB_LEFT },
	{ "T", "type", 1, TB_LEFT },
	{ "BYTES", NULL, 7, TB_LEFT },
	{ "OFF_KB", NULL, 8, TB_LEFT },
	{ "LAT(ms)", "lat_ms", 7, TB_RIGHT },
	{ "FILENAME", NULL, 0, TB_LEFT },
};

const struct tb_column *tb_fsslower_columns(int *n, enum tb_time_mode *time)
{
	*n = (int)(sizeof(columns) / sizeof(columns[0]));
	*time = TB_TIME_CLOCK; /* BCC's first column is always the wall-clock TIME */
	return columns;
}

/* The output opened on fp, and what precedes the first line: BCC's "Tracing ..." line and
 * the column header, or CSV's header; nothing in JSON. */
void tb_fsslower_open(FILE *fp)
{
	enum tb_time_mode time;
	int n;
	const struct tb_column *cols = tb_fsslower_columns(&n, &time);
	const char *name = tb_fs_opts.fs ? tb_fs_opts.fs->title : "file system";

	tb_output_init(&tb_fsslower_out, fp, cols, n, tb_common.json, time);
	if (tb_common.json)
		return;
	if (tb_fsslower.csv)
		fputs("ENDTIME_us,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE\n", fp);
	else if (tb_fsslower.min_ms)
		fprintf(fp, "Tracing %s operations slower than %ld ms\n", name, tb_fsslower.min_ms);
	else
		fprintf(fp, "Tracing %s operations\n", name);
	if (!tb_fsslower.csv)
		tb_output_header(&tb_fsslower_out);
	fflush(fp);
}

void tb_fsslower_header(void)
{
	tb_fsslower_open(stdout);
}

void tb_fsslower_print(FILE *fp, const struct fsslower_event *e, time_t wall)
{
	static const char types[] = "RWOS";
	char comm[TB_FSSLOWER_COMM_LEN + 1], file[TB_FSSLOWER_NAME_LEN + 1], type[2] = "R";
	unsigned long long us = e->delta_ns / 1000;

	snprintf(comm, sizeof(comm), "%.*s", TB_FSSLOWER_COMM_LEN, e->comm);
	snprintf(file, sizeof(file), "%.*s", TB_FSSLOWER_NAME_LEN, e->file);
	if (e->op < 4)
		type[0] = types[e->op];
	if (tb_fsslower.csv && !tb_common.json) {
		fprintf(fp, "%llu,%s,%u,%s,%lld,%llu,%llu,%s\n", (unsigned long long)e->end_ns / 1000,
			comm, e->pid, type, (long long)e->ret, (unsigned long long)e->offset, us,
			file);
		return;
	}
	comm[14] = 0; /* BCC's %-14.14s */
	tb_output_begin_at(&tb_fsslower_out, e->end_ns, wall);
	tb_output_str(&tb_fsslower_out, comm);
	tb_output_uint(&tb_fsslower_out, e->pid);
	tb_output_str(&tb_fsslower_out, type);
	tb_output_int(&tb_fsslower_out, e->ret);
	tb_output_uint(&tb_fsslower_out, e->offset / 1024); /* BCC: %d of offset / 1024 */
	tb_output_double(&tb_fsslower_out, (double)us / 1000, 2); /* of whole microseconds */
	tb_output_str(&tb_fsslower_out, file);
	tb_output_end(&tb_fsslower_out);
}

void tb_fsslower_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	tb_fsslower_print(tb_fsslower_out.fp, data, time(NULL));
}
