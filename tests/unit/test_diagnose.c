/*
 * test_diagnose.c: advise() names exactly the causes that apply.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "diagnose.h"

static struct facts
quiet_host(void)
{
	struct facts f;

	memset(&f, 0, sizeof(f));
	f.family = AF_INET;
	f.ttl = 8;
	f.loop = 1;
	f.iface_given = 0;
	strcpy(f.chosen, "eth0");
	f.rp_filter = 0;
	f.mroute = 1;
	return f;
}

static void
test_nothing_applies(void **state)
{
	struct facts f = quiet_host();
	struct sbuf b = { 0 };

	(void)state;
	assert_int_equal(advise(&f, &b), 0);
	assert_true(b.len == 0);
	sb_free(&b);
}

static void
test_each_cause(void **state)
{
	struct facts f;
	struct sbuf b = { 0 };

	(void)state;
	f = quiet_host();
	f.ttl = 1;
	assert_int_equal(advise(&f, &b), 1);
	assert_non_null(strstr(b.p, "TTL 1: probes stop at the first router"));

	/* TTL 1 does not matter for a group that never leaves the link. */
	sb_reset(&b);
	f.link_scope = 1;
	assert_int_equal(advise(&f, &b), 0);

	sb_reset(&b);
	f = quiet_host();
	strcpy(f.others[0], "eth1");
	strcpy(f.others[1], "wlan0");
	f.nothers = 2;
	assert_int_equal(advise(&f, &b), 1);
	assert_string_equal(b.p, "  - the kernel chose eth0; also up and "
	    "multicast-capable: eth1 wlan0 (choose with --interface)\n");

	/* With -I the user chose: no word about other interfaces. */
	sb_reset(&b);
	f.iface_given = 1;
	assert_int_equal(advise(&f, &b), 0);

	sb_reset(&b);
	f = quiet_host();
	f.rp_filter = 1;
	assert_int_equal(advise(&f, &b), 1);
	assert_non_null(strstr(b.p, "rp_filter is strict on eth0"));
	sb_reset(&b);
	f.rp_filter = 2;		/* loose mode lets acks in */
	assert_int_equal(advise(&f, &b), 0);

	sb_reset(&b);
	f = quiet_host();
	f.mroute = 0;
	assert_int_equal(advise(&f, &b), 1);
	assert_non_null(strstr(b.p, "no route for 224.0.0.0/4"));
	sb_reset(&b);
	f.mroute = -1;			/* unknown: say nothing */
	assert_int_equal(advise(&f, &b), 0);

	sb_reset(&b);
	f = quiet_host();
	f.loop = 0;
	assert_int_equal(advise(&f, &b), 1);
	assert_non_null(strstr(b.p, "--no-loop"));
	sb_free(&b);
}

/* Forged or stale acks: the path works; only that is said. */
static void
test_ignored(void **state)
{
	struct facts f = quiet_host();
	struct sbuf b = { 0 };

	(void)state;
	f.ttl = 1;
	f.loop = 0;
	f.ignored = 9;
	assert_int_equal(advise(&f, &b), 1);
	assert_string_equal(b.p, "  - 9 acks came back but matched no probe "
	    "of this run (session, seq or stamp differ): ignored\n");
	sb_free(&b);
}

static void
test_all_at_once(void **state)
{
	struct facts f = quiet_host();
	struct sbuf b = { 0 };

	(void)state;
	f.ttl = 0;
	f.loop = 0;
	f.rp_filter = 1;
	f.mroute = 0;
	strcpy(f.others[0], "eth1");
	f.nothers = 1;
	assert_int_equal(advise(&f, &b), 5);
	sb_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_applies),
		cmocka_unit_test(test_each_cause),
		cmocka_unit_test(test_ignored),
		cmocka_unit_test(test_all_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
