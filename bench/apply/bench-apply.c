// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-apply - libscstcfg's apply on scstfs: wall time, writes and reads
 * (scstfs counters: store() calls and show() calls) for generated
 * configurations
 *   S: 10 devices, 2 iSCSI targets x 5 LUNs;
 *   M: 100 devices, 100 targets with one LUN and one CHAP user each;
 *   L: 500 devices, 50 targets x 10 LUNs, one group of 2 initiators with
 *      the same 10 LUNs per target;
 * and four operations: apply from a fresh kernel, a no-op re-apply, a
 * one-LUN change (a LUN added) and clear (scstcfg_clear(), when built).
 * Each figure stands beside its lower bound: the objects and attributes
 * the live state and the configuration differ in (live_diff_count() of
 * tests/scstadmin/live-gen.c, computed from the two models), and beside
 * the goals "writes == lower bound" and "no-op re-apply of L: 0 writes,
 * < 50 ms".  Every apply uses scstcfg_state_read_for() and
 * SCSTCFG_PLAN_FORCE.
 *
 * Run: ninja -C build bench-apply (root, /dev/fuse; SCSTFS and
 * SCSTFS_CTL_BIN set by meson).  Exit: 0 when every goal is met, 1 when
 * one is missed, 2 on setup errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "live-gen.h"
#include "sfs-harness.h"

#define GOAL_NOOP_L_MS 50.0

struct size {
	const char *name;
	unsigned int devs, tgts, luns;
	bool chap, group;
};

