/* Stop requests: signals only set a flag; the poll loop notices within one timeout. */
#include <signal.h>
#include <string.h>

#include "tb_program.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	stop_requested = 1;
}

void tb_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	/* a write blocked on a full pipe must finish, not fail with EINTR: stdio would drop the
	 * lines it was writing (poll still returns early, which is all the loop needs) */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	/* installing a handler also undoes SIG_IGN for SIGINT inherited from a background job */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
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
