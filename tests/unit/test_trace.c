/* Unit tests of trace's probe text: format strings, BCC's aliases in expressions, the
 * predicate and arguments, the message made from an event, and the options. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/trace.c"

const char tb_bpf_trace[] = "";
const char tb_bpf_trace_name[] = "trace.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("trace", line, argv), argv);
}

/* A probe of that kind, its rest parsed (no target looked up). */
static struct probe *probe(enum tb_spec_kind kind, const char *rest, int *err)
{
	static struct probe p;

	cleanup();
	memset(&p, 0, sizeof(p));
	p.spec.kind = kind;
	p.spec.text = strdup("p:x:fn");
	p.name = strdup("fn");
	p.usdt_size[0] = 2, p.usdt_size[1] = 8, p.usdt_size[2] = -4;
	*err = parse_rest(&p, rest);
	for (int i = 0; i < p.nconv; i++) {
		p.conv[i].off = p.size;
		p.size += p.conv[i].type == V_STR ? 80 : 8;
	}
	return &p;
}

static void free_probe(struct probe *p)
{
	probes[0] = *p; /* cleanup() frees what probes[] holds */
	nprobes = 1;
	cleanup();
}

int main(void)
{
	static struct tbtrace_event e;
	static char msg[256];
	struct probe *p;
	int err;

	/* options */
	CHECK_INT(parse("-p 5 -Z 40 -M 3 -t -C -n foo -f bar -K -U -I linux/fs.h c:malloc c:free"), 0);
	CHECK_INT(env.pid, 5);
	CHECK_INT(env.string_size, 40);
	CHECK_INT(env.max_events, 3);
	CHECK(env.time_mode == TB_TIME_RELATIVE && env.print_cpu && env.kstack && env.ustack);
	CHECK_STR(env.name, "foo");
	CHECK_STR(env.msg_filter, "bar");
	CHECK_INT(env.ntexts, 2);
	CHECK_STR(env.texts[1], "c:free");
	CHECK_STR(env.includes[0], "linux/fs.h");
	env.string_size = 80;

	/* conversions: C's flags and widths, widened to long long; %% a percent sign */
	p = probe(TB_SPEC_UPROBE, "\"a=%-4d b=%llx c=%s %hu%% %c %p\", arg1, arg2, arg3, arg4, "
				  "arg5, arg6", &err);
	CHECK_INT(err, 0);
	CHECK_INT(p->nconv, 6);
	CHECK_STR(p->conv[0].spec, "%-4lld");
	CHECK_STR(p->conv[1].spec, "%llx");
	CHECK_STR(p->conv[1].ctype, "unsigned long long");
	CHECK_STR(p->conv[2].spec, "%s");
	CHECK_STR(p->conv[3].ctype, "unsigned short");
	CHECK_STR(p->conv[1].lit, " b=");
	CHECK_STR(p->conv[4].lit, "% ");
	CHECK_STR(p->tail, "");
	CHECK_STR(p->conv[0].expr, "PT_REGS_PARM1(ctx)");

	/* the message, from values at the probe's offsets */
	memset(&e, 0, sizeof(e));
	long long v0 = -7, v1 = 0xbeef, v3 = 65536 + 3, v4 = 'z', v5 = 0x1000;
	memcpy(e.data + p->conv[0].off, &v0, 8);
	memcpy(e.data + p->conv[1].off, &v1, 8);
	strcpy(e.data + p->conv[2].off, "str");
	memcpy(e.data + p->conv[3].off, &v3, 8); /* BPF cast it already; here it prints whole */
	memcpy(e.data + p->conv[4].off, &v4, 8);
	memcpy(e.data + p->conv[5].off, &v5, 8);
	format_message(p, &e, msg, sizeof(msg));
	CHECK_STR(msg, "a=-7   b=beef c=str 65539% z 0x1000");
	free_probe(p);

	/* what trace does not know, and counts that do not match */
	p = probe(TB_SPEC_UPROBE, "\"%f\", arg1", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "\"%lc\", arg1", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "\"%d %d\", arg1", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "\"%d\", arg1, arg2", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "\"%d\" arg1", &err);
	CHECK_INT(err, -1);
	free_probe(p);

	/* aliases: whole words only, not members, literals or parts of names; commas inside
	 * calls and literals stay in their argument */
	p = probe(TB_SPEC_URETPROBE, "(retval > 0 && s->arg1 != xarg1) \"%d %s %u\", "
				     "max(arg1, arg2), \"a,arg1\", $pid", &err);
	CHECK_INT(err, 0);
	CHECK_STR(p->predicate, "PT_REGS_RC(ctx) > 0 && s->arg1 != xarg1");
	CHECK_STR(p->conv[0].expr, "max(PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx))");
	CHECK_STR(p->conv[1].expr, "\"a,arg1\"");
	CHECK_STR(p->conv[2].expr, "(unsigned)(bpf_get_current_pid_tgid() & 0xffffffff)");
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "(arg2@user) \"%d\", retval", &err); /* retval: r: only */
	CHECK_INT(err, -1);
	CHECK_STR(p->predicate, "PT_REGS_PARM2(ctx)");
	free_probe(p);
	p = probe(TB_SPEC_TRACEPOINT, "(args->fd == 1) \"%d\", arg1", &err);
	CHECK_INT(err, -1);
	CHECK_STR(p->predicate, "args->fd == 1");
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "($bogus)", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "(arg1 == 1", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	/* STRCMP: a function comparing every byte and the NUL after them */
	p = probe(TB_SPEC_UPROBE, "(arg2 > 0 && STRCMP(\"ab\", (char *)arg1))", &err);
	CHECK_INT(err, 0);
	CHECK_STR(p->predicate, "PT_REGS_PARM2(ctx) > 0 && _streq_0((const void *)((char *)PT_REGS_PARM1(ctx)))");
	CHECK(p->helpers.s && strstr(p->helpers.s, "char __s[4] = {};"));
	CHECK(p->helpers.s && strstr(p->helpers.s, "int __d = __s[2];\n\t__d |= __s[0] ^ 97;\n\t__d |= __s[1] ^ 98;\n"));
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "(STRCMP(arg1, \"ab\"))", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	/* -B: {N, ...} are bytes, compared with no NUL after them; other literals stay strings */
	env.bin_cmp = true;
	p = probe(TB_SPEC_UPROBE, "(STRCMP(\"{0x6C, 0, 255, -1}\", arg4))", &err);
	CHECK_INT(err, 0);
	CHECK(p->helpers.s && strstr(p->helpers.s, "char __s[4] = {};\n\n\tif (bpf_probe_read_user(__s, "));
	CHECK(p->helpers.s && strstr(p->helpers.s, "int __d = 0;\n\t__d |= __s[0] ^ 108;\n\t__d |= __s[1] ^ 0;\n"
						   "\t__d |= __s[2] ^ -1;\n\t__d |= __s[3] ^ -1;\n"));
	free_probe(p);
	p = probe(TB_SPEC_TRACEPOINT, "(STRCMP(\"ab\", args->name))", &err);
	CHECK_INT(err, 0);
	CHECK(p->helpers.s && strstr(p->helpers.s, "bpf_probe_read_user_str(__s, sizeof(__s), __p) < 0 &&\n"
						   "\t    bpf_probe_read_kernel_str("));
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "(STRCMP(\"{0x100}\", arg1))", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	p = probe(TB_SPEC_UPROBE, "(STRCMP(\"{}\", arg1))", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	env.bin_cmp = false;
	p = probe(TB_SPEC_UPROBE, "(STRCMP(\"{0x6C}\", arg1))", &err);
	CHECK_INT(err, 0);
	CHECK(p->helpers.s && strstr(p->helpers.s, "char __s[8] = {};"));
	free_probe(p);
	/* USDT: the arguments the probe has, read into locals */
	p = probe(TB_SPEC_USDT, "(arg2 == 1) \"%s\", arg1", &err);
	CHECK_INT(err, 0);
	CHECK_STR(p->predicate, "__arg2 == 1");
	CHECK_INT(p->usdt_args, (1 << 1) | (1 << 2));
	free_probe(p);
	p = probe(TB_SPEC_USDT, "\"%d\", arg3", &err);
	CHECK_INT(err, -1);
	free_probe(p);
	return check_result("test_trace");
}
