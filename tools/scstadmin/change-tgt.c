// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * change-tgt.c - scstadmin's changes to drivers, targets, initiator groups,
 * initiators and LUNs (spec ../shared/spec/scstadmin.md §2.2, §7 items
 * 37-43): -set_drv_attr, -set_tgt_attr, -set_grp_attr, -set_lun_attr,
 * -set_init_attr, -add/-rem_drv_attr, -add/-rem_tgt_attr, -add/-rem_target,
 * -enable/-disable_target, -add/-rem_group, -add/-rem/-move_init,
 * -clear_inits, -add/-rem/-replace_lun, -clear_luns, -issue_lip; on the
 * engine of change.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scstadmin.h"

#define TEXT_MAX 1024

/* SCST.pm codes of the commands that return them (spec §2.1). */
#define RC_DRV_NO_DRIVER 30
#define RC_DRV_NOTVIRT 31
#define RC_TGT_NO_TARGET 40
#define RC_TGT_EXISTS 41
#define RC_TGT_ADD_FAIL 42
#define RC_TGT_REM_FAIL 43
#define RC_TGT_BAD_ATTRIBUTES 50
#define RC_TGT_BUSY 54

/* Perl's "$value ? 'Enabling' : 'Disabling'" */
static bool perl_true(const char *v)
{
	return *v && strcmp(v, "0");
}

static int oom(struct chg *c)
{
	return chg_die(c, "Out of memory.");
}

/* SCST.pm's text when a target's directory cannot be read. */
static void target_missing(struct chg *c, const char *fn, const char *d, const char *t,
			   char *buf, size_t size)
{
	if (!chg_exists(c, "targets/%s", d))
		chg_fmt(buf, size, "%s(): Driver '%s' is not available", fn, d);
	else
		chg_fmt(buf, size, "%s(): Target '%s' is not available", fn, t);
}

/* ---- driver and target attributes (Perl setDriverAttributes/setTargetAttributes) - */

/*
 * Plan the -attributes for a driver (@t NULL) or a target: dynamic ones
 * (IncomingUser, allowed_portal, ...) are added with add_[target_]attribute,
 * plain ones written; values already there are skipped silently.  Perl's
 * "... is not in configuration. Use -force to remove it." lines for the
 * dynamic values left alone are not printed (spec §5.3: spurious).
 * Return: 0 planned, 1 warned (something refused), -1 out of memory.
 */
static int plan_drv_tgt_attrs(struct chg *c, const char *d, const char *t,
			      const struct chg_obj *ob)
{
	bool cap = chg_driver_virtual(c, d);
	char line[TEXT_MAX], path[PATH_MAX], mgmt[PATH_MAX], who[TEXT_MAX];
	size_t i;
	int rc = 0;

	chg_fmt(mgmt, sizeof(mgmt), "targets/%s/mgmt", d);
	if (t)
		chg_fmt(who, sizeof(who), "driver/target '%s/%s'", d, t);
	else
		chg_fmt(who, sizeof(who), "driver '%s'", d);
	for (i = 0; i < c->attrs.n; i++) {
		const char *a = c->attrs.v[i].name, *v = c->attrs.v[i].value;
		const struct scstcfg_sysfs_entry *e;
		bool exists, dyn;
		int r;

		if (t && !strcmp(a, "HW_TARGET"))
			continue;
		if (chg_attr_has(ob, a, v, &exists, &e))
			continue;
		dyn = cap && chg_driver_dyn(c, d, t != NULL, a);
		if (dyn) {
			chg_fmt(line, sizeof(line), "Adding %s attribute '%s' with value '%s' for %s",
				 t ? "target" : "driver", a, v, who);
			if (t)
				r = chg_opf(c, CHG_FATAL, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT, line, mgmt,
					    "add_target_attribute %s %s %s", t, a, v);
			else
				r = chg_opf(c, CHG_FATAL, SCSTCFG_KIND_DRIVER, SCSTCFG_OP_MGMT, line, mgmt,
					    "add_attribute %s %s", a, v);
			if (r < 0)
				return -1;
			continue;
		}
		if (!exists) {
			printf("\t-> WARNING: %s '%s%s%s' lacks the settable attribute '%s', ignoring.\n\n",
			       t ? "Driver/target" : "Driver", d, t ? "/" : "", t ? t : "", a);
			continue;
		}
		if (!e || !e->writable) {
			cli_warning(t ? "Target attribute specified is static." :
					"Driver attribute specified is static.");
			rc = 1;
			continue;
		}
		if (!strcmp(a, "enabled"))
			chg_fmt(line, sizeof(line), "%s %s", perl_true(v) ? "Enabling" : "Disabling",
				 who);
		else
			chg_fmt(line, sizeof(line), "Setting %s attribute '%s' to value '%s' for %s",
				 t ? "target" : "driver", a, v, who);
		if (t)
			chg_fmt(path, sizeof(path), "targets/%s/%s/%s", d, t, a);
		else
			chg_fmt(path, sizeof(path), "targets/%s/%s", d, a);
		/* Perl: a failed target attribute is fatal, a driver one a warning */
		if (chg_op(c, t ? CHG_FATAL : CHG_WARN, t ? SCSTCFG_KIND_TARGET : SCSTCFG_KIND_DRIVER,
			   SCSTCFG_OP_ATTR | (perl_true(v) || strcmp(a, "enabled") ? 0 :
					      SCSTCFG_OP_REMOVE),
			   line, path, *v ? v : "\n") < 0)
			return -1;
	}
	return rc;
}

