/* The sizes read() returned, as a log2 histogram, and the number of reads per process name:
 * tbrun prints both tables at each -i interval and at exit. -c COMMAND keeps to that command. */
struct comm_key {
	char comm[16];
};

BPF_HISTOGRAM(bytes);
BPF_HASH(reads, struct comm_key, u64);

TRACEPOINT_PROBE(syscalls, sys_exit_read)
{
	struct comm_key key = {};

#ifdef TARG_PID
	if ((bpf_get_current_pid_tgid() >> 32) != TARG_PID)
		return 0;
#endif
	if (args->ret < 0)
		return 0;
	bytes.increment(bpf_log2l(args->ret));
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	reads.increment(key);
	return 0;
}
