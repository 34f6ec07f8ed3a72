/* Unit tests of tbrun's pure parts: option syntax (BIN:SYM=FN, USDT and perf event specs),
 * BCC's function naming convention, histogram detection, and event decoding from libbcc's
 * recorded field lists (hand-made here, in the strings libbcc 0.26 produces). */
#include <stdlib.h>

#include "check.h"
#include "internal.h"
#include "tb_object.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tbrun.c"

static char *print_event(const struct tb_layout *l, const void *data, size_t size, bool json)
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	tb_layout_print(f, l, data, size, json, NULL);
	fclose(f);
	return buf;
}

static void test_uprobe_specs(void)
{
	struct uprobe_spec u;

	CHECK_INT(parse_uprobe_spec("/bin/bash:readline=on_rl", false, &u), 0);
	CHECK_STR(u.binary, "/bin/bash");
	CHECK_STR(u.symbol, "readline");
	CHECK_STR(u.fn, "on_rl");
	CHECK(!u.retprobe);
	CHECK_INT(parse_uprobe_spec("c:malloc=m", true, &u), 0);
	CHECK_STR(u.binary, "c");
	CHECK(u.retprobe);
	/* the symbol follows the last ':' */
	CHECK_INT(parse_uprobe_spec("/opt/a:b/bin:f=g", false, &u), 0);
	CHECK_STR(u.binary, "/opt/a:b/bin");
	CHECK_STR(u.symbol, "f");

	CHECK(parse_uprobe_spec("/bin/bash:readline", false, &u) < 0);  /* no FN */
	CHECK(parse_uprobe_spec("/bin/bash=f", false, &u) < 0);         /* no SYM */
	CHECK(parse_uprobe_spec(":readline=f", false, &u) < 0);         /* no BIN */
	CHECK(parse_uprobe_spec("/bin/bash:readline=f-x", false, &u) < 0); /* FN not C */
	CHECK(parse_uprobe_spec("/bin/bash:=f", false, &u) < 0);
}

static void test_usdt_specs(void)
{
	struct usdt_spec s;

	CHECK_INT(parse_usdt_spec("/usr/bin/python3.11:python:function__entry=on_call", &s), 0);
	CHECK_STR(s.target, "/usr/bin/python3.11");
	CHECK_STR(s.provider, "python");
	CHECK_STR(s.probe, "function__entry");
	CHECK_STR(s.fn, "on_call");
	CHECK_INT(s.pid, -1);
	CHECK_INT(parse_usdt_spec("1234:python:gc__start=f", &s), 0);
	CHECK_INT(s.pid, 1234);
	CHECK_STR(s.target, "");
	CHECK_INT(parse_usdt_spec("/bin/x::probe=f", &s), 0); /* any provider */
	CHECK_STR(s.provider, "");
	CHECK_STR(s.probe, "probe");
	CHECK(parse_usdt_spec("/bin/x:probe=f", &s) < 0);
	CHECK(parse_usdt_spec("/bin/x:p:q", &s) < 0);
	CHECK(parse_usdt_spec("0:p:q=f", &s) < 0);
}

static void test_perf_specs(void)
{
	struct perf_spec p;

	CHECK_INT(parse_perf_spec("cpu-clock:49=on_sample", &p), 0);
	CHECK_INT(p.type, PERF_TYPE_SOFTWARE);
	CHECK_INT(p.config, PERF_COUNT_SW_CPU_CLOCK);
	CHECK_INT(p.freq, 49);
	CHECK_STR(p.fn, "on_sample");
	CHECK_INT(parse_perf_spec("cycles=f", &p), 0);
	CHECK_INT(p.type, PERF_TYPE_HARDWARE);
	CHECK_INT(p.freq, 99);
	CHECK(parse_perf_spec("cpu-clock:0=f", &p) < 0);
	CHECK(parse_perf_spec("bogus:10=f", &p) < 0);
	CHECK(parse_perf_spec("cpu-clock:10", &p) < 0);
}

