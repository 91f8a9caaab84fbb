// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * change-alua.c - scstadmin's ALUA changes (spec ../shared/spec/scstadmin.md
 * §2.2, §7 item 37): -add/-rem_dgrp, -add/-rem_dgrp_dev, -add/-rem_tgrp,
 * -add/-rem_tgrp_tgt, -set_dgrp_attr, -set_tgrp_attr, -set_ttgt_attr, on
 * the engine of change.c.  The -rem forms of device groups, their devices
 * and target groups refuse in-use objects without -force and list what
 * uses them, as Perl does.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "scstadmin.h"

#define TEXT_MAX 1024

/* Perl's column: a title, dashes (at least @min, or @floor when shorter than @below), names. */
static void column(const char *title, const struct chg_obj *ob, bool links, size_t below,
		   size_t floor)
{
	size_t i, l = 0;

	for (i = 0; i < ob->n; i++)
		if (links ? (ob->e[i].is_link || ob->e[i].is_dir) : ob->e[i].is_dir)
			l = strlen(ob->e[i].name) > l ? strlen(ob->e[i].name) : l;
	if (l < below)
		l = floor;
	printf("\t%s\n\t", title);
	while (l--)
		putchar('-');
	putchar('\n');
	for (i = 0; i < ob->n; i++)
		if (links ? (ob->e[i].is_link || ob->e[i].is_dir) : ob->e[i].is_dir)
			printf("\t%s\n", ob->e[i].name);
}

/* Entries of a target group directory that are targets (links or remote dirs). */
static size_t count_targets(const struct chg_obj *ob)
{
	size_t i, n = 0;

	for (i = 0; i < ob->n; i++)
		n += ob->e[i].is_link || ob->e[i].is_dir;
	return n;
}

static size_t count_dirs(const struct chg_obj *ob)
{
	size_t i, n = 0;

	for (i = 0; i < ob->n; i++)
		n += ob->e[i].is_dir;
	return n;
}

/* Devices of a device group: the links of devices/. */
static size_t count_links(const struct chg_obj *ob)
{
	size_t i, n = 0;

	for (i = 0; i < ob->n; i++)
		n += ob->e[i].is_link;
	return n;
}

static int add_dgrp(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_DGROUP, 0, "Adding new device group '%a'",
			"device_groups/mgmt", "create %a");
}
CHG_CMD(add_dgrp, 0)

/* -rem_dgrp DG: with devices or target groups only with -force. */
static int rem_dgrp(struct chg *c)
{
	const struct opts *o = c->o;
	struct chg_obj devs = { 0 }, tgs = { 0 };

	if (!o->force) {
		chg_read(c, &devs, "device_groups/%s/devices", o->op_arg);
		chg_read(c, &tgs, "device_groups/%s/target_groups", o->op_arg);
		if (count_links(&devs) || count_dirs(&tgs)) {
			printf("\n");
			/* sic: Perl widens a shorter column to 7, not 6 */
			column("Devices", &devs, true, 6, 7);
			printf("\n");
			column("Target Groups", &tgs, false, 12, 12);
			chg_obj_free(&devs);
			chg_obj_free(&tgs);
			return chg_die(c, "Device group is still in use, aborting. Use -force to override.");
		}
		chg_obj_free(&devs);
		chg_obj_free(&tgs);
	}
	return chg_mgmt(c, SCSTCFG_KIND_DGROUP, SCSTCFG_OP_REMOVE, "Removing device group '%a'",
			"device_groups/mgmt", "del %a");
}
CHG_CMD(rem_dgrp, 0)

static int add_dgrp_dev(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_DG_DEVICE, 0, "Adding new device group/device '%G/%a'",
			"device_groups/%G/devices/mgmt", "add %a");
}
CHG_CMD(add_dgrp_dev, 0)

/* -rem_dgrp_dev DEV -dev_group DG: refused while a target group of DG has targets. */
static int rem_dgrp_dev(struct chg *c)
{
	const struct opts *o = c->o;
	struct chg_obj tgs, tg;
	bool found = false;
	size_t i;

	if (!o->force && chg_read(c, &tgs, "device_groups/%s/target_groups", o->dev_group) == 0) {
		for (i = 0; i < tgs.n; i++) {
			if (!tgs.e[i].is_dir ||
			    chg_read(c, &tg, "device_groups/%s/target_groups/%s", o->dev_group,
				     tgs.e[i].name) < 0)
				continue;
			if (count_targets(&tg)) {
				printf("\n");
				column("Targets", &tg, true, 7, 7);
				found = true;
			}
			chg_obj_free(&tg);
		}
		chg_obj_free(&tgs);
		if (found) {
			return chg_die(c, "Device may still be in use, aborting. Use -force to override.");
		}
	}
	/* sic: Perl says "target group" for the device group */
	return chg_mgmt(c, SCSTCFG_KIND_DG_DEVICE, SCSTCFG_OP_REMOVE,
			"Removing device '%a' from target group '%G'", "device_groups/%G/devices/mgmt",
			"del %a");
}
CHG_CMD(rem_dgrp_dev, 0)

static int add_tgrp(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_TGROUP, 0, "Adding new target group '%a' to device group '%G'",
			"device_groups/%G/target_groups/mgmt", "add %a");
}
CHG_CMD(add_tgrp, 0)

