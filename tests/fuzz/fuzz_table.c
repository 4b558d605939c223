/*
 * fuzz_table.c: the responder table (src/table.c) driven as mcast-send
 * drives it, with acks matched to probes and counted by seqtrack.
 *
 * The input is a stream of operations of three bytes: op, a, b.
 *   op % 4 == 0: a probe is sent (sent grows by one).
 *   otherwise:   an ack from responder key (a % 64, its "address", and
 *                b % 4, its "name"), for seq sent - 1 - b (op % 4 == 1),
 *                for seq b (2) or for seq a << 8 | b (3).  As mcast-send
 *                matches, an ack for a seq not yet sent is ignored; one
 *                from a new responder when the table holds MAXR is
 *                untracked.
 * The table holds at most MAXR (37) of the 256 keys, so both its growth and
 * its cap are reached.  A plain array, looked up linearly, is the reference.
 *
 * After every operation: the table holds exactly the reference's
 * responders, in the order they came, each found by its key; n <= MAXR;
 * every ack is counted exactly once (acks + ignored + untracked); and for
 * every responder answered <= sent and no counter above its total.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stats.h"
#include "table.h"
#include "fuzz.h"

#define MAXR	37
#define NKEYS	256

struct resp {
	uint8_t addr, name;		/* the key */
	struct seqtrack seq;
};

struct rkey {
	uint8_t addr, name;
};

static int
same(const void *entry, const void *key)
{
	const struct resp *r = entry;
	const struct rkey *k = key;

	return r->addr == k->addr && r->name == k->name;
}

static void
check_all(const struct table *t, const int *order, size_t nref,
    uint64_t sent)
{
	size_t i;

	CHECK(t->n == nref && t->n <= MAXR && t->nslot >= 2 * t->n);
	for (i = 0; i < t->n; i++) {
		const struct resp *r = t->item[i];
		const struct seqtrack *q = &r->seq;
		struct rkey k = { r->addr, r->name };

		CHECK(order[i] == (r->addr << 2 | r->name));
		CHECK(table_find(t, table_hash(t, &k, sizeof(k)), same, &k) ==
		    r);
		CHECK(q->distinct <= sent);
		CHECK(q->total == q->distinct + q->dups + q->old);
		CHECK(q->dups <= q->total && q->old <= q->total &&
		    q->reordered <= q->distinct);
	}
}

/* One ack: the responder found or made, then its seq counted. */
static void
ack(struct table *t, int *order, size_t *nref, uint64_t sent, struct rkey k,
    uint32_t seq, uint64_t c[3])
{
	uint64_t h = table_hash(t, &k, sizeof(k));
	struct resp *r;
	size_t i;

	if (seq >= sent) {
		c[1]++;				/* ignored: matched no probe */
		return;
	}
	for (i = 0; i < *nref && order[i] != (k.addr << 2 | k.name); i++)
		;
	r = table_find(t, h, same, &k);
	CHECK((r != NULL) == (i < *nref));
	if (r == NULL && (r = table_new(t, h, sizeof(*r))) == NULL) {
		CHECK(*nref == MAXR);
		c[2]++;				/* untracked */
		return;
	}
	if (i == *nref) {
		r->addr = k.addr;
		r->name = k.name;
		order[(*nref)++] = k.addr << 2 | k.name;
	}
	(void)seq_add(&r->seq, seq);
	c[0]++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t key[2] = { 1, 2 };
	struct table t;
	int order[NKEYS];
	size_t nref = 0, i, total = 0;
	uint64_t sent = 0, c[3] = { 0, 0, 0 };

	table_init(&t, MAXR);
	memcpy(t.key, key, sizeof(key));	/* the same run for one input */
	for (i = 0; i + 3 <= size; i += 3) {
		uint8_t op = data[i], a = data[i + 1], b = data[i + 2];
		struct rkey k = { (uint8_t)(a % 64), (uint8_t)(b % 4) };
		uint32_t seq = op % 4 == 1 ? (uint32_t)(sent - 1 - b) :
		    op % 4 == 2 ? b : (uint32_t)(a << 8 | b);

		if (op % 4 == 0) {
			sent++;
			continue;
		}
		total++;
		ack(&t, order, &nref, sent, k, seq, c);
		CHECK(c[0] + c[1] + c[2] == total);
		check_all(&t, order, nref, sent);
	}
	table_free(&t);
	return 0;
}
