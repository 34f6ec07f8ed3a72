/* Stacks for profile and memleak: BPF_STACK_TRACE tables read back into frames, kernel symbols
 * from /proc/kallsyms, user symbols through libbcc's per-process symbol cache, and a count of
 * the frames that stayed [unknown], by cause. */
#ifndef TB_STACKS_H
#define TB_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct tb_prog;

/* Why a frame printed [unknown] (or a whole stack is missing). */
enum tb_unknown_cause {
	TB_UNK_NO_SYMBOL,   /* the address is in a known mapping (DSO) that has no symbol for it */
	TB_UNK_UNMAPPED,    /* the address is in no mapping the symbol cache knows (JIT without
			     * /tmp/perf-PID.map, or the process mapped it after the cache was made) */
	TB_UNK_PROC_GONE,   /* the process exited before its stacks were symbolized */
	TB_UNK_KPTR_HIDDEN, /* /proc/kallsyms shows every address as 0 (kptr_restrict) */
	TB_UNK_STACK_LOST,  /* no stack at all: the stack map was full (negative stack id) */
	TB_UNK_NCAUSES
};

/* --- kernel symbols (kallsyms.c) --- */
struct tb_ksym {
	uint64_t addr;
	const char *name;
	const char *module; /* NULL for the kernel proper */
};
struct tb_ksyms;

/* Parses kallsyms text ("ADDR TYPE NAME [MODULE]" per line). NULL on allocation failure. */
struct tb_ksyms *tb_ksyms_parse(FILE *fp);
/* /proc/kallsyms (path NULL) or another file. NULL after an error line. */
struct tb_ksyms *tb_ksyms_load(const char *path);
void tb_ksyms_free(struct tb_ksyms *ks);
/* True when every address read was 0: kptr_restrict hides them from this reader. */
bool tb_ksyms_hidden(const struct tb_ksyms *ks);
size_t tb_ksyms_count(const struct tb_ksyms *ks);
/* The symbol containing addr (the last one at or below it), or NULL. */
const struct tb_ksym *tb_ksyms_lookup(const struct tb_ksyms *ks, uint64_t addr);

/* --- formatting flags for frames --- */
#define TB_SYM_OFFSET 1u /* "sym+0x1a" */
#define TB_SYM_MODULE 2u /* " [module]" ("[kernel]" for the kernel proper, as BCC) */

/* Formats a kernel address into buf; returns -1 when resolved, else the cause (frame
 * "[unknown]"). */
int tb_ksym_format(const struct tb_ksyms *ks, uint64_t addr, unsigned flags, char *buf, size_t len);

/* Joins frames into one folded line "comm;outer;...;inner count" (frames given innermost
 * first, as the stack map holds them). Returns the length written (truncated to len). */
size_t tb_fold_line(char *buf, size_t len, const char *comm, const char *const *frames, int n,
		    unsigned long long count);

/* --- the per-run context --- */
struct tb_stacks;

/* table: the BPF_STACK_TRACE table name, or NULL to name addresses alone (a tool printing one
 * user address per event, threadsnoop's start routine, through tb_stacks_uframe). Loads
 * kallsyms when kernel is true. */
struct tb_stacks *tb_stacks_new(struct tb_prog *prog, const char *table, bool kernel);
void tb_stacks_free(struct tb_stacks *st);

/* Keeps with prog a symbol snapshot of process pid: its mappings as of now. Stacks printed
 * after the process exited name their frames from it (reading the files it had mapped)
 * instead of counting them "process gone"; while it lives, a fresh cache is used (libraries
 * mapped after the snapshot included). Called again, the snapshot is renewed. 0, or -ESRCH
 * when the process is already gone. */
int tb_stacks_snapshot(struct tb_prog *prog, pid_t pid);

/* Reads stack id into ips (innermost first); returns the number of frames, 0 for a negative
 * id (counted as lost when it is not -EFAULT, which only means "no user stack"). */