/* Read driver @d's (@t NULL) or target @t's directory; SCST.pm's WARNING
 * when it does not exist.  Return: 0 or -errno. */
static int read_drv_tgt(struct chg *c, const char *d, const char *t, struct chg_obj *ob)
{
	char miss[TEXT_MAX];
	int r = t ? chg_read(c, ob, "targets/%s/%s", d, t) : chg_read(c, ob, "targets/%s", d);

	if (r == 0)
		return 0;
	if (t)
		target_missing(c, "targetAttributes", d, t, miss, sizeof(miss));
	else
		chg_fmt(miss, sizeof(miss), "driverAttributes(): Driver '%s' is not available", d);
	cli_warning(miss);
	return r;
}

/* -set_drv_attr, -set_tgt_attr, -enable_target, -disable_target. */
static int drv_tgt_attrs(struct chg *c, const char *d, const char *t, bool count)
{
	char footer[96];
	struct chg_obj ob;
	int r, rc;

	if (read_drv_tgt(c, d, t, &ob))
		return chg_finish(c, 1, count ? "\t-> Done, 0 change(s) made.\n" : "\t-> Done.\n");
	rc = plan_drv_tgt_attrs(c, d, t, &ob);
	chg_obj_free(&ob);
	if (rc < 0)
		return oom(c);
	r = chg_run(c);
	if (r < 0)
		return chg_die(c, NULL);
	chg_count_footer(c, footer, sizeof(footer));
	return chg_finish(c, r || rc, count ? footer : "\t-> Done.\n");
}

static int set_drv_attr(struct chg *c)
{
	const struct opts *o = c->o;

	return drv_tgt_attrs(c, o->op_arg, NULL, true);
}
CHG_CMD(set_drv_attr, CHG_PROMPT | CHG_ATTRS)

static int set_tgt_attr(struct chg *c)
{
	const struct opts *o = c->o;

	return drv_tgt_attrs(c, o->driver, o->op_arg, true);
}
CHG_CMD(set_tgt_attr, CHG_PROMPT | CHG_ATTRS)

/* -enable_target/-disable_target: "enabled" through -set_tgt_attr's logic. */
static int set_enabled(struct chg *c, bool on)
{
	if (cli_attrs_parse(on ? "enabled=1" : "enabled=0", &c->attrs) < 0)
		return oom(c);
	return drv_tgt_attrs(c, c->o->driver, c->o->op_arg, false);
}

static int enable_target(struct chg *c)
{
	return set_enabled(c, true);
}
CHG_CMD(enable_target, 0)

static int disable_target(struct chg *c)
{
	return set_enabled(c, false);
}
CHG_CMD(disable_target, CHG_PROMPT)

/* ---- dynamic attributes: -add/-rem_drv_attr, -add/-rem_tgt_attr ------------------ */

static int dyn_attrs(struct chg *c, const char *d, const char *t, bool add)
{
	char line[TEXT_MAX], mgmt[PATH_MAX], who[TEXT_MAX];
	bool cap, exists;
	struct chg_obj ob;
	size_t i;
	int r;

	if (read_drv_tgt(c, d, t, &ob))
		return chg_finish(c, 1, "\t-> Done.\n");
	cap = chg_driver_virtual(c, d);
	chg_fmt(mgmt, sizeof(mgmt), "targets/%s/mgmt", d);
	if (t)
		chg_fmt(who, sizeof(who), "driver/target '%s/%s'", d, t);
	else
		chg_fmt(who, sizeof(who), "driver '%s'", d);
	for (i = 0; i < c->attrs.n; i++) {
		const char *a = c->attrs.v[i].name, *v = c->attrs.v[i].value;
		bool has = chg_attr_has(&ob, a, v, &exists, NULL);

		if (add == has) {
			printf("\t-> Attribute/value '%s/%s' %s for %s.\n", a, v,
			       add ? "already exists" : "doesn't exist", who);
			continue;
		}
		if (!add && !cap)
			continue;	/* SCST.pm: silently nothing */
		if (add)
			chg_fmt(line, sizeof(line), "Adding %s attribute '%s' with value '%s' for %s",
				 t ? "target" : "driver", a, v, who);
		else
			chg_fmt(line, sizeof(line),
				 "Removing dynamic attribute '%s' with value '%s' for %s", a, v, who);
		if (t)
			r = chg_opf(c, CHG_FATAL, SCSTCFG_KIND_TARGET,
				    SCSTCFG_OP_MGMT | (add ? 0 : SCSTCFG_OP_REMOVE), line, mgmt,
				    "%s_target_attribute %s %s %s", add ? "add" : "del", t, a, v);
		else
			r = chg_opf(c, CHG_FATAL, SCSTCFG_KIND_DRIVER,
				    SCSTCFG_OP_MGMT | (add ? 0 : SCSTCFG_OP_REMOVE), line, mgmt,
				    "%s_attribute %s %s", add ? "add" : "del", a, v);
		if (r < 0) {
			chg_obj_free(&ob);
			return oom(c);
		}
	}
	chg_obj_free(&ob);
	return chg_run_finish(c, "\t-> Done.\n");
}

