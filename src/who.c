/*
 * who.c: finding the sender's entries by who answered (see who.h).
 */
#include <string.h>

#include "addr.h"
#include "who.h"

static int
same_who(const void *entry, const void *key)
{
	const struct who *w = entry;
	const struct who_key *k = key;

	return w->group == k->group && w->namelen == k->namelen &&
	    memcmp(&w->addr, k->addr, addr_len((const void *)k->addr)) == 0 &&
	    memcmp(w->name, k->name, k->namelen) == 0;
}

void *
who_find(struct table *t, const struct who_key *k, size_t size)
{
	unsigned char b[sizeof(long) + sizeof(*k->addr) + PROBE_NAMEMAX];
	size_t alen = addr_len((const void *)k->addr);
	struct who *w;
	uint64_t h;

	memcpy(b, &k->group, sizeof(long));
	memcpy(b + sizeof(long), k->addr, alen);
	memcpy(b + sizeof(long) + alen, k->name, k->namelen);
	h = table_hash(t, b, sizeof(long) + alen + k->namelen);
	if ((w = table_find(t, h, same_who, k)) != NULL)
		return w;
	if ((w = table_new(t, h, size)) == NULL)
		return NULL;
	memcpy(&w->addr, k->addr, sizeof(w->addr));
	memcpy(w->name, k->name, k->namelen);
	w->namelen = k->namelen;
	w->group = k->group;
	w->hops = -1;
	return w;
}

int
who_hops(struct who *w, int sent, int got)
{
	int hops = got >= 0 && got <= sent ? sent - got : -1;

	if (hops >= 0 && (w->hops < 0 || hops < w->hops))
		w->hops = hops;
	return hops;
}
