// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * clear.c - take a live SCST back to its freshly loaded state
 * (scstcfg/apply.h scstcfg_clear_plan_new(), scstcfg_clear(); spec
 * scstadmin.md §3.3, §3.5 with the fixes of §5.2, §7 items 86-90).
 *
 * The result is an ordinary plan, run by scstcfg_plan_apply(), so the
 * EAGAIN protocol, the dry run, the trace and the error messages are the
 * same as for "-config".  Every operation is only planned when there is
 * something to undo: clearing a cleared kernel plans nothing.
 *
 * No write is redundant (spec scst-sysfs.md §3, §5): one per device
 * (del_device also deletes every LUN that maps the device, copy_manager's
 * included, and takes it out of its device group), one per virtual target
 * (del_target takes its LUNs, groups and initiators along), one per device
 * group (del first resets and removes its target groups and members), one
 * per initiator group of a hardware target (del takes its LUNs and
 * initiators), one per dynamic attribute value, one per enabled driver and
 * hardware target.  LUN "clear" and initiator "clear" are never needed.
 * Sessions: iSCSI del_target fails with EBUSY while sessions exist (§5.2),
 * so no new login may start between the state read and del_target, and
 * the sessions seen are closed.  Drivers are disabled first: a driver's
 * "enabled" 0 refuses every new connection to all its targets (iSCSI,
 * spec scst-sysfs.md §7.1), so its targets need no disable of their own.
 * A target is disabled before del_target only where its driver has no
 * "enabled" of its own to gate logins; targets without "enabled"
 * (scst_local, copy_manager) have no logins (their sessions go with
 * del_target).  Hardware targets stay, disabled (§7 item 89).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plan.h"
#include "tk.h"

#define CM_DRIVER "copy_manager"
#define CM_TARGET "copy_manager_tgt"

struct clearer {
	const struct scstcfg_state *st;
	struct scstcfg_plan *p;
	struct tk_buf path, data;
	int err;
};

/* Append one write: @path (relative to the root) <- @data. */
__attribute__((format(printf, 6, 7)))
static void add(struct clearer *c, enum scstcfg_kind kind, unsigned int flags, const char *path,
		const char *data, const char *fmt, ...)
{
	struct tk_buf masked = TK_BUF_INIT, desc = TK_BUF_INIT;
	struct scstcfg_plan *p = c->p;
	struct scstcfg_op *op;
	va_list ap;

	if (c->err)
		return;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct scstcfg_op *v = realloc(p->ops, cap * sizeof(*v));

		if (!v) {
			c->err = -ENOMEM;
			return;
		}
		p->ops = v;
		p->cap = cap;
	}
	op = memset(&p->ops[p->n], 0, sizeof(*op));
	va_start(ap, fmt);
	if (tk_buf_vprintf(&desc, fmt, ap) < 0 ||
	    scstcfg_mask_secrets(path, data, strlen(data), &masked) < 0)
		c->err = -ENOMEM;
	va_end(ap);
	op->path = strdup(path);
	op->data = strdup(data);
	op->masked = tk_buf_steal(&masked);
	op->desc = tk_buf_steal(&desc);
	op->kind = kind;
	op->flags = flags | SCSTCFG_OP_REMOVE;
	if (c->err || !op->path || !op->data || !op->masked || !op->desc) {
		free(op->path);
		free(op->data);
		free(op->masked);
		free(op->desc);
		c->err = -ENOMEM;
		return;
	}
	p->n++;
}

/* printf into the path or data scratch buffer. */
__attribute__((format(printf, 3, 4)))
static const char *fmt_buf(struct clearer *c, struct tk_buf *b, const char *fmt, ...)
{
	va_list ap;

	tk_buf_reset(b);
	va_start(ap, fmt);
	if (tk_buf_vprintf(b, fmt, ap) < 0)
		c->err = -ENOMEM;
	va_end(ap);
	return b->data ? b->data : "";
}

#define PATH(c, ...) fmt_buf((c), &(c)->path, __VA_ARGS__)
#define DATA(c, ...) fmt_buf((c), &(c)->data, __VA_ARGS__)

static const struct live_attr *attr_of(struct clearer *c, const struct scstcfg_node *n,
				       const char *name)
{
	return live_obj_attr(state_obj(c->st, n), name);
}

static bool is_one(const struct live_attr *a)
{
	return a && strtol(a->value, NULL, 0) == 1;
}

/*
 * The dynamic attribute a file @name stands for: one of @dyn, compared
 * without case after the trailing digits (IncomingUser1 -> IncomingUser).
 */
