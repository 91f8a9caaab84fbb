// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * change.c - the engine of scstadmin's single-change commands (-add_lun,
 * -set_dev_attr, -rem_target, ...; spec ../shared/spec/scstadmin.md §2.1,
 * §2.2, §7 items 30-45), shared by change-dev.c, change-tgt.c and
 * change-alua.c.
 *
 * A command reads what it needs of the live tree (one directory per
 * object, scstcfg_sysfs_read_dir()), prints Perl's refusals and warnings,
 * then builds a plan of operations (scstcfg_plan_add_op()) and runs it with
 * scstcfg_plan_apply(), the executor of -config: EAGAIN protocol, masked
 * secrets and error messages are the same.  Perl's progress line
 * "\t-> <what>: " is printed before the line's first write and "done." after
 * its last, so -debug's DBG lines land where Perl puts them.  One Perl line
 * may cover several writes (-rem_target: disable, force_close, wait,
 * del_target).
 *
 * Failures follow Perl's three policies, chosen per operation:
 *  - CHG_FATAL (condExit): stop with the FATAL block; with -cont_on_err
 *    print the error and go on (exit 1 at the end);
 *  - CHG_WARN (setAttributes): the WARNING block, go on, exit 1;
 *  - CHG_RC (-add_target, -rem_target): stop; Perl's SCST.pm code decides
 *    the final WARNING text and the exit status (54 "target has active
 *    sessions" for a session wait that timed out or a del_target EBUSY).
 * Our error text (path, command with secrets masked, errno) is what the
 * blocks show, where Perl shows SCST.pm's guess.
 *
 * Values are never written when the attribute already has them (Perl
 * prints "already set" for the -set_* commands and skips silently for
 * -set_drv_attr, -set_tgt_attr, -enable_target and -disable_target).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scstadmin.h"

void chg_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	/* names are short; an overlong one is cut and the kernel rejects it */
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- framing --------------------------------------------------------------------- */

bool chg_begin(struct chg *c, const struct opts *o, bool prompt, int *rc)
{
	memset(c, 0, sizeof(*c));
	c->o = o;
	c->s = o->sysfs;
	*rc = 0;
	/* a declined prompt: "Aborting action.", then main's "All done.", exit 0 */
	if (prompt && !live_prompt(o))
		return false;
	if (scstcfg_plan_create(&c->p) < 0) {
		*rc = cli_fatal("Out of memory.");
		return false;
	}
	printf("\n-> Making requested changes.\n");
	return true;
}

void chg_end(struct chg *c)
{
	scstcfg_plan_free(c->p);
	cli_attrs_free(&c->attrs);
	free(c->meta);
	free(c->err);
	memset(c, 0, sizeof(*c));
}

int chg_finish(struct chg *c, int rc, const char *footer)
{
	/* -lip: Perl issues LIPs after a change that succeeded */
	if (!rc && c->lip && c->o->lip && !c->o->no_lip)
		rc = chg_lip(c);
	if (footer)
		fputs(footer, stdout);
	if (rc > 1 && c->rc_msg)
		cli_warning(c->rc_msg);
	chg_end(c);
	return rc;
}

int chg_die(struct chg *c, const char *msg)
{
	chg_end(c);
	return msg ? cli_fatal(msg) : CMD_DIE(1);
}

int chg_parse_attrs(struct chg *c)
{
	return cli_attrs_parse(c->o->attributes, &c->attrs);
}

/* ---- reading the live tree ------------------------------------------------------- */

int chg_read(struct chg *c, struct chg_obj *ob, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	ob->e = NULL;
	ob->n = 0;
	return scstcfg_sysfs_read_dir(c->s, rel, &ob->e, &ob->n);
}

void chg_obj_free(struct chg_obj *ob)
{
	scstcfg_sysfs_entries_free(ob->e, ob->n);
	ob->e = NULL;
	ob->n = 0;
}

const struct scstcfg_sysfs_entry *chg_entry(const struct chg_obj *ob, const char *name)
{
	size_t i;

	for (i = 0; i < ob->n; i++)
		if (!strcmp(ob->e[i].name, name))
			return &ob->e[i];
	return NULL;
}

bool chg_exists(struct chg *c, const char *fmt, ...)
{
	char path[PATH_MAX + 64], rel[PATH_MAX];
	struct stat st;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	chg_fmt(path, sizeof(path), "%s/%s", scstcfg_sysfs_get_root(c->s), rel);
	return stat(path, &st) == 0;
}

char *chg_read_text(struct chg *c, const char *rel)
{
	char path[PATH_MAX + 64], *buf = NULL;
	size_t size = 0;
	FILE *f, *m;
	int ch;

	chg_fmt(path, sizeof(path), "%s/%s", scstcfg_sysfs_get_root(c->s), rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	m = open_memstream(&buf, &size);
	if (m) {
		while ((ch = fgetc(f)) != EOF)
			fputc(ch, m);
		fclose(m);
	}
	fclose(f);
	return buf;
}

/* Is @name (digits stripped) one of the names of help line @head in @help? */
static bool help_lists(const char *help, const char *head, const char *name)
{
	const char *l = help ? strstr(help, head) : NULL;
	size_t n = strlen(name);

	if (!l)
		return false;
	l += strlen(head);
	while (*l && *l != '\n') {
		l += strspn(l, " \t,");
		if (!strncmp(l, name, n) && strchr(" \t,.\n", l[n]))
			return true;
		l += strcspn(l, ",\n");
	}
	return false;
}

bool chg_driver_dyn(struct chg *c, const char *driver, bool target_attr, const char *name)
{
	char rel[PATH_MAX];
	char *help;
	bool r;

	chg_fmt(rel, sizeof(rel), "targets/%s/mgmt", driver);
	help = chg_read_text(c, rel);
	r = help_lists(help, target_attr ? "The following target attributes available:" :
					   "The following target driver attributes available:",
		       name);
	free(help);
	return r;
}

bool chg_driver_param(struct chg *c, const char *driver, const char *name)
{
	char rel[PATH_MAX];
	char *help;
	bool r;

	chg_fmt(rel, sizeof(rel), "targets/%s/mgmt", driver);
	help = chg_read_text(c, rel);
	r = help_lists(help, "The following parameters available:", name);
	free(help);
	return r;
}

bool chg_driver_virtual(struct chg *c, const char *driver)
{
	char path[PATH_MAX + 64];
	struct stat st;

	chg_fmt(path, sizeof(path), "%s/targets/%s/mgmt", scstcfg_sysfs_get_root(c->s), driver);
	return stat(path, &st) == 0 && (st.st_mode & S_IWUSR);
}

/*
 * Perl's cacheAttributes(): does @ob have attribute @name (a file of that
 * name, or a [key] file <name><digits> of a multi-valued attribute), and
 * does one of its values equal @value?  *@e receives the plain file.
 */
bool chg_attr_has(const struct chg_obj *ob, const char *name, const char *value, bool *exists,
		  const struct scstcfg_sysfs_entry **e)
{
	size_t i, n = strlen(name);
	bool match = false;

	*exists = false;
	if (e)
		*e = NULL;
	for (i = 0; i < ob->n; i++) {
		const struct scstcfg_sysfs_entry *x = &ob->e[i];
		const char *nm = x->name;

		if (x->is_dir || !strcmp(nm, "mgmt") || !strcmp(nm, "uevent"))
			continue;
		if (strcmp(nm, name)) {
			/* IncomingUser1 [key] is a value of IncomingUser */
			if (!x->key || strncmp(nm, name, n) || !nm[n] ||
			    strspn(nm + n, "0123456789") != strlen(nm + n))
				continue;
		} else if (e) {
			*e = x;
		}
		*exists = true;
		if (value && !strcmp(x->value ? x->value : "", value))
			match = true;
	}
	return match;
}

/* ---- the plan --------------------------------------------------------------------- */

int chg_op(struct chg *c, enum chg_policy pol, enum scstcfg_kind kind, unsigned int flags,
	   const char *line, const char *path, const char *data)
{
	size_t n = scstcfg_plan_count(c->p);
	struct chg_meta *nv;
	int r;

	r = scstcfg_plan_add_op(c->p, kind, flags, path, data,
				line ? line : c->meta[n - 1].line);
	if (r < 0)
		return r;
	nv = realloc(c->meta, (n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	c->meta = nv;
	nv[n].starts = line != NULL;
	nv[n].pol = pol;
	nv[n].line = scstcfg_op_get_desc(scstcfg_plan_get_op(c->p, n));
	return 0;
}

int chg_opf(struct chg *c, enum chg_policy pol, enum scstcfg_kind kind, unsigned int flags,
	    const char *line, const char *path, const char *fmt, ...)
{
	char data[4200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(data, sizeof(data), fmt, ap);
	va_end(ap);
	return chg_op(c, pol, kind, flags, line, path, data);
}

static void line_start(struct chg *c, size_t i)
{
	if (i < scstcfg_plan_count(c->p) && c->meta[i].starts) {
		printf("\t-> %s: ", c->meta[i].line);
		fflush(stdout);
		c->line_failed = false;
	}
}

static void on_op(void *priv, size_t i, const struct scstcfg_op *op, int result)
{
	struct chg *c = priv;
	size_t n = scstcfg_plan_count(c->p);
	const char *msg = scstcfg_sysfs_last_error(c->s);
	bool line_end = i + 1 == n || c->meta[i + 1].starts;

	(void)op;
	if (result == 0) {
		if (line_end && !c->line_failed)
			fputs(c->o->dry_run ? "(dry run: not written)\n" : "done.\n", stdout);
		line_start(c, i + 1);
		return;
	}
	if (!c->line_failed)
		printf("FAILED.\n");
	c->line_failed = true;
	if (!c->failed++) {
		free(c->err);
		c->err = strdup(msg);
		c->err_code = result;
		c->err_op = i;
	}
	c->stopped = !(c->apply_flags & SCSTCFG_APPLY_CONTINUE);
	if (c->meta[i].pol == CHG_WARN)
		cli_warning(msg);
	else if (c->meta[i].pol == CHG_RC)
		printf("\t   %s\n", msg);
	else if (!c->stopped)
		printf("%s\n", msg);	/* -cont_on_err */
	if (!c->stopped)
		line_start(c, i + 1);
}

int chg_run(struct chg *c)
{
	struct scstcfg_apply_result res = { 0 };
	size_t i, n = scstcfg_plan_count(c->p);

	/* go on after a failure only when every operation's policy allows it
	 * (a -set_drv_attr mixing dynamic adds and plain sets stops at the
	 * first failure) */
	c->apply_flags = SCSTCFG_APPLY_CONTINUE;
	for (i = 0; i < n; i++)
		if (c->meta[i].pol == CHG_RC || (c->meta[i].pol == CHG_FATAL && !c->o->cont_on_err))
			c->apply_flags = 0;
	line_start(c, 0);
	scstcfg_plan_apply(c->s, c->p, c->apply_flags, on_op, c, &res);
	c->done = res.done;
	if (c->stopped && c->meta[c->err_op].pol == CHG_FATAL) {
		cli_fatal(c->err ? c->err : scstcfg_apply_strerror(c->err_code));
		return -1;
	}
	return c->failed ? 1 : 0;
}

/* ---- -set_*_attr of plain attributes (Perl setAttributes) ------------------------ */

int chg_set_attrs(struct chg *c, const struct chg_set *set)
{
	struct chg_obj ob;
	char line[4200], path[PATH_MAX];
	size_t i;
	int r, rc = 0;

	if (chg_parse_attrs(c) < 0)
		return chg_die(c, "Out of memory.");
	if (chg_read(c, &ob, "%s", set->dir) < 0) {
		cli_warning(set->missing);
		return chg_finish(c, 1, "\t-> Done, 0 change(s) made.\n");
	}
	for (i = 0; i < c->attrs.n; i++) {
		const char *a = c->attrs.v[i].name, *v = c->attrs.v[i].value;
		const struct scstcfg_sysfs_entry *e;
		bool exists;

		if (chg_attr_has(&ob, a, v, &exists, &e)) {
			printf("\t-> Attribute '%s' already set to value '%s', ignoring.\n", a, v);
			continue;
		}
		if (!exists) {
			printf("\t-> WARNING: %s lacks the settable attribute '%s', ignoring.\n\n",
			       set->who, a);
			continue;
		}
		if (!e || !e->writable) {
			/* SCST.pm: the write fails and the attribute is static */
			cli_warning(set->is_static);
			rc = 1;
			continue;
		}
		chg_fmt(line, sizeof(line), "Setting %s attribute '%s' to value '%s'%s", set->kind_word,
			 a, v, set->suffix);
		if (strcmp(set->dir, "."))
			chg_fmt(path, sizeof(path), "%s/%s", set->dir, a);
		else
			chg_fmt(path, sizeof(path), "%s", a);
		if (chg_op(c, CHG_WARN, set->kind, SCSTCFG_OP_ATTR, line, path, *v ? v : "\n") < 0) {
			chg_obj_free(&ob);
			return chg_die(c, "Out of memory.");
		}
	}
	chg_obj_free(&ob);
	r = chg_run(c);
	if (r < 0)
		return chg_die(c, NULL);
	chg_count_footer(c, line, sizeof(line));
	return chg_finish(c, r || rc, line);
}

void chg_count_footer(const struct chg *c, char *buf, size_t size)
{
	if (c->o->dry_run)
		chg_fmt(buf, size, "\t-> Dry run: %zu change(s) planned, none made.\n",
			scstcfg_plan_count(c->p));
	else
		chg_fmt(buf, size, "\t-> Done, %zu change(s) made.\n", c->done);
}

int chg_run_finish(struct chg *c, const char *footer)
{
	int r = chg_run(c);

	if (r < 0)
		return chg_die(c, NULL);
	return chg_finish(c, r, footer);
}

int chg_one(struct chg *c, enum scstcfg_kind kind, unsigned int flags, const char *line,
	    const char *path, const char *cmd)
{
	if (chg_op(c, CHG_FATAL, kind, SCSTCFG_OP_MGMT | flags, line, path, cmd) < 0)
		return chg_die(c, "Out of memory.");
	return chg_run_finish(c, "\t-> Done.\n");
}

/* @tpl with its %a %d %t %g %v %G %T %o replaced by the values of -op_arg,
 * -driver, -target, -group, -device, -dev_group, -tgt_group, -to (malloc()ed). */
static char *expand(const struct opts *o, const char *tpl)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const char *v;

	if (!f)
		return NULL;
	for (; *tpl; tpl++) {
		if (*tpl != '%' || !tpl[1]) {
			fputc(*tpl, f);
			continue;
		}
		switch (*++tpl) {
		case 'a': v = o->op_arg; break;
		case 'd': v = o->driver; break;
		case 't': v = o->target; break;
		case 'g': v = o->group; break;
		case 'v': v = o->device; break;
		case 'G': v = o->dev_group; break;
		case 'T': v = o->tgt_group; break;
		case 'o': v = o->to; break;
		default: v = "%"; tpl--; break;
		}
		fputs(v ? v : "", f);
	}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

int chg_mgmt(struct chg *c, enum scstcfg_kind kind, unsigned int flags, const char *line,
	     const char *path, const char *cmd)
{
	char *l = expand(c->o, line), *p = expand(c->o, path), *m = expand(c->o, cmd);
	int r;

	if (!l || !p || !m) {
		free(l);
		free(p);
		free(m);
		return chg_die(c, "Out of memory.");
	}
	r = chg_op(c, CHG_FATAL, kind, SCSTCFG_OP_MGMT | flags, l, p, m);
	free(l);
	free(p);
	free(m);
	if (r < 0)
		return chg_die(c, "Out of memory.");
	return chg_run_finish(c, "\t-> Done.\n");
}

int chg_command(const struct opts *o, unsigned int flags, int (*fn)(struct chg *c))
{
	struct chg c;
	int r;

	if (!chg_begin(&c, o, flags & CHG_PROMPT, &r))
		return r;
	c.lip = flags & (CHG_LIP | CHG_LIP_ALL);
	if (flags & CHG_LIP) {
		c.lip_d = o->driver;
		c.lip_t = o->target;
	}
	if ((flags & CHG_ATTRS) && chg_parse_attrs(&c) < 0)
		return chg_die(&c, "Out of memory.");
	return fn(&c);
}
