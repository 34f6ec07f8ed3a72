/* A probe written on the command line, in BCC's multi-tools' syntax (tb_probe_spec.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "tb_probe_spec.h"

const char *tb_spec_kind_name(enum tb_spec_kind kind)
{
	switch (kind) {
	case TB_SPEC_KPROBE: return "kprobe";
	case TB_SPEC_KRETPROBE: return "kretprobe";
	case TB_SPEC_UPROBE: return "uprobe";
	case TB_SPEC_URETPROBE: return "uretprobe";
	case TB_SPEC_TRACEPOINT: return "tracepoint";
	case TB_SPEC_USDT: return "USDT probe";
	}
	return "probe";
}

bool tb_spec_is_kernel_function(enum tb_spec_kind kind)
{
	return kind == TB_SPEC_KPROBE || kind == TB_SPEC_KRETPROBE;
}

void tb_probe_spec_free(struct tb_probe_spec *spec)
{
	free(spec->lib);
	free(spec->category);
	free(spec->name);
	free(spec->rest);
	free(spec->text);
	memset(spec, 0, sizeof(*spec));
}

static const char shapes[] = "[p:]FUNC, LIB:FUNC, t:CATEGORY:EVENT or u:LIB:[PROVIDER:]PROBE";

/* Splits s at ':' into at most 5 parts (s is modified); returns the count. */
static int split_colons(char *s, char *parts[5])
{
	int n = 0;

	parts[n++] = s;
	for (char *c = strchr(s, ':'); c && n < 5; c = strchr(c, ':')) {
		*c++ = 0;
		parts[n++] = c;
	}
	return n;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

int tb_probe_spec_parse(const char *text, unsigned flags, struct tb_probe_spec *out)
{
	char *probe, *parts[5];
	size_t len = strlen(text);
	int n;

	memset(out, 0, sizeof(*out));
	/* the probe ends where its signature, filter or format begins */
	if (flags & TB_SPEC_REST)
		len = strcspn(text, "( \t\"");
	if (!len) {
		tb_error("probe '%s': no probe before '%s' (expected %s)", text, text, shapes);
		return -1;
	}
	probe = strndup(text, len);
	out->text = strndup(text, len);
	out->rest = strdup(text + len + strspn(text + len, " \t"));
	if (!probe || !out->text || !out->rest)
		goto nomem;
	if (!(flags & TB_SPEC_REST) && strpbrk(probe, " \t")) {
		tb_error("probe '%s': unexpected space (expected %s)", text, shapes);
		goto fail;
	}
	n = split_colons(probe, parts);
	if (n >= 2 && strlen(parts[0]) == 1 && strchr("prtu", parts[0][0])) {
		char type = parts[0][0];

		if (type == 'p' || type == 'r') {
			if (n > 3) {
				tb_error("probe '%s': too many ':' (expected %c:FUNC or %c:LIB:FUNC)",
					 out->text, type, type);
				goto fail;
			}
			if (type == 'r' && !(flags & TB_SPEC_RETURN)) {
				tb_error("probe '%s': return probes (r:) are not supported here; use p:",
					 out->text);
				goto fail;
			}
			out->lib = n == 3 ? dup_or_null(parts[1]) : NULL;
			out->name = strdup(parts[n - 1]);
			out->kind = out->lib ? (type == 'r' ? TB_SPEC_URETPROBE : TB_SPEC_UPROBE) :
					       (type == 'r' ? TB_SPEC_KRETPROBE : TB_SPEC_KPROBE);
		} else if (type == 't') {
			if (flags & TB_SPEC_NO_TRACEPOINT) {
				tb_error("probe '%s': tracepoints (t:) are not supported here", out->text);
				goto fail;
			}
			if (n != 3 || !*parts[1] || !*parts[2]) {
				tb_error("probe '%s': expected t:CATEGORY:EVENT", out->text);
				goto fail;
			}
			out->kind = TB_SPEC_TRACEPOINT;
			out->category = strdup(parts[1]);
			out->name = strdup(parts[2]);
		} else {
			if (flags & TB_SPEC_NO_USDT) {
				tb_error("probe '%s': USDT probes (u:) are not supported here", out->text);
				goto fail;
			}
			if ((n != 3 && n != 4) || !*parts[1] || !*parts[n - 1]) {
				tb_error("probe '%s': expected u:LIB:PROBE or u:LIB:PROVIDER:PROBE",
					 out->text);
				goto fail;
			}
			out->kind = TB_SPEC_USDT;
			out->lib = strdup(parts[1]);
			out->category = n == 4 ? dup_or_null(parts[2]) : NULL;
			out->name = strdup(parts[n - 1]);
		}
	} else if (n == 1) {
		out->kind = TB_SPEC_KPROBE;
		out->name = strdup(parts[0]);
	} else if (n == 2 && *parts[0]) {
		out->kind = TB_SPEC_UPROBE;
		out->lib = strdup(parts[0]);
		out->name = strdup(parts[1]);
	} else {
		tb_error("probe '%s': expected %s", out->text, shapes);
		goto fail;
	}
	if (!out->name || !*out->name) {
		tb_error("probe '%s': no function, event or probe name (expected %s)", out->text,
			 shapes);
		goto fail;
	}
	free(probe);
	return 0;
nomem:
	tb_error("probe '%s': out of memory", text);
fail:
	free(probe);
	tb_probe_spec_free(out);
	return -1;
}

/* "__x64_sys_openat", "do_sys_open", "ksys_read" -> "openat", "open", "read" */
static const char *syscall_name(const char *fn)
{
	static const char *const prefixes[] = { "__x64_sys_", "__ia32_sys_", "__arm64_sys_",
						"__se_sys_", "__do_sys_", "do_sys_", "ksys_", "sys_" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(fn, prefixes[i], strlen(prefixes[i])) && fn[strlen(prefixes[i])])
			return fn + strlen(prefixes[i]);
	return NULL;
}

/* The longest run of a name's identifier characters ("^vfs_re.d$" -> "vfs_re"): the part of a
 * wildcard or regex to look tracepoints up by. */
static const char *keyword(const char *name, char *out, size_t len)
{
	const char *ident = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	size_t best = 0, at = 0;

	for (size_t i = 0; name[i]; i++) {
		size_t n = strspn(name + i, ident);

		if (n > best) {
			best = n;
			at = i;
		}
		i += n ? n - 1 : 0;
	}
	snprintf(out, len, "%.*s", (int)best, name + at);
	return out;
}

int tb_spec_check_kprobes(const struct tb_probe_spec *spec)
{
	const char *sc;
	char tp[256];

	if (!tb_spec_is_kernel_function(spec->kind) || tb_kprobes_supported())
		return 0;
	sc = syscall_name(spec->name);
	if (sc) {
		snprintf(tp, sizeof(tp), "syscalls:sys_%s_%s",
			 spec->kind == TB_SPEC_KRETPROBE ? "exit" : "enter", sc);
		if (!strpbrk(sc, "*?[") && tb_tracepoint_exists(tp)) {
			tb_error("probe '%s': this kernel has no kprobes (CONFIG_KPROBES off); the "
				 "tracepoint t:%s reaches the same syscall", spec->text, tp);
			return -1;
		}
	}
	tb_error("probe '%s': this kernel has no kprobes (CONFIG_KPROBES off): use a tracepoint "
		 "(tblist 'tracepoint:*%s*' lists them) or a uprobe", spec->text,
		 keyword(sc ? sc : spec->name, tp, sizeof(tp)));
	return -1;
}
