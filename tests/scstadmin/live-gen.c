// SPDX-License-Identifier: GPL-2.0-or-later
/* Random realisable configuration pairs, diff counts, normalisation (live-gen.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gen.h"
#include "live-gen.h"

#define N_DEV 8
#define N_ISCSI 4
#define N_LOCAL 2
#define N_DG 2
#define N_TG 2
#define N_REMOTE 3

#define IQN "iqn.2024-01.org.tk:t"

struct g {
	struct gen_rng r;
	struct scstcfg_model *a, *b;
	int err;
	/* which side has device i (0 = A, 1 = B) */
	bool dev[2][N_DEV];
	bool iscsi[2][N_ISCSI];
};

static unsigned int rnd(struct g *g, unsigned int n)
{
	return gen_rng_below(&g->r, n);
}

static void chk(struct g *g, int r)
{
	if (r < 0 && r != -EEXIST && !g->err)
		g->err = r;
}

/* Presence of one universe object: both (60 %), only A (20 %), only B (20 %). */
static void presence(struct g *g, bool *in_a, bool *in_b)
{
	unsigned int x = rnd(g, 10);

	*in_a = x < 8;
	*in_b = x < 6 || x >= 8;
}

static struct scstcfg_node *add(struct g *g, struct scstcfg_node *parent, enum scstcfg_kind k,
				const char *name)
{
	struct scstcfg_node *n = NULL;

	if (!parent)
		return NULL;
	chk(g, scstcfg_node_add(parent, k, name, &n));
	if (!n)
		n = scstcfg_node_find(parent, k, name);
	return n;
}

/*
 * One attribute of an object that may be in A (@na) and B (@nb), with
 * values @v0/@v1.  Create-time parameters (@create) are free on both
 * sides; a plain attribute of an object in both is set in A only when B
 * sets it too (see live_gen_pair()).  @always: B always sets it.
 */
static void attr(struct g *g, struct scstcfg_node *na, struct scstcfg_node *nb, const char *name,
		 const char *v0, const char *v1, bool create, bool always)
{
	bool in_b = false;

	if (nb && (always || rnd(g, 3))) {
		in_b = true;
		chk(g, scstcfg_attr_add(nb, name, create && rnd(g, 4) == 0 ? v1 : v0, NULL));
	}
	if (!na)
		return;
	if (create || !nb) {
		if (rnd(g, 3))
			chk(g, scstcfg_attr_add(na, name, rnd(g, 2) ? v1 : v0, NULL));
		return;
	}
	if (in_b && rnd(g, 4))
		chk(g, scstcfg_attr_add(na, name, rnd(g, 3) ? v0 : v1, NULL));
}

/* A multi-valued attribute value on each side independently (diffed as sets). */
static void dyn(struct g *g, struct scstcfg_node *na, struct scstcfg_node *nb, const char *name,
		const char *v0, const char *v1)
{
	if (nb && rnd(g, 2))
		chk(g, scstcfg_attr_add(nb, name, v0, NULL));
	if (na && rnd(g, 2))
		chk(g, scstcfg_attr_add(na, name, rnd(g, 3) ? v0 : v1, NULL));
}

static const char *const handlers[] = { "vdisk_fileio", "vdisk_blockio", "vdisk_nullio" };

