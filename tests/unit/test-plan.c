// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the planner (lib/scstcfg/plan.c) on models: the "live"
 * side is scstcfg_state_from_model(), so these tests check the diff and
 * the ordering rules only (spec scstadmin.md §3, §7 items 63-82).  The
 * kernel side is covered by tests/scstadmin/apply-* on scstfs.
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

#include "scstcfg/apply.h"
#include "scstcfg/scstcfg.h"

static struct scstcfg_model *parse(const char *text)
{
	struct scstcfg_model *m = NULL;
	struct scstcfg_ctx *ctx;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	scstcfg_ctx_set_log_level(ctx, 0);
	if (scstcfg_parse_text(ctx, text, strlen(text), "test", NULL, &m) < 0)
		fail_msg("parse: %s", scstcfg_ctx_last_error(ctx));
	scstcfg_ctx_free(ctx);
	return m;
}

static struct scstcfg_plan *plan(const char *cur, const char *want, unsigned int flags)
{
	struct scstcfg_model *w = parse(want);
	struct scstcfg_state *st;
	struct scstcfg_plan *p;

	assert_int_equal(scstcfg_state_from_model(parse(cur), &st), 0);
	assert_int_equal(scstcfg_plan_new(st, w, flags, &p), 0);
	scstcfg_state_free(st);
	scstcfg_model_free(w);
	return p;
}

/* "path <- data" of op @i, for compact assertions. */
static const char *op_str(const struct scstcfg_plan *p, size_t i)
{
	static char buf[1024];
	const struct scstcfg_op *op = scstcfg_plan_get_op(p, i);

	if (!op)
		return "(none)";
	snprintf(buf, sizeof(buf), "%s <- %s", scstcfg_op_get_path(op),
		 scstcfg_op_get_data(op));
	return buf;
}

/* Index of the first op equal to "path <- data", or -1. */
static long find_op(const struct scstcfg_plan *p, const char *s)
{
	size_t i;

	for (i = 0; i < scstcfg_plan_count(p); i++)
		if (!strcmp(op_str(p, i), s))
			return (long)i;
	return -1;
}

static void dump(const struct scstcfg_plan *p)
{
	size_t i;

	for (i = 0; i < scstcfg_plan_count(p); i++)
		print_message("  %zu: %s\n", i, op_str(p, i));
	for (i = 0; i < scstcfg_plan_note_count(p); i++)
		print_message("  note: %s\n", scstcfg_plan_get_note(p, i));
}

#define ASSERT_OP(p, s) do { \
	if (find_op(p, s) < 0) { \
		dump(p); \
		fail_msg("missing op: %s", s); \
	} \
} while (0)

#define ASSERT_BEFORE(p, a, b) do { \
	ASSERT_OP(p, a); \
	ASSERT_OP(p, b); \
	if (find_op(p, a) > find_op(p, b)) { \
		dump(p); \
		fail_msg("%s must come before %s", a, b); \
	} \
} while (0)

static const char conf_a[] =
	"setup_id 0x10\n"
	"HANDLER vdisk_fileio {\n"
	"	DEVICE vol1 {\n"
	"		filename /srv/vol1.img\n"
	"		cluster_mode 1\n"
	"		blocksize 4096\n"
	"		t10_dev_id vol1-0001\n"
	"		prod_id \"Demo Disk\"\n"
	"	}\n"
	"}\n"
	"HANDLER vdisk_blockio {\n"
	"	DEVICE vol2 {\n"
	"		filename /dev/zvol/tank/vol2\n"
	"		read_only 1\n"
	"	}\n"
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
	"		}\n"
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

static void test_identical_zero_ops(void **state)
{
	struct scstcfg_plan *p = plan(conf_a, conf_a, SCSTCFG_PLAN_FORCE);

	if (scstcfg_plan_count(p) || scstcfg_plan_note_count(p))
		dump(p);
	assert_int_equal(scstcfg_plan_count(p), 0);
	assert_int_equal(scstcfg_plan_note_count(p), 0);
	scstcfg_plan_free(p);
}

