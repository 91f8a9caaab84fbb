// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fs.c - FUSE operations of scstfs (libfuse3 high-level path API).
 *
 * FUSE runs multi-threaded; every operation takes the one global lock
 * around model access (sfs-internal.h).  What is copied from kernfs
 * (spec scst-sysfs.md §1.2):
 *   - open() checks the mode bits even for root: EACCES;
 *   - show() runs once per open, reads come from that snapshot, and a
 *     show() error makes read() fail while open() succeeded;
 *   - every attribute reports size 4096 (direct_io, so sizes are moot);
 *   - one write() is one store() of at most 4096 bytes (work.c);
 *   - O_TRUNC and truncate() are accepted and ignored;
 *   - mkdir/rmdir/unlink/rename/symlink/mknod/chmod/chown: EPERM,
 *     create: EACCES (no ->create on kernfs directories).
 */
#define FUSE_USE_VERSION 31

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sfs-internal.h"

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec start_time;

/**
 * sfs_lock() - take the global model lock.
 *
 * Every FUSE operation and control command runs under it (sfs-internal.h).
 */
void sfs_lock(void)
{
	pthread_mutex_lock(&big_lock);
}

/**
 * sfs_unlock() - release the global model lock.
 */
void sfs_unlock(void)
{
	pthread_mutex_unlock(&big_lock);
}

/*
 * struct handle - an open file or directory.
 * @node:  referenced node
 * @path:  its path relative to the root at open time (counters)
 * @text:  the show() snapshot (files opened for reading)
 * @err:   show() error, returned by read()
 */
struct handle {
	struct sfs_node *node;
	char *path;
	struct tk_buf text;
	int err;
};

/* Resolve a FUSE path ("/a/b") without following links.  Lock held. */
static struct sfs_node *resolve(const char *path)
{
	while (*path == '/')
		path++;
	return sfs_lookup(path);
}

static void fill_stat(struct sfs_node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
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

static void *sfs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->direct_io = 1;
	cfg->kernel_cache = 0;
	cfg->entry_timeout = 0;
	cfg->attr_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->use_ino = 0;
	cfg->nullpath_ok = 1;
	cfg->hard_remove = 1;
	sfs_ctl_start();
	return NULL;
}

static int sfs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct sfs_node *n;
	int ret = 0;

	sfs_lock();
	sfs_work_poll();
	if (fi && fi->fh)
		n = ((struct handle *)(uintptr_t)fi->fh)->node;
	else
		n = path ? resolve(path) : NULL;
	if (n)
		fill_stat(n, st);
	else
		ret = -ENOENT;
	sfs_unlock();
	return ret;
}

static int sfs_readlink(const char *path, char *buf, size_t size)
{
	struct sfs_node *n;
	int ret = 0;

	sfs_lock();
	sfs_work_poll();
	n = resolve(path);
	if (!n)
		ret = -ENOENT;
	else if (sfs_node_type(n) != SFS_LINK)
		ret = -EINVAL;
	else if (size)
		snprintf(buf, size, "%s", sfs_node_link_text(n));
	sfs_unlock();
	return ret;
}

static struct handle *handle_new(struct sfs_node *n)
{
	struct handle *h = calloc(1, sizeof(*h));
	struct tk_buf p = TK_BUF_INIT;

	if (!h)
		return NULL;
	if (sfs_node_path(n, &p) || !(h->path = tk_buf_steal(&p))) {
		tk_buf_free(&p);
		free(h);
		return NULL;
	}
	if (!h->path[0]) {
		free(h->path);
		h->path = strdup(".");
		if (!h->path) {
			free(h);
			return NULL;
		}
	}
	sfs_node_get(n);
	h->node = n;
	return h;
}

static void handle_free(struct handle *h)
{
	if (!h)
		return;
	sfs_node_put(h->node);
	tk_buf_free(&h->text);
	free(h->path);
	free(h);
}

static int sfs_open(const char *path, struct fuse_file_info *fi)
{
	int acc = fi->flags & O_ACCMODE;
	const struct sfs_attr *attr;
	struct sfs_node *n;
	struct handle *h;
	mode_t mode;
	int ret = 0;

	sfs_lock();
	sfs_work_poll();
	n = resolve(path);
	if (!n) {
		ret = -ENOENT;
		goto out;
	}
	if (sfs_node_type(n) == SFS_DIR) {
		ret = acc == O_RDONLY ? 0 : -EISDIR;
		if (ret)
			goto out;
	}
	mode = sfs_node_mode(n);
	/* kernfs: no CAP_DAC_OVERRIDE, the bits decide (spec §1.2). */
	if ((acc != O_WRONLY && !(mode & 0444)) || (acc != O_RDONLY && !(mode & 0222))) {
		ret = -EACCES;
		goto out;
	}
	h = handle_new(n);
	if (!h) {
		ret = -ENOMEM;
		goto out;
	}
	attr = sfs_node_attr(n);
	if (acc != O_WRONLY && sfs_node_type(n) == SFS_FILE) {
		sfs_count_read(h->path);
		if (attr && attr->show)
			h->err = attr->show(n, &h->text);
		if (h->err > 0)
			h->err = 0;
	}
	fi->fh = (uintptr_t)h;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->nonseekable = 0;
out:
	sfs_unlock();
	return ret;
}

