// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fs.c - FUSE operations of scstfs (libfuse3 low-level API).
 *
 * An inode number is the node's address (the root is FUSE_ROOT_ID), so
 * no request needs a path: the kernel walks paths itself, and caches
 * entries and attributes.  What is copied from kernfs (spec
 * scst-sysfs.md §1.2):
 *   - open() checks the mode bits even for root: EACCES;
 *   - show() runs once per open, reads come from that snapshot, and a
 *     show() error makes read() fail while open() succeeded;
 *   - every attribute reports size 4096 (direct_io, so sizes are moot);
 *   - one write() is one store() of at most 4096 bytes (work.c);
 *   - O_TRUNC and truncate() are accepted and ignored;
 *   - mkdir/rmdir/unlink/rename/symlink/mknod/chmod/chown: EPERM,
 *     create: EACCES (no ->create on kernfs directories).
 *
 * Kernel cache.  Entries and attributes are cached for SFS_CACHE_TIMEOUT
 * seconds (negative entries not at all, so a new node is seen at once),
 * symlink texts (never rewritten: a node's text is fixed at creation) and
 * directory listings (cache_readdir) until invalidated.  A node the kernel
 * knows (lookup count > 0) that is removed, or whose mode changes, queues
 * an invalidation (sfs_fs_entry_gone(), sfs_fs_attr_changed()); a child
 * created in or removed from a known directory queues the invalidation of
 * the directory's cached listing (sfs_fs_dir_changed()).  The queue is delivered with the lock released
 * (the kernel may need another request answered before it can take the
 * directory lock an invalidation needs) but before the request that
 * caused it is answered, so a write() that deletes devices/x returns only
 * once x is gone from the kernel's cache.  While a delivery is under way,
 * sfs_lock() waits for it, so no request sees the new model beside a
 * stale cache.  lookup, readdir and setattr never wait nor deliver: the
 * kernel holds a directory lock during them that a delivery may need.
 *
 * With -s (one thread) nothing may wait for the kernel while a request is
 * open, so the cache is off (timeouts 0, no invalidations), as before.
 */
#define FUSE_USE_VERSION 312

#include <errno.h>
#include <fcntl.h>
#include <fuse_lowlevel.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sfs-internal.h"

/* Lifetime of cached entries and attributes: everything is invalidated on change. */
#define SFS_CACHE_TIMEOUT 3600.0
/* Worker threads of the multi-threaded loop, at least (spawned on demand). */
#define SFS_MIN_THREADS 64

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t big_cond;
static struct timespec start_time;
static struct fuse_session *session;
static bool caching;
static double cache_timeout;

/* What a queued invalidation drops from the kernel's cache. */
enum inval_kind {
	INV_ENTRY,	/* the entry @name of the directory @node */
	INV_ATTR,	/* @node's attributes */
	INV_DIR,	/* @node's attributes and cached listing */
};

/*
 * struct inval - a queued kernel-cache invalidation.
 * @node: the parent directory (INV_ENTRY) or the node itself; referenced
 * @kind: what is invalidated
 * @name: INV_ENTRY: the entry; INV_DIR: a name to invalidate first as a
 *        barrier, or "" when an INV_ENTRY of @node precedes in the queue
 *
 * The barrier: the kernel fills a listing cache during getdents() with
 * @node's lock held (shared), and an entry invalidation takes that lock,
 * so once it returns no reply snapshotted before the change can still
 * be written into the cache; the listing is dropped after it.
 */
struct inval {
	struct inval *next;
	struct sfs_node *node;
	enum inval_kind kind;
	char name[];
};

static struct inval *inv_head, **inv_tail = &inv_head;
static unsigned int inv_busy;	/* deliveries under way */

/*
 * struct handle - an open file or directory.
 * @node:  referenced node
 * @text:  the show() snapshot (files opened for reading)
 * @err:   show() error, returned by read()
 * @kids:  directories: the entries at the last readdir from offset 0 (or
 *         the first readdir), referenced, in sfs_node_seq() order
 * @nkids: count
 * @snapped: @kids was taken
 */
struct handle {
	struct sfs_node *node;
	struct tk_buf text;
	int err;
	struct sfs_node **kids;
	size_t nkids;
	bool snapped;
};

/* ---- lock and kernel-cache invalidation ---------------------------------- */

static fuse_ino_t node_ino(const struct sfs_node *n)
{
	return n == sfs_root() ? FUSE_ROOT_ID : (fuse_ino_t)(uintptr_t)n;
}

static struct sfs_node *ino_node(fuse_ino_t ino)
{
	return ino == FUSE_ROOT_ID ? sfs_root() : (struct sfs_node *)(uintptr_t)ino;
}

static void inval_queue(struct sfs_node *n, enum inval_kind kind, const char *name)
{
	size_t len = name ? strlen(name) : 0;
	struct inval *i;

	if (!caching)
		return;
	if (kind == INV_DIR) {
		/* one per directory and batch: it is delivered after every change */
		for (i = inv_head; i; i = i->next)
			if (i->kind == INV_DIR && i->node == n)
				return;
	}
	i = calloc(1, sizeof(*i) + len + 1);
	if (!i)
		return;	/* only the cache timeout bounds the staleness then */
	memcpy(i->name, name ? name : "", len + 1);
	i->kind = kind;
	i->node = n;
	sfs_node_get(n);
	*inv_tail = i;
	inv_tail = &i->next;
}

void sfs_fs_entry_gone(struct sfs_node *parent, const char *name)
{
	inval_queue(parent, INV_ENTRY, name);
}

void sfs_fs_attr_changed(struct sfs_node *n)
{
	inval_queue(n, INV_ATTR, NULL);
}

void sfs_fs_dir_changed(struct sfs_node *dir, const char *barrier)
{
	inval_queue(dir, INV_DIR, barrier);
}

/* Tell the kernel what is queued; lock held on entry and return, released meanwhile. */
static void inval_deliver(void)
{
	while (inv_head) {
		struct inval *list = inv_head, *i, *next;

		inv_head = NULL;
		inv_tail = &inv_head;
		inv_busy++;
		pthread_mutex_unlock(&big_lock);
		/* -ENOENT: the kernel forgot it meanwhile, nothing to do */
		for (i = list; i; i = i->next) {
			fuse_ino_t ino = node_ino(i->node);

			if (i->kind != INV_ATTR && i->name[0])
				fuse_lowlevel_notify_inval_entry(session, ino, i->name,
								 strlen(i->name));
			if (i->kind != INV_ENTRY)
				fuse_lowlevel_notify_inval_inode(session, ino,
								 i->kind == INV_DIR ? 0 : -1, 0);
		}
		pthread_mutex_lock(&big_lock);
		for (i = list; i; i = next) {
			next = i->next;
			sfs_node_put(i->node);
			free(i);
		}
		inv_busy--;
		pthread_cond_broadcast(&big_cond);
	}
}

/**
 * sfs_lock() - take the global model lock, complete due work, and wait
 * until the kernel knows every change (sfs-internal.h).
 */
void sfs_lock(void)
{
	pthread_mutex_lock(&big_lock);
	for (;;) {
		sfs_work_poll();
		if (inv_head)
			inval_deliver();
		else if (inv_busy)
			pthread_cond_wait(&big_cond, &big_lock);
		else
			break;
	}
}

/**
 * sfs_unlock() - deliver queued invalidations, release the lock.
 */
void sfs_unlock(void)
{
	inval_deliver();
	pthread_mutex_unlock(&big_lock);
}

/* The bare mutex, for requests during which the kernel holds a directory lock. */
static void lock_bare(void)
{
	pthread_mutex_lock(&big_lock);
}

static void unlock_bare(void)
{
	pthread_mutex_unlock(&big_lock);
}

/**
 * sfs_wait() - wait for sfs_wake() or the CLOCK_MONOTONIC deadline
 * @until_ms (< 0: none); lock held, released while waiting.
 * @until_ms: deadline
 */
void sfs_wait(int64_t until_ms)
{
	struct timespec ts;

	if (until_ms < 0) {
		pthread_cond_wait(&big_cond, &big_lock);
		return;
	}
	ts.tv_sec = until_ms / 1000;
	ts.tv_nsec = (until_ms % 1000) * 1000000;
	pthread_cond_timedwait(&big_cond, &big_lock, &ts);
}

/**
 * sfs_wake() - wake every sfs_wait()er.
 */
void sfs_wake(void)
{
	pthread_cond_broadcast(&big_cond);
}

/**
 * sfs_thread_start() - start a detached thread.
 * @fn: its function (argument NULL)
 *
 * Return: 0 or -errno of pthread_create().
 */
int sfs_thread_start(void *(*fn)(void *))
{
	pthread_t t;
	int ret;

	ret = pthread_create(&t, NULL, fn, NULL);
	if (ret)
		return -ret;
	pthread_detach(t);
	return 0;
}

/* ---- helpers --------------------------------------------------------------- */

static void fill_stat(const struct sfs_node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = node_ino(n);
	switch (sfs_node_type(n)) {
	case SFS_DIR:
		st->st_mode = S_IFDIR | sfs_node_mode(n);
		st->st_nlink = 2;
		st->st_size = 0;
		break;
	case SFS_FILE:
		st->st_mode = S_IFREG | sfs_node_mode(n);
		st->st_nlink = 1;
		st->st_size = 4096;
		break;
	case SFS_LINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_nlink = 1;
		st->st_size = strlen(sfs_node_link_text(n));
		break;
	}
	st->st_blksize = 4096;
	st->st_atim = st->st_mtim = st->st_ctim = start_time;
}

/* The entry reply for @n; counts a kernel lookup.  Lock held. */
static void fill_entry(struct sfs_node *n, struct fuse_entry_param *e)
{
	memset(e, 0, sizeof(*e));
	sfs_node_lookup(n);
	e->ino = node_ino(n);
	e->attr_timeout = cache_timeout;
	e->entry_timeout = cache_timeout;
	fill_stat(n, &e->attr);
}

static struct handle *fh_handle(const struct fuse_file_info *fi)
{
	return (struct handle *)(uintptr_t)fi->fh;
}

static struct handle *handle_new(struct sfs_node *n)
{
	struct handle *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	sfs_node_get(n);
	h->node = n;
	return h;
}

static void handle_kids_put(struct handle *h)
{
	size_t i;

	for (i = 0; i < h->nkids; i++)
		sfs_node_put(h->kids[i]);
	free(h->kids);
	h->kids = NULL;
	h->nkids = 0;
}

/* Lock held. */
static void handle_free(struct handle *h)
{
	if (!h)
		return;
	handle_kids_put(h);
	sfs_node_put(h->node);
	tk_buf_free(&h->text);
	free(h);
}

/* Answer an open/opendir; a reply the kernel no longer waits for is undone. */
static void reply_open(fuse_req_t req, struct fuse_file_info *fi)
{
	if (fuse_reply_open(req, fi) == -ENOENT) {
		lock_bare();
		handle_free(fh_handle(fi));
		unlock_bare();
	}
}

/* ---- operations ------------------------------------------------------------ */

static void sfs_init(void *userdata, struct fuse_conn_info *conn)
{
	/* readdirplus fills the entry cache; without the cache it is waste */
	if (!caching)
		conn->want &= ~(FUSE_CAP_READDIRPLUS | FUSE_CAP_READDIRPLUS_AUTO);
	/* link texts never change in place: the kernel may keep them (page cache) */
	else if (conn->capable & FUSE_CAP_CACHE_SYMLINKS)
		conn->want |= FUSE_CAP_CACHE_SYMLINKS;
	sfs_ctl_start();
	sfs_work_start();
}

static void sfs_lookup_op(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	struct sfs_node *c;

	lock_bare();
	c = sfs_child(ino_node(parent), name);
	if (c)
		fill_entry(c, &e);
	unlock_bare();
	if (c)
		fuse_reply_entry(req, &e);
	else
		fuse_reply_err(req, ENOENT);
}

static void sfs_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	lock_bare();
	sfs_node_forget(ino_node(ino), nlookup);
	unlock_bare();
	fuse_reply_none(req);
}