static int add_drv_attr(struct chg *c)
{
	return dyn_attrs(c, c->o->op_arg, NULL, true);
}
CHG_CMD(add_drv_attr, CHG_ATTRS | CHG_LIP_ALL)

static int rem_drv_attr(struct chg *c)
{
	return dyn_attrs(c, c->o->op_arg, NULL, false);
}
CHG_CMD(rem_drv_attr, CHG_PROMPT | CHG_ATTRS | CHG_LIP_ALL)

static int add_tgt_attr(struct chg *c)
{
	return dyn_attrs(c, c->o->driver, c->o->op_arg, true);
}
CHG_CMD(add_tgt_attr, CHG_ATTRS | CHG_LIP_ALL)

static int rem_tgt_attr(struct chg *c)
{
	return dyn_attrs(c, c->o->driver, c->o->op_arg, false);
}
CHG_CMD(rem_tgt_attr, CHG_PROMPT | CHG_ATTRS | CHG_LIP_ALL)

/* ---- group, LUN and initiator attributes ------------------------------------------ */

/* SCST.pm's text for a missing driver/target/group[/LUN]. */
static void group_missing(struct chg *c, const char *fn, const char *d, const char *t,
			  const char *g, const char *lun, char *buf, size_t size)
{
	if (!chg_exists(c, "targets/%s/%s", d, t))
		target_missing(c, fn, d, t, buf, size);
	else if (g && *g && !chg_exists(c, "targets/%s/%s/ini_groups/%s", d, t, g))
		chg_fmt(buf, size, "%s(): Group '%s' does not exist", fn, g);
	else
		chg_fmt(buf, size, "%s(): LUN '%s' does not exist", fn, lun ? lun : "");
}

static int set_grp_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], who[TEXT_MAX], sfx[TEXT_MAX], miss[TEXT_MAX];

	chg_fmt(dir, sizeof(dir), "targets/%s/%s/ini_groups/%s", o->driver, o->target, o->op_arg);
	chg_fmt(who, sizeof(who), "Driver/target/group '%s/%s/%s'", o->driver, o->target,
		 o->op_arg);
	chg_fmt(sfx, sizeof(sfx), " for group '%s'", o->op_arg);
	group_missing(c, "groupAttributes", o->driver, o->target, o->op_arg, NULL, miss,
		      sizeof(miss));
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_GROUP, .who = who, .kind_word = "group",
		.suffix = sfx, .is_static = "Group attribute specified is static.", .missing = miss });
}
CHG_CMD(set_grp_attr, CHG_PROMPT)

/* "targets/d/t[/ini_groups/g]" */
static void lun_parent(const struct opts *o, char *buf, size_t size)
{
	if (o->group && *o->group)
		chg_fmt(buf, size, "targets/%s/%s/ini_groups/%s", o->driver, o->target, o->group);
	else
		chg_fmt(buf, size, "targets/%s/%s", o->driver, o->target);
}

/* "d/t[/g]" */
static void lun_who(const struct opts *o, char *buf, size_t size)
{
	if (o->group && *o->group)
		chg_fmt(buf, size, "driver/target/group '%s/%s/%s'", o->driver, o->target, o->group);
	else
		chg_fmt(buf, size, "driver/target '%s/%s'", o->driver, o->target);
}

static int set_lun_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], par[PATH_MAX], who[TEXT_MAX], sfx[TEXT_MAX], miss[TEXT_MAX];
	bool g = o->group && *o->group;

	lun_parent(o, par, sizeof(par));
	chg_fmt(dir, sizeof(dir), "%s/luns/%s", par, o->op_arg);
	if (g) {
		chg_fmt(who, sizeof(who), "Driver/target/group/LUN '%s/%s/%s/%s'", o->driver,
			 o->target, o->group, o->op_arg);
		chg_fmt(sfx, sizeof(sfx), " for driver/target/group/LUN '%s/%s/%s/%s'", o->driver,
			 o->target, o->group, o->op_arg);
	} else {
		chg_fmt(who, sizeof(who), "Driver/target/LUN '%s/%s/%s'", o->driver, o->target,
			 o->op_arg);
		chg_fmt(sfx, sizeof(sfx), " for driver/target/LUN '%s/%s/%s'", o->driver, o->target,
			 o->op_arg);
	}
	group_missing(c, "lunAttributes", o->driver, o->target, o->group, o->op_arg, miss,
		      sizeof(miss));
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_LUN, .who = who, .kind_word = "LUN", .suffix = sfx,
		.is_static = "LUN attribute specified is static.", .missing = miss });
}
CHG_CMD(set_lun_attr, CHG_PROMPT)

