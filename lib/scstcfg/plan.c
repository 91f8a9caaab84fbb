// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * plan.c - diff a live state against a wanted model into an ordered list
 * of sysfs writes (scstcfg/apply.h scstcfg_plan_new(); spec scstadmin.md
 * §3, §7 items 60-81; scst-sysfs.md §3, §5).
 *
 * Every lookup goes through the models' hash indexes (node by name, LUN by
 * number, device by name), so planning is O(objects + attributes); only
 * per-object lists that are small by nature (dynamic attribute values,
 * initiator moves) are scanned.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plan.h"
#include "tk.h"

#define CM_DRIVER "copy_manager"
#define CM_TARGET "copy_manager_tgt"

/* ---- built-in knowledge, used when the kernel advertises nothing --------- */

/* spec scst-sysfs.md §6.1 "Advertised lists" */
static const char *const fileio_params[] = {
	"active", "async", "bind_alua_state", "blocksize", "cluster_mode", "dif_filename",
	"dif_mode", "dif_static_app_tag", "dif_type", "filename", "numa_node_id", "nv_cache",
	"o_direct", "read_only", "removable", "rotational", "thin_provisioned", "tst",
	"t10_dev_id", "write_through",
};
static const char *const blockio_params[] = {
	"active", "bind_alua_state", "blocksize", "cluster_mode", "dif_filename", "dif_mode",
	"dif_static_app_tag", "dif_type", "filename", "numa_node_id", "nv_cache", "read_only",
	"removable", "rotational", "thin_provisioned", "tst", "t10_dev_id", "write_through",
};
static const char *const nullio_params[] = {
	"blocksize", "cluster_mode", "dif_mode", "dif_static_app_tag", "dif_type", "dummy",
	"numa_node_id", "read_only", "removable", "rotational", "size", "size_mb", "tst",
	"t10_dev_id",
};
static const char *const vcdrom_params[] = { "tst" };
static const char *const qla_params[] = { "node_name", "parent_host" };
static const char *const local_params[] = { "session_name" };
static const char *const lun_params[] = { "read_only" };
static const char *const iscsi_drv_dyn[] = { "IncomingUser", "OutgoingUser" };
static const char *const iscsi_tgt_dyn[] = { "IncomingUser", "OutgoingUser", "allowed_portal" };

struct strlist {
	const char *const *v;
	size_t n;
};

#define SL(a) ((struct strlist){ (a), TK_ARRAY_SIZE(a) })
#define SL_HELP(l, n) ((struct strlist){ (const char *const *)(l), (n) })

static bool sl_has(struct strlist l, const char *name)
{
	size_t i;

	for (i = 0; i < l.n; i++)
		if (!strcasecmp(l.v[i], name))
			return true;
	return false;
}

/* ---- plan storage ----------------------------------------------------------- */

struct planner {
	const struct scstcfg_state *st;
	struct scstcfg_model *cur;
	struct scstcfg_model *want;
	unsigned int flags;
	struct scstcfg_plan *p;
	/* devices whose live LUNs and ALUA membership vanish before the adds */
	struct scstcfg_model *gone;
	struct scstcfg_node *gone_h;
	/* live initiators moved to another group (not to be deleted) */
	const struct scstcfg_node **moved;
	size_t n_moved;
	/* wanted targets already enabled early (NPIV parents) */
	const struct scstcfg_node **enabled_early;
	size_t n_enabled_early;
	struct tk_buf path, data;
	int err;
};

static struct scstcfg_node *cur_root(struct planner *pl)
{
	return scstcfg_model_get_root(pl->cur);
}

static struct scstcfg_node *want_root(struct planner *pl)
{
	return scstcfg_model_get_root(pl->want);
}

__attribute__((format(printf, 6, 7)))
static void op_add(struct planner *pl, enum scstcfg_kind kind, unsigned int flags,
		   const char *path, const char *data, const char *fmt, ...)
{
	struct tk_buf masked = TK_BUF_INIT, desc = TK_BUF_INIT;
	struct scstcfg_plan *p = pl->p;
	struct scstcfg_op *op;
	va_list ap;

	if (pl->err)
		return;
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 32;
		struct scstcfg_op *nv = realloc(p->ops, nc * sizeof(*nv));

		if (!nv) {
			pl->err = -ENOMEM;
			return;
		}
		p->ops = nv;
		p->cap = nc;
	}
	op = &p->ops[p->n];
	memset(op, 0, sizeof(*op));
	va_start(ap, fmt);
	tk_buf_vprintf(&desc, fmt, ap);
	va_end(ap);
	scstcfg_mask_secrets(path, data, strlen(data), &masked);
	op->path = strdup(path);
	op->data = strdup(data);
	op->masked = tk_buf_steal(&masked);
	op->desc = tk_buf_steal(&desc);
	op->kind = kind;
	op->flags = flags;
	if (!op->path || !op->data || !op->masked || !op->desc) {
		free(op->path);
		free(op->data);
		free(op->masked);
		free(op->desc);
		pl->err = -ENOMEM;
		return;
	}
	p->n++;
}

__attribute__((format(printf, 2, 3)))
static void note(struct planner *pl, const char *fmt, ...)
{
	struct scstcfg_plan *p = pl->p;
	struct tk_buf b = TK_BUF_INIT;
	va_list ap;

	if (pl->err)
		return;
	if (p->n_notes == p->cap_notes) {
		size_t nc = p->cap_notes ? p->cap_notes * 2 : 8;
		char **nv = realloc(p->notes, nc * sizeof(*nv));

		if (!nv) {
			pl->err = -ENOMEM;
			return;
		}
		p->notes = nv;
		p->cap_notes = nc;
	}
	va_start(ap, fmt);
	tk_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->notes[p->n_notes] = tk_buf_steal(&b);
	if (!p->notes[p->n_notes])
		pl->err = -ENOMEM;
	else
		p->n_notes++;
}

/* printf into one of the planner's scratch buffers (path or data). */
__attribute__((format(printf, 3, 4)))
static const char *bprintf(struct planner *pl, struct tk_buf *b, const char *fmt, ...)
{
	va_list ap;

	tk_buf_reset(b);
	va_start(ap, fmt);
	if (tk_buf_vprintf(b, fmt, ap) < 0)
		pl->err = -ENOMEM;
	va_end(ap);
	return b->data ? b->data : "";
}

#define P(pl, ...) bprintf((pl), &(pl)->path, __VA_ARGS__)
#define D(pl, ...) bprintf((pl), &(pl)->data, __VA_ARGS__)

/* ---- comparisons ------------------------------------------------------------ */

static bool parse_num(const char *s, long long *v)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtoll(s, &end, 0);
	while (*end == ' ' || *end == '\t')
		end++;
	return !errno && !*end;
}

static bool values_equal(const char *a, const char *b)
{
	long long x, y;

	if (!strcmp(a, b))
		return true;
	return parse_num(a, &x) && parse_num(b, &y) && x == y;
}

/* Whether each comma-separated item of @a is in @b, ignoring case. */
static bool items_in(const char *a, const char *b)
{
	while (*a) {
		size_t n = strcspn(a, ","), m;
		const char *q = b;
		bool found = false;

		while (*q && !found) {
			m = strcspn(q, ",");
			found = m == n && !strncasecmp(a, q, n);
			q += m + (q[m] == ',');
		}
		if (!found)
			return false;
		a += n + (a[n] == ',');
	}
	return true;
}

/*
 * Values of attribute @name equal as the kernel understands them: iSCSI
 * digests are case-insensitive sets shown in the kernel's own order
 * ("CRC32C,None" reads back "None,CRC32C", spec scst-sysfs.md §7.2); the
 * keyword attributes parsed case-insensitively read back upper or lower
 * case (§2.5, §2.3).
 */
static bool attr_equal(const char *name, const char *a, const char *b)
{
	static const char *const nocase[] = { "addr_method", "io_grouping_type",
					      "threads_pool_type" };
	size_t i;

	if (values_equal(a, b))
		return true;
	if (!strcmp(name, "HeaderDigest") || !strcmp(name, "DataDigest"))
		return items_in(a, b) && items_in(b, a);
	for (i = 0; i < TK_ARRAY_SIZE(nocase); i++)
		if (!strcmp(name, nocase[i]))
			return !strcasecmp(a, b);
	return false;
}

