// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Property test over generated models (gen.c): every model validates,
 * parse(print(m)) == m, and printing is idempotent, with and without the
 * header (spec §7 item 22).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf-helpers.h"
#include "gen.h"

#define MODELS 500

static void test_generated_roundtrip(void **state)
{
	struct scstcfg_ctx *ctx;
	unsigned int seed, flags, nonempty = 0;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	for (seed = 1; seed <= MODELS; seed++) {
		struct scstcfg_model *m, *m2;
		struct scstcfg_diags *d;

		assert_int_equal(gen_model(seed, &m), 0);
		assert_int_equal(scstcfg_diags_new(&d), 0);
		if (scstcfg_model_validate(ctx, m, d) != 0) {
			dump_diags(d);
			fail_msg("seed %u: generated model is invalid", seed);
		}
		scstcfg_diags_free(d);
		for (flags = 0; flags <= SCSTCFG_PRINT_NO_HEADER; flags++) {
			char *p1 = print_str(m, flags), *p2;

			assert_non_null(p1);
			assert_int_equal(scstcfg_diags_new(&d), 0);
			if (scstcfg_parse_text(ctx, p1, strlen(p1), "gen", d, &m2) != 0) {
				dump_diags(d);
				fail_msg("seed %u: printed model does not parse:\n%s", seed, p1);
			}
			scstcfg_diags_free(d);
			if (!scstcfg_model_equal(m, m2))
				fail_msg("seed %u: parse(print(m)) != m:\n%s", seed, p1);
			p2 = print_str(m2, flags);
			assert_non_null(p2);
			assert_string_equal(p1, p2);
			nonempty += strlen(p1) > 200;
			free(p1);
			free(p2);
			scstcfg_model_free(m2);
		}
		scstcfg_model_free(m);
	}
	/* the generator really produces content */
	assert_true(nonempty > MODELS);
	scstcfg_ctx_free(ctx);
}

/* The generator is deterministic. */
static void test_generator_deterministic(void **state)
{
	struct scstcfg_model *a, *b;
	char *pa, *pb;

	assert_int_equal(gen_model(42, &a), 0);
	assert_int_equal(gen_model(42, &b), 0);
	pa = print_str(a, 0);
	pb = print_str(b, 0);
	assert_string_equal(pa, pb);
	free(pa);
	free(pb);
	scstcfg_model_free(a);
	scstcfg_model_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_roundtrip),
		cmocka_unit_test(test_generator_deterministic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
