/* Unit tests of tblist's pure parts: provider prefixes, wildcard matching, and -v's struct
 * layouts (rows as printed, libbcc's type descriptions read back, bitfields placed, types
 * taken from a header's text): tblist.c, tblist_types.c and tblist_headers.c in one. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tblist.c"
#include "../../frontends/tblist_types.c"
#include "../../frontends/tblist_headers.c"

static const char *row_text(const struct tblist_row *r)
{
	static char buf[512];

	tblist_format_row(r, buf, sizeof(buf));
	return buf;
}

static void test_rows(void)
{
	struct tblist_row r = { .depth = 0, .bits = 8 * 8, .size = 8 };

	snprintf(r.type, sizeof(r.type), "struct list_head *");
	snprintf(r.name, sizeof(r.name), "prev");
	CHECK_STR(row_text(&r), "         8      8  struct list_head * prev");
	/* a bitfield: BYTE:BIT and :WIDTH */
	r = (struct tblist_row){ .bits = 1188 * 8 + 3, .size = 4, .bitfield = 1 };
	snprintf(r.type, sizeof(r.type), "unsigned int");
	snprintf(r.name, sizeof(r.name), "sched_task_hot");
	CHECK_STR(row_text(&r), "    1188:3     :1  unsigned int sched_task_hot");
	/* an anonymous union, and a member of it indented under it */
	r = (struct tblist_row){ .bits = 8 * 8, .size = 40 };
	snprintf(r.type, sizeof(r.type), "union {...}");
	CHECK_STR(row_text(&r), "         8     40  union {...}");
	r = (struct tblist_row){ .depth = 2, .bits = 24 * 8, .size = 8 };
	snprintf(r.type, sizeof(r.type), "pointer");
	snprintf(r.name, sizeof(r.name), "mapping");
	CHECK_STR(row_text(&r), "        24      8      pointer mapping");
	r.size = -1;
	CHECK_STR(row_text(&r), "        24      ?      pointer mapping");
	CHECK_STR(ROW_HEADER, "    OFFSET   SIZE  TYPE NAME");
}

/* libbcc's description of struct filename (6.1's headers), a made-up struct with every form,
 * and one with the types of an array's size expression after the member's own */
