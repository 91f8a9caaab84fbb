// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tgt.c - generic target machinery of the emulated SCST kernel:
 * targets/<drv>/ (mgmt dispatch, help texts, trace_level), the target
 * core attributes (spec scst-sysfs.md §2.5), luns/ (§2.6, §3.3),
 * ini_groups/ (§2.7, §3.4, §3.5) and sessions/ (§2.8).
 *
 * Behaviour comes from the spec and the real-kernel recordings in
 * shared/scst-real (scenarios 28, 29, 31, 32, 35, 40, 41, 43).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kparse.h"
#include "tgt.h"

#define SFS_MAX_LUN 16383
#define SFS_MAX_REL_TGT_ID 65535

/* ======================================================================== */
/* model objects private to this file                                       */

/* A LUN: an acg_dev. */
struct sfs_lun {
	struct sfs_acg *acg;
	struct sfs_dev *dev;
	uint64_t lun;
	bool read_only;
	struct sfs_node *node;
	struct sfs_node *export_link;
	struct tl_link tgt_devs;	/* views in sessions */
	struct sfs_hnode hnode;		/* in acg->luns */
	struct tl_link alink;		/* in acg->lun_list */
	struct tl_link dlink;		/* in tdev->luns */
};

/* Per-device bookkeeping of the target side. */
struct tdev {
	struct sfs_dev *dev;
	struct tl_link luns;
	struct tl_link tgt_devs;
	size_t ntgt_devs;
	struct sfs_hnode hnode;
};

/* A session's view of one LUN: sessions/<s>/lun<N>/. */
struct sfs_tgt_dev {
	struct sfs_sess *sess;
	struct sfs_lun *lun;
	struct tdev *td;
	struct sfs_node *node;
	int thread_index;
	int thread_pid;
	struct tl_link slink;		/* in sess->tgt_devs */
	struct tl_link llink;		/* in lun->tgt_devs */
	struct tl_link dlink;		/* in td->tgt_devs */
};

/* An initiator pattern of a group. */
struct sfs_ini {
	struct sfs_acg *acg;
	char *name;
	struct sfs_node *node;
	struct sfs_hnode hnode;
	struct tl_link link;
};

static struct sfs_htab tdevs;
static struct sfs_tgtt *drivers[8];
static size_t ndrivers;
static uint32_t relid_cnt[SFS_MAX_REL_TGT_ID + 1];
static unsigned long relid_next = 1;
static int next_thread_pid = 200;

static void acg_rebind_sessions(struct sfs_tgt *t);

/* ======================================================================== */
/* small helpers                                                            */

static char *xstrdup(const char *s)
{
	return strdup(s);
}

static int tolower_c(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : (unsigned char)c;
}

static int show_fmt_key(struct tk_buf *out, const char *val, bool key)
{
	int r = tk_buf_printf(out, "%s\n", val);

	if (!r && key)
		r = tk_buf_adds(out, "[key]\n");
	return r;
}

int sfs_attr_mkfiles(struct sfs_node *dir, const struct sfs_attr_def *tab, size_t n,
		     void *priv)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		r = sfs_mkfile(dir, tab[i].name, tab[i].mode, tab[i].attr, priv, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

static int show_zero(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "0\n");
}

static int store_ignore(struct sfs_node *n, const char *buf, size_t len)
{
	(void)n;
	(void)buf;
	(void)len;
	return 0;
}

static const struct sfs_attr attr_zero_ro = { .show = show_zero };

static const char *const stat_names[] = {
	"bidi_cmd_count", "bidi_io_count_kb", "bidi_unaligned_cmd_count",
	"none_cmd_count", "read_cmd_count", "read_io_count_kb",
	"read_unaligned_cmd_count", "unknown_cmd_count", "write_cmd_count",
	"write_io_count_kb", "write_unaligned_cmd_count",
};

static int stat_index(const char *name)
{
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(stat_names); i++)
		if (!strcmp(stat_names[i], name))
			return (int)i;
	return 0;
}

void sfs_sess_count_reads(struct sfs_sess *s, unsigned int cmds, unsigned int kb,
			  unsigned int unaligned)
{
	s->stats[SFS_ST_READ_CMD] += cmds;
	s->stats[SFS_ST_READ_KB] += kb;
	s->stats[SFS_ST_READ_UNAL] += unaligned;
}

static int sess_stat_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_sess *s = sfs_node_priv(n);

	return tk_buf_printf(out, "%llu\n", s->stats[stat_index(sfs_node_name(n))]);
}

/* scst_sess_*_store(): a write zeroes the counters of that direction */
static int sess_stat_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_sess *s = sfs_node_priv(n);
	int i = stat_index(sfs_node_name(n));

	(void)buf;
	(void)len;
	if (i == SFS_ST_NONE || i == SFS_ST_UNKNOWN) {
		s->stats[i] = 0;
	} else {
		i = i < SFS_ST_NONE ? SFS_ST_BIDI_CMD : i < SFS_ST_UNKNOWN ? SFS_ST_READ_CMD :
		    SFS_ST_WRITE_CMD;
		s->stats[i] = s->stats[i + 1] = s->stats[i + 2] = 0;
	}
	return 0;
}

/* target statistics: the sums over its sessions (a read-only work) */
static int tgt_stat_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt *t = sfs_node_priv(n);
	int i = stat_index(sfs_node_name(n));
	unsigned long long sum = 0;
	struct tl_link *it;

	for (it = t->sess_list.next; it != &t->sess_list; it = it->next)
		sum += sfs_container_of(it, struct sfs_sess, tlink)->stats[i];
	return tk_buf_printf(out, "%llu\n", sum);
}

static const struct sfs_attr attr_sess_stat = { sess_stat_show, sess_stat_store };
static const struct sfs_attr attr_tgt_stat = { .show = tgt_stat_show };

static int mk_stats(struct sfs_node *dir, mode_t mode, void *priv)
{
	size_t i;
	int r;

	for (i = 0; i < TK_ARRAY_SIZE(stat_names); i++) {
		r = sfs_mkfile(dir, stat_names[i], mode,
			       mode == SFS_R ? &attr_tgt_stat : &attr_sess_stat, priv, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

static const char dif_caps_text[] =
	"dif_supported, hw_dif_type1_supported, hw_dif_type2_supported, hw_dif_type3_supported\n";
static const char dif_failed_text[] =
	"\tapp\tref\tguard\ntgt\t0\t0\t0\nscst\t0\t0\t0\ndev\t0\t0\t0\n";

static int dif_caps_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, dif_caps_text);
}

static int dif_failed_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, dif_failed_text);
}

static const struct sfs_attr attr_dif_caps = { .show = dif_caps_show };
static const struct sfs_attr attr_dif_failed = { .show = dif_failed_show,
						 .store = store_ignore };

/* ======================================================================== */
/* rel_tgt_id bookkeeping (spec §2.5, §9 item 8; scenarios 41, 43)          */

/* A target counts for uniqueness when enabled or without an enable hook. */
static bool tgt_active(const struct sfs_tgt *t)
{
	return !t->tt->has_enable || t->enabled;
}

static bool relid_unique(unsigned int id, const struct sfs_tgt *self)
{
	uint32_t c = relid_cnt[id & 0xffff];

	if (self && tgt_active(self) && (self->rel_tgt_id & 0xffff) == (id & 0xffff))
		c--;
	return c == 0;
}