static const char *dyn_name(char *const *dyn, size_t n, const char *name)
{
	size_t l = strlen(name), i;

	while (l && name[l - 1] >= '0' && name[l - 1] <= '9')
		l--;
	for (i = 0; i < n; i++)
		if (strlen(dyn[i]) == l && !strncasecmp(dyn[i], name, l))
			return dyn[i];
	return NULL;
}

/* ---- ALUA: the device group (its target groups and members go with it) ---- */

static void clear_alua(struct clearer *c)
{
	struct scstcfg_node *root = scstcfg_model_get_root(c->st->model);
	const struct scstcfg_node *dg;

	for (dg = scstcfg_node_first(root, SCSTCFG_KIND_DGROUP); dg; dg = scstcfg_node_next(dg))
		add(c, SCSTCFG_KIND_DGROUP, SCSTCFG_OP_MGMT, "device_groups/mgmt",
		    DATA(c, "del %s", scstcfg_node_get_name(dg)), "Removing device group '%s'",
		    scstcfg_node_get_name(dg));
}

/* ---- targets ------------------------------------------------------------------ */

/* The groups of a target that stays (del takes LUNs and initiators along). */
static void clear_groups(struct clearer *c, const char *tdir, const char *who,
			 const struct scstcfg_node *t)
{
	const struct scstcfg_node *g;

	for (g = scstcfg_node_first(t, SCSTCFG_KIND_GROUP); g; g = scstcfg_node_next(g))
		add(c, SCSTCFG_KIND_GROUP, SCSTCFG_OP_MGMT, PATH(c, "%s/ini_groups/mgmt", tdir),
		    DATA(c, "del %s", scstcfg_node_get_name(g)), "Removing group '%s' from %s",
		    scstcfg_node_get_name(g), who);
}

/* Dynamic target attributes of a target that stays (hardware targets). */
static void clear_target_dyn(struct clearer *c, const struct kinfo *ki, const char *dn,
			     const struct scstcfg_node *t)
{
	const struct live_obj *o = state_obj(c->st, t);
	const char *tn = scstcfg_node_get_name(t);
	size_t i;

	for (i = 0; o && ki && i < o->n_attrs; i++) {
		const char *base = dyn_name(ki->help.tgt_attrs, ki->help.n_tgt_attrs,
					    o->attrs[i].name);

		if (base && *o->attrs[i].value)
			add(c, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT, PATH(c, "targets/%s/mgmt", dn),
			    DATA(c, "del_target_attribute %s %s %s", tn, base, o->attrs[i].value),
			    "Removing dynamic attribute '%s' from driver/target '%s/%s'",
			    o->attrs[i].name, dn, tn);
	}
}

/*
 * @gated: the driver's own "enabled" is 0 by the time this runs (it had
 * the file: disable_drivers() comes first), so no new login can start.
 */
static void clear_target(struct clearer *c, const struct kinfo *ki, const char *dn,
			 const struct scstcfg_node *t, bool gated)
{
	const char *tn = scstcfg_node_get_name(t);
	const struct live_obj *o = state_obj(c->st, t);
	const struct live_attr *en = attr_of(c, t, "enabled");
	/* virtual: the driver creates targets; hardware and the copy manager stay */
	bool virt = ki && ki->can_create && !scstcfg_target_get_hw(t) &&
		    !(!strcmp(dn, CM_DRIVER) && !strcmp(tn, CM_TARGET));
	struct tk_buf tdir = TK_BUF_INIT, who = TK_BUF_INIT;
	size_t i;

	if (tk_buf_printf(&tdir, "targets/%s/%s", dn, tn) < 0 ||
	    tk_buf_printf(&who, "driver/target '%s/%s'", dn, tn) < 0) {
		c->err = -ENOMEM;
		goto out;
	}
	/* no new logins first (spec scst-sysfs.md §5.2): a hardware target
	 * stays and must end disabled; a virtual one only where its driver
	 * does not gate logins */
	if (is_one(en) && (!virt || !gated))
		add(c, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR, PATH(c, "%s/enabled", tdir.data), "0",
		    "Disabling %s", who.data);
	/* sessions keep groups busy (EBUSY) and iSCSI del_target busy: close
	 * them where the driver can (targets with "enabled"; scst_local
	 * sessions go with the target) */
	if (virt && en && o && o->n_sessions) {
		for (i = 0; i < o->n_sessions; i++)
			add(c, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR,
			    PATH(c, "%s/sessions/%s/force_close", tdir.data, o->sessions[i]), "1",
			    "Closing session '%s' of %s", o->sessions[i], who.data);
		add(c, SCSTCFG_KIND_TARGET, SCSTCFG_OP_WAIT, PATH(c, "%s/sessions", tdir.data), "",
		    "Waiting for the sessions of %s to close", who.data);
	}
	/* LUNs go with their devices (del_device), groups and everything
	 * else of a virtual target with del_target */
	if (virt) {
		add(c, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT, PATH(c, "targets/%s/mgmt", dn),
		    DATA(c, "del_target %s", tn), "Removing virtual target '%s' from driver '%s'",
		    tn, dn);
	} else {
		clear_groups(c, tdir.data, who.data, t);
		clear_target_dyn(c, ki, dn, t);
	}
out:
	tk_buf_free(&tdir);
	tk_buf_free(&who);
}

