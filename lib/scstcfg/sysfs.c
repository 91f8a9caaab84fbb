// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysfs.c - reads, listings and the robust writer for the SCST sysfs tree
 * (sysfs.h, scstcfg/apply.h; spec scst-sysfs.md §1.2-§1.4, §4, §10).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sysfs.h"
#include "tk.h"

/* One sysfs page: store() never sees more (spec scst-sysfs.md §1.2). */
#define SYSFS_PAGE 4096
/* Poll interval of the EAGAIN waits: start and cap (spec §4, task #4). */
#define POLL_FIRST_MS 10
#define POLL_MAX_MS 1000

struct scstcfg_sysfs {
	char *root;
	unsigned int timeout;
	bool dry_run;
	void (*trace)(void *priv, const struct scstcfg_trace_event *ev);
	void *trace_priv;
	struct scstcfg_counters cnt;
	struct tk_buf err;
	struct tk_buf path;	/* scratch: absolute path of the current call */
	int root_fd;		/* the root directory, -1 until first used */
};

const char *scstcfg_apply_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == SCSTCFG_ENOSCST)
		return "Failed to obtain SCST version information. Are the SCST modules loaded?";
	return strerror(err);
}

int scstcfg_sysfs_new(const char *root, struct scstcfg_sysfs **out)
{
	struct scstcfg_sysfs *s;

	if (!root) {
		root = getenv(SCSTCFG_SYSFS_ROOT_ENV);
		if (!root || !*root)
			root = SCSTCFG_SYSFS_DEFAULT_ROOT;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->root = strdup(root);
	if (!s->root) {
		free(s);
		return -ENOMEM;
	}
	/* "/a/b/" and "/a/b" name the same root; keep "/" as is. */
	while (strlen(s->root) > 1 && s->root[strlen(s->root) - 1] == '/')
		s->root[strlen(s->root) - 1] = '\0';
	s->timeout = SCSTCFG_DEFAULT_TIMEOUT;
	s->root_fd = -1;
	*out = s;
	return 0;
}

void scstcfg_sysfs_free(struct scstcfg_sysfs *s)
{
	if (!s)
		return;
	tk_buf_free(&s->err);
	tk_buf_free(&s->path);
	if (s->root_fd >= 0)
		close(s->root_fd);
	free(s->root);
	free(s);
}

const char *scstcfg_sysfs_get_root(const struct scstcfg_sysfs *s)
{
	return s->root;
}

void scstcfg_sysfs_set_timeout(struct scstcfg_sysfs *s, unsigned int seconds)
{
	s->timeout = seconds;
}

unsigned int scstcfg_sysfs_get_timeout(const struct scstcfg_sysfs *s)
{
	return s->timeout;
}

void scstcfg_sysfs_set_dry_run(struct scstcfg_sysfs *s, bool on)
{
	s->dry_run = on;
}

bool scstcfg_sysfs_get_dry_run(const struct scstcfg_sysfs *s)
{
	return s->dry_run;
}

void scstcfg_sysfs_set_trace(struct scstcfg_sysfs *s,
			     void (*fn)(void *priv, const struct scstcfg_trace_event *ev),
			     void *priv)
{
	s->trace = fn;
	s->trace_priv = priv;
}

void scstcfg_sysfs_get_counters(const struct scstcfg_sysfs *s, struct scstcfg_counters *out)
{
	*out = s->cnt;
}

const char *scstcfg_sysfs_last_error(const struct scstcfg_sysfs *s)
{
	return s->err.data ? s->err.data : "";
}

static int errtext(struct tk_buf *b, int err)
{
	if (err < 0)
		err = -err;
	if (err == SCSTCFG_ENOSCST)
		return tk_buf_adds(b, scstcfg_apply_strerror(err));
	return tk_buf_printf(b, "%s (%s)", strerror(err), tk_errname(err));
}

int scstcfg_sysfs_set_error(struct scstcfg_sysfs *s, int err, const char *fmt, ...)
{
	va_list ap;

	if (err > 0)
		err = -err;
	tk_buf_reset(&s->err);
	va_start(ap, fmt);
	tk_buf_vprintf(&s->err, fmt, ap);
	va_end(ap);
	tk_buf_adds(&s->err, ": ");
	errtext(&s->err, err);
	return err;
}

const char *scstcfg_path_join(struct tk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	tk_buf_reset(b);
	va_start(ap, fmt);
	r = tk_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r < 0 ? NULL : b->data;
}

/* Absolute path of @rel in the context's scratch buffer. */
static const char *abspath(struct scstcfg_sysfs *s, const char *rel)
{
	while (*rel == '/')
		rel++;
	if (!*rel || !strcmp(rel, "."))
		return scstcfg_path_join(&s->path, "%s", s->root);
	return scstcfg_path_join(&s->path, "%s/%s", s->root, rel);
}

/* @rel as a path for the *at() calls on the root fd: "" and "/" are ".". */
static const char *relp(const char *rel)
{
	while (*rel == '/')
		rel++;
	return *rel ? rel : ".";
}

/*
 * The root directory's fd: every access is an *at() call relative to it,
 * so the kernel never walks the root's own path again (spec scst-sysfs.md
 * §1.2).  Opened on first use and again by every scstcfg_sysfs_probe(), so
 * a reloaded SCST (a new root directory) is picked up by the next read.
 */
static int rootfd(struct scstcfg_sysfs *s)
{
	if (s->root_fd < 0)
		s->root_fd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return s->root_fd < 0 ? -errno : s->root_fd;
}

int scstcfg_sysfs_fd(struct scstcfg_sysfs *s)
{
	return rootfd(s);
}

/* ---- time ------------------------------------------------------------------ */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Sleep before the next try of an EAGAIN wait that began at @start.
 * Return: false when the timeout is used up (no sleep then).
 */
static bool backoff(const struct scstcfg_sysfs *s, uint64_t start, unsigned int *delay)
{
	uint64_t deadline = start + (uint64_t)s->timeout * 1000, t = now_ms();
	unsigned int d = *delay;

	if (t >= deadline)
		return false;
	if (t + d > deadline)
		d = (unsigned int)(deadline - t);
	sleep_ms(d);
	*delay = *delay * 2 > POLL_MAX_MS ? POLL_MAX_MS : *delay * 2;
	return true;
}

/* ---- reading --------------------------------------------------------------- */

/*
 * Read a whole file relative to directory fd @dfd.  A sysfs file holds at
 * most one page (spec scst-sysfs.md §1.2), so one read() into a buffer
 * larger than a page gets all of it and its shortness says EOF: no second
 * read() (one FUSE round trip fewer per file on scstfs).  A file that fills
 * the buffer (not sysfs: a snapshot on a disk) is read on to its end.
 * @mode receives the file's mode bits (fstat; may be NULL).
 */
int scstcfg_sysfs_read_raw(int dfd, const char *rel, char **out, size_t *len, mode_t *mode)
{
	struct tk_buf b = TK_BUF_INIT;
	int fd, r = 0;

	fd = openat(dfd, relp(rel), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (mode) {
		struct stat st;

		if (fstat(fd, &st) < 0) {
			r = -errno;
			close(fd);
			return r;
		}
		*mode = st.st_mode;
	}
	for (;;) {
		size_t want;
		ssize_t n;

		r = tk_buf_reserve(&b, 2 * SYSFS_PAGE);
		if (r < 0)
			break;
		want = b.cap - b.len - 1;
		n = read(fd, b.data + b.len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		b.len += (size_t)n;
		if ((size_t)n < want)
			break;	/* short read: end of file */
	}
	close(fd);
	if (r < 0) {
		tk_buf_free(&b);
		return r;
	}
	if (tk_buf_reserve(&b, 1) < 0) {
		tk_buf_free(&b);
		return -ENOMEM;
	}
	b.data[b.len] = '\0';
	if (len)
		*len = b.len;
	*out = tk_buf_steal(&b);
	return *out ? 0 : -ENOMEM;
}

/* Read @rel once or until EAGAIN stops; no error message. */
static int read_retry(struct scstcfg_sysfs *s, const char *rel, char **out, size_t *len,
		      mode_t *mode)
{
	unsigned int delay = POLL_FIRST_MS;
	uint64_t start = 0;
	int r, dfd = rootfd(s);

	if (dfd < 0)
		return dfd;
	for (;;) {
		s->cnt.reads++;
		r = scstcfg_sysfs_read_raw(dfd, rel, out, len, mode);
		if (r != -EAGAIN)
			return r;
		if (!start)
			start = now_ms();
		if (!backoff(s, start, &delay))
			return -ETIMEDOUT;
		s->cnt.read_retries++;
	}
}

/* The message of a failed read_retry() of @rel; returns @r. */
static int read_failed(struct scstcfg_sysfs *s, const char *rel, int r)
{
	const char *path = abspath(s, rel);

	if (!path)
		return -ENOMEM;
	if (r == -ETIMEDOUT)
		return scstcfg_sysfs_set_error(s, r, "%s: reading: still EAGAIN after %u s",
					       path, s->timeout);
	return scstcfg_sysfs_set_error(s, r, "%s: reading", path);
}

int scstcfg_sysfs_read(struct scstcfg_sysfs *s, const char *rel, char **out, size_t *len)
{
	int r = read_retry(s, rel, out, len, NULL);

	return r < 0 ? read_failed(s, rel, r) : 0;
}

/* Line 1 and [key] of @text (freed here) after a read that returned @r. */
static int attr_of_text(int r, char *text, char **value, bool *key)
{
	if (r < 0)
		return r;
	r = scstcfg_attr_parse(text, value, key);
	free(text);
	return r;
}

int scstcfg_attr_parse(const char *text, char **value, bool *key)
{
	const char *nl = strchr(text, '\n');
	size_t n = nl ? (size_t)(nl - text) : strlen(text);

	*value = strndup(text, n);
	if (!*value)
		return -ENOMEM;
	if (key) {
		const char *l2 = nl ? nl + 1 : "";

		*key = !strncmp(l2, "[key]", 5) && (l2[5] == '\n' || l2[5] == '\0');
	}
	return 0;
}

int scstcfg_sysfs_read_attr(struct scstcfg_sysfs *s, const char *rel, char **value, bool *key)
{
	char *text = NULL;
	int r = scstcfg_sysfs_read(s, rel, &text, NULL);

	return attr_of_text(r, text, value, key);
}

int scstcfg_sysfs_read_probe(struct scstcfg_sysfs *s, const char *rel, char **text,
			     mode_t *mode)
{
	int r = read_retry(s, rel, text, NULL, mode);

	if (r == 0 || r == -ENOENT || r == -EACCES || r == -ENOTDIR)
		return r;
	return read_failed(s, rel, r);
}

int scstcfg_sysfs_read_attr_probe(struct scstcfg_sysfs *s, const char *rel, char **value,
				  bool *key, mode_t *mode)
{
	char *text = NULL;
	int r = scstcfg_sysfs_read_probe(s, rel, &text, mode);

	return attr_of_text(r, text, value, key);
}

int scstcfg_sysfs_probe(struct scstcfg_sysfs *s)
{
	char *text;
	int r;

	/* a fresh root fd: SCST may have been reloaded since the last call */
	if (s->root_fd >= 0)
		close(s->root_fd);
	s->root_fd = -1;
	if (rootfd(s) < 0)
		return scstcfg_sysfs_set_error(s, -SCSTCFG_ENOSCST, "%s", s->root);
	r = scstcfg_sysfs_read(s, "version", &text, NULL);
	if (r == -ENOENT || r == -ENOTDIR)
		return scstcfg_sysfs_set_error(s, -SCSTCFG_ENOSCST, "%s/version", s->root);
	if (r < 0)
		return r;
	free(text);
	return 0;
}

/* ---- listing --------------------------------------------------------------- */

static void fill_dirent(struct scstcfg_sysfs_dirent *e, const struct stat *st)
{
	if (S_ISREG(st->st_mode))
		e->type = SCSTCFG_SYSFS_FILE;
	else if (S_ISDIR(st->st_mode))
		e->type = SCSTCFG_SYSFS_DIR;
	else if (S_ISLNK(st->st_mode))
		e->type = SCSTCFG_SYSFS_LINK;
	else
		e->type = SCSTCFG_SYSFS_OTHER;
	e->mode = st->st_mode & 07777;
	e->writable = st->st_mode & S_IWUSR;
}

static int cmp_dirent(const void *a, const void *b)
{
	return strcmp(((const struct scstcfg_sysfs_dirent *)a)->name,
		      ((const struct scstcfg_sysfs_dirent *)b)->name);
}

void scstcfg_sysfs_dirents_free(struct scstcfg_sysfs_dirent *d, size_t n)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}

static enum scstcfg_sysfs_ent_type dtype(unsigned char t)
{
	switch (t) {
	case DT_REG:
		return SCSTCFG_SYSFS_FILE;
	case DT_DIR:
		return SCSTCFG_SYSFS_DIR;
	case DT_LNK:
		return SCSTCFG_SYSFS_LINK;
	default:
		return SCSTCFG_SYSFS_OTHER;
	}
}

/* Both listings: @with_mode lstat()s every entry, else d_type does. */
static int list_dir(struct scstcfg_sysfs *s, const char *rel, bool with_mode,
		    struct scstcfg_sysfs_dirent **out, size_t *n)
{
	struct scstcfg_sysfs_dirent *v = NULL;
	size_t cnt = 0, cap = 0;
	struct dirent *de;
	DIR *d = NULL;
	int r = 0, fd = rootfd(s);

	if (fd >= 0)
		fd = openat(fd, relp(rel), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		d = fdopendir(fd);
		if (!d)
			close(fd);
	}
	if (!d)
		return scstcfg_sysfs_set_error(s, -errno, "%s: listing", abspath(s, rel));
	for (;;) {
		struct stat st;
		bool need_stat;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				r = scstcfg_sysfs_set_error(s, -errno, "%s: listing",
							    abspath(s, rel));
			break;
		}
		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		need_stat = with_mode || de->d_type == DT_UNKNOWN;
		if (need_stat && fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;	/* vanished meanwhile */
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct scstcfg_sysfs_dirent *nv = realloc(v, nc * sizeof(*v));

			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = nc;
		}
		v[cnt].name = strdup(de->d_name);
		if (!v[cnt].name) {
			r = -ENOMEM;
			break;
		}
		if (need_stat) {
			fill_dirent(&v[cnt], &st);
		} else {
			v[cnt].type = dtype(de->d_type);
			v[cnt].mode = 0;
			v[cnt].writable = false;
		}
		cnt++;
	}
	closedir(d);
	if (r < 0) {
		scstcfg_sysfs_dirents_free(v, cnt);
		return r;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_dirent);
	*out = v;
	*n = cnt;
	return 0;
}

int scstcfg_sysfs_list(struct scstcfg_sysfs *s, const char *rel,
		       struct scstcfg_sysfs_dirent **out, size_t *n)
{
	return list_dir(s, rel, true, out, n);
}

int scstcfg_sysfs_list_types(struct scstcfg_sysfs *s, const char *rel,
			     struct scstcfg_sysfs_dirent **out, size_t *n)
{
	return list_dir(s, rel, false, out, n);
}

int scstcfg_sysfs_stat(struct scstcfg_sysfs *s, const char *rel, struct scstcfg_sysfs_dirent *out)
{
	struct stat st;
	int fd = rootfd(s);

	if (fd < 0 || fstatat(fd, relp(rel), &st, AT_SYMLINK_NOFOLLOW) < 0)
		return scstcfg_sysfs_set_error(s, -errno, "%s", abspath(s, rel));
	out->name = NULL;
	fill_dirent(out, &st);
	return 0;
}

int scstcfg_sysfs_readlink(struct scstcfg_sysfs *s, const char *rel, char **out)
{
	char buf[PATH_MAX];
	ssize_t n = -1;
	int fd = rootfd(s);

	if (fd >= 0)
		n = readlinkat(fd, relp(rel), buf, sizeof(buf) - 1);
	if (n < 0)
		return scstcfg_sysfs_set_error(s, -errno, "%s: readlink", abspath(s, rel));
	buf[n] = '\0';
	*out = strdup(buf);
	return *out ? 0 : -ENOMEM;
}

/* ---- secrets ---------------------------------------------------------------- */

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '=' || c == ';';
}

