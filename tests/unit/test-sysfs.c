// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the pure parts of the sysfs layer (lib/scstcfg/sysfs.h):
 * attribute text, secret masking, mgmt help parsing, root selection and the
 * "SCST not loaded" error.  Everything that talks to SCST behaviour runs
 * against an scstfs mount (tests/scstadmin/apply-*).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sysfs.h"
#include "tk.h"

static void check_attr(const char *text, const char *value, bool key)
{
	char *v;
	bool k;

	assert_int_equal(scstcfg_attr_parse(text, &v, &k), 0);
	assert_string_equal(v, value);
	assert_int_equal(k, key);
	free(v);
}

static void test_attr_parse(void **state)
{
	check_attr("", "", false);			/* cluster_name unset */
	check_attr("32\n", "32", false);
	check_attr("16\n[key]\n", "16", true);
	check_attr("16\n[key]\n\n", "16", true);	/* iSCSI daemon attr quirk */
	check_attr("/srv/a.img\n[key]\n\n", "/srv/a.img", true);	/* vdisk filename */
	check_attr("1\n\n", "1", false);		/* iSCSI driver enabled */
	check_attr("\n\n", "", false);			/* iSNSServer unset */
	check_attr("joe 12charsecret\n[key]\n", "joe 12charsecret", true);
	check_attr("x\n[key]extra\n", "x", false);
	check_attr("no newline", "no newline", false);
}

static void check_mask(const char *rel, const char *in, const char *want)
{
	struct tk_buf b = TK_BUF_INIT;

	assert_int_equal(scstcfg_mask_secrets(rel, in, strlen(in), &b), 0);
	assert_string_equal(b.data ? b.data : "", want);
	tk_buf_free(&b);
}

static void test_mask(void **state)
{
	check_mask("targets/iscsi/mgmt", "add_attribute IncomingUser joe 12charsecret",
		   "add_attribute IncomingUser joe ***");
	check_mask("targets/iscsi/mgmt",
		   "add_target_attribute iqn.x:t1 OutgoingUser out sekret12chars",
		   "add_target_attribute iqn.x:t1 OutgoingUser out ***");
	check_mask("targets/iscsi/mgmt",
		   "add_target iqn.x:t1 IncomingUser=joe s3cret;QueuedCommands=8;"
		   "incominguser1=ann pw2;",
		   "add_target iqn.x:t1 IncomingUser=joe ***;QueuedCommands=8;"
		   "incominguser1=ann ***;");
	check_mask("targets/iscsi/mgmt", "del_attribute IncomingUser joe",
		   "del_attribute IncomingUser joe");
	check_mask("targets/iscsi/iqn.x:t1/IncomingUser1", "joe s3cret", "joe ***");
	check_mask("targets/iscsi/iqn.x:t1/QueuedCommands", "8", "8");
	check_mask("handlers/vdisk_fileio/mgmt", "add_device IncomingUserX a b",
		   "add_device IncomingUserX a b");
	check_mask(NULL, "", "");
}

static const char iscsi_help[] =
	"Usage: echo \"add_target target_name [parameters]\" >mgmt\n"
	"       echo \"del_target target_name\" >mgmt\n\n"
	"where parameters are one or more param_name=value pairs separated by ';'\n\n"
	"The following target driver attributes available: IncomingUser, OutgoingUser\n"
	"The following target attributes available: IncomingUser, OutgoingUser, "
	"allowed_portal\n\n";

