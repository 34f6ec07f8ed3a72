/* Flame graphs without Perl: folded stacks (tb_folded.h) drawn as one self-contained,
 * interactive SVG, as Brendan Gregg's flamegraph.pl draws them: a frame per function per
 * path, as wide as its samples, callers below callees, a title on hover with the count and
 * share, and click to zoom (Reset Zoom to come back). No file or network access when viewed. */
#ifndef TB_FLAME_H
#define TB_FLAME_H

#include <stdio.h>

struct tb_folded;

struct tb_flame_opts {
	const char *title;     /* default "Flame Graph" */
	const char *countname; /* what a count is: default "samples" */
	int width;             /* pixels, default 1200 */
};

/* Whether a flame graph can be written at path (its folder exists and takes files): checked
 * before a tool spends its run. 0, or -1 after one error line. */
int tb_flame_check_path(const char *path);

/* Writes the SVG of f's stacks (merged or not) to fp. 0, or -1 after one error line (out of
 * memory, or nothing to draw). */
int tb_flame_svg(const struct tb_folded *f, FILE *fp, const struct tb_flame_opts *opts);

/* --- pure parts, for the unit test --- */
struct tb_flame_frame {
	const char *name;         /* into the tree's storage */
	unsigned long long x;     /* start, in counts from the left */
	unsigned long long value; /* width, in counts */
	int depth;                /* 0: the root ("all") */
};
/* The frames f's stacks make, root first then depth-first with siblings in name order (as
 * flamegraph.pl lays them out), in a malloc'd array of *n (NULL when out of memory or empty);
 * *storage holds the names (free both). */
struct tb_flame_frame *tb_flame_layout(const struct tb_folded *f, size_t *n, char **storage);

#endif
