// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the scst.conf lexer and parser (spec scstadmin.md §1, §7 items 1-22). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "conf-helpers.h"

/* Asserts a diagnostic of @sev containing @needle at @line:@col. */
static void expect_diag(const struct scstcfg_diags *d, enum scstcfg_severity sev,
			unsigned int line, unsigned int col, const char *needle)
{
	int i = find_diag(d, sev, needle);
	const struct scstcfg_diag *g;

	if (i < 0)
		dump_diags(d);
	assert_true(i >= 0);
	g = scstcfg_diags_at(d, (size_t)i);
	if (scstcfg_diag_get_line(g) != line || scstcfg_diag_get_col(g) != col)
		dump_diags(d);
	assert_string_equal(scstcfg_diag_get_file(g), "t.conf");
	assert_int_equal(scstcfg_diag_get_line(g), line);
	assert_int_equal(scstcfg_diag_get_col(g), col);
}

static struct scstcfg_node *dev(struct scstcfg_model *m, const char *name)
{
	struct scstcfg_node *d = scstcfg_model_find_device(m, name);

	assert_non_null(d);
	return d;
}

static const char *attr1(const struct scstcfg_node *n, const char *name)
{
	struct scstcfg_attr *a = scstcfg_attr_find(n, name);

	assert_non_null(a);
	return scstcfg_attr_get_value(a);
}

static struct scstcfg_node *target(struct scstcfg_model *m, const char *drv, const char *tgt)
{
	struct scstcfg_node *d = scstcfg_node_find(scstcfg_model_get_root(m),
						   SCSTCFG_KIND_DRIVER, drv);

	assert_non_null(d);
	d = scstcfg_node_find(d, SCSTCFG_KIND_TARGET, tgt);
	assert_non_null(d);
	return d;
}

#define BASE "HANDLER vdisk_fileio {\n\tDEVICE d0 {\n\t\tfilename /f0\n\t}\n\tDEVICE d1\n}\n"

