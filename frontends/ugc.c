/* ugc: garbage collections of a Java, Python, Node or Ruby process with their durations, as
 * BCC's ugc shows them; invoked as javagc, the Java ones (BCC's javagc is ugc -l java). */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include <bcc/bcc_proc.h>

#include "tracebox.h"
#include "ugc.h"

_Static_assert(sizeof(struct ugc_event) == 56 + 2 * TB_UGC_NAME_LEN,
	       "struct ugc_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(ugc);

struct language {
	const char *name;   /* -l */
	const char *module; /* the library holding the probes, or NULL for any in the process */
	const char *cflag;
	struct tb_usdt_probe probes[5]; /* begin/end pairs, then an empty one ending the list */
};

static const struct language languages[] = {
	/* the memory pools' probes are extras: a JVM without them still has its collections */
	{ "java", "libjvm.so", "-DLANG_JAVA", {
		{ "hotspot", "mem__pool__gc__begin", "java_pool_begin", true },
		{ "hotspot", "mem__pool__gc__end", "java_pool_end", true },
		{ "hotspot", "gc__begin", "java_gc_begin" },
		{ "hotspot", "gc__end", "java_gc_end" } } },
	{ "node", NULL, "-DLANG_NODE", {
		{ "node", "gc__start", "node_gc_start" }, { "node", "gc__done", "node_gc_done" } } },
	{ "python", NULL, "-DLANG_PYTHON", {
		{ "python", "gc__start", "python_gc_start" },
		{ "python", "gc__done", "python_gc_done" } } },
	{ "ruby", NULL, "-DLANG_RUBY", {
		{ "ruby", "gc__mark__begin", "ruby_mark_begin" },
		{ "ruby", "gc__mark__end", "ruby_mark_end" },
		{ "ruby", "gc__sweep__begin", "ruby_sweep_begin" },
		{ "ruby", "gc__sweep__end", "ruby_sweep_end" } } },
};
#define NLANGUAGES (sizeof(languages) / sizeof(languages[0]))

static struct env {
	const struct language *lang; /* -l, or detected (javagc: java) */
	long pid;                    /* the positional PID (or -p), required */
	bool ms;                     /* -m */
	long long min_ns;            /* -M (ms) or -t (us) */
	const char *filter;          /* -F */
	bool javagc;                 /* invoked as javagc */
} env = { .pid = -1 };

const char *argp_program_version = "ugc (tracebox) 0.1";
static const char args_doc[] = "PID";
static const char doc[] =
	"Summarize garbage collection events in high-level languages.\n"
	"\n"
	"EXAMPLES:\n"
	"    ugc -l java 185        # trace Java GCs in process 185\n"
	"    ugc -l ruby 1344 -m    # trace Ruby GCs reporting in ms\n"
	"    ugc -M 10 -l java 185  # trace only Java GCs longer than 10ms\n"
	"    ugc 185                # the language is detected from the process\n"
	"    ugc -F Eden -l java 185  # only GCs whose description contains \"Eden\"";
static const char javagc_doc[] =
	"Summarize garbage collection events in Java processes (ugc -l java).\n"
	"\n"
	"EXAMPLES:\n"
	"    javagc 185        # trace Java GCs in process 185\n"
	"    javagc 185 -m     # ... reporting in ms\n"
	"    javagc -M 10 185  # trace only Java GCs longer than 10ms\n"
	"    javagc -p 185 -t 100  # libbpf-tools' javagc's flags: GCs of at least 100 us\n"
	"    javagc --json 185 # one JSON object per GC";

static const struct argp_option options[] = {
	{ "language", 'l', "LANG", 0, "Language to trace: java, node, python or ruby (detected "
				      "from the process when not given)", 0 },
	{ "milliseconds", 'm', NULL, 0, "Report times in milliseconds (default is "
					"microseconds)", 0 },
	{ "minimum", 'M', "MIN", 0, "Display only GCs longer than this many milliseconds", 0 },
	{ "filter", 'F', "FILTER", 0, "Display only GCs whose description contains this text", 0 },
	{ "pid", 'p', "PID", 0, "The process to trace, as the positional PID (libbpf-tools' "
				"javagc's)", 0 },
	{ "time", 't', "USECS", 0, "Display only GCs of at least USECS microseconds "
				   "(libbpf-tools' javagc's)", 0 },
	{ 0 },
};

static const struct language *find_language(const char *name)
{
	for (size_t i = 0; name && i < NLANGUAGES; i++)
		if (!strcmp(languages[i].name, name))
			return &languages[i];
	return NULL;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;
	long n;

	switch (key) {
	case ARGP_KEY_INIT: /* before any option: --version and --help say which of the two */
		/* javagc is this program under another name: BCC's javagc is ugc -l java */
		env.javagc = tb_invoked_as(state->argv[0], "javagc");
		argp_program_version = env.javagc ? "javagc (tracebox) 0.1" : "ugc (tracebox) 0.1";
		if (env.javagc)
			env.lang = find_language("java");
		break;
	case 'l':
		env.lang = find_language(arg);
		if (!env.lang) {
			tb_error("invalid language '%s': expected java, node, python or ruby", arg);
			err = -1;
		}
		break;
	case 'm': env.ms = true; break;
	case 'M':
		err = tb_parse_long(arg, 0, 3600L * 1000, "minimum", &n);
		env.min_ns = n * 1000000LL;
		break;
	case 't':
		err = tb_parse_long(arg, 0, 3600L * 1000000, "time", &n);
		env.min_ns = n * 1000LL;
		break;
	case 'F': env.filter = arg; break;
	case 'p':
	case ARGP_KEY_ARG:
		if (env.pid >= 0) {
			tb_error("unexpected argument '%s'", arg);
			err = -1;
		} else {
			err = tb_parse_pid(arg, "PID", &env.pid);
		}
		break;
	case ARGP_KEY_END:
		if (env.pid < 0) {
			tb_error("missing PID: %s traces one process (%s PID)", env.javagc ?
				 "javagc" : "ugc", env.javagc ? "javagc" : "ugc [-l LANG]");
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

/* javagc's own description and examples in its --help */
static char *help_filter(int key, const char *text, void *input)
{
	(void)input;
	if (key == ARGP_KEY_HELP_PRE_DOC && env.javagc)
		return strdup(javagc_doc); /* argp frees what differs from text */
	return (char *)text;
}

static const struct argp argp = { options, parse_opt, args_doc, doc, tb_common_children,
				  help_filter, NULL };

/* BCC's descriptions: what each runtime's probes say about a GC. */
static void describe(char *out, size_t len, const struct ugc_event *e)
{
	static const struct { const char *name; unsigned flag; } node_types[] = {
		{ "GC scavenge", 1 }, { "GC mark-sweep-compact", 2 }, { "GC incremental mark", 4 },
		{ "GC weak callbacks", 8 },
	};
	size_t n = 0;

	out[0] = 0;
	switch (e->kind) {
	case TB_UGC_JAVA_POOL:
		snprintf(out, len, "%.*s %.*s used=%llu->%llu max=%llu->%llu", TB_UGC_NAME_LEN,
			 e->string1, TB_UGC_NAME_LEN, e->string2, (unsigned long long)e->field1,
			 (unsigned long long)e->field3, (unsigned long long)e->field2,
			 (unsigned long long)e->field4);
		break;
	case TB_UGC_JAVA_GC:
		snprintf(out, len, "no additional info available");
		break;
	case TB_UGC_PYTHON:
		snprintf(out, len, "gen %lld GC collected %lld objects", (long long)(int)e->field1,
			 (long long)e->field2);
		break;
	case TB_UGC_NODE:
		for (size_t i = 0; i < sizeof(node_types) / sizeof(node_types[0]); i++)
			if ((e->field1 & node_types[i].flag) && n < len)
				n += snprintf(out + n, len - n, "%s%s", n ? ", " : "",
					      node_types[i].name);
		break;
	case TB_UGC_RUBY_MARK:
		snprintf(out, len, "GC mark stage");
		break;
	case TB_UGC_RUBY_SWEEP:
		snprintf(out, len, "GC sweep stage");
		break;
	}
}

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	static const struct tb_column us[] = {
		{ "START", "start", 8, TB_LEFT },
		{ "TIME (us)", "time_us", 8, TB_LEFT },
		{ "DESCRIPTION", NULL, 0, TB_LEFT },
	}, ms[] = {
		{ "START", "start", 8, TB_LEFT },
		{ "TIME (ms)", "time_ms", 8, TB_LEFT },
		{ "DESCRIPTION", NULL, 0, TB_LEFT },
	};

	*n = 3;
	return env.ms ? ms : us;
}

static struct tb_output out;
static uint64_t start_ns;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct ugc_event *e = data;
	char desc[256];

	describe(desc, sizeof(desc), e);
	if (env.filter && !strstr(desc, env.filter))
		return;
	tb_output_begin(&out, 0);
	/* BCC's START: seconds since the tool started, here when the GC began */
	tb_output_double(&out, e->start_ns > start_ns ? (e->start_ns - start_ns) / 1e9 : 0, 3);
	tb_output_double(&out, e->elapsed_ns / (env.ms ? 1e6 : 1e3), 2);
	tb_output_str(&out, desc);
	tb_output_end(&out);
}

/* The language of process pid, as libbcc detects it (from its executable and libraries). */
static const struct language *detect_language(void)
{
	const char *name = bcc_procutils_language(env.pid);
	const struct language *lang = find_language(name);

	if (!lang) {
		tb_error("failed to detect the language of process %d (%s): pass -l java, node, "
			 "python or ruby", (int)env.pid, name ? name : "unknown");
		return NULL;
	}
	tb_info("process %d is a %s process", (int)env.pid, lang->name);
	return lang;
}

static int prepare(struct tb_cflags *cf)
{
	if (!env.lang && !(env.lang = detect_language()))
		return -1;
	if (tb_cflags_add(cf, "%s", env.lang->cflag) ||
	    tb_cflags_add(cf, "-DMIN_NS=%lluull", (unsigned long long)env.min_ns))
		return -1;
	return 0;
}

static int open_usdt(struct tb_usdt **usdt)
{
	*usdt = tb_usdt_open_process(env.pid, env.lang->module, env.lang->name,
				     env.lang->probes);
	return *usdt ? 0 : -1;
}

/* BCC's banner; START counts from here */
static void before_header(void)
{
	start_ns = tb_monotonic_ns();
	if (!tb_common.json)
		printf("Tracing garbage collections in %s process %d... Ctrl-C to quit.\n",
		       env.lang->name, (int)env.pid);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(ugc),
	.argp = &argp,
	.prepare = prepare,
	.open_usdt = open_usdt,
	.watch_pid = &env.pid,
	.events = "gcs",
	.on_event = handle_event,
	.event_size = sizeof(struct ugc_event),
	.before_header = before_header,
	.out = &out,
	.columns = columns,
};
TB_TOOL_MAIN(ugc, tool)
