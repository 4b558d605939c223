/*
 * streamfmt.c: stream mode's text and JSON renderers (see streamfmt.h).
 */
#include <stdio.h>

#include "clock.h"
#include "escape.h"
#include "output.h"
#include "streamfmt.h"

char *
fmt_rate(double bps, char *buf, size_t len)
{
	static const char *const unit[] = { "bit/s", "kbit/s", "Mbit/s",
	    "Gbit/s" };
	size_t u = 0;

	while (bps >= 1000 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		bps /= 1000;
		u++;
	}
	snprintf(buf, len, "%.*f %s", u == 0 ? 0 : 1, bps, unit[u]);
	return buf;
}

static void
json_ms(struct sbuf *sb, const char *key, int64_t ns, int valid)
{
	char ms[32];

	if (valid)
		sb_printf(sb, ",\"%s\":%s", key, fmt_ms(ns, ms, sizeof(ms)));
	else
		sb_printf(sb, ",\"%s\":null", key);
}

void
sb_json_hist(struct sbuf *sb, const char *key, const struct hist *h)
{
	const char *sep = "";
	size_t b;

	sb_printf(sb, ",\"%s\":[", key);
	for (b = 0; h != NULL && b < HIST_BUCKETS; b++) {
		if (h->c[b] == 0)
			continue;
		sb_printf(sb, "%s[%lld,%llu]", sep, (long long)hist_lower(b),
		    (unsigned long long)h->c[b]);
		sep = ",";
	}
	sb_puts(sb, "]");
}

static void
json_figures(struct sbuf *sb, const struct ev_stream *e)
{
	const struct stream_report *r = e->r;
	int synced = (r->flags & STREAM_F_SYNCED) != 0;

	sb_printf(sb, ",\"received\":%llu,\"lost\":%llu,\"loss_pct\":%.4f,"
	    "\"dups\":%llu,\"reordered\":%llu,\"bytes\":%llu,\"first_seq\":%lu,"
	    "\"end_seen\":%s,\"synced\":%s", (unsigned long long)r->received,
	    (unsigned long long)r->lost, stream_loss_pct(r),
	    (unsigned long long)r->dups, (unsigned long long)r->reordered,
	    (unsigned long long)r->bytes, (unsigned long)r->first,
	    json_bool((r->flags & STREAM_F_END) != 0), json_bool(synced));
	json_ms(sb, "jitter_ms", r->jitter, 1);
	json_ms(sb, "delay_min_ms", r->dmin, r->received > 0);
	json_ms(sb, "delay_max_ms", r->dmax, r->received > 0);
	json_ms(sb, "delay_spread_ms", r->dmax - r->dmin, r->received > 0);
	json_ms(sb, "delay_p50_ms", r->p50, synced && r->received > 0);
	json_ms(sb, "delay_p90_ms", r->p90, synced && r->received > 0);
	json_ms(sb, "delay_p99_ms", r->p99, synced && r->received > 0);
	sb_printf(sb, ",\"rate_pps\":%.1f,\"rate_bps\":%.0f,\"drops\":%lu",
	    e->pps, e->bps, (unsigned long)r->drops);
}

static void
text_delay(struct sbuf *sb, const struct stream_report *r)
{
	char a[24], b[24], c[24], d[24], f[24];

	if (r->received == 0)
		return;
	if (!(r->flags & STREAM_F_SYNCED)) {
		sb_printf(sb, ", delay spread %s ms (clocks disagree)",
		    fmt_ms(r->dmax - r->dmin, a, sizeof(a)));
		return;
	}
	sb_printf(sb, ", delay min/p50/p90/p99/max %s/%s/%s/%s/%s ms",
	    fmt_ms(r->dmin, a, sizeof(a)), fmt_ms(r->p50, b, sizeof(b)),
	    fmt_ms(r->p90, c, sizeof(c)), fmt_ms(r->p99, d, sizeof(d)),
	    fmt_ms(r->dmax, f, sizeof(f)));
}

static void
text_figures(struct sbuf *sb, const struct ev_stream *e)
{
	const struct stream_report *r = e->r;
	char j[24], bps[32];

	sb_printf(sb, "%llu received, %llu lost (%.2f%%), %llu dups, "
	    "%llu reordered, jitter %s ms", (unsigned long long)r->received,
	    (unsigned long long)r->lost, stream_loss_pct(r),
	    (unsigned long long)r->dups, (unsigned long long)r->reordered,
	    fmt_ms(r->jitter, j, sizeof(j)));
	text_delay(sb, r);
	sb_printf(sb, ", %.0f pps %s", e->pps, fmt_rate(e->bps, bps,
	    sizeof(bps)));
	if (r->drops != 0)
		sb_printf(sb, ", %lu kernel drops", (unsigned long)r->drops);
}

/* Who: ' name="..."' and the group, in text. */
static void
text_who(struct sbuf *sb, const struct ev_stream *e)
{
	sb_puts(sb, e->peer);
	if (e->several && e->group != NULL)
		sb_printf(sb, " group=%s", e->group);
	if (e->name != NULL) {
		sb_puts(sb, " name=\"");
		sb_escape(sb, e->name, e->namelen, ESC_QUOTE);
		sb_puts(sb, "\"");
	}
}