/* Value of the first line of @name in @n, or NULL. */
static const char *want_value(const struct scstcfg_node *n, const char *name)
{
	const struct scstcfg_attr *a = n ? scstcfg_attr_find(n, name) : NULL;

	return a ? scstcfg_attr_get_value(a) : NULL;
}

/* Whether @a is the first line of its name in @n (skip repeated names). */
static bool first_of_name(const struct scstcfg_node *n, const struct scstcfg_attr *a)
{
	return scstcfg_attr_find(n, scstcfg_attr_get_name(a)) == a;
}

static const struct live_attr *live_attr(struct planner *pl, const struct scstcfg_node *cur,
					 const char *name)
{
	return cur ? live_obj_attr(state_obj(pl->st, cur), name) : NULL;
}

/* Names an object's update must leave alone (handled elsewhere). */
struct skip {
	struct strlist a, b;
	bool enabled;
};

static bool skipped(const struct skip *sk, const char *name)
{
	return (sk->enabled && !strcmp(name, "enabled")) || sl_has(sk->a, name) ||
	       sl_has(sk->b, name);
}

/*
 * Write each wanted attribute of @want whose live value differs.  @cur is
 * the live node (NULL: a new object, write everything).  @dir is the
 * object's directory; @what names it for descriptions.
 */
static void update_attrs(struct planner *pl, const struct scstcfg_node *want,
			 const struct scstcfg_node *cur, const char *dir, const struct skip *sk,
			 const char *what)
{
	const struct scstcfg_attr *a;
	char *d = strdup(dir);

	if (!d) {
		pl->err = -ENOMEM;
		return;
	}
	for (a = scstcfg_attr_first(want); a && !pl->err; a = scstcfg_attr_next(a)) {
		const char *name = scstcfg_attr_get_name(a), *v = scstcfg_attr_get_value(a);
		const struct live_attr *la;

		if (!first_of_name(want, a) || skipped(sk, name))
			continue;
		la = live_attr(pl, cur, name);
		if (la && attr_equal(name, la->value, v))
			continue;
		if (la && !la->writable) {
			note(pl, "Attribute '%s' of %s is static: cannot change it from '%s' to '%s'.",
			     name, what, la->value, v);
			continue;
		}
		op_add(pl, scstcfg_node_get_kind(want), SCSTCFG_OP_ATTR,
		       *d ? P(pl, "%s/%s", d, name) : P(pl, "%s", name), *v ? v : "\n",
		       "Setting attribute '%s' to value '%s' for %s", name, v, what);
	}
	free(d);
}

/* ---- devices ---------------------------------------------------------------- */

static struct strlist handler_params(struct planner *pl, const char *h)
{
	const struct kinfo *ki = state_handler(pl->st, h);

	if (ki && ki->has_mgmt)
		return SL_HELP(ki->help.params, ki->help.n_params);
	if (!strcmp(h, "vdisk_fileio"))
		return SL(fileio_params);
	if (!strcmp(h, "vdisk_blockio"))
		return SL(blockio_params);
	if (!strcmp(h, "vdisk_nullio"))
		return SL(nullio_params);
	if (!strcmp(h, "vcdrom"))
		return SL(vcdrom_params);
	return (struct strlist){ NULL, 0 };
}

static struct strlist driver_params(struct planner *pl, const char *d)
{
	const struct kinfo *ki = state_driver(pl->st, d);

	if (ki && ki->has_mgmt)
		return SL_HELP(ki->help.params, ki->help.n_params);
	if (!strcmp(d, "qla2x00t"))
		return SL(qla_params);
	if (!strcmp(d, "scst_local"))
		return SL(local_params);
	return (struct strlist){ NULL, 0 };
}

static struct strlist driver_dyn(struct planner *pl, const char *d, bool target)
{
	const struct kinfo *ki = state_driver(pl->st, d);

	if (ki && ki->has_mgmt)
		return target ? SL_HELP(ki->help.tgt_attrs, ki->help.n_tgt_attrs) :
				SL_HELP(ki->help.drv_attrs, ki->help.n_drv_attrs);
	if (!strcmp(d, "iscsi"))
		return target ? SL(iscsi_tgt_dyn) : SL(iscsi_drv_dyn);
	return (struct strlist){ NULL, 0 };
}

static struct strlist lun_create_params(struct planner *pl)
{
	if (pl->st->have_lun_help)
		return SL_HELP(pl->st->lun_help.params, pl->st->lun_help.n_params);
	return SL(lun_params);
}

static bool device_gone(struct planner *pl, const char *dev)
{
	return scstcfg_model_find_device(pl->gone, dev) != NULL;
}

static void mark_gone(struct planner *pl, const char *dev)
{
	int r = scstcfg_node_add(pl->gone_h, SCSTCFG_KIND_DEVICE, dev, NULL);

	if (r < 0 && r != -EEXIST)
		pl->err = r;
}

/*
 * Whether a live device must be reopened: a create-time parameter differs,
 * or a [key] one is dropped.  Without SCSTCFG_PLAN_RECREATE only the
 * parameters @want names are compared: the answer then only decides
 * Perl's "Use -force" hint, and a dropped parameter cannot lead to a
 * write (the reader does not even read them: read.c needed()).
 */
static bool create_params_differ(struct planner *pl, const struct scstcfg_node *want,
				 const struct scstcfg_node *cur, struct strlist params,
				 const char **which)
{
	bool recreate = pl->flags & SCSTCFG_PLAN_RECREATE;
	size_t i;

	for (i = 0; i < params.n; i++) {
		const char *name = params.v[i], *v = want_value(want, name);
		const struct live_attr *la = live_attr(pl, cur, name);

		if (!la || (!v && !recreate))
			continue;	/* not shown by this device: cannot compare */
		/* size and size_mb are two spellings of one value (spec §6.1) */
		if (!v && ((!strcmp(name, "size") && want_value(want, "size_mb")) ||
			   (!strcmp(name, "size_mb") && want_value(want, "size"))))
			continue;
		if (v ? !attr_equal(name, v, la->value) : la->key) {
			*which = name;
			return true;
		}
	}
	return false;
}

/* Decide which live devices go away (deleted, or reopened) and emit the dels. */
static void plan_device_removals(struct planner *pl)
{
	const struct scstcfg_node *h, *dev;

	for (h = scstcfg_node_first(cur_root(pl), SCSTCFG_KIND_HANDLER); h && !pl->err;
	     h = scstcfg_node_next(h)) {
		const char *hn = scstcfg_node_get_name(h);

		for (dev = scstcfg_node_first(h, SCSTCFG_KIND_DEVICE); dev && !pl->err;
		     dev = scstcfg_node_next(dev)) {
			const char *dn = scstcfg_node_get_name(dev), *which = NULL;
			const struct scstcfg_node *w = scstcfg_model_find_device(pl->want, dn);
			bool reopen;

			if (!w) {
				if (!(pl->flags & SCSTCFG_PLAN_REMOVE)) {
					note(pl, "Device '%s' is not in configuration. Use -force to close it.",
					     dn);
					continue;
				}
				mark_gone(pl, dn);
				op_add(pl, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
				       P(pl, "handlers/%s/mgmt", hn), D(pl, "del_device %s", dn),
				       "Closing device '%s' of handler '%s'", dn, hn);
				continue;
			}
			reopen = strcmp(scstcfg_node_get_name(scstcfg_node_get_parent(w)), hn) != 0;
			if (reopen)
				which = "handler";
			else
				reopen = create_params_differ(pl, w, dev, handler_params(pl, hn),
							      &which);
			if (!reopen)
				continue;
			if (!(pl->flags & SCSTCFG_PLAN_RECREATE)) {
				note(pl, "Device '%s' has a different '%s'. Use -force to re-open device with new attributes. NOTE: This will disrupt all initiators using this device.",
				     dn, which);
				continue;
			}
			mark_gone(pl, dn);
			op_add(pl, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
			       P(pl, "handlers/%s/mgmt", hn), D(pl, "del_device %s", dn),
			       "Closing device '%s' of handler '%s' to re-open it ('%s' changed)",
			       dn, hn, which);
		}
	}
}

