// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scstadmin - SCST configurator, a drop-in for the Perl scstadmin
 * (spec ../shared/spec/scstadmin.md §2).
 *
 * Options are long-only and single- or double-dash, with unique
 * abbreviations, through glibc getopt_long_only() and no short options
 * (STYLE.md §8).  Every Perl option is in the table so that abbreviations
 * resolve as in Perl; operations that are not implemented yet say so.
 * Personality: invoked as "pyscstadmin" (argv[0] basename), the
 * pyscstadmin CLI of pyscstadmin.c runs instead; one engine (live.c and
 * libscstcfg) serves both.
 */
#include <getopt.h>
#include <libgen.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scstadmin.h"
#include "tk.h"
#include "tk-config.h"

enum opt_class {
	OPT_OP,		/* a non-query operation (at most one, spec §2.1) */
	OPT_QUERY,	/* -list_*: several may be combined */
	OPT_PARAM,	/* companion option with a value (-driver ...) */
	OPT_FLAG,	/* -force, -nonkey, ... */
	OPT_HELP,
};

struct option_def {
	const char *name;
	int has_arg;		/* no_argument, required_argument, optional_argument */
	enum opt_class cls;
	/* OPT_OP/OPT_QUERY: the command; NULL = not implemented yet */
	int (*run)(struct scstcfg_ctx *ctx, const struct opts *o);
	size_t field;		/* OPT_PARAM/OPT_FLAG: offsetof(struct opts, ...) */
};

#define OP(n, a, fn) { n, a, OPT_OP, fn, 0 }
#define QUERY(n, a) { n, a, OPT_QUERY, NULL, 0 }
#define PARAM(n, f) { n, required_argument, OPT_PARAM, NULL, offsetof(struct opts, f) }
#define FLAG(n, f) { n, no_argument, OPT_FLAG, NULL, offsetof(struct opts, f) }

/* PL getArgs (spec §2.2), plus -format_config (ours). */
static const struct option_def defs[] = {
	OP("config", optional_argument, cmd_config),
	OP("clear_config", no_argument, cmd_clear_config),
	OP("write_config", required_argument, cmd_write_config),
	OP("check_config", optional_argument, cmd_check_config),
	OP("format_config", required_argument, cmd_format_config),
	QUERY("list_handler", optional_argument),
	QUERY("list_device", optional_argument),
	QUERY("list_dgrp", optional_argument),
	QUERY("list_tgrp", optional_argument),
	QUERY("list_driver", optional_argument),
	QUERY("list_target", optional_argument),
	QUERY("list_group", optional_argument),
	QUERY("list_sessions", no_argument),
	QUERY("list_scst_attr", no_argument),
	QUERY("list_hnd_attr", required_argument),
	QUERY("list_dev_attr", required_argument),
	QUERY("list_dgrp_attr", required_argument),
	QUERY("list_tgrp_attr", required_argument),
	QUERY("list_ttgt_attr", required_argument),
	QUERY("list_drv_attr", required_argument),
	QUERY("list_tgt_attr", required_argument),
	QUERY("list_grp_attr", required_argument),
	QUERY("list_lun_attr", required_argument),
	QUERY("list_init_attr", required_argument),
	OP("set_scst_attr", no_argument, NULL),
	OP("set_hnd_attr", required_argument, NULL),
	OP("set_dev_attr", required_argument, NULL),
	OP("set_dgrp_attr", required_argument, NULL),
	OP("set_tgrp_attr", required_argument, NULL),
	OP("set_ttgt_attr", required_argument, NULL),
	OP("set_drv_attr", required_argument, NULL),
	OP("set_tgt_attr", required_argument, NULL),
	OP("set_grp_attr", required_argument, NULL),
	OP("set_lun_attr", required_argument, NULL),
	OP("set_init_attr", required_argument, NULL),
	OP("add_drv_attr", required_argument, NULL),
	OP("add_tgt_attr", required_argument, NULL),
	OP("rem_drv_attr", required_argument, NULL),
	OP("rem_tgt_attr", required_argument, NULL),
	OP("open_dev", required_argument, NULL),
	OP("close_dev", required_argument, NULL),
	OP("resync_dev", required_argument, NULL),
	OP("add_dgrp", required_argument, NULL),
	OP("rem_dgrp", required_argument, NULL),
	OP("add_dgrp_dev", required_argument, NULL),
	OP("rem_dgrp_dev", required_argument, NULL),
	OP("add_tgrp", required_argument, NULL),
	OP("rem_tgrp", required_argument, NULL),
	OP("add_tgrp_tgt", required_argument, NULL),
	OP("rem_tgrp_tgt", required_argument, NULL),
	OP("add_target", required_argument, NULL),
	OP("rem_target", required_argument, NULL),
	OP("add_group", required_argument, NULL),
	OP("rem_group", required_argument, NULL),
	OP("add_init", required_argument, NULL),
	OP("rem_init", required_argument, NULL),
	OP("move_init", required_argument, NULL),
	OP("clear_inits", no_argument, NULL),
	OP("add_lun", required_argument, NULL),
	OP("rem_lun", required_argument, NULL),
	OP("replace_lun", required_argument, NULL),
	OP("clear_luns", no_argument, NULL),
	OP("enable_target", required_argument, NULL),
	OP("disable_target", required_argument, NULL),
	OP("issue_lip", optional_argument, NULL),
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
	{ "h", no_argument, OPT_HELP, NULL, 0 },
	{ "help", no_argument, OPT_HELP, NULL, 0 },
	FLAG("nonkey", nonkey),
	FLAG("noprompt", noprompt),
	FLAG("cont_on_err", cont_on_err),
	FLAG("force", force),
	FLAG("debug", debug),
	/* ours */
	FLAG("dry_run", dry_run),
	PARAM("suspend", suspend),
	PARAM("timeout", timeout),
};