/* Whether the word [w, w+n) is IncomingUser/OutgoingUser, digits allowed after. */
static bool is_chap_word(const char *w, size_t n)
{
	static const char *const names[] = { "IncomingUser", "OutgoingUser" };
	size_t i, k;

	for (i = 0; i < TK_ARRAY_SIZE(names); i++) {
		size_t l = strlen(names[i]);

		if (n < l || strncasecmp(w, names[i], l))
			continue;
		for (k = l; k < n && isdigit((unsigned char)w[k]); k++)
			;
		if (k == n)
			return true;
	}
	return false;
}

int scstcfg_mask_secrets(const char *rel, const char *data, size_t len, struct tk_buf *out)
{
	/* Words still to pass before the secret: 0 = not in a CHAP value. */
	int pending = 0;
	size_t i = 0;
	int r = 0;

	if (rel) {
		const char *base = strrchr(rel, '/');

		base = base ? base + 1 : rel;
		if (is_chap_word(base, strlen(base)))
			pending = 2;
	}
	while (i < len && r == 0) {
		size_t j = i;

		if (is_sep(data[i])) {
			r = tk_buf_addc(out, data[i]);
			i++;
			continue;
		}
		while (j < len && !is_sep(data[j]))
			j++;
		if (pending == 1) {
			r = tk_buf_adds(out, "***");
			pending = 0;
		} else {
			r = tk_buf_add(out, data + i, j - i);
			if (pending == 2)
				pending = 1;
			else if (is_chap_word(data + i, j - i))
				pending = 2;
		}
		i = j;
	}
	return r;
}

