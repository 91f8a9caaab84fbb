// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The -list_* queries (spec ../shared/spec/scstadmin.md §2.2, §2.3, §7
 * items 51-53): byte for byte what Perl scstadmin prints, and the same
 * data as JSON with -json (doc/json-schema.md).
 *
 * The Perl tool reads sysfs through SCST.pm, and its tables show exactly
 * what SCST.pm makes of each directory, quirks included.  So this file
 * reads the tree the same way instead of going through scstcfg_state_read()
 * (which skips statistics and other non-configuration files):
 *   - an attribute is a file of the object's directory; its mode says
 *     whether it is static (no S_IWUSR) or unreadable (no S_IRUSR: value
 *     "<n/a>"); line 1 is the value, a "[key]" line 2 makes it a key
 *     attribute, and a key attribute named <letters><digits> is value
 *     <digits> of attribute <letters> (IncomingUser1 -> IncomingUser);
 *   - per object kind a few entries are special (a device's "handler" and
 *     "exported", a LUN's "device" link, scst_local sessions shown as
 *     session_name, ...) and the rest of the directories are skipped,
 *     except in device and handler directories, where Perl opens them as
 *     files and shows an empty value;
 *   - names are sorted with a byte comparison (Perl's sort), lists that
 *     Perl prints in readdir order (initiators, device group devices,
 *     target groups) keep the order of the directory;
 *   - a structural value (a device's exports, a handler's devices) is a
 *     Perl reference: not shown in -nonkey tables, but its printed form
 *     "HASH(0x55d0c0ffee00)" still widens the value column (20 and 21
 *     characters: 64-bit addresses of a PIE perl).
 * Missing objects give Perl's messages (SCST.pm's "...(): Driver 'x' is
 * not available" warnings, exit 1; or scstadmin's own "No such ..." lines,
 * exit 0, where Perl does so).  Messages name the kernel's path
 * /sys/kernel/scst_tgt even when $SCST_SYSFS_ROOT points elsewhere.
 *
 * Text goes straight to stdout; with -json every query adds one member,
 * named after its option, to a document list_json_flush() prints.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scstadmin.h"
#include "tk.h"

#define PERL_ROOT "/sys/kernel/scst_tgt"
#define HASH_REF_LEN 20		/* strlen("HASH(0x55d0c0ffee00)") */
#define ARRAY_REF_LEN 21	/* strlen("ARRAY(0x55d0c0ffee00)") */
#define EBADF_TEXT "Bad file descriptor"	/* SCST.pm's $! after close(dirhandle) */

/* ---- small helpers --------------------------------------------------------- */

static void oom(void)
{
	fputs("scstadmin: out of memory\n", stderr);
	exit(1);
}

__attribute__((format(printf, 1, 2)))
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		oom();
	return s;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		oom();
	return d;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct strv {
	char **v;
	size_t n;
};

static void strv_add(struct strv *s, const char *x)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(x);
}

static void strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static bool strv_has(const struct strv *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], x))
			return true;
	return false;
}

static void strv_sort(struct strv *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_str);
}

static json_t *strv_json(const struct strv *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s->n; i++)
		json_array_append_new(a, json_string(s->v[i]));
	return a;
}

static void dashes(size_t n)
{
	while (n--)
		putchar('-');
}

static size_t max_sz(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* Perl's valid(): defined and not "". */
static bool valid(const char *s)
{
	return s && *s;
}

/* An optional value as Perl prints undef: "". */
static const char *str(const char *s)
{
	return s ? s : "";
}

/* SCST.pm reader @fn's text for a directory it cannot read. */
static char *unreadable(const char *fn, const char *dir)
{
	return xasprintf("%s(): Unable to read directory '%s/%s': %s", fn, PERL_ROOT, dir, EBADF_TEXT);
}

/* The directory of a target's (@g NULL) or an initiator group's LUNs and initiators. */
static char *lun_parent(const char *d, const char *t, const char *g)
{
	return g ? xasprintf("targets/%s/%s/ini_groups/%s", d, t, g) : xasprintf("targets/%s/%s", d, t);
}

/* ---- one listing run ------------------------------------------------------- */

struct lc {
	const struct opts *o;
	char *root;		/* the directory standing for /sys/kernel/scst_tgt */
	unsigned int timeout;
	json_t *res;		/* -json: this query's result object */
};

/* The document -json prints: one member per query. */
static json_t *json_doc;

static char *full(const struct lc *c, const char *rel)
{
	return xasprintf("%s/%s", c->root, rel);
}

/* Stat (following links) a path relative to the root; mode 0 when it fails. */
static mode_t rmode(const struct lc *c, const char *rel)
{
	struct stat sb;
	char *p = full(c, rel);
	int r = stat(p, &sb);

	free(p);
	return r < 0 ? 0 : sb.st_mode;
}

static bool is_dir(const struct lc *c, const char *rel)
{
	return S_ISDIR(rmode(c, rel));
}

static bool is_link(const struct lc *c, const char *rel)
{
	struct stat sb;
	char *p = full(c, rel);
	int r = lstat(p, &sb);

	free(p);
	return r == 0 && S_ISLNK(sb.st_mode);
}

/* The entries of a directory in readdir order.  Return: 0 or -errno. */
static int dir_list(const struct lc *c, const char *rel, struct strv *out)
{
	char *p = full(c, rel);
	struct dirent *e;
	DIR *d = opendir(p);

	free(p);
	out->v = NULL;
	out->n = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			strv_add(out, e->d_name);
	closedir(d);
	return 0;
}

static bool dir_opens(const struct lc *c, const char *rel)
{
	char *p = full(c, rel);
	DIR *d = opendir(p);

	free(p);
	if (d)
		closedir(d);
	return d != NULL;
}

/* Basename of a link's text; NULL when it is no link. */
static char *link_base(const struct lc *c, const char *rel)
{
	char buf[4096], *p = full(c, rel), *b;
	ssize_t n = readlink(p, buf, sizeof(buf) - 1);

	free(p);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	b = strrchr(buf, '/');
	return xstrdup(b ? b + 1 : buf);
}

static char *link_text(const struct lc *c, const char *rel)
{
	char buf[4096], *p = full(c, rel);
	ssize_t n = readlink(p, buf, sizeof(buf) - 1);

	free(p);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/*
 * Read a whole file (a directory reads as empty, as in Perl).  Reads that
 * fail with EAGAIN (read-only sysfs work) are retried until the timeout.
 * Return: 0, or the -errno of open().
 */
static int read_text(const struct lc *c, const char *rel, char **out, size_t *outlen)
{
	char *p = full(c, rel), *buf = NULL;
	size_t len = 0, cap = 0;
	time_t deadline = time(NULL) + c->timeout;
	int fd, err;

	*out = NULL;
	for (;;) {
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 || errno != EAGAIN || time(NULL) >= deadline)
			break;
		usleep(100000);
	}
	err = errno;
	free(p);
	if (fd < 0)
		return -err;
	for (;;) {
		ssize_t n;

		if (cap - len < 4097) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n > 0) {
			len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EAGAIN && time(NULL) < deadline) {
			usleep(100000);
			lseek(fd, 0, SEEK_SET);
			len = 0;
			continue;
		}
		break;		/* EOF, or an error such as EISDIR: what was read */
	}
	close(fd);
	if (!buf)
		buf = xrealloc(NULL, 1);
	buf[len] = '\0';
	*out = buf;
	if (outlen)
		*outlen = len;
	return 0;
}

/* Line @i (0-based) of @text (@len bytes) without its newline, its length
 * in *@n; NULL past the end.  Values may hold NUL bytes (transport_id). */
static char *line_at(const char *text, size_t len, int i, size_t *n)
{
	const char *s = text, *end = text + len, *e;
	char *r;

	while (i-- > 0) {
		s = memchr(s, '\n', (size_t)(end - s));
		if (!s)
			return NULL;
		s++;
	}
	if (s >= end)
		return NULL;
	e = memchr(s, '\n', (size_t)(end - s));
	*n = (size_t)((e ? e : end) - s);
	r = xrealloc(NULL, *n + 1);
	memcpy(r, s, *n);
	r[*n] = '\0';
	return r;
}

/* Perl's /\[key\]/ on a line. */
static bool has_key_mark(const char *line, size_t n)
{
	return line && memmem(line, n, "[key]", 5);
}

/* The list of a mgmt help line "<prefix> a, b, c." (SCST.pm's parser). */
static void help_list(const char *text, const char *prefix, struct strv *out)
{
	const char *s = text, *found = NULL;
	size_t pl = strlen(prefix);

	out->v = NULL;
	out->n = 0;
	/* the last matching line wins */
	for (; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
		if (!strncmp(s, prefix, pl))
			found = s + pl;
	if (!found)
		return;
	{
		const char *e = strchr(found, '\n');
		size_t n = e ? (size_t)(e - found) : strlen(found);
		char *list = strndup(found, n), *tok, *save = NULL;

		if (!list)
			oom();
		if (n && list[n - 1] == '.')
			list[n - 1] = '\0';
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *a = tok, *b;

			while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
				a++;
			b = a + strlen(a);
			while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
				*--b = '\0';
			if (!strv_has(out, a))
				strv_add(out, a);
		}
		free(list);
	}
	strv_sort(out);
}

/* ---- SCST.pm's attribute hash ------------------------------------------- */

enum vkind {
	V_NONE,		/* no 'value' member */
	V_STR,
	V_UNDEF,	/* 'value' is undef: "<n/a>" */
	V_REF,		/* a reference (exports, devices): width only */
};

struct akey {
	char *key;
	char *value;
	size_t vlen;
};

struct attr {
	char *name;
	bool is_static;
	enum vkind vk;
	char *value;		/* V_STR: vlen bytes (NUL-terminated too) */
	size_t vlen;
	size_t ref_len;
	bool keyed;
	struct akey *keys;
	size_t n_keys;
	bool has_set;		/* trace_level: the possible levels */
	struct strv set;
};

struct atab {
	struct attr *v;
	size_t n;
	json_t *extra;		/* -json: structure the table holds as references */
};

static struct attr *attr_get(struct atab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return &t->v[i];
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	t->v[t->n].name = xstrdup(name);
	return &t->v[t->n++];
}

static char *memdup0(const char *v, size_t n)
{
	char *r = xrealloc(NULL, n + 1);

	memcpy(r, v, n);
	r[n] = '\0';
	return r;
}

static void attr_setn(struct attr *a, enum vkind vk, const char *value, size_t n)
{
	free(a->value);
	a->vk = vk;
	a->value = vk == V_STR ? memdup0(value, n) : NULL;
	a->vlen = vk == V_STR ? n : 0;
}

static void attr_set(struct attr *a, enum vkind vk, const char *value)
{
	attr_setn(a, vk, value, value ? strlen(value) : 0);
}

static void attr_keyn(struct attr *a, const char *key, const char *value, size_t n)
{
	size_t i;

	a->keyed = true;
	for (i = 0; i < a->n_keys; i++)
		if (!strcmp(a->keys[i].key, key))
			break;
	if (i == a->n_keys) {
		a->keys = xrealloc(a->keys, (a->n_keys + 1) * sizeof(*a->keys));
		a->keys[i].key = xstrdup(key);
		a->keys[i].value = NULL;
		a->n_keys++;
	}
	free(a->keys[i].value);
	a->keys[i].value = memdup0(value, n);
	a->keys[i].vlen = n;
}

static void atab_free(struct atab *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		struct attr *a = &t->v[i];

		free(a->name);
		free(a->value);
		for (j = 0; j < a->n_keys; j++) {
			free(a->keys[j].key);
			free(a->keys[j].value);
		}
		free(a->keys);
		strv_free(&a->set);
	}
	free(t->v);
	json_decref(t->extra);
	memset(t, 0, sizeof(*t));
}

static int cmp_attr(const void *a, const void *b)
{
	return strcmp(((const struct attr *)a)->name, ((const struct attr *)b)->name);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct akey *)a)->key, ((const struct akey *)b)->key);
}

static void atab_sort(struct atab *t)
{
	size_t i;

	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), cmp_attr);
	for (i = 0; i < t->n; i++)
		if (t->v[i].n_keys > 1)
			qsort(t->v[i].keys, t->v[i].n_keys, sizeof(*t->v[i].keys), cmp_key);
}

/* /^([^\d]+)(\d+)$/: the split point, or 0 when @name does not match. */
static size_t numbered(const char *name)
{
	size_t n = strlen(name), i = n;

	while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
		i--;
	if (i == n || i == 0)
		return 0;
	for (size_t j = 0; j < i; j++)
		if (name[j] >= '0' && name[j] <= '9')
			return 0;
	return i;
}

/* A [key] file <letters><digits> is value <digits> of attribute
 * <letters>: the attribute's name into @base, the value's key into @num
 * (else @name and "0"). */
