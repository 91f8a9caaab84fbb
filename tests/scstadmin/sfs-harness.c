// SPDX-License-Identifier: GPL-2.0-or-later
/* scstfs mounts for libscstcfg tests and benchmarks (sfs-harness.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sfs-harness.h"

bool sfs_is_mounted(const char *dir)
{
	char parent[128];
	struct stat a, b;

	snprintf(parent, sizeof(parent), "%s/..", dir);
	return stat(dir, &a) == 0 && stat(parent, &b) == 0 && a.st_dev != b.st_dev;
}

static int run_quiet(char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const char *sfs_skip_reason(void)
{
	const char *fs = getenv("SCSTFS"), *ctl = getenv("SCSTFS_CTL_BIN");

	if (!fs || access(fs, X_OK) || !ctl || access(ctl, X_OK))
		return "scstfs is not built (SCSTFS, SCSTFS_CTL_BIN)";
	if (access("/dev/fuse", R_OK | W_OK))
		return "/dev/fuse is missing";
	if (geteuid())
		return "needs root to mount scstfs";
	return NULL;
}

bool sfs_skip(void)
{
	const char *why = sfs_skip_reason();

	if (why)
		printf("SKIP: %s\n", why);
	return why != NULL;
}

/* Mount with @extra (@n_extra strings, copied) after the fixed options. */
static int mount_argv(struct sfs **out, const char *const *extra, size_t n_extra)
{
	const char *fs = getenv("SCSTFS");
	struct sfs *m = calloc(1, sizeof(*m));
	char **argv = NULL;
	size_t argc = 0, i;
	int k;

	if (!m || !fs)
		goto fail;
	snprintf(m->tmp, sizeof(m->tmp), "/tmp/sfs-harness.XXXXXX");
	if (!mkdtemp(m->tmp))
		goto fail;
	snprintf(m->dir, sizeof(m->dir), "%s/mnt", m->tmp);
	snprintf(m->sock, sizeof(m->sock), "%s/ctl.sock", m->tmp);
	if (mkdir(m->dir, 0755) < 0)
		goto fail;
	argv = calloc(6 + n_extra, sizeof(*argv));
	if (!argv)
		goto fail;
	argv[argc++] = strdup(fs);
	argv[argc++] = strdup("-f");
	argv[argc++] = strdup("--ctl");
	argv[argc++] = strdup(m->sock);
	for (i = 0; i < n_extra; i++)
		argv[argc++] = strdup(extra[i]);
	argv[argc++] = strdup(m->dir);
	for (i = 0; i < argc; i++)
		if (!argv[i])
			goto fail;
	m->pid = fork();
	if (m->pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 1);
		execv(fs, argv);
		_exit(127);
	}
	for (k = 0; k < 1000 && !(sfs_is_mounted(m->dir) && access(m->sock, F_OK) == 0); k++) {
		struct timespec ts = { 0, 10000000 };

		nanosleep(&ts, NULL);
	}
	if (!sfs_is_mounted(m->dir) || scstcfg_sysfs_new(m->dir, &m->s) < 0)
		goto fail;
	scstcfg_sysfs_set_timeout(m->s, 30);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	*out = m;
	return 0;
fail:
	for (i = 0; argv && i < argc; i++)
		free(argv[i]);
	free(argv);
	sfs_unmount(m);
	return -EIO;
}

int sfs_mount_args(struct sfs **out, const char *const *args)
{
	size_t n = 0;

	while (args && args[n])
		n++;
	return mount_argv(out, args, n);
}

int sfs_mount_n(struct sfs **out, unsigned int n_files)
{
	char **extra = calloc(4 * (size_t)n_files + 1, sizeof(*extra));
	size_t n = 0, i;
	int r = -ENOMEM;

	if (!extra)
		return r;
	for (i = 0; i < n_files; i++) {
		extra[n++] = strdup("--fake-file");
		if (asprintf(&extra[n], "/srv/f%zu.img=1G", i) < 0) {
			extra[n] = NULL;
			goto out;
		}
		n++;
		extra[n++] = strdup("--fake-file");
		if (asprintf(&extra[n], "/dev/fb%zu=1G:block", i) < 0) {
			extra[n] = NULL;
			goto out;
		}
		n++;
	}
	for (i = 0; i < n; i++)
		if (!extra[i])
			goto out;
	r = mount_argv(out, (const char *const *)extra, n);
out:
	for (i = 0; i < n; i++)
		free(extra[i]);
	free(extra);
	return r;
}

bool sfs_exists(struct sfs *m, const char *rel)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", m->dir, rel);
	return lstat(p, &st) == 0;
}

int sfs_mount(struct sfs **out)
{
	return sfs_mount_n(out, SFS_FAKE_FILES);
}

