/* tbrun: compile any BCC-dialect C program, attach its functions by BCC's naming convention,
 * and print its perf output events, tables and histograms without writing user-space C. */
#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/perf_event.h>

#include "tracebox.h"

#define TBRUN_MAX_SPECS 32

struct uprobe_spec {
	char binary[256];
	char symbol[128];
	char fn[128];
	bool retprobe;
};

struct usdt_spec {
	char target[256]; /* binary path, or empty with pid > 0 */
	long pid;
	char provider[64]; /* empty = any provider */
	char probe[64];
	char fn[128];
};

struct perf_spec {
	uint32_t type;
	uint64_t config;
	uint64_t freq;
	char fn[128];
};

static struct env {
	const char *file;        /* FILE argument */
	const char *text;        /* -e TEXT */
	struct tb_cflags cflags; /* -D NAME=VALUE */
	struct uprobe_spec uprobes[TBRUN_MAX_SPECS];
	int nuprobes;
	struct usdt_spec usdts[TBRUN_MAX_SPECS];
	int nusdts;
	struct perf_spec perfs[TBRUN_MAX_SPECS];
	int nperfs;
	long interval_ms;        /* -i */
	long duration_ms;        /* -d */
	const char *command;     /* -c */
	long pid;                /* -p, -1 = none */
	bool clear;              /* --clear */
	bool no_trace_pipe;      /* --no-trace-pipe */
} env = { .pid = -1 };

const char *argp_program_version = "tbrun (tracebox) 0.1";
static const char doc[] =
	"Run a BCC-dialect BPF C program: attach its functions by name, print its events.\n"
	"\n"
	"Functions named kprobe__FN, kretprobe__FN, tracepoint__CATEGORY__EVENT (TRACEPOINT_PROBE),\n"
	"raw_tracepoint__EVENT (RAW_TRACEPOINT_PROBE), kfunc__FN, kretfunc__FN (KFUNC_PROBE) and\n"
	"lsm__HOOK (LSM_PROBE) are attached automatically; uprobes, USDT probes and perf events are\n"
	"given with options. Every BPF_PERF_OUTPUT prints one line per event (field=value);\n"
	"BPF_HISTOGRAM tables print as log2 histograms and other maps as key/value lists at each\n"
	"-i interval and at exit. bpf_trace_printk() lines are printed when the program uses it.\n"
	"With -p PID or -c COMMAND the program sees the pid as the macro TARG_PID.\n"
	"\n"
	"EXAMPLES:\n"
	"    tbrun examples/killsnoop.bpf.c             # print every kill() as field=value\n"
	"    tbrun --json examples/execs.bpf.c          # one JSON object per exec\n"
	"    tbrun -e 'TRACEPOINT_PROBE(sched, sched_process_exec) { bpf_trace_printk(\"exec\\n\"); return 0; }'\n"
	"    tbrun -i 1 -d 10 examples/readhist.bpf.c   # a read() size histogram each second\n"
	"    tbrun -c 'ls /' examples/readhist.bpf.c    # trace one command (TARG_PID = its pid)\n"
	"    tbrun -D MIN_SIG=9 examples/killsnoop.bpf.c  # pass -DMIN_SIG=9 to the compiler\n"
	"    tbrun --uprobe /bin/bash:readline=on_readline prog.bpf.c\n"
	"    tbrun --usdt /usr/bin/python3.11:python:function__entry=on_call prog.bpf.c\n"
	"    tbrun --perf-event cpu-clock:49=on_sample prog.bpf.c";

enum {
	OPT_UPROBE = 0x100,
	OPT_URETPROBE,
	OPT_USDT,
	OPT_PERF_EVENT,
	OPT_CLEAR,
	OPT_NO_TRACE_PIPE,
};

