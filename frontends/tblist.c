/* tblist: list what can be traced here (tracepoints, kernel functions, uprobe symbols, USDT
 * probes, perf events, kernel structs), with wildcards, as bpftrace -l and BCC's tplist do;
 * -v adds what a probe's author needs: fields, arguments, prototypes, struct layouts. */
#include <argp.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bcc/bcc_syms.h>
#include <bcc/bcc_usdt.h>
#include <linux/perf_event.h>

#include "tracebox.h"
#include "tb_probe_match.h"
#include "tblist_types.h"

static struct env {
	int verbose;
	char **patterns;
	int npatterns;
} env;

const char *argp_program_version = "tblist (tracebox) 0.1";
static const char doc[] =
	"List probes: tracepoints, kernel functions, uprobe symbols, USDT probes, perf events;\n"
	"and kernel types: -v prints kernel functions' prototypes and structs' layouts.\n"
	"\n"
	"PATTERN is PROVIDER:WHAT with * and ? wildcards:\n"
	"  tracepoint:CATEGORY:EVENT   (-v: the event's fields and their types)\n"
	"  kprobe:FUNCTION             kernel functions (available_filter_functions, else kallsyms;\n"
	"                              -v: the prototype, from BTF)\n"
	"  uprobe:BINARY:SYMBOL        function symbols of a binary or library\n"
	"  usdt:BINARY_OR_PID[:PROVIDER:PROBE]  USDT probes, argument count, semaphore (-v: arguments)\n"
	"  software:EVENT, hardware:EVENT       perf events, and whether this machine supports them\n"
	"  struct:NAME, union:NAME     kernel types (-v: members as OFFSET SIZE TYPE NAME, from BTF,\n"
	"                              or from the kernel headers: --types=headers, BCC_KERNEL_SOURCE)\n"
	"A PATTERN without a provider matches tracepoints. No PATTERN lists every tracepoint.\n"
	"\n"
	"EXAMPLES:\n"
	"    tblist 'tracepoint:syscalls:*execve*'     # tracepoints matching a wildcard\n"
	"    tblist -v tracepoint:sched:sched_switch    # with its fields\n"
	"    tblist 'kprobe:vfs_*'                     # kernel functions\n"
	"    tblist -v kprobe:do_unlinkat              # with its prototype (BTF)\n"
	"    tblist -v struct:filename                 # a struct's members, offsets and sizes\n"
	"    tblist 'struct:task_*'                    # structs matching a wildcard (BTF)\n"
	"    BCC_KERNEL_SOURCE=/usr/src/linux tblist -v struct:list_head   # as those headers lay it out\n"
	"    tblist 'uprobe:/bin/bash:read*'           # symbols of a binary\n"
	"    tblist usdt:/usr/bin/python3.11           # USDT probes of a binary\n"
	"    tblist -v usdt:1234                       # of a process, with their arguments\n"
	"    tblist 'software:*' 'hardware:*'          # perf events this machine supports";

enum { OPT_TYPES = 0x100 };

