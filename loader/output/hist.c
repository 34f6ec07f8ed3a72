/* Histograms: reading BPF_HISTOGRAM tables, BCC's text and our JSON forms, the interval loop. */
#define _POSIX_C_SOURCE 200809L /* localtime_r */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>

#include "internal.h"
#include "tb_hist.h"
#include "tb_log.h"
#include "tb_options.h"
#include "tb_output.h"
#include "tb_proc.h"
#include "tracebox.h"

/*
 * Text, as BCC's table.py prints it.
 */

/* BCC's bar: floor(width * val / max) stars, padded to width. Integer maths: the same count
 * as Python's float division for any realistic count, without overflow (128-bit product). */
static void print_bar(FILE *fp, uint64_t val, uint64_t max, int width)
{
	int stars = max ? (int)(((unsigned __int128)val * width) / max) : 0;
	char bar[TB_HIST_STARS + 4];

	if (stars > width)
		stars = width;
	/* one write per row: thousands of rows an interval with -P on a busy machine */
	bar[0] = '|';
	memset(bar + 1, '*', stars);
	memset(bar + 1 + stars, ' ', width - stars);
	bar[width + 1] = '|';
	bar[width + 2] = '\n';
	fwrite(bar, 1, width + 3, fp);
}

void tb_hist_log2_bounds(int i, uint64_t *low, uint64_t *high)
{
	if (i <= 1) {
		/* BCC's first row: slot 1 is 1, printed "0 -> 1" (low == high, so low - 1) */
		*low = 0;
		*high = 1;
		return;
	}
	*low = 1ull << (i - 1);
	*high = i >= 64 ? UINT64_MAX : (1ull << i) - 1;
}

/* Copies slots with slot 0 folded into slot 1 (BCC drops exact zeros: we count them in the
 * "0 -> 1" row); returns the index of the last non-empty slot (-1 if none) and the max. */
static int fold_log2(const uint64_t *slots, int nslots, uint64_t *vals, uint64_t *max)
{
	int idx_max = -1;

	if (nslots > TB_HIST_LOG2_SLOTS)
		nslots = TB_HIST_LOG2_SLOTS;
	memset(vals, 0, TB_HIST_LOG2_SLOTS * sizeof(*vals));
	if (nslots > 0)
		memcpy(vals, slots, nslots * sizeof(*vals));
	vals[1] += vals[0];
	vals[0] = 0;
	*max = 0;
	for (int i = 1; i < TB_HIST_LOG2_SLOTS; i++) {
		if (vals[i])
			idx_max = i;
		if (vals[i] > *max)
			*max = vals[i];
	}
	return idx_max;
}

void tb_hist_print_log2(FILE *fp, const uint64_t *slots, int nslots, const char *unit,
			bool strip_leading_zero)
{
	uint64_t vals[TB_HIST_LOG2_SLOTS], max, low, high;
	int idx_max = fold_log2(slots, nslots, vals, &max);
	/* BCC widens the columns when values pass 2^32 and halves the bar to keep lines short */
	bool wide = idx_max > 32;
	int width = wide ? 20 : 10, stars = wide ? TB_HIST_STARS / 2 : TB_HIST_STARS;

	if (idx_max <= 0)
		return;
	if (wide)
		fprintf(fp, "               %-29s : count     distribution\n", unit);
	else
		fprintf(fp, "     %-19s : count     distribution\n", unit);
	for (int i = 1; i <= idx_max; i++) {
		if (strip_leading_zero && !vals[i])
			continue;
		strip_leading_zero = false;
		tb_hist_log2_bounds(i, &low, &high);
		fprintf(fp, "%*llu -> %-*llu : %-8llu ", width, (unsigned long long)low, width,
			(unsigned long long)high, (unsigned long long)vals[i]);
		print_bar(fp, vals[i], max, stars);
	}
}

static int last_nonempty(const uint64_t *slots, int nslots, uint64_t *max)
{
	int idx_max = -1;

	*max = 0;
	for (int i = 0; i < nslots; i++) {
		if (slots[i])
			idx_max = i;
		if (slots[i] > *max)
			*max = slots[i];
	}
	return idx_max;
}