static void relid_account(struct sfs_tgt *t, int delta)
{
	if (tgt_active(t))
		relid_cnt[t->rel_tgt_id & 0xffff] += (uint32_t)delta;
}

static void tgt_set_relid(struct sfs_tgt *t, unsigned int id)
{
	relid_account(t, -1);
	t->rel_tgt_id = id;
	relid_account(t, +1);
}

static void tgt_set_enabled(struct sfs_tgt *t, bool on)
{
	relid_account(t, -1);
	t->enabled = on;
	relid_account(t, +1);
}

/* gen_relative_target_port_id(): rolling counter, skips used ids. */
static int relid_generate(unsigned int *id)
{
	unsigned long prev = relid_next;

	do {
		if (relid_cnt[relid_next] == 0) {
			*id = (unsigned int)relid_next++;
			if (relid_next > SFS_MAX_REL_TGT_ID)
				relid_next = 1;
			return 0;
		}
		relid_next++;
		if (relid_next > SFS_MAX_REL_TGT_ID)
			relid_next = 1;
	} while (relid_next != prev);
	return -EOVERFLOW;
}

/* ======================================================================== */
/* per-device records                                                       */

static struct tdev *tdev_find(const struct sfs_dev *d)
{
	uint64_t h = sfs_hash_u64((uint64_t)(uintptr_t)d);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &tdevs, h) {
		struct tdev *td = sfs_container_of(n, struct tdev, hnode);

		if (td->dev == d)
			return td;
	}
	return NULL;
}

static struct tdev *tdev_get(struct sfs_dev *d)
{
	struct tdev *td = tdev_find(d);

	if (td)
		return td;
	td = calloc(1, sizeof(*td));
	if (!td)
		return NULL;
	td->dev = d;
	tl_init(&td->luns);
	tl_init(&td->tgt_devs);
	if (sfs_htab_add(&tdevs, &td->hnode, sfs_hash_u64((uint64_t)(uintptr_t)d)) < 0) {
		free(td);
		return NULL;
	}
	return td;
}

static void tdev_put(struct tdev *td)
{
	if (!td || !tl_empty(&td->luns) || !tl_empty(&td->tgt_devs))
		return;
	sfs_htab_del(&tdevs, &td->hnode);
	free(td);
}

/* ======================================================================== */
/* session LUN views (tgt_dev)                                              */

static int td_thread_index_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt_dev *v = sfs_node_priv(n);
	struct sfs_dev *d = v->lun->dev;

	/* the threads are set up again when the device's pool changes (scenario 17) */
	if (sfs_dev_threads_num(d) <= 0 || sfs_dev_threads_shared(d))
		return tk_buf_adds(out, "-1\n");
	return tk_buf_printf(out, "%d\n", v->thread_index);
}

static int td_thread_pid_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt_dev *v = sfs_node_priv(n);

	return tk_buf_printf(out, "%d\n", v->thread_pid);
}

static const struct sfs_attr attr_td_index = { .show = td_thread_index_show };
static const struct sfs_attr attr_td_pid = { .show = td_thread_pid_show };

static const struct sfs_attr_def td_files[] = {
	{ "active_commands", SFS_R, &attr_zero_ro },
	{ "thread_index", SFS_R, &attr_td_index },
	{ "thread_pid", SFS_R, &attr_td_pid },
};

/*
 * scst_alloc_add_tgt_dev() + scst_tgt_dev_setup_threads(): the thread
 * index is the view's position in the device's list when threads are
 * per initiator, else -1.
 */
static int tgt_dev_add(struct sfs_sess *s, struct sfs_lun *l)
{
	struct sfs_tgt_dev *v = calloc(1, sizeof(*v));
	char name[32];
	int r;

	if (!v)
		return -ENOMEM;
	v->sess = s;
	v->lun = l;
	v->td = tdev_get(l->dev);
	if (!v->td) {
		free(v);
		return -ENOMEM;
	}
	v->thread_index = (int)v->td->ntgt_devs;
	v->thread_pid = next_thread_pid++;
	snprintf(name, sizeof(name), "lun%llu", (unsigned long long)l->lun);
	r = sfs_mkdir(s->node, name, &v->node);
	if (r < 0) {
		tdev_put(v->td);
		free(v);
		return r;
	}
	r = sfs_attr_mkfiles(v->node, td_files, TK_ARRAY_SIZE(td_files), v);
	if (!r && sfs_dev_dif(l->dev))	/* scenario 47 */
		r = sfs_mkfile(v->node, "dif_checks_failed", SFS_RW, &attr_dif_failed, v, NULL);
	if (r < 0) {
		sfs_remove(v->node);
		tdev_put(v->td);
		free(v);
		return r;
	}
	tl_add_tail(&s->tgt_devs, &v->slink);
	tl_add_tail(&l->tgt_devs, &v->llink);
	tl_add_tail(&v->td->tgt_devs, &v->dlink);
	v->td->ntgt_devs++;
	return 0;
}

static void tgt_dev_del(struct sfs_tgt_dev *v)
{
	tl_del(&v->slink);
	tl_del(&v->llink);
	tl_del(&v->dlink);
	v->td->ntgt_devs--;
	sfs_remove(v->node);
	tdev_put(v->td);
	free(v);
}

/* ======================================================================== */
/* LUNs                                                                     */

static int lun_read_only_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_lun *l = sfs_node_priv(n);

	if (l->read_only || sfs_dev_read_only(l->dev))
		return tk_buf_adds(out, "1\n[key]\n");
	return tk_buf_adds(out, "0\n");
}

static const struct sfs_attr attr_lun_ro = { .show = lun_read_only_show };

static struct sfs_lun *acg_find_lun(const struct sfs_acg *g, uint64_t lun)
{
	uint64_t h = sfs_hash_u64(lun);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &g->luns, h) {
		struct sfs_lun *l = sfs_container_of(n, struct sfs_lun, hnode);

		if (l->lun == lun)
			return l;
	}
	return NULL;
}

bool sfs_acg_has_lun(struct sfs_acg *g, uint64_t lun)
{
	return acg_find_lun(g, lun) != NULL;
}

static void lun_free(struct sfs_lun *l)
{
	struct tdev *td;

	while (!tl_empty(&l->tgt_devs))
		tgt_dev_del(sfs_container_of(l->tgt_devs.next, struct sfs_tgt_dev, llink));
	sfs_htab_del(&l->acg->luns, &l->hnode);
	tl_del(&l->alink);
	tl_del(&l->dlink);
	if (l->export_link)
		sfs_dev_export_del(l->dev, l->export_link);
	sfs_remove(l->node);
	td = tdev_find(l->dev);
	free(l);
	tdev_put(td);
}

