/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sfs-internal.h - engine-private interfaces between node.c, fs.c,
 * work.c, ctl.c and main.c.  Kernel modules use sfs.h and scstfs.h only.
 *
 * Locking: sfs_lock() is the one global mutex of the emulator.  Every
 * FUSE callback and every control command holds it while it touches the
 * model; only sleeps (the "slow" knob) happen outside it.
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

/** sfs_lock() - take the global model lock. */
void sfs_lock(void);
/** sfs_unlock() - release the global model lock. */
void sfs_unlock(void);

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
 * @path: its path relative to the root (counters, fail-path)
 * @buf:  bytes written
 * @len:  byte count
 *
 * Applies the test knobs, the 4096-byte cut, the zero-length rule, calls
 * store() and does the "sysfs work" bookkeeping.  May drop and retake the
 * lock to sleep (slow knob).
 *
 * Return: bytes accepted, or -errno.
 */
ssize_t sfs_work_write(struct sfs_node *n, const char *path, const char *buf, size_t len);

/**
 * sfs_work_poll() - complete deferred work that is due, lock held.
 * Called at the start of every FUSE operation.
 */
void sfs_work_poll(void);

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
 * sfs_count_read() - count one open-for-read (one show()) of @path.
 * @path: path relative to the root
 */
void sfs_count_read(const char *path);

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

/**
 * sfs_fuse_ops_get() - the FUSE operation table (fs.c).
 *
 * Return: a static table.
 */
const struct fuse_operations *sfs_fuse_ops_get(void);

#endif /* SCSTFS_SFS_INTERNAL_H */