/* "k=v;k=v;" of the create-time parameters of @want, @last at the end. */
static int create_args(struct planner *pl, const struct scstcfg_node *want,
		       struct strlist params, const char *last, struct tk_buf *out)
{
	const struct scstcfg_attr *a;
	const char *lv = NULL;
	int r = 0;

	for (a = scstcfg_attr_first(want); a && r == 0; a = scstcfg_attr_next(a)) {
		const char *name = scstcfg_attr_get_name(a);

		if (!sl_has(params, name))
			continue;
		if (last && !strcmp(name, last)) {
			lv = scstcfg_attr_get_value(a);
			continue;
		}
		r = tk_buf_printf(out, "%s%s=%s;", out->len ? "" : " ", name,
				  scstcfg_attr_get_value(a));
	}
	if (r == 0 && lv)
		r = tk_buf_printf(out, "%s%s=%s;", out->len ? "" : " ", last, lv);
	return r;
}

static void plan_devices(struct planner *pl)
{
	const struct scstcfg_node *h, *dev;

	for (h = scstcfg_node_first(want_root(pl), SCSTCFG_KIND_HANDLER); h && !pl->err;
	     h = scstcfg_node_next(h)) {
		const char *hn = scstcfg_node_get_name(h);
		const struct scstcfg_node *ch = scstcfg_node_find(cur_root(pl),
								  SCSTCFG_KIND_HANDLER, hn);
		struct strlist params = handler_params(pl, hn);
		struct skip none = { { 0 } }, sk = { .a = params };
		struct tk_buf args = TK_BUF_INIT, what = TK_BUF_INIT;

		tk_buf_printf(&what, "handler '%s'", hn);
		update_attrs(pl, h, ch, P(pl, "handlers/%s", hn), &none, what.data);
		for (dev = scstcfg_node_first(h, SCSTCFG_KIND_DEVICE); dev && !pl->err;
		     dev = scstcfg_node_next(dev)) {
			const char *dn = scstcfg_node_get_name(dev);
			const struct scstcfg_node *cd = ch ? scstcfg_node_find(ch, SCSTCFG_KIND_DEVICE,
									       dn) : NULL;

			tk_buf_reset(&what);
			tk_buf_printf(&what, "device '%s'", dn);
			if (cd && !device_gone(pl, dn)) {
				update_attrs(pl, dev, cd, P(pl, "devices/%s", dn), &sk, what.data);
				continue;
			}
			tk_buf_reset(&args);
			if (create_args(pl, dev, params, "cluster_mode", &args) < 0) {
				pl->err = -ENOMEM;
				break;
			}
			op_add(pl, SCSTCFG_KIND_DEVICE, SCSTCFG_OP_MGMT, P(pl, "handlers/%s/mgmt", hn),
			       D(pl, "add_device %s%s", dn, args.data ? args.data : ""),
			       "Opening device '%s' using handler '%s'", dn, hn);
			update_attrs(pl, dev, NULL, P(pl, "devices/%s", dn), &sk, what.data);
		}
		tk_buf_free(&args);
		tk_buf_free(&what);
	}
}

/* ---- dynamic attributes (value sets) ---------------------------------------- */

/* First word of a value ("joe secret" -> "joe"), into @b. */
static const char *first_word(struct tk_buf *b, const char *v)
{
	size_t n = strcspn(v, " \t");

	tk_buf_reset(b);
	tk_buf_add(b, v, n);
	return b->data ? b->data : "";
}

static bool has_value(const struct scstcfg_node *n, const char *name, const char *v)
{
	const struct scstcfg_attr *a;

	for (a = n ? scstcfg_attr_find(n, name) : NULL; a; a = scstcfg_attr_find_next(a))
		if (!strcmp(scstcfg_attr_get_value(a), v))
			return true;
	return false;
}

/*
 * Diff the values of the dynamic attributes @names between @want and @cur:
 * del the live values not wanted, then add the wanted ones not live
 * (spec scstadmin.md §7 items 69-70).  @tgt: NULL for driver attributes.
 */
static void dyn_diff(struct planner *pl, const struct scstcfg_node *want,
		     const struct scstcfg_node *cur, struct strlist names, const char *drv,
		     const char *tgt)
{
	struct tk_buf w = TK_BUF_INIT, mgmt = TK_BUF_INIT, pre = TK_BUF_INIT;
	const char *what = tgt ? tgt : drv;
	size_t i;

	tk_buf_printf(&mgmt, "targets/%s/mgmt", drv);
	if (tgt)
		tk_buf_printf(&pre, "target_attribute %s ", tgt);
	else
		tk_buf_adds(&pre, "attribute ");
	for (i = 0; i < names.n && !pl->err; i++) {
		const char *name = names.v[i];
		const struct scstcfg_attr *a;
		bool portal = !strcasecmp(name, "allowed_portal");

		for (a = cur ? scstcfg_attr_find(cur, name) : NULL; a && !pl->err;
		     a = scstcfg_attr_find_next(a)) {
			const char *v = scstcfg_attr_get_value(a);
			const char *key = portal ? v : first_word(&w, v);

			if (has_value(want, name, v))
				continue;
			/* a changed secret of a kept user is a del + add, always */
			if (!(pl->flags & SCSTCFG_PLAN_REMOVE) && !portal) {
				const struct scstcfg_attr *b;
				bool same_user = false;

				for (b = scstcfg_attr_find(want, name); b; b = scstcfg_attr_find_next(b))
					if (!strncmp(scstcfg_attr_get_value(b), key, strlen(key)) &&
					    (scstcfg_attr_get_value(b)[strlen(key)] == ' '))
						same_user = true;
				if (!same_user) {
					note(pl, "Dynamic attribute '%s' value '%s' of '%s' is not in configuration. Use -force to remove it.",
					     name, key, what);
					continue;
				}
			}
			op_add(pl, tgt ? SCSTCFG_KIND_TARGET : SCSTCFG_KIND_DRIVER,
			       SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE, mgmt.data,
			       D(pl, "del_%s%s %s", pre.data, name, key),
			       "Removing dynamic attribute '%s' value '%s' from '%s'", name, key,
			       what);
		}
		for (a = scstcfg_attr_find(want, name); a && !pl->err; a = scstcfg_attr_find_next(a)) {
			const char *v = scstcfg_attr_get_value(a);

			if (has_value(cur, name, v))
				continue;
			op_add(pl, tgt ? SCSTCFG_KIND_TARGET : SCSTCFG_KIND_DRIVER, SCSTCFG_OP_MGMT,
			       mgmt.data, D(pl, "add_%s%s %s", pre.data, name, v),
			       "Adding dynamic attribute '%s' value '%s' to '%s'", name,
			       portal ? v : first_word(&w, v), what);
		}
	}
	tk_buf_free(&w);
	tk_buf_free(&mgmt);
	tk_buf_free(&pre);
}

/* ---- LUNs, groups, initiators ---------------------------------------------- */

/* A live LUN that survives the device removals. */
static const struct scstcfg_node *live_lun(struct planner *pl, const struct scstcfg_node *cp,
					   uint64_t num)
{
	const struct scstcfg_node *l = cp ? scstcfg_lun_find(cp, num) : NULL;

	return l && !device_gone(pl, scstcfg_node_get_name(l)) ? l : NULL;
}

/*
 * The devices the wanted LUNs of @wp map, as a model indexed by device
 * name (O(1) lookups; used for the copy manager, whose LUN list can be as
 * long as the device list).
 */
static struct scstcfg_model *lun_devices(struct planner *pl, const struct scstcfg_node *wp)
{
	const struct scstcfg_node *l;
	struct scstcfg_model *m;
	struct scstcfg_node *h;
	int r;

	r = scstcfg_model_new(&m);
	if (r == 0)
		r = scstcfg_node_add(scstcfg_model_get_root(m), SCSTCFG_KIND_HANDLER, "x", &h);
	for (l = scstcfg_node_first(wp, SCSTCFG_KIND_LUN); r == 0 && l; l = scstcfg_node_next(l)) {
		r = scstcfg_node_add(h, SCSTCFG_KIND_DEVICE, scstcfg_node_get_name(l), NULL);
		if (r == -EEXIST)
			r = 0;
	}
	if (r < 0) {
		pl->err = r;
		scstcfg_model_free(m);
		return NULL;
	}
	return m;
}

