/* Hello world, as in BCC's tutorial, on a tracepoint instead of a kprobe: prints a line
 * through bpf_trace_printk() each time a process calls exec(). tbrun shows the trace_pipe
 * lines because the program uses bpf_trace_printk. */
TRACEPOINT_PROBE(syscalls, sys_enter_execve)
{
	bpf_trace_printk("Hello, World!\n");
	return 0;
}