static void key_split(const char *name, bool key, char base[256], char num[64])
{
	size_t cut = key ? numbered(name) : 0;

	if (cut && cut < 256 && strlen(name + cut) < 64) {
		memcpy(base, name, cut);
		base[cut] = '\0';
		strcpy(num, name + cut);
	} else {
		snprintf(base, 256, "%s", name);
		strcpy(num, "0");
	}
}

/*
 * trace_level: the levels between the first "[" and the last "]" of the
 * lines after the first two, counted from the first line without "["
 * (SCST.pm's parser), comma separated.
 */
static void trace_set(struct attr *a, const char *text)
{
	const char *s = strchr(text, '\n');
	char *joined = NULL, *o, *c;
	size_t len = 0;
	bool start = false;

	a->has_set = true;
	if (s)
		s = strchr(s + 1, '\n');
	while (s && s[1]) {
		const char *ln = s + 1, *e = strchr(ln, '\n');
		size_t n = e ? (size_t)(e - ln) : strlen(ln);

		if (!memchr(ln, '[', n))
			start = true;
		if (start) {
			joined = xrealloc(joined, len + n + 1);
			memcpy(joined + len, ln, n);
			len += n;
			joined[len] = '\0';
		}
		s = e;
	}
	if (!joined)
		return;
	o = strchr(joined, '[');
	c = strrchr(joined, ']');
	if (o && c && c > o) {
		char *tok, *save = NULL;

		*c = '\0';
		for (tok = strtok_r(o + 1, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *b;

			while (*tok == ' ' || *tok == '\t')
				tok++;
			b = tok + strlen(tok);
			while (b > tok && (b[-1] == ' ' || b[-1] == '\t'))
				*--b = '\0';
			strv_add(&a->set, tok);
		}
	}
	free(joined);
}

/* Reader flavours (SCST.pm's per-object readers differ in details). */
#define RF_UEVENT 0x1		/* skip "uevent" */
#define RF_TRACE 0x2		/* trace_level lists its levels */
#define RF_TGT_NONSTATIC 0x4	/* "enabled" and "cpu_mask" count as settable */
#define RF_CPU_NONSTATIC 0x8	/* "cpu_mask" counts as settable */
#define RF_TARGET 0x10		/* "host" link; scst_local "sessions" */
#define RF_LUN 0x20		/* "device" link */

/* Static attribute @name: the name of what link @rel points at (undef: no link). */
static void attr_link(const struct lc *c, struct atab *t, const char *name, const char *rel)
{
	struct attr *a = attr_get(t, name);
	char *b = link_base(c, rel);

	a->is_static = true;
	attr_set(a, b ? V_STR : V_UNDEF, b);
	free(b);
}

/*
 * An object directory as SCST.pm's scstAttributes(), driverAttributes(),
 * targetAttributes(), groupAttributes(), lunAttributes(),
 * initiatorAttributes() and the ALUA readers see it.  @fn and @what name
 * the reader in the error message.  Return: NULL, or a malloc()ed message.
 */
static char *read_attrs(const struct lc *c, const char *dir, unsigned int fl, bool scst_local,
			const char *fn, const char *what, struct atab *t)
{
	struct strv ents;
	size_t i;
	char *err = NULL;

	if (dir_list(c, dir, &ents) < 0)
		return unreadable(fn, dir);
	for (i = 0; i < ents.n && !err; i++) {
		const char *name = ents.v[i];
		char *rel = xasprintf("%s/%s", dir, name), *text = NULL, *v1, *v2;
		struct attr *a;
		mode_t mode;
		bool is_static, key;
		size_t len = 0, n1 = 0, n2 = 0;
		int r;

		if (!strcmp(name, "mgmt") || ((fl & RF_UEVENT) && !strcmp(name, "uevent")))
			goto next;
		if ((fl & RF_TARGET) && !strcmp(name, "host")) {
			attr_link(c, t, name, rel);
			goto next;
		}
		if ((fl & RF_TARGET) && scst_local && !strcmp(name, "sessions")) {
			struct strv ss;
			size_t j;

			if (dir_list(c, rel, &ss) < 0) {
				err = xasprintf("%s(): Unable to read directory '%s/%s/sessions': %s",
						fn, PERL_ROOT, dir, strerror(errno));
				goto next;
			}
			for (j = 0; j < ss.n; j++) {
				char k[32];

				snprintf(k, sizeof(k), "%zu", j);
				attr_keyn(attr_get(t, "session_name"), k, ss.v[j], strlen(ss.v[j]));
			}
			strv_free(&ss);
			goto next;
		}
		if ((fl & RF_LUN) && !strcmp(name, "device")) {
			attr_link(c, t, name, rel);
			goto next;
		}
		mode = rmode(c, rel);
		if (S_ISDIR(mode))
			goto next;
		if (!(mode & S_IRUSR)) {
			a = attr_get(t, name);
			a->is_static = false;
			attr_set(a, V_UNDEF, NULL);
			goto next;
		}
		is_static = !(mode & S_IWUSR);
		if (((fl & RF_TGT_NONSTATIC) && !strcmp(name, "enabled")) ||
		    ((fl & (RF_TGT_NONSTATIC | RF_CPU_NONSTATIC)) && !strcmp(name, "cpu_mask")))
			is_static = false;
		r = read_text(c, rel, &text, &len);
		if (r < 0) {
			err = xasprintf("%s(): Unable to read %s attribute '%s': %s", fn, what, name,
					strerror(-r));
			goto next;
		}
		v1 = line_at(text, len, 0, &n1);
		v2 = line_at(text, len, 1, &n2);
		key = has_key_mark(v2, n2);
		{
			char base[256] = "", num[64] = "0";

			key_split(name, key, base, num);
			if (strcmp(base, "mgmt")) {
				a = attr_get(t, base);
				if ((fl & RF_TRACE) && !strcmp(base, "trace_level")) {
					attr_setn(a, V_STR, v1 ? v1 : "", n1);
					trace_set(a, text);
				} else if (key) {
					attr_keyn(a, num, v1 ? v1 : "", n1);
				} else {
					attr_setn(a, V_STR, v1 ? v1 : "", n1);
				}
				a->is_static = is_static;
			}
		}
		free(v1);
		free(v2);
next:
		free(text);
		free(rel);
	}
	strv_free(&ents);
	return err;
}

/* " - " split of a "type" value (split(/\s\-\s/, $value, 2)). */
static void type_split(struct atab *t, struct attr *a, const char *value)
{
	const char *s;

	for (s = value; *s; s++)
		if ((s[0] == ' ' || s[0] == '\t') && s[1] == '-' &&
		    (s[2] == ' ' || s[2] == '\t' || s[2] == '\n'))
			break;
	if (*s) {
		char *ty = strndup(value, (size_t)(s - value));
		struct attr *ts;

		if (!ty)
			oom();
		attr_set(a, V_STR, ty);
		free(ty);
		ts = attr_get(t, "type_string");
		attr_set(ts, V_STR, s + 3);
		ts->is_static = true;
	} else {
		struct attr *ts;

		attr_set(a, V_STR, value);
		ts = attr_get(t, "type_string");
		attr_set(ts, V_UNDEF, NULL);
		ts->is_static = true;
	}
}

/* The handler a device's "handler" link names ("" without one). */
static char *device_handler(const struct lc *c, const char *dev)
{
	char *rel = xasprintf("devices/%s/handler", dev), *b = link_base(c, rel);

	free(rel);
	return b ? b : xstrdup("");
}

/* SCST.pm devices(): the entries of handlers/<h> that are its devices. */
static void handler_devices(const struct lc *c, const char *h, struct strv *out)
{
	struct strv ents;
	size_t i;
	char *rel = xasprintf("handlers/%s", h);

	out->v = NULL;
	out->n = 0;
	if (dir_list(c, rel, &ents) == 0) {
		for (i = 0; i < ents.n; i++) {
			char *d = xasprintf("devices/%s", ents.v[i]), *dh;

			if (is_dir(c, d)) {
				dh = device_handler(c, ents.v[i]);
				if (!strcmp(dh, h))
					strv_add(out, ents.v[i]);
				free(dh);
			}
			free(d);
		}
		strv_free(&ents);
	}
	free(rel);
}

static bool in_sorted_dirs(const struct lc *c, const char *dir, const char *name)
{
	struct strv ents;
	size_t i;
	bool found = false;

	if (dir_list(c, dir, &ents) < 0)
		return false;
	for (i = 0; i < ents.n && !found; i++) {
		char *rel = xasprintf("%s/%s", dir, ents.v[i]);

		found = !strcmp(ents.v[i], name) && is_dir(c, rel);
		free(rel);
	}
	strv_free(&ents);
	return found;
}

static bool handler_exists(const struct lc *c, const char *h)
{
	return valid(h) && in_sorted_dirs(c, "handlers", h);
}

/* SCST.pm handlerAttributes().  Return: NULL or a malloc()ed message. */
static char *read_handler_attrs(const struct lc *c, const char *h, struct atab *t)
{
	struct strv devs, ents;
	struct attr *a;
	char *dir = xasprintf("handlers/%s", h), *err = NULL;
	size_t i;

	handler_devices(c, h, &devs);
	a = attr_get(t, "devices");
	attr_set(a, V_REF, NULL);
	a->ref_len = ARRAY_REF_LEN;
	t->extra = json_object();
	strv_sort(&devs);
	json_object_set_new(t->extra, "devices", strv_json(&devs));
	strv_free(&devs);
	if (dir_list(c, dir, &ents) < 0) {
		if (!handler_exists(c, h))
			err = xasprintf("handlerAttributes(): Handler '%s' is not available", h);
		else
			err = unreadable("handlerAttributes", dir);
		free(dir);
		return err;
	}
	for (i = 0; i < ents.n && !err; i++) {
		const char *name = ents.v[i];
		char *rel, *text = NULL, *v1, *v2;
		char base[256], num[64] = "0";
		mode_t mode;
		bool key, is_static;
		size_t len = 0, n1 = 0, n2 = 0;
		int r;

		if (!strcmp(name, "mgmt") || !strcmp(name, "uevent") || !strcmp(name, "module"))
			continue;
		rel = xasprintf("%s/%s", dir, name);
		mode = rmode(c, rel);
		is_static = !(mode & S_IWUSR);
		r = read_text(c, rel, &text, &len);
		free(rel);
		if (r < 0) {
			err = xasprintf("handlerAttributes(): Unable to read handler attribute '%s': %s",
					name, strerror(-r));
			break;
		}
		v1 = line_at(text, len, 0, &n1);
		v2 = line_at(text, len, 1, &n2);
		key = has_key_mark(v2, n2);
		key_split(name, key, base, num);
		a = attr_get(t, base);
		if (!strcmp(base, "mgmt")) {
			a->is_static = true;
			attr_setn(a, V_STR, v1 ? v1 : "", n1);
		} else {
			if (!(mode & S_IRUSR))
				attr_set(a, V_UNDEF, NULL);
			else if (!strcmp(base, "trace_level")) {
				attr_setn(a, V_STR, v1 ? v1 : "", n1);
				trace_set(a, text);
			} else if (!strcmp(base, "type"))
				type_split(t, a, v1 ? v1 : "");
			else if (key)
				attr_keyn(a, num, v1 ? v1 : "", n1);
			else
				attr_setn(a, V_STR, v1 ? v1 : "", n1);
			a = attr_get(t, base);
			a->is_static = is_static;
		}
		free(v1);
		free(v2);
		free(text);
	}
	strv_free(&ents);
	free(dir);
	attr_get(t, "devices")->is_static = true;
	return err;
}

static bool device_open(const struct lc *c, const char *dev)
{
	return valid(dev) && in_sorted_dirs(c, "devices", dev);
}

/*
 * An export link, "(../)*targets/D/T/ini_groups/G/luns/N" or
 * "(../)*targets/D/T/luns/N" (SCST.pm's two patterns): its parts, G = ""
 * for a target LUN.  Return: false when neither matches.
 */
static bool parse_export(const char *l, char **drv, char **tgt, char **grp, char **lun)
{
	char d[256], t[256], g[256], n[32];
	const char *s = l;
	int end = -1;

	while (!strncmp(s, "../", 3))
		s += 3;
	if (sscanf(s, "targets/%255[^/]/%255[^/]/ini_groups/%255[^/]/luns/%31[0-9]%n", d, t, g, n,
		   &end) == 4 && end >= 0 && !s[end]) {
		*grp = xstrdup(g);
	} else {
		end = -1;
		if (sscanf(s, "targets/%255[^/]/%255[^/]/luns/%31[0-9]%n", d, t, n, &end) != 3 ||
		    end < 0 || s[end])
			return false;
		*grp = xstrdup("");
	}
	*drv = xstrdup(d);
	*tgt = xstrdup(t);
	*lun = xstrdup(n);
	return true;
}

/* SCST.pm deviceAttributes().  Return: NULL or a malloc()ed message. */
static char *read_device_attrs(const struct lc *c, const char *dev, struct atab *t)
{
	static const char *const nonstatic[] = { "cpu_mask", "filename", "threads_num",
						 "threads_pool_type" };
	struct strv ents;
	char *dir = xasprintf("devices/%s", dev), *err = NULL;
	json_t *exports = json_array();
	size_t i, k;

	t->extra = json_object();
	json_object_set_new(t->extra, "exported", exports);
	if (dir_list(c, dir, &ents) < 0) {
		if (!device_open(c, dev))
			err = xasprintf("deviceAttributes(): Device '%s' is not open", dev);
		else
			err = unreadable("deviceAttributes", dir);
		free(dir);
		return err;
	}
	for (i = 0; i < ents.n && !err; i++) {
		const char *name = ents.v[i];
		char *rel = xasprintf("%s/%s", dir, name), *text = NULL;
		struct attr *a;

		if (!strcmp(name, "mgmt") || !strcmp(name, "uevent"))
			goto next;
		if (!strcmp(name, "exported")) {
			struct strv ex;
			size_t j, n_real = 0;

			a = attr_get(t, name);
			if (dir_list(c, rel, &ex) == 0) {
				for (j = 0; j < ex.n; j++) {
					char *lr = xasprintf("%s/%s", rel, ex.v[j]);
					char *l = link_text(c, lr), *d = NULL, *tg = NULL, *g = NULL,
					     *n = NULL;

					free(lr);
					if (!l || !parse_export(l, &d, &tg, &g, &n)) {
						printf("internal error: could not parse %s\n", l ? l : "");
					} else if (strcmp(d, "copy_manager")) {
						json_t *e = json_object();

						json_object_set_new(e, "driver", json_string(d));
						json_object_set_new(e, "target", json_string(tg));
						if (*g)
							json_object_set_new(e, "group", json_string(g));
						json_object_set_new(e, "lun", json_integer(atoll(n)));
						json_array_append_new(exports, e);
						n_real++;
					}
					free(l);
					free(d);
					free(tg);
					free(g);
					free(n);
				}
				strv_free(&ex);
			}
			if (n_real) {
				attr_set(a, V_REF, NULL);
				a->ref_len = HASH_REF_LEN;
				a->is_static = true;
			} else if (a->vk == V_NONE) {
				attr_set(a, V_UNDEF, NULL);	/* autovivified, no value */
			}
			goto next;
		}
		if (!strcmp(name, "handler") || !strcmp(name, "scsi_device")) {
			attr_link(c, t, name, rel);
			goto next;
		}
		{
			mode_t mode = rmode(c, rel);
			bool is_static = !(mode & S_IWUSR), key;
			char base[256], num[64] = "0", *v1, *rest;
			size_t len = 0, n1;
			int r;

			if (!(mode & S_IRUSR)) {
				a = attr_get(t, name);
				a->is_static = false;
				attr_set(a, V_UNDEF, NULL);
				goto next;
			}
			for (k = 0; k < sizeof(nonstatic) / sizeof(nonstatic[0]); k++)
				if (!strcmp(name, nonstatic[k]))
					is_static = false;
			r = read_text(c, rel, &text, &len);
			if (r < 0) {
				err = xasprintf("deviceAttributes(): Unable to read device attribute '%s': %s",
						name, strerror(-r));
				goto next;
			}
			if (len > 4096)
				len = 4096;	/* one sysread() */
			rest = memchr(text, '\n', len);
			n1 = rest ? (size_t)(rest - text) : len;
			v1 = memdup0(text, n1);
			/* the [key] mark anywhere after line 1 (split("\n", ..., 2)) */
			key = rest && memmem(rest + 1, len - n1 - 1, "[key]", 5);
			key_split(name, key, base, num);
			if (strcmp(base, "mgmt")) {
				a = attr_get(t, base);
				if (!strcmp(base, "type"))
					type_split(t, a, v1);
				else if (key)
					attr_keyn(a, num, v1, n1);
				else
					attr_setn(a, V_STR, v1, n1);
				a = attr_get(t, base);
				a->is_static = is_static;
			}
			free(v1);
		}
next:
		free(text);
		free(rel);
	}
	strv_free(&ents);
	free(dir);
	return err;
}

/* ---- existence checks (only for SCST.pm's error messages) ------------------ */

static bool driver_exists(const struct lc *c, const char *d)
{
	char *rel;
	bool r;

	if (!valid(d))
		return false;
	rel = xasprintf("targets/%s", d);
	r = dir_opens(c, rel);
	free(rel);
	return r;
}

static bool target_exists(const struct lc *c, const char *d, const char *t)
{
	char *rel;
	bool r;

	if (!valid(d) || !valid(t) || !strcmp(t, ".") || !strcmp(t, "..") || !strcmp(t, "module"))
		return false;
	rel = xasprintf("targets/%s/%s", d, t);
	r = is_dir(c, rel);
	free(rel);
	return r;
}

static bool group_exists(const struct lc *c, const char *d, const char *t, const char *g)
{
	char *rel;
	bool r;

	if (!valid(d) || !valid(t) || !valid(g))
		return false;
	rel = xasprintf("targets/%s/%s/ini_groups", d, t);
	r = in_sorted_dirs(c, rel, g);
	free(rel);
	return r;
}

static bool initiator_exists(const struct lc *c, const char *d, const char *t, const char *g,
			     const char *i)
{
	struct strv ents;
	char *rel;
	bool r;

	if (!valid(d) || !valid(t) || !valid(g) || !valid(i))
		return false;
	rel = xasprintf("targets/%s/%s/ini_groups/%s/initiators", d, t, g);
	r = dir_list(c, rel, &ents) == 0 && strcmp(i, "mgmt") && strv_has(&ents, i);
	if (r || ents.v)
		strv_free(&ents);
	free(rel);
	return r;
}

static bool dgroup_exists(const struct lc *c, const char *dg)
{
	return valid(dg) && in_sorted_dirs(c, "device_groups", dg);
}

static bool tgroup_exists(const struct lc *c, const char *dg, const char *tg)
{
	char *rel = xasprintf("device_groups/%s/target_groups", dg);
	bool r = valid(tg) && in_sorted_dirs(c, rel, tg);

	free(rel);
	return r;
}

/* ---- LUN maps (SCST.pm luns()) --------------------------------------------- */

struct lun {
	char *lun;
	char *dev;
};

struct lunmap {
	struct lun *v;
	size_t n;
};

static void lunmap_free(struct lunmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].lun);
		free(m->v[i].dev);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static int cmp_lun_str(const void *a, const void *b)
{
	return strcmp(((const struct lun *)a)->lun, ((const struct lun *)b)->lun);
}

