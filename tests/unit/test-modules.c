// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the handler/driver -> kernel module map and of "already
 * loaded -> nothing to load" (lib/scstcfg/modules.c; spec scstadmin.md
 * §3.2 step 1).  /sys/module is replaced by a temporary directory: this is
 * the OS side, not SCST behaviour.  Real loading is an e2e matter.
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
#include <unistd.h>
#include <cmocka.h>

#include "sysfs.h"

static char dir[] = "/tmp/test-modules-XXXXXX";

static void mkmod(const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_int_equal(mkdir(p, 0755), 0);
}

static const struct scstcfg_module *find(const struct scstcfg_module *v, size_t n,
					 const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static void test_map(void **state)
{
	const char *const handlers[] = { "vdisk_fileio", "vdisk_blockio", "vcdrom", "dev_disk",
					 "dev_disk_perf", "dev_tape_perf", "dev_changer",
					 "weird_handler" };
	const char *const drivers[] = { "iscsi", "copy_manager", "qla2x00t", "scst_local",
					"unknown_drv" };
	struct scstcfg_module *v;
	size_t n;

	assert_int_equal(scstcfg_modules_needed(handlers, 8, drivers, 5, dir, &v, &n), 0);
	assert_string_equal(v[0].name, "scst");
	assert_false(v[0].optional);
	assert_non_null(find(v, n, "scst_vdisk"));
	assert_non_null(find(v, n, "scst_disk"));
	assert_non_null(find(v, n, "scst_tape"));
	assert_non_null(find(v, n, "scst_changer"));
	assert_non_null(find(v, n, "iscsi_scst"));
	assert_true(find(v, n, "crc32c")->optional);
	assert_non_null(find(v, n, "qla2x00tgt"));
	assert_non_null(find(v, n, "scst_local"));
	assert_null(find(v, n, "weird_handler"));
	assert_null(find(v, n, "unknown_drv"));
	assert_null(find(v, n, "copy_manager"));
	/* scst, vdisk, disk, tape, changer, iscsi_scst, crc32c, qla2x00tgt, scst_local */
	assert_int_equal(n, 9);
	free(v);

	assert_int_equal(scstcfg_modules_needed(NULL, 0, NULL, 0, dir, &v, &n), 0);
	assert_int_equal(n, 1);
	free(v);
}

static void test_already_loaded(void **state)
{
	const char *const handlers[] = { "vdisk_fileio", "vdisk_nullio" };
	const char *const drivers[] = { "iscsi", "copy_manager" };
	struct scstcfg_module *v;
	struct scstcfg_sysfs *s;
	size_t n, i;

	mkmod("scst");
	mkmod("scst_vdisk");
	mkmod("iscsi_scst");
	mkmod("crc32c_intel");	/* any crc32c variant counts */
	assert_int_equal(scstcfg_modules_needed(handlers, 2, drivers, 2, dir, &v, &n), 0);
	for (i = 0; i < n; i++)
		assert_true(v[i].loaded);
	free(v);
	/* Nothing missing: libkmod is never asked, even for real. */
	assert_int_equal(scstcfg_sysfs_new("/nonexistent", &s), 0);
	assert_int_equal(scstcfg_modules_load(s, handlers, 2, drivers, 2, dir), 0);

	/* '-' in a module name is '_' under /sys/module. */
	assert_true(scstcfg_module_is_loaded(dir, "iscsi-scst"));
	assert_false(scstcfg_module_is_loaded(dir, "scst_local"));

	/* Missing ones are counted in a dry run, without loading. */
	{
		const char *const d2[] = { "scst_local", "qla2x00t" };

		scstcfg_sysfs_set_dry_run(s, true);
		assert_int_equal(scstcfg_modules_load(s, handlers, 2, d2, 2, dir), 2);
	}
	scstcfg_sysfs_free(s);
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_already_loaded),
	};

	if (!mkdtemp(dir))
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
