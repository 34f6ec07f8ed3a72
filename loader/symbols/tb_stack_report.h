/* The report of counted stacks that profile, offcputime and wakeuptime print at the end: BCC's multi-line
 * stacks ("- comm (pid)" and the count), folded lines for flame graphs, or one JSON object,
 * with the unknown-frame summary after it (tb_stacks). */
#ifndef TB_STACK_REPORT_H
#define TB_STACK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tb_prog;

/* One counted (task, stacks) pair, as a tool's table key gives it. */
struct tb_stack_sample {
	uint32_t pid;            /* printed in "- comm (pid)" and JSON's "pid" */
	uint32_t tgid;           /* the process whose user symbols name the user frames */
	int32_t user_stack_id;   /* <0: none (-EFAULT: no user stack; else lost) */
	int32_t kernel_stack_id;
	char comm[16];           /* wakers: the waker */
	char target[16];         /* wakers: the task woken */
	uint64_t count;          /* samples, or microseconds off the CPU */
};

struct tb_stack_report_opts {
	bool user_only;   /* -U: no kernel stacks */
	bool kernel_only; /* -K: no user stacks */
	bool delimiter;   /* -d: "--" (folded: "-") between the kernel and the user stack */
	bool annotations; /* -a: "_[k]" after kernel frames */
	bool folded;      /* -f: "comm;outer;...;inner count", equal lines merged */
	/* kernel stacks taken inside a raw tracepoint's program begin with the tracer's own
	 * frames (bpf_prog_..., bpf_trace_run4, __traceiter_sched_switch): left out */
	bool skip_tracer_frames;
	bool json;        /* {"stacks":[{"pid":..,"comm":..,"count":..,"kernel":[..],"user":[..]}],...} */
	/* wakeuptime's layout: comm is the waker and target the woken task, the stack the
	 * waker's; BCC's "target:" line, "%-16x sym" frames (innermost first), "waker:" line;
	 * folded "waker;outer;...;inner;target count"; JSON "waker" and "target", no "pid" */
	bool wakers;
	const char *svg;  /* --svg FILE: a flame graph of the same stacks too (tb_flame.h) */
	const char *svg_title, *svg_countname;
};

/* Reads a tool's count table (keys of key_size bytes, u64 counts) into samples, each key
 * turned into its sample's IDs, stack IDs and comm by fn (the count is filled here). NULL
 * after an error line; *n the number read. The caller frees the array. */
typedef void (*tb_stack_key_fn)(const void *key, struct tb_stack_sample *s);
struct tb_stack_sample *tb_stack_samples_read(struct tb_prog *prog, const char *table,
					      size_t key_size, tb_stack_key_fn fn, size_t *n);

/* The end of a blocked-time tool (offcputime, wakeuptime): traces for duration_ms (0: until
 * Ctrl-C), prints BCC's blank line (not in folded output or JSON), then reads the "counts"
 * table (keys of key_size bytes, turned into samples by fn) and reports them with the stacks
 * of "stack_traces". 0, or -1 after one error line. */
int tb_stack_report_run(struct tb_prog *prog, long duration_ms, size_t key_size,
			tb_stack_key_fn fn, const struct tb_stack_report_opts *opts);

/* Prints samples (sorted here by count, the largest last, as BCC) with the stacks of table,
 * then the summary of unknown frames on stderr. 0, or -1 after one error line. */
int tb_stack_report(struct tb_prog *prog, const char *table, struct tb_stack_sample *samples,
		    size_t n, const struct tb_stack_report_opts *opts, FILE *fp);

#endif
