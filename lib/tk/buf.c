// SPDX-License-Identifier: LGPL-2.1-or-later
/* Growable byte buffer (tk.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tk.h"

int tk_buf_reserve(struct tk_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;
	char *p;

	if (need < b->len)
		return -ENOMEM;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->data[b->len] = '\0';
	b->cap = cap;
	return 0;
}

int tk_buf_add(struct tk_buf *b, const void *p, size_t len)
{
	int r = tk_buf_reserve(b, len);

	if (r < 0)
		return r;
	if (len)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int tk_buf_adds(struct tk_buf *b, const char *s)
{
	return tk_buf_add(b, s, strlen(s));
}

int tk_buf_addc(struct tk_buf *b, char c)
{
	return tk_buf_add(b, &c, 1);
}

int tk_buf_vprintf(struct tk_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, r;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -EINVAL;
	r = tk_buf_reserve(b, (size_t)n);
	if (r < 0)
		return r;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int tk_buf_printf(struct tk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tk_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

void tk_buf_reset(struct tk_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *tk_buf_steal(struct tk_buf *b)
{
	char *p = b->data;

	if (!p)
		p = strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void tk_buf_free(struct tk_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
