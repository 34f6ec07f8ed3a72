/* Choosing how to trace a kernel function: fentry/fexit, kprobe/kretprobe, or a tracepoint
 * that stands in for it, by what this kernel offers (--attach auto), or as the user forces.
 * A tool's BPF source holds one variant per method; the chosen one's -D flag compiles it. */
#ifndef TB_ATTACH_CHOICE_H
#define TB_ATTACH_CHOICE_H

#include <stdbool.h>

enum tb_attach_method {
	TB_ATTACH_AUTO,
	TB_ATTACH_FENTRY,     /* fentry/fexit: BTF trampolines, cheapest, argument types known */
	TB_ATTACH_KPROBE,     /* kprobe/kretprobe: any kernel with CONFIG_KPROBES */
	TB_ATTACH_TRACEPOINT, /* stable tracepoints standing in for the function */
};
#define TB_ATTACH_BIT(m) (1u << (m))

/* Kernel functions one tool hooks at most (vfsstat: five VFS calls). */
#define TB_ATTACH_MAX_KFNS 5

/* What a tool's variants need, for tb_choose_attach(). */
struct tb_attach_target {
	/* kernel functions the fentry/kprobe variants hook (unused entries NULL) */
	const char *kfns[TB_ATTACH_MAX_KFNS];
	const char *tp;        /* "category:event" the tracepoint variant uses */
	const char *tp_field;  /* optional: a field the tracepoint variant needs in tp's format
				* (skb:kfree_skb's "reason", 5.17+); without it, not usable */
	unsigned int methods;  /* TB_ATTACH_BIT()s of the variants the tool has; 0 = all three */
	bool tracepoint_first; /* auto prefers the tracepoint, a stable interface, when present */
	const char *purpose;   /* "TCP connects": for the error when nothing is available */
	const char *fn_desc;   /* optional, for -v: what the fentry/kprobe variants read */
	const char *kfn_hint;  /* optional: said after "no function" (where a module has them) */
	const char *tp_desc;   /* optional, for -v: what the tracepoint variant reads */
};

/* "auto", "fentry", "kprobe" or "tracepoint" (--attach), limited to methods (0 = all); one
 * error line naming the accepted values and -1 otherwise. */
int tb_parse_attach_method(const char *s, unsigned int methods, enum tb_attach_method *out);
const char *tb_attach_method_name(enum tb_attach_method m);
/* The BPF side's switch: "-DTB_USE_FENTRY", "-DTB_USE_KPROBE", "-DTB_USE_TRACEPOINT". */
const char *tb_attach_method_cflag(enum tb_attach_method m);

/* Resolves want: AUTO takes the first method this kernel can attach (fentry, kprobe,
 * tracepoint; the tracepoint first with tracepoint_first), and says under -v which one and
 * why each better one was passed over ("not using fentry: ..."). A forced method is kept
 * unchecked: its variant compiles, and attaching it where the kernel lacks it fails with the
 * loader's one-line error. 0, or -1 after one error line when nothing is available. */
int tb_choose_attach(enum tb_attach_method want, const struct tb_attach_target *t,
		     enum tb_attach_method *out);

#endif