static void gen_devices(struct g *g)
{
	unsigned int i;

	for (i = 0; i < N_DEV && !g->err; i++) {
		unsigned int h = rnd(g, 3), ha = rnd(g, 8) ? h : (h + 1) % 3, s;
		struct scstcfg_node *d[2] = { NULL, NULL };
		char name[16], f0[32], f1[32];
		bool in_a, in_b;

		presence(g, &in_a, &in_b);
		snprintf(name, sizeof(name), "d%u", i);
		if (in_a)
			d[0] = add(g, add(g, scstcfg_model_get_root(g->a), SCSTCFG_KIND_HANDLER,
					  handlers[ha]), SCSTCFG_KIND_DEVICE, name);
		if (in_b)
			d[1] = add(g, add(g, scstcfg_model_get_root(g->b), SCSTCFG_KIND_HANDLER,
					  handlers[h]), SCSTCFG_KIND_DEVICE, name);
		g->dev[0][i] = in_a;
		g->dev[1][i] = in_b;
		/* create-time parameters per side's handler */
		for (s = 0; s < 2; s++) {
			struct scstcfg_node *n = d[s];
			unsigned int hh = s ? h : ha;
			bool ro;

			if (!n)
				continue;
			if (hh == 0 || hh == 1) {
				snprintf(f0, sizeof(f0), hh ? "/dev/fb%u" : "/srv/f%u.img", i);
				snprintf(f1, sizeof(f1), hh ? "/dev/fb%u" : "/srv/f%u.img", i + 16);
				chk(g, scstcfg_attr_add(n, "filename", rnd(g, 5) ? f0 : f1, NULL));
			} else if (rnd(g, 2)) {
				chk(g, scstcfg_attr_add(n, "size_mb", rnd(g, 4) ? "64" : "128", NULL));
			}
			if (rnd(g, 3) == 0)
				chk(g, scstcfg_attr_add(n, "blocksize", "4096", NULL));
			ro = rnd(g, 4) == 0;
			if (ro)
				chk(g, scstcfg_attr_add(n, "read_only", "1", NULL));
			else if (hh < 2 && rnd(g, 4) == 0)
				chk(g, scstcfg_attr_add(n, "nv_cache", "1", NULL));
			if (rnd(g, 4) == 0)
				chk(g, scstcfg_attr_add(n, "rotational", "0", NULL));
			if (hh == 2 && rnd(g, 4) == 0)
				chk(g, scstcfg_attr_add(n, "dummy", "1", NULL));
		}
		/* plain attributes (written after add_device) */
		attr(g, d[0], d[1], "prod_id", "Prod-A", "Prod-B", false, false);
		attr(g, d[0], d[1], "t10_vend_id", "VendA", "VendB", false, false);
		attr(g, d[0], d[1], "usn", "usn-1", "usn-2", false, false);
	}
}

/* A device present on side @s, derived from @k; NULL when none. */
static const char *side_dev(struct g *g, unsigned int s, unsigned int k, char *buf, size_t size)
{
	unsigned int i;

	for (i = 0; i < N_DEV; i++) {
		unsigned int j = (k + i) % N_DEV;

		if (g->dev[s][j]) {
			snprintf(buf, size, "d%u", j);
			return buf;
		}
	}
	return NULL;
}

/* LUNs 0..max-1 of a target or group present on either side. */
static void gen_luns(struct g *g, struct scstcfg_node *na, struct scstcfg_node *nb,
		     unsigned int max)
{
	unsigned int n, base = rnd(g, N_DEV);

	for (n = 0; n < max && !g->err; n++) {
		unsigned int k = base + n, ka = rnd(g, 4) ? k : k + 1 + rnd(g, N_DEV);
		bool in_a, in_b;
		char buf[16];
		const char *dv;
		struct scstcfg_node *l;

		presence(g, &in_a, &in_b);
		if (nb && in_b && (dv = side_dev(g, 1, k, buf, sizeof(buf)))) {
			l = NULL;
			chk(g, scstcfg_lun_add(nb, n, dv, &l));
			if (l && rnd(g, 4) == 0)
				chk(g, scstcfg_attr_add(l, "read_only", "1", NULL));
		}
		if (na && in_a && (dv = side_dev(g, 0, ka, buf, sizeof(buf)))) {
			l = NULL;
			chk(g, scstcfg_lun_add(na, n, dv, &l));
			if (l && rnd(g, 4) == 0)
				chk(g, scstcfg_attr_add(l, "read_only", "1", NULL));
		}
	}
}

