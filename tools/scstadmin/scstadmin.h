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
/* Drop from @want the drivers and handlers the kernel lacks and "enabled"
 * of drivers without that file, calling @warn for each.  Return: 0 or -ENOMEM. */
int adapt_to_kernel(struct scstcfg_model *want, const struct scstcfg_state *st,
		    void (*warn)(void *priv, const char *msg), void *priv);
/* True when @m configures nothing at all. */
bool model_is_empty(struct scstcfg_model *m);
/* Print every diagnostic of @d to @f. */
void print_diags(const struct scstcfg_diags *d, FILE *f);
/* Save @m (atomically for regular files).  *err: malloc()ed message. */
int save_model(struct scstcfg_ctx *ctx, const struct scstcfg_model *m, const char *path,
	       char **err);


/* ---- change*.c: the single-change commands (spec §2.2, §7 items 30-45) ---- */

/* Each returns the process exit status. */
int cmd_open_dev(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_close_dev(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_resync_dev(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_scst_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_hnd_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_dev_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_drv_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_tgt_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_grp_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_lun_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_init_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_dgrp_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_tgrp_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_set_ttgt_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_drv_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_drv_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_tgt_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_tgt_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_target(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_target(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_enable_target(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_disable_target(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_group(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_group(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_init(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_init(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_move_init(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_clear_inits(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_lun(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_lun(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_replace_lun(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_clear_luns(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_issue_lip(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_dgrp(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_dgrp(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_dgrp_dev(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_dgrp_dev(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_tgrp(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_tgrp(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_add_tgrp_tgt(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_rem_tgrp_tgt(struct scstcfg_ctx *ctx, const struct opts *o);

/* change.c engine, used by change-*.c only. */

/* What a failed operation does (Perl's condExit, issueWarning, rc). */
enum chg_policy { CHG_FATAL, CHG_WARN, CHG_RC };

struct chg_meta {
	bool starts;		/* begins a Perl progress line */
	enum chg_policy pol;
	const char *line;	/* the line's text (the op's desc) */
};

/* One command run: connection, plan, -attributes, failure record. */
struct chg {
	const struct opts *o;
	struct scstcfg_sysfs *s;
	struct scstcfg_plan *p;
	struct chg_meta *meta;		/* per operation */
	struct cli_attrs attrs;		/* -attributes (chg_parse_attrs()) */
	unsigned int apply_flags;
	bool line_failed, stopped;
	size_t failed, done, err_op;
	int err_code;			/* -errno of the first failure */
	char *err;			/* its message */
	const char *rc_msg;		/* SCST.pm text for an exit status > 1 */
	bool lip;			/* -lip applies: LIPs after success ... */
	const char *lip_d, *lip_t;	/* ... on this target, else on all */
};

/* A directory of the live tree (scstcfg_sysfs_read_dir()). */
struct chg_obj {
	struct scstcfg_sysfs_entry *e;
	size_t n;
};

/* snprintf() for paths and messages (truncation is harmless there). */
__attribute__((format(printf, 3, 4)))
void chg_fmt(char *buf, size_t size, const char *fmt, ...);
/* Start on main's connection (o->sysfs): prompt if @prompt, print
 * "-> Making requested changes."  Return: true to go on; false when the
 * command is over, *@rc = its return value (0 after a declined prompt). */
bool chg_begin(struct chg *c, const struct opts *o, bool prompt, int *rc);
/* Release @c (not the connection). */
void chg_end(struct chg *c);
/* Print @footer (may be NULL) and, for @rc > 1, SCST.pm's warning
 * c->rc_msg; release @c.  Return: @rc. */
int chg_finish(struct chg *c, int rc, const char *footer);
/* Release @c, print Perl's FATAL block with @msg (none when NULL: already
 * printed).  Return: CMD_DIE(1). */
int chg_die(struct chg *c, const char *msg);
/* Split -attributes into c->attrs.  Return: 0 or -ENOMEM. */
int chg_parse_attrs(struct chg *c);
/* Read one directory (printf-style path).  Return: 0 or -errno. */
__attribute__((format(printf, 3, 4)))
int chg_read(struct chg *c, struct chg_obj *ob, const char *fmt, ...);
void chg_obj_free(struct chg_obj *ob);
const struct scstcfg_sysfs_entry *chg_entry(const struct chg_obj *ob, const char *name);
/* Whether a path (printf-style, relative to the root) exists. */
__attribute__((format(printf, 2, 3)))
bool chg_exists(struct chg *c, const char *fmt, ...);
/* Whole text of a file relative to the root (malloc()ed), NULL if unreadable. */
char *chg_read_text(struct chg *c, const char *rel);
/* Driver facts from targets/<d>/mgmt: dynamic attribute, create
 * parameter, can create targets (SCST.pm driverIsVirtualCapable). */
bool chg_driver_dyn(struct chg *c, const char *driver, bool target_attr, const char *name);
bool chg_driver_param(struct chg *c, const char *driver, const char *name);
bool chg_driver_virtual(struct chg *c, const char *driver);
/* Perl's cacheAttributes() lookup: true when @name has value @value. */
bool chg_attr_has(const struct chg_obj *ob, const char *name, const char *value, bool *exists,
		  const struct scstcfg_sysfs_entry **e);
/* Append an operation; @line starts a progress line, NULL continues the
 * previous one.  Return: 0 or -errno. */
int chg_op(struct chg *c, enum chg_policy pol, enum scstcfg_kind kind, unsigned int flags,
	   const char *line, const char *path, const char *data);
__attribute__((format(printf, 7, 8)))
int chg_opf(struct chg *c, enum chg_policy pol, enum scstcfg_kind kind, unsigned int flags,
	    const char *line, const char *path, const char *fmt, ...);
/* Run the plan.  Return: 0; 1 when something failed and the run went on
 * (or stopped with CHG_RC); -1 after the FATAL block (chg_die(c, NULL)). */
int chg_run(struct chg *c);
/* -lip: plan and run LIPs on c->lip_d/c->lip_t (change-tgt.c).  Return: 0 or 1. */
int chg_lip(struct chg *c);
/* The footer of the commands that count: "\t-> Done, N change(s) made.\n"
 * (-dry_run: "\t-> Dry run: N change(s) planned, none made.\n"). */
void chg_count_footer(const struct chg *c, char *buf, size_t size);
/* chg_run(), then chg_finish() with @footer.  Return: the exit status. */
int chg_run_finish(struct chg *c, const char *footer);
/* A plan of one mgmt command under one progress line, FATAL on failure
 * (Perl's condExit), run with the footer "\t-> Done.".  Return: the exit status. */
int chg_one(struct chg *c, enum scstcfg_kind kind, unsigned int flags, const char *line,
	    const char *path, const char *cmd);

/* chg_one() with templates: %a %d %t %g %v %G %T %o in @line, @path and
 * @cmd stand for -op_arg, -driver, -target, -group, -device, -dev_group,
 * -tgt_group and -to.  Return: the exit status. */
int chg_mgmt(struct chg *c, enum scstcfg_kind kind, unsigned int flags, const char *line,
	     const char *path, const char *cmd);

/* How chg_command() starts a command. */
#define CHG_PROMPT 0x1u		/* Perl's prompt first (unless -noprompt) */
#define CHG_ATTRS 0x2u		/* split -attributes into c->attrs */
#define CHG_LIP 0x4u		/* -lip afterwards: LIPs on -driver/-target */
#define CHG_LIP_ALL 0x8u	/* -lip afterwards: LIPs on every target */

/* A whole command: chg_begin() as @flags say, then @fn.  Return: the exit status. */
int chg_command(const struct opts *o, unsigned int flags, int (*fn)(struct chg *c));

/* cmd_<name>() of a single-change command: chg_command(@flags, <name>()). */
#define CHG_CMD(name, flags)                                        \
	int cmd_##name(struct scstcfg_ctx *ctx, const struct opts *o) \
	{                                                           \
		(void)ctx;                                          \
		return chg_command(o, flags, name);                 \
	}

/* A -set_*_attr of plain attributes (Perl setAttributes). */
struct chg_set {
	const char *dir;	/* the object's directory, relative to the root */
	enum scstcfg_kind kind;
	const char *who;	/* "Device 'd1'": ... lacks the settable attribute */
	const char *kind_word;	/* "device": Setting device attribute ... */
	const char *suffix;	/* " for device 'd1'" */
	const char *is_static;	/* SCST.pm text for a static attribute */
	const char *missing;	/* SCST.pm text when the object does not exist */
};

/* Plan and run the -attributes of @set, print, finish.  Return: the exit status. */
int chg_set_attrs(struct chg *c, const struct chg_set *set);

/* list.c: the -list_* queries (spec §2.3), Perl's text or, with -json,
 * one member of the document list_json_flush() prints (doc/json-schema.md).
 * Each returns Perl's rc; the caller frames them ("Collecting ...",
 * "All done.") except with -json. */
int cmd_list_handler(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_device(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_dgrp(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_tgrp(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_driver(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_target(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_group(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_sessions(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_scst_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_hnd_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_dev_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_dgrp_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_tgrp_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_ttgt_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_drv_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_tgt_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_grp_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_lun_attr(struct scstcfg_ctx *ctx, const struct opts *o);
int cmd_list_init_attr(struct scstcfg_ctx *ctx, const struct opts *o);
/* -dumpAttrs (undocumented in Perl too): Data::Dumper's view of the SCST
 * and device attribute hashes.  Return: 0. */
int cmd_dump_attrs(struct scstcfg_ctx *ctx, const struct opts *o);
/* Perl's readWorkingConfig() check: an initiator in two groups of one
 * target prints a FATAL line unless -force.  Return: 1 then, else 0. */
int list_check_initiators(const struct opts *o);
/* -write_config -nonkey: make the printer add the non-key attributes of
 * the live objects of @m (read through o->sysfs, else $SCST_SYSFS_ROOT). */
void list_nonkey_attach(struct scstcfg_model *m, const struct opts *o);
/* -json: print the document the queries built (nothing if none ran).
 * Return: 0 or -EIO. */
int list_json_flush(void);
/* list-json.c: -config (@clear false) or -clear_config with -dry_run
 * -json: the plan as one JSON document.  Return: the exit status. */
int cmd_plan_json(struct scstcfg_ctx *ctx, const struct opts *o, bool clear);

#endif /* SCSTADMIN_H */
