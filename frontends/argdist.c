/* argdist: histograms or frequency counts of function arguments or any expression on them, as
 * BCC's argdist: each -H or -C specifier becomes one map and one BPF function written here. */
#include <argp.h>
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(argdist);

#define MAX_SPECS 32
#define MAX_EXPRS 8
#define MAX_PARAMS 16
#define MAX_USDT_ARGS 12
/* the key is built on the BPF stack (512 bytes, with the function's other locals) */
#define MAX_KEY_SIZE 400
#define SHAPE "{p,r,t,u}:{[library],category}:function(signature)[:type[,type...]:expr[,expr...][:filter]][#label]"

enum ad_kind { AD_FREQ, AD_HIST };
enum ad_value { AD_NUM, AD_STR, AD_PTR };

/* One expression of a specifier and the key field holding its value. */
struct ad_field {
	enum ad_value value;
	int size;          /* bytes in the key */
	bool is_signed;
	size_t off;        /* offset in the key struct */
	char *ctype;       /* the type as written, spaces normalised ("char*") */
	char *code;        /* the expression as C ($retval etc. replaced) */
	char *display;     /* as printed: as written, $entry(x) shown as x */
	bool comm;         /* $COMM: the task's name */
};

struct ad_param {
	char *type, *name;
	bool at_entry;     /* read by $entry(name): saved by the entry function */
};

struct ad_target {
	char *where, *name, *path; /* path: a USDT probe's binary */
};

struct ad_spec {
	enum ad_kind kind;
	char *raw;         /* the specifier as written */
	char *label;       /* after '#', or NULL */
	struct tb_probe_spec probe;
	struct ad_param params[MAX_PARAMS];
	int nparams;
	char *signature;   /* inside the parentheses, for the function's parameters */
	struct ad_field fields[MAX_EXPRS];
	int nfields;
	bool default_expr; /* none written: "total calls", or $retval in a return probe */
	char *filter;      /* C, "1" when none */
	char *helpers;     /* STRCMP's functions, written before the probe's */
	bool latency;      /* $latency used: the entry function stamps the time */
	bool entry;        /* an entry function is needed ($latency or $entry) */
	size_t key_size;
	char fn[96], map[96];
	struct ad_target *targets;
	int ntargets;
	bool tp_first;     /* the first specifier on its tracepoint: declares its args struct */
	unsigned usdt_args; /* USDT: bit N set when argN is read */
	char *usdt_ctype[MAX_USDT_ARGS + 1]; /* and the type libbcc reads it as */
};

static struct env {
	long pid, tid;      /* -p, -t; -1 = all */
	int string_size;    /* -z */
	long interval_s;    /* -i */
	long count;         /* -n, 0 = no limit */
	long duration_s;    /* -d, 0 = none */
	bool cumulative;    /* -c */
	long top;           /* -T, 0 = all */
	const char *freq_text[MAX_SPECS], *hist_text[MAX_SPECS], *includes[MAX_SPECS];
	int nfreq, nhist, nincludes;
} env = { .pid = -1, .tid = -1, .string_size = 80, .interval_s = 1 };

static struct ad_spec specs[MAX_SPECS];
static int nspecs;
static char *program;
/* the USDT probes' context, until the program owns it (open_usdt) */
static struct tb_usdt *usdt;

static int print_interval(void *ctx, FILE *fp, time_t now);
/* every -i seconds, -n times or for -d seconds (run) */
static struct tb_interval_opts interval = { .print = print_interval };

const char *argp_program_version = "argdist (tracebox) 0.1";
static const char doc[] =
	"Trace a function and display a histogram or frequency count of its parameter values.\n"
	"\n"
	"USAGE: argdist [-h] [-p PID] [-t TID] [-z STRING_SIZE] [-i INTERVAL] [-d DURATION]\n"
	"               [-n COUNT] [-c] [-T TOP] [-H specifier] [-C specifier] [-I header]\n"
	"\n"
	"Specifier: " SHAPE "\n"
	"  p, r, t, u   function entry, function return (uprobe, uretprobe), tracepoint, USDT\n"
	"  library      the binary or library (\"c\" is libc), empty for a kernel function\n"
	"  signature    the function's parameters, as in its C declaration\n"
	"  type, expr   the C type and expression of each value collected (-H: one)\n"
	"  filter       a C condition: only calls where it holds are counted; STRCMP(\"TEXT\", EXPR)\n"
	"               is true when the string at EXPR is TEXT\n"
	"  in return probes: $retval, $latency (ns since entry), $entry(param); anywhere: $PID,\n"
	"  $TID, and $COMM as a whole expression of type char*; in USDT probes: arg1...arg12\n"
	"\n"
	"EXAMPLES:\n"
	"    argdist -C 'p:c:malloc(size_t size):size_t:size' -p 1005\n"
	"        count malloc sizes of process 1005, every second\n"
	"    argdist -H 'p:c:write(int fd, void *buf, size_t len):size_t:len:fd==1'\n"
	"        histogram of write sizes to stdout, across all processes\n"
	"    argdist -C 'r:c:gets():char*:(char*)$retval#snooped strings'\n"
	"        strings returned by gets(), under the title \"snooped strings\"\n"
	"    argdist -H 'r:c:malloc(size_t size):u64:$latency/$entry(size)#ns per byte' -n 1 -i 10\n"
	"        nanoseconds per byte allocated by malloc, one 10 s summary\n"
	"    argdist -H 't:block:block_rq_complete():u32:args->nr_sector'\n"
	"        histogram of sectors in completing block I/O requests\n"
	"    argdist -C 't:syscalls:sys_enter_write():int:args->fd' -T 5 -i 5\n"
	"        the 5 file descriptors written to most, every 5 seconds\n"
	"    argdist -C 'p:c:puts(char *str):char*:str' -z 120 -n 1 -i 10\n"
	"        strings printed by puts(), up to 120 characters\n"
	"    argdist -c -H 'r:c:open(char *file):u64:$latency/1000:STRCMP(\"test.txt\",$entry(file))'\n"
	"        microseconds in open() of test.txt (STRCMP: a string filter), cumulative\n"
	"    argdist -C 'u:pthread:pthread_start():u64:arg2' -p 1337\n"
	"        start functions of the threads process 1337 creates (USDT probe pthread_start)";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this process only", 0 },
	{ "tid", 't', "TID", 0, "Trace this thread only", 0 },
	{ "string-size", 'z', "STRING_SIZE", 0, "Bytes read of char* values (default 80)", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Output interval in seconds (default 1)", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of the trace in seconds", 0 },
	{ "number", 'n', "COUNT", 0, "Number of outputs", 0 },
	{ "cumulative", 'c', NULL, 0, "Do not clear histograms and counts at each interval", 0 },
	{ "top", 'T', "TOP", 0, "Show only the TOP most frequent values (-C)", 0 },
	{ "histogram", 'H', "specifier", 0, "Probe specifier to capture a histogram of", 0 },
	{ "count", 'C', "specifier", 0, "Probe specifier to capture a count of", 0 },
	{ "include", 'I', "header", 0, "Header to include in the BPF program (a path, or "
	  "relative to the kernel headers)", 0 },
	{ 0 },
};