static void test_from_empty_ordered(void **state)
{
	struct scstcfg_plan *p = plan("", conf_a, SCSTCFG_PLAN_FORCE);
	const char *t = "targets/iscsi/iqn.2025-01.org.example:t1";
	char a[512], b[512];
	size_t i;

	/* core attributes first (setup_id is used by later add_device) */
	assert_string_equal(op_str(p, 0), "setup_id <- 0x10");
	/* create params inline, cluster_mode last, others afterwards */
	ASSERT_BEFORE(p,
		      "handlers/vdisk_fileio/mgmt <- add_device vol1 filename=/srv/vol1.img;"
		      "blocksize=4096;t10_dev_id=vol1-0001;cluster_mode=1;",
		      "devices/vol1/prod_id <- Demo Disk");
	ASSERT_OP(p, "handlers/vdisk_blockio/mgmt <- add_device vol2 "
		     "filename=/dev/zvol/tank/vol2;read_only=1;");
	/* target, then its attributes, dynamic attributes, groups, LUNs */
	ASSERT_BEFORE(p, "handlers/vdisk_fileio/mgmt <- add_device vol1 filename=/srv/vol1.img;"
			 "blocksize=4096;t10_dev_id=vol1-0001;cluster_mode=1;",
		      "targets/iscsi/iqn.2025-01.org.example:t1/luns/mgmt <- add vol1 0");
	ASSERT_BEFORE(p, "targets/iscsi/mgmt <- add_target iqn.2025-01.org.example:t1",
		      "targets/iscsi/iqn.2025-01.org.example:t1/luns/mgmt <- add vol1 0");
	ASSERT_OP(p, "targets/iscsi/iqn.2025-01.org.example:t1/luns/mgmt <- add vol2 1 "
		     "read_only=1;");
	ASSERT_OP(p, "targets/iscsi/mgmt <- add_target_attribute iqn.2025-01.org.example:t1 "
		     "IncomingUser alice 12charsecret1");
	ASSERT_OP(p, "targets/iscsi/mgmt <- add_target_attribute iqn.2025-01.org.example:t1 "
		     "allowed_portal 10.1.1.10");
	ASSERT_OP(p, "targets/iscsi/mgmt <- add_attribute IncomingUser disco 12charsecret");
	ASSERT_BEFORE(p, "targets/iscsi/iqn.2025-01.org.example:t1/ini_groups/mgmt <- create hosts",
		      "targets/iscsi/iqn.2025-01.org.example:t1/ini_groups/hosts/initiators/mgmt"
		      " <- add iqn.1994-05.com.redhat:h1#10.1.1.50");
	/* ALUA after the targets exist; tg attributes; remote target rel_tgt_id */
	ASSERT_BEFORE(p, "targets/iscsi/mgmt <- add_target iqn.2025-01.org.example:t1",
		      "device_groups/targets/target_groups/controller_A/mgmt <- add "
		      "iqn.2025-01.org.example:t1");
	ASSERT_OP(p, "device_groups/targets/target_groups/controller_B/iqn.2005-10.org.freenas."
		     "ctl:alt:t1/rel_tgt_id <- 32001");
	assert_true(find_op(p, "device_groups/targets/target_groups/controller_A/"
			       "iqn.2025-01.org.example:t1/rel_tgt_id <- 1") < 0);
	/* enable the target after its LUNs, groups and ALUA membership; driver last */
	snprintf(a, sizeof(a), "%s/enabled <- 1", t);
	ASSERT_BEFORE(p, "device_groups/targets/target_groups/controller_A/mgmt <- add "
			 "iqn.2025-01.org.example:t1", a);
	snprintf(b, sizeof(b), "%s/ini_groups/hosts/luns/mgmt <- add vol2 0", t);
	ASSERT_BEFORE(p, b, a);
	assert_string_equal(op_str(p, scstcfg_plan_count(p) - 1),
			    "targets/iscsi/enabled <- 1");
	/* secrets are masked in the safe views */
	for (i = 0; i < scstcfg_plan_count(p); i++) {
		const struct scstcfg_op *op = scstcfg_plan_get_op(p, i);

		assert_null(strstr(scstcfg_op_get_data_masked(op), "12charsecret"));
		assert_null(strstr(scstcfg_op_get_desc(op), "12charsecret"));
	}
	scstcfg_plan_free(p);
}

