/* Unit tests of argdist's specifiers (BCC's syntax), the key layout and how values print. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/argdist.c"

const char tb_bpf_argdist[] = "";
const char tb_bpf_argdist_name[] = "argdist.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	cleanup();
	env.nfreq = env.nhist = 0;
	return tb_tool_parse(&tool, check_argv("argdist", line, argv), argv);
}

static struct ad_spec s;

static int spec(const char *text, enum ad_kind kind)
{
	spec_free(&s);
	return parse_spec(text, kind, &s);
}

/* what print_event writes for a key */
static const char *event(const unsigned char *key)
{
	static char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	print_event(f, &s, key);
	fclose(f);
	return buf;
}

int main(void)
{
	char text[] = "a ? (b : c) : d:f(x, y), z", *parts[4];
	unsigned char key[128] = { 0 };
	unsigned char *recs[3], a[16] = { 0 }, b[16] = { 0 }, c[16] = { 0 };
	char *t;
	int n;

	tb_log_set_tool("test_argdist");
	/* splitting where no parenthesis is open */
	CHECK_INT(split_top(text, ':', parts, 4), 3);
	CHECK_STR(parts[0], "a ? (b : c) ");
	CHECK_STR(parts[1], " d");
	n = split_top(parts[2], ',', parts, 4);
	CHECK_INT(n, 2);
	CHECK_STR(parts[0], "f(x, y)");
	char text2[] = "p(a:b):x:y";
	CHECK_INT(split_top(text2, ':', parts, 4), 3);
	CHECK_STR(parts[0], "p(a:b)");
	CHECK_STR((t = normalise_type(" unsigned   long ")), "unsigned long");
	free(t);
	CHECK_STR((t = normalise_type("const char *")), "const char*");
	free(t);

	/* a count with a filter and a label */
	CHECK_INT(spec("p:c:malloc(size_t size):size_t:size:size > 16#big ones", AD_FREQ), 0);
	CHECK_INT(s.probe.kind, TB_SPEC_UPROBE);
	CHECK_STR(s.probe.lib, "c");
	CHECK_STR(s.probe.name, "malloc");
	CHECK_STR(s.label, "big ones");
	CHECK_INT(s.nparams, 1);
	CHECK_STR(s.params[0].type, "size_t");
	CHECK_STR(s.params[0].name, "size");
	CHECK_STR(s.signature, "size_t size");
	CHECK_INT(s.nfields, 1);
	CHECK_INT(s.fields[0].size, 8);
	CHECK(!s.fields[0].is_signed);
	CHECK_STR(s.fields[0].code, "size");
	CHECK_STR(s.filter, "size > 16");
	CHECK_INT(s.key_size, 8);
	CHECK(!s.entry && !s.default_expr);
	CHECK_STR(title(&s), "big ones");

	/* several values: a struct key laid out as the compiler does */
	env.string_size = 80;
	CHECK_INT(spec("p:./x:f(int fd, char *buf, long n):int,char *,long:fd,buf,n", AD_FREQ), 0);
	CHECK_INT(s.nparams, 3);
	CHECK_STR(s.params[1].type, "char *");
	CHECK_STR(s.params[1].name, "buf");
	CHECK_INT(s.fields[1].value, AD_STR);
	CHECK_INT(s.fields[0].off, 0);
	CHECK_INT(s.fields[1].off, 4);
	CHECK_INT(s.fields[2].off, 88);
	CHECK_INT(s.key_size, 96);
	CHECK_STR(title(&s), "p:./x:f(int fd, char *buf, long n):int,char *,long:fd,buf,n");
	memset(key, 0xff, 4); /* fd = -1 */
	memcpy(key + 4, "hi", 3);
	key[88] = 5;
	CHECK_STR(event(key), "fd = -1, buf = hi, n = 5");

	/* sorted as BCC: ascending counts, then by value */
	CHECK_INT(spec("p:c:write(int fd):int:fd", AD_FREQ), 0);
	a[0] = 3, a[4] = 7;  /* fd 3, count 7 */
	b[0] = 1, b[4] = 7;  /* fd 1, count 7 */
	c[0] = 9, c[4] = 2;  /* fd 9, count 2 */
	recs[0] = a, recs[1] = b, recs[2] = c;
	qsort_r(recs, 3, sizeof(recs[0]), rec_cmp, &s);
	CHECK(recs[0] == c && recs[1] == b && recs[2] == a);

	/* return probes: $latency and $entry(param) from the entry function */
	CHECK_INT(spec("r:c:malloc(size_t size):u64:$latency/$entry(size)#ns per byte", AD_HIST), 0);
	CHECK_INT(s.probe.kind, TB_SPEC_URETPROBE);
	CHECK_STR(s.fields[0].code, "(bpf_ktime_get_ns() - __entry.__latency)/(__entry.size)");
	CHECK_STR(s.fields[0].display, "$latency/size");
	CHECK(s.entry && s.latency && s.params[0].at_entry);
	CHECK_INT(spec("r:c:read()", AD_HIST), 0);
	CHECK(s.default_expr && !s.entry);
	CHECK_STR(s.fields[0].code, "PT_REGS_RC(ctx)");
	CHECK_INT(spec("r:c:gets():char*:(char*)$retval:$retval != 0", AD_FREQ), 0);
	CHECK_STR(s.filter, "PT_REGS_RC(ctx) != 0");
	CHECK_STR(s.fields[0].display, "(char*)$retval");
	/* STRCMP: a function before the probe's; $entry(param) inside it */
	CHECK_INT(spec("r:c:open(char *file):u64:$latency:STRCMP(\"a.txt\", $entry(file))", AD_HIST), 0);
	CHECK(!strncmp(s.filter, "argdist_streq_", 14) &&
	      strstr(s.filter, "((const void *)((__entry.file)))"));
	CHECK(s.helpers && strstr(s.helpers, "char __s[7] = {};\n\n\tif (bpf_probe_read_user_str("));
	CHECK(s.params[0].at_entry);
	CHECK_INT(spec("t:syscalls:sys_enter_openat():int:args->flags:STRCMP(\"x\", args->filename)",
		       AD_FREQ), 0);
	CHECK(s.helpers && strstr(s.helpers, "bpf_probe_read_kernel_str("));
	CHECK_INT(spec("p:c:open(char *file):u64:1:STRCMP(\"a.txt\")", AD_FREQ), -1);
	CHECK_INT(spec("p:c:fork()", AD_FREQ), 0);
	CHECK(s.default_expr);
	CHECK_STR(event(key), "total calls");
	CHECK_INT(spec("t:block:block_rq_complete():u32:args->nr_sector", AD_HIST), 0);
	CHECK_INT(s.probe.kind, TB_SPEC_TRACEPOINT);
	CHECK_STR(s.probe.category, "block");
	CHECK_INT(spec("t:sched:sched_switch():char*,u32:$COMM,$PID", AD_FREQ), 0);
	CHECK(s.fields[0].comm);
	CHECK_INT(s.fields[0].size, 16);
	CHECK_STR(s.fields[1].code, "__tgid");
	CHECK_INT(spec("p:c:f(int a):int:(a > 1 ? a : 0)", AD_FREQ), 0);
	CHECK_STR(s.fields[0].code, "(a > 1 ? a : 0)");

	/* USDT: the argN read, not arg0, arg13 or a hex constant's digits */
	CHECK_INT(spec("u:pthread:pthread_start():u64,int:arg2,arg12+0xarg1:arg1 > 0 && arg13", AD_FREQ), 0);
	CHECK_INT(s.probe.kind, TB_SPEC_USDT);
	CHECK_INT(s.usdt_args, (1u << 1) | (1u << 2) | (1u << 12));
	CHECK_INT(usdt_args_read("arg0 + xarg3 + arg3x + 1arg4"), 0);

	/* refused, each in one line naming the part */
	CHECK_INT(spec("p:c:malloc", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):float:size", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):size_t", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):size_t:", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):u64,u64:size", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):u64,u64:size,size", AD_HIST), -1);
	CHECK_INT(spec("p:c:malloc(size_t size)", AD_HIST), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):char*:size", AD_HIST), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):int:$retval", AD_FREQ), -1);
	CHECK_INT(spec("r:c:malloc(size_t size):int:$entry(sz)", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):int:$FOO", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):u32:$COMM", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size:int:size", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size)x", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t size):int:size:1:2", AD_FREQ), -1);
	CHECK_INT(spec("p:c:malloc(size_t):int:1", AD_FREQ), -1);
	spec_free(&s);

	/* options: -d and -n end the trace, whichever first; counts before histograms */
	CHECK_INT(parse("-i 5 -d 12 -H p:c:f(int*a):int:1 -C p:c:fork()"), 0);
	CHECK_INT(interval.interval_ms, 5000);
	CHECK_INT(interval.count, 3);
	CHECK_INT(nspecs, 2);
	CHECK_INT(specs[0].kind, AD_FREQ);
	CHECK_INT(parse("-n 2 -d 12 -C p:c:fork() -p 42 -z 20 -T 3 -c"), 0);
	CHECK_INT(interval.count, 2);
	CHECK_INT(env.pid, 42);
	CHECK_INT(env.string_size, 20);
	CHECK_INT(env.top, 3);
	CHECK(env.cumulative);
	CHECK(rejected("-i 1"));
	CHECK(rejected("-C p:c:fork() extra"));
	CHECK(rejected("-z 0 -C p:c:fork()"));
	CHECK(rejected("-i x -C p:c:fork()"));
	cleanup();
	return check_result("test_argdist");
}
