/* Unit tests of ttysnoop: BCC's flags and device argument (a path, or a pts number), bad
 * input, the -D flags, and what an event prints: its bytes as written, or JSON. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/ttysnoop.c"

const char tb_bpf_ttysnoop[] = "";
const char tb_bpf_ttysnoop_name[] = "ttysnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .size = TB_TTYSNOOP_DEFAULT_SIZE, .count = TB_TTYSNOOP_DEFAULT_COUNT,
			    .attach = TB_ATTACH_AUTO };
	return tb_tool_parse(&tool, check_argv("ttysnoop", line, argv), argv);
}

static void test_device_path(void)
{
	char path[64];

	CHECK_INT(device_path("2", path, sizeof(path)), 0);
	CHECK_STR(path, "/dev/pts/2");
	CHECK_INT(device_path("/dev/tty0", path, sizeof(path)), 0);
	CHECK_STR(path, "/dev/tty0");
	CHECK_INT(device_path("/dev/console", path, sizeof(path)), 0);
	CHECK_STR(path, "/dev/console");
	/* BCC would try /dev/pts/pts/2, /dev/pts/abc: nothing a pts can be */
	CHECK_INT(device_path("pts/2", path, sizeof(path)), -1);
	CHECK_INT(device_path("abc", path, sizeof(path)), -1);
	CHECK_INT(device_path("-1", path, sizeof(path)), -1);
	CHECK_INT(device_path("", path, sizeof(path)), -1);
	CHECK_INT(device_path("/dev/a-path-longer-than-the-room-there-is-for-it-here-0123456789",
			      path, sizeof(path)), -1);
}

/* prepare's -D flags without the kernel: what the options give the BPF side */
static void test_flags(void)
{
	struct stat st;

	CHECK_INT(parse("/dev/null"), 0);
	CHECK(!env.noclear && env.size == 256 && env.count == 16);
	CHECK_STR(env.path, "/dev/null");
	CHECK(!stat("/dev/null", &st) && env.ino == st.st_ino);
	CHECK_INT(env.sb_dev, (major(st.st_dev) << 20) | minor(st.st_dev));
	CHECK_INT(parse("-C -s 1024 -c 2 /dev/null"), 0);
	CHECK(env.noclear && env.size == 1024 && env.count == 2);
	CHECK_INT(parse("--noclear --datasize 16384 --datacount 256 --attach kprobe /dev/null"), 0);
	CHECK(env.noclear && env.size == 16384 && env.count == 256 && env.attach == TB_ATTACH_KPROBE);
	CHECK(rejected(""));                       /* no device */
	CHECK(rejected("abc"));                    /* neither a path nor a number */
	CHECK(rejected("/nonexistent/tty"));       /* no such device */
	CHECK(rejected("/"));                      /* not a character device */
	CHECK(rejected("/dev/null /dev/null"));    /* one device */
	CHECK(rejected("-s 0 /dev/null"));
	CHECK(rejected("-s 16385 /dev/null"));
	CHECK(rejected("-s x /dev/null"));
	CHECK(rejected("-c 0 /dev/null"));
	CHECK(rejected("-c 257 /dev/null"));
	CHECK(rejected("--attach tracepoint /dev/null"));
	CHECK(rejected("-p 1 /dev/null"));
}

/* one event of size bytes printed: text or JSON */
static char *print(const char *data, size_t len, unsigned int count, unsigned int size, bool json)
{
	static char buf[1024];
	static struct { __u32 count, pad; char buf[64]; } e;
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	memset(buf, 0, sizeof(buf));
	memset(&e, 'z', sizeof(e));
	e.count = count;
	memcpy(e.buf, data, len);
	out_fp = fp;
	tb_common.json = json;
	handle_event(NULL, 0, &e, size);
	fclose(fp);
	out_fp = NULL;
	tb_common.json = false;
	return buf;
}

static void test_print(void)
{
	/* count bytes as they are, nothing added: pieces join into the lines written */
	CHECK_STR(print("date\r\n", 6, 6, 8 + 64, false), "date\r\n");
	CHECK_STR(print("abcdef", 6, 3, 8 + 64, false), "abc");
	/* a count beyond the event (a --bpf-file of another size): only what arrived */
	CHECK_STR(print("abcdef", 6, 1000, 8 + 4, false), "abcd");
	CHECK_STR(print("a\"b\n\033[H", 7, 7, 8 + 64, true),
		  "{\"count\": 7, \"data\": \"a\\\"b\\n\\u001b[H\"}\n");
	/* NUL bytes left out of the JSON string, counted */
	CHECK_STR(print("a\0b", 3, 3, 8 + 64, true), "{\"count\": 3, \"data\": \"ab\"}\n");
}

int main(void)
{
	tb_log_set_tool("test_ttysnoop");
	test_device_path();
	test_flags();
	test_print();
	return check_result("test_ttysnoop");
}