/*
 * Parsing a specifier (pure: the unit test calls parse_spec).
 */

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* Splits s at sep where no parenthesis, bracket or quote is open (a ternary's ':' or a
 * call's ',' inside parentheses stays whole); s is modified. Returns the count, or max + 1
 * when there are more parts than max. */
static int split_top(char *s, char sep, char **parts, int max)
{
	int n = 0, depth = 0;
	char quote = 0;

	parts[n++] = s;
	for (char *c = s; *c; c++) {
		if (quote) {
			if (*c == '\\' && c[1])
				c++;
			else if (*c == quote)
				quote = 0;
		} else if (*c == '"' || *c == '\'') {
			quote = *c;
		} else if (*c == '(' || *c == '[') {
			depth++;
		} else if ((*c == ')' || *c == ']') && depth > 0) {
			depth--;
		} else if (*c == sep && !depth) {
			if (n == max)
				return max + 1;
			*c = 0;
			parts[n++] = c + 1;
		}
	}
	return n;
}

struct ad_type {
	const char *name;
	int size;
	bool is_signed;
};

static const struct ad_type types[] = {
	{ "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false }, { "u64", 8, false },
	{ "s8", 1, true }, { "s16", 2, true }, { "s32", 4, true }, { "s64", 8, true },
	{ "__u8", 1, false }, { "__u16", 2, false }, { "__u32", 4, false }, { "__u64", 8, false },
	{ "__s8", 1, true }, { "__s16", 2, true }, { "__s32", 4, true }, { "__s64", 8, true },
	{ "uint8_t", 1, false }, { "uint16_t", 2, false }, { "uint32_t", 4, false },
	{ "uint64_t", 8, false }, { "int8_t", 1, true }, { "int16_t", 2, true },
	{ "int32_t", 4, true }, { "int64_t", 8, true },
	{ "char", 1, true }, { "signed char", 1, true }, { "unsigned char", 1, false },
	{ "short", 2, true }, { "unsigned short", 2, false }, { "int", 4, true },
	{ "signed", 4, true }, { "signed int", 4, true }, { "unsigned", 4, false },
	{ "unsigned int", 4, false }, { "long", 8, true }, { "unsigned long", 8, false },
	{ "long long", 8, true }, { "unsigned long long", 8, false }, { "size_t", 8, false },
	{ "ssize_t", 8, true }, { "pid_t", 4, true }, { "uid_t", 4, false }, { "gid_t", 4, false },
	{ "off_t", 8, true }, { "loff_t", 8, true }, { "bool", 1, false },
};
#define TYPES_KNOWN "u8-u64, s8-s64, __u8-__s64, uint8_t-int64_t, char, short, int, " \
	"unsigned, long, long long, size_t, ssize_t, pid_t, uid_t, gid_t, off_t, bool, char* " \
	"(a string) or a pointer"

/* "unsigned  int" -> "unsigned int", "char *" -> "char*"; allocated */
static char *normalise_type(const char *t)
{
	char *out = malloc(strlen(t) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *t; t++) {
		if (isspace((unsigned char)*t)) {
			const char *n = t;

			while (isspace((unsigned char)*n))
				n++;
			/* a space only between two words */
			if (o > out && *n && *n != '*' && o[-1] != '*')
				*o++ = ' ';
			t = n - 1;
			continue;
		}
		*o++ = *t;
	}
	*o = 0;
	return out;
}

static struct ad_spec *bail_spec;
#define BAIL(...) do { spec_error(__VA_ARGS__); return -1; } while (0)
static void spec_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void spec_error(const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	tb_error("failed to parse specifier '%s': %s", bail_spec->raw, why);
}

static int parse_type(const char *text, struct ad_field *f)
{
	f->ctype = normalise_type(text);
	if (!f->ctype)
		BAIL("out of memory");
	if (!*f->ctype)
		BAIL("no type before the expression (expected :TYPE:EXPR)");
	if (!strcmp(f->ctype, "char*") || !strcmp(f->ctype, "const char*")) {
		f->value = AD_STR;
		f->size = env.string_size;
		return 0;
	}
	if (f->ctype[strlen(f->ctype) - 1] == '*') {
		f->value = AD_PTR;
		f->size = 8;
		return 0;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (!strcmp(types[i].name, f->ctype)) {
			f->value = AD_NUM;
			f->size = types[i].size;
			f->is_signed = types[i].is_signed;
			return 0;
		}
	}
	BAIL("unknown type '%s' (known: " TYPES_KNOWN ")", f->ctype);
}

static struct ad_param *find_param(struct ad_spec *s, const char *name, size_t len)
{
	for (int i = 0; i < s->nparams; i++)
		if (strlen(s->params[i].name) == len && !strncmp(s->params[i].name, name, len))
			return &s->params[i];
	return NULL;
}

static bool is_return(const struct ad_spec *s)
{
	return s->probe.kind == TB_SPEC_URETPROBE || s->probe.kind == TB_SPEC_KRETPROBE;
}

static int substitute(struct ad_spec *s, const char *in, char **code, char **display);

static int append(char **dst, const char *src)
{
	size_t n = *dst ? strlen(*dst) : 0;
	char *grown = realloc(*dst, n + strlen(src) + 1);

	if (!grown)
		return -1;
	strcpy(grown + n, src);
	*dst = grown;
	return 0;
}

/* BCC's STRCMP("TEXT", EXPR): a function written before the probe's (the loader's tb_streq)
 * compares the string at EXPR with TEXT; *p is at "STRCMP" and moves past the call. */
static int substitute_strcmp(struct ad_spec *s, const char **p, FILE *c, FILE *d)
{
	static int nstreq; /* names unique in the program: argdist_streq_0, _1... */
	struct tb_streq q;
	char *arg, *code = NULL, *display = NULL, *fn, name[32];
	int err = -1;

	if (tb_streq_parse(*p + 6, false, &q)) {
		spec_error("expected STRCMP(\"TEXT\", EXPRESSION) with TEXT of 1 to %d bytes in '%s'",
			   TB_STREQ_MAX, *p);
		return -1;
	}
	arg = strndup(q.expr, q.expr_len);
	if (!arg || substitute(s, arg, &code, &display))
		goto out;
	snprintf(name, sizeof(name), "argdist_streq_%d", nstreq++);
	fn = tb_streq_function(name, &q, s->probe.lib ? TB_STREQ_USER : TB_STREQ_ANY);
	if (!fn || append(&s->helpers, fn)) {
		free(fn);
		spec_error("out of memory");
		goto out;
	}
	free(fn);
	fprintf(c, "%s((const void *)(%s))", name, code);
	fprintf(d, "%.*s", (int)(q.end - *p), *p);
	*p = q.end;
	err = 0;
out:
	free(arg);
	free(code);
	free(display);
	return err;
}

/* An expression or filter as written -> C (*code) and as printed (*display): $retval,
 * $latency and $entry(param) of return probes, $PID and $TID anywhere. */
static int substitute(struct ad_spec *s, const char *in, char **code, char **display)
{
	size_t clen = 0, dlen = 0;
	FILE *c = open_memstream(code, &clen), *d = open_memstream(display, &dlen);
	int err = -1;

	if (!c || !d) {
		spec_error("out of memory");
		goto out;
	}
	for (const char *p = in; *p;) {
		const char *w = p + 1;
		size_t n;

		if (!strncmp(p, "STRCMP", 6) && !isalnum((unsigned char)p[6]) && p[6] != '_' &&
		    (p == in || (!isalnum((unsigned char)p[-1]) && p[-1] != '_'))) {
			if (substitute_strcmp(s, &p, c, d))
				goto out;
			continue;
		}
		if (*p != '$') {
			fputc(*p, c);
			fputc(*p++, d);
			continue;
		}
		for (n = 0; isalnum((unsigned char)w[n]) || w[n] == '_'; n++)
			;
		if ((n == 6 && !strncmp(w, "retval", 6)) || (n == 7 && !strncmp(w, "latency", 7)) ||
		    (n == 5 && !strncmp(w, "entry", 5))) {
			if (!is_return(s)) {
				spec_error("'$%.*s' is only known in return probes (r:)", (int)n, w);
				goto out;
			}
		}
		if (n == 6 && !strncmp(w, "retval", 6)) {
			fputs("PT_REGS_RC(ctx)", c);
			fputs("$retval", d);
		} else if (n == 7 && !strncmp(w, "latency", 7)) {
			fputs("(bpf_ktime_get_ns() - __entry.__latency)", c);
			fputs("$latency", d);
			s->latency = s->entry = true;
		} else if (n == 5 && !strncmp(w, "entry", 5)) {
			const char *a = w + 5, *e;
			struct ad_param *prm;

			if (*a != '(' || !(e = strchr(a, ')'))) {
				spec_error("expected $entry(PARAM) in '%s'", in);
				goto out;
			}
			prm = find_param(s, a + 1, e - a - 1);
			if (!prm) {
				spec_error("$entry(%.*s): no parameter '%.*s' in the signature",
					   (int)(e - a - 1), a + 1, (int)(e - a - 1), a + 1);
				goto out;
			}
			prm->at_entry = s->entry = true;
			fprintf(c, "(__entry.%s)", prm->name);
			fputs(prm->name, d);
			p = e + 1;
			continue;
		} else if (n == 3 && !strncmp(w, "PID", 3)) {
			fputs("__tgid", c);
			fputs("$PID", d);
		} else if (n == 3 && !strncmp(w, "TID", 3)) {
			fputs("__pid", c);
			fputs("$TID", d);
		} else {
			spec_error("unknown '$%.*s' in '%s' (known: $retval, $latency, $entry(PARAM), "
				   "$PID, $TID, $COMM)", (int)n, w, in);
			goto out;
		}
		p = w + n;
	}
	err = 0;
out:
	if (c)
		fclose(c);
	if (d)
		fclose(d);
	return err;
}

static bool is_ident(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* "size_t size, char *buf" -> params; "" and "void" are none */
static int parse_signature(struct ad_spec *s, char *sig)
{
	char *parts[MAX_PARAMS];
	int n;

	sig = trim(sig);
	if (!*sig || !strcmp(sig, "void"))
		return 0;
	n = split_top(sig, ',', parts, MAX_PARAMS);
	if (n > MAX_PARAMS)
		BAIL("more than %d parameters in the signature", MAX_PARAMS);
	for (int i = 0; i < n; i++) {
		char *p = trim(parts[i]), *split = strrchr(p, '*');
		struct ad_param *prm = &s->params[s->nparams];

		/* the name follows the last '*' or the last space */
		if (!split)
			split = strrchr(p, ' ');
		if (!split || !is_ident(trim(split + 1)))
			BAIL("cannot read parameter '%s' of the signature (expected TYPE NAME)", p);
		prm->name = strdup(trim(split + 1));
		split[1] = 0;
		prm->type = strdup(trim(p));
		if (!prm->name || !prm->type)
			BAIL("out of memory");
		if (!*prm->type)
			BAIL("parameter '%s' of the signature has no type", prm->name);
		s->nparams++;
	}
	return 0;
}

/* Offsets of the key's fields as the compiler lays the struct out (natural alignment). */
static void layout_key(struct ad_spec *s)
{
	size_t off = 0, align = 1;

	for (int i = 0; i < s->nfields; i++) {
		struct ad_field *f = &s->fields[i];
		size_t a = f->value == AD_STR ? 1 : (size_t)f->size;

		off = (off + a - 1) / a * a;
		f->off = off;
		off += f->size;
		if (a > align)
			align = a;
	}
	s->key_size = (off + align - 1) / align * align;
}

static int parse_values(struct ad_spec *s, char *types_text, char *exprs_text)
{
	char *tparts[MAX_EXPRS], *eparts[MAX_EXPRS];
	int nt, ne;

	nt = split_top(types_text, ',', tparts, MAX_EXPRS);
	ne = split_top(exprs_text, ',', eparts, MAX_EXPRS);
	if (nt > MAX_EXPRS || ne > MAX_EXPRS)
		BAIL("more than %d expressions", MAX_EXPRS);
	if (nt != ne)
		BAIL("%d type%s for %d expression%s", nt, nt == 1 ? "" : "s", ne, ne == 1 ? "" : "s");
	if (s->kind == AD_HIST && ne > 1)
		BAIL("a histogram (-H) takes one expression, not %d (-C counts several)", ne);
	for (int i = 0; i < ne; i++) {
		struct ad_field *f = &s->fields[i];
		char *e = trim(eparts[i]);

		if (parse_type(trim(tparts[i]), f))
			return -1;
		if (!*e)
			BAIL("no expression for type '%s'", f->ctype);
		if (s->kind == AD_HIST && f->value != AD_NUM)
			BAIL("a histogram needs a number, not type '%s'", f->ctype);
		s->nfields++;
		if (!strcmp(e, "$COMM")) {
			if (f->value != AD_STR)
				BAIL("$COMM is a string: its type is char*, not '%s'", f->ctype);
			f->comm = true;
			f->size = 16; /* TASK_COMM_LEN */
			f->code = strdup("");
			f->display = strdup("$COMM");
			continue;
		}
		if (substitute(s, e, &f->code, &f->display))
			return -1;
	}
	return 0;
}

/* The USDT arguments an expression reads: bit N for each identifier argN (1 to 12). */
static unsigned usdt_args_read(const char *code)
{
	unsigned mask = 0;

	for (const char *p = code; *p;) {
		size_t n = 0;
		int num;

		if (!isalpha((unsigned char)*p) && *p != '_') {
			/* a number's digits and suffixes are no identifier */
			p += isalnum((unsigned char)*p) ? strspn(p, "0123456789abcdefABCDEFxXuUlL") : 1;
			continue;
		}
		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
		if (n >= 4 && n <= 5 && !strncmp(p, "arg", 3) && p[3] != '0' &&
		    strspn(p + 3, "0123456789") == n - 3 && (num = atoi(p + 3)) <= MAX_USDT_ARGS)
			mask |= 1u << num;
		p += n;
	}
	return mask;
}

/* One -H or -C specifier, as written; 0, or -1 after one error line naming what is wrong. */
static int parse_spec(const char *text, enum ad_kind kind, struct ad_spec *s)
{
	char *body, *hash, *rest, *close, *parts[3];
	int depth = 0, n = 0, err;

	memset(s, 0, sizeof(*s));
	bail_spec = s;
	s->kind = kind;
	s->raw = strdup(text);
	body = strdup(text);
	if (!s->raw || !body) {
		free(body);
		BAIL("out of memory");
	}
	/* everything after '#' is the label */
	hash = strchr(body, '#');
	if (hash) {
		*hash = 0;
		s->label = strdup(trim(hash + 1));
	}
	err = tb_probe_spec_parse(trim(body), TB_SPEC_RETURN | TB_SPEC_REST, &s->probe);
	free(body);
	if (err)
		return -1;
	rest = s->probe.rest;
	if (*rest != '(')
		BAIL("expected the signature in parentheses after '%s', as %s", s->probe.text, SHAPE);
	for (close = rest; *close; close++) {
		depth += *close == '(';
		depth -= *close == ')';
		if (!depth)
			break;
	}
	if (!*close)
		BAIL("no ')' closing the signature '%s'", rest);
	*close++ = 0;
	s->signature = strdup(trim(rest + 1));
	if (!s->signature)
		BAIL("out of memory");
	if (parse_signature(s, rest + 1))
		return -1;
	close = trim(close);
	if (*close && *close != ':')
		BAIL("unexpected '%s' after the signature (expected :TYPE:EXPR[:FILTER])", close);
	if (*close) {
		n = split_top(close + 1, ':', parts, 3);
		if (n > 3)
			BAIL("too many ':'-separated parts after the signature (expected "
			     ":TYPE[,TYPE...]:EXPR[,EXPR...][:FILTER])");
		if (n == 1)
			BAIL("type '%s' but no expression (expected :TYPE:EXPR)", trim(parts[0]));
		if (!*trim(parts[0]))
			BAIL("no type before the expression '%s' (expected :TYPE:EXPR)", trim(parts[1]));
		if (!*trim(parts[1]))
			BAIL("no expression after type '%s' (expected :TYPE:EXPR)", trim(parts[0]));
	}
	if (n >= 2) {
		if (parse_values(s, parts[0], parts[1]))
			return -1;
	} else if (is_return(s)) {
		/* BCC's defaults: a return probe collects its return value */
		char t[] = "int", e[] = "$retval";

		s->default_expr = true;
		if (parse_values(s, t, e))
			return -1;
	} else if (kind == AD_HIST) {
		BAIL("a histogram needs an expression (expected :TYPE:EXPR after the signature)");
	} else {
		char t[] = "u64", e[] = "1";

		s->default_expr = true;
		if (parse_values(s, t, e))
			return -1;
	}
	if (n == 3 && *trim(parts[2])) {
		char *display = NULL;

		err = substitute(s, trim(parts[2]), &s->filter, &display);
		free(display);
		if (err)
			return -1;
	} else {
		s->filter = strdup("1");
	}
	if (s->probe.kind == TB_SPEC_USDT) {
		for (int i = 0; i < s->nfields; i++)
			s->usdt_args |= usdt_args_read(s->fields[i].code);
		s->usdt_args |= usdt_args_read(s->filter);
	}
	layout_key(s);
	if (s->key_size > MAX_KEY_SIZE)
		BAIL("the values take %zu bytes, more than the %d a BPF stack has room for (a "
		     "smaller -z?)", s->key_size, MAX_KEY_SIZE);
	return 0;
}

static void spec_free(struct ad_spec *s)
{
	free(s->raw);
	free(s->label);
	free(s->signature);
	free(s->filter);
	free(s->helpers);
	for (int i = 0; i < s->nparams; i++) {
		free(s->params[i].type);
		free(s->params[i].name);
	}
	for (int i = 0; i < MAX_EXPRS; i++) {
		free(s->fields[i].ctype);
		free(s->fields[i].code);
		free(s->fields[i].display);
	}
	for (int i = 0; i < s->ntargets; i++) {
		free(s->targets[i].where);
		free(s->targets[i].name);
		free(s->targets[i].path);
	}
	for (int i = 0; i <= MAX_USDT_ARGS; i++)
		free(s->usdt_ctype[i]);
	free(s->targets);
	tb_probe_spec_free(&s->probe);
	memset(s, 0, sizeof(*s));
}

static int add_spec(const char *text, enum ad_kind kind)
{
	if (nspecs == MAX_SPECS) {
		tb_error("failed to add specifier '%s': at most %d specifiers", text, MAX_SPECS);
		return -1;
	}
	return parse_spec(text, kind, &specs[nspecs++]);
}

static int parse_arg_list(const char *arg, const char **list, int *n, const char *what)
{
	if (*n == MAX_SPECS) {
		tb_error("failed to add %s '%s': at most %d", what, arg, MAX_SPECS);
		return -1;
	}
	list[(*n)++] = arg;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'z': err = tb_parse_int(arg, 1, 256, "string size", &env.string_size); break;
	case 'i': err = tb_parse_long(arg, 1, 99999999, "interval", &env.interval_s); break;
	case 'd': err = tb_parse_long(arg, 1, 99999999, "duration", &env.duration_s); break;
	case 'n': err = tb_parse_long(arg, 1, 99999999, "count", &env.count); break;
	case 'T': err = tb_parse_long(arg, 1, 99999999, "top", &env.top); break;
	case 'c': env.cumulative = true; break;
	case 'C': err = parse_arg_list(arg, env.freq_text, &env.nfreq, "specifier"); break;
	case 'H': err = parse_arg_list(arg, env.hist_text, &env.nhist, "specifier"); break;
	case 'I': err = parse_arg_list(arg, env.includes, &env.nincludes, "header"); break;
	case ARGP_KEY_ARG:
		tb_error("unexpected argument '%s': specifiers follow -H or -C", arg);
		err = -1;
		break;
	case ARGP_KEY_END:
		if (!env.nfreq && !env.nhist) {
			tb_error("no specifier: give at least one -H or -C (argdist --help shows them)");
			err = -1;
			break;
		}
		/* as BCC: the counts first, then the histograms; -z is known by now */
		for (int i = 0; !err && i < env.nfreq; i++)
			err = add_spec(env.freq_text[i], AD_FREQ);
		for (int i = 0; !err && i < env.nhist; i++)
			err = add_spec(env.hist_text[i], AD_HIST);
		/* BCC ends after -n outputs or -d seconds, whichever comes first */
		interval.interval_ms = env.interval_s * 1000;
		interval.count = env.count;
		if (env.duration_s) {
			long n = (env.duration_s + env.interval_s - 1) / env.interval_s;

			if (!interval.count || n < interval.count)
				interval.count = n;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/*
 * Writing the program.
 */

static int on_target(void *ctx, const struct tb_spec_target *t)
{
	struct ad_spec *s = ctx;
	struct ad_target *grown = realloc(s->targets, (s->ntargets + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	s->targets = grown;
	grown[s->ntargets].where = t->where ? strdup(t->where) : NULL;
	grown[s->ntargets].name = strdup(t->name);
	grown[s->ntargets].path = t->path ? strdup(t->path) : NULL;
	s->ntargets++;
	return 0;
}

/* BPF names from the function's: malloc_probe0, malloc_hash0 (as BCC names them) */
static void name_spec(struct ad_spec *s, int index)
{
	char base[64];
	size_t i;

	snprintf(base, sizeof(base), "%s", s->ntargets == 1 ? s->targets[0].name : s->probe.name);
	for (i = 0; base[i]; i++)
		if (!isalnum((unsigned char)base[i]) && base[i] != '_')
			base[i] = '_';
	snprintf(s->fn, sizeof(s->fn), "%s_probe%d", base, index);
	snprintf(s->map, sizeof(s->map), "%s_hash%d", base, index);
}

/* The specifier in a C comment: a "*" "/" in it would end the comment early */
static void comment(FILE *f, const char *text)
{
	fputs("\n/* ", f);
	for (const char *p = text; *p; p++) {
		fputc(*p, f);
		if (*p == '*' && p[1] == '/')
			fputc(' ', f);
	}
	fputs(" */\n", f);
}

static void gen_filters(FILE *f, const struct ad_spec *s)
{
	fputs("\tu64 __pid_tgid = bpf_get_current_pid_tgid();\n"
	      "\tu32 __pid = __pid_tgid, __tgid = __pid_tgid >> 32;\n\n", f);
	/* uprobes (USDT's too) are attached to the process alone; the kernel's probes see every
	 * process */
	if (env.pid > 0 && s->probe.kind != TB_SPEC_UPROBE && s->probe.kind != TB_SPEC_URETPROBE &&
	    s->probe.kind != TB_SPEC_USDT)
		fprintf(f, "\tif (__tgid != %ld)\n\t\treturn 0;\n", env.pid);
	if (env.tid > 0)
		fprintf(f, "\tif (__pid != %ld)\n\t\treturn 0;\n", env.tid);
}

/* Return probes reading $entry or $latency: what the entry saw, per thread. */
static void gen_entry(FILE *f, const struct ad_spec *s)
{
	fprintf(f, "struct %s_entry_t {\n\tu64 __latency;\n", s->map);
	for (int i = 0; i < s->nparams; i++)
		if (s->params[i].at_entry)
			fprintf(f, "\t%s %s;\n", s->params[i].type, s->params[i].name);
	fprintf(f, "};\nBPF_HASH(%s_entry, u32, struct %s_entry_t);\n\n", s->map, s->map);
	fprintf(f, "int %s_entry(struct pt_regs *ctx%s%s)\n{\n", s->fn, s->nparams ? ", " : "",
		s->nparams ? s->signature : "");
	gen_filters(f, s);
	fprintf(f, "\tstruct %s_entry_t __entry;\n\n"
		   "\t__builtin_memset(&__entry, 0, sizeof(__entry));\n", s->map);
	if (s->latency)
		fputs("\t__entry.__latency = bpf_ktime_get_ns();\n", f);
	for (int i = 0; i < s->nparams; i++)
		if (s->params[i].at_entry)
			fprintf(f, "\t__entry.%s = %s;\n", s->params[i].name, s->params[i].name);
	fprintf(f, "\t%s_entry.update(&__pid, &__entry);\n\treturn 0;\n}\n\n", s->map);
}

static void gen_string(FILE *f, const struct ad_spec *s, int i)
{
	const struct ad_field *fl = &s->fields[i];

	if (fl->comm) {
		fprintf(f, "\tbpf_get_current_comm(&__key.v%d, sizeof(__key.v%d));\n", i, i);
	} else if (s->probe.lib) {
		fprintf(f, "\tbpf_probe_read_user_str(&__key.v%d, sizeof(__key.v%d), "
			   "(void *)(%s));\n", i, i, fl->code);
	} else {
		/* a kernel string, or a user one a syscall was handed (args->filename) */
		fprintf(f, "\tif (bpf_probe_read_kernel_str(&__key.v%d, sizeof(__key.v%d), "
			   "(void *)(%s)) < 0)\n", i, i, fl->code);
		fprintf(f, "\t\tbpf_probe_read_user_str(&__key.v%d, sizeof(__key.v%d), "
			   "(void *)(%s));\n", i, i, fl->code);
	}
}

static void gen_spec(FILE *f, const struct ad_spec *s)
{
	const struct ad_target *t = &s->targets[0];

	comment(f, s->raw);
	if (s->kind == AD_HIST) {
		fprintf(f, "BPF_HISTOGRAM(%s, int, %d);\n\n", s->map, TB_HIST_LOG2_SLOTS);
	} else {
		fprintf(f, "struct %s_key_t {\n", s->map);
		for (int i = 0; i < s->nfields; i++) {
			if (s->fields[i].value == AD_STR)
				fprintf(f, "\tchar v%d[%d];\n", i, s->fields[i].size);
			else
				fprintf(f, "\t%s v%d;\n", s->fields[i].ctype, i);
		}
		fprintf(f, "};\nBPF_HASH(%s, struct %s_key_t, u64);\n\n", s->map, s->map);
	}
	if (s->entry)
		gen_entry(f, s);
	if (s->helpers)
		fputs(s->helpers, f);
	switch (s->probe.kind) {
	case TB_SPEC_TRACEPOINT:
		/* libbcc writes the args struct before the function taking it: once per tracepoint */
		if (s->tp_first)
			fprintf(f, "int %s(struct tracepoint__%s__%s *args)\n{\n", s->fn, t->where,
				t->name);
		else
			fprintf(f, "int %s(void *ctx)\n{\n\tstruct tracepoint__%s__%s *args = ctx;\n",
				s->fn, t->where, t->name);
		break;
	case TB_SPEC_USDT: /* its arguments are read as arg1, arg2... */
		fprintf(f, "int %s(struct pt_regs *ctx)\n{\n", s->fn);
		break;
	case TB_SPEC_UPROBE:
	case TB_SPEC_KPROBE:
		fprintf(f, "int %s(struct pt_regs *ctx%s%s)\n{\n", s->fn, s->nparams ? ", " : "",
			s->nparams ? s->signature : "");
		break;
	default: /* return probes: the parameters are gone, $entry(param) saved them */
		fprintf(f, "int %s(struct pt_regs *ctx)\n{\n", s->fn);
	}
	gen_filters(f, s);
	for (int n = 1; n <= MAX_USDT_ARGS; n++)
		if (s->usdt_args & (1u << n))
			fprintf(f, "\t%s arg%d = 0;\n\n\tbpf_usdt_readarg(%d, ctx, &arg%d);\n",
				s->usdt_ctype[n], n, n, n);
	if (s->entry)
		fprintf(f, "\tstruct %s_entry_t __entry, *__entryp = %s_entry.lookup(&__pid);\n\n"
			   "\tif (!__entryp)\n\t\treturn 0; /* its entry was missed */\n"
			   "\t__entry = *__entryp;\n\t%s_entry.delete(&__pid);\n",
			s->map, s->map, s->map);
	fprintf(f, "\tif (!(%s))\n\t\treturn 0;\n", s->filter);
	if (s->kind == AD_HIST) {
		fprintf(f, "\t%s __key = (%s);\n\n\t%s.atomic_increment(bpf_log2l(__key));\n",
			s->fields[0].ctype, s->fields[0].code, s->map);
	} else {
		fprintf(f, "\tstruct %s_key_t __key;\n\n"
			   "\t__builtin_memset(&__key, 0, sizeof(__key));\n", s->map);
		for (int i = 0; i < s->nfields; i++) {
			if (s->fields[i].value == AD_STR)
				gen_string(f, s, i);
			else
				fprintf(f, "\t__key.v%d = (%s);\n", i, s->fields[i].code);
		}
		fprintf(f, "\t%s.atomic_increment(__key);\n", s->map);
	}
	fputs("\treturn 0;\n}\n", f);
}

static int expand_spec(struct ad_spec *s, int index)
{
	int n = tb_spec_expand(&s->probe, false, (int)env.pid, on_target, s);

	if (n < 0)
		return -1;
	if ((s->probe.kind == TB_SPEC_TRACEPOINT || s->probe.kind == TB_SPEC_USDT) &&
	    s->ntargets > 1) {
		tb_error("failed to trace specifier '%s': it matches %d %ss (%s:%s, %s:%s...); "
			 "argdist reads one's arguments: name it exactly", s->raw, s->ntargets,
			 tb_spec_kind_name(s->probe.kind), s->targets[0].where, s->targets[0].name,
			 s->targets[1].where, s->targets[1].name);
		return -1;
	}
	if (s->probe.kind == TB_SPEC_TRACEPOINT) {
		s->tp_first = true;
		for (int j = 0; j < index; j++)
			if (specs[j].probe.kind == TB_SPEC_TRACEPOINT &&
			    !strcmp(specs[j].targets[0].where, s->targets[0].where) &&
			    !strcmp(specs[j].targets[0].name, s->targets[0].name))
				s->tp_first = false;
	}
	name_spec(s, index);
	return 0;
}

/* USDT specifiers: one context for their binary (or all of -p PID's), each probe enabled
 * for its function, and the type of each argument it reads. */
static int enable_usdt(void)
{
	const char *path = NULL;

	for (int i = 0; i < nspecs; i++) {
		const char *p = specs[i].targets[0].path;

		if (specs[i].probe.kind != TB_SPEC_USDT)
			continue;
		if (path && strcmp(path, p) && env.pid <= 0) {
			tb_error("failed to trace specifier '%s': USDT probes of two binaries (%s, %s) "
				 "need -p PID of a process mapping both", specs[i].raw, path, p);
			return -1;
		}
		path = path && strcmp(path, p) ? "" : p;
	}
	if (!path)
		return 0;
	usdt = tb_usdt_open(*path ? path : NULL, env.pid > 0 ? (pid_t)env.pid : 0);
	if (!usdt)
		return -1;
	for (int i = 0; i < nspecs; i++) {
		struct ad_spec *s = &specs[i];

		if (s->probe.kind != TB_SPEC_USDT)
			continue;
		if (tb_usdt_enable(usdt, s->targets[0].where, s->targets[0].name, s->fn))
			return -1;
		for (int n = 1; n <= MAX_USDT_ARGS; n++) {
			const char *t;

			if (!(s->usdt_args & (1u << n)))
				continue;
			t = tb_usdt_arg_ctype(usdt, s->targets[0].where, s->targets[0].name, n - 1);
			if (!t || !*t) {
				tb_error("failed to trace specifier '%s': USDT probe %s:%s has no arg%d",
					 s->raw, s->targets[0].where, s->targets[0].name, n);
				return -1;
			}
			s->usdt_ctype[n] = strdup(t);
		}
	}
	return 0;
}

static const char *generate(void)
{
	size_t len = 0;
	FILE *f;

	for (int i = 0; i < nspecs; i++)
		if (expand_spec(&specs[i], i))
			return NULL;
	if (enable_usdt())
		return NULL;
	f = open_memstream(&program, &len);
	if (!f) {
		tb_error("failed to write the BPF program: out of memory");
		return NULL;
	}
	fputs(tb_bpf_argdist, f);
	for (int i = 0; i < env.nincludes; i++) {
		const char *h = env.includes[i];
		char *abs = (*h == '.' || *h == '/') ? realpath(h, NULL) : NULL;

		if (abs)
			fprintf(f, "#include \"%s\"\n", abs);
		else if (*h == '.' || *h == '/')
			fprintf(f, "#include \"%s\"\n", h);
		else
			fprintf(f, "#include <%s>\n", h);
		free(abs);
	}
	for (int i = 0; i < nspecs; i++)
		gen_spec(f, &specs[i]);
	if (fclose(f)) {
		tb_error("failed to write the BPF program: out of memory");
		return NULL;
	}
	return program;
}

static int attach(struct tb_prog *prog)
{
	for (int i = 0; i < nspecs; i++) {
		const struct ad_spec *s = &specs[i];

		/* USDT probes are attached by the loader (tb_attach_usdt) */
		for (int j = 0; s->probe.kind != TB_SPEC_USDT && j < s->ntargets; j++) {
			struct tb_spec_target t = { .kind = s->probe.kind, .where = s->targets[j].where,
						    .name = s->targets[j].name };
			char entry_fn[128];

			if (tb_spec_attach(prog, &t, s->fn, (int)env.pid))
				return -1;
			if (!s->entry)
				continue;
			t.kind = t.kind == TB_SPEC_URETPROBE ? TB_SPEC_UPROBE : TB_SPEC_KPROBE;
			snprintf(entry_fn, sizeof(entry_fn), "%s_entry", s->fn);
			if (tb_spec_attach(prog, &t, entry_fn, (int)env.pid))
				return -1;
		}
	}
	return 0;
}

/*
 * Printing.
 */

static const char *title(const struct ad_spec *s)
{
	return s->label && *s->label ? s->label : s->raw;
}

static unsigned long long field_number(const struct ad_field *f, const unsigned char *key)
{
	unsigned long long u = 0;

	memcpy(&u, key + f->off, f->size); /* little-endian: the low bytes first */
	if (f->is_signed && f->size < 8 && (u >> (f->size * 8 - 1)) & 1)
		u |= ~0ull << (f->size * 8);
	return u;
}

static void field_text(FILE *fp, const struct ad_field *f, const unsigned char *key, bool json)
{
	unsigned long long v;

	if (f->value == AD_STR) {
		char s[257];

		memcpy(s, key + f->off, f->size);
		s[f->size] = 0;
		if (json)
			tb_json_string(fp, s);
		else
			fputs(s, fp);
		return;
	}
	v = field_number(f, key);
	if (f->value == AD_PTR && !json)
		fprintf(fp, "0x%llx", v);
	else
		fprintf(fp, f->is_signed ? "%lld" : "%llu", v);
}

static int field_cmp(const struct ad_field *f, const unsigned char *a, const unsigned char *b)
{
	unsigned long long x, y;

	if (f->value == AD_STR)
		return strncmp((const char *)a + f->off, (const char *)b + f->off, f->size);
	x = field_number(f, a);
	y = field_number(f, b);
	if (f->is_signed)
		return (long long)x < (long long)y ? -1 : (long long)x > (long long)y;
	return x < y ? -1 : x > y;
}

/* BCC's order: ascending counts (the busiest last); equal counts by value, for a stable
 * output */
static int rec_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct ad_spec *s = ctx;
	const unsigned char *a = *(unsigned char *const *)pa, *b = *(unsigned char *const *)pb;
	uint64_t ca, cb;

	memcpy(&ca, a + s->key_size, sizeof(ca));
	memcpy(&cb, b + s->key_size, sizeof(cb));
	if (ca != cb)
		return ca < cb ? -1 : 1;
	for (int i = 0; i < s->nfields; i++) {
		int c = field_cmp(&s->fields[i], a, b);

		if (c)
			return c;
	}
	return 0;
}

static void print_event(FILE *fp, const struct ad_spec *s, const unsigned char *key)
{
	if (s->default_expr && !is_return(s)) {
		fputs("total calls", fp);
		return;
	}
	for (int i = 0; i < s->nfields; i++) {
		fprintf(fp, "%s%s = ", i ? ", " : "", s->default_expr ? "retval" : s->fields[i].display);
		field_text(fp, &s->fields[i], key, false);
	}
}

static void json_head(FILE *fp, const struct ad_spec *s, time_t now, const char *kind)
{
	fputs("{\"ts\":", fp);
	tb_hist_json_ts(fp, now);
	fputs(",\"probe\":", fp);
	tb_json_string(fp, title(s));
	fprintf(fp, ",\"type\":\"%s\"", kind);
}

static int print_freq(FILE *fp, struct tb_prog *prog, const struct ad_spec *s, time_t now)
{
	int fd = tb_table_fd(prog, s->map);
	size_t ks = tb_table_key_size(prog, s->map);
	struct tb_map_records r = { 0 };
	const unsigned char **sorted;
	size_t first = 0;
	int err;

	if (fd < 0)
		return -1;
	if (ks != s->key_size) {
		tb_error("failed to read the counts of '%s': its key is %zu bytes, argdist expected "
			 "%zu (a --bpf-file that changed the types?)", s->raw, ks, s->key_size);
		return -1;
	}
	err = tb_map_read_all(fd, ks, sizeof(uint64_t), !env.cumulative, &r);
	if (err) {
		tb_error("failed to read the counts of '%s': %s", s->raw, strerror(-err));
		return -1;
	}
	sorted = calloc(r.n ? r.n : 1, sizeof(*sorted));
	if (!sorted) {
		tb_map_records_free(&r);
		tb_error("failed to read the counts of '%s': out of memory", s->raw);
		return -1;
	}
	for (size_t i = 0; i < r.n; i++)
		sorted[i] = r.recs + i * r.rec_size;
	qsort_r(sorted, r.n, sizeof(*sorted), rec_cmp, (void *)s);
	if (env.top && r.n > (size_t)env.top)
		first = r.n - env.top;
	if (tb_common.json) {
		json_head(fp, s, now, "count");
		fputs(",\"counts\":[", fp);
	} else {
		fprintf(fp, "%s\n\t%-10s %s\n", title(s), "COUNT", "EVENT");
	}
	for (size_t i = first; i < r.n; i++) {
		uint64_t count;

		memcpy(&count, sorted[i] + s->key_size, sizeof(count));
		if (!tb_common.json) {
			fprintf(fp, "\t%-10llu ", (unsigned long long)count);
			print_event(fp, s, sorted[i]);
			fputc('\n', fp);
			continue;
		}
		fprintf(fp, "%s{\"count\":%llu,\"values\":{", i > first ? "," : "",
			(unsigned long long)count);
		/* "total calls" has no value to show */
		for (int j = 0; !(s->default_expr && !is_return(s)) && j < s->nfields; j++) {
			fputs(j ? "," : "", fp);
			tb_json_string(fp, s->default_expr ? "retval" : s->fields[j].display);
			fputc(':', fp);
			field_text(fp, &s->fields[j], sorted[i], true);
		}
		fputs("}}", fp);
	}
	if (tb_common.json)
		fputs("]}\n", fp);
	free(sorted);
	tb_map_records_free(&r);
	return 0;
}

static int print_hist(FILE *fp, struct tb_prog *prog, const struct ad_spec *s, time_t now)
{
	struct tb_hist_set set = { 0 };
	const char *unit = s->default_expr ? "retval" : s->fields[0].display;
	const uint64_t *slots = NULL;
	int err = tb_hist_read(prog, s->map, &set, !env.cumulative);

	if (err)
		return err;
	if (set.n)
		slots = set.hists[0].slots;
	if (tb_common.json) {
		json_head(fp, s, now, "hist");
		fputs(",\"expr\":", fp);
		tb_json_string(fp, unit);
		fprintf(fp, ",\"total\":%llu,\"buckets\":",
			(unsigned long long)(set.n ? set.hists[0].total : 0));
		if (slots)
			tb_hist_json_log2(fp, slots, TB_HIST_LOG2_SLOTS);
		else
			fputs("[]", fp);
		fputs("}\n", fp);
	} else {
		fprintf(fp, "%s\n", title(s));
		if (slots)
			tb_hist_print_log2(fp, slots, TB_HIST_LOG2_SLOTS, unit, false);
	}
	tb_hist_set_free(&set);
	return 0;
}

static int print_interval(void *ctx, FILE *fp, time_t now)
{
	if (!tb_common.json) {
		char hms[16] = "";
		struct tm tm;

		if (localtime_r(&now, &tm))
			strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
		fprintf(fp, "[%s]\n", hms);
	}
	for (int i = 0; i < nspecs; i++) {
		int err = specs[i].kind == AD_HIST ? print_hist(fp, ctx, &specs[i], now) :
						     print_freq(fp, ctx, &specs[i], now);
		if (err)
			return err;
	}
	return 0;
}

/* The loader's interval loop, without the blank line it prints before each text output:
 * argdist's "[HH:MM:SS]" header follows the previous table directly, as in BCC (its JSON mode
 * prints nothing between outputs; print_interval writes text or JSON itself). */
static int run(struct tb_prog *prog)
{
	struct tb_interval_opts opts = interval;

	opts.json = true;
	opts.ctx = prog;
	return tb_interval_run(prog, &opts);
}

/* the program takes the USDT context over (NULL when no specifier is USDT) */
static int open_usdt(struct tb_usdt **out)
{
	*out = usdt;
	usdt = NULL;
	return 0;
}

static void cleanup(void)
{
	tb_usdt_close(usdt); /* not handed over: --dump-bpf, or a failed start */
	usdt = NULL;
	for (int i = 0; i < nspecs; i++)
		spec_free(&specs[i]);
	nspecs = 0;
	free(program);
	program = NULL;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(argdist),
	.generate = generate,
	.argp = &argp,
	.open_usdt = open_usdt,
	.attach = attach,
	.watch_pid = &env.pid,
	.run = run,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(argdist, tool)
