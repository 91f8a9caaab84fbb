// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * live-cli-test.c - the scstadmin and pyscstadmin commands against scstfs
 * mounts, as a user runs them (SCST_SYSFS_ROOT=<mount> scstadmin ...):
 *  - every file of shared/configs applied to a fresh mount: scstfs is
 *    started with what the file names (--fake-file for each filename,
 *    --scsi-device for dev_disk/dev_tape/dev_changer/... devices,
 *    --qla-wwn for qla2x00t and HW_TARGET targets); valid files: -config
 *    succeeds, -write_config parses back to the same model (after
 *    stripping what the kernel adds by itself, see normalize()), a second
 *    -config makes zero writes; invalid files: -config exits 1 with the
 *    position of the error and scstfs counted zero writes;
 *  - -dry_run and -debug write nothing; -suspend N writes N then -1, also
 *    when a write fails and on SIGTERM; the -force prompt;
 *  - -clear_config: a rich configuration (sessions, CHAP, groups, ALUA,
 *    hardware target, copy manager) cleared gives the tree of a fresh
 *    mount (see test_clear() for the exceptions);
 *  - the pyscstadmin personality's messages and exit codes;
 *  - no SCST: Perl's message.
 *
 * usage: live-cli-test SCSTADMIN CONFIGS_DIR EXAMPLES_DIR
 * Environment (meson): SCSTFS, SCSTFS_CTL_BIN.  Exits 77 when scstfs is not
 * built, /dev/fuse is missing or we are not root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "scstcfg/scstcfg.h"
#include "sfs-harness.h"

static const char *scstfs, *adm, *configs_dir, *examples_dir;
static char pyadm[PATH_MAX];

/* Mounts of the running test, stopped by its teardown even after a failure
 * (a left-over scstfs would keep meson waiting on its output). */
static struct sfs *live_mounts[4];

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Start scstfs with @args (NULL-terminated list of extra options). */
static struct sfs *mnt_start(char *const *args)
{
	struct sfs *m = calloc(1, sizeof(*m));
	char *argv[256];
	int i, n = 0;

	assert_non_null(m);
	snprintf(m->tmp, sizeof(m->tmp), "/tmp/live-cli-test.XXXXXX");
	assert_non_null(mkdtemp(m->tmp));
	snprintf(m->dir, sizeof(m->dir), "%s/mnt", m->tmp);
	snprintf(m->sock, sizeof(m->sock), "%s/ctl.sock", m->tmp);
	mkdir(m->dir, 0755);
	argv[n++] = (char *)scstfs;
	argv[n++] = (char *)"-f";
	argv[n++] = (char *)"--ctl";
	argv[n++] = m->sock;
	for (i = 0; args && args[i] && n < 250; i++)
		argv[n++] = args[i];
	argv[n++] = m->dir;
	argv[n] = NULL;
	m->pid = fork();
	if (m->pid == 0) {
		char log[128];
		int fd;

		snprintf(log, sizeof(log), "%s/scstfs.log", m->tmp);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(scstfs, argv);
		_exit(127);
	}
	for (i = 0; i < 4; i++)
		if (!live_mounts[i]) {
			live_mounts[i] = m;
			break;
		}
	for (i = 0; i < 200 && !(sfs_is_mounted(m->dir) && access(m->sock, F_OK) == 0); i++)
		sleep_ms(50);
	if (!sfs_is_mounted(m->dir)) {
		char log[128], cmd[256];

		snprintf(log, sizeof(log), "%s/scstfs.log", m->tmp);
		snprintf(cmd, sizeof(cmd), "cat '%s' >&2", log);
		if (system(cmd)) {
			/* best effort */
		}
		fail_msg("scstfs did not mount %s", m->dir);
	}
	return m;
}

/* Stop a mount of mnt_start() (NULL does nothing). */
static void mnt_stop(struct sfs *m)
{
	if (!m)
		return;
	for (int i = 0; i < 4; i++)
		if (live_mounts[i] == m)
			live_mounts[i] = NULL;
	sfs_unmount(m);
}

static int stop_all(void **state)
{
	int i;

	for (i = 0; i < 4; i++)
		mnt_stop(live_mounts[i]);
	return 0;
}

static long writes_total(struct sfs *m)
{
	char out[64];

	assert_int_equal(sfs_ctl(m, out, sizeof(out), "writes-total"), 0);
	return strtol(out, NULL, 10);
}

/* write() calls counted on @rel ("R W path" lines of "counters GLOB"). */
static long writes_on(struct sfs *m, const char *rel)
{
	char out[4096];
	long r = 0, w = 0;

	assert_int_equal(sfs_ctl(m, out, sizeof(out), "counters '%s'", rel), 0);
	if (sscanf(out, "%ld %ld", &r, &w) != 2)
		return 0;
	return w;
}

/* Files opened for reading since counters-reset (the R column of "counters"). */
static long reads_total(struct sfs *m)
{
	long sum = 0;

	assert_int_equal(sfs_counts(m, NULL, &sum, NULL), 0);
	return sum;
}

