/*
 * table.c: entries found by a keyed hash (see table.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table.h"

int
table_init(struct table *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max < TABLE_MAX ? max : TABLE_MAX;
	return getentropy(t->key, sizeof(t->key));
}

static uint64_t
rotl(uint64_t x, int b)
{
	return x << b | x >> (64 - b);
}

/* SipHash's compression rounds, c of them, over the state v. */
static void
sip_rounds(uint64_t v[4], int c)
{
	while (c-- > 0) {
		v[0] += v[1];
		v[1] = rotl(v[1], 13) ^ v[0];
		v[0] = rotl(v[0], 32);
		v[2] += v[3];
		v[3] = rotl(v[3], 16) ^ v[2];
		v[0] += v[3];
		v[3] = rotl(v[3], 21) ^ v[0];
		v[2] += v[1];
		v[1] = rotl(v[1], 17) ^ v[2];
		v[2] = rotl(v[2], 32);
	}
}

static void
sip_block(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sip_rounds(v, 2);
	v[0] ^= m;
}

/* The reference algorithm: 8-byte little-endian blocks, then the rest. */
uint64_t
siphash24(const uint64_t key[2], const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t v[4], m;
	size_t i, j;

	v[0] = key[0] ^ 0x736f6d6570736575ULL;
	v[1] = key[1] ^ 0x646f72616e646f6dULL;
	v[2] = key[0] ^ 0x6c7967656e657261ULL;
	v[3] = key[1] ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)b[i + j] << (8 * j);
		sip_block(v, m);
	}
	for (m = (uint64_t)len << 56, j = 0; i + j < len; j++)
		m |= (uint64_t)b[i + j] << (8 * j);
	sip_block(v, m);
	v[2] ^= 0xff;
	sip_rounds(v, 4);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t
table_hash(const struct table *t, const void *p, size_t len)
{
	return siphash24(t->key, p, len);
}

void *
table_find(const struct table *t, uint64_t h,
    int (*same)(const void *entry, const void *key), const void *key)
{
	size_t mask = t->nslot - 1, i;
	const struct table_slot *s;

	if (t->nslot == 0)
		return NULL;
	/* Never full (at most half), so an empty slot ends every search. */
	for (i = (size_t)h & mask;; i = (i + 1) & mask) {
		s = &t->slot[i];
		if (s->item == 0)
			return NULL;
		if (s->hash == (uint32_t)h && same(t->item[s->item - 1], key))
			return t->item[s->item - 1];
	}
}

/* Put entry number item (from 1) with hash h in the first empty slot. */
static void
place(struct table_slot *slot, size_t nslot, uint32_t item, uint32_t h)
{
	size_t mask = nslot - 1, i;

	for (i = h & mask; slot[i].item != 0; i = (i + 1) & mask)
		;
	slot[i].item = item;
	slot[i].hash = h;
}

/* Room for one more entry: item[] and the slots doubled as needed. */
static int
grow(struct table *t)
{
	struct table_slot *slot;
	size_t n, i;
	void **item;

	if (t->n == t->room) {
		n = t->room != 0 ? t->room * 2 : 16;
		if ((item = realloc(t->item, n * sizeof(*item))) == NULL)
			return -1;
		t->item = item;
		t->room = n;
	}
	if (2 * (t->n + 1) <= t->nslot)
		return 0;
	n = t->nslot != 0 ? t->nslot * 2 : 32;
	if ((slot = calloc(n, sizeof(*slot))) == NULL)
		return -1;
	for (i = 0; i < t->nslot; i++)
		if (t->slot[i].item != 0)
			place(slot, n, t->slot[i].item, t->slot[i].hash);
	free(t->slot);
	t->slot = slot;
	t->nslot = n;
	return 0;
}

void *
table_new(struct table *t, uint64_t h, size_t size)
{
	void *e;

	if (t->n >= t->max) {
		errno = ENOSPC;
		return NULL;
	}
	if (grow(t) == -1 || (e = calloc(1, size)) == NULL)
		return NULL;
	t->item[t->n++] = e;
	place(t->slot, t->nslot, (uint32_t)t->n, (uint32_t)h);
	return e;
}

void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->item[i]);
	free(t->item);
	free(t->slot);
	t->item = NULL;
	t->slot = NULL;
	t->n = t->room = t->nslot = 0;
}
