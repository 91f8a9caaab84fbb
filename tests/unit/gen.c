// SPDX-License-Identifier: GPL-2.0-or-later
/* Random valid scst.conf models (gen.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ull;
}

static unsigned int below(struct rng *r, unsigned int n)
{
	return n ? (unsigned int)(next(r) % n) : 0;
}

static const char *pick(struct rng *r, const char *const *v, size_t n)
{
	return v[below(r, (unsigned int)n)];
}

#define PICK(r, a) pick(r, a, sizeof(a) / sizeof((a)[0]))

void gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
	r->s = seed * 0x9e3779b97f4a7c15ull + 1;
}

unsigned int gen_rng_below(struct gen_rng *r, unsigned int n)
{
	struct rng x = { r->s };
	unsigned int v = below(&x, n);

	r->s = x.s;
	return v;
}

/* Characters a valid name may contain (no blank, '/', '=', '.', control). */
static void gen_name(struct rng *r, char *buf, size_t size, const char *prefix, unsigned int i)
{
	static const char extra[] = "#\\\"{}*:-_!?";
	int n = snprintf(buf, size, "%s%u", prefix, i);

	if (below(r, 4) == 0 && (size_t)n + 1 < size) {
		buf[n++] = extra[below(r, sizeof(extra) - 1)];
		buf[n] = '\0';
	}
}

static void gen_value(struct rng *r, char *buf, size_t size, bool allow_semicolon)
{
	static const char *const plain[] = { "1", "0", "4096", "/srv/x.img", "CRC32C,None",
					     "active", "0x10", "iqn.2024-01.com.example:t" };
	static const char *const tricky[] = {
		"Demo Disk", "a # b", "back\\slash", "q\"uote", "{brace}", "=lead", "tab\there",
		"", "  two  blanks ", "#hash", "\\", "x\"y z\"", "}", "a=b", "semi;colon",
	};
	const char *v = below(r, 3) ? PICK(r, plain) : PICK(r, tricky);

	if (!allow_semicolon && strchr(v, ';'))
		v = "no-semicolon";
	snprintf(buf, size, "%s", v);
}

static int gen_attrs(struct rng *r, struct scstcfg_node *n, unsigned int max,
		     bool allow_semicolon)
{
	static const char *const names[] = { "enabled", "read_only", "prod_id", "comment",
					     "IncomingUser", "OutgoingUser", "rel_tgt_id",
					     "group_id", "state", "LUN", "DEVICE", "x-y",
					     "t10#id", "we\\ird" };
	unsigned int i, k = below(r, max + 1);
	char v[64];
	int rc;

	for (i = 0; i < k; i++) {
		const char *name = PICK(r, names);
		bool dyn = !strcmp(name, "IncomingUser") || !strcmp(name, "OutgoingUser");

		gen_value(r, v, sizeof(v), allow_semicolon ||
			  (dyn && scstcfg_node_get_kind(n) == SCSTCFG_KIND_TARGET));
		rc = scstcfg_attr_add(n, name, v, NULL);
		if (rc < 0 && rc != -EEXIST)
			return rc;
	}
	return 0;
}

/* Up to max LUNs whose devices exist. */
static int gen_luns(struct rng *r, struct scstcfg_node *holder, char devs[][32], unsigned int ndev,
		    unsigned int max)
{
	unsigned int i, k = ndev ? below(r, max + 1) : 0;
	struct scstcfg_node *l;
	int rc;

	for (i = 0; i < k; i++) {
		rc = scstcfg_lun_add(holder, i == 0 ? 0 : below(r, 300), devs[below(r, ndev)], &l);
		if (rc == -EEXIST)
			continue;
		if (rc < 0 || (below(r, 3) == 0 && (rc = gen_attrs(r, l, 2, false)) < 0))
			return rc;
	}
	return 0;
}

