// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Validation that protects the kernel: everything a model could ask SCST to
 * do that the kernel rejects badly, misparses or punishes by deleting its own
 * files.  Sources: sysfs spec (../shared/spec/scst-sysfs.md) §1.1 (names end
 * at blanks and '=', parameter lists split on ';' and newlines), §2.2 and
 * §2.5 (clashes with the kernel's own files), §3.2 (device names), §3.3 (LUN
 * range); ../shared/scst-real/README.md "Behaviour worth knowing" and
 * scenarios 10, 44, 50; spec scstadmin.md §1.4 (initiator in two groups).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define DEVICE_NAME_MAX 64	/* longer names give EINVAL (scenario 10) */

struct vctx {
	const struct scstcfg_model *m;
	struct scstcfg_diags *diags;
	struct scstcfg_ctx *ctx;
	size_t nerrors;
	int oom;
};

__attribute__((format(printf, 4, 5)))
static void verr(struct vctx *v, unsigned int line, unsigned int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (diag_report(v->ctx, v->diags, &v->nerrors, SCSTCFG_ERROR, v->m->source, line, col,
			fmt, ap) < 0)
		v->oom = 1;
	va_end(ap);
}

static const char *what(enum scstcfg_kind k)
{
	switch (k) {
	case SCSTCFG_KIND_HANDLER: return "handler";
	case SCSTCFG_KIND_DEVICE: return "device";
	case SCSTCFG_KIND_DRIVER: return "target driver";
	case SCSTCFG_KIND_TARGET: return "target";
	case SCSTCFG_KIND_LUN: return "LUN device";
	case SCSTCFG_KIND_GROUP: return "group";
	case SCSTCFG_KIND_INITIATOR: return "initiator";
	case SCSTCFG_KIND_DGROUP: return "device group";
	case SCSTCFG_KIND_DG_DEVICE: return "device group device";
	case SCSTCFG_KIND_TGROUP: return "target group";
	case SCSTCFG_KIND_TG_TARGET: return "target group target";
	default: return "object";
	}
}

/* Bytes names may not contain: NAME_BAD always, the others where asked. */
#define NAME_BAD 0x1u
#define NAME_DOT 0x2u	/* device names */
#define NAME_SEMI 0x4u	/* attribute names */
static const unsigned char name_forbids[256] = {
	[0x01] = NAME_BAD, [0x02] = NAME_BAD, [0x03] = NAME_BAD, [0x04] = NAME_BAD,
	[0x05] = NAME_BAD, [0x06] = NAME_BAD, [0x07] = NAME_BAD, [0x08] = NAME_BAD,
	[0x09] = NAME_BAD, [0x0a] = NAME_BAD, [0x0b] = NAME_BAD, [0x0c] = NAME_BAD,
	[0x0d] = NAME_BAD, [0x0e] = NAME_BAD, [0x0f] = NAME_BAD, [0x10] = NAME_BAD,
	[0x11] = NAME_BAD, [0x12] = NAME_BAD, [0x13] = NAME_BAD, [0x14] = NAME_BAD,
	[0x15] = NAME_BAD, [0x16] = NAME_BAD, [0x17] = NAME_BAD, [0x18] = NAME_BAD,
	[0x19] = NAME_BAD, [0x1a] = NAME_BAD, [0x1b] = NAME_BAD, [0x1c] = NAME_BAD,
	[0x1d] = NAME_BAD, [0x1e] = NAME_BAD, [0x1f] = NAME_BAD, [0x7f] = NAME_BAD,
	[' '] = NAME_BAD, ['/'] = NAME_BAD, ['='] = NAME_BAD,
	['.'] = NAME_DOT, [';'] = NAME_SEMI,
};

/*
 * The first character of @s that a name may not contain (control
 * characters, blanks, '/', '=', and the bytes of @extra: NAME_DOT,
 * NAME_SEMI), or 0.  One table lookup per byte: validation reads every
 * name of the model.
 */
static int bad_name_char(const char *s, unsigned int extra)
{
	unsigned int mask = NAME_BAD | extra;

	for (; *s; s++)
		if (name_forbids[(unsigned char)*s] & mask)
			return (unsigned char)*s;
	return 0;
}

