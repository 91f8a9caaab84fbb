// SPDX-License-Identifier: LGPL-2.1-or-later
/* Library context: log level and callback, last error, strerror (STYLE.md §5, §7). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void log_stderr(void *priv, int level, const char *file, int line, const char *func,
		       const char *fmt, va_list ap)
{
	fprintf(stderr, "scstcfg: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

SCSTCFG_PUBLIC int scstcfg_ctx_new(struct scstcfg_ctx **out)
{
	struct scstcfg_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return -ENOMEM;
	ctx->log_level = 4;
	ctx->log_fn = log_stderr;
	*out = ctx;
	return 0;
}

SCSTCFG_PUBLIC void scstcfg_ctx_free(struct scstcfg_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->last_error);
	free(ctx);
}

SCSTCFG_PUBLIC void scstcfg_ctx_set_log_level(struct scstcfg_ctx *ctx, int level)
{
	if (level < 0)
		level = 0;
	if (level > 7)
		level = 7;
	ctx->log_level = level;
}

SCSTCFG_PUBLIC int scstcfg_ctx_get_log_level(const struct scstcfg_ctx *ctx)
{
	return ctx->log_level;
}

SCSTCFG_PUBLIC void scstcfg_ctx_set_log_fn(struct scstcfg_ctx *ctx,
					   void (*fn)(void *priv, int level, const char *file,
						      int line, const char *func,
						      const char *fmt, va_list ap),
					   void *priv)
{
	ctx->log_fn = fn ? fn : log_stderr;
	ctx->log_priv = priv;
}

SCSTCFG_PUBLIC const char *scstcfg_ctx_last_error(const struct scstcfg_ctx *ctx)
{
	return ctx && ctx->last_error ? ctx->last_error : "";
}

void ctx_set_error(struct scstcfg_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (!ctx)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	free(ctx->last_error);
	ctx->last_error = s;
	ctx_dbg(ctx, "error: %s", s);
}

void ctx_log(struct scstcfg_ctx *ctx, int level, const char *file, int line,
	     const char *func, const char *fmt, ...)
{
	va_list ap;

	if (!ctx || level > ctx->log_level)
		return;
	va_start(ap, fmt);
	ctx->log_fn(ctx->log_priv, level, file, line, func, fmt, ap);
	va_end(ap);
}

SCSTCFG_PUBLIC const char *scstcfg_strerror(int err)
{
	if (err < 0)
		err = -err;
	return strerror(err);
}
