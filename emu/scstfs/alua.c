// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alua.c - device_groups/: ALUA device groups, their devices and target
 * groups (kernel: scst_tg.c and the scst_dg_* / scst_tg_* parts of
 * scst_sysfs.c).  Behaviour: spec scst-sysfs.md §3.6, scenarios 37, 38.
 *
 * Object names with '/' appear with '!' in sysfs (kobject names); lookups
 * use the real names, so "del a!b" does not find "a/b" (scenario 37).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dev.h"
#include "kparse.h"
#include "scstfs.h"

#define KEY "[key]\n"

struct alua_dg;
struct alua_tg;

/* A target of a target group: a link to a local target, or a "remote" dir. */
struct alua_tgt {
	char *name;
	struct sfs_node *node;
	struct sfs_node *tgt_dir;	/* local target, or NULL */
	unsigned long rel_tgt_id;
	struct alua_tg *tg;
	struct alua_tgt *next;
};

struct alua_tg {
	char *name;
	struct sfs_node *dir;
	unsigned long group_id;
	bool preferred;
	int state;
	struct alua_tgt *tgts;
	struct alua_dg *dg;
	struct alua_tg *next;
};

struct alua_dgdev {
	struct sfs_dev *d;
	struct sfs_node *link;
	struct alua_dg *dg;
	struct alua_dgdev *next;
};

struct alua_dg {
	char *name;
	struct sfs_node *dir, *devs, *tgs;
	struct alua_dgdev *devices;
	struct alua_tg *tg_list;
	struct alua_dg *next;
};

static struct sfs_node *dgs_dir;
static struct alua_dg *dg_list;

static const char *const state_names[] = {
	"active", "nonoptimized", "standby", "unavailable", "offline", "transitioning"
};

/* The kobject name: '/' becomes '!' (spec §1.2 "Names"). */
static char *kobj_name(const char *name)
{
	char *s = strdup(name), *p;

	for (p = s; p && *p; p++)
		if (*p == '/')
			*p = '!';
	return s;
}

/*
 * The lists below are singly linked through ->next and keyed by ->name;
 * these macros are their one copy of the walks.
 */

/* The entry of list @head named @nm, or NULL. */
#define LIST_FIND(head, nm)                                              \
	({                                                               \
		typeof(head) e_ = (head);                                \
		while (e_ && strcmp(e_->name, (nm)))                     \
			e_ = e_->next;                                   \
		e_;                                                      \
	})

/* Append @item at the tail of the list whose head pointer is *@headp. */
#define LIST_APPEND(headp, item)                                         \
	do {                                                             \
		typeof(item) *pp_ = (headp);                             \
		while (*pp_)                                             \
			pp_ = &(*pp_)->next;                             \
		*pp_ = (item);                                           \
	} while (0)

/* Take @item out of the list whose head pointer is *@headp (if there). */
#define LIST_UNLINK(headp, item)                                         \
	do {                                                             \
		typeof(item) *pp_ = (headp);                             \
		while (*pp_ && *pp_ != (item))                           \
			pp_ = &(*pp_)->next;                             \
		if (*pp_)                                                \
			*pp_ = (item)->next;                             \
	} while (0)

/* One attribute file of a directory made by kobj_mkdir(). */
struct alua_file {
	const char *name;
	const struct sfs_attr *attr;
};

/*
 * Make directory @name (as its kobject name) under @parent, with the files
 * @files[0..n) whose priv is @priv; all or nothing.  Return: 0 or -errno.
 */
static int kobj_mkdir(struct sfs_node *parent, const char *name, struct sfs_node **dir,
		      const struct alua_file *files, size_t n, void *priv)
{
	char *kname = kobj_name(name);
	size_t i;
	int r;

	if (!kname)
		return -ENOMEM;
	r = sfs_mkdir(parent, kname, dir);
	free(kname);
	if (r)
		return r;
	for (i = 0; !r && i < n; i++)
		r = sfs_mkfile(*dir, files[i].name, SFS_RW, files[i].attr, priv, NULL);
	if (r)
		sfs_remove(*dir);
	return r;
}

/*
 * A mgmt file: its show is a usage text naming the object @noun; its
 * store takes "add|del <name>" ("create" too where @create, which the usage
 * names instead of "add"), cut at the first '\n', further words ignored
 * (spec §1.1); @work: the store is a work (sfs_work_begin()).
 * Return of mgmt_run(): that of @add / @del, or -EINVAL / -ENOMEM.
 */