static const struct argp_option options[] = {
	{ "expr", 'e', "TEXT", 0, "Program text given on the command line instead of FILE", 0 },
	{ "define", 'D', "NAME[=VALUE]", 0, "Pass -DNAME=VALUE to the BPF compiler", 0 },
	{ "uprobe", OPT_UPROBE, "BIN:SYM=FN", 0, "Attach FN to the entry of SYM in BIN (a path or "
						"a library name such as c)", 0 },
	{ "uretprobe", OPT_URETPROBE, "BIN:SYM=FN", 0, "Attach FN to the return of SYM in BIN", 0 },
	{ "usdt", OPT_USDT, "BIN_OR_PID:PROVIDER:PROBE=FN", 0, "Attach FN to a USDT probe (PROVIDER "
							      "may be empty)", 0 },
	{ "perf-event", OPT_PERF_EVENT, "EVENT[:HZ]=FN", 0, "Attach FN to a perf event on every CPU "
							   "(cpu-clock, task-clock, page-faults, "
							   "context-switches, cycles, instructions; "
							   "default 99 Hz)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this process: -DTARG_PID=PID, and uprobes, USDT and perf "
				"events only in it", 0 },
	{ "command", 'c', "COMMAND", 0, "Run COMMAND (through sh -c only when it has shell "
					"syntax), pass its pid as TARG_PID, stop when it exits", 0 },
	{ "interval", 'i', "SECONDS", 0, "Print the tables every SECONDS (they are always printed "
					 "at exit)", 0 },
	{ "duration", 'd', "SECONDS", 0, "Stop after SECONDS", 0 },
	{ "clear", OPT_CLEAR, NULL, 0, "Empty the tables after each interval's print", 0 },
	{ "no-trace-pipe", OPT_NO_TRACE_PIPE, NULL, 0, "Do not print bpf_trace_printk() output", 0 },
	{ 0 },
};

