// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Commands that change or read a live SCST: -config, -write_config,
 * -clear_config (spec ../shared/spec/scstadmin.md §2.1, §2.4, §3.4, §3.5),
 * plus the pieces both personalities share (live_*(): connection,
 * modules, suspend, signals).
 *
 * The root is $SCST_SYSFS_ROOT when set (an scstfs mount in the tests and
 * the demo), else /sys/kernel/scst_tgt.  Kernel modules are only loaded
 * for the real tree: with SCST_SYSFS_ROOT pointing outside /sys there is
 * no kernel behind it to load modules into.
 *
 * -suspend N writes N to <root>/suspend before the first write and -1 on
 * every way out: normal return, failure, exit() (atexit) and SIGINT,
 * SIGTERM, SIGHUP (async-signal-safe open/write in the handler).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scstadmin.h"

/* ---- suspend and signals ---------------------------------------------------- */

/* Only the signal handler and atexit() need these, hence globals. */
static char suspend_path[PATH_MAX];
static volatile sig_atomic_t suspended;
static const char *abort_msg = "\n\nAborting immediately.\n";
static int abort_fd = STDOUT_FILENO;

static void resume_raw(void)
{
	int fd;

	if (!suspended)
		return;
	suspended = 0;
	fd = open(suspend_path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "-1", 2) < 0) {
			/* nothing more can be done on the way out */
		}
		close(fd);
	}
}

static void on_signal(int sig)
{
	size_t n = strlen(abort_msg);

	(void)sig;
	resume_raw();
	if (write(abort_fd, abort_msg, n) < 0) {
		/* the process ends anyway */
	}
	_exit(1);
}

void live_signals(const char *msg, int fd)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	abort_msg = msg;
	abort_fd = fd;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int live_suspend(struct scstcfg_sysfs *s, int n, char **err)
{
	char v[16];
	int fd, len, r = 0;

	*err = NULL;
	if (n <= 0 || scstcfg_sysfs_get_dry_run(s))
		return 0;
	snprintf(suspend_path, sizeof(suspend_path), "%s/suspend", scstcfg_sysfs_get_root(s));
	len = snprintf(v, sizeof(v), "%d", n);
	atexit(resume_raw);
	/* set first: a signal during the write still resumes (resuming an
	 * unsuspended SCST only warns, spec scst-sysfs.md §5.1); "suspend" is
	 * synchronous, never EAGAIN (§4) */
	suspended = 1;
	fd = open(suspend_path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, v, (size_t)len) != len)
		r = -errno;
	if (fd >= 0 && close(fd) < 0 && !r)
		r = -errno;
	if (r < 0) {
		suspended = 0;
		if (asprintf(err, "%s: writing \"%s\" failed: %s", suspend_path, v,
			     strerror(-r)) < 0)
			*err = NULL;
	}
	return r;
}

void live_resume(void)
{
	resume_raw();
}

int live_parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

/* ---- connection and modules -------------------------------------------------- */

int live_connect(struct scstcfg_sysfs **out, unsigned int timeout, bool dry_run)
{
	struct scstcfg_sysfs *s;
	int r;

	r = scstcfg_sysfs_new(NULL, &s);
	if (r < 0)
		return r;
	scstcfg_sysfs_set_timeout(s, timeout);
	scstcfg_sysfs_set_dry_run(s, dry_run);
	r = scstcfg_sysfs_probe(s);
	if (r < 0) {
		scstcfg_sysfs_free(s);
		return r;
	}
	*out = s;
	return 0;
}

bool live_modules_wanted(void)
{
	const char *root = getenv("SCST_SYSFS_ROOT");

	return !root || !*root || !strncmp(root, "/sys/", 5);
}