/* LUN -> device of a luns/ directory, sorted as strings (Perl's sort).
 * Return: 0, or -1 when the directory cannot be read. */
static int read_luns(const struct lc *c, const char *dir, struct lunmap *m)
{
	struct strv ents;
	size_t i, j;

	m->v = NULL;
	m->n = 0;
	if (dir_list(c, dir, &ents) < 0)
		return -1;
	for (i = 0; i < ents.n; i++) {
		char *ld = xasprintf("%s/%s", dir, ents.v[i]);
		struct strv files;

		if (is_dir(c, ld) && dir_list(c, ld, &files) == 0) {
			char *dev = NULL;

			for (j = 0; j < files.n; j++) {
				char *f = xasprintf("%s/%s", ld, files.v[j]);

				if (is_link(c, f)) {
					free(dev);
					dev = link_base(c, f);
				}
				free(f);
			}
			if (dev) {
				m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
				m->v[m->n].lun = xstrdup(ents.v[i]);
				m->v[m->n].dev = dev;
				m->n++;
			}
			strv_free(&files);
		}
		free(ld);
	}
	strv_free(&ents);
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), cmp_lun_str);
	return 0;
}

static json_t *lunmap_json(const struct lunmap *m)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < m->n; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "lun", json_integer(atoll(m->v[i].lun)));
		json_object_set_new(e, "device", json_string(m->v[i].dev));
		json_array_append_new(a, e);
	}
	return a;
}

/* ---- names of the tree ------------------------------------------------------- */

/* Subdirectories of @dir (links to directories included), readdir order,
 * without the names in @skip (NULL-terminated). */
static int subdirs(const struct lc *c, const char *dir, const char *const *skip,
		   struct strv *out)
{
	struct strv ents;
	size_t i, j;
	int r = dir_list(c, dir, &ents);

	out->v = NULL;
	out->n = 0;
	if (r < 0)
		return r;
	for (i = 0; i < ents.n; i++) {
		char *rel = xasprintf("%s/%s", dir, ents.v[i]);
		bool skipped = false;

		for (j = 0; skip && skip[j]; j++)
			if (!strcmp(ents.v[i], skip[j]))
				skipped = true;
		if (!skipped && is_dir(c, rel))
			strv_add(out, ents.v[i]);
		free(rel);
	}
	strv_free(&ents);
	return 0;
}

static void handlers_of(const struct lc *c, struct strv *out)
{
	subdirs(c, "handlers", NULL, out);
	strv_sort(out);
}

static void drivers_of(const struct lc *c, struct strv *out)
{
	subdirs(c, "targets", NULL, out);
	strv_sort(out);
}

static void targets_of(const struct lc *c, const char *d, struct strv *out)
{
	static const char *const skip[] = { "module", NULL };
	char *rel = xasprintf("targets/%s", d);

	subdirs(c, rel, skip, out);
	strv_sort(out);
	free(rel);
}

static void groups_of(const struct lc *c, const char *d, const char *t, struct strv *out)
{
	char *rel = xasprintf("targets/%s/%s/ini_groups", d, t);

	subdirs(c, rel, NULL, out);
	strv_sort(out);
	free(rel);
}

/* Initiators in readdir order; -1 when the directory cannot be read. */
static int initiators_of(const struct lc *c, const char *d, const char *t, const char *g,
			 struct strv *out)
{
	struct strv ents;
	char *rel = xasprintf("targets/%s/%s/ini_groups/%s/initiators", d, t, g);
	size_t i;
	int r = dir_list(c, rel, &ents);

	free(rel);
	out->v = NULL;
	out->n = 0;
	if (r < 0)
		return -1;
	for (i = 0; i < ents.n; i++)
		if (strcmp(ents.v[i], "mgmt"))
			strv_add(out, ents.v[i]);
	strv_free(&ents);
	return 0;
}

static void dgroups_of(const struct lc *c, struct strv *out)
{
	subdirs(c, "device_groups", NULL, out);
	strv_sort(out);
}

static void dg_devices_of(const struct lc *c, const char *dg, struct strv *out)
{
	char *rel = xasprintf("device_groups/%s/devices", dg);

	subdirs(c, rel, NULL, out);
	free(rel);
}

static void tgroups_of(const struct lc *c, const char *dg, struct strv *out)
{
	char *rel = xasprintf("device_groups/%s/target_groups", dg);

	subdirs(c, rel, NULL, out);
	free(rel);
}

static void tg_targets_of(const struct lc *c, const char *dg, const char *tg, struct strv *out)
{
	char *rel = xasprintf("device_groups/%s/target_groups/%s", dg, tg);

	subdirs(c, rel, NULL, out);
	strv_sort(out);
	free(rel);
}

/* ---- the object a listing names ------------------------------------------------ */

/*
 * An object of the target tree, targets/<d>[/<t>[/ini_groups/<g>]]
 * [/luns/<lun> | /initiators/<ini>], or of the ALUA tree,
 * device_groups/<dg>[/target_groups/<tg>[/<tt>]]; a name is NULL when it
 * is not part of the path.
 */
struct obj {
	const char *d, *t, *g, *lun, *ini;
	const char *dg, *tg, *tt;
};

/* An SCST.pm attribute reader: its name (for messages), object word, RF_* flavour. */
struct reader {
	const char *fn, *what;
	unsigned int fl;
};

static const struct reader rd_scst = { "scsiAttributes", "scst", RF_TRACE };
static const struct reader rd_driver = { "driverAttributes", "driver", RF_TRACE };
static const struct reader rd_target = { "targetAttributes", "target",
					 RF_UEVENT | RF_TGT_NONSTATIC | RF_TARGET };
static const struct reader rd_group = { "groupAttributes", "group", RF_CPU_NONSTATIC };
static const struct reader rd_lun = { "lunAttributes", "lun", RF_LUN };
static const struct reader rd_initiator = { "initiatorAttributes", "initiator", 0 };
static const struct reader rd_dgroup = { "deviceGroupAttributes", "device group", 0 };
static const struct reader rd_tgroup = { "targetGroupAttributes", "target group", 0 };
static const struct reader rd_ttarget = { "targetGroupTargetAttributes", "target group target",
					  0 };

