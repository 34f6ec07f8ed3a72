/* The report of counted stacks (profile, offcputime): BCC's multi-line form, folded, JSON. */
#include <stdlib.h>
#include <string.h>

#include "tb_log.h"
#include "tb_output.h"
#include "tb_table.h"
#include "tb_stack_report.h"
#include "tb_stacks.h"

#define MAX_FRAMES 127

/* The frames of one sample as text, innermost first: kernel frames, then user frames. */
struct frames {
	char store[2 * MAX_FRAMES + 2][256];
	const char *f[2 * MAX_FRAMES + 2];
	int nk, nu;
	bool k_missed, u_missed;
};

/* The frames a raw tracepoint's program adds under the traced code, innermost first. */
static bool tracer_frame(const char *name)
{
	static const char *const prefixes[] = { "bpf_prog_", "bpf_trace_run", "__traceiter_",
						"__bpf_trace_" };

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

/* Folded lines, merged: stacks that differ only in return addresses within the same functions
 * fold to the same text, and one line each makes "the hottest line" mean the hottest path
 * (flame graph tools would merge them anyway). */
struct folded {
	char *text; /* without the count */
	unsigned long long count;
};

struct folds {
	struct folded *v;
	size_t n, cap;
};

static void add_folded(struct folds *fo, const struct tb_stack_sample *s, const struct frames *fr,
		       const struct tb_stack_report_opts *o)
{
	const char *line[2 * MAX_FRAMES + 4];
	static char out[(2 * MAX_FRAMES + 4) * 260];
	size_t len;
	int n = 0;

	/* tb_fold_line reverses: the frames innermost first, kernel then user */
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
	if (fo->n == fo->cap) {
		size_t cap = fo->cap ? fo->cap * 2 : 256;
		struct folded *p = realloc(fo->v, cap * sizeof(*p));

		if (!p)
			return;
		fo->v = p;
		fo->cap = cap;
	}
	fo->v[fo->n].text = strdup(out);
	if (fo->v[fo->n].text)
		fo->v[fo->n++].count = s->count;
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(((const struct folded *)a)->text, ((const struct folded *)b)->text);
}

static int cmp_folded_count(const void *a, const void *b)
{
	const struct folded *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return strcmp(x->text, y->text);
}

static void print_folded(struct folds *fo, FILE *fp)
{
	size_t n = 0;

	if (fo->n)
		qsort(fo->v, fo->n, sizeof(*fo->v), cmp_text);
	for (size_t i = 0; i < fo->n; i++) {
		if (n && !strcmp(fo->v[n - 1].text, fo->v[i].text)) {
			fo->v[n - 1].count += fo->v[i].count;
			free(fo->v[i].text);
		} else {
			fo->v[n++] = fo->v[i];
		}
	}
	if (n)
		qsort(fo->v, n, sizeof(*fo->v), cmp_folded_count);
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, "%s %llu\n", fo->v[i].text, fo->v[i].count);
		free(fo->v[i].text);
	}
	free(fo->v);
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
	fprintf(fp, "%s{\"pid\":%u,\"comm\":", first ? "" : ",", s->pid);
	tb_json_string(fp, s->comm);
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
	struct folds fo = { 0 };

	if (!st)
		return -1;
	if (n)
		qsort(samples, n, sizeof(*samples), cmp_count);
	if (o->json)
		fprintf(fp, "{\"stacks\":[");
	for (size_t i = 0; i < n; i++) {
		collect(st, &samples[i], o, &fr);
		if (o->json)
			print_json(fp, &samples[i], &fr, o, i == 0);
		else if (o->folded)
			add_folded(&fo, &samples[i], &fr, o);
		else
			print_default(fp, &samples[i], &fr, o);
	}
	if (o->folded && !o->json)
		print_folded(&fo, fp);
	tb_stacks_report_end(st, fp, o->json);
	tb_stacks_free(st);
	return 0;
}
