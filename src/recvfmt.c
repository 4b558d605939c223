/*
 * recvfmt.c: mcast-recv's text and JSON renderers (see recvfmt.h).
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "output.h"
#include "recvfmt.h"
#include "stats.h"

const char *const noack_name[NOACK_MAX] = {
	"sent", "disabled", "source", "allow", "rate", "error", "stream"
};

static void
json_datagram(struct sbuf *sb, const struct ev_datagram *e)
{
	sb_puts(sb, ",\"from\":");
	sb_json_cstr(sb, e->from);
	sb_puts(sb, ",\"to\":");
	sb_json_cstr(sb, e->to);
	sb_puts(sb, ",\"interface\":");
	sb_json_str_or_null(sb, e->ifname, e->ifname != NULL ?
	    strlen(e->ifname) : 0);
	sb_printf(sb, ",\"bytes\":%zu,\"truncated\":%s,\"ttl\":", e->bytes,
	    json_bool(e->truncated));
	sb_json_int_or_null(sb, e->ttl);
	sb_printf(sb, ",\"probe\":%s", json_bool(e->probe));
	if (e->probe)
		sb_printf(sb, ",\"session\":%lu,\"seq\":%lu,\"dup\":%s,"
		    "\"reordered\":%s,\"old\":%s", (unsigned long)e->session,
		    (unsigned long)e->seq, json_bool(e->res == SEQ_DUP),
		    json_bool(e->res == SEQ_REORDERED),
		    json_bool(e->res == SEQ_OLD));
	sb_printf(sb, ",\"acked\":%s,\"no_ack\":", json_bool(e->ack == ACK_SENT));
	if (e->ack == ACK_SENT)
		sb_puts(sb, "null");
	else
		sb_printf(sb, "\"%s\"", noack_name[e->ack]);
	if (e->stream)
		sb_printf(sb, ",\"stream\":true,\"end\":%s", json_bool(e->end));
	if (e->payload != NULL)
		sb_json_payload(sb, e->payload, e->paylen);
}

/* The first of the two text lines; the payload goes on the second. */
static void
text_datagram(struct sbuf *sb, const struct ev_datagram *e)
{
	sb_printf(sb, "received %zu bytes from %s", e->bytes, e->from);
	if (e->probe)
		sb_printf(sb, " seq=%lu%s", (unsigned long)e->seq,
		    e->res == SEQ_DUP ? " dup" : e->res == SEQ_REORDERED ?
		    " reordered" : e->res == SEQ_OLD ? " old" : "");
	if (e->end)
		sb_puts(sb, " end");
	if (e->truncated)
		sb_puts(sb, " truncated");
	if (e->wide)
		sb_printf(sb, " to %s on %s", e->to,
		    e->ifname != NULL ? e->ifname : "?");
}

void
render_datagram(struct outline *ol, const struct ev_datagram *e)
{
	ol_start(ol, "datagram");
	if (ol->json) {
		json_datagram(&ol->sb, e);
	} else {
		text_datagram(&ol->sb, e);
		/* The payload's line: the same -D time as its header's. */
		if (e->payload != NULL) {
			sb_puts(&ol->sb, "\n");
			ol_prefix(ol);
			sb_escape(&ol->sb, e->payload, e->paylen, 0);
		}
	}
	ol_end(ol, ol->f);
}

static void
json_rsummary_head(struct sbuf *sb, const struct ev_rsummary *e)
{
	const uint64_t *a = e->acks;

	sb_printf(sb, ",\"final\":%s,\"reason\":\"%s\",\"group\":",
	    json_bool(e->final), e->reason);
	sb_json_cstr(sb, e->title);
	sb_printf(sb, ",\"datagrams\":%llu,\"ignored\":%llu,\"dropped\":%llu,"
	    "\"untracked\":%llu,\"acks\":%llu,\"not_acked\":{",
	    (unsigned long long)e->datagrams,
	    (unsigned long long)e->ignored, (unsigned long long)e->dropped,
	    (unsigned long long)e->untracked, (unsigned long long)a[ACK_SENT]);
	sb_printf(sb, "\"disabled\":%llu,\"source\":%llu,\"allow\":%llu,"
	    "\"rate\":%llu,\"error\":%llu,\"stream\":%llu},\"reports\":%llu,"
	    "\"reports_withheld\":%llu,\"senders\":[",
	    (unsigned long long)a[NOACK_OFF], (unsigned long long)a[NOACK_SOURCE],
	    (unsigned long long)a[NOACK_ALLOW], (unsigned long long)a[NOACK_RATE],
	    (unsigned long long)a[NOACK_ERROR],
	    (unsigned long long)a[NOACK_STREAM], (unsigned long long)e->reports,
	    (unsigned long long)e->reports_withheld);
}

