// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pyscstadmin personality: scstadmin invoked as "pyscstadmin" speaks
 * TrueNAS pyscstadmin's command line (spec ../shared/spec/scstadmin.md
 * §2.5, §3.2, §3.3, §7 items 46-50) on the same engine as the Perl
 * personality:
 *   -config FILE        converge fully (remove and re-create without
 *                       -force), quietly: "Configuration from FILE applied
 *                       successfully"
 *   -check_config FILE  parse and validate, no SCST needed
 *   -clear_config       no -force, no prompt: "Configuration cleared"
 *   -suspend N          N > 0, written before the state is read, -1 after
 *   -timeout S          EAGAIN wait (default 60)
 *   -log_level L        DEBUG, INFO, WARNING (default) or ERROR
 *   -version            "SCST Python Configurator v1.0.0"
 * Precedence: -config > -check_config > -clear_config; no operation prints
 * the help (exit 0).  Failures: "Error: ..." on stderr, exit 1; argument
 * errors: argparse's usage + "error:" lines, exit 2.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>

#include "scstadmin.h"

#define PY_VERSION "SCST Python Configurator v1.0.0"
#define PY_DEFAULT_TIMEOUT 60

struct pyopts {
	const char *config, *check_config;
	bool clear_config;
	const char *suspend, *timeout;
	int level;		/* syslog level */
	int suspend_n;
	unsigned int timeout_s;
};

static const char *levels[] = { "DEBUG", "INFO", "WARNING", "ERROR" };
static const int level_num[] = { LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR };

static void usage(FILE *f)
{
	fprintf(f, "usage: pyscstadmin [-h] [-config CONFIG] [-check_config CHECK_CONFIG]\n"
		   "                   [-clear_config] [-suspend SUSPEND] [-timeout TIMEOUT]\n"
		   "                   [-log_level {DEBUG,INFO,WARNING,ERROR}] [-version]\n");
}

static void help(void)
{
	usage(stdout);
	printf("\nSCST configuration tool (targetkit)\n\n"
	       "options:\n"
	       "  -h, --help            show this help message and exit\n"
	       "  -config CONFIG        Apply configuration from file\n"
	       "  -check_config CHECK_CONFIG\n"
	       "                        Check configuration file syntax\n"
	       "  -clear_config         Clear all SCST configuration\n"
	       "  -suspend SUSPEND      Suspend SCST I/O during the operation (seconds)\n"
	       "  -timeout TIMEOUT      Timeout for sysfs operations in seconds (default 60)\n"
	       "  -log_level {DEBUG,INFO,WARNING,ERROR}\n"
	       "                        Logging level (default: WARNING)\n"
	       "  -version              show program's version number and exit\n");
}