/* Splits "LEFT=FN" at the last '=': FN must be a C identifier. */
static int split_fn(const char *spec, char *left, size_t left_len, char *fn, size_t fn_len)
{
	const char *eq = strrchr(spec, '=');

	if (!eq || eq == spec || !eq[1] || (size_t)(eq - spec) >= left_len ||
	    strlen(eq + 1) >= fn_len)
		return -1;
	for (const char *p = eq + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return -1;
	snprintf(left, left_len, "%.*s", (int)(eq - spec), spec);
	snprintf(fn, fn_len, "%s", eq + 1);
	return 0;
}

/* "BIN:SYM=FN"; the binary may itself hold ':' (the symbol is after the last one). */
static int parse_uprobe_spec(const char *spec, bool retprobe, struct uprobe_spec *out)
{
	char left[512], *colon;

	memset(out, 0, sizeof(*out));
	out->retprobe = retprobe;
	if (split_fn(spec, left, sizeof(left), out->fn, sizeof(out->fn)))
		goto bad;
	colon = strrchr(left, ':');
	if (!colon || colon == left || !colon[1] || strlen(colon + 1) >= sizeof(out->symbol) ||
	    (size_t)(colon - left) >= sizeof(out->binary))
		goto bad;
	snprintf(out->binary, sizeof(out->binary), "%.*s", (int)(colon - left), left);
	snprintf(out->symbol, sizeof(out->symbol), "%s", colon + 1);
	return 0;
bad:
	tb_error("invalid --%s '%s': expected BIN:SYM=FN", retprobe ? "uretprobe" : "uprobe", spec);
	return -1;
}

/* "TARGET:PROVIDER:PROBE=FN" where TARGET is a binary or a pid; PROVIDER may be empty. */
static int parse_usdt_spec(const char *spec, struct usdt_spec *out)
{
	char left[512], *probe, *provider;

	memset(out, 0, sizeof(*out));
	out->pid = -1;
	if (split_fn(spec, left, sizeof(left), out->fn, sizeof(out->fn)))
		goto bad;
	probe = strrchr(left, ':');
	if (!probe || !probe[1])
		goto bad;
	*probe++ = 0;
	provider = strrchr(left, ':');
	if (!provider || provider == left)
		goto bad;
	*provider++ = 0;
	if (strlen(probe) >= sizeof(out->probe) || strlen(provider) >= sizeof(out->provider) ||
	    strlen(left) >= sizeof(out->target))
		goto bad;
	snprintf(out->probe, sizeof(out->probe), "%s", probe);
	snprintf(out->provider, sizeof(out->provider), "%s", provider);
	if (left[strspn(left, "0123456789")] == 0) {
		if (tb_parse_long(left, 1, 0x3fffffff, "USDT pid", &out->pid))
			return -1;
	} else {
		snprintf(out->target, sizeof(out->target), "%s", left);
	}
	return 0;
bad:
	tb_error("invalid --usdt '%s': expected BIN_OR_PID:PROVIDER:PROBE=FN", spec);
	return -1;
}

/* "EVENT[:HZ]=FN" */
static int parse_perf_spec(const char *spec, struct perf_spec *out)
{
	char left[128], *colon;
	long hz = 99;

	memset(out, 0, sizeof(*out));
	if (split_fn(spec, left, sizeof(left), out->fn, sizeof(out->fn)))
		goto bad;
	colon = strchr(left, ':');
	if (colon) {
		*colon = 0;
		if (tb_parse_long(colon + 1, 1, 100000, "perf event frequency", &hz))
			return -1;
	}
	out->freq = hz;
	if (!tb_perf_event_lookup(left, &out->type, &out->config))
		return 0;
	tb_error("invalid --perf-event '%s': unknown event '%s' (list them with: tblist "
		 "'software:*' 'hardware:*')", spec, left);
	return -1;
bad:
	tb_error("invalid --perf-event '%s': expected EVENT[:HZ]=FN", spec);
	return -1;
}

/* What BCC's naming convention says about a function. */
enum auto_kind {
	AUTO_NONE,
	AUTO_KPROBE,
	AUTO_KRETPROBE,
	AUTO_TRACEPOINT,
	AUTO_RAW_TRACEPOINT,
	AUTO_KFUNC,
	AUTO_LSM,
};

/* Fills target with the kernel function or "category:event" named by fn. */
static enum auto_kind classify_function(const char *fn, char *target, size_t len)
{
	static const struct {
		const char *prefix;
		enum auto_kind kind;
	} prefixes[] = {
		{ "kprobe__", AUTO_KPROBE }, { "kretprobe__", AUTO_KRETPROBE },
		{ "tracepoint__", AUTO_TRACEPOINT }, { "raw_tracepoint__", AUTO_RAW_TRACEPOINT },
		{ "kfunc__", AUTO_KFUNC }, { "kretfunc__", AUTO_KFUNC }, { "lsm__", AUTO_LSM },
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i].prefix);
		const char *rest = fn + n, *sep;

		if (strncmp(fn, prefixes[i].prefix, n) || !*rest)
			continue;
		if (prefixes[i].kind != AUTO_TRACEPOINT) {
			snprintf(target, len, "%s", rest);
			return prefixes[i].kind;
		}
		/* tracepoint__CATEGORY__EVENT: categories hold single underscores only */
		sep = strstr(rest, "__");
		if (!sep || sep == rest || !sep[2])
			return AUTO_NONE;
		snprintf(target, len, "%.*s:%s", (int)(sep - rest), rest, sep + 2);
		return AUTO_TRACEPOINT;
	}
	return AUTO_NONE;
}

/* Whether table `name` was declared as a histogram: BPF_HISTOGRAM(name...) or
 * BPF_TABLE("histogram", ..., name, ...). libbcc makes both a plain array or hash, so the
 * source is the only place that says so. */