int sfs_acg_add_lun(struct sfs_acg *g, struct sfs_dev *d, uint64_t lun, bool read_only,
		    bool cm_auto)
{
	struct sfs_tgtt *tt = g->tgt->tt;
	struct tl_link *it;
	struct sfs_lun *l;
	struct tdev *td;
	char name[32];
	int r;

	if (acg_find_lun(g, lun))
		return -EEXIST;
	/* scst_check_dif_compatibility(): scenario 47 */
	if (sfs_dev_dif(d) && !tt->dif)
		return -EINVAL;
	/*
	 * scst_cm_on_add_lun(): spec §2.9.  The automatic registration runs
	 * before the device's read-only flag is set (scenarios 13, 14).
	 */
	if (tt->is_cm && !cm_auto && (read_only || sfs_dev_read_only(d)))
		return -EINVAL;
	td = tdev_get(d);
	if (!td)
		return -ENOMEM;
	l = calloc(1, sizeof(*l));
	if (!l) {
		tdev_put(td);
		return -ENOMEM;
	}
	l->acg = g;
	l->dev = d;
	l->lun = lun;
	l->read_only = read_only;
	tl_init(&l->tgt_devs);
	snprintf(name, sizeof(name), "%llu", (unsigned long long)lun);
	r = sfs_mkdir(g->luns_node, name, &l->node);
	if (r < 0)
		goto err_free;
	r = sfs_mkfile(l->node, "read_only", SFS_R, &attr_lun_ro, l, NULL);
	if (!r)
		r = sfs_mklink(l->node, "device", sfs_dev_node(d), NULL);
	if (!r)
		r = sfs_dev_export_add(d, l->node, &l->export_link);
	if (r < 0)
		goto err_node;
	r = sfs_htab_add(&g->luns, &l->hnode, sfs_hash_u64(lun));
	if (r < 0)
		goto err_export;
	tl_add_tail(&g->lun_list, &l->alink);
	tl_add_tail(&td->luns, &l->dlink);
	for (it = g->sess_list.next; it != &g->sess_list; it = it->next)
		tgt_dev_add(sfs_container_of(it, struct sfs_sess, alink), l);
	if (tt->lun_added)
		tt->lun_added(g, d);
	return 0;

err_export:
	if (l->export_link)
		sfs_dev_export_del(d, l->export_link);
err_node:
	sfs_remove(l->node);
err_free:
	free(l);
	tdev_put(td);
	return r;
}

/* ======================================================================== */
/* luns/mgmt (spec §3.3; scenarios 28, 29, 32)                              */

static const char luns_help[] =
	"Usage: echo \"add H:C:I:L lun [parameters]\" >mgmt\n"
	"       echo \"add VNAME lun [parameters]\" >mgmt\n"
	"       echo \"del lun\" >mgmt\n"
	"       echo \"replace H:C:I:L lun [parameters]\" >mgmt\n"
	"       echo \"replace VNAME lun [parameters]\" >mgmt\n"
	"       echo \"replace_no_ua H:C:I:L lun [parameters]\" >mgmt\n"
	"       echo \"replace_no_ua VNAME lun [parameters]\" >mgmt\n"
	"       echo \"clear\" >mgmt\n"
	"\n"
	"where parameters are one or more param_name=value pairs separated by ';'\n"
	"\n"
	"The following parameters available: read_only\n";

static int luns_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, luns_help);
}

/* scst_parse_add_repl_param(): "<lun> [read_only=N;...]" */
static int parse_lun_params(const char *pos, uint64_t *lun, bool *ro)
{
	char word[4096], item[4096];
	unsigned long v;
	int r;

	*ro = false;
	kp_word(&pos, word, sizeof(word));
	r = kp_strtoul(word, &v);
	if (r < 0)
		return r;
	if (v > SFS_MAX_LUN)
		return -EINVAL;
	*lun = v;
	while (kp_token(&pos, item, sizeof(item))) {
		const char *ip = item;
		char p1[4096], p2[4096], p3[16];

		kp_word(&ip, p1, sizeof(p1));
		if (!p1[0])
			return -EINVAL;
		kp_word(&ip, p2, sizeof(p2));
		if (!p2[0])
			return -EINVAL;
		if (kp_word(&ip, p3, sizeof(p3)))
			return -EINVAL;
		r = kp_strtoul(p2, &v);
		if (r < 0)
			return r;
		if (strcasecmp(p1, "read_only"))
			return -EINVAL;
		*ro = v != 0;
	}
	return 0;
}

static int luns_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_acg *g = sfs_node_priv(n);
	char verb[32], word[4096];
	const char *pos = buf;
	struct sfs_dev *d = NULL;
	struct sfs_lun *l;
	uint64_t lun;
	bool ro;
	int r;

	(void)len;
	sfs_work_begin();
	kp_word(&pos, verb, sizeof(verb));
	if (!kp_verb_is(verb, "add") && !kp_verb_is(verb, "del") &&
	    !kp_verb_is(verb, "replace") && !kp_verb_is(verb, "replace_no_ua") &&
	    !kp_verb_is(verb, "clear"))
		return -EINVAL;
	if (kp_verb_is(verb, "add") || kp_verb_is(verb, "replace") ||
	    kp_verb_is(verb, "replace_no_ua")) {
		kp_word(&pos, word, sizeof(word));
		d = sfs_dev_find(word);
		if (!d)
			return -EINVAL;
		r = parse_lun_params(pos, &lun, &ro);
		if (r < 0)
			return r;
		if (kp_verb_is(verb, "add"))
			return sfs_acg_add_lun(g, d, lun, ro, false);
		/* replace: the old LUN is gone even if the add fails (§3.3) */
		l = acg_find_lun(g, lun);
		if (l)
			lun_free(l);
		return sfs_acg_add_lun(g, d, lun, ro, false);
	}
	if (kp_verb_is(verb, "del")) {
		unsigned long v;

		kp_word(&pos, word, sizeof(word));
		r = kp_strtoul(word, &v);
		if (r < 0)
			return r;
		if (kp_word(&pos, word, sizeof(word)))
			return -EINVAL;
		l = acg_find_lun(g, v);
		if (!l)
			return -EINVAL;
		lun_free(l);
		return 0;
	}
	/* clear */
	if (kp_word(&pos, word, sizeof(word)))
		return -EINVAL;
	while (!tl_empty(&g->lun_list))
		lun_free(sfs_container_of(g->lun_list.next, struct sfs_lun, alink));
	return 0;
}

static const struct sfs_attr attr_luns_mgmt = { .show = luns_mgmt_show,
						.store = luns_mgmt_store };

/* ======================================================================== */
/* group/target shared attributes: addr_method, io_grouping_type,           */
/* black_hole, cpu_mask (sysfs __scst_acg_*; scenario 40)                   */

static struct sfs_acg *node_acg(struct sfs_node *n)
{
	return sfs_node_priv(n);
}

static int addr_method_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_acg *g = node_acg(n);
	static const char *const names[] = { "PERIPHERAL", "FLAT", "LUN" };

	return show_fmt_key(out, names[g->addr_method], g->addr_method != SFS_AM_PERIPHERAL);
}

static bool prefix_is(const char *buf, size_t len, const char *word)
{
	size_t n = strlen(word);

	if (len < n)
		n = len;
	return strncasecmp(buf, word, n) == 0;
}

static int addr_method_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_acg *g = node_acg(n);

	if (prefix_is(buf, len, "FLAT"))
		g->addr_method = SFS_AM_FLAT;
	else if (prefix_is(buf, len, "PERIPHERAL"))
		g->addr_method = SFS_AM_PERIPHERAL;
	else if (prefix_is(buf, len, "LUN"))
		g->addr_method = SFS_AM_LUN;
	else
		return -EINVAL;
	return 0;
}

