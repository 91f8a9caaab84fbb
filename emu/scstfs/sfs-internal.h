/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sfs-internal.h - engine-private interfaces between node.c, fs.c,
 * work.c, ctl.c and main.c.  Kernel modules use sfs.h and scstfs.h only.
 *
 * Locking: sfs_lock() is the one global mutex of the emulator.  Every
 * FUSE callback and every control command holds it while it touches the
 * model; waits (the "slow" knob, the work timer) release it.
 *
 * Kernel cache: the kernel keeps directory entries, attributes, symlink
 * texts and directory listings (fs.c).  A change that would make them
 * stale (a node created or removed, a mode changed) queues an
 * invalidation under the lock; sfs_unlock() delivers
 * the queue before it returns, so a write() that removes a node returns
 * only after the kernel has forgotten it.
 *
 * Errors: int returns are >= 0 on success, -errno on failure.
 */
#ifndef SCSTFS_SFS_INTERNAL_H
#define SCSTFS_SFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sfs.h"

/** enum sfs_type - what a node is. */
enum sfs_type {
	SFS_DIR,
	SFS_FILE,
	SFS_LINK,
};

/* ---- lock (fs.c) ----------------------------------------------------------- */

/**
 * sfs_lock() - take the global model lock.
 *
 * Also completes the sysfs work that is due (sfs_work_poll()) and waits
 * until the kernel has been told of every change made so far, so what
 * the caller then sees never contradicts the kernel's cache.  Not for
 * FUSE requests during which the kernel holds a directory lock (lookup,
 * readdir, setattr): fs.c takes the bare mutex there.
 */
void sfs_lock(void);

/**
 * sfs_unlock() - deliver the queued kernel-cache invalidations, then
 * release the lock.
 */
void sfs_unlock(void);

/**
 * sfs_wait() - wait for sfs_wake() or a deadline, lock held (it is
 * released while waiting, as by pthread_cond_timedwait()).
 * @until_ms: CLOCK_MONOTONIC deadline in ms, or < 0 for none
 */
void sfs_wait(int64_t until_ms);

/** sfs_wake() - wake every sfs_wait()er (work queued or completed). */
void sfs_wake(void);

/**
 * sfs_thread_start() - start a detached thread running @fn(NULL).
 * @fn: thread function
 *
 * Return: 0 or -errno of pthread_create().
 */
int sfs_thread_start(void *(*fn)(void *));

/**
 * sfs_fs_entry_gone() - the entry @name of @parent, known to the kernel,
 * is being removed: queue its invalidation (node.c calls it, lock held).
 * @parent: directory node (referenced until delivery)
 * @name:   entry name (copied)
 */
void sfs_fs_entry_gone(struct sfs_node *parent, const char *name);

/**
 * sfs_fs_attr_changed() - the attributes of @n, known to the kernel,
 * changed: queue the invalidation of its cached attributes.
 * @n: node (referenced until delivery)
 */
void sfs_fs_attr_changed(struct sfs_node *n);

/**
 * sfs_fs_dir_changed() - a child was created in or removed from @dir,
 * known to the kernel: queue the invalidation of its cached listing (and
 * attributes).  Lock held.
 * @dir:     directory node (referenced until delivery)
 * @barrier: a name of @dir whose entry is invalidated first (it waits for
 *           a listing the kernel is filling), or NULL when the caller has
 *           just queued sfs_fs_entry_gone(@dir, ...), which does the same
 */
void sfs_fs_dir_changed(struct sfs_node *dir, const char *barrier);

/**
 * sfs_fuse_run() - mount, serve until unmounted or signalled, unmount.
 * @argc: libfuse arguments (mount point, -f, -s, -d, -o ...)
 * @argv: vector
 *
 * Return: the process exit status (0, 1, or 2 for bad arguments).
 */
int sfs_fuse_run(int argc, char **argv);


/** sfs_fuse_version() - libfuse's version.  Return: static string. */
const char *sfs_fuse_version(void);

/* ---- tree (node.c) --------------------------------------------------------- */

/**
 * sfs_engine_init() - create the root directory.
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_engine_init(void);

/**
 * sfs_node_type() - the node's type.
 * @n: node
 *
 * Return: SFS_DIR, SFS_FILE or SFS_LINK.
 */
enum sfs_type sfs_node_type(const struct sfs_node *n);
/**
 * sfs_node_mode() - permission bits, checked by open() (spec §1.2).
 * @n: node
 *
 * Return: the bits (0777 for links).
 */
mode_t sfs_node_mode(const struct sfs_node *n);
/**
 * sfs_node_attr() - a file's callbacks.
 * @n: node
 *
 * Return: the attr given to sfs_mkfile(); NULL for dirs, links and
 * removed nodes.
 */
const struct sfs_attr *sfs_node_attr(const struct sfs_node *n);
/**
 * sfs_node_link_text() - a link's readlink() text (spec §1.2 "Symlinks").
 * @n: node
 *
 * Return: borrowed string; NULL for dirs and files.
 */
