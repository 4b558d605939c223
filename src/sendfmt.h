/*
 * sendfmt.h: mcast-send's events as plain structs, and the two renderers
 * that print them, one line each: text for people, JSON Lines for
 * programs.  The logic fills the structs; adding a field is one member
 * here and one line in each renderer.
 */
#ifndef SENDFMT_H
#define SENDFMT_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "output.h"
#include "stats.h"

/* A probe (or the plain message) went to one group: JSON only. */
struct ev_sent {
	uint64_t seq;
	const char *to;
	size_t bytes;
	int ttl;
};

/* An ack arrived. */
struct ev_ack {
	const char *from;
	const char *group;		/* NULL: not known */
	int several;			/* more than one group: text names it */
	uint64_t seq;
	int64_t rtt;			/* ns */
	int exact;			/* a probe ack that matched, not plain */
	enum seq_result res;
	int hops;			/* -1: unknown */
	int ttl;			/* as it arrived, when hops is known */
	const unsigned char *name;	/* NULL: none */
	size_t namelen;
	const unsigned char *payload;
	size_t paylen;
};

/* The summary's head. */
struct ev_summary {
	int final;
	const char *reason;		/* run_end_name[], or "running" */
	const char *title;		/* the group(s) */
	uint64_t sent, acks, ignored;
	uint64_t skipped;		/* probe slots missed while late */
	uint64_t untracked;		/* acks of responders past the table */
	size_t responders;
	int max_responders;		/* the table's size, named when full */
};

/* One responder's row of the summary. */
struct ev_responder {
	const char *from;
	const char *group;		/* NULL: not known */
	int several;
	const unsigned char *name;	/* NULL: none */
	size_t namelen;
	uint64_t sent, answered, acks, dups, reordered, plain;
	uint64_t old;			/* acks too old to tell (stats.h) */
	uint64_t withheld;		/* probes it chose not to answer */
	uint32_t first_seq;
	double loss_pct, loss_since_pct;
	int hops;			/* -1: unknown */
	const struct rtt *rtt;
	const struct hist *hist;	/* the same RTTs, for percentiles */
};

void	 render_sent(struct outline *ol, const struct ev_sent *e);
void	 render_ack(struct outline *ol, const struct ev_ack *e);
/* render_timeout: the JSON timeout event (text says it on stderr). */
void	 render_timeout(struct outline *ol, uint64_t acks);

/* The summary: its head, then a row per responder, then ol_end_list(). */
void	 render_summary_head(struct outline *ol, const struct ev_summary *e);
void	 render_responder(struct outline *ol, const struct ev_responder *e,
	    size_t i);

#endif /* SENDFMT_H */