/* Initiators are files in sysfs: they have no attributes (yet). */
static int set_init_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char miss[TEXT_MAX];

	if (!chg_exists(c, "targets/%s/%s/ini_groups/%s/initiators/%s", o->driver, o->target,
			o->group, o->op_arg)) {
		group_missing(c, "initiatorAttributes", o->driver, o->target, o->group, NULL, miss,
			      sizeof(miss));
		if (strstr(miss, "LUN"))
			chg_fmt(miss, sizeof(miss),
				 "initiatorAttributes(): Initiator '%s' does not exist", o->op_arg);
		cli_warning(miss);
		return chg_finish(c, 1, "\t-> Done, 0 change(s) made.\n");
	}
	printf("Initiators do not (yet) have attributes.\n");
	return chg_finish(c, 0, "\t-> Done, 0 change(s) made.\n");
}
CHG_CMD(set_init_attr, CHG_PROMPT)

/* ---- targets ---------------------------------------------------------------------- */

/* SCST.pm's verdict on a failed add_target. */
static int add_target_rc(struct chg *c, const char *d, const char *t)
{
	size_t i;

	if (!chg_exists(c, "targets/%s", d))
		return RC_DRV_NO_DRIVER;
	if (chg_exists(c, "targets/%s/%s", d, t))
		return RC_TGT_EXISTS;
	if (!chg_driver_virtual(c, d))
		return RC_DRV_NOTVIRT;
	for (i = 0; i < c->attrs.n; i++)
		if (!chg_driver_param(c, d, c->attrs.v[i].name))
			return RC_TGT_BAD_ATTRIBUTES;
	return RC_TGT_ADD_FAIL;
}

static const char *rc_text(int rc)
{
	switch (rc) {
	case RC_DRV_NO_DRIVER:
		return "No such driver exists.";
	case RC_DRV_NOTVIRT:
		return "Driver is incapable of dynamically adding/removing targets or attributes.";
	case RC_TGT_NO_TARGET:
		return "No such target exists.";
	case RC_TGT_EXISTS:
		return "Target already exists.";
	case RC_TGT_ADD_FAIL:
		return "Failed to add target. See \"dmesg\" for more information.";
	case RC_TGT_REM_FAIL:
		return "Failed to remove target. See \"dmesg\" for more information.";
	case RC_TGT_BAD_ATTRIBUTES:
		return "Bad attributes given for target.";
	case RC_TGT_BUSY:
		return "Failed to remove target - target has active sessions. See \"dmesg\" for more information.";
	}
	return NULL;
}

/*
 * -add_target T -driver D [-attributes]: enable the driver's disabled
 * hardware targets first (NPIV needs its parent port up, spec §7 item 76),
 * then add_target with the create parameters.
 */
static int add_target(struct chg *c)
{
	const struct opts *o = c->o;
	char line[TEXT_MAX], path[PATH_MAX], params[4096] = "";
	const char *d = o->driver, *t = o->op_arg;
	struct chg_obj drv, tgt;
	size_t i, len = 0;
	int r;

	if (chg_read(c, &drv, "targets/%s", d) == 0) {
		for (i = 0; i < drv.n; i++) {
			const struct scstcfg_sysfs_entry *hw, *en;

			if (!drv.e[i].is_dir || drv.e[i].is_link ||
			    chg_read(c, &tgt, "targets/%s/%s", d, drv.e[i].name) < 0)
				continue;
			hw = chg_entry(&tgt, "hw_target");
			en = chg_entry(&tgt, "enabled");
			if (hw && hw->value && !strcmp(hw->value, "1") && en && en->value &&
			    !perl_true(en->value)) {
				chg_fmt(line, sizeof(line), "Enabling driver/target '%s/%s'", d,
					 drv.e[i].name);
				chg_fmt(path, sizeof(path), "targets/%s/%s/enabled", d, drv.e[i].name);
				chg_op(c, CHG_FATAL, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR, line, path,
				       "1");
			}
			chg_obj_free(&tgt);
		}
		chg_obj_free(&drv);
	}
	for (i = 0; i < c->attrs.n && len < sizeof(params); i++)
		len += (size_t)snprintf(params + len, sizeof(params) - len, "%s=%s;",
					c->attrs.v[i].name, c->attrs.v[i].value);
	chg_fmt(line, sizeof(line), "Creating target '%s' for driver '%s'", t, d);
	chg_fmt(path, sizeof(path), "targets/%s/mgmt", d);
	if (chg_opf(c, CHG_RC, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT, line, path, "add_target %s%s%s",
		    t, len ? " " : "", params) < 0)
		return oom(c);
	r = chg_run(c);
	if (r < 0)
		return chg_die(c, NULL);
	if (r) {
		r = add_target_rc(c, d, t);
		c->rc_msg = rc_text(r);
	}
	return chg_finish(c, r, "\t-> Done.\n");
}
CHG_CMD(add_target, CHG_ATTRS)