/* ---- writing ---------------------------------------------------------------- */

static void trace_write(struct scstcfg_sysfs *s, const char *path, const char *masked,
			bool eagain, int result)
{
	struct scstcfg_trace_event ev = {
		.path = path,
		.data = masked,
		.dry_run = s->dry_run,
		.eagain = eagain,
		.result = result,
	};

	if (s->trace)
		s->trace(s->trace_priv, &ev);
}

/*
 * After a write() that gave EAGAIN/EINTR: poll last_sysfs_mgmt_res until it
 * can be read (spec scst-sysfs.md §1.4, §4).  Return the command's result,
 * -ETIMEDOUT, or -EPROTO for a value that is no number.  @why receives the
 * reason text for the error message.
 */
static int poll_result(struct scstcfg_sysfs *s, const char **why)
{
	unsigned int delay = POLL_FIRST_MS;
	uint64_t start = now_ms();
	char *text, *end;
	long v;
	int r;

	for (;;) {
		s->cnt.polls++;
		r = rootfd(s);
		if (r >= 0)
			r = scstcfg_sysfs_read_raw(r, "last_sysfs_mgmt_res", &text, NULL, NULL);
		if (r == 0)
			break;
		if (r != -EAGAIN) {
			*why = "reading last_sysfs_mgmt_res after EAGAIN";
			return r;
		}
		if (!backoff(s, start, &delay)) {
			*why = "last_sysfs_mgmt_res still EAGAIN at the timeout";
			return -ETIMEDOUT;
		}
	}
	errno = 0;
	v = strtol(text, &end, 10);
	while (*end == '\n' || *end == ' ')
		end++;
	r = (errno || end == text || *end || v > 0 || v < -4095) ? -EPROTO : (int)v;
	free(text);
	*why = r == -EPROTO ? "unexpected last_sysfs_mgmt_res content" :
			      "result from last_sysfs_mgmt_res after EAGAIN";
	return r;
}

