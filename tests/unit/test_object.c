/* Unit tests of the compile cache's object format: a hand-made object survives the round trip,
 * and corrupt, truncated, foreign or forged bytes are refused (never loaded into the kernel). */
#include <linux/bpf.h>
#include <stdlib.h>

#include "check.h"
#include "tb_object.h"

static struct tb_object *make_object(void)
{
	struct tb_object *obj = calloc(1, sizeof(*obj));
	struct tb_function *fn;
	struct tb_table *t;

	obj->license = strdup("GPL");
	obj->kern_version = 0x061200;
	obj->ntables = 2;
	obj->tables = calloc(2, sizeof(*obj->tables));
	for (int i = 0; i < 2; i++) {
		t = &obj->tables[i];
		t->fd = -1;
		t->name = strdup(i ? "events" : "counts");
		t->type = i ? BPF_MAP_TYPE_PERF_EVENT_ARRAY : BPF_MAP_TYPE_HASH;
		t->key_size = 4;
		t->leaf_size = i ? 4 : 8;
		t->max_entries = i ? 2 : 10240;
		t->key_desc = strdup("\"unsigned int\"");
		t->leaf_desc = strdup(i ? "\"int\"" : "\"unsigned long long\"");
	}
	t = &obj->tables[1];
	t->nperf_fields = 2;
	t->perf_fields = calloc(2, sizeof(char *));
	t->perf_fields[0] = strdup("unsigned int#pid");
	t->perf_fields[1] = strdup("char[16]#comm");
	obj->nfns = 1;
	obj->fns = calloc(1, sizeof(*obj->fns));
	fn = &obj->fns[0];
	fn->name = strdup("tracepoint__syscalls__sys_enter_execve");
	fn->ninsns = 4;
	fn->insns = calloc(4, sizeof(struct bpf_insn));
	fn->insns[0] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .src_reg = BPF_PSEUDO_MAP_FD, .imm = 7 };
	fn->insns[2] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 0 };
	fn->insns[3] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	fn->nrelocs = 1;
	fn->relocs = calloc(1, sizeof(*fn->relocs));
	fn->relocs[0] = (struct tb_reloc){ .insn = 0, .table = 1 };
	return obj;
}

/* Serializes obj (consistent, checksummed: what a forger with write access to the cache could
 * make) and returns why the deserializer refuses it, or NULL when it accepts it. */
static const char *refusal(struct tb_object *obj)
{
	struct tb_object *back;
	const char *why = "serialize failed";
	void *bytes;
	size_t len;

	if (tb_object_serialize(obj, 42, &bytes, &len))
		return why;
	back = tb_object_deserialize(bytes, len, 42, &why);
	tb_object_free(back);
	free(bytes);
	return back ? NULL : why;
}

/* Forged but consistent entries: every map-loading instruction must carry a relocation. */
static void test_forged(void)
{
	struct tb_object *obj = make_object();
	struct tb_function *fn = &obj->fns[0];

	CHECK(refusal(obj) == NULL);
	/* the relocation dropped: the instruction would load whatever fd 7 is in the tool */
	fn->nrelocs = 0;
	CHECK_STR(refusal(obj), "a map-loading instruction has no relocation");
	/* a map value load (src_reg 2) is a map fd too */
	fn->insns[0].src_reg = BPF_PSEUDO_MAP_VALUE;
	CHECK_STR(refusal(obj), "a map-loading instruction has no relocation");
	fn->nrelocs = 1;
	CHECK(refusal(obj) == NULL);
	/* a relocation on the second half of the ld_imm64, or on a plain instruction */
	fn->relocs[0].insn = 1;
	CHECK_STR(refusal(obj), "a relocation points at no map-loading instruction or table");
	fn->relocs[0].insn = 2;
	CHECK_STR(refusal(obj), "a relocation points at no map-loading instruction or table");
	fn->relocs[0] = (struct tb_reloc){ .insn = 0, .table = 2 };
	CHECK_STR(refusal(obj), "a relocation points at no map-loading instruction or table");
	fn->relocs[0].table = 1;
	/* maps by index (fd_array) and module BTF by fd are never written by tracebox */
	fn->insns[0].src_reg = BPF_PSEUDO_MAP_IDX;
	CHECK(refusal(obj) != NULL);
	fn->insns[0].src_reg = BPF_PSEUDO_BTF_ID;
	fn->insns[1].imm = 5;
	CHECK_STR(refusal(obj), "an instruction refers to a kernel module's BTF by fd");
	fn->insns[1].imm = 0;
	fn->insns[0].src_reg = BPF_PSEUDO_MAP_FD;
	/* a 64-bit load cut by the end of the function */
	fn->insns[3] = (struct bpf_insn){ .code = BPF_LD | BPF_IMM | BPF_DW };
	CHECK_STR(refusal(obj), "a function ends inside a 64-bit load");
	tb_object_free(obj);
}

int main(void)
{
	struct tb_object *obj = make_object(), *back;
	struct bpf_insn *patched;
	unsigned char *bytes;
	size_t len;

	CHECK_INT(tb_object_serialize(obj, 42, (void **)&bytes, &len), 0);
	back = tb_object_deserialize(bytes, len, 42, NULL);
	CHECK(back != NULL);
	if (back) {
		CHECK_STR(back->license, "GPL");
		CHECK_INT(back->kern_version, 0x061200);
		CHECK_INT(back->ntables, 2);
		CHECK_STR(back->tables[1].name, "events");
		CHECK_INT(back->tables[0].max_entries, 10240);
		CHECK_INT(back->tables[1].nperf_fields, 2);
		CHECK_STR(back->tables[1].perf_fields[1], "char[16]#comm");
		CHECK_STR(tb_object_function(back, "tracepoint__syscalls__sys_enter_execve")->name,
			  "tracepoint__syscalls__sys_enter_execve");
		CHECK(tb_object_function(back, "nope") == NULL);
		CHECK(tb_object_table(back, "counts") == &back->tables[0]);
		/* the map load gets the object's own fd for table 1 */
		back->tables[1].fd = 99;
		patched = tb_object_patched_insns(back, &back->fns[0]);
		CHECK_INT(patched[0].imm, 99);
		CHECK_INT(back->fns[0].insns[0].imm, 7); /* the stored copy is untouched */
		free(patched);
		back->tables[1].fd = -1;
		tb_object_free(back);
	}
	/* another key, any flipped byte, or a cut anywhere: refused */
	CHECK(tb_object_deserialize(bytes, len, 43, NULL) == NULL);
	for (size_t i = 0; i < len; i += 7) {
		bytes[i] ^= 0x5a;
		CHECK(tb_object_deserialize(bytes, len, 42, NULL) == NULL);
		bytes[i] ^= 0x5a;
	}
	for (size_t cut = 0; cut < len; cut += 5)
		CHECK(tb_object_deserialize(bytes, cut, 42, NULL) == NULL);
	back = tb_object_deserialize(bytes, len, 42, NULL);
	CHECK(back != NULL);
	tb_object_free(back); /* a leak otherwise, which the sanitizer build reports */
	free(bytes);
	tb_object_free(obj);
	test_forged();
	return check_result("test_object");
}