static void sfs_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	size_t i;

	lock_bare();
	for (i = 0; i < count; i++)
		sfs_node_forget(ino_node(forgets[i].ino), forgets[i].nlookup);
	unlock_bare();
	fuse_reply_none(req);
}

/*
 * The node whose attributes @ino asks for: by an open handle (fstat) it
 * works even for a removed node, by inode a removed node is ENOENT.  Lock
 * held.  Return: the node, or NULL.
 */
static struct sfs_node *attr_node(fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct sfs_node *n = fi ? fh_handle(fi)->node : ino_node(ino);

	return !fi && sfs_node_removed(n) ? NULL : n;
}

static void reply_attr(fuse_req_t req, int err, const struct stat *st)
{
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_attr(req, st, cache_timeout);
}

static void sfs_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct sfs_node *n;
	struct stat st;
	int err = 0;

	sfs_lock();
	n = attr_node(ino, fi);
	if (n)
		fill_stat(n, &st);
	else
		err = ENOENT;
	sfs_unlock();
	reply_attr(req, err, &st);
}

/* chmod/chown: EPERM; truncate: ignored (sysfs, "echo x > attr"); utimes: ignored. */
static void sfs_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
			struct fuse_file_info *fi)
{
	struct sfs_node *n;
	struct stat st;
	int err = 0;

