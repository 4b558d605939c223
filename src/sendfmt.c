/*
 * sendfmt.c: mcast-send's text and JSON renderers (see sendfmt.h).
 */
#include <stdio.h>

#include "clock.h"
#include "escape.h"
#include "output.h"
#include "sendfmt.h"
#include "stats.h"
#include "streamfmt.h"

/* A time in ms as the text shows it (fmt_ms: cut to the microsecond). */
static void
json_ms(struct sbuf *sb, const char *key, double ns)
{
	char ms[32];

	sb_printf(sb, ",\"%s\":%s", key, fmt_ms((int64_t)ns, ms, sizeof(ms)));
}

/* ' name="..."' in text, when there is a name. */
static void
text_name(struct sbuf *sb, const unsigned char *name, size_t len)
{
	if (name == NULL)
		return;
	sb_puts(sb, " name=\"");
	sb_escape(sb, name, len, ESC_QUOTE);
	sb_puts(sb, "\"");
}

/* ' group=G' in text, when there are several groups and G is known. */
static void
text_group(struct sbuf *sb, const char *group, int several)
{
	if (several && group != NULL)
		sb_printf(sb, " group=%s", group);
}

static void
json_group(struct sbuf *sb, const char *group)
{
	if (group != NULL)
		sb_json_cstr(sb, group);
	else
		sb_puts(sb, "null");
}

void
render_sent(struct outline *ol, const struct ev_sent *e)
{
	if (!ol->json)
		return;
	ol_start(ol, "sent");
	sb_printf(&ol->sb, ",\"seq\":%llu,\"to\":", (unsigned long long)e->seq);
	sb_json_cstr(&ol->sb, e->to);
	sb_printf(&ol->sb, ",\"bytes\":%zu,\"ttl\":%d", e->bytes, e->ttl);
	ol_end(ol, ol->f);
}

static void
json_ack(struct sbuf *sb, const struct ev_ack *e)
{
	char ms[16];

	sb_puts(sb, ",\"from\":");
	sb_json_cstr(sb, e->from);
	sb_puts(sb, ",\"group\":");
	json_group(sb, e->group);
	sb_printf(sb, ",\"seq\":%llu,\"rtt_ms\":%s,\"exact\":%s,\"dup\":%s,"
	    "\"reordered\":%s,\"old\":%s,\"hops\":",
	    (unsigned long long)e->seq, fmt_ms(e->rtt, ms, sizeof(ms)),
	    json_bool(e->exact), json_bool(e->res == SEQ_DUP),
	    json_bool(e->res == SEQ_REORDERED), json_bool(e->res == SEQ_OLD));
	sb_json_int_or_null(sb, e->hops);
	sb_puts(sb, ",\"ttl\":");
	sb_json_int_or_null(sb, e->hops >= 0 ? e->ttl : -1);
	sb_puts(sb, ",\"name\":");
	sb_json_str_or_null(sb, e->name, e->namelen);
	sb_json_payload(sb, e->payload, e->paylen);
}

static void
text_ack(struct sbuf *sb, const struct ev_ack *e)
{
	char ms[16];

	sb_puts(sb, "received \"");
	sb_escape(sb, e->payload, e->paylen, ESC_QUOTE);
	sb_printf(sb, "\" from %s seq=%llu time=%s ms", e->from,
	    (unsigned long long)e->seq, fmt_ms(e->rtt, ms, sizeof(ms)));
	if (e->hops >= 0)
		sb_printf(sb, " hops=%d", e->hops);
	text_name(sb, e->name, e->namelen);
	text_group(sb, e->group, e->several);
	if (!e->exact)
		sb_puts(sb, " plain");
	if (e->res == SEQ_DUP)
		sb_puts(sb, " dup");
	if (e->res == SEQ_REORDERED)
		sb_puts(sb, " reordered");
	if (e->res == SEQ_OLD)
		sb_puts(sb, " old");
}

void
render_ack(struct outline *ol, const struct ev_ack *e)
{
	ol_start(ol, "ack");
	if (ol->json)
		json_ack(&ol->sb, e);
	else
		text_ack(&ol->sb, e);
	ol_end(ol, ol->f);
}

void
render_timeout(struct outline *ol, uint64_t acks)
{
	if (!ol->json)
		return;
	ol_start(ol, "timeout");
	sb_printf(&ol->sb, ",\"acks\":%llu", (unsigned long long)acks);
	ol_end(ol, ol->f);
}

