/* Folded stacks ("comm;outer;...;inner COUNT", Brendan Gregg's format) collected, merged and
 * printed, for every tool with -f (profile, stackcount, offcputime) and for flame graphs
 * (tb_flame.h), which draw the same collection. */
#ifndef TB_FOLDED_H
#define TB_FOLDED_H

#include <stddef.h>
#include <stdio.h>

struct tb_folded_line {
	char *text;               /* the frames, outermost first, ';'-separated; no count */
	unsigned long long count;
};

struct tb_folded {
	struct tb_folded_line *v;
	size_t n, cap;
	size_t dropped;           /* lines not kept for want of memory (said by the tool) */
};

/* Adds one stack; text is copied. */
void tb_folded_add(struct tb_folded *f, const char *text, unsigned long long count);
/* Adds a line of folded text ("frames COUNT"): 0, or -1 when it is not one. */
int tb_folded_add_line(struct tb_folded *f, const char *line);
/* Sums the counts of equal stacks and orders them by count, smallest first (as BCC prints). */
void tb_folded_merge(struct tb_folded *f);
/* "text count" lines, in the collection's order. */
void tb_folded_print(const struct tb_folded *f, FILE *fp);
void tb_folded_free(struct tb_folded *f);

#endif
