// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * apply.c - make the running SCST match an scst.conf file with libscstcfg:
 * parse, validate, read the live state, plan, apply.  The library's
 * "hello world"; scstadmin -config adds modules, suspend, prompts, hints.
 *
 *   cc apply.c $(pkg-config --cflags --libs scstcfg) -o apply
 *   SCST_SYSFS_ROOT=/mnt/scstfs ./apply my.conf   # default /sys/kernel/scst_tgt
 */
#include <stdio.h>

#include <scstcfg/apply.h>
#include <scstcfg/scstcfg.h>

static void show(void *priv, size_t i, const struct scstcfg_op *op, int result)
{
	printf("%s: %s\n", scstcfg_op_get_desc(op), result ? "FAILED" : "done");
}

int main(int argc, char **argv)
{
	struct scstcfg_ctx *ctx = NULL;
	struct scstcfg_model *want = NULL;
	struct scstcfg_sysfs *s = NULL;
	struct scstcfg_state *cur = NULL;
	struct scstcfg_plan *plan = NULL;
	int r, rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	if (scstcfg_ctx_new(&ctx) < 0 || scstcfg_sysfs_new(NULL, &s) < 0)
		goto out;
	/* diagnostics are left out here: scstcfg_diags_*() has them all */
	r = scstcfg_parse_file(ctx, argv[1], NULL, &want);
	if (r == 0)
		r = scstcfg_model_validate(ctx, want, NULL);
	if (r < 0) {
		fprintf(stderr, "%s\n", scstcfg_ctx_last_error(ctx)); /* file:line:col */
		goto out;
	}
	r = scstcfg_state_read(s, &cur);	/* -SCSTCFG_ENOSCST: not loaded */
	if (r == 0)
		r = scstcfg_plan_new(cur, want, SCSTCFG_PLAN_FORCE, &plan);
	if (r == 0)
		r = scstcfg_plan_apply(s, plan, 0, show, NULL, NULL);
	if (r < 0) {
		fprintf(stderr, "%s\n", *scstcfg_sysfs_last_error(s) ?
				scstcfg_sysfs_last_error(s) : scstcfg_apply_strerror(r));
		goto out;
	}
	printf("%zu change(s) made\n", scstcfg_plan_count(plan));
	rc = 0;
out:
	scstcfg_plan_free(plan);
	scstcfg_state_free(cur);
	scstcfg_sysfs_free(s);
	scstcfg_model_free(want);
	scstcfg_ctx_free(ctx);
	return rc;
}
