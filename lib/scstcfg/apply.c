// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * apply.c - run a plan through the robust writer (scstcfg/apply.h
 * scstcfg_plan_apply(); spec scstadmin.md §7 items 60, 81, 83).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plan.h"
#include "tk.h"

#define WAIT_STEP_MS 100

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Count the subdirectories (sessions) of @rel; a missing dir counts 0. */
static int count_dirs(struct scstcfg_sysfs *s, const char *rel)
{
	struct scstcfg_sysfs_dirent *e;
	size_t n, i;
	int r, c = 0;

	r = scstcfg_sysfs_list(s, rel, &e, &n);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	for (i = 0; i < n; i++)
		c += e[i].type == SCSTCFG_SYSFS_DIR;
	scstcfg_sysfs_dirents_free(e, n);
	return c;
}

/* SCSTCFG_OP_WAIT: until the sessions are gone (SCST.pm: 300 s, rc 54). */
static int run_wait(struct scstcfg_sysfs *s, const struct scstcfg_op *op, unsigned int timeout)
{
	uint64_t end = now_ms() + (uint64_t)timeout * 1000;
	int r;

	if (scstcfg_sysfs_get_dry_run(s))
		return 0;
	for (;;) {
		r = count_dirs(s, op->path);
		if (r <= 0)
			return r;
		if (now_ms() >= end)
			return scstcfg_sysfs_set_error(s, -ETIMEDOUT,
						       "%s/%s: target has active sessions",
						       scstcfg_sysfs_get_root(s), op->path);
		sleep_ms(WAIT_STEP_MS);
	}
}

/* SCSTCFG_OP_UNMAP_DEVICE: del each LUN under op->path that maps op->data. */
static int run_unmap(struct scstcfg_sysfs *s, const struct scstcfg_op *op)
{
	struct scstcfg_sysfs_dirent *e;
	struct tk_buf p = TK_BUF_INIT, cmd = TK_BUF_INIT;
	size_t n, i;
	int r;

	if (scstcfg_sysfs_get_dry_run(s))
		return 0;
	r = scstcfg_sysfs_list(s, op->path, &e, &n);
	if (r == -ENOENT)
		return 0;
	for (i = 0; r == 0 && i < n; i++) {
		char *target = NULL;
		const char *b;

		if (e[i].type != SCSTCFG_SYSFS_DIR)
			continue;
		if (!scstcfg_path_join(&p, "%s/%s/device", op->path, e[i].name)) {
			r = -ENOMEM;
			break;
		}
		if (scstcfg_sysfs_readlink(s, p.data, &target) < 0)
			continue;
		b = strrchr(target, '/');
		b = b ? b + 1 : target;
		if (!strcmp(b, op->data)) {
			tk_buf_reset(&cmd);
			if (tk_buf_printf(&cmd, "del %s", e[i].name) < 0 ||
			    !scstcfg_path_join(&p, "%s/mgmt", op->path))
				r = -ENOMEM;
			else
				r = scstcfg_sysfs_writes(s, p.data, cmd.data);
		}
		free(target);
	}
	if (r >= 0)
		scstcfg_sysfs_dirents_free(e, n);
	tk_buf_free(&p);
	tk_buf_free(&cmd);
	return r;
}

int scstcfg_plan_apply(struct scstcfg_sysfs *s, struct scstcfg_plan *p, unsigned int flags,
		       void (*progress)(void *priv, size_t i, const struct scstcfg_op *op,
					int result),
		       void *priv, struct scstcfg_apply_result *res)
{
	struct scstcfg_apply_result rs = { 0 };
	unsigned int timeout;
	size_t i;

	/* The session wait is bounded like the writer's EAGAIN wait. */
	timeout = scstcfg_sysfs_get_timeout(s);
	for (i = 0; i < p->n; i++) {
		struct scstcfg_op *op = &p->ops[i];
		int r;

		if (rs.failed && !(flags & SCSTCFG_APPLY_CONTINUE))
			break;
		if (op->flags & SCSTCFG_OP_WAIT)
			r = run_wait(s, op, timeout);
		else if (op->flags & SCSTCFG_OP_UNMAP_DEVICE)
			r = run_unmap(s, op);
		else
			r = scstcfg_sysfs_writes(s, op->path, op->data);
		if (r < 0) {
			op->status = SCSTCFG_OP_FAILED;
			op->error = r;
			if (!rs.failed++) {
				rs.first_error = r;
				rs.first_index = i;
			}
		} else {
			op->status = SCSTCFG_OP_DONE;
			op->error = 0;
			rs.done++;
		}
		if (progress)
			progress(priv, i, op, r < 0 ? r : 0);
	}
	rs.pending = p->n - rs.done - rs.failed;
	if (res)
		*res = rs;
	return rs.failed ? rs.first_error : 0;
}