/* Spec §1.5 example A parses into the expected tree. */
static void test_example_a(void **state)
{
	static const char text[] =
		"setup_id 0x10\n"
		"HANDLER vdisk_fileio {\n"
		"\tDEVICE vol1 {\n\t\tfilename /srv/vol1.img\n\t\tprod_id \"Demo Disk\"\n\t}\n}\n"
		"TARGET_DRIVER iscsi {\n\tenabled 1\n\tIncomingUser \"disco 12charsecret\"\n"
		"\tTARGET iqn.2025-01.org.example:t1 {\n"
		"\t\tIncomingUser \"alice 12charsecret1\"\n\t\tIncomingUser \"bob 12charsecret22\"\n"
		"\t\tLUN 0 vol1\n"
		"\t\tGROUP hosts {\n\t\t\tINITIATOR iqn.1994-05.com.redhat:h1\\#10.1.1.50\n"
		"\t\t\tLUN 0 vol1\n\t\t}\n\t}\n}\n";
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *t, *g, *l;
	struct scstcfg_attr *a;

	assert_int_equal(parse_str(text, &m, &d), 0);
	assert_int_equal(scstcfg_diags_count_severity(d, SCSTCFG_ERROR), 0);
	assert_string_equal(attr1(scstcfg_model_get_root(m), "setup_id"), "0x10");
	assert_string_equal(attr1(dev(m, "vol1"), "prod_id"), "Demo Disk");
	t = target(m, "iscsi", "iqn.2025-01.org.example:t1");
	/* multi-valued attributes keep file order */
	a = scstcfg_attr_find(t, "IncomingUser");
	assert_string_equal(scstcfg_attr_get_value(a), "alice 12charsecret1");
	a = scstcfg_attr_find_next(a);
	assert_string_equal(scstcfg_attr_get_value(a), "bob 12charsecret22");
	assert_null(scstcfg_attr_find_next(a));
	assert_int_equal(scstcfg_attr_count(t, "IncomingUser"), 2);
	l = scstcfg_lun_find(t, 0);
	assert_non_null(l);
	assert_string_equal(scstcfg_node_get_name(l), "vol1");
	assert_int_equal(scstcfg_node_get_line(l), 14);
	assert_int_equal(scstcfg_node_get_col(l), 3);
	g = scstcfg_node_find(t, SCSTCFG_KIND_GROUP, "hosts");
	assert_non_null(g);
	assert_non_null(scstcfg_node_find(g, SCSTCFG_KIND_INITIATOR,
					  "iqn.1994-05.com.redhat:h1#10.1.1.50"));
	assert_non_null(scstcfg_lun_find(g, 0));
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* Perl quirk fix (spec §7 item 7): a one-line block keeps its body. */
static void test_one_line_block(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *t, *l;

	assert_int_equal(parse_str(BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n"
				   "\t\tLUN 0 d0 { read_only 1 } LUN 1 d1\n\t}\n}\n", &m, &d), 0);
	t = target(m, "iscsi", "t");
	l = scstcfg_lun_find(t, 0);
	assert_string_equal(attr1(l, "read_only"), "1");
	/* text after '}' continues in the parent */
	assert_non_null(scstcfg_lun_find(t, 1));
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* Perl quirk fix (spec §7 item 6): '{' alone on the next line opens the block. */
static void test_brace_next_line(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;

	assert_int_equal(parse_str("HANDLER vdisk_fileio\n{\n\tDEVICE d0\n\n\t# c\n\t{\n"
				   "\t\tfilename /f0\n\t}\n}\n", &m, &d), 0);
	assert_string_equal(attr1(dev(m, "d0"), "filename"), "/f0");
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* Perl/Python quirk fix (spec §7 item 8): brace-less sections swallow nothing. */
static void test_braceless_sections(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *root, *t, *tg;

	assert_int_equal(parse_str("HANDLER dev_disk {\n\tDEVICE 1:0:0:0\n\tDEVICE 2:0:0:0\n"
				   "\tDEVICE 3:0:0:0\n}\n"
				   "TARGET_DRIVER qla2x00t {\n\tTARGET a\n\tTARGET b\n}\n"
				   "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tGROUP g1\n\t\tGROUP g2\n"
				   "\t\tLUN 0 1:0:0:0\n\t}\n}\n"
				   "DEVICE_GROUP dg {\n\tTARGET_GROUP tg1\n\tTARGET_GROUP tg2 {\n"
				   "\t\tTARGET x\n\t\tTARGET y\n\t}\n}\n", &m, &d), 0);
	root = scstcfg_model_get_root(m);
	assert_non_null(dev(m, "2:0:0:0"));
	assert_non_null(dev(m, "3:0:0:0"));
	assert_non_null(target(m, "qla2x00t", "b"));
	t = target(m, "iscsi", "t");
	assert_int_equal(scstcfg_node_count(t, SCSTCFG_KIND_GROUP), 2);
	assert_non_null(scstcfg_lun_find(t, 0));
	tg = scstcfg_node_find(scstcfg_node_find(root, SCSTCFG_KIND_DGROUP, "dg"),
			       SCSTCFG_KIND_TGROUP, "tg2");
	assert_int_equal(scstcfg_node_count(tg, SCSTCFG_KIND_TG_TARGET), 2);
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* spec §7 item 15: key=value is key value. */
static void test_key_equals_value(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *d0;

	assert_int_equal(parse_str("setup_id=0x10\nHANDLER vdisk_fileio {\n\tDEVICE d0 {\n"
				   "\t\tfilename=/a=b\n\t\tblocksize = 4096\n\t\tnv_cache =1\n"
				   "\t\tt10\\=x y\n\t\tprod_id \"a=b c\"\n\t}\n}\n", &m, &d), 0);
	assert_string_equal(attr1(scstcfg_model_get_root(m), "setup_id"), "0x10");
	d0 = dev(m, "d0");
	assert_string_equal(attr1(d0, "filename"), "/a=b");
	assert_string_equal(attr1(d0, "blocksize"), "4096");
	assert_string_equal(attr1(d0, "nv_cache"), "1");
	assert_string_equal(attr1(d0, "t10=x"), "y");	/* an escaped '=' does not split */
	assert_string_equal(attr1(d0, "prod_id"), "a=b c");
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* CRLF files work; CR is a blank. */
static void test_crlf(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;

	assert_int_equal(parse_str("HANDLER vdisk_fileio {\r\n\tDEVICE d0 {\r\n"
				   "\t\tfilename /f0\r\n\t\tprod_id \"a b\"\r\n\t}\r\n}\r\n", &m, &d), 0);
	assert_string_equal(attr1(dev(m, "d0"), "filename"), "/f0");
	assert_string_equal(attr1(dev(m, "d0"), "prod_id"), "a b");
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* Comments and escapes (spec §1.1.1, §1.1.3; our choice documented in parse.c). */
static void test_comments_escapes(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *d0;

	assert_int_equal(parse_str("# whole line\nHANDLER vdisk_fileio { # after a brace\n"
				   "\tDEVICE d0 {\n"
				   "\t\ta foo # comment\n"
				   "\t\tb foo#x\n"
				   "\t\tc foo\\#x\n"
				   "\t\td \"p#q\"\n"
				   "\t\te back\\\\slash\n"
				   "\t\tf \"q\\\"uote\"\n"
				   "\t\tg \\{brace\\}\n"
				   "\t\th end\\\n"
				   "\t\ti \"\"\n"
				   "\t\tj\n"
				   "\t\tk \"a\tb  c\"\n"
				   "\t\tl \"unterminated\n"
				   "\t}\n}\n", &m, &d), 0);
	d0 = dev(m, "d0");
	assert_string_equal(attr1(d0, "a"), "foo");
	assert_string_equal(attr1(d0, "b"), "foo");	/* Perl would give "fo" */
	assert_string_equal(attr1(d0, "c"), "foo#x");
	assert_string_equal(attr1(d0, "d"), "p#q");
	assert_string_equal(attr1(d0, "e"), "back\\slash");
	assert_string_equal(attr1(d0, "f"), "q\"uote");
	assert_string_equal(attr1(d0, "g"), "{brace}");
	assert_string_equal(attr1(d0, "h"), "end\\");
	assert_string_equal(attr1(d0, "i"), "");
	assert_string_equal(attr1(d0, "j"), "");
	assert_string_equal(attr1(d0, "k"), "a\tb  c");
	assert_string_equal(attr1(d0, "l"), "\"unterminated");
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* Every error carries the exact line and column. */
static void test_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned int line, col;
		const char *msg;
	} cases[] = {
		{ "}\n", 1, 1, "'}' without a matching '{'" },
		{ "HANDLER h {\n\tDEVICE d {\n}\n", 1, 11, "missing '}'" },
		{ "{\n", 1, 1, "'{' without a section header" },
		{ "HANDLER h {\n\tDEVICE d {\n\t\tprod_id Demo Disk\n\t}\n}\n", 3, 16,
		  "Attribute 'prod_id' has an invalid value" },
		{ "setup_id 1 {\n}\n", 1, 12, "Attribute 'setup_id' has an invalid value" },
		{ "setup_id 1\n{\n}\n", 2, 1, "Attribute 'setup_id' has an invalid value" },
		{ BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tLUN 0 d0\n\t\tLUN 0 d1\n\t}\n}\n",
		  10, 9, "iscsi/t//0 has multiple devices assigned: 'd0' (line 9) and 'd1'" },
		{ BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tGROUP g {\n\t\t\tLUN 3 d0\n"
		  "\t\t\tLUN 3 d1\n\t\t}\n\t}\n}\n", 11, 10, "iscsi/t/g/3 has multiple devices" },
		{ BASE "HANDLER vdisk_blockio {\n\tDEVICE d0\n}\n", 8, 9,
		  "device 'd0' is already defined in HANDLER 'vdisk_fileio' at line 2" },
		{ "[HANDLER vdisk]\n", 1, 1, "deprecated procfs" },
		{ BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tLUN x d0\n\t}\n}\n", 9, 7,
		  "invalid LUN number 'x'" },
		{ BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tLUN 1\n\t}\n}\n", 9, 3,
		  "LUN 1 needs a device name" },
		{ "HANDLER\n", 1, 1, "HANDLER needs a name" },
		{ "HANDLER a b\n", 1, 11, "unexpected 'b' after HANDLER a" },
		{ "ALUA x\n", 1, 6, "unexpected 'x' after ALUA" },
		{ "TARGET_DRIVER q {\n\tTARGET t {\n\t\tHW_TARGET 1\n\t}\n}\n", 3, 13,
		  "unexpected '1' after HW_TARGET" },
		{ "TARGET_DRIVER q {\n\tTARGET t {\n\t\tHW_TARGET {\n\t\t}\n\t}\n}\n", 3, 13,
		  "Attribute 'HW_TARGET' has an invalid value" },
		{ BASE "DEVICE_GROUP g {\n\tDEVICE d0 {\n\t}\n}\n", 8, 12,
		  "a DEVICE reference in a DEVICE_GROUP takes no block" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct scstcfg_model *m = (struct scstcfg_model *)&m;
		struct scstcfg_diags *d;

		assert_int_equal(parse_str(cases[i].text, &m, &d), -EINVAL);
		assert_null(m);	/* never a partial result */
		expect_diag(d, SCSTCFG_ERROR, cases[i].line, cases[i].col, cases[i].msg);
		scstcfg_diags_free(d);
	}
}

/* The context's last error and the formatted diagnostic (line + caret). */
static void test_last_error_and_format(void **state)
{
	static const char text[] = "HANDLER h {\n\tDEVICE d {\n\t\tprod_id Demo Disk\n\t}\n}\n";
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_ctx *ctx;
	char *s;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_diags_new(&d), 0);
	assert_int_equal(scstcfg_parse_text(ctx, text, strlen(text), NULL, d, &m), -EINVAL);
	assert_string_equal(scstcfg_ctx_last_error(ctx),
			    "<text>:3:16: Attribute 'prod_id' has an invalid value "
			    "(quote a value that contains blanks)");
	assert_int_equal(scstcfg_diag_format(scstcfg_diags_at(d, 0), &s), 0);
	assert_string_equal(s, "<text>:3:16: error: Attribute 'prod_id' has an invalid value "
			       "(quote a value that contains blanks)\n"
			       "\t\tprod_id Demo Disk\n"
			       "\t\t             ^\n");
	free(s);
	assert_string_equal(scstcfg_strerror(-EINVAL), scstcfg_strerror(EINVAL));
	scstcfg_diags_free(d);
	scstcfg_ctx_free(ctx);
}

