// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the scst.conf parser.  Whatever parses must also
 * validate without crashing and survive the printer round trip:
 * print(m) parses back, the result equals m, and printing it again gives
 * the same text (spec scstadmin.md §7 item 22).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scstcfg/scstcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what, const char *text)
{
	if (cond)
		return;
	fprintf(stderr, "round trip broken: %s\n--- printed ---\n%s\n", what, text ? text : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scstcfg_model *m = NULL, *m2 = NULL;
	struct scstcfg_diags *d = NULL;
	struct scstcfg_ctx *ctx = NULL;
	unsigned int flags;

	if (scstcfg_ctx_new(&ctx) < 0 || scstcfg_diags_new(&d) < 0)
		abort();
	if (scstcfg_parse_text(ctx, (const char *)data, size, "fuzz", d, &m) == 0) {
		scstcfg_model_validate(ctx, m, d);
		for (flags = 0; flags <= SCSTCFG_PRINT_NO_HEADER; flags++) {
			char *p1 = NULL, *p2 = NULL;

			check(scstcfg_model_print(m, flags, &p1, NULL) == 0, "print", NULL);
			check(scstcfg_parse_text(ctx, p1, strlen(p1), "printed", NULL, &m2) == 0,
			      scstcfg_ctx_last_error(ctx), p1);
			check(scstcfg_model_equal(m, m2), "parse(print(m)) != m", p1);
			check(scstcfg_model_print(m2, flags, &p2, NULL) == 0, "print 2", p1);
			check(strcmp(p1, p2) == 0, "print not idempotent", p1);
			free(p1);
			free(p2);
			scstcfg_model_free(m2);
		}
	}
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
	scstcfg_ctx_free(ctx);
	return 0;
}
