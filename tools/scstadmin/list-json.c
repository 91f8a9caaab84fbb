// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -config/-clear_config with -dry_run -json: the plan as one JSON document
 * (doc/json-schema.md "plan"), nothing else on stdout and nothing written
 * to SCST.  Messages (no SCST, errors in the file) also go to stderr; the
 * exit status is what -dry_run without -json gives.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "scstadmin.h"

static const char *const kind_names[] = {
	[SCSTCFG_KIND_ROOT] = "scst",
	[SCSTCFG_KIND_HANDLER] = "handler",
	[SCSTCFG_KIND_DEVICE] = "device",
	[SCSTCFG_KIND_DRIVER] = "driver",
	[SCSTCFG_KIND_TARGET] = "target",
	[SCSTCFG_KIND_LUN] = "lun",
	[SCSTCFG_KIND_GROUP] = "group",
	[SCSTCFG_KIND_INITIATOR] = "initiator",
	[SCSTCFG_KIND_ALUA] = "alua",
	[SCSTCFG_KIND_DGROUP] = "device_group",
	[SCSTCFG_KIND_DG_DEVICE] = "device_group_device",
	[SCSTCFG_KIND_TGROUP] = "target_group",
	[SCSTCFG_KIND_TG_TARGET] = "target_group_target",
};

static json_t *op_json(const struct scstcfg_op *op)
{
	unsigned int f = scstcfg_op_get_flags(op);
	enum scstcfg_kind k = scstcfg_op_get_kind(op);
	json_t *o = json_object(), *flags = json_array();
	const char *type = f & SCSTCFG_OP_WAIT ? "wait" :
			   f & SCSTCFG_OP_UNMAP_DEVICE ? "unmap_device" :
			   f & SCSTCFG_OP_MGMT ? "mgmt" : "attribute";

	json_object_set_new(o, "path", json_string(scstcfg_op_get_path(op)));
	/* never the secrets: CHAP passwords appear as "***" */
	json_object_set_new(o, "data", json_string(scstcfg_op_get_data_masked(op)));
	json_object_set_new(o, "description", json_string(scstcfg_op_get_desc(op)));
	json_object_set_new(o, "kind", json_string((unsigned int)k < sizeof(kind_names) /
							 sizeof(kind_names[0]) && kind_names[k] ?
						 kind_names[k] : "unknown"));
	json_object_set_new(o, "type", json_string(type));
	if (f & SCSTCFG_OP_REMOVE)
		json_array_append_new(flags, json_string("remove"));
	json_object_set_new(o, "flags", flags);
	return o;
}

static void diags_json(json_t *doc, const struct scstcfg_diags *d)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; d && i < scstcfg_diags_count(d); i++) {
		const struct scstcfg_diag *g = scstcfg_diags_at(d, i);
		json_t *o = json_object();

		json_object_set_new(o, "severity",
				    json_string(scstcfg_diag_get_severity(g) == SCSTCFG_ERROR ?
							"error" : "warning"));
		json_object_set_new(o, "file", json_string(scstcfg_diag_get_file(g)));
		json_object_set_new(o, "line", json_integer(scstcfg_diag_get_line(g)));
		json_object_set_new(o, "column", json_integer(scstcfg_diag_get_col(g)));
		json_object_set_new(o, "message", json_string(scstcfg_diag_get_message(g)));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "diagnostics", arr);
}

static void add_warning(void *priv, const char *msg)
{
	json_array_append_new(priv, json_string(msg));
}

static int print_doc(json_t *plan)
{
	json_t *doc = json_object();
	int r;

	json_object_set_new(doc, "plan", plan);
	r = json_dumpf(doc, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
	putchar('\n');
	json_decref(doc);
	return r < 0 ? -EIO : 0;
}

static int fail(json_t *plan, const char *msg, int rc)
{
	fprintf(stderr, "%s\n", msg);
	json_object_set_new(plan, "error", json_string(msg));
	print_doc(plan);
	return rc;
}

int cmd_plan_json(struct scstcfg_ctx *ctx, const struct opts *o, bool clear)
{
	const char *path = o->op_arg ? o->op_arg : SCSTADMIN_DEFAULT_CONFIG;
	struct scstcfg_model *want = NULL;
	struct scstcfg_state *st = NULL;
	struct scstcfg_plan *p = NULL;
	struct scstcfg_sysfs *s = NULL;
	struct scstcfg_diags *d = NULL;
	json_t *plan = json_object(), *warnings = json_array(), *ops, *notes;
	size_t i;
	int r, rc = 0;

	json_object_set_new(plan, "command", json_string(clear ? "clear_config" : "config"));
	json_object_set_new(plan, "warnings", warnings);
	if (!o->dry_run)
		return fail(plan, "-json needs -dry_run with -config and -clear_config.", 1);
	if (!clear) {
		json_object_set_new(plan, "file", json_string(path));
		if (scstcfg_diags_new(&d) < 0)
			return fail(plan, "Out of memory.", 1);
		r = live_parse(ctx, path, d, &want);
		diags_json(plan, d);
		if (r < 0) {
			rc = fail(plan, r == -EINVAL ? "Configuration has errors, aborting." :
						       scstcfg_ctx_last_error(ctx), 1);
			goto out;
		}
	}
	r = live_connect(&s, o->timeout_s, true);
	if (r < 0) {
		rc = fail(plan, scstcfg_apply_strerror(r), LIVE_EXIT_NO_SCST);
		goto out;
	}
	r = scstcfg_state_read(s, &st);
	if (r == 0 && !clear)
		r = adapt_to_kernel(want, st, add_warning, warnings);
	if (r == 0)
		r = clear ? scstcfg_clear_plan_new(st, &p) :
			    scstcfg_plan_new(st, want, o->force ? SCSTCFG_PLAN_FORCE : 0, &p);
	if (r < 0) {
		rc = fail(plan, scstcfg_sysfs_last_error(s)[0] ? scstcfg_sysfs_last_error(s) :
								 scstcfg_apply_strerror(r), 1);
		goto out;
	}
	ops = json_array();
	notes = json_array();
	for (i = 0; i < scstcfg_plan_count(p); i++)
		json_array_append_new(ops, op_json(scstcfg_plan_get_op(p, i)));
	for (i = 0; i < scstcfg_plan_note_count(p); i++)
		json_array_append_new(notes, json_string(scstcfg_plan_get_note(p, i)));
	json_object_set_new(plan, "operations", ops);
	json_object_set_new(plan, "notes", notes);
	rc = print_doc(plan) < 0 ? 1 : 0;
	plan = NULL;
out:
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	scstcfg_sysfs_free(s);
	scstcfg_model_free(want);
	scstcfg_diags_free(d);
	return rc;
}