/* Whether a device is read-only by itself: read_only=1, or a CD-ROM. */
static bool device_ro(const struct scstcfg_node *dev, const struct live_obj *o)
{
	const char *h = dev ? scstcfg_node_get_name(scstcfg_node_get_parent(dev)) : "";
	const struct live_attr *la = live_obj_attr(o, "read_only");
	const char *v = dev ? want_value(dev, "read_only") : NULL;

	return !strcmp(h, "vcdrom") || !strcmp(h, "dev_cdrom") || (v && values_equal(v, "1")) ||
	       (la && values_equal(la->value, "1"));
}

/*
 * LUN read_only as the kernel would show it for the wanted LUN, or NULL
 * when the device is read-only itself: the LUN then shows 1 whatever its
 * own flag (spec scst-sysfs.md §2.6), so there is nothing to compare.
 */
static const char *want_lun_ro(struct planner *pl, const struct scstcfg_node *wl)
{
	const char *dn = scstcfg_node_get_name(wl), *v;
	const struct scstcfg_node *cd = scstcfg_model_find_device(pl->cur, dn);

	if (device_ro(scstcfg_model_find_device(pl->want, dn), NULL) ||
	    device_ro(cd, state_obj(pl->st, cd)))
		return NULL;
	v = want_value(wl, "read_only");
	return v ? v : "0";
}

/*
 * Diff the LUNs of a target or group.  @dir: its luns directory; @who:
 * "driver/target 'd/t'" or "group 'g'" for descriptions; @cm: the copy
 * manager target (spec scst-sysfs.md §2.9).
 */
static void lun_diff(struct planner *pl, const struct scstcfg_node *wp,
		     const struct scstcfg_node *cp, const char *dir, const char *who, bool cm)
{
	struct strlist params = lun_create_params(pl);
	struct tk_buf mgmt = TK_BUF_INIT, args = TK_BUF_INIT;
	const struct scstcfg_node *l;
	struct scstcfg_model *cm_devs = NULL;
	bool remove = pl->flags & SCSTCFG_PLAN_REMOVE;

	if (cm && !scstcfg_node_count(wp, SCSTCFG_KIND_LUN))
		return;	/* copy_manager auto LUNs: kernel-made, left alone */
	if (cm && !(cm_devs = lun_devices(pl, wp)))
		return;
	tk_buf_printf(&mgmt, "%s/mgmt", dir);
	for (l = cp ? scstcfg_node_first(cp, SCSTCFG_KIND_LUN) : NULL; l && !pl->err;
	     l = scstcfg_node_next(l)) {
		uint64_t num = scstcfg_lun_get_number(l);
		const char *dev = scstcfg_node_get_name(l);

		if (device_gone(pl, dev) || scstcfg_lun_find(wp, num))
			continue;
		/* a configured CM device on the wrong number is moved always */
		if (!remove && !(cm_devs && scstcfg_model_find_device(cm_devs, dev))) {
			note(pl, "LUN %llu (device '%s') of %s is not in configuration. Use -force to remove it.",
			     (unsigned long long)num, dev, who);
			continue;
		}
		op_add(pl, SCSTCFG_KIND_LUN, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE, mgmt.data,
		       D(pl, "del %llu", (unsigned long long)num),
		       "Removing LUN %llu (device '%s') from %s", (unsigned long long)num, dev, who);
	}
	for (l = scstcfg_node_first(wp, SCSTCFG_KIND_LUN); l && !pl->err; l = scstcfg_node_next(l)) {
		uint64_t num = scstcfg_lun_get_number(l);
		const char *dev = scstcfg_node_get_name(l);
		const struct scstcfg_node *c = live_lun(pl, cp, num);
		const char *verb = "add";

		tk_buf_reset(&args);
		if (create_args(pl, l, params, NULL, &args) < 0) {
			pl->err = -ENOMEM;
			break;
		}
		if (c && !strcmp(scstcfg_node_get_name(c), dev)) {
			const char *wro = want_lun_ro(pl, l);
			const struct live_attr *la = live_attr(pl, c, "read_only");

			/* without recreation a dropped read_only only gives the
			 * hint, so like a device's create-time parameters it is
			 * compared only when named (read.c needed()) */
			if (!(pl->flags & SCSTCFG_PLAN_RECREATE) && !want_value(l, "read_only"))
				continue;
			if (!wro || !la || values_equal(wro, la->value))
				continue;
			if (!(pl->flags & SCSTCFG_PLAN_RECREATE)) {
				note(pl, "LUN %llu of %s has different attributes. Use -force to re-assign it.",
				     (unsigned long long)num, who);
				continue;
			}
			verb = "replace";
		} else if (c) {
			verb = "replace";
		} else if (cm && (!scstcfg_model_find_device(pl->cur, dev) ||
				  device_gone(pl, dev))) {
			/* a new device got an automatic CM LUN: drop it first */
			op_add(pl, SCSTCFG_KIND_LUN,
			       SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE | SCSTCFG_OP_UNMAP_DEVICE, dir, dev,
			       "Removing the automatic copy_manager LUN of device '%s'", dev);
		}
		op_add(pl, SCSTCFG_KIND_LUN, SCSTCFG_OP_MGMT, mgmt.data,
		       D(pl, "%s %s %llu%s", verb, dev, (unsigned long long)num,
			 args.data ? args.data : ""),
		       "%s device '%s' at LUN %llu %s %s", *verb == 'a' ? "Adding" : "Replacing with",
		       dev, (unsigned long long)num, *verb == 'a' ? "to" : "in", who);
	}
	scstcfg_model_free(cm_devs);
	tk_buf_free(&mgmt);
	tk_buf_free(&args);
}

static bool was_moved(struct planner *pl, const struct scstcfg_node *ini)
{
	size_t i;

	for (i = 0; i < pl->n_moved; i++)
		if (pl->moved[i] == ini)
			return true;
	return false;
}

static void add_moved(struct planner *pl, const struct scstcfg_node *ini)
{
	const struct scstcfg_node **nv = realloc(pl->moved, (pl->n_moved + 1) * sizeof(*nv));

	if (!nv) {
		pl->err = -ENOMEM;
		return;
	}
	nv[pl->n_moved++] = ini;
	pl->moved = nv;
}

