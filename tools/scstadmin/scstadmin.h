/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scstadmin.h - shared state of the scstadmin command (a drop-in for Perl
 * scstadmin, spec ../shared/spec/scstadmin.md §2).
 *
 * main.c parses the command line into struct opts through one option table;
 * each command group lives in its own file (config.c: -check_config,
 * -format_config; live.c: -config, -write_config, -clear_config and the
 * helpers both personalities share; pyscstadmin.c: the pyscstadmin
 * personality, chosen by argv[0]) and receives the parsed options.
 */
#ifndef SCSTADMIN_H
#define SCSTADMIN_H

#include <stdbool.h>
#include <stdio.h>

#include "scstcfg/apply.h"
#include "scstcfg/scstcfg.h"

#define SCSTADMIN_DEFAULT_CONFIG "/etc/scst.conf"	/* spec §2.2 */

/* Values of every option; NULL/false when not given. */
struct opts {
	const char *prog;		/* basename of argv[0]: the personality */
	const char *op_arg;		/* argument of the selected operation */
	bool nonkey, force, noprompt, cont_on_err, debug, no_lip, dry_run;
	const char *handler, *attributes, *driver, *target, *group, *to, *device;
	const char *dev_group, *tgt_group;
	const char *suspend, *timeout;	/* ours: -suspend N, -timeout S */
	int suspend_n;			/* parsed -suspend (> 0), 0 = none */
	unsigned int timeout_s;		/* parsed -timeout, default 300 */
};

/* Operations: each returns the process exit status. */
int cmd_check_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_format_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_write_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_clear_config(struct scstcfg_ctx *ctx, const struct opts *o);

/* The pyscstadmin personality (argv[0] basename "pyscstadmin"). */
int pyscstadmin_main(int argc, char **argv);

/* live.c helpers shared by both personalities. */

/* Connect to $SCST_SYSFS_ROOT or /sys/kernel/scst_tgt and probe it.
 * Return: 0 or -errno / -SCSTCFG_ENOSCST. */
int live_connect(struct scstcfg_sysfs **out, unsigned int timeout, bool dry_run);
/* False when SCST_SYSFS_ROOT points outside /sys: no kernel to load into. */
bool live_modules_wanted(void);
/* Load the modules @m needs (libkmod); *err: malloc()ed message on failure. */
int live_load_modules(const struct scstcfg_model *m, char **err);
/* Write N (> 0) to suspend; -1 follows on every exit path.
 * Return: 0 or -errno (*err: malloc()ed message). */
int live_suspend(struct scstcfg_sysfs *s, int n, char **err);
/* Write -1 to suspend if live_suspend() did suspend (idempotent). */
void live_resume(void);
/* SIGINT/SIGTERM/SIGHUP: resume, write @msg to @fd, exit 1. */
void live_signals(const char *msg, int fd);
/* Parse a decimal int.  Return: 0 or -EINVAL. */
int live_parse_int(const char *s, int *out);
/* Parse and validate @path; diagnostics sorted into @d.
 * Return: 0, -EINVAL (errors in @d) or -errno (message in @ctx). */
int live_parse(struct scstcfg_ctx *ctx, const char *path, struct scstcfg_diags *d,
	       struct scstcfg_model **out);
/* True when @m configures nothing at all. */
bool model_is_empty(struct scstcfg_model *m);
/* Print every diagnostic of @d to @f. */
void print_diags(const struct scstcfg_diags *d, FILE *f);
/* Save @m (atomically for regular files).  *err: malloc()ed message. */
int save_model(struct scstcfg_ctx *ctx, const struct scstcfg_model *m, const char *path,
	       char **err);

#endif /* SCSTADMIN_H */
