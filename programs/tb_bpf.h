/* Shared BPF-side definitions for every tracebox program: compatibility with older kernels.
 * Inlined into each program's embedded source at build time. */
#ifndef TB_BPF_H
#define TB_BPF_H

/* bpf_probe_read_{user,kernel}{,_str} arrived in 5.5; the loader defines TB_HAVE_PROBE_READ_USER when
 * this kernel has them, and older kernels read user memory with the generic helpers. */
#ifndef TB_HAVE_PROBE_READ_USER
#define bpf_probe_read_user bpf_probe_read
#define bpf_probe_read_user_str bpf_probe_read_str
#define bpf_probe_read_kernel bpf_probe_read
#define bpf_probe_read_kernel_str bpf_probe_read_str
#endif

#endif