/* Groups, initiators and LUNs of a target (spec §7 items 71-74). */
static void plan_target_contents(struct planner *pl, const struct scstcfg_node *wt,
				 const struct scstcfg_node *ct, const char *drv, bool cm)
{
	const char *tn = scstcfg_node_get_name(wt);
	struct tk_buf tdir = TK_BUF_INIT, who = TK_BUF_INIT, gdir = TK_BUF_INIT;
	const struct scstcfg_node *g, *cg, *i;
	struct skip none = { { 0 } };

	tk_buf_printf(&tdir, "targets/%s/%s", drv, tn);
	tk_buf_printf(&who, "driver/target '%s/%s'", drv, tn);
	/* new groups and their attributes */
	for (g = scstcfg_node_first(wt, SCSTCFG_KIND_GROUP); g && !pl->err; g = scstcfg_node_next(g)) {
		const char *gn = scstcfg_node_get_name(g);

		cg = ct ? scstcfg_node_find(ct, SCSTCFG_KIND_GROUP, gn) : NULL;
		if (!cg)
			op_add(pl, SCSTCFG_KIND_GROUP, SCSTCFG_OP_MGMT,
			       P(pl, "%s/ini_groups/mgmt", tdir.data), D(pl, "create %s", gn),
			       "Adding group '%s' to %s", gn, who.data);
		tk_buf_reset(&gdir);
		tk_buf_printf(&gdir, "%s/ini_groups/%s", tdir.data, gn);
		update_attrs(pl, g, cg, gdir.data, &none, gn);
	}
	/* initiators: add or move into their wanted group */
	for (g = scstcfg_node_first(wt, SCSTCFG_KIND_GROUP); g && !pl->err; g = scstcfg_node_next(g)) {
		const char *gn = scstcfg_node_get_name(g);

		cg = ct ? scstcfg_node_find(ct, SCSTCFG_KIND_GROUP, gn) : NULL;
		for (i = scstcfg_node_first(g, SCSTCFG_KIND_INITIATOR); i && !pl->err;
		     i = scstcfg_node_next(i)) {
			const char *in = scstcfg_node_get_name(i);
			const struct scstcfg_node *src = NULL, *og, *oi = NULL;

			if (cg && scstcfg_node_find(cg, SCSTCFG_KIND_INITIATOR, in))
				continue;
			for (og = ct ? scstcfg_node_first(ct, SCSTCFG_KIND_GROUP) : NULL; og && !src;
			     og = scstcfg_node_next(og)) {
				oi = og != cg ? scstcfg_node_find(og, SCSTCFG_KIND_INITIATOR, in) : NULL;
				if (oi && !was_moved(pl, oi))
					src = og;
			}
			if (src) {
				add_moved(pl, oi);
				op_add(pl, SCSTCFG_KIND_INITIATOR, SCSTCFG_OP_MGMT,
				       P(pl, "%s/ini_groups/%s/initiators/mgmt", tdir.data,
					 scstcfg_node_get_name(src)),
				       D(pl, "move %s %s", in, gn),
				       "Moving initiator '%s' from group '%s' to group '%s' of %s", in,
				       scstcfg_node_get_name(src), gn, who.data);
				continue;
			}
			op_add(pl, SCSTCFG_KIND_INITIATOR, SCSTCFG_OP_MGMT,
			       P(pl, "%s/ini_groups/%s/initiators/mgmt", tdir.data, gn),
			       D(pl, "add %s", in), "Adding initiator '%s' to group '%s' of %s", in,
			       gn, who.data);
		}
	}
	/* obsolete initiators of kept groups */
	for (cg = ct ? scstcfg_node_first(ct, SCSTCFG_KIND_GROUP) : NULL; cg && !pl->err;
	     cg = scstcfg_node_next(cg)) {
		const char *gn = scstcfg_node_get_name(cg);

		g = scstcfg_node_find(wt, SCSTCFG_KIND_GROUP, gn);
		if (!g)
			continue;
		for (i = scstcfg_node_first(cg, SCSTCFG_KIND_INITIATOR); i && !pl->err;
		     i = scstcfg_node_next(i)) {
			const char *in = scstcfg_node_get_name(i);

			if (scstcfg_node_find(g, SCSTCFG_KIND_INITIATOR, in) || was_moved(pl, i))
				continue;
			if (!(pl->flags & SCSTCFG_PLAN_REMOVE)) {
				note(pl, "Initiator '%s' of group '%s' of %s is not in configuration. Use -force to remove it.",
				     in, gn, who.data);
				continue;
			}
			op_add(pl, SCSTCFG_KIND_INITIATOR, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
			       P(pl, "%s/ini_groups/%s/initiators/mgmt", tdir.data, gn),
			       D(pl, "del %s", in), "Removing initiator '%s' from group '%s' of %s",
			       in, gn, who.data);
		}
	}
	/* LUNs: target, then groups */
	tk_buf_reset(&gdir);
	tk_buf_printf(&gdir, "%s/luns", tdir.data);
	lun_diff(pl, wt, ct, gdir.data, who.data, cm);
	for (g = scstcfg_node_first(wt, SCSTCFG_KIND_GROUP); g && !pl->err; g = scstcfg_node_next(g)) {
		const char *gn = scstcfg_node_get_name(g);
		struct tk_buf gw = TK_BUF_INIT;

		cg = ct ? scstcfg_node_find(ct, SCSTCFG_KIND_GROUP, gn) : NULL;
		tk_buf_reset(&gdir);
		tk_buf_printf(&gdir, "%s/ini_groups/%s/luns", tdir.data, gn);
		tk_buf_printf(&gw, "group '%s' of %s", gn, who.data);
		lun_diff(pl, g, cg, gdir.data, gw.data, false);
		tk_buf_free(&gw);
	}
	/* obsolete groups (after the moves out of them) */
	for (cg = ct ? scstcfg_node_first(ct, SCSTCFG_KIND_GROUP) : NULL; cg && !pl->err;
	     cg = scstcfg_node_next(cg)) {
		const char *gn = scstcfg_node_get_name(cg);

		if (scstcfg_node_find(wt, SCSTCFG_KIND_GROUP, gn))
			continue;
		if (!(pl->flags & SCSTCFG_PLAN_REMOVE)) {
			note(pl, "Group '%s' of %s is not in configuration. Use -force to remove it.",
			     gn, who.data);
			continue;
		}
		op_add(pl, SCSTCFG_KIND_GROUP, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
		       P(pl, "%s/ini_groups/mgmt", tdir.data), D(pl, "del %s", gn),
		       "Removing group '%s' from %s", gn, who.data);
	}
	tk_buf_free(&tdir);
	tk_buf_free(&who);
	tk_buf_free(&gdir);
}

/* ---- targets ---------------------------------------------------------------- */

static const char *live_enabled(struct planner *pl, const struct scstcfg_node *ct)
{
	const struct live_attr *la = live_attr(pl, ct, "enabled");

	return la ? la->value : NULL;
}

static bool enabled_early(struct planner *pl, const struct scstcfg_node *wt)
{
	size_t i;

	for (i = 0; i < pl->n_enabled_early; i++)
		if (pl->enabled_early[i] == wt)
			return true;
	return false;
}

static void set_enabled(struct planner *pl, enum scstcfg_kind kind, const char *path,
			const char *v, const char *what)
{
	bool on = values_equal(v, "1");

	op_add(pl, kind, SCSTCFG_OP_ATTR | (on ? 0 : SCSTCFG_OP_REMOVE), path, v,
	       "%s %s", on ? "Enabling" : "Disabling", what);
}

/* Disable, close sessions, delete (spec scst-sysfs.md §5.2). */
static void remove_target(struct planner *pl, const char *drv, const struct scstcfg_node *ct)
{
	const char *tn = scstcfg_node_get_name(ct);
	const struct live_obj *o = state_obj(pl->st, ct);
	const char *en = live_enabled(pl, ct);
	struct tk_buf t = TK_BUF_INIT;
	size_t i;

	tk_buf_printf(&t, "targets/%s/%s", drv, tn);
	if (en) {
		if (values_equal(en, "1"))
			op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR | SCSTCFG_OP_REMOVE,
			       P(pl, "%s/enabled", t.data), "0",
			       "Disabling driver/target '%s/%s'", drv, tn);
		for (i = 0; o && i < o->n_sessions; i++)
			op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_ATTR | SCSTCFG_OP_REMOVE,
			       P(pl, "%s/sessions/%s/force_close", t.data, o->sessions[i]), "1",
			       "Closing session '%s' of driver/target '%s/%s'", o->sessions[i], drv,
			       tn);
		if (o && o->n_sessions)
			op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_WAIT | SCSTCFG_OP_REMOVE,
			       P(pl, "%s/sessions", t.data), "",
			       "Waiting for the sessions of driver/target '%s/%s' to close", drv, tn);
	}
	/* no "luns clear" first: del_target removes the LUNs and groups with
	 * the target (SCST.pm removeVirtualTarget does not clear either) */
	op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
	       P(pl, "targets/%s/mgmt", drv), D(pl, "del_target %s", tn),
	       "Removing virtual target '%s' from driver '%s'", tn, drv);
	tk_buf_free(&t);
}

static void plan_target_removals(struct planner *pl)
{
	const struct scstcfg_node *d, *t;

	for (d = scstcfg_node_first(cur_root(pl), SCSTCFG_KIND_DRIVER); d && !pl->err;
	     d = scstcfg_node_next(d)) {
		const char *dn = scstcfg_node_get_name(d);
		const struct scstcfg_node *wd = scstcfg_node_find(want_root(pl),
								  SCSTCFG_KIND_DRIVER, dn);

		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t && !pl->err;
		     t = scstcfg_node_next(t)) {
			const char *tn = scstcfg_node_get_name(t);

			if (wd && scstcfg_node_find(wd, SCSTCFG_KIND_TARGET, tn))
				continue;
			if (scstcfg_target_get_hw(t) ||
			    (!strcmp(dn, CM_DRIVER) && !strcmp(tn, CM_TARGET)))
				continue;	/* never deleted; disabling: plan_enable() */
			if (!(pl->flags & SCSTCFG_PLAN_REMOVE)) {
				note(pl, "Virtual target '%s' for driver '%s' is not in configuration. Use -force to remove it.",
				     tn, dn);
				continue;
			}
			remove_target(pl, dn, t);
		}
	}
}

