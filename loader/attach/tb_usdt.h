/* USDT probes: their argument readers compiled into the program, their locations attached. */
#ifndef TB_USDT_H
#define TB_USDT_H

#include <sys/types.h>

struct tb_usdt;
struct tb_prog;

/* --- USDT ---: open before compiling, enable probes, pass in tb_prog_opts.usdt. */
/* binary may be NULL when pid > 0 (all binaries of the process); pid 0 = no process. */
struct tb_usdt *tb_usdt_open(const char *binary, pid_t pid);
/* provider may be NULL. Maps the probe to BPF function fn. Probes with a semaphore need a pid;
 * where the kernel has the uprobe reference counter, tb_attach_usdt hands the semaphore to it
 * (so even a tool killed at any moment leaves it as it was); elsewhere it is incremented now
 * (through /proc/PID/mem) and destroying the program decrements it. An unknown probe's error
 * names the provider's probes. */
int tb_usdt_enable(struct tb_usdt *usdt, const char *provider, const char *probe, const char *fn);
void tb_usdt_close(struct tb_usdt *usdt);
/* The C type libbcc reads argument index (from 0) of a probe into ("int32_t"): what a program
 * declares to receive it from bpf_usdt_readarg(index + 1, ctx, &dest), whose reader refuses
 * another size. NULL when there is no such probe or argument. */
const char *tb_usdt_arg_ctype(struct tb_usdt *usdt, const char *provider, const char *probe,
			      int index);

/* --- the USDT probes of one running process: tools tracing a runtime (javagc, ugc) --- */
struct tb_usdt_probe {
	const char *provider; /* "hotspot" */
	const char *name;     /* "gc__begin"; NULL ends a list */
	const char *fn;       /* the BPF function it calls */
	bool optional;        /* skipped (said under -v) where the process lacks it */
};
/* Opens the USDT probes of process pid and enables `probes`. They are read from `module`, the
 * first file mapped in the process whose name starts so ("libjvm.so", found in its
 * /proc/PID/maps), or from all its binaries when module is NULL. NULL after one error line:
 * "failed to trace process PID: no such process", "failed to find MODULE in process PID: is it
 * a RUNTIME process? ..." (runtime: "Java"), or the probe that cannot be enabled. */
struct tb_usdt *tb_usdt_open_process(pid_t pid, const char *module, const char *runtime,
				     const struct tb_usdt_probe *probes);

#endif
