// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * change-dev.c - scstadmin -open_dev, -close_dev, -resync_dev,
 * -set_scst_attr, -set_hnd_attr, -set_dev_attr (spec
 * ../shared/spec/scstadmin.md §2.2, §7 items 35, 36, 41), on the engine
 * of change.c.
 */
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scstadmin.h"

#define NAME_MAX_LEN 512

/* -open_dev DEV -handler H [-attributes]: add_device, cluster_mode last. */
static int open_dev(struct chg *c)
{
	const struct opts *o = c->o;
	char line[NAME_MAX_LEN * 2], path[PATH_MAX], cmd[4200], params[4096] = "";
	size_t i, len;

	/* cluster_mode after t10_dev_id and the rest (spec §7 item 35) */
	len = 0;
	for (i = 0; i < 2 * c->attrs.n && len < sizeof(params); i++) {
		const struct cli_attr *a = &c->attrs.v[i % c->attrs.n];

		if (!strcmp(a->name, "cluster_mode") == (i < c->attrs.n))
			continue;
		len += (size_t)snprintf(params + len, sizeof(params) - len, "%s=%s;", a->name,
					a->value);
	}
	chg_fmt(cmd, sizeof(cmd), "add_device %s%s%s", o->op_arg, len ? " " : "", params);
	chg_fmt(line, sizeof(line), "Opening device '%s' using handler '%s'", o->op_arg, o->handler);
	chg_fmt(path, sizeof(path), "handlers/%s/mgmt", o->handler);
	chg_op(c, CHG_FATAL, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_MGMT, line, path, cmd);
	return chg_run_finish(c, "\t-> Done.\n");
}
CHG_CMD(open_dev, CHG_ATTRS)

struct export {
	char *drv, *tgt, *grp, *lun;
};

static int cmp_export(const void *a, const void *b)
{
	const struct export *x = a, *y = b;
	int r = strcmp(x->drv, y->drv);

	if (!r)
		r = strcmp(x->tgt, y->tgt);
	return r ? r : strcmp(x->grp, y->grp);
}

static size_t max_len(size_t l, const char *s)
{
	return strlen(s) > l ? strlen(s) : l;
}

static void print_dashes(size_t n, const char *end)
{
	while (n--)
		putchar('-');
	fputs(end, stdout);
}

/*
 * The LUNs that export @dev (its exported/ links), copy manager excepted,
 * one row per driver/target/group as Perl keeps them; Perl's listExported
 * table when there are any.  Return: the row count.
 */
static size_t list_exported(struct chg *c, const char *dev)
{
	static const char *const re_src =
		"^(\\.\\./)*targets/([^/]+)/([^/]+)/(ini_groups/([^/]+)/)?luns/([0-9]+)$";
	struct export *x = NULL;
	size_t n = 0, i, ld = 6, lt = 6, lg = 5;
	struct chg_obj ob;
	regmatch_t m[7];
	regex_t re;

	if (chg_read(c, &ob, "devices/%s/exported", dev) < 0 ||
	    regcomp(&re, re_src, REG_EXTENDED))
		return 0;
	x = calloc(ob.n ? ob.n : 1, sizeof(*x));
	for (i = 0; x && i < ob.n; i++) {
		const char *l = ob.e[i].link;
		struct export e;
		size_t j;

		if (!l || regexec(&re, l, 7, m, 0))
			continue;
		e.drv = strndup(l + m[2].rm_so, (size_t)(m[2].rm_eo - m[2].rm_so));
		e.tgt = strndup(l + m[3].rm_so, (size_t)(m[3].rm_eo - m[3].rm_so));
		e.grp = m[5].rm_so < 0 ? strdup("") :
					 strndup(l + m[5].rm_so, (size_t)(m[5].rm_eo - m[5].rm_so));
		e.lun = strndup(l + m[6].rm_so, (size_t)(m[6].rm_eo - m[6].rm_so));
		if (!strcmp(e.drv, "copy_manager")) {
			free(e.drv);
			free(e.tgt);
			free(e.grp);
			free(e.lun);
			continue;
		}
		/* Perl keys the LUN by driver/target/group: the last one wins */
		for (j = 0; j < n && cmp_export(&x[j], &e); j++)
			;
		if (j < n) {
			free(x[j].drv);
			free(x[j].tgt);
			free(x[j].grp);
			free(x[j].lun);
		} else {
			n++;
		}
		x[j] = e;
	}
	regfree(&re);
	chg_obj_free(&ob);
	if (n) {
		qsort(x, n, sizeof(*x), cmp_export);
		for (i = 0; i < n; i++) {
			ld = max_len(ld, x[i].drv);
			lt = max_len(lt, x[i].tgt);
			lg = max_len(lg, x[i].grp);
		}
		printf("Device '%s' is currently in use by the following:\n\n", dev);
		printf("\t%-*s %-*s %-*s %-4s\n", (int)ld, "Driver", (int)lt, "Target", (int)lg,
		       "Group", "Lun");
		putchar('\t');
		print_dashes(ld, " ");
		print_dashes(lt, " ");
		print_dashes(lg, " ");
		print_dashes(4, "\n");
		for (i = 0; i < n; i++)
			printf("\t%-*s %-*s %-*s %-4s\n", (int)ld, x[i].drv, (int)lt, x[i].tgt,
			       (int)lg, x[i].grp, x[i].lun);
	}
	for (i = 0; x && i < n; i++) {
		free(x[i].drv);
		free(x[i].tgt);
		free(x[i].grp);
		free(x[i].lun);
	}
	free(x);
	return n;
}