	if (to_set & (FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) {
		fuse_reply_err(req, EPERM);
		return;
	}
	lock_bare();
	n = attr_node(ino, fi);
	if (!n)
		err = ENOENT;
	else if ((to_set & FUSE_SET_ATTR_SIZE) && sfs_node_type(n) == SFS_DIR)
		err = EISDIR;
	else
		fill_stat(n, &st);
	unlock_bare();
	reply_attr(req, err, &st);
}

static void sfs_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct sfs_node *n;
	char *text = NULL;
	int err = 0;

	sfs_lock();
	n = ino_node(ino);
	if (sfs_node_removed(n))
		err = ENOENT;
	else if (sfs_node_type(n) != SFS_LINK)
		err = EINVAL;
	else if (!(text = strdup(sfs_node_link_text(n))))
		err = ENOMEM;
	sfs_unlock();
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_readlink(req, text);
	free(text);
}

static void sfs_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	int acc = fi->flags & O_ACCMODE;
	const struct sfs_attr *attr;
	struct handle *h = NULL;
	struct sfs_node *n;
	mode_t mode;
	int err = 0;

	sfs_lock();
	n = ino_node(ino);
	if (sfs_node_removed(n)) {
		err = ENOENT;
		goto out;
	}
	if (sfs_node_type(n) == SFS_DIR && acc != O_RDONLY) {
		err = EISDIR;
		goto out;
	}
	mode = sfs_node_mode(n);
	/* kernfs: no CAP_DAC_OVERRIDE, the bits decide (spec §1.2). */
	if ((acc != O_WRONLY && !(mode & 0444)) || (acc != O_RDONLY && !(mode & 0222))) {
		err = EACCES;
		goto out;
	}
	h = handle_new(n);
	if (!h) {
		err = ENOMEM;
		goto out;
	}
	attr = sfs_node_attr(n);
	if (acc != O_WRONLY && sfs_node_type(n) == SFS_FILE) {
		sfs_count_read(n);
		if (attr && attr->show)
			h->err = attr->show(n, &h->text);
		if (h->err > 0)
			h->err = 0;
	}
