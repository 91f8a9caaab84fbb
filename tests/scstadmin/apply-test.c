// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply-test.c - the sysfs layer, reader, planner and executor of
 * libscstcfg against a real scstfs mount (no fake of SCST behaviour):
 *  - the robust writer: synchronous writes, "always-eagain" (the kernel's
 *    CONFIG_SCST_DEBUG_SYSFS_EAGAIN), slow work past the EAGAIN wait, the
 *    timeout, no stale last_sysfs_mgmt_res after a synchronous write
 *    (spec scst-sysfs.md §1.4, §4, §10);
 *  - error messages: path, masked CHAP secret, errno;
 *  - reader round trip: mgmt commands written by hand, read back as a model;
 *  - apply: empty -> config, then zero operations and zero kernel writes on
 *    a re-apply; removal of a target with sessions; stop at a failure.
 *
 * Environment (set by meson): SCSTFS, SCSTFS_CTL_BIN.  Exits 77 when scstfs
 * is not built, /dev/fuse is missing or we are not root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "scstcfg/apply.h"
#include "scstcfg/scstcfg.h"
#include "sfs-harness.h"
#include "sysfs.h"

/* "scstfs-ctl SOCKET CMD" must succeed; its output as a number. */
static long ctl_num(struct sfs *m, const char *cmd)
{
	char out[64];

	assert_int_equal(sfs_ctl(m, out, sizeof(out), "%s", cmd), 0);
	return strtol(out, NULL, 10);
}

/* A fresh scstfs with one fake backing file, /srv/vol1.img. */
static int mount_setup(void **state)
{
	static const char *const args[] = { "--fake-file", "/srv/vol1.img=1G", NULL };
	struct sfs *m;

	if (sfs_mount_args(&m, args) < 0)
		return -1;
	scstcfg_sysfs_set_timeout(m->s, 20);
	*state = m;
	return 0;
}

static int mount_teardown(void **state)
{
	sfs_unmount(*state);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- writer ----------------------------------------------------------------- */

static void test_writer_sync(void **state)
{
	struct sfs *m = *state;
	struct scstcfg_counters c;

	assert_int_equal(scstcfg_sysfs_probe(m->s), 0);
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d0"),
			 0);
	assert_true(sfs_exists(m, "devices/d0"));
	scstcfg_sysfs_get_counters(m->s, &c);
	assert_int_equal(c.writes, 1);
	assert_int_equal(c.eagains, 0);
	assert_int_equal(c.polls, 0);
	assert_int_equal(ctl_num(m, "writes-total"), 1);
	/* a genuine error from write() is reported at once */
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d0"),
			 -EEXIST);
	scstcfg_sysfs_get_counters(m->s, &c);
	assert_int_equal(c.polls, 0);
	assert_non_null(strstr(scstcfg_sysfs_last_error(m->s), "handlers/vdisk_nullio/mgmt"));
	assert_non_null(strstr(scstcfg_sysfs_last_error(m->s), "EEXIST"));
}

static void test_writer_always_eagain(void **state)
{
	struct sfs *m = *state;
	struct scstcfg_counters c;

	assert_int_equal(sfs_ctl(m, NULL, 0, "always-eagain on"), 0);
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d1"),
			 0);
	assert_true(sfs_exists(m, "devices/d1"));
	scstcfg_sysfs_get_counters(m->s, &c);
	assert_int_equal(c.eagains, 1);
	assert_true(c.polls >= 1);
	/* the command's own error arrives through last_sysfs_mgmt_res */
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d1"),
			 -EEXIST);
	assert_non_null(strstr(scstcfg_sysfs_last_error(m->s), "last_sysfs_mgmt_res"));
	/* last_sysfs_mgmt_res now holds -17: a synchronous write must not see it */
	assert_int_equal(scstcfg_sysfs_writes(m->s, "devices/d1/prod_id", "P1"), 0);
	assert_int_equal(scstcfg_sysfs_writes(m->s, "setup_id", "0x5"), 0);
	assert_int_equal(sfs_ctl(m, NULL, 0, "always-eagain off"), 0);
}

