// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Configuration-file commands that need no SCST: -check_config and
 * -format_config (spec ../shared/spec/scstadmin.md §1.4, §2.4, §7 item 50).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "scstadmin.h"

/* Perl immediateExit() framing (spec §1.4). */
static int fatal(const char *msg)
{
	printf("\n\nFATAL: Received the following error:\n\n\t%s\n\n", msg);
	return 1;
}

/*
 * -check_config [FILE]: parse and validate, print every warning and error
 * (file:line:col, the line, a caret), then Perl's summary line.
 * Exit 0 when there is no error, else 1.
 */
int cmd_check_config(struct scstcfg_ctx *ctx, const struct opts *o)
{
	const char *path = o->op_arg ? o->op_arg : SCSTADMIN_DEFAULT_CONFIG;
	struct scstcfg_model *m = NULL;
	struct scstcfg_diags *d;
	size_t errors, warnings;
	int r;

	if (scstcfg_diags_new(&d) < 0)
		return fatal("Out of memory.");
	printf("-> Checking configuration file '%s' for errors.\n", path);
	r = scstcfg_parse_file(ctx, path, d, &m);
	if (r < 0 && r != -EINVAL /* the diagnostics say why */) {
		scstcfg_diags_free(d);
		return fatal(scstcfg_ctx_last_error(ctx));
	}
	if (m)
		scstcfg_model_validate(ctx, m, d);
	scstcfg_diags_sort(d);
	print_diags(d, stdout);
	errors = scstcfg_diags_count_severity(d, SCSTCFG_ERROR);
	warnings = scstcfg_diags_count_severity(d, SCSTCFG_WARNING);
	if (errors)
		printf("\t-> Done, %zu errors found.\n", errors);
	else
		printf("\t-> Done, %zu warnings found.\n\n", warnings);
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
	return errors ? 1 : 0;
}

/*
 * -format_config FILE: print the canonical form (spec §2.4 layout) to
 * stdout.  We leave out the "# Automatically generated" header: the text
 * is the user's file reformatted, not a dump of the running SCST.
 * Diagnostics go to stderr; a file with errors prints nothing and exits 1.
 */
int cmd_format_config(struct scstcfg_ctx *ctx, const struct opts *o)
{
	struct scstcfg_model *m = NULL;
	struct scstcfg_diags *d;
	int r;

	if (scstcfg_diags_new(&d) < 0)
		return fatal("Out of memory.");
	r = scstcfg_parse_file(ctx, o->op_arg, d, &m);
	print_diags(d, stderr);
	scstcfg_diags_free(d);
	if (r < 0) {
		if (r != -EINVAL)
			fprintf(stderr, "%s\n", scstcfg_ctx_last_error(ctx));
		return 1;
	}
	r = scstcfg_model_print_file(m, SCSTCFG_PRINT_NO_HEADER, stdout);
	scstcfg_model_free(m);
	if (r < 0) {
		fprintf(stderr, "Failed to print the configuration: %s\n", scstcfg_strerror(r));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
