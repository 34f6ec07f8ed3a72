/* libFuzzer target: option parsers: the bounded number and seconds parsers
 * (loader/cli/options.c), signal names (loader/output/format.c), perf event names, and tbrun's specs
 * (BIN:SYM=FN, TARGET:PROVIDER:PROBE=FN, EVENT[:HZ]=FN), BCC function naming and histogram
 * detection in source text. Input: a selector byte, then the option's text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TB_NO_MAIN
#include "../../frontends/tbrun.c"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct uprobe_spec u;
	struct usdt_spec d;
	struct perf_spec p;
	char *s, target[64], *name;
	uint64_t config;
	uint32_t type;
	long l;
	int i;

	if (len < 1)
		return 0;
	s = strndup((const char *)in + 1, len - 1);
	switch (in[0] % 8) {
	case 0:
		if (!tb_parse_long(s, -1000, 1000, "n", &l) && (l < -1000 || l > 1000))
			abort();
		tb_parse_long(s, LONG_MIN, LONG_MAX, "n", &l);
		break;
	case 1:
		if (!tb_parse_int(s, 1, 1 << 16, "n", &i) && (i < 1 || i > 1 << 16))
			abort();
		break;
	case 2:
		if (!tb_parse_seconds(s, 365 * 86400.0, "duration", &l) && (l < 1 || l > 365 * 86400000L))
			abort();
		break;
	case 3:
		i = tb_signal_number(s);
		if (i != -1 && (i < 1 || i > 64 || (tb_signal_name(i) == NULL)))
			abort();
		tb_perf_event_lookup(s, &type, &config);
		break;
	case 4:
		if (!parse_uprobe_spec(s, len & 1, &u) &&
		    (!*u.binary || !*u.symbol || !*u.fn))
			abort();
		break;
	case 5:
		if (!parse_usdt_spec(s, &d) && (!*d.probe || !*d.fn || (d.pid < 0 && !*d.target)))
			abort();
		break;
	case 6:
		if (!parse_perf_spec(s, &p) && (!*p.fn || p.freq < 1 || p.freq > 100000))
			abort();
		classify_function(s, target, len & 1 ? sizeof(target) : 4);
		break;
	case 7:
		/* a table name from the text's first word, looked for in the whole text */
		name = strndup(s, strcspn(s, " \n(,"));
		if (*name)
			is_histogram(s, name);
		free(name);
		break;
	}
	free(s);
	return 0;
}
