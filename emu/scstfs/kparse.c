// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's mgmt-command and number parsing rules (kparse.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kparse.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

size_t kp_word(const char **pos, char *out, size_t size)
{
	const char *p = *pos;
	size_t n = 0;

	while (*p && (is_space(*p) || *p == '='))
		p++;
	while (*p && !is_space(*p) && *p != '=') {
		if (n + 1 < size)
			out[n] = *p;
		n++;
		p++;
	}
	if (size)
		out[n < size ? n : size - 1] = '\0';
	*pos = p;
	return n;
}

const char *kp_rest(const char *pos)
{
	while (*pos && is_space(*pos))
		pos++;
	return pos;
}

bool kp_token(const char **pos, char *out, size_t size)
{
	const char *p = *pos, *s, *e;
	size_t n;

	if (!*p)
		return false;
	s = p;
	while (*p && *p != ';' && *p != '\n')
		p++;
	e = p;
	if (*p)
		p++;
	*pos = p;
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	if (e == s) {
		*pos = p + strlen(p);	/* an empty item ends the list */
		return false;
	}
	n = (size_t)(e - s);
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

int kp_param(char *item, char **name, char **value)
{
	char *p = item, *v;

	while (*p && !is_space(*p) && *p != '=')
		p++;
	if (!*p)
		return -EINVAL;
	*p++ = '\0';
	while (*p && (is_space(*p) || *p == '='))
		p++;
	if (!*p)
		return -EINVAL;
	v = p;
	while (*p && !is_space(*p))
		p++;
	if (*p) {
		*p++ = '\0';
		while (*p && is_space(*p))
			p++;
		if (*p)
			return -EINVAL;
	}
	*name = item;
	*value = v;
	return 0;
}

/* Copy @s without one trailing newline; reject empty or embedded junk. */
static int strip_nl(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == '\n')
		n--;
	if (n == 0 || n >= size)
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

int kp_strtoull(const char *s, unsigned long long *out)
{
	char buf[64], *end;
	unsigned long long v;

	if (strip_nl(s, buf, sizeof(buf)) < 0)
		return -EINVAL;
	if (buf[0] == '+')
		memmove(buf, buf + 1, strlen(buf));
	if (!isdigit((unsigned char)buf[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int kp_strtoll(const char *s, long long *out)
{
	unsigned long long u;
	int r;

	if (s[0] == '-') {
		r = kp_strtoull(s + 1, &u);
		if (r < 0)
			return r;
		if (u > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*out = (long long)(0 - u);
		return 0;
	}
	r = kp_strtoull(s, &u);
	if (r < 0)
		return r;
	if (u > LLONG_MAX)
		return -ERANGE;
	*out = (long long)u;
	return 0;
}

int kp_strtoul(const char *s, unsigned long *out)
{
	unsigned long long u;
	int r = kp_strtoull(s, &u);

	if (r < 0)
		return r;
	if (u > ULONG_MAX)
		return -ERANGE;
	*out = (unsigned long)u;
	return 0;
}

int kp_strtol(const char *s, long *out)
{
	long long v;
	int r = kp_strtoll(s, &v);

	if (r < 0)
		return r;
	if (v > LONG_MAX || v < LONG_MIN)
		return -ERANGE;
	*out = (long)v;
	return 0;
}

int kp_strtoint(const char *s, int *out)
{
	long long v;
	int r = kp_strtoll(s, &v);

	if (r < 0)
		return r;
	if (v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	*out = (int)v;
	return 0;
}

int kp_strtobool(const char *s, bool *out)
{
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*out = true;
		return 0;
	case 'n': case 'N': case '0':
		*out = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*out = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*out = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

bool kp_verb_is(const char *word, const char *verb)
{
	return strcasecmp(word, verb) == 0;
}