static bool is_histogram(const char *source, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = source; (p = strstr(p, "BPF_HISTOGRAM")); p += 13) {
		const char *q = p + 13;

		while (isspace((unsigned char)*q))
			q++;
		if (*q++ != '(')
			continue;
		while (isspace((unsigned char)*q))
			q++;
		if (!strncmp(q, name, n) && !(isalnum((unsigned char)q[n]) || q[n] == '_'))
			return true;
	}
	for (const char *p = source; (p = strstr(p, "\"histogram\"")); p += 11) {
		const char *end = strchr(p, ')'), *q = p;

		/* the name is the fourth argument: look for it as a word before the ')' */
		while (end && (q = strstr(q + 1, name)) && q < end)
			if (!(isalnum((unsigned char)q[-1]) || q[-1] == '_') &&
			    !(isalnum((unsigned char)q[n]) || q[n] == '_'))
				return true;
	}
	return false;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'e': env.text = arg; break;
	case 'D':
		if (!*arg || *arg == '=' || strchr(arg, ' ')) {
			tb_error("invalid -D '%s': expected NAME or NAME=VALUE", arg);
			err = -1;
		} else {
			err = tb_cflags_add(&env.cflags, "-D%s", arg);
		}
		break;
	case OPT_UPROBE:
	case OPT_URETPROBE:
		if (env.nuprobes == TBRUN_MAX_SPECS) {
			tb_error("too many uprobes: at most %d", TBRUN_MAX_SPECS);
			err = -1;
			break;
		}
		err = parse_uprobe_spec(arg, key == OPT_URETPROBE, &env.uprobes[env.nuprobes++]);
		break;
	case OPT_USDT:
		if (env.nusdts == TBRUN_MAX_SPECS) {
			tb_error("too many USDT probes: at most %d", TBRUN_MAX_SPECS);
			err = -1;
			break;
		}
		err = parse_usdt_spec(arg, &env.usdts[env.nusdts++]);
		break;
	case OPT_PERF_EVENT:
		if (env.nperfs == TBRUN_MAX_SPECS) {
			tb_error("too many perf events: at most %d", TBRUN_MAX_SPECS);
			err = -1;
			break;
		}
		err = parse_perf_spec(arg, &env.perfs[env.nperfs++]);
		break;
	case 'p': err = tb_parse_long(arg, 1, 0x3fffffff, "PID", &env.pid); break;
	case 'c': env.command = arg; break;
	case 'i': err = tb_parse_seconds(arg, 86400, "interval", &env.interval_ms); break;
	case 'd': err = tb_parse_seconds(arg, 86400 * 365, "duration", &env.duration_ms); break;
	case OPT_CLEAR: env.clear = true; break;
	case OPT_NO_TRACE_PIPE: env.no_trace_pipe = true; break;
	case ARGP_KEY_ARG:
		if (env.file) {
			tb_error("unexpected argument '%s': give one program file", arg);
			err = -1;
		}
		env.file = arg;
		break;
	case ARGP_KEY_END:
		if (!env.file == !env.text && !tb_common.bpf_file) {
			tb_error(env.file ? "give either FILE or -e TEXT, not both" :
					    "no program: give FILE or -e TEXT");
			err = -1;
		} else if (env.command && env.pid > 0) {
			tb_error("-p and -c cannot be used together");
			err = -1;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[FILE]", doc, tb_common_children, NULL, NULL };

static int parse_args(int argc, char **argv)
{
	return tb_argp_parse(&argp, argc, argv);
}

/* --- events --- */

struct perf_output {
	char name[64];
	struct tb_layout layout;
	bool decoded; /* false: libbcc recorded no struct, print the bytes in hex */
	bool prefix;  /* several outputs: say which one an event came from */
};

static struct perf_output outputs[16];
static int noutputs;

static void print_hex_event(const struct perf_output *o, const unsigned char *data,
			    unsigned int size)
{
	if (tb_common.json) {
		printf("{\"table\":");
		tb_json_string(stdout, o->name);
		printf(",\"data\":\"");
	} else {
		printf("data=");
	}
	for (unsigned int i = 0; i < size; i++)
		printf("%02x", data[i]);
	fputs(tb_common.json ? "\"}\n" : "\n", stdout);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct perf_output *o = ctx;

	if (o->decoded) {
		tb_layout_print(stdout, &o->layout, data, size, tb_common.json,
				o->prefix ? o->name : NULL);
		return;
	}
	if (o->prefix && !tb_common.json)
		printf("%s: ", o->name);
	print_hex_event(o, data, size);
}

static int open_outputs(struct tb_prog *prog)
{
	int ntables = tb_prog_table_count(prog), nperf = 0;

	for (int i = 0; i < ntables; i++) {
		struct tb_table_info t;

		if (!tb_prog_table_info(prog, i, &t) && t.map_type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			nperf++;
	}
	for (int i = 0; i < ntables; i++) {
		struct tb_table_info t;
		struct perf_output *o;
		const char *fields[TB_LAYOUT_MAX_FIELDS];
		char err[160];
		int n;

		if (tb_prog_table_info(prog, i, &t) || t.map_type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			continue;
		if (noutputs == (int)(sizeof(outputs) / sizeof(outputs[0]))) {
			tb_warn("too many perf outputs: '%s' is not read", t.name);
			continue;
		}
		o = &outputs[noutputs++];
		snprintf(o->name, sizeof(o->name), "%s", t.name);
		o->prefix = nperf > 1;
		n = tb_prog_perf_field_count(prog, t.name);
		if (n > TB_LAYOUT_MAX_FIELDS)
			n = TB_LAYOUT_MAX_FIELDS;
		for (int k = 0; k < n; k++)
			fields[k] = tb_prog_perf_field(prog, t.name, k);
		if (n == 0)
			tb_warn("perf output '%s': no event struct recorded (submit a pointer to a "
				"struct): events print as hex", t.name);
		else if (tb_layout_parse(&o->layout, fields, n, err, sizeof(err)))
			tb_warn("perf output '%s': cannot decode type %s: events print as hex",
				t.name, err);
		else
			o->decoded = true;
		if (o->decoded && tb_log_verbosity())
			for (int k = 0; k < o->layout.nfields; k++)
				tb_info("perf output '%s': field %s at offset %zu", t.name,
					o->layout.fields[k].name, o->layout.fields[k].offset);
		if (tb_perfbuf_open(prog, t.name, handle_event, o))
			return -1;
	}
	return 0;
}

/* --- tables --- */

/* A JSON or text rendering of a scalar key or leaf in decimal; libbcc's formatter prints
 * numbers in hex, which is right for keys of structs but not for counts. */
static bool scalar_value(const void *p, size_t size, unsigned long long *v)
{
	switch (size) {
	case 1: *v = *(const uint8_t *)p; return true;
	case 2: { uint16_t x; memcpy(&x, p, 2); *v = x; return true; }
	case 4: { uint32_t x; memcpy(&x, p, 4); *v = x; return true; }
	case 8: { uint64_t x; memcpy(&x, p, 8); *v = x; return true; }
	default: return false;
	}
}

static void format_cell(struct tb_prog *prog, int id, bool key, const void *p, size_t size,
			const char *desc, char *buf, size_t len)
{
	unsigned long long v;

	/* a description that is just a quoted type name is a scalar */
	if (desc && desc[0] == '"' && !strchr(desc, '[') && scalar_value(p, size, &v)) {
		snprintf(buf, len, "%llu", v);
		return;
	}
	if ((key ? tb_prog_table_key_format(prog, id, buf, len, p) :
		   tb_prog_table_leaf_format(prog, id, buf, len, p)) == 0)
		return;
	snprintf(buf, len, "0x");
	for (size_t i = 0; i < size && 2 + 2 * i + 2 < len; i++)
		snprintf(buf + 2 + 2 * i, len - 2 - 2 * i, "%02x", ((const uint8_t *)p)[i]);
}

static void print_histogram(const struct tb_table_info *t)
{
	uint64_t slots[128] = { 0 };
	int key = 0, next, n = 0;
	uint64_t v;

	for (int err = tb_map_next_key(t->fd, NULL, &next); !err;
	     err = tb_map_next_key(t->fd, &key, &next)) {
		key = next;
		if (next >= 0 && next < 128 && tb_map_lookup(t->fd, &next, &v) == 0) {
			slots[next] = v;
			if (next >= n)
				n = next + 1;
		}
	}
	/* BCC prints a table's histogram with the default label "value" */
	if (tb_common.json) {
		printf("{\"table\":");
		tb_json_string(stdout, t->name);
		printf(",\"type\":\"log2\",\"buckets\":");
		tb_hist_json_log2(stdout, slots, n);
		printf("}\n");
		return;
	}
	printf("%s:\n", t->name);
	tb_hist_print_log2(stdout, slots, n, "value", false);
}

struct kv {
	char key[512];
	char leaf[512];
	unsigned long long sort;
};

static int compare_kv(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;

	return x->sort < y->sort ? -1 : x->sort > y->sort;
}

/* Decimal numbers stay numbers in JSON; everything else is a string. */
static void json_cell(const char *text)
{
	if (*text && text[strspn(text, "0123456789")] == 0 && strlen(text) < 20)
		fputs(text, stdout);
	else
		tb_json_string(stdout, text);
}

/* Every entry as "  KEY: VALUE", sorted by value when values are numbers; array slots that
 * are all zeroes are left out. */
static void print_kv_table(struct tb_prog *prog, int id, const struct tb_table_info *t)
{
	bool array = t->map_type == BPF_MAP_TYPE_ARRAY;
	unsigned char *key = calloc(3, t->key_size + t->leaf_size + 8);
	unsigned char *next = key + t->key_size, *leaf = next + t->key_size;
	struct kv *rows = NULL;
	int n = 0, cap = 0, err;

	if (!key)
		return;
	for (err = tb_map_next_key(t->fd, NULL, next); !err && n < 100000;
	     err = tb_map_next_key(t->fd, key, next)) {
		unsigned long long v = 0;
		bool zero = true;

		memcpy(key, next, t->key_size);
		if (tb_map_lookup(t->fd, key, leaf))
			continue;
		for (size_t i = 0; i < t->leaf_size; i++)
			zero = zero && !leaf[i];
		if (array && zero)
			continue;
		if (n == cap) {
			struct kv *r = realloc(rows, (cap = cap ? cap * 2 : 64) * sizeof(*r));
			if (!r)
				break;
			rows = r;
		}
		format_cell(prog, id, true, key, t->key_size, t->key_desc, rows[n].key,
			    sizeof(rows[n].key));
		format_cell(prog, id, false, leaf, t->leaf_size, t->leaf_desc, rows[n].leaf,
			    sizeof(rows[n].leaf));
		rows[n].sort = scalar_value(leaf, t->leaf_size, &v) ? v : 0;
		n++;
	}
	qsort(rows, n, sizeof(*rows), compare_kv);
	if (!tb_common.json)
		printf("%s:\n", t->name);
	for (int i = 0; i < n; i++) {
		if (tb_common.json) {
			printf("{\"table\":");
			tb_json_string(stdout, t->name);
			printf(",\"key\":");
			json_cell(rows[i].key);
			printf(",\"value\":");
			json_cell(rows[i].leaf);
			printf("}\n");
		} else {
			printf("  %s: %s\n", rows[i].key, rows[i].leaf);
		}
	}
	free(rows);
	free(key);
}

/* Tables that hold data to show: hashes and arrays (not perf outputs, stacks, prog arrays). */
static bool printable_table(const struct tb_table_info *t)
{
	switch (t->map_type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
		return true;
	default:
		return false;
	}
}

static void print_tables(struct tb_prog *prog, const char *source, bool clear)
{
	int ntables = tb_prog_table_count(prog);
	bool any = false;

	for (int i = 0; i < ntables; i++) {
		struct tb_table_info t;

		if (tb_prog_table_info(prog, i, &t) || !printable_table(&t))
			continue;
		/* execsnoop-style scratch tables hold structs too big to be worth printing */
		if (t.leaf_size > 256 && !is_histogram(source, t.name))
			continue;
		if (!any && !tb_common.json)
			putchar('\n');
		any = true;
		if (is_histogram(source, t.name) && t.key_size == 4 && t.leaf_size == 8)
			print_histogram(&t);
		else
			print_kv_table(prog, i, &t);
		if (clear)
			tb_map_clear(t.fd, t.key_size, t.leaf_size);
	}
	fflush(stdout);
}

/* --- bpf_trace_printk --- */

static int trace_pipe_fd = -1;

/* trace_pipe is shared by the whole machine: every printk line is shown, as BCC's
 * trace_print() does; what was left there before our probes were attached is skipped. */
static void open_trace_pipe(void)
{
	char path[512], junk[4096];

	snprintf(path, sizeof(path), "%s/trace_pipe", tb_tracefs());
	trace_pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (trace_pipe_fd < 0) {
		tb_warn("failed to open '%s': %s: bpf_trace_printk output is not shown", path,
			strerror(errno));
		return;
	}
	while (read(trace_pipe_fd, junk, sizeof(junk)) > 0)
		;
}

static void read_trace_pipe(void)
{
	static char line[4096];
	static size_t used;
	ssize_t n;

	while (trace_pipe_fd >= 0 &&
	       (n = read(trace_pipe_fd, line + used, sizeof(line) - 1 - used)) > 0) {
		char *start = line, *nl;

		used += n;
		line[used] = 0;
		while ((nl = strchr(start, '\n'))) {
			*nl = 0;
			/* bpf_trace_printk("...\\n") ends in an empty line: skip it */
			if (!*start) {
				start = nl + 1;
				continue;
			}
			if (tb_common.json) {
				printf("{\"trace\":");
				tb_json_string(stdout, start);
				printf("}\n");
			} else {
				printf("%s\n", start);
			}
			start = nl + 1;
		}
		used -= start - line;
		memmove(line, start, used);
		if (used == sizeof(line) - 1)
			used = 0; /* a line longer than the buffer: drop it */
	}
}

/* --- attaching --- */

static bool named_by_option(const char *fn)
{
	for (int i = 0; i < env.nuprobes; i++)
		if (!strcmp(env.uprobes[i].fn, fn))
			return true;
	for (int i = 0; i < env.nusdts; i++)
		if (!strcmp(env.usdts[i].fn, fn))
			return true;
	for (int i = 0; i < env.nperfs; i++)
		if (!strcmp(env.perfs[i].fn, fn))
			return true;
	return false;
}

static int attach_by_name(struct tb_prog *prog)
{
	int n = tb_prog_function_count(prog);

	for (int i = 0; i < n; i++) {
		const char *fn = tb_prog_function_name(prog, i);
		char target[256];
		int err = 0;

		switch (classify_function(fn, target, sizeof(target))) {
		case AUTO_KPROBE: err = tb_attach_kprobe(prog, target, fn, false); break;
		case AUTO_KRETPROBE: err = tb_attach_kprobe(prog, target, fn, true); break;
		case AUTO_TRACEPOINT: err = tb_attach_tracepoint(prog, target, fn); break;
		case AUTO_RAW_TRACEPOINT: err = tb_attach_raw_tracepoint(prog, target, fn); break;
		case AUTO_KFUNC: err = tb_attach_kfunc(prog, fn); break;
		case AUTO_LSM: err = tb_attach_lsm(prog, fn); break;
		case AUTO_NONE:
			if (!named_by_option(fn))
				tb_info("function '%s' not attached: its name follows no probe "
					"convention and no option names it", fn);
			break;
		}
		if (err)
			return -1;
	}
	return 0;
}

static int attach_by_option(struct tb_prog *prog, pid_t pid)
{
	for (int i = 0; i < env.nuprobes; i++) {
		const struct uprobe_spec *u = &env.uprobes[i];

		if (tb_attach_uprobe(prog, u->binary, u->symbol, 0, pid, u->fn, u->retprobe))
			return -1;
	}
	for (int i = 0; i < env.nperfs; i++) {
		const struct perf_spec *p = &env.perfs[i];

		if (tb_attach_perf_event(prog, p->type, p->config, 0, p->freq, pid, -1, p->fn))
			return -1;
	}
	return env.nusdts ? (tb_attach_usdt(prog) ? -1 : 0) : 0;
}

/* libbcc wants absolute paths for uprobes and USDT; library names ("c") stay as they are. */
static void absolute_path(char *path, size_t len)
{
	char *abs;

	if (!strchr(path, '/') || path[0] == '/' || !(abs = realpath(path, NULL)))
		return;
	snprintf(path, len, "%s", abs);
	free(abs);
}

/* USDT probes are read from the binary, or from the process given with -p (which also sets
 * the semaphores); a -c command has not exec'd yet, so its probes come from the path. */
static int open_usdt(struct tb_usdt **usdt, pid_t pid)
{
	for (int i = 0; i < env.nusdts; i++) {
		const struct usdt_spec *s = &env.usdts[i];
		pid_t p = s->pid > 0 ? s->pid : s->target[0] ? (pid_t)env.pid : pid;

		usdt[i] = tb_usdt_open(s->target[0] ? s->target : NULL, p > 0 ? p : 0);
		if (!usdt[i])
			return -1;
		if (tb_usdt_enable(usdt[i], s->provider[0] ? s->provider : NULL, s->probe, s->fn))
			return -1;
	}
	return 0;
}

static void run_loop(struct tb_prog *prog, const char *source, pid_t child)
{
	uint64_t start = tb_monotonic_ns();
	uint64_t next = env.interval_ms ? start + env.interval_ms * 1000000ull : 0;
	uint64_t deadline = env.duration_ms ? start + env.duration_ms * 1000000ull : 0;

	while (!tb_should_stop()) {
		uint64_t now;
		int status;

		if (tb_prog_poll(prog, 100) < 0)
			break;
		read_trace_pipe();
		now = tb_monotonic_ns();
		if (next && now >= next) {
			print_tables(prog, source, env.clear);
			next += env.interval_ms * 1000000ull;
		}
		if (deadline && now >= deadline)
			break;
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			tb_info("command exited with status %d", WIFEXITED(status) ?
				WEXITSTATUS(status) : 128 + WTERMSIG(status));
			/* its last events may still sit in the buffers */
			tb_prog_poll(prog, 0);
			tb_prog_drain(prog);
			read_trace_pipe();
			break;
		}
		if (ferror(stdout))
			break;
	}
}

int tbrun_main(int argc, char **argv);
int tbrun_main(int argc, char **argv)
{
	struct tb_usdt *usdt[TBRUN_MAX_SPECS] = { 0 };
	struct tb_prog *prog = NULL;
	struct tb_command cmd = { .pid = -1, .gate_fd = -1 };
	char *source = NULL;
	int err = -1;
	pid_t pid;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	/* --bpf-file is just another way to name FILE here */
	if (tb_common.bpf_file && !env.file && !env.text)
		env.file = tb_common.bpf_file;
	tb_common.bpf_file = NULL;
	if (env.file)
		source = tb_read_user_program(env.file, "program");
	else
		source = strdup(env.text ? env.text : "");
	if (!source)
		goto cleanup;
	if (tb_common.dump_bpf) {
		err = tb_dump_source(source);
		goto cleanup;
	}
	for (int i = 0; i < env.nuprobes; i++)
		absolute_path(env.uprobes[i].binary, sizeof(env.uprobes[i].binary));
	for (int i = 0; i < env.nusdts; i++)
		absolute_path(env.usdts[i].target, sizeof(env.usdts[i].target));
	if (env.command && tb_command_start_held(env.command, &cmd))
		goto cleanup;
	pid = cmd.pid > 0 ? cmd.pid : env.pid;
	if (pid > 0 && tb_cflags_add(&env.cflags, "-DTARG_PID=%d", (int)pid))
		goto cleanup;
	if (open_usdt(usdt, pid))
		goto cleanup;

	prog = tb_prog_compile(&(struct tb_prog_opts){
		.source = source, .source_name = env.file ? env.file : "-e",
		.cflags = (const char *const *)env.cflags.argv, .ncflags = env.cflags.n,
		.usdt = usdt, .nusdt = env.nusdts });
	memset(usdt, 0, sizeof(usdt)); /* the program owns them now, even on failure */
	if (!prog)
		goto cleanup;
	if (!env.no_trace_pipe && strstr(source, "bpf_trace_printk"))
		open_trace_pipe();
	if (attach_by_name(prog) || attach_by_option(prog, pid))
		goto cleanup;
	if (!tb_prog_attach_count(prog)) {
		tb_error("nothing to attach in '%s': name functions kprobe__FN, "
			 "tracepoint__CATEGORY__EVENT... or use --uprobe/--usdt/--perf-event",
			 env.file ? env.file : "-e");
		goto cleanup;
	}
	if (open_outputs(prog))
		goto cleanup;
	tb_signals_install();
	tb_prog_announce(prog);
	tb_command_release(&cmd);
	run_loop(prog, source, cmd.pid);
	print_tables(prog, source, false);
	err = 0;
cleanup:
	/* a command that could not be traced is not run at all */
	tb_command_finish(&cmd, err != 0);
	if (trace_pipe_fd >= 0)
		close(trace_pipe_fd);
	for (int i = 0; i < TBRUN_MAX_SPECS; i++)
		tb_usdt_close(usdt[i]);
	tb_prog_destroy(prog);
	tb_cflags_free(&env.cflags);
	free(source);
	return err ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return tbrun_main(argc, argv);
}
#endif