/* SCST.pm's verdict on a failed target removal. */
static int rem_target_rc(struct chg *c, const char *d, const char *t)
{
	const struct scstcfg_op *op = scstcfg_plan_get_op(c->p, c->err_op);

	if (c->err_code == -ETIMEDOUT && (scstcfg_op_get_flags(op) & SCSTCFG_OP_WAIT))
		return RC_TGT_BUSY;
	if (c->err_code == -EBUSY && !strncmp(scstcfg_op_get_data(op), "del_target ", 11))
		return RC_TGT_BUSY;
	if (!chg_exists(c, "targets/%s", d))
		return RC_DRV_NO_DRIVER;
	if (!chg_exists(c, "targets/%s/%s", d, t))
		return RC_TGT_NO_TARGET;
	if (!chg_driver_virtual(c, d))
		return RC_DRV_NOTVIRT;
	return RC_TGT_REM_FAIL;
}

/*
 * -rem_target T -driver D: disable, force_close every session that can be
 * closed, wait for them (up to -timeout, SCST.pm: 300 s), del_target
 * (spec scst-sysfs.md §5.2).  A wait that times out or an EBUSY from
 * del_target is SCST.pm's code 54.
 */
static int rem_target(struct chg *c)
{
	const struct opts *o = c->o;
	char line[TEXT_MAX], path[PATH_MAX], *first;
	const char *d = o->driver, *t = o->op_arg;
	struct chg_obj tgt, ss, sess;
	bool closing = false;
	size_t i;
	int r;

	chg_fmt(line, sizeof(line), "Removing virtual target '%s' from driver '%s'", t, d);
	first = line;
	if (chg_read(c, &tgt, "targets/%s/%s", d, t) == 0) {
		const struct scstcfg_sysfs_entry *en = chg_entry(&tgt, "enabled");

		if (en && en->writable && en->value && perl_true(en->value)) {
			chg_fmt(path, sizeof(path), "targets/%s/%s/enabled", d, t);
			chg_op(c, CHG_RC, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR | SCSTCFG_OP_REMOVE,
			       first, path, "0");
			first = NULL;
		}
		chg_obj_free(&tgt);
	}
	if (chg_read(c, &ss, "targets/%s/%s/sessions", d, t) == 0) {
		for (i = 0; i < ss.n; i++) {
			if (!ss.e[i].is_dir ||
			    chg_read(c, &sess, "targets/%s/%s/sessions/%s", d, t, ss.e[i].name) < 0)
				continue;
			if (chg_entry(&sess, "force_close")) {
				chg_fmt(path, sizeof(path), "targets/%s/%s/sessions/%s/force_close", d,
					 t, ss.e[i].name);
				chg_op(c, CHG_RC, SCSTCFG_KIND_TARGET,
				       SCSTCFG_OP_ATTR | SCSTCFG_OP_REMOVE, first, path, "1");
				first = NULL;
				closing = true;
			}
			chg_obj_free(&sess);
		}
		chg_obj_free(&ss);
	}
	if (closing) {
		chg_fmt(path, sizeof(path), "targets/%s/%s/sessions", d, t);
		chg_op(c, CHG_RC, SCSTCFG_KIND_TARGET, SCSTCFG_OP_WAIT | SCSTCFG_OP_REMOVE, NULL,
		       path, "");
	}
	chg_fmt(path, sizeof(path), "targets/%s/mgmt", d);
	if (chg_opf(c, CHG_RC, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE, first,
		    path, "del_target %s", t) < 0)
		return oom(c);
	r = chg_run(c);
	if (r < 0)
		return chg_die(c, NULL);
	if (r) {
		r = rem_target_rc(c, d, t);
		c->rc_msg = rc_text(r);
	}
	return chg_finish(c, r, "\t-> Done.\n");
}
CHG_CMD(rem_target, CHG_PROMPT | CHG_LIP_ALL)

/* ---- initiator groups ---------------------------------------------------------------- */

static int add_group(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_GROUP, 0, "Adding new group '%a' to driver/target '%d/%t'",
			"targets/%d/%t/ini_groups/mgmt", "create %a");
}
CHG_CMD(add_group, 0)

/* LUN number -> device of a luns/ directory, as Perl's luns() gives them. */
struct lun_row {
	char *lun, *dev;
};

static int cmp_lun_str(const void *a, const void *b)
{
	/* Perl's listGroup sorts the LUNs as strings: 10 before 8 */
	return strcmp(((const struct lun_row *)a)->lun, ((const struct lun_row *)b)->lun);
}

static size_t read_luns(struct chg *c, const char *dir, struct lun_row **out)
{
	struct lun_row *v;
	struct chg_obj ob, l;
	size_t i, n = 0;

	*out = NULL;
	if (chg_read(c, &ob, "%s/luns", dir) < 0)
		return 0;
	v = calloc(ob.n ? ob.n : 1, sizeof(*v));
	for (i = 0; v && i < ob.n; i++) {
		const struct scstcfg_sysfs_entry *dev;
		const char *b;

		if (!ob.e[i].is_dir || chg_read(c, &l, "%s/luns/%s", dir, ob.e[i].name) < 0)
			continue;
		dev = chg_entry(&l, "device");
		b = dev && dev->link ? strrchr(dev->link, '/') : NULL;
		v[n].lun = strdup(ob.e[i].name);
		v[n].dev = strdup(b ? b + 1 : dev && dev->link ? dev->link : "");
		n++;
		chg_obj_free(&l);
	}
	chg_obj_free(&ob);
	if (n)
		qsort(v, n, sizeof(*v), cmp_lun_str);
	*out = v;
	return n;
}

