/* libFuzzer target: trace_pipe lines (loader/events/tracepipe.c), split into fields one by one and
 * as the run loop's buffer handling sees them (lost-event lines, the marker, partial lines). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* the file itself, for its static buffer handling (dispatch) */
#include "../../loader/events/tracepipe.c"

static void check_line(const char *start, size_t len, const struct tb_trace_line *l)
{
	if (l->msg < start || l->msg > start + len || memchr(l->comm, 0, sizeof(l->comm)) == NULL)
		abort();
}

static const char *cur;
static size_t cur_len;

static void on_line(void *ctx, const struct tb_trace_line *l)
{
	(void)ctx;
	/* fill_comm may name "<...>" from /proc; the message still points into the buffer */
	check_line(cur, cur_len, l);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct tb_trace_line line;
	unsigned long long lost = 0;
	char buf[8192];
	size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
	char *one = malloc(len + 1);

	/* the whole input as one line (newlines cut it short, as in the kernel's) */
	memcpy(one, in, len);
	one[len] = 0;
	if (tb_trace_line_parse(one, &line))
		check_line(one, len, &line);
	free(one);

	/* the run loop's path: every complete line, with and without a marker */
	memcpy(buf, in, n);
	cur = buf;
	cur_len = n;
	dispatch(buf, &n, len & 1 ? "tbmark-1: " : NULL, on_line, NULL, &lost);
	if (n > sizeof(buf) - 1)
		abort();
	return 0;
}