/* Sessions of an scst_local target, named by session_name (spec §8). */
static void local_sessions(struct planner *pl, const struct scstcfg_node *wt,
			   const struct scstcfg_node *ct, const char *drv)
{
	const char *tn = scstcfg_node_get_name(wt);
	const struct scstcfg_attr *a;

	for (a = scstcfg_attr_find(ct, "session_name"); a && !pl->err; a = scstcfg_attr_find_next(a)) {
		const char *v = scstcfg_attr_get_value(a);

		if (has_value(wt, "session_name", v))
			continue;
		if (!(pl->flags & SCSTCFG_PLAN_REMOVE)) {
			note(pl, "Session '%s' of driver/target '%s/%s' is not in configuration. Use -force to remove it.",
			     v, drv, tn);
			continue;
		}
		op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
		       P(pl, "targets/%s/mgmt", drv), D(pl, "del_session %s %s", tn, v),
		       "Removing session '%s' from driver/target '%s/%s'", v, drv, tn);
	}
	for (a = scstcfg_attr_find(wt, "session_name"); a && !pl->err; a = scstcfg_attr_find_next(a)) {
		const char *v = scstcfg_attr_get_value(a);

		if (has_value(ct, "session_name", v))
			continue;
		op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT, P(pl, "targets/%s/mgmt", drv),
		       D(pl, "add_session %s %s", tn, v),
		       "Adding session '%s' to driver/target '%s/%s'", v, drv, tn);
	}
}

static void plan_target(struct planner *pl, const struct scstcfg_node *wd,
			const struct scstcfg_node *cd, const struct scstcfg_node *wt)
{
	const char *dn = scstcfg_node_get_name(wd), *tn = scstcfg_node_get_name(wt);
	const struct scstcfg_node *ct = cd ? scstcfg_node_find(cd, SCSTCFG_KIND_TARGET, tn) : NULL;
	const struct kinfo *ki = state_driver(pl->st, dn);
	struct strlist params = driver_params(pl, dn);
	struct skip sk = { .a = params, .b = driver_dyn(pl, dn, true), .enabled = true };
	bool cm = !strcmp(dn, CM_DRIVER) && !strcmp(tn, CM_TARGET);
	struct tk_buf args = TK_BUF_INIT, what = TK_BUF_INIT;

	tk_buf_printf(&what, "driver/target '%s/%s'", dn, tn);
	if (!ct) {
		if (scstcfg_target_get_hw(wt) || (ki && !ki->can_create) || cm) {
			note(pl, "Target '%s' for driver '%s' does not exist.", tn, dn);
			goto out;
		}
		if (create_args(pl, wt, params, NULL, &args) < 0) {
			pl->err = -ENOMEM;
			goto out;
		}
		op_add(pl, SCSTCFG_KIND_TARGET, SCSTCFG_OP_MGMT, P(pl, "targets/%s/mgmt", dn),
		       D(pl, "add_target %s%s", tn, args.data ? args.data : ""),
		       "Adding target '%s' to driver '%s'", tn, dn);
	} else if (!strcmp(dn, "scst_local")) {
		local_sessions(pl, wt, ct, dn);
	}
	update_attrs(pl, wt, ct, P(pl, "targets/%s/%s", dn, tn), &sk, what.data);
	dyn_diff(pl, wt, ct, driver_dyn(pl, dn, true), dn, tn);
	plan_target_contents(pl, wt, ct, dn, cm);
out:
	tk_buf_free(&args);
	tk_buf_free(&what);
}

static void plan_drivers(struct planner *pl)
{
	const struct scstcfg_node *wd, *wt;

	for (wd = scstcfg_node_first(want_root(pl), SCSTCFG_KIND_DRIVER); wd && !pl->err;
	     wd = scstcfg_node_next(wd)) {
		const char *dn = scstcfg_node_get_name(wd);
		const struct scstcfg_node *cd = scstcfg_node_find(cur_root(pl), SCSTCFG_KIND_DRIVER,
								  dn);
		struct skip sk = { .a = driver_dyn(pl, dn, false), .enabled = true };
		bool npiv = false;

		update_attrs(pl, wd, cd, P(pl, "targets/%s", dn), &sk, dn);
		dyn_diff(pl, wd, cd, driver_dyn(pl, dn, false), dn, NULL);
		/* hardware targets first; NPIV children need an enabled parent */
		for (wt = scstcfg_node_first(wd, SCSTCFG_KIND_TARGET); wt && !pl->err;
		     wt = scstcfg_node_next(wt)) {
			const char *tn = scstcfg_node_get_name(wt);

			if (scstcfg_target_get_hw(wt))
				plan_target(pl, wd, cd, wt);
			else if (want_value(wt, "parent_host") &&
				 !(cd && scstcfg_node_find(cd, SCSTCFG_KIND_TARGET, tn)))
				npiv = true;
		}
		for (wt = npiv ? scstcfg_node_first(wd, SCSTCFG_KIND_TARGET) : NULL; wt && !pl->err;
		     wt = scstcfg_node_next(wt)) {
			const char *tn = scstcfg_node_get_name(wt), *v = want_value(wt, "enabled");
			const struct scstcfg_node *ct = cd ? scstcfg_node_find(cd, SCSTCFG_KIND_TARGET,
									       tn) : NULL;
			const char *cur = live_enabled(pl, ct);
			const struct scstcfg_node **nv;

			if (!scstcfg_target_get_hw(wt) || !ct || !v || !values_equal(v, "1") ||
			    (cur && values_equal(cur, "1")))
				continue;
			set_enabled(pl, SCSTCFG_KIND_TARGET, P(pl, "targets/%s/%s/enabled", dn, tn),
				    "1", "hardware target (parent of NPIV targets)");
			nv = realloc(pl->enabled_early, (pl->n_enabled_early + 1) * sizeof(*nv));
			if (!nv) {
				pl->err = -ENOMEM;
				break;
			}
			nv[pl->n_enabled_early++] = wt;
			pl->enabled_early = nv;
		}
		for (wt = scstcfg_node_first(wd, SCSTCFG_KIND_TARGET); wt && !pl->err;
		     wt = scstcfg_node_next(wt))
			if (!scstcfg_target_get_hw(wt))
				plan_target(pl, wd, cd, wt);
	}
}

/* ---- ALUA --------------------------------------------------------------------- */

static const struct scstcfg_node *find_target(const struct scstcfg_node *root, const char *tn)
{
	const struct scstcfg_node *d, *t;

	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d))
		if ((t = scstcfg_node_find(d, SCSTCFG_KIND_TARGET, tn)))
			return t;
	return NULL;
}

/* Whether live target @tn is deleted by this plan (plan_target_removals()). */
static bool target_removed(struct planner *pl, const char *tn)
{
	const struct scstcfg_node *t = find_target(cur_root(pl), tn);
	const char *dn = t ? scstcfg_node_get_name(scstcfg_node_get_parent(t)) : "";

	return t && (pl->flags & SCSTCFG_PLAN_REMOVE) && !scstcfg_target_get_hw(t) &&
	       !(!strcmp(dn, CM_DRIVER) && !strcmp(tn, CM_TARGET)) &&
	       !find_target(want_root(pl), tn);
}

/* Whether a local target @tn exists once the targets are planned. */
static bool target_is_local(struct planner *pl, const char *tn)
{
	return find_target(want_root(pl), tn) ||
	       (find_target(cur_root(pl), tn) && !target_removed(pl, tn));
}

/*
 * Whether live tg entry @cx (target @xn) is not what adding it now would
 * make (spec scst-sysfs.md §3.6: an entry is a link when a local target of
 * that name exists at "add" time, else a remote directory): a remote
 * directory for a target the configuration has locally (deleted and added
 * again, with -force), or a link to a target this plan deletes (the kernel
 * drops the entry with the target; added again as a remote one).
 */