/* Parses @len bytes of @text (which may hold NULs) as "t.conf"; must fail. */
static void expect_nul_error(const char *text, size_t len, unsigned int line, unsigned int col,
			     const char *src)
{
	struct scstcfg_model *m = (struct scstcfg_model *)1;
	struct scstcfg_diags *d;
	struct scstcfg_ctx *ctx;
	char want[256];

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_diags_new(&d), 0);
	assert_int_equal(scstcfg_parse_text(ctx, text, len, "t.conf", d, &m), -EINVAL);
	assert_null(m);
	/* the only diagnostic: what follows a NUL is not read */
	if (scstcfg_diags_count(d) != 1)
		dump_diags(d);
	assert_int_equal(scstcfg_diags_count(d), 1);
	expect_diag(d, SCSTCFG_ERROR, line, col, "NUL byte");
	snprintf(want, sizeof(want), "t.conf:%u:%u: %s", line, col,
		 scstcfg_diag_get_message(scstcfg_diags_at(d, 0)));
	assert_string_equal(scstcfg_ctx_last_error(ctx), want);
	/* the source line is shown up to the NUL, the caret right after it */
	assert_string_equal(scstcfg_diag_get_source_line(scstcfg_diags_at(d, 0)), src);
	scstcfg_diags_free(d);
	scstcfg_ctx_free(ctx);
}