static void free_luns(struct lun_row *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].lun);
		free(v[i].dev);
	}
	free(v);
}

static void dashes(size_t n)
{
	putchar('\t');
	while (n--)
		putchar('-');
	putchar('\n');
}

/* Perl's listGroup() for a group with LUNs or initiators. */
static void print_group(const struct lun_row *l, size_t nl, const struct chg_obj *inis)
{
	size_t ld = 0, li = 0, i;

	for (i = 0; i < nl; i++)
		ld = strlen(l[i].dev) > ld ? strlen(l[i].dev) : ld;
	for (i = 0; i < inis->n; i++)
		li = strlen(inis->e[i].name) > li ? strlen(inis->e[i].name) : li;
	printf("Assigned LUNs:\n\n");
	if (nl) {
		printf("\t%-4s %-*s\n", "LUN", (int)ld, "Device");
		dashes(ld + 5);
		for (i = 0; i < nl; i++)
			printf("\t%-4s %-*s\n", l[i].lun, (int)ld, l[i].dev);
	} else {
		printf("\t(none)\n");
	}
	printf("\nAssigned Initiators:\n\n");
	if (inis->n) {
		printf("\tInitiator\n");
		dashes(li);
		for (i = 0; i < inis->n; i++)
			printf("\t%s\n", inis->e[i].name);
	} else {
		printf("\t(none)\n");
	}
}

/* Initiators of a group: the files of initiators/ but mgmt. */
static void read_inis(struct chg *c, struct chg_obj *ob, const char *gdir)
{
	size_t i, k = 0;

	if (chg_read(c, ob, "%s/initiators", gdir) < 0)
		return;
	for (i = 0; i < ob->n; i++) {
		if (ob->e[i].is_dir || !strcmp(ob->e[i].name, "mgmt")) {
			free(ob->e[i].name);
			free(ob->e[i].value);
			free(ob->e[i].link);
			continue;
		}
		ob->e[k++] = ob->e[i];
	}
	ob->n = k;
}

/* -rem_group G -driver D -target T: a group with LUNs or initiators needs -force. */
static int rem_group(struct chg *c)
{
	const struct opts *o = c->o;
	char gdir[PATH_MAX];
	struct chg_obj inis = { 0 };
	struct lun_row *l;
	size_t nl;

	chg_fmt(gdir, sizeof(gdir), "targets/%s/%s/ini_groups/%s", o->driver, o->target,
		 o->op_arg);
	if (!o->force) {
		nl = read_luns(c, gdir, &l);
		read_inis(c, &inis, gdir);
		if (nl || inis.n) {
			print_group(l, nl, &inis);
			free_luns(l, nl);
			chg_obj_free(&inis);
			return chg_die(c, "Group is still in use, aborting. Use -force to override.");
		}
		free_luns(l, nl);
		chg_obj_free(&inis);
	}
	return chg_mgmt(c, SCSTCFG_KIND_GROUP, SCSTCFG_OP_REMOVE,
			"Removing group '%a' from driver/target '%d/%t'",
			"targets/%d/%t/ini_groups/mgmt", "del %a");
}
CHG_CMD(rem_group, CHG_PROMPT)

/* ---- initiators -------------------------------------------------------------------- */

/* -add_init I: refused when I is already in a group of the target (spec §7 item 39). */
static int add_init(struct chg *c)
{
	const struct opts *o = c->o;
	char gdir[PATH_MAX];
	struct chg_obj gs, inis;
	size_t i;

	if (chg_read(c, &gs, "targets/%s/%s/ini_groups", o->driver, o->target) == 0) {
		for (i = 0; i < gs.n; i++) {
			if (!gs.e[i].is_dir)
				continue;
			chg_fmt(gdir, sizeof(gdir), "targets/%s/%s/ini_groups/%s", o->driver,
				 o->target, gs.e[i].name);
			read_inis(c, &inis, gdir);
			if (chg_entry(&inis, o->op_arg)) {
				/* sic: Perl prints "driver/target" for the target */
				printf("\t-> Initiator '%s' already belongs to group '%s' for driver/target '%s/target', ignoring.\n",
				       o->op_arg, gs.e[i].name, o->driver);
				chg_obj_free(&inis);
				chg_obj_free(&gs);
				return chg_finish(c, 0, "\t-> Done.\n");
			}
			chg_obj_free(&inis);
		}
		chg_obj_free(&gs);
	}
	return chg_mgmt(c, SCSTCFG_KIND_INITIATOR, 0,
			"Adding new initiator '%a' to driver/target/group '%d/%t/%g'",
			"targets/%d/%t/ini_groups/%g/initiators/mgmt", "add %a");
}
CHG_CMD(add_init, CHG_LIP)

/* -rem_init, -move_init, -clear_inits: one command to initiators/mgmt. */
#define INI_MGMT "targets/%d/%t/ini_groups/%g/initiators/mgmt"

