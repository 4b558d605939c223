/*
 * run.h: the run loop both programs share.  Signals only set flags; the
 * loop checks them, does the program's timed work, flushes stdout, waits
 * in poll() for the sockets or the next deadline, and hands the ready
 * sockets to the program.  Why a run ended is an enum with a name table.
 */
#ifndef RUN_H
#define RUN_H

#include <poll.h>
#include <signal.h>
#include <stdint.h>

/* Why a run ended (END_NONE: it goes on). */
enum run_end {
	END_NONE, END_SIGNAL, END_DEADLINE, END_TIMEOUT, END_EXPECT,
	END_COUNT, END_STDOUT, END_ERROR, END_MAX
};

/* The names JSON and the notes use: "running", "signal", "deadline", ... */
extern const char *const run_end_name[END_MAX];

/* Set by the signal handler: SIGINT or SIGTERM, and SIGQUIT's snapshot. */
extern volatile sig_atomic_t run_stop, run_snapshot;

/*
 * catch_signals: SIGINT and SIGTERM set run_stop, SIGQUIT run_snapshot;
 * SIGPIPE is ignored (a reader gone is EPIPE, not a death).
 */
void	 catch_signals(void);

/*
 * What a program plugs into the loop.  step() does what is due at now,
 * may lower *wake (the next CLOCK_MONOTONIC instant it needs, ns) and
 * returns END_NONE to go on; serve() takes what the ready sockets hold;
 * snapshot() prints the statistics so far.
 */
struct run_ops {
	void *ctx;
	enum run_end (*step)(void *ctx, int64_t now, int64_t *wake);
	void (*serve)(void *ctx);
	void (*snapshot)(void *ctx);
	struct pollfd *pfd;
	unsigned int nfd;
	int64_t deadline;		/* mono ns; -1: none */
	int out_err;			/* set: errno of the first failed write
					   to stdout (stdio keeps no errno) */
	int64_t hold;			/* set by serve(): until then (mono ns)
					   wait for time only, letting the
					   sockets fill (fewer wake-ups) */
};

/* run_wake: lower *wake (-1: none yet) to at, when at is set (>= 0). */
void	 run_wake(int64_t *wake, int64_t at);

/*
 * run_loop: run until a signal, the deadline, step()'s say, a reader
 * gone from stdout (END_STDOUT) or a failed poll (END_ERROR, errno
 * kept).  Returns why it ended; ops->out_err says how stdout failed.
 */
enum run_end run_loop(struct run_ops *ops);

#endif /* RUN_H */