static void test_naming(void)
{
	char t[256];

	CHECK_INT(classify_function("kprobe__do_sys_open", t, sizeof(t)), AUTO_KPROBE);
	CHECK_STR(t, "do_sys_open");
	CHECK_INT(classify_function("kretprobe__vfs_read", t, sizeof(t)), AUTO_KRETPROBE);
	CHECK_STR(t, "vfs_read");
	CHECK_INT(classify_function("tracepoint__syscalls__sys_enter_kill", t, sizeof(t)),
		  AUTO_TRACEPOINT);
	CHECK_STR(t, "syscalls:sys_enter_kill");
	CHECK_INT(classify_function("tracepoint__sched__sched_process_exec", t, sizeof(t)),
		  AUTO_TRACEPOINT);
	CHECK_STR(t, "sched:sched_process_exec");
	CHECK_INT(classify_function("raw_tracepoint__sched_switch", t, sizeof(t)),
		  AUTO_RAW_TRACEPOINT);
	CHECK_STR(t, "sched_switch");
	CHECK_INT(classify_function("kfunc__do_unlinkat", t, sizeof(t)), AUTO_KFUNC);
	CHECK_INT(classify_function("kretfunc__do_unlinkat", t, sizeof(t)), AUTO_KFUNC);
	CHECK_INT(classify_function("lsm__file_open", t, sizeof(t)), AUTO_LSM);
	CHECK_INT(classify_function("on_readline", t, sizeof(t)), AUTO_NONE);
	CHECK_INT(classify_function("kprobe__", t, sizeof(t)), AUTO_NONE);
	CHECK_INT(classify_function("tracepoint__syscalls", t, sizeof(t)), AUTO_NONE);
}

static void test_histogram_detection(void)
{
	const char *src = "BPF_HISTOGRAM(dist);\nBPF_HISTOGRAM( lat , u32);\n"
			  "BPF_TABLE(\"histogram\", int, u64, sizes, 64);\nBPF_HASH(distx, u32);\n";

	CHECK(is_histogram(src, "dist"));
	CHECK(is_histogram(src, "lat"));
	CHECK(is_histogram(src, "sizes"));
	CHECK(!is_histogram(src, "distx"));
	CHECK(!is_histogram(src, "dis"));
	CHECK(!is_histogram(src, "counts"));
}

static void test_layout(void)
{
	/* the strings libbcc 0.26 records ("name#type"; arrays with or without a space) */
	const char *const fields[] = { "pid#u32", "tpid#int", "sig#int", "comm#char[16]",
				       "ts#u64", "flag#unsigned char", "ptr#void *",
				       "vals#__u16 [3]" };
	struct tb_layout l;
	char err[128];
	unsigned char ev[64] = { 0 };
	uint32_t pid = 42;
	int32_t tpid = -7, sig = 9;
	uint64_t ts = 123456789012ull, ptr = 0xffff8880dead;
	uint16_t vals[3] = { 1, 2, 65535 };
	char buf2[256];

	CHECK_INT(tb_layout_parse(&l, fields, 8, err, sizeof(err)), 0);
	CHECK_INT(l.nfields, 8);
	CHECK_INT(l.fields[0].offset, 0);
	CHECK_INT(l.fields[1].offset, 4);
	CHECK_INT(l.fields[2].offset, 8);
	CHECK_INT(l.fields[3].offset, 12);
	CHECK_INT(l.fields[3].kind, TB_FIELD_STRING);
	CHECK_INT(l.fields[4].offset, 32); /* 28 aligned to 8 */
	CHECK_INT(l.fields[5].offset, 40);
	CHECK_INT(l.fields[6].offset, 48);
	CHECK_INT(l.fields[7].offset, 56);
	CHECK_INT(l.fields[7].count, 3);
	CHECK_INT(l.size, 64);

	memcpy(ev, &pid, 4);
	memcpy(ev + 4, &tpid, 4);
	memcpy(ev + 8, &sig, 4);
	memcpy(ev + 12, "kill\0garbage", 12);
	memcpy(ev + 32, &ts, 8);
	ev[40] = 200;
	memcpy(ev + 48, &ptr, 8);
	memcpy(ev + 56, vals, 6);
	CHECK_STR(print_event(&l, ev, sizeof(ev), false),
		  "pid=42 tpid=-7 sig=9 comm=kill ts=123456789012 flag=200 ptr=0xffff8880dead "
		  "vals=[1 2 65535]\n");
	CHECK_STR(print_event(&l, ev, sizeof(ev), true),
		  "{\"pid\":42,\"tpid\":-7,\"sig\":9,\"comm\":\"kill\",\"ts\":123456789012,"
		  "\"flag\":200,\"ptr\":\"0xffff8880dead\",\"vals\":[1,2,65535]}\n");
	/* several outputs: the table is named first */
	FILE *f = fmemopen(buf2, sizeof(buf2), "w");
	tb_layout_print(f, &l, ev, 12, true, "ev2");
	fclose(f);
	CHECK_STR(buf2, "{\"table\":\"ev2\",\"pid\":42,\"tpid\":-7,\"sig\":9}\n");
	f = fmemopen(buf2, sizeof(buf2), "w");
	tb_layout_print(f, &l, ev, 8, false, "ev2");
	fclose(f);
	CHECK_STR(buf2, "ev2: pid=42 tpid=-7\n");
	/* a short event: only the fields it holds, a string cut where the data ends */
	CHECK_STR(print_event(&l, ev, 12, false), "pid=42 tpid=-7 sig=9\n");
	CHECK_STR(print_event(&l, ev, 14, false), "pid=42 tpid=-7 sig=9 comm=ki\n");
	CHECK_STR(print_event(&l, ev, 30, false), "pid=42 tpid=-7 sig=9 comm=kill\n");

	/* a struct ending in a smaller field is padded to its largest alignment */
	const char *const tail[] = { "a#u64", "b#char" };
	CHECK_INT(tb_layout_parse(&l, tail, 2, err, sizeof(err)), 0);
	CHECK_INT(l.size, 16);
	/* unsigned long long, const qualifiers, enums */
	const char *const more[] = { "x#const unsigned long long", "e#enum state", "s#short" };
	CHECK_INT(tb_layout_parse(&l, more, 3, err, sizeof(err)), 0);
	CHECK_INT(l.fields[1].offset, 8);
	CHECK_INT(l.fields[2].offset, 12);
	CHECK_INT(l.size, 16);

	/* what cannot be decoded says which type */
	const char *const nested[] = { "pid#u32", "inner#struct foo" };
	CHECK_INT(tb_layout_parse(&l, nested, 2, err, sizeof(err)), -1);
	CHECK_STR(err, "'struct foo' of field 'inner'");
	const char *const flex[] = { "n#u32", "data#char[]" };
	CHECK_INT(tb_layout_parse(&l, flex, 2, err, sizeof(err)), -1);
	const char *const noname[] = { "u32" };
	CHECK_INT(tb_layout_parse(&l, noname, 1, err, sizeof(err)), -1);
	/* JSON strings are escaped */
	const char *const str[] = { "s#char[8]" };
	CHECK_INT(tb_layout_parse(&l, str, 1, err, sizeof(err)), 0);
	CHECK_STR(print_event(&l, "a\"b\n", 8, true), "{\"s\":\"a\\\"b\\n\"}\n");

	/* counts from text cannot wrap the size: LONG_MAX elements of 8 bytes, a sum past the
	 * limit, a count strtol saturates */
	const char *const huge[] = { "a#u64[1152921504606846976]" };
	CHECK_INT(tb_layout_parse(&l, huge, 1, err, sizeof(err)), -1);
	const char *const sum[] = { "a#char[16777215]", "b#u16[2]" };
	CHECK_INT(tb_layout_parse(&l, sum, 2, err, sizeof(err)), -1);
	CHECK_STR(err, "'u16[2]' of field 'b': the struct would exceed 16777216 bytes");
	const char *const sat[] = { "a#u64[99999999999999999999999]" };
	CHECK_INT(tb_layout_parse(&l, sat, 1, err, sizeof(err)), -1);
	const char *const max[] = { "a#char[16777208]", "b#u64" };
	CHECK_INT(tb_layout_parse(&l, max, 2, err, sizeof(err)), 0);
	CHECK_INT(l.size, 16777216);
	/* a huge array field with little data prints nothing past the data */
	CHECK_STR(print_event(&l, "abc", 3, false), "a=abc\n");
}

