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

/* PL usage with our options added (-format_config, -dry_run, -suspend,
 * -timeout, -json) and the example line continuations Perl's here-document
 * swallows put back. */
static const char usage_text[] =
	"\n"
	"Usage:\n"
	"     -h, -help, --help       : Show this information.\n"
	"\n"
	"General Operations\n"
	"     -config <file>          : Configure SCST given the specified <file>.\n"
	"     -check_config <file>    : Checks the saved configuration <file>.\n"
	"     -write_config <file>    : Writes the current configuration to <file>.\n"
	"     -clear_config           : Clear all SCST configuration.\n"
	"     -format_config <file>   : Print <file> in canonical form (needs no SCST).\n"
	"\n"
	"Query Operations\n"
	"     -list_handler [<hndlr>] : List all available handlers or specific <hndlr>.\n"
	"     -list_device [<device>] : List all open devices or specific <device>.\n"
	"     -list_dgrp [<dgrp>]     : List all device groups or specific <dgrp>.\n"
	"     -list_tgrp [<tgrp>]     : List all target groups within a device group.\n"
	"         [-dev_group <dgrp>]\n"
	"     -list_driver [<driver>] : List all available drivers or specific <driver>.\n"
	"     -list_target [<target>] : List all available targets or specific <target>.\n"
	"         [-driver <driver>]\n"
	"     -list_group [<group>]   : List all configured groups, or specific <group>.\n"
	"         [-driver <driver>]\n"
	"         [-target <target>]\n"
	"\n"
	"List Attribute Operations\n"
	"     -list_scst_attr         : List all attributes for SCST.\n"
	"     -list_hnd_attr <hndlr>  : List all attributes for a given handler.\n"
	"     -list_dev_attr <device> : List all attributes for a given device.\n"
	"     -list_drv_attr <driver> : List all attributes for a given driver.\n"
	"     -list_dgrp_attr <dgrp>  : List all attributes for a given device group.\n"
	"     -list_tgrp_attr <tgrp>  : List all attributes for a device group/target.\n"
	"          -dev_group <dgrp>\n"
	"     -list_ttgt_attr <tgt>   : List all attributes for a target group target.\n"
	"          -dev_group <dgrp>\n"
	"          -tgt_group <tgrp>\n"
	"     -list_tgt_attr <target> : List all attributes for a given driver/target.\n"
	"          -driver <driver>\n"
	"     -list_grp_attr <group>  : List all attributes for a given group.\n"
	"          -driver <driver>\n"
	"          -target <target>\n"
	"     -list_lun_attr <lun>    : List all attributes for a driver/target/lun.\n"
	"          -driver <driver>\n"
	"          -target <target>\n"
	"          [-group <group>]\n"
	"     -list_init_attr <init>  : List all attributes for a driver/target/initiator\n"
	"          -driver <driver>\n"
	"          -target <target>\n"
	"          -group <group>\n"
	"\n"
	"     -list_sessions          : List all current initiator sessions.\n"
	"\n"
	"Set Attribute Operations\n"
	"     -set_scst_attr          : Sets SCST attribute(s) <p> to value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -set_hnd_attr <hndlr>   : Sets handler attribute(s) <p> to value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -set_dev_attr <device>  : Sets device attributes(s) <p> to value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -set_drv_attr <driver>  : Sets driver attribute(s) <p> to value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -set_dgrp_attr <dgrp>   : Sets device group attribute(s) <p> to value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -set_tgrp_attr <tgrp>   : Sets device group/target attribute(s)\n"
	"                               <p> to value <v>.\n"
	"         -dev_group <dgrp>\n"
	"         -attributes <p=v,...>\n"
	"     -set_ttgt_attr <tgt>    : Set target group target attribute(s)\n"
	"                               <p> to value <v>.\n"
	"         -dev_group <dgrp>\n"
	"         -tgt_group <tgrp>\n"
	"         -attributes <p=v,...>\n"
	"     -set_tgt_attr <target>  : Sets target attribute(s) <p> to value <v>.\n"
	"         -driver <driver>\n"
	"         -attributes <p=v,...>\n"
	"     -set_grp_attr <group>   : Sets group attribute(s) <p> to value <v>.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         -attributes <p=v,...>\n"
	"     -set_lun_attr <lun>     : Sets LUN attribute(s) <p> to value <v>.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         [-group <group>]\n"
	"         -attributes <p=v,...>\n"
	"     -set_init_attr <init>   : Sets initiator attribute(s) <p> to value <v>.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         -group <group>\n"
	"         -attributes <p=v,...>\n"
	"\n"
	"Add Dynamic Attribute Operations\n"
	"     -add_drv_attr <driver>  : Adds driver attribute(s) <p> with value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -add_tgt_attr <target>  : Adds target attribute(s) <p> with value <v>.\n"
	"         -driver <driver>\n"
	"         -attributes <p=v,...>\n"
	"\n"
	"Remove Dynamic Attribute Operations\n"
	"     -rem_drv_attr <driver>  : Remove driver attribute(s) <p> with value <v>.\n"
	"         -attributes <p=v,...>\n"
	"     -rem_tgt_attr <target>  : Remove target attribute(s) <p> with value <v>.\n"
	"         -driver <driver>\n"
	"         -attributes <p=v,...>\n"
	"\n"
	"Device Operations\n"
	"     -open_dev <device>      : Adds a new device using handler <handler>.\n"
	"         -handler <handler>\n"
	"         -attributes <p=v,...>\n"
	"     -resync_dev <device>    : Resync the device size with the initiator(s).\n"
	"     -close_dev <device>     : Closes a device belonging to handler <handler>.\n"
	"         -handler <handler>\n"
	"\n"
	"Device Group Operations\n"
	"     -add_dgrp <dgrp>        : Add device group <dgrp>.\n"
	"     -rem_dgrp <dgrp>        : Remove device group <dgrp>.\n"
	"     -add_dgrp_dev <device>\n"
	"         -dev_group <dgroup> : Add device <device> to device group <dgrp>.\n"
	"     -rem_dgrp_dev <device>\n"
	"         -dev_group <dgroup> : Remove device <device> from device group <dgrp>.\n"
	"     -add_tgrp <tgrp>\n"
	"         -tgt_group <tgrp>   : Add target group <tgrp> to device group <dgrp>.\n"
	"     -rem_tgrp <tgrp>\n"
	"         -dev_group <dgrp>   : Remove target group <tgrp> from device group.\n"
	"     -add_tgrp_tgt <tgt>     : Add target <tgt> to specified target group.\n"
	"         -dev_group <dgrp>\n"
	"         -tgt_group <tgrp>\n"
	"     -rem_tgrp_tgt <tgt>     : Remove target <tgt> from specified target group.\n"
	"         -dev_group <dgrp>\n"
	"         -tgt_group <tgrp>\n"
	"\n"
	"Target Operations\n"
	"     -add_target <target>    : Add a dynamic target to a capable driver.\n"
	"         -driver <driver>\n"
	"     -rem_target <target>    : Remove a dynamic target from a driver.\n"
	"         -driver <driver>\n"
	"\n"
	"Group Operations\n"
	"     -add_group <group>      : Add a group to a given driver & target.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"     -rem_group <group>      : Remove a group from a given driver & target.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"\n"
	"Initiator Operations\n"
	"     -add_init <init>        : Adds an initiator to a group.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         -group <group>\n"
	"     -rem_init <user>        : Removes an initiator from a group.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         -group <group>\n"
	"     -move_init <init>       : Moves an initiator from one group to another.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         -group <group 1>\n"
	"         -to <group 2>\n"
	"     -clear_inits            : Clear all initiators from a given group.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         -group <group>\n"
	"\n"
	"Target LUN Operations\n"
	"     -add_lun <lun>          : Adds a given device to a group.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         [-group <group>]\n"
	"         -device <device>\n"
	"         -attributes <p=v,...>\n"
	"     -rem_lun <lun>          : Remove a LUN from a group.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         [-group <group>]\n"
	"     -replace_lun <lun>      : Replaces a LUN's device with a different one.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         [-group <group>]\n"
	"         -device <device>\n"
	"         -attributes <p=v,...>\n"
	"     -clear_luns             : Clear all LUNs within a group.\n"
	"         -driver <driver>\n"
	"         -target <target>\n"
	"         [-group <group>]\n"
	"\n"
	"Target Driver Operations\n"
	"     -enable_target <t>      : Enable target mode for a given driver & target.\n"
	"         -driver <driver>\n"
	"     -disable_target <t>     : Disable target mode for a given driver & target.\n"
	"         -driver <driver>\n"
	"     -issue_lip [<t>]\n"
	"        [-driver <driver>]   : Issue a LIP for a specific driver/target or for\n"
	"                               all drivers and targets.\n"
	"     -lip                    : Issue a LIP after having applied FC\n"
	"                               configuration changes.\n"
	"     -no_lip                 : Don't automatically issue a LIP after having\n"
	"                               applied FC configuration changes.\n"
	"\n"
	"Options\n"
	"     -nonkey                 : When writing a config file or listing attributes,\n"
	"                               store/print non-key attributes as well.\n"
	"     -force                  : Force all configuration changes,\n"
	"                               even deletions (DANGER!).\n"
	"     -noprompt               : Do not prompt or pause. Use with caution!\n"
	"     -cont_on_err            : Continue after an error occurred.\n"
	"     -dry_run                : Print the changes -config or -clear_config would\n"
	"                               make, one line each, and make none.\n"
	"     -suspend <n>            : Suspend SCST I/O while applying (<n> s timeout).\n"
	"     -timeout <s>            : Wait at most <s> s for each sysfs command (300).\n"
	"     -json                   : Print the -list_* results as JSON.\n"
	"\n"
	"Debugging (limited support)\n"
	"     -debug                  : Debug mode - don't do anything destructive.\n"
	"\n"
	"Environment\n"
	"     SCST_SYSFS_ROOT         : The SCST sysfs tree (/sys/kernel/scst_tgt).\n"
	"\n"
	"Examples:\n"
	"     Open a new device:\n"
	"       scstadmin -open_dev DISK01 -handler vdisk_fileio \\\n"
	"         -attributes filename=/vdisks/disk01.dsk,read_only\n"
	"\n"
	"     Setting the T10 Device ID of a device\n"
	"       scstadmin -set_dev_attr DISK01 -attributes t10_dev_id=0x2345\n"
	"\n"
	"     Create a new security group:\n"
	"       scstadmin -add_group HOST01 -driver qla2x00t \\\n"
	"         -target 50:06:0B:00:00:39:71:78\n"
	"\n"
	"     Add a LUN to a group:\n"
	"       scstadmin -add_lun 1 -driver qla2x00t -target 50:06:0B:00:00:39:71:78 \\\n"
	"         -group HOST01 -device DISK01 -attributes read_only=1\n"
	"\n"
	"     Enable target mode for fibre card specifying its WWN\n"
	"       scstadmin -enable_target 50:06:0B:00:00:39:71:78 -driver qla2x00t\n"
	"\n"
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