int tb_stacks_read(struct tb_stacks *st, int64_t stack_id, uint64_t *ips, int max);
/* Whether a stack id means "the stack was lost" (BCC's stack_id_err: <0 and not -EFAULT). */
bool tb_stack_id_lost(int64_t stack_id);
/* Counts one lost stack (the reader calls it for ids tb_stacks_read does not see). */
void tb_stacks_count_lost(struct tb_stacks *st);

/* One frame as text; unknown frames are counted by cause. */
void tb_stacks_kframe(struct tb_stacks *st, uint64_t addr, unsigned flags, char *buf, size_t len);
void tb_stacks_uframe(struct tb_stacks *st, pid_t pid, uint64_t addr, unsigned flags, char *buf,
		      size_t len);

/* One event's stack as the event tools show it (trace, capable -K/-U): in text, under the
 * event's line on fp, one frame a line indented 8 spaces (kernel frames sym+off, user frames
 * sym+off [module]; each after its address with addresses), or one "[user stack lost: ...]" /
 * "[kernel stack not available]" line; with json non-NULL, nothing printed but the frames
 * joined by ';' into json (len bytes, the innermost first), for a --json string column. */
void tb_stacks_print_event(struct tb_stacks *st, int64_t id, bool user, pid_t tgid,
			   bool addresses, FILE *fp, char *json, size_t len);
/* One frame of such a stack: its line on fp, or appended to json (*used bytes so far). */
void tb_stack_frame_out(FILE *fp, bool addresses, uint64_t addr, const char *frame, char *json,
			size_t len, size_t *used);

/* Stacks of build ids and file offsets (BPF_STACK_TRACE_BUILDID, trace -s): the kernel names
 * the file of each user frame, so the frames are symbolized from the given files with no
 * process (one that exited is named too). files: comma-separated paths, read before the
 * compile; NULL after one error line (a file without a build id). _open: the program's table
 * (0, or -1 after one error line). */
struct tb_bid_stacks;
struct tb_bid_stacks *tb_bid_stacks_new(const char *files);
int tb_bid_stacks_open(struct tb_bid_stacks *st, struct tb_prog *prog, const char *table);
void tb_bid_stacks_free(struct tb_bid_stacks *st);
/* As tb_stacks_print_event for a user stack: a frame in no file given is "[unknown]". */
void tb_bid_stacks_print_event(struct tb_bid_stacks *st, int64_t id, bool addresses, FILE *fp,
			       char *json, size_t len);

/* Frame counts: resolved, and unknown per cause. */
struct tb_stacks_stats {
	unsigned long long resolved;
	unsigned long long unknown[TB_UNK_NCAUSES];
	double resolve_ms; /* time spent symbolizing (symbol caches included) */
	int processes;     /* symbol caches made */
};
void tb_stacks_stats(const struct tb_stacks *st, struct tb_stacks_stats *out);
/* The summary line for stats (or nothing when no frame was unknown and no stack lost), e.g.
 * "unknown frames: 3 of 120 (no symbol in DSO: 2, process gone: 1); stacks lost (stack map
 * full): 4". Returns the length written. */
size_t tb_stacks_format_summary(const struct tb_stacks_stats *s, char *buf, size_t len);
/* Writes the summary line to fp (stderr for tools) when there is something to say; under -v
 * also the time spent symbolizing. */
void tb_stacks_print_summary(const struct tb_stacks *st, FILE *fp);
/* The summary as a JSON object {"resolved":N,"unknown":{...},"stacks_lost":N}. */
void tb_stacks_json_summary(const struct tb_stacks *st, FILE *fp);

/* The end of a report of stacks (profile's, memleak's): in JSON, the close of its "stacks"
 * array with the summary, `],"frames":{...}}` and a newline; fp flushed; then the summary line
 * on stderr (tb_stacks_print_summary). */
void tb_stacks_report_end(const struct tb_stacks *st, FILE *fp, bool json);

#endif
