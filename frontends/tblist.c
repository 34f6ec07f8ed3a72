/* tblist: list what can be traced here (tracepoints, kernel functions, uprobe symbols, USDT
 * probes, perf events), with wildcards, as bpftrace -l and BCC's tplist do. */
#include <argp.h>
#include <dirent.h>
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

static struct env {
	int verbose;
	char **patterns;
	int npatterns;
} env;

const char *argp_program_version = "tblist (tracebox) 0.1";
static const char doc[] =
	"List probes: tracepoints, kernel functions, uprobe symbols, USDT probes, perf events.\n"
	"\n"
	"PATTERN is PROVIDER:WHAT with * and ? wildcards:\n"
	"  tracepoint:CATEGORY:EVENT   (-v: the event's fields and their types)\n"
	"  kprobe:FUNCTION             kernel functions (available_filter_functions, else kallsyms)\n"
	"  uprobe:BINARY:SYMBOL        function symbols of a binary or library\n"
	"  usdt:BINARY_OR_PID[:PROVIDER:PROBE]  USDT probes, argument count, semaphore (-v: arguments)\n"
	"  software:EVENT, hardware:EVENT       perf events, and whether this machine supports them\n"
	"A PATTERN without a provider matches tracepoints. No PATTERN lists every tracepoint.\n"
	"\n"
	"EXAMPLES:\n"
	"    tblist 'tracepoint:syscalls:*execve*'     # tracepoints matching a wildcard\n"
	"    tblist -v tracepoint:sched:sched_switch    # with its fields\n"
	"    tblist 'kprobe:vfs_*'                     # kernel functions\n"
	"    tblist 'uprobe:/bin/bash:read*'           # symbols of a binary\n"
	"    tblist usdt:/usr/bin/python3.11           # USDT probes of a binary\n"
	"    tblist -v usdt:1234                       # of a process, with their arguments\n"
	"    tblist 'software:*' 'hardware:*'          # perf events this machine supports";