void tb_hist_print_linear(FILE *fp, const uint64_t *slots, int nslots, const char *unit,
			  long long base, long long step, bool strip_leading_zero)
{
	uint64_t max;
	int idx_max = last_nonempty(slots, nslots, &max);

	if (idx_max < 0)
		return;
	fprintf(fp, "     %-13s : count     distribution\n", unit);
	for (int i = 0; i <= idx_max; i++) {
		if (strip_leading_zero && !slots[i])
			continue;
		strip_leading_zero = false;
		fprintf(fp, "        %-10lld : %-8llu ", base + i * step,
			(unsigned long long)slots[i]);
		print_bar(fp, slots[i], max, TB_HIST_STARS);
	}
}

/*
 * JSON.
 */

void tb_hist_json_log2(FILE *fp, const uint64_t *slots, int nslots)
{
	uint64_t vals[TB_HIST_LOG2_SLOTS], max, low, high;
	int idx_max = fold_log2(slots, nslots, vals, &max);

	fputc('[', fp);
	for (int i = 1; i <= idx_max; i++) {
		tb_hist_log2_bounds(i, &low, &high);
		fprintf(fp, "%s{\"low\":%llu,\"high\":%llu,\"count\":%llu}", i > 1 ? "," : "",
			(unsigned long long)low, (unsigned long long)high,
			(unsigned long long)vals[i]);
	}
	fputc(']', fp);
}

void tb_hist_json_linear(FILE *fp, const uint64_t *slots, int nslots, long long base,
			 long long step)
{
	uint64_t max;
	int idx_max = last_nonempty(slots, nslots, &max);

	fputc('[', fp);
	for (int i = 0; i <= idx_max; i++)
		fprintf(fp, "%s{\"low\":%lld,\"high\":%lld,\"count\":%llu}", i ? "," : "",
			base + i * step, base + (i + 1) * step - 1, (unsigned long long)slots[i]);
	fputc(']', fp);
}

void tb_hist_json_ts(FILE *fp, time_t now)
{
	char ts[32] = "";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	tb_json_string(fp, ts);
}

/*
 * Reading tables.
 */

/* Sections as one little-endian number: pids, dev_t, vectors (padding zeroed by the BPF side) */
static uint64_t section_number(const unsigned char *s, size_t size)
{
	uint64_t v = 0;

	for (size_t i = size < 8 ? size : 8; i > 0; i--)
		v = v << 8 | s[i - 1];
	return v;
}

/* qsort_r comparator; ctx points at the section size. */
static int section_cmp(const void *a, const void *b, void *ctx)
{
	const unsigned char *x = a, *y = b;
	size_t size = *(const size_t *)ctx;

	if (size <= 8) {
		uint64_t u = section_number(x, size), v = section_number(y, size);

		return u < v ? -1 : u > v;
	}
	return memcmp(x, y, size);
}

static struct tb_hist *set_add(struct tb_hist_set *set)
{
	if (set->n == set->cap) {
		int cap = set->cap ? set->cap * 2 : 16;
		struct tb_hist *h = realloc(set->hists, cap * sizeof(*h));

		if (!h)
			return NULL;
		set->hists = h;
		set->cap = cap;
	}
	memset(&set->hists[set->n], 0, sizeof(set->hists[0]));
	return &set->hists[set->n++];
}

void tb_hist_set_free(struct tb_hist_set *set)
{
	free(set->hists);
	memset(set, 0, sizeof(*set));
}

static int read_flat(int fd, struct tb_hist_set *set, bool clear)
{
	struct tb_hist *h = set_add(set);
	uint32_t key, next;
	uint64_t val;
	int err;

	if (!h)
		return -ENOMEM;
	for (err = tb_map_next_key(fd, NULL, &next); !err; err = tb_map_next_key(fd, &key, &next)) {
		key = next;
		if (key < TB_HIST_LOG2_SLOTS && !tb_map_lookup(fd, &key, &val)) {
			h->slots[key] += val;
			h->total += val;
		}
	}
	if (err != -ENOENT)
		return err;
	if (!h->total)
		set->n = 0; /* BCC prints nothing for an empty histogram */
	return clear ? tb_map_clear(fd, sizeof(uint32_t), sizeof(uint64_t)) : 0;
}