/* '"from":...,"group":...,"name":...' in JSON. */
static void
json_who(struct sbuf *sb, const struct ev_stream *e)
{
	sb_puts(sb, "\"from\":");
	sb_json_cstr(sb, e->peer);
	sb_puts(sb, ",\"group\":");
	if (e->group != NULL)
		sb_json_cstr(sb, e->group);
	else
		sb_puts(sb, "null");
	sb_puts(sb, ",\"name\":");
	sb_json_str_or_null(sb, e->name, e->namelen);
}

void
render_report(struct outline *ol, const struct ev_stream *e)
{
	ol_start(ol, "report");
	if (ol->json) {
		sb_puts(&ol->sb, ",");
		json_who(&ol->sb, e);
		sb_printf(&ol->sb, ",\"final\":%s,\"hops\":", json_bool(e->final));
		sb_json_int_or_null(&ol->sb, e->hops);
		json_figures(&ol->sb, e);
	} else {
		sb_puts(&ol->sb, "report from ");
		text_who(&ol->sb, e);
		sb_puts(&ol->sb, ": ");
		text_figures(&ol->sb, e);
		if (e->hops >= 0)
			sb_printf(&ol->sb, ", hops=%d", e->hops);
		if (e->final)
			sb_puts(&ol->sb, ", final");
	}
	ol_end(ol, ol->f);
}

/* The receiver's line: an interval, or the stream's end. */
static void
render_rx(struct outline *ol, const struct ev_stream *e, const char *event)
{
	ol_start(ol, event);
	if (ol->json) {
		sb_puts(&ol->sb, ",");
		json_who(&ol->sb, e);
		sb_printf(&ol->sb, ",\"session\":%lu,\"start_s\":%.3f,"
		    "\"end_s\":%.3f,\"host_drops\":", (unsigned long)e->session,
		    e->from_s, e->to_s);
		sb_json_int_or_null(&ol->sb, e->host_drops);
		sb_puts(&ol->sb, ",\"reassembly_failures\":");
		sb_json_int_or_null(&ol->sb, e->reasm_fails);
		json_figures(&ol->sb, e);
		if (e->delay != NULL)
			sb_json_hist(&ol->sb, "delay_hist", e->delay);
	} else {
		sb_printf(&ol->sb, "%s %.1f-%.1f s from ", event, e->from_s,
		    e->to_s);
		text_who(&ol->sb, e);
		sb_printf(&ol->sb, " session %lu: ", (unsigned long)e->session);
		text_figures(&ol->sb, e);
		if (e->host_drops > 0)
			sb_printf(&ol->sb, ", host: %lld kernel drops",
			    e->host_drops);
		if (e->reasm_fails > 0)
			sb_printf(&ol->sb, ", host: %lld reassembly failures",
			    e->reasm_fails);
	}
	ol_end(ol, ol->f);
}

void
render_interval(struct outline *ol, const struct ev_stream *e)
{
	render_rx(ol, e, "interval");
}

void
render_stream_end(struct outline *ol, const struct ev_stream *e)
{
	render_rx(ol, e, "stream");
}

void
render_stream_head(struct outline *ol, const struct ev_stream_head *h)
{
	ol_start(ol, "summary");
	if (ol->json) {
		sb_printf(&ol->sb, ",\"final\":%s,\"reason\":\"%s\",\"mode\":"
		    "\"stream\",\"group\":", json_bool(h->final), h->reason);
		sb_json_cstr(&ol->sb, h->title);
		sb_printf(&ol->sb, ",\"sent\":%llu,\"skipped\":%llu,\"size\":%zu,"
		    "\"rate\":%llu,\"seconds\":%.3f,\"ignored\":%llu,"
		    "\"untracked\":%llu,\"responders\":[",
		    (unsigned long long)h->sent, (unsigned long long)h->skipped,
		    h->size, (unsigned long long)h->rate, h->seconds,
		    (unsigned long long)h->ignored,
		    (unsigned long long)h->untracked);
		return;
	}
	sb_printf(&ol->sb, "--- %s stream statistics ---\n", h->title);
	ol_prefix(ol);
	sb_printf(&ol->sb, "%llu datagrams of %zu bytes sent at %llu/s in "
	    "%.3f s", (unsigned long long)h->sent, h->size,
	    (unsigned long long)h->rate, h->seconds);
	if (h->skipped != 0)
		sb_printf(&ol->sb, ", %llu skipped",
		    (unsigned long long)h->skipped);
	sb_printf(&ol->sb, ", %zu receivers reported", h->receivers);
	if (h->ignored != 0)
		sb_printf(&ol->sb, ", %llu ignored",
		    (unsigned long long)h->ignored);
	if (h->untracked != 0)
		sb_printf(&ol->sb, ", receiver table full (%d): %llu reports "
		    "from more receivers not counted", h->max_receivers,
		    (unsigned long long)h->untracked);
}

void
render_stream_row(struct outline *ol, const struct ev_stream *e, size_t i)
{
	struct sbuf *sb = &ol->sb;

	if (ol->json) {
		sb_puts(sb, i > 0 ? ",{" : "{");
		json_who(sb, e);
		sb_printf(sb, ",\"final\":%s,\"hops\":", json_bool(e->final));
		sb_json_int_or_null(sb, e->hops);
		json_figures(sb, e);
		sb_puts(sb, "}");
		return;
	}
	sb_puts(sb, "\n");
	ol_prefix(ol);
	text_who(sb, e);
	sb_puts(sb, ": ");
	text_figures(sb, e);
	if (e->hops >= 0)
		sb_printf(sb, ", hops=%d", e->hops);
	sb_puts(sb, e->final ? "" : ", no final report");
}
