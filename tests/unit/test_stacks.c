/* The stack layer's pure parts: kallsyms parsing and lookup on made-up files (including one
 * hidden by kptr_restrict), frame formatting, folded lines, the unknown-frame summary. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */

#include <stdlib.h>

#include "check.h"
#include "tb_stacks.h"

static struct tb_ksyms *parse(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct tb_ksyms *ks = tb_ksyms_parse(f);

	fclose(f);
	return ks;
}

static void test_kallsyms(void)
{
	/* unsorted on purpose; data symbols (d, b, r) are skipped */
	struct tb_ksyms *ks = parse("ffffffff81000200 T do_syscall_64\n"
				    "ffffffff81000000 T _stext\n"
				    "ffffffff81001000 d some_data\n"
				    "ffffffff81000100 t helper\n"
				    "ffffffffc0001000 t mod_fn\t[mymod]\n"
				    "ffffffffc0000000 T mod_init\t[mymod]\n"
				    "garbage line\n");
	char buf[128];

	CHECK(ks);
	CHECK_INT(tb_ksyms_count(ks), 5);
	CHECK(!tb_ksyms_hidden(ks));
	CHECK(tb_ksyms_lookup(ks, 0xffffffff80ffffff) == NULL);
	CHECK_STR(tb_ksyms_lookup(ks, 0xffffffff81000000)->name, "_stext");
	CHECK_STR(tb_ksyms_lookup(ks, 0xffffffff810000ff)->name, "_stext");
	CHECK_STR(tb_ksyms_lookup(ks, 0xffffffff81000100)->name, "helper");
	CHECK_STR(tb_ksyms_lookup(ks, 0xffffffff81000fff)->name, "do_syscall_64");
	CHECK_STR(tb_ksyms_lookup(ks, 0xffffffffc0001010)->module, "mymod");
	CHECK(tb_ksyms_lookup(ks, 0xffffffff81000210)->module == NULL);

	CHECK_INT(tb_ksym_format(ks, 0xffffffff81000210, 0, buf, sizeof(buf)), -1);
	CHECK_STR(buf, "do_syscall_64");
	tb_ksym_format(ks, 0xffffffff81000210, TB_SYM_OFFSET, buf, sizeof(buf));
	CHECK_STR(buf, "do_syscall_64+0x10");
	tb_ksym_format(ks, 0xffffffff81000210, TB_SYM_OFFSET | TB_SYM_MODULE, buf, sizeof(buf));
	CHECK_STR(buf, "do_syscall_64+0x10 [kernel]");
	tb_ksym_format(ks, 0xffffffffc0001004, TB_SYM_OFFSET | TB_SYM_MODULE, buf, sizeof(buf));
	CHECK_STR(buf, "mod_fn+0x4 [mymod]");
	CHECK_INT(tb_ksym_format(ks, 0x1000, 0, buf, sizeof(buf)), TB_UNK_NO_SYMBOL);
	CHECK_STR(buf, "[unknown]");
	/* a short buffer truncates and stays terminated */
	tb_ksym_format(ks, 0xffffffff81000210, TB_SYM_OFFSET | TB_SYM_MODULE, buf, 8);
	CHECK_STR(buf, "do_sysc");
	tb_ksyms_free(ks);

	/* an empty file (a container without /proc/kallsyms content): no symbols, no crash */
	ks = parse("");
	CHECK(ks && tb_ksyms_count(ks) == 0 && !tb_ksyms_hidden(ks));
	CHECK(tb_ksyms_lookup(ks, 0xffffffff81000000) == NULL);
	tb_ksyms_free(ks);

	/* kptr_restrict: every address reads as 0 */
	ks = parse("0000000000000000 T _stext\n0000000000000000 T do_syscall_64\n"
		   "0000000000000000 t mod_fn\t[mymod]\n");
	CHECK(ks && tb_ksyms_hidden(ks));
	CHECK(tb_ksyms_lookup(ks, 0xffffffff81000210) == NULL);
	CHECK_INT(tb_ksym_format(ks, 0xffffffff81000210, 0, buf, sizeof(buf)), TB_UNK_KPTR_HIDDEN);
	CHECK_STR(buf, "[unknown]");
	tb_ksyms_free(ks);

	ks = parse("");
	CHECK(ks && !tb_ksyms_hidden(ks) && tb_ksyms_count(ks) == 0);
	CHECK_INT(tb_ksym_format(ks, 1, 0, buf, sizeof(buf)), TB_UNK_NO_SYMBOL);
	tb_ksyms_free(ks);
}

static void test_fold(void)
{
	const char *frames[] = { "inner", "middle", "main" };
	char buf[64];

	tb_fold_line(buf, sizeof(buf), "work", frames, 3, 42);
	CHECK_STR(buf, "work;main;middle;inner 42");
	tb_fold_line(buf, sizeof(buf), "idle", NULL, 0, 7);
	CHECK_STR(buf, "idle 7");
	CHECK_INT(tb_fold_line(buf, 10, "work", frames, 3, 42), 9);
	CHECK_STR(buf, "work;main");
}

static void test_summary(void)
{
	struct tb_stacks_stats s = { .resolved = 90 };
	char buf[256];

	CHECK_INT(tb_stacks_format_summary(&s, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
	s.unknown[TB_UNK_NO_SYMBOL] = 6;
	s.unknown[TB_UNK_PROC_GONE] = 4;
	tb_stacks_format_summary(&s, buf, sizeof(buf));
	CHECK_STR(buf, "unknown frames: 10 of 100 (no symbol in DSO: 6, process gone: 4)");
	s.unknown[TB_UNK_KPTR_HIDDEN] = 10;
	s.unknown[TB_UNK_UNMAPPED] = 1;
	s.unknown[TB_UNK_STACK_LOST] = 3;
	tb_stacks_format_summary(&s, buf, sizeof(buf));
	CHECK_STR(buf, "unknown frames: 21 of 111 (no symbol in DSO: 6, address in no known mapping: 1, "
		       "process gone: 4, kernel addresses hidden by kptr_restrict: 10); "
		       "stacks lost (stack map full): 3");
	memset(s.unknown, 0, sizeof(s.unknown));
	s.unknown[TB_UNK_STACK_LOST] = 2;
	tb_stacks_format_summary(&s, buf, sizeof(buf));
	CHECK_STR(buf, "stacks lost (stack map full): 2");
	CHECK(tb_stack_id_lost(-17) && tb_stack_id_lost(-12) && !tb_stack_id_lost(-14) &&
	      !tb_stack_id_lost(0) && !tb_stack_id_lost(5));
}

int main(void)
{
	test_kallsyms();
	test_fold();
	test_summary();
	return check_result("test_stacks");
}
