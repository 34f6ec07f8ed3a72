/* trace: print a message per call of a user function, tracepoint or USDT probe, with a filter,
 * as BCC's trace. Each probe on the command line becomes one generated BPF function sending
 * one event (trace.h: a head and that probe's values at fixed offsets); the message is
 * formatted here with the probe's format string. */
#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bcc/bcc_usdt.h>

#include "tracebox.h"
#include "trace.h"

_Static_assert(sizeof(struct tbtrace_head) == 48 && sizeof(struct tbtrace_event) == 48 + TB_TRACE_DATA,
	       "struct tbtrace_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(trace);

#define MAX_PROBES 32
#define MAX_VALUES 16 /* conversions in one format string */
#define MAX_INCLUDES 16
#define MAX_FRAMES 127

/* --- a growing string, for the program --- */
struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

/* What a conversion stores (8 bytes, or -Z for a string) and how it prints. */
enum vtype { V_SIGNED, V_UNSIGNED, V_CHAR, V_PTR, V_STR, V_KSYM, V_USYM };

struct conv {
	enum vtype type;
	const char *ctype; /* the C type the value is cast to in BPF, as C's printf would */
	char spec[24];     /* the conversion for snprintf, widened to long long */
	char *lit;         /* the text before it (malloc'd) */
	char *expr;        /* the argument, rewritten for BPF (malloc'd) */
	unsigned off;      /* where in trace_event.data */
	char *data_loc;    /* %s of a tracepoint's __data_loc string: the field's name */
};

struct probe {
	struct tb_probe_spec spec;
	char fn[32];           /* its BPF function: trace_probe_N */
	char *where, *name, *path; /* the target tb_spec_expand found */
	char *signature;       /* "(int a, char *s)" without parentheses, or NULL */
	char *predicate;       /* rewritten, or NULL */
	bool has_format;
	int nconv;
	struct conv conv[MAX_VALUES];
	char *tail;            /* the format's text after the last conversion */
	unsigned size;         /* bytes of values */
	unsigned usdt_args;    /* bit N: argN is read (USDT) */
	int usdt_size[13];     /* USDT argument sizes, negative when signed */
	struct buf helpers;    /* STRCMP's functions, written before the probe's */
	int nstreq;
};

static struct env {
	long pid;          /* -p: process (tgid), -1 all */
	long tid;          /* -L: thread, -1 all */
	long uid;          /* --uid, -1 all */
	int string_size;   /* -Z */
	bool include_self; /* -S */
	long max_events;   /* -M, 0 = no limit */
	enum tb_time_mode time_mode;
	bool print_cpu;    /* -C */
	bool unix_time;    /* -u */
	const char *cgroup; /* -c: a cgroup v2 directory */
	const char *name;  /* -n: comm contains */
	const char *msg_filter; /* -f: message contains */
	bool kstack, ustack, address; /* -K -U -a */
	bool bin_cmp;      /* -B: STRCMP("{0x6C, 0x00}", ...) compares bytes */
	bool aggregate;    /* -A: count identical events, print them at the end */
	const char *sym_files; /* -s: -U's frames named by build id from these files */
	const char *includes[MAX_INCLUDES];
	int nincludes;
	const char *texts[MAX_PROBES];
	int ntexts;
} env = { .pid = -1, .tid = -1, .uid = -1, .string_size = 80 };

static struct probe probes[MAX_PROBES];
static int nprobes;
static char *program;
static long printed;
static struct tb_stacks *stacks;
static struct tb_bid_stacks *bid_stacks; /* -s -U */

const char *argp_program_version = "trace (tracebox) 0.1";
static const char doc[] =
	"Attach to functions, tracepoints and USDT probes and print trace messages.\n"
	"\n"
	"PROBE: [{p,r}]:LIBRARY:FUNCTION[(SIGNATURE)] [(PREDICATE)] [\"FORMAT\"[, ARGS...]]\n"
	"       t:CATEGORY:EVENT [(PREDICATE)] [\"FORMAT\"[, ARGS...]]\n"
	"       u:LIBRARY:[PROVIDER:]PROBE [(PREDICATE)] [\"FORMAT\"[, ARGS...]]\n"
	"ARGS and PREDICATE are C expressions over arg1..arg6, retval (r: probes), args->FIELD\n"
	"(tracepoints), $pid $tgid $uid $gid $cpu $task. FORMAT takes %d %i %u %x %X %c %p %s\n"
	"(with h, hh, l, ll lengths, flags and widths); %s reads a string from the address;\n"
	"%K and %U print the symbol of a kernel or user address.\n"
	"This kernel's functions (p::FUNC, r::FUNC) need kprobes.\n"
	"\n"
	"EXAMPLES:\n"
	"    trace 'c:malloc \"size = %d\", arg1'      # libc malloc calls and the size asked for\n"
	"    trace 'r:c:malloc (retval) \"allocated = %x\", retval'   # non-NULL results\n"
	"    trace 'p:c:write (arg1 == 1) \"writing %d bytes to STDOUT\", arg3'\n"
	"    trace 'c:open (arg2 == 42) \"%s %d\", arg1, arg2'   # open() with flags 42 only\n"
	"    trace 't:syscalls:sys_enter_openat \"%s\", args->filename'   # files opened\n"
	"    trace 't:block:block_rq_complete \"sectors=%d\", args->nr_sector'\n"
	"    trace 'u:pthread:pthread_create (arg4 != 0)'   # USDT probe, 4th argument non-zero\n"
	"    trace -p 1234 'r:/bin/bash:readline \"%s\", retval'   # one process's lines\n"
	"    trace -M 10 -T 'c:malloc' 'c:free'          # two probes, 10 events, with time\n"
	"    trace -U 'c:malloc \"%d\", arg1'            # with the user stack of each call\n"
	"    trace -A -M 1000 -U 'c:malloc'          # the 1000 calls counted by distinct stack\n"
	"    trace -s /lib/x86_64-linux-gnu/libc.so.6,/bin/ping -U 'p:c:inet_pton'   # stacks of\n"
	"                                            # processes that exit at once, by build id\n"
	"    trace -B 'c:setsockopt (STRCMP(\"{0x6C, 0x00, 0x00, 0x00}\", arg4))'   # value 108\n"
	"    trace --json 'c:malloc \"%d\", arg1'        # one JSON object per event\n"
	"    trace --dump-bpf 'c:malloc \"%d\", arg1'    # the program written for these probes";

enum { OPT_UID = 0x100 };

static const struct argp_option options[] = {
	{ "buffer-pages", 'b', "PAGES", 0, "Perf buffer size per CPU in pages, a power of 2 "
					   "(as --perf-pages)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this process only", 0 },
	{ "tid", 'L', "TID", 0, "Trace this thread only", 0 },
	{ "uid", OPT_UID, "UID", 0, "Trace this user only (a number or a user name)", 0 },
	{ "string-size", 'Z', "SIZE", 0, "Bytes read from strings (default 80)", 0 },
	{ "include-self", 'S', NULL, 0, "Do not filter trace's own process out", 0 },
	{ "max-events", 'M', "N", 0, "Stop after N events printed", 0 },
	{ "timestamp", 't', NULL, 0, "Print a TIME(s) column: seconds since trace started", 0 },
	{ "time", 'T', NULL, 0, "Print a TIME column (HH:MM:SS)", 0 },
	{ "unix-timestamp", 'u', NULL, 0, "Print a TIME column of UNIX timestamps (seconds, "
					    "6 decimals) instead", 0 },
	{ "print_cpu", 'C', NULL, 0, "Print the CPU column", 0 },
	{ "cgroup-path", 'c', "CGROUP_PATH", 0, "Trace the processes of this cgroup (v2) and its "
					       "descendants only", 0 },
	{ "name", 'n', "NAME", 0, "Only print events of processes whose name contains NAME", 0 },
	{ "msg-filter", 'f', "TEXT", 0, "Only print events whose message contains TEXT", 0 },
	{ "kernel-stack", 'K', NULL, 0, "Print the kernel stack of each event", 0 },
	{ "user-stack", 'U', NULL, 0, "Print the user stack of each event", 0 },
	{ "address", 'a', NULL, 0, "Print addresses in stacks", 0 },
	{ "aggregate", 'A', NULL, 0, "Count identical events (line and stacks) and print each once "
				     "with its count, at -M events or the end", 0 },
	{ "sym_file_list", 's', "SYM_FILE_LIST", 0, "Comma-separated binaries and libraries that "
						"name -U's frames by build id (even after the process exited)", 0 },
	{ "bin_cmp", 'B', NULL, 0, "STRCMP(\"{0x6C, 0x00}\", EXPR) compares those bytes (binary "
				   "values) at EXPR", 0 },
	{ "include", 'I', "HEADER", 0, "Include HEADER in the program (a path or <dir/file.h> "
				       "of the kernel's headers); may be repeated", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'b': err = tb_parse_int(arg, 1, 1 << 20, "buffer pages", &tb_common.perf_pages);
		if (!err && (tb_common.perf_pages & (tb_common.perf_pages - 1))) {
			tb_error("invalid buffer pages '%s': expected a power of 2", arg);
			err = -1;
		}
		break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'L': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case OPT_UID: err = tb_parse_user(arg, &env.uid); break;
	case 'Z': err = tb_parse_int(arg, 1, 1024, "string size", &env.string_size); break;
	case 'S': env.include_self = true; break;
	case 'M': err = tb_parse_long(arg, 1, 1L << 40, "max events", &env.max_events); break;
	case 't': env.time_mode = TB_TIME_RELATIVE; break;
	case 'T': env.time_mode = TB_TIME_CLOCK; break;
	case 'C': env.print_cpu = true; break;
	case 'u': env.unix_time = true; break;
	case 'c': env.cgroup = arg; break;
	case 'n': env.name = arg; break;
	case 'f': env.msg_filter = arg; break;
	case 'K': env.kstack = true; break;
	case 'U': env.ustack = true; break;
	case 'a': env.address = true; break;
	case 'B': env.bin_cmp = true; break;
	case 'A': env.aggregate = true; break;
	case 's': env.sym_files = arg; break;
	case 'I':
		if (env.nincludes == MAX_INCLUDES) {
			tb_error("too many -I headers: at most %d", MAX_INCLUDES);
			err = -1;
		} else {
			env.includes[env.nincludes++] = arg;
		}
		break;
	case ARGP_KEY_ARG:
		if (env.ntexts == MAX_PROBES) {
			tb_error("too many probes: at most %d", MAX_PROBES);
			err = -1;
		} else {
			env.texts[env.ntexts++] = arg;
		}
		break;
	case ARGP_KEY_END:
		if (!env.ntexts) {
			tb_error("no probe given: expected at least one (trace --help shows the syntax)");
			err = -1;
		} else if (env.pid > 0 && env.tid > 0) {
			tb_error("only one of -p and -L may be given");
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

static const struct argp argp = { options, parse_opt, "PROBE...", doc, tb_common_children, NULL,
				  NULL };


static void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

/* --- the probe's text after the spec: signature, predicate, format, arguments --- */

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* BCC's aliases: what an expression may name besides the C it is. Returns the rewritten
 * text (malloc'd), or NULL after one error line naming the probe and the word. */
static char *rewrite_expr(struct probe *p, const char *in, const char *what);

/* BCC's STRCMP("literal", expr): true when the string at expr is the literal (-B: the bytes
 * {N, ...} are). A function before the probe's compares (loader's tb_streq); *s is past
 * "STRCMP"; returns the call's text (malloc'd) and moves *s past its ')', or NULL after one
 * error. */
static char *rewrite_strcmp(struct probe *p, const char **s, const char *what)
{
	struct tb_streq q;
	char name[64], *arg, *expr, *fn, *call = NULL;

	if (tb_streq_parse(*s, env.bin_cmp, &q)) {
		tb_error("probe '%s': %s: expected STRCMP(\"TEXT\", EXPRESSION) with TEXT of 1 to %d "
			 "bytes%s", p->spec.text, what, TB_STREQ_MAX,
			 env.bin_cmp ? " or bytes {N, N...}" : "");
		return NULL;
	}
	arg = strndup(q.expr, q.expr_len);
	expr = arg ? rewrite_expr(p, arg, what) : NULL;
	free(arg);
	if (!expr)
		return NULL;
	snprintf(name, sizeof(name), "%s_streq_%d", p->fn, p->nstreq++);
	fn = tb_streq_function(name, &q, p->spec.kind == TB_SPEC_TRACEPOINT ? TB_STREQ_ANY :
									     TB_STREQ_USER);
	if (fn)
		bprintf(&p->helpers, "%s", fn);
	if (!fn || asprintf(&call, "%s((const void *)(%s))", name, expr) < 0)
		call = NULL;
	free(fn);
	free(expr);
	if (call)
		*s = q.end;
	else
		tb_error("failed to write probe '%s': out of memory", p->spec.text);
	return call;
}

static char *rewrite_expr(struct probe *p, const char *in, const char *what)
{
	struct buf b = { 0 };
	const char *s = in;
	enum tb_spec_kind k = p->spec.kind;

	while (*s) {
		if (*s == '"' || *s == '\'') { /* literals stay as they are */
			char q = *s;
			const char *e = s + 1;

			while (*e && *e != q)
				e += (*e == '\\' && e[1]) ? 2 : 1;
			if (*e)
				e++;
			bprintf(&b, "%.*s", (int)(e - s), s);
			s = e;
			continue;
		}
		bool member = s > in && (s[-1] == '.' || (s[-1] == '>' && s - in > 1 && s[-2] == '-'));
		if ((!is_ident(*s) && *s != '$') || member || (s > in && is_ident(s[-1]))) {
			/* a member name, or the middle of a word: copy the word whole */
			size_t n = 1;

			if (is_ident(*s) || *s == '$')
				while (is_ident(s[n]))
					n++;
			bprintf(&b, "%.*s", (int)n, s);
			s += n;
			continue;
		}
		size_t n = 1;

		while (is_ident(s[n]))
			n++;
		int argn = 0;

		if (n >= 4 && n <= 5 && !strncmp(s, "arg", 3) && isdigit((unsigned char)s[3]) &&
		    (n == 4 || isdigit((unsigned char)s[4])) && s[3] != '0')
			argn = atoi(s + 3);
		if (argn) {
			if (k == TB_SPEC_TRACEPOINT) {
				tb_error("probe '%s': %s names arg%d, which a tracepoint has not: use "
					 "args->FIELD (its format file lists the fields)", p->spec.text,
					 what, argn);
				goto fail;
			}
			if (k == TB_SPEC_USDT) {
				if (argn > 12 || p->usdt_size[argn] == 0) {
					tb_error("probe '%s': %s names arg%d, but USDT probe %s has %d "
						 "argument(s)", p->spec.text, what, argn, p->name,
						 p->usdt_size[0]);
					goto fail;
				}
				p->usdt_args |= 1u << argn;
				bprintf(&b, "__arg%d", argn);
			} else {
				if (argn > 6) {
					tb_error("probe '%s': %s names arg%d: trace reads arg1 to arg6 "
						 "of a function", p->spec.text, what, argn);
					goto fail;
				}
				bprintf(&b, "PT_REGS_PARM%d(ctx)", argn);
			}
			s += n;
			if (!strncmp(s, "@user", 5)) /* BCC's mark for a user pointer: all are here */
				s += 5;
			continue;
		}
		if (n == 6 && !strncmp(s, "STRCMP", 6)) {
			const char *after = s + n;
			char *call = rewrite_strcmp(p, &after, what);

			if (!call)
				goto fail;
			bprintf(&b, "%s", call);
			free(call);
			s = after;
			continue;
		}
		if (n == 6 && !strncmp(s, "retval", 6)) {
			if (k != TB_SPEC_URETPROBE && k != TB_SPEC_KRETPROBE) {
				tb_error("probe '%s': %s names retval, which only a return probe (r:) "
					 "has", p->spec.text, what);
				goto fail;
			}
			bprintf(&b, "PT_REGS_RC(ctx)");
			s += n;
			continue;
		}
		if (*s == '$') {
			static const char *const vars[][2] = {
				{ "$uid", "(unsigned)(bpf_get_current_uid_gid() & 0xffffffff)" },
				{ "$gid", "(unsigned)(bpf_get_current_uid_gid() >> 32)" },
				{ "$pid", "(unsigned)(bpf_get_current_pid_tgid() & 0xffffffff)" },
				{ "$tgid", "(unsigned)(bpf_get_current_pid_tgid() >> 32)" },
				{ "$cpu", "bpf_get_smp_processor_id()" },
				{ "$task", "((struct task_struct *)bpf_get_current_task())" },
			};
			size_t i;

			for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
				if (strlen(vars[i][0]) == n && !strncmp(s, vars[i][0], n))
					break;
			if (i == sizeof(vars) / sizeof(vars[0])) {
				tb_error("probe '%s': unknown variable '%.*s' in %s (trace knows $pid "
					 "$tgid $uid $gid $cpu $task)", p->spec.text, (int)n, s, what);
				goto fail;
			}
			bprintf(&b, "%s", vars[i][1]);
			s += n;
			continue;
		}
		bprintf(&b, "%.*s", (int)n, s);
		s += n;
	}
	if (b.oom || !b.s) {
		free(b.s);
		return strdup("");
	}
	return b.s;
fail:
	free(b.s);
	return NULL;
}

/* One conversion at *f (after its '%'): BCC's d u x lu llu ld lld hu hd lx llx c s, plus i X p
 * and C's flags and width. Moves *f past it; -1 when it is none of these. */
static int parse_conv(const char **f, struct conv *c)
{
	const char *s = *f, *start = s;
	char len[3] = "";
	int nl = 0;

	while (*s && strchr("-+ #0", *s))
		s++;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++;
	}
	size_t flags = s - start;

	while ((*s == 'h' || *s == 'l') && nl < 2 && (!nl || *s == len[0]))
		len[nl++] = *s++;
	if (!*s || flags > 12)
		return -1;
	switch (*s) {
	case 'd': case 'i':
		c->type = V_SIGNED;
		c->ctype = !nl ? "int" : len[0] == 'h' ? (nl == 2 ? "signed char" : "short") :
			   nl == 1 ? "long" : "long long";
		snprintf(c->spec, sizeof(c->spec), "%%%.*sll%c", (int)flags, start, *s);
		break;
	case 'u': case 'x': case 'X':
		c->type = V_UNSIGNED;
		c->ctype = !nl ? "unsigned int" : len[0] == 'h' ?
			   (nl == 2 ? "unsigned char" : "unsigned short") :
			   nl == 1 ? "unsigned long" : "unsigned long long";
		snprintf(c->spec, sizeof(c->spec), "%%%.*sll%c", (int)flags, start, *s);
		break;
	case 'c':
		if (nl)
			return -1;
		c->type = V_CHAR;
		c->ctype = "char";
		snprintf(c->spec, sizeof(c->spec), "%%%.*sc", (int)flags, start);
		break;
	case 'p':
		if (nl)
			return -1;
		c->type = V_PTR;
		c->ctype = "unsigned long";
		snprintf(c->spec, sizeof(c->spec), "%%%.*sp", (int)flags, start);
		break;
	case 'K': case 'U': /* BCC's: the symbol of a kernel or user address */
		if (nl)
			return -1;
		c->type = *s == 'K' ? V_KSYM : V_USYM;
		c->ctype = "unsigned long long";
		snprintf(c->spec, sizeof(c->spec), "%%%.*ss", (int)flags, start);
		break;
	case 's':
		if (nl)
			return -1;
		c->type = V_STR;
		c->ctype = "char *";
		snprintf(c->spec, sizeof(c->spec), "%%%.*ss", (int)flags, start);
		break;
	default:
		return -1;
	}
	*f = s + 1;
	return 0;
}

/* Splits the format into literal text and conversions. */
static int parse_format(struct probe *p, const char *fmt)
{
	struct buf lit = { 0 };
	const char *f = fmt;

	while (*f) {
		if (*f != '%') {
			bprintf(&lit, "%c", *f++);
			continue;
		}
		if (f[1] == '%') {
			bprintf(&lit, "%%");
			f += 2;
			continue;
		}
		const char *at = f++;

		if (p->nconv == MAX_VALUES) {
			tb_error("probe '%s': the format has more than %d conversions", p->spec.text,
				 MAX_VALUES);
			free(lit.s);
			return -1;
		}
		if (parse_conv(&f, &p->conv[p->nconv])) {
			int n = 1 + (int)strspn(at + 1, "-+ #0123456789.hlLqjzt");

			if (at[n])
				n++;
			tb_error("probe '%s': bad format: '%.*s' is not a conversion trace knows (%%d "
				 "%%i %%u %%x %%X %%c %%p %%s %%K %%U, with h, hh, l, ll)", p->spec.text, n, at);
			free(lit.s);
			return -1;
		}
		p->conv[p->nconv++].lit = lit.s ? lit.s : strdup("");
		memset(&lit, 0, sizeof(lit));
	}
	p->tail = lit.s ? lit.s : strdup("");
	return 0;
}

/* The end of one argument: a ',' outside parentheses, brackets and literals. */
static const char *arg_end(const char *s)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '"' || *s == '\'') {
			char q = *s;

			for (s++; *s && *s != q; s++)
				if (*s == '\\' && s[1])
					s++;
			if (!*s)
				return s;
		} else if (*s == '(' || *s == '[') {
			depth++;
		} else if (*s == ')' || *s == ']') {
			depth--;
		} else if (*s == ',' && depth <= 0) {
			return s;
		}
	}
	return s;
}

static char *trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return strndup(s, n);
}