static void read_rel(struct sfs *m, const char *rel, char *out, size_t size)
{
	char p[512];
	FILE *f;
	size_t n = 0;

	snprintf(p, sizeof(p), "%s/%s", m->dir, rel);
	f = fopen(p, "r");
	assert_non_null(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
}

/* ---- running the command ------------------------------------------------------ */

struct run {
	int status;		/* exit status, or 128+signal */
	char out[65536];	/* stdout then stderr */
	char err[8192];		/* stderr alone */
};

static char run_tmp[64];

/* Fork @exe with argv @args (NULL-terminated), SCST_SYSFS_ROOT=@root
 * (NULL: unset), stdin from @input (NULL: /dev/null); no wait. */
static pid_t spawn(const char *exe, const char *const *args, const char *root, const char *input)
{
	char o[128], e[128], in[128];
	const char *argv[64];
	pid_t pid;
	int i, n = 0;

	snprintf(o, sizeof(o), "%s/out", run_tmp);
	snprintf(e, sizeof(e), "%s/err", run_tmp);
	snprintf(in, sizeof(in), "%s/in", run_tmp);
	if (input) {
		FILE *f = fopen(in, "w");

		assert_non_null(f);
		fputs(input, f);
		fclose(f);
	}
	argv[n++] = exe;
	for (i = 0; args[i] && n < 62; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fo = open(o, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(e, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fi = open(input ? in : "/dev/null", O_RDONLY);

		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (root)
			setenv("SCST_SYSFS_ROOT", root, 1);
		else
			unsetenv("SCST_SYSFS_ROOT");
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	assert_true(pid > 0);
	return pid;
}

static void collect(struct run *r, int st)
{
	char p[128];
	size_t n;
	FILE *f;

	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	snprintf(p, sizeof(p), "%s/out", run_tmp);
	f = fopen(p, "r");
	n = f ? fread(r->out, 1, sizeof(r->out) / 2, f) : 0;
	if (f)
		fclose(f);
	snprintf(p, sizeof(p), "%s/err", run_tmp);
	f = fopen(p, "r");
	r->err[0] = '\0';
	if (f) {
		size_t k = fread(r->err, 1, sizeof(r->err) - 1, f);

		r->err[k] = '\0';
		fclose(f);
	}
	snprintf(r->out + n, sizeof(r->out) - n, "%s", r->err);
}

static struct run *run_in(const char *exe, const char *root, const char *input,
			  const char *const *args)
{
	struct run *r = calloc(1, sizeof(*r));
	int st;
	pid_t pid;

	assert_non_null(r);
	pid = spawn(exe, args, root, input);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	collect(r, st);
	return r;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define ADM(m, ...) run_in(adm, (m)->dir, NULL, ARGS(__VA_ARGS__))
#define PYADM(m, ...) run_in(pyadm, (m)->dir, NULL, ARGS(__VA_ARGS__))

static void expect_status(struct run *r, int status, const char *what)
{
	if (r->status != status) {
		fprintf(stderr, "---- output of %s:\n%s----\n", what, r->out);
		fail_msg("%s: exit %d, want %d", what, r->status, status);
	}
}

static void expect_text(struct run *r, const char *text, const char *what)
{
	if (!strstr(r->out, text)) {
		fprintf(stderr, "---- output of %s:\n%s----\n", what, r->out);
		fail_msg("%s: \"%s\" missing from the output", what, text);
	}
}

/* ---- scstfs options a configuration needs ---------------------------------------- */

struct argv_list {
	char *v[256];
	int n;
};

static void push2(struct argv_list *a, const char *opt, const char *fmt, const char *v,
		  const char *suffix)
{
	char buf[512];

	snprintf(buf, sizeof(buf), fmt, v, suffix);
	assert_true(a->n < 253);
	/* skip duplicates of the pair */
	for (int i = 0; i + 1 < a->n; i++)
		if (!strcmp(a->v[i], opt) && !strcmp(a->v[i + 1], buf))
			return;
	a->v[a->n++] = strdup(opt);
	a->v[a->n++] = strdup(buf);
	a->v[a->n] = NULL;
}

static void argv_free(struct argv_list *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
}

static const char *scsi_type(const char *handler)
{
	static const char *const map[][2] = {
		{ "dev_disk", "disk" },	      { "dev_disk_perf", "disk" },
		{ "dev_tape", "tape" },	      { "dev_tape_perf", "tape" },
		{ "dev_changer", "changer" }, { "dev_cdrom", "cdrom" },
		{ "dev_modisk", "mod" },      { "dev_modisk_perf", "mod" },
		{ "dev_processor", "processor" }, { "dev_raid", "raid" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], handler))
			return map[i][1];
	return NULL;
}

/* --fake-file for each filename, --scsi-device for pass-through devices,
 * --qla-wwn for hardware targets (spec scstadmin.md §7 item 16). */
static void scstfs_args_for(struct scstcfg_model *m, bool names_too, struct argv_list *a)
{
	struct scstcfg_node *root = scstcfg_model_get_root(m), *h, *d, *drv, *t;

	for (h = scstcfg_node_first(root, SCSTCFG_KIND_HANDLER); h; h = scstcfg_node_next(h)) {
		const char *hn = scstcfg_node_get_name(h);

		for (d = scstcfg_node_first(h, SCSTCFG_KIND_DEVICE); d; d = scstcfg_node_next(d)) {
			struct scstcfg_attr *f = scstcfg_attr_find(d, "filename");

			if (f)
				push2(a, "--fake-file", "%s=1G%s", scstcfg_attr_get_value(f),
				      !strcmp(hn, "vdisk_blockio") ? ":block" : "");
			if (names_too && scsi_type(hn))
				push2(a, "--scsi-device", "%s=%s", scstcfg_node_get_name(d),
				      scsi_type(hn));
		}
	}
	for (drv = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); names_too && drv;
	     drv = scstcfg_node_next(drv))
		for (t = scstcfg_node_first(drv, SCSTCFG_KIND_TARGET); t; t = scstcfg_node_next(t))
			if (scstcfg_target_get_hw(t) ||
			    (!strcmp(scstcfg_node_get_name(drv), "qla2x00t") &&
			     !scstcfg_attr_find(t, "parent_host")))
				push2(a, "--qla-wwn", "%s%s", scstcfg_node_get_name(t), "");
}

static struct scstcfg_model *parse_path(const char *path, bool validate, int *rc)
{
	struct scstcfg_ctx *ctx;
	struct scstcfg_model *m = NULL;

	assert_int_equal(scstcfg_ctx_new(&ctx), 0);
	scstcfg_ctx_set_log_level(ctx, 0);
	*rc = scstcfg_parse_file(ctx, path, NULL, &m);
	if (*rc == 0 && validate)
		*rc = scstcfg_model_validate(ctx, m, NULL);
	scstcfg_ctx_free(ctx);
	return m;
}

/*
 * What the kernel adds by itself, removed from the -write_config model
 * before comparing it with the file:
 *  - the copy_manager driver when the file has none, copy_manager_tgt's
 *    LUNs (every vdisk device gets one, sysfs spec §2.9) unless the file
 *    lists copy_manager LUNs;
 *  - drivers the file names but scstfs does not emulate (ib_srpt):
 *    scstadmin warns "not loaded or available" and skips them, like Perl;
 *    and "enabled" of drivers that have no such file (qla2x00t);
 *  - rel_tgt_id of targets when the file has none (the kernel assigns one
 *    when a target is enabled);
 *  - LUN read_only 1 on a read-only device (the reader keeps it on the
 *    device only, scstcfg_state_read());
 *  - scst_local's default target scst_local_tgt (scst_local loads with
 *    add_default_tgt) when the file does not name it: -config without
 *    -force keeps it (a hint says so);
 *  - "enabled 0" of drivers and targets when the file has no "enabled"
 *    (-write_config always writes enabled, spec §2.4);
 *  - "size" of a device when the file has none (size_mb is reported as
 *    size; blockio shows its device's size as a key attribute);
 *  - the order of iSCSI digest lists (the kernel answers "None,CRC32C"
 *    for "CRC32C,None"; the planner compares them as sets);
 *  - the HW_TARGET mark of qla2x00t targets
 *    the file lists without it (the reader marks what the driver cannot
 *    create).
 */
/* Sorted copy of a comma-separated list. */
static char *sorted_list(const char *v)
{
	char *c = strdup(v), *items[16], *save = NULL, *tok, *out;
	size_t n = 0, i, j, len = strlen(v) + 2;

	assert_non_null(c);
	for (tok = strtok_r(c, ",", &save); tok && n < 16; tok = strtok_r(NULL, ",", &save))
		items[n++] = tok;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
			char *x = items[j];

			items[j] = items[j - 1];
			items[j - 1] = x;
		}
	out = calloc(1, len);
	assert_non_null(out);
	for (i = 0; i < n; i++) {
		strcat(out, items[i]);
		if (i + 1 < n)
			strcat(out, ",");
	}
	free(c);
	return out;
}

/* @got's @name takes @want's spelling when both hold the same set. */
static void same_set(struct scstcfg_node *got, struct scstcfg_node *want, const char *name)
{
	struct scstcfg_attr *g = scstcfg_attr_find(got, name), *w = scstcfg_attr_find(want, name);
	char *a, *b;

	if (!g || !w)
		return;
	a = sorted_list(scstcfg_attr_get_value(g));
	b = sorted_list(scstcfg_attr_get_value(w));
	if (!strcmp(a, b))
		scstcfg_attr_set(got, name, scstcfg_attr_get_value(w));
	free(a);
	free(b);
}

static void normalize(struct scstcfg_model *got, struct scstcfg_model *want)
{
	struct scstcfg_node *groot = scstcfg_model_get_root(got);
	struct scstcfg_node *wroot = scstcfg_model_get_root(want);
	struct scstcfg_node *d, *t, *wd, *wt, *h, *dev, *next, *l;

	for (wd = scstcfg_node_first(wroot, SCSTCFG_KIND_DRIVER); wd; wd = next) {
		next = scstcfg_node_next(wd);
		d = scstcfg_node_find(groot, SCSTCFG_KIND_DRIVER, scstcfg_node_get_name(wd));
		if (!d)
			scstcfg_node_remove(wd);	/* not loaded: scstadmin warned */
		else if (!scstcfg_attr_find(d, "enabled"))
			scstcfg_attr_remove(wd, "enabled", NULL);
	}
	for (d = scstcfg_node_first(groot, SCSTCFG_KIND_DRIVER); d; d = next) {
		next = scstcfg_node_next(d);
		wd = scstcfg_node_find(wroot, SCSTCFG_KIND_DRIVER, scstcfg_node_get_name(d));
		if (!wd && !strcmp(scstcfg_node_get_name(d), "copy_manager")) {
			scstcfg_node_remove(d);
			continue;
		}
		if (!wd || !scstcfg_attr_find(wd, "enabled"))
			scstcfg_attr_remove(d, "enabled", "0");
		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t;) {
			struct scstcfg_node *tnext = scstcfg_node_next(t);
			const char *tn = scstcfg_node_get_name(t);

			wt = wd ? scstcfg_node_find(wd, SCSTCFG_KIND_TARGET, tn) : NULL;
			if (!wt && !strcmp(tn, "scst_local_tgt")) {
				scstcfg_node_remove(t);
				t = tnext;
				continue;
			}
			if (!strcmp(tn, "copy_manager_tgt") &&
			    !(wt && scstcfg_node_count(wt, SCSTCFG_KIND_LUN)))
				while ((l = scstcfg_node_first(t, SCSTCFG_KIND_LUN)))
					scstcfg_node_remove(l);
			if (!wt || !scstcfg_attr_find(wt, "enabled"))
				scstcfg_attr_remove(t, "enabled", "0");
			if (!wt || !scstcfg_attr_find(wt, "rel_tgt_id"))
				scstcfg_attr_remove(t, "rel_tgt_id", NULL);
			if (wt) {
				same_set(t, wt, "HeaderDigest");
				same_set(t, wt, "DataDigest");
			}
			if (wt && !scstcfg_target_get_hw(wt))
				scstcfg_target_set_hw(t, false);
			t = tnext;
		}
	}
	for (h = scstcfg_node_first(groot, SCSTCFG_KIND_HANDLER); h; h = scstcfg_node_next(h))
		for (dev = scstcfg_node_first(h, SCSTCFG_KIND_DEVICE); dev;
		     dev = scstcfg_node_next(dev)) {
			struct scstcfg_node *w = scstcfg_model_find_device(want,
									  scstcfg_node_get_name(dev));

			if (w && !scstcfg_attr_find(w, "size"))
				scstcfg_attr_remove(dev, "size", NULL);
		}
	/* LUN read_only of a read-only device: the kernel shows it on the device */
	for (wd = scstcfg_node_first(wroot, SCSTCFG_KIND_DRIVER); wd; wd = scstcfg_node_next(wd))
		for (wt = scstcfg_node_first(wd, SCSTCFG_KIND_TARGET); wt;
		     wt = scstcfg_node_next(wt)) {
			struct scstcfg_node *g = NULL, *p = wt;

			do {
				for (l = scstcfg_node_first(p, SCSTCFG_KIND_LUN); l;
				     l = scstcfg_node_next(l)) {
					struct scstcfg_node *dv = scstcfg_model_find_device(
						want, scstcfg_node_get_name(l));
					struct scstcfg_attr *ro = dv ? scstcfg_attr_find(dv,
											"read_only") : NULL;

					if (ro && !strcmp(scstcfg_attr_get_value(ro), "1"))
						scstcfg_attr_remove(l, "read_only", NULL);
				}
				g = g ? scstcfg_node_next(g) :
					scstcfg_node_first(wt, SCSTCFG_KIND_GROUP);
				p = g;
			} while (p);
		}
}

static char *print_model(struct scstcfg_model *m)
{
	char *s = NULL;

	scstcfg_model_print(m, SCSTCFG_PRINT_NO_HEADER, &s, NULL);
	return s;
}

/* ---- the corpus ------------------------------------------------------------------ */

/* Files of the corpus whose check_config finds errors (pyscstadmin-only syntax). */
static const char *const invalid_corpus[] = { "pyscstadmin-basic.conf",
					      "pyscstadmin-complex.conf" };

static bool is_invalid_corpus(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(invalid_corpus) / sizeof(invalid_corpus[0]); i++)
		if (!strcmp(invalid_corpus[i], name))
			return true;
	return false;
}