struct alua_mgmt {
	const char *noun;
	bool create, work;
	int (*add)(void *owner, const char *name);
	int (*del)(void *owner, const char *name);
};

static int mgmt_usage(const struct alua_mgmt *m, struct tk_buf *out)
{
	return tk_buf_printf(out, "Usage: echo \"%s %s\" >mgmt\n"
			     "       echo \"del %s\" >mgmt\n",
			     m->create ? "create" : "add", m->noun, m->noun);
}

static int mgmt_run(const struct alua_mgmt *m, void *owner, const char *buf)
{
	char *cmd, verb[32], name[256];
	const char *pos;

	if (m->work)
		sfs_work_begin();
	cmd = strndup(buf, strcspn(buf, "\n"));
	if (!cmd)
		return -ENOMEM;
	pos = cmd;
	kp_word(&pos, verb, sizeof(verb));
	kp_word(&pos, name, sizeof(name));
	free(cmd);
	if (!name[0])
		return -EINVAL;
	if (kp_verb_is(verb, "add") || (m->create && kp_verb_is(verb, "create")))
		return m->add(owner, name);
	if (kp_verb_is(verb, "del"))
		return m->del(owner, name);
	return -EINVAL;
}

/* Define the sfs_attr @attr of the mgmt file described by @m. */
#define ALUA_MGMT_ATTR(attr, m)                                                    \
	static int attr##_show(struct sfs_node *n, struct tk_buf *out)             \
	{                                                                          \
		return mgmt_usage(&(m), out);                                      \
	}                                                                          \
	static int attr##_store(struct sfs_node *n, const char *buf, size_t len)   \
	{                                                                          \
		return mgmt_run(&(m), sfs_node_priv(n), buf);                      \
	}                                                                          \
	static const struct sfs_attr attr = { attr##_show, attr##_store }

/* ---- target-group entries -------------------------------------------------------------- */

static int rel_tgt_id_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct alua_tgt *t = sfs_node_priv(n);

	return tk_buf_printf(out, "%lu\n" KEY, t->rel_tgt_id);
}

/* Only the first 7 characters are parsed; 1..65535 (scenario 38); *out set on success. */
static int parse_short_id(const char *buf, size_t len, unsigned long *out)
{
	char ch[8];
	unsigned long v;
	int r;

	snprintf(ch, sizeof(ch), "%.*s", (int)(len < 7 ? len : 7), buf);
	r = kp_strtoul(ch, &v);
	if (r < 0)
		return r;
	if (v == 0 || v > 0xffff)
		return -EINVAL;
	*out = v;
	return 0;
}

static int rel_tgt_id_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tgt *t = sfs_node_priv(n);

	return parse_short_id(buf, len, &t->rel_tgt_id);
}

static const struct sfs_attr rel_tgt_id_attr = { rel_tgt_id_show, rel_tgt_id_store };

static const struct alua_file tgt_files[] = { { "rel_tgt_id", &rel_tgt_id_attr } };

static struct alua_tgt *dg_find_tgt(struct alua_dg *dg, const char *name)
{
	struct alua_tg *tg;
	struct alua_tgt *t;

	for (tg = dg->tg_list; tg; tg = tg->next) {
		t = LIST_FIND(tg->tgts, name);
		if (t)
			return t;
	}
	return NULL;
}

static int tg_tgt_add(void *owner, const char *name)
{
	struct alua_tg *tg = owner;
	struct alua_tgt *t;
	char *kname;
	int r;

	if (dg_find_tgt(tg->dg, name))
		return -EEXIST;
	t = calloc(1, sizeof(*t));
	if (!t || !(t->name = strdup(name))) {
		free(t);
		return -ENOMEM;
	}
	t->tg = tg;
	t->tgt_dir = sfs_tgt_find_local(name);
	if (t->tgt_dir) {
		kname = kobj_name(name);
		r = kname ? sfs_mklink(tg->dir, kname, t->tgt_dir, &t->node) : -ENOMEM;
		free(kname);
	} else {
		r = kobj_mkdir(tg->dir, name, &t->node, tgt_files, TK_ARRAY_SIZE(tgt_files), t);
	}
	if (r) {
		free(t->name);
		free(t);
		return r;
	}
	LIST_APPEND(&tg->tgts, t);
	return 0;
}

static void tg_tgt_free(struct alua_tgt *t)
{
	sfs_remove(t->node);
	free(t->name);
	free(t);
}

