/* The slower tools of the file systems (ext4slower; xfsslower... are other declarations of
 * the same): BCC's options ([min_ms], -p PID, -j), its columns and lines, text, CSV and JSON,
 * for the one program programs/fsslower.bpf.c on the probes of tb_fs.h. A frontend declares
 * its struct tb_fs and its --help text, and takes the rest from here. */
#ifndef TB_FSSLOWER_TOOL_H
#define TB_FSSLOWER_TOOL_H

#include <argp.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "tb_fs.h"
#include "tb_output.h"

struct tb_cflags;
struct fsslower_event;

/* -p and --attach are tb_fs_opts' */
struct tb_fsslower {
	long min_ms; /* [min_ms]: calls slower than this; 0 = every call */
	bool csv;    /* -j */
};
extern struct tb_fsslower tb_fsslower;

/* The options and their parser: the frontend's argp has them with its own doc, and
 * tb_fs_children. */
extern const struct argp_option tb_fsslower_options[];
extern const char tb_fsslower_args_doc[];
error_t tb_fsslower_parse_opt(int key, char *arg, struct argp_state *state);

/* .prepare: tb_fs_prepare (the read function, -DTARG_PID), then -DMIN_US. */
int tb_fsslower_prepare(const struct tb_fs *fs, struct tb_cflags *cf);

/* .before_header: the output opened on stdout (text, CSV or --json), BCC's "Tracing ext4
 * operations..." line and the column header, or CSV's header; tb_fsslower_open does it on fp
 * (tests). .on_event; tb_fsslower_print writes one event at the given wall time (tests). */
const struct tb_column *tb_fsslower_columns(int *n, enum tb_time_mode *time);
void tb_fsslower_open(FILE *fp);
void tb_fsslower_header(void);
void tb_fsslower_event(void *ctx, int cpu, const void *data, unsigned int size);
void tb_fsslower_print(FILE *fp, const struct fsslower_event *e, time_t wall);
extern struct tb_output tb_fsslower_out;

/* A slower tool's declaration, given its struct tb_fs and its prepare hook. */
#define TB_FSSLOWER_TOOL(fs, prepare_fn)                                                  \
	TB_FS_ATTACH(fs), .prepare = (prepare_fn), .events = "events",                     \
	.on_event = tb_fsslower_event, .event_size = sizeof(struct fsslower_event),        \
	.before_header = tb_fsslower_header

#endif