static void test_corpus_file(void **state)
{
	const char *name = *state;
	char path[PATH_MAX], saved[PATH_MAX];
	struct scstcfg_model *want, *got;
	struct argv_list a = { { NULL }, 0 };
	struct sfs *m;
	struct run *r;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", configs_dir, name);
	want = parse_path(path, true, &rc);
	assert_int_equal(rc < 0, is_invalid_corpus(name));
	if (!want)	/* still start scstfs with what the file names, if parsable */
		want = parse_path(path, false, &rc);
	if (want)	/* an invalid file may name impossible devices: files only */
		scstfs_args_for(want, !is_invalid_corpus(name), &a);
	m = mnt_start(a.v);
	argv_free(&a);
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = ADM(m, "-config", path, "-noprompt");
	if (is_invalid_corpus(name)) {
		char pos[PATH_MAX + 8];

		expect_status(r, 1, name);
		snprintf(pos, sizeof(pos), "%s:", path);
		expect_text(r, pos, name);	/* file:line:col: error: ... */
		expect_text(r, "error", name);
		assert_int_equal(writes_total(m), 0);
		goto out;
	}
	expect_status(r, 0, name);
	expect_text(r, "All done.", name);
	free(r);

	/* -write_config reads back as the file's model */
	snprintf(saved, sizeof(saved), "%s/saved.conf", m->tmp);
	r = ADM(m, "-write_config", saved);
	expect_status(r, 0, "-write_config");
	got = parse_path(saved, true, &rc);
	if (!got)
		fail_msg("%s: the -write_config output does not parse", name);
	normalize(got, want);
	if (!scstcfg_model_equal(got, want)) {
		char *g = print_model(got), *w = print_model(want);

		fprintf(stderr, "--- written (normalized)\n%s--- file\n%s", g, w);
		fail_msg("%s: -write_config differs", name);
	}
	scstcfg_model_free(got);
	free(r);

	/* applying again: nothing to do, no write at all */
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = ADM(m, "-config", path, "-noprompt");
	expect_status(r, 0, "re-apply");
	expect_text(r, "Done, 0 change(s) made.", name);
	if (writes_total(m))
		fail_msg("%s: re-apply wrote %ld times", name, writes_total(m));
out:
	free(r);
	scstcfg_model_free(want);
	mnt_stop(m);
}