static void test_writer_slow(void **state)
{
	struct sfs *m = *state;
	struct scstcfg_counters c;
	double t;

	/* slow work below the EAGAIN wait: the write just blocks */
	assert_int_equal(sfs_ctl(m, NULL, 0, "slow 300"), 0);
	t = now_s();
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d2"),
			 0);
	assert_true(now_s() - t >= 0.25);
	scstcfg_sysfs_get_counters(m->s, &c);
	assert_int_equal(c.eagains, 0);
	/* past the wait: EAGAIN, then the result once the work completes */
	assert_int_equal(sfs_ctl(m, NULL, 0, "eagain-ms 100"), 0);
	assert_int_equal(sfs_ctl(m, NULL, 0, "slow 600"), 0);
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d3"),
			 0);
	scstcfg_sysfs_get_counters(m->s, &c);
	assert_int_equal(c.eagains, 1);
	assert_true(c.polls >= 2);
	assert_true(sfs_exists(m, "devices/d3"));
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "del_device d3"),
			 0);
	assert_false(sfs_exists(m, "devices/d3"));
	assert_int_equal(sfs_ctl(m, NULL, 0, "slow 0"), 0);
}

static void test_writer_timeout(void **state)
{
	struct sfs *m = *state;
	double t;

	assert_int_equal(sfs_ctl(m, NULL, 0, "always-eagain on"), 0);
	assert_int_equal(sfs_ctl(m, NULL, 0, "eagain-delay 3000"), 0);
	scstcfg_sysfs_set_timeout(m->s, 1);
	t = now_s();
	assert_int_equal(scstcfg_sysfs_writes(m->s, "handlers/vdisk_nullio/mgmt", "add_device d4"),
			 -ETIMEDOUT);
	assert_true(now_s() - t < 2.5);
	assert_non_null(strstr(scstcfg_sysfs_last_error(m->s), "timeout"));
	/* reads of last_sysfs_mgmt_res are EAGAIN meanwhile; wait it out */
	scstcfg_sysfs_set_timeout(m->s, 20);
	assert_int_equal(sfs_ctl(m, NULL, 0, "always-eagain off"), 0);
	{
		char *v;

		assert_int_equal(scstcfg_sysfs_read_attr(m->s, "last_sysfs_mgmt_res", &v, NULL), 0);
		assert_string_equal(v, "0");
		free(v);
	}
	assert_true(sfs_exists(m, "devices/d4"));
}

static void test_error_masked(void **state)
{
	struct sfs *m = *state;
	const char *e;

	assert_int_equal(scstcfg_sysfs_writes(m->s, "targets/iscsi/mgmt", "add_target iqn.x:t1"), 0);
	assert_int_equal(scstcfg_sysfs_writes(m->s, "targets/iscsi/mgmt",
					      "add_target_attribute iqn.x:t1 IncomingUser joe short"),
			 -EINVAL);
	e = scstcfg_sysfs_last_error(m->s);
	assert_non_null(strstr(e, m->dir));
	assert_non_null(strstr(e, "targets/iscsi/mgmt"));
	assert_non_null(strstr(e, "IncomingUser joe ***"));
	assert_null(strstr(e, "short"));
	assert_non_null(strstr(e, "EINVAL"));
	/* open() errors too: a missing object, a read-only file */
	assert_int_equal(scstcfg_sysfs_writes(m->s, "targets/iscsi/nope/enabled", "1"), -ENOENT);
	assert_int_equal(scstcfg_sysfs_writes(m->s, "version", "x"), -EACCES);
	assert_non_null(strstr(scstcfg_sysfs_last_error(m->s), "/version"));
}

/* ---- reader ----------------------------------------------------------------- */

static struct scstcfg_model *parse(const char *text)
{
	struct scstcfg_model *md = sfs_parse(text);

	if (!md)
		fail_msg("parse failed (message above)");
	return md;
}

static void assert_models_equal(struct scstcfg_model *got, struct scstcfg_model *want)
{
	char *a, *b;

	if (scstcfg_model_equal(got, want))
		return;
	assert_int_equal(scstcfg_model_print(got, SCSTCFG_PRINT_NO_HEADER, &a, NULL), 0);
	assert_int_equal(scstcfg_model_print(want, SCSTCFG_PRINT_NO_HEADER, &b, NULL), 0);
	print_message("read back:\n%s\nexpected:\n%s\n", a, b);
	free(a);
	free(b);
	fail_msg("models differ");
}

static void W(struct sfs *m, const char *rel, const char *data)
{
	if (scstcfg_sysfs_writes(m->s, rel, data) < 0)
		fail_msg("%s", scstcfg_sysfs_last_error(m->s));
}

