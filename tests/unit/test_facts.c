/* Unit tests of the kernel facts' pure parts: reading task_struct's state member and
 * do_unlinkat's declaration from header text, the facts file's format, and the vDSO's
 * LINUX_VERSION_CODE note. */
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/utsname.h>

#include "check.h"
#include "tb_facts.h"

/* as in 4.14's and 6.1's include/linux/sched.h */
static const char sched_old[] =
	"struct task_struct {\n"
	"#ifdef CONFIG_THREAD_INFO_IN_TASK\n\tstruct thread_info\t\tthread_info;\n#endif\n"
	"\t/* -1 unrunnable, 0 runnable, >0 stopped: */\n"
	"\tvolatile long\t\t\tstate;\n\tvoid\t\t\t\t*stack;\n"
	"\tint\t\t\t\texit_state;\n\tunsigned int\t\t\tsaved_state;\n};\n";
static const char sched_new[] =
	"#define current_save_and_set_rtlock_wait_state()\t\\\n"
	"\tcurrent->saved_state = current->__state;\t\\\n"
	"struct task_struct {\n\tunsigned int\t\t\t__state;\n\tunsigned int\t\t\tsaved_state;\n};\n";
static const char sched_neither[] = "struct task_struct {\n\tint exit_state;\n};\nlong state;\n";

static void test_task_state(void)
{
	CHECK_STR(tb_facts_task_state_from_header(sched_old), "state");
	CHECK_STR(tb_facts_task_state_from_header(sched_new), "__state");
	/* a "state;" outside the struct does not count */
	CHECK_STR(tb_facts_task_state_from_header(sched_neither), "");
	CHECK_STR(tb_facts_task_state_from_header("no struct here"), "");
}

static void test_unlinkat(void)
{
	CHECK_INT(tb_facts_unlinkat_from_header(
		"extern long do_unlinkat(int dfd, struct filename *name);\n"), TB_UNLINKAT_FILENAME);
	CHECK_INT(tb_facts_unlinkat_from_header(
		"long do_unlinkat(int dfd, const char __user *pathname);\n"), TB_UNLINKAT_USER);
	CHECK_INT(tb_facts_unlinkat_from_header("extern long do_rmdir(int dfd, struct filename *);"),
		  TB_UNLINKAT_UNKNOWN);
}

/* include/linux/security.h's declaration: 4.14's, and 4.19.222's with the backported opts */
static void test_cap_arg(void)
{
	CHECK_INT(tb_facts_cap_arg_from_header(
		"extern int cap_capable(const struct cred *cred, struct user_namespace *ns,\n"
		"\t\t       int cap, int audit);\n"), TB_CAP_ARG_AUDIT);
	CHECK_INT(tb_facts_cap_arg_from_header(
		"extern int cap_capable(const struct cred *cred, struct user_namespace *ns,\n"
		"\t\t       int cap, unsigned int opts);\n"), TB_CAP_ARG_OPTS);
	CHECK_INT(tb_facts_cap_arg_from_header("return cap_capable(cred, ns, cap, opts);"),
		  TB_CAP_ARG_UNKNOWN);
}

/* include/linux/fs.h's declarations: 4.14's, 6.1's (user_namespace) and 6.3's (mnt_idmap) */
static void test_vfs_idmap(void)
{
	CHECK_INT(tb_facts_vfs_idmap_from_header(
		"extern int vfs_unlink(struct inode *, struct dentry *, struct inode **);\n"), 0);
	CHECK_INT(tb_facts_vfs_idmap_from_header(
		"int vfs_unlink(struct user_namespace *, struct inode *, struct dentry *,\n"
		"\t       struct inode **);\n"), 1);
	CHECK_INT(tb_facts_vfs_idmap_from_header(
		"int vfs_unlink(struct mnt_idmap *, struct inode *, struct dentry *,\n"
		"\t       struct inode **);\n"), 1);
	CHECK_INT(tb_facts_vfs_idmap_from_header("int vfs_rmdir(struct inode *, struct dentry *);"), -1);
}

