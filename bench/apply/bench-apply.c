// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-apply - what "scstadmin -config" and "-clear_config" cost on
 * scstfs: wall time, writes and reads (scstfs counters: store() calls and
 * show() calls) for generated configurations
 *   S: 10 devices, 2 iSCSI targets x 5 LUNs;
 *   M: 100 devices, 100 targets with one LUN and one CHAP user each;
 *   L: 500 devices, 50 targets x 10 LUNs, one group of 2 initiators with
 *      the same 10 LUNs per target;
 * and four operations, each one run of the scstadmin binary (Perl
 * personality, as a user types it; the wall time includes starting the
 * process): "-config FILE" from a fresh kernel, the same again (no-op),
 * with one LUN added, then "-clear_config -force -noprompt".  Each figure
 * stands beside its lower bound: for -config the objects and attributes
 * the live state and the configuration differ in (live_diff_count() of
 * tests/scstadmin/live-gen.c, computed from the two models); for clear
 * the writes clear_lower_bound() counts from the live model (one per
 * device, virtual target, device group, group of a kept target, dynamic
 * attribute value, enabled driver, enabled hardware target or enabled
 * virtual target whose driver has no "enabled" of its own).  Goals:
 * "writes == lower bound", and "no-op re-apply of L: 0 writes, < 50 ms".
 * The no-op with -force (recreation allowed: every create-time parameter
 * must be read) is reported beside it.
 *
 * Run: ninja -C build bench-apply (root, /dev/fuse; SCSTFS,
 * SCSTFS_CTL_BIN and SCSTADMIN set by meson).  Exit: 0 when every goal is
 * met, 1 when one is missed, 2 on setup errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/*
 * Run "scstadmin ARGS..." on the mount, stdout and stderr to /dev/null.
 * Return: its exit status, or -errno.
 */
static int scstadmin(struct sfs *m, const char *const *args)
{
	const char *bin = getenv("SCSTADMIN");
	char env_root[160], *argv[16], *envp[] = { env_root, (char *)"LC_ALL=C", NULL };
	posix_spawn_file_actions_t fa;
	size_t i = 0;
	pid_t pid;
	int st, r;

	if (!bin)
		return -ENOENT;
	snprintf(env_root, sizeof(env_root), "SCST_SYSFS_ROOT=%s", m->dir);
	argv[i++] = (char *)bin;
	for (; *args && i < 15; args++)
		argv[i++] = (char *)*args;
	argv[i] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	r = posix_spawn(&pid, bin, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (r)
		return -r;
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -EINTR;
}

/* Write @md to @path as scst.conf text.  Return: 0 or -errno. */
static int save(const struct scstcfg_model *md, const char *path)
{
	char *text = sfs_print(md);
	FILE *f = fopen(path, "w");
	int r = 0;

	if (!f || fputs(text, f) < 0)
		r = -EIO;
	if (f && fclose(f))
		r = -EIO;
	free(text);
	return r;
}

/* Run scstadmin @args, measuring wall time, writes and reads. */
static int run(struct sfs *m, const char *const *args, struct row *r)
{
	double t;
	int ret;

	if (sfs_ctl(m, NULL, 0, "counters-reset"))
		return -EIO;
	t = now_ms();
	ret = scstadmin(m, args);
	r->ms = now_ms() - t;
	if (ret) {
		fprintf(stderr, "bench-apply: scstadmin %s %s: exit %d\n", args[0], args[1], ret);
		return ret < 0 ? ret : -EIO;
	}
	r->writes = sfs_ctl_num(m, "writes-total");
	return sfs_counts(m, NULL, &r->reads, NULL);
}

/*
 * Live virtual targets and devices @want lacks: Perl's -config without
 * -force keeps them (spec scstadmin.md §3.4), so they are no part of its
 * lower bound (the fresh kernel's scst_local_tgt).
 */
static long kept_without_force(const struct scstcfg_model *live, const struct scstcfg_model *want)
{
	const struct scstcfg_node *root = scstcfg_model_get_root((struct scstcfg_model *)live);
	const struct scstcfg_node *wroot = scstcfg_model_get_root((struct scstcfg_model *)want);
	const struct scstcfg_node *h, *x, *d, *wd;
	long n = 0;

	for (h = scstcfg_node_first(root, SCSTCFG_KIND_HANDLER); h; h = scstcfg_node_next(h))
		for (x = scstcfg_node_first(h, SCSTCFG_KIND_DEVICE); x; x = scstcfg_node_next(x))
			n += !scstcfg_model_find_device((struct scstcfg_model *)want,
							scstcfg_node_get_name(x));
	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d)) {
		wd = scstcfg_node_find(wroot, SCSTCFG_KIND_DRIVER, scstcfg_node_get_name(d));
		for (x = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); x; x = scstcfg_node_next(x))
			n += !scstcfg_target_get_hw(x) &&
			     !(wd && scstcfg_node_find(wd, SCSTCFG_KIND_TARGET,
						       scstcfg_node_get_name(x)));
	}
	return n;
}

/* "scstadmin -config @path [-force -noprompt]" towards @want; @lb from the
 * live state just before. */
