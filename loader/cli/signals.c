/* Stop requests: signals only set a flag; the poll loop notices within one timeout. */
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "tracebox.h"

static volatile sig_atomic_t stop_requested;

/* SIGALRM in ms, then every 100 ms: a write blocked on a pipe nobody reads is
 * interrupted (SIGALRM has no SA_RESTART). Repeated, because a pipe write that had written
 * part of its data returns that count rather than EINTR, and stdio then writes the rest. */
static void arm_deadline(long ms)
{
	struct itimerval t = { .it_interval = { 0, 100000 },
			       .it_value = { ms / 1000, (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &t, NULL);
}

static void on_stop_signal(int sig)
{
	/* the stop deadline, so the tool ends, reports and detaches however stalled its output */
	if (!stop_requested)
		arm_deadline(500);
	stop_requested = 1;
}

/* SIGALRM only interrupts: a write blocked on a full pipe returns EINTR */
static void on_deadline(int sig)
{
}

void tb_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	/* SA_RESTART: a write blocked on a slow reader finishes (stdio would drop the buffer it
	 * was writing); the deadline's SIGALRM, without it, ends one that never would */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	/* installing a handler also undoes SIG_IGN for SIGINT inherited from a background job */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_deadline;
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool tb_should_stop(void)
{
	return stop_requested;
}

void tb_request_stop(void)
{
	stop_requested = 1;
}

void tb_deadline_arm(int ms)
{
	struct sigaction sa;
	struct itimerval now;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_deadline;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	/* a stop signal's deadline already runs: keep it */
	if (!getitimer(ITIMER_REAL, &now) && (now.it_value.tv_sec || now.it_value.tv_usec))
		return;
	arm_deadline(ms);
}

void tb_deadline_disarm(void)
{
	struct itimerval t = { 0 };

	setitimer(ITIMER_REAL, &t, NULL);
}
