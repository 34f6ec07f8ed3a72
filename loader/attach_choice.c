/* Picking fentry, kprobe or a tracepoint for a kernel function, by feature probes. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "tb_attach_choice.h"
#include "tb_features.h"
#include "tb_log.h"

static const char *const names[] = {
	[TB_ATTACH_AUTO] = "auto",
	[TB_ATTACH_FENTRY] = "fentry",
	[TB_ATTACH_KPROBE] = "kprobe",
	[TB_ATTACH_TRACEPOINT] = "tracepoint",
};

int tb_parse_attach_method(const char *s, enum tb_attach_method *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*out = (enum tb_attach_method)i;
			return 0;
		}
	}
	tb_error("invalid attach method '%s': expected auto, fentry, kprobe or tracepoint", s);
	return -1;
}

const char *tb_attach_method_name(enum tb_attach_method m)
{
	return m <= TB_ATTACH_TRACEPOINT ? names[m] : "?";
}

/* Whether method m can attach here; if not, why (for -v, or the forced method's error). */
static bool usable(enum tb_attach_method m, const char *kfn, const char *tp, char *why,
		   size_t len)
{
	int err = 0;

	switch (m) {
	case TB_ATTACH_FENTRY:
		/* a trivial program on another function tells whether the kernel allows fentry at
		 * all; then kfn must be a real (not inlined) function, which kallsyms tells */
		if (!tb_fentry_supported(&err)) {
			snprintf(why, len, "this kernel refuses fentry programs (%s)",
				 err == ENOENT ? "it has no BTF" : strerror(err));
			return false;
		}
		if (!tb_ksym_exists(kfn)) {
			snprintf(why, len, "no function '%s' in this kernel (inlined or renamed)", kfn);
			return false;
		}
		return true;
	case TB_ATTACH_KPROBE:
		if (!tb_kprobes_supported()) {
			snprintf(why, len, "this kernel has no kprobes (CONFIG_KPROBES is off)");
			return false;
		}
		if (!tb_kprobe_exists(kfn)) {
			snprintf(why, len, "'%s' cannot be kprobed on this kernel (inlined, renamed or "
				 "blacklisted)", kfn);
			return false;
		}
		return true;
	case TB_ATTACH_TRACEPOINT:
		if (!tb_tracepoint_exists(tp)) {
			snprintf(why, len, "no tracepoint '%s' on this kernel", tp);
			return false;
		}
		return true;
	default:
		snprintf(why, len, "not a method");
		return false;
	}
}

int tb_choose_attach(enum tb_attach_method want, const char *kfn, const char *tp,
		     enum tb_attach_method *out)
{
	char why[256];

	if (want != TB_ATTACH_AUTO) {
		if (!usable(want, kfn, tp, why, sizeof(why))) {
			tb_error("cannot attach with %s: %s", tb_attach_method_name(want), why);
			return -1;
		}
		tb_info("attach method: %s (forced with --attach)", tb_attach_method_name(want));
		*out = want;
		return 0;
	}
	for (int m = TB_ATTACH_FENTRY; m <= TB_ATTACH_TRACEPOINT; m++) {
		if (usable(m, kfn, tp, why, sizeof(why))) {
			tb_info("attach method: %s", tb_attach_method_name(m));
			*out = m;
			return 0;
		}
		tb_info("not using %s: %s", tb_attach_method_name(m), why);
	}
	tb_error("cannot trace '%s': no fentry, no kprobes and no tracepoint '%s' on this kernel",
		 kfn, tp);
	return -1;
}
