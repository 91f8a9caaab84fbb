/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scstadmin.h - shared state of the scstadmin command (a drop-in for Perl
 * scstadmin, spec ../shared/spec/scstadmin.md §2).
 *
 * main.c parses the command line into struct opts through one option table;
 * each command group lives in its own file (config.c: -check_config,
 * -format_config; later: apply/write/clear, lists, sets) and receives the
 * parsed options.
 */
#ifndef SCSTADMIN_H
#define SCSTADMIN_H

#include <stdbool.h>

#include "scstcfg/scstcfg.h"

#define SCSTADMIN_DEFAULT_CONFIG "/etc/scst.conf"	/* spec §2.2 */

/* Values of every option; NULL/false when not given. */
struct opts {
	const char *prog;		/* basename of argv[0]: the personality */
	const char *op_arg;		/* argument of the selected operation */
	bool nonkey, force, noprompt, cont_on_err, debug, no_lip;
	const char *handler, *attributes, *driver, *target, *group, *to, *device;
	const char *dev_group, *tgt_group;
};

/* Operations: each returns the process exit status. */
int cmd_check_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_format_config(struct scstcfg_ctx *ctx, const struct opts *o);

#endif /* SCSTADMIN_H */