static void test_reader_roundtrip(void **state)
{
	static const char want[] =
		"cluster_name HA\n"
		"HANDLER vdisk_fileio {\n"
		"	DEVICE vol1 {\n"
		"		filename /srv/vol1.img\n"
		"		blocksize 4096\n"
		"		t10_dev_id vol1-0001\n"
		"		prod_id Demo\n"
		"	}\n"
		"}\n"
		"HANDLER vdisk_nullio {\n"
		"	DEVICE n1\n"
		"}\n"
		"TARGET_DRIVER copy_manager {\n"
		"	TARGET copy_manager_tgt {\n"
		"		LUN 0 vol1\n"
		"		LUN 1 n1\n"
		"	}\n"
		"}\n"
		"TARGET_DRIVER iscsi {\n"
		"	enabled 0\n"
		"	IncomingUser \"disco 12charsecret\"\n"
		"	IncomingUser \"disco2 12charsecret\"\n"
		"	TARGET iqn.x:t1 {\n"
		"		IncomingUser \"alice 12charsecret1\"\n"
		"		allowed_portal 10.1.1.10\n"
		"		QueuedCommands 16\n"
		"		enabled 0\n"
		"		LUN 0 vol1\n"
		"		LUN 1 n1 {\n"
		"			read_only 1\n"
		"		}\n"
		"		GROUP hosts {\n"
		"			INITIATOR iqn.1994-05.com.redhat:h1\\#10.1.1.50\n"
		"			LUN 0 n1\n"
		"		}\n"
		"	}\n"
		"}\n"
		"TARGET_DRIVER scst_local {\n"
		"	TARGET local1 {\n"
		"		session_name s1\n"
		"		LUN 0 n1\n"
		"	}\n"
		"}\n"
		"DEVICE_GROUP dg1 {\n"
		"	DEVICE vol1\n"
		"	TARGET_GROUP tgA {\n"
		"		group_id 101\n"
		"		state active\n"
		"		TARGET iqn.x:t1\n"
		"		TARGET iqn.remote:t9 {\n"
		"			rel_tgt_id 32001\n"
		"		}\n"
		"	}\n"
		"}\n";
	/* mgmt commands and attribute writes, in order, that make @want */
	static const char *const writes[][2] = {
		{ "cluster_name", "HA" },
		{ "handlers/vdisk_fileio/mgmt",
		  "add_device vol1 filename=/srv/vol1.img;blocksize=4096;t10_dev_id=vol1-0001;" },
		{ "devices/vol1/prod_id", "Demo" },
		{ "handlers/vdisk_nullio/mgmt", "add_device n1" },
		{ "targets/scst_local/mgmt", "del_target scst_local_tgt" },
		{ "targets/scst_local/mgmt", "add_target local1 session_name=s1;" },
		{ "targets/scst_local/local1/luns/mgmt", "add n1 0" },
		{ "targets/iscsi/mgmt", "add_attribute IncomingUser disco 12charsecret" },
		{ "targets/iscsi/mgmt", "add_attribute IncomingUser disco2 12charsecret" },
		{ "targets/iscsi/mgmt", "add_target iqn.x:t1" },
		{ "targets/iscsi/mgmt",
		  "add_target_attribute iqn.x:t1 IncomingUser alice 12charsecret1" },
		{ "targets/iscsi/mgmt", "add_target_attribute iqn.x:t1 allowed_portal 10.1.1.10" },
		{ "targets/iscsi/iqn.x:t1/QueuedCommands", "16" },
		{ "targets/iscsi/iqn.x:t1/luns/mgmt", "add vol1 0" },
		{ "targets/iscsi/iqn.x:t1/luns/mgmt", "add n1 1 read_only=1" },
		{ "targets/iscsi/iqn.x:t1/ini_groups/mgmt", "create hosts" },
		{ "targets/iscsi/iqn.x:t1/ini_groups/hosts/initiators/mgmt",
		  "add iqn.1994-05.com.redhat:h1#10.1.1.50" },
		{ "targets/iscsi/iqn.x:t1/ini_groups/hosts/luns/mgmt", "add n1 0" },
		{ "device_groups/mgmt", "create dg1" },
		{ "device_groups/dg1/devices/mgmt", "add vol1" },
		{ "device_groups/dg1/target_groups/mgmt", "create tgA" },
		{ "device_groups/dg1/target_groups/tgA/group_id", "101" },
		{ "device_groups/dg1/target_groups/tgA/mgmt", "add iqn.x:t1" },
		{ "device_groups/dg1/target_groups/tgA/mgmt", "add iqn.remote:t9" },
		{ "device_groups/dg1/target_groups/tgA/iqn.remote:t9/rel_tgt_id", "32001" },
	};
	struct sfs *m = *state;
	struct scstcfg_model *w = parse(want);
	struct scstcfg_state *st;
	struct scstcfg_plan *p;
	size_t i;

	for (i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
		W(m, writes[i][0], writes[i][1]);

	assert_int_equal(scstcfg_state_read(m->s, &st), 0);
	assert_models_equal(scstcfg_state_get_model(st), w);
	/* and nothing to do for that configuration */
	assert_int_equal(scstcfg_plan_new(st, w, SCSTCFG_PLAN_FORCE, &p), 0);
	if (scstcfg_plan_count(p))
		fail_msg("unexpected op: %s <- %s", scstcfg_op_get_path(scstcfg_plan_get_op(p, 0)),
			 scstcfg_op_get_data(scstcfg_plan_get_op(p, 0)));
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	scstcfg_model_free(w);
}

/* ---- apply ------------------------------------------------------------------ */

static const char conf[] =
	"setup_id 0x10\n"
	"HANDLER vdisk_fileio {\n"
	"	DEVICE vol1 {\n"
	"		filename /srv/vol1.img\n"
	"		blocksize 4096\n"
	"		prod_id \"Demo Disk\"\n"
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
	"HANDLER vcdrom {\n"
	"	DEVICE cd1\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	enabled 1\n"
	"	IncomingUser \"disco 12charsecret\"\n"
	"	TARGET iqn.2025-01.org.example:t1 {\n"
	"		IncomingUser \"alice 12charsecret1\"\n"
	"		IncomingUser \"bob 12charsecret22\"\n"
	"		allowed_portal 10.1.1.10\n"
	"		HeaderDigest CRC32C,None\n"
	"		rel_tgt_id 1\n"
	"		enabled 1\n"
	"		LUN 0 vol1\n"
	"		LUN 1 vol2 {\n"
	"			read_only 1\n"
	"		}\n"
	"		GROUP hosts {\n"
	"			INITIATOR iqn.1994-05.com.redhat:h1\\#10.1.1.50\n"
	"			LUN 0 vol2\n"
	"			LUN 1 vol3 {\n"
	"				read_only 1\n"
	"			}\n"
	"			LUN 2 cd1\n"
	"		}\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER scst_local {\n"
	"	TARGET local1 {\n"
	"		session_name s1\n"
	"		LUN 0 vol3\n"
	"	}\n"
	"}\n"
	"DEVICE_GROUP targets {\n"
	"	DEVICE vol1\n"
	"	TARGET_GROUP controller_A {\n"
	"		group_id 101\n"
	"		state active\n"
	"		TARGET iqn.2025-01.org.example:t1\n"
	"	}\n"
	"	TARGET_GROUP controller_B {\n"
	"		group_id 102\n"
	"		state nonoptimized\n"
	"		TARGET iqn.2005-10.org.freenas.ctl:alt:t1 {\n"
	"			rel_tgt_id 32001\n"
	"		}\n"
	"	}\n"
	"}\n";

/* Read, plan, apply; return the number of operations run. */
static size_t converge(struct sfs *m, const char *text, unsigned int flags)
{
	struct scstcfg_model *w = parse(text);
	struct scstcfg_apply_result res;
	struct scstcfg_state *st;
	struct scstcfg_plan *p;
	size_t n, i;

	assert_int_equal(scstcfg_state_read(m->s, &st), 0);
	assert_int_equal(scstcfg_plan_new(st, w, flags, &p), 0);
	n = scstcfg_plan_count(p);
	if (scstcfg_plan_apply(m->s, p, 0, NULL, NULL, &res) < 0)
		fail_msg("op %zu (%s): %s", res.first_index,
			 scstcfg_op_get_desc(scstcfg_plan_get_op(p, res.first_index)),
			 scstcfg_sysfs_last_error(m->s));
	assert_int_equal(res.done, n);
	for (i = 0; i < n; i++)
		assert_int_equal(scstcfg_op_get_status(scstcfg_plan_get_op(p, i)), SCSTCFG_OP_DONE);
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	scstcfg_model_free(w);
	return n;
}

static void test_apply_converges(void **state)
{
	struct sfs *m = *state;
	char v[64];

	assert_true(converge(m, conf, SCSTCFG_PLAN_FORCE) > 30);
	assert_true(sfs_exists(m, "targets/iscsi/iqn.2025-01.org.example:t1/luns/1"));
	assert_true(sfs_exists(m, "device_groups/targets/target_groups/controller_A/"
			      "iqn.2025-01.org.example:t1"));
	assert_false(sfs_exists(m, "targets/scst_local/scst_local_tgt"));
	/* re-applying: no operation, no kernel write at all */
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	assert_int_equal(converge(m, conf, SCSTCFG_PLAN_FORCE), 0);
	assert_int_equal(ctl_num(m, "writes-total"), 0);
	/* the same through always-eagain (spec §7 item 85) */
	assert_int_equal(sfs_ctl(m, NULL, 0, "always-eagain on"), 0);
	assert_true(converge(m, "HANDLER vdisk_nullio {\n DEVICE vol9\n}\n", SCSTCFG_PLAN_FORCE) > 5);
	assert_int_equal(sfs_ctl(m, NULL, 0, "always-eagain off"), 0);
	assert_false(sfs_exists(m, "targets/iscsi/iqn.2025-01.org.example:t1"));
	assert_false(sfs_exists(m, "devices/vol1"));
	assert_true(sfs_exists(m, "devices/vol9"));
	assert_int_equal(sfs_ctl(m, v, sizeof(v), "pending"), 0);
	assert_int_equal(atoi(v), 0);
}

static void test_remove_with_sessions(void **state)
{
	struct sfs *m = *state;

	converge(m, conf, SCSTCFG_PLAN_FORCE);
	assert_int_equal(sfs_ctl(m, NULL, 0, "session-add iscsi iqn.2025-01.org.example:t1 "
				       "iqn.1994-05.com.redhat:h1"), 0);
	assert_true(sfs_exists(m, "targets/iscsi/iqn.2025-01.org.example:t1/sessions/"
			      "iqn.1994-05.com.redhat:h1"));
	/* disable, force_close, wait, clear, del_target */
	converge(m, "HANDLER vdisk_nullio {\n DEVICE vol3\n}\n", SCSTCFG_PLAN_FORCE);
	assert_false(sfs_exists(m, "targets/iscsi/iqn.2025-01.org.example:t1"));
}

static void test_apply_stops(void **state)
{
	struct sfs *m = *state;
	struct scstcfg_model *w = parse(conf);
	struct scstcfg_apply_result res;
	struct scstcfg_state *st;
	struct scstcfg_plan *p;
	size_t n;

	assert_int_equal(scstcfg_state_read(m->s, &st), 0);
	assert_int_equal(scstcfg_plan_new(st, w, SCSTCFG_PLAN_FORCE, &p), 0);
	n = scstcfg_plan_count(p);
	assert_int_equal(sfs_ctl(m, NULL, 0, "fail-nth 3 EIO"), 0);
	assert_int_equal(scstcfg_plan_apply(m->s, p, 0, NULL, NULL, &res), -EIO);
	assert_int_equal(res.done, 2);
	assert_int_equal(res.failed, 1);
	assert_int_equal(res.first_index, 2);
	assert_int_equal(res.pending, n - 3);
	assert_int_equal(scstcfg_op_get_status(scstcfg_plan_get_op(p, 2)), SCSTCFG_OP_FAILED);
	assert_int_equal(scstcfg_op_get_error(scstcfg_plan_get_op(p, 2)), -EIO);
	assert_int_equal(scstcfg_op_get_status(scstcfg_plan_get_op(p, 3)), SCSTCFG_OP_PENDING);
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	scstcfg_model_free(w);
	/* the next run picks up where this one stopped */
	assert_true(converge(m, conf, SCSTCFG_PLAN_FORCE) > 0);
	assert_int_equal(converge(m, conf, SCSTCFG_PLAN_FORCE), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writer_sync, mount_setup, mount_teardown),
		cmocka_unit_test_setup_teardown(test_writer_always_eagain, mount_setup,
						mount_teardown),
		cmocka_unit_test_setup_teardown(test_writer_slow, mount_setup, mount_teardown),
		cmocka_unit_test_setup_teardown(test_writer_timeout, mount_setup, mount_teardown),
		cmocka_unit_test_setup_teardown(test_error_masked, mount_setup, mount_teardown),
		cmocka_unit_test_setup_teardown(test_reader_roundtrip, mount_setup,
						mount_teardown),
		cmocka_unit_test_setup_teardown(test_apply_converges, mount_setup, mount_teardown),
		cmocka_unit_test_setup_teardown(test_remove_with_sessions, mount_setup,
						mount_teardown),
		cmocka_unit_test_setup_teardown(test_apply_stops, mount_setup, mount_teardown),
	};

	if (sfs_skip())
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
