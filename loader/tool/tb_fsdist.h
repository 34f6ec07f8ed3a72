/* The dist tools of the file systems (ext4dist; xfsdist... are other declarations of the
 * same): BCC's options (-T, -m, -p PID, [interval [count]]) and its histograms, one per
 * operation, for the one program programs/fsdist.bpf.c on the probes of tb_fs.h. A frontend
 * declares its struct tb_fs and its --help text, and takes the rest from here. */
#ifndef TB_FSDIST_TOOL_H
#define TB_FSDIST_TOOL_H

#include <argp.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "tb_fs.h"
#include "tb_hist.h"

struct tb_cflags;

/* -p and --attach are tb_fs_opts' */
struct tb_fsdist {
	bool no_timestamp; /* -T: BCC's --notimestamp */
	bool milliseconds; /* -m */
};
extern struct tb_fsdist tb_fsdist;
/* the interval loop's: interval and count from the arguments, print below */
extern struct tb_interval_opts tb_fsdist_interval;

/* The options and their parser: the frontend's argp has them with its own doc, and
 * tb_fs_children. */
extern const struct argp_option tb_fsdist_options[];
extern const char tb_fsdist_args_doc[];
error_t tb_fsdist_parse_opt(int key, char *arg, struct argp_state *state);

/* .prepare: tb_fs_prepare (the read function, -DTARG_PID), then -DTB_FS_FACTOR. */
int tb_fsdist_prepare(const struct tb_fs *fs, struct tb_cflags *cf);

/* One summary: in text a blank line, BCC's "HH:MM:SS:" with an interval (unless -T), then a
 * histogram per operation under "operation = read"...; in JSON one object. From the sections
 * read (tests: tb_fsdist_print_set). */
int tb_fsdist_print(void *prog, FILE *fp, time_t now);
void tb_fsdist_print_set(FILE *fp, const struct tb_hist_set *set, time_t now);

/* A dist tool's declaration, given its struct tb_fs, its banner ("ext4 operation latency")
 * and its prepare hook. */
#define TB_FSDIST_TOOL(fs, what, prepare_fn)                                              \
	TB_FS_ATTACH(fs), .prepare = (prepare_fn), .banner = (what),                       \
	.interval = &tb_fsdist_interval

#endif