/* SCST.pm's LUN check: a LUN of the set whose number compares equal. */
static bool lun_exists(const struct lc *c, const struct obj *ob)
{
	char *par = lun_parent(ob->d, ob->t, ob->g), *rel = xasprintf("%s/luns", par);
	struct lunmap m;
	bool r = false;
	size_t i;

	if (read_luns(c, rel, &m) == 0) {
		for (i = 0; i < m.n; i++)
			if (strtod(m.v[i].lun, NULL) == strtod(ob->lun, NULL))
				r = true;
		lunmap_free(&m);
	}
	free(rel);
	free(par);
	return r;
}

static bool ttarget_exists(const struct lc *c, const char *dg, const char *tg, const char *t)
{
	char *rel = xasprintf("device_groups/%s/target_groups/%s", dg, tg);
	struct strv ts;
	bool r;

	subdirs(c, rel, NULL, &ts);
	r = valid(t) && strv_has(&ts, t);
	strv_free(&ts);
	free(rel);
	return r;
}

/* The directory of @ob, relative to the root. */
static char *obj_dir(const struct obj *ob)
{
	char *par, *dir;

	if (ob->dg && !ob->tg)
		return xasprintf("device_groups/%s", ob->dg);
	if (ob->dg && !ob->tt)
		return xasprintf("device_groups/%s/target_groups/%s", ob->dg, ob->tg);
	if (ob->dg)
		return xasprintf("device_groups/%s/target_groups/%s/%s", ob->dg, ob->tg, ob->tt);
	if (!ob->t)
		return xasprintf("targets/%s", ob->d);
	par = lun_parent(ob->d, ob->t, ob->g);
	if (!ob->lun && !ob->ini)
		return par;
	dir = ob->lun ? xasprintf("%s/luns/%s", par, ob->lun) :
			xasprintf("%s/initiators/%s", par, ob->ini);
	free(par);
	return dir;
}

/* SCST.pm reader @fn's text naming the first part of @ob that does not
 * exist.  Return: a malloc()ed message, NULL when every part exists. */
static char *obj_missing(const struct lc *c, const char *fn, const struct obj *ob)
{
	if (ob->dg) {
		if (!dgroup_exists(c, ob->dg))
			return xasprintf("%s(): Device group '%s' does not exist", fn, ob->dg);
		if (ob->tg && !tgroup_exists(c, ob->dg, ob->tg))
			return xasprintf("%s(): Target Group '%s' does not exist", fn, ob->tg);
		if (ob->tt && !ttarget_exists(c, ob->dg, ob->tg, ob->tt))
			return xasprintf("%s(): Target '%s' does not exist", fn, ob->tt);
		return NULL;
	}
	if (!driver_exists(c, ob->d))
		return xasprintf("%s(): Driver '%s' is not available", fn, ob->d);
	if (ob->t && !target_exists(c, ob->d, ob->t))
		return xasprintf("%s(): Target '%s' is not available", fn, ob->t);
	if (ob->g && !group_exists(c, ob->d, ob->t, ob->g))
		return xasprintf("%s(): Group '%s' does not exist", fn, ob->g);
	if (ob->lun && !lun_exists(c, ob))
		return xasprintf("%s(): LUN '%s' does not exist", fn, ob->lun);
	if (ob->ini && !initiator_exists(c, ob->d, ob->t, ob->g, ob->ini))
		return xasprintf("%s(): Initiator '%s' does not exist", fn, ob->ini);
	return NULL;
}

/* SCST.pm reader @fn's text for directory @dir of @ob that does not open. */
static char *obj_closed(const struct lc *c, const char *fn, const struct obj *ob,
			const char *dir)
{
	char *msg = obj_missing(c, fn, ob);

	return msg ? msg : unreadable(fn, dir);
}

/* @r's view of @ob into @t.  Return: NULL or a malloc()ed message. */
static char *read_obj(const struct lc *c, const struct obj *ob, const struct reader *r,
		      struct atab *t)
{
	char *dir, *err;

	if ((r->fl & RF_TARGET) && (!valid(ob->d) || !valid(ob->t)))
		return xstrdup("Too few arguments");	/* targetAttributes() */
	dir = obj_dir(ob);
	if (dir_opens(c, dir))
		err = read_attrs(c, dir, r->fl, ob->d && !strcmp(ob->d, "scst_local"), r->fn,
				 r->what, t);
	else
		err = obj_closed(c, r->fn, ob, dir);
	free(dir);
	return err;
}
/* ---- output ------------------------------------------------------------------ */

/* @msg as the "error" member of @res (and on stderr), else printed with @fmt. */
static void report(json_t *res, const char *fmt, const char *msg)
{
	if (res) {
		json_object_set_new(res, "error", json_string(msg));
		fprintf(stderr, "%s\n", msg);
	} else {
		printf(fmt, msg);
	}
}

/* Perl issueWarning() (-json: the "error" member of @res): @msg, freed, then rc 1. */
static int warn_in(json_t *res, char *msg)
{
	report(res, "\n\nWARNING: Received the following error:\n\n\t%s\n\n", msg);
	free(msg);
	return 1;
}

static int warning(struct lc *c, char *msg)
{
	return warn_in(c->res, msg);
}

/* A "No such ..." line of scstadmin itself; Perl's rc stays @rc. */
__attribute__((format(printf, 3, 4)))
static int notice(struct lc *c, int rc, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	report(c->res, "%s\n", s);
	free(s);
	return rc;
}

/* -json: member @key = @value of the query's result. */
static void res_set(struct lc *c, const char *key, const char *value)
{
	if (c->res)
		json_object_set_new(c->res, key, json_string(value));
}

/* Perl's truth of a string: not undef, "" or "0". */
static bool perl_true(const char *s)
{
	return s && *s && strcmp(s, "0");
}

/* trace_level's levels: split on '|' (trailing empty fields dropped), trimmed. */
static void trace_levels(const char *value, struct strv *out)
{
	const char *s = value;
	size_t keep;

	out->v = NULL;
	out->n = 0;
	for (;;) {
		const char *e = strchr(s, '|');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *tok = strndup(s, n), *a, *b;

		if (!tok)
			oom();
		for (a = tok; *a == ' ' || *a == '\t' || *a == '\n'; a++)
			;
		b = a + strlen(a);
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
			*--b = '\0';
		strv_add(out, a);
		/* remember raw emptiness for the trailing-field rule */
		if (n == 0)
			out->v[out->n - 1][0] = '\0';
		free(tok);
		if (!e)
			break;
		s = e + 1;
	}
	/* Perl drops trailing fields that were empty before trimming */
	keep = out->n;
	{
		const char *p = value + strlen(value);
		size_t i = out->n;

		while (i > 0) {
			const char *q = p;

			while (q > value && q[-1] != '|')
				q--;
			if (q != p)
				break;
			keep = --i;
			if (q == value)
				break;
			p = q - 1;
		}
	}
	while (out->n > keep)
		free(out->v[--out->n]);
}

static bool shown(const struct attr *a, bool nonkey)
{
	return a->keyed || nonkey;
}

/* printf("%-*s", w, s) for @n bytes that may hold NULs. */
static void cell(const char *v, size_t n, size_t w)
{
	fwrite(v, 1, n, stdout);
	while (n++ < w)
		putchar(' ');
}

/* One row "\t<attr>     <value>     <writable>     <key>". */
static void row(size_t la, const char *name, size_t lv, const char *v, size_t n,
		const char *w, const char *key)
{
	putchar('\t');
	cell(name, strlen(name), la);
	fputs("     ", stdout);
	cell(v, n, lv);
	fputs("     ", stdout);
	cell(w, strlen(w), 9);
	fputs("     ", stdout);
	cell(key, strlen(key), 3);
	putchar('\n');
}

static bool is_trace(const struct attr *a)
{
	return !strcmp(a->name, "trace_level") && a->vk == V_STR && perl_true(a->value);
}

/* Perl listAttributes(). */
static void print_attrs(const struct atab *t, bool nonkey)
{
	size_t la = 9, lv = 5, i, j, found = 0;
	const struct attr *tl = NULL;

	for (i = 0; i < t->n; i++) {
		const struct attr *a = &t->v[i];

		if (a->keyed) {
			la = max_sz(la, strlen(a->name));
			for (j = 0; j < a->n_keys; j++)
				lv = max_sz(lv, a->keys[j].vlen);
		} else if (nonkey) {
			la = max_sz(la, strlen(a->name));
			if (is_trace(a)) {
				struct strv lv_;

				trace_levels(a->value, &lv_);
				for (j = 0; j < lv_.n; j++)
					lv = max_sz(lv, strlen(lv_.v[j]));
				strv_free(&lv_);
			} else if (a->vk == V_STR) {
				lv = max_sz(lv, a->vlen);
			} else if (a->vk == V_REF) {
				lv = max_sz(lv, a->ref_len);
			}
		}
	}
	row(la, "Attribute", lv, "Value", 5, "Writable", "KEY");
	putchar('\t');
	dashes(la + lv + 27);
	putchar('\n');
	for (i = 0; i < t->n; i++) {
		const struct attr *a = &t->v[i];
		const char *w = a->is_static ? "No" : "Yes";

		if (!strcmp(a->name, "trace_level"))
			tl = a;
		if (a->keyed) {
			for (j = 0; j < a->n_keys; j++, found++) {
				if (a->keys[j].vlen)
					row(la, j ? "" : a->name, lv, a->keys[j].value,
					    a->keys[j].vlen, w, "Yes");
				else
					row(la, j ? "" : a->name, lv, "<not set>", 9, w, "Yes");
			}
		} else if (nonkey && is_trace(a)) {
			struct strv lv_;

			trace_levels(a->value, &lv_);
			for (j = 0; j < lv_.n; j++, found++)
				row(la, j ? "" : a->name, lv, lv_.v[j], strlen(lv_.v[j]), w, "No");
			strv_free(&lv_);
		} else if (nonkey && a->vk != V_REF) {
			if (a->vk == V_STR && a->vlen)
				row(la, a->name, lv, a->value, a->vlen, w, "No");
			else if (a->vk == V_STR)
				row(la, a->name, lv, "<not set>", 9, w, "No");
			else
				row(la, a->name, lv, "<n/a>", 5, w, "No");
			found++;
		}
	}
	if (!found)
		printf("\t(none)\n");
	if (nonkey && tl) {
		int count = 0;

		printf("\n\tPossible trace levels:\n"
		       "\t  (use trace_level=\"add <level>\", none, all or default to set):\n");
		for (j = 0; j < tl->set.n; j++) {
			if (!count)
				printf("\t\t");
			printf("%s, ", tl->set.v[j]);
			if (++count == 5) {
				putchar('\n');
				count = 0;
			}
		}
		putchar('\n');
	}
}

/*
 * A value as a JSON string: as is when it is UTF-8 without NUL bytes, else
 * each byte as the character of the same number (ISO-8859-1), so that no
 * byte is lost (doc/json-schema.md).
 */
static json_t *json_bytes(const char *v, size_t n)
{
	json_t *j = memchr(v, '\0', n) ? NULL : json_stringn(v, n);
	char *u;
	size_t i, k = 0;

	if (j)
		return j;
	u = xrealloc(NULL, 2 * n + 1);
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)v[i];

		if (b < 0x80) {
			u[k++] = (char)b;
		} else {
			u[k++] = (char)(0xc0 | (b >> 6));
			u[k++] = (char)(0x80 | (b & 0x3f));
		}
	}
	j = json_stringn(u, k);
	free(u);
	return j ? j : json_string("");
}

static int cmp_key_num(const void *a, const void *b)
{
	unsigned long long x = strtoull(((const struct akey *)a)->key, NULL, 10);
	unsigned long long y = strtoull(((const struct akey *)b)->key, NULL, 10);

	return x < y ? -1 : x > y;
}

