/*
 * recvfmt.h: mcast-recv's events as plain structs, and the two renderers
 * that print them: text for people, JSON Lines for programs.  The logic
 * fills the structs; adding a field is one member here and one line in
 * each renderer.
 */
#ifndef RECVFMT_H
#define RECVFMT_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "stats.h"

/* Why a datagram was not acknowledged (ACK_SENT: it was; NOACK_STREAM:
 * a stream datagram, reported on instead). */
enum noack { ACK_SENT, NOACK_OFF, NOACK_SOURCE, NOACK_ALLOW, NOACK_RATE,
	NOACK_ERROR, NOACK_STREAM, NOACK_MAX };

/* The names JSON uses: "sent", "disabled", "source", ... */
extern const char *const noack_name[NOACK_MAX];

/* A datagram arrived for one of our groups. */
struct ev_datagram {
	const char *from, *to;
	const char *ifname;		/* NULL: not known */
	int wide;			/* several groups or interfaces: text
					   says which one */
	size_t bytes;			/* its length on the wire */
	int truncated;
	int ttl;			/* -1: not known */
	int probe;			/* carries a probe header: */
	uint32_t session, seq;
	enum seq_result res;
	enum noack ack;
	int stream;			/* a stream datagram (-v): */
	int end;			/* its end marker */
	const unsigned char *payload;	/* NULL: none (a stream's padding) */
	size_t paylen;
};

/* The summary's head. */
struct ev_rsummary {
	int final;
	const char *reason;
	const char *title;
	uint64_t datagrams, ignored, dropped, untracked;
	const uint64_t *acks;		/* [NOACK_MAX], by outcome */
	size_t senders;
	int max_senders;		/* the table's size, named when full */
	uint64_t reports;		/* stream reports sent */
	uint64_t reports_withheld;	/* not sent: the ack rules, a failure */
};

/* One sender's row of the summary. */
struct ev_sender {
	const char *from;
	uint64_t datagrams, bytes, probes;
	uint64_t withheld;		/* its datagrams not acked */
	const struct seqtrack *seq;	/* when probes > 0 */
};

void	 render_datagram(struct outline *ol, const struct ev_datagram *e);
void	 render_rsummary_head(struct outline *ol, const struct ev_rsummary *e);
void	 render_sender(struct outline *ol, const struct ev_sender *e,
	    size_t i);
void	 render_rsummary_end(struct outline *ol);

#endif /* RECVFMT_H */