int scstcfg_sysfs_write(struct scstcfg_sysfs *s, const char *rel, const char *data, size_t len)
{
	struct tk_buf masked = TK_BUF_INIT;
	const char *why = NULL;
	bool eagain = false;
	const char *path;
	ssize_t n = -1;
	int fd, r;

	path = abspath(s, rel);
	if (!path || scstcfg_mask_secrets(rel, data, len, &masked) < 0 ||
	    tk_buf_reserve(&masked, 0) < 0) {
		tk_buf_free(&masked);
		return -ENOMEM;
	}
	if (len > SYSFS_PAGE) {
		r = -E2BIG;
		why = "longer than one sysfs page";
		goto out;
	}
	if (s->dry_run) {
		s->cnt.dry_writes++;
		trace_write(s, path, masked.data, false, 0);
		tk_buf_free(&masked);
		return 0;
	}
	fd = rootfd(s);
	if (fd >= 0)
		fd = openat(fd, relp(rel), O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		why = "open";
		goto out;
	}
	s->cnt.writes++;
	n = write(fd, data, len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		close(fd);
		s->cnt.eagains++;
		eagain = true;
		r = poll_result(s, &why);
		goto out;
	}
	if (n < 0) {
		r = -errno;
		close(fd);
		goto out;
	}
	r = close(fd) < 0 ? -errno : 0;
	if (r < 0)
		why = "close";
	else if ((size_t)n != len) {
		r = -EIO;
		why = "short write";
	}
out:
	if (r < 0) {
		/* abspath() buffer may have been reused: rebuild the path text. */
		path = abspath(s, rel);
		scstcfg_sysfs_set_error(s, r, "%s: writing \"%s\" failed%s%s%s", path,
					masked.data, why ? " (" : "", why ? why : "",
					why ? ")" : "");
		if (n >= 0 && (size_t)n != len)
			tk_buf_printf(&s->err, " [%zd of %zu bytes written]", n, len);
	}
	trace_write(s, path ? path : rel, masked.data, eagain, r);
	tk_buf_free(&masked);
	return r;
}