#define NUL_CASE(lit, line, col, src) expect_nul_error(lit, sizeof(lit) - 1, line, col, src)

/*
 * Issue #2: a NUL byte anywhere is an error at its exact position, and
 * nothing is produced (it used to cut "a\0b" to "a").  A text file has no
 * NULs, so one inside a comment is an error too.
 */
static void test_nul_bytes(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_ctx *ctx;
	char path[] = "/tmp/test-parse-XXXXXX";
	char *s;
	FILE *f;
	int fd;

	/* in a value, a name, a section name, a quoted value, after an escape */
	NUL_CASE(BASE "foo a\0b\n", 7, 6, "foo a");
	NUL_CASE("HANDLER h\0x {\n}\n", 1, 10, "HANDLER h");
	NUL_CASE("HANDLER h {\n\tDEVICE d {\n\t\tfilename /a\0b\n\t}\n}\n", 3, 14,
		 "\t\tfilename /a");
	NUL_CASE("HANDLER h {\n\tDEVICE d {\n\t\tprod_id \"a\0 b\"\n\t}\n}\n", 3, 13,
		 "\t\tprod_id \"a");
	NUL_CASE("setup_id 1\\\0\n", 1, 12, "setup_id 1\\");
	NUL_CASE("fo\0o=1\n", 1, 3, "fo");
	NUL_CASE("setup_id=\0\n", 1, 10, "setup_id=");
	/* in a comment, between tokens, alone, at the very start and end */
	NUL_CASE("# comment\0 more\nHANDLER h {\n}\n", 1, 10, "# comment");
	NUL_CASE(BASE "setup_id 1 # x\0\n", 7, 15, "setup_id 1 # x");
	NUL_CASE("setup_id 1 \0 \n", 1, 12, "setup_id 1 ");
	NUL_CASE("\0", 1, 1, "");
	NUL_CASE(BASE "\n\0", 8, 1, "");
	NUL_CASE(BASE "setup_id 1\0", 7, 11, "setup_id 1");
	NUL_CASE("HANDLER h {\r\n\t\0\r\n}\r\n", 2, 2, "\t");
	/* errors before the NUL are reported too; the NUL stops the parse */
	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_diags_new(&d), 0);
	assert_int_equal(scstcfg_parse_text(ctx, "}\nHANDLER h {\n\t\0}\n", 17, "t.conf", d, &m),
			 -EINVAL);
	assert_int_equal(scstcfg_diags_count(d), 2);
	expect_diag(d, SCSTCFG_ERROR, 1, 1, "'}' without a matching '{'");
	expect_diag(d, SCSTCFG_ERROR, 3, 2, "NUL byte");
	scstcfg_diags_free(d);

	/* a file: the diagnostic's source line comes from the file */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(BASE "\tDEVICE d\0x\n", 1, sizeof(BASE "\tDEVICE d\0x\n") - 1, f),
			 sizeof(BASE "\tDEVICE d\0x\n") - 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(scstcfg_diags_new(&d), 0);
	assert_int_equal(scstcfg_parse_file(ctx, path, d, &m), -EINVAL);
	unlink(path);
	assert_null(m);
	assert_int_equal(scstcfg_diags_count(d), 1);
	assert_int_equal(scstcfg_diag_format(scstcfg_diags_at(d, 0), &s), 0);
	assert_non_null(strstr(s, ":7:10: error: NUL byte"));
	assert_non_null(strstr(s, "\n\tDEVICE d\n\t        ^\n"));
	free(s);
	scstcfg_diags_free(d);
	scstcfg_ctx_free(ctx);
}

