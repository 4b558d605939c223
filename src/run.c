/*
 * run.c: the run loop both programs share (see run.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "run.h"

const char *const run_end_name[END_MAX] = {
	"running", "signal", "deadline", "timeout", "expect", "count",
	"stdout", "error"
};

volatile sig_atomic_t run_stop, run_snapshot;

static void
on_signal(int sig)
{
	if (sig == SIGQUIT)
		run_snapshot = 1;
	else
		run_stop = sig;
}

void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/*
	 * SA_RESTART: a write to a blocked stdout goes on after a signal
	 * instead of failing with EINTR.  poll() returns EINTR all the same
	 * (signal(7)), so the loop still sees the flag at once.
	 */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* A reader that goes away gives EPIPE, not a death by signal. */
	signal(SIGPIPE, SIG_IGN);
}

void
run_wake(int64_t *wake, int64_t at)
{
	if (at >= 0 && (*wake < 0 || at < *wake))
		*wake = at;
}

/* Flush stdout before a wait; END_STDOUT when its reader is gone. */
static enum run_end
flush_out(struct run_ops *ops)
{
	/* Flushed before every wait: a burst costs one write. */
	if (fflush(stdout) != EOF)
		return END_NONE;
	if (ops->out_err == 0)
		ops->out_err = errno;
	return errno == EPIPE ? END_STDOUT : END_NONE;
}

/*
 * Wait for the sockets or until wake, and serve them; while held, wait
 * for time only and let them fill.  END_ERROR when poll failed.
 */
static enum run_end
wait_serve(struct run_ops *ops, int64_t now, int64_t wake)
{
	int r;

	if (ops->hold > now) {
		/* Whatever comes meanwhile is read in one go. */
		r = poll_until(NULL, 0, wake >= 0 && wake < ops->hold ?
		    wake : ops->hold);
		ops->hold = 0;
	} else if ((r = poll_until(ops->pfd, ops->nfd, wake)) > 0)
		ops->serve(ops->ctx);
	return r == -1 && errno != EINTR ? END_ERROR : END_NONE;
}

enum run_end
run_loop(struct run_ops *ops)
{
	enum run_end why;
	int64_t now, wake;

	for (;;) {
		/* A snapshot asked for before the end is still printed. */
		if (run_snapshot) {
			run_snapshot = 0;
			ops->snapshot(ops->ctx);
		}
		if (run_stop)
			return END_SIGNAL;
		now = mono_ns();
		if (ops->deadline >= 0 && now >= ops->deadline)
			return END_DEADLINE;
		wake = ops->deadline;
		if ((why = ops->step(ops->ctx, now, &wake)) != END_NONE ||
		    (why = flush_out(ops)) != END_NONE ||
		    (why = wait_serve(ops, now, wake)) != END_NONE)
			return why;
	}
}
