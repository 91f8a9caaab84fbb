// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The model API as issue #4 (sysfs reader, diff) uses it: building, O(1)
 * lookups, iteration, removal, attributes, comparison, secrets and the
 * atomic write.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf-helpers.h"

static struct scstcfg_node *add(struct scstcfg_node *p, enum scstcfg_kind k, const char *name)
{
	struct scstcfg_node *n = NULL;

	assert_int_equal(scstcfg_node_add(p, k, name, &n), 0);
	assert_non_null(n);
	assert_int_equal(scstcfg_node_get_kind(n), k);
	assert_string_equal(scstcfg_node_get_name(n), name);
	assert_ptr_equal(scstcfg_node_get_parent(n), p);
	return n;
}

static void test_build_and_find(void **state)
{
	struct scstcfg_node *root, *h1, *h2, *drv, *t, *l, *n;
	struct scstcfg_model *m;
	char name[32];
	unsigned int i;

	assert_int_equal(scstcfg_model_new(&m), 0);
	root = scstcfg_model_get_root(m);
	assert_int_equal(scstcfg_node_get_kind(root), SCSTCFG_KIND_ROOT);
	assert_null(scstcfg_node_get_parent(root));
	assert_string_equal(scstcfg_model_get_source(m), "");
	h1 = add(root, SCSTCFG_KIND_HANDLER, "vdisk_fileio");
	h2 = add(root, SCSTCFG_KIND_HANDLER, "vdisk_nullio");
	assert_int_equal(scstcfg_node_add(root, SCSTCFG_KIND_HANDLER, "vdisk_fileio", NULL), -EEXIST);
	/* wrong kinds are refused */
	assert_int_equal(scstcfg_node_add(root, SCSTCFG_KIND_DEVICE, "x", NULL), -EINVAL);
	assert_int_equal(scstcfg_node_add(h1, SCSTCFG_KIND_LUN, "x", NULL), -EINVAL);
	assert_int_equal(scstcfg_lun_add(h1, 0, "x", NULL), -EINVAL);
	/* many devices: the hash indexes take over */
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "d%u", i);
		add(i % 2 ? h1 : h2, SCSTCFG_KIND_DEVICE, name);
	}
	assert_int_equal(scstcfg_node_count(h1, SCSTCFG_KIND_DEVICE), 500);
	/* device names are global */
	assert_int_equal(scstcfg_node_add(h1, SCSTCFG_KIND_DEVICE, "d2", NULL), -EEXIST);
	n = scstcfg_model_find_device(m, "d777");
	assert_non_null(n);
	assert_ptr_equal(scstcfg_node_get_parent(n), h1);
	assert_ptr_equal(scstcfg_node_find(h1, SCSTCFG_KIND_DEVICE, "d777"), n);
	assert_null(scstcfg_node_find(h2, SCSTCFG_KIND_DEVICE, "d777"));
	assert_null(scstcfg_model_find_device(m, "nope"));
	/* iteration is in insertion order */
	n = scstcfg_node_first(h2, SCSTCFG_KIND_DEVICE);
	assert_string_equal(scstcfg_node_get_name(n), "d0");
	assert_string_equal(scstcfg_node_get_name(scstcfg_node_next(n)), "d2");
	drv = add(root, SCSTCFG_KIND_DRIVER, "iscsi");
	t = add(drv, SCSTCFG_KIND_TARGET, "t");
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "d%u", i);
		assert_int_equal(scstcfg_lun_add(t, 99 - i, name, NULL), 0);
	}
	assert_int_equal(scstcfg_lun_add(t, 5, "d1", NULL), -EEXIST);
	l = scstcfg_lun_find(t, 0);
	assert_string_equal(scstcfg_node_get_name(l), "d99");
	assert_int_equal(scstcfg_lun_get_number(l), 0);
	/* removal keeps the indexes right */
	assert_int_equal(scstcfg_node_remove(l), 0);
	assert_null(scstcfg_lun_find(t, 0));
	assert_non_null(scstcfg_lun_find(t, 1));
	assert_int_equal(scstcfg_node_count(t, SCSTCFG_KIND_LUN), 99);
	assert_int_equal(scstcfg_node_remove(scstcfg_model_find_device(m, "d10")), 0);
	assert_null(scstcfg_model_find_device(m, "d10"));
	assert_non_null(scstcfg_model_find_device(m, "d11"));
	assert_int_equal(scstcfg_node_add(h2, SCSTCFG_KIND_DEVICE, "d10", NULL), 0);
	assert_int_equal(scstcfg_node_remove(root), -EINVAL);
	/* HW_TARGET */
	assert_false(scstcfg_target_get_hw(t));
	assert_int_equal(scstcfg_target_set_hw(t, true), 0);
	assert_true(scstcfg_target_get_hw(t));
	assert_int_equal(scstcfg_target_set_hw(drv, true), -EINVAL);
	scstcfg_node_set_pos(t, 7, 3);
	assert_int_equal(scstcfg_node_get_line(t), 7);
	assert_int_equal(scstcfg_node_get_col(t), 3);
	scstcfg_model_free(m);
	scstcfg_model_free(NULL);
}