static const struct argp_option options[] = {
	{ "verbose", 'v', NULL, 0, "Show fields of tracepoints and arguments of USDT probes", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'v':
		env.verbose++;
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

static int dir_filter(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int list_tracepoints(const char *pattern)
{
	char events[512], cat_pattern[256], *colon, path[1024];
	const char *ev_pattern = "";
	struct dirent **cats = NULL;
	int ncats, found = 0;

	snprintf(cat_pattern, sizeof(cat_pattern), "%s", pattern);
	colon = strchr(cat_pattern, ':');
	if (colon) {
		*colon = 0;
		ev_pattern = colon + 1;
	} else if (*pattern) {
		ev_pattern = "*"; /* "sched*" means categories */
	}
	snprintf(events, sizeof(events), "%s/events", tb_tracefs());
	ncats = scandir(events, &cats, dir_filter, alphasort);
	if (ncats < 0) {
		tb_error("failed to read tracepoints in '%s': %s%s", events, strerror(errno),
			 tb_errno_hint(errno));
		return -1;
	}
	for (int i = 0; i < ncats; i++) {
		struct dirent **evs = NULL;
		int nevs;

		if (!wildcard_match(cat_pattern, cats[i]->d_name)) {
			free(cats[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", events, cats[i]->d_name);
		nevs = scandir(path, &evs, dir_filter, alphasort);
		for (int k = 0; k < nevs; k++) {
			char fmt[1600];

			snprintf(fmt, sizeof(fmt), "%s/%s/format", path, evs[k]->d_name);
			if (wildcard_match(ev_pattern, evs[k]->d_name) && !access(fmt, F_OK)) {
				printf("tracepoint:%s:%s\n", cats[i]->d_name, evs[k]->d_name);
				if (env.verbose)
					print_tracepoint_fields(fmt);
				found++;
			}
			free(evs[k]);
		}
		free(evs);
		free(cats[i]);
	}
	free(cats);
	return found;
}

/* --- kernel functions --- */

static int list_kernel_functions(const char *pattern)
{
	char path[512], line[512];
	FILE *f;
	bool kallsyms = false;
	int found = 0, err;

	snprintf(path, sizeof(path), "%s/available_filter_functions", tb_tracefs());
	f = fopen(path, "r");
	if (f) {
		tb_info("kernel functions from %s", path);
	} else {
		err = errno;
		f = fopen("/proc/kallsyms", "r");
		if (!f) {
			tb_error("failed to read kernel functions: %s: %s, /proc/kallsyms: %s", path,
				 strerror(err), strerror(errno));
			return -1;
		}
		kallsyms = true;
		/* said always: kallsyms also holds functions that cannot be probed */
		fprintf(stderr, "%s: kernel functions from /proc/kallsyms (text symbols): %s is "
			"not readable (%s), so some listed functions may not be probeable\n",
			tb_log_tool(), path, strerror(err));
	}
	if (!tb_kprobes_supported())
		fprintf(stderr, "%s: note: this kernel has no kprobes (CONFIG_KPROBES off): these "
			"functions cannot be kprobed here\n", tb_log_tool());
	while (fgets(line, sizeof(line), f)) {
		char name[256], type = 'T';
		unsigned long long addr;

		if (kallsyms) {
			if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 ||
			    (type != 't' && type != 'T'))
				continue;
		} else if (sscanf(line, "%255s", name) != 1) {
			continue;
		}
		if (wildcard_match(pattern, name)) {
			printf("kprobe:%s\n", name);
			found++;
		}
	}
	fclose(f);
	return found;
}

/* --- uprobes --- */

/* bcc_foreach_function_symbol's callback takes no cookie. */
static struct {
	const char *pattern;
	char **names;
	int n, cap;
} syms;

static int collect_symbol(const char *name, uint64_t addr)
{
	if (!wildcard_match(syms.pattern, name))
		return 0;
	if (syms.n == syms.cap) {
		char **names = realloc(syms.names, (syms.cap = syms.cap ? syms.cap * 2 : 256) *
					       sizeof(*names));
		if (!names)
			return -1;
		syms.names = names;
	}
	syms.names[syms.n] = strdup(name);
	if (syms.names[syms.n])
		syms.n++;
	return 0;
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "BINARY:SYMBOL_PATTERN"; a binary without '/' is a library name ("c" = libc). */
static int list_uprobes(const char *spec)
{
	char binary[512], *colon, *path;
	int found = 0;

	snprintf(binary, sizeof(binary), "%s", spec);
	colon = strrchr(binary, ':');
	syms.pattern = "";
	if (colon) {
		*colon = 0;
		syms.pattern = colon + 1;
	}
	if (!*binary) {
		tb_error("invalid pattern 'uprobe:%s': expected uprobe:BINARY[:SYMBOL]", spec);
		return -1;
	}
	path = strchr(binary, '/') ? strdup(binary) : bcc_procutils_which_so(binary, 0);
	if (!path || access(path, R_OK)) {
		tb_error("failed to read symbols of '%s': no such binary or library", binary);
		free(path);
		return -1;
	}
	if (bcc_foreach_function_symbol(path, collect_symbol) < 0) {
		tb_error("failed to read symbols of '%s': not an ELF file?", path);
		free(path);
		return -1;
	}
	qsort(syms.names, syms.n, sizeof(*syms.names), compare_str);
	for (int i = 0; i < syms.n; i++) {
		if (i && !strcmp(syms.names[i], syms.names[i - 1]))
			continue;
		printf("uprobe:%s:%s\n", path, syms.names[i]);
		found++;
	}
	for (int i = 0; i < syms.n; i++)
		free(syms.names[i]);
	free(syms.names);
	memset(&syms, 0, sizeof(syms));
	free(path);
	return found;
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
		int n = list_pattern(env.patterns[i]);

		if (n < 0)
			err = 1;
		else if (n == 0)
			fprintf(stderr, "%s: nothing matches '%s'\n", tb_log_tool(), env.patterns[i]);
		found += n > 0 ? n : 0;
	}
	free(env.patterns);
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
