// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scstadmin - SCST configurator, a drop-in for the Perl scstadmin
 * (spec ../shared/spec/scstadmin.md §2).
 *
 * main() does what the Perl main() and getArgs() do, in their order:
 *   1. root check ("This program must run as root.", exit 255 as Perl's die);
 *   2. parse argv with Getopt::Long's rules (getopt.c), every option of the
 *      table below; parse errors exit 1, then -h/-help prints the usage;
 *   3. the one-operation rule, -clear_config without -force, and the
 *      "Please specify ..." checks (needs[], in Perl's order);
 *   4. connect ("Failed to obtain SCST version information. ...", exit 2),
 *      "\nCollecting current configuration: done.\n\n", the commands,
 *      "\nAll done.\n", exit = the commands' rc.  CONF entries (-config and
 *      friends, live.c and config.c) connect and frame themselves.
 * The table is in Perl's dispatch order: the first CONF entry given runs
 * alone; otherwise every QUERY given runs, in table order, then the first
 * OP given (Perl's "last SWITCH").  Entries whose command is NULL are not
 * implemented yet and say so before anything is touched.
 *
 * Personality: invoked as "pyscstadmin" (argv[0] basename), the
 * pyscstadmin CLI of pyscstadmin.c runs instead; one engine (live.c and
 * libscstcfg) serves both.
 */
#include <getopt.h>		/* no_argument, required_argument, optional_argument */
#include <libgen.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scstadmin.h"
#include "tk.h"
#include "tk-config.h"

_Static_assert(no_argument == GOL_NONE && required_argument == GOL_REQUIRED &&
		       optional_argument == GOL_OPTIONAL,
	       "has_arg values are gol_arg values");

enum opt_class {
	OPT_CONF,	/* -config & co.: connect and frame themselves */
	OPT_QUERY,	/* -list_*: all given run, they count as one operation */
	OPT_OP,		/* an operation: at most one (spec §2.1) */
	OPT_PARAM,	/* companion option with a value (-driver ...) */
	OPT_FLAG,	/* -force, -nonkey, ... */
	OPT_HELP,
};

#define F_FREE 0x1u	/* Perl does not count it in the one-operation rule */
#define F_OURS 0x2u	/* not a Perl option (abbreviations prefer Perl's) */

struct option_def {
	const char *name;	/* lower case: Getopt::Long reports names so */
	int has_arg;		/* no_argument, required_argument, optional_argument */
	enum opt_class cls;
	/* OPT_CONF/OPT_QUERY/OPT_OP: the command; NULL = not implemented yet */
	int (*run)(struct scstcfg_ctx *ctx, const struct opts *o);
	size_t field;		/* OPT_PARAM/OPT_FLAG: offsetof(struct opts, ...) */
	unsigned int flags;	/* F_* */
};

#define CONF(n, a, fn, fl) { n, a, OPT_CONF, fn, 0, fl }
#define QUERY(n, a, fn) { n, a, OPT_QUERY, fn, 0, 0 }
#define OP(n, a, fn) { n, a, OPT_OP, fn, 0, 0 }
#define OP_FREE(n, a, fn) { n, a, OPT_OP, fn, 0, F_FREE }
#define PARAM(n, f) { n, required_argument, OPT_PARAM, NULL, offsetof(struct opts, f), 0 }
#define FLAG(n, f) { n, no_argument, OPT_FLAG, NULL, offsetof(struct opts, f), 0 }
#define XPARAM(n, f) { n, required_argument, OPT_PARAM, NULL, offsetof(struct opts, f), F_OURS }
#define XFLAG(n, f) { n, no_argument, OPT_FLAG, NULL, offsetof(struct opts, f), F_OURS }

/* PL getArgs (spec §2.2) in PL main's dispatch order, plus ours (F_OURS). */
static const struct option_def defs[] = {
	CONF("config", optional_argument, cmd_config, F_FREE),
	CONF("check_config", optional_argument, cmd_check_config, 0),
	CONF("write_config", required_argument, cmd_write_config, 0),
	CONF("clear_config", no_argument, cmd_clear_config, 0),
	CONF("format_config", required_argument, cmd_format_config, F_OURS),
	QUERY("list_handler", optional_argument, cmd_list_handler),
	QUERY("list_device", optional_argument, cmd_list_device),
	QUERY("list_dgrp", optional_argument, cmd_list_dgrp),
	QUERY("list_tgrp", optional_argument, cmd_list_tgrp),
	QUERY("list_driver", optional_argument, cmd_list_driver),
	QUERY("list_target", optional_argument, cmd_list_target),
	QUERY("list_group", optional_argument, cmd_list_group),
	QUERY("list_sessions", no_argument, cmd_list_sessions),
	QUERY("list_scst_attr", no_argument, cmd_list_scst_attr),
	QUERY("list_hnd_attr", required_argument, cmd_list_hnd_attr),
	QUERY("list_dev_attr", required_argument, cmd_list_dev_attr),
	QUERY("list_drv_attr", required_argument, cmd_list_drv_attr),
	QUERY("list_tgt_attr", required_argument, cmd_list_tgt_attr),
	QUERY("list_grp_attr", required_argument, cmd_list_grp_attr),
	QUERY("list_lun_attr", required_argument, cmd_list_lun_attr),
	QUERY("list_init_attr", required_argument, cmd_list_init_attr),
	QUERY("list_dgrp_attr", required_argument, cmd_list_dgrp_attr),
	QUERY("list_tgrp_attr", required_argument, cmd_list_tgrp_attr),
	QUERY("list_ttgt_attr", required_argument, cmd_list_ttgt_attr),
	OP("set_scst_attr", no_argument, cmd_set_scst_attr),
	OP("set_hnd_attr", required_argument, cmd_set_hnd_attr),
	OP("set_dev_attr", required_argument, cmd_set_dev_attr),
	OP("set_drv_attr", required_argument, cmd_set_drv_attr),
	OP("set_tgt_attr", required_argument, cmd_set_tgt_attr),
	OP("set_grp_attr", required_argument, cmd_set_grp_attr),
	OP("set_lun_attr", required_argument, cmd_set_lun_attr),
	OP("set_init_attr", required_argument, cmd_set_init_attr),
	OP("set_dgrp_attr", required_argument, cmd_set_dgrp_attr),
	OP("set_tgrp_attr", required_argument, cmd_set_tgrp_attr),
	OP("set_ttgt_attr", required_argument, cmd_set_ttgt_attr),
	OP("add_drv_attr", required_argument, cmd_add_drv_attr),
	OP("add_tgt_attr", required_argument, cmd_add_tgt_attr),
	OP("rem_drv_attr", required_argument, cmd_rem_drv_attr),
	OP("rem_tgt_attr", required_argument, cmd_rem_tgt_attr),
	OP("open_dev", required_argument, cmd_open_dev),
	OP("close_dev", required_argument, cmd_close_dev),
	OP_FREE("resync_dev", required_argument, cmd_resync_dev),
	OP("add_dgrp", required_argument, cmd_add_dgrp),
	OP("rem_dgrp", required_argument, cmd_rem_dgrp),
	OP("add_dgrp_dev", required_argument, cmd_add_dgrp_dev),
	OP("rem_dgrp_dev", required_argument, cmd_rem_dgrp_dev),
	OP("add_tgrp", required_argument, cmd_add_tgrp),
	OP("rem_tgrp", required_argument, cmd_rem_tgrp),
	OP("add_tgrp_tgt", required_argument, cmd_add_tgrp_tgt),
	OP("rem_tgrp_tgt", required_argument, cmd_rem_tgrp_tgt),
	OP("add_target", required_argument, cmd_add_target),
	OP("rem_target", required_argument, cmd_rem_target),
	OP("add_group", required_argument, cmd_add_group),
	OP("rem_group", required_argument, cmd_rem_group),
	OP("add_init", required_argument, cmd_add_init),
	OP("rem_init", required_argument, cmd_rem_init),
	OP_FREE("move_init", required_argument, cmd_move_init),
	OP("clear_inits", no_argument, cmd_clear_inits),
	OP("add_lun", required_argument, cmd_add_lun),
	OP("rem_lun", required_argument, cmd_rem_lun),
	OP("replace_lun", required_argument, cmd_replace_lun),
	OP("clear_luns", no_argument, cmd_clear_luns),
	OP("enable_target", required_argument, cmd_enable_target),
	OP("disable_target", required_argument, cmd_disable_target),
	OP("issue_lip", optional_argument, cmd_issue_lip),
	OP_FREE("dumpattrs", no_argument, cmd_dump_attrs),	/* undocumented in Perl too */
	FLAG("lip", lip),
	FLAG("no_lip", no_lip),
	PARAM("handler", handler),
	PARAM("attributes", attributes),
	PARAM("driver", driver),
	PARAM("target", target),
	PARAM("group", group),
	PARAM("to", to),
	PARAM("device", device),
	PARAM("dev_group", dev_group),
	PARAM("tgt_group", tgt_group),
	{ "h", no_argument, OPT_HELP, NULL, 0, 0 },
	{ "help", no_argument, OPT_HELP, NULL, 0, 0 },
	FLAG("nonkey", nonkey),
	FLAG("noprompt", noprompt),
	FLAG("cont_on_err", cont_on_err),
	FLAG("force", force),
	FLAG("debug", debug),
	XFLAG("dry_run", dry_run),
	XFLAG("json", json),
	XPARAM("suspend", suspend),
	XPARAM("timeout", timeout),
};

#define NDEFS TK_ARRAY_SIZE(defs)

/* Missing companion options (PL getArgs, spec §7 item 28), in Perl's order. */
struct need {
	const char *ops[3];	/* any of these given ... */
	size_t fields[5];	/* ... needs all these (offsetof in struct opts; 0 ends) */
	const char *msg;
};

#define O(f) offsetof(struct opts, f)
_Static_assert(offsetof(struct opts, prog) == 0, "0 ends need.fields");

static const struct need needs[] = {
	{ { "list_tgrp" }, { O(dev_group) },
	  "Please specify -dev_group with -list_tgrp." },
	{ { "list_tgt_attr" }, { O(driver) },
	  "Please specify -driver with -list_tgt_attr." },
	{ { "list_grp_attr" }, { O(driver), O(target) },
	  "Please specify -driver, -target and group with -list_grp_attr." },
	{ { "list_lun_attr" }, { O(driver), O(target) },
	  "Please specify -driver and -target with -list_lun_attr." },
	{ { "list_init_attr" }, { O(driver), O(target), O(group) },
	  "Please specify -driver, -target and -group with -list_init_attr." },
	{ { "list_tgrp_attr" }, { O(dev_group) },
	  "Please specify -dev_group with -list_tgrp_attr." },
	{ { "list_ttgt_attr" }, { O(dev_group), O(tgt_group) },
	  "Please specify -dev_group and -tgt_group with -list_ttgt_attr." },
	{ { "set_scst_attr" }, { O(attributes) },
	  "Please specify -attributes with -set_scst_attr." },
	{ { "set_hnd_attr" }, { O(attributes) },
	  "Please specify -attributes with -set_hnd_attr." },
	{ { "set_dev_attr" }, { O(attributes) },
	  "Please specify -attributes with -set_dev_attr." },
	{ { "set_dgrp_attr" }, { O(attributes) },
	  "Please specify -attributes with -set_dgrp_attr." },
	{ { "set_tgrp_attr" }, { O(dev_group), O(attributes) },
	  "Please specify -dev_group and -attributes with -set_tgrp_attr." },
	{ { "set_ttgt_attr" }, { O(dev_group), O(tgt_group), O(attributes) },
	  "Please specify -dev_group -tgt_group and -attributes with -set_ttgt_attr." },
	{ { "set_drv_attr" }, { O(attributes) },
	  "Please specify -attributes with -set_drv_attr." },
	{ { "set_tgt_attr" }, { O(driver), O(attributes) },
	  "Please specify -driver and -attributes with -set_tgt_attr." },
	{ { "set_grp_attr" }, { O(driver), O(target), O(attributes) },
	  "Please specify -driver -target and -attributes with -set_grp_attr." },
	/* the message names -group, which Perl does not require (LUNs may be direct) */
	{ { "set_lun_attr" }, { O(driver), O(target), O(attributes) },
	  "Please specify -driver -target -group and -attributes with -set_lun_attr." },
	{ { "set_init_attr" }, { O(driver), O(target), O(group), O(attributes) },
	  "Please specify -driver -target -group and -attributes with -set_init_attr." },
	{ { "add_drv_attr" }, { O(attributes) },
	  "Please specify -attributes with -add_drv_attr." },
	{ { "add_tgt_attr" }, { O(driver), O(attributes) },
	  "Please specify -driver and -attributes with -add_tgt_attr." },
	{ { "rem_drv_attr" }, { O(attributes) },
	  "Please specify -attributes with -rem_drv_attr." },
	{ { "rem_tgt_attr" }, { O(driver), O(attributes) },
	  "Please specify -driver and -attributes with -rem_tgt_attr." },
	{ { "open_dev", "close_dev" }, { O(handler) },
	  "Please specify -handler with -open_dev/-close_dev." },
	{ { "add_target" }, { O(driver) },
	  "Please specify -driver with -add_target." },
	{ { "rem_target" }, { O(driver) },
	  "Please specify -driver with -rem_target." },
	{ { "add_group", "rem_group" }, { O(driver), O(target) },
	  "Please specify -driver and -target with -add_group/-rem_group." },
	{ { "add_init", "rem_init", "clear_inits" }, { O(driver), O(target), O(group) },
	  "Please specify -driver -target and -group with -add_init/-rem_init/-clear_inits." },
	{ { "move_init" }, { O(driver), O(target), O(group), O(to) },
	  "Please specify -driver -target -group and -to with -move_init." },
	{ { "add_lun", "replace_lun" }, { O(driver), O(target), O(device) },
	  "Please specify -driver -target and -device with -add_lun/-replace_lun." },
	{ { "rem_lun", "clear_luns" }, { O(driver), O(target) },
	  "Please specify -driver and -target with -rem_lun/-clear_luns." },
	{ { "add_dgrp_dev", "rem_dgrp_dev" }, { O(dev_group) },
	  "Please specify -dev_group with -add_dgrp_dev/-rem_dgrp_dev." },
	{ { "add_tgrp", "rem_tgrp" }, { O(dev_group) },
	  "Please specify -dev_group with -add_tgrp/-rem_tgrp." },
	{ { "add_tgrp_tgt", "rem_tgrp_tgt" }, { O(dev_group), O(tgt_group) },
	  "Please specify -dev_group and -tgt_group with -add_tgrp_tgt/-rem_tgrp_tgt." },
};

/*
 * The -help text: our own summary of every option (spec scstadmin.md §2.2,
 * plus -format_config, -dry_run, -suspend, -timeout and -json), grouped by
 * task.  doc/man/check-man.py checks that scstadmin(1) documents each one.
 */
static const char usage_text[] =
	"\n"
	"Usage: scstadmin OPERATION [OPTIONS]\n"
	"Options take one or two dashes, any letter case and unique abbreviations.\n"
	"Arguments in [] are optional.  H handler, DEV device, D driver, T target,\n"
	"G group, I initiator, N LUN number, DG device group, TG target group.\n"
	"\n"
	"Configuration files\n"
	"  -config [FILE]           make SCST match FILE (default /etc/scst.conf)\n"
	"  -check_config [FILE]     check FILE without touching SCST\n"
	"  -format_config FILE      print FILE in canonical form\n"
	"  -write_config FILE       save the running configuration to FILE\n"
	"  -clear_config            remove every object (needs -force)\n"
	"\n"
	"Listings (several may be combined)\n"
	"  -list_handler [H]        -list_device [DEV]       -list_driver [D]\n"
	"  -list_target [T] [-driver D]\n"
	"  -list_group [G] [-driver D -target T]\n"
	"  -list_dgrp [DG]          -list_tgrp [TG] -dev_group DG\n"
	"  -list_sessions           -list_scst_attr\n"
	"  -list_hnd_attr H         -list_dev_attr DEV       -list_drv_attr D\n"
	"  -list_dgrp_attr DG       -list_tgrp_attr TG -dev_group DG\n"
	"  -list_ttgt_attr T -dev_group DG -tgt_group TG\n"
	"  -list_tgt_attr T -driver D\n"
	"  -list_grp_attr G -driver D -target T\n"
	"  -list_lun_attr N -driver D -target T [-group G]\n"
	"  -list_init_attr I -driver D -target T -group G\n"
	"  -dumpattrs               dump the SCST and device attributes\n"
	"\n"
	"Attributes (values given as -attributes NAME=VALUE,NAME2=VALUE2,...)\n"
	"  -set_scst_attr           -set_hnd_attr H          -set_dev_attr DEV\n"
	"  -set_drv_attr D          -set_dgrp_attr DG        -set_tgrp_attr TG -dev_group DG\n"
	"  -set_ttgt_attr T -dev_group DG -tgt_group TG\n"
	"  -set_tgt_attr T -driver D\n"
	"  -set_grp_attr G -driver D -target T\n"
	"  -set_lun_attr N -driver D -target T [-group G]\n"
	"  -set_init_attr I -driver D -target T -group G\n"
	"  -add_drv_attr D, -rem_drv_attr D              dynamic driver attributes\n"
	"  -add_tgt_attr T, -rem_tgt_attr T -driver D    dynamic target attributes\n"
	"\n"
	"Devices\n"
	"  -open_dev DEV -handler H [-attributes ...]    create a device\n"
	"  -close_dev DEV -handler H                     delete a device\n"
	"  -resync_dev DEV                               re-read the backing size\n"
	"\n"
	"Targets, groups, initiators and LUNs (with -driver D -target T)\n"
	"  -add_target T, -rem_target T                  [-attributes ...]\n"
	"  -enable_target T, -disable_target T\n"
	"  -add_group G, -rem_group G\n"
	"  -add_init I, -rem_init I, -clear_inits        with -group G\n"
	"  -move_init I -group G -to G2\n"
	"  -add_lun N -device DEV, -replace_lun N -device DEV   [-group G] [-attributes ...]\n"
	"  -rem_lun N, -clear_luns                       [-group G]\n"
	"\n"
	"ALUA device groups and target groups\n"
	"  -add_dgrp DG, -rem_dgrp DG\n"
	"  -add_dgrp_dev DEV, -rem_dgrp_dev DEV          with -dev_group DG\n"
	"  -add_tgrp TG, -rem_tgrp TG                    with -dev_group DG\n"
	"  -add_tgrp_tgt T, -rem_tgrp_tgt T              with -dev_group DG -tgt_group TG\n"
	"\n"
	"Fibre Channel\n"
	"  -issue_lip [T] [-driver D]   send a LIP now\n"
	"  -lip, -no_lip                send (or not) a LIP after FC changes\n"
	"\n"
	"Modifiers\n"
	"  -force          allow removals and re-creation (disruptive)\n"
	"  -noprompt       never ask for confirmation\n"
	"  -nonkey         include non-key attributes in listings and -write_config\n"
	"  -cont_on_err    keep going after a failed change\n"
	"  -dry_run        print the changes, make none\n"
	"  -debug          print each sysfs write instead of making it\n"
	"  -suspend N      suspend SCST I/O (N s timeout) while applying\n"
	"  -timeout S      wait at most S s for each sysfs command (default 300)\n"
	"  -json           listings as one JSON document (doc/json-schema.md)\n"
	"  -h, -help       this text\n"
	"\n"
	"Environment\n"
	"  SCST_SYSFS_ROOT  the SCST sysfs tree (default /sys/kernel/scst_tgt)\n"
	"\n"
	"Example\n"
	"  scstadmin -open_dev disk1 -handler vdisk_fileio -attributes filename=/srv/disk1.img\n"
	"  scstadmin -add_lun 0 -driver iscsi -target iqn.2025-01.org.example:t1 -device disk1\n"
	"\n"
	"See scstadmin(1) and scst.conf(5).\n"
;

/* What the command line gave. */
struct parsed {
	struct opts o;
	bool given[NDEFS];
	const char *value[NDEFS];	/* OPT_CONF/QUERY/OP: the option's value */
	bool help;
};

static void found(void *priv, size_t i, const char *value)
{
	struct parsed *p = priv;
	const struct option_def *d = &defs[i];

	p->given[i] = true;
	switch (d->cls) {
	case OPT_HELP:
		p->help = true;
		break;
	case OPT_FLAG:
		*(bool *)((char *)&p->o + d->field) = true;
		break;
	case OPT_PARAM:
		*(const char **)((char *)&p->o + d->field) = value;
		break;
	case OPT_CONF:
	case OPT_QUERY:
	case OPT_OP:
		p->value[i] = value;	/* Perl: a repeated option's last value */
		break;
	}
}

static bool given(const struct parsed *p, const char *name)
{
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (!strcmp(defs[i].name, name))
			return p->given[i];
	return false;
}

/* The Perl getArgs checks after parsing.  Return: -1 to go on, else the exit status. */
static int validate(struct parsed *p)
{
	struct opts *o = &p->o;
	bool query = false;
	size_t i, j, ops = 0;

	for (i = 0; i < NDEFS; i++) {
		if (!p->given[i] || (defs[i].flags & F_FREE))
			continue;
		if (defs[i].cls == OPT_QUERY)
			query = true;
		else if (defs[i].cls == OPT_OP || defs[i].cls == OPT_CONF)
			ops++;
	}
	if (ops + query > 1) {
		printf("Please specify only one non-query operation at a time.\n");
		return 1;
	}
	if (given(p, "clear_config") && !o->force) {
		printf("Please specify -force with -clear_config.\n");
		return 1;
	}
	for (i = 0; i < TK_ARRAY_SIZE(needs); i++) {
		const struct need *n = &needs[i];
		bool any = false, missing = false;

		for (j = 0; j < TK_ARRAY_SIZE(n->ops) && n->ops[j]; j++)
			any |= given(p, n->ops[j]);
		for (j = 0; any && j < TK_ARRAY_SIZE(n->fields) && n->fields[j]; j++)
			missing |= !*(const char **)((char *)o + n->fields[j]);
		if (missing) {
			printf("%s\n", n->msg);
			return 1;
		}
	}
	o->timeout_s = SCSTCFG_DEFAULT_TIMEOUT;
	if (o->suspend && (live_parse_int(o->suspend, &o->suspend_n) < 0 || o->suspend_n <= 0)) {
		printf("Please specify a positive number of seconds with -suspend.\n");
		return 1;
	}
	if (o->timeout) {
		int t;

		if (live_parse_int(o->timeout, &t) < 0 || t < 0) {
			printf("Please specify a number of seconds with -timeout.\n");
			return 1;
		}
		o->timeout_s = (unsigned int)t;
	}
	for (i = 0; i < NDEFS; i++) {
		if (p->given[i] && defs[i].cls <= OPT_OP && !defs[i].run) {
			fprintf(stderr, "%s: -%s is not implemented yet\n", o->prog, defs[i].name);
			return 1;
		}
	}
	return -1;
}

/* Run entry @i with its value as o->op_arg ("" of an optional value = none). */
static int run(struct scstcfg_ctx *ctx, struct parsed *p, size_t i)
{
	const char *v = p->value[i];

	p->o.op_arg = v && !*v && defs[i].has_arg == optional_argument ? NULL : v;
	return defs[i].run(ctx, &p->o);
}

/*
 * PL main's SWITCH: a CONF entry alone, self-framed; else connect, every
 * QUERY, the first OP, "All done.".  Return: the exit status.
 */
static int dispatch(struct scstcfg_ctx *ctx, struct parsed *p)
{
	bool ran = false;
	int r, rc = 0;
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (p->given[i] && defs[i].cls == OPT_CONF)
			return run(ctx, p, i);
	p->o.sysfs = live_connect_perl(&p->o);
	if (!p->o.sysfs)
		return LIVE_EXIT_NO_SCST;
	if (list_check_initiators(&p->o)) {
		rc = 1;		/* Perl: readWorkingConfig() failed, exit 1 */
		goto out;
	}
	for (i = 0; i < NDEFS; i++) {
		if (!p->given[i] || (defs[i].cls != OPT_QUERY && defs[i].cls != OPT_OP))
			continue;
		r = run(ctx, p, i);
		if (r < 0) {
			rc = -r;
			goto out;
		}
		rc = r;		/* Perl: the last command's rc */
		ran = true;
		if (defs[i].cls == OPT_OP)
			break;
	}
	if (!ran) {
		printf("No valid operations specified.\n");
		rc = 1;
		goto out;
	}
	if (p->o.json)	/* -json: the queries' one document, no framing */
		list_json_flush();
	else
		printf("\nAll done.\n");
out:
	scstcfg_sysfs_free(p->o.sysfs);
	p->o.sysfs = NULL;
	return rc;
}

int main(int argc, char **argv)
{
	struct gol_option gol[NDEFS];
	struct scstcfg_ctx *ctx;
	struct parsed p;
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	p.o.prog = basename(argv[0]);
	if (!strcmp(p.o.prog, "pyscstadmin"))
		return pyscstadmin_main(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		/* Perl's die: stderr, exit 255 ($! is 0 there) */
		fprintf(stderr, "This program must run as root.\n");
		return 255;
	}
	for (i = 0; i < NDEFS; i++)
		gol[i] = (struct gol_option){ defs[i].name, (enum gol_arg)defs[i].has_arg,
					      (defs[i].flags & F_OURS) != 0 };
	if (gol_parse(argc, argv, gol, NDEFS, found, &p, stderr))
		return 1;
	if (p.help) {
		printf("SCST Configurator v3.11.0-pre (targetkit %s)\n%s", TK_VERSION, usage_text);
		return 0;
	}
	rc = validate(&p);
	if (rc >= 0)
		return rc;
	if (scstcfg_ctx_new(&ctx) < 0) {
		fprintf(stderr, "%s: out of memory\n", p.o.prog);
		return 1;
	}
	live_signals("\n\nAborting immediately.\n", 1);
	rc = dispatch(ctx, &p);
	scstcfg_ctx_free(ctx);
	return rc;
}