static void gen_iscsi(struct g *g)
{
	struct scstcfg_node *dr[2];
	unsigned int i, j, s;
	char buf[96], v0[96], v1[96];

	dr[0] = add(g, scstcfg_model_get_root(g->a), SCSTCFG_KIND_DRIVER, "iscsi");
	dr[1] = add(g, scstcfg_model_get_root(g->b), SCSTCFG_KIND_DRIVER, "iscsi");
	attr(g, dr[0], dr[1], "enabled", "1", "0", false, true);
	for (j = 0; j < 2; j++) {
		snprintf(v0, sizeof(v0), "disco%u 12charsecret%u", j, j);
		snprintf(v1, sizeof(v1), "disco%u 12charsecretX%u", j, j);
		dyn(g, dr[0], dr[1], "IncomingUser", v0, v1);
	}
	for (i = 0; i < N_ISCSI && !g->err; i++) {
		struct scstcfg_node *t[2] = { NULL, NULL }, *gr[2][2] = { { NULL } };
		bool in_a, in_b;

		presence(g, &in_a, &in_b);
		snprintf(buf, sizeof(buf), IQN "%u", i);
		if (in_a)
			t[0] = add(g, dr[0], SCSTCFG_KIND_TARGET, buf);
		if (in_b)
			t[1] = add(g, dr[1], SCSTCFG_KIND_TARGET, buf);
		g->iscsi[0][i] = in_a;
		g->iscsi[1][i] = in_b;
		attr(g, t[0], t[1], "enabled", "1", "0", false, true);
		attr(g, t[0], t[1], "QueuedCommands", "16", "64", false, false);
		attr(g, t[0], t[1], "InitialR2T", "Yes", "No", false, false);
		attr(g, t[0], t[1], "HeaderDigest", "CRC32C", "None,CRC32C", false, false);
		for (j = 0; j < 3; j++) {
			snprintf(v0, sizeof(v0), "user%u 12charsecret%u", j, j);
			snprintf(v1, sizeof(v1), "user%u 12charsecretY%u", j, j);
			dyn(g, t[0], t[1], "IncomingUser", v0, v1);
		}
		/* one OutgoingUser at most (spec §7.3) */
		dyn(g, t[0], t[1], "OutgoingUser", "out0 12charsecretZ", "out1 12charsecretW");
		for (j = 0; j < 2; j++) {
			snprintf(v0, sizeof(v0), "10.0.%u.%u", i, j + 1);
			snprintf(v1, sizeof(v1), "10.1.%u.%u", i, j + 1);
			dyn(g, t[0], t[1], "allowed_portal", v0, v1);
		}
		gen_luns(g, t[0], t[1], 4);
		for (j = 0; j < 2; j++) {
			presence(g, &in_a, &in_b);
			snprintf(buf, sizeof(buf), "grp%u", j);
			gr[0][j] = in_a ? add(g, t[0], SCSTCFG_KIND_GROUP, buf) : NULL;
			gr[1][j] = in_b ? add(g, t[1], SCSTCFG_KIND_GROUP, buf) : NULL;
			gen_luns(g, gr[0][j], gr[1][j], 3);
		}
		/* initiators: in at most one group per side; a change of group is a move */
		for (j = 0; j < 4; j++) {
			snprintf(buf, sizeof(buf), "iqn.1994-05.com.x:h%u", j);
			for (s = 0; s < 2; s++) {
				unsigned int k = rnd(g, 3);

				if (k < 2 && gr[s][k])
					add(g, gr[s][k], SCSTCFG_KIND_INITIATOR, buf);
			}
		}
	}
}

static void gen_local(struct g *g)
{
	struct scstcfg_node *dr[2];
	unsigned int i;
	char buf[32], v1[32];

	dr[0] = add(g, scstcfg_model_get_root(g->a), SCSTCFG_KIND_DRIVER, "scst_local");
	dr[1] = add(g, scstcfg_model_get_root(g->b), SCSTCFG_KIND_DRIVER, "scst_local");
	for (i = 0; i < N_LOCAL && !g->err; i++) {
		struct scstcfg_node *t[2] = { NULL, NULL };
		bool in_a, in_b;

		presence(g, &in_a, &in_b);
		snprintf(buf, sizeof(buf), "local%u", i);
		if (in_a)
			t[0] = add(g, dr[0], SCSTCFG_KIND_TARGET, buf);
		if (in_b)
			t[1] = add(g, dr[1], SCSTCFG_KIND_TARGET, buf);
		snprintf(buf, sizeof(buf), "sess%u", i);
		snprintf(v1, sizeof(v1), "sess%ub", i);
		dyn(g, t[0], t[1], "session_name", buf, v1);
		gen_luns(g, t[0], t[1], 3);
	}
}