/*
 * A keyword-like attribute name ("[...", quoted by the printer) with a
 * blank in it got two pairs of quotes and did not read back (found by
 * fuzz/: "[x\<CR>" at the root, the CR kept by its escape).
 */
static void test_print_quotes_once(void **state)
{
	static const char text[] = "\"[a b\" 1\nsetup_id 1\n[oq\\\r \n";
	struct scstcfg_model *m, *m2;
	struct scstcfg_diags *d;
	char *p;

	assert_int_equal(parse_str(text, &m, &d), 0);
	scstcfg_diags_free(d);
	p = print_str(m, SCSTCFG_PRINT_NO_HEADER);
	assert_non_null(p);
	assert_string_equal(p, "\"[a b\" 1\n\"[oq\r\"\nsetup_id 1\n\n");
	assert_int_equal(parse_str(p, &m2, &d), 0);
	assert_true(scstcfg_model_equal(m, m2));
	free(p);
	scstcfg_diags_free(d);
	scstcfg_model_free(m);
	scstcfg_model_free(m2);
}

static void test_missing_file(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_ctx *ctx;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_parse_file(ctx, "/nonexistent/scst.conf", NULL, &m), -ENOENT);
	assert_null(m);
	assert_string_equal(scstcfg_ctx_last_error(ctx),
			    "Unable to open configuration file '/nonexistent/scst.conf': "
			    "No such file or directory");
	scstcfg_ctx_free(ctx);
}

