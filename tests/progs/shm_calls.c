/* Workload for shmsnoop tests: one System V shared memory segment through its whole life, each
 * call once, in this order:
 *   shmget(IPC_PRIVATE, 8192, IPC_CREAT|0600)   shmat(id, NULL, 0)   shmat(id, NULL, SHM_RDONLY)
 *   shmdt(ro)   shmdt(rw)   shmctl(id, IPC_STAT, &ds)   shmctl(id, IPC_RMID, NULL)
 *   shmat(id, NULL, 0) again: fails with EINVAL (the segment is gone)
 * It first renames itself "shm-PID" (so that shmsnoop -n can pick it out), then prints
 * "pid PID", "comm NAME", and one line per call with what a tracer must show for it:
 *   shmget ID   shmat ADDR   shmat_ro ADDR   stat_buf ADDR   failed ERRNO
 * (addresses in hex with 0x). Exits 1 when a call that should succeed failed. */
#include <errno.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	struct shmid_ds ds;
	char comm[16];
	void *rw, *ro;
	int id;

	snprintf(comm, sizeof(comm), "shm-%d", (int)getpid());
	prctl(PR_SET_NAME, comm);
	printf("pid %d\ncomm %s\n", (int)getpid(), comm);

	id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	if (id < 0)
		return perror("shmget"), 1;
	printf("shmget %d\n", id);
	rw = shmat(id, NULL, 0);
	if (rw == (void *)-1)
		return perror("shmat"), shmctl(id, IPC_RMID, NULL), 1;
	printf("shmat %p\n", rw);
	ro = shmat(id, NULL, SHM_RDONLY);
	if (ro == (void *)-1)
		return perror("shmat SHM_RDONLY"), shmctl(id, IPC_RMID, NULL), 1;
	printf("shmat_ro %p\n", ro);
	if (shmdt(ro) || shmdt(rw))
		return perror("shmdt"), shmctl(id, IPC_RMID, NULL), 1;
	if (shmctl(id, IPC_STAT, &ds))
		return perror("shmctl IPC_STAT"), shmctl(id, IPC_RMID, NULL), 1;
	printf("stat_buf %p\n", (void *)&ds);
	if (shmctl(id, IPC_RMID, NULL))
		return perror("shmctl IPC_RMID"), 1;
	if (shmat(id, NULL, 0) != (void *)-1)
		return fprintf(stderr, "shmat of a removed segment succeeded\n"), 1;
	printf("failed %d\n", errno);
	return 0;
}