/* ---- the example configuration: dry run, debug, suspend, prompt -------------------- */

static char example[PATH_MAX];

static struct sfs *example_mount(void)
{
	char *const args[] = {
		(char *)"--fake-file", (char *)"/tmp/targetkit-demo/disk01.img=64M",
		(char *)"--fake-file", (char *)"/tmp/targetkit-demo/disk02.img=64M",
		(char *)"--fake-file", (char *)"/tmp/targetkit-demo/blk01.img=64M:block",
		(char *)"--qla-wwn", (char *)"21:00:00:24:ff:00:00:01", NULL,
	};

	return mnt_start(args);
}

static void test_dry_run_debug(void **state)
{
	struct sfs *m = example_mount();
	struct run *r;

	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = ADM(m, "-config", example, "-dry_run", "-force");
	expect_status(r, 0, "-dry_run");
	expect_text(r, "Dry run:", "-dry_run");
	expect_text(r, "handlers/vdisk_fileio/mgmt <- \"add_device disk01 ", "-dry_run");
	expect_text(r, "IncomingUser discovery ***", "-dry_run");
	if (strstr(r->out, "12charsecret"))
		fail_msg("-dry_run shows a secret:\n%s", r->out);
	assert_int_equal(writes_total(m), 0);
	free(r);

	r = ADM(m, "-config", example, "-debug", "-noprompt");
	expect_status(r, 0, "-debug");
	expect_text(r, "DBG(", "-debug");
	expect_text(r, "/handlers/vdisk_fileio/mgmt -> add_device disk01", "-debug");
	expect_text(r, "/setup_id -> setup_id = 0x10", "-debug");
	assert_int_equal(writes_total(m), 0);
	free(r);

	/* -force prompts; "n" skips the operation, exit 0, nothing written */
	r = run_in(adm, m->dir, "n\n", ARGS("-config", example, "-force"));
	expect_status(r, 0, "prompt declined");
	expect_text(r, "are you sure you wish to continue (y/[n]) ? Aborting action.",
		    "prompt declined");
	assert_int_equal(writes_total(m), 0);
	free(r);
	r = run_in(adm, m->dir, "yes\n", ARGS("-config", example, "-force"));
	expect_status(r, 0, "prompt accepted");
	expect_text(r, "Done, ", "prompt accepted");
	assert_true(writes_total(m) > 20);
	free(r);
	mnt_stop(m);
}