/* Perl checkConfiguration warnings that need no kernel (spec §1.4). */
static void test_warnings(void **state)
{
	static const char text[] =
		"HANDLER vcdrom {\n"				/* 1 */
		"\tDEVICE /dev/cdrom\n"				/* 2 */
		"}\n"						/* 3 */
		"HANDLER vcdrom {\n"				/* 4: duplicate, last wins */
		"\tDEVICE /dev/cdrom {\n\t\tfilename /x.iso\n\t}\n" /* 5-7 */
		"\tDEVICE d1 {\n\t\tfilename /a\n\t\tfilename /a\n\t}\n" /* 8-11 */
		"}\n"						/* 12 */
		"TARGET_DRIVER iscsi {\n"			/* 13 */
		"\tTARGET t {\n"				/* 14 */
		"\t\tLUN 1 cdrom extra\n"			/* 15: 4th token */
		"\t\tLUN 2 nodev\n"				/* 16: undefined device */
		"\t\tGROUP g {\n\t\t\tLUN 5 d1\n\t\t}\n"	/* 17-19 */
		"\t}\n"						/* 20 */
		"}\n"						/* 21 */
		"TARGET_DRIVER copy_manager {\n"		/* 22 */
		"\tTARGET copy_manager_tgt {\n\t\tLUN 3 d1\n\t}\n" /* 23-25: no LUN 0 warning */
		"}\n"						/* 26 */
		"TARGET_DRIVER qla2x00t {\n}\n"			/* 27-28 */
		"DEVICE_GROUP dg {\n"				/* 29 */
		"\tDEVICE ghost\n"				/* 30 */
		"\tTARGET_GROUP tg {\n\t\tLUN 0 d1 {\n\t\t\tread_only 1\n\t\t}\n\t}\n" /* 31-35 */
		"}\n";
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *t, *dg;

	assert_int_equal(parse_str(text, &m, &d), 0);
	expect_diag(d, SCSTCFG_WARNING, 2, 9,
		    "Device '/dev/cdrom' configured for handler 'vcdrom' may not contain the full "
		    "/dev path, please change to 'cdrom'.");
	expect_diag(d, SCSTCFG_WARNING, 4, 1,
		    "duplicate HANDLER 'vcdrom' (first at line 1): the last definition wins");
	expect_diag(d, SCSTCFG_WARNING, 10, 3, "duplicate value of attribute 'filename'");
	expect_diag(d, SCSTCFG_WARNING, 15, 15, "extra text 'extra' after LUN 1 cdrom ignored");
	expect_diag(d, SCSTCFG_WARNING, 16, 3,
		    "Device 'nodev' associated with driver/target 'iscsi/t' at LUN 2 is not "
		    "defined within configuration, removing it.");
	expect_diag(d, SCSTCFG_WARNING, 14, 9,
		    "No LUN 0 defined for driver/target 'iscsi/t'. Many initiators require a "
		    "LUN 0 to be defined.");
	expect_diag(d, SCSTCFG_WARNING, 17, 9, "No LUN 0 defined for driver/target/group "
		    "'iscsi/t/g'.");
	expect_diag(d, SCSTCFG_WARNING, 27, 15, "Driver 'qla2x00t' has no configured targets.");
	expect_diag(d, SCSTCFG_WARNING, 30, 9,
		    "Device 'ghost' associated with device group 'dg' is not defined within "
		    "configuration, removing it.");
	expect_diag(d, SCSTCFG_WARNING, 32, 3, "LUN lines are not allowed in a TARGET_GROUP");
	assert_int_equal(find_diag(d, SCSTCFG_WARNING, "copy_manager"), -1);
	assert_int_equal(scstcfg_diags_count_severity(d, SCSTCFG_WARNING), 11);
	/* the fix-ups are applied */
	assert_string_equal(attr1(dev(m, "cdrom"), "filename"), "/x.iso");
	assert_int_equal(scstcfg_node_get_line(dev(m, "cdrom")), 5);
	assert_int_equal(scstcfg_attr_count(dev(m, "d1"), "filename"), 1);
	t = target(m, "iscsi", "t");
	assert_non_null(scstcfg_lun_find(t, 1));
	assert_null(scstcfg_lun_find(t, 2));
	dg = scstcfg_node_find(scstcfg_model_get_root(m), SCSTCFG_KIND_DGROUP, "dg");
	assert_int_equal(scstcfg_node_count(dg, SCSTCFG_KIND_DG_DEVICE), 0);
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

static void test_empty_and_sections(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	const struct scstcfg_diag *g;

	assert_int_equal(parse_str("# only a comment\n\n", &m, &d), 0);
	assert_int_equal(scstcfg_diags_count(d), 1);
	g = scstcfg_diags_at(d, 0);
	assert_string_equal(scstcfg_diag_get_message(g), "Configuration is empty or unreadable.");
	assert_int_equal(scstcfg_diag_get_line(g), 0);
	assert_null(scstcfg_diag_get_source_line(g));
	scstcfg_model_free(m);
	scstcfg_diags_free(d);

	assert_int_equal(parse_str("setup_id 1\n", &m, &d), 0);
	assert_true(find_diag(d, SCSTCFG_WARNING, "No TARGET_DRIVER section defined.") >= 0);
	assert_true(find_diag(d, SCSTCFG_WARNING, "No HANDLER section defined.") >= 0);
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* A duplicate LUN with the same device and duplicate groups: the last wins. */
static void test_duplicates_last_wins(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;
	struct scstcfg_node *t, *g;

	assert_int_equal(parse_str(BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n"
				   "\t\tLUN 0 d0 {\n\t\t\tread_only 1\n\t\t}\n\t\tLUN 0 d0\n"
				   "\t\tGROUP g {\n\t\t\tINITIATOR a\n\t\t}\n"
				   "\t\tGROUP g {\n\t\t\tINITIATOR b\n\t\t}\n\t}\n}\n", &m, &d), 0);
	expect_diag(d, SCSTCFG_WARNING, 12, 3, "duplicate LUN 0 (first at line 9)");
	expect_diag(d, SCSTCFG_WARNING, 16, 3, "duplicate GROUP 'g' (first at line 13)");
	t = target(m, "iscsi", "t");
	assert_null(scstcfg_attr_first(scstcfg_lun_find(t, 0)));
	g = scstcfg_node_find(t, SCSTCFG_KIND_GROUP, "g");
	assert_null(scstcfg_node_find(g, SCSTCFG_KIND_INITIATOR, "a"));
	assert_non_null(scstcfg_node_find(g, SCSTCFG_KIND_INITIATOR, "b"));
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* HW_TARGET and ALUA (spec §7 items 11, 16). */
static void test_hw_target_alua(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_diags *d;

	assert_int_equal(parse_str("TARGET_DRIVER qla2x00t {\n\tTARGET 50:01 {\n\t\tHW_TARGET\n"
				   "\t\tenabled 1\n\t}\n\tTARGET 50:02\n}\n"
				   "ALUA {\n\tfoo 1\n}\n", &m, &d), 0);
	assert_true(scstcfg_target_get_hw(target(m, "qla2x00t", "50:01")));
	assert_false(scstcfg_target_get_hw(target(m, "qla2x00t", "50:02")));
	assert_string_equal(attr1(scstcfg_model_get_alua(m), "foo"), "1");
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
}

/* A LUN with a huge number parses; validation rejects it (sysfs spec §3.3). */
static void test_many_tokens_and_big_lun(void **state)
{
	struct scstcfg_diags *d;

	assert_int_equal(check_str(BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tLUN 0 d0\n"
				   "\t\tLUN 16384 d1\n\t}\n}\n", &d), -EINVAL);
	expect_diag(d, SCSTCFG_ERROR, 10, 3, "LUN number 16384 is above 16383");
	scstcfg_diags_free(d);
	assert_int_equal(check_str(BASE "TARGET_DRIVER iscsi {\n\tTARGET t {\n\t\tLUN 0 d0\n"
				   "\t\tLUN 16383 d1\n\t}\n}\n", &d), 0);
	scstcfg_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_a),
		cmocka_unit_test(test_one_line_block),
		cmocka_unit_test(test_brace_next_line),
		cmocka_unit_test(test_braceless_sections),
		cmocka_unit_test(test_key_equals_value),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_comments_escapes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_last_error_and_format),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_print_quotes_once),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_empty_and_sections),
		cmocka_unit_test(test_duplicates_last_wins),
		cmocka_unit_test(test_hw_target_alua),
		cmocka_unit_test(test_many_tokens_and_big_lun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
