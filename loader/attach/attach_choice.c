/* Picking fentry, kprobe or a tracepoint for a kernel function, by feature probes. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "tb_attach_choice.h"
#include "tb_features.h"
#include "tb_log.h"
#include "tb_tp_format.h"

#define ALL_METHODS \
	(TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE) | \
	 TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT))

static const char *const names[] = {
	[TB_ATTACH_AUTO] = "auto",
	[TB_ATTACH_FENTRY] = "fentry",
	[TB_ATTACH_KPROBE] = "kprobe",
	[TB_ATTACH_TRACEPOINT] = "tracepoint",
};

int tb_parse_attach_method(const char *s, unsigned int methods, enum tb_attach_method *out)
{
	char accepted[64] = "auto";

	methods = (methods ? methods : ALL_METHODS) | TB_ATTACH_BIT(TB_ATTACH_AUTO);
	for (int m = TB_ATTACH_AUTO; m <= TB_ATTACH_TRACEPOINT; m++) {
		if (!(methods & TB_ATTACH_BIT(m)))
			continue;
		if (s && !strcmp(s, names[m])) {
			*out = (enum tb_attach_method)m;
			return 0;
		}
		if (m != TB_ATTACH_AUTO)
			snprintf(accepted + strlen(accepted), sizeof(accepted) - strlen(accepted),
				 ", %s", names[m]);
	}
	tb_error("invalid attach method '%s': expected %s", s ? s : "", accepted);
	return -1;
}

const char *tb_attach_method_name(enum tb_attach_method m)
{
	return m <= TB_ATTACH_TRACEPOINT ? names[m] : "?";
}

const char *tb_attach_method_cflag(enum tb_attach_method m)
{
	switch (m) {
	case TB_ATTACH_FENTRY: return "-DTB_USE_FENTRY";
	case TB_ATTACH_KPROBE: return "-DTB_USE_KPROBE";
	case TB_ATTACH_TRACEPOINT: return "-DTB_USE_TRACEPOINT";
	default: return NULL;
	}
}

/* Whether method m can attach here; if not, why (for -v). */
static bool usable(enum tb_attach_method m, const struct tb_attach_target *t, char *why,
		   size_t len)
{
	int err = 0;

	switch (m) {
	case TB_ATTACH_FENTRY:
		/* a trivial program on another function tells whether the kernel allows fentry at
		 * all; then each function must be a real (not inlined) one, which kallsyms tells */
		if (!tb_fentry_supported(&err)) {
			snprintf(why, len, "this kernel refuses fentry programs (%s)",
				 err == ENOENT ? "it has no BTF" : strerror(err));
			return false;
		}
		for (int i = 0; i < TB_ATTACH_MAX_KFNS; i++) {
			if (t->kfns[i] && !tb_ksym_exists(t->kfns[i])) {
				snprintf(why, len, "no function '%s' in this kernel (inlined or "
					 "renamed%s%s)", t->kfns[i], t->kfn_hint ? "; " : "",
					 t->kfn_hint ? t->kfn_hint : "");
				return false;
			}
		}
		return true;
	case TB_ATTACH_KPROBE:
		if (!tb_kprobes_supported()) {
			snprintf(why, len, "this kernel has no kprobes (CONFIG_KPROBES is off)");
			return false;
		}
		for (int i = 0; i < TB_ATTACH_MAX_KFNS; i++) {
			if (t->kfns[i] && !tb_kprobe_exists(t->kfns[i])) {
				snprintf(why, len, "'%s' cannot be kprobed on this kernel (inlined, "
					 "renamed or blacklisted%s%s)", t->kfns[i],
					 t->kfn_hint ? "; " : "", t->kfn_hint ? t->kfn_hint : "");
				return false;
			}
		}
		return true;
	case TB_ATTACH_TRACEPOINT:
		if (!tb_tracepoint_exists(t->tp)) {
			snprintf(why, len, "no tracepoint '%s' on this kernel", t->tp);
			return false;
		}
		if (t->tp_field && !tb_tracepoint_has_field(t->tp, t->tp_field)) {
			snprintf(why, len, "tracepoint '%s' has no field '%s' on this kernel", t->tp,
				 t->tp_field);
			return false;
		}
		return true;
	default:
		snprintf(why, len, "not a method");
		return false;
	}
}

static void say_chosen(enum tb_attach_method m, const struct tb_attach_target *t, bool forced)
{
	const char *desc = m == TB_ATTACH_TRACEPOINT ? t->tp_desc : t->fn_desc;

	tb_info("attach method: %s%s%s%s%s", tb_attach_method_name(m),
		desc || forced ? " (" : "", desc ? desc : "",
		forced ? (desc ? "; forced with --attach" : "forced with --attach") : "",
		desc || forced ? ")" : "");
}

int tb_choose_attach(enum tb_attach_method want, const struct tb_attach_target *t,
		     enum tb_attach_method *out)
{
	static const enum tb_attach_method fn_first[] = {
		TB_ATTACH_FENTRY, TB_ATTACH_KPROBE, TB_ATTACH_TRACEPOINT };
	static const enum tb_attach_method tp_first[] = {
		TB_ATTACH_TRACEPOINT, TB_ATTACH_FENTRY, TB_ATTACH_KPROBE };
	const enum tb_attach_method *order = t->tracepoint_first ? tp_first : fn_first;
	unsigned int methods = t->methods ? t->methods : ALL_METHODS;
	char why[256], all[800] = "";

	if (want != TB_ATTACH_AUTO) {
		say_chosen(want, t, true);
		*out = want;
		return 0;
	}
	for (int i = 0; i < 3; i++) {
		if (!(methods & TB_ATTACH_BIT(order[i])))
			continue;
		if (usable(order[i], t, why, sizeof(why))) {
			say_chosen(order[i], t, false);
			*out = order[i];
			return 0;
		}
		tb_info("not using %s: %s", tb_attach_method_name(order[i]), why);
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s: %s", *all ? "; " : "",
			 tb_attach_method_name(order[i]), why);
	}
	tb_error("cannot trace %s: %s", t->purpose ? t->purpose : t->kfns[0], all);
	return -1;
}
