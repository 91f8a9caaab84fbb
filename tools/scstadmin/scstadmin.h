/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scstadmin.h - shared state of the scstadmin command (a drop-in for Perl
 * scstadmin, spec ../shared/spec/scstadmin.md §2).
 *
 * main.c parses the command line into struct opts through one option table
 * (getopt.c: Getopt::Long rules), checks it as Perl's getArgs does and runs
 * the commands with Perl's framing; each command group lives in its own file
 * (config.c: -check_config, -format_config; live.c: -config, -write_config,
 * -clear_config and the helpers both personalities share; list.c: -list_*;
 * change.c: the other operations; cli.c: helpers of the Perl personality;
 * pyscstadmin.c: the pyscstadmin personality, chosen by argv[0]) and
 * receives the parsed options.
 */
#ifndef SCSTADMIN_H
#define SCSTADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scstcfg/apply.h"
#include "scstcfg/scstcfg.h"

#define SCSTADMIN_DEFAULT_CONFIG "/etc/scst.conf"	/* spec §2.2 */

/* Values of every option; NULL/false when not given. */
struct opts {
	const char *prog;		/* basename of argv[0]: the personality */
	const char *op_arg;		/* argument of the selected operation */
	bool nonkey, force, noprompt, cont_on_err, debug, lip, no_lip, dry_run;
	bool json;			/* ours: -json output of the -list_* queries */
	const char *handler, *attributes, *driver, *target, *group, *to, *device;
	const char *dev_group, *tgt_group;
	const char *suspend, *timeout;	/* ours: -suspend N, -timeout S */
	int suspend_n;			/* parsed -suspend (> 0), 0 = none */
	unsigned int timeout_s;		/* parsed -timeout, default 300 */
	struct scstcfg_sysfs *sysfs;	/* framed commands: the connected SCST */
};

/*
 * Commands of main.c's option table: int cmd_x(ctx, o).
 *
 * o->op_arg is the option's value: NULL for an option without one and for
 * an optional value not given or empty ("-list_target", "-config="), else
 * the word as given.  Companion options are NULL when not given.
 *
 * OP and QUERY entries are framed by main.c as Perl's main() frames them:
 * main has connected (o->sysfs) and printed "\nCollecting current
 * configuration: done.\n\n"; every -list_* given runs, in table order,
 * then at most one OP.  A command returns
 *   r >= 0        main prints "\nAll done.\n" and exits r (Perl's rc; the
 *                 command has printed cli_warning() for r != 0), or
 *   CMD_DIE(n)    exit n at once, no "All done." (Perl's immediateExit:
 *                 return cli_fatal(msg)).
 * A declined prompt (live_prompt() false) is "return 0": Perl prints
 * "Aborting action." and then still "All done.".
 * CONF entries (-config, -check_config, -write_config, -clear_config,
 * -format_config) connect and frame themselves.
 */
#define CMD_DIE(n) (-(n))

/* Operations: each returns the process exit status. */
int cmd_check_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_format_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_write_config(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_clear_config(struct scstcfg_ctx *ctx, const struct opts *o);

/* ---- cli.c: helpers for commands of the Perl personality ---- */

/* One "-attributes" item: name and value (both in the parsed buffer). */
struct cli_attr {
	const char *name, *value;
};

/* Parsed "-attributes p=v,q,...": in the order given, one per name. */
struct cli_attrs {
	size_t n;
	struct cli_attr *v;
	char *buf;			/* private */
};

/*
 * cli_attrs_parse() - split @s as Perl's scstadmin does: on ",", then on
 * the first "=" (a value may hold "=", never ","); a bare name means "1";
 * a repeated name keeps its first place and takes the last value; empty
 * items are skipped.  NULL, "" (and Perl's false "0") give no items.
 * Free with cli_attrs_free().  Return: 0 or -ENOMEM.
 */
int cli_attrs_parse(const char *s, struct cli_attrs *out);
void cli_attrs_free(struct cli_attrs *a);

/* Perl immediateExit(): "\n\nFATAL: Received the following error:\n\n\t<msg>\n\n"
 * on stdout.  Return: CMD_DIE(1). */
int cli_fatal(const char *msg);
/* Perl issueWarning(): the same framing with "WARNING". */
void cli_warning(const char *msg);

/* getopt.c: Getopt::Long-compatible parsing (see there for the rules). */
enum gol_arg { GOL_NONE, GOL_REQUIRED, GOL_OPTIONAL };

struct gol_option {
	const char *name;	/* lower case */
	enum gol_arg has_arg;
	bool ours;		/* not a Perl option: abbreviations prefer Perl's */
};

/*
 * gol_parse() - call @found for every option of argv[1..] in order, with
 * its value (NULL for a flag, "" for an absent optional value).  Plain
 * words are ignored.  Messages go to @err.  Return: the number of errors.
 */
int gol_parse(int argc, char *const argv[], const struct gol_option *opts, size_t n,
	      void (*found)(void *priv, size_t idx, const char *value), void *priv, FILE *err);

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
/* Connect with Perl's messages (stderr) and print "\nCollecting current
 * configuration: done.\n\n"; sets up -debug tracing.  NULL after a failure:
 * exit LIVE_EXIT_NO_SCST (Perl dies with errno, ENOENT). */
struct scstcfg_sysfs *live_connect_perl(const struct opts *o);
#define LIVE_EXIT_NO_SCST 2
/* Perl's prompt (spec §2.1) unless -noprompt: true to go on; false after
 * printing "Aborting action.". */
bool live_prompt(const struct opts *o);
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