static const struct argp_option options[] = {
	{ "verbose", 'v', NULL, 0, "Show fields of tracepoints, arguments of USDT probes, prototypes "
	  "of kernel functions, members of structs", 0 },
	{ "types", OPT_TYPES, "FROM", 0, "Where -v reads kernel types: auto (BTF, or the headers "
	  "BCC_KERNEL_SOURCE names), btf, headers", 0 },
	TB_OPTION_HELP_H,
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'v':
		env.verbose++;
		break;
	case 'h':
		tb_argp_help(state);
		break;
	case OPT_TYPES:
		if (tblist_types_from(arg)) {
			tb_error("invalid --types '%s': expected auto, btf or headers", arg);
			tb_argp_fail(state);
		}
		break;
	case ARGP_KEY_ARG:
		env.patterns = realloc(env.patterns, (env.npatterns + 1) * sizeof(*env.patterns));
		if (!env.patterns)
			return ENOMEM;
		env.patterns[env.npatterns++] = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = { options, parse_opt, "[PATTERN...]", doc, NULL, NULL, NULL };

static int parse_args(int argc, char **argv)
{
	return tb_argp_parse(&argp, argc, argv);
}

/* Shell-style wildcards (* ? [..]); an empty pattern matches everything. */
static bool wildcard_match(const char *pattern, const char *name)
{
	return !*pattern || fnmatch(pattern, name, 0) == 0;
}

enum provider {
	PROV_TRACEPOINT,
	PROV_KPROBE,
	PROV_UPROBE,
	PROV_USDT,
	PROV_SOFTWARE,
	PROV_HARDWARE,
	PROV_STRUCT,
	PROV_UNION,
};

/* Splits "provider:rest" (with bpftrace's short names t, k, u, U, s, h); a pattern without a
 * known provider is a tracepoint pattern. */
static enum provider split_provider(const char *pattern, const char **rest)
{
	static const struct {
		const char *name;
		enum provider p;
	} names[] = {
		{ "tracepoint", PROV_TRACEPOINT }, { "t", PROV_TRACEPOINT },
		{ "kprobe", PROV_KPROBE }, { "k", PROV_KPROBE }, { "kretprobe", PROV_KPROBE },
		{ "kfunc", PROV_KPROBE }, { "fentry", PROV_KPROBE },
		{ "uprobe", PROV_UPROBE }, { "u", PROV_UPROBE }, { "uretprobe", PROV_UPROBE },
		{ "usdt", PROV_USDT }, { "U", PROV_USDT },
		{ "software", PROV_SOFTWARE }, { "s", PROV_SOFTWARE },
		{ "hardware", PROV_HARDWARE }, { "h", PROV_HARDWARE },
		{ "struct", PROV_STRUCT }, { "union", PROV_UNION },
	};
	const char *colon = strchr(pattern, ':');

	for (size_t i = 0; colon && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) == (size_t)(colon - pattern) &&
		    !strncmp(pattern, names[i].name, colon - pattern)) {
			*rest = colon + 1;
			return names[i].p;
		}
	}
	*rest = pattern;
	return PROV_TRACEPOINT;
}

/* --- tracepoints --- */

/* Fields of a format file's "field:TYPE NAME; offset:..;" lines, common_ fields left out,
 * as "    TYPE NAME". */
