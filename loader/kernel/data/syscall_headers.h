/* What the syscall and errno name tables are made from (syscall_table.cmake reads this file's
 * `cc -E -dM`): this architecture's syscall numbers and the errno values. */
#include <asm/unistd.h>
#include <errno.h>