static int rem_init(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_INITIATOR, SCSTCFG_OP_REMOVE,
			"Removing initiator '%a' from driver/target/group '%d/%t/%g'", INI_MGMT,
			"del %a");
}
CHG_CMD(rem_init, CHG_PROMPT | CHG_LIP)

/* -move_init I -to G2: "move", so the initiator is never without a group (spec §7 item 40). */
static int move_init(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_INITIATOR, SCSTCFG_OP_REMOVE,
			"Moving initiator '%a' from group '%g' to group '%o'", INI_MGMT, "move %a %o");
}
CHG_CMD(move_init, CHG_PROMPT | CHG_LIP)

static int clear_inits(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_INITIATOR, SCSTCFG_OP_REMOVE,
			"Removing all initiators driver/target/group '%d/%t/%g'", INI_MGMT, "clear");
}
CHG_CMD(clear_inits, CHG_PROMPT | CHG_LIP)

/* ---- LUNs --------------------------------------------------------------------------- */

/* LUN parameters as "k=v;..." after a blank, or "". */
static void lun_params(const struct chg *c, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < c->attrs.n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s=%s;", len ? "" : " ",
					c->attrs.v[i].name, c->attrs.v[i].value);
}

/* -add_lun N -device DEV [-group G] [-attributes read_only=1]. */
static int add_lun(struct chg *c)
{
	const struct opts *o = c->o;
	char line[TEXT_MAX], par[PATH_MAX], path[PATH_MAX], who[TEXT_MAX], params[4096];

	lun_parent(o, par, sizeof(par));
	/* Perl does not complain about existing copy manager LUNs */
	if (!strcmp(o->driver, "copy_manager") && chg_exists(c, "%s/luns/%s", par, o->op_arg))
		return chg_finish(c, 0, "\t-> Done.\n");
	lun_who(o, who, sizeof(who));
	chg_fmt(line, sizeof(line), "Adding device '%s' at LUN %s to %s", o->device, o->op_arg,
		 who);
	chg_fmt(path, sizeof(path), "%s/luns/mgmt", par);
	lun_params(c, params, sizeof(params));
	if (chg_opf(c, CHG_FATAL, SCSTCFG_KIND_LUN, SCSTCFG_OP_MGMT, line, path, "add %s %s%s",
		    o->device, o->op_arg, params) < 0)
		return oom(c);
	return chg_run_finish(c, "\t-> Done.\n");
}
CHG_CMD(add_lun, CHG_LIP | CHG_ATTRS)

static int rem_lun(struct chg *c)
{
	const struct opts *o = c->o;
	char line[TEXT_MAX], par[PATH_MAX], path[PATH_MAX], who[TEXT_MAX], cmd[TEXT_MAX];

	lun_parent(o, par, sizeof(par));
	lun_who(o, who, sizeof(who));
	chg_fmt(line, sizeof(line), "Removing LUN %s from %s", o->op_arg, who);
	chg_fmt(path, sizeof(path), "%s/luns/mgmt", par);
	chg_fmt(cmd, sizeof(cmd), "del %s", o->op_arg);
	return chg_one(c, SCSTCFG_KIND_LUN, SCSTCFG_OP_REMOVE, line, path, cmd);
}
CHG_CMD(rem_lun, CHG_PROMPT | CHG_LIP)

/*
 * -replace_lun N -device DEV: SCST.pm checks first that the LUN exists
 * (the kernel's "replace" would add it) and that it maps another device.
 */
static int replace_lun(struct chg *c)
{
	const struct opts *o = c->o;
	char line[TEXT_MAX], par[PATH_MAX], path[PATH_MAX], params[4096];
	const struct scstcfg_sysfs_entry *dev;
	const char *why = NULL, *b;
	struct chg_obj l = { 0 };
	bool g = o->group && *o->group;

	lun_parent(o, par, sizeof(par));
	if (!chg_exists(c, "targets/%s", o->driver))
		why = "No such driver exists.";
	else if (!chg_exists(c, "targets/%s/%s", o->driver, o->target))
		why = "No such target exists.";
	else if (g && !chg_exists(c, "%s", par))
		why = "No such group exists.";
	else if (chg_read(c, &l, "%s/luns/%s", par, o->op_arg) < 0)
		why = "No such LUN exists.";
	else if (!chg_exists(c, "devices/%s", o->device))
		why = "No such device exists.";
	dev = chg_entry(&l, "device");
	b = dev && dev->link ? strrchr(dev->link, '/') : NULL;
	if (!why && b && !strcmp(b + 1, o->device))
		why = "Device already exists for LUN.";
	chg_obj_free(&l);
	if (why) {
		return chg_die(c, why);
	}
	/* sic: Perl names the group even when there is none */
	chg_fmt(line, sizeof(line),
		 "Replacing device at LUN %s with device '%s' in driver/target/group '%s/%s/%s'",
		 o->op_arg, o->device, o->driver, o->target, g ? o->group : "");
	chg_fmt(path, sizeof(path), "%s/luns/mgmt", par);
	lun_params(c, params, sizeof(params));
	if (chg_opf(c, CHG_FATAL, SCSTCFG_KIND_LUN, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE, line, path,
		    "replace %s %s%s", o->device, o->op_arg, params) < 0)
		return oom(c);
	return chg_run_finish(c, "\t-> Done.\n");
}
CHG_CMD(replace_lun, CHG_PROMPT | CHG_LIP | CHG_ATTRS)