static bool tg_entry_stale(struct planner *pl, const struct scstcfg_node *cx, const char *xn)
{
	const struct live_obj *o = state_obj(pl->st, cx);

	if (!cx)
		return false;
	if (o && o->remote)
		return (pl->flags & SCSTCFG_PLAN_REMOVE) && find_target(want_root(pl), xn);
	return target_removed(pl, xn);
}

static void plan_alua_removals(struct planner *pl)
{
	const struct scstcfg_node *dg, *tg, *x;
	bool remove = pl->flags & SCSTCFG_PLAN_REMOVE;

	for (dg = scstcfg_node_first(cur_root(pl), SCSTCFG_KIND_DGROUP); dg && !pl->err;
	     dg = scstcfg_node_next(dg)) {
		const char *dn = scstcfg_node_get_name(dg);
		const struct scstcfg_node *wdg = scstcfg_node_find(want_root(pl),
								   SCSTCFG_KIND_DGROUP, dn);

		if (!wdg) {
			if (!remove)
				note(pl, "Device group '%s' is not in configuration. Use -force to remove it.",
				     dn);
			else
				op_add(pl, SCSTCFG_KIND_DGROUP, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
				       "device_groups/mgmt", D(pl, "del %s", dn),
				       "Removing device group '%s'", dn);
			continue;
		}
		for (tg = scstcfg_node_first(dg, SCSTCFG_KIND_TGROUP); tg && !pl->err;
		     tg = scstcfg_node_next(tg)) {
			const char *tgn = scstcfg_node_get_name(tg);
			const struct scstcfg_node *wtg = scstcfg_node_find(wdg, SCSTCFG_KIND_TGROUP, tgn);

			if (!wtg) {
				if (!remove)
					note(pl, "Target group '%s' of device group '%s' is not in configuration. Use -force to remove it.",
					     tgn, dn);
				else
					op_add(pl, SCSTCFG_KIND_TGROUP,
					       SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
					       P(pl, "device_groups/%s/target_groups/mgmt", dn),
					       D(pl, "del %s", tgn),
					       "Removing target group '%s' from device group '%s'", tgn,
					       dn);
				continue;
			}
			for (x = scstcfg_node_first(tg, SCSTCFG_KIND_TG_TARGET); x && !pl->err;
			     x = scstcfg_node_next(x)) {
				const char *xn = scstcfg_node_get_name(x);
				const struct live_obj *o = state_obj(pl->st, x);

				if (scstcfg_node_find(wtg, SCSTCFG_KIND_TG_TARGET, xn) &&
				    !(tg_entry_stale(pl, x, xn) && o && o->remote))
					continue;
				if (!remove)
					note(pl, "Target '%s' of target group '%s' is not in configuration. Use -force to remove it.",
					     xn, tgn);
				else
					op_add(pl, SCSTCFG_KIND_TG_TARGET,
					       SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
					       P(pl, "device_groups/%s/target_groups/%s/mgmt", dn, tgn),
					       D(pl, "del %s", xn),
					       "Removing target '%s' from target group '%s'", xn, tgn);
			}
		}
		for (x = scstcfg_node_first(dg, SCSTCFG_KIND_DG_DEVICE); x && !pl->err;
		     x = scstcfg_node_next(x)) {
			const char *xn = scstcfg_node_get_name(x);

			if (scstcfg_node_find(wdg, SCSTCFG_KIND_DG_DEVICE, xn))
				continue;
			if (!remove)
				note(pl, "Device '%s' of device group '%s' is not in configuration. Use -force to remove it.",
				     xn, dn);
			else
				op_add(pl, SCSTCFG_KIND_DG_DEVICE, SCSTCFG_OP_MGMT | SCSTCFG_OP_REMOVE,
				       P(pl, "device_groups/%s/devices/mgmt", dn), D(pl, "del %s", xn),
				       "Removing device '%s' from device group '%s'", xn, dn);
		}
	}
}

static void plan_alua(struct planner *pl)
{
	const struct scstcfg_node *wdg, *wtg, *x;
	struct skip none = { { 0 } };

	for (wdg = scstcfg_node_first(want_root(pl), SCSTCFG_KIND_DGROUP); wdg && !pl->err;
	     wdg = scstcfg_node_next(wdg)) {
		const char *dn = scstcfg_node_get_name(wdg);
		const struct scstcfg_node *dg = scstcfg_node_find(cur_root(pl), SCSTCFG_KIND_DGROUP, dn);
		struct tk_buf what = TK_BUF_INIT;

		if (!dg)
			op_add(pl, SCSTCFG_KIND_DGROUP, SCSTCFG_OP_MGMT, "device_groups/mgmt",
			       D(pl, "create %s", dn), "Adding device group '%s'", dn);
		tk_buf_printf(&what, "device group '%s'", dn);
		update_attrs(pl, wdg, dg, P(pl, "device_groups/%s", dn), &none, what.data);
		for (x = scstcfg_node_first(wdg, SCSTCFG_KIND_DG_DEVICE); x && !pl->err;
		     x = scstcfg_node_next(x)) {
			const char *xn = scstcfg_node_get_name(x);

			if (dg && scstcfg_node_find(dg, SCSTCFG_KIND_DG_DEVICE, xn) &&
			    !device_gone(pl, xn))
				continue;
			op_add(pl, SCSTCFG_KIND_DG_DEVICE, SCSTCFG_OP_MGMT,
			       P(pl, "device_groups/%s/devices/mgmt", dn), D(pl, "add %s", xn),
			       "Adding device '%s' to device group '%s'", xn, dn);
		}
		for (wtg = scstcfg_node_first(wdg, SCSTCFG_KIND_TGROUP); wtg && !pl->err;
		     wtg = scstcfg_node_next(wtg)) {
			const char *tgn = scstcfg_node_get_name(wtg);
			const struct scstcfg_node *tg = dg ? scstcfg_node_find(dg, SCSTCFG_KIND_TGROUP,
									       tgn) : NULL;
			struct tk_buf tdir = TK_BUF_INIT;

			if (!tg)
				op_add(pl, SCSTCFG_KIND_TGROUP, SCSTCFG_OP_MGMT,
				       P(pl, "device_groups/%s/target_groups/mgmt", dn),
				       D(pl, "create %s", tgn),
				       "Adding target group '%s' to device group '%s'", tgn, dn);
			tk_buf_printf(&tdir, "device_groups/%s/target_groups/%s", dn, tgn);
			tk_buf_reset(&what);
			tk_buf_printf(&what, "target group '%s/%s'", dn, tgn);
			update_attrs(pl, wtg, tg, tdir.data, &none, what.data);
			for (x = scstcfg_node_first(wtg, SCSTCFG_KIND_TG_TARGET); x && !pl->err;
			     x = scstcfg_node_next(x)) {
				const char *xn = scstcfg_node_get_name(x);
				const struct scstcfg_node *cx = tg ? scstcfg_node_find(
					tg, SCSTCFG_KIND_TG_TARGET, xn) : NULL;
				const struct live_obj *o;

				if (tg_entry_stale(pl, cx, xn))
					cx = NULL;	/* deleted above or with its target */
				o = state_obj(pl->st, cx);

				if (!cx)
					op_add(pl, SCSTCFG_KIND_TG_TARGET, SCSTCFG_OP_MGMT,
					       P(pl, "%s/mgmt", tdir.data), D(pl, "add %s", xn),
					       "Adding target '%s' to target group '%s/%s'", xn, dn, tgn);
				/* local targets are links: their rel_tgt_id is the target's */
				if (cx ? !(o && o->remote) : target_is_local(pl, xn))
					continue;
				tk_buf_reset(&what);
				tk_buf_printf(&what, "target '%s' of target group '%s/%s'", xn, dn, tgn);
				update_attrs(pl, x, cx, P(pl, "%s/%s", tdir.data, xn), &none,
					     what.data);
			}
			tk_buf_free(&tdir);
		}
		tk_buf_free(&what);
	}
	update_attrs(pl, scstcfg_model_get_alua(pl->want), scstcfg_model_get_alua(pl->cur),
		     "device_groups", &none, "ALUA");
}

