// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every real-world file of ../shared/configs (and examples/scst.conf)
 * parses, round-trips (parse(print(m)) == m) and prints idempotently; the
 * real Perl -write_config output is reproduced byte for byte (spec §2.4).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf-helpers.h"
#include "tk-config.h"
#include "tk.h"

#define CONFIGS TK_SHARED_DIR "/configs"

static void roundtrip_file(const char *path)
{
	struct scstcfg_model *m, *m2;
	struct scstcfg_diags *d;
	struct scstcfg_ctx *ctx;
	unsigned int flags;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_diags_new(&d), 0);
	if (scstcfg_parse_file(ctx, path, d, &m) != 0) {
		dump_diags(d);
		fail_msg("%s does not parse", path);
	}
	assert_string_equal(scstcfg_model_get_source(m), path);
	for (flags = 0; flags <= SCSTCFG_PRINT_NO_HEADER; flags++) {
		char *p1 = print_str(m, flags), *p2;

		assert_non_null(p1);
		assert_int_equal(scstcfg_parse_text(ctx, p1, strlen(p1), "printed", NULL, &m2), 0);
		if (!scstcfg_model_equal(m, m2))
			fail_msg("%s: parse(print(m)) != m", path);
		p2 = print_str(m2, flags);
		assert_non_null(p2);
		assert_string_equal(p1, p2);
		free(p1);
		free(p2);
		scstcfg_model_free(m2);
	}
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
	scstcfg_ctx_free(ctx);
}

static void test_corpus(void **state)
{
	struct dirent *e;
	unsigned int n = 0;
	DIR *dir = opendir(CONFIGS);

	assert_non_null(dir);
	while ((e = readdir(dir))) {
		char *path;
		size_t l = strlen(e->d_name);

		if (l < 6 || strcmp(e->d_name + l - 5, ".conf") != 0)
			continue;
		assert_true(asprintf(&path, "%s/%s", CONFIGS, e->d_name) > 0);
		roundtrip_file(path);
		free(path);
		n++;
	}
	closedir(dir);
	assert_true(n > 0);
	roundtrip_file(TK_SOURCE_ROOT "/examples/scst.conf");
}

/* perl-t07-result.conf is real Perl output; only its version was redacted. */
static void test_perl_output_reproduced(void **state)
{
	struct scstcfg_model *m;
	struct scstcfg_ctx *ctx;
	char *orig, *printed, *nl;
	size_t len;

	assert_int_equal(tk_file_read(CONFIGS "/perl-t07-result.conf", &orig, &len), 0);
	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	assert_int_equal(scstcfg_parse_text(ctx, orig, len, NULL, NULL, &m), 0);
	printed = print_str(m, 0);
	assert_non_null(printed);
	/* compare from the end of the header line on */
	nl = strchr(orig, '\n');
	assert_non_null(nl);
	assert_memory_equal(printed, SCSTCFG_PRINT_HEADER "\n", strlen(SCSTCFG_PRINT_HEADER) + 1);
	assert_string_equal(printed + strlen(SCSTCFG_PRINT_HEADER), nl);
	free(printed);
	free(orig);
	scstcfg_model_free(m);
	scstcfg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_perl_output_reproduced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