/* -close_dev DEV -handler H: refuses an exported device without -force. */
static int close_dev(struct chg *c)
{
	const struct opts *o = c->o;
	char line[NAME_MAX_LEN * 2], path[PATH_MAX], cmd[NAME_MAX_LEN];

	if (!o->force && list_exported(c, o->op_arg)) {
		chg_fmt(line, sizeof(line),
			 "Device '%s' still in use, aborting. Use -force to override.", o->op_arg);
		return chg_die(c, line);
	}
	chg_fmt(line, sizeof(line), "Closing device '%s' using handler '%s'", o->op_arg, o->handler);
	chg_fmt(path, sizeof(path), "handlers/%s/mgmt", o->handler);
	chg_fmt(cmd, sizeof(cmd), "del_device %s", o->op_arg);
	chg_op(c, CHG_FATAL, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE, line, path,
	       cmd);
	return chg_run_finish(c, "\t-> Done.\n");
}
CHG_CMD(close_dev, CHG_PROMPT | CHG_LIP_ALL)

/* -resync_dev DEV: write 1 to resync_size (spec §7 item 41). */
static int resync_dev(struct chg *c)
{
	const struct opts *o = c->o;
	char line[NAME_MAX_LEN * 2], path[PATH_MAX];
	int r;

	if (!chg_exists(c, "devices/%s", o->op_arg)) {
		chg_fmt(line, sizeof(line), "deviceAttributes(): Device '%s' is not open", o->op_arg);
		cli_warning(line);
		return chg_finish(c, 1, "\t-> Done.\n");
	}
	if (!chg_exists(c, "devices/%s/resync_size", o->op_arg)) {
		printf("\t-> WARNING: Device '%s' lacks the settable attribute 'resync_size', ignoring.\n\n",
		       o->op_arg);
		return chg_finish(c, 0, "\t-> Done.\n");
	}
	/* write-only: never "already set" */
	chg_fmt(line, sizeof(line),
		 "Setting device attribute 'resync_size' to value '1' for device '%s'", o->op_arg);
	chg_fmt(path, sizeof(path), "devices/%s/resync_size", o->op_arg);
	chg_op(c, CHG_WARN, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_ATTR, line, path, "1");
	r = chg_run(c);
	return chg_finish(c, r ? 1 : 0, "\t-> Done.\n");
}
CHG_CMD(resync_dev, CHG_LIP_ALL)

static int set_scst_attr(struct chg *c)
{
	return chg_set_attrs(c, &(struct chg_set){
		.dir = ".", .kind = SCSTCFG_KIND_ROOT, .who = "SCST", .kind_word = "SCST",
		.suffix = "", .is_static = "SCST attribute specified is static",
		.missing = "scstAttributes(): Unable to read the SCST root directory" });
}
CHG_CMD(set_scst_attr, CHG_PROMPT)

static int set_hnd_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], who[NAME_MAX_LEN], sfx[NAME_MAX_LEN], miss[NAME_MAX_LEN * 2];

	chg_fmt(dir, sizeof(dir), "handlers/%s", o->op_arg);
	chg_fmt(who, sizeof(who), "Handler '%s'", o->op_arg);
	chg_fmt(sfx, sizeof(sfx), " for handler '%s'", o->op_arg);
	chg_fmt(miss, sizeof(miss), "handlerAttributes(): Handler '%s' is not available",
		 o->op_arg);
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_HANDLER, .who = who, .kind_word = "handler",
		.suffix = sfx, .is_static = "Handler attribute given is static.", .missing = miss });
}
CHG_CMD(set_hnd_attr, CHG_PROMPT)

static int set_dev_attr(struct chg *c)
{
	const struct opts *o = c->o;
	char dir[PATH_MAX], who[NAME_MAX_LEN], sfx[NAME_MAX_LEN], miss[NAME_MAX_LEN * 2];

	chg_fmt(dir, sizeof(dir), "devices/%s", o->op_arg);
	chg_fmt(who, sizeof(who), "Device '%s'", o->op_arg);
	chg_fmt(sfx, sizeof(sfx), " for device '%s'", o->op_arg);
	chg_fmt(miss, sizeof(miss), "deviceAttributes(): Device '%s' is not open", o->op_arg);
	return chg_set_attrs(c, &(struct chg_set){
		.dir = dir, .kind = SCSTCFG_KIND_DEVICE, .who = who, .kind_word = "device",
		.suffix = sfx, .is_static = "Device attribute specified is static.", .missing = miss });
}
CHG_CMD(set_dev_attr, CHG_PROMPT)