/* Hash entries, grouped by section after sorting. */
static int read_sections(int fd, size_t key_size, struct tb_hist_set *set, bool clear,
			 int *entries)
{
	size_t section = key_size - sizeof(uint64_t), rec;
	struct tb_map_records all;
	unsigned char *recs;
	size_t n;
	int err;

	err = tb_map_read_all(fd, key_size, sizeof(uint64_t), clear, &all);
	if (err)
		return err;
	recs = all.recs;
	n = all.n;
	rec = all.rec_size;
	*entries = (int)n;

	set->section_size = section < TB_HIST_SECTION_MAX ? section : TB_HIST_SECTION_MAX;
	qsort_r(recs, n, rec, section_cmp, &section);
	for (size_t i = 0; i < n; i++) {
		unsigned char *r = recs + i * rec;
		uint64_t slot, val;
		struct tb_hist *h = set->n ? &set->hists[set->n - 1] : NULL;

		memcpy(&slot, r + section, sizeof(slot));
		memcpy(&val, r + key_size, sizeof(val));
		if (!h || memcmp(h->section, r, set->section_size)) {
			h = set_add(set);
			if (!h) {
				tb_map_records_free(&all);
				return -ENOMEM;
			}
			memcpy(h->section, r, set->section_size);
		}
		/* slot 0 of a hash key also carries BCC's "sum" tables (hardirqs' totals) */
		if (slot < TB_HIST_LOG2_SLOTS)
			h->slots[slot] += val;
		h->total += val;
	}
	tb_map_records_free(&all);
	return 0;
}

/* Process CPU time (user and system: map syscalls count as system time). */
static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int tb_hist_read(struct tb_prog *prog, const char *name, struct tb_hist_set *set, bool clear)
{
	int fd = tb_table_fd(prog, name);
	size_t key_size = tb_table_key_size(prog, name), leaf_size = tb_table_leaf_size(prog, name);
	uint64_t t0, c0;
	int err, entries = 0;

	set->n = 0;
	set->section_size = 0;
	if (fd < 0)
		return -ENOENT;
	if (leaf_size != sizeof(uint64_t) || (key_size != 4 && key_size <= sizeof(uint64_t))) {
		tb_error("failed to read histogram '%s': expected u64 counts keyed by a slot or a "
			 "struct ending with a u64 slot (key %zu, value %zu bytes)", name, key_size,
			 leaf_size);
		return -EINVAL;
	}
	t0 = tb_monotonic_ns();
	c0 = cpu_ns();
	err = key_size == 4 ? read_flat(fd, set, clear) : read_sections(fd, key_size, set, clear,
									  &entries);
	if (err) {
		tb_error("failed to read histogram '%s': %s", name, strerror(-err));
		return err;
	}
	/* the cost the issue asks to watch: map reads and deletes are one syscall per entry */
	tb_info("read%s %d entries of '%s' (%d histograms) in %.2f ms, %.2f ms CPU",
		clear ? " and cleared" : "", key_size == 4 ? TB_HIST_LOG2_SLOTS : entries, name,
		set->n, (tb_monotonic_ns() - t0) / 1e6, (cpu_ns() - c0) / 1e6);
	return 0;
}

/*
 * Sets.
 */

static void default_label(const struct tb_hist *h, size_t size, struct tb_hist_label *l)
{
	unsigned long long v = section_number(h->section, size);

	snprintf(l->text, sizeof(l->text), "%llu", v);
	snprintf(l->json, sizeof(l->json), "%llu", v);
}

void tb_hist_label_string(struct tb_hist_label *l, const char *s)
{
	FILE *j = fmemopen(l->json, sizeof(l->json), "w");

	snprintf(l->text, sizeof(l->text), "%s", s);
	if (j) {
		tb_json_string(j, s);
		fclose(j);
	}
}

static void id_label(const void *section, struct tb_hist_label *l, const char *key)
{
	char comm[32];
	uint32_t id;
	FILE *j;

	memcpy(&id, section, sizeof(id));
	tb_proc_comm((pid_t)id, comm, sizeof(comm));
	snprintf(l->text, sizeof(l->text), comm[0] ? "%u %s" : "%u", id, comm);
	j = fmemopen(l->json, sizeof(l->json), "w");
	if (j) {
		fprintf(j, "{\"%s\":%u,\"comm\":", key, id);
		tb_json_string(j, comm);
		fputc('}', j);
		fclose(j);
	}
}

