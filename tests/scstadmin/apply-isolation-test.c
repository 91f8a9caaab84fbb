// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply-isolation-test.c - what an apply leaves alone, and what it reads:
 *  - session isolation: with an scst_local session and an iSCSI session
 *    (scstfs session-add) open on targets T1, applying changes to other
 *    targets, new targets, an unrelated CHAP user (discovery and target)
 *    and an unrelated LUN makes no write under T1's directory and no mgmt
 *    command that names T1; the sessions survive;
 *  - reads of a no-op re-apply: scstfs counts every show() call, so the
 *    reads per object of a configuration that already matches are exact
 *    (spec scstadmin.md §7 item 62: state read once, no O(n^2)), with
 *    recreation allowed (-force, pyscstadmin: every create-time parameter
 *    is read) and without (Perl scstadmin -config: only what the
 *    configuration names).
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
#include <sys/stat.h>
#include <cmocka.h>

#include "sfs-harness.h"

/*
 * Exact reads of test_noop_reads() with SCSTCFG_PLAN_FORCE
 * (scstcfg_state_read_for()): a nullio device reads its 10 create-time
 * parameters (blocksize, cluster_mode, dummy, numa_node_id, read_only,
 * removable, rotational, size, size_mb, tst; t10_dev_id too) and its
 * prod_id: 12; an iSCSI target enabled, IncomingUser and LUN 0 read_only:
 * 3; an scst_local target its LUN's read_only: 1.  The fixed part:
 * version, the help texts of vdisk_nullio, iscsi, scst_local and LUNs,
 * iscsi enabled.
 */
#define READS_PER_DEVICE 12
#define READS_PER_ISCSI_TGT 3
#define READS_PER_LOCAL_TGT 1
#define READS_FIXED 6
/*
 * The same without recreation (scstcfg_state_read_plan() with flags 0,
 * what "scstadmin -config" does): a device reads only prod_id, which the
 * configuration names (a create-time parameter it does not name cannot
 * lead to a write, read.c needed()); an iSCSI target enabled and
 * IncomingUser (LUN read_only is not named either); an scst_local target
 * nothing (it has no "enabled"; opening a missing file calls no show()).
 */
#define NF_READS_PER_DEVICE 1
#define NF_READS_PER_ISCSI_TGT 2
#define NF_READS_PER_LOCAL_TGT 0
#define NF_READS_FIXED 6

#define T1 "iqn.2025-01.org.example:t1"
#define T2 "iqn.2025-01.org.example:t2"
#define T3 "iqn.2025-01.org.example:t3"

static const char base[] =
	"HANDLER vdisk_nullio {\n"
	"	DEVICE n1\n"
	"	DEVICE n2\n"
	"	DEVICE n3\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	enabled 1\n"
	"	IncomingUser \"disco 12charsecret\"\n"
	"	TARGET " T1 " {\n"
	"		IncomingUser \"alice 12charsecret1\"\n"
	"		enabled 1\n"
	"		LUN 0 n1\n"
	"	}\n"
	"	TARGET " T2 " {\n"
	"		IncomingUser \"bob 12charsecret2\"\n"
	"		enabled 1\n"
	"		LUN 0 n2\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER scst_local {\n"
	"	TARGET L1 {\n"
	"		session_name s1\n"
	"		LUN 0 n1\n"
	"	}\n"
	"	TARGET L2 {\n"
	"		LUN 0 n2\n"
	"	}\n"
	"}\n";

/* base with: discovery user, T2's user and LUNs, L2's LUN, a new target and device */
static const char changed[] =
	"HANDLER vdisk_nullio {\n"
	"	DEVICE n1\n"
	"	DEVICE n2\n"
	"	DEVICE n3\n"
	"	DEVICE n4\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	enabled 1\n"
	"	IncomingUser \"disco2 12charsecret\"\n"
	"	TARGET " T1 " {\n"
	"		IncomingUser \"alice 12charsecret1\"\n"
	"		enabled 1\n"
	"		LUN 0 n1\n"
	"	}\n"
	"	TARGET " T2 " {\n"
	"		IncomingUser \"carol 12charsecret3\"\n"
	"		enabled 1\n"
	"		LUN 0 n3\n"
	"		LUN 1 n4\n"
	"	}\n"
	"	TARGET " T3 " {\n"
	"		enabled 1\n"
	"		LUN 0 n4\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER scst_local {\n"
	"	TARGET L1 {\n"
	"		session_name s1\n"
	"		LUN 0 n1\n"
	"	}\n"
	"	TARGET L2 {\n"
	"		session_name s2\n"
	"		LUN 0 n3\n"
	"	}\n"
	"	TARGET L3 {\n"
	"		LUN 0 n4\n"
	"	}\n"
	"}\n";