static void gen_alua(struct g *g)
{
	unsigned int i, j, k, s;
	char buf[64], v0[16], v1[16];
	/* device group of each device per side (N_DG = none) */
	unsigned int dev_dg[2][N_DEV];
	struct scstcfg_node *dg[2][N_DG], *tg[2][N_DG][N_TG];

	memset(tg, 0, sizeof(tg));
	for (i = 0; i < N_DG && !g->err; i++) {
		bool in_a, in_b;

		presence(g, &in_a, &in_b);
		snprintf(buf, sizeof(buf), "dg%u", i);
		dg[0][i] = in_a ? add(g, scstcfg_model_get_root(g->a), SCSTCFG_KIND_DGROUP, buf) :
				  NULL;
		dg[1][i] = in_b ? add(g, scstcfg_model_get_root(g->b), SCSTCFG_KIND_DGROUP, buf) :
				  NULL;
		for (j = 0; j < N_TG; j++) {
			presence(g, &in_a, &in_b);
			snprintf(buf, sizeof(buf), "tg%u", j);
			tg[0][i][j] = in_a ? add(g, dg[0][i], SCSTCFG_KIND_TGROUP, buf) : NULL;
			tg[1][i][j] = in_b ? add(g, dg[1][i], SCSTCFG_KIND_TGROUP, buf) : NULL;
			snprintf(v0, sizeof(v0), "%u", 1 + i * 10 + j);
			snprintf(v1, sizeof(v1), "%u", 101 + i * 10 + j);
			attr(g, tg[0][i][j], tg[1][i][j], "group_id", v0, v1, false, false);
			attr(g, tg[0][i][j], tg[1][i][j], "state", "nonoptimized", "standby", false,
			     false);
			attr(g, tg[0][i][j], tg[1][i][j], "preferred", "1", "1", false, false);
		}
	}
	for (k = 0; k < N_DEV; k++) {
		dev_dg[0][k] = rnd(g, N_DG + 1);
		dev_dg[1][k] = rnd(g, 3) ? dev_dg[0][k] : rnd(g, N_DG + 1);
	}
	for (s = 0; s < 2; s++)
		for (k = 0; k < N_DEV; k++) {
			unsigned int d = dev_dg[s][k];

			if (d < N_DG && dg[s][d] && g->dev[s][k]) {
				snprintf(buf, sizeof(buf), "d%u", k);
				add(g, dg[s][d], SCSTCFG_KIND_DG_DEVICE, buf);
			}
		}
	/* tg members: local iSCSI targets (links) and remote ones (dirs with
	 * rel_tgt_id); a name in one tg of a device group at most */
	for (i = 0; i < N_DG && !g->err; i++) {
		for (k = 0; k < N_ISCSI + N_REMOTE; k++) {
			unsigned int tb = rnd(g, N_TG + 1), ta = rnd(g, 3) ? tb : rnd(g, N_TG + 1);
			struct scstcfg_node *x[2] = { NULL, NULL };
			bool remote = k >= N_ISCSI;

			if (remote)
				snprintf(buf, sizeof(buf), "iqn.2024-01.org.remote:r%u", k - N_ISCSI);
			else
				snprintf(buf, sizeof(buf), IQN "%u", k);
			if (ta < N_TG && tg[0][i][ta])
				x[0] = add(g, tg[0][i][ta], SCSTCFG_KIND_TG_TARGET, buf);
			if (tb < N_TG && tg[1][i][tb])
				x[1] = add(g, tg[1][i][tb], SCSTCFG_KIND_TG_TARGET, buf);
			if (!remote)
				continue;
			snprintf(v0, sizeof(v0), "%u", 100 + k);
			snprintf(v1, sizeof(v1), "%u", 200 + k);
			/* a remote entry always reads rel_tgt_id: B sets it always */
			attr(g, ta == tb ? x[0] : NULL, x[1], "rel_tgt_id", v0, v1, false, true);
			if (x[0] && ta != tb)
				chk(g, scstcfg_attr_add(x[0], "rel_tgt_id", v1, NULL));
		}
	}
}

int live_gen_pair(uint64_t seed, struct scstcfg_model **a, struct scstcfg_model **b)
{
	struct g g = { .err = 0 };
	int r;

	gen_rng_seed(&g.r, seed);
	r = scstcfg_model_new(&g.a);
	if (r == 0)
		r = scstcfg_model_new(&g.b);
	if (r < 0) {
		scstcfg_model_free(g.a);
		return r;
	}
	attr(&g, scstcfg_model_get_root(g.a), scstcfg_model_get_root(g.b), "setup_id", "0x1",
	     "0x2", false, false);
	gen_devices(&g);
	gen_iscsi(&g);
	gen_local(&g);
	gen_alua(&g);
	if (g.err) {
		scstcfg_model_free(g.a);
		scstcfg_model_free(g.b);
		return g.err;
	}
	*a = g.a;
	*b = g.b;
	return 0;
}

/* ---- diff count ------------------------------------------------------------ */

