/* The report of counted stacks (profile, offcputime, wakeuptime): BCC's multi-line form,
 * folded, JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tb_flame.h"
#include "tb_folded.h"
#include "tb_log.h"
#include "tb_output.h"
#include "tb_perfbuf.h"
#include "tb_table.h"
#include "tb_stack_report.h"
#include "tb_stacks.h"

#define MAX_FRAMES 127

/* The frames of one sample as text, innermost first: kernel frames, then user frames. */
struct frames {
	char store[2 * MAX_FRAMES + 2][256];
	const char *f[2 * MAX_FRAMES + 2];
	uint64_t ip[MAX_FRAMES]; /* the kernel frames' addresses (wakeuptime prints them) */
	int nk, nu;
	bool k_missed, u_missed;
};

/* The frames a raw tracepoint's program adds under the traced code, innermost first. */
static bool tracer_frame(const char *name)
{
	/* ___bpf_prog_run: the interpreter, where the kernel runs BPF without a JIT */
	static const char *const prefixes[] = { "bpf_prog_", "bpf_trace_run", "__traceiter_",
						"__bpf_trace_", "___bpf_prog_run", "__bpf_prog_run" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static void collect(struct tb_stacks *st, const struct tb_stack_sample *s,
		    const struct tb_stack_report_opts *o, struct frames *fr)
{
	uint64_t ips[MAX_FRAMES];
	int n;

	fr->nk = fr->nu = 0;
	fr->k_missed = !o->user_only && tb_stack_id_lost(s->kernel_stack_id);
	fr->u_missed = !o->kernel_only && tb_stack_id_lost(s->user_stack_id);
	if (!o->user_only) {
		bool skipping = o->skip_tracer_frames;

		n = tb_stacks_read(st, s->kernel_stack_id, ips, MAX_FRAMES);
		for (int i = 0; i < n; i++) {
			char *b = fr->store[fr->nk];

			tb_stacks_kframe(st, ips[i], 0, b, sizeof(fr->store[0]));
			if (skipping && tracer_frame(b))
				continue;
			skipping = false;
			fr->ip[fr->nk] = ips[i];
			if (o->annotations)
				strncat(b, "_[k]", sizeof(fr->store[0]) - strlen(b) - 1);
			fr->f[fr->nk++] = b;
		}
	}
	if (!o->kernel_only) {
		n = tb_stacks_read(st, s->user_stack_id, ips, MAX_FRAMES);
		for (int i = 0; i < n; i++) {
			char *b = fr->store[fr->nk + fr->nu];

			tb_stacks_uframe(st, s->tgid, ips[i], 0, b, sizeof(fr->store[0]));
			fr->f[fr->nk + fr->nu++] = b;
		}
	}
}

/* Folded lines, merged by tb_folded: stacks that differ only in return addresses within the
 * same functions fold to the same text, and one line each makes "the hottest line" mean the
 * hottest path (flame graph tools would merge them anyway). */
static void add_folded(struct tb_folded *fo, const struct tb_stack_sample *s,
		       const struct frames *fr, const struct tb_stack_report_opts *o)
{
	const char *line[2 * MAX_FRAMES + 4];
	static char out[(2 * MAX_FRAMES + 4) * 260];
	size_t len;
	int n = 0;

	/* tb_fold_line reverses: the frames innermost first, kernel then user; the woken task
	 * last, above its waker's stack */
	if (o->wakers)
		line[n++] = s->target;
	if (!o->user_only) {
		if (fr->k_missed)
			line[n++] = "[Missed Kernel Stack]";
		for (int i = 0; i < fr->nk; i++)
			line[n++] = fr->f[i];
	}
	if (o->delimiter && !o->user_only && !o->kernel_only && s->user_stack_id >= 0)
		line[n++] = "-";
	if (!o->kernel_only) {
		if (fr->u_missed)
			line[n++] = "[Missed User Stack]";
		for (int i = 0; i < fr->nu; i++)
			line[n++] = fr->f[fr->nk + i];
	}
	len = tb_fold_line(out, sizeof(out), s->comm, line, n, 0);
	out[len - 2] = 0; /* drop the " 0": counts are summed first */
	tb_folded_add(fo, out, s->count);
}

/* --svg: the merged stacks as a flame graph; the file is written whole or not at all */
static int write_svg(const struct tb_folded *fo, const struct tb_stack_report_opts *o)
{
	FILE *fp;
	int err;

	if (!fo->n) {
		tb_warn("no stacks: no flame graph written to '%s'", o->svg);
		return 0;
	}
	fp = fopen(o->svg, "w");
	if (!fp) {
		tb_error("failed to write flame graph '%s': %s", o->svg, strerror(errno));
		return -1;
	}
	err = tb_flame_svg(fo, fp, &(struct tb_flame_opts){ .title = o->svg_title,
							    .countname = o->svg_countname });
	if (fclose(fp) || err) {
		tb_error("failed to write flame graph '%s': %s", o->svg, err ? "see above" :
			 strerror(errno));
		return -1;
	}
	tb_info("flame graph of %zu stacks written to %s", fo->n, o->svg);
	return 0;
}

static void print_default(FILE *fp, const struct tb_stack_sample *s, const struct frames *fr,
			  const struct tb_stack_report_opts *o)
{
	if (!o->user_only) {
		if (fr->k_missed)
			fprintf(fp, "    [Missed Kernel Stack]\n");
		for (int i = 0; i < fr->nk; i++)
			fprintf(fp, "    %s\n", fr->f[i]);
	}
	if (!o->kernel_only) {
		if (o->delimiter && !o->user_only && s->kernel_stack_id >= 0 &&
		    s->user_stack_id >= 0)
			fprintf(fp, "    --\n");
		if (fr->u_missed)
			fprintf(fp, "    [Missed User Stack]\n");
		for (int i = 0; i < fr->nu; i++)
			fprintf(fp, "    %s\n", fr->f[fr->nk + i]);
	}
	fprintf(fp, "    %-16s %s (%u)\n", "-", s->comm, s->pid);
	fprintf(fp, "        %llu\n\n", (unsigned long long)s->count);
}

/* BCC's wakeuptime: the woken task, the waker's kernel frames innermost first with their
 * addresses, the waker, the blocked time */
static void print_wakers(FILE *fp, const struct tb_stack_sample *s, const struct frames *fr)
{
	fprintf(fp, "    %-16s %.16s\n", "target:", s->target);
	if (fr->k_missed)
		fprintf(fp, "    [Missed Kernel Stack]\n");
	for (int i = 0; i < fr->nk; i++)
		fprintf(fp, "    %-16llx %s\n", (unsigned long long)fr->ip[i], fr->f[i]);
	fprintf(fp, "    %-16s %.16s\n", "waker:", s->comm);
	fprintf(fp, "        %llu\n\n", (unsigned long long)s->count);
}

static void json_frames(FILE *fp, const char *name, const char *const *f, int n)
{
	fprintf(fp, ",\"%s\":[", name);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', fp);
		tb_json_string(fp, f[i]);
	}
	fputc(']', fp);
}

static void print_json(FILE *fp, const struct tb_stack_sample *s, const struct frames *fr,
		       const struct tb_stack_report_opts *o, bool first)
{
	if (o->wakers) {
		fprintf(fp, "%s{\"waker\":", first ? "" : ",");
		tb_json_string(fp, s->comm);
		fprintf(fp, ",\"target\":");
		tb_json_string(fp, s->target);
	} else {
		fprintf(fp, "%s{\"pid\":%u,\"comm\":", first ? "" : ",", s->pid);
		tb_json_string(fp, s->comm);
	}
	fprintf(fp, ",\"count\":%llu", (unsigned long long)s->count);
	if (!o->user_only)
		json_frames(fp, "kernel", fr->f, fr->nk);
	if (!o->kernel_only)
		json_frames(fp, "user", fr->f + fr->nk, fr->nu);
	if (fr->k_missed || fr->u_missed)
		fprintf(fp, ",\"missed\":true");
	fputc('}', fp);
}

struct tb_stack_sample *tb_stack_samples_read(struct tb_prog *prog, const char *table,
					      size_t key_size, tb_stack_key_fn fn, size_t *n)
{
	int fd = tb_table_fd(prog, table);
	struct tb_map_records all;
	struct tb_stack_sample *s;

	*n = 0;
	if (fd < 0 || tb_map_read_all(fd, key_size, sizeof(uint64_t), false, &all))
		return NULL;
	s = calloc(all.n ? all.n : 1, sizeof(*s));
	if (!s) {
		tb_error("failed to read table '%s': out of memory", table);
		tb_map_records_free(&all);
		return NULL;
	}
	for (size_t i = 0; i < all.n; i++) {
		const unsigned char *rec = all.recs + i * all.rec_size;

		fn(rec, &s[i]);
		memcpy(&s[i].count, rec + key_size, sizeof(s[i].count));
	}
	*n = all.n;
	tb_map_records_free(&all);
	return s;
}

int tb_stack_report_run(struct tb_prog *prog, long duration_ms, size_t key_size,
			tb_stack_key_fn fn, const struct tb_stack_report_opts *o)
{
	struct tb_stack_sample *s;
	size_t n;
	int err;

	if (tb_prog_run(prog, duration_ms))
		return -1;
	if (!o->folded && !o->json)
		printf("\n");
	s = tb_stack_samples_read(prog, "counts", key_size, fn, &n);
	if (!s)
		return -1;
	err = tb_stack_report(prog, "stack_traces", s, n, o, stdout);
	free(s);
	return err;
}

static int cmp_count(const void *a, const void *b)
{
	const struct tb_stack_sample *x = a, *y = b;

	return x->count < y->count ? -1 : x->count > y->count;
}

int tb_stack_report(struct tb_prog *prog, const char *table, struct tb_stack_sample *samples,
		    size_t n, const struct tb_stack_report_opts *o, FILE *fp)
{
	static struct frames fr; /* 64 KiB: not on the stack */
	struct tb_stacks *st = tb_stacks_new(prog, table, !o->user_only);
	struct tb_folded fo = { 0 };
	int err = 0;

	if (!st)
		return -1;
	if (n)
		qsort(samples, n, sizeof(*samples), cmp_count);
	if (o->json)
		fprintf(fp, "{\"stacks\":[");
	for (size_t i = 0; i < n; i++) {
		collect(st, &samples[i], o, &fr);
		if (o->svg || (o->folded && !o->json))
			add_folded(&fo, &samples[i], &fr, o);
		if (o->json)
			print_json(fp, &samples[i], &fr, o, i == 0);
		else if (!o->folded && o->wakers)
			print_wakers(fp, &samples[i], &fr);
		else if (!o->folded)
			print_default(fp, &samples[i], &fr, o);
	}
	tb_folded_merge(&fo);
	if (o->folded && !o->json)
		tb_folded_print(&fo, fp);
	if (o->svg && write_svg(&fo, o))
		err = -1;
	tb_folded_free(&fo);
	tb_stacks_report_end(st, fp, o->json);
	tb_stacks_free(st);
	return err;
}