static int iog_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_acg *g = node_acg(n);

	switch (g->io_grouping) {
	case SFS_IOG_AUTO:
		return tk_buf_adds(out, "auto\n");
	case SFS_IOG_THIS_GROUP:
		return tk_buf_adds(out, "this_group_only\n[key]\n");
	case SFS_IOG_NEVER:
		return tk_buf_adds(out, "never\n[key]\n");
	default:
		return tk_buf_printf(out, "%d\n[key]\n", g->io_grouping);
	}
}

static int iog_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_acg *g = node_acg(n);
	long v;

	if (prefix_is(buf, len, "auto")) {
		v = SFS_IOG_AUTO;
	} else if (prefix_is(buf, len, "this_group_only")) {
		v = SFS_IOG_THIS_GROUP;
	} else if (prefix_is(buf, len, "never")) {
		v = SFS_IOG_NEVER;
	} else {
		if (kp_strtol(buf, &v) < 0 || v <= 0 || v > 0x7fffffff)
			return -EINVAL;
	}
	if (v == g->io_grouping)
		return 0;
	sfs_work_begin();
	g->io_grouping = (int)v;
	return 0;
}

static int black_hole_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%d\n", node_acg(n)->black_hole);
}

static int black_hole_store(struct sfs_node *n, const char *buf, size_t len)
{
	(void)len;
	if (buf[0] < '0' || buf[0] > '4')
		return -EINVAL;
	node_acg(n)->black_hole = buf[0] - '0';
	return 0;
}

static uint64_t all_cpus_mask(void)
{
	int n = sfs_core_ncpus();

	if (n >= 64)
		return ~0ULL;
	return (1ULL << n) - 1;
}

static int cpu_mask_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_acg *g = node_acg(n);
	int r = tk_buf_printf(out, "%llx\n", (unsigned long long)g->cpu_mask);

	if (!r && g->cpu_mask != all_cpus_mask())
		r = tk_buf_adds(out, "[key]\n");
	return r;
}

/* bitmap_parse(): hex digits in comma-separated 32-bit chunks. */
static int parse_cpu_mask(const char *buf, size_t len, uint64_t *out)
{
	uint64_t m = 0;
	size_t i;
	int ncpus = sfs_core_ncpus(), digits = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++) {
		char c = buf[i];
		int v;

		if (c == ',')
			continue;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -EINVAL;
		if (m >> 60)
			return -EOVERFLOW;
		m = (m << 4) | (uint64_t)v;
		digits++;
	}
	if (!digits && len)
		return -EINVAL;
	if (ncpus < 64 && (m >> ncpus))
		return -EOVERFLOW;
	*out = m;
	return 0;
}

static int cpu_mask_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_acg *g = node_acg(n);
	uint64_t m;
	int r = parse_cpu_mask(buf, len, &m);

	if (r < 0)
		return r;
	if (m == g->cpu_mask)
		return 0;
	sfs_work_begin();
	g->cpu_mask = m;
	return 0;
}

static const struct sfs_attr attr_addr_method = { addr_method_show, addr_method_store };
static const struct sfs_attr attr_iog = { iog_show, iog_store };
static const struct sfs_attr attr_black_hole = { black_hole_show, black_hole_store };
static const struct sfs_attr attr_cpu_mask = { cpu_mask_show, cpu_mask_store };

static const struct sfs_attr_def acg_common_files[] = {
	{ "addr_method", SFS_RW, &attr_addr_method },
	{ "black_hole", SFS_RW, &attr_black_hole },
	{ "cpu_mask", SFS_RW, &attr_cpu_mask },
	{ "io_grouping_type", SFS_RW, &attr_iog },
};

static void acg_init(struct sfs_acg *g, struct sfs_tgt *t)
{
	g->tgt = t;
	g->addr_method = SFS_AM_PERIPHERAL;
	g->io_grouping = SFS_IOG_AUTO;
	g->cpu_mask = all_cpus_mask();
	tl_init(&g->lun_list);
	tl_init(&g->ini_list);
	tl_init(&g->sess_list);
}

/* ======================================================================== */
/* initiators (spec §3.5; scenario 31)                                      */

static const char inis_help[] =
	"Usage: echo \"add INITIATOR_NAME\" >mgmt\n"
	"       echo \"del INITIATOR_NAME\" >mgmt\n"
	"       echo \"move INITIATOR_NAME DEST_GROUP_NAME\" >mgmt\n"
	"       echo \"clear\" >mgmt\n";

static int inis_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, inis_help);
}

static int ini_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_ini *i = sfs_node_priv(n);

	return tk_buf_printf(out, "%s\n", i->name);
}

static const struct sfs_attr attr_ini = { .show = ini_show };

static struct sfs_ini *acg_find_ini(const struct sfs_acg *g, const char *name)
{
	uint64_t h = sfs_hash_str(name);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &g->inis, h) {
		struct sfs_ini *i = sfs_container_of(n, struct sfs_ini, hnode);

		if (!strcmp(i->name, name))
			return i;
	}
	return NULL;
}

static int acg_add_ini(struct sfs_acg *g, const char *name)
{
	struct sfs_ini *i;
	int r;

	if (acg_find_ini(g, name))
		return -EEXIST;
	i = calloc(1, sizeof(*i));
	if (!i)
		return -ENOMEM;
	i->acg = g;
	i->name = xstrdup(name);
	if (!i->name) {
		free(i);
		return -ENOMEM;
	}
	r = sfs_mkfile(g->inits_node, name, SFS_R, &attr_ini, i, &i->node);
	if (!r)
		r = sfs_htab_add(&g->inis, &i->hnode, sfs_hash_str(name));
	if (r < 0) {
		sfs_remove(i->node);
		free(i->name);
		free(i);
		return r;
	}
	tl_add_tail(&g->ini_list, &i->link);
	return 0;
}

static void ini_free(struct sfs_ini *i)
{
	sfs_htab_del(&i->acg->inis, &i->hnode);
	tl_del(&i->link);
	sfs_remove(i->node);
	free(i->name);
	free(i);
}

static struct sfs_acg *tgt_find_acg(const struct sfs_tgt *t, const char *name)
{
	uint64_t h = sfs_hash_str(name);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &t->acgs, h) {
		struct sfs_acg *g = sfs_container_of(n, struct sfs_acg, hnode);

		if (!strcmp(g->name, name))
			return g;
	}
	return NULL;
}

static int inis_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_acg *g = sfs_node_priv(n), *g2;
	char verb[32], name[4096], dest[4096];
	const char *pos = buf;
	struct sfs_ini *i;
	int r = 0;

	(void)len;
	sfs_work_begin();
	kp_word(&pos, verb, sizeof(verb));
	if (kp_verb_is(verb, "add")) {
		if (!kp_word(&pos, name, sizeof(name)))
			return -EINVAL;
		r = acg_add_ini(g, name);
	} else if (kp_verb_is(verb, "del")) {
		if (!kp_word(&pos, name, sizeof(name)))
			return -EINVAL;
		i = acg_find_ini(g, name);
		if (!i)
			return -EINVAL;
		ini_free(i);
	} else if (kp_verb_is(verb, "move")) {
		if (!kp_word(&pos, name, sizeof(name)) || !kp_word(&pos, dest, sizeof(dest)))
			return -EINVAL;
		g2 = tgt_find_acg(g->tgt, dest);
		i = acg_find_ini(g, name);
		if (!g2 || !i)
			return -EINVAL;
		if (acg_find_ini(g2, name))
			return -EEXIST;
		r = acg_add_ini(g2, name);
		if (r < 0)
			return r;
		ini_free(i);
	} else if (kp_verb_is(verb, "clear")) {
		while (!tl_empty(&g->ini_list))
			ini_free(sfs_container_of(g->ini_list.next, struct sfs_ini, link));
	} else {
		return -EINVAL;
	}
	if (r == 0)
		acg_rebind_sessions(g->tgt);
	return r;
}