/* The attributes of @t as JSON (doc/json-schema.md "attribute"). */
static json_t *attrs_json(const struct atab *t, bool nonkey)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct attr *a = &t->v[i];
		json_t *o, *vals;

		if (!shown(a, nonkey) || (!a->keyed && a->vk == V_REF))
			continue;
		o = json_object();
		vals = json_array();
		json_object_set_new(o, "name", json_string(a->name));
		json_object_set_new(o, "key", json_boolean(a->keyed));
		json_object_set_new(o, "writable", json_boolean(!a->is_static));
		if (a->keyed) {
			struct akey *k = malloc(a->n_keys * sizeof(*k) + 1);

			if (!k)
				oom();
			memcpy(k, a->keys, a->n_keys * sizeof(*k));
			qsort(k, a->n_keys, sizeof(*k), cmp_key_num);
			for (j = 0; j < a->n_keys; j++)
				json_array_append_new(vals, json_bytes(k[j].value, k[j].vlen));
			free(k);
		} else if (!strcmp(a->name, "trace_level") && a->vk == V_STR) {
			struct strv lv;

			trace_levels(a->value, &lv);
			for (j = 0; j < lv.n; j++)
				json_array_append_new(vals, json_string(lv.v[j]));
			strv_free(&lv);
		} else if (a->vk == V_STR) {
			json_array_append_new(vals, json_bytes(a->value, a->vlen));
		}
		json_object_set_new(o, "readable", json_boolean(a->keyed || a->vk == V_STR));
		json_object_set_new(o, "values", vals);
		if (a->has_set)
			json_object_set_new(o, "choices", strv_json(&a->set));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Print or store an attribute table; rc 0. */
static int emit_attrs(struct lc *c, struct atab *t)
{
	atab_sort(t);
	if (c->res) {
		json_object_set_new(c->res, "attributes", attrs_json(t, c->o->nonkey));
		if (t->extra)
			json_object_update(c->res, t->extra);
	} else {
		print_attrs(t, c->o->nonkey);
	}
	return 0;
}

/* A trailer "\n\t<title>\n\t----\n\t<name>..." of names; -json: member @key. */
static void emit_names(struct lc *c, const char *title, const char *key, const struct strv *s)
{
	size_t i;

	if (c->res) {
		json_object_set_new(c->res, key, strv_json(s));
		return;
	}
	printf("\n\t%s\n\t", title);
	dashes(strlen(title));
	putchar('\n');
	for (i = 0; i < s->n; i++)
		printf("\t%s\n", s->v[i]);
}

/* "<ind><title>\n<ind><dashes>\n" and "<ind><name>\n" each: dashes as wide
 * as the longest name, or @floor when that is shorter than @below. */
static void name_column(const char *ind, const char *title, size_t below, size_t floor,
			const struct strv *s)
{
	size_t l = 0, i;

	for (i = 0; i < s->n; i++)
		l = max_sz(l, strlen(s->v[i]));
	if (l < below)
		l = floor;
	printf("%s%s\n%s", ind, title, ind);
	dashes(l);
	putchar('\n');
	for (i = 0; i < s->n; i++)
		printf("%s%s\n", ind, s->v[i]);
}

/* ---- setup ------------------------------------------------------------------ */

/* Start a query on main's connection: the root and, with -json, the
 * query's member of the document. */
static void lc_open(struct lc *c, const struct opts *o, const char *member)
{
	memset(c, 0, sizeof(*c));
	c->o = o;
	c->timeout = o->timeout_s ? o->timeout_s : SCSTCFG_DEFAULT_TIMEOUT;
	if (o->sysfs) {
		c->root = xstrdup(scstcfg_sysfs_get_root(o->sysfs));
	} else {
		struct scstcfg_sysfs *s;

		if (scstcfg_sysfs_new(NULL, &s) < 0)
			oom();
		c->root = xstrdup(scstcfg_sysfs_get_root(s));
		scstcfg_sysfs_free(s);
	}
	if (o->json) {
		if (!json_doc)
			json_doc = json_object();
		c->res = json_object();
		json_object_set_new(json_doc, member, c->res);
	}
}

static void lc_close(struct lc *c)
{
	free(c->root);
	c->root = NULL;
}

/* One query: @fn on a struct lc whose -json member is @member.  Return: @fn's rc. */
static int list_run(const struct opts *o, const char *member, int (*fn)(struct lc *c))
{
	struct lc c;
	int rc;

	lc_open(&c, o, member);
	rc = fn(&c);
	lc_close(&c);
	return rc;
}

/* cmd_<query>() of scstadmin.h: <query>(), the -json member named <query>. */
#define LIST_CMD(query)                                              \
	int cmd_##query(struct scstcfg_ctx *ctx, const struct opts *o) \
	{                                                            \
		(void)ctx;                                           \
		return list_run(o, #query, query);                   \
	}

/* -json: the names of @ob as members of the result. */
static void obj_json(struct lc *c, const struct obj *ob)
{
	static const char *const keys[] = { "driver",       "target",       "group",
					    "lun",          "initiator",    "device_group",
					    "target_group", "target" };
	const char *const names[] = { ob->d, ob->t, ob->g, ob->lun, ob->ini, ob->dg, ob->tg, ob->tt };
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(keys); i++)
		if (names[i])
			res_set(c, keys[i], names[i]);
}

/*
 * Show what an SCST.pm reader gave: its error @err as Perl's WARNING
 * (*@rc = 1), else scstadmin's line @nosuch for an empty table (*@rc = 0;
 * @nosuch NULL: the empty table is shown), else the table (*@rc = 0).
 * Frees @err, @t and @nosuch.  Return: true when the table was shown.
 */
static bool show_attrs(struct lc *c, char *err, struct atab *t, char *nosuch, int *rc)
{
	bool shown = false;

	if (err) {
		*rc = warning(c, err);
	} else if (!t->n && nosuch) {
		*rc = notice(c, 0, "%s", nosuch);
	} else {
		*rc = emit_attrs(c, t);
		shown = true;
	}
	free(nosuch);
	atab_free(t);
	return shown;
}

/* @ob's attributes as @r reads them, through show_attrs(). */
static bool list_obj(struct lc *c, const struct obj *ob, const struct reader *r, char *nosuch,
		     int *rc)
{
	struct atab t = { 0 };

	obj_json(c, ob);
	return show_attrs(c, read_obj(c, ob, r, &t), &t, nosuch, rc);
}

static char *read_mgmt(const struct lc *c, const char *rel)
{
	char *text = NULL;

	if (read_text(c, rel, &text, NULL) < 0)
		return NULL;
	return text;
}

/*
 * A trailer of the names mgmt help text @help lists after @head, shown by
 * emit_names(@title, @key).  With @required, none is Perl's "return TRUE
 * if (!scalar keys ...)": rc 1.  Return: the rc.
 */
static int help_trailer(struct lc *c, const char *help, const char *head, const char *title,
			const char *key, bool required)
{
	struct strv v;
	int rc = 0;

	help_list(help, head, &v);
	if (v.n)
		emit_names(c, title, key, &v);
	else if (required)
		rc = 1;
	strv_free(&v);
	return rc;
}

/* The names of the tree (Perl's one-column lists). */
static int names_list(struct lc *c, const char *title,
		      void (*names_of)(const struct lc *c, struct strv *out))
{
	struct strv v;

	names_of(c, &v);
	name_column("\t", title, 0, 0, &v);
	strv_free(&v);
	return 0;
}

/* Perl's two-column table of parents (handlers, drivers) and their children. */
struct table {
	void (*parents)(const struct lc *c, struct strv *out);
	void (*children)(const struct lc *c, const char *parent, struct strv *out);
	const char *title, *ctitle;	/* the column heads */
	const char *head_gap, *gap;	/* between the columns: in the head, in the rows */
	const char *none;		/* the row of a parent without children, or NULL */
	const char *nosuch;		/* the notice for a @want that is not there */
	const char *key, *ckey;		/* -json: the member, a parent's member of children */
};

/* The table @tab for parent @want (NULL: every parent). */
static int table_list(struct lc *c, const struct table *tab, const char *want)
{
	struct strv ps, sel = { 0 };
	size_t lp = 0, lk = 0, i, j;
	json_t *arr;
	int rc = 0;

	tab->parents(c, &ps);
	for (i = 0; i < ps.n; i++) {
		struct strv ks;

		if (valid(want) && strcmp(want, ps.v[i]))
			continue;
		strv_add(&sel, ps.v[i]);
		lp = max_sz(lp, strlen(ps.v[i]));
		tab->children(c, ps.v[i], &ks);
		if (!ks.n && tab->none)
			lk = max_sz(lk, strlen(tab->none));
		for (j = 0; j < ks.n; j++)
			lk = max_sz(lk, strlen(ks.v[j]));
		strv_free(&ks);
	}
	if (!sel.n) {
		rc = notice(c, 0, tab->nosuch, str(want));
		goto out;
	}
	arr = c->res ? json_array() : NULL;
	if (!arr) {
		printf("\t%-*s%s%-*s\n", (int)lp, tab->title, tab->head_gap, (int)lk, tab->ctitle);
		putchar('\t');
		dashes(lp + strlen(tab->head_gap) + lk);
		putchar('\n');
	}
	for (i = 0; i < sel.n; i++) {
		struct strv ks;

		tab->children(c, sel.v[i], &ks);
		strv_sort(&ks);
		if (arr) {
			json_t *p = json_object();

			json_object_set_new(p, "name", json_string(sel.v[i]));
			json_object_set_new(p, tab->ckey, strv_json(&ks));
			json_array_append_new(arr, p);
		} else if (!ks.n && tab->none) {
			printf("\t%-*s%s%-*s\n", (int)lp, sel.v[i], tab->gap, (int)lk, tab->none);
		}
		for (j = 0; !arr && j < ks.n; j++)
			printf("\t%-*s%s%-*s\n", (int)lp, j ? "" : sel.v[i], tab->gap, (int)lk,
			       ks.v[j]);
		strv_free(&ks);
	}
	if (arr)
		json_object_set_new(c->res, tab->key, arr);
out:
	strv_free(&sel);
	strv_free(&ps);
	return rc;
}

/* -list_handler/-list_driver: the names, or the table of one (-json: always the table). */
static int table_or_names(struct lc *c, const struct table *tab)
{
	if (valid(c->o->op_arg) || c->res)
		return table_list(c, tab, c->o->op_arg);
	return names_list(c, tab->title, tab->parents);
}

int list_json_flush(void)
{
	int r = 0;

	if (!json_doc)
		return 0;
	if (json_dumpf(json_doc, stdout, JSON_SORT_KEYS | JSON_INDENT(2)) < 0)
		r = -EIO;
	putchar('\n');
	json_decref(json_doc);
	json_doc = NULL;
	return r;
}

/* ---- handlers and devices ------------------------------------------------------ */

#define PARAMS_HEAD "The following parameters available:"

/* Perl listHandler(): the handler/device table (all handlers or one). */
static const struct table handler_table = {
	.parents = handlers_of,
	.children = handler_devices,
	.title = "Handler",
	.ctitle = "Device",
	.head_gap = "     ",
	.gap = "    ",
	.none = "-",
	.nosuch = "No such handler '%s' found.",
	.key = "handlers",
	.ckey = "devices",
};

static int list_handler(struct lc *c)
{
	return table_or_names(c, &handler_table);
}
LIST_CMD(list_handler)

/* Perl listDevice(): one device's attributes. */
static int device_attrs(struct lc *c, const char *dev)
{
	struct atab t = { 0 };
	int rc;

	res_set(c, "device", dev);
	show_attrs(c, read_device_attrs(c, dev, &t), &t,
		   xasprintf("No such device '%s' exists.", dev), &rc);
	return rc;
}

static int list_device(struct lc *c)
{
	return valid(c->o->op_arg) ? device_attrs(c, c->o->op_arg) : table_list(c, &handler_table, NULL);
}
LIST_CMD(list_device)

static int list_dev_attr(struct lc *c)
{
	return device_attrs(c, str(c->o->op_arg));
}
LIST_CMD(list_dev_attr)

static int list_hnd_attr(struct lc *c)
{
	const char *h = str(c->o->op_arg);
	struct atab t = { 0 };
	char *rel, *help;
	int rc;

	res_set(c, "handler", h);
	if (!show_attrs(c, read_handler_attrs(c, h, &t), &t,
			xasprintf("No such handler '%s' found.", h), &rc))
		return rc;
	rel = xasprintf("handlers/%s/mgmt", h);
	help = read_mgmt(c, rel);
	free(rel);
	if (!help && !handler_exists(c, h))
		return warning(c, xasprintf("deviceCreateAttributes(): Handler '%s' is not available", h));
	if (!help)
		return warning(c, xasprintf("deviceCreateAttributes(): Unable to open mgmt interface for handler '%s': %s",
					    h, strerror(EACCES)));
	rc = help_trailer(c, help, PARAMS_HEAD, "Device CREATE attributes available",
			  "create_attributes", true);
	free(help);
	return rc;
}
LIST_CMD(list_hnd_attr)

/* ---- device groups and target groups ----------------------------------------- */