void
render_summary_head(struct outline *ol, const struct ev_summary *e)
{
	ol_start(ol, "summary");
	if (ol->json) {
		sb_printf(&ol->sb, ",\"final\":%s,\"reason\":\"%s\",\"group\":",
		    json_bool(e->final), e->reason);
		sb_json_cstr(&ol->sb, e->title);
		sb_printf(&ol->sb, ",\"sent\":%llu,\"skipped\":%llu,"
		    "\"acks\":%llu,\"ignored\":%llu,\"untracked\":%llu,"
		    "\"responders\":[", (unsigned long long)e->sent,
		    (unsigned long long)e->skipped, (unsigned long long)e->acks,
		    (unsigned long long)e->ignored,
		    (unsigned long long)e->untracked);
		return;
	}
	sb_printf(&ol->sb, "--- %s statistics ---\n", e->title);
	ol_prefix(ol);
	sb_printf(&ol->sb, "%llu probes sent", (unsigned long long)e->sent);
	if (e->skipped != 0)
		sb_printf(&ol->sb, ", %llu skipped",
		    (unsigned long long)e->skipped);
	sb_printf(&ol->sb, ", %zu responders, %llu acks", e->responders,
	    (unsigned long long)e->acks);
	if (e->ignored != 0)
		sb_printf(&ol->sb, ", %llu ignored",
		    (unsigned long long)e->ignored);
	if (e->untracked != 0)
		sb_printf(&ol->sb, ", responder table full (%d): %llu acks "
		    "from more responders not counted", e->max_responders,
		    (unsigned long long)e->untracked);
}

static void
json_responder(struct sbuf *sb, const struct ev_responder *e, size_t i)
{
	sb_puts(sb, i > 0 ? ",{\"from\":" : "{\"from\":");
	sb_json_cstr(sb, e->from);
	sb_puts(sb, ",\"group\":");
	json_group(sb, e->group);
	sb_puts(sb, ",\"name\":");
	sb_json_str_or_null(sb, e->name, e->namelen);
	sb_printf(sb, ",\"answered\":%llu,\"acks\":%llu,\"loss_pct\":%.1f,"
	    "\"loss_since_first_pct\":%.1f,\"first_seq\":%lu,\"dups\":%llu,"
	    "\"reordered\":%llu,\"old\":%llu,\"plain\":%llu,"
	    "\"withheld\":%llu,\"hops\":",
	    (unsigned long long)e->answered, (unsigned long long)e->acks,
	    e->loss_pct, e->loss_since_pct, (unsigned long)e->first_seq,
	    (unsigned long long)e->dups, (unsigned long long)e->reordered,
	    (unsigned long long)e->old, (unsigned long long)e->plain,
	    (unsigned long long)e->withheld);
	sb_json_int_or_null(sb, e->hops);
	if (e->rtt->n > 0) {
		json_ms(sb, "rtt_min_ms", (double)e->rtt->min);
		json_ms(sb, "rtt_avg_ms", e->rtt->mean);
		json_ms(sb, "rtt_max_ms", (double)e->rtt->max);
		json_ms(sb, "rtt_mdev_ms", rtt_mdev(e->rtt));
	}
	if (e->hist != NULL && e->hist->n > 0) {
		json_ms(sb, "rtt_p50_ms", (double)hist_pct(e->hist, 50));
		json_ms(sb, "rtt_p90_ms", (double)hist_pct(e->hist, 90));
		json_ms(sb, "rtt_p99_ms", (double)hist_pct(e->hist, 99));
		sb_json_hist(sb, "rtt_hist", e->hist);
	}
	sb_puts(sb, "}");
}

static void
text_rtt(struct sbuf *sb, const struct rtt *r, const struct hist *h)
{
	char a[16], b[16], c[16], d[16];

	if (r->n == 0)
		return;
	sb_printf(sb, ", rtt min/avg/max/mdev = %s/%s/%s/%s ms",
	    fmt_ms(r->min, a, sizeof(a)), fmt_ms((int64_t)r->mean, b, sizeof(b)),
	    fmt_ms(r->max, c, sizeof(c)),
	    fmt_ms((int64_t)rtt_mdev(r), d, sizeof(d)));
	if (h == NULL || h->n == 0)
		return;
	sb_printf(sb, ", p50/p90/p99 = %s/%s/%s ms",
	    fmt_ms(hist_pct(h, 50), a, sizeof(a)),
	    fmt_ms(hist_pct(h, 90), b, sizeof(b)),
	    fmt_ms(hist_pct(h, 99), c, sizeof(c)));
}

static void
text_responder(struct outline *ol, const struct ev_responder *e)
{
	struct sbuf *sb = &ol->sb;

	sb_puts(sb, "\n");
	ol_prefix(ol);
	sb_puts(sb, e->from);
	text_group(sb, e->group, e->several);
	text_name(sb, e->name, e->namelen);
	sb_printf(sb, ": %llu/%llu answered, %.1f%% loss, %.1f%% since first, "
	    "%llu dup, %llu reordered", (unsigned long long)e->answered,
	    (unsigned long long)e->sent, e->loss_pct, e->loss_since_pct,
	    (unsigned long long)e->dups, (unsigned long long)e->reordered);
	if (e->old != 0)
		sb_printf(sb, ", %llu old", (unsigned long long)e->old);
	if (e->plain != 0)
		sb_printf(sb, ", %llu plain", (unsigned long long)e->plain);
	if (e->withheld != 0)
		sb_printf(sb, ", %llu withheld", (unsigned long long)e->withheld);
	if (e->hops >= 0)
		sb_printf(sb, ", hops=%d", e->hops);
	text_rtt(sb, e->rtt, e->hist);
}

void
render_responder(struct outline *ol, const struct ev_responder *e, size_t i)
{
	if (ol->json)
		json_responder(&ol->sb, e, i);
	else
		text_responder(ol, e);
}