static void test_file(void)
{
	struct tb_facts f = { .raw_tracepoints = true, .map_value_args = false,
			      .probe_read_user = true, .large_programs = true, .uprobe_pmu = true,
			      .version_code = 0x0413ff, .task_state = "state",
			      .task_state_from = TB_FACT_HEADERS, .unlinkat_arg = TB_UNLINKAT_USER,
			      .unlinkat_from = TB_FACT_LOAD, .cap_arg = TB_CAP_ARG_AUDIT,
			      .cap_from = TB_FACT_HEADERS, .inet_flags = true,
			      .inet_flags_from = TB_FACT_BTF, .map_alloc_any_context = true,
			      .cfs_rq_runnable_weight = true, .cfs_rq_from = TB_FACT_HEADERS,
			      .vfs_idmap = true, .vfs_idmap_from = TB_FACT_HEADERS,
			      .iov_iter_has_dunder_iov = true, .iov_iter_has_ubuf = true,
			      .iov_iter_from = TB_FACT_BTF, .tty_write = TB_TTY_WRITE_USER,
			      .tty_write_from = TB_FACT_LOAD }, g;
	char text[1024];

	CHECK_INT(tb_facts_format(&f, text, sizeof(text)), 0);
	CHECK_INT(tb_facts_parse(text, &g), 0);
	CHECK(g.raw_tracepoints && !g.map_value_args && g.probe_read_user && g.large_programs);
	CHECK(!g.bounded_loops && !g.kprobe_pmu && g.uprobe_pmu && !g.uprobe_ref_ctr);
	CHECK_INT(g.version_code, 0x0413ff);
	CHECK_STR(g.task_state, "state");
	CHECK_INT(g.task_state_from, TB_FACT_HEADERS);
	CHECK_INT(g.unlinkat_arg, TB_UNLINKAT_USER);
	CHECK_INT(g.unlinkat_from, TB_FACT_LOAD);
	CHECK_INT(g.cap_arg, TB_CAP_ARG_AUDIT);
	CHECK_INT(g.cap_from, TB_FACT_HEADERS);
	CHECK(g.inet_flags && !g.sk_proto_in_flags && g.map_alloc_any_context);
	CHECK_INT(g.inet_flags_from, TB_FACT_BTF);
	CHECK_INT(g.sk_proto_from, TB_FACT_UNKNOWN);
	CHECK(g.cfs_rq_runnable_weight && !g.cfs_rq_nr_queued);
	CHECK_INT(g.cfs_rq_from, TB_FACT_HEADERS);
	CHECK(g.vfs_idmap);
	CHECK_INT(g.vfs_idmap_from, TB_FACT_HEADERS);
	CHECK(!g.iov_iter_has_iter_type && g.iov_iter_has_dunder_iov && g.iov_iter_has_ubuf);
	CHECK_INT(g.iov_iter_from, TB_FACT_BTF);
	CHECK_INT(g.tty_write, TB_TTY_WRITE_USER);
	CHECK_INT(g.tty_write_from, TB_FACT_LOAD);
	/* truncated, a bad flag value, a member name that is not one, a missing '=' */
	CHECK_INT(tb_facts_parse("raw_tracepoints=1\n", &g), -1);
	CHECK_INT(tb_facts_parse("raw_tracepoints=2\n", &g), -1);
	CHECK_INT(tb_facts_format(&f, text, sizeof(text)), 0);
	char *bad = strstr(text, "task_state=state");
	memcpy(bad, "task_state=x;yz", 15);
	CHECK_INT(tb_facts_parse(text, &g), -1);
	CHECK_INT(tb_facts_parse("garbage\n", &g), -1);
	CHECK_INT(tb_facts_format(&f, text, 16), -1);
}

/* struct sock before 5.6 and struct inet_sock from 6.6, as their headers spell them */
static void test_struct_has(void)
{
	const char *sock_h = "struct sock_common {\n\tint skc_x;\n};\nstruct sock {\n"
			     "\tunsigned int\t\t__sk_flags_offset[0];\n\tu16 sk_type;\n};\n"
			     "struct other {\n\tint inet_flags;\n};\n";

	CHECK_INT(tb_facts_struct_has(sock_h, "struct sock {", "__sk_flags_offset"), 1);
	CHECK_INT(tb_facts_struct_has(sock_h, "struct sock {", "sk_flags_offset"), 0);
	CHECK_INT(tb_facts_struct_has(sock_h, "struct sock {", "skc_x"), 0);
	/* a member of the next struct is not this one's */
	CHECK_INT(tb_facts_struct_has(sock_h, "struct sock {", "inet_flags"), 0);
	CHECK_INT(tb_facts_struct_has("struct inet_sock {\n\tunsigned long\t\tinet_flags;\n};",
				      "struct inet_sock {", "inet_flags"), 1);
	/* no such struct (a BTF-made tree's empty stand-in): unknown, BTF says */
	CHECK_INT(tb_facts_struct_has(sock_h, "struct inet_sock {", "inet_flags"), -1);
	CHECK_INT(tb_facts_struct_has("", "struct sock {", "__sk_flags_offset"), -1);
}

/* sched_entity as 4.14, 4.19 (and 5.4) and 6.1 spell it: runnable_weight right after load only
 * in 4.19's; 6.1's, further down under #ifdef, is another member (cfs_rq has none there) */
