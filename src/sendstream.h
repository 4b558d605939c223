/*
 * sendstream.h: mcast-send's stream mode.  Datagrams of a fixed size at
 * a fixed rate to every group, paced on an absolute schedule and sent in
 * sendmmsg batches; a late sender skips slots rather than bursting.  The
 * end is marked, three times.  Every receiver's reports are kept and
 * printed as they arrive, and summed up per receiver at the end.
 */
#ifndef SENDSTREAM_H
#define SENDSTREAM_H

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "run.h"

/* What a stream run is told. */
struct stream_cfg {
	int fd;				/* the sending socket */
	struct sockaddr_storage *groups;	/* port set */
	size_t ngroups;
	uint32_t session;		/* group g's is session + g */
	uint64_t rate;			/* datagrams per second per group */
	uint64_t count;			/* datagrams per group */
	size_t size;			/* UDP payload bytes of each */
	unsigned int ivl;		/* report interval, tenths of a second */
	int ttl;			/* as sent, for hops */
	int64_t timeout;		/* ns to wait for reports at the end */
	int quiet;
	const char *title;		/* the group(s) */
	struct outline *out;
};

struct stream_tx;

/* stx_new: a stream run, not started; NULL with errno when out of memory. */
struct stream_tx *stx_new(const struct stream_cfg *c);
void	 stx_free(struct stream_tx *t);

/*
 * The run loop's parts (run.h): stx_tick sends what is due and ends the
 * run once every receiver sent its final report (END_COUNT) or the
 * timeout passed (END_TIMEOUT; END_ERROR: a send failed, stx_errno says
 * how); stx_serve takes the reports.
 */
enum run_end stx_tick(void *ctx, int64_t now, int64_t *wake);
void	 stx_serve(void *ctx);
int	 stx_errno(const struct stream_tx *t);

/* stx_summary: the stream summary, final or a snapshot. */
void	 stx_summary(struct stream_tx *t, int final, const char *reason);
void	 stx_snapshot(void *ctx);

/*
 * stx_stop: stop sending datagrams now (a signal, the deadline), but
 * still mark the end and wait for the final reports: returns 1 when
 * stx_tick has that to do, 0 when the stream never began or is over.
 */
int	 stx_stop(struct stream_tx *t);

/* stx_finals: how many receivers sent their final report, of how many. */
size_t	 stx_finals(const struct stream_tx *t, size_t *receivers);

/* Why a stream run failed, for the message. */
struct stream_verdict {
	size_t reported;		/* receivers that reported */
	size_t over;			/* ... lost more than allowed */
	double worst_loss;		/* the most any lost, of those */
	char worst[64];			/* its address */
};

/*
 * stx_status: 0 when at least expect receivers reported and none lost
 * more than max_loss percent (< 0: any loss is allowed), else 1; v says
 * how many reported and which lost too much.
 */
int	 stx_status(const struct stream_tx *t, uint64_t expect,
	    double max_loss, struct stream_verdict *v);

#endif /* SENDSTREAM_H */