static void test_attrs(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_node *root;
	struct scstcfg_attr *a;

	assert_int_equal(scstcfg_model_new(&m), 0);
	root = scstcfg_model_get_root(m);
	assert_int_equal(scstcfg_attr_add(root, "IncomingUser", "joe s1", &a), 0);
	assert_string_equal(scstcfg_attr_get_name(a), "IncomingUser");
	assert_int_equal(scstcfg_attr_get_line(a), 0);
	assert_int_equal(scstcfg_attr_add(root, "IncomingUser", "amy s2", NULL), 0);
	assert_int_equal(scstcfg_attr_add(root, "IncomingUser", "joe s1", NULL), -EEXIST);
	assert_int_equal(scstcfg_attr_add(root, "setup_id", "1", NULL), 0);
	assert_int_equal(scstcfg_attr_count(root, NULL), 3);
	assert_int_equal(scstcfg_attr_count(root, "IncomingUser"), 2);
	/* file order */
	a = scstcfg_attr_first(root);
	assert_string_equal(scstcfg_attr_get_value(a), "joe s1");
	assert_string_equal(scstcfg_attr_get_value(scstcfg_attr_next(a)), "amy s2");
	assert_int_equal(scstcfg_attr_set(root, "setup_id", "2"), 0);
	assert_string_equal(scstcfg_attr_get_value(scstcfg_attr_find(root, "setup_id")), "2");
	assert_int_equal(scstcfg_attr_remove(root, "IncomingUser", "joe s1"), 1);
	assert_int_equal(scstcfg_attr_remove(root, "IncomingUser", NULL), 1);
	assert_int_equal(scstcfg_attr_remove(root, "nope", NULL), 0);
	assert_null(scstcfg_attr_find(root, "IncomingUser"));
	scstcfg_model_free(m);
}

/* Equality ignores order and positions; empty handlers/drivers count as absent. */
static void test_equal(void **state)
{
	struct scstcfg_model *a, *b;
	struct scstcfg_diags *d;
	struct scstcfg_node *rb, *h, *dv, *drv, *t;

	assert_int_equal(parse_str("HANDLER vdisk_fileio {\n\tDEVICE x {\n\t\tb 2\n\t\ta 1\n"
				   "\t\ta 0\n\t}\n}\nHANDLER dev_disk {\n}\n"
				   "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tLUN 0 x\n\t}\n}\n", &a, &d), 0);
	scstcfg_diags_free(d);
	assert_int_equal(scstcfg_model_new(&b), 0);
	rb = scstcfg_model_get_root(b);
	drv = add(rb, SCSTCFG_KIND_DRIVER, "iscsi");
	t = add(drv, SCSTCFG_KIND_TARGET, "t");
	h = add(rb, SCSTCFG_KIND_HANDLER, "vdisk_fileio");
	dv = add(h, SCSTCFG_KIND_DEVICE, "x");
	assert_int_equal(scstcfg_attr_add(dv, "a", "0", NULL), 0);
	assert_int_equal(scstcfg_attr_add(dv, "a", "1", NULL), 0);
	assert_int_equal(scstcfg_attr_add(dv, "b", "2", NULL), 0);
	assert_false(scstcfg_model_equal(a, b));
	assert_int_equal(scstcfg_lun_add(t, 0, "x", NULL), 0);
	assert_true(scstcfg_model_equal(a, b));
	assert_true(scstcfg_model_equal(b, a));
	add(rb, SCSTCFG_KIND_DRIVER, "qla2x00t");	/* empty: absent */
	assert_true(scstcfg_model_equal(a, b));
	assert_int_equal(scstcfg_target_set_hw(t, true), 0);
	assert_false(scstcfg_model_equal(a, b));
	assert_int_equal(scstcfg_target_set_hw(t, false), 0);
	assert_int_equal(scstcfg_attr_set(dv, "b", "3"), 0);
	assert_false(scstcfg_model_equal(a, b));
	scstcfg_model_free(a);
	scstcfg_model_free(b);
}