/* Perl listDeviceGroups(): every device group, with its target groups when @tgroups. */
static int dgroups_list(struct lc *c, bool tgroups)
{
	struct strv dgs, tgs;
	size_t l = 12, i;

	dgroups_of(c, &dgs);
	for (i = 0; i < dgs.n; i++)
		l = max_sz(l, strlen(dgs.v[i]));
	printf("\tDevice Group\n\t");
	dashes(l);
	putchar('\n');
	for (i = 0; i < dgs.n; i++) {
		printf("\t%s\n\n", dgs.v[i]);
		if (!tgroups)
			continue;
		tgroups_of(c, dgs.v[i], &tgs);
		putchar('\n');
		name_column("\t\t", "Target Groups", 12, 12, &tgs);
		strv_free(&tgs);
	}
	strv_free(&dgs);
	return 0;
}

static int list_dgrp(struct lc *c)
{
	const char *want = c->o->op_arg;
	struct strv dgs, devs, tgs;
	size_t i;

	if (c->res) {
		json_t *arr = json_array();

		dgroups_of(c, &dgs);
		for (i = 0; i < dgs.n; i++) {
			json_t *dg;

			if (valid(want) && strcmp(want, dgs.v[i]))
				continue;
			dg = json_object();
			dg_devices_of(c, dgs.v[i], &devs);
			tgroups_of(c, dgs.v[i], &tgs);
			json_object_set_new(dg, "name", json_string(dgs.v[i]));
			json_object_set_new(dg, "devices", strv_json(&devs));
			json_object_set_new(dg, "target_groups", strv_json(&tgs));
			json_array_append_new(arr, dg);
			strv_free(&devs);
			strv_free(&tgs);
		}
		json_object_set_new(c->res, "device_groups", arr);
		strv_free(&dgs);
		return 0;
	}
	if (!valid(want))
		return dgroups_list(c, false);
	dg_devices_of(c, want, &devs);
	name_column("\t", "Devices", 6, 7, &devs);	/* sic: Perl's "7 if < 6" */
	tgroups_of(c, want, &tgs);
	putchar('\n');
	name_column("\t", "Target Groups", 12, 12, &tgs);
	strv_free(&devs);
	strv_free(&tgs);
	return 0;
}
LIST_CMD(list_dgrp)

static json_t *tgroup_json(struct lc *c, const char *dg, const char *tg)
{
	json_t *j = json_object();
	struct strv ts;

	tg_targets_of(c, dg, tg, &ts);
	json_object_set_new(j, "name", json_string(tg));
	json_object_set_new(j, "targets", strv_json(&ts));
	strv_free(&ts);
	return j;
}

static int list_tgrp(struct lc *c)
{
	const char *dg = c->o->dev_group, *tg = c->o->op_arg;
	json_t *arr = c->res ? json_array() : NULL;
	struct strv v = { 0 };
	size_t i;

	if (!valid(dg)) {
		/* Perl: listDeviceGroups(undef, TRUE) (main.c requires -dev_group) */
		json_decref(arr);
		return c->res ? 0 : dgroups_list(c, true);
	}
	res_set(c, "device_group", dg);
	if (valid(tg) && arr) {
		json_array_append_new(arr, tgroup_json(c, dg, tg));
	} else if (valid(tg)) {
		tg_targets_of(c, dg, tg, &v);
		name_column("\t", "Targets", 7, 7, &v);
	} else {
		tgroups_of(c, dg, &v);
		for (i = 0; arr && i < v.n; i++)
			json_array_append_new(arr, tgroup_json(c, dg, v.v[i]));
		if (!arr) {
			putchar('\n');
			name_column("\t", "Target Groups", 12, 12, &v);
		}
	}
	if (arr)
		json_object_set_new(c->res, "target_groups", arr);
	strv_free(&v);
	return 0;
}
LIST_CMD(list_tgrp)

static int list_dgrp_attr(struct lc *c)
{
	struct obj ob = { .dg = str(c->o->op_arg) };
	int rc;

	list_obj(c, &ob, &rd_dgroup,
		 xasprintf("No such device group '%s' found or device group as no attributes.",
			   ob.dg),
		 &rc);
	return rc;
}
LIST_CMD(list_dgrp_attr)

static int list_tgrp_attr(struct lc *c)
{
	struct obj ob = { .dg = str(c->o->dev_group), .tg = str(c->o->op_arg) };
	int rc;

	list_obj(c, &ob, &rd_tgroup,
		 xasprintf("No such device group/target group '%s/%s' found.", ob.dg, ob.tg), &rc);
	return rc;
}
LIST_CMD(list_tgrp_attr)

static int list_ttgt_attr(struct lc *c)
{
	struct obj ob = { .dg = str(c->o->dev_group), .tg = str(c->o->tgt_group),
			  .tt = str(c->o->op_arg) };
	int rc;

	list_obj(c, &ob, &rd_ttarget,
		 xasprintf("No such device group/target group/target '%s/%s/%s' found.", ob.dg,
			   ob.tg, ob.tt),
		 &rc);
	return rc;
}
LIST_CMD(list_ttgt_attr)

/* ---- drivers, targets, groups --------------------------------------------------- */

/* Perl listTargets() table for @want (NULL: every driver). */
static const struct table target_table = {
	.parents = drivers_of,
	.children = targets_of,
	.title = "Driver",
	.ctitle = "Target",
	.head_gap = " ",
	.gap = " ",
	.nosuch = "No such driver '%s' exists.",
	.key = "drivers",
	.ckey = "targets",
};

/* Perl listGroup(): the LUNs (and, for a group, initiators) of one set. */
static int group_body(struct lc *c, const char *d, const char *t, const char *g, json_t *jo)
{
	struct lunmap m;
	struct strv inis = { 0 };
	char *par = lun_parent(d, t, valid(g) ? g : NULL), *rel = xasprintf("%s/luns", par);
	size_t ldev = 0, lini = 0, i;
	bool have_inis = false;

	read_luns(c, rel, &m);
	free(rel);
	if (valid(g)) {
		if (initiators_of(c, d, t, g, &inis) < 0) {
			struct obj ob = { .d = d, .t = t, .g = g };
			char *msg;

			rel = xasprintf("%s/initiators", par);
			msg = obj_closed(c, "initiators", &ob, rel);
			free(rel);
			free(par);
			lunmap_free(&m);
			return warn_in(jo, msg);	/* -json: the group's "error" member */
		}
		have_inis = true;
	}
	free(par);
	if (jo) {
		json_object_set_new(jo, "luns", lunmap_json(&m));
		if (have_inis)
			json_object_set_new(jo, "initiators", strv_json(&inis));
		goto out;
	}
	if (m.n || inis.n) {
		for (i = 0; i < m.n; i++)
			ldev = max_sz(ldev, strlen(m.v[i].dev));
		for (i = 0; i < inis.n; i++)
			lini = max_sz(lini, strlen(inis.v[i]));
		printf("Assigned LUNs:\n\n");
		if (m.n) {
			printf("\t%-4s %-*s\n", "LUN", (int)ldev, "Device");
			putchar('\t');
			dashes(ldev + 5);
			putchar('\n');
			for (i = 0; i < m.n; i++)
				printf("\t%-4s %-*s\n", m.v[i].lun, (int)ldev, m.v[i].dev);
		} else {
			printf("\t(none)\n");
		}
		if (valid(g)) {
			printf("\nAssigned Initiators:\n\n");
			if (inis.n) {
				printf("\tInitiator\n\t");
				dashes(lini);
				putchar('\n');
				for (i = 0; i < inis.n; i++)
					printf("\t%s\n", inis.v[i]);
			} else {
				printf("\t(none)\n");
			}
		}
	} else if (valid(g)) {
		printf("Group '%s' has no associated LUNs or initiators.\n", g);
	} else {
		printf("Driver/target '%s/%s' has no associated LUNs.\n", d, t);
	}
out:
	lunmap_free(&m);
	strv_free(&inis);
	return 0;
}

/* Perl listGroups(d, t, g), each of them optional. */

static int groups_listing(struct lc *c, const char *want_d, const char *want_t,
			  const char *want_g)
{
	struct strv ds;
	const char *d = want_d, *t = want_t;
	json_t *arr = c->res ? json_array() : NULL;
	size_t i, j, k, found = 0;
	int rc = 0;

	if (valid(want_g) && valid(want_d) && valid(want_t)) {
		if (arr) {
			json_t *tj = json_object(), *gs = json_array(), *gj = json_object();

			json_object_set_new(tj, "driver", json_string(want_d));
			json_object_set_new(tj, "target", json_string(want_t));
			json_object_set_new(gj, "name", json_string(want_g));
			rc = group_body(c, want_d, want_t, want_g, gj);
			json_array_append_new(gs, gj);
			json_object_set_new(tj, "groups", gs);
			json_array_append_new(arr, tj);
			json_object_set_new(c->res, "targets", arr);
			if (rc)
				json_object_set_new(c->res, "error",
						    json_copy(json_object_get(gj, "error")));
			return rc;
		}
		return group_body(c, want_d, want_t, want_g, NULL);
	}
	drivers_of(c, &ds);
	for (i = 0; i < ds.n; i++) {
		struct strv ts;

		if (!valid(want_d))
			d = ds.v[i];
		if (strcmp(d, ds.v[i]))
			continue;
		targets_of(c, d, &ts);
		for (j = 0; j < ts.n; j++) {
			struct strv gs;
			json_t *tj = NULL, *gsj = NULL;

			if (!valid(want_t))
				t = ts.v[j];
			if (strcmp(t, ts.v[j]))
				continue;
			found++;
			if (arr) {
				tj = json_object();
				gsj = json_array();
				json_object_set_new(tj, "driver", json_string(d));
				json_object_set_new(tj, "target", json_string(t));
				group_body(c, d, t, NULL, tj);
			} else {
				printf("Driver: %s\nTarget: %s\n\n", d, t);
				group_body(c, d, t, NULL, NULL);
				printf("\n");
			}
			groups_of(c, d, t, &gs);
			for (k = 0; k < gs.n; k++) {
				if (valid(want_g) && strcmp(want_g, gs.v[k]))
					continue;
				if (arr) {
					json_t *gj = json_object();

					json_object_set_new(gj, "name", json_string(gs.v[k]));
					group_body(c, d, t, gs.v[k], gj);
					json_array_append_new(gsj, gj);
				} else {
					printf("Group: %s\n\n", gs.v[k]);
					group_body(c, d, t, gs.v[k], NULL);
					printf("\n\n");
				}
			}
			strv_free(&gs);
			if (arr) {
				json_object_set_new(tj, "groups", gsj);
				json_array_append_new(arr, tj);
			}
		}
		strv_free(&ts);
	}
	if (arr)
		json_object_set_new(c->res, "targets", arr);
	if (!found) {
		if (valid(want_d) && valid(want_t))
			notice(c, 0, "Driver/target '%s/%s' not found", want_d, want_t);
		else if (!valid(want_t))
			notice(c, 0, "Driver '%s' not found.",
			       valid(want_d) ? want_d : (ds.n ? ds.v[ds.n - 1] : ""));
		else
			notice(c, 0, "Target '%s' not found.", want_t);
	}
	strv_free(&ds);
	return rc;
}

static int list_driver(struct lc *c)
{
	return table_or_names(c, &target_table);
}
LIST_CMD(list_driver)

static int list_target(struct lc *c)
{
	const struct opts *o = c->o;

	if (valid(o->op_arg) && valid(o->driver))
		return groups_listing(c, o->driver, o->op_arg, NULL);
	return table_list(c, &target_table, o->driver);
}
LIST_CMD(list_target)

static int list_group(struct lc *c)
{
	return groups_listing(c, c->o->driver, c->o->target, c->o->op_arg);
}
LIST_CMD(list_group)

/*
 * targets/<d>/mgmt's text; none when the file does not exist (SCST.pm
 * driverIsVirtualCapable(): -w, true for root whenever it exists).  One
 * that cannot be read is reader @fn's WARNING, *@rc = 1.
 * Return: malloc()ed text or NULL.
 */
static char *driver_mgmt(struct lc *c, const char *d, const char *fn, int *rc)
{
	char *rel = xasprintf("targets/%s/mgmt", d), *help = NULL;

	*rc = 0;
	if (rmode(c, rel)) {
		help = read_mgmt(c, rel);
		if (!help)
			*rc = warning(c, xasprintf("%s(): Unable to open mgmt interface for driver '%s': %s",
						   fn, d, strerror(EACCES)));
	}
	free(rel);
	return help;
}

static int list_drv_attr(struct lc *c)
{
	struct obj ob = { .d = str(c->o->op_arg) };
	char *help;
	int rc;

	if (!list_obj(c, &ob, &rd_driver, NULL, &rc))
		return rc;
	help = driver_mgmt(c, ob.d, "driverDynamicAttributes", &rc);
	if (!help)
		return rc;
	help_trailer(c, help, "The following target driver attributes available:",
		     "Dynamic attributes available", "dynamic_attributes", false);
	rc = help_trailer(c, help, PARAMS_HEAD, "Target CREATE attributes available:",
			  "target_create_attributes", true);
	free(help);
	return rc;
}
LIST_CMD(list_drv_attr)

