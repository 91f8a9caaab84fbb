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
 * Split "verb name ..." cut at the first '\n' (the stores cut there);
 * further words are ignored (spec §1.1).  Return: 0 or -ENOMEM.
 */
static int split_cmd(const char *buf, char verb[32], char name[256])
{
	char *cmd = strndup(buf, strcspn(buf, "\n"));
	const char *pos = cmd;

	if (!cmd)
		return -ENOMEM;
	kp_word(&pos, verb, 32);
	kp_word(&pos, name, 256);
	free(cmd);
	return 0;
}

/* ---- target-group entries -------------------------------------------------------------- */

static int rel_tgt_id_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct alua_tgt *t = sfs_node_priv(n);

	return tk_buf_printf(out, "%lu\n" KEY, t->rel_tgt_id);
}

/* Only the first 7 characters are parsed; 1..65535 (scenario 38). */
static int parse_short_id(const char *buf, size_t len, unsigned long *out)
{
	char ch[8];
	int r;

	snprintf(ch, sizeof(ch), "%.*s", (int)(len < 7 ? len : 7), buf);
	r = kp_strtoul(ch, out);
	if (r < 0)
		return r;
	if (*out == 0 || *out > 0xffff)
		return -EINVAL;
	return 0;
}

static int rel_tgt_id_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tgt *t = sfs_node_priv(n);
	unsigned long v;
	int r = parse_short_id(buf, len, &v);

	if (!r)
		t->rel_tgt_id = v;
	return r;
}

static const struct sfs_attr rel_tgt_id_attr = { rel_tgt_id_show, rel_tgt_id_store };

static struct alua_tgt *dg_find_tgt(struct alua_dg *dg, const char *name)
{
	struct alua_tg *tg;
	struct alua_tgt *t;

	for (tg = dg->tg_list; tg; tg = tg->next)
		for (t = tg->tgts; t; t = t->next)
			if (!strcmp(t->name, name))
				return t;
	return NULL;
}

static int tg_tgt_add(struct alua_tg *tg, const char *name)
{
	struct alua_tgt *t, **pp;
	char *kname;
	int r;

	if (dg_find_tgt(tg->dg, name))
		return -EEXIST;
	t = calloc(1, sizeof(*t));
	kname = kobj_name(name);
	if (!t || !kname || !(t->name = strdup(name))) {
		free(kname);
		free(t);
		return -ENOMEM;
	}
	t->tg = tg;
	t->tgt_dir = sfs_tgt_find_local(name);
	if (t->tgt_dir) {
		r = sfs_mklink(tg->dir, kname, t->tgt_dir, &t->node);
	} else {
		r = sfs_mkdir(tg->dir, kname, &t->node);
		if (!r) {
			r = sfs_mkfile(t->node, "rel_tgt_id", SFS_RW, &rel_tgt_id_attr, t, NULL);
			if (r)
				sfs_remove(t->node);
		}
	}
	free(kname);
	if (r) {
		free(t->name);
		free(t);
		return r;
	}
	for (pp = &tg->tgts; *pp; pp = &(*pp)->next)
		;
	*pp = t;
	return 0;
}

static void tg_tgt_free(struct alua_tgt *t)
{
	sfs_remove(t->node);
	free(t->name);
	free(t);
}

static int tg_tgt_del(struct alua_tg *tg, const char *name)
{
	struct alua_tgt **pp, *t;
	struct alua_tg *owner;

	t = dg_find_tgt(tg->dg, name);
	if (!t)
		return -EINVAL;
	owner = t->tg;
	for (pp = &owner->tgts; *pp != t; pp = &(*pp)->next)
		;
	*pp = t->next;
	tg_tgt_free(t);
	return 0;
}

/* ---- target groups ------------------------------------------------------------------------ */

static int tg_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, "Usage: echo \"add target\" >mgmt\n"
			   "       echo \"del target\" >mgmt\n");
}

/* [W]: "add|del <target>"; extra words are ignored. */
static int tg_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tg *tg = sfs_node_priv(n);
	char verb[32], name[256];
	int r;

	sfs_work_begin();
	r = split_cmd(buf, verb, name);
	if (r)
		return r;
	r = -EINVAL;
	if (kp_verb_is(verb, "add") && name[0])
		r = tg_tgt_add(tg, name);
	else if (kp_verb_is(verb, "del") && name[0])
		r = tg_tgt_del(tg, name);
	return r;
}