static const struct sfs_attr attr_inis_mgmt = { inis_mgmt_show, inis_mgmt_store };

/* ======================================================================== */
/* ini_groups/ (spec §3.4; scenarios 31, 32, 35, 40)                        */

static const char groups_help[] =
	"Usage: echo \"create GROUP_NAME\" >mgmt\n"
	"       echo \"del GROUP_NAME\" >mgmt\n";

static int groups_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, groups_help);
}

static void acg_free(struct sfs_acg *g)
{
	while (!tl_empty(&g->lun_list))
		lun_free(sfs_container_of(g->lun_list.next, struct sfs_lun, alink));
	while (!tl_empty(&g->ini_list))
		ini_free(sfs_container_of(g->ini_list.next, struct sfs_ini, link));
	sfs_htab_free(&g->luns);
	sfs_htab_free(&g->inis);
	if (g->name) {
		sfs_htab_del(&g->tgt->acgs, &g->hnode);
		tl_del(&g->link);
		sfs_remove(g->node);
		free(g->name);
		free(g);
	}
}

static int acg_create(struct sfs_tgt *t, const char *name)
{
	struct sfs_acg *g;
	char *dname, *p;
	int r;

	if (t->tt->no_acg)
		return -EINVAL;
	if (tgt_find_acg(t, name))
		return -EEXIST;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	acg_init(g, t);
	g->name = xstrdup(name);
	dname = xstrdup(name);
	if (!g->name || !dname) {
		r = -ENOMEM;
		goto err;
	}
	for (p = dname; *p; p++)	/* kobject names show '/' as '!' (§1.2) */
		if (*p == '/')
			*p = '!';
	r = sfs_mkdir(t->ini_groups_node, dname, &g->node);
	if (r < 0)
		goto err;
	sfs_node_set_priv(g->node, g);
	r = sfs_attr_mkfiles(g->node, acg_common_files, TK_ARRAY_SIZE(acg_common_files), g);
	if (!r)
		r = sfs_mkdir(g->node, "initiators", &g->inits_node);
	if (!r)
		r = sfs_mkfile(g->inits_node, "mgmt", SFS_RW, &attr_inis_mgmt, g, NULL);
	if (!r)
		r = sfs_mkdir(g->node, "luns", &g->luns_node);
	if (!r)
		r = sfs_mkfile(g->luns_node, "mgmt", SFS_RW, &attr_luns_mgmt, g, NULL);
	if (!r && t->tt->acg_files)
		r = t->tt->acg_files(g);
	if (!r)
		r = sfs_htab_add(&t->acgs, &g->hnode, sfs_hash_str(name));
	if (r < 0) {
		sfs_remove(g->node);
		goto err;
	}
	tl_add_tail(&t->acg_list, &g->link);
	free(dname);
	return 0;
err:
	free(dname);
	free(g->name);
	free(g);
	return r;
}

static int groups_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgt *t = sfs_node_priv(n);
	char verb[32], name[4096];
	const char *pos = buf;
	struct sfs_acg *g;

	(void)len;
	sfs_work_begin();
	kp_word(&pos, verb, sizeof(verb));
	if (kp_verb_is(verb, "create")) {
		if (!kp_word(&pos, name, sizeof(name)))
			return -EINVAL;
		if (!strcmp(name, "mgmt"))
			return -EEXIST;
		return acg_create(t, name);
	}
	if (kp_verb_is(verb, "del")) {
		if (!kp_word(&pos, name, sizeof(name)))
			return -EINVAL;
		g = tgt_find_acg(t, name);
		if (!g)
			return -EINVAL;
		if (g->nsess)
			return -EBUSY;
		acg_free(g);
		return 0;
	}
	return -EINVAL;
}

static const struct sfs_attr attr_groups_mgmt = { groups_mgmt_show, groups_mgmt_store };

/* ======================================================================== */
/* sessions (spec §2.8, §2.7 binding; scenarios 34, 35)                     */

/* __wildcmp() of scst_targ.c: DOS wildcards, case-insensitive, one '!'. */
static bool wildcmp_r(const char *wild, const char *str, int level)
{
	const char *cp = NULL, *mp = NULL;

	while (*str && *wild != '*') {
		if (*wild == '!' && level == 0)
			return !wildcmp_r(wild + 1, str, level + 1);
		if (tolower_c(*wild) != tolower_c(*str) && *wild != '?')
			return false;
		wild++;
		str++;
	}
	while (*str) {
		if (*wild == '!' && level == 0)
			return !wildcmp_r(wild + 1, str, level + 1);
		if (*wild == '*') {
			if (!*++wild)
				return true;
			mp = wild;
			cp = str + 1;
		} else if (tolower_c(*wild) == tolower_c(*str) || *wild == '?') {
			wild++;
			str++;
		} else {
			wild = mp;
			str = cp++;
		}
	}
	while (*wild == '*')
		wild++;
	return !*wild;
}

static struct sfs_acg *tgt_match_acg(struct sfs_tgt *t, const char *initiator)
{
	struct tl_link *gi, *ii;

	for (gi = t->acg_list.next; gi != &t->acg_list; gi = gi->next) {
		struct sfs_acg *g = sfs_container_of(gi, struct sfs_acg, link);

		for (ii = g->ini_list.next; ii != &g->ini_list; ii = ii->next) {
			struct sfs_ini *i = sfs_container_of(ii, struct sfs_ini, link);

			if (wildcmp_r(i->name, initiator, 0))
				return g;
		}
	}
	return &t->def;
}

static int sess_bind(struct sfs_sess *s, struct sfs_acg *g)
{
	struct tl_link *it;
	int r;

	s->acg = g;
	tl_add_tail(&g->sess_list, &s->alink);
	g->nsess++;
	r = sfs_mklink(s->node, "luns", g->luns_node, &s->luns_link);
	if (r < 0)
		return r;
	for (it = g->lun_list.next; it != &g->lun_list; it = it->next)
		tgt_dev_add(s, sfs_container_of(it, struct sfs_lun, alink));
	return 0;
}

static void sess_unbind(struct sfs_sess *s)
{
	while (!tl_empty(&s->tgt_devs))
		tgt_dev_del(sfs_container_of(s->tgt_devs.next, struct sfs_tgt_dev, slink));
	sfs_remove(s->luns_link);
	s->luns_link = NULL;
	if (s->acg) {
		tl_del(&s->alink);
		s->acg->nsess--;
		s->acg = NULL;
	}
}