/* spec scst-sysfs.md §6.1: what add_device takes inline */
static const char *const fileio_p[] = {
	"active", "async", "bind_alua_state", "blocksize", "cluster_mode", "dif_filename",
	"dif_mode", "dif_static_app_tag", "dif_type", "filename", "numa_node_id", "nv_cache",
	"o_direct", "read_only", "removable", "rotational", "thin_provisioned", "tst",
	"t10_dev_id", "write_through",
};
static const char *const nullio_p[] = {
	"blocksize", "cluster_mode", "dif_mode", "dif_static_app_tag", "dif_type", "dummy",
	"numa_node_id", "read_only", "removable", "rotational", "size", "size_mb", "tst",
	"t10_dev_id",
};
/* attributes holding a set of values, one mgmt command per value */
static const char *const multi[] = { "IncomingUser", "OutgoingUser", "allowed_portal",
				     "session_name" };

static bool in(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(v[i], s))
			return true;
	return false;
}

#define IN(a, s) in(a, sizeof(a) / sizeof((a)[0]), s)

static bool create_param(const struct scstcfg_node *dev, const char *name)
{
	const char *h = scstcfg_node_get_name(scstcfg_node_get_parent(dev));

	if (!strcmp(h, "vdisk_nullio"))
		return IN(nullio_p, name);
	if (!strcmp(h, "vdisk_fileio") || !strcmp(h, "vdisk_blockio"))
		return IN(fileio_p, name);
	return false;
}

/* Whether the same (name, value) is in @n. */
static bool has_pair(const struct scstcfg_node *n, const char *name, const char *v)
{
	const struct scstcfg_attr *a;

	for (a = n ? scstcfg_attr_find(n, name) : NULL; a; a = scstcfg_attr_find_next(a))
		if (!strcmp(scstcfg_attr_get_value(a), v))
			return true;
	return false;
}

/* Whether two devices are the same object: handler and create-time parameters. */
static bool same_device(const struct scstcfg_node *x, const struct scstcfg_node *y)
{
	const struct scstcfg_attr *a;
	int pass;

	if (!x || !y || strcmp(scstcfg_node_get_name(scstcfg_node_get_parent(x)),
			       scstcfg_node_get_name(scstcfg_node_get_parent(y))))
		return false;
	for (pass = 0; pass < 2; pass++) {
		const struct scstcfg_node *p = pass ? y : x, *q = pass ? x : y;

		for (a = scstcfg_attr_first(p); a; a = scstcfg_attr_next(a)) {
			const char *name = scstcfg_attr_get_name(a);

			if (create_param(p, name) &&
			    !has_pair(q, name, scstcfg_attr_get_value(a)))
				return false;
		}
	}
	return true;
}

/*
 * Attribute differences of @x against @y (either may be NULL: the object
 * is only in one model).  @dev: skip create-time parameters of devices.
 */
static size_t attr_diff(const struct scstcfg_node *x, const struct scstcfg_node *y, bool dev,
			bool new_obj)
{
	const struct scstcfg_attr *a;
	size_t n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		const struct scstcfg_node *p = pass ? y : x, *q = pass ? x : y;

		for (a = p ? scstcfg_attr_first(p) : NULL; a; a = scstcfg_attr_next(a)) {
			const char *name = scstcfg_attr_get_name(a), *v = scstcfg_attr_get_value(a);
			const struct scstcfg_attr *b;

			if (dev && create_param(p, name))
				continue;
			if (IN(multi, name)) {
				n += !has_pair(q, name, v);
				continue;
			}
			if (scstcfg_attr_find(p, name) != a)
				continue;	/* plain: first line only */
			b = q ? scstcfg_attr_find(q, name) : NULL;
			if (b && !strcmp(scstcfg_attr_get_value(b), v))
				continue;
			if (b && pass)
				continue;	/* a changed value counts once */
			if (!b && new_obj && pass && !strcmp(name, "enabled") && !strcmp(v, "0"))
				continue;	/* default of a new target */
			n++;
		}
	}
	return n;
}

/* Whether LUN @l of model @m (device @dev) equals LUN @k of model @o. */
static bool same_lun(const struct scstcfg_model *m, const struct scstcfg_node *l,
		     const struct scstcfg_model *o, const struct scstcfg_node *k)
{
	const char *d = scstcfg_node_get_name(l);
	const struct scstcfg_attr *ra = scstcfg_attr_find(l, "read_only");
	const struct scstcfg_attr *rb = k ? scstcfg_attr_find(k, "read_only") : NULL;
	const char *va = ra ? scstcfg_attr_get_value(ra) : "0";
	const char *vb = rb ? scstcfg_attr_get_value(rb) : "0";

	return k && !strcmp(d, scstcfg_node_get_name(k)) && !strcmp(va, vb) &&
	       same_device(scstcfg_model_find_device(m, d), scstcfg_model_find_device(o, d));
}

