/* Unit tests of folded stacks (parse, merge, print) and the flame graph's layout and SVG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tracebox.h"

int main(void)
{
	struct tb_folded f = { 0 };
	struct tb_flame_frame *fr;
	char *names, *svg = NULL;
	size_t n, len = 0;
	FILE *fp;

	/* parse: the count is the last word; frames may hold spaces */
	CHECK_INT(tb_folded_add_line(&f, "comm;main;do it 3\n"), 0);
	CHECK_INT(tb_folded_add_line(&f, "comm;main 1"), 0);
	CHECK_INT(tb_folded_add_line(&f, "comm;main;do it 2"), 0);
	CHECK_INT(tb_folded_add_line(&f, "comm;other 4"), 0);
	CHECK(tb_folded_add_line(&f, "no count") != 0);
	CHECK(tb_folded_add_line(&f, "12") != 0);
	CHECK(tb_folded_add_line(&f, "a;b 1x") != 0);
	CHECK_INT((int)f.n, 4);
	/* merge: equal stacks summed, smallest count first (BCC's order) */
	tb_folded_merge(&f);
	CHECK_INT((int)f.n, 3);
	CHECK_STR(f.v[0].text, "comm;main");
	CHECK_STR(f.v[1].text, "comm;other");
	CHECK_STR(f.v[2].text, "comm;main;do it");
	CHECK(f.v[2].count == 5);

	/* layout: root, then depth-first, siblings by name; x and widths in counts */
	fr = tb_flame_layout(&f, &n, &names);
	CHECK(fr != NULL);
	CHECK_INT((int)n, 5);
	CHECK_STR(fr[0].name, "all");
	CHECK(fr[0].value == 10 && fr[0].depth == 0);
	CHECK_STR(fr[1].name, "comm");
	CHECK(fr[1].value == 10 && fr[1].x == 0 && fr[1].depth == 1);
	CHECK_STR(fr[2].name, "main");
	CHECK(fr[2].value == 6 && fr[2].x == 0 && fr[2].depth == 2);
	CHECK_STR(fr[3].name, "do it");
	CHECK(fr[3].value == 5 && fr[3].x == 0 && fr[3].depth == 3);
	CHECK_STR(fr[4].name, "other");
	CHECK(fr[4].value == 4 && fr[4].x == 6 && fr[4].depth == 2);
	free(fr);
	free(names);

	/* the SVG: escaped names, a title per frame with its share */
	tb_folded_add(&f, "comm;<tag>&\"q\"", 10);
	fp = open_memstream(&svg, &len);
	CHECK_INT(tb_flame_svg(&f, fp, &(struct tb_flame_opts){ .title = "t & u" }), 0);
	fclose(fp);
	CHECK(strstr(svg, "<title>do it (5 samples, 25.00%)</title>") != NULL);
	CHECK(strstr(svg, "&lt;tag&gt;&amp;&quot;q&quot;") != NULL);
	CHECK(strstr(svg, ">t &amp; u</text>") != NULL);
	CHECK(strstr(svg, "<tag>") == NULL);
	free(svg);
	tb_folded_free(&f);
	/* nothing to draw: an error, no SVG */
	fp = open_memstream(&svg, &len);
	CHECK(tb_flame_svg(&f, fp, NULL) != 0);
	fclose(fp);
	CHECK_INT((int)len, 0);
	free(svg);
	return check_result("test_flame");
}