static void test_help(void **state)
{
	struct scstcfg_mgmt_help h;

	assert_int_equal(scstcfg_mgmt_help_parse(iscsi_help, &h), 0);
	assert_int_equal(h.n_params, 0);
	assert_int_equal(h.n_drv_attrs, 2);
	assert_string_equal(h.drv_attrs[1], "OutgoingUser");
	assert_int_equal(h.n_tgt_attrs, 3);
	assert_string_equal(h.tgt_attrs[2], "allowed_portal");
	assert_true(scstcfg_mgmt_help_has(h.tgt_attrs, h.n_tgt_attrs, "ALLOWED_PORTAL"));
	assert_false(scstcfg_mgmt_help_has(h.drv_attrs, h.n_drv_attrs, "allowed_portal"));
	scstcfg_mgmt_help_free(&h);

	/* with and without the final period; LUN read_only has none */
	assert_int_equal(scstcfg_mgmt_help_parse(
				 "x\n\nThe following parameters available: a, b_c, cluster_mode.\n\n",
				 &h), 0);
	assert_int_equal(h.n_params, 3);
	assert_string_equal(h.params[0], "a");
	assert_string_equal(h.params[2], "cluster_mode");
	scstcfg_mgmt_help_free(&h);
	assert_int_equal(scstcfg_mgmt_help_parse(
				 "clear\" >mgmt\n\nThe following parameters available: read_only\n",
				 &h), 0);
	assert_int_equal(h.n_params, 1);
	assert_string_equal(h.params[0], "read_only");
	scstcfg_mgmt_help_free(&h);
	assert_int_equal(scstcfg_mgmt_help_parse("Usage: echo \"create g\" >mgmt\n", &h), 0);
	assert_int_equal(h.n_params + h.n_drv_attrs + h.n_tgt_attrs, 0);
	scstcfg_mgmt_help_free(&h);
}

static void test_root_and_probe(void **state)
{
	struct scstcfg_sysfs *s;

	setenv("SCST_SYSFS_ROOT", "/nonexistent/scst_tgt/", 1);
	assert_int_equal(scstcfg_sysfs_new(NULL, &s), 0);
	assert_string_equal(scstcfg_sysfs_get_root(s), "/nonexistent/scst_tgt");
	assert_string_equal(scstcfg_sysfs_last_error(s), "");
	assert_int_equal(scstcfg_sysfs_probe(s), -SCSTCFG_ENOSCST);
	assert_non_null(strstr(scstcfg_sysfs_last_error(s),
			       "Failed to obtain SCST version information. "
			       "Are the SCST modules loaded?"));
	assert_string_equal(scstcfg_apply_strerror(-SCSTCFG_ENOSCST),
			    "Failed to obtain SCST version information. "
			    "Are the SCST modules loaded?");
	assert_string_equal(scstcfg_apply_strerror(EINVAL), strerror(EINVAL));
	scstcfg_sysfs_free(s);

	unsetenv("SCST_SYSFS_ROOT");
	assert_int_equal(scstcfg_sysfs_new(NULL, &s), 0);
	assert_string_equal(scstcfg_sysfs_get_root(s), "/sys/kernel/scst_tgt");
	scstcfg_sysfs_free(s);
	scstcfg_sysfs_free(NULL);
}

static int traced;

static void trace_fn(void *priv, const struct scstcfg_trace_event *ev)
{
	traced++;
	assert_true(ev->dry_run);
	assert_string_equal(ev->data, "add_attribute IncomingUser joe ***");
	assert_string_equal(ev->path, "/nonexistent/targets/iscsi/mgmt");
	assert_ptr_equal(priv, &traced);
}

static void test_dry_run(void **state)
{
	struct scstcfg_counters c;
	struct scstcfg_sysfs *s;

	assert_int_equal(scstcfg_sysfs_new("/nonexistent", &s), 0);
	scstcfg_sysfs_set_dry_run(s, true);
	scstcfg_sysfs_set_trace(s, trace_fn, &traced);
	assert_int_equal(scstcfg_sysfs_writes(s, "targets/iscsi/mgmt",
					      "add_attribute IncomingUser joe 12charsecret"), 0);
	assert_int_equal(traced, 1);
	scstcfg_sysfs_get_counters(s, &c);
	assert_int_equal(c.dry_writes, 1);
	assert_int_equal(c.writes, 0);

	/* A real write to a missing file names path, masked command, errno. */
	scstcfg_sysfs_set_dry_run(s, false);
	scstcfg_sysfs_set_trace(s, NULL, NULL);
	assert_int_equal(scstcfg_sysfs_writes(s, "targets/iscsi/mgmt",
					      "add_attribute IncomingUser joe 12charsecret"),
			 -ENOENT);
	assert_non_null(strstr(scstcfg_sysfs_last_error(s), "/nonexistent/targets/iscsi/mgmt"));
	assert_non_null(strstr(scstcfg_sysfs_last_error(s), "joe ***"));
	assert_null(strstr(scstcfg_sysfs_last_error(s), "12charsecret"));
	assert_non_null(strstr(scstcfg_sysfs_last_error(s), "ENOENT"));
	scstcfg_sysfs_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attr_parse),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_root_and_probe),
		cmocka_unit_test(test_dry_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