int scstcfg_sysfs_writes(struct scstcfg_sysfs *s, const char *rel, const char *data)
{
	return scstcfg_sysfs_write(s, rel, data, strlen(data));
}

/* ---- mgmt help ------------------------------------------------------------- */

static void free_list(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void scstcfg_mgmt_help_free(struct scstcfg_mgmt_help *h)
{
	if (!h)
		return;
	free_list(h->params, h->n_params);
	free_list(h->drv_attrs, h->n_drv_attrs);
	free_list(h->tgt_attrs, h->n_tgt_attrs);
	memset(h, 0, sizeof(*h));
}

/* Split "a, b, c[.]" (up to the end of the line) into @list. */
static int parse_list(const char *p, char ***list, size_t *n)
{
	const char *eol = strchrnul(p, '\n');

	while (p < eol) {
		const char *e;
		char **nl;

		while (p < eol && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		e = p;
		while (e < eol && *e != ',')
			e++;
		/* trim blanks and the final period */
		{
			const char *t = e;

			while (t > p && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '.' ||
					 t[-1] == '\r'))
				t--;
			if (t > p) {
				nl = realloc(*list, (*n + 1) * sizeof(**list));
				if (!nl)
					return -ENOMEM;
				*list = nl;
				nl[*n] = strndup(p, (size_t)(t - p));
				if (!nl[*n])
					return -ENOMEM;
				(*n)++;
			}
		}
		p = e;
	}
	return 0;
}

int scstcfg_mgmt_help_parse(const char *text, struct scstcfg_mgmt_help *out)
{
	static const char params[] = "The following parameters available:";
	static const char drv[] = "The following target driver attributes available:";
	static const char tgt[] = "The following target attributes available:";
	const char *line = text;
	int r = 0;

	memset(out, 0, sizeof(*out));
	while (*line && r == 0) {
		const char *next = strchrnul(line, '\n');

		while (*line == ' ' || *line == '\t')
			line++;
		if (!strncmp(line, params, sizeof(params) - 1))
			r = parse_list(line + sizeof(params) - 1, &out->params, &out->n_params);
		else if (!strncmp(line, drv, sizeof(drv) - 1))
			r = parse_list(line + sizeof(drv) - 1, &out->drv_attrs, &out->n_drv_attrs);
		else if (!strncmp(line, tgt, sizeof(tgt) - 1))
			r = parse_list(line + sizeof(tgt) - 1, &out->tgt_attrs, &out->n_tgt_attrs);
		line = *next ? next + 1 : next;
	}
	if (r < 0)
		scstcfg_mgmt_help_free(out);
	return r;
}

bool scstcfg_mgmt_help_has(char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(list[i], name))
			return true;
	return false;
}

int scstcfg_sysfs_read_mgmt_help(struct scstcfg_sysfs *s, const char *rel,
				 struct scstcfg_mgmt_help *out)
{
	char *text;
	int r;

	r = scstcfg_sysfs_read(s, rel, &text, NULL);
	if (r < 0)
		return r;
	r = scstcfg_mgmt_help_parse(text, out);
	free(text);
	return r;
}

int scstcfg_sysfs_can_create_targets(struct scstcfg_sysfs *s, const char *driver)
{
	struct scstcfg_sysfs_dirent e;
	struct tk_buf p = TK_BUF_INIT;
	int r;

	if (!scstcfg_path_join(&p, "targets/%s/mgmt", driver))
		return -ENOMEM;
	r = scstcfg_sysfs_stat(s, p.data, &e);
	tk_buf_free(&p);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	return e.type == SCSTCFG_SYSFS_FILE && e.writable;
}
