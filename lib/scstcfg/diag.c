// SPDX-License-Identifier: LGPL-2.1-or-later
/* Diagnostics list: severity, file, line, column, message, source line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

SCSTCFG_PUBLIC int scstcfg_diags_new(struct scstcfg_diags **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

SCSTCFG_PUBLIC void scstcfg_diags_free(struct scstcfg_diags *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].src);
	}
	free(d->v);
	free(d);
}

SCSTCFG_PUBLIC size_t scstcfg_diags_count(const struct scstcfg_diags *d)
{
	return d ? d->n : 0;
}

SCSTCFG_PUBLIC size_t scstcfg_diags_count_severity(const struct scstcfg_diags *d,
						   enum scstcfg_severity sev)
{
	size_t i, n = 0;

	for (i = 0; d && i < d->n; i++)
		n += d->v[i].sev == sev;
	return n;
}

SCSTCFG_PUBLIC const struct scstcfg_diag *scstcfg_diags_at(const struct scstcfg_diags *d,
							   size_t i)
{
	return d && i < d->n ? &d->v[i] : NULL;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct scstcfg_diag *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

SCSTCFG_PUBLIC void scstcfg_diags_sort(struct scstcfg_diags *d)
{
	size_t i, j;

	/* insertion sort: stable, and lists are short and nearly sorted */
	for (i = 1; d && i < d->n; i++) {
		struct scstcfg_diag t = d->v[i];

		for (j = i; j > 0 && diag_cmp(&d->v[j - 1], &t) > 0; j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = t;
	}
}

SCSTCFG_PUBLIC enum scstcfg_severity scstcfg_diag_get_severity(const struct scstcfg_diag *g)
{
	return g->sev;
}

SCSTCFG_PUBLIC const char *scstcfg_diag_get_file(const struct scstcfg_diag *g)
{
	return g->file;
}

SCSTCFG_PUBLIC unsigned int scstcfg_diag_get_line(const struct scstcfg_diag *g)
{
	return g->line;
}

SCSTCFG_PUBLIC unsigned int scstcfg_diag_get_col(const struct scstcfg_diag *g)
{
	return g->col;
}

SCSTCFG_PUBLIC const char *scstcfg_diag_get_message(const struct scstcfg_diag *g)
{
	return g->msg;
}

SCSTCFG_PUBLIC const char *scstcfg_diag_get_source_line(const struct scstcfg_diag *g)
{
	return g->src;
}

static const char *sev_name(enum scstcfg_severity sev)
{
	return sev == SCSTCFG_ERROR ? "error" : "warning";
}

void diag_format_short(const struct scstcfg_diag *g, char *buf, size_t size)
{
	if (g->line)
		snprintf(buf, size, "%s:%u:%u: %s", g->file, g->line, g->col, g->msg);
	else
		snprintf(buf, size, "%s: %s", g->file, g->msg);
}

SCSTCFG_PUBLIC int scstcfg_diag_format(const struct scstcfg_diag *g, char **out)
{
	struct tk_buf b = TK_BUF_INIT;
	int r;

	if (g->line)
		r = tk_buf_printf(&b, "%s:%u:%u: %s: %s\n", g->file, g->line, g->col,
				  sev_name(g->sev), g->msg);
	else
		r = tk_buf_printf(&b, "%s: %s: %s\n", g->file, sev_name(g->sev), g->msg);
	if (r == 0 && g->src) {
		size_t i, len = strlen(g->src);

		r = tk_buf_printf(&b, "%s\n", g->src);
		for (i = 0; r == 0 && g->col && i + 1 < g->col; i++)
			r = tk_buf_addc(&b, i < len && g->src[i] == '\t' ? '\t' : ' ');
		if (r == 0)
			r = tk_buf_adds(&b, "^\n");
	}
	if (r < 0) {
		tk_buf_free(&b);
		return r;
	}
	*out = tk_buf_steal(&b);
	return *out ? 0 : -ENOMEM;
}

int diag_add(struct scstcfg_diags *d, enum scstcfg_severity sev, const char *file,
	     unsigned int line, unsigned int col, const char *fmt, ...)
{
	struct scstcfg_diag *g;
	va_list ap;
	int r;

	if (!d)
		return 0;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct scstcfg_diag *v = realloc(d->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	g = &d->v[d->n];
	memset(g, 0, sizeof(*g));
	g->sev = sev;
	g->line = line;
	g->col = col;
	g->file = strdup(file ? file : "");
	va_start(ap, fmt);
	r = vasprintf(&g->msg, fmt, ap);
	va_end(ap);
	if (r < 0 || !g->file) {
		free(g->file);
		return -ENOMEM;
	}
	d->n++;
	return 0;
}

/* Copies the source lines of diagnostics from..n-1 out of @text. */
int diag_fill_source(struct scstcfg_diags *d, size_t from, const char *text, size_t len)
{
	unsigned int maxline = 0, line;
	size_t *starts, i, pos;

	if (!d || from >= d->n)
		return 0;
	for (i = from; i < d->n; i++)
		if (d->v[i].line > maxline)
			maxline = d->v[i].line;
	if (!maxline)
		return 0;
	starts = calloc((size_t)maxline + 2, sizeof(*starts));
	if (!starts)
		return -ENOMEM;
	/* starts[l] = offset of line l (1-based); lines past the end stay at len */
	for (line = 1; line <= maxline + 1; line++)
		starts[line] = len;
	starts[1] = 0;
	for (pos = 0, line = 1; pos < len && line <= maxline; pos++)
		if (text[pos] == '\n')
			starts[++line] = pos + 1;
	for (i = from; i < d->n; i++) {
		struct scstcfg_diag *g = &d->v[i];
		size_t s, e;

		if (!g->line || g->src)
			continue;
		s = starts[g->line];
		if (s >= len && g->line > 1)
			continue;
		e = s;
		while (e < len && text[e] != '\n')
			e++;
		if (e > s && text[e - 1] == '\r')
			e--;
		g->src = strndup(text + s, e - s);
		/* keep the text printable: a NUL inside a line ends it */
	}
	free(starts);
	return 0;
}

int diag_fill_source_file(struct scstcfg_diags *d, size_t from, const char *path)
{
	size_t len;
	char *text;
	int r;

	if (!d || from >= d->n)
		return 0;
	r = tk_file_read(path, &text, &len);
	if (r < 0)
		return r;
	r = diag_fill_source(d, from, text, len);
	free(text);
	return r;
}

/*
 * Reports one finding: appends it to @d (may be NULL) and, for the first
 * error (*nerrors == 0), makes it the context's last error.  Returns 0 or
 * -ENOMEM.
 */
int diag_report(struct scstcfg_ctx *ctx, struct scstcfg_diags *d, size_t *nerrors,
		enum scstcfg_severity sev, const char *file, unsigned int line,
		unsigned int col, const char *fmt, va_list ap)
{
	char *msg;
	int r;

	if (vasprintf(&msg, fmt, ap) < 0)
		return -ENOMEM;
	if (sev == SCSTCFG_ERROR) {
		if (!*nerrors && line)
			ctx_set_error(ctx, "%s:%u:%u: %s", file, line, col, msg);
		else if (!*nerrors)
			ctx_set_error(ctx, "%s: %s", file, msg);
		(*nerrors)++;
	}
	r = diag_add(d, sev, file, line, col, "%s", msg);
	free(msg);
	return r;
}