static void expect_resumed(struct sfs *m, const char *what)
{
	char v[32];

	if (writes_on(m, "suspend") != 2)
		fail_msg("%s: %ld writes to suspend, want 2 (N, then -1)", what,
			 writes_on(m, "suspend"));
	read_rel(m, "suspend", v, sizeof(v));
	if (atoi(v) != 0)
		fail_msg("%s: suspend count %s after the run", what, v);
}

static void test_suspend(void **state)
{
	struct sfs *m = example_mount();
	struct run *r;

	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = ADM(m, "-config", example, "-noprompt", "-suspend", "5");
	expect_status(r, 0, "-suspend");
	expect_resumed(m, "-suspend");
	free(r);
	/* nothing to do: no suspend either */
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = ADM(m, "-config", example, "-noprompt", "-suspend", "5");
	expect_status(r, 0, "-suspend re-apply");
	assert_int_equal(writes_total(m), 0);
	free(r);
	r = ADM(m, "-config", example, "-suspend", "0");
	expect_status(r, 1, "-suspend 0");
	free(r);
	mnt_stop(m);
}

static void test_suspend_failure(void **state)
{
	struct sfs *m = example_mount();
	struct run *r;

	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	/* write 1 = suspend, 2 = setup_id, 3 = the first add_device */
	assert_int_equal(sfs_ctl(m, NULL, 0, "fail-nth 3 EIO"), 0);
	r = ADM(m, "-config", example, "-noprompt", "-suspend", "5");
	expect_status(r, 1, "failed write");
	expect_text(r, "FAILED.", "failed write");
	expect_text(r, "handlers/vdisk_fileio/mgmt: writing \"add_device disk01", "failed write");
	expect_text(r, "Input/output error", "failed write");
	expect_text(r, "1 change(s) made, 1 failed,", "failed write");
	expect_text(r, "not made: ", "failed write");
	expect_text(r, "FATAL: Received the following error:", "failed write");
	expect_resumed(m, "failed write");
	free(r);
	mnt_stop(m);
}

static void test_suspend_sigterm(void **state)
{
	struct sfs *m = example_mount();
	struct run r = { 0 };
	int st, i;
	pid_t pid;

	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	assert_int_equal(sfs_ctl(m, NULL, 0, "slow 300"), 0);
	pid = spawn(adm, ARGS("-config", example, "-noprompt", "-suspend", "5"), m->dir, NULL);
	/* wait until it is suspended and busy with the mgmt writes */
	for (i = 0; i < 200 && !(writes_on(m, "suspend") == 1 && writes_total(m) >= 3); i++)
		sleep_ms(25);
	assert_int_equal(writes_on(m, "suspend"), 1);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	collect(&r, st);
	assert_int_equal(sfs_ctl(m, NULL, 0, "slow 0"), 0);
	expect_status(&r, 1, "SIGTERM");
	expect_text(&r, "\n\nAborting immediately.\n", "SIGTERM");
	expect_resumed(m, "SIGTERM");
	mnt_stop(m);
}

/* ---- clear ------------------------------------------------------------------------ */