/* (predicate) "format", args... */
static int parse_rest(struct probe *p, const char *rest)
{
	const char *s = rest;

	if (*s == '(') {
		int depth = 0;
		const char *e = s;

		for (; *e; e++) {
			if (*e == '(')
				depth++;
			else if (*e == ')' && !--depth)
				break;
		}
		if (!*e) {
			tb_error("probe '%s': the predicate '%s' has no closing ')'", p->spec.text, s);
			return -1;
		}
		char *pred = strndup(s + 1, e - s - 1);

		p->predicate = pred ? rewrite_expr(p, pred, "the predicate") : NULL;
		free(pred);
		if (!p->predicate)
			return -1;
		s = e + 1;
		while (isspace((unsigned char)*s))
			s++;
	}
	if (!*s)
		return 0;
	if (*s != '"') {
		tb_error("probe '%s': expected a \"format string\" at '%s'", p->spec.text, s);
		return -1;
	}
	/* the format, its \" unescaped (the shell has handed the rest as it is) */
	struct buf fmt = { 0 };
	const char *e = s + 1;

	for (; *e && *e != '"'; e++) {
		if (*e == '\\' && e[1] == '"')
			e++;
		bprintf(&fmt, "%c", *e);
	}
	if (!*e) {
		tb_error("probe '%s': bad format: the string %s has no closing '\"'", p->spec.text, s);
		free(fmt.s);
		return -1;
	}
	p->has_format = true;
	int err = parse_format(p, fmt.s ? fmt.s : "");

	free(fmt.s);
	if (err)
		return -1;
	s = e + 1;
	while (isspace((unsigned char)*s))
		s++;
	int nargs = 0;

	if (*s && *s != ',') {
		tb_error("probe '%s': expected ',' and arguments after the format, not '%s'",
			 p->spec.text, s);
		return -1;
	}
	while (*s == ',') {
		const char *end = arg_end(s + 1);
		char *arg = trimmed(s + 1, end - s - 1);

		if (!arg || !*arg) {
			tb_error("probe '%s': an empty argument after ','", p->spec.text);
			free(arg);
			return -1;
		}
		if (nargs < p->nconv) {
			char what[32];

			snprintf(what, sizeof(what), "argument %d", nargs + 1);
			p->conv[nargs].expr = rewrite_expr(p, arg, what);
			if (!p->conv[nargs].expr) {
				free(arg);
				return -1;
			}
		}
		free(arg);
		nargs++;
		s = end;
	}
	if (nargs != p->nconv) {
		tb_error("probe '%s': the format has %d conversion%s but %d argument%s %s given",
			 p->spec.text, p->nconv, p->nconv == 1 ? "" : "s", nargs,
			 nargs == 1 ? "" : "s", nargs == 1 ? "was" : "were");
		return -1;
	}
	return 0;
}