out:
	sfs_unlock();
	if (err) {
		fuse_reply_err(req, err);
		return;
	}
	fi->fh = (uintptr_t)h;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->nonseekable = 0;
	reply_open(req, fi);
}

static void sfs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	struct handle *h = fh_handle(fi);
	size_t len;

	/* The snapshot belongs to the handle: no model access, no lock. */
	if (h->err) {
		fuse_reply_err(req, -h->err);
		return;
	}
	if (off < 0 || (size_t)off >= h->text.len) {
		fuse_reply_buf(req, NULL, 0);
		return;
	}
	len = h->text.len - off;
	if (len > size)
		len = size;
	fuse_reply_buf(req, h->text.data + off, len);
}

static void sfs_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	ssize_t ret;

	sfs_lock();
	ret = sfs_work_write(fh_handle(fi)->node, buf, size);
	sfs_unlock();	/* the kernel knows what the store() removed */
	if (ret < 0)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_write(req, ret);
}

static void sfs_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	lock_bare();
	handle_free(fh_handle(fi));
	unlock_bare();
	fuse_reply_err(req, 0);
}

static void sfs_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct sfs_node *n;
	struct handle *h;
	int err = 0;

	sfs_lock();
	n = ino_node(ino);
	if (sfs_node_removed(n))
		err = ENOENT;
	else if (sfs_node_type(n) != SFS_DIR)
		err = ENOTDIR;
	else if (!(h = handle_new(n)))
		err = ENOMEM;
	else
		fi->fh = (uintptr_t)h;
	sfs_unlock();
	/* the listing stays cached across opens until sfs_fs_dir_changed() */
	fi->cache_readdir = caching;
	fi->keep_cache = caching;
	if (err)
		fuse_reply_err(req, err);
	else
		reply_open(req, fi);
}