static void describe_char(int c, char *buf, size_t size)
{
	if (c == ' ')
		snprintf(buf, size, "a blank");
	else if (c == '\t')
		snprintf(buf, size, "a tab");
	else if (c < 0x20 || c == 0x7f)
		snprintf(buf, size, "the control character 0x%02x", c);
	else
		snprintf(buf, size, "'%c'", c);
}

static bool is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static void check_name(struct vctx *v, const struct scstcfg_node *n)
{
	static const char *const dev_files[] = { "mgmt", "type", "trace_level", NULL };
	static const char *const tgt_files[] = { "mgmt", "enabled", NULL };
	static const char *const mgmt_only[] = { "mgmt", NULL };
	enum scstcfg_kind k = (enum scstcfg_kind)n->kind;
	const char *name = n->name;
	char cbuf[48];
	int c;

	if (!*name) {
		verr(v, n->line, n->col, "empty %s name", what(k));
		return;
	}
	c = bad_name_char(name, k == SCSTCFG_KIND_DEVICE ? NAME_DOT : 0);
	if (c) {
		describe_char(c, cbuf, sizeof(cbuf));
		if (k == SCSTCFG_KIND_DEVICE && c == '/')
			verr(v, n->line, n->col,
			     "Device '%s' configured for handler '%s' may not contain character '/'.",
			     name, n->parent->name);
		else
			verr(v, n->line, n->col, "%s name '%s' contains %s", what(k), name, cbuf);
		return;
	}
	if (k == SCSTCFG_KIND_DEVICE && strlen(name) > DEVICE_NAME_MAX)
		verr(v, n->line, n->col, "device name '%s' is longer than %d characters", name,
		     DEVICE_NAME_MAX);
	else if (k == SCSTCFG_KIND_DEVICE && is_one_of(name, dev_files))
		verr(v, n->line, n->col,
		     "device name '%s' clashes with the handler's own file '%s' (SCST would delete that file)",
		     name, name);
	else if (k == SCSTCFG_KIND_TARGET && is_one_of(name, tgt_files))
		verr(v, n->line, n->col,
		     "target name '%s' clashes with the driver's own file '%s'", name, name);
	else if ((k == SCSTCFG_KIND_GROUP || k == SCSTCFG_KIND_INITIATOR) &&
		 is_one_of(name, mgmt_only))
		verr(v, n->line, n->col, "%s name '%s' clashes with the kernel's own 'mgmt' file",
		     what(k), name);
}

/* Dynamic attributes go through add_target_attribute, not a k=v; list. */
static bool is_dynamic(const char *name)
{
	return strncasecmp(name, "IncomingUser", 12) == 0 ||
	       strncasecmp(name, "OutgoingUser", 12) == 0 || strcmp(name, "allowed_portal") == 0;
}

static void check_attrs(struct vctx *v, const struct scstcfg_node *n)
{
	enum scstcfg_kind k = (enum scstcfg_kind)n->kind;
	const struct scstcfg_attr *a;
	char cbuf[48];

	for (a = n->attrs; a; a = a->next) {
		const char *p;
		int c;

		if (!*a->name) {
			verr(v, a->line, a->col, "empty attribute name");
			continue;
		}
		c = bad_name_char(a->name, NAME_SEMI);
		if (c) {
			describe_char(c, cbuf, sizeof(cbuf));
			verr(v, a->line, a->col, "attribute name '%s' contains %s", a->name, cbuf);
			continue;
		}
		for (p = a->value; *p; p++) {
			unsigned char ch = (unsigned char)*p;

			if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
				break;
		}
		if (*p) {
			describe_char((unsigned char)*p, cbuf, sizeof(cbuf));
			verr(v, a->line, a->col, "value of attribute '%s' contains %s", a->name,
			     cbuf);
			continue;
		}
		if ((k == SCSTCFG_KIND_DEVICE || k == SCSTCFG_KIND_LUN ||
		     (k == SCSTCFG_KIND_TARGET && !is_dynamic(a->name))) &&
		    strchr(a->value, ';')) {
			verr(v, a->line, a->col,
			     "value of attribute '%s' contains ';', which would split SCST's parameter list",
			     a->name);
			continue;
		}
		if (k == SCSTCFG_KIND_DEVICE && strcmp(a->name, "filename") == 0 &&
		    strpbrk(a->value, " \t"))
			verr(v, a->line, a->col,
			     "filename '%s' contains a blank: SCST cannot pass it to add_device",
			     a->value);
	}
}