/* tb_spec_expand's callback: trace takes one target per probe, as BCC. */
static int on_target(void *ctx, const struct tb_spec_target *t)
{
	struct probe *p = ctx;

	if (p->name) {
		tb_error("probe '%s': matches more than one %s (%s and %s): trace takes one; name it "
			 "exactly", p->spec.text, tb_spec_kind_name(t->kind), p->name, t->name);
		return -1;
	}
	/* a binary's path comes absolute from the loader (tb_resolve_binary) */
	p->where = t->where ? strdup(t->where) : NULL;
	p->name = strdup(t->name);
	p->path = t->path ? strdup(t->path) : NULL;
	return 0;
}

/* A USDT probe's argument sizes, from its first location: bpf_usdt_readarg wants a
 * destination of the argument's size. usdt_size[0] is the count. */
static int usdt_sizes(struct probe *p)
{
	void *u = env.pid > 0 ? bcc_usdt_new_frompid((int)env.pid, p->path) :
				bcc_usdt_new_frompath(p->path);
	struct bcc_usdt_argument a;

	if (!u) {
		tb_error("probe '%s': cannot read the USDT probes of %s", p->spec.text, p->path);
		return -1;
	}
	for (int i = 0; i < 12; i++) {
		memset(&a, 0, sizeof(a));
		if (bcc_usdt_get_argument(u, p->where, p->name, 0, i, &a))
			break;
		p->usdt_size[i + 1] = a.size ? a.size : 8;
		p->usdt_size[0] = i + 1;
	}
	bcc_usdt_close(u);
	return 0;
}