/* scst_check_reassign_sessions(): any pattern change re-binds (§2.7). */
static void acg_rebind_sessions(struct sfs_tgt *t)
{
	struct tl_link *it;

	for (it = t->sess_list.next; it != &t->sess_list; it = it->next) {
		struct sfs_sess *s = sfs_container_of(it, struct sfs_sess, tlink);
		struct sfs_acg *g = tgt_match_acg(t, s->initiator);

		bool had_luns;

		if (g == s->acg)
			continue;
		had_luns = !tl_empty(&s->acg->lun_list);
		sess_unbind(s);
		sess_bind(s, g);
		if (t->tt->sess_rebound)
			t->tt->sess_rebound(s, had_luns);
	}
}

static int sess_initiator_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_sess *s = sfs_node_priv(n);

	return tk_buf_printf(out, "%s\n", s->initiator);
}

static int sess_force_close_store(struct sfs_node *n, const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	sfs_sess_unregister(sfs_node_priv(n));
	return 0;
}

static int latency_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "state count min max avg stddev\n");
}

static const struct sfs_attr attr_sess_ini = { .show = sess_initiator_show };
static const struct sfs_attr attr_force_close = { .store = sess_force_close_store };
static const struct sfs_attr attr_latency = { latency_show, store_ignore };

static int sess_mkfiles(struct sfs_sess *s)
{
	static const char kinds[] = "nrwb";
	struct sfs_node *lat;
	unsigned int sz;
	size_t k;
	int r;

	r = sfs_mkfile(s->node, "active_commands", SFS_R, &attr_zero_ro, s, NULL);
	if (!r)
		r = sfs_mkfile(s->node, "commands", SFS_R, &attr_zero_ro, s, NULL);
	if (!r)
		r = sfs_mkfile(s->node, "initiator_name", SFS_R, &attr_sess_ini, s, NULL);
	if (!r)
		r = mk_stats(s->node, SFS_RW, s);
	if (!r && s->tgt->tt->can_close)
		r = sfs_mkfile(s->node, "force_close", SFS_W, &attr_force_close, s, NULL);
	if (!r && s->tgt->tt->dif)
		r = sfs_mkfile(s->node, "dif_checks_failed", SFS_RW, &attr_dif_failed, s, NULL);
	if (!r)
		r = sfs_mkdir(s->node, "latency", &lat);
	for (k = 0; !r && k < 4; k++) {
		for (sz = 512; !r && sz <= 524288; sz *= 2) {
			char name[16];

			snprintf(name, sizeof(name), "%c%u", kinds[k], sz);
			r = sfs_mkfile(lat, name, SFS_RW, &attr_latency, s, NULL);
		}
	}
	return r;
}

static struct sfs_sess *tgt_find_sess(const struct sfs_tgt *t, const char *name)
{
	uint64_t h = sfs_hash_str(name);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &t->sess_by_name, h) {
		struct sfs_sess *s = sfs_container_of(n, struct sfs_sess, hnode);

		if (!strcmp(s->name, name))
			return s;
	}
	return NULL;
}

int sfs_sess_register(struct sfs_tgt *t, const char *initiator, void *priv,
		      struct sfs_sess **out)
{
	struct sfs_sess *s = calloc(1, sizeof(*s));
	struct tk_buf nb = TK_BUF_INIT;
	int r, i;

	if (!s)
		return -ENOMEM;
	s->tgt = t;
	s->priv = priv;
	tl_init(&s->tgt_devs);
	/* scst_get_unique_sess_name(): "<ini>", then "<ini>_1", ... */
	r = tk_buf_adds(&nb, initiator);
	for (i = 1; !r && tgt_find_sess(t, nb.data); i++) {
		tk_buf_reset(&nb);
		r = tk_buf_printf(&nb, "%s_%d", initiator, i);
	}
	s->initiator = xstrdup(initiator);
	if (r < 0 || !s->initiator) {
		tk_buf_free(&nb);
		free(s->initiator);
		free(s);
		return -ENOMEM;
	}
	s->name = tk_buf_steal(&nb);
	r = sfs_mkdir(t->sessions_node, s->name, &s->node);
	if (r < 0)
		goto err;
	sfs_node_set_priv(s->node, s);
	r = sfs_htab_add(&t->sess_by_name, &s->hnode, sfs_hash_str(s->name));
	if (r < 0) {
		sfs_remove(s->node);
		goto err;
	}
	tl_add_tail(&t->sess_list, &s->tlink);
	t->nsess++;
	r = sess_mkfiles(s);
	if (!r && t->tt->sess_files)
		r = t->tt->sess_files(s);
	if (!r)
		r = sess_bind(s, tgt_match_acg(t, initiator));
	if (r < 0) {
		sfs_sess_unregister(s);
		return r;
	}
	if (out)
		*out = s;
	return 0;
err:
	free(s->name);
	free(s->initiator);
	free(s);
	return r;
}

void sfs_sess_unregister(struct sfs_sess *s)
{
	struct sfs_tgt *t;

	if (!s)
		return;
	t = s->tgt;
	sess_unbind(s);
	if (t->tt->sess_gone)
		t->tt->sess_gone(s);
	sfs_htab_del(&t->sess_by_name, &s->hnode);
	tl_del(&s->tlink);
	t->nsess--;
	sfs_remove(s->node);
	free(s->name);
	free(s->initiator);
	free(s);
}

/* ======================================================================== */
/* target core attributes (spec §2.5)                                       */

static struct sfs_tgt *node_tgt(struct sfs_node *n)
{
	return sfs_node_priv(n);
}

static int tgt_enabled_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%d\n", node_tgt(n)->enabled ? 1 : 0);
}

/* scst_tgt_enable_store() + scst_process_tgt_enable_store() */
static int tgt_enabled_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgt *t = node_tgt(n);
	bool on;
	int r;

	(void)len;
	if (buf[0] == '0')
		on = false;
	else if (buf[0] == '1')
		on = true;
	else
		return -EINVAL;
	sfs_work_begin();
	if (on) {
		if (t->rel_tgt_id == 0) {
			unsigned int id;

			r = relid_generate(&id);
			if (r < 0)
				return r;
			tgt_set_relid(t, id);
		} else if (!relid_unique(t->rel_tgt_id, t)) {
			return -EBADSLT;
		}
	}
	if (t->tt->enable) {
		r = t->tt->enable(t, on);
		if (r < 0)
			return r;
	}
	tgt_set_enabled(t, on);
	return 0;
}

static int tgt_relid_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt *t = node_tgt(n);
	int r = tk_buf_printf(out, "%u\n", t->rel_tgt_id);

	if (!r && t->rel_tgt_id)
		r = tk_buf_adds(out, "[key]\n");
	return r;
}

/* scst_rel_tgt_id_store() + scst_process_rel_tgt_id_store(): scenario 43 */
static int tgt_relid_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgt *t = node_tgt(n);
	unsigned long v;
	bool enabled;
	int r;

	(void)len;
	r = kp_strtoul(buf, &v);
	if (r < 0)
		return r;
	sfs_work_begin();
	enabled = tgt_active(t);
	if (enabled && v != t->rel_tgt_id && !relid_unique((unsigned int)(v & 0xffff), t))
		return -EBADSLT;
	if (v < 1 || v > SFS_MAX_REL_TGT_ID) {
		if (!(v == 0 && !enabled))
			return -EINVAL;
	}
	tgt_set_relid(t, (unsigned int)v);
	return 0;
}

