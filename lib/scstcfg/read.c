// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * read.c - read the live SCST sysfs tree into a model plus per-object
 * details (scstcfg/apply.h scstcfg_state_read(); plan.h).
 *
 * What is read (spec scstadmin.md §2.4, §3.1; scst-sysfs.md §1.3, §2):
 * core attributes; handlers and their devices (through the
 * handlers/<h>/<dev> links); drivers with their attributes and dynamic
 * attributes; targets with attributes, LUNs, initiator groups and sessions;
 * device groups, target groups and their targets.  Statistics, mgmt,
 * uevent, trace and other non-configuration files are skipped, and so are
 * write-only files.  Every directory is listed once and every file read
 * once: the cost is O(objects + attribute files).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "plan.h"
#include "tk.h"

/* Files that never carry configuration (or are expensive "sysfs work"). */
static const char *const skip_files[] = {
	"mgmt", "uevent", "trace_level", "trace_cmds", "trace_mcmds", "version",
	"last_sysfs_mgmt_res", "suspend", "type", "open_state", "stats",
	"dif_capabilities", "dif_checks_failed", "sg_tablesize", "tid", "pr_state",
	"block", "commands", "active_commands", "force_close", "hw_target",
	"measure_latency", "scsi_transport_version_", "dump_prs", "resync_size",
	"sync",
};

/* SCST.pm treats these as settable whatever their mode (spec scst-sysfs.md §1.3). */
static const char *const nonstatic[] = { "filename", "cpu_mask", "threads_num",
					 "threads_pool_type" };

static bool in_list(const char *const *l, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i], name))
			return true;
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static bool skip_file(const char *name)
{
	return in_list(skip_files, TK_ARRAY_SIZE(skip_files), name) ||
	       ends_with(name, "_cmd_count") || ends_with(name, "_io_count_kb");
}

/* ---- node -> live_obj table ----------------------------------------------- */

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

struct live_obj *state_obj(const struct scstcfg_state *st, const struct scstcfg_node *n)
{
	size_t i;

	if (!st->tab_cap || !n)
		return NULL;
	for (i = ptr_hash(n) & (st->tab_cap - 1); st->tab[i]; i = (i + 1) & (st->tab_cap - 1))
		if (st->tab[i]->node == n)
			return st->tab[i];
	return NULL;
}

static void tab_put(struct live_obj **tab, size_t cap, struct live_obj *o)
{
	size_t i;

	for (i = ptr_hash(o->node) & (cap - 1); tab[i]; i = (i + 1) & (cap - 1))
		;
	tab[i] = o;
}

int state_obj_add(struct scstcfg_state *st, const struct scstcfg_node *n, struct live_obj **out)
{
	struct live_obj *o = state_obj(st, n);

	if (!o) {
		if ((st->tab_count + 1) * 2 > st->tab_cap) {
			size_t cap = st->tab_cap ? st->tab_cap * 2 : 64, i;
			struct live_obj **t = calloc(cap, sizeof(*t));

			if (!t)
				return -ENOMEM;
			for (i = 0; i < st->tab_cap; i++)
				if (st->tab[i])
					tab_put(t, cap, st->tab[i]);
			free(st->tab);
			st->tab = t;
			st->tab_cap = cap;
		}
		o = calloc(1, sizeof(*o));
		if (!o)
			return -ENOMEM;
		o->node = n;
		tab_put(st->tab, st->tab_cap, o);
		st->tab_count++;
	}
	*out = o;
	return 0;
}

static int cmp_live_attr(const void *a, const void *b)
{
	return strcmp(((const struct live_attr *)a)->name, ((const struct live_attr *)b)->name);
}

const struct live_attr *live_obj_attr(const struct live_obj *o, const char *name)
{
	struct live_attr k = { .name = (char *)name };

	if (!o || !o->n_attrs)
		return NULL;
	return bsearch(&k, o->attrs, o->n_attrs, sizeof(k), cmp_live_attr);
}

static void live_obj_free(struct live_obj *o)
{
	size_t i;

	for (i = 0; i < o->n_attrs; i++) {
		free(o->attrs[i].name);
		free(o->attrs[i].value);
	}
	free(o->attrs);
	for (i = 0; i < o->n_sessions; i++)
		free(o->sessions[i]);
	free(o->sessions);
	free(o);
}

static const struct kinfo *kinfo_find(const struct kinfo *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

const struct kinfo *state_handler(const struct scstcfg_state *st, const char *name)
{
	return kinfo_find(st->handlers, st->n_handlers, name);
}

const struct kinfo *state_driver(const struct scstcfg_state *st, const char *name)
{
	return kinfo_find(st->drivers, st->n_drivers, name);
}

static void kinfo_free(struct kinfo *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		scstcfg_mgmt_help_free(&v[i].help);
	}
	free(v);
}

void scstcfg_state_free(struct scstcfg_state *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->tab_cap; i++)
		if (st->tab[i])
			live_obj_free(st->tab[i]);
	free(st->tab);
	kinfo_free(st->handlers, st->n_handlers);
	kinfo_free(st->drivers, st->n_drivers);
	scstcfg_mgmt_help_free(&st->lun_help);
	scstcfg_model_free(st->model);
	free(st);
}