static const char chap_cur[] =
	"TARGET_DRIVER iscsi {\n"
	"	IncomingUser \"disco 12charsecret\"\n"
	"	OutgoingUser \"out 12charsecretX\"\n"
	"	TARGET t1 {\n"
	"		IncomingUser \"joe 12charsecret1\"\n"
	"		IncomingUser \"bob 12charsecret2\"\n"
	"		allowed_portal 10.0.0.1\n"
	"	}\n"
	"}\n";

static const char chap_want[] =
	"TARGET_DRIVER iscsi {\n"
	"	IncomingUser \"disco 12charsecret\"\n"
	"	OutgoingUser \"out 12charsecretY\"\n"
	"	TARGET t1 {\n"
	"		IncomingUser \"joe 12charsecret1\"\n"
	"		IncomingUser \"carl 12charsecret3\"\n"
	"		allowed_portal 10.0.0.2\n"
	"	}\n"
	"}\n";

static void test_dynamic_sets(void **state)
{
	struct scstcfg_plan *p = plan(chap_cur, chap_want, SCSTCFG_PLAN_FORCE);

	/* only the differences: no remove-all/re-add */
	ASSERT_BEFORE(p, "targets/iscsi/mgmt <- del_attribute OutgoingUser out",
		      "targets/iscsi/mgmt <- add_attribute OutgoingUser out 12charsecretY");
	ASSERT_OP(p, "targets/iscsi/mgmt <- del_target_attribute t1 IncomingUser bob");
	ASSERT_OP(p, "targets/iscsi/mgmt <- add_target_attribute t1 IncomingUser carl "
		     "12charsecret3");
	ASSERT_OP(p, "targets/iscsi/mgmt <- del_target_attribute t1 allowed_portal 10.0.0.1");
	ASSERT_OP(p, "targets/iscsi/mgmt <- add_target_attribute t1 allowed_portal 10.0.0.2");
	if (scstcfg_plan_count(p) != 6)
		dump(p);
	assert_int_equal(scstcfg_plan_count(p), 6);
	scstcfg_plan_free(p);

	/* without -force: extra values stay (a note), changed secrets still change */
	p = plan(chap_cur, chap_want, 0);
	ASSERT_OP(p, "targets/iscsi/mgmt <- del_attribute OutgoingUser out");
	assert_true(find_op(p, "targets/iscsi/mgmt <- del_target_attribute t1 IncomingUser bob")
		    < 0);
	assert_true(scstcfg_plan_note_count(p) >= 1);
	scstcfg_plan_free(p);
}

static const char luns_cur[] =
	"HANDLER vdisk_nullio {\n"
	"	DEVICE d1\n"
	"	DEVICE d2\n"
	"	DEVICE d3\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	TARGET t1 {\n"
	"		LUN 0 d1\n"
	"		LUN 1 d2\n"
	"		LUN 2 d3\n"
	"		GROUP g1 {\n"
	"			INITIATOR i1\n"
	"			INITIATOR i2\n"
	"		}\n"
	"		GROUP old {\n"
	"			INITIATOR i3\n"
	"		}\n"
	"	}\n"
	"	TARGET gone {\n"
	"		enabled 1\n"
	"		LUN 0 d1\n"
	"	}\n"
	"}\n";

static const char luns_want[] =
	"HANDLER vdisk_nullio {\n"
	"	DEVICE d1\n"
	"	DEVICE d2\n"
	"	DEVICE d3\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	TARGET t1 {\n"
	"		LUN 0 d2\n"
	"		LUN 1 d2\n"
	"		GROUP g1 {\n"
	"			INITIATOR i1\n"
	"		}\n"
	"		GROUP g2 {\n"
	"			INITIATOR i3\n"
	"		}\n"
	"	}\n"
	"}\n";