/* Whether field of the probe's tracepoint is a __data_loc string (sched_process_exec's
 * filename): its value is an offset into the record, which libbcc names data_loc_FIELD. */
static bool tp_data_loc(const struct probe *p, const char *field)
{
	const char *tracefs = tb_tracefs();
	char path[512], line[512], want[160];
	bool found = false;
	FILE *f;

	if (!tracefs)
		return false;
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", tracefs, p->where, p->name);
	snprintf(want, sizeof(want), "__data_loc char[] %s;", field);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, want) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* %s of args->FIELD or args->data_loc_FIELD where FIELD is a __data_loc string */
static int find_data_locs(struct probe *p)
{
	for (int i = 0; i < p->nconv; i++) {
		struct conv *c = &p->conv[i];
		const char *f = c->expr;

		if (c->type != V_STR || strncmp(f, "args->", 6))
			continue;
		f += 6;
		if (!*f || strspn(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
				   strlen(f))
			continue;
		if (!strncmp(f, "data_loc_", 9))
			f += 9;
		if (tp_data_loc(p, f) && !(c->data_loc = strdup(f)))
			return -1;
	}
	return 0;
}

static int parse_probe(struct probe *p, const char *text, int index)
{
	size_t speclen;

	if (tb_probe_spec_parse(text, TB_SPEC_RETURN | TB_SPEC_REST, &p->spec))
		return -1;
	snprintf(p->fn, sizeof(p->fn), "trace_probe_%d", index);
	/* a signature follows the function with no space: "fn(int a)" */
	speclen = strlen(p->spec.text);
	const char *rest = p->spec.rest;

	if (text[speclen] == '(') {
		const char *e = strchr(text + speclen, ')');

		if (p->spec.kind == TB_SPEC_TRACEPOINT || p->spec.kind == TB_SPEC_USDT) {
			tb_error("probe '%s': USDT and tracepoint probes take no signature: use "
				 "arg1, arg2... or args->FIELD", p->spec.text);
			return -1;
		}
		if (!e) {
			tb_error("probe '%s': the signature '%s' has no closing ')'", p->spec.text,
				 text + speclen);
			return -1;
		}
		p->signature = strndup(text + speclen + 1, e - text - speclen - 1);
		rest = e + 1;
		while (isspace((unsigned char)*rest))
			rest++;
	}
	/* what exists here, early: a wrong name fails before a second of compiling */
	if (tb_spec_expand(&p->spec, false, env.pid > 0 ? (int)env.pid : 0, on_target, p) < 0)
		return -1;
	if (p->spec.kind == TB_SPEC_USDT && usdt_sizes(p))
		return -1;
	if (parse_rest(p, rest))
		return -1;
	if (p->spec.kind == TB_SPEC_TRACEPOINT && find_data_locs(p))
		return -1;
	for (int i = 0; i < p->nconv; i++) {
		p->conv[i].off = p->size;
		p->size += p->conv[i].type == V_STR ? (unsigned)(env.string_size + 7) / 8 * 8 : 8;
	}
	if (p->size > TB_TRACE_DATA) {
		tb_error("probe '%s': its values take %u bytes, more than %d: lower -Z (%d)",
			 p->spec.text, p->size, TB_TRACE_DATA, env.string_size);
		return -1;
	}
	return 0;
}

/* --- the program --- */

static const char *usdt_ctype(int size)
{
	switch (size) {
	case 1: return "u8";
	case -1: return "s8";
	case 2: return "u16";
	case -2: return "s16";
	case 4: return "u32";
	case -4: return "s32";
	case -8: return "s64";
	default: return "u64";
	}
}

static void gen_probe(struct buf *b, const struct probe *p, int index)
{
	const char *ctx = "ctx";
	bool user = p->spec.kind != TB_SPEC_TRACEPOINT; /* strings of a uprobe are the process's */

	bprintf(b, "\n/* %s */\n", p->spec.text);
	if (p->helpers.s)
		bprintf(b, "%s", p->helpers.s);
	if (p->spec.kind == TB_SPEC_TRACEPOINT) {
		/* named after the probe, not TRACEPOINT_PROBE's: two probes may share an event.
		 * libbcc declares the event's struct for each function taking it: a second one
		 * takes the context untyped */
		bool again = false;

		for (const struct probe *q = probes; q < p; q++)
			again |= q->spec.kind == TB_SPEC_TRACEPOINT && !strcmp(q->where, p->where) &&
				 !strcmp(q->name, p->name);
		if (again)
			bprintf(b, "int %s(void *__ctx)\n{\n\tstruct tracepoint__%s__%s *args = "
				   "__ctx;\n", p->fn, p->where, p->name);
		else
			bprintf(b, "int %s(struct tracepoint__%s__%s *args)\n{\n", p->fn, p->where,
				p->name);
		ctx = "args";
	} else {
		bprintf(b, "int %s(struct pt_regs *ctx%s%s)\n{\n", p->fn, p->signature ? ", " : "",
			p->signature ? p->signature : "");
	}
	bprintf(b, "\tu64 __pid_tgid = bpf_get_current_pid_tgid();\n"
		   "\tu32 __tgid = __pid_tgid >> 32, __pid = (u32)__pid_tgid;\n"
		   "\tu32 __uid = (u32)bpf_get_current_uid_gid();\n"
		   "\tu32 __zero = 0;\n");
	bprintf(b, "\tif (trace_skip(__tgid, __pid, __uid))\n\t\treturn 0;\n");
	for (int n = 1; n <= 12; n++) {
		if (!(p->usdt_args & (1u << n)))
			continue;
		bprintf(b, "\t%s __arg%d = 0;\n\t{\n\t\t%s __v = 0;\n"
			   "\t\tbpf_usdt_readarg(%d, ctx, &__v);\n\t\t__arg%d = __v;\n\t}\n",
			p->usdt_size[n] < 0 ? "s64" : "u64", n, usdt_ctype(p->usdt_size[n]), n, n);
	}
	if (p->predicate)
		bprintf(b, "\tif (!(%s))\n\t\treturn 0;\n", p->predicate);
	bprintf(b, "\tstruct tbtrace_event *__e = trace_slot.lookup(&__zero);\n"
		   "\tif (!__e)\n\t\treturn 0;\n"
		   "\t__e->h.ts = bpf_ktime_get_ns();\n"
		   "\t__e->h.tgid = __tgid;\n\t__e->h.pid = __pid;\n\t__e->h.uid = __uid;\n"
		   "\t__e->h.probe = %d;\n"
		   "\tbpf_get_current_comm(&__e->h.comm, sizeof(__e->h.comm));\n", index);
	if (env.kstack)
		bprintf(b, "\t__e->h.kstack = trace_stacks.get_stackid(%s, 0);\n", ctx);
	else
		bprintf(b, "\t__e->h.kstack = -1;\n");
	if (env.ustack)
		bprintf(b, "\t__e->h.ustack = %s.get_stackid(%s, BPF_F_USER_STACK);\n",
			env.sym_files ? "trace_bstacks" : "trace_stacks", ctx);
	else
		bprintf(b, "\t__e->h.ustack = -1;\n");
	for (int i = 0; i < p->nconv; i++) {
		const struct conv *c = &p->conv[i];

		if (c->type == V_STR && c->data_loc) {
			/* the low 16 bits: where in the record the string starts */
			bprintf(b, "\tif (bpf_probe_read_kernel_str(__e->data + %u, %d, (char *)args + "
				   "(args->data_loc_%s & 0xFFFF)) < 0)\n\t\t__e->data[%u] = 0;\n",
				c->off, env.string_size, c->data_loc, c->off);
		} else if (c->type == V_STR) {
			/* a tracepoint's char * may point to user memory (a syscall's argument) or
			 * the kernel's: the user read fails at once on a kernel address */
			bprintf(b, "\t{\n\t\tconst void *__p = (const void *)(%s);\n"
				   "\t\tif (bpf_probe_read_user_str(__e->data + %u, %d, __p) < 0", c->expr,
				c->off, env.string_size);
			if (!user)
				bprintf(b, " &&\n\t\t    bpf_probe_read_kernel_str(__e->data + %u, %d, "
					   "__p) < 0", c->off, env.string_size);
			bprintf(b, ")\n\t\t\t__e->data[%u] = 0;\n\t}\n", c->off);
		} else {
			bprintf(b, "\t*(%s *)(__e->data + %u) = (%s)(%s)(%s);\n",
				c->type == V_SIGNED ? "s64" : "u64", c->off,
				c->type == V_SIGNED ? "s64" : "u64", c->ctype, c->expr);
		}
	}
	bprintf(b, "\ttb_count_lost(events.perf_submit(%s, __e, sizeof(struct tbtrace_head) + %u));\n"
		   "\treturn 0;\n}\n", ctx, p->size);
}

/* -K, -U, %K or %U: the symbol reader, which works from a stack table */
static bool need_stacks(void)
{
	bool syms = false;

	for (int i = 0; i < nprobes; i++)
		for (int j = 0; j < probes[i].nconv; j++)
			syms |= probes[i].conv[j].type >= V_KSYM;
	return env.kstack || (env.ustack && !env.sym_files) || syms;
}

static bool need_ksyms(void)
{
	bool ksyms = env.kstack;

	for (int i = 0; i < nprobes; i++)
		for (int j = 0; j < probes[i].nconv; j++)
			ksyms |= probes[i].conv[j].type == V_KSYM;
	return ksyms;
}

static const char *generate(void)
{
	struct buf b = { 0 };

	for (int i = 0; i < env.ntexts; i++) {
		nprobes++; /* before parsing: cleanup frees what a failed one holds */
		if (parse_probe(&probes[i], env.texts[i], i))
			return NULL;
	}
	/* USDT probes share the one context the loader compiles in: one binary, or -p's */
	for (int i = 0; i < nprobes; i++)
		for (int j = 0; env.pid <= 0 && j < i; j++)
			if (probes[i].spec.kind == TB_SPEC_USDT && probes[j].spec.kind == TB_SPEC_USDT &&
			    strcmp(probes[i].path, probes[j].path)) {
				tb_error("probe '%s': USDT probes of two binaries (%s, %s) need -p PID "
					 "of a process that has both", probes[i].spec.text, probes[j].path,
					 probes[i].path);
				return NULL;
			}
	bprintf(&b, "/* trace:");
	for (int i = 0; i < env.ntexts; i++)
		bprintf(&b, " '%s'", env.texts[i]);
	bprintf(&b, " */\n");
	for (int i = 0; i < env.nincludes; i++) {
		const char *h = env.includes[i];

		if (h[0] == '.' || h[0] == '/') {
			char *abs = realpath(h, NULL);

			bprintf(&b, "#include \"%s\"\n", abs ? abs : h);
			free(abs);
		} else {
			bprintf(&b, "#include <%s>\n", h);
		}
	}
	bprintf(&b, "%s", tb_bpf_trace);
	if (need_stacks())
		bprintf(&b, "BPF_STACK_TRACE(trace_stacks, 1024);\n");
	if (env.ustack && env.sym_files) /* build ids and offsets (4.17): prepare() asked */
		bprintf(&b, "BPF_STACK_TRACE_BUILDID(trace_bstacks, 1024);\n");
	for (int i = 0; i < nprobes; i++)
		gen_probe(&b, &probes[i], i);
	if (b.oom) {
		tb_error("failed to write the program: out of memory");
		free(b.s);
		return NULL;
	}
	program = b.s;
	return program;
}

/* --- attaching --- */

static int open_usdt(struct tb_usdt **usdt)
{
	struct tb_usdt *u = NULL;

	for (int i = 0; i < nprobes; i++) {
		struct probe *p = &probes[i];

		if (p->spec.kind != TB_SPEC_USDT)
			continue;
		if (!u && !(u = tb_usdt_open(env.pid > 0 ? NULL : p->path,
					     env.pid > 0 ? (pid_t)env.pid : 0)))
			return -1;
		if (tb_usdt_enable(u, p->where, p->name, p->fn)) {
			tb_usdt_close(u);
			return -1;
		}
	}
	*usdt = u;
	return 0;
}

static int attach(struct tb_prog *prog)
{
	for (int i = 0; i < nprobes; i++) {
		struct probe *p = &probes[i];
		struct tb_spec_target t = { p->spec.kind, p->where, p->name, p->path };

		if (p->spec.kind != TB_SPEC_USDT &&
		    tb_spec_attach(prog, &t, p->fn, env.pid > 0 ? (int)env.pid : 0))
			return -1;
	}
	if (need_stacks() && !(stacks = tb_stacks_new(prog, "trace_stacks", need_ksyms())))
		return -1;
	if (bid_stacks && tb_bid_stacks_open(bid_stacks, prog, "trace_bstacks"))
		return -1;
	if (bid_stacks)
		tb_info("user stacks: build ids and file offsets, named from %s", env.sym_files);
	else if (env.sym_files)
		tb_info("-s without -U: no user stack to name (as BCC's, nothing changes)");
	/* -p's symbols stay readable after the process exits: its last events still name them */
	if (stacks && env.pid > 0)
		tb_stacks_snapshot(prog, (pid_t)env.pid);
	return 0;
}

static int cgroup_fd = -1;

static int prepare(struct tb_cflags *cf)
{
	if ((env.pid > 0 && tb_cflags_add(cf, "-DTARG_TGID=%ld", env.pid)) ||
	    (env.tid > 0 && tb_cflags_add(cf, "-DTARG_TID=%ld", env.tid)) ||
	    (env.uid >= 0 && tb_cflags_add(cf, "-DTARG_UID=%ld", env.uid)) ||
	    (env.include_self && tb_cflags_add(cf, "-DTRACE_INCLUDE_SELF")) ||
	    (env.cgroup && tb_cflags_add(cf, "-DTRACE_CGROUP")))
		return -1;
	if (env.cgroup && (cgroup_fd = open(env.cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		tb_error("failed to open cgroup '%s': %s (give a cgroup v2 directory, such as "
			 "/sys/fs/cgroup/system.slice)", env.cgroup, strerror(errno));
		return -1;
	}
	/* -s: BCC's build id stacks; without -U it changes nothing, as BCC's */
	if (env.sym_files && env.ustack && !tb_stack_build_id_supported()) {
		tb_error("-s needs stack maps of build ids (BPF_F_STACK_BUILD_ID, Linux 4.17), which "
			 "this kernel lacks: drop -s (-U names the frames of live processes)");
		return -1;
	}
	if (env.sym_files && env.ustack && !(bid_stacks = tb_bid_stacks_new(env.sym_files)))
		return -1;
	/* a PID that does not exist would trace nothing for ever */
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return -1;
	if (env.tid > 0 && tb_proc_require((pid_t)env.tid, "thread"))
		return -1;
	return 0;
}

/* trace's own PID in a map, not the program: the same command line compiles to the same
 * program each run, and the compile cache has it */
static int setup(struct tb_prog *prog)
{
	__u32 zero = 0;
	int fd, err;

	if (tb_table_set_self(prog, "trace_self"))
		return -1;
	if (cgroup_fd >= 0) {
		fd = tb_table_fd(prog, "trace_cgroup");
		if (fd < 0)
			return -1;
		err = tb_map_update(fd, &zero, &cgroup_fd, 0);
		if (err) {
			tb_error("failed to trace cgroup '%s': %s (is it a cgroup v2 directory?)",
				 env.cgroup, strerror(-err));
			return -1;
		}
	}
	return 0;
}

/* --- output --- */

static const struct tb_column all_cols[] = {
	{ "TIME", "timestamp", 17, TB_LEFT }, /* -u: the loader's time columns are clock or relative */
	{ "CPU", NULL, 3, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "TID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 15, TB_LEFT },
	{ "FUNC", NULL, 16, TB_LEFT },
	{ "-", "msg", 0, TB_LEFT },
	{ "KSTACK", NULL, 0, TB_LEFT }, /* --json only: text prints stacks under the line */
	{ "USTACK", NULL, 0, TB_LEFT },
};
static struct tb_column cols[9];
static struct tb_output out;
static uint64_t mono0_ns; /* -u: the monotonic clock at real time real0 */
static double real0;

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	bool any_format = false;

	for (int i = 0; i < nprobes; i++)
		any_format |= probes[i].has_format;
	*n = 0;
	for (int i = 0; i < 7; i++)
		if ((i != 0 || env.unix_time) && (i != 1 || env.print_cpu))
			cols[(*n)++] = all_cols[i];
	cols[*n - 1].name = any_format ? "-" : ""; /* BCC's header: "-" over messages, if any */
	if (tb_common.json && env.kstack)
		cols[(*n)++] = all_cols[7];
	if (tb_common.json && env.ustack)
		cols[(*n)++] = all_cols[8];
	*time = env.unix_time ? TB_TIME_NONE : env.time_mode;
	if (env.unix_time) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		mono0_ns = tb_monotonic_ns();
		real0 = ts.tv_sec + ts.tv_nsec / 1e9;
	}
	return cols;
}

/* The message: the format with the event's values. */
static void format_message(const struct probe *p, const struct tbtrace_event *e, char *msg,
			   size_t len)
{
	size_t n = 0;

	msg[0] = 0;
	for (int i = 0; i < p->nconv && n < len; i++) {
		const struct conv *c = &p->conv[i];
		const char *v = e->data + c->off;
		long long sv;
		unsigned long long uv;
		char str[1025];

		n += snprintf(msg + n, len - n, "%s", c->lit);
		if (n >= len)
			break;
		memcpy(&uv, v, sizeof(uv));
		sv = (long long)uv;
		switch (c->type) {
		case V_SIGNED: n += snprintf(msg + n, len - n, c->spec, sv); break;
		case V_UNSIGNED: n += snprintf(msg + n, len - n, c->spec, uv); break;
		case V_CHAR: n += snprintf(msg + n, len - n, c->spec, (int)(char)uv); break;
		case V_PTR: n += snprintf(msg + n, len - n, c->spec, (void *)(uintptr_t)uv); break;
		case V_STR:
			snprintf(str, sizeof(str), "%.*s", env.string_size, v);
			n += snprintf(msg + n, len - n, c->spec, str);
			break;
		case V_KSYM:
		case V_USYM:
			if (!stacks)
				snprintf(str, sizeof(str), "0x%llx", uv);
			else if (c->type == V_KSYM)
				tb_stacks_kframe(stacks, uv, TB_SYM_OFFSET, str, sizeof(str));
			else
				tb_stacks_uframe(stacks, (pid_t)e->h.tgid, uv,
						 TB_SYM_OFFSET | TB_SYM_MODULE, str, sizeof(str));
			n += snprintf(msg + n, len - n, c->spec, str);
			break;
		}
	}
	if (n < len)
		snprintf(msg + n, len - n, "%s", p->tail ? p->tail : "");
}

/* A stack under the event's line (text), or its frames joined by ';' into *json (--json) */
static void print_stack(FILE *fp, int64_t id, bool user, uint32_t tgid, char *json, size_t len)
{
	if (user && bid_stacks)
		tb_bid_stacks_print_event(bid_stacks, id, env.address, fp, json, len);
	else
		tb_stacks_print_event(stacks, id, user, (pid_t)tgid, env.address, fp, json, len);
}

/* -A: each distinct event's text (its line and stacks, or its JSON object) and how many times
 * it came, in a hash table of open addressing. */
struct tally {
	char *text;
	unsigned long count, seq;
};
static struct tally *tallies; /* size ntally_cap, a power of 2; text NULL: free */
static size_t ntally, ntally_cap;

static uint64_t text_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct tally *tally_slot(struct tally *t, size_t cap, const char *text)
{
	size_t i = text_hash(text) & (cap - 1);

	while (t[i].text && strcmp(t[i].text, text))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* takes text (malloc'd) */
static int tally_add(char *text)
{
	struct tally *slot;

	if (2 * (ntally + 1) > ntally_cap) { /* at most half full: short probes */
		size_t cap = ntally_cap ? 2 * ntally_cap : 256;
		struct tally *grown = calloc(cap, sizeof(*grown));

		if (!grown) {
			free(text);
			return -1;
		}
		for (size_t i = 0; i < ntally_cap; i++)
			if (tallies[i].text)
				*tally_slot(grown, cap, tallies[i].text) = tallies[i];
		free(tallies);
		tallies = grown;
		ntally_cap = cap;
	}
	slot = tally_slot(tallies, ntally_cap, text);
	if (slot->text) {
		free(text);
	} else {
		slot->text = text;
		slot->seq = ntally++;
	}
	slot->count++;
	return 0;
}

/* BCC's order: the most frequent first (equal counts: the first seen first) */
static int tally_cmp(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* BCC's "-->COUNT N" under each event's text; in JSON a "count" member ends its object */
static void tally_print(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ntally_cap; i++)
		if (tallies[i].text)
			tallies[n++] = tallies[i];
	qsort(tallies, n, sizeof(*tallies), tally_cmp);
	for (size_t i = 0; i < n; i++) {
		const char *t = tallies[i].text;
		size_t len = strlen(t);

		if (tb_common.json && len >= 2 && !strcmp(t + len - 2, "}\n"))
			printf("%.*s,\"count\":%lu}\n", (int)(len - 2), t, tallies[i].count);
		else
			printf("%s-->COUNT %lu\n\n", t, tallies[i].count);
		free(tallies[i].text);
	}
	fflush(stdout);
	free(tallies);
	tallies = NULL;
	ntally = ntally_cap = 0;
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct tbtrace_event *e = data;
	static char msg[TB_TRACE_DATA * 2];
	char comm[TB_TRACE_COMM_LEN + 1];
	const struct probe *p;

	(void)ctx;
	if (e->h.probe >= (unsigned)nprobes || (env.max_events && printed >= env.max_events))
		return;
	p = &probes[e->h.probe];
	if (size < sizeof(e->h) + p->size)
		return;
	snprintf(comm, sizeof(comm), "%.*s", TB_TRACE_COMM_LEN, e->h.comm);
	if (env.name && !strstr(comm, env.name))
		return;
	format_message(p, e, msg, sizeof(msg));
	if (env.msg_filter && !strstr(msg, env.msg_filter))
		return;
	/* -A: the event is written into a string, to be counted */
	char *text = NULL;
	size_t text_len = 0;
	FILE *fp = env.aggregate ? open_memstream(&text, &text_len) : stdout;

	if (!fp) {
		tb_error("failed to count an event: out of memory");
		tb_request_stop();
		return;
	}
	out.fp = fp;
	tb_output_begin(&out, e->h.ts);
	if (env.unix_time)
		tb_output_double(&out, real0 + ((double)e->h.ts - (double)mono0_ns) / 1e9, 6);
	if (env.print_cpu)
		tb_output_int(&out, cpu);
	tb_output_uint(&out, e->h.tgid);
	tb_output_uint(&out, e->h.pid);
	tb_output_str(&out, comm);
	tb_output_str(&out, p->name);
	tb_output_str(&out, msg);
	if (tb_common.json) { /* the stack columns: strings, as the output takes */
		static char frames[MAX_FRAMES * 128];

		if (env.kstack) {
			print_stack(fp, e->h.kstack, false, e->h.tgid, frames, sizeof(frames));
			tb_output_str(&out, frames);
		}
		if (env.ustack) {
			print_stack(fp, e->h.ustack, true, e->h.tgid, frames, sizeof(frames));
			tb_output_str(&out, frames);
		}
	}
	tb_output_end(&out);
	if ((env.kstack || env.ustack) && !tb_common.json) {
		if (env.kstack)
			print_stack(fp, e->h.kstack, false, e->h.tgid, NULL, 0);
		if (env.ustack)
			print_stack(fp, e->h.ustack, true, e->h.tgid, NULL, 0);
		if (!env.aggregate) /* BCC's blank line after the stacks; -A's is after the count */
			fprintf(fp, "\n");
	}
	out.fp = stdout;
	if (env.aggregate && (fclose(fp) || tally_add(text))) {
		tb_error("failed to count an event: out of memory");
		tb_request_stop();
		return;
	}
	if (env.max_events && ++printed >= env.max_events)
		tb_request_stop();
}

static void cleanup(void)
{
	/* -A: here, after the last events were drained (BCC prints at -M only) */
	if (ntally)
		tally_print();
	for (int i = 0; i < nprobes; i++) {
		struct probe *p = &probes[i];

		for (int j = 0; j < p->nconv; j++) {
			free(p->conv[j].lit);
			free(p->conv[j].expr);
			free(p->conv[j].data_loc);
		}
		free(p->tail);
		free(p->where);
		free(p->name);
		free(p->path);
		free(p->signature);
		free(p->predicate);
		free(p->helpers.s);
		tb_probe_spec_free(&p->spec);
	}
	memset(probes, 0, sizeof(probes));
	nprobes = 0;
	tb_stacks_free(stacks);
	stacks = NULL;
	tb_bid_stacks_free(bid_stacks);
	bid_stacks = NULL;
	if (cgroup_fd >= 0)
		close(cgroup_fd);
	cgroup_fd = -1;
	free(program);
	program = NULL;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(trace),
	.generate = generate,
	.argp = &argp,
	.prepare = prepare,
	.open_usdt = open_usdt,
	.attach = attach,
	.setup = setup,
	.watch_pid = &env.pid, /* -p's process exits: its trace is complete */
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tbtrace_head),
	.out = &out,
	.columns = columns,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(trace, tool)
