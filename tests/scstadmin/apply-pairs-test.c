// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply-pairs-test.c - property test of libscstcfg's apply on scstfs: for
 * random pairs (A, B) of realisable configurations (live-gen.h),
 *   1. fresh mount, apply A, apply B, read the state S1;
 *   2. fresh mount, apply B, read the state S2;
 *   3. S1 == S2, modulo the kernel's never-reused counters
 *      (live_normalise(): copy-manager LUN numbers, automatic rel_tgt_id;
 *      tids and export numbers are not part of the model);
 *   4. the writes of A -> B (scstfs writes-total) are at most the number
 *      of objects and attributes A and B differ in (live_diff_count(),
 *      computed from the two models only);
 *   5. re-applying B after B makes zero writes.
 *
 * APPLY_PAIRS_SEED (default 1) and APPLY_PAIRS_N (default 30) choose the
 * pairs; the seed of each pair is printed, so a failure is reproduced
 * with APPLY_PAIRS_SEED=<seed> APPLY_PAIRS_N=1.
 *
 * Exits 77 when scstfs is not built, /dev/fuse is missing or we are not
 * root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "live-gen.h"
#include "sfs-harness.h"

static void dump(const char *what, const struct scstcfg_model *md)
{
	char *t = sfs_print(md);

	/* not print_message(): cmocka truncates long messages */
	printf("---- %s ----\n%s", what, t);
	fflush(stdout);
	free(t);
}

/* Mount, apply each model in turn, return the state after the last one. */
static struct scstcfg_state *apply_seq(struct sfs **mp, struct scstcfg_model *const *v,
				       size_t n, long *last_writes)
{
	struct scstcfg_state *st;
	struct sfs *m;
	size_t i;

	assert_int_equal(sfs_mount(&m), 0);
	*mp = m;
	for (i = 0; i < n; i++) {
		assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
		if (sfs_apply(m, v[i], SCSTCFG_PLAN_FORCE, NULL) < 0) {
			dump("failed to apply", v[i]);
			fail_msg("apply %zu: %s", i, m->err);
		}
		*last_writes = sfs_ctl_num(m, "writes-total");
	}
	st = sfs_read(m);
	if (!st)
		fail_msg("%s", m->err);
	return st;
}

static void one_pair(uint64_t seed)
{
	struct scstcfg_model *a, *b;
	struct scstcfg_state *s1, *s2;
	struct sfs *m1, *m2;
	long w_ab, w;
	size_t lb, lb_fresh, n_ops;

	assert_int_equal(live_gen_pair(seed, &a, &b), 0);
	lb = live_diff_count(a, b);
	s1 = apply_seq(&m1, (struct scstcfg_model *[]){ a, b }, 2, &w_ab);
	/* B again: nothing to do, not a single write */
	assert_int_equal(sfs_ctl(m1, NULL, 0, "counters-reset"), 0);
	assert_int_equal(sfs_apply(m1, b, SCSTCFG_PLAN_FORCE, &n_ops), 0);
	w = sfs_ctl_num(m1, "writes-total");
	if (n_ops || w) {
		dump("B", b);
		fail_msg("seed %llu: re-applying B: %zu operations, %ld writes",
			 (unsigned long long)seed, n_ops, w);
	}
	sfs_unmount(m1);
	/* B on a fresh kernel: at most the differences from what it holds */
	assert_int_equal(sfs_mount(&m2), 0);
	s2 = sfs_read(m2);
	assert_non_null(s2);
	live_normalise(scstcfg_state_get_model(s2), b);
	lb_fresh = live_diff_count(scstcfg_state_get_model(s2), b);
	scstcfg_state_free(s2);
	sfs_unmount(m2);
	s2 = apply_seq(&m2, &b, 1, &w);
	sfs_unmount(m2);
	if (w > (long)lb_fresh) {
		dump("B", b);
		fail_msg("seed %llu: fresh -> B took %ld writes, more than the %zu differences",
			 (unsigned long long)seed, w, lb_fresh);
	}
	live_normalise(scstcfg_state_get_model(s1), b);
	live_normalise(scstcfg_state_get_model(s2), b);
	if (!scstcfg_model_equal(scstcfg_state_get_model(s1), scstcfg_state_get_model(s2))) {
		dump("A", a);
		dump("B", b);
		dump("S1 (A then B)", scstcfg_state_get_model(s1));
		dump("S2 (B)", scstcfg_state_get_model(s2));
		fail_msg("seed %llu: A then B differs from B alone", (unsigned long long)seed);
	}
	if (w_ab > (long)lb) {
		dump("A", a);
		dump("B", b);
		fail_msg("seed %llu: A -> B took %ld writes, more than the %zu differences",
			 (unsigned long long)seed, w_ab, lb);
	}
	print_message("seed %llu: A -> B %ld writes, %zu differences; fresh -> B %ld writes, %zu differences\n",
		      (unsigned long long)seed, w_ab, lb, w, lb_fresh);
	scstcfg_state_free(s1);
	scstcfg_state_free(s2);
	scstcfg_model_free(a);
	scstcfg_model_free(b);
}

static void test_random_pairs(void **state)
{
	const char *es = getenv("APPLY_PAIRS_SEED"), *en = getenv("APPLY_PAIRS_N");
	uint64_t seed = es ? strtoull(es, NULL, 0) : 1;
	unsigned long n = en ? strtoul(en, NULL, 0) : 30, i;

	(void)state;
	print_message("APPLY_PAIRS_SEED=%llu APPLY_PAIRS_N=%lu\n", (unsigned long long)seed, n);
	for (i = 0; i < n; i++)
		one_pair(seed + i);
}

/* The lower bound itself, on pairs with known answers. */
static void test_diff_count(void **state)
{
	static const char a_text[] =
		"HANDLER vdisk_nullio {\n DEVICE d0\n DEVICE d1 {\n  prod_id P\n }\n}\n"
		"TARGET_DRIVER iscsi {\n enabled 1\n TARGET t1 {\n  enabled 1\n"
		"  IncomingUser \"u1 12charsecret1\"\n  LUN 0 d0\n  LUN 1 d1\n }\n}\n";
	static const char b_text[] =
		/* d0 recreated (read_only), d1 prod_id changed */
		"HANDLER vdisk_nullio {\n DEVICE d0 {\n  read_only 1\n }\n"
		" DEVICE d1 {\n  prod_id Q\n }\n}\n"
		/* user secret changed (del + add), LUN 1 -> d0 (replace) */
		"TARGET_DRIVER iscsi {\n enabled 1\n TARGET t1 {\n  enabled 1\n"
		"  IncomingUser \"u1 12charsecret2\"\n  LUN 0 d0\n  LUN 1 d0\n }\n"
		" TARGET t2 {\n  enabled 0\n }\n}\n";
	struct scstcfg_model *a = sfs_parse(a_text), *b = sfs_parse(b_text), *e = sfs_parse("");

	(void)state;
	/* d0: 2, prod_id: 1, user: 2, LUN 0 (device remade): 2, LUN 1: 2, t2: 1 */
	assert_int_equal(live_diff_count(a, b), 10);
	assert_int_equal(live_diff_count(a, a), 0);
	/* from empty: 2 devices + prod_id, driver enabled, t1 + enabled + user + 2 LUNs */
	assert_int_equal(live_diff_count(e, a), 9);
	scstcfg_model_free(a);
	scstcfg_model_free(b);
	scstcfg_model_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_count),
		cmocka_unit_test(test_random_pairs),
	};

	if (sfs_skip())
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