/* Take the directory's entries for readdir (at offset 0: rewinddir refreshes). */
static int dir_snapshot(struct handle *h)
{
	struct sfs_node *c;
	size_t n = 0;

	handle_kids_put(h);
	h->snapped = true;
	if (sfs_node_removed(h->node))
		return 0;
	for (c = sfs_first_child(h->node); c; c = sfs_next_sibling(c))
		n++;
	if (!n)
		return 0;
	h->kids = calloc(n, sizeof(*h->kids));
	if (!h->kids)
		return -ENOMEM;
	for (c = sfs_first_child(h->node); c; c = sfs_next_sibling(c)) {
		sfs_node_get(c);
		h->kids[h->nkids++] = c;
	}
	return 0;
}

/*
 * One entry of a readdir(plus) reply at @buf (@size bytes left): the child
 * @n, or for "." and ".." (@n NULL) the directory @self.  Return: its
 * size; more than @size when it did not fit (nothing written then).
 */
static size_t dir_entry(fuse_req_t req, char *buf, size_t size, const char *name,
			struct sfs_node *n, struct sfs_node *self, off_t next, bool plus)
{
	struct fuse_entry_param e;
	size_t len;

	memset(&e, 0, sizeof(e));
	fill_stat(n ? n : self, &e.attr);
	if (!plus)
		return fuse_add_direntry(req, buf, size, name, &e.attr, next);
	len = fuse_add_direntry_plus(req, NULL, 0, name, NULL, 0);
	/* a readdirplus entry is a lookup; "." and ".." (e.ino 0) are none */
	if (len <= size && n)
		fill_entry(n, &e);
	return fuse_add_direntry_plus(req, buf, size, name, &e, next);
}

/* The first snapshot index whose entry comes after offset @off (binary search). */
static size_t kid_after(const struct handle *h, off_t off)
{
	size_t lo = 0, hi = h->nkids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((off_t)sfs_node_seq(h->kids[mid]) + 2 > off)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * readdir and readdirplus.  Offsets are stable, not snapshot indexes:
 * "." ends at 1, ".." at 2, a child at its sfs_node_seq() + 2, so any
 * handle can resume any offset.  That matters with the listing cache: the
 * kernel serves a listing from its cache with the offsets of the handle
 * that filled it, and when it finds a page gone (an invalidation, or
 * memory pressure) it asks this handle to go on from such an offset
 * without having asked for offset 0 first.  The snapshot is taken at
 * offset 0 (rewinddir refreshes it) or at a handle's first request; a
 * child removed since then is left out: its name must not come back into
 * the kernel's cache.
 */
static void dir_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		     struct fuse_file_info *fi, bool plus)
{
	struct handle *h = fh_handle(fi);
	size_t used = 0, len, k;
	char *buf;
	int err = 0;

	buf = malloc(size);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	lock_bare();
	if (off <= 0 || !h->snapped)
		err = dir_snapshot(h);
	for (; !err && off < 2; off++) {
		struct sfs_node *parent = sfs_node_parent(h->node);

		len = dir_entry(req, buf + used, size - used, off ? ".." : ".", NULL,
				off && parent ? parent : h->node, off + 1, plus);
		if (len > size - used)
			break;
		used += len;
	}
	for (k = err || off < 2 ? h->nkids : kid_after(h, off); k < h->nkids; k++) {
		struct sfs_node *c = h->kids[k];

		if (sfs_node_removed(c))
			continue;
		len = dir_entry(req, buf + used, size - used, sfs_node_name(c), c, NULL,
				(off_t)sfs_node_seq(c) + 2, plus);
		if (len > size - used)
			break;
		used += len;
	}
	unlock_bare();
	if (err)
		fuse_reply_err(req, -err);
	else
		fuse_reply_buf(req, buf, used);
	free(buf);
}

static void sfs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			struct fuse_file_info *fi)
{
	dir_read(req, ino, size, off, fi, false);
}

static void sfs_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			    struct fuse_file_info *fi)
{
	dir_read(req, ino, size, off, fi, true);
}

static void sfs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	sfs_release(req, ino, fi);
}

static void sfs_mknod_op(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
			 dev_t rdev)
{
	fuse_reply_err(req, EPERM);
}

static void sfs_mkdir_op(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	fuse_reply_err(req, EPERM);
}

static void sfs_unlink_op(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	fuse_reply_err(req, EPERM);
}

static void sfs_symlink_op(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name)
{
	fuse_reply_err(req, EPERM);
}

