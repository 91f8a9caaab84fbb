// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Validation that protects the kernel (scstcfg_model_validate()): hostile
 * names and values, clashes with the kernel's own files, duplicates SCST
 * rejects.  Each error is checked with its exact line and column.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf-helpers.h"

#define HND(body) "HANDLER vdisk_fileio {\n" body "}\n"
#define DRV(body) "TARGET_DRIVER iscsi {\n" body "}\n"

struct vcase {
	const char *text;
	unsigned int line, col;
	const char *msg;
};

static void run_cases(const struct vcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct scstcfg_diags *d;
		const struct scstcfg_diag *g;
		int k;

		assert_int_equal(check_str(c[i].text, &d), -EINVAL);
		k = find_diag(d, SCSTCFG_ERROR, c[i].msg);
		if (k < 0 || scstcfg_diags_count_severity(d, SCSTCFG_ERROR) != 1) {
			fprintf(stderr, "case %zu:\n", i);
			dump_diags(d);
		}
		assert_true(k >= 0);
		assert_int_equal(scstcfg_diags_count_severity(d, SCSTCFG_ERROR), 1);
		g = scstcfg_diags_at(d, (size_t)k);
		assert_int_equal(scstcfg_diag_get_line(g), c[i].line);
		assert_int_equal(scstcfg_diag_get_col(g), c[i].col);
		scstcfg_diags_free(d);
	}
}