static void test_desc(void)
{
	struct desc_field f;
	const struct desc_field *m;

	CHECK_INT(desc_parse("[\"filename\", [[\"name\",\"unsigned long long\"], "
			     "[\"uptr\",\"unsigned long long\"], [\"refcnt\",[\"\", "
			     "[[\"counter\",\"int\"] ], \"struct_packed\"]], [\"__pad_3\",\"char\",[4]], "
			     "[\"aname\",\"unsigned long long\"], [\"iname\",\"char\", [0]] ], "
			     "\"struct_packed\"]", &f), 0);
	CHECK_STR(f.type, "filename");
	CHECK_INT(f.nmembers, 6);
	CHECK_INT(f.record, 1);
	m = desc_find(&f, "refcnt");
	CHECK(m && m->record == 1 && m->nmembers == 1 && !m->type[0]);
	CHECK(desc_is_pad(desc_find(&f, "__pad_3")));
	CHECK(!desc_is_pad(desc_find(&f, "iname")));
	CHECK_INT(desc_find(&f, "iname")->dim, 0);
	CHECK_INT(desc_find(&f, "name")->dim, -1);
	desc_free(&f);

	CHECK_INT(desc_parse("[\"tst\", [[\"a\",\"int\"], [\"b\",\"char\", 3], [\"c\",\"unsigned int\", 5], "
			     "[\"\", [[\"u1\",\"long\"], [\"\", [[\"s1\",\"int\"], [\"s2\",\"int\"] ], "
			     "\"struct_packed\"] ], \"union\"], [\"l\",[\"list_head\", [[\"next\",\"unsigned long long\"], "
			     "[\"prev\",\"unsigned long long\"] ], \"struct_packed\"]], [\"arr\",\"char\", [3]], "
			     "[\"bits\",\"unsigned long\"\"long\"\"long\", [1]] ], \"struct\"]", &f), 0);
	CHECK_INT(f.nmembers, 7);
	CHECK_INT(desc_find(&f, "b")->bitfield, 3);
	CHECK_INT(desc_find(&f, "c")->bitfield, 5);
	m = desc_find(&f, "");
	CHECK(m && m->record == 2 && m->nmembers == 2 && m->members[1].nmembers == 2);
	CHECK_STR(desc_find(&f, "l")->type, "list_head");
	CHECK_INT(desc_find(&f, "arr")->dim, 3);
	CHECK_STR(desc_find(&f, "bits")->type, "unsigned long");
	CHECK_INT(desc_find(&f, "bits")->dim, 1);

	/* rows: a, u1, s1, s2, l, arr, bits measured (in that order); b and c placed by the ABI */
	{
		long off[] = { 0, 8, 8, 12, 16, 32, 40 }, size[] = { 4, 8, 4, 4, 16, 3, 8 };
		long class[] = { 1, 1, 1, 1, 12, 5, 5 };
		struct measured ms = { off, size, class, NULL, 7, 0 };
		struct tblist_rows rows = { 0 };
		unsigned long end;

		CHECK_INT(desc_rows(&f, &ms, 0, 0, &rows, &end), 0);
		CHECK_INT(rows.n, 11);
		CHECK_STR(row_text(&rows.v[1]), "       4:0     :3  char b");
		CHECK_STR(row_text(&rows.v[2]), "       4:3     :5  unsigned int c");
		CHECK_STR(row_text(&rows.v[3]), "         8      8  union {...}");
		CHECK_STR(row_text(&rows.v[5]), "         8      8    struct {...}");
		CHECK_STR(row_text(&rows.v[7]), "        12      4      int s2");
		CHECK_STR(row_text(&rows.v[8]), "        16     16  struct list_head l");
		CHECK_STR(row_text(&rows.v[9]), "        32      3  char[3] arr");
		free(rows.v);
	}
	desc_free(&f);

	CHECK_INT(desc_parse("[\"x\", [[\"a\",\"int\"", &f), -1);
	CHECK_INT(desc_parse("\"int\"", &f), -1);
}

/* types as a header declares its members */
static void test_text_types(void)
{
	static const char text[] =
		"struct other { int name; };\n"
		"struct filename {\n"
		"\tconst char\t\t*name;\t/* pointer to actual string */\n"
		"\tconst __user char\t*uptr;\t/* original userland pointer */\n"
		"\tatomic_t\t\trefcnt;\n"
		"\tstruct audit_names\t*aname;\n"
		"\tstruct list_head *next, **prev;\n"
		"\tunion { struct rcu_head __rcu *rcu; };\n"
		"#ifdef CONFIG_X\n"
		"\tint\t\tvariant;\n"
		"#else\n"
		"\tlong\t\tvariant;\n"
		"#endif\n"
		"\tDECLARE_BITMAP(mask, 4);\n"
		"\tconst char\t\tiname[];\n"
		"};\n";
	const char *body, *end;
	char type[256];

	CHECK(text_struct_body(text, "struct", "filename", &body, &end));
	CHECK(text_member_type(body, end, "name", type, sizeof(type)));
	CHECK_STR(type, "const char *");
	CHECK(text_member_type(body, end, "uptr", type, sizeof(type)));
	CHECK_STR(type, "const char *");
	CHECK(text_member_type(body, end, "refcnt", type, sizeof(type)));
	CHECK_STR(type, "atomic_t");
	CHECK(text_member_type(body, end, "next", type, sizeof(type)));
	CHECK_STR(type, "struct list_head *");
	CHECK(text_member_type(body, end, "prev", type, sizeof(type)));
	CHECK_STR(type, "struct list_head **");
	CHECK(text_member_type(body, end, "rcu", type, sizeof(type)));
	CHECK_STR(type, "struct rcu_head *");
	CHECK(text_member_type(body, end, "iname", type, sizeof(type)));
	CHECK_STR(type, "const char");
	CHECK(!text_member_type(body, end, "variant", type, sizeof(type)));  /* two answers */
	CHECK(!text_member_type(body, end, "mask", type, sizeof(type)));     /* a macro */
	CHECK(!text_struct_body(text, "struct", "missing", &body, &end));

	/* applied only where the compiler agrees on pointers */
	{
		struct tblist_rows rows = { 0 };
		struct tblist_row *r;

		CHECK(text_struct_body(text, "struct", "filename", &body, &end));
		r = tblist_rows_add(&rows);
		snprintf(r->type, sizeof(r->type), "pointer");
		snprintf(r->name, sizeof(r->name), "aname");
		r = tblist_rows_add(&rows);
		snprintf(r->type, sizeof(r->type), "struct {...}");
		snprintf(r->name, sizeof(r->name), "refcnt");
		r = tblist_rows_add(&rows);
		snprintf(r->type, sizeof(r->type), "char[]");
		snprintf(r->name, sizeof(r->name), "iname");
		r = tblist_rows_add(&rows);
		snprintf(r->type, sizeof(r->type), "int");
		snprintf(r->name, sizeof(r->name), "name"); /* the text says pointer: kept */
		text_types(&rows, body, end);
		CHECK_STR(rows.v[0].type, "struct audit_names *");
		CHECK_STR(rows.v[1].type, "atomic_t");
		CHECK_STR(rows.v[2].type, "const char[]");
		CHECK_STR(rows.v[3].type, "int");
		free(rows.v);
	}
}