static const char rich[] =
	"HANDLER vdisk_fileio {\n"
	"	DEVICE disk01 {\n"
	"		filename /tmp/targetkit-demo/disk01.img\n"
	"		t10_dev_id demo-disk01\n"
	"	}\n"
	"	DEVICE disk02 {\n"
	"		filename /tmp/targetkit-demo/disk02.img\n"
	"	}\n"
	"}\n"
	"HANDLER vdisk_blockio {\n"
	"	DEVICE blk01 {\n"
	"		filename /tmp/targetkit-demo/blk01.img\n"
	"	}\n"
	"}\n"
	"HANDLER vdisk_nullio {\n"
	"	DEVICE null01\n"
	"}\n"
	"HANDLER vcdrom {\n"
	"	DEVICE cd01\n"
	"}\n"
	"TARGET_DRIVER iscsi {\n"
	"	enabled 1\n"
	"	IncomingUser \"discovery 12charsecret\"\n"
	"	IncomingUser \"discovery2 12charsecret2\"\n"
	"	OutgoingUser \"out 12charsecret3\"\n"
	"	TARGET iqn.2025-01.org.example:t1 {\n"
	"		IncomingUser \"alice 12charsecret1\"\n"
	"		IncomingUser \"bob 12charsecret22\"\n"
	"		allowed_portal 10.1.1.10\n"
	"		enabled 1\n"
	"		LUN 0 disk01\n"
	"		LUN 1 blk01 {\n"
	"			read_only 1\n"
	"		}\n"
	"		GROUP hosts {\n"
	"			LUN 0 disk02\n"
	"			LUN 1 cd01\n"
	"			INITIATOR iqn.1994-05.com.redhat:h1\n"
	"			INITIATOR iqn.1994-05.com.redhat:h2\\#10.0.0.5\n"
	"		}\n"
	"	}\n"
	"	TARGET iqn.2025-01.org.example:t2 {\n"
	"		LUN 0 null01\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER qla2x00t {\n"
	"	TARGET 21:00:00:24:ff:00:00:01 {\n"
	"		HW_TARGET\n"
	"		enabled 1\n"
	"		LUN 0 disk02\n"
	"		GROUP fc {\n"
	"			LUN 0 disk01\n"
	"			INITIATOR 21:00:00:24:ff:99:99:99\n"
	"		}\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER scst_local {\n"
	"	TARGET local1 {\n"
	"		session_name host1\n"
	"		LUN 0 null01\n"
	"		GROUP g {\n"
	"			LUN 0 disk01\n"
	"			INITIATOR other\n"
	"		}\n"
	"	}\n"
	"}\n"
	"TARGET_DRIVER copy_manager {\n"
	"	TARGET copy_manager_tgt {\n"
	"		LUN 7 disk01\n"
	"	}\n"
	"}\n"
	"DEVICE_GROUP dg1 {\n"
	"	DEVICE disk01\n"
	"	DEVICE blk01\n"
	"	TARGET_GROUP local {\n"
	"		group_id 1\n"
	"		state active\n"
	"		TARGET iqn.2025-01.org.example:t1\n"
	"	}\n"
	"	TARGET_GROUP remote {\n"
	"		group_id 2\n"
	"		state standby\n"
	"		TARGET iqn.2025-01.org.example:peer {\n"
	"			rel_tgt_id 2\n"
	"		}\n"
	"	}\n"
	"}\n";

struct tree {
	char **lines;
	size_t n, cap;
};

/* Files whose values move on their own or are never reused, see test_clear(). */
static bool volatile_file(const char *name)
{
	static const char *const sfx[] = { "_cmd_count", "_io_count_kb", "last_sysfs_mgmt_res" };
	size_t l = strlen(name), i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (l >= strlen(sfx[i]) && !strcmp(name + l - strlen(sfx[i]), sfx[i]))
			return true;
	return false;
}

static void tree_add(struct tree *t, char *line)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->lines = realloc(t->lines, t->cap * sizeof(*t->lines));
		assert_non_null(t->lines);
	}
	t->lines[t->n++] = line;
}

/* One line per entry: path, type, and a file's content or a link's target. */
static void dump(const char *root, const char *rel, struct tree *t, const char *skip)
{
	char p[2 * PATH_MAX + 2], sub[PATH_MAX], buf[4096], *line;
	struct dirent *e;
	struct stat sb;
	DIR *d;

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	d = opendir(p);
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (skip && !strcmp(sub, skip))
			continue;
		snprintf(p, sizeof(p), "%s/%s", root, sub);
		assert_int_equal(lstat(p, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			assert_true(asprintf(&line, "%s/", sub) > 0);
			tree_add(t, line);
			dump(root, sub, t, skip);
		} else if (S_ISLNK(sb.st_mode)) {
			ssize_t n = readlink(p, buf, sizeof(buf) - 1);

			buf[n > 0 ? n : 0] = '\0';
			assert_true(asprintf(&line, "%s -> %s", sub, buf) > 0);
			tree_add(t, line);
		} else if (volatile_file(e->d_name) ||
			   (!strcmp(e->d_name, "rel_tgt_id") && !strncmp(sub, "targets/qla2x00t/", 17))) {
			assert_true(asprintf(&line, "%s (counter)", sub) > 0);
			tree_add(t, line);
		} else {
			int fd = (sb.st_mode & 0444) ? open(p, O_RDONLY) : -1;
			ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

			if (fd >= 0)
				close(fd);
			buf[n > 0 ? n : 0] = '\0';
			assert_true(asprintf(&line, "%s %o = %s", sub, (unsigned)(sb.st_mode & 0777),
					     n < 0 ? "(unreadable)" : buf) > 0);
			tree_add(t, line);
		}
	}
	closedir(d);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void tree_free(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->lines[i]);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

/* Fail with the differing lines (at most 40). */
static void trees_equal(struct tree *a, struct tree *b, const char *what)
{
	char msg[8192] = "";
	size_t i = 0, j = 0, shown = 0, len = 0;

	qsort(a->lines, a->n, sizeof(char *), cmp_line);
	qsort(b->lines, b->n, sizeof(char *), cmp_line);
	while ((i < a->n || j < b->n) && shown < 40) {
		int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->lines[i], b->lines[j]);

		if (!c) {
			i++;
			j++;
			continue;
		}
		len += snprintf(msg + len, sizeof(msg) - len, "%s %s\n", c < 0 ? "-" : "+",
				c < 0 ? a->lines[i] : b->lines[j]);
		if (len >= sizeof(msg))
			break;
		if (c < 0)
			i++;
		else
			j++;
		shown++;
	}
	if (shown) {
		fprintf(stderr, "%s: (- cleared, + fresh):\n%s", what, msg);
		fail_msg("%s: trees differ", what);
	}
}