static int clear_luns(struct chg *c)
{
	const struct opts *o = c->o;
	char line[TEXT_MAX], par[PATH_MAX], path[PATH_MAX], who[TEXT_MAX];

	lun_parent(o, par, sizeof(par));
	lun_who(o, who, sizeof(who));
	chg_fmt(line, sizeof(line), "Removing all LUNs from %s", who);
	chg_fmt(path, sizeof(path), "%s/luns/mgmt", par);
	return chg_one(c, SCSTCFG_KIND_LUN, SCSTCFG_OP_REMOVE, line, path, "clear");
}
CHG_CMD(clear_luns, CHG_PROMPT | CHG_LIP)

/* ---- LIP ---------------------------------------------------------------------------- */

/*
 * Perl's _issueLip(): write 1 to <target>/host/device/fc_host:<host>/issue_lip
 * (or .../fc_host/<host>/issue_lip), <host> being the basename of the
 * target's "host" link.  Return: 0 planned or skipped with a message, -1
 * out of memory.
 */
static int plan_lip(struct chg *c, const char *d, const char *t, bool warn)
{
	char line[TEXT_MAX], dir[PATH_MAX], path[PATH_MAX + 16];
	const struct scstcfg_sysfs_entry *host, *lip;
	struct chg_obj tgt, fc = { 0 };
	const char *hn;
	int r = 0;

	if (chg_read(c, &tgt, "targets/%s/%s", d, t) < 0)
		return 0;
	host = chg_entry(&tgt, "host");
	if (!host || !host->link) {
		if (warn)
			printf("\t-> Driver/target '%s/%s' has no 'host' attribute, ignoring.\n", d, t);
		chg_obj_free(&tgt);
		return 0;
	}
	hn = strrchr(host->link, '/');
	hn = hn ? hn + 1 : host->link;
	chg_fmt(dir, sizeof(dir), "targets/%s/%s/host/device/fc_host:%s", d, t, hn);
	if (chg_read(c, &fc, "%s", dir) < 0) {
		chg_fmt(dir, sizeof(dir), "targets/%s/%s/host/device/fc_host/%s", d, t, hn);
		if (chg_read(c, &fc, "%s", dir) < 0) {
			printf("\t-> Driver/target is not a fibre channel target, ignoring.\n");
			chg_obj_free(&tgt);
			return 0;
		}
	}
	lip = chg_entry(&fc, "issue_lip");
	if (lip && lip->writable) {
		chg_fmt(line, sizeof(line), "Issuing LIP on fibre channel driver/target '%s/%s' (%s)",
			 d, t, hn);
		chg_fmt(path, sizeof(path), "%s/issue_lip", dir);
		r = chg_op(c, CHG_WARN, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR, line, path, "1");
	} else {
		printf("Fibre channel driver/target '%s/%s' lacks the ability to issue LIPs, ignoring.\n",
		       d, t);
	}
	chg_obj_free(&fc);
	chg_obj_free(&tgt);
	return r < 0 ? -1 : 0;
}

/* LIPs on target @t of @d, or on every target of every driver (@t NULL).
 * Return: 0, or -1 out of memory. */
static int plan_lips(struct chg *c, const char *d, const char *t, bool warn)
{
	struct chg_obj ds, ts;
	size_t i, j;
	int r = 0;

	if (d && *d && t && *t)
		return plan_lip(c, d, t, warn);
	if (chg_read(c, &ds, "targets") < 0)
		return 0;
	for (i = 0; i < ds.n; i++) {
		if (!ds.e[i].is_dir || chg_read(c, &ts, "targets/%s", ds.e[i].name) < 0)
			continue;
		for (j = 0; j < ts.n; j++)
			if (ts.e[j].is_dir && !ts.e[j].is_link &&
			    plan_lip(c, ds.e[i].name, ts.e[j].name, warn) < 0)
				r = -1;
		chg_obj_free(&ts);
	}
	chg_obj_free(&ds);
	return r;
}

/* -issue_lip [T] [-driver D]: one target, or every target of every driver. */
static int issue_lip(struct chg *c)
{
	const struct opts *o = c->o;

	if (o->no_lip)
		return chg_finish(c, 0, "\t-> Done.\n");
	if (plan_lips(c, o->driver, o->op_arg, true) < 0)
		return oom(c);
	return chg_run_finish(c, "\t-> Done.\n");
}
CHG_CMD(issue_lip, 0)

int chg_lip(struct chg *c)
{
	int r;

	scstcfg_plan_free(c->p);
	c->p = NULL;
	free(c->meta);
	c->meta = NULL;
	if (scstcfg_plan_create(&c->p) < 0 || plan_lips(c, c->lip_d, c->lip_t, false) < 0)
		return 1;
	r = chg_run(c);
	return r ? 1 : 0;
}