static int group_id_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct alua_tg *tg = sfs_node_priv(n);

	return tk_buf_printf(out, "%lu\n" KEY, tg->group_id);
}

/* Synchronous; 0 is rejected although the README allows it (§3.6). */
static int group_id_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_tg *tg = sfs_node_priv(n);
	unsigned long v;
	int r = parse_short_id(buf, len, &v);

	if (!r)
		tg->group_id = v;
	return r;
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

static const struct sfs_attr tg_mgmt_attr = { tg_mgmt_show, tg_mgmt_store };
static const struct sfs_attr group_id_attr = { group_id_show, group_id_store };
static const struct sfs_attr preferred_attr = { preferred_show, preferred_store };
static const struct sfs_attr state_attr = { state_show, state_store };

static struct alua_tg *dg_find_tg(struct alua_dg *dg, const char *name)
{
	struct alua_tg *tg;

	for (tg = dg->tg_list; tg; tg = tg->next)
		if (!strcmp(tg->name, name))
			return tg;
	return NULL;
}

static int tg_add(struct alua_dg *dg, const char *name)
{
	struct alua_tg *tg, **pp;
	char *kname;
	int r;

	if (dg_find_tg(dg, name))
		return -EEXIST;
	tg = calloc(1, sizeof(*tg));
	kname = kobj_name(name);
	if (!tg || !kname || !(tg->name = strdup(name))) {
		free(kname);
		free(tg);
		return -ENOMEM;
	}
	tg->dg = dg;
	r = sfs_mkdir(dg->tgs, kname, &tg->dir);
	free(kname);
	if (!r) {
		r = sfs_mkfile(tg->dir, "mgmt", SFS_RW, &tg_mgmt_attr, tg, NULL);
		if (!r)
			r = sfs_mkfile(tg->dir, "group_id", SFS_RW, &group_id_attr, tg, NULL);
		if (!r)
			r = sfs_mkfile(tg->dir, "preferred", SFS_RW, &preferred_attr, tg, NULL);
		if (!r)
			r = sfs_mkfile(tg->dir, "state", SFS_RW, &state_attr, tg, NULL);
		if (r)
			sfs_remove(tg->dir);
	}
	if (r) {
		free(tg->name);
		free(tg);
		return r;
	}
	for (pp = &dg->tg_list; *pp; pp = &(*pp)->next)
		;
	*pp = tg;
	return 0;
}

static void tg_free(struct alua_tg *tg)
{
	struct alua_tgt *t, *next;

	for (t = tg->tgts; t; t = next) {
		next = t->next;
		tg_tgt_free(t);
	}
	sfs_remove(tg->dir);
	free(tg->name);
	free(tg);
}

static int tg_del(struct alua_dg *dg, const char *name)
{
	struct alua_tg **pp, *tg;

	for (pp = &dg->tg_list; *pp && strcmp((*pp)->name, name); pp = &(*pp)->next)
		;
	tg = *pp;
	if (!tg)
		return -EINVAL;
	*pp = tg->next;
	tg_free(tg);
	return 0;
}

static int tgs_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, "Usage: echo \"create group_name\" >mgmt\n"
			   "       echo \"del group_name\" >mgmt\n");
}

/* [W]: "create|add <tg>", "del <tg>". */
static int tgs_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_dg *dg = sfs_node_priv(n);
	char verb[32], name[256];
	int r;

	sfs_work_begin();
	r = split_cmd(buf, verb, name);
	if (r)
		return r;
	r = -EINVAL;
	if ((kp_verb_is(verb, "create") || kp_verb_is(verb, "add")) && name[0])
		r = tg_add(dg, name);
	else if (kp_verb_is(verb, "del") && name[0])
		r = tg_del(dg, name);
	return r;
}

/* ---- device-group devices ------------------------------------------------------------------- */

static int dgdev_add(struct alua_dg *dg, const char *name)
{
	struct alua_dgdev *m, **pp;
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
	for (pp = &dg->devices; *pp; pp = &(*pp)->next)
		;
	*pp = m;
	return 0;
}

