// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply-faults-test.c - a failed write at every position of an apply:
 * for a rich configuration whose apply from a fresh kernel takes W
 * writes, and for each k in 1..W: fresh scstfs mount, "fail-nth k EIO",
 * apply -> fails with -EIO, the error names the k-th write's path and
 * EIO, no suspend is left behind (suspend reads 0), exactly k writes were
 * attempted; then an apply without the fault converges and a third one
 * makes zero writes.  The same for a transition A -> B with removals
 * (targets with sessions, devices, LUNs, groups, ALUA members).
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

#include "sfs-harness.h"
#include "sysfs.h"

static const char rich[] =
	"setup_id 0x10\n"
	"HANDLER vdisk_fileio {\n"
	"	DEVICE vol1 {\n"
	"		filename /srv/f1.img\n"
	"		blocksize 4096\n"
	"		prod_id \"Demo Disk\"\n"
	"	}\n"
	"}\n"
	"HANDLER vdisk_blockio {\n"
	"	DEVICE blk1 {\n"
	"		filename /dev/fb1\n"
	"		usn b-1\n"
	"	}\n"
	"}\n"
	"HANDLER vdisk_nullio {\n"
	"	DEVICE vol2 {\n"
	"		read_only 1\n"
	"	}\n"
	"	DEVICE vol3 {\n"
	"		size_mb 64\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	enabled 1\n"
	"	IncomingUser \"disco 12charsecret\"\n"
	"	TARGET iqn.2025-01.org.example:t1 {\n"
	"		IncomingUser \"alice 12charsecret1\"\n"
	"		OutgoingUser \"bob 12charsecret22\"\n"
	"		allowed_portal 10.1.1.10\n"
	"		QueuedCommands 16\n"
	"		enabled 1\n"
	"		LUN 0 vol1\n"
	"		LUN 1 vol2\n"
	"		GROUP hosts {\n"
	"			INITIATOR iqn.1994-05.com.redhat:h1\n"
	"			LUN 0 vol3 {\n"
	"				read_only 1\n"
	"			}\n"
	"		}\n"
	"	}\n"
	"	TARGET iqn.2025-01.org.example:t2 {\n"
	"		enabled 1\n"
	"		LUN 0 blk1\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER scst_local {\n"
	"	TARGET local1 {\n"
	"		session_name s1\n"
	"		LUN 0 vol3\n"
	"	}\n"
	"}\n"
	"DEVICE_GROUP dg1 {\n"
	"	DEVICE vol1\n"
	"	TARGET_GROUP tgA {\n"
	"		group_id 101\n"
	"		state active\n"
	"		TARGET iqn.2025-01.org.example:t1\n"
	"	}\n"
	"	TARGET_GROUP tgB {\n"
	"		group_id 102\n"
	"		state nonoptimized\n"
	"		TARGET iqn.remote:t9 {\n"
	"			rel_tgt_id 32001\n"
	"		}\n"
	"	}\n"
	"}\n";

/* rich, then: t1 goes (with a session), vol1 is reopened, LUNs move, a group goes */
static const char changed[] =
	"setup_id 0x11\n"
	"HANDLER vdisk_fileio {\n"
	"	DEVICE vol1 {\n"
	"		filename /srv/f2.img\n"
	"		prod_id \"Demo Disk\"\n"
	"	}\n"
	"}\n"
	"HANDLER vdisk_nullio {\n"
	"	DEVICE vol3 {\n"
	"		size_mb 64\n"
	"	}\n"
	"	DEVICE vol4\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	enabled 1\n"
	"	IncomingUser \"disco2 12charsecret\"\n"
	"	TARGET iqn.2025-01.org.example:t2 {\n"
	"		enabled 1\n"
	"		IncomingUser \"carol 12charsecret3\"\n"
	"		LUN 0 vol4\n"
	"		LUN 1 vol1\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER scst_local {\n"
	"	TARGET local1 {\n"
	"		session_name s2\n"
	"		LUN 0 vol1\n"
	"	}\n"
	"}\n"
	"DEVICE_GROUP dg1 {\n"
	"	DEVICE vol4\n"
	"	TARGET_GROUP tgB {\n"
	"		group_id 103\n"
	"		state standby\n"
	"		TARGET iqn.2025-01.org.example:t2\n"
	"	}\n"
	"}\n";

