/*
 * table.h: a table of entries that grows with what arrives, found by a
 * keyed hash: the sender's responders, the receiver's senders.  Each entry
 * is allocated when it first arrives (zeroed, of the size the caller
 * asks), so memory grows only with the peers really seen; the entries
 * keep the order they came in, for the summaries.  Pure but for the key
 * table_init draws.
 *
 * Lookups are open addressing with linear probing over a slot array that
 * doubles to stay at most half full, by SipHash-2-4 with a random key, so
 * that which keys collide cannot be worked out from outside: the cost of
 * a lookup stays a few probes whatever the sources are.  A table holds at
 * most max entries (at most TABLE_MAX); past that table_new refuses, and
 * the caller counts what it could not place.
 */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>
#include <stdint.h>

#define TABLE_MAX	(1u << 24)

struct table_slot {
	uint32_t item;			/* index + 1 into item[]; 0: empty */
	uint32_t hash;			/* low bits of the key's hash */
};

struct table {
	void **item;			/* the entries, in the order they came */
	size_t n, room;			/* entries; room in item[] */
	struct table_slot *slot;
	size_t nslot;			/* 0, or a power of two >= 2 * n */
	size_t max;			/* entries at most */
	uint64_t key[2];		/* of the hash; table_init draws it */
};

/*
 * table_init: an empty table of at most max entries (<= TABLE_MAX) and a
 * random key.  Returns 0, or -1 with errno when no random key could be
 * had; the table still works, but its collisions can be worked out.
 */
int	 table_init(struct table *t, size_t max);

/* siphash24: SipHash-2-4 of the len bytes at p under the 128-bit key. */
uint64_t siphash24(const uint64_t key[2], const void *p, size_t len);
/* table_hash: siphash24 of the len bytes at p under t's key. */
uint64_t table_hash(const struct table *t, const void *p, size_t len);

/*
 * table_find: the entry whose hash is h and for which same(entry, key)
 * says 1; NULL when there is none.
 */
void	*table_find(const struct table *t, uint64_t h,
	    int (*same)(const void *entry, const void *key), const void *key);

/*
 * table_new: a new zeroed entry of size bytes, with hash h, placed last
 * (the caller fills in its key, and has looked it up first).  Returns it,
 * or NULL with errno ENOSPC when the table holds max entries already,
 * ENOMEM when memory ran out.
 */
void	*table_new(struct table *t, uint64_t h, size_t size);

/* table_free: free every entry and the table's arrays; t is empty again. */
void	 table_free(struct table *t);

#endif /* TABLE_H */