/* -rem_tgrp TG -dev_group DG: a target group with targets needs -force. */
static int rem_tgrp(struct chg *c)
{
	const struct opts *o = c->o;
	struct chg_obj tg;

	if (!o->force && chg_read(c, &tg, "device_groups/%s/target_groups/%s", o->dev_group,
				  o->op_arg) == 0) {
		if (count_targets(&tg)) {
			printf("\n");
			column("Targets", &tg, true, 7, 7);
			chg_obj_free(&tg);
			return chg_die(c, "Target group is still in use, aborting. Use -force to override.");
		}
		chg_obj_free(&tg);
	}
	return chg_mgmt(c, SCSTCFG_KIND_TGROUP, SCSTCFG_OP_REMOVE,
			"Removing target group '%a' from device group '%G'",
			"device_groups/%G/target_groups/mgmt", "del %a");
}
CHG_CMD(rem_tgrp, 0)

/* -add_tgrp_tgt / -rem_tgrp_tgt T -dev_group DG -tgt_group TG. */
static int add_tgrp_tgt(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_TG_TARGET, 0,
			"Adding new target group/target '%T/%a' to device group '%G'",
			"device_groups/%G/target_groups/%T/mgmt", "add %a");
}
CHG_CMD(add_tgrp_tgt, 0)

static int rem_tgrp_tgt(struct chg *c)
{
	return chg_mgmt(c, SCSTCFG_KIND_TG_TARGET, SCSTCFG_OP_REMOVE,
			"Removing target group/target '%T/%a' from device group '%G'",
			"device_groups/%G/target_groups/%T/mgmt", "del %a");
}
CHG_CMD(rem_tgrp_tgt, 0)

/* ---- attributes ------------------------------------------------------------------- */

static int set_dgrp_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], who[TEXT_MAX], sfx[TEXT_MAX], miss[TEXT_MAX];

	chg_fmt(dir, sizeof(dir), "device_groups/%s", o->op_arg);
	chg_fmt(who, sizeof(who), "Device Group '%s'", o->op_arg);
	chg_fmt(sfx, sizeof(sfx), " for device group '%s'", o->op_arg);
	chg_fmt(miss, sizeof(miss), "deviceGroupAttributes(): Device group '%s' does not exist",
		 o->op_arg);
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_DGROUP, .who = who, .kind_word = "Device Group",
		.suffix = sfx, .is_static = "Device group attribute specified is static.",
		.missing = miss });
}
CHG_CMD(set_dgrp_attr, CHG_PROMPT)

static int set_tgrp_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], who[TEXT_MAX], sfx[TEXT_MAX], miss[TEXT_MAX];

	chg_fmt(dir, sizeof(dir), "device_groups/%s/target_groups/%s", o->dev_group, o->op_arg);
	chg_fmt(who, sizeof(who), "Target Group '%s/%s'", o->dev_group, o->op_arg);
	chg_fmt(sfx, sizeof(sfx), " for target group '%s/%s'", o->dev_group, o->op_arg);
	if (!chg_exists(c, "device_groups/%s", o->dev_group))
		chg_fmt(miss, sizeof(miss),
			 "targetGroupAttributes(): Device group '%s' does not exist", o->dev_group);
	else
		chg_fmt(miss, sizeof(miss),
			 "targetGroupAttributes(): Target Group '%s' does not exist", o->op_arg);
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_TGROUP, .who = who, .kind_word = "Target Group",
		.suffix = sfx, .is_static = "Target group attribute specified is static.",
		.missing = miss });
}
CHG_CMD(set_tgrp_attr, CHG_PROMPT)

/* -set_ttgt_attr T: a local target's attributes are the target's own (through the link). */
static int set_ttgt_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], who[TEXT_MAX], sfx[TEXT_MAX], miss[TEXT_MAX];

	chg_fmt(dir, sizeof(dir), "device_groups/%s/target_groups/%s/%s", o->dev_group,
		 o->tgt_group, o->op_arg);
	chg_fmt(who, sizeof(who), "Target '%s/%s/%s'", o->dev_group, o->tgt_group, o->op_arg);
	chg_fmt(sfx, sizeof(sfx), " for target '%s/%s/%s'", o->dev_group, o->tgt_group,
		 o->op_arg);
	if (!chg_exists(c, "device_groups/%s", o->dev_group))
		chg_fmt(miss, sizeof(miss),
			 "targetGroupTargetAttributes(): Device group '%s' does not exist",
			 o->dev_group);
	else if (!chg_exists(c, "device_groups/%s/target_groups/%s", o->dev_group, o->tgt_group))
		chg_fmt(miss, sizeof(miss),
			 "targetGroupTargetAttributes(): Target Group '%s' does not exist",
			 o->tgt_group);
	else
		chg_fmt(miss, sizeof(miss),
			 "targetGroupTargetAttributes(): Target '%s' does not exist", o->op_arg);
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_TG_TARGET, .who = who, .kind_word = "target",
		.suffix = sfx, .is_static = "Target group target attribute specified is static.",
		.missing = miss });
}
CHG_CMD(set_ttgt_attr, CHG_PROMPT)