static void sfs_rename_op(fuse_req_t req, fuse_ino_t parent, const char *name,
			  fuse_ino_t newparent, const char *newname, unsigned int flags)
{
	fuse_reply_err(req, EPERM);
}

static void sfs_link_op(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname)
{
	fuse_reply_err(req, EPERM);
}

static void sfs_create_op(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
			  struct fuse_file_info *fi)
{
	/* kernfs directories have no ->create: lookup_open() gives EACCES. */
	fuse_reply_err(req, EACCES);
}

static const struct fuse_lowlevel_ops sfs_ops = {
	.init = sfs_init,
	.lookup = sfs_lookup_op,
	.forget = sfs_forget,
	.forget_multi = sfs_forget_multi,
	.getattr = sfs_getattr,
	.setattr = sfs_setattr,
	.readlink = sfs_readlink,
	.mknod = sfs_mknod_op,
	.mkdir = sfs_mkdir_op,
	.unlink = sfs_unlink_op,
	.rmdir = sfs_unlink_op,
	.symlink = sfs_symlink_op,
	.rename = sfs_rename_op,
	.link = sfs_link_op,
	.open = sfs_open,
	.read = sfs_read,
	.write = sfs_write,
	.release = sfs_release,
	.opendir = sfs_opendir,
	.readdir = sfs_readdir,
	.readdirplus = sfs_readdirplus,
	.releasedir = sfs_releasedir,
	.create = sfs_create_op,
};

/* ---- mount and loop -------------------------------------------------------- */

static int cond_init(void)
{
	pthread_condattr_t ca;
	int ret;

	ret = pthread_condattr_init(&ca);
	if (!ret)
		ret = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if (!ret)
		ret = pthread_cond_init(&big_cond, &ca);
	pthread_condattr_destroy(&ca);
	return -ret;
}

static int run_loop(const struct fuse_cmdline_opts *co)
{
	struct fuse_loop_config *cfg;
	int ret;

	if (co->singlethread)
		return fuse_session_loop(session);
	cfg = fuse_loop_cfg_create();
	if (!cfg)
		return -ENOMEM;
	fuse_loop_cfg_set_clone_fd(cfg, co->clone_fd);
	/* default: idle threads are kept (no thread churn); only set a real value */
	if (co->max_idle_threads != UINT_MAX)
		fuse_loop_cfg_set_idle_threads(cfg, co->max_idle_threads);
	fuse_loop_cfg_set_max_threads(cfg, co->max_threads > SFS_MIN_THREADS ?
					   co->max_threads : SFS_MIN_THREADS);
	ret = fuse_session_loop_mt(session, cfg);
	fuse_loop_cfg_destroy(cfg);
	return ret;
}

/**
 * sfs_fuse_run() - mount, daemonise (unless -f), serve until unmounted or
 * signalled, unmount.
 * @argc: argument count
 * @argv: libfuse arguments
 *
 * Return: the process exit status: 0, 1, or 2 for bad arguments.
 */
int sfs_fuse_run(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct fuse_cmdline_opts co;
	int ret = 1;

	clock_gettime(CLOCK_REALTIME, &start_time);
	if (fuse_parse_cmdline(&args, &co))
		return 2;
	if (!co.mountpoint) {
		fprintf(stderr, "scstfs: no mount point (see --help)\n");
		ret = 2;
		goto out_args;
	}
	caching = !co.singlethread;
	cache_timeout = caching ? SFS_CACHE_TIMEOUT : 0;
	if (cond_init())
		goto out_args;
	session = fuse_session_new(&args, &sfs_ops, sizeof(sfs_ops), NULL);
	if (!session)
		goto out_args;
	if (fuse_session_mount(session, co.mountpoint))
		goto out_destroy;
	if (fuse_daemonize(co.foreground))
		goto out_unmount;
	if (fuse_set_signal_handlers(session))
		goto out_unmount;
	ret = run_loop(&co) ? 1 : 0;
	fuse_remove_signal_handlers(session);
out_unmount:
	fuse_session_unmount(session);
out_destroy:
	fuse_session_destroy(session);
out_args:
	free(co.mountpoint);
	fuse_opt_free_args(&args);
	return ret;
}

/**
 * sfs_fuse_version() - libfuse's version.
 *
 * Return: static string.
 */
const char *sfs_fuse_version(void)
{
	return fuse_pkgversion();
}