static void test_luns_groups_targets(void **state)
{
	struct scstcfg_plan *p = plan(luns_cur, luns_want, SCSTCFG_PLAN_FORCE);

	ASSERT_OP(p, "targets/iscsi/t1/luns/mgmt <- replace d2 0");
	ASSERT_OP(p, "targets/iscsi/t1/luns/mgmt <- del 2");
	assert_true(find_op(p, "targets/iscsi/t1/luns/mgmt <- add d2 1") < 0);
	/* i3 moves from "old" to the new g2, then "old" goes */
	ASSERT_BEFORE(p, "targets/iscsi/t1/ini_groups/mgmt <- create g2",
		      "targets/iscsi/t1/ini_groups/old/initiators/mgmt <- move i3 g2");
	ASSERT_BEFORE(p, "targets/iscsi/t1/ini_groups/old/initiators/mgmt <- move i3 g2",
		      "targets/iscsi/t1/ini_groups/mgmt <- del old");
	ASSERT_OP(p, "targets/iscsi/t1/ini_groups/g1/initiators/mgmt <- del i2");
	/* removal: disable, delete (no sessions in a model); the LUNs go with
	 * the target, no "clear" */
	ASSERT_BEFORE(p, "targets/iscsi/gone/enabled <- 0", "targets/iscsi/mgmt <- del_target gone");
	assert_true(find_op(p, "targets/iscsi/gone/luns/mgmt <- clear") < 0);
	scstcfg_plan_free(p);

	/* without -force nothing is removed; the additions still happen */
	p = plan(luns_cur, luns_want, 0);
	assert_true(find_op(p, "targets/iscsi/mgmt <- del_target gone") < 0);
	assert_true(find_op(p, "targets/iscsi/t1/luns/mgmt <- del 2") < 0);
	ASSERT_OP(p, "targets/iscsi/t1/luns/mgmt <- replace d2 0");
	assert_true(scstcfg_plan_note_count(p) >= 3);
	scstcfg_plan_free(p);
}

/*
 * RECREATE_CONF() - test_recreate's configuration: fileio device d1 with
 * @file and @prod (string literals) as its filename and prod_id, LUN 0 of
 * iSCSI target t1 and a member of device group dg.
 */
#define RECREATE_CONF(file, prod) \
	"HANDLER vdisk_fileio {\n" \
	"	DEVICE d1 {\n" \
	"		filename " file "\n" \
	"		prod_id " prod "\n" \
	"	}\n" \
	"}\n" \
	"TARGET_DRIVER iscsi {\n" \
	"	TARGET t1 {\n" \
	"		LUN 0 d1\n" \
	"	}\n" \
	"}\n" \
	"DEVICE_GROUP dg {\n" \
	"	DEVICE d1\n" \
	"}\n"

static void test_recreate(void **state)
{
	static const char cur[] = RECREATE_CONF("/a.img", "P");
	static const char want[] = RECREATE_CONF("/b.img", "Q");
	struct scstcfg_plan *p = plan(cur, want, SCSTCFG_PLAN_FORCE);

	ASSERT_BEFORE(p, "handlers/vdisk_fileio/mgmt <- del_device d1",
		      "handlers/vdisk_fileio/mgmt <- add_device d1 filename=/b.img;");
	ASSERT_BEFORE(p, "handlers/vdisk_fileio/mgmt <- add_device d1 filename=/b.img;",
		      "devices/d1/prod_id <- Q");
	/* the kernel dropped the LUN and the ALUA membership with the device */
	ASSERT_BEFORE(p, "handlers/vdisk_fileio/mgmt <- add_device d1 filename=/b.img;",
		      "targets/iscsi/t1/luns/mgmt <- add d1 0");
	ASSERT_OP(p, "device_groups/dg/devices/mgmt <- add d1");
	scstcfg_plan_free(p);

	/* a settable attribute alone changes in place */
	p = plan(cur, RECREATE_CONF("/a.img", "Q"), SCSTCFG_PLAN_FORCE);
	assert_int_equal(scstcfg_plan_count(p), 1);
	assert_string_equal(op_str(p, 0), "devices/d1/prod_id <- Q");
	scstcfg_plan_free(p);
}

/* CM_NULLIO() - nullio devices d1 and d2, then @more (DEVICE lines). */
#define CM_NULLIO(more) \
	"HANDLER vdisk_nullio {\n" \
	"	DEVICE d1\n" \
	"	DEVICE d2\n" \
	more \
	"}\n"