static void test_member_follows(void)
{
	const char *v414 = "struct sched_entity {\n\t/* For load-balancing: */\n"
			   "\tstruct load_weight\t\tload;\n\tstruct rb_node\t\t\trun_node;\n};\n";
	const char *v419 = "struct sched_entity {\n\t/* For load-balancing: */\n"
			   "\tstruct load_weight\t\tload;\n\tunsigned long\t\t\trunnable_weight;\n"
			   "\tstruct rb_node\t\t\trun_node;\n};\n";
	const char *v61 = "struct sched_entity {\n\tstruct load_weight\t\tload;\n"
			  "\tstruct rb_node\t\t\trun_node;\n#ifdef CONFIG_FAIR_GROUP_SCHED\n"
			  "\tstruct cfs_rq\t\t\t*my_q;\n\t/* cached value of my_q->h_nr_running */\n"
			  "\tunsigned long\t\t\trunnable_weight;\n#endif\n};\n";
	const char *cond = "struct sched_entity {\n\tstruct load_weight load; /* x; */\n"
			   "#ifdef X\n\tunsigned long runnable_weight;\n#endif\n};\n";

	CHECK_INT(tb_facts_member_follows(v414, "struct sched_entity {", "load", "runnable_weight"), 0);
	CHECK_INT(tb_facts_member_follows(v419, "struct sched_entity {", "load", "runnable_weight"), 1);
	CHECK_INT(tb_facts_member_follows(v61, "struct sched_entity {", "load", "runnable_weight"), 0);
	CHECK_INT(tb_facts_member_follows(cond, "struct sched_entity {", "load", "runnable_weight"), 0);
	CHECK_INT(tb_facts_member_follows(v419, "struct sched_entity {", "runnable_weight",
					  "run_node"), 1);
	/* no struct, or no such first member: unknown */
	CHECK_INT(tb_facts_member_follows(v419, "struct cfs_rq {", "load", "runnable_weight"), -1);
	CHECK_INT(tb_facts_member_follows(v419, "struct sched_entity {", "weight", "run_node"), -1);
}

/* The running kernel's vDSO says the same major and minor as uname */
static void test_vdso(void)
{
	unsigned int code = tb_facts_vdso_version((const void *)getauxval(AT_SYSINFO_EHDR));
	struct utsname uts;
	unsigned int a = 0, b = 0;

	uname(&uts);
	sscanf(uts.release, "%u.%u", &a, &b);
	CHECK_INT(code >> 16, a);
	CHECK_INT((code >> 8) & 0xff, b);
	CHECK_INT(tb_facts_vdso_version(NULL), 0);
	CHECK_INT(tb_facts_vdso_version("not an ELF image at all"), 0);
}

/* struct iov_iter (udp_recvmsg's msghdr, tty_write's) as 4.14's, 5.14's and 6.4's uio.h spell it */
static void test_iov_iter(void)
{
	static const char v4_14[] =
		"struct iov_iter {\n\tint type;\n\tsize_t iov_offset;\n\tsize_t count;\n"
		"\tunion {\n\t\tconst struct iovec *iov;\n\t\tconst struct kvec *kvec;\n"
		"\t};\n\tunion {\n\t\tunsigned long nr_segs;\n\t};\n};\n";
	static const char v5_14[] =
		"struct iov_iter {\n\tu8 iter_type;\n\tbool data_source;\n\tsize_t iov_offset;\n"
		"\tsize_t count;\n\tunion {\n\t\tconst struct iovec *iov;\n\t};\n};\n";
	static const char v6_4[] =
		"struct iov_iter {\n\tu8 iter_type;\n\tbool nofault;\n\tsize_t iov_offset;\n"
		"\tunion {\n\t\tstruct iovec __ubuf_iovec;\n\t\tstruct {\n\t\t\tunion {\n"
		"\t\t\t\tconst struct iovec *__iov;\n\t\t\t\tvoid __user *ubuf;\n"
		"\t\t\t};\n\t\t\tsize_t count;\n\t\t};\n\t};\n};\nstruct other {\n\tint ubuf;\n};\n";
	struct tb_facts f = { 0 };

	CHECK_INT(tb_facts_iov_iter_from_header(v4_14, &f), 0);
	CHECK(!f.iov_iter_has_iter_type && !f.iov_iter_has_dunder_iov && !f.iov_iter_has_ubuf);
	CHECK_INT(tb_facts_iov_iter_from_header(v5_14, &f), 0);
	CHECK(f.iov_iter_has_iter_type && !f.iov_iter_has_dunder_iov && !f.iov_iter_has_ubuf);
	CHECK_INT(tb_facts_iov_iter_from_header(v6_4, &f), 0);
	CHECK(f.iov_iter_has_iter_type && f.iov_iter_has_dunder_iov && f.iov_iter_has_ubuf);
	/* a BTF-made tree's stand-in header: nothing said, nothing changed */
	CHECK_INT(tb_facts_iov_iter_from_header("struct kvec;\n", &f), -1);
	CHECK(f.iov_iter_has_iter_type && f.iov_iter_has_dunder_iov && f.iov_iter_has_ubuf);
}

int main(void)
{
	test_task_state();
	test_unlinkat();
	test_cap_arg();
	test_vfs_idmap();
	test_struct_has();
	test_member_follows();
	test_file();
	test_iov_iter();
	test_vdso();
	return check_result("test_facts");
}