/*
 * Apply a rich configuration (with an iSCSI session), clear it, and compare
 * the tree with a fresh mount's.  Left out of the comparison: statistics
 * counters (*_cmd_count, *_io_count_kb: the copy manager's and the
 * hardware target's count what ran), last_sysfs_mgmt_res, and the
 * hardware target's rel_tgt_id: the kernel gave it the next free relative
 * target id when it was enabled, and a clear disables hardware targets
 * but never resets attributes (spec scstadmin.md §7 item 88).  The kernel
 * keeps counters that are never reused (the copy manager's automatic LUN
 * number, iSCSI tids, session ids), but no file of a cleared tree shows
 * them: the objects that carried them are gone.  The one object a clear
 * takes away from a fresh kernel is scst_local's default target
 * scst_local_tgt (a virtual target like any other, Perl removes it too):
 * the fresh tree is compared without it, and clearing the fresh mount
 * must give the same tree as clearing the rich one.
 */
static void test_clear(void **state)
{
	char conf[PATH_MAX];
	struct tree cleared = { 0 }, fresh = { 0 }, fresh_cleared = { 0 };
	struct sfs *m = example_mount(), *f = example_mount();
	struct run *r;
	FILE *fp;

	snprintf(conf, sizeof(conf), "%s/rich.conf", m->tmp);
	fp = fopen(conf, "w");
	assert_non_null(fp);
	fputs(rich, fp);
	fclose(fp);
	dump(f->dir, "", &fresh, "targets/scst_local/scst_local_tgt");

	r = ADM(m, "-config", conf, "-force", "-noprompt");
	expect_status(r, 0, "apply rich");
	free(r);
	assert_int_equal(sfs_ctl(m, NULL, 0, "session-add iscsi iqn.2025-01.org.example:t1 "
				       "iqn.1994-05.com.redhat:h1"), 0);

	r = ADM(m, "-clear_config");
	expect_status(r, 1, "-clear_config without -force");
	expect_text(r, "Please specify -force with -clear_config.", "-clear_config");
	free(r);

	r = ADM(m, "-clear_config", "-force", "-noprompt");
	expect_status(r, 0, "-clear_config");
	expect_text(r, "Closing session 'iqn.1994-05.com.redhat:h1'", "-clear_config");
	expect_text(r, "Removing dynamic attribute 'IncomingUser1' from driver 'iscsi'",
		    "-clear_config");
	/* copy_manager_tgt's LUNs go with their devices (del_device): no "clear" */
	if (strstr(r->out, "Clearing the LUNs"))
		fail_msg("-clear_config: a redundant LUN clear:\n%s", r->out);
	expect_text(r, "Disabling driver/target 'qla2x00t/21:00:00:24:ff:00:00:01'",
		    "-clear_config");
	if (strstr(r->out, "12charsecret"))
		fail_msg("-clear_config shows a secret:\n%s", r->out);
	free(r);
	dump(m->dir, "", &cleared, NULL);
	trees_equal(&cleared, &fresh, "clear after a rich configuration");

	/* clearing a cleared kernel: nothing to do */
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = ADM(m, "-clear_config", "-force", "-noprompt");
	expect_status(r, 0, "-clear_config again");
	assert_string_equal(r->out, "\nCollecting current configuration: done.\n\n"
				    "-> Making requested changes.\n"
				    "\t-> Done, 0 change(s) made.\n\nAll done.\n");
	assert_int_equal(writes_total(m), 0);
	free(r);

	/* a fresh kernel cleared = the rich one cleared (pyscstadmin: no -force) */
	r = PYADM(f, "-clear_config");
	expect_status(r, 0, "pyscstadmin -clear_config");
	expect_text(r, "Configuration cleared\n", "pyscstadmin -clear_config");
	free(r);
	dump(f->dir, "", &fresh_cleared, NULL);
	trees_equal(&cleared, &fresh_cleared, "fresh mount cleared");

	/* pyscstadmin clearing a cleared kernel: the same message, no write */
	assert_int_equal(sfs_ctl(f, NULL, 0, "counters-reset"), 0);
	r = PYADM(f, "-clear_config", "-log_level", "INFO");
	expect_status(r, 0, "pyscstadmin -clear_config again");
	assert_string_equal(r->out, "Configuration cleared\n");
	assert_int_equal(writes_total(f), 0);
	free(r);

	tree_free(&cleared);
	tree_free(&fresh);
	tree_free(&fresh_cleared);
	mnt_stop(m);
	mnt_stop(f);
}

/* ---- pyscstadmin personality, no SCST ------------------------------------------------ */

