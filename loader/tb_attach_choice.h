/* Choosing how to trace a kernel function: fentry/fexit, kprobe/kretprobe, or a tracepoint
 * that stands in for it, by what this kernel offers (--attach auto), or as the user forces. */
#ifndef TB_ATTACH_CHOICE_H
#define TB_ATTACH_CHOICE_H

enum tb_attach_method {
	TB_ATTACH_AUTO,
	TB_ATTACH_FENTRY,     /* fentry/fexit: BTF trampolines, cheapest, argument types known */
	TB_ATTACH_KPROBE,     /* kprobe/kretprobe: any kernel with CONFIG_KPROBES */
	TB_ATTACH_TRACEPOINT, /* stable tracepoints standing in for the function */
};

/* "auto", "fentry", "kprobe" or "tracepoint" (--attach); one error line and -1 otherwise. */
int tb_parse_attach_method(const char *s, enum tb_attach_method *out);
const char *tb_attach_method_name(enum tb_attach_method m);

/* Resolves want for kernel function kfn, with tracepoint tp ("category:event") as the
 * stand-in: AUTO takes the first of fentry, kprobe, tracepoint that this kernel can attach,
 * and says under -v which one and why the better ones were passed over. A forced method the
 * kernel lacks gives one error line ("cannot attach with kprobe: ...") and -1. */
int tb_choose_attach(enum tb_attach_method want, const char *kfn, const char *tp,
		     enum tb_attach_method *out);

#endif