static size_t lun_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
		       const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	const struct scstcfg_node *l;
	size_t n = 0;

	for (l = x ? scstcfg_node_first(x, SCSTCFG_KIND_LUN) : NULL; l; l = scstcfg_node_next(l))
		n += !(y && same_lun(ma, l, mb, scstcfg_lun_find(y, scstcfg_lun_get_number(l))));
	for (l = y ? scstcfg_node_first(y, SCSTCFG_KIND_LUN) : NULL; l; l = scstcfg_node_next(l))
		n += !(x && same_lun(mb, l, ma, scstcfg_lun_find(x, scstcfg_lun_get_number(l))));
	return n;
}

/* Children of @kind by name, each side; recurse with @fn. */
typedef size_t (*diff_fn)(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			  const struct scstcfg_model *mb, const struct scstcfg_node *y);

static size_t kids(const struct scstcfg_model *ma, const struct scstcfg_node *x,
		   const struct scstcfg_model *mb, const struct scstcfg_node *y,
		   enum scstcfg_kind kind, diff_fn fn)
{
	const struct scstcfg_node *c;
	size_t n = 0;

	for (c = x ? scstcfg_node_first(x, kind) : NULL; c; c = scstcfg_node_next(c))
		n += fn(ma, c, mb, y ? scstcfg_node_find(y, kind, scstcfg_node_get_name(c)) : NULL);
	for (c = y ? scstcfg_node_first(y, kind) : NULL; c; c = scstcfg_node_next(c))
		if (!x || !scstcfg_node_find(x, kind, scstcfg_node_get_name(c)))
			n += fn(ma, NULL, mb, c);
	return n;
}

/*
 * An object only A has goes with one write, its contents with it (LUNs,
 * groups, initiators, attributes); disabling an enabled target first is
 * a write of its own (the safe way to remove it, spec scst-sysfs.md §5.2).
 */
static size_t removed(const struct scstcfg_node *x)
{
	const struct scstcfg_attr *en = scstcfg_attr_find(x, "enabled");

	return 1 + (scstcfg_node_get_kind(x) == SCSTCFG_KIND_TARGET && en &&
		    !strcmp(scstcfg_attr_get_value(en), "1"));
}

static size_t leaf_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	(void)ma;
	(void)mb;
	if (!y)
		return removed(x);
	return !x + attr_diff(x, y, false, !x);
}

static size_t group_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			 const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	if (!y)
		return removed(x);
	return !x + attr_diff(x, y, false, !x) + lun_diff(ma, x, mb, y);
}

/* Initiators of a target: an initiator is identified with its group. */
static size_t ini_diff(const struct scstcfg_node *x, const struct scstcfg_node *y)
{
	const struct scstcfg_node *g, *i;
	size_t n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		const struct scstcfg_node *p = pass ? y : x, *q = pass ? x : y;

		for (g = p ? scstcfg_node_first(p, SCSTCFG_KIND_GROUP) : NULL; g;
		     g = scstcfg_node_next(g)) {
			const struct scstcfg_node *qg = q ? scstcfg_node_find(
				q, SCSTCFG_KIND_GROUP, scstcfg_node_get_name(g)) : NULL;

			if (!pass && !qg)
				continue;	/* its group goes: removed with it */
			for (i = scstcfg_node_first(g, SCSTCFG_KIND_INITIATOR); i;
			     i = scstcfg_node_next(i))
				n += !(qg && scstcfg_node_find(qg, SCSTCFG_KIND_INITIATOR,
							       scstcfg_node_get_name(i)));
		}
	}
	return n;
}

static size_t target_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			  const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	if (!y)
		return removed(x);
	return !x + attr_diff(x, y, false, !x) + lun_diff(ma, x, mb, y) +
	       kids(ma, x, mb, y, SCSTCFG_KIND_GROUP, group_diff) + ini_diff(x, y);
}

static size_t driver_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			  const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	return attr_diff(x, y, false, false) + kids(ma, x, mb, y, SCSTCFG_KIND_TARGET, target_diff);
}