static void test_pyscstadmin(void **state)
{
	char bad[PATH_MAX], msg[PATH_MAX + 64];
	struct sfs *m = example_mount();
	struct run *r;

	snprintf(bad, sizeof(bad), "%s/pyscstadmin-basic.conf", configs_dir);
	r = PYADM(m, "-version");
	expect_status(r, 0, "-version");
	assert_string_equal(r->out, "SCST Python Configurator v1.0.0\n");
	free(r);
	r = PYADM(m, "-log_level", "TRACE", "-clear_config");
	expect_status(r, 2, "-log_level TRACE");
	expect_text(r, "invalid choice: 'TRACE'", "-log_level TRACE");
	free(r);
	r = PYADM(m, "-log", "INFO");
	expect_status(r, 0, "no operation");
	expect_text(r, "usage: pyscstadmin", "no operation");
	free(r);

	/* -check_config needs no SCST */
	r = run_in(pyadm, "/nonexistent/scst_tgt", NULL, ARGS("-check_config", example));
	expect_status(r, 0, "-check_config");
	snprintf(msg, sizeof(msg), "Configuration file %s is valid\n", example);
	assert_string_equal(r->out, msg);
	free(r);
	r = run_in(pyadm, "/nonexistent/scst_tgt", NULL, ARGS("-check_config", bad));
	expect_status(r, 1, "-check_config bad");
	snprintf(msg, sizeof(msg), "Configuration file %s has errors\n", bad);
	expect_text(r, msg, "-check_config bad");
	free(r);

	/* -config: quiet, full convergence (scst_local_tgt goes without -force) */
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = PYADM(m, "-config", bad);
	expect_status(r, 1, "-config bad");
	assert_int_equal(strncmp(r->err + strlen(r->err) - strlen("has errors\n") -
					 strlen(bad) - 1, bad, strlen(bad)), 0);
	expect_text(r, "Error: Configuration parsing error:", "-config bad");
	assert_int_equal(writes_total(m), 0);
	free(r);
	r = PYADM(m, "-config", example, "-suspend", "0");
	expect_status(r, 1, "-suspend 0");
	expect_text(r, "Unexpected error: ", "-suspend 0");
	free(r);
	r = PYADM(m, "-config", example, "-timeout", "10", "-suspend", "3");
	expect_status(r, 0, "pyscstadmin -config");
	snprintf(msg, sizeof(msg), "Configuration from %s applied successfully\n", example);
	assert_string_equal(r->out, msg);
	expect_resumed(m, "pyscstadmin -suspend");
	free(r);
	{
		char p[256];
		struct stat sb;

		snprintf(p, sizeof(p), "%s/targets/scst_local/scst_local_tgt", m->dir);
		assert_int_equal(lstat(p, &sb), -1);
	}
	/*
	 * A no-op re-apply writes nothing and reads only what its plan
	 * (REMOVE|RECREATE) compares: 87 files (version twice), where a full
	 * scstcfg_state_read() opens 238.  RECREATE reads the create-time
	 * parameters of each device; Perl's -config without -force reads 39.
	 */
	assert_int_equal(sfs_ctl(m, NULL, 0, "counters-reset"), 0);
	r = PYADM(m, "-config", example);
	expect_status(r, 0, "pyscstadmin re-apply");
	assert_string_equal(r->out, msg);
	assert_int_equal(writes_total(m), 0);
	assert_int_equal(reads_total(m), 87);
	free(r);

	/* a failing write: "Error: <path: command: errno>", exit 1 */
	/* (clear closes devices last, after logging the other steps) */
	assert_int_equal(sfs_ctl(m, NULL, 0, "fail-path 'handlers/vdisk_nullio/mgmt' EIO"), 0);
	r = PYADM(m, "-config", bad, "-config", example, "-log_level", "INFO");
	expect_status(r, 0, "later -config wins");
	free(r);
	r = PYADM(m, "-clear_config", "-log_level", "INFO");
	expect_status(r, 1, "pyscstadmin failure");
	expect_text(r, "- scstadmin - INFO - ", "pyscstadmin failure");
	expect_text(r, "Error: ", "pyscstadmin failure");
	expect_text(r, "/mgmt: writing \"del_device null01\" failed", "pyscstadmin failure");
	free(r);
	assert_int_equal(sfs_ctl(m, NULL, 0, "fail-clear"), 0);
	mnt_stop(m);
}

static void test_no_scst(void **state)
{
	struct run *r;

	r = run_in(adm, "/nonexistent/scst_tgt", NULL, ARGS("-config", example, "-noprompt"));
	assert_int_not_equal(r->status, 0);
	expect_text(r, "Failed to obtain SCST version information. Are the SCST modules loaded?",
		    "no SCST");
	free(r);
	r = run_in(adm, "/nonexistent/scst_tgt", NULL, ARGS("-write_config", "/tmp/x.conf"));
	assert_int_not_equal(r->status, 0);
	expect_text(r, "Are the SCST modules loaded?", "no SCST");
	free(r);
	r = run_in(pyadm, "/nonexistent/scst_tgt", NULL, ARGS("-config", example));
	expect_status(r, 1, "pyscstadmin, no SCST");
	assert_string_equal(r->err, "Error: SCST is not available\n");
	free(r);
}

int main(int argc, char **argv)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	struct dirent **ents;
	char *slash;
	int k, nf;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SCSTADMIN CONFIGS_DIR EXAMPLES_DIR\n", argv[0]);
		return 2;
	}
	adm = argv[1];
	configs_dir = argv[2];
	examples_dir = argv[3];
	slash = strrchr(adm, '/');
	snprintf(pyadm, sizeof(pyadm), "%.*spyscstadmin", slash ? (int)(slash + 1 - adm) : 0, adm);
	snprintf(example, sizeof(example), "%s/scst.conf", examples_dir);
	scstfs = getenv("SCSTFS");
	if (sfs_skip())
		return 77;
	snprintf(run_tmp, sizeof(run_tmp), "/tmp/live-cli-run.XXXXXX");
	if (!mkdtemp(run_tmp))
		return 1;

	nf = scandir(configs_dir, &ents, NULL, alphasort);
	for (k = 0; k < nf; k++) {
		const char *nm = ents[k]->d_name;
		size_t l = strlen(nm);

		if (l > 5 && !strcmp(nm + l - 5, ".conf") && n < 48)
			tests[n++] = (struct CMUnitTest){ strdup(nm), test_corpus_file, NULL,
							  stop_all, strdup(nm) };
		free(ents[k]);
	}
	if (nf > 0)
		free(ents);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_dry_run_debug, stop_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_suspend, stop_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_suspend_failure, stop_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_suspend_sigterm, stop_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_clear, stop_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_pyscstadmin, stop_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_no_scst, stop_all);
	k = _cmocka_run_group_tests("live-cli", tests, n, NULL, NULL);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", run_tmp);
		if (system(cmd)) {
			/* best effort */
		}
	}
	return k;
}