const char *sfs_node_link_text(const struct sfs_node *n);
/**
 * sfs_node_removed() - whether sfs_remove() took the node out of the tree.
 * @n: node, kept alive by a reference
 *
 * Return: true after sfs_remove() (writes then give ENODEV, kernfs).
 */
bool sfs_node_removed(const struct sfs_node *n);
/**
 * sfs_node_lookup() - the kernel learnt of @n (a FUSE lookup or
 * readdirplus entry): count it; the first count takes a reference.
 * @n: node
 */
void sfs_node_lookup(struct sfs_node *n);
/**
 * sfs_node_forget() - the kernel forgot @count lookups of @n (FORGET);
 * the reference goes with the last one.
 * @n:     node
 * @count: lookups forgotten
 */
void sfs_node_forget(struct sfs_node *n, uint64_t count);

/**
 * sfs_node_seq() - the node's rank among its parent's children: 1 for the
 * first ever created, increasing along sfs_next_sibling() and never
 * reused, so a readdir offset stays valid across changes and handles.
 * @n: node
 *
 * Return: the rank (0 for the root).
 */
uint64_t sfs_node_seq(const struct sfs_node *n);

struct sfs_counter;
/**
 * sfs_node_counter() - the counter of the node's path, once looked up.
 * @n: node
 *
 * Return: the counter (work.c), or NULL.
 */
struct sfs_counter *sfs_node_counter(const struct sfs_node *n);
/**
 * sfs_node_set_counter() - remember the counter of the node's path.
 * @n: node
 * @c: counter; lives until exit
 */
void sfs_node_set_counter(struct sfs_node *n, struct sfs_counter *c);
/**
 * sfs_node_get() - take a reference (open handles, queued work).
 * @n: node
 */
void sfs_node_get(struct sfs_node *n);
/**
 * sfs_node_put() - drop a reference; a removed node is freed at zero.
 * @n: node (NULL does nothing)
 */
void sfs_node_put(struct sfs_node *n);

/* ---- work (work.c) --------------------------------------------------------- */

/**
 * sfs_work_write() - one write() to an attribute file, lock held.
 * @n:    the file
 * @buf:  bytes written
 * @len:  byte count
 *
 * Applies the test knobs, the 4096-byte cut, the zero-length rule, calls
 * store() and does the "sysfs work" bookkeeping.  May wait (lock released)
 * for deferred work (slow knob).
 *
 * Return: bytes accepted, or -errno.
 */
ssize_t sfs_work_write(struct sfs_node *n, const char *buf, size_t len);

/**
 * sfs_work_poll() - complete deferred work that is due, lock held.
 * Called by sfs_lock() and by the work timer thread.
 */
void sfs_work_poll(void);

/**
 * sfs_work_start() - start the thread that completes deferred work when
 * it is due (after daemonising).
 *
 * Return: 0 or -errno of pthread_create().
 */
int sfs_work_start(void);

/** struct sfs_knobs - test knobs set through the control socket. */
struct sfs_knobs {
	long fail_nth;		/* writes left before the failing one; 0 = off */
	int fail_nth_err;
	char *fail_glob;	/* NULL = off */
	int fail_glob_err;
	long fail_glob_count;	/* < 0: unlimited */
	long slow_ms;
	long eagain_ms;		/* default 15000 */
	bool always_eagain;
	long eagain_delay_ms;	/* default 50 */
	long stall_ms;		/* --stall-ms, default 2000 */
};

/**
 * sfs_knobs() - the live test knobs (lock held to read or change them).
 *
 * Return: the one knob set (work.c).
 */
struct sfs_knobs *sfs_knobs(void);

/* ---- counters (work.c) ----------------------------------------------------- */

/**
 * sfs_count_read() - count one open-for-read (one show()) of a file.
 * @n: the file; counters are kept by its path relative to the root
 */
void sfs_count_read(struct sfs_node *n);

/**
 * sfs_counters_dump() - "R W path" lines, sorted by path.
 * @glob: fnmatch() pattern on the path, or NULL for all
 * @out:  buffer the lines are appended to
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_counters_dump(const char *glob, struct tk_buf *out);

/**
 * sfs_counters_reset() - zero every per-path counter and writes-total.
 */
void sfs_counters_reset(void);

/**
 * sfs_writes_total() - store() calls since start or the last reset.
 *
 * Return: the count; a deferred store counts once, when written.
 */
unsigned long sfs_writes_total(void);

/* ---- control socket (ctl.c) ------------------------------------------------- */

/**
 * sfs_ctl_listen() - create and bind the control socket (before daemonising).
 * @path: socket path
 *
 * Return: 0 or -errno of socket()/bind()/listen().
 */
int sfs_ctl_listen(const char *path);

/**
 * sfs_ctl_start() - start the thread serving the socket (after daemonising).
 *
 * Return: 0 (also without --ctl) or -errno of pthread_create().
 */
int sfs_ctl_start(void);

/**
 * sfs_ctl_stop() - close the control socket and remove its path.
 */
void sfs_ctl_stop(void);

#endif /* SCSTFS_SFS_INTERNAL_H */