static int tgt_comment_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt *t = node_tgt(n);

	if (!t->comment)
		return 0;
	return tk_buf_printf(out, "%s\n[key]\n", t->comment);
}

static int tgt_comment_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgt *t = node_tgt(n);
	size_t l = strnlen(buf, len);
	char *p;

	/* scst_tgt_comment_store(): one trailing '\n' is dropped */
	if (buf[len - 1] == '\n' && l > 0)
		l--;
	if (l == 0) {
		free(t->comment);
		t->comment = NULL;
		return 0;
	}
	p = malloc(l + 1);
	if (!p)
		return -ENOMEM;
	memcpy(p, buf, l);
	p[l] = '\0';
	free(t->comment);
	t->comment = p;
	return 0;
}

static int show_flag_key(struct tk_buf *out, int v)
{
	return show_fmt_key(out, v ? "1" : "0", v != 0);
}

static int tgt_fsrc_show(struct sfs_node *n, struct tk_buf *out)
{
	return show_flag_key(out, node_tgt(n)->forward_src);
}

static int tgt_fsrc_store(struct sfs_node *n, const char *buf, size_t len)
{
	int v, r;

	(void)len;
	r = kp_strtoint(buf, &v);
	if (r < 0)
		return r;
	if (v < 0 || v > 1)
		return -EINVAL;
	node_tgt(n)->forward_src = v;
	return 0;
}

static int tgt_fdst_show(struct sfs_node *n, struct tk_buf *out)
{
	return show_flag_key(out, node_tgt(n)->forward_dst);
}

static int first_char_01(const char *buf, int *v)
{
	if (buf[0] == '0')
		*v = 0;
	else if (buf[0] == '1')
		*v = 1;
	else
		return -EINVAL;
	return 0;
}

static int tgt_fdst_store(struct sfs_node *n, const char *buf, size_t len)
{
	(void)len;
	return first_char_01(buf, &node_tgt(n)->forward_dst);
}

static int tgt_aen_show(struct sfs_node *n, struct tk_buf *out)
{
	return show_flag_key(out, node_tgt(n)->aen_disabled);
}

static int tgt_aen_store(struct sfs_node *n, const char *buf, size_t len)
{
	(void)len;
	return first_char_01(buf, &node_tgt(n)->aen_disabled);
}

static int tgt_sg_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "65535\n");
}

static const struct sfs_attr attr_tgt_enabled = { tgt_enabled_show, tgt_enabled_store };
static const struct sfs_attr attr_tgt_relid = { tgt_relid_show, tgt_relid_store };
static const struct sfs_attr attr_tgt_comment = { tgt_comment_show, tgt_comment_store };
static const struct sfs_attr attr_tgt_fsrc = { tgt_fsrc_show, tgt_fsrc_store };
static const struct sfs_attr attr_tgt_fdst = { tgt_fdst_show, tgt_fdst_store };
static const struct sfs_attr attr_tgt_aen = { tgt_aen_show, tgt_aen_store };
static const struct sfs_attr attr_tgt_sg = { .show = tgt_sg_show };

static const struct sfs_attr_def tgt_files[] = {
	{ "rel_tgt_id", SFS_RW, &attr_tgt_relid },
	{ "comment", SFS_RW, &attr_tgt_comment },
	{ "forward_src", SFS_RW, &attr_tgt_fsrc },
	{ "forward_dst", SFS_RW, &attr_tgt_fdst },
	{ "forwarding", SFS_RW, &attr_tgt_fdst },
	{ "aen_disabled", SFS_RW, &attr_tgt_aen },
	{ "sg_tablesize", SFS_R, &attr_tgt_sg },
};

struct sfs_tgt *sfs_tgt_lookup(struct sfs_tgtt *tt, const char *name)
{
	uint64_t h = sfs_hash_str(name);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &tt->tgts, h) {
		struct sfs_tgt *t = sfs_container_of(n, struct sfs_tgt, hnode);

		if (!strcmp(t->name, name))
			return t;
	}
	return NULL;
}

int sfs_tgt_register(struct sfs_tgtt *tt, const char *name, void *priv, struct sfs_tgt **out)
{
	struct sfs_tgt *t;
	int r;

	if (sfs_child(tt->node, name) || sfs_tgt_lookup(tt, name))
		return -EEXIST;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->tt = tt;
	t->priv = priv;
	t->name = xstrdup(name);
	if (!t->name) {
		free(t);
		return -ENOMEM;
	}
	acg_init(&t->def, t);
	tl_init(&t->acg_list);
	tl_init(&t->sess_list);
	r = sfs_mkdir(tt->node, name, &t->node);
	if (r < 0) {
		free(t->name);
		free(t);
		return r;
	}
	sfs_node_set_priv(t->node, t);
	t->def.node = t->node;
	/* the default group's files live in the target directory */
	r = sfs_attr_mkfiles(t->node, acg_common_files, TK_ARRAY_SIZE(acg_common_files),
			     &t->def);
	if (!r)
		r = sfs_attr_mkfiles(t->node, tgt_files, TK_ARRAY_SIZE(tgt_files), t);
	if (!r && tt->has_enable)
		r = sfs_mkfile(t->node, "enabled", SFS_RW, &attr_tgt_enabled, t, NULL);
	if (!r)
		r = mk_stats(t->node, SFS_R, t);
	if (!r && tt->dif)
		r = sfs_mkfile(t->node, "dif_capabilities", SFS_R, &attr_dif_caps, t, NULL);
	if (!r && tt->dif)
		r = sfs_mkfile(t->node, "dif_checks_failed", SFS_RW, &attr_dif_failed, t, NULL);
	if (!r)
		r = sfs_mkdir(t->node, "luns", &t->def.luns_node);
	if (!r)
		r = sfs_mkfile(t->def.luns_node, "mgmt", SFS_RW, &attr_luns_mgmt, &t->def, NULL);
	if (!r)
		r = sfs_mkdir(t->node, "ini_groups", &t->ini_groups_node);
	if (!r)
		r = sfs_mkfile(t->ini_groups_node, "mgmt", SFS_RW, &attr_groups_mgmt, t, NULL);
	if (!r)
		r = sfs_mkdir(t->node, "sessions", &t->sessions_node);
	if (!r)
		r = sfs_htab_add(&tt->tgts, &t->hnode, sfs_hash_str(name));
	if (r < 0) {
		sfs_remove(t->node);
		free(t->name);
		free(t);
		return r;
	}
	tl_add_tail(&tt->tgt_list, &t->link);
	relid_account(t, +1);
	if (tt->tgt_files) {
		r = tt->tgt_files(t);
		if (r < 0) {
			t->priv = NULL;	/* the caller frees it */
			sfs_tgt_unregister(t);
			return r;
		}
	}
	if (out)
		*out = t;
	return 0;
}

void sfs_tgt_unregister(struct sfs_tgt *t)
{
	if (!t)
		return;
	while (!tl_empty(&t->sess_list))
		sfs_sess_unregister(sfs_container_of(t->sess_list.next, struct sfs_sess, tlink));
	while (!tl_empty(&t->acg_list))
		acg_free(sfs_container_of(t->acg_list.next, struct sfs_acg, link));
	acg_free(&t->def);
	sfs_alua_tgt_removed(t->node);
	if (t->tt->tgt_gone)
		t->tt->tgt_gone(t);
	relid_account(t, -1);
	sfs_htab_del(&t->tt->tgts, &t->hnode);
	tl_del(&t->link);
	sfs_htab_free(&t->acgs);
	sfs_htab_free(&t->sess_by_name);
	sfs_remove(t->node);
	free(t->comment);
	free(t->name);
	free(t);
}

