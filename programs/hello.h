/* hello: what hello.bpf.c (kernel side) and frontends/hello.c agree on. Tools that send events
 * through a perf buffer declare their event struct here; hello only shares its marker. */
#ifndef TB_HELLO_H
#define TB_HELLO_H

/* Every line hello's BPF program prints starts with "tbhello-<hello's PID>: ". */
#define TB_HELLO_TAG "tbhello-"

#endif