/* Map keys and leaves printed from libbcc's type descriptions, and descriptions cut short. */
static void test_table_format(void)
{
	struct tb_table t = { .name = "t", .fd = -1, .key_size = 16, .leaf_size = 16 };
	struct tb_object obj = { .tables = &t, .ntables = 1 };
	struct tb_prog prog = { .obj = &obj };
	uint32_t key[4] = { 7, 0, 2, 3 };
	char buf[128];

	t.key_desc = "[\"k\", [[\"a\",\"u32\"], [\"__pad_1\",\"char\",[4]], "
		     "[\"b\", \"int\", [2]]], \"struct_packed\"]";
	CHECK_INT(tb_prog_table_key_format(&prog, 0, buf, sizeof(buf), key), 0);
	CHECK_STR(buf, "{a=7 b=[2 3]}");
	/* cut inside a dimension, a name, a type: refused without reading past the text */
	static const char *const cut[] = {
		"[\"k\", [[\"a\", \"u64\"], [\"b\", \"int\", [2",
		"[\"k\", [[\"a\", \"u64\"], [\"b\", \"int\", [2\t",
		"[\"k\", [[\"a",
		"[\"k\", [[\"a\", \"u6",
	};
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		char *heap = strdup(cut[i]); /* on the heap, so ASan sees a read past it */

		t.key_desc = heap;
		CHECK_INT(tb_prog_table_key_format(&prog, 0, buf, sizeof(buf), key), -1);
		free(heap);
	}
}

int main(void)
{
	freopen("/dev/null", "w", stderr); /* rejected specs print their one-line errors */
	test_layout();
	test_table_format();
	test_naming();
	test_histogram_detection();
	test_perf_specs();
	test_usdt_specs();
	test_uprobe_specs();
	return check_result("test_tbrun");
}