int main(void)
{
	const char *rest;

	CHECK_INT(split_provider("tracepoint:syscalls:*execve*", &rest), PROV_TRACEPOINT);
	CHECK_STR(rest, "syscalls:*execve*");
	CHECK_INT(split_provider("t:sched:*", &rest), PROV_TRACEPOINT);
	CHECK_STR(rest, "sched:*");
	CHECK_INT(split_provider("syscalls:sys_enter_kill", &rest), PROV_TRACEPOINT);
	CHECK_STR(rest, "syscalls:sys_enter_kill");
	CHECK_INT(split_provider("kprobe:vfs_*", &rest), PROV_KPROBE);
	CHECK_STR(rest, "vfs_*");
	CHECK_INT(split_provider("uprobe:/bin/bash:read*", &rest), PROV_UPROBE);
	CHECK_STR(rest, "/bin/bash:read*");
	CHECK_INT(split_provider("usdt:/usr/bin/python3.11", &rest), PROV_USDT);
	CHECK_INT(split_provider("U:1234", &rest), PROV_USDT);
	CHECK_INT(split_provider("software:*", &rest), PROV_SOFTWARE);
	CHECK_INT(split_provider("hardware:cycles", &rest), PROV_HARDWARE);

	CHECK(wildcard_match("*execve*", "sys_enter_execve"));
	CHECK(wildcard_match("*execve*", "sys_exit_execveat"));
	CHECK(!wildcard_match("*execve", "sys_exit_execveat"));
	CHECK(wildcard_match("read*", "readline"));
	CHECK(!wildcard_match("read*", "xreadline"));
	CHECK(wildcard_match("sys_enter_?ill", "sys_enter_kill"));
	CHECK(wildcard_match("python:*", "python:gc__start"));
	CHECK(!wildcard_match("python:*", "hotspot:gc__begin"));
	CHECK(wildcard_match("", "anything"));
	CHECK(wildcard_match("sys_enter_[ek]*", "sys_enter_kill"));

	CHECK_INT(split_provider("struct:task_struct", &rest), PROV_STRUCT);
	CHECK_STR(rest, "task_struct");
	CHECK_INT(split_provider("union:bpf_attr", &rest), PROV_UNION);
	CHECK_INT(tblist_types_from("headers"), 0);
	CHECK_INT(tblist_types_from("btf"), 0);
	CHECK_INT(tblist_types_from("auto"), 0);
	CHECK_INT(tblist_types_from("dwarf"), -1);
	CHECK_INT(int_type_size("unsigned int"), 4);
	CHECK_INT(int_type_size("unsigned long long"), 8);
	CHECK_INT(int_type_size("u8"), 1);
	CHECK_INT(int_type_size("short"), 2);
	test_rows();
	test_desc();
	test_text_types();
	return check_result("test_tblist");
}