static size_t device_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			  const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	const struct scstcfg_node *o = x ? scstcfg_model_find_device(mb, scstcfg_node_get_name(x)) :
					   NULL;

	(void)ma;
	if (x && !y && o)
		return 0;	/* moved to another handler: counted from B's side */
	if (!x && y && (o = scstcfg_model_find_device(ma, scstcfg_node_get_name(y))))
		x = o;
	if (x && y && same_device(x, y))
		return attr_diff(x, y, true, false);
	/* removed and/or added: its plain attributes are writes of the new one */
	return (x != NULL) + (y != NULL) + attr_diff(NULL, y, true, true);
}

static size_t handler_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			   const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	return attr_diff(x, y, false, false) + kids(ma, x, mb, y, SCSTCFG_KIND_DEVICE, device_diff);
}

/* A dg device entry is made again when its device is. */
static size_t dgdev_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
			 const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	const char *d = scstcfg_node_get_name(x ? x : y);

	if (x && y)
		return same_device(scstcfg_model_find_device(ma, d),
				   scstcfg_model_find_device(mb, d)) ? 0 : 2;
	return 1;
}

static size_t tg_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
		      const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	if (!y)
		return removed(x);
	return leaf_diff(ma, x, mb, y) + kids(ma, x, mb, y, SCSTCFG_KIND_TG_TARGET, leaf_diff);
}

static size_t dg_diff(const struct scstcfg_model *ma, const struct scstcfg_node *x,
		      const struct scstcfg_model *mb, const struct scstcfg_node *y)
{
	if (!y)
		return removed(x);
	return leaf_diff(ma, x, mb, y) + kids(ma, x, mb, y, SCSTCFG_KIND_DG_DEVICE, dgdev_diff) +
	       kids(ma, x, mb, y, SCSTCFG_KIND_TGROUP, tg_diff);
}

size_t live_diff_count(const struct scstcfg_model *a, const struct scstcfg_model *b)
{
	struct scstcfg_model *ma = (struct scstcfg_model *)a, *mb = (struct scstcfg_model *)b;
	const struct scstcfg_node *ra = scstcfg_model_get_root(ma), *rb = scstcfg_model_get_root(mb);

	return attr_diff(ra, rb, false, false) +
	       attr_diff(scstcfg_model_get_alua(ma), scstcfg_model_get_alua(mb), false, false) +
	       kids(a, ra, b, rb, SCSTCFG_KIND_HANDLER, handler_diff) +
	       kids(a, ra, b, rb, SCSTCFG_KIND_DRIVER, driver_diff) +
	       kids(a, ra, b, rb, SCSTCFG_KIND_DGROUP, dg_diff);
}

/* ---- normalisation ---------------------------------------------------------- */

void live_normalise(struct scstcfg_model *m, const struct scstcfg_model *want)
{
	struct scstcfg_node *root = scstcfg_model_get_root(m), *d, *t, *l;
	const struct scstcfg_node *wroot = scstcfg_model_get_root((struct scstcfg_model *)want);

	d = scstcfg_node_find(root, SCSTCFG_KIND_DRIVER, "copy_manager");
	t = d ? scstcfg_node_find(d, SCSTCFG_KIND_TARGET, "copy_manager_tgt") : NULL;
	while (t && (l = scstcfg_node_first(t, SCSTCFG_KIND_LUN)))
		scstcfg_node_remove(l);
	/* the kernel's own copy manager target, never deleted */
	if (t && !scstcfg_attr_first(t) && !scstcfg_node_first(t, SCSTCFG_KIND_GROUP)) {
		const struct scstcfg_node *wd = scstcfg_node_find(wroot, SCSTCFG_KIND_DRIVER,
								  "copy_manager");

		if (!wd || !scstcfg_node_find(wd, SCSTCFG_KIND_TARGET, "copy_manager_tgt"))
			scstcfg_node_remove(t);
	}
	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d)) {
		const struct scstcfg_node *wd = scstcfg_node_find(wroot, SCSTCFG_KIND_DRIVER,
								  scstcfg_node_get_name(d));

		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t; t = scstcfg_node_next(t)) {
			const struct scstcfg_node *wt = wd ? scstcfg_node_find(
				wd, SCSTCFG_KIND_TARGET, scstcfg_node_get_name(t)) : NULL;

			if (!(wt && scstcfg_attr_find(wt, "rel_tgt_id")))
				scstcfg_attr_remove(t, "rel_tgt_id", NULL);
		}
	}
}
