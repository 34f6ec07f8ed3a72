/* hello: what hello.bpf.c (kernel side) and frontends/hello.c agree on. Tools that send events
 * through a perf buffer declare their event struct here; hello only shares its marker. */
#ifndef TB_HELLO_H
#define TB_HELLO_H

/* Every line hello's BPF program prints starts with "tbhello-<hello's PID>: ", then the name
 * of the task at the write, then TB_HELLO_SEP: the trace pipe's own task name is the kernel's
 * last record of it, which an exec a moment earlier has not updated yet ("sh", not the
 * program sh exec'd). */
#define TB_HELLO_TAG "tbhello-"
#define TB_HELLO_SEP " | "

#endif