/* "LUN CREATE attributes available" of a target's or group's luns/mgmt. */
static int lun_create_trailer(struct lc *c, const struct obj *ob)
{
	struct obj set = { .d = ob->d, .t = ob->t, .g = valid(ob->g) ? ob->g : NULL };
	char *par = lun_parent(set.d, set.t, set.g), *rel = xasprintf("%s/luns/mgmt", par);
	char *help = read_mgmt(c, rel), *msg;
	int rc;

	free(rel);
	free(par);
	if (!help) {
		msg = obj_missing(c, "lunCreateAttributes", &set);
		if (!msg)
			msg = xasprintf("lunCreateAttributes(): Unable to open luns mgmt interface for group '%s': %s",
					str(ob->g), strerror(ENOENT));
		return warning(c, msg);
	}
	rc = help_trailer(c, help, PARAMS_HEAD, "LUN CREATE attributes available",
			  "lun_create_attributes", true);
	free(help);
	return rc;
}

static int list_tgt_attr(struct lc *c)
{
	struct obj ob = { .d = str(c->o->driver), .t = str(c->o->op_arg) };
	char *help;
	int rc;

	if (!list_obj(c, &ob, &rd_target,
		      xasprintf("No such driver/target '%s/%s' found.", ob.d, ob.t), &rc))
		return rc;
	help = driver_mgmt(c, ob.d, "targetDynamicAttributes", &rc);
	if (rc)
		return rc;
	if (help)
		help_trailer(c, help, "The following target attributes available:",
			     "Dynamic attributes available", "dynamic_attributes", false);
	free(help);
	return lun_create_trailer(c, &ob);
}
LIST_CMD(list_tgt_attr)

static int list_grp_attr(struct lc *c)
{
	const struct opts *o = c->o;
	struct obj ob = { .d = str(o->driver), .t = str(o->target), .g = str(o->op_arg) };
	char *rel, *help;
	int rc;

	if (!list_obj(c, &ob, &rd_group,
		      xasprintf("No such driver/target/group '%s/%s/%s' found.", ob.d, ob.t, ob.g),
		      &rc))
		return rc;
	rc = lun_create_trailer(c, &ob);
	if (rc)
		return rc;
	rel = xasprintf("targets/%s/%s/ini_groups/%s/initiators/mgmt", ob.d, ob.t, ob.g);
	help = read_mgmt(c, rel);
	free(rel);
	if (!help)
		return warning(c, xasprintf("initiatorCreateAttributes(): Unable to open initiators mgmt interface for group '%s': %s",
					    ob.g, strerror(ENOENT)));
	rc = help_trailer(c, help, PARAMS_HEAD, "Initiator CREATE attributes available",
			  "initiator_create_attributes", true);
	free(help);
	return rc;
}
LIST_CMD(list_grp_attr)

static int list_lun_attr(struct lc *c)
{
	const struct opts *o = c->o;
	struct obj ob = { .d = str(o->driver), .t = str(o->target),
			  .g = valid(o->group) ? o->group : NULL, .lun = str(o->op_arg) };
	char *nosuch = ob.g ? xasprintf("No such driver/target/group/lun '%s/%s/%s/%s' found.",
					ob.d, ob.t, ob.g, ob.lun) :
			      xasprintf("No such driver/target/lun '%s/%s/%s' found.", ob.d, ob.t,
					ob.lun);
	int rc;

	list_obj(c, &ob, &rd_lun, nosuch, &rc);
	return rc;
}
LIST_CMD(list_lun_attr)

/* Initiators are files: SCST.pm's opendir() always fails, and its "Not a
 * directory" test never sees ENOTDIR (see EBADF_TEXT). */
static int list_init_attr(struct lc *c)
{
	const struct opts *o = c->o;
	struct obj ob = { .d = str(o->driver), .t = str(o->target), .g = str(o->group),
			  .ini = str(o->op_arg) };
	int rc;

	list_obj(c, &ob, &rd_initiator,
		 xasprintf("No such driver/target/group/initiator '%s/%s/%s/%s' found.", ob.d,
			   ob.t, ob.g, ob.ini),
		 &rc);
	return rc;
}
LIST_CMD(list_init_attr)

static int list_scst_attr(struct lc *c)
{
	struct atab t = { 0 };
	int rc;

	show_attrs(c, read_attrs(c, ".", rd_scst.fl, false, rd_scst.fn, rd_scst.what, &t), &t,
		   xstrdup("FATAL: Unable to get a list of SCST attributes! Please make sure SCST is loaded."),
		   &rc);
	return rc;
}
LIST_CMD(list_scst_attr)

/* ---- sessions ------------------------------------------------------------------ */

/* One session directory as SCST.pm sessions() reads it, flattened the way
 * listSessions() shows it: every attribute settable, none key. */
static void read_session(const struct lc *c, const char *d, const char *t, const char *dir,
			 struct atab *tab, struct lunmap *luns)
{
	struct strv ents;
	size_t i;

	luns->v = NULL;
	luns->n = 0;
	if (dir_list(c, dir, &ents) < 0)
		return;
	for (i = 0; i < ents.n; i++) {
		const char *name = ents.v[i];
		char *rel = xasprintf("%s/%s", dir, name), *text = NULL;
		struct attr *a;
		mode_t mode;
		size_t len = 0;

		if (!strcmp(name, "mgmt"))
			goto next;
		if (!strcmp(name, "luns")) {
			char *l = link_text(c, rel), *g;
			const char *s;

			/* only a group's LUNs: m{\.\./\.\./ini_groups/(.*)/luns} */
			if (l && (s = strstr(l, "../../ini_groups/"))) {
				const char *e;

				s += strlen("../../ini_groups/");
				e = strstr(s, "/luns");
				if (e) {
					const char *e2;

					/* greedy (.*): the last "/luns" */
					while ((e2 = strstr(e + 1, "/luns")))
						e = e2;
					g = strndup(s, (size_t)(e - s));
					if (!g)
						oom();
					free(text);
					text = xasprintf("targets/%s/%s/ini_groups/%s/luns", d, t, g);
					lunmap_free(luns);
					read_luns(c, text, luns);
					free(g);
				}
			}
			free(l);
			goto next;
		}
		mode = rmode(c, rel);
		if (S_ISDIR(mode))
			goto next;
		a = attr_get(tab, name);
		a->is_static = !(mode & S_IWUSR);	/* -json only: Perl drops it */
		if (!(mode & S_IRUSR)) {
			attr_set(a, V_UNDEF, NULL);
		} else if (read_text(c, rel, &text, &len) < 0) {
			attr_set(a, V_UNDEF, NULL);
		} else {
			size_t n1 = 0;
			char *v1 = line_at(text, len, 0, &n1);

			attr_setn(a, V_STR, v1 ? v1 : "", n1);
			free(v1);
		}
next:
		free(text);
		free(rel);
	}
	strv_free(&ents);
	for (i = 0; i < luns->n; i++) {
		char *n = xasprintf("LUN %s", luns->v[i].lun);

		attr_set(attr_get(tab, n), V_STR, luns->v[i].dev);
		free(n);
	}
}

static int list_sessions(struct lc *c)
{
	json_t *arr = c->res ? json_array() : NULL;
	struct strv ds;
	size_t i, j, k;

	drivers_of(c, &ds);
	for (i = 0; i < ds.n; i++) {
		struct strv ts;

		targets_of(c, ds.v[i], &ts);
		for (j = 0; j < ts.n; j++) {
			char *sdir = xasprintf("targets/%s/%s/sessions", ds.v[i], ts.v[j]);
			struct strv ss;
			json_t *tj = NULL, *sj = NULL;

			if (arr) {
				tj = json_object();
				sj = json_array();
				json_object_set_new(tj, "driver", json_string(ds.v[i]));
				json_object_set_new(tj, "target", json_string(ts.v[j]));
			} else {
				printf("Driver/Target: %s/%s\n\n", ds.v[i], ts.v[j]);
			}
			if (dir_list(c, sdir, &ss) < 0)
				ss.n = 0;
			strv_sort(&ss);	/* Perl: hash order */
			for (k = 0; k < ss.n; k++) {
				char *dir = xasprintf("%s/%s", sdir, ss.v[k]);
				struct atab tab = { 0 };
				struct lunmap luns;

				read_session(c, ds.v[i], ts.v[j], dir, &tab, &luns);
				atab_sort(&tab);
				if (arr) {
					json_t *s = json_object();
					struct atab plain = tab;

					json_object_set_new(s, "name", json_string(ss.v[k]));
					json_object_set_new(s, "luns", lunmap_json(&luns));
					/* the LUN rows are in "luns" */
					plain.n = 0;
					plain.v = xrealloc(NULL, tab.n * sizeof(*tab.v));
					for (size_t x = 0; x < tab.n; x++)
						if (strncmp(tab.v[x].name, "LUN ", 4))
							plain.v[plain.n++] = tab.v[x];
					json_object_set_new(s, "attributes", attrs_json(&plain, true));
					free(plain.v);
					json_array_append_new(sj, s);
				} else {
					printf("\tSession: %s\n\n", ss.v[k]);
					for (size_t x = 0; x < tab.n; x++)
						tab.v[x].is_static = false;
					print_attrs(&tab, true);
					printf("\n");
				}
				lunmap_free(&luns);
				atab_free(&tab);
				free(dir);
			}
			if (!ss.n && !arr)
				printf("\t(no sessions)\n\n");
			if (ss.v)
				strv_free(&ss);
			if (arr) {
				json_object_set_new(tj, "sessions", sj);
				json_array_append_new(arr, tj);
			}
			free(sdir);
		}
		strv_free(&ts);
	}
	strv_free(&ds);
	if (arr)
		json_object_set_new(c->res, "targets", arr);
	return 0;
}
LIST_CMD(list_sessions)

/* ---- -dumpAttrs ------------------------------------------------------------------ */

/*
 * Perl's -dumpAttrs prints Data::Dumper's view of SCST.pm's attribute
 * hashes: the SCST core's, then every device's (handlers and devices
 * sorted).  The hash is built here as a jansson tree standing for the Perl
 * data: null = undef, an integer = a number (SCST.pm's TRUE/FALSE), a
 * string = a string read from sysfs (Data::Dumper quotes it even when it
 * looks like a number), objects and arrays = hashes and arrays.  Perl
 * prints hash keys in its randomised hash order; we sort them (byte order)
 * so that the output is stable.
 */

static void dd_pad(size_t n)
{
	while (n--)
		putchar(' ');
}

/* A single-quoted Perl string: only "\" and "'" are escaped. */
static size_t dd_quote(const char *s, size_t n)
{
	size_t i, w = 2;

	putchar('\'');
	for (i = 0; i < n; i++, w++) {
		if (s[i] == '\\' || s[i] == '\'') {
			putchar('\\');
			w++;
		}
		putchar(s[i]);
	}
	putchar('\'');
	return w;
}

/* Data::Dumper with Indent = 2: @apad columns of alignment, @level deep. */
static void dd_dump(json_t *v, size_t apad, size_t level)
{
	const char **keys;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_NULL:
		fputs("undef", stdout);
		return;
	case JSON_INTEGER:
		printf("%lld", (long long)json_integer_value(v));
		return;
	case JSON_STRING:
		dd_quote(json_string_value(v), json_string_length(v));
		return;
	case JSON_ARRAY:
		putchar('[');
		n = json_array_size(v);
		for (i = 0; i < n; i++) {
			putchar('\n');
			dd_pad(apad + 2 * (level + 1));
			dd_dump(json_array_get(v, i), apad, level + 1);
			if (i + 1 < n)
				putchar(',');
		}
		if (n) {
			putchar('\n');
			dd_pad(apad + 2 * level);
		}
		putchar(']');
		return;
	case JSON_OBJECT: {
		const char *k;
		json_t *x;

		n = 0;
		keys = xrealloc(NULL, json_object_size(v) * sizeof(*keys));
		json_object_foreach(v, k, x)
			keys[n++] = k;
		if (n > 1)
			qsort(keys, n, sizeof(*keys), cmp_str);
		putchar('{');
		for (i = 0; i < n; i++) {
			size_t w;

			putchar('\n');
			dd_pad(apad + 2 * (level + 1));
			w = dd_quote(keys[i], strlen(keys[i]));
			fputs(" => ", stdout);
			dd_dump(json_object_get(v, keys[i]), apad + w + 4, level + 1);
			if (i + 1 < n)
				putchar(',');
		}
		if (n) {
			putchar('\n');
			dd_pad(apad + 2 * level);
		}
		putchar('}');
		free(keys);
		return;
	}
	default:
		fputs("undef", stdout);
		return;
	}
}