struct ini_ref {
	const struct scstcfg_node *ini;
};

static int cmp_ini(const void *pa, const void *pb)
{
	const struct scstcfg_node *a = ((const struct ini_ref *)pa)->ini;
	const struct scstcfg_node *b = ((const struct ini_ref *)pb)->ini;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/*
 * A name may appear only once among the children of kind @kind of all
 * nodes of kind @mid below @top: an initiator in one group per target
 * (spec §1.4), a device in one device group (sysfs spec §3.6: EEXIST), a
 * target in one target group per device group (same).
 */
static void check_unique(struct vctx *v, const struct scstcfg_node *top,
			 enum scstcfg_kind mid, enum scstcfg_kind kind)
{
	const struct scstcfg_node *g, *i;
	struct ini_ref *refs;
	size_t n = 0, j;

	for (g = scstcfg_node_first(top, mid); g; g = g->u.next)
		n += scstcfg_node_count(g, kind);
	if (n < 2)
		return;
	refs = malloc(n * sizeof(*refs));
	if (!refs) {
		v->oom = 1;
		return;
	}
	n = 0;
	for (g = scstcfg_node_first(top, mid); g; g = g->u.next)
		for (i = scstcfg_node_first(g, kind); i; i = i->u.next)
			refs[n++].ini = i;
	qsort(refs, n, sizeof(*refs), cmp_ini);
	for (j = 1; j < n; j++) {
		const struct scstcfg_node *a = refs[j - 1].ini, *b = refs[j].ini;

		if (strcmp(a->name, b->name) != 0)
			continue;
		if (kind == SCSTCFG_KIND_INITIATOR)
			verr(v, b->line, b->col,
			     "Initiator '%s' belongs to more than one group of driver/target '%s/%s' ('%s' and '%s'). Initiators can only belong to one group at a time for a given target.",
			     b->name, top->parent->name, top->name, a->parent->name,
			     b->parent->name);
		else if (kind == SCSTCFG_KIND_DG_DEVICE)
			verr(v, b->line, b->col,
			     "device '%s' is in device groups '%s' and '%s'; a device can belong to one device group only",
			     b->name, a->parent->name, b->parent->name);
		else
			verr(v, b->line, b->col,
			     "target '%s' is in target groups '%s' and '%s' of device group '%s'; it can belong to one of them only",
			     b->name, a->parent->name, b->parent->name, top->name);
	}
	free(refs);
}

static void walk(struct vctx *v, const struct scstcfg_node *n)
{
	unsigned int i, nk = node_nkids((enum scstcfg_kind)n->kind);
	const struct scstcfg_node *c;

	if (n->kind == SCSTCFG_KIND_LUN) {
		if (n->lun > SCSTCFG_LUN_MAX)
			verr(v, n->line, n->col, "LUN number %llu is above %u",
			     (unsigned long long)n->lun, SCSTCFG_LUN_MAX);
		check_name(v, n);
	} else if (n->kind != SCSTCFG_KIND_ROOT && n->kind != SCSTCFG_KIND_ALUA) {
		check_name(v, n);
	}
	check_attrs(v, n);
	if (n->kind == SCSTCFG_KIND_TARGET)
		check_unique(v, n, SCSTCFG_KIND_GROUP, SCSTCFG_KIND_INITIATOR);
	else if (n->kind == SCSTCFG_KIND_ROOT)
		check_unique(v, n, SCSTCFG_KIND_DGROUP, SCSTCFG_KIND_DG_DEVICE);
	else if (n->kind == SCSTCFG_KIND_DGROUP)
		check_unique(v, n, SCSTCFG_KIND_TGROUP, SCSTCFG_KIND_TG_TARGET);
	for (i = 0; i < nk; i++)
		for (c = n->k[i].first; c; c = c->u.next)
			walk(v, c);
}

SCSTCFG_PUBLIC int scstcfg_model_validate(struct scstcfg_ctx *ctx,
					  const struct scstcfg_model *m,
					  struct scstcfg_diags *diags)
{
	struct vctx v = { .m = m, .diags = diags, .ctx = ctx };
	size_t first = scstcfg_diags_count(diags);

	walk(&v, m->root);
	walk(&v, m->alua);
	if (v.oom)
		return -ENOMEM;
	if (m->source_is_file)
		diag_fill_source_file(diags, first, m->source);
	return v.nerrors ? -EINVAL : 0;
}