static void clear_targets(struct clearer *c)
{
	struct scstcfg_node *root = scstcfg_model_get_root(c->st->model);
	const struct scstcfg_node *d, *t;

	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d)) {
		const char *dn = scstcfg_node_get_name(d);
		const struct kinfo *ki = state_driver(c->st, dn);
		bool gated = attr_of(c, d, "enabled") != NULL;

		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t; t = scstcfg_node_next(t))
			clear_target(c, ki, dn, t, gated);
	}
}

/* Every value of every dynamic driver attribute (all numbered files, values
 * without "[key]"; spec §5.2 item 6). */
static void clear_driver_dyn(struct clearer *c)
{
	struct scstcfg_node *root = scstcfg_model_get_root(c->st->model);
	const struct scstcfg_node *d;
	size_t i;

	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d)) {
		const char *dn = scstcfg_node_get_name(d);
		const struct kinfo *ki = state_driver(c->st, dn);
		const struct live_obj *o = state_obj(c->st, d);

		for (i = 0; ki && o && i < o->n_attrs; i++) {
			const char *base = dyn_name(ki->help.drv_attrs, ki->help.n_drv_attrs,
						    o->attrs[i].name);

			if (base && *o->attrs[i].value)
				add(c, SCSTCFG_KIND_DRIVER, SCSTCFG_OP_MGMT,
				    PATH(c, "targets/%s/mgmt", dn),
				    DATA(c, "del_attribute %s %s", base, o->attrs[i].value),
				    "Removing dynamic attribute '%s' from driver '%s'",
				    o->attrs[i].name, dn);
		}
	}
}

static void clear_devices(struct clearer *c)
{
	struct scstcfg_node *root = scstcfg_model_get_root(c->st->model);
	const struct scstcfg_node *h, *d;

	for (h = scstcfg_node_first(root, SCSTCFG_KIND_HANDLER); h; h = scstcfg_node_next(h))
		for (d = scstcfg_node_first(h, SCSTCFG_KIND_DEVICE); d; d = scstcfg_node_next(d))
			add(c, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_MGMT,
			    PATH(c, "handlers/%s/mgmt", scstcfg_node_get_name(h)),
			    DATA(c, "del_device %s", scstcfg_node_get_name(d)),
			    "Closing device '%s' using handler '%s'", scstcfg_node_get_name(d),
			    scstcfg_node_get_name(h));
}

static void disable_drivers(struct clearer *c)
{
	struct scstcfg_node *root = scstcfg_model_get_root(c->st->model);
	const struct scstcfg_node *d;

	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d))
		if (is_one(attr_of(c, d, "enabled")))
			add(c, SCSTCFG_KIND_DRIVER, SCSTCFG_OP_ATTR,
			    PATH(c, "targets/%s/enabled", scstcfg_node_get_name(d)), "0",
			    "Disabling driver '%s'", scstcfg_node_get_name(d));
}

int scstcfg_clear_plan_new(const struct scstcfg_state *cur, struct scstcfg_plan **out)
{
	struct clearer c = { .st = cur };

	c.p = calloc(1, sizeof(*c.p));
	if (!c.p)
		return -ENOMEM;
	/* drivers first: no new logins from here on (see the top) */
	disable_drivers(&c);
	clear_alua(&c);
	clear_targets(&c);
	clear_driver_dyn(&c);
	clear_devices(&c);
	tk_buf_free(&c.path);
	tk_buf_free(&c.data);
	if (c.err) {
		scstcfg_plan_free(c.p);
		return c.err;
	}
	*out = c.p;
	return 0;
}

int scstcfg_clear(struct scstcfg_sysfs *s, unsigned int flags,
		  void (*progress)(void *priv, size_t i, const struct scstcfg_op *op, int result),
		  void *priv, struct scstcfg_apply_result *res)
{
	struct scstcfg_state *st = NULL;
	struct scstcfg_plan *p = NULL;
	int r;

	r = scstcfg_state_read(s, &st);
	if (r == 0)
		r = scstcfg_clear_plan_new(st, &p);
	if (r == 0)
		r = scstcfg_plan_apply(s, p, flags, progress, priv, res);
	else if (res)
		memset(res, 0, sizeof(*res));
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	return r;
}
