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
	return check_result("test_format");
}