/* ---- enabling ------------------------------------------------------------------ */

static void plan_enable(struct planner *pl)
{
	const struct scstcfg_node *wd, *cd, *t;
	int pass;

	/* disables first (frees rel_tgt_ids), then enables */
	for (pass = 0; pass < 2 && !pl->err; pass++) {
		const char *want_v = pass ? "1" : "0";

		for (wd = scstcfg_node_first(want_root(pl), SCSTCFG_KIND_DRIVER); wd && !pl->err;
		     wd = scstcfg_node_next(wd)) {
			const char *dn = scstcfg_node_get_name(wd);

			cd = scstcfg_node_find(cur_root(pl), SCSTCFG_KIND_DRIVER, dn);
			for (t = scstcfg_node_first(wd, SCSTCFG_KIND_TARGET); t && !pl->err;
			     t = scstcfg_node_next(t)) {
				const char *tn = scstcfg_node_get_name(t), *v = want_value(t, "enabled");
				const struct scstcfg_node *ct = cd ? scstcfg_node_find(
					cd, SCSTCFG_KIND_TARGET, tn) : NULL;
				const char *cur = live_enabled(pl, ct);
				struct tk_buf w = TK_BUF_INIT;

				if (!v || !values_equal(v, want_v) || (cur && values_equal(cur, v)) ||
				    enabled_early(pl, t))
					continue;
				/* a target is created disabled (spec scst-sysfs.md §2.5) */
				if (!ct && !pass)
					continue;
				if (!ct && (scstcfg_target_get_hw(t) ||
					    (!strcmp(dn, CM_DRIVER) && !strcmp(tn, CM_TARGET))))
					continue;	/* not created: noted already */
				tk_buf_printf(&w, "driver/target '%s/%s'", dn, tn);
				set_enabled(pl, SCSTCFG_KIND_TARGET,
					    P(pl, "targets/%s/%s/enabled", dn, tn), v, w.data);
				tk_buf_free(&w);
			}
		}
		if (pass)
			break;
		/* enabled targets that are not in the configuration */
		for (cd = scstcfg_node_first(cur_root(pl), SCSTCFG_KIND_DRIVER); cd && !pl->err;
		     cd = scstcfg_node_next(cd)) {
			const char *dn = scstcfg_node_get_name(cd);

			wd = scstcfg_node_find(want_root(pl), SCSTCFG_KIND_DRIVER, dn);
			for (t = scstcfg_node_first(cd, SCSTCFG_KIND_TARGET); t && !pl->err;
			     t = scstcfg_node_next(t)) {
				const char *tn = scstcfg_node_get_name(t), *cur = live_enabled(pl, t);
				struct tk_buf w = TK_BUF_INIT;

				if ((wd && scstcfg_node_find(wd, SCSTCFG_KIND_TARGET, tn)) || !cur ||
				    !values_equal(cur, "1"))
					continue;
				if (!scstcfg_target_get_hw(t) && (pl->flags & SCSTCFG_PLAN_REMOVE))
					continue;	/* removed with its target */
				if (!(pl->flags & SCSTCFG_PLAN_DISABLE_UNLISTED)) {
					note(pl, "Driver/target '%s/%s' is enabled but not in configuration. Use -force to disable it.",
					     dn, tn);
					continue;
				}
				tk_buf_printf(&w, "driver/target '%s/%s'", dn, tn);
				set_enabled(pl, SCSTCFG_KIND_TARGET,
					    P(pl, "targets/%s/%s/enabled", dn, tn), "0", w.data);
				tk_buf_free(&w);
			}
		}
	}
	/* drivers last */
	for (wd = scstcfg_node_first(want_root(pl), SCSTCFG_KIND_DRIVER); wd && !pl->err;
	     wd = scstcfg_node_next(wd)) {
		const char *dn = scstcfg_node_get_name(wd), *v = want_value(wd, "enabled"), *cur;
		struct tk_buf w = TK_BUF_INIT;

		cd = scstcfg_node_find(cur_root(pl), SCSTCFG_KIND_DRIVER, dn);
		cur = live_enabled(pl, cd);
		if (!v || (cur && values_equal(cur, v)))
			continue;
		/* the reader saw every file of the driver: no "enabled" file
		 * (qla2x00t, copy_manager; spec scst-sysfs.md §8) */
		if (cd && !cur) {
			note(pl, "Driver '%s' lacks the settable attribute 'enabled', ignoring.", dn);
			continue;
		}
		tk_buf_printf(&w, "driver '%s'", dn);
		set_enabled(pl, SCSTCFG_KIND_DRIVER, P(pl, "targets/%s/enabled", dn), v, w.data);
		tk_buf_free(&w);
	}
}

/* ---- entry points ---------------------------------------------------------------- */

void scstcfg_plan_free(struct scstcfg_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->ops[i].path);
		free(p->ops[i].data);
		free(p->ops[i].masked);
		free(p->ops[i].desc);
	}
	free(p->ops);
	for (i = 0; i < p->n_notes; i++)
		free(p->notes[i]);
	free(p->notes);
	free(p);
}

int scstcfg_plan_new(const struct scstcfg_state *cur, const struct scstcfg_model *want,
		     unsigned int flags, struct scstcfg_plan **out)
{
	struct planner pl = {
		.st = cur,
		.cur = cur->model,
		.want = (struct scstcfg_model *)want,
		.flags = flags,
	};
	struct skip none = { { 0 } };
	int r;

	pl.p = calloc(1, sizeof(*pl.p));
	if (!pl.p)
		return -ENOMEM;
	r = scstcfg_model_new(&pl.gone);
	if (r == 0)
		r = scstcfg_node_add(scstcfg_model_get_root(pl.gone), SCSTCFG_KIND_HANDLER, "gone",
				     &pl.gone_h);
	if (r < 0) {
		scstcfg_model_free(pl.gone);
		free(pl.p);
		return r;
	}
	/* core attributes first: setup_id only affects devices created later */
	update_attrs(&pl, want_root(&pl), cur_root(&pl), "", &none, "SCST");
	plan_alua_removals(&pl);
	plan_target_removals(&pl);
	plan_device_removals(&pl);
	plan_devices(&pl);
	plan_drivers(&pl);
	plan_alua(&pl);
	plan_enable(&pl);

	r = pl.err;
	scstcfg_model_free(pl.gone);
	free(pl.moved);
	free(pl.enabled_early);
	tk_buf_free(&pl.path);
	tk_buf_free(&pl.data);
	if (r < 0) {
		scstcfg_plan_free(pl.p);
		return r;
	}
	*out = pl.p;
	return 0;
}

size_t scstcfg_plan_count(const struct scstcfg_plan *p)
{
	return p->n;
}

const struct scstcfg_op *scstcfg_plan_get_op(const struct scstcfg_plan *p, size_t i)
{
	return i < p->n ? &p->ops[i] : NULL;
}

size_t scstcfg_plan_note_count(const struct scstcfg_plan *p)
{
	return p->n_notes;
}

const char *scstcfg_plan_get_note(const struct scstcfg_plan *p, size_t i)
{
	return i < p->n_notes ? p->notes[i] : NULL;
}

const char *scstcfg_op_get_path(const struct scstcfg_op *op)
{
	return op->path;
}

const char *scstcfg_op_get_data(const struct scstcfg_op *op)
{
	return op->data;
}

const char *scstcfg_op_get_data_masked(const struct scstcfg_op *op)
{
	return op->masked;
}

const char *scstcfg_op_get_desc(const struct scstcfg_op *op)
{
	return op->desc;
}

enum scstcfg_kind scstcfg_op_get_kind(const struct scstcfg_op *op)
{
	return op->kind;
}

unsigned int scstcfg_op_get_flags(const struct scstcfg_op *op)
{
	return op->flags;
}

enum scstcfg_op_status scstcfg_op_get_status(const struct scstcfg_op *op)
{
	return op->status;
}

int scstcfg_op_get_error(const struct scstcfg_op *op)
{
	return op->status == SCSTCFG_OP_FAILED ? op->error : 0;
}
