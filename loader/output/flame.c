/* Flame graphs as self-contained SVG (tb_flame.h): the folded stacks merged into a tree of
 * frames, laid out as flamegraph.pl does, drawn with a small script for zooming. */
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tb_folded.h"
#include "tb_flame.h"
#include "tracebox.h"

/* The tree: children in a sorted singly linked list per node. */
struct node {
	const char *name;
	unsigned long long value;
	struct node *child, *next;
};

struct tree {
	struct node *nodes;
	size_t n, cap;
	char *names;              /* every stack's text, copied, cut at the ';' */
	bool oom;
};

static struct node *new_node(struct tree *t, const char *name)
{
	if (t->n == t->cap)
		return NULL; /* sized before the walk: cannot happen */
	t->nodes[t->n] = (struct node){ .name = name };
	return &t->nodes[t->n++];
}

/* The child of parent named name, made (in name order) when missing. */
static struct node *child(struct tree *t, struct node *parent, const char *name)
{
	struct node **pp = &parent->child, *c;

	for (; *pp; pp = &(*pp)->next) {
		int cmp = strcmp((*pp)->name, name);

		if (!cmp)
			return *pp;
		if (cmp > 0)
			break;
	}
	c = new_node(t, name);
	if (c) {
		c->next = *pp;
		*pp = c;
	}
	return c;
}

static struct node *build(const struct tb_folded *f, struct tree *t)
{
	size_t frames = 1, chars = 0;
	struct node *root;
	char *p;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < f->n; i++) {
		frames++;
		for (const char *s = f->v[i].text; *s; s++)
			frames += *s == ';';
		chars += strlen(f->v[i].text) + 1;
	}
	t->cap = frames;
	t->nodes = calloc(frames, sizeof(*t->nodes));
	t->names = malloc(chars + 1);
	if (!t->nodes || !t->names)
		return NULL;
	root = new_node(t, "all");
	p = t->names;
	for (size_t i = 0; i < f->n; i++) {
		struct node *at = root;
		char *name = strcpy(p, f->v[i].text), *save = NULL;

		p += strlen(p) + 1;
		root->value += f->v[i].count;
		for (char *tok = strtok_r(name, ";", &save); tok && at; tok = strtok_r(NULL, ";", &save)) {
			at = child(t, at, tok);
			if (at)
				at->value += f->v[i].count;
		}
	}
	return root;
}

static void walk(const struct node *nd, unsigned long long x, int depth,
		 struct tb_flame_frame *out, size_t *n)
{
	out[(*n)++] = (struct tb_flame_frame){ nd->name, x, nd->value, depth };
	for (const struct node *c = nd->child; c; c = c->next) {
		walk(c, x, depth + 1, out, n);
		x += c->value;
	}
}

struct tb_flame_frame *tb_flame_layout(const struct tb_folded *f, size_t *n, char **storage)
{
	struct tree t;
	struct node *root = build(f, &t);
	struct tb_flame_frame *out = root && root->value ? calloc(t.n, sizeof(*out)) : NULL;

	*n = 0;
	*storage = NULL;
	if (out) {
		walk(root, 0, 0, out, n);
		*storage = t.names;
		t.names = NULL;
	}
	free(t.nodes);
	free(t.names);
	return out;
}

static void xml_text(FILE *fp, const char *s, size_t max)
{
	for (size_t i = 0; s[i] && i < max; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			fputc((unsigned char)s[i] < 0x20 ? '?' : s[i], fp);
		}
	}
}

