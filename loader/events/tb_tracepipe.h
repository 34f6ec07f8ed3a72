/* The kernel's trace pipe, where bpf_trace_printk() writes: its lines split into fields, and a
 * loop that reads them until the tool is stopped. */
#ifndef TB_TRACEPIPE_H
#define TB_TRACEPIPE_H

#include <stdbool.h>

struct tb_prog;

struct tb_trace_line {
	char comm[64];   /* task name as the kernel printed it ("<...>" when it did not know it) */
	int pid;         /* the task's thread ID */
	int cpu;
	double ts;       /* seconds, on the trace clock */
	const char *msg; /* the message: after "bpf_trace_printk: " (and after the marker when
			  * reading with one); points into the line given */
	bool from_user;  /* written to trace_marker by a process, not by a BPF program */
};

/* Splits one trace_pipe line, e.g.
 *   "  sh-1234  (  1234) [001] d..31  5618.374811: bpf_trace_printk: hello"
 * (the TGID part appears only with the record-tgid option). The message keeps no newline.
 * false when the line is not in that form. */
bool tb_trace_line_parse(char *line, struct tb_trace_line *out);

typedef void (*tb_trace_line_fn)(void *ctx, const struct tb_trace_line *line);

/* Reads tracefs' trace_pipe until SIGINT/SIGTERM, duration_ms (if > 0), or stdout closing,
 * calling fn for each line of a BPF program whose message contains marker (NULL = every
 * line; trace_marker lines never). The trace pipe is
 * shared by the whole machine and reading consumes: a unique marker, e.g. the tool's PID, keeps
 * other programs' lines out. Under -v, prints the same start-up lines as tb_prog_run.
 * Returns 0, or a negative errno after one error line. */
int tb_trace_pipe_run(struct tb_prog *prog, const char *marker, tb_trace_line_fn fn, void *ctx,
		      long duration_ms);

#endif
