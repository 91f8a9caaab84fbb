/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the scst.conf unit tests (header-only, static inline). */
#ifndef CONF_HELPERS_H
#define CONF_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scstcfg/scstcfg.h"

/* Parses @text as "t.conf"; *m and *d are set (d always, m on success). */
static inline int parse_str(const char *text, struct scstcfg_model **m,
			    struct scstcfg_diags **d)
{
	struct scstcfg_ctx *ctx;
	int r;

	if (scstcfg_ctx_new(&ctx) < 0 || scstcfg_diags_new(d) < 0)
		abort();
	r = scstcfg_parse_text(ctx, text, strlen(text), "t.conf", *d, m);
	scstcfg_ctx_free(ctx);
	return r;
}

/* Parses and validates; returns the validation result (or the parse error). */
static inline int check_str(const char *text, struct scstcfg_diags **d)
{
	struct scstcfg_model *m = NULL;
	struct scstcfg_ctx *ctx;
	int r;

	if (scstcfg_ctx_new(&ctx) < 0 || scstcfg_diags_new(d) < 0)
		abort();
	r = scstcfg_parse_text(ctx, text, strlen(text), "t.conf", *d, &m);
	if (r == 0)
		r = scstcfg_model_validate(ctx, m, *d);
	scstcfg_model_free(m);
	scstcfg_ctx_free(ctx);
	return r;
}

/* Index of the first diagnostic of @sev whose message contains @needle, or -1. */
static inline int find_diag(const struct scstcfg_diags *d, enum scstcfg_severity sev,
			    const char *needle)
{
	size_t i;

	for (i = 0; i < scstcfg_diags_count(d); i++) {
		const struct scstcfg_diag *g = scstcfg_diags_at(d, i);

		if (scstcfg_diag_get_severity(g) == sev &&
		    strstr(scstcfg_diag_get_message(g), needle))
			return (int)i;
	}
	return -1;
}

/* Prints the list (debug aid when an assertion fails). */
static inline void dump_diags(const struct scstcfg_diags *d)
{
	size_t i;

	for (i = 0; i < scstcfg_diags_count(d); i++) {
		char *s;

		if (scstcfg_diag_format(scstcfg_diags_at(d, i), &s) == 0) {
			fputs(s, stderr);
			free(s);
		}
	}
}

static inline char *print_str(const struct scstcfg_model *m, unsigned int flags)
{
	char *s = NULL;

	if (scstcfg_model_print(m, flags, &s, NULL) < 0)
		return NULL;
	return s;
}

#endif