static int arg_error(const char *fmt, ...)
{
	va_list ap;

	usage(stderr);
	fprintf(stderr, "pyscstadmin: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* Python logging's default format: "time - logger - LEVEL - msg". */
__attribute__((format(printf, 3, 4)))
static void pylog(const struct pyopts *po, int level, const char *fmt, ...)
{
	char ts[32];
	struct timeval tv;
	struct tm tm;
	const char *name = "ERROR";
	va_list ap;
	size_t i;

	if (level > po->level)
		return;
	for (i = 0; i < 4; i++)
		if (level_num[i] == level)
			name = levels[i];
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(stderr, "%s,%03d - scstadmin - %s - ", ts, (int)(tv.tv_usec / 1000), name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "Error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void log_trace(void *priv, const struct scstcfg_trace_event *ev)
{
	pylog(priv, LOG_DEBUG, "write %s <- \"%s\"%s", ev->path, ev->data,
	      ev->result ? " failed" : "");
}

static void log_progress(void *priv, size_t i, const struct scstcfg_op *op, int result)
{
	(void)i;
	pylog(priv, result ? LOG_ERR : LOG_INFO, "%s%s", scstcfg_op_get_desc(op),
	      result ? ": failed" : "");
}

/* Connect (and suspend before reading, as PY/admin.py does). */
static int py_connect(const struct pyopts *po, struct scstcfg_sysfs **s)
{
	int r = live_connect(s, po->timeout_s, false);
	char *err = NULL;

	if (r == -SCSTCFG_ENOSCST)
		return fail("SCST is not available");
	if (r < 0)
		return fail("%s", scstcfg_apply_strerror(r));
	scstcfg_sysfs_set_trace(*s, log_trace, (void *)po);
	r = live_suspend(*s, po->suspend_n, &err);
	if (r < 0) {
		fail("%s", err ? err : scstcfg_apply_strerror(r));
		free(err);
		scstcfg_sysfs_free(*s);
		return 1;
	}
	return 0;
}

/*
 * A note of the planner: a change it left out, with Perl's "Use -force to
 * ..." hint.  This personality has no -force (it removes and recreates
 * without one), so the hint and what follows it go; the note says that the
 * object stays as it is.
 */
static void log_note(const struct pyopts *po, const char *note)
{
	const char *hint = strstr(note, " Use -force");
	int n = hint ? (int)(hint - note) : (int)strlen(note);

	if (n && note[n - 1] == '.')
		n--;
	pylog(po, LOG_WARNING, "%.*s; left unchanged", n, note);
}

static void warn_py(void *priv, const char *msg)
{
	pylog(priv, LOG_WARNING, "%s", msg);
}

/* Plan @want (NULL: clear), run it, report.  Return: exit status. */
static int py_run(const struct pyopts *po, struct scstcfg_sysfs *s, struct scstcfg_model *want)
{
	/* this personality removes and recreates without -force */
	const unsigned int flags = SCSTCFG_PLAN_REMOVE | SCSTCFG_PLAN_RECREATE;
	struct scstcfg_state *st = NULL;
	struct scstcfg_plan *p = NULL;
	size_t i;
	int r;

	/* -config: only what the plan compares; clear: everything */
	r = want ? scstcfg_state_read_plan(s, want, flags, &st) : scstcfg_state_read(s, &st);
	if (r == 0 && want)
		r = adapt_to_kernel(want, st, warn_py, (void *)po);
	if (r == 0)
		r = want ? scstcfg_plan_new(st, want, flags, &p) : scstcfg_clear_plan_new(st, &p);
	if (r == 0) {
		for (i = 0; i < scstcfg_plan_note_count(p); i++)
			log_note(po, scstcfg_plan_get_note(p, i));
		r = scstcfg_plan_apply(s, p, 0, log_progress, (void *)po, NULL);
	}
	if (r < 0)
		fail("%s", scstcfg_sysfs_last_error(s)[0] ? scstcfg_sysfs_last_error(s) :
							   scstcfg_apply_strerror(r));
	live_resume();
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	return r < 0 ? 1 : 0;
}

static int py_check(struct scstcfg_ctx *ctx, const char *path)
{
	struct scstcfg_model *m = NULL;
	struct scstcfg_diags *d;
	int r;

	if (scstcfg_diags_new(&d) < 0)
		return fail("out of memory");
	r = live_parse(ctx, path, d, &m);
	if (r < 0) {
		print_diags(d, stderr);
		if (r != -EINVAL)
			fprintf(stderr, "%s\n", scstcfg_ctx_last_error(ctx));
		printf("Configuration file %s has errors\n", path);
	} else {
		printf("Configuration file %s is valid\n", path);
	}
	scstcfg_model_free(m);
	scstcfg_diags_free(d);
	return r < 0 ? 1 : 0;
}

static int py_config(struct scstcfg_ctx *ctx, const struct pyopts *po)
{
	struct scstcfg_model *want = NULL;
	struct scstcfg_sysfs *s = NULL;
	struct scstcfg_diags *d;
	char *merr = NULL;
	int r, rc;

	if (scstcfg_diags_new(&d) < 0)
		return fail("out of memory");
	r = live_parse(ctx, po->config, d, &want);
	if (r < 0) {
		print_diags(d, stderr);
		scstcfg_diags_free(d);
		if (r != -EINVAL)
			return fail("%s", scstcfg_ctx_last_error(ctx));
		return fail("Configuration parsing error: %s has errors", po->config);
	}
	scstcfg_diags_free(d);
	if (live_load_modules(want, &merr) < 0) {
		rc = fail("%s", merr ? merr : "Failed to load required modules");
		free(merr);
		scstcfg_model_free(want);
		return rc;
	}
	rc = py_connect(po, &s);
	if (rc == 0) {
		rc = py_run(po, s, want);
		if (rc == 0)
			printf("Configuration from %s applied successfully\n", po->config);
		scstcfg_sysfs_free(s);
	}
	scstcfg_model_free(want);
	return rc;
}

static int py_clear(const struct pyopts *po)
{
	struct scstcfg_sysfs *s = NULL;
	int rc = py_connect(po, &s);

	if (rc == 0) {
		rc = py_run(po, s, NULL);
		if (rc == 0)
			printf("Configuration cleared\n");
		scstcfg_sysfs_free(s);
	}
	return rc;
}

enum { O_CONFIG = 1, O_CHECK, O_CLEAR, O_SUSPEND, O_TIMEOUT, O_LOG, O_VERSION, O_HELP };

static const struct option pylong[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "check_config", required_argument, NULL, O_CHECK },
	{ "clear_config", no_argument, NULL, O_CLEAR },
	{ "suspend", required_argument, NULL, O_SUSPEND },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "log_level", required_argument, NULL, O_LOG },
	{ "version", no_argument, NULL, O_VERSION },
	{ "help", no_argument, NULL, O_HELP },
	{ "h", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(int argc, char **argv, struct pyopts *po)
{
	int c, t;
	size_t i;

	opterr = 0;
	while ((c = getopt_long_only(argc, argv, ":", pylong, NULL)) != -1) {
		switch (c) {
		case O_CONFIG:
			po->config = optarg;
			break;
		case O_CHECK:
			po->check_config = optarg;
			break;
		case O_CLEAR:
			po->clear_config = true;
			break;
		case O_SUSPEND:
			if (live_parse_int(optarg, &po->suspend_n) < 0)
				return arg_error("argument -suspend: invalid int value: '%s'",
						 optarg);
			po->suspend = optarg;
			break;
		case O_TIMEOUT:
			if (live_parse_int(optarg, &t) < 0 || t < 0)
				return arg_error("argument -timeout: invalid int value: '%s'",
						 optarg);
			po->timeout_s = (unsigned int)t;
			break;
		case O_LOG:
			for (i = 0; i < 4 && strcmp(optarg, levels[i]); i++)
				;
			if (i == 4)
				return arg_error("argument -log_level: invalid choice: '%s' (choose from 'DEBUG', 'INFO', 'WARNING', 'ERROR')",
						 optarg);
			po->level = level_num[i];
			break;
		case O_VERSION:
			printf("%s\n", PY_VERSION);
			return 0;
		case O_HELP:
			help();
			return 0;
		case ':':
			return arg_error("argument %s: expected one argument", argv[optind - 1]);
		default:
			return arg_error("unrecognized arguments: %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return arg_error("unrecognized arguments: %s", argv[optind]);
	return -1;
}

int pyscstadmin_main(int argc, char **argv)
{
	struct pyopts po = { .level = LOG_WARNING, .timeout_s = PY_DEFAULT_TIMEOUT };
	struct scstcfg_ctx *ctx;
	int rc;

	rc = parse_args(argc, argv, &po);
	if (rc >= 0)
		return rc;
	if (!po.config && !po.check_config && !po.clear_config) {
		help();
		return 0;
	}
	if (po.check_config && !po.config) {
		if (scstcfg_ctx_new(&ctx) < 0)
			return fail("out of memory");
		rc = py_check(ctx, po.check_config);
		scstcfg_ctx_free(ctx);
		return rc;
	}
	if (po.suspend && po.suspend_n <= 0) {
		fprintf(stderr, "Unexpected error: Suspend value must be positive, got %d\n",
			po.suspend_n);
		return 1;
	}
	live_signals("Operation cancelled\n", 2);
	if (scstcfg_ctx_new(&ctx) < 0)
		return fail("out of memory");
	rc = po.config ? py_config(ctx, &po) : py_clear(&po);
	scstcfg_ctx_free(ctx);
	return rc;
}