static int measure(struct sfs *m, const struct scstcfg_model *want, const char *path,
		   bool force, struct row *r)
{
	const char *args[] = { "-config", path, force ? "-force" : NULL, "-noprompt", NULL };
	struct scstcfg_state *st = live(m, want);

	if (!st)
		return -EIO;
	r->lb = (long)live_diff_count(scstcfg_state_get_model(st), want);
	if (!force)
		r->lb -= kept_without_force(scstcfg_state_get_model(st), want);
	scstcfg_state_free(st);
	return run(m, args, r);
}

/* Writes a clear needs at least (see the top), from the full live model. */
static long clear_lower_bound(const struct scstcfg_model *md)
{
	const struct scstcfg_node *root = scstcfg_model_get_root((struct scstcfg_model *)md);
	const struct scstcfg_node *h, *d, *t, *g;
	const struct scstcfg_attr *a;
	long n = 0;

	for (h = scstcfg_node_first(root, SCSTCFG_KIND_HANDLER); h; h = scstcfg_node_next(h))
		n += (long)scstcfg_node_count(h, SCSTCFG_KIND_DEVICE);
	n += (long)scstcfg_node_count(root, SCSTCFG_KIND_DGROUP);
	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = scstcfg_node_next(d)) {
		const char *dn = scstcfg_node_get_name(d);
		const char *den = scstcfg_attr_find(d, "enabled") ?
			scstcfg_attr_get_value(scstcfg_attr_find(d, "enabled")) : NULL;

		n += den && !strcmp(den, "1");
		/* dynamic driver attributes: every [key] attribute but enabled */
		for (a = scstcfg_attr_first(d); a; a = scstcfg_attr_next(a))
			n += strcmp(scstcfg_attr_get_name(a), "enabled") != 0;
		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t; t = scstcfg_node_next(t)) {
			const struct scstcfg_attr *en = scstcfg_attr_find(t, "enabled");
			bool on = en && !strcmp(scstcfg_attr_get_value(en), "1");
			bool cm = !strcmp(dn, "copy_manager");

			if (!scstcfg_target_get_hw(t) && !cm) {
				n += 1 + (on && !den);	/* del_target, disable if ungated */
				continue;
			}
			n += on;
			for (g = scstcfg_node_first(t, SCSTCFG_KIND_GROUP); g;
			     g = scstcfg_node_next(g))
				n++;
		}
	}
	return n;
}

static int measure_clear(struct sfs *m, struct row *r)
{
	static const char *const args[] = { "-clear_config", "-force", "-noprompt", NULL };
	struct scstcfg_state *st = sfs_read(m);

	if (!st)
		return -EIO;
	r->lb = clear_lower_bound(scstcfg_state_get_model(st));
	scstcfg_state_free(st);
	return run(m, args, r);
}

static bool print_row(const char *size, const char *op, const struct row *r, bool eq_goal,
		      const char *extra_goal, bool extra_ok)
{
	bool ok = (!eq_goal || r->writes == r->lb) && extra_ok;
	char goal[96];

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
	printf("bench-apply: scstadmin -config FILE / -clear_config -force on scstfs "
	       "(wall ms include the process start)\n");
	printf("lower bound = objects and attributes that differ (live model vs configuration);\n"
	       "for clear: the writes no clear can do without (bench-apply.c clear_lower_bound)\n\n");
	printf("%-4s %-16s %10s %8s %8s %8s  %s\n", "size", "operation", "wall ms", "writes",
	       "lower", "reads", "goal");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const struct size *z = &sizes[i];
		struct scstcfg_model *w = config(z, false), *w2 = config(z, true);
		struct row fresh = { 0 }, noop = { 0 }, one = { 0 }, clr = { 0 }, forced = { 0 };
		bool is_l = !strcmp(z->name, "L");
		char p1[128], p2[128];
		struct sfs *m;

		if (!w || !w2 || sfs_mount(&m) < 0) {
			fprintf(stderr, "bench-apply: setup of %s failed\n", z->name);
			return 2;
		}
		snprintf(p1, sizeof(p1), "%s/scst.conf", m->tmp);
		snprintf(p2, sizeof(p2), "%s/scst-one.conf", m->tmp);
		if (save(w, p1) < 0 || save(w2, p2) < 0 ||
		    measure(m, w, p1, false, &fresh) < 0 || measure(m, w, p1, false, &noop) < 0 ||
		    measure(m, w, p1, true, &forced) < 0 || measure(m, w2, p2, false, &one) < 0 ||
		    measure_clear(m, &clr) < 0) {
			sfs_unmount(m);
			return 2;
		}
		all &= print_row(z->name, "apply from fresh", &fresh, true, NULL, true);
		all &= print_row(z->name, "no-op re-apply", &noop, true,
				 is_l ? "0 writes, < 50 ms" : NULL,
				 !is_l || (noop.writes == 0 && noop.ms < GOAL_NOOP_L_MS));
		all &= print_row(z->name, "re-apply, -force", &forced, true, NULL, true);
		all &= print_row(z->name, "one-LUN change", &one, true, NULL, true);
		all &= print_row(z->name, "clear", &clr, true, NULL, true);
		if (is_l)
			printf("L no-op with -force: %ld reads, %.1f ms\n", forced.reads, forced.ms);
		unlink(p1);
		unlink(p2);
		sfs_unmount(m);
		scstcfg_model_free(w);
		scstcfg_model_free(w2);
	}
	printf("\n%s\n", all ? "all goals met" : "some goals missed");
	return all ? 0 : 1;
}