static void print_tracepoint_fields(const char *format_path)
{
	FILE *f = fopen(format_path, "r");
	char line[1024];

	if (!f) {
		printf("    (fields unreadable: %s)\n", strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char *decl = strstr(line, "field:"), *end;

		if (!decl)
			continue;
		decl += 6;
		end = strchr(decl, ';');
		if (!end)
			continue;
		*end = 0;
		if (strstr(decl, "common_"))
			continue;
		printf("    %s;\n", decl);
	}
	fclose(f);
}

/* tb_match_* hand matches here: "where" is a tracepoint's category or a binary's path */
static int print_tracepoint(void *ctx, const char *category, const char *event)
{
	char fmt[1024];

	(void)ctx;
	printf("tracepoint:%s:%s\n", category, event);
	if (env.verbose) {
		snprintf(fmt, sizeof(fmt), "%s/events/%s/%s/format", tb_tracefs(), category, event);
		print_tracepoint_fields(fmt);
	}
	return 0;
}

static int print_kernel_function(void *ctx, const char *where, const char *name)
{
	(void)ctx, (void)where;
	printf("kprobe:%s\n", name);
	if (env.verbose)
		tblist_print_prototype(name);
	return 0;
}

static int print_symbol(void *ctx, const char *path, const char *name)
{
	(void)ctx;
	printf("uprobe:%s:%s\n", path, name);
	return 0;
}

/* "CATEGORY:EVENT"; "sched*" alone means categories */
static int list_tracepoints(const char *pattern)
{
	char cat_text[256], *colon;
	const char *ev_text = "";
	struct tb_pattern cat, ev;
	int n;

	snprintf(cat_text, sizeof(cat_text), "%s", pattern);
	colon = strchr(cat_text, ':');
	if (colon) {
		*colon = 0;
		ev_text = colon + 1;
	} else if (*pattern) {
		ev_text = "*";
	}
	tb_pattern_init(&cat, cat_text, false);
	tb_pattern_init(&ev, ev_text, false);
	n = tb_match_tracepoints(&cat, &ev, print_tracepoint, NULL);
	tb_pattern_free(&cat);
	tb_pattern_free(&ev);
	return n;
}

static int list_kernel_functions(const char *pattern)
{
	struct tb_pattern p;

	if (!tb_kprobes_supported())
		fprintf(stderr, "%s: note: this kernel has no kprobes (CONFIG_KPROBES off): these "
			"functions cannot be kprobed here\n", tb_log_tool());
	tb_pattern_init(&p, pattern, false);
	return tb_match_kernel_functions(&p, print_kernel_function, NULL);
}

/* "BINARY:SYMBOL_PATTERN"; a binary without '/' is a library name ("c" = libc). */
static int list_uprobes(const char *spec)
{
	char binary[512], *colon, *path;
	const char *sym = "";
	struct tb_pattern p;
	int n;

	snprintf(binary, sizeof(binary), "%s", spec);
	colon = strrchr(binary, ':');
	if (colon) {
		*colon = 0;
		sym = colon + 1;
	}
	if (!*binary) {
		tb_error("invalid pattern 'uprobe:%s': expected uprobe:BINARY[:SYMBOL]", spec);
		return -1;
	}
	path = tb_resolve_binary(binary);
	if (!path)
		return -1;
	tb_pattern_init(&p, sym, false);
	n = tb_match_symbols(path, &p, print_symbol, NULL);
	free(path);
	return n;
}

/* --- USDT --- */

static struct {
	void *ctx;
	const char *probe_pattern; /* "PROVIDER:PROBE" pattern, "" = all */
	int found;
} usdt_list;

/* "8 bytes unsigned, register %rdi" and the like, from libbcc's parsed argument. */
static void describe_usdt_arg(const struct bcc_usdt_argument *a, char *out, size_t len)
{
	int n = snprintf(out, len, "%d-byte %s", abs(a->size), a->size < 0 ? "signed" : "unsigned");

	if (a->valid & BCC_USDT_ARGUMENT_CONSTANT)
		n += snprintf(out + n, len - n, " constant %lld", a->constant);
	if (a->valid & BCC_USDT_ARGUMENT_BASE_REGISTER_NAME) {
		bool deref = a->valid & (BCC_USDT_ARGUMENT_DEREF_OFFSET | BCC_USDT_ARGUMENT_INDEX_REGISTER_NAME);

		if (deref)
			n += snprintf(out + n, len - n, " at memory %d(%%%s", a->deref_offset,
				      a->base_register_name);
		else
			n += snprintf(out + n, len - n, " in register %%%s", a->base_register_name);
		if (a->valid & BCC_USDT_ARGUMENT_INDEX_REGISTER_NAME)
			n += snprintf(out + n, len - n, ",%%%s,%d", a->index_register_name, a->scale);
		if (deref)
			snprintf(out + n, len - n, ")");
	}
}

static void print_usdt(struct bcc_usdt *p)
{
	char name[256];

	snprintf(name, sizeof(name), "%s:%s", p->provider, p->name);
	if (!wildcard_match(usdt_list.probe_pattern, name))
		return;
	usdt_list.found++;
	printf("usdt:%s:%s:%s args=%d semaphore=%s\n", p->bin_path, p->provider, p->name,
	       p->num_arguments, p->semaphore ? "yes" : "no");
	if (!env.verbose)
		return;
	printf("    locations: %d\n", p->num_locations);
	if (p->semaphore)
		printf("    semaphore: 0x%llx (file offset 0x%llx): tracing it needs -p PID\n",
		       (unsigned long long)p->semaphore, (unsigned long long)p->semaphore_offset);
	for (int i = 0; i < p->num_arguments; i++) {
		struct bcc_usdt_argument a;
		char desc[256];

		if (bcc_usdt_get_argument(usdt_list.ctx, p->provider, p->name, 0, i, &a)) {
			printf("    arg%d: (not understood by libbcc)\n", i + 1);
			continue;
		}
		describe_usdt_arg(&a, desc, sizeof(desc));
		printf("    arg%d: %s\n", i + 1, desc);
	}
}

/* "BINARY_OR_PID[:PROVIDER:PROBE]": the probe part is matched as "PROVIDER:PROBE". */
static int list_usdt(const char *spec)
{
	char target[512], *colon;
	long pid = 0;

	snprintf(target, sizeof(target), "%s", spec);
	usdt_list.probe_pattern = "";
	/* the target is the part before the second-to-last ':' when two follow it */
	colon = strchr(target, ':');
	if (colon) {
		*colon = 0;
		usdt_list.probe_pattern = spec + (colon - target) + 1;
		/* "BIN:PROBE" (no provider) means any provider */
		if (!strchr(usdt_list.probe_pattern, ':')) {
			static char any[300];

			snprintf(any, sizeof(any), "*:%s", usdt_list.probe_pattern);
			usdt_list.probe_pattern = any;
		}
	}
	if (!*target) {
		tb_error("invalid pattern 'usdt:%s': expected usdt:BINARY_OR_PID[:PROVIDER:PROBE]",
			 spec);
		return -1;
	}
	if (target[strspn(target, "0123456789")] == 0) {
		if (tb_parse_long(target, 1, 0x3fffffff, "pid", &pid))
			return -1;
		usdt_list.ctx = bcc_usdt_new_frompid(pid, NULL);
	} else {
		usdt_list.ctx = bcc_usdt_new_frompath(target);
	}
	if (!usdt_list.ctx) {
		if (pid)
			tb_error("failed to read USDT probes of process %ld: is it running?", pid);
		else
			tb_error("failed to read USDT probes of '%s': no such binary, or it has no "
				 ".note.stapsdt section", target);
		return -1;
	}
	usdt_list.found = 0;
	bcc_usdt_foreach(usdt_list.ctx, print_usdt);
	bcc_usdt_close(usdt_list.ctx);
	return usdt_list.found;
}

/* --- perf events --- */

/* Opens the event for this process on any CPU, as a probe: 0 or an errno. */
static int try_perf_event(uint32_t type, uint64_t config)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .type = type, .config = config,
					.disabled = 1, .exclude_kernel = 0 };
	int fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int list_perf_events(uint32_t type, const char *pattern)
{
	int found = 0, n;
	const struct tb_perf_event_name *perf_events = tb_perf_event_names(&n);

	for (int i = 0; i < n; i++) {
		int err;

		if (perf_events[i].type != type || !wildcard_match(pattern, perf_events[i].name))
			continue;
		err = try_perf_event(type, perf_events[i].config);
		printf("%s:%s", type == PERF_TYPE_SOFTWARE ? "software" : "hardware",
		       perf_events[i].name);
		if (err)
			printf("  (not supported here: %s)\n", strerror(err));
		else
			printf("\n");
		found++;
	}
	return found;
}