/* ======================================================================== */
/* targets/<drv>/: mgmt, trace_level (spec §2.4, §3.1; scenarios 01, 02)    */

static int tgtt_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgtt *tt = sfs_node_priv(n);
	int r;

	r = tk_buf_adds(out, "Usage: echo \"add_target target_name [parameters]\" >mgmt\n"
			     "       echo \"del_target target_name\" >mgmt\n");
	if (!r && tt->tgtt_opt_attrs)
		r = tk_buf_adds(out, "       echo \"add_attribute <attribute> <value>\" >mgmt\n"
				     "       echo \"del_attribute <attribute> <value>\" >mgmt\n");
	if (!r && tt->tgt_opt_attrs)
		r = tk_buf_adds(out,
				"       echo \"add_target_attribute target_name <attribute> <value>\" >mgmt\n"
				"       echo \"del_target_attribute target_name <attribute> <value>\" >mgmt\n");
	if (!r && tt->cmd_help)
		r = tk_buf_adds(out, tt->cmd_help);
	if (!r)
		r = tk_buf_adds(out, "\nwhere parameters are one or more param_name=value pairs "
				     "separated by ';'\n\n");
	if (!r && tt->cmd_help)
		r = tk_buf_adds(out, "\n");
	if (!r && tt->add_params)
		r = tk_buf_printf(out, "The following parameters available: %s\n", tt->add_params);
	if (!r && tt->tgtt_opt_attrs)
		r = tk_buf_printf(out, "The following target driver attributes available: %s\n",
				  tt->tgtt_opt_attrs);
	if (!r && tt->tgt_opt_attrs)
		r = tk_buf_printf(out, "The following target attributes available: %s\n",
				  tt->tgt_opt_attrs);
	if (!r)
		r = tk_buf_adds(out, "\n");
	return r;
}

/* scst_process_tgtt_mgmt_store() */
static int tgtt_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgtt *tt = sfs_node_priv(n);
	char verb[64], name[4096], extra[16];
	const char *pos = buf;

	(void)len;
	sfs_work_begin();
	kp_word(&pos, verb, sizeof(verb));
	if (kp_verb_is(verb, "add_target")) {
		if (!kp_word(&pos, name, sizeof(name)))
			return -EINVAL;
		return tt->add_target(tt, name, pos);
	}
	if (kp_verb_is(verb, "del_target")) {
		if (!kp_word(&pos, name, sizeof(name)))
			return -EINVAL;
		if (kp_word(&pos, extra, sizeof(extra)))
			return -EINVAL;
		return tt->del_target(tt, name);
	}
	if (tt->mgmt_cmd)
		return tt->mgmt_cmd(tt, buf);
	return -EINVAL;
}

static const struct sfs_attr attr_tgtt_mgmt = { tgtt_mgmt_show, tgtt_mgmt_store };

int sfs_tgtt_register(struct sfs_tgtt *tt)
{
	struct sfs_node *targets = sfs_child(sfs_root(), "targets");
	int r;

	if (!targets) {
		r = sfs_mkdir(sfs_root(), "targets", &targets);
		if (r < 0)
			return r;
	}
	tl_init(&tt->tgt_list);
	r = sfs_mkdir(targets, tt->name, &tt->node);
	if (r < 0)
		return r;
	sfs_node_set_priv(tt->node, tt);
	if (tt->add_target)
		r = sfs_mkfile(tt->node, "mgmt", SFS_RW, &attr_tgtt_mgmt, tt, NULL);
	if (!r && tt->has_trace)
		r = sfs_mkfile(tt->node, "trace_level", SFS_RW, &sfs_trace_attr, &tt->trace, NULL);
	if (!r && tt->dif)
		r = sfs_mkfile(tt->node, "dif_capabilities", SFS_R, &attr_dif_caps, tt, NULL);
	if (!r && ndrivers < TK_ARRAY_SIZE(drivers))
		drivers[ndrivers++] = tt;
	return r;
}

/* ======================================================================== */
/* cross-module entry points (scstfs.h)                                     */

int sfs_tgt_init(void)
{
	struct sfs_node *targets;
	int r;

	r = sfs_mkdir(sfs_root(), "targets", &targets);
	if (r < 0 && r != -EEXIST)
		return r;
	r = sfs_cm_init();
	if (!r)
		r = sfs_iscsi_init();
	if (!r)
		r = sfs_local_init();
	if (!r)
		r = sfs_qla_init();
	return r;
}

void sfs_tgt_dev_removed(struct sfs_dev *d)
{
	struct tdev *td;

	/* lun_free() frees the record with the last LUN, so look it up again */
	while ((td = tdev_find(d)) && !tl_empty(&td->luns))
		lun_free(sfs_container_of(td->luns.next, struct sfs_lun, dlink));
}

bool sfs_tgt_dev_has_cm_lun(const struct sfs_dev *d)
{
	struct tdev *td = tdev_find(d);
	struct tl_link *it;

	if (!td)
		return false;
	for (it = td->luns.next; it != &td->luns; it = it->next)
		if (sfs_container_of(it, struct sfs_lun, dlink)->acg->tgt->tt->is_cm)
			return true;
	return false;
}

bool sfs_tgt_dev_in_use(const struct sfs_dev *d)
{
	struct tdev *td = tdev_find(d);

	return td && td->ntgt_devs > 0;
}

struct sfs_node *sfs_tgt_find_local(const char *name)
{
	size_t i;

	for (i = 0; i < ndrivers; i++) {
		struct sfs_tgt *t = sfs_tgt_lookup(drivers[i], name);

		if (t)
			return t->node;
	}
	return NULL;
}

static struct sfs_tgtt *find_driver(const char *name)
{
	size_t i;

	for (i = 0; i < ndrivers; i++)
		if (!strcmp(drivers[i]->name, name))
			return drivers[i];
	return NULL;
}

int sfs_tgt_session_add(const char *drv, const char *tgt, const char *initiator)
{
	struct sfs_tgtt *tt = find_driver(drv);
	struct sfs_tgt *t = tt ? sfs_tgt_lookup(tt, tgt) : NULL;

	if (!t)
		return -ENOENT;
	if (!initiator || !*initiator)
		return -EINVAL;
	return sfs_sess_register(t, initiator, NULL, NULL);
}

int sfs_tgt_session_del(const char *drv, const char *tgt, const char *initiator)
{
	struct sfs_tgtt *tt = find_driver(drv);
	struct sfs_tgt *t = tt ? sfs_tgt_lookup(tt, tgt) : NULL;
	struct sfs_sess *s;
	struct tl_link *it;

	if (!t)
		return -ENOENT;
	s = tgt_find_sess(t, initiator);
	for (it = t->sess_list.next; !s && it != &t->sess_list; it = it->next) {
		struct sfs_sess *c = sfs_container_of(it, struct sfs_sess, tlink);

		if (!strcmp(c->initiator, initiator))
			s = c;
	}
	if (!s)
		return -ENOENT;
	sfs_sess_unregister(s);
	return 0;
}