#define MAX_W 256

struct trace {
	size_t root_len;	/* paths are kept relative to the mount */
	char *path[MAX_W];
	size_t n;
};

static void on_write(void *priv, const struct scstcfg_trace_event *ev)
{
	struct trace *t = priv;

	if (t->n < MAX_W)
		t->path[t->n] = strdup(ev->path + t->root_len);
	t->n++;
}

static void trace_free(struct trace *t)
{
	size_t i;

	for (i = 0; i < t->n && i < MAX_W; i++)
		free(t->path[i]);
	t->n = 0;
}

/* Mount and apply @pre (may be NULL); the session is opened on t1 when asked. */
static struct sfs *prepare(struct scstcfg_model *pre)
{
	struct sfs *m;

	assert_int_equal(sfs_mount(&m), 0);
	if (pre) {
		if (sfs_apply(m, pre, SCSTCFG_PLAN_FORCE, NULL) < 0)
			fail_msg("%s", m->err);
		assert_int_equal(sfs_ctl(m, NULL, 0, "session-add iscsi "
					 "iqn.2025-01.org.example:t1 iqn.1994-05.com.redhat:h1"), 0);
	}
	return m;
}

static void suspend_is_zero(struct sfs *m)
{
	char *v = NULL;

	assert_int_equal(scstcfg_sysfs_read_attr(m->s, "suspend", &v, NULL), 0);
	assert_string_equal(v, "0");
	free(v);
}

/* Fault at each write of applying @want (after @pre). */
static void faults(const char *pre_text, const char *want_text)
{
	struct scstcfg_model *want = sfs_parse(want_text);
	struct scstcfg_model *pre = pre_text ? sfs_parse(pre_text) : NULL;
	struct trace tr = { .n = 0 };
	struct sfs *m;
	size_t k, w, n_ops;

	assert_non_null(want);
	/* the writes of a clean run, in order */
	m = prepare(pre);
	tr.root_len = strlen(m->dir);
	scstcfg_sysfs_set_trace(m->s, on_write, &tr);
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	if (sfs_apply(m, want, SCSTCFG_PLAN_FORCE, NULL) < 0)
		fail_msg("%s", m->err);
	w = (size_t)sfs_ctl_num(m, "writes-total");
	assert_int_equal(w, tr.n);
	assert_true(w > 10 && w <= MAX_W);
	sfs_unmount(m);
	print_message("%zu writes; failing each in turn\n", w);

	for (k = 1; k <= w; k++) {
		const char *e;
		int r;

		m = prepare(pre);
		assert_int_equal(sfs_ctl(m, NULL, 0, "fail-nth %zu EIO", k), 0);
		assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
		r = sfs_apply(m, want, SCSTCFG_PLAN_FORCE, NULL);
		if (r != -EIO)
			fail_msg("write %zu: apply returned %d, not -EIO", k, r);
		e = scstcfg_sysfs_last_error(m->s);
		/* the k-th write of the clean run is the one that failed */
		if (!strstr(e, tr.path[k - 1]) || !strstr(e, "EIO"))
			fail_msg("write %zu (%s): error \"%s\"", k, tr.path[k - 1], e);
		/* nothing was written after the failure (the failed one is not stored) */
		assert_int_equal(sfs_ctl_num(m, "writes-total"), (long)k - 1);
		suspend_is_zero(m);
		/* the next run converges from wherever this one stopped */
		if (sfs_apply(m, want, SCSTCFG_PLAN_FORCE, NULL) < 0)
			fail_msg("write %zu, second apply: %s", k, m->err);
		assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
		assert_int_equal(sfs_apply(m, want, SCSTCFG_PLAN_FORCE, &n_ops), 0);
		if (n_ops || sfs_ctl_num(m, "writes-total"))
			fail_msg("write %zu: third apply made %zu operations", k, n_ops);
		suspend_is_zero(m);
		sfs_unmount(m);
	}
	trace_free(&tr);
	scstcfg_model_free(want);
	scstcfg_model_free(pre);
}

static void test_faults_fresh(void **state)
{
	(void)state;
	faults(NULL, rich);
}

static void test_faults_transition(void **state)
{
	(void)state;
	faults(rich, changed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults_fresh),
		cmocka_unit_test(test_faults_transition),
	};

	if (sfs_skip())
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