struct seen {
	int bad;
	char first[512];
};

/* Any write whose path or command names T1 or L1. */
static void on_write(void *priv, const struct scstcfg_trace_event *ev)
{
	struct seen *s = priv;

	if (strstr(ev->path, T1) || strstr(ev->data, T1) || strstr(ev->path, "/L1/") ||
	    strstr(ev->data, " L1")) {
		if (!s->bad++)
			snprintf(s->first, sizeof(s->first), "%s <- %s", ev->path, ev->data);
	}
}

static bool exists(struct sfs *m, const char *rel)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", m->dir, rel);
	return lstat(p, &st) == 0;
}

static void test_sessions_untouched(void **state)
{
	struct scstcfg_model *a = sfs_parse(base), *b = sfs_parse(changed);
	struct seen seen = { 0 };
	struct sfs *m;
	long w;

	(void)state;
	assert_int_equal(sfs_mount(&m), 0);
	if (sfs_apply(m, a, SCSTCFG_PLAN_FORCE, NULL) < 0)
		fail_msg("%s", m->err);
	assert_int_equal(sfs_ctl(m, NULL, 0, "session-add iscsi " T1 " iqn.1994-05.com.x:h1"),
			 0);
	assert_true(exists(m, "targets/iscsi/" T1 "/sessions/iqn.1994-05.com.x:h1"));
	assert_true(exists(m, "targets/scst_local/L1/sessions/s1"));
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	scstcfg_sysfs_set_trace(m->s, on_write, &seen);
	if (sfs_apply(m, b, SCSTCFG_PLAN_FORCE, NULL) < 0)
		fail_msg("%s", m->err);
	if (seen.bad)
		fail_msg("%d writes concern T1 or L1, first: %s", seen.bad, seen.first);
	assert_int_equal(sfs_counts(m, "targets/iscsi/" T1 "/*", NULL, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(sfs_counts(m, "targets/scst_local/L1/*", NULL, &w), 0);
	assert_int_equal(w, 0);
	assert_true(exists(m, "targets/iscsi/" T1 "/sessions/iqn.1994-05.com.x:h1"));
	assert_true(exists(m, "targets/scst_local/L1/sessions/s1"));
	assert_true(exists(m, "targets/iscsi/" T3));
	assert_true(exists(m, "targets/scst_local/L2/sessions/s2"));
	sfs_unmount(m);
	scstcfg_model_free(a);
	scstcfg_model_free(b);
}

/*
 * A configuration of @n_dev nullio devices, @n_tgt iSCSI targets with one
 * CHAP user and one LUN each, and @n_tgt scst_local targets with a LUN.
 */
static struct scstcfg_model *scaled(unsigned int n_dev, unsigned int n_tgt)
{
	struct scstcfg_model *md;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned int i;

	fprintf(f, "HANDLER vdisk_nullio {\n");
	for (i = 0; i < n_dev; i++)
		fprintf(f, "\tDEVICE d%u {\n\t\tprod_id P%u\n\t}\n", i, i);
	fprintf(f, "}\nTARGET_DRIVER iscsi {\n\tenabled 1\n");
	for (i = 0; i < n_tgt; i++)
		fprintf(f, "\tTARGET iqn.2025-01.org.example:t%u {\n\t\tenabled 1\n"
			   "\t\tIncomingUser \"u%u 12charsecret%u\"\n\t\tLUN 0 d%u\n\t}\n",
			i, i, i, i % n_dev);
	fprintf(f, "}\nTARGET_DRIVER scst_local {\n");
	for (i = 0; i < n_tgt; i++)
		fprintf(f, "\tTARGET l%u {\n\t\tLUN 0 d%u\n\t}\n", i, i % n_dev);
	fprintf(f, "}\n");
	fclose(f);
	md = sfs_parse(text);
	free(text);
	return md;
}

/* Plan with @flags from a scstcfg_state_read_plan() read: the operation count. */
static size_t plan_count(struct sfs *m, const struct scstcfg_model *w, unsigned int flags)
{
	struct scstcfg_state *st;
	struct scstcfg_plan *p;
	size_t n;

	if (scstcfg_state_read_plan(m->s, w, flags, &st) < 0)
		fail_msg("%s", scstcfg_sysfs_last_error(m->s));
	assert_int_equal(scstcfg_plan_new(st, w, flags, &p), 0);
	n = scstcfg_plan_count(p);
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	return n;
}

/*
 * Reads of a no-op re-apply with @n_dev devices and @n_tgt targets per
 * driver, planned with @flags (SCSTCFG_PLAN_FORCE: scstcfg_state_read_for()
 * and a whole apply; else scstcfg_state_read_plan() and the plan only).
 */
static long noop_reads(unsigned int n_dev, unsigned int n_tgt, unsigned int flags)
{
	struct scstcfg_model *w = scaled(n_dev, n_tgt);
	struct sfs *m;
	size_t n_ops;
	long r, wr;

	assert_int_equal(sfs_mount(&m), 0);
	if (sfs_apply(m, w, SCSTCFG_PLAN_FORCE, NULL) < 0)
		fail_msg("%s", m->err);
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	if (flags == SCSTCFG_PLAN_FORCE)
		assert_int_equal(sfs_apply(m, w, flags, &n_ops), 0);
	else
		n_ops = plan_count(m, w, flags);
	assert_int_equal(n_ops, 0);
	assert_int_equal(sfs_counts(m, NULL, &r, &wr), 0);
	assert_int_equal(wr, 0);
	if (getenv("APPLY_SHOW_READS")) {
		static char buf[1 << 20];

		sfs_ctl(m, buf, sizeof(buf), "counters");
		printf("%s", buf);
	}
	sfs_unmount(m);
	scstcfg_model_free(w);
	return r;
}

/*
 * Reads per object of a no-op re-apply.  Exact counts: the difference
 * between two sizes is what each extra device and target costs, the
 * smaller size what the fixed part (root, handlers, drivers, help texts)
 * costs.
 */
static void test_noop_reads(void **state)
{
	long small, big;

	(void)state;
	small = noop_reads(4, 2, SCSTCFG_PLAN_FORCE);
	big = noop_reads(24, 12, SCSTCFG_PLAN_FORCE);
	print_message("no-op re-apply reads, -force: %ld (4 devices, 2+2 targets), %ld (24 "
		      "devices, 12+12 targets)\n", small, big);
	/* 20 devices and 2 x 10 targets (with a LUN each) more */
	assert_int_equal(big - small, 20 * READS_PER_DEVICE + 10 * READS_PER_ISCSI_TGT +
					      10 * READS_PER_LOCAL_TGT);
	assert_int_equal(small, READS_FIXED + 4 * READS_PER_DEVICE + 2 * READS_PER_ISCSI_TGT +
					2 * READS_PER_LOCAL_TGT);
}

static void test_noop_reads_no_force(void **state)
{
	long small, big;

	(void)state;
	small = noop_reads(4, 2, 0);
	big = noop_reads(24, 12, 0);
	print_message("no-op re-apply reads, no -force: %ld (4 devices, 2+2 targets), %ld (24 "
		      "devices, 12+12 targets)\n", small, big);
	assert_int_equal(big - small, 20 * NF_READS_PER_DEVICE + 10 * NF_READS_PER_ISCSI_TGT +
					      10 * NF_READS_PER_LOCAL_TGT);
	assert_int_equal(small, NF_READS_FIXED + 4 * NF_READS_PER_DEVICE +
					2 * NF_READS_PER_ISCSI_TGT + 2 * NF_READS_PER_LOCAL_TGT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sessions_untouched),
		cmocka_unit_test(test_noop_reads),
		cmocka_unit_test(test_noop_reads_no_force),
	};

	if (sfs_skip())
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