static int sfs_read(const char *path, char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	size_t len;

	/* The snapshot belongs to the handle: no model access, no lock. */
	if (h->err)
		return h->err;
	if (off < 0 || (size_t)off >= h->text.len)
		return 0;
	len = h->text.len - off;
	if (len > size)
		len = size;
	memcpy(buf, h->text.data + off, len);
	return len;
}

static int sfs_write(const char *path, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	ssize_t ret;

	sfs_lock();
	sfs_work_poll();
	ret = sfs_work_write(h->node, h->path, buf, size);
	sfs_unlock();
	return ret;
}

static int sfs_release(const char *path, struct fuse_file_info *fi)
{
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;

	sfs_lock();
	handle_free(h);
	sfs_unlock();
	return 0;
}

static int sfs_opendir(const char *path, struct fuse_file_info *fi)
{
	struct sfs_node *n;
	struct handle *h;
	int ret = 0;

	sfs_lock();
	sfs_work_poll();
	n = resolve(path);
	if (!n)
		ret = -ENOENT;
	else if (sfs_node_type(n) != SFS_DIR)
		ret = -ENOTDIR;
	else if (!(h = handle_new(n)))
		ret = -ENOMEM;
	else
		fi->fh = (uintptr_t)h;
	sfs_unlock();
	return ret;
}

static int sfs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off,
		       struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	struct sfs_node *c;
	struct stat st;

	sfs_lock();
	sfs_work_poll();
	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFDIR;
	filler(buf, ".", &st, 0, 0);
	filler(buf, "..", &st, 0, 0);
	if (!sfs_node_removed(h->node)) {
		for (c = sfs_first_child(h->node); c; c = sfs_next_sibling(c)) {
			fill_stat(c, &st);
			if (filler(buf, sfs_node_name(c), &st, 0, 0))
				break;
		}
	}
	sfs_unlock();
	return 0;
}

static int sfs_releasedir(const char *path, struct fuse_file_info *fi)
{
	return sfs_release(path, fi);
}

static int sfs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct sfs_node *n;
	int ret = 0;

	/* sysfs accepts and ignores truncation ("echo x > attr"). */
	sfs_lock();
	n = fi && fi->fh ? ((struct handle *)(uintptr_t)fi->fh)->node : resolve(path);
	if (!n)
		ret = -ENOENT;
	else if (sfs_node_type(n) == SFS_DIR)
		ret = -EISDIR;
	sfs_unlock();
	return ret;
}

static int sfs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi)
{
	return 0;
}

static int sfs_eperm(void)
{
	return -EPERM;
}

static int sfs_mkdir_op(const char *path, mode_t mode)
{
	return sfs_eperm();
}

static int sfs_unlink_op(const char *path)
{
	return sfs_eperm();
}

static int sfs_symlink_op(const char *from, const char *to)
{
	return sfs_eperm();
}

static int sfs_rename_op(const char *from, const char *to, unsigned int flags)
{
	return sfs_eperm();
}

static int sfs_link_op(const char *from, const char *to)
{
	return sfs_eperm();
}

static int sfs_chmod_op(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	return sfs_eperm();
}

static int sfs_chown_op(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi)
{
	return sfs_eperm();
}

static int sfs_mknod_op(const char *path, mode_t mode, dev_t dev)
{
	return sfs_eperm();
}

static int sfs_create_op(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	/* kernfs directories have no ->create: lookup_open() gives EACCES. */
	return -EACCES;
}

static const struct fuse_operations sfs_ops = {
	.init = sfs_init,
	.getattr = sfs_getattr,
	.readlink = sfs_readlink,
	.mknod = sfs_mknod_op,
	.mkdir = sfs_mkdir_op,
	.unlink = sfs_unlink_op,
	.rmdir = sfs_unlink_op,
	.symlink = sfs_symlink_op,
	.rename = sfs_rename_op,
	.link = sfs_link_op,
	.chmod = sfs_chmod_op,
	.chown = sfs_chown_op,
	.truncate = sfs_truncate,
	.open = sfs_open,
	.read = sfs_read,
	.write = sfs_write,
	.release = sfs_release,
	.opendir = sfs_opendir,
	.readdir = sfs_readdir,
	.releasedir = sfs_releasedir,
	.create = sfs_create_op,
	.utimens = sfs_utimens,
};

/**
 * sfs_fuse_ops_get() - the FUSE operation table of scstfs.
 *
 * Also records the mount time used for every node's timestamps.
 *
 * Return: a static table, valid for the whole run.
 */
const struct fuse_operations *sfs_fuse_ops_get(void)
{
	clock_gettime(CLOCK_REALTIME, &start_time);
	return &sfs_ops;
}