void tb_hist_pid_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	id_label(section, l, "pid");
}

void tb_hist_tid_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	id_label(section, l, "tid");
}

static void make_label(const struct tb_hist_set *set, const struct tb_hist *h,
		       const struct tb_hist_print_opts *opts, struct tb_hist_label *l)
{
	memset(l, 0, sizeof(*l));
	if (opts->label)
		opts->label(h->section, set->section_size, l, opts->label_ctx);
	else
		default_label(h, set->section_size, l);
}

void tb_hist_set_print(FILE *fp, const struct tb_hist_set *set,
		       const struct tb_hist_print_opts *opts)
{
	struct tb_hist_label l;

	for (int i = 0; i < set->n; i++) {
		const struct tb_hist *h = &set->hists[i];

		if (set->section_size) {
			make_label(set, h, opts, &l);
			fprintf(fp, "\n%s = %s\n", opts->section_header ? opts->section_header :
				"Bucket ptr", l.text);
		}
		if (opts->linear)
			tb_hist_print_linear(fp, h->slots, TB_HIST_LOG2_SLOTS, opts->unit, opts->base,
					     opts->step, opts->strip_leading_zero);
		else
			tb_hist_print_log2(fp, h->slots, TB_HIST_LOG2_SLOTS, opts->unit,
					   opts->strip_leading_zero);
	}
}

void tb_hist_set_json(FILE *fp, const struct tb_hist_set *set,
		      const struct tb_hist_print_opts *opts, time_t now)
{
	struct tb_hist_label l;

	fputs("{\"ts\":", fp);
	tb_hist_json_ts(fp, now);
	fputs(",\"unit\":", fp);
	tb_json_string(fp, opts->unit);
	if (set->section_size && opts->section_header) {
		fputs(",\"section\":", fp);
		tb_json_string(fp, opts->section_header);
	}
	fputs(",\"hists\":[", fp);
	for (int i = 0; i < set->n; i++) {
		const struct tb_hist *h = &set->hists[i];

		fputs(i ? ",{" : "{", fp);
		if (set->section_size) {
			make_label(set, h, opts, &l);
			fprintf(fp, "\"key\":%s,", l.json[0] ? l.json : "null");
		}
		fprintf(fp, "\"total\":%llu,\"buckets\":", (unsigned long long)h->total);
		if (opts->linear)
			tb_hist_json_linear(fp, h->slots, TB_HIST_LOG2_SLOTS, opts->base, opts->step);
		else
			tb_hist_json_log2(fp, h->slots, TB_HIST_LOG2_SLOTS);
		fputc('}', fp);
	}
	fputs("]}\n", fp);
}

/*
 * The interval loop.
 */

int tb_parse_interval_arg(const char *arg, unsigned int arg_num, long *interval_ms, long *count)
{
	long v;

	if (arg_num > 1) {
		tb_error("unexpected argument '%s'", arg);
		return -1;
	}
	if (tb_parse_long(arg, 1, 99999999, arg_num ? "count" : "interval", &v))
		return -1;
	if (arg_num == 0)
		*interval_ms = v * 1000;
	else
		*count = v;
	return 0;
}

int tb_hist_parse_section(int *section, int value, const char *flags)
{
	if (*section && *section != value) {
		tb_error("invalid options: %s cannot be used together", flags);
		return -1;
	}
	*section = value;
	return 0;
}