static void test_copy_manager(void **state)
{
	static const char cur[] =
		CM_NULLIO("")
		"TARGET_DRIVER copy_manager {\n"
		"	TARGET copy_manager_tgt {\n"
		"		LUN 0 d1\n"
		"		LUN 1 d2\n"
		"	}\n"
		"}\n";
	static const char want_none[] = CM_NULLIO("	DEVICE d3\n");
	static const char want_listed[] =
		CM_NULLIO("	DEVICE d3\n")
		"TARGET_DRIVER copy_manager {\n"
		"	TARGET copy_manager_tgt {\n"
		"		LUN 5 d1\n"
		"		LUN 6 d3\n"
		"	}\n"
		"}\n";
	struct scstcfg_plan *p = plan(cur, want_none, SCSTCFG_PLAN_FORCE);

	/* auto LUNs are the kernel's; the target is never deleted */
	assert_int_equal(scstcfg_plan_count(p), 1);
	assert_string_equal(op_str(p, 0), "handlers/vdisk_nullio/mgmt <- add_device d3");
	scstcfg_plan_free(p);

	p = plan(cur, want_listed, 0);
	/* d1 moves to LUN 5 even without -force; d2's LUN is left alone */
	ASSERT_BEFORE(p, "targets/copy_manager/copy_manager_tgt/luns/mgmt <- del 0",
		      "targets/copy_manager/copy_manager_tgt/luns/mgmt <- add d1 5");
	assert_true(find_op(p, "targets/copy_manager/copy_manager_tgt/luns/mgmt <- del 1") < 0);
	/* the new d3 first loses its automatic LUN */
	ASSERT_BEFORE(p, "targets/copy_manager/copy_manager_tgt/luns <- d3",
		      "targets/copy_manager/copy_manager_tgt/luns/mgmt <- add d3 6");
	assert_true(scstcfg_op_get_flags(scstcfg_plan_get_op(
			    p, find_op(p, "targets/copy_manager/copy_manager_tgt/luns <- d3"))) &
		    SCSTCFG_OP_UNMAP_DEVICE);
	assert_true(find_op(p, "targets/copy_manager/mgmt <- del_target copy_manager_tgt") < 0);
	scstcfg_plan_free(p);
}

static void test_npiv_and_hw(void **state)
{
	static const char cur[] =
		"TARGET_DRIVER qla2x00t {\n"
		"	TARGET 50:01 {\n"
		"		HW_TARGET\n"
		"		enabled 0\n"
		"	}\n"
		"	TARGET 50:02 {\n"
		"		HW_TARGET\n"
		"		enabled 1\n"
		"	}\n"
		"}\n";
	static const char want[] =
		"TARGET_DRIVER qla2x00t {\n"
		"	TARGET 50:01 {\n"
		"		HW_TARGET\n"
		"		enabled 1\n"
		"	}\n"
		"	TARGET 60:01 {\n"
		"		node_name 60:00\n"
		"		parent_host 50:01\n"
		"		enabled 1\n"
		"	}\n"
		"}\n";
	struct scstcfg_plan *p = plan(cur, want, SCSTCFG_PLAN_FORCE);

	ASSERT_BEFORE(p, "targets/qla2x00t/50:01/enabled <- 1",
		      "targets/qla2x00t/mgmt <- add_target 60:01 node_name=60:00;parent_host=50:01;");
	ASSERT_BEFORE(p, "targets/qla2x00t/mgmt <- add_target 60:01 node_name=60:00;"
			 "parent_host=50:01;",
		      "targets/qla2x00t/60:01/enabled <- 1");
	/* the unlisted hardware target is disabled, never deleted */
	ASSERT_OP(p, "targets/qla2x00t/50:02/enabled <- 0");
	assert_true(find_op(p, "targets/qla2x00t/mgmt <- del_target 50:02") < 0);
	assert_int_equal(scstcfg_plan_count(p), 4);
	scstcfg_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_zero_ops),
		cmocka_unit_test(test_from_empty_ordered),
		cmocka_unit_test(test_dynamic_sets),
		cmocka_unit_test(test_luns_groups_targets),
		cmocka_unit_test(test_recreate),
		cmocka_unit_test(test_copy_manager),
		cmocka_unit_test(test_npiv_and_hw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
