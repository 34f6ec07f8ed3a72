/* vfsstat: the table layout shared by vfsstat.bpf.c (kernel side) and frontends/vfsstat.c. It
 * has no events: one counter per VFS call, which the frontend reads each interval. */
#ifndef TB_VFSSTAT_H
#define TB_VFSSTAT_H

/* the slots of the "stats" per-CPU array, in the order of BCC's columns */
#define TB_VFSSTAT_READ 0
#define TB_VFSSTAT_WRITE 1
#define TB_VFSSTAT_FSYNC 2
#define TB_VFSSTAT_OPEN 3
#define TB_VFSSTAT_CREATE 4
#define TB_VFSSTAT_NSTATS 5

#endif