int tb_interval_run(struct tb_prog *prog, const struct tb_interval_opts *opts)
{
	long outputs = 0;
	bool gone = false;
	uint64_t c0;
	int err;

	tb_prog_announce(prog);
	for (;;) {
		uint64_t deadline = opts->interval_ms > 0 ?
			tb_monotonic_ns() + opts->interval_ms * 1000000ull : 0;
		bool stop;
		time_t now;

		while (!(stop = tb_should_stop())) {
			uint64_t t = tb_monotonic_ns();
			int wait = 100;

			if (deadline && t >= deadline)
				break;
			/* the process traced is gone: one last report, then the end */
			if (tb_prog_watched_exited(prog)) {
				tb_prog_drain(prog);
				stop = true;
				gone = true;
				break;
			}
			if (deadline && deadline - t < 100000000ull)
				wait = (int)((deadline - t) / 1000000) + 1;
			err = tb_prog_poll(prog, wait);
			if (err < 0)
				return err;
			if (ferror(stdout))
				return 0; /* the reader went away: nothing left to print to */
		}
		now = time(NULL);
		if (!opts->json && !opts->lines) {
			fputc('\n', stdout);
			if (opts->timestamp) {
				char hms[16] = "";
				struct tm tm;

				if (localtime_r(&now, &tm))
					strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
				printf("%-8s\n", hms);
			}
		}
		c0 = cpu_ns();
		err = opts->print(opts->ctx, stdout, now);
		fflush(stdout);
		tb_info("interval output: %.2f ms CPU", (cpu_ns() - c0) / 1e6);
		if (err)
			return err;
		if (gone)
			fprintf(stderr, "%s: process %d exited; stopping\n", tb_log_tool(),
				(int)prog->watch_pid);
		if (stop || (opts->count && ++outputs >= opts->count) || ferror(stdout))
			return 0;
	}
}

int tb_hist_dump(struct tb_prog *prog, const char *name, const struct tb_hist_print_opts *opts,
		 bool json, FILE *fp, time_t now)
{
	struct tb_hist_set set = { 0 };
	int err = tb_hist_read(prog, name, &set, true /* clear */);

	if (!err) {
		if (json)
			tb_hist_set_json(fp, &set, opts, now);
		else
			tb_hist_set_print(fp, &set, opts);
	}
	tb_hist_set_free(&set);
	return err;
}

int tb_hist_ext_dump(struct tb_prog *prog, const char *name, const char *unit, bool json,
		     FILE *fp)
{
	uint64_t ext[2] = { 0, 0 }; /* total, count */
	int fd = tb_table_fd(prog, name);

	if (fd < 0)
		return -1;
	/* BCC prints it after the histograms, in text mode only */
	if (!tb_map_lookup(fd, &(uint32_t){ 0 }, ext) && ext[1] && !json)
		fprintf(fp, "\navg = %llu %s, total: %llu %s, count: %llu\n\n",
			(unsigned long long)(ext[0] / ext[1]), unit, (unsigned long long)ext[0],
			unit, (unsigned long long)ext[1]);
	return tb_map_clear(fd, sizeof(uint32_t), sizeof(ext));
}

static int total_desc(const void *a, const void *b, void *ctx)
{
	const struct tb_hist *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return section_cmp(x->section, y->section, ctx);
}

void tb_hist_totals_print(FILE *fp, struct tb_hist_set *set,
			  const struct tb_hist_totals_opts *opts, bool json, time_t now)
{
	uint64_t div = opts->divisor ? opts->divisor : 1;
	struct tb_hist_label l;
	char total_header[64];

	qsort_r(set->hists, set->n, sizeof(*set->hists), total_desc, &set->section_size);
	if (json) {
		fputs("{\"ts\":", fp);
		tb_hist_json_ts(fp, now);
		fputs(",\"unit\":", fp);
		tb_json_string(fp, opts->unit);
		fputs(",\"totals\":[", fp);
	} else {
		snprintf(total_header, sizeof(total_header), "TOTAL_%s", opts->unit);
		fprintf(fp, "%-*s %11s\n", opts->name_width, opts->name_header, total_header);
	}
	for (int i = 0; i < set->n; i++) {
		const struct tb_hist *h = &set->hists[i];

		make_label(set, h, &(struct tb_hist_print_opts){ .label = opts->label,
								 .label_ctx = opts->label_ctx }, &l);
		if (json)
			fprintf(fp, "%s{\"%s\":%s,\"total\":%llu}", i ? "," : "", opts->json_key,
				l.json[0] ? l.json : "null", (unsigned long long)(h->total / div));
		else
			fprintf(fp, "%-*s %11llu\n", opts->name_width, l.text,
				(unsigned long long)(h->total / div));
	}
	if (json)
		fputs("]}\n", fp);
}