void sfs_unmount(struct sfs *m)
{
	char fm[] = "fusermount3", uz[] = "-uz", rmb[] = "rm", rf[] = "-rf";
	char *const um[] = { fm, uz, m ? m->dir : NULL, NULL };
	char *const rm[] = { rmb, rf, m ? m->tmp : NULL, NULL };

	if (!m)
		return;
	scstcfg_sysfs_free(m->s);
	if (m->pid > 0) {
		kill(m->pid, SIGTERM);
		waitpid(m->pid, NULL, 0);
	}
	if (m->dir[0] && sfs_is_mounted(m->dir))
		run_quiet(um);
	if (m->tmp[0])
		run_quiet(rm);
	free(m);
}

int sfs_ctl(struct sfs *m, char *out, size_t size, const char *fmt, ...)
{
	const char *ctl = getenv("SCSTFS_CTL_BIN");
	char args[512];
	char *cmd = NULL;
	va_list ap;
	size_t n = 0;
	FILE *f;
	int r;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	if (!ctl || asprintf(&cmd, "'%s' '%s' %s", ctl, m->sock, args) < 0)
		return -1;
	f = popen(cmd, "r");
	free(cmd);
	if (!f)
		return -1;
	if (out && size) {
		n = fread(out, 1, size - 1, f);
		out[n] = '\0';
	}
	{
		char buf[4096];

		while (fread(buf, 1, sizeof(buf), f) > 0)
			;
	}
	r = pclose(f);
	return r < 0 ? -1 : (WIFEXITED(r) ? WEXITSTATUS(r) : -1);
}

long sfs_ctl_num(struct sfs *m, const char *cmd)
{
	char out[64];

	if (sfs_ctl(m, out, sizeof(out), "%s", cmd) != 0)
		return -1;
	return strtol(out, NULL, 10);
}

int sfs_counts(struct sfs *m, const char *glob, long *reads, long *writes)
{
	const char *ctl = getenv("SCSTFS_CTL_BIN");
	char *cmd = NULL, line[1024];
	long r = 0, w = 0;
	FILE *f;

	if (!ctl || asprintf(&cmd, "'%s' '%s' counters%s%s%s", ctl, m->sock, glob ? " '" : "",
			     glob ? glob : "", glob ? "'" : "") < 0)
		return -1;
	f = popen(cmd, "r");
	free(cmd);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long a, b;

		if (sscanf(line, "%ld %ld", &a, &b) == 2) {
			r += a;
			w += b;
		}
	}
	if (pclose(f) != 0)
		return -1;
	if (reads)
		*reads = r;
	if (writes)
		*writes = w;
	return 0;
}

struct scstcfg_model *sfs_parse(const char *text)
{
	struct scstcfg_model *md = NULL;
	struct scstcfg_ctx *ctx;

	if (scstcfg_ctx_new(&ctx) < 0)
		return NULL;
	scstcfg_ctx_set_log_level(ctx, 0);
	if (scstcfg_parse_text(ctx, text, strlen(text), "test", NULL, &md) < 0) {
		fprintf(stderr, "parse: %s\n", scstcfg_ctx_last_error(ctx));
		md = NULL;
	}
	scstcfg_ctx_free(ctx);
	return md;
}

struct scstcfg_state *sfs_read(struct sfs *m)
{
	struct scstcfg_state *st;
	int r = scstcfg_state_read(m->s, &st);

	if (r < 0) {
		snprintf(m->err, sizeof(m->err), "state read: %s",
			 scstcfg_sysfs_last_error(m->s));
		return NULL;
	}
	return st;
}

int sfs_apply(struct sfs *m, const struct scstcfg_model *want, unsigned int flags,
	      size_t *n_ops)
{
	struct scstcfg_apply_result res;
	struct scstcfg_state *st;
	struct scstcfg_plan *p;
	int r;

	r = scstcfg_state_read_for(m->s, want, &st);
	if (r < 0) {
		snprintf(m->err, sizeof(m->err), "state read: %s",
			 scstcfg_sysfs_last_error(m->s));
		return r;
	}
	r = scstcfg_plan_new(st, want, flags, &p);
	if (r < 0) {
		snprintf(m->err, sizeof(m->err), "plan: %s", scstcfg_apply_strerror(r));
		scstcfg_state_free(st);
		return r;
	}
	if (n_ops)
		*n_ops = scstcfg_plan_count(p);
	r = scstcfg_plan_apply(m->s, p, 0, NULL, NULL, &res);
	if (r < 0)
		snprintf(m->err, sizeof(m->err), "op %zu (%s): %s", res.first_index,
			 scstcfg_op_get_desc(scstcfg_plan_get_op(p, res.first_index)),
			 scstcfg_sysfs_last_error(m->s));
	scstcfg_plan_free(p);
	scstcfg_state_free(st);
	return r;
}

char *sfs_print(const struct scstcfg_model *md)
{
	char *text = NULL;

	if (scstcfg_model_print(md, SCSTCFG_PRINT_NO_HEADER, &text, NULL) < 0 || !text)
		return strdup("");
	return text;
}
