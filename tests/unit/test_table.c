/*
 * test_table.c: cmocka tests for the hashed table (src/table.c): the hash
 * against SipHash-2-4's published test vectors, lookups through growth,
 * colliding hashes, the cap, and the order entries keep.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "table.h"

struct ent {
	uint32_t k;
	int v;
};

static int
same(const void *e, const void *key)
{
	return ((const struct ent *)e)->k == *(const uint32_t *)key;
}

static struct ent *
add(struct table *t, uint64_t h, uint32_t k)
{
	struct ent *e = table_new(t, h, sizeof(*e));

	assert_non_null(e);
	assert_int_equal(e->v, 0);		/* zeroed */
	e->k = k;
	return e;
}

/* The paper's vectors: key 00..0f, messages 00..(len-1). */
static void
hash_vectors(void **state)
{
	struct table t;
	unsigned char m[16];
	size_t i;

	(void)state;
	table_init(&t, 1);
	t.key[0] = 0x0706050403020100ULL;
	t.key[1] = 0x0f0e0d0c0b0a0908ULL;
	for (i = 0; i < sizeof(m); i++)
		m[i] = (unsigned char)i;
	assert_true(table_hash(&t, m, 0) == 0x726fdb47dd0e0e31ULL);
	assert_true(table_hash(&t, m, 1) == 0x74f839c593dc67fdULL);
	assert_true(table_hash(&t, m, 7) == 0xab0200f58b01d137ULL);
	assert_true(table_hash(&t, m, 8) == 0x93f5f5799a932462ULL);
	assert_true(table_hash(&t, m, 15) == 0xa129ca6149be45e5ULL);
	assert_true(table_hash(&t, m, 16) == 0x3f2acc7f57c29bdbULL);
}

/* Two tables draw different keys: collisions cannot be known ahead. */
static void
hash_keyed(void **state)
{
	struct table a, b;
	uint32_t k = 42;

	(void)state;
	assert_int_equal(table_init(&a, 1), 0);
	assert_int_equal(table_init(&b, 1), 0);
	assert_true(table_hash(&a, &k, sizeof(k)) !=
	    table_hash(&b, &k, sizeof(k)));
}

static void
empty(void **state)
{
	struct table t;
	uint32_t k = 1;

	(void)state;
	table_init(&t, 10);
	assert_null(table_find(&t, 7, same, &k));
	assert_int_equal(t.n, 0);
	table_free(&t);
}

/* 100000 entries through every doubling: each found, in arrival order. */
static void
grow_and_find(void **state)
{
	struct table t;
	uint32_t k, miss;
	struct ent *e;

	(void)state;
	table_init(&t, 200000);
	for (k = 0; k < 100000; k++) {
		add(&t, table_hash(&t, &k, sizeof(k)), k)->v = (int)k + 1;
		assert_true(t.nslot >= 2 * t.n);
	}
	assert_int_equal(t.n, 100000);
	for (k = 0; k < 100000; k++) {
		e = table_find(&t, table_hash(&t, &k, sizeof(k)), same, &k);
		assert_non_null(e);
		assert_int_equal(e->v, (int)k + 1);
		assert_ptr_equal(t.item[k], e);
	}
	miss = 100000;
	assert_null(table_find(&t, table_hash(&t, &miss, sizeof(miss)), same,
	    &miss));
	table_free(&t);
	assert_int_equal(t.n, 0);
	assert_null(t.item);
}

/* Every entry with one hash: told apart by same(), none lost in growth. */
static void
all_collide(void **state)
{
	struct table t;
	uint32_t k;
	struct ent *e;

	(void)state;
	table_init(&t, 1000);
	for (k = 0; k < 500; k++)
		add(&t, 12345, k);
	for (k = 0; k < 500; k++) {
		e = table_find(&t, 12345, same, &k);
		assert_non_null(e);
		assert_int_equal(e->k, k);
	}
	k = 500;
	assert_null(table_find(&t, 12345, same, &k));
	table_free(&t);
}

/* Hashes alike in their low bits (one home slot), unlike above them. */
static void
same_home(void **state)
{
	struct table t;
	uint32_t k;

	(void)state;
	table_init(&t, 1000);
	for (k = 0; k < 300; k++)
		add(&t, (uint64_t)k << 40 | 5, k);
	for (k = 0; k < 300; k++)
		assert_non_null(table_find(&t, (uint64_t)k << 40 | 5, same,
		    &k));
	table_free(&t);
}

/* At max entries table_new refuses with ENOSPC; the others stay. */
static void
cap(void **state)
{
	struct table t;
	uint32_t k;

	(void)state;
	table_init(&t, 3);
	for (k = 0; k < 3; k++)
		add(&t, k, k);
	errno = 0;
	assert_null(table_new(&t, 99, sizeof(struct ent)));
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(t.n, 3);
	for (k = 0; k < 3; k++)
		assert_non_null(table_find(&t, k, same, &k));
	table_free(&t);
}

static void
cap_limited(void **state)
{
	struct table t;

	(void)state;
	table_init(&t, (size_t)TABLE_MAX * 4);
	assert_int_equal(t.max, TABLE_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_vectors),
		cmocka_unit_test(hash_keyed),
		cmocka_unit_test(empty),
		cmocka_unit_test(grow_and_find),
		cmocka_unit_test(all_collide),
		cmocka_unit_test(same_home),
		cmocka_unit_test(cap),
		cmocka_unit_test(cap_limited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