static const struct size sizes[] = {
	{ "S", 10, 2, 5, false, false },
	{ "M", 100, 100, 1, true, false },
	{ "L", 500, 50, 10, false, true },
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The configuration of @z; @extra_lun adds LUN <luns> to the first target. */
static struct scstcfg_model *config(const struct size *z, bool extra_lun)
{
	struct scstcfg_model *md;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned int t, l, d;

	if (!f)
		return NULL;
	fprintf(f, "HANDLER vdisk_nullio {\n");
	for (d = 0; d < z->devs; d++)
		fprintf(f, "\tDEVICE d%u\n", d);
	fprintf(f, "}\nTARGET_DRIVER iscsi {\n\tenabled 1\n");
	for (t = 0; t < z->tgts; t++) {
		fprintf(f, "\tTARGET iqn.2025-01.org.bench:t%u {\n\t\tenabled 1\n", t);
		if (z->chap)
			fprintf(f, "\t\tIncomingUser \"u%u 12charsecret%u\"\n", t, t);
		for (l = 0; l < z->luns; l++)
			fprintf(f, "\t\tLUN %u d%u\n", l, (t * z->luns + l) % z->devs);
		if (extra_lun && t == 0)
			fprintf(f, "\t\tLUN %u d%u\n", z->luns, (z->luns + 1) % z->devs);
		if (z->group) {
			fprintf(f, "\t\tGROUP hosts {\n");
			fprintf(f, "\t\t\tINITIATOR iqn.1994-05.com.bench:t%u-h0\n", t);
			fprintf(f, "\t\t\tINITIATOR iqn.1994-05.com.bench:t%u-h1\n", t);
			for (l = 0; l < z->luns; l++)
				fprintf(f, "\t\t\tLUN %u d%u\n", l, (t * z->luns + l) % z->devs);
			fprintf(f, "\t\t}\n");
		}
		fprintf(f, "\t}\n");
	}
	fprintf(f, "}\n");
	fclose(f);
	md = sfs_parse(text);
	free(text);
	return md;
}

struct row {
	double ms;
	long writes, reads;
	long lb;	/* -1: not measured */
};

/* The live model (full read, not counted), normalised towards @want. */
static struct scstcfg_state *live(struct sfs *m, const struct scstcfg_model *want)
{
	struct scstcfg_state *st = sfs_read(m);

	if (st)
		live_normalise(scstcfg_state_get_model(st), want);
	return st;
}

/* Apply @want, measuring; @lb from the live state just before. */
static int measure(struct sfs *m, const struct scstcfg_model *want, struct row *r)
{
	struct scstcfg_state *st = live(m, want);
	double t;
	int ret;

	if (!st)
		return -EIO;
	r->lb = (long)live_diff_count(scstcfg_state_get_model(st), want);
	scstcfg_state_free(st);
	if (sfs_ctl(m, NULL, 0, "counters-reset"))
		return -EIO;
	t = now_ms();
	ret = sfs_apply(m, want, SCSTCFG_PLAN_FORCE, NULL);
	r->ms = now_ms() - t;
	if (ret < 0) {
		fprintf(stderr, "bench-apply: %s\n", m->err);
		return ret;
	}
	r->writes = sfs_ctl_num(m, "writes-total");
	return sfs_counts(m, NULL, &r->reads, NULL);
}

static int measure_clear(struct sfs *m, struct row *r)
{
#ifdef HAVE_SCSTCFG_CLEAR
	struct scstcfg_model *empty = sfs_parse("");
	struct scstcfg_state *st = empty ? live(m, empty) : NULL;
	double t;
	int ret;

	if (!st)
		return -EIO;
	/* everything the configuration holds goes; the kernel's own objects stay */
	r->lb = (long)live_diff_count(scstcfg_state_get_model(st), empty);
	scstcfg_state_free(st);
	scstcfg_model_free(empty);
	if (sfs_ctl(m, NULL, 0, "counters-reset"))
		return -EIO;
	t = now_ms();
	ret = scstcfg_clear(m->s, 0, NULL, NULL, NULL);
	r->ms = now_ms() - t;
	if (ret < 0) {
		fprintf(stderr, "bench-apply: clear: %s\n", scstcfg_sysfs_last_error(m->s));
		return ret;
	}
	r->writes = sfs_ctl_num(m, "writes-total");
	return sfs_counts(m, NULL, &r->reads, NULL);
#else
	(void)m;
	r->lb = -1;
	return 0;
#endif
}

static bool print_row(const char *size, const char *op, const struct row *r, bool eq_goal,
		      const char *extra_goal, bool extra_ok)
{
	bool ok = (!eq_goal || r->writes == r->lb) && extra_ok;
	char goal[96];

	if (r->lb < 0) {
		printf("%-4s %-16s %10s %8s %8s %8s  %s\n", size, op, "n/a", "n/a", "n/a", "n/a",
		       "n/a (clear not implemented)");
		return true;
	}
	snprintf(goal, sizeof(goal), "%s%s%s", eq_goal ? "writes == lower bound" : "",
		 eq_goal && extra_goal ? "; " : "", extra_goal ? extra_goal : "");
	printf("%-4s %-16s %10.1f %8ld %8ld %8ld  %-44s %s\n", size, op, r->ms, r->writes, r->lb,
	       r->reads, *goal ? goal : "-", *goal ? (ok ? "ok" : "MISSED") : "");
	return ok;
}

int main(void)
{
	const char *why = sfs_skip_reason();
	bool all = true;
	size_t i;

	if (why) {
		fprintf(stderr, "bench-apply: %s\n", why);
		return 2;
	}
	printf("bench-apply: libscstcfg apply on scstfs (SCSTCFG_PLAN_FORCE, "
	       "scstcfg_state_read_for)\n");
	printf("lower bound = objects and attributes that differ (live model vs configuration)\n\n");
	printf("%-4s %-16s %10s %8s %8s %8s  %s\n", "size", "operation", "wall ms", "writes",
	       "lower", "reads", "goal");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const struct size *z = &sizes[i];
		struct scstcfg_model *w = config(z, false), *w2 = config(z, true);
		struct row fresh = { 0 }, noop = { 0 }, one = { 0 }, clr = { 0 };
		bool is_l = !strcmp(z->name, "L");
		struct sfs *m;

		if (!w || !w2 || sfs_mount(&m) < 0) {
			fprintf(stderr, "bench-apply: setup of %s failed\n", z->name);
			return 2;
		}
		if (measure(m, w, &fresh) < 0 || measure(m, w, &noop) < 0 ||
		    measure(m, w2, &one) < 0 || measure_clear(m, &clr) < 0) {
			sfs_unmount(m);
			return 2;
		}
		all &= print_row(z->name, "apply from fresh", &fresh, true, NULL, true);
		all &= print_row(z->name, "no-op re-apply", &noop, true,
				 is_l ? "0 writes, < 50 ms" : NULL,
				 !is_l || (noop.writes == 0 && noop.ms < GOAL_NOOP_L_MS));
		all &= print_row(z->name, "one-LUN change", &one, true, NULL, true);
		all &= print_row(z->name, "clear", &clr, false, NULL, true);
		sfs_unmount(m);
		scstcfg_model_free(w);
		scstcfg_model_free(w2);
	}
	printf("\n%s\n", all ? "all goals met" : "some goals missed");
	return all ? 0 : 1;
}