/* flamegraph.pl's "hot" palette, from a hash of the name: the same function, the same color */
static void color(const char *name, int *r, int *g, int *b)
{
	uint32_t h = 2166136261u;

	for (const char *s = name; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	*r = 205 + (int)(h % 51);
	*g = (int)((h >> 8) % 231);
	*b = (int)((h >> 16) % 56);
}

/* The zoom: every frame keeps its place in counts (data-x, data-w) and depth; a click redraws
 * the clicked frame's span across the width, its callers full width, the rest hidden. */
static const char script[] =
	"var W, PAD = 10, FONT = 12, details, frames;\n"
	"function init() {\n"
	"  frames = document.getElementsByClassName('f');\n"
	"  details = document.getElementById('details');\n"
	"  W = +document.documentElement.getAttribute('width');\n"
	"  var m = location.hash.match(/^#zoom=(.+)$/);\n"
	"  for (var i = 0; m && i < frames.length; i++)\n"
	"    if (frames[i].getAttribute('data-n') == decodeURIComponent(m[1])) { zoom(frames[i]); break; }\n"
	"}\n"
	"function fit(g, w) {\n"
	"  var t = g.getElementsByTagName('text')[0], n = g.getAttribute('data-n');\n"
	"  var c = Math.floor(w / (FONT * 0.59));\n"
	"  t.textContent = c < 3 ? '' : n.length <= c ? n : n.substring(0, c - 2) + '..';\n"
	"}\n"
	"function zoom(z) {\n"
	"  var zx = +z.getAttribute('data-x'), zw = +z.getAttribute('data-w');\n"
	"  var zd = +z.getAttribute('data-d'), scale = (W - 2 * PAD) / zw;\n"
	"  for (var i = 0; i < frames.length; i++) {\n"
	"    var g = frames[i], x = +g.getAttribute('data-x'), w = +g.getAttribute('data-w');\n"
	"    var d = +g.getAttribute('data-d'), r = g.getElementsByTagName('rect')[0];\n"
	"    var t = g.getElementsByTagName('text')[0], nx, nw;\n"
	"    if (x + w <= zx || x >= zx + zw) { g.style.display = 'none'; continue; }\n"
	"    g.style.display = '';\n"
	"    if (d < zd) { nx = PAD; nw = W - 2 * PAD; }\n"
	"    else { nx = PAD + (x - zx) * scale; nw = w * scale; }\n"
	"    r.setAttribute('x', nx); r.setAttribute('width', Math.max(nw, 0));\n"
	"    t.setAttribute('x', nx + 3); fit(g, nw);\n"
	"  }\n"
	"  document.getElementById('unzoom').style.opacity = zd > 0 ? 1 : 0;\n"
	"}\n"
	"function s(g) { details.textContent = g.getElementsByTagName('title')[0].textContent; }\n"
	"function c() { details.textContent = ' '; }\n";

int tb_flame_svg(const struct tb_folded *f, FILE *fp, const struct tb_flame_opts *opts)
{
	const char *title = opts && opts->title ? opts->title : "Flame Graph";
	const char *unit = opts && opts->countname ? opts->countname : "samples";
	const int width = opts && opts->width >= 200 ? opts->width : 1200;
	const int fh = 16, pad = 10, top = 50, bottom = 34;
	size_t n = 0;
	char *names = NULL;
	struct tb_flame_frame *fr = tb_flame_layout(f, &n, &names);
	int depth = 0, height;
	double scale;

	if (!fr) {
		tb_error("failed to draw a flame graph: %s", f->n ? "out of memory" :
			 "no stacks to draw");
		free(names);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		depth = fr[i].depth > depth ? fr[i].depth : depth;
	height = top + (depth + 1) * fh + bottom;
	scale = (double)(width - 2 * pad) / (double)fr[0].value;
	fprintf(fp, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"onload=\"init()\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>text { font-family: Verdana, sans-serif; font-size: 12px; fill: #000; }\n"
		".f:hover rect { stroke: #000; stroke-width: 0.5; } .f { cursor: pointer; }\n"
		"#title { font-size: 17px; text-anchor: middle; } #unzoom { cursor: pointer; }</style>\n"
		"<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n"
		"<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f8\"/>\n"
		"<text id=\"title\" x=\"%d\" y=\"24\">", width, height, width, height, script,
		width, height, width / 2);
	xml_text(fp, title, 200);
	fprintf(fp, "</text>\n<text id=\"unzoom\" x=\"%d\" y=\"24\" style=\"opacity: 0\" "
		"onclick=\"zoom(document.getElementsByClassName('f')[0])\">Reset Zoom</text>\n"
		"<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n", pad, pad, height - 12);
	for (size_t i = 0; i < n; i++) {
		double x = pad + fr[i].x * scale, w = fr[i].value * scale;
		int y = top + (depth - fr[i].depth) * fh, r, g, b, chars;
		size_t len = strlen(fr[i].name);

		if (w < 0.1) /* too thin to see or click: flamegraph.pl leaves them out too */
			continue;
		color(fr[i].name, &r, &g, &b);
		if (i == 0)
			r = 240, g = 160, b = 60;
		fprintf(fp, "<g class=\"f\" data-x=\"%llu\" data-w=\"%llu\" data-d=\"%d\" data-n=\"",
			fr[i].x, fr[i].value, fr[i].depth);
		xml_text(fp, fr[i].name, len);
		fprintf(fp, "\" onclick=\"zoom(this)\" onmouseover=\"s(this)\" onmouseout=\"c()\">"
			"<title>");
		xml_text(fp, fr[i].name, len);
		fprintf(fp, " (%llu %s, %.2f%%)</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
			"height=\"%d\" fill=\"rgb(%d,%d,%d)\" rx=\"2\"/><text x=\"%.1f\" y=\"%d\">",
			fr[i].value, unit, 100.0 * fr[i].value / fr[0].value, x, y, w, fh - 1, r,
			g, b, x + 3, y + 11);
		chars = (int)(w / (12 * 0.59));
		if (chars >= 3) {
			if ((size_t)chars >= len) {
				xml_text(fp, fr[i].name, len);
			} else {
				xml_text(fp, fr[i].name, (size_t)chars - 2);
				fputs("..", fp);
			}
		}
		fputs("</text></g>\n", fp);
	}
	fputs("</svg>\n", fp);
	free(fr);
	free(names);
	return ferror(fp) ? -1 : 0;
}

int tb_flame_check_path(const char *path)
{
	char *copy = strdup(path);
	const char *dir = copy ? dirname(copy) : ".";
	int ok = !access(dir, W_OK);

	if (!ok)
		tb_error("failed to write flame graph '%s': %s: %s", path, dir, strerror(errno));
	free(copy);
	return ok ? 0 : -1;
}