static void dgdev_unlink(struct alua_dgdev *m)
{
	struct alua_dgdev **pp;

	for (pp = &m->dg->devices; *pp && *pp != m; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = m->next;
	sfs_remove(m->link);
	m->d->alua = NULL;
	free(m);
}

static int dgdev_del(struct alua_dg *dg, const char *name)
{
	struct sfs_dev *d = sfs_dev_find(name);
	struct alua_dgdev *m = d ? d->alua : NULL;

	if (!m || m->dg != dg)
		return -EINVAL;
	dgdev_unlink(m);
	return 0;
}

static int devs_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, "Usage: echo \"add device\" >mgmt\n"
			   "       echo \"del device\" >mgmt\n");
}

/* [W]: "add|del <device>"; extra words are ignored (scenario 37 step 15). */
static int devs_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct alua_dg *dg = sfs_node_priv(n);
	char verb[32], name[256];
	int r;

	sfs_work_begin();
	r = split_cmd(buf, verb, name);
	if (r)
		return r;
	r = -EINVAL;
	if (kp_verb_is(verb, "add") && name[0])
		r = dgdev_add(dg, name);
	else if (kp_verb_is(verb, "del") && name[0])
		r = dgdev_del(dg, name);
	return r;
}

static const struct sfs_attr tgs_mgmt_attr = { tgs_mgmt_show, tgs_mgmt_store };
static const struct sfs_attr devs_mgmt_attr = { devs_mgmt_show, devs_mgmt_store };

/* ---- device groups ------------------------------------------------------------------------------- */

static struct alua_dg *dg_find(const char *name)
{
	struct alua_dg *dg;

	for (dg = dg_list; dg; dg = dg->next)
		if (!strcmp(dg->name, name))
			return dg;
	return NULL;
}

static int dg_add(const char *name)
{
	struct alua_dg *dg, **pp;
	char *kname;
	int r;

	if (dg_find(name))
		return -EEXIST;
	dg = calloc(1, sizeof(*dg));
	kname = kobj_name(name);
	if (!dg || !kname || !(dg->name = strdup(name))) {
		free(kname);
		free(dg);
		return -ENOMEM;
	}
	r = sfs_mkdir(dgs_dir, kname, &dg->dir);
	free(kname);
	if (!r) {
		r = sfs_mkdir(dg->dir, "devices", &dg->devs);
		if (!r)
			r = sfs_mkfile(dg->devs, "mgmt", SFS_RW, &devs_mgmt_attr, dg, NULL);
		if (!r)
			r = sfs_mkdir(dg->dir, "target_groups", &dg->tgs);
		if (!r)
			r = sfs_mkfile(dg->tgs, "mgmt", SFS_RW, &tgs_mgmt_attr, dg, NULL);
		if (r)
			sfs_remove(dg->dir);
	}
	if (r) {
		free(dg->name);
		free(dg);
		return r;
	}
	for (pp = &dg_list; *pp; pp = &(*pp)->next)
		;
	*pp = dg;
	return 0;
}

/* __scst_dg_remove(): tgs become active, then devices and tgs go. */
static int dg_del(const char *name)
{
	struct alua_dg **pp, *dg;
	struct alua_tg *tg, *tnext;

	for (pp = &dg_list; *pp && strcmp((*pp)->name, name); pp = &(*pp)->next)
		;
	dg = *pp;
	if (!dg)
		return -EINVAL;
	*pp = dg->next;
	for (tg = dg->tg_list; tg; tg = tg->next)
		tg->state = 0;
	while (dg->devices)
		dgdev_unlink(dg->devices);
	for (tg = dg->tg_list; tg; tg = tnext) {
		tnext = tg->next;
		tg_free(tg);
	}
	sfs_remove(dg->dir);
	free(dg->name);
	free(dg);
	return 0;
}

static int dgs_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, "Usage: echo \"create group_name\" >mgmt\n"
			   "       echo \"del group_name\" >mgmt\n");
}

/* Synchronous: never touches last_sysfs_mgmt_res (scenario 37). */
static int dgs_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	char verb[32], name[256];
	int r;

	r = split_cmd(buf, verb, name);
	if (r)
		return r;
	r = -EINVAL;
	if ((kp_verb_is(verb, "create") || kp_verb_is(verb, "add")) && name[0])
		r = dg_add(name);
	else if (kp_verb_is(verb, "del") && name[0])
		r = dg_del(name);
	return r;
}

static const struct sfs_attr dgs_mgmt_attr = { dgs_mgmt_show, dgs_mgmt_store };

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