/* print Dumper(@v): "$VAR1 = ...;" per value. */
static void dd_vars(json_t *v1, json_t *v2)
{
	json_t *v[2] = { v1, v2 };
	size_t i;

	for (i = 0; i < 2; i++) {
		printf("$VAR%zu = ", i + 1);
		dd_dump(v[i], strlen("$VAR1") + 3, 0);
		puts(";");
		json_decref(v[i]);
	}
}

static json_t *dd_str(const char *s, size_t n)
{
	json_t *j = json_stringn_nocheck(s, n);

	if (!j)
		oom();
	return j;
}

/* A device's "exported" value: {driver}{target}{group} = lun ("" for a target LUN). */
static json_t *dd_exports(const struct atab *t)
{
	json_t *h = json_object(), *arr = t->extra ? json_object_get(t->extra, "exported") : NULL, *e;
	size_t i;

	json_array_foreach(arr, i, e) {
		const char *path[3] = { json_string_value(json_object_get(e, "driver")),
					json_string_value(json_object_get(e, "target")),
					json_string_value(json_object_get(e, "group")) };
		json_t *cur = h, *next;
		char lun[32];
		size_t k;

		if (!path[2])
			path[2] = "";
		for (k = 0; k < 2; k++) {
			next = json_object_get(cur, path[k]);
			if (!next) {
				next = json_object();
				json_object_set_new_nocheck(cur, path[k], next);
			}
			cur = next;
		}
		snprintf(lun, sizeof(lun), "%lld",
			 (long long)json_integer_value(json_object_get(e, "lun")));
		json_object_set_new_nocheck(cur, path[2], dd_str(lun, strlen(lun)));
	}
	return h;
}

/* SCST.pm's attribute hash of @t. */
static json_t *dd_attrs(const struct atab *t)
{
	json_t *h = json_object();
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		const struct attr *a = &t->v[i];
		json_t *e = json_object();

		json_object_set_new_nocheck(h, a->name, e);
		if (!strcmp(a->name, "exported") && a->vk != V_REF)
			continue;	/* autovivified by SCST.pm: {} */
		if (a->keyed) {
			json_t *ks = json_object();

			for (j = 0; j < a->n_keys; j++) {
				json_t *kv = json_object();

				json_object_set_new_nocheck(kv, "value",
							    dd_str(a->keys[j].value, a->keys[j].vlen));
				json_object_set_new_nocheck(ks, a->keys[j].key, kv);
			}
			json_object_set_new_nocheck(e, "keys", ks);
		}
		if (a->has_set) {
			json_t *s = json_array();

			for (j = 0; j < a->set.n; j++)
				json_array_append_new(s, dd_str(a->set.v[j], strlen(a->set.v[j])));
			json_object_set_new_nocheck(e, "set", s);
		}
		json_object_set_new_nocheck(e, "static", json_integer(a->is_static));
		if (a->vk == V_STR)
			json_object_set_new_nocheck(e, "value", dd_str(a->value, a->vlen));
		else if (a->vk == V_UNDEF)
			json_object_set_new_nocheck(e, "value", json_null());
		else if (a->vk == V_REF)
			json_object_set_new_nocheck(e, "value", dd_exports(t));
	}
	return h;
}

/* print Dumper(($attributes, $errorString)) of one SCST.pm reader. */
static void dd_result(const struct atab *t, char *err)
{
	if (err)
		dd_vars(json_null(), dd_str(err, strlen(err)));
	else
		dd_vars(dd_attrs(t), json_null());
	free(err);
}

int cmd_dump_attrs(struct scstcfg_ctx *ctx, const struct opts *o)
{
	struct opts text = *o;
	struct strv hs, devs;
	struct atab t = { 0 };
	struct lc c;
	size_t i, j;

	(void)ctx;
	text.json = false;	/* Perl's text only */
	lc_open(&c, &text, NULL);
	puts("SCST attributes:");
	dd_result(&t, read_attrs(&c, ".", rd_scst.fl, false, rd_scst.fn, rd_scst.what, &t));
	atab_free(&t);
	handlers_of(&c, &hs);
	for (i = 0; i < hs.n; i++) {
		handler_devices(&c, hs.v[i], &devs);
		strv_sort(&devs);
		for (j = 0; j < devs.n; j++) {
			printf("Device %s attributes:\n", devs.v[j]);
			dd_result(&t, read_device_attrs(&c, devs.v[j], &t));
			atab_free(&t);
		}
		strv_free(&devs);
	}
	strv_free(&hs);
	lc_close(&c);
	return 0;
}

/* ---- the checks of Perl's readWorkingConfig() ---------------------------------- */

int list_check_initiators(const struct opts *o)
{
	struct strv ds, ts, gs, seen = { 0 }, inis;
	struct lc c;
	size_t i, j, k, l;
	int rc = 0;

	if (o->force)
		return 0;
	lc_open(&c, &(struct opts){ .sysfs = o->sysfs }, NULL);
	drivers_of(&c, &ds);
	for (i = 0; i < ds.n && !rc; i++) {
		targets_of(&c, ds.v[i], &ts);
		for (j = 0; j < ts.n && !rc; j++) {
			groups_of(&c, ds.v[i], ts.v[j], &gs);
			for (k = 0; k < gs.n && !rc; k++) {
				if (initiators_of(&c, ds.v[i], ts.v[j], gs.v[k], &inis) < 0)
					continue;
				for (l = 0; l < inis.n && !rc; l++) {
					if (!strv_has(&seen, inis.v[l])) {
						strv_add(&seen, inis.v[l]);
						continue;
					}
					/* "$driver/target": Perl's message names no target */
					fprintf(o->json ? stderr : stdout,
						"\t-> FATAL: Initiator '%s' belongs to more than one groups for driver/target '%s/target', aborting. Use -force to override.\n",
						inis.v[l], ds.v[i]);
					rc = 1;
				}
				strv_free(&inis);
			}
			strv_free(&gs);
			strv_free(&seen);
		}
		strv_free(&ts);
	}
	strv_free(&ds);
	lc_close(&c);
	return rc;
}

/* ---- -write_config -nonkey ------------------------------------------------------- */

/*
 * The "# Non-key attributes" lines of each object (Perl serializeNkAttr()):
 * the object's attribute hash as SCST.pm reads it, minus static attributes
 * (unless a create-time parameter of its handler, driver, luns or
 * initiators mgmt), [key] ones, trace_level's level set, unreadable ones
 * and dif_checks_failed, enabled and hw_target.  Perl would also print
 * references ("ARRAY(0x...)") and a handler's device links (as empty
 * attributes); we leave those out.
 */
struct nk_src {
	struct opts o;
	struct lc c;
	struct strv names, values;
};

static struct nk_src *nk_active;

/* The sysfs directory of a target, group or LUN/initiator parent. */
static char *nk_tdir(const struct scstcfg_node *n)
{
	const struct scstcfg_node *p = scstcfg_node_get_parent(n);

	if (scstcfg_node_get_kind(n) == SCSTCFG_KIND_TARGET)
		return xasprintf("targets/%s/%s", scstcfg_node_get_name(p), scstcfg_node_get_name(n));
	return xasprintf("targets/%s/%s/ini_groups/%s",
			 scstcfg_node_get_name(scstcfg_node_get_parent(p)), scstcfg_node_get_name(p),
			 scstcfg_node_get_name(n));
}

/* The node's sysfs directory (malloc()ed; NULL: no attributes), its reader
 * flags and its create-parameter mgmt file (NULL: none). */
static char *nk_dir(const struct scstcfg_node *n, unsigned int *fl, char **mgmt)
{
	const struct scstcfg_node *p = scstcfg_node_get_parent(n);
	const char *name = scstcfg_node_get_name(n), *pn = p ? scstcfg_node_get_name(p) : "";
	char *pd, *d;

	*fl = 0;
	*mgmt = NULL;
	switch (scstcfg_node_get_kind(n)) {
	case SCSTCFG_KIND_ROOT:
		*fl = rd_scst.fl;
		return xstrdup(".");
	case SCSTCFG_KIND_HANDLER:
		return xasprintf("handlers/%s", name);
	case SCSTCFG_KIND_DEVICE:
		*mgmt = xasprintf("handlers/%s/mgmt", pn);
		return xasprintf("devices/%s", name);
	case SCSTCFG_KIND_DRIVER:
		*fl = rd_driver.fl;
		return xasprintf("targets/%s", name);
	case SCSTCFG_KIND_TARGET:
		*fl = rd_target.fl;
		*mgmt = xasprintf("targets/%s/mgmt", pn);
		return nk_tdir(n);
	case SCSTCFG_KIND_GROUP:
		*fl = rd_group.fl;
		return nk_tdir(n);
	case SCSTCFG_KIND_LUN:
		*fl = rd_lun.fl;
		pd = nk_tdir(p);
		*mgmt = xasprintf("%s/luns/mgmt", pd);
		d = xasprintf("%s/luns/%llu", pd, (unsigned long long)scstcfg_lun_get_number(n));
		free(pd);
		return d;
	case SCSTCFG_KIND_INITIATOR:
		pd = nk_tdir(p);
		*mgmt = xasprintf("%s/initiators/mgmt", pd);
		d = xasprintf("%s/initiators/%s", pd, name);
		free(pd);
		return d;
	case SCSTCFG_KIND_ALUA:
		return xstrdup("device_groups");
	case SCSTCFG_KIND_DGROUP:
		return xasprintf("device_groups/%s", name);
	case SCSTCFG_KIND_TGROUP:
		return xasprintf("device_groups/%s/target_groups/%s", pn, name);
	case SCSTCFG_KIND_TG_TARGET:
		return xasprintf("device_groups/%s/target_groups/%s/%s",
				 scstcfg_node_get_name(scstcfg_node_get_parent(p)), pn, name);
	default:
		return NULL;
	}
}

/* A directory entry (a handler's device link): Perl would write it as an
 * attribute with an empty value; we do not. */
static bool nk_is_dir(const struct nk_src *nk, const char *dir, const char *name)
{
	char *rel = xasprintf("%s/%s", dir, name);
	bool r = is_dir(&nk->c, rel);

	free(rel);
	return r;
}

static int nk_get(void *priv, const struct scstcfg_node *n, struct scstcfg_nonkey *out)
{
	struct nk_src *nk = priv;
	struct strv create = { 0 };
	struct atab t = { 0 };
	unsigned int fl;
	char *mgmt, *dir = nk_dir(n, &fl, &mgmt), *err = NULL;
	size_t i;

	strv_free(&nk->names);
	strv_free(&nk->values);
	memset(out, 0, sizeof(*out));
	if (!dir)
		return 0;
	if (mgmt) {
		char *help = read_mgmt(&nk->c, mgmt);

		if (help)
			help_list(help, "The following parameters available:", &create);
		free(help);
	}
	switch (scstcfg_node_get_kind(n)) {
	case SCSTCFG_KIND_HANDLER:
		err = read_handler_attrs(&nk->c, scstcfg_node_get_name(n), &t);
		break;
	case SCSTCFG_KIND_DEVICE:
		err = read_device_attrs(&nk->c, scstcfg_node_get_name(n), &t);
		break;
	default:
		err = read_attrs(&nk->c, dir, fl,
				 scstcfg_node_get_kind(n) == SCSTCFG_KIND_TARGET &&
					 !strcmp(scstcfg_node_get_name(scstcfg_node_get_parent(n)), "scst_local"),
				 "attributes", "", &t);
		break;
	}
	atab_sort(&t);
	for (i = 0; !err && i < t.n; i++) {
		const struct attr *a = &t.v[i];

		if (a->has_set || a->keyed || a->vk != V_STR ||
		    (a->is_static && !strv_has(&create, a->name)) ||
		    !strcmp(a->name, "dif_checks_failed") || !strcmp(a->name, "enabled") ||
		    !strcmp(a->name, "hw_target") || nk_is_dir(nk, dir, a->name))
			continue;
		strv_add(&nk->names, a->name);
		strv_add(&nk->values, a->value);
	}
	atab_free(&t);
	strv_free(&create);
	free(mgmt);
	free(dir);
	free(err);	/* SCST.pm's reader failed: Perl writes no lines */
	out->names = (const char *const *)nk->names.v;
	out->values = (const char *const *)nk->values.v;
	out->count = nk->names.n;
	return 0;
}

void list_nonkey_attach(struct scstcfg_model *m, const struct opts *o)
{
	if (!nk_active) {
		nk_active = xrealloc(NULL, sizeof(*nk_active));
		memset(nk_active, 0, sizeof(*nk_active));
		nk_active->o.sysfs = o->sysfs;
		nk_active->o.timeout_s = o->timeout_s;
		lc_open(&nk_active->c, &nk_active->o, NULL);
	}
	scstcfg_model_set_nonkey(m, nk_get, nk_active);
}