static void test_write_file_modes(void **state)
{
	char dir[] = "/tmp/scstcfg-test-XXXXXX", path[64], *text;
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_ctx *ctx;
	struct stat st;
	FILE *f;
	size_t len;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/scst.conf", dir);
	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(parse_str("setup_id 1\n", &m, &d), 0);
	scstcfg_diags_free(d);
	assert_false(scstcfg_model_has_secrets(m));
	assert_int_equal(scstcfg_model_write_file(ctx, m, 0, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	scstcfg_model_free(m);
	assert_int_equal(parse_str("TARGET_DRIVER iscsi {\n\tTARGET t {\n"
				   "\t\tincominguser1 \"joe 12charsecret\"\n\t}\n}\n", &m, &d), 0);
	scstcfg_diags_free(d);
	assert_true(scstcfg_model_has_secrets(m));
	assert_int_equal(scstcfg_model_write_file(ctx, m, SCSTCFG_PRINT_NO_HEADER, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* the stream printer writes the same text */
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 4096);
	len = fread(text, 1, 4095, f);
	fclose(f);
	assert_true(len > 0);
	assert_string_equal(text, "TARGET_DRIVER iscsi {\n\tTARGET t {\n"
				  "\t\tincominguser1 \"joe 12charsecret\"\n\t}\n}\n\n");
	free(text);
	assert_int_equal(unlink(path), 0);
	/* a failure names the path */
	snprintf(path, sizeof(path), "%s/no/such/dir", dir);
	assert_int_equal(scstcfg_model_write_file(ctx, m, 0, path), -ENOENT);
	assert_non_null(strstr(scstcfg_ctx_last_error(ctx), "Failed to save configuration to file"));
	assert_int_equal(rmdir(dir), 0);
	scstcfg_model_free(m);
	scstcfg_ctx_free(ctx);
}

static int logged;

static void count_log(void *priv, int level, const char *file, int line, const char *func,
		      const char *fmt, va_list ap)
{
	logged += *(int *)priv;
}

static void test_ctx_logging(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_ctx *ctx;
	int one = 1;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_ctx_get_log_level(ctx), 4);
	scstcfg_ctx_set_log_level(ctx, 99);
	assert_int_equal(scstcfg_ctx_get_log_level(ctx), 7);
	scstcfg_ctx_set_log_fn(ctx, count_log, &one);
	assert_string_equal(scstcfg_ctx_last_error(ctx), "");
	assert_int_equal(scstcfg_parse_text(ctx, "}", 1, NULL, NULL, &m), -EINVAL);
	assert_true(logged > 0);	/* the error is logged at debug level */
	scstcfg_ctx_set_log_level(ctx, 3);
	logged = 0;
	assert_int_equal(scstcfg_parse_text(ctx, "}", 1, NULL, NULL, &m), -EINVAL);
	assert_int_equal(logged, 0);
	scstcfg_ctx_free(ctx);
	scstcfg_ctx_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_and_find),
		cmocka_unit_test(test_attrs),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_write_file_modes),
		cmocka_unit_test(test_ctx_logging),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