struct scstcfg_model *scstcfg_state_get_model(const struct scstcfg_state *st)
{
	return st->model;
}

int state_new_empty(struct scstcfg_model *m, struct scstcfg_state **out)
{
	struct scstcfg_state *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	st->model = m;
	*out = st;
	return 0;
}

/*
 * A state made from a model alone: every attribute counts as live, [key]
 * and writable.  For planning against a saved configuration and for tests.
 */
static int obj_from_node(struct scstcfg_state *st, const struct scstcfg_node *n)
{
	static const enum scstcfg_kind kinds[] = {
		SCSTCFG_KIND_HANDLER, SCSTCFG_KIND_DEVICE, SCSTCFG_KIND_DRIVER,
		SCSTCFG_KIND_TARGET, SCSTCFG_KIND_LUN, SCSTCFG_KIND_GROUP,
		SCSTCFG_KIND_INITIATOR, SCSTCFG_KIND_DGROUP, SCSTCFG_KIND_DG_DEVICE,
		SCSTCFG_KIND_TGROUP, SCSTCFG_KIND_TG_TARGET,
	};
	const struct scstcfg_attr *a;
	struct live_obj *o;
	size_t i, cnt = scstcfg_attr_count(n, NULL);
	int r;

	r = state_obj_add(st, n, &o);
	if (r < 0)
		return r;
	o->attrs = calloc(cnt ? cnt : 1, sizeof(*o->attrs));
	if (!o->attrs)
		return -ENOMEM;
	for (a = scstcfg_attr_first(n); a; a = scstcfg_attr_next(a)) {
		const char *name = scstcfg_attr_get_name(a);
		struct live_attr *la = &o->attrs[o->n_attrs];
		char num[32];
		size_t k = 0;

		/* multi-values get file names base, base1, base2, ... */
		for (i = 0; i < o->n_attrs; i++)
			if (!strncmp(o->attrs[i].name, name, strlen(name)))
				k++;
		if (k)
			snprintf(num, sizeof(num), "%zu", k);
		else
			num[0] = '\0';
		if (asprintf(&la->name, "%s%s", name, num) < 0)
			return -ENOMEM;
		la->value = strdup(scstcfg_attr_get_value(a));
		if (!la->value) {
			free(la->name);
			return -ENOMEM;
		}
		la->key = true;
		la->writable = true;
		o->n_attrs++;
	}
	qsort(o->attrs, o->n_attrs, sizeof(*o->attrs), cmp_live_attr);
	if (scstcfg_node_get_kind(n) == SCSTCFG_KIND_TG_TARGET && o->n_attrs)
		o->remote = true;
	for (i = 0; i < TK_ARRAY_SIZE(kinds); i++) {
		const struct scstcfg_node *c;

		for (c = scstcfg_node_first(n, kinds[i]); c; c = scstcfg_node_next(c)) {
			r = obj_from_node(st, c);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

int scstcfg_state_from_model(struct scstcfg_model *m, struct scstcfg_state **out)
{
	struct scstcfg_state *st;
	int r;

	r = state_new_empty(m, &st);
	if (r < 0)
		return r;
	r = obj_from_node(st, scstcfg_model_get_root(m));
	if (r == 0)
		r = obj_from_node(st, scstcfg_model_get_alua(m));
	if (r < 0) {
		st->model = NULL;	/* the caller keeps it on failure */
		scstcfg_state_free(st);
		return r;
	}
	*out = st;
	return 0;
}

/* ---- reading -------------------------------------------------------------- */

struct reader {
	struct scstcfg_sysfs *s;
	struct scstcfg_state *st;
	struct tk_buf path;
	/* scstcfg_state_read_plan(): read only what planning towards @want
	 * with @flags needs */
	struct scstcfg_model *want;
	unsigned int flags;
	/* some wanted LUN names read_only: devices' read_only decides whether
	 * it is compared (plan.c want_lun_ro()) */
	bool lun_ro_any;
};

/*
 * The node of the wanted model that stands for live node @n, or NULL
 * (O(depth): every step is a hash lookup).  LUNs match by number and
 * device, devices by name whatever their handler.
 */
static const struct scstcfg_node *want_peer(const struct reader *rd, const struct scstcfg_node *n)
{
	enum scstcfg_kind k = scstcfg_node_get_kind(n);
	const char *name = scstcfg_node_get_name(n);
	const struct scstcfg_node *wp, *l;

	switch (k) {
	case SCSTCFG_KIND_ROOT:
		return scstcfg_model_get_root(rd->want);
	case SCSTCFG_KIND_ALUA:
		return scstcfg_model_get_alua(rd->want);
	case SCSTCFG_KIND_DEVICE:
		return scstcfg_model_find_device(rd->want, name);
	default:
		break;
	}
	wp = want_peer(rd, scstcfg_node_get_parent(n));
	if (!wp)
		return NULL;
	if (k != SCSTCFG_KIND_LUN)
		return scstcfg_node_find(wp, k, name);
	l = scstcfg_lun_find(wp, scstcfg_lun_get_number(n));
	return l && !strcmp(scstcfg_node_get_name(l), name) ? l : NULL;
}

/* Attribute rules of one object. */
struct attr_rules {
	char *const *create;	/* create-time params: static key attrs kept */
	size_t n_create;
	char *const *dyn;	/* dynamic attribute base names (digits stripped) */
	size_t n_dyn;
	bool always_enabled;	/* "enabled" goes to the model even without [key] */
};

static const char *dyn_base(const struct attr_rules *ru, const char *name, char *buf,
			    size_t size)
{
	size_t l = strlen(name), i;

	while (l && name[l - 1] >= '0' && name[l - 1] <= '9')
		l--;
	if (l >= size)
		return NULL;
	memcpy(buf, name, l);
	buf[l] = '\0';
	for (i = 0; i < ru->n_dyn; i++)
		if (!strcasecmp(ru->dyn[i], buf))
			return ru->dyn[i];
	return NULL;
}

/*
 * Which attribute files planning towards rd->want with rd->flags compares
 * (plan.c): "enabled" of targets and drivers (enabling, disabling unlisted
 * ones); of objects the configuration has, the attributes it names and
 * every value of the dynamic attributes (diffed as sets); LUN read_only and
 * a device's read_only (LUN read_only of read-only devices is not
 * compared) when LUN parameters are compared.  Nothing else: an object the
 * configuration lacks is removed whole, and an attribute it does not name
 * is never written.
 *
 * Create-time parameters (spec scstadmin.md §7 item 64, §3.4; scst-sysfs.md
 * §1.3).  A device whose create-time parameter differs, or that has a
 * [key] one the configuration drops, is closed and reopened - but only
 * when recreation is allowed (SCSTCFG_PLAN_RECREATE: Perl -force,
 * pyscstadmin always).  Without it the plan can only print Perl's "Use
 * -force to re-open device with new attributes" hint, and it does so for
 * the parameters the configuration names with another value; a dropped
 * parameter cannot lead to any write, so the ones the configuration does
 * not name are not read (a dozen reads per device saved: scstadmin -config
 * without -force on 500 devices).  The same holds for the LUN create-time
 * parameter read_only ("Use -force to re-assign it"): read for LUNs that
 * name it, or for all LUNs when recreation is allowed.
 */
static bool needed(const struct reader *rd, const struct scstcfg_node *node,
		   const struct scstcfg_node *w, const struct attr_rules *ru, const char *name)
{
	enum scstcfg_kind k = scstcfg_node_get_kind(node);
	bool recreate = rd->flags & SCSTCFG_PLAN_RECREATE;
	char buf[128];

	if ((k == SCSTCFG_KIND_TARGET || k == SCSTCFG_KIND_DRIVER) && !strcmp(name, "enabled"))
		return true;
	if (!w)
		return false;
	if (scstcfg_attr_find(w, name) || dyn_base(ru, name, buf, sizeof(buf)))
		return true;
	if (k == SCSTCFG_KIND_DEVICE)
		return (!strcmp(name, "read_only") && (recreate || rd->lun_ro_any)) ||
		       (recreate && scstcfg_mgmt_help_has(ru->create, ru->n_create, name));
	return k == SCSTCFG_KIND_LUN && recreate && !strcmp(name, "read_only");
}

/* A list of file names: the ones needed() admits, without a listing. */
struct names {
	const char *v[64];
	size_t n;
};

static void names_add(struct names *nm, const char *name)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (!strcmp(nm->v[i], name))
			return;
	if (nm->n < TK_ARRAY_SIZE(nm->v))
		nm->v[nm->n++] = name;
}

/*
 * Whether the files needed() admits for @node can be named without listing
 * its directory: not when dynamic attributes (IncomingUser1, ...) must be
 * found, nor when there are more than struct names holds.  @out receives
 * the names.
 */
static bool probe_names(const struct reader *rd, const struct scstcfg_node *node,
			const struct scstcfg_node *w, const struct attr_rules *ru,
			struct names *out)
{
	enum scstcfg_kind k = scstcfg_node_get_kind(node);
	bool recreate = rd->flags & SCSTCFG_PLAN_RECREATE;
	const struct scstcfg_attr *a;
	size_t i;

	out->n = 0;
	if (w && ru->n_dyn)
		return false;
	if (k == SCSTCFG_KIND_TARGET || k == SCSTCFG_KIND_DRIVER)
		names_add(out, "enabled");
	if (!w)
		return true;
	for (a = scstcfg_attr_first(w); a; a = scstcfg_attr_next(a))
		names_add(out, scstcfg_attr_get_name(a));
	if (k == SCSTCFG_KIND_DEVICE && (recreate || rd->lun_ro_any))
		names_add(out, "read_only");
	if (k == SCSTCFG_KIND_DEVICE && recreate)
		for (i = 0; i < ru->n_create; i++)
			names_add(out, ru->create[i]);
	if (k == SCSTCFG_KIND_LUN && recreate)
		names_add(out, "read_only");
	return out->n < TK_ARRAY_SIZE(out->v);
}

/*
 * Read attribute files @names of @node (in directory @dir): all go into its
 * live_obj, the ones -write_config would save into the model.  A file that
 * is missing or write-only is left out.
 */
static int read_attrs(struct reader *rd, const char *dir, const char *const *names, size_t n,
		      struct scstcfg_node *node, const struct attr_rules *ru)
{
	struct live_obj *o;
	size_t i;
	int r;

	r = state_obj_add(rd->st, node, &o);
	if (r < 0)
		return r;
	o->attrs = calloc(n ? n : 1, sizeof(*o->attrs));
	if (!o->attrs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct live_attr *la = &o->attrs[o->n_attrs];
		const char *name = names[i], *base;
		mode_t mode = 0;
		char buf[128];
		bool to_model;

		if (!scstcfg_path_join(&rd->path, "%s%s%s", dir, *dir ? "/" : "", names[i]))
			return -ENOMEM;
		r = scstcfg_sysfs_read_attr_probe(rd->s, rd->path.data, &la->value, &la->key,
						  &mode);
		if (r == -ENOMEM)
			return r;
		if (r < 0 || !S_ISREG(mode)) {
			if (r == 0)
				free(la->value);
			continue;	/* absent, write-only, or e.g. a dangling iSCSI attribute: EINVAL */
		}
		la->name = strdup(names[i]);
		if (!la->name) {
			free(la->value);
			return -ENOMEM;
		}
		la->writable = mode & S_IWUSR;
		o->n_attrs++;

		base = la->key ? dyn_base(ru, names[i], buf, sizeof(buf)) : NULL;
		if (base) {
			name = base;
			to_model = true;
		} else if (ru->always_enabled && !strcmp(names[i], "enabled")) {
			to_model = true;
		} else {
			to_model = la->key &&
				   (la->writable || scstcfg_mgmt_help_has(ru->create, ru->n_create,
									   names[i]) ||
				    in_list(nonstatic, TK_ARRAY_SIZE(nonstatic), names[i]));
		}
		if (to_model) {
			r = scstcfg_attr_add(node, name, la->value, NULL);
			if (r < 0 && r != -EEXIST)
				return r;
		}
	}
	qsort(o->attrs, o->n_attrs, sizeof(*o->attrs), cmp_live_attr);
	return 0;
}

/* read_attrs() of the files among @ents that needed() admits (all without a want). */
static int read_listed_attrs(struct reader *rd, const char *dir,
			     const struct scstcfg_sysfs_dirent *ents, size_t n,
			     struct scstcfg_node *node, const struct attr_rules *ru)
{
	const struct scstcfg_node *w = rd->want ? want_peer(rd, node) : NULL;
	const char **names = calloc(n ? n : 1, sizeof(*names));
	size_t i, cnt = 0;
	int r;

	if (!names)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (ents[i].type != SCSTCFG_SYSFS_FILE || skip_file(ents[i].name))
			continue;
		if (rd->want && !needed(rd, node, w, ru, ents[i].name))
			continue;
		names[cnt++] = ents[i].name;
	}
	r = read_attrs(rd, dir, names, cnt, node, ru);
	free(names);
	return r;
}

/* List @fmt... into a fresh array; ENOENT gives an empty list. */
static int vlist(struct reader *rd, struct scstcfg_sysfs_dirent **ents, size_t *n,
		 const char *fmt, va_list ap)
{
	int r;

	*ents = NULL;
	*n = 0;
	tk_buf_reset(&rd->path);
	r = tk_buf_vprintf(&rd->path, fmt, ap);
	if (r < 0)
		return r;
	r = scstcfg_sysfs_list_types(rd->s, rd->path.data, ents, n);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;
	return r;
}

__attribute__((format(printf, 4, 5)))
static int list_dir(struct reader *rd, struct scstcfg_sysfs_dirent **ents, size_t *n,
		const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vlist(rd, ents, n, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * One object: read its attribute files into @node.  Its directory @fmt...
 * is listed when @list is true, when everything is read, or when the
 * files planning needs cannot be named (probe_names()); otherwise the
 * needed files are opened by name.  The listing (empty when not listed)
 * and the directory path go to @ents/@n and @dir when they are given
 * (free with scstcfg_sysfs_dirents_free() and free(); set even on
 * failure), else they are freed here.
 */
__attribute__((format(printf, 8, 9)))
static int read_obj(struct reader *rd, struct scstcfg_node *node, const struct attr_rules *ru,
		    bool list, struct scstcfg_sysfs_dirent **ents, size_t *n, char **dir,
		    const char *fmt, ...)
{
	struct scstcfg_sysfs_dirent *e = NULL;
	struct names nm;
	size_t cnt = 0;
	char *d = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	tk_buf_reset(&rd->path);
	r = tk_buf_vprintf(&rd->path, fmt, ap);
	va_end(ap);
	if (r == 0) {
		/* "." is the root: files directly under it */
		d = strdup(strcmp(rd->path.data, ".") ? rd->path.data : "");
		if (!d)
			r = -ENOMEM;
	}
	if (r == 0 && rd->want && !list &&
	    probe_names(rd, node, want_peer(rd, node), ru, &nm)) {
		r = read_attrs(rd, d, nm.v, nm.n, node, ru);
	} else if (r == 0) {
		r = list_dir(rd, &e, &cnt, "%s", *d ? d : ".");
		if (r == 0)
			r = read_listed_attrs(rd, d, e, cnt, node, ru);
	}
	if (ents) {
		*ents = e;
		*n = cnt;
	} else {
		scstcfg_sysfs_dirents_free(e, cnt);
	}
	if (dir)
		*dir = d;
	else
		free(d);
	return r;
}

static const char *basename_of(const char *p)
{
	const char *b = strrchr(p, '/');

	return b ? b + 1 : p;
}

static int read_kinfo(struct reader *rd, const char *mgmt, struct kinfo *ki)
{
	struct scstcfg_sysfs_dirent e;
	mode_t mode = 0;
	char *text;
	int r;

	/* one open: the help text and the mode (writable: can create targets) */
	r = scstcfg_sysfs_read_probe(rd->s, mgmt, &text, &mode);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;
	if (r == -EACCES) {	/* write-only: no help, but a mode */
		r = scstcfg_sysfs_stat(rd->s, mgmt, &e);
		if (r < 0)
			return r == -ENOENT ? 0 : r;
		ki->has_mgmt = true;
		ki->can_create = e.type == SCSTCFG_SYSFS_FILE && e.writable;
		return 0;
	}
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	ki->has_mgmt = true;
	ki->can_create = S_ISREG(mode) && (mode & S_IWUSR);
	r = scstcfg_mgmt_help_parse(text, &ki->help);
	free(text);
	return r;
}

/* A handler or driver: its kinfo slot, filled from <dir>/<name>/mgmt. */
static int new_kinfo(struct reader *rd, struct kinfo *v, size_t *n, const char *dir,
		     const char *name)
{
	struct kinfo *ki = &v[*n];

	ki->name = strdup(name);
	if (!ki->name)
		return -ENOMEM;
	(*n)++;
	if (!scstcfg_path_join(&rd->path, "%s/%s/mgmt", dir, name))
		return -ENOMEM;
	return read_kinfo(rd, rd->path.data, ki);
}

static int read_handlers(struct reader *rd)
{
	struct scstcfg_node *root = scstcfg_model_get_root(rd->st->model);
	struct scstcfg_sysfs_dirent *hs, *ents = NULL;
	struct attr_rules none = { 0 };
	size_t nh, n = 0, i, j;
	int r;

	r = list_dir(rd, &hs, &nh, "handlers");
	if (r == 0) {
		rd->st->handlers = calloc(nh ? nh : 1, sizeof(*rd->st->handlers));
		if (!rd->st->handlers)
			r = -ENOMEM;
	}
	for (i = 0; r == 0 && i < nh; i++) {
		struct kinfo *ki = &rd->st->handlers[rd->st->n_handlers];
		struct attr_rules ru;
		struct scstcfg_node *h;

		if (hs[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		r = scstcfg_node_add(root, SCSTCFG_KIND_HANDLER, hs[i].name, &h);
		if (r == 0)
			r = read_obj(rd, h, &none, true, &ents, &n, NULL, "handlers/%s", hs[i].name);
		/* the help text (create-time parameters) of handlers in use */
		for (j = 0; r == 0 && j < n && rd->want && !want_peer(rd, h); j++)
			if (ents[j].type == SCSTCFG_SYSFS_LINK)
				break;
		if (r == 0 && (!rd->want || want_peer(rd, h) || j < n))
			r = new_kinfo(rd, rd->st->handlers, &rd->st->n_handlers, "handlers",
				      hs[i].name);
		ru = (struct attr_rules){ .create = ki->help.params, .n_create = ki->help.n_params };
		for (j = 0; r == 0 && j < n; j++) {
			struct scstcfg_node *dev;

			if (ents[j].type != SCSTCFG_SYSFS_LINK)
				continue;
			r = scstcfg_node_add(h, SCSTCFG_KIND_DEVICE, ents[j].name, &dev);
			if (r == 0)
				r = read_obj(rd, dev, &ru, false, NULL, NULL, NULL, "devices/%s", ents[j].name);
		}
		scstcfg_sysfs_dirents_free(ents, n);
		ents = NULL;
		n = 0;
	}
	scstcfg_sysfs_dirents_free(hs, nh);
	return r;
}

/* LUN read_only shows 1 when the device is read-only, as a CD-ROM always is
 * (spec §2.6): then it says nothing about the LUN, drop it. */
static void lun_ro_fixup(struct reader *rd, struct scstcfg_node *lun)
{
	struct scstcfg_node *dev = scstcfg_model_find_device(rd->st->model,
							     scstcfg_node_get_name(lun));
	const struct live_attr *ro = dev ? live_obj_attr(state_obj(rd->st, dev), "read_only") : NULL;
	const char *h = dev ? scstcfg_node_get_name(scstcfg_node_get_parent(dev)) : "";

	if ((ro && !strcmp(ro->value, "1")) || !strcmp(h, "vcdrom") || !strcmp(h, "dev_cdrom"))
		scstcfg_attr_remove(lun, "read_only", NULL);
}

/* luns/ of a target or group: @dir is the luns directory. */
static int read_luns(struct reader *rd, const char *dir, struct scstcfg_node *parent)
{
	struct attr_rules ru;
	struct scstcfg_sysfs_dirent *ents;
	size_t n, i;
	char *d = strdup(dir);
	int r;

	if (!d)
		return -ENOMEM;
	r = list_dir(rd, &ents, &n, "%s", d);
	if (r == 0 && !rd->st->have_lun_help && scstcfg_path_join(&rd->path, "%s/mgmt", d) &&
	    scstcfg_sysfs_read_mgmt_help(rd->s, rd->path.data, &rd->st->lun_help) == 0)
		rd->st->have_lun_help = true;
	ru = (struct attr_rules){ .create = rd->st->lun_help.params,
				  .n_create = rd->st->lun_help.n_params };
	for (i = 0; r == 0 && i < n; i++) {
		struct scstcfg_node *lun;
		char *end, *target = NULL;
		unsigned long long num;

		if (ents[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		num = strtoull(ents[i].name, &end, 10);
		if (*end)
			continue;
		if (!scstcfg_path_join(&rd->path, "%s/%s/device", d, ents[i].name))
			r = -ENOMEM;
		else
			r = scstcfg_sysfs_readlink(rd->s, rd->path.data, &target);
		if (r == -ENOENT || r == -EINVAL) {	/* broken LUN: no device */
			r = 0;
			continue;
		}
		if (r == 0)
			r = scstcfg_lun_add(parent, num, basename_of(target), &lun);
		free(target);
		if (r == 0)
			r = read_obj(rd, lun, &ru, false, NULL, NULL, NULL, "%s/%s", d, ents[i].name);
		if (r == 0)
			lun_ro_fixup(rd, lun);
	}
	scstcfg_sysfs_dirents_free(ents, n);
	free(d);
	return r;
}

/* Child nodes of @kind named after the entries of type @type in @fmt... */
__attribute__((format(printf, 5, 6)))
static int read_names(struct reader *rd, struct scstcfg_node *parent, enum scstcfg_kind kind,
		      enum scstcfg_sysfs_ent_type type, const char *fmt, ...)
{
	struct scstcfg_sysfs_dirent *ents;
	va_list ap;
	size_t n, i;
	int r;

	va_start(ap, fmt);
	r = vlist(rd, &ents, &n, fmt, ap);
	va_end(ap);
	for (i = 0; r == 0 && i < n; i++) {
		struct scstcfg_node *c;
		struct live_obj *o;

		if (ents[i].type != type || !strcmp(ents[i].name, "mgmt"))
			continue;
		r = scstcfg_node_add(parent, kind, ents[i].name, &c);
		if (r == 0)
			r = state_obj_add(rd->st, c, &o);
	}
	scstcfg_sysfs_dirents_free(ents, n);
	return r;
}

static int read_groups(struct reader *rd, const char *tdir, struct scstcfg_node *tgt)
{
	struct attr_rules none = { 0 };
	struct scstcfg_sysfs_dirent *gs;
	size_t ng, i;
	char *td = strdup(tdir);
	int r;

	if (!td)
		return -ENOMEM;
	r = list_dir(rd, &gs, &ng, "%s/ini_groups", td);
	for (i = 0; r == 0 && i < ng; i++) {
		struct scstcfg_node *g;
		char *gdir = NULL;

		if (gs[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		r = scstcfg_node_add(tgt, SCSTCFG_KIND_GROUP, gs[i].name, &g);
		if (r == 0)
			r = read_obj(rd, g, &none, false, NULL, NULL, &gdir, "%s/ini_groups/%s", td,
				     gs[i].name);
		/* initiators of every group: a wanted one may have to be moved */
		if (r == 0)
			r = read_names(rd, g, SCSTCFG_KIND_INITIATOR, SCSTCFG_SYSFS_FILE,
				       "%s/initiators", gdir);
		/* the LUNs of a group the configuration lacks go with the group */
		if (rd->want && !want_peer(rd, g))
			goto next;
		if (r == 0 && !scstcfg_path_join(&rd->path, "%s/luns", gdir))
			r = -ENOMEM;
		if (r == 0)
			r = read_luns(rd, rd->path.data, g);
next:
		free(gdir);
	}
	scstcfg_sysfs_dirents_free(gs, ng);
	free(td);
	return r;
}

static int read_sessions(struct reader *rd, const char *tdir, struct scstcfg_node *tgt,
			 bool session_attrs)
{
	struct scstcfg_sysfs_dirent *ents;
	struct live_obj *o = state_obj(rd->st, tgt);
	size_t n, i;
	int r;

	r = list_dir(rd, &ents, &n, "%s/sessions", tdir);
	if (r == 0 && n) {
		o->sessions = calloc(n, sizeof(*o->sessions));
		if (!o->sessions)
			r = -ENOMEM;
	}
	for (i = 0; r == 0 && i < n; i++) {
		if (ents[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		o->sessions[o->n_sessions] = strdup(ents[i].name);
		if (!o->sessions[o->n_sessions]) {
			r = -ENOMEM;
			break;
		}
		o->n_sessions++;
		/* scst_local: session_name is how the config names sessions. */
		if (session_attrs) {
			r = scstcfg_attr_add(tgt, "session_name", ents[i].name, NULL);
			if (r == -EEXIST)
				r = 0;
		}
	}
	scstcfg_sysfs_dirents_free(ents, n);
	return r;
}

static int read_target(struct reader *rd, const struct kinfo *di, struct scstcfg_node *drv,
		       const char *name)
{
	struct attr_rules ru = { .create = di->help.params, .n_create = di->help.n_params,
				 .dyn = di->help.tgt_attrs, .n_dyn = di->help.n_tgt_attrs,
				 .always_enabled = true };
	bool local = !strcmp(di->name, "scst_local");
	struct scstcfg_node *t;
	char *tdir = NULL, *v = NULL;
	bool hw, wanted;
	int r;

	r = scstcfg_node_add(drv, SCSTCFG_KIND_TARGET, name, &t);
	if (r == 0)
		r = read_obj(rd, t, &ru, false, NULL, NULL, &tdir, "targets/%s/%s", di->name, name);
	if (r < 0)
		goto out;
	/* hw_target is skipped as an attribute: read it here (SCST.pm
	 * targetType: hw_target=1, or a driver that cannot create targets;
	 * copy_manager_tgt is handled on its own). */
	hw = !di->can_create && strcmp(di->name, "copy_manager");
	wanted = !rd->want || want_peer(rd, t);
	/* planning needs it for targets the configuration lacks (never deleted) */
	if (!hw && (!rd->want || !wanted) &&
	    scstcfg_path_join(&rd->path, "%s/hw_target", tdir) &&
	    scstcfg_sysfs_read_attr_probe(rd->s, rd->path.data, &v, NULL, NULL) == 0)
		hw = !strcmp(v, "1");
	free(v);
	if (hw)
		r = scstcfg_target_set_hw(t, true);
	/*
	 * A target the configuration lacks is deleted whole (del_target takes
	 * its LUNs and groups along), left alone with a note, or, for
	 * hardware targets and copy_manager_tgt (one automatic LUN per
	 * device), never touched beyond "enabled": its LUNs and groups are
	 * not compared.
	 */
	if (wanted && r == 0 && !scstcfg_path_join(&rd->path, "%s/luns", tdir))
		r = -ENOMEM;
	if (wanted && r == 0)
		r = read_luns(rd, rd->path.data, t);
	if (wanted && r == 0)
		r = read_groups(rd, tdir, t);
	/* sessions: closed before a removal; scst_local names them in the
	 * configuration (session_name) */
	if (r == 0 && (!rd->want || local || (!wanted && (rd->flags & SCSTCFG_PLAN_REMOVE))))
		r = read_sessions(rd, tdir, t, local);
out:
	free(tdir);
	return r;
}

static int read_drivers(struct reader *rd)
{
	struct scstcfg_node *root = scstcfg_model_get_root(rd->st->model);
	struct scstcfg_sysfs_dirent *ds, *ents = NULL;
	size_t nd, n = 0, i, j;
	int r;

	r = list_dir(rd, &ds, &nd, "targets");
	if (r == 0) {
		rd->st->drivers = calloc(nd ? nd : 1, sizeof(*rd->st->drivers));
		if (!rd->st->drivers)
			r = -ENOMEM;
	}
	for (i = 0; r == 0 && i < nd; i++) {
		struct kinfo *ki = &rd->st->drivers[rd->st->n_drivers];
		struct attr_rules ru = { .always_enabled = true };
		struct scstcfg_node *d;

		if (ds[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		r = new_kinfo(rd, rd->st->drivers, &rd->st->n_drivers, "targets", ds[i].name);
		if (r == 0)
			r = scstcfg_node_add(root, SCSTCFG_KIND_DRIVER, ds[i].name, &d);
		ru.dyn = ki->help.drv_attrs;
		ru.n_dyn = ki->help.n_drv_attrs;
		if (r == 0)
			r = read_obj(rd, d, &ru, true, &ents, &n, NULL, "targets/%s", ds[i].name);
		for (j = 0; r == 0 && j < n; j++)
			if (ents[j].type == SCSTCFG_SYSFS_DIR)
				r = read_target(rd, ki, d, ents[j].name);
		scstcfg_sysfs_dirents_free(ents, n);
		ents = NULL;
		n = 0;
	}
	scstcfg_sysfs_dirents_free(ds, nd);
	return r;
}

/* A target group: attributes, then its targets (link = local, dir = remote). */
static int read_tgroup(struct reader *rd, const char *dgdir, struct scstcfg_node *tg)
{
	struct scstcfg_sysfs_dirent *ents = NULL;
	struct attr_rules none = { 0 };
	size_t n = 0, i;
	char *dir = NULL;
	int r;

	r = read_obj(rd, tg, &none, true, &ents, &n, &dir, "%s/target_groups/%s", dgdir,
		     scstcfg_node_get_name(tg));
	for (i = 0; r == 0 && i < n; i++) {
		struct scstcfg_node *t;
		struct live_obj *o;
		bool link = ents[i].type == SCSTCFG_SYSFS_LINK;

		if (!link && ents[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		r = scstcfg_node_add(tg, SCSTCFG_KIND_TG_TARGET, ents[i].name, &t);
		if (r == 0 && link)
			r = state_obj_add(rd->st, t, &o);
		else if (r == 0)
			r = read_obj(rd, t, &none, false, NULL, NULL, NULL, "%s/%s", dir, ents[i].name);
		if (r == 0 && !link)
			state_obj(rd->st, t)->remote = true;
	}
	free(dir);
	scstcfg_sysfs_dirents_free(ents, n);
	return r;
}

static int read_dgroups(struct reader *rd)
{
	struct scstcfg_node *root = scstcfg_model_get_root(rd->st->model);
	struct scstcfg_sysfs_dirent *dgs = NULL, *ents = NULL;
	struct attr_rules none = { 0 };
	size_t ndg = 0, n = 0, i, j;
	int r;

	r = read_obj(rd, scstcfg_model_get_alua(rd->st->model), &none, true, &dgs, &ndg, NULL,
		     "device_groups");
	for (i = 0; r == 0 && i < ndg; i++) {
		struct scstcfg_node *dg;
		char *dgdir = NULL;

		if (dgs[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		r = scstcfg_node_add(root, SCSTCFG_KIND_DGROUP, dgs[i].name, &dg);
		if (r == 0)
			r = read_obj(rd, dg, &none, false, NULL, NULL, &dgdir, "device_groups/%s",
				     dgs[i].name);
		if (r == 0)
			r = read_names(rd, dg, SCSTCFG_KIND_DG_DEVICE, SCSTCFG_SYSFS_LINK,
				       "%s/devices", dgdir);
		if (r == 0)
			r = list_dir(rd, &ents, &n, "%s/target_groups", dgdir);
		for (j = 0; r == 0 && j < n; j++) {
			struct scstcfg_node *tg;

			if (ents[j].type != SCSTCFG_SYSFS_DIR)
				continue;
			r = scstcfg_node_add(dg, SCSTCFG_KIND_TGROUP, ents[j].name, &tg);
			if (r == 0)
				r = read_tgroup(rd, dgdir, tg);
		}
		scstcfg_sysfs_dirents_free(ents, n);
		ents = NULL;
		n = 0;
		free(dgdir);
	}
	scstcfg_sysfs_dirents_free(dgs, ndg);
	return r;
}

int scstcfg_state_read(struct scstcfg_sysfs *s, struct scstcfg_state **out)
{
	return scstcfg_state_read_plan(s, NULL, 0, out);
}

int scstcfg_state_read_for(struct scstcfg_sysfs *s, const struct scstcfg_model *want,
			   struct scstcfg_state **out)
{
	return scstcfg_state_read_plan(s, want, SCSTCFG_PLAN_FORCE, out);
}

/* Whether a LUN of @n (a target or group) or of its groups names read_only. */
static bool names_lun_ro(const struct scstcfg_node *n)
{
	const struct scstcfg_node *c;

	for (c = scstcfg_node_first(n, SCSTCFG_KIND_LUN); c; c = scstcfg_node_next(c))
		if (scstcfg_attr_find(c, "read_only"))
			return true;
	for (c = scstcfg_node_first(n, SCSTCFG_KIND_GROUP); c; c = scstcfg_node_next(c))
		if (names_lun_ro(c))
			return true;
	return false;
}

static bool want_lun_ro_any(const struct scstcfg_model *want)
{
	const struct scstcfg_node *d, *t;

	for (d = scstcfg_node_first(scstcfg_model_get_root((struct scstcfg_model *)want),
				    SCSTCFG_KIND_DRIVER);
	     d; d = scstcfg_node_next(d))
		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t; t = scstcfg_node_next(t))
			if (names_lun_ro(t))
				return true;
	return false;
}

int scstcfg_state_read_plan(struct scstcfg_sysfs *s, const struct scstcfg_model *want,
			    unsigned int flags, struct scstcfg_state **out)
{
	struct reader rd = { .s = s, .want = (struct scstcfg_model *)want, .flags = flags,
			     .lun_ro_any = want && want_lun_ro_any(want) };
	struct scstcfg_model *m;
	int r;

	r = scstcfg_sysfs_probe(s);
	if (r < 0)
		return r;
	r = scstcfg_model_new(&m);
	if (r < 0)
		return r;
	r = state_new_empty(m, &rd.st);
	if (r < 0) {
		scstcfg_model_free(m);
		return r;
	}
	r = read_obj(&rd, scstcfg_model_get_root(m), &(struct attr_rules){ 0 }, false, NULL, NULL,
		     NULL,
		     ".");
	if (r == 0)
		r = read_handlers(&rd);
	if (r == 0)
		r = read_drivers(&rd);
	if (r == 0)
		r = read_dgroups(&rd);
	tk_buf_free(&rd.path);
	if (r < 0) {
		if (r == -ENOMEM)
			scstcfg_sysfs_set_error(s, r, "reading the SCST configuration");
		scstcfg_state_free(rd.st);
		return r;
	}
	*out = rd.st;
	return 0;
}
