/* Unit tests of the argument-list formatting shared by the tools (BCC's ARGS column). */
#include "check.h"
#include "tb_format.h"

#define ARGS(lit) lit, sizeof(lit) - 1

int main(void)
{
	char out[256];

	tb_format_argv(out, sizeof(out), ARGS("/bin/ls\0-l\0/tmp\0"), 10, false, false);
	CHECK_STR(out, "/bin/ls -l /tmp");
	/* an empty argument keeps its place: two spaces */
	tb_format_argv(out, sizeof(out), ARGS("a\0\0b\0"), 10, false, false);
	CHECK_STR(out, "a  b");
	/* more strings than max_count, or the kernel's truncation flag: " ..." */
	tb_format_argv(out, sizeof(out), ARGS("a\0b\0c\0"), 2, false, false);
	CHECK_STR(out, "a b ...");
	tb_format_argv(out, sizeof(out), ARGS("a\0b\0"), 5, false, true);
	CHECK_STR(out, "a b ...");
	/* quoting escapes inner quotes; newlines are shown as \n */
	tb_format_argv(out, sizeof(out), ARGS("echo\0say \"hi\"\0two\nlines\0"), 10, true, false);
	CHECK_STR(out, "\"echo\" \"say \\\"hi\\\"\" \"two\\nlines\"");
	/* an unterminated last string (cut by the kernel) stops at size */
	tb_format_argv(out, sizeof(out), ARGS("abc\0de"), 10, false, false);
	CHECK_STR(out, "abc de");
	/* output is cut to the buffer, still terminated */
	CHECK_INT(tb_format_argv(out, 5, ARGS("abcdef\0"), 10, false, false), 4);
	CHECK_STR(out, "abcd");
	CHECK_INT(tb_format_argv(out, sizeof(out), "", 0, 10, false, false), 0);
	CHECK_STR(out, "");

	CHECK_INT(tb_next_string(ARGS("ab\0cd\0"), 0), 3);
	CHECK_INT(tb_next_string(ARGS("ab\0cd\0"), 3), 6);
	CHECK_INT(tb_next_string(ARGS("ab\0cd"), 3), 5);
	CHECK_STR(tb_signal_name(9), "SIGKILL");
	CHECK_STR(tb_signal_name(15), "SIGTERM");
	CHECK_STR(tb_signal_name(35), "SIGRTMIN+3");
	CHECK(tb_signal_name(0) == NULL && tb_signal_name(65) == NULL);
	CHECK_INT(tb_signal_number("KILL"), 9);
	CHECK_INT(tb_signal_number("sigterm"), 15);
	CHECK_INT(tb_signal_number("SIGUSR1"), 10);
	CHECK_INT(tb_signal_number("9"), 9);
	CHECK_INT(tb_signal_number("NOPE"), -1);
	CHECK_INT(tb_signal_number("0"), -1);
	CHECK_STR(tb_errno_name(-2), "ENOENT");
	CHECK_STR(tb_errno_name(13), "EACCES");
	CHECK(tb_errno_name(4095) == NULL);

	/* exit statuses as BCC's exitsnoop prints them */
	tb_format_exit_status(out, sizeof(out), 0);
	CHECK_STR(out, "0");
	tb_format_exit_status(out, sizeof(out), 3 << 8);
	CHECK_STR(out, "code 3");
	tb_format_exit_status(out, sizeof(out), 9);
	CHECK_STR(out, "signal 9 (KILL)");
	tb_format_exit_status(out, sizeof(out), 11 | 0x80);
	CHECK_STR(out, "signal 11 (SEGV), core dumped");
	tb_format_exit_status(out, sizeof(out), 35);
	CHECK_STR(out, "signal 35 (RTMIN+3)");
	tb_format_exit_status(out, sizeof(out), 127);
	CHECK_STR(out, "signal 127 (unknown)");
	CHECK_INT(tb_format_exit_status(out, 5, 9), 4);
	CHECK_STR(out, "sign");
	/* flags as BCC's tools decode them: names in list order, the rest in hex or octal */
	{
		static const struct tb_flag_name names[] = {
			{ 1, "A" }, { 2, "B" },
			{ 5u << 12, "F5", 0xfu << 12 }, { 6u << 12, "F6", 0xfu << 12 },
			{ 0, NULL },
		};
		char buf[64];
		size_t n;

		n = 0; tb_format_flags(buf, sizeof(buf), &n, 0, names, NULL, false);
		CHECK_STR(buf, "0x0");
		n = 0; tb_format_flags(buf, sizeof(buf), &n, 3 | 0x100, names, NULL, false);
		CHECK_STR(buf, "A|B|0x100");
		CHECK_INT(n, 9);
		n = 0; tb_format_flags(buf, sizeof(buf), &n, 2, names, "P", false);
		CHECK_STR(buf, "P|B");
		/* a field's value, not its bits: 6 is not 5 (they share a bit) */
		n = 0; tb_format_flags(buf, sizeof(buf), &n, (6u << 12) | 0600, names, NULL, true);
		CHECK_STR(buf, "F6|0600");
		n = 0; tb_format_flags(buf, sizeof(buf), &n, 7u << 12, names, NULL, true);
		CHECK_STR(buf, "070000");
		/* appended after what is there, never past the end */
		n = (size_t)snprintf(buf, sizeof(buf), "x=");
		tb_format_flags(buf, 5, &n, 3, names, NULL, false);
		CHECK_STR(buf, "x=A|");
	}
	return check_result("test_format");
}