static int tg_tgt_del(void *owner, const char *name)
{
	struct alua_tg *tg = owner;
	struct alua_tgt *t = dg_find_tgt(tg->dg, name);

	if (!t)
		return -EINVAL;
	LIST_UNLINK(&t->tg->tgts, t);
	tg_tgt_free(t);
	return 0;
}

/* ---- target groups ------------------------------------------------------------------------ */

static const struct alua_mgmt tg_mgmt = {
	.noun = "target", .work = true, .add = tg_tgt_add, .del = tg_tgt_del,
};

/* [W]: "add|del <target>"; extra words are ignored. */
ALUA_MGMT_ATTR(tg_mgmt_attr, tg_mgmt);

static int group_id_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct alua_tg *tg = sfs_node_priv(n);

	return tk_buf_printf(out, "%lu\n" KEY, tg->group_id);
}

/* Synchronous; 0 is rejected although the README allows it (§3.6). */
static int group_id_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tg *tg = sfs_node_priv(n);

	return parse_short_id(buf, len, &tg->group_id);
}

static int preferred_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct alua_tg *tg = sfs_node_priv(n);

	return tk_buf_printf(out, "%d\n%s", tg->preferred, tg->preferred ? KEY : "");
}

static int preferred_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tg *tg = sfs_node_priv(n);
	unsigned long v;
	int r;

	sfs_work_begin();
	r = kp_strtoul(buf, &v);
	if (r < 0)
		return r;
	if (v > 1)
		return -EINVAL;
	tg->preferred = v;
	return 0;
}

static int state_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct alua_tg *tg = sfs_node_priv(n);

	return tk_buf_printf(out, "%s\n" KEY, state_names[tg->state]);
}

/* [W]: exact, case-sensitive names; one '\n' cut (scenario 38). */
static int state_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tg *tg = sfs_node_priv(n);
	size_t l = strcspn(buf, "\n"), i;

	sfs_work_begin();
	for (i = 0; i < TK_ARRAY_SIZE(state_names); i++) {
		if (strlen(state_names[i]) == l && !strncmp(buf, state_names[i], l)) {
			tg->state = (int)i;
			return 0;
		}
	}
	return -EINVAL;
}

static const struct sfs_attr group_id_attr = { group_id_show, group_id_store };
static const struct sfs_attr preferred_attr = { preferred_show, preferred_store };
static const struct sfs_attr state_attr = { state_show, state_store };

static const struct alua_file tg_files[] = {
	{ "mgmt", &tg_mgmt_attr },
	{ "group_id", &group_id_attr },
	{ "preferred", &preferred_attr },
	{ "state", &state_attr },
};

static int tg_add(void *owner, const char *name)
{
	struct alua_dg *dg = owner;
	struct alua_tg *tg;
	int r;

	if (LIST_FIND(dg->tg_list, name))
		return -EEXIST;
	tg = calloc(1, sizeof(*tg));
	if (!tg || !(tg->name = strdup(name))) {
		free(tg);
		return -ENOMEM;
	}
	tg->dg = dg;
	r = kobj_mkdir(dg->tgs, name, &tg->dir, tg_files, TK_ARRAY_SIZE(tg_files), tg);
	if (r) {
		free(tg->name);
		free(tg);
		return r;
	}
	LIST_APPEND(&dg->tg_list, tg);
	return 0;
}

static void tg_free(struct alua_tg *tg)
{
	while (tg->tgts) {
		struct alua_tgt *t = tg->tgts;

		tg->tgts = t->next;
		tg_tgt_free(t);
	}
	sfs_remove(tg->dir);
	free(tg->name);
	free(tg);
}

static int tg_del(void *owner, const char *name)
{
	struct alua_dg *dg = owner;
	struct alua_tg *tg = LIST_FIND(dg->tg_list, name);

	if (!tg)
		return -EINVAL;
	LIST_UNLINK(&dg->tg_list, tg);
	tg_free(tg);
	return 0;
}

/* [W]: "create|add <tg>", "del <tg>". */
static const struct alua_mgmt tgs_mgmt = {
	.noun = "group_name", .create = true, .work = true, .add = tg_add, .del = tg_del,
};

ALUA_MGMT_ATTR(tgs_mgmt_attr, tgs_mgmt);

/* ---- device-group devices ------------------------------------------------------------------- */

