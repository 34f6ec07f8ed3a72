/* ttysnoop: the event shared by ttysnoop.bpf.c (kernel side) and frontends/ttysnoop.c. */
#ifndef TB_TTYSNOOP_H
#define TB_TTYSNOOP_H

/* BCC's -s (the bytes of a write copied per event) and -c (how many such pieces of one write
 * at most); the BPF side gets -s as TB_TTYSNOOP_DATASIZE */
#define TB_TTYSNOOP_DEFAULT_SIZE 256
#define TB_TTYSNOOP_DEFAULT_COUNT 16
#define TB_TTYSNOOP_MAX_SIZE 16384 /* a BPF map value and a perf sample hold it */
#define TB_TTYSNOOP_MAX_COUNT 256  /* unrolled: each piece is instructions of its own */

#ifndef TB_TTYSNOOP_DATASIZE
#define TB_TTYSNOOP_DATASIZE TB_TTYSNOOP_DEFAULT_SIZE
#endif

/* One piece of a write to the device. The frontend, built with the default size, reads only
 * the head and then count bytes: the BPF side's buf is -s bytes long. */
struct ttysnoop_event {
	__u32 count; /* bytes of buf that are the write's (a write's last piece is shorter) */
	__u32 pad;
	char buf[TB_TTYSNOOP_DATASIZE];
};

#endif