int gen_model(uint64_t seed, struct scstcfg_model **out)
{
	static const char *const handlers[] = { "vdisk_fileio", "vdisk_blockio", "vdisk_nullio",
						"vcdrom", "dev_disk", "dev_tape" };
	static const char *const drivers[] = { "iscsi", "qla2x00t", "scst_local", "ib_srpt",
					       "copy_manager" };
	struct rng r = { seed * 0x9e3779b97f4a7c15ull + 1 };
	struct scstcfg_node *root, *h, *d, *t, *g, *dg, *tg, *x;
	char devs[64][32], name[48];
	unsigned int ndev = 0, i, j, k, nini = 0;
	struct scstcfg_model *m;
	int rc;

	rc = scstcfg_model_new(&m);
	if (rc < 0)
		return rc;
	root = scstcfg_model_get_root(m);
	rc = gen_attrs(&r, root, 3, true);
	for (i = 0; rc == 0 && i < below(&r, 4); i++) {
		if (scstcfg_node_add(root, SCSTCFG_KIND_HANDLER, PICK(&r, handlers), &h) < 0)
			continue;
		rc = gen_attrs(&r, h, 1, true);
		for (j = 0; rc == 0 && j < below(&r, 6) && ndev < 64; j++) {
			gen_name(&r, devs[ndev], sizeof(devs[0]), "disk", ndev);
			rc = scstcfg_node_add(h, SCSTCFG_KIND_DEVICE, devs[ndev], &d);
			if (rc == 0)
				rc = gen_attrs(&r, d, 4, false);
			ndev++;
		}
	}
	for (i = 0; rc == 0 && i < below(&r, 4); i++) {
		if (scstcfg_node_add(root, SCSTCFG_KIND_DRIVER, PICK(&r, drivers), &x) < 0)
			continue;
		rc = gen_attrs(&r, x, 2, true);
		for (j = 0; rc == 0 && j < below(&r, 4); j++) {
			gen_name(&r, name, sizeof(name), "tgt", j);
			rc = scstcfg_node_add(x, SCSTCFG_KIND_TARGET, name, &t);
			if (rc == -EEXIST) {
				rc = 0;
				continue;
			}
			if (rc == 0 && below(&r, 4) == 0)
				rc = scstcfg_target_set_hw(t, true);
			if (rc == 0)
				rc = gen_attrs(&r, t, 3, false);
			if (rc == 0)
				rc = gen_luns(&r, t, devs, ndev, 4);
			for (k = 0; rc == 0 && k < below(&r, 3); k++) {
				gen_name(&r, name, sizeof(name), "grp", k);
				rc = scstcfg_node_add(t, SCSTCFG_KIND_GROUP, name, &g);
				if (rc == -EEXIST) {
					rc = 0;
					continue;
				}
				if (rc == 0)
					rc = gen_luns(&r, g, devs, ndev, 3);
				if (rc == 0)
					rc = gen_attrs(&r, g, 1, true);
				/* initiator names unique per model, so never in two groups */
				for (; rc == 0 && below(&r, 3); nini++) {
					gen_name(&r, name, sizeof(name), "iqn.1994-05.com.x:h", nini);
					rc = scstcfg_node_add(g, SCSTCFG_KIND_INITIATOR, name, &d);
					if (rc == 0 && below(&r, 5) == 0)
						rc = gen_attrs(&r, d, 1, true);
				}
			}
		}
	}
	if (rc == 0 && below(&r, 3) == 0)
		rc = gen_attrs(&r, scstcfg_model_get_alua(m), 2, true);
	for (i = 0, k = 0; rc == 0 && i < below(&r, 3); i++) {
		gen_name(&r, name, sizeof(name), "dg", i);
		rc = scstcfg_node_add(root, SCSTCFG_KIND_DGROUP, name, &dg);
		if (rc == -EEXIST) {
			rc = 0;
			continue;
		}
		if (rc == 0)
			rc = gen_attrs(&r, dg, 1, true);
		/* each device in one device group at most */
		for (; rc == 0 && k < ndev && below(&r, 3); k++)
			rc = scstcfg_node_add(dg, SCSTCFG_KIND_DG_DEVICE, devs[k], NULL);
		for (j = 0; rc == 0 && j < below(&r, 3); j++) {
			gen_name(&r, name, sizeof(name), "tg", j);
			rc = scstcfg_node_add(dg, SCSTCFG_KIND_TGROUP, name, &tg);
			if (rc == -EEXIST) {
				rc = 0;
				continue;
			}
			if (rc == 0)
				rc = gen_attrs(&r, tg, 2, true);
			if (rc == 0 && below(&r, 2)) {
				gen_name(&r, name, sizeof(name), "rtgt", i * 10 + j);
				rc = scstcfg_node_add(tg, SCSTCFG_KIND_TG_TARGET, name, &x);
				if (rc == 0)
					rc = gen_attrs(&r, x, 1, true);
			}
		}
	}
	if (rc < 0) {
		scstcfg_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}