static void usage(const char *prog)
{
	printf("SCST Configurator (targetkit %s)\n\n"
	       "Usage:\n"
	       "     -h, -help, --help       : Show this information.\n\n"
	       "General Operations\n"
	       "     -config <file>          : Applies configuration <file> to SCST.\n"
	       "     -check_config <file>    : Checks the saved configuration <file>.\n"
	       "     -write_config <file>    : Writes the current configuration to <file>.\n"
	       "     -clear_config           : Removes all configured SCST objects.\n"
	       "     -format_config <file>   : Prints <file> in canonical form.\n\n"
	       "Options\n"
	       "     -force                  : Remove, close and re-open what differs.\n"
	       "     -noprompt               : Do not prompt before destructive actions.\n"
	       "     -cont_on_err            : Continue after an error.\n"
	       "     -debug                  : Print the writes (DBG lines) instead of doing them.\n"
	       "     -dry_run                : Print the plan (one line per write), write nothing.\n"
	       "     -suspend <n>            : Suspend SCST I/O (n s timeout) while applying.\n"
	       "     -timeout <s>            : Wait at most <s> s for each sysfs command (300).\n\n"
	       "The SCST sysfs root is $SCST_SYSFS_ROOT if set, else /sys/kernel/scst_tgt.\n"
	       "Options may be given with one or two dashes and abbreviated.\n",
	       TK_VERSION);
	(void)prog;
}

/* The option word as Perl's Getopt::Long names it: no dashes, no "=value". */
static void unknown_option(const char *arg)
{
	size_t n;

	while (*arg == '-')
		arg++;
	n = strcspn(arg, "=");
	printf("Unknown option: %.*s\n", (int)n, arg);
}

int main(int argc, char **argv)
{
	struct option longopts[TK_ARRAY_SIZE(defs) + 1];
	const struct option_def *op = NULL;
	struct scstcfg_ctx *ctx;
	struct opts o = { 0 };
	size_t i, nops = 0;
	int c, idx, rc;

	o.prog = basename(argv[0]);
	if (!strcmp(o.prog, "pyscstadmin"))
		return pyscstadmin_main(argc, argv);
	for (i = 0; i < TK_ARRAY_SIZE(defs); i++)
		longopts[i] = (struct option){ defs[i].name, defs[i].has_arg, NULL, (int)i + 1 };
	memset(&longopts[i], 0, sizeof(longopts[i]));

	opterr = 0;
	while ((c = getopt_long_only(argc, argv, ":", longopts, &idx)) != -1) {
		const struct option_def *d;
		const char *arg = optarg;

		if (c == '?') {
			unknown_option(argv[optind - 1]);
			return 1;
		}
		if (c == ':') {
			const char *w = argv[optind - 1];

			while (*w == '-')
				w++;
			printf("Option %s requires an argument\n", w);
			return 1;
		}
		d = &defs[c - 1];
		/* Perl ":s": an optional value may also be the next word */
		if (d->has_arg == optional_argument && !arg && optind < argc &&
		    argv[optind][0] != '-')
			arg = argv[optind++];
		switch (d->cls) {
		case OPT_HELP:
			usage(o.prog);
			return 0;
		case OPT_FLAG:
			*(bool *)((char *)&o + d->field) = true;
			break;
		case OPT_PARAM:
			*(const char **)((char *)&o + d->field) = arg;
			break;
		case OPT_OP:
			nops++;
			/* fallthrough */
		case OPT_QUERY:
			if (!op || d->cls == OPT_OP) {
				op = d;
				o.op_arg = arg;
			}
			break;
		}
	}
	if (optind < argc) {
		unknown_option(argv[optind]);
		return 1;
	}
	if (nops > 1) {
		printf("Please specify only one non-query operation at a time.\n");
		return 1;
	}
	if (!op) {
		usage(o.prog);
		return 1;
	}
	o.timeout_s = SCSTCFG_DEFAULT_TIMEOUT;
	if (o.suspend && (live_parse_int(o.suspend, &o.suspend_n) < 0 || o.suspend_n <= 0)) {
		printf("Please specify a positive number of seconds with -suspend.\n");
		return 1;
	}
	if (o.timeout) {
		int t;

		if (live_parse_int(o.timeout, &t) < 0 || t < 0) {
			printf("Please specify a number of seconds with -timeout.\n");
			return 1;
		}
		o.timeout_s = (unsigned int)t;
	}
	if (!op->run) {
		fprintf(stderr, "%s: -%s is not implemented yet\n", o.prog, op->name);
		return 1;
	}
	if (scstcfg_ctx_new(&ctx) < 0) {
		fprintf(stderr, "%s: out of memory\n", o.prog);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	live_signals("\n\nAborting immediately.\n", 1);
	rc = op->run(ctx, &o);
	scstcfg_ctx_free(ctx);
	return rc;
}