static int dgdev_add(void *owner, const char *name)
{
	struct alua_dg *dg = owner;
	struct alua_dgdev *m;
	struct sfs_dev *d = sfs_dev_find(name);
	int r;

	if (d && d->alua)
		return -EEXIST;
	if (!d)
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->d = d;
	m->dg = dg;
	r = sfs_mklink(dg->devs, name, sfs_dev_node(d), &m->link);
	if (r) {
		free(m);
		return r;
	}
	d->alua = m;
	LIST_APPEND(&dg->devices, m);
	return 0;
}

static void dgdev_unlink(struct alua_dgdev *m)
{
	LIST_UNLINK(&m->dg->devices, m);
	sfs_remove(m->link);
	m->d->alua = NULL;
	free(m);
}

static int dgdev_del(void *owner, const char *name)
{
	struct sfs_dev *d = sfs_dev_find(name);
	struct alua_dgdev *m = d ? d->alua : NULL;

	if (!m || m->dg != owner)
		return -EINVAL;
	dgdev_unlink(m);
	return 0;
}

/* [W]: "add|del <device>"; extra words are ignored (scenario 37 step 15). */
static const struct alua_mgmt devs_mgmt = {
	.noun = "device", .work = true, .add = dgdev_add, .del = dgdev_del,
};

ALUA_MGMT_ATTR(devs_mgmt_attr, devs_mgmt);


static const struct alua_file devs_files[] = { { "mgmt", &devs_mgmt_attr } };
static const struct alua_file tgs_files[] = { { "mgmt", &tgs_mgmt_attr } };

/* ---- device groups ------------------------------------------------------------------------------- */

static int dg_add(void *owner, const char *name)
{
	struct alua_dg *dg;
	int r;

	if (LIST_FIND(dg_list, name))
		return -EEXIST;
	dg = calloc(1, sizeof(*dg));
	if (!dg || !(dg->name = strdup(name))) {
		free(dg);
		return -ENOMEM;
	}
	r = kobj_mkdir(dgs_dir, name, &dg->dir, NULL, 0, dg);
	if (!r) {
		r = kobj_mkdir(dg->dir, "devices", &dg->devs, devs_files,
			       TK_ARRAY_SIZE(devs_files), dg);
		if (!r)
			r = kobj_mkdir(dg->dir, "target_groups", &dg->tgs, tgs_files,
				       TK_ARRAY_SIZE(tgs_files), dg);
		if (r)
			sfs_remove(dg->dir);
	}
	if (r) {
		free(dg->name);
		free(dg);
		return r;
	}
	LIST_APPEND(&dg_list, dg);
	return 0;
}

/* __scst_dg_remove(): tgs become active, then devices and tgs go. */
static int dg_del(void *owner, const char *name)
{
	struct alua_dg *dg = LIST_FIND(dg_list, name);
	struct alua_tg *tg;

	if (!dg)
		return -EINVAL;
	LIST_UNLINK(&dg_list, dg);
	for (tg = dg->tg_list; tg; tg = tg->next)
		tg->state = 0;
	while (dg->devices)
		dgdev_unlink(dg->devices);
	while (dg->tg_list) {
		tg = dg->tg_list;
		dg->tg_list = tg->next;
		tg_free(tg);
	}
	sfs_remove(dg->dir);
	free(dg->name);
	free(dg);
	return 0;
}

/* Synchronous: never touches last_sysfs_mgmt_res (scenario 37). */
static const struct alua_mgmt dgs_mgmt = {
	.noun = "group_name", .create = true, .add = dg_add, .del = dg_del,
};

ALUA_MGMT_ATTR(dgs_mgmt_attr, dgs_mgmt);


int sfs_alua_init(void)
{
	int r = sfs_mkdir(sfs_root(), "device_groups", &dgs_dir);

	if (!r)
		r = sfs_mkfile(dgs_dir, "mgmt", SFS_RW, &dgs_mgmt_attr, NULL, NULL);
	return r;
}

void sfs_alua_dev_removed(struct sfs_dev *d)
{
	if (d && d->alua)
		dgdev_unlink(d->alua);
}

void sfs_alua_tgt_removed(struct sfs_node *tgt_dir)
{
	struct alua_dg *dg;
	struct alua_tg *tg;
	struct alua_tgt **pp, *t;

	for (dg = dg_list; dg; dg = dg->next) {
		for (tg = dg->tg_list; tg; tg = tg->next) {
			for (pp = &tg->tgts; *pp;) {
				t = *pp;
				if (t->tgt_dir == tgt_dir) {
					*pp = t->next;
					tg_tgt_free(t);
				} else {
					pp = &t->next;
				}
			}
		}
	}
}