static int list_pattern(const char *pattern)
{
	const char *rest;

	switch (split_provider(pattern, &rest)) {
	case PROV_TRACEPOINT: return list_tracepoints(rest);
	case PROV_KPROBE: return list_kernel_functions(rest);
	case PROV_UPROBE: return list_uprobes(rest);
	case PROV_USDT: return list_usdt(rest);
	case PROV_SOFTWARE: return list_perf_events(PERF_TYPE_SOFTWARE, rest);
	case PROV_HARDWARE: return list_perf_events(PERF_TYPE_HARDWARE, rest);
	case PROV_STRUCT: return tblist_list_structs("struct", rest, env.verbose);
	case PROV_UNION: return tblist_list_structs("union", rest, env.verbose);
	}
	return -1;
}

int tblist_main(int argc, char **argv);
int tblist_main(int argc, char **argv)
{
	int err = 0, found = 0;

	tb_log_set_tool(argv[0]);
	if (parse_args(argc, argv))
		return 1;
	tb_log_set_verbosity(env.verbose > 1 ? 1 : 0);
	if (!env.npatterns)
		found = list_tracepoints("");
	for (int i = 0; i < env.npatterns; i++) {
		int n;

		tblist_types_pattern_start();
		n = list_pattern(env.patterns[i]);
		tblist_types_pattern_end(env.patterns[i]);
		if (n < 0)
			err = 1;
		else if (n == 0)
			fprintf(stderr, "%s: nothing matches '%s'\n", tb_log_tool(), env.patterns[i]);
		found += n > 0 ? n : 0;
	}
	free(env.patterns);
	tblist_types_free();
	if (fflush(stdout))
		return 1;
	/* like grep: nothing matched is a failure scripts can test */
	return err ? 1 : found ? 0 : 1;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return tblist_main(argc, argv);
}
#endif