static int names_of(const struct scstcfg_node *root, enum scstcfg_kind kind, const char ***out,
		    size_t *n)
{
	const struct scstcfg_node *c;
	size_t i = 0;

	*n = scstcfg_node_count(root, kind);
	*out = calloc(*n ? *n : 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (c = scstcfg_node_first(root, kind); c; c = scstcfg_node_next(c))
		(*out)[i++] = scstcfg_node_get_name(c);
	return 0;
}

int live_load_modules(const struct scstcfg_model *m, char **err)
{
	struct scstcfg_node *root = scstcfg_model_get_root((struct scstcfg_model *)m);
	const char **h = NULL, **d = NULL;
	struct scstcfg_sysfs *s = NULL;
	size_t nh = 0, nd = 0;
	int r;

	*err = NULL;
	if (!live_modules_wanted())
		return 0;
	r = names_of(root, SCSTCFG_KIND_HANDLER, &h, &nh);
	if (r == 0)
		r = names_of(root, SCSTCFG_KIND_DRIVER, &d, &nd);
	if (r == 0)
		r = scstcfg_sysfs_new(NULL, &s);
	if (r == 0) {
		r = scstcfg_modules_load(s, h, nh, d, nd, NULL);
		if (r < 0)
			*err = strdup(scstcfg_sysfs_last_error(s));
	}
	scstcfg_sysfs_free(s);
	free(h);
	free(d);
	return r;
}

/* ---- parse and validate -------------------------------------------------------- */

void print_diags(const struct scstcfg_diags *d, FILE *f)
{
	size_t i;

	for (i = 0; i < scstcfg_diags_count(d); i++) {
		char *s;

		if (scstcfg_diag_format(scstcfg_diags_at(d, i), &s) == 0) {
			fputs(s, f);
			free(s);
		}
	}
}

int live_parse(struct scstcfg_ctx *ctx, const char *path, struct scstcfg_diags *d,
	       struct scstcfg_model **out)
{
	int r;

	*out = NULL;
	r = scstcfg_parse_file(ctx, path, d, out);
	if (r == 0 && scstcfg_model_validate(ctx, *out, d) < 0)
		r = -EINVAL;
	scstcfg_diags_sort(d);
	if (r < 0) {
		scstcfg_model_free(*out);
		*out = NULL;
	}
	return r;
}

bool model_is_empty(struct scstcfg_model *m)
{
	struct scstcfg_node *root = scstcfg_model_get_root(m);

	return !scstcfg_attr_first(root) && !scstcfg_attr_first(scstcfg_model_get_alua(m)) &&
	       !scstcfg_node_count(root, SCSTCFG_KIND_HANDLER) &&
	       !scstcfg_node_count(root, SCSTCFG_KIND_DRIVER) &&
	       !scstcfg_node_count(root, SCSTCFG_KIND_DGROUP);
}

/* ---- what the kernel offers ---------------------------------------------------- */

/*
 * Drop from @want what the running SCST cannot take, with Perl
 * checkConfiguration's warnings (spec §1.4), so that the rest applies:
 * drivers and handlers that are not loaded.  ("enabled" of a driver that
 * has no such file, qla2x00t or copy_manager, is the planner's business:
 * it plans from the files the reader found, with a note.)
 */
int adapt_to_kernel(struct scstcfg_model *want, const struct scstcfg_state *st,
		    void (*warn)(void *priv, const char *msg), void *priv)
{
	struct scstcfg_node *wroot = scstcfg_model_get_root(want);
	struct scstcfg_node *croot = scstcfg_model_get_root(scstcfg_state_get_model(st));
	struct scstcfg_node *n, *next;
	char *msg;

	for (n = scstcfg_node_first(wroot, SCSTCFG_KIND_DRIVER); n; n = next) {
		const char *dn = scstcfg_node_get_name(n);

		next = scstcfg_node_next(n);
		if (!scstcfg_node_find(croot, SCSTCFG_KIND_DRIVER, dn)) {
			if (asprintf(&msg, "Target driver '%s' is not loaded or available.", dn) < 0)
				return -ENOMEM;
			warn(priv, msg);
			free(msg);
			scstcfg_node_remove(n);
		}
	}
	for (n = scstcfg_node_first(wroot, SCSTCFG_KIND_HANDLER); n; n = next) {
		const char *hn = scstcfg_node_get_name(n);

		next = scstcfg_node_next(n);
		if (scstcfg_node_find(croot, SCSTCFG_KIND_HANDLER, hn))
			continue;
		if (asprintf(&msg, "No such handler '%s' available, ignoring.", hn) < 0)
			return -ENOMEM;
		warn(priv, msg);
		free(msg);
		scstcfg_node_remove(n);
	}
	return 0;
}

static void warn_perl(void *priv, const char *msg)
{
	(void)priv;
	printf("\t-> WARNING: %s\n", msg);
}

/* ---- Perl personality: framing and reporting ----------------------------------- */

/* Perl immediateExit() framing (spec §1.4). */
static int fatal(const char *msg)
{
	printf("\n\nFATAL: Received the following error:\n\n\t%s\n\n", msg);
	return 1;
}

/* Perl matches the answer with /^y$/i or /^yes$/i: one trailing newline
 * may follow, nothing else (not even "\r" or a blank). */
bool live_prompt(const struct opts *o)
{
	char line[64] = "";
	size_t n;

	if (o->noprompt)
		return true;
	printf("Performing this action may result in lost or corrupt data, are you sure you wish to continue (y/[n]) ? ");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (!strcasecmp(line, "y") || !strcasecmp(line, "yes"))
		return true;
	printf("Aborting action.\n");
	return false;
}

/* -debug: Perl's "DBG(pid): path -> ..." instead of each write (spec §2.2). */
static void debug_trace(void *priv, const struct scstcfg_trace_event *ev)
{
	const char *base = strrchr(ev->path, '/');

	(void)priv;
	base = base ? base + 1 : ev->path;
	if (!strcmp(base, "mgmt"))
		printf("DBG(%d): %s -> %s\n", (int)getpid(), ev->path, ev->data);
	else
		printf("DBG(%d): %s -> %s = %s\n", (int)getpid(), ev->path, base, ev->data);
}

static void print_op(const struct scstcfg_op *op)
{
	unsigned int f = scstcfg_op_get_flags(op);

	if (f & SCSTCFG_OP_WAIT)
		printf("\t-> %s: wait until %s is empty\n", scstcfg_op_get_desc(op),
		       scstcfg_op_get_path(op));
	else if (f & SCSTCFG_OP_UNMAP_DEVICE)
		printf("\t-> %s: \"del\" each LUN of %s that maps '%s'\n",
		       scstcfg_op_get_desc(op), scstcfg_op_get_path(op), scstcfg_op_get_data(op));
	else
		printf("\t-> %s: %s <- \"%s\"\n", scstcfg_op_get_desc(op), scstcfg_op_get_path(op),
		       scstcfg_op_get_data_masked(op));
}

struct progress {
	struct scstcfg_sysfs *s;
};

static void on_progress(void *priv, size_t i, const struct scstcfg_op *op, int result)
{
	struct progress *pr = priv;

	(void)i;
	if (result == 0) {
		printf("\t-> %s: done.\n", scstcfg_op_get_desc(op));
		return;
	}
	printf("\t-> %s: FAILED.\n", scstcfg_op_get_desc(op));
	printf("\t   %s\n", scstcfg_sysfs_last_error(pr->s));
	fflush(stdout);
}

#define MAX_NOT_MADE 10

/*
 * Run @p with Perl's framing; the notes were printed by the caller.
 * Return: the exit status.
 */
static int run_plan(struct scstcfg_sysfs *s, struct scstcfg_plan *p, const struct opts *o)
{
	struct scstcfg_apply_result res = { 0 };
	struct progress pr = { s };
	size_t n = scstcfg_plan_count(p), i, shown = 0;
	char *first = NULL;
	int r;

	printf("-> Making requested changes.\n");
	if (o->dry_run) {
		for (i = 0; i < n; i++)
			print_op(scstcfg_plan_get_op(p, i));
		printf("\t-> Dry run: %zu change(s) planned, none made.\n", n);
		return 0;
	}
	if (n && o->suspend_n) {
		r = live_suspend(s, o->suspend_n, &first);
		if (r < 0) {
			r = fatal(first ? first : scstcfg_apply_strerror(r));
			free(first);
			return r;
		}
	}
	r = scstcfg_plan_apply(s, p, o->cont_on_err ? SCSTCFG_APPLY_CONTINUE : 0, on_progress,
			       &pr, &res);
	live_resume();
	if (r == 0) {
		printf("\t-> Done, %zu change(s) made.\n", res.done);
		return 0;
	}
	first = strdup(scstcfg_sysfs_last_error(s));
	/* what was done and what was not */
	printf("\t-> %zu change(s) made, %zu failed, %zu not made.\n", res.done, res.failed,
	       res.pending);
	for (i = 0; i < n; i++) {
		const struct scstcfg_op *op = scstcfg_plan_get_op(p, i);

		if (scstcfg_op_get_status(op) == SCSTCFG_OP_DONE)
			continue;
		if (shown++ == MAX_NOT_MADE) {
			printf("\t   ... and %zu more.\n", res.failed + res.pending - MAX_NOT_MADE);
			break;
		}
		printf("\t   not made: %s%s\n", scstcfg_op_get_desc(op),
		       scstcfg_op_get_status(op) == SCSTCFG_OP_FAILED ? " (failed)" : "");
	}
	/* the message of the first failure (the writer's last one when continuing) */
	r = fatal(first ? first : scstcfg_apply_strerror(r));
	free(first);
	return r;
}

struct scstcfg_sysfs *live_connect_perl(const struct opts *o)
{
	struct scstcfg_sysfs *s = NULL;
	int r;

	r = live_connect(&s, o->timeout_s, o->dry_run || o->debug);
	if (r == -SCSTCFG_ENOSCST) {
		fprintf(stderr, "%s\n", scstcfg_apply_strerror(r));
		return NULL;
	}
	if (r < 0) {
		fprintf(stderr, "Failed to open the SCST sysfs tree: %s\n", scstcfg_apply_strerror(r));
		return NULL;
	}
	if (o->debug)
		scstcfg_sysfs_set_trace(s, debug_trace, NULL);
	if (!o->json)	/* -json: one document, no framing */
		printf("\nCollecting current configuration: done.\n\n");
	return s;
}

static void print_notes(const struct scstcfg_plan *p)
{
	size_t i;

	for (i = 0; i < scstcfg_plan_note_count(p); i++)
		printf("\t-> %s\n", scstcfg_plan_get_note(p, i));
}

/*
 * -config [FILE]: check, connect, plan, (prompt with -force), apply.
 */
int cmd_config(struct scstcfg_ctx *ctx, const struct opts *o)
{
	const char *path = o->op_arg ? o->op_arg : SCSTADMIN_DEFAULT_CONFIG;
	struct scstcfg_model *want = NULL;
	struct scstcfg_state *st = NULL;
	struct scstcfg_plan *p = NULL;
	struct scstcfg_sysfs *s = NULL;
	unsigned int flags = o->force ? SCSTCFG_PLAN_FORCE : 0;
	struct scstcfg_diags *d;
	char *merr = NULL;
	int r, rc = 1;

	if (o->json)
		return cmd_plan_json(ctx, o, false);
	if (scstcfg_diags_new(&d) < 0)
		return fatal("Out of memory.");
	r = live_parse(ctx, path, d, &want);
	if (r < 0 && r != -EINVAL) {
		scstcfg_diags_free(d);
		return fatal(scstcfg_ctx_last_error(ctx));
	}
	if (r < 0) {
		/* errors: nothing has touched SCST yet */
		printf("-> Checking configuration file '%s' for errors.\n", path);
		print_diags(d, stdout);
		printf("\t-> Done, %zu errors found.\n",
		       scstcfg_diags_count_severity(d, SCSTCFG_ERROR));
		scstcfg_diags_free(d);
		return fatal("Configuration has errors, aborting.");
	}
	if (!o->dry_run && !o->debug && live_load_modules(want, &merr) < 0)
		fprintf(stderr, "WARNING: %s\n", merr ? merr : "Failed to load required modules");
	free(merr);
	s = live_connect_perl(o);
	if (!s) {
		rc = LIVE_EXIT_NO_SCST;
		goto out;
	}
	printf("-> Checking configuration file '%s' for errors.\n", path);
	print_diags(d, stdout);
	printf("\t-> Done, %zu warnings found.\n\n",
	       scstcfg_diags_count_severity(d, SCSTCFG_WARNING));
	if (model_is_empty(want)) {
		printf("-> WARNING: Configuration is empty or unreadable, aborting.\n");
		rc = 0;
		goto out;
	}
	/* only what the plan compares (-write_config reads everything) */
	r = scstcfg_state_read_plan(s, want, flags, &st);
	if (r == 0)
		r = adapt_to_kernel(want, st, warn_perl, NULL);
	if (r == 0)
		r = scstcfg_plan_new(st, want, flags, &p);
	if (r < 0) {
		rc = fatal(scstcfg_sysfs_last_error(s)[0] ? scstcfg_sysfs_last_error(s) :
							    scstcfg_apply_strerror(r));
		goto out;
	}
	print_notes(p);
	if (o->force && !o->dry_run && scstcfg_plan_count(p) && !live_prompt(o)) {
		rc = 0;
		goto done;
	}
	rc = run_plan(s, p, o);
	if (rc)
		goto out;
done:
	printf("\nAll done.\n");
out:
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	scstcfg_sysfs_free(s);
	scstcfg_model_free(want);
	scstcfg_diags_free(d);
	return rc;
}

/*
 * -clear_config (main.c has checked -force, spec §2.1): prompt, then remove
 * everything (scstcfg_clear_plan_new()).
 */
int cmd_clear_config(struct scstcfg_ctx *ctx, const struct opts *o)
{
	struct scstcfg_state *st = NULL;
	struct scstcfg_plan *p = NULL;
	struct scstcfg_sysfs *s;
	int r, rc;

	(void)ctx;
	if (o->json)
		return cmd_plan_json(ctx, o, true);
	s = live_connect_perl(o);
	if (!s)
		return LIVE_EXIT_NO_SCST;
	r = scstcfg_state_read(s, &st);
	if (r == 0)
		r = scstcfg_clear_plan_new(st, &p);
	if (r < 0) {
		rc = fatal(scstcfg_sysfs_last_error(s)[0] ? scstcfg_sysfs_last_error(s) :
							    scstcfg_apply_strerror(r));
		goto out;
	}
	if (!o->dry_run && scstcfg_plan_count(p) && !live_prompt(o)) {
		rc = 0;
		printf("\nAll done.\n");
		goto out;
	}
	rc = run_plan(s, p, o);
	if (rc == 0)
		printf("\nAll done.\n");
out:
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	scstcfg_sysfs_free(s);
	return rc;
}

/* Save @m to @path: atomically for a regular file (or a new one), straight
 * through stdio for anything else (/dev/stdout, a pipe). */
int save_model(struct scstcfg_ctx *ctx, const struct scstcfg_model *m, const char *path,
	       char **err)
{
	struct stat sb;
	FILE *f;
	int r;

	*err = NULL;
	if (stat(path, &sb) < 0 || S_ISREG(sb.st_mode)) {
		r = scstcfg_model_write_file(ctx, m, 0, path);
		if (r < 0)
			*err = strdup(scstcfg_ctx_last_error(ctx));
		return r;
	}
	f = fopen(path, "w");
	r = f ? scstcfg_model_print_file(m, 0, f) : -errno;
	if (f && fclose(f) != 0 && r == 0)
		r = -EIO;
	if (r < 0 && asprintf(err, "Failed to save configuration to file '%s': %s", path,
			      scstcfg_strerror(r)) < 0)
		*err = NULL;
	return r;
}

/* -write_config FILE (spec §2.4). */
int cmd_write_config(struct scstcfg_ctx *ctx, const struct opts *o)
{
	struct scstcfg_state *st = NULL;
	struct scstcfg_sysfs *s;
	char *err = NULL;
	int r, rc = 0;

	s = live_connect_perl(o);
	if (!s)
		return LIVE_EXIT_NO_SCST;
	r = scstcfg_state_read(s, &st);
	if (r < 0) {
		rc = fatal(scstcfg_sysfs_last_error(s)[0] ? scstcfg_sysfs_last_error(s) :
							    scstcfg_apply_strerror(r));
		goto out;
	}
	fflush(stdout);
	if (o->nonkey)
		list_nonkey_attach(scstcfg_state_get_model(st), o);
	r = save_model(ctx, scstcfg_state_get_model(st), o->op_arg, &err);
	if (r < 0) {
		rc = fatal(err ? err : scstcfg_strerror(r));
		goto out;
	}
	printf("-> Writing current configuration to file '%s'.. done.\n\nAll done.\n", o->op_arg);
out:
	free(err);
	scstcfg_state_free(st);
	scstcfg_sysfs_free(s);
	return rc;
}
