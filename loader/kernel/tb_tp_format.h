/* A tracepoint's format file (tracefs events/CAT/EVENT/format): whether it has a field, and the
 * names a __print_symbolic() table gives a field's values (skb:kfree_skb's drop reasons), read
 * on the target at run time so that a kernel's own numbering is the one used. */
#ifndef TB_TP_FORMAT_H
#define TB_TP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* The whole format file of "category:event", NUL-terminated (free it), or NULL. */
char *tb_tp_format_read(const char *tp);
/* Whether tracepoint "category:event" exists and has a field of that name. */
bool tb_tracepoint_has_field(const char *tp, const char *field);
/* The same over a format file's text (tests). */
bool tb_tp_format_has_field(const char *text, const char *field);

struct tb_tp_symbol {
	long value;
	char *name;
};
struct tb_tp_symbols {
	struct tb_tp_symbol *e;
	size_t n;
};

/* The { value, "NAME" } pairs of the __print_symbolic(REC->field, ...) in a format's print fmt
 * (entries whose value is not a number are left out). 0, or -1 when there is no such table or
 * memory ran out (out then empty). */
int tb_tp_symbols_parse(const char *text, const char *field, struct tb_tp_symbols *out);
/* The same from tracepoint "category:event" on this kernel. */
int tb_tp_symbols_load(const char *tp, const char *field, struct tb_tp_symbols *out);
/* The name of value, or NULL. */
const char *tb_tp_symbol_name(const struct tb_tp_symbols *s, long value);
/* The value of name, or -1 when it is not in the table. */
long tb_tp_symbol_value(const struct tb_tp_symbols *s, const char *name);
void tb_tp_symbols_free(struct tb_tp_symbols *s);

#endif
