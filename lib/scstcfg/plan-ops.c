// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * plan-ops.c - ad-hoc plans and one-directory reads for callers that make
 * a single change (scstadmin -add_lun, -set_dev_attr, ...): the operations
 * they build run through the same executor as a -config plan
 * (scstcfg_plan_apply(): EAGAIN protocol, masked secrets, error messages).
 * Declared in scstcfg/apply.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plan.h"
#include "tk.h"

int scstcfg_plan_create(struct scstcfg_plan **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

int scstcfg_plan_add_op(struct scstcfg_plan *p, enum scstcfg_kind kind, unsigned int flags,
			const char *path, const char *data, const char *desc)
{
	struct tk_buf masked = TK_BUF_INIT;
	struct scstcfg_op *op;

	if (!p || !path || !data || !desc || !*path)
		return -EINVAL;
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 8;
		struct scstcfg_op *nv = realloc(p->ops, nc * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		p->ops = nv;
		p->cap = nc;
	}
	op = &p->ops[p->n];
	memset(op, 0, sizeof(*op));
	if (scstcfg_mask_secrets(path, data, strlen(data), &masked) < 0) {
		tk_buf_free(&masked);
		return -ENOMEM;
	}
	op->path = strdup(path);
	op->data = strdup(data);
	op->masked = tk_buf_steal(&masked);
	op->desc = strdup(desc);
	op->kind = kind;
	op->flags = flags;
	if (!op->path || !op->data || !op->masked || !op->desc) {
		free(op->path);
		free(op->data);
		free(op->masked);
		free(op->desc);
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

void scstcfg_sysfs_entries_free(struct scstcfg_sysfs_entry *e, size_t n)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].value);
		free(e[i].link);
	}
	free(e);
}

/* Fill @e from the listing entry @d of directory @rel. */
static int read_entry(struct scstcfg_sysfs *s, const char *rel,
		      const struct scstcfg_sysfs_dirent *d, struct scstcfg_sysfs_entry *e,
		      struct tk_buf *p)
{
	char abs[PATH_MAX];
	struct stat st;
	int r;

	e->name = strdup(d->name);
	if (!e->name)
		return -ENOMEM;
	if (!scstcfg_path_join(p, "%s/%s", rel, d->name))
		return -ENOMEM;
	e->is_link = d->type == SCSTCFG_SYSFS_LINK;
	if (e->is_link) {
		r = scstcfg_sysfs_readlink(s, p->data, &e->link);
		if (r == -ENOMEM)
			return r;
		/* what the link points to (Perl's -d and stat() follow links) */
		snprintf(abs, sizeof(abs), "%s/%s", scstcfg_sysfs_get_root(s), p->data);
		if (stat(abs, &st) < 0)
			return 0;	/* dangling */
	} else {
		st.st_mode = d->mode | (d->type == SCSTCFG_SYSFS_DIR ? S_IFDIR : S_IFREG);
	}
	e->is_dir = S_ISDIR(st.st_mode);
	if (e->is_dir)
		return 0;
	e->readable = st.st_mode & S_IRUSR;
	e->writable = st.st_mode & S_IWUSR;
	if (!e->readable)
		return 0;
	r = scstcfg_sysfs_read_attr(s, p->data, &e->value, &e->key);
	return r == -ENOMEM ? r : 0;
}

int scstcfg_sysfs_read_dir(struct scstcfg_sysfs *s, const char *rel,
			   struct scstcfg_sysfs_entry **out, size_t *n)
{
	struct scstcfg_sysfs_dirent *d;
	struct scstcfg_sysfs_entry *e;
	struct tk_buf p = TK_BUF_INIT;
	size_t cnt, i;
	int r;

	*out = NULL;
	*n = 0;
	r = scstcfg_sysfs_list(s, rel, &d, &cnt);
	if (r < 0)
		return r;
	e = calloc(cnt ? cnt : 1, sizeof(*e));
	if (!e) {
		scstcfg_sysfs_dirents_free(d, cnt);
		return -ENOMEM;
	}
	for (i = 0; r == 0 && i < cnt; i++)
		r = read_entry(s, rel, &d[i], &e[i], &p);
	scstcfg_sysfs_dirents_free(d, cnt);
	tk_buf_free(&p);
	if (r < 0) {
		scstcfg_sysfs_entries_free(e, cnt);
		return r;
	}
	*out = e;
	*n = cnt;
	return 0;
}