static void test_names(void **state)
{
	static const struct vcase cases[] = {
		{ HND("\tDEVICE a/b\n"), 2, 9,
		  "Device 'a/b' configured for handler 'vdisk_fileio' may not contain character '/'." },
		{ HND("\tDEVICE a.b\n"), 2, 9, "device name 'a.b' contains '.'" },
		{ HND("\tDEVICE \"a b\"\n"), 2, 9, "device name 'a b' contains a blank" },
		{ HND("\tDEVICE a\\=b\n"), 2, 9, "device name 'a=b' contains '='" },
		{ HND("\tDEVICE \"a\x01\"\n"), 2, 9, "contains the control character 0x01" },
		{ HND("\tDEVICE \"\"\n"), 2, 9, "empty device name" },
		{ HND("\tDEVICE d0123456789012345678901234567890123456789012345678901234567890123\n"),
		  2, 9, "is longer than 64 characters" },
		{ HND("\tDEVICE mgmt\n"), 2, 9, "device name 'mgmt' clashes with the handler's own file" },
		{ HND("\tDEVICE type\n"), 2, 9, "device name 'type' clashes" },
		{ HND("\tDEVICE trace_level\n"), 2, 9, "device name 'trace_level' clashes" },
		{ DRV("\tTARGET mgmt\n"), 2, 9, "target name 'mgmt' clashes with the driver's own file" },
		{ DRV("\tTARGET enabled\n"), 2, 9, "target name 'enabled' clashes" },
		{ DRV("\tTARGET \"t 1\"\n"), 2, 9, "target name 't 1' contains a blank" },
		{ DRV("\tTARGET t {\n\t\tGROUP mgmt\n\t}\n"), 3, 9, "group name 'mgmt' clashes" },
		{ DRV("\tTARGET t {\n\t\tGROUP a/b\n\t}\n"), 3, 9, "group name 'a/b' contains '/'" },
		{ DRV("\tTARGET t {\n\t\tGROUP g {\n\t\t\tINITIATOR mgmt\n\t\t}\n\t}\n"), 4, 14,
		  "initiator name 'mgmt' clashes" },
		{ DRV("\tTARGET t {\n\t\tGROUP g {\n\t\t\tINITIATOR \"i q\"\n\t\t}\n\t}\n"), 4, 14,
		  "initiator name 'i q' contains a blank" },
		{ "HANDLER \"vdisk fileio\" {\n}\n" DRV("\tTARGET t\n"), 1, 9,
		  "handler name 'vdisk fileio' contains a blank" },
		{ "TARGET_DRIVER i/x {\n\tTARGET t\n}\n", 1, 15,
		  "target driver name 'i/x' contains '/'" },
		{ DRV("\tTARGET t\n") "DEVICE_GROUP \"d g\" {\n}\n", 4, 14,
		  "device group name 'd g' contains a blank" },
		{ DRV("\tTARGET t\n") "DEVICE_GROUP dg {\n\tTARGET_GROUP t/g\n}\n", 5, 15,
		  "target group name 't/g' contains '/'" },
		{ DRV("\tTARGET t\n") "DEVICE_GROUP dg {\n\tTARGET_GROUP tg {\n"
		  "\t\tTARGET \"x y\"\n\t}\n}\n", 6, 10, "target group target name 'x y' contains a blank" },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_values(void **state)
{
	static const struct vcase cases[] = {
		{ HND("\tDEVICE d {\n\t\tfilename /a;blocksize=512\n\t}\n"), 3, 3,
		  "value of attribute 'filename' contains ';'" },
		{ HND("\tDEVICE d {\n\t\tprod_id \"a\x07\"\n\t}\n"), 3, 3,
		  "value of attribute 'prod_id' contains the control character 0x07" },
		{ HND("\tDEVICE d {\n\t\tfilename \"/a b\"\n\t}\n"), 3, 3,
		  "filename '/a b' contains a blank" },
		{ HND("\tDEVICE d\n") DRV("\tTARGET t {\n\t\tLUN 0 d {\n\t\t\tread_only 1;x=1\n"
					    "\t\t}\n\t}\n"), 7, 4,
		  "value of attribute 'read_only' contains ';'" },
		{ DRV("\tTARGET t {\n\t\tsession_name a;b\n\t}\n"), 3, 3,
		  "value of attribute 'session_name' contains ';'" },
		{ DRV("\tTARGET t {\n\t\t\"a b\" 1\n\t}\n"), 3, 3,
		  "attribute name 'a b' contains a blank" },
		{ DRV("\tTARGET t {\n\t\ta\\;b 1\n\t}\n"), 3, 3,
		  "attribute name 'a;b' contains ';'" },
		{ DRV("\tTARGET t {\n\t\t\"\" 1\n\t}\n"), 3, 3, "empty attribute name" },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* ';' is fine where no k=v; list is involved: CHAP secrets, core attributes. */
static void test_semicolon_allowed(void **state)
{
	struct scstcfg_diags *d;

	assert_int_equal(check_str(DRV("\tIncomingUser \"joe se;cret12345\"\n"
				       "\tTARGET t {\n\t\tIncomingUser \"bob s;ecret123456\"\n\t}\n")
				   "cluster_name a;b\n", &d), 0);
	assert_int_equal(scstcfg_diags_count_severity(d, SCSTCFG_ERROR), 0);
	scstcfg_diags_free(d);
}

static void test_duplicates(void **state)
{
	static const struct vcase cases[] = {
		{ DRV("\tTARGET t {\n\t\tGROUP g1 {\n\t\t\tINITIATOR i1\n\t\t}\n"
		      "\t\tGROUP g2 {\n\t\t\tINITIATOR i1\n\t\t}\n\t}\n"), 7, 14,
		  "Initiator 'i1' belongs to more than one group of driver/target 'iscsi/t' "
		  "('g1' and 'g2')" },
		{ HND("\tDEVICE d\n") DRV("\tTARGET t\n")
		  "DEVICE_GROUP a {\n\tDEVICE d\n}\nDEVICE_GROUP b {\n\tDEVICE d\n}\n", 11, 9,
		  "device 'd' is in device groups 'a' and 'b'" },
		{ DRV("\tTARGET t\n") "DEVICE_GROUP a {\n\tTARGET_GROUP x {\n\t\tTARGET t\n\t}\n"
		  "\tTARGET_GROUP y {\n\t\tTARGET t\n\t}\n}\n", 9, 10,
		  "target 't' is in target groups 'x' and 'y' of device group 'a'" },
	};

	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Models built in memory: no positions, newline values, LUN range. */
static void test_built_model(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_node *h, *dv, *drv, *t;
	struct scstcfg_diags *d;
	struct scstcfg_ctx *ctx;
	const struct scstcfg_diag *g;
	char *s;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_diags_new(&d), 0);
	assert_int_equal(scstcfg_model_new(&m), 0);
	assert_int_equal(scstcfg_node_add(scstcfg_model_get_root(m), SCSTCFG_KIND_HANDLER,
					  "vdisk_nullio", &h), 0);
	assert_int_equal(scstcfg_node_add(h, SCSTCFG_KIND_DEVICE, "n0", &dv), 0);
	assert_int_equal(scstcfg_attr_add(dv, "prod_id", "a\nb", NULL), 0);
	assert_int_equal(scstcfg_node_add(scstcfg_model_get_root(m), SCSTCFG_KIND_DRIVER,
					  "iscsi", &drv), 0);
	assert_int_equal(scstcfg_node_add(drv, SCSTCFG_KIND_TARGET, "t", &t), 0);
	assert_int_equal(scstcfg_lun_add(t, 20000, "n0", NULL), 0);
	assert_int_equal(scstcfg_model_validate(ctx, m, d), -EINVAL);
	assert_int_equal(scstcfg_diags_count(d), 2);
	g = scstcfg_diags_at(d, 0);
	assert_string_equal(scstcfg_diag_get_message(g),
			    "value of attribute 'prod_id' contains the control character 0x0a");
	assert_int_equal(scstcfg_diag_get_line(g), 0);
	assert_string_equal(scstcfg_diag_get_file(g), "");
	assert_string_equal(scstcfg_ctx_last_error(ctx), ": " "value of attribute 'prod_id' "
			    "contains the control character 0x0a");
	assert_true(find_diag(d, SCSTCFG_ERROR, "LUN number 20000 is above 16383") >= 0);
	/* the printer refuses what it cannot write back */
	assert_int_equal(scstcfg_model_print(m, 0, &s, NULL), -EINVAL);
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
	scstcfg_ctx_free(ctx);
}

/* The corpus and the example: what is valid stays valid. */
static void test_valid(void **state)
{
	struct scstcfg_diags *d;

	assert_int_equal(check_str(HND("\tDEVICE n-0_a:b\n\tDEVICE \"n#1\"\n\tDEVICE n*2\n"
				       "\tDEVICE handler\n\tDEVICE 1:0:0:0\n"
				       "\tDEVICE d012345678901234567890123456789012345678901234567890123456789abc\n")
				   DRV("\tTARGET iqn.2024-01.com.example:t {\n\t\tLUN 0 n*2\n"
				       "\t\tGROUP g {\n\t\t\tINITIATOR *\\#*\n\t\t\tINITIATOR !iqn*\n"
				       "\t\t}\n\t}\n"), &d), 0);
	assert_int_equal(scstcfg_diags_count_severity(d, SCSTCFG_ERROR), 0);
	scstcfg_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_semicolon_allowed),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_built_model),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