static void
text_rsummary_head(struct outline *ol, const struct ev_rsummary *e)
{
	const uint64_t *a = e->acks;

	sb_printf(&ol->sb, "--- %s statistics ---\n", e->title);
	ol_prefix(ol);
	sb_printf(&ol->sb, "%llu datagrams from %zu senders, %llu dropped by "
	    "the kernel, %llu acks sent", (unsigned long long)e->datagrams,
	    e->senders, (unsigned long long)e->dropped,
	    (unsigned long long)a[ACK_SENT]);
	if (a[NOACK_SOURCE] + a[NOACK_ALLOW] + a[NOACK_RATE] +
	    a[NOACK_ERROR] != 0)
		sb_printf(&ol->sb, ", not acked: %llu source, %llu not allowed, "
		    "%llu over rate, %llu failed",
		    (unsigned long long)a[NOACK_SOURCE],
		    (unsigned long long)a[NOACK_ALLOW],
		    (unsigned long long)a[NOACK_RATE],
		    (unsigned long long)a[NOACK_ERROR]);
	if (a[NOACK_STREAM] != 0)
		sb_printf(&ol->sb, ", %llu stream datagrams (reported, not "
		    "acked), %llu reports sent", (unsigned long long)
		    a[NOACK_STREAM], (unsigned long long)e->reports);
	if (e->reports_withheld != 0)
		sb_printf(&ol->sb, ", %llu reports withheld",
		    (unsigned long long)e->reports_withheld);
	if (e->untracked != 0)
		sb_printf(&ol->sb, ", sender table full (%d): %llu datagrams "
		    "from more senders not counted per sender", e->max_senders,
		    (unsigned long long)e->untracked);
}

void
render_rsummary_head(struct outline *ol, const struct ev_rsummary *e)
{
	ol_start(ol, "summary");
	if (ol->json)
		json_rsummary_head(&ol->sb, e);
	else
		text_rsummary_head(ol, e);
}

static void
json_sender(struct sbuf *sb, const struct ev_sender *e, size_t i)
{
	const struct seqtrack *q = e->seq;

	sb_puts(sb, i > 0 ? ",{\"from\":" : "{\"from\":");
	sb_json_cstr(sb, e->from);
	sb_printf(sb, ",\"datagrams\":%llu,\"bytes\":%llu,"
	    "\"probes\":%llu,\"withheld\":%llu",
	    (unsigned long long)e->datagrams, (unsigned long long)e->bytes,
	    (unsigned long long)e->probes, (unsigned long long)e->withheld);
	if (e->probes > 0)
		sb_printf(sb, ",\"first_seq\":%lu,\"last_seq\":%lu,"
		    "\"lost\":%llu,\"dups\":%llu,\"reordered\":%llu,"
		    "\"old\":%llu", (unsigned long)q->first,
		    (unsigned long)q->highest, (unsigned long long)seq_gaps(q),
		    (unsigned long long)q->dups,
		    (unsigned long long)q->reordered,
		    (unsigned long long)q->old);
	sb_puts(sb, "}");
}

static void
text_sender(struct outline *ol, const struct ev_sender *e)
{
	const struct seqtrack *q = e->seq;

	sb_puts(&ol->sb, "\n");
	ol_prefix(ol);
	sb_printf(&ol->sb, "%s: %llu datagrams, %llu bytes", e->from,
	    (unsigned long long)e->datagrams, (unsigned long long)e->bytes);
	if (e->probes > 0)
		sb_printf(&ol->sb, ", probes seq %lu..%lu, %llu lost, %llu dup, "
		    "%llu reordered", (unsigned long)q->first,
		    (unsigned long)q->highest, (unsigned long long)seq_gaps(q),
		    (unsigned long long)q->dups,
		    (unsigned long long)q->reordered);
	if (e->probes > 0 && q->old != 0)
		sb_printf(&ol->sb, ", %llu old", (unsigned long long)q->old);
	if (e->withheld != 0)
		sb_printf(&ol->sb, ", %llu not acked",
		    (unsigned long long)e->withheld);
}

void
render_sender(struct outline *ol, const struct ev_sender *e, size_t i)
{
	if (ol->json)
		json_sender(&ol->sb, e, i);
	else
		text_sender(ol, e);
}
