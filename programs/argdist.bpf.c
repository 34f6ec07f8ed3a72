/* argdist: the fixed part of the program argdist writes from its specifiers. Each specifier
 * adds one map and one function after it (and, for a return probe reading $entry or
 * $latency, an entry function and the hash carrying the values across). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
