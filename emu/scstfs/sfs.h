/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sfs.h - the scstfs engine: a kernfs-like tree of directories, attribute
 * files and symlinks, served over FUSE.
 *
 * scstfs emulates /sys/kernel/scst_tgt the way the kernel builds it: each
 * kernel object (handler, device, target, LUN, ...) is a directory whose
 * attribute files have show()/store() callbacks, exactly like sysfs
 * kobject attributes.  The modules (core.c, dev*.c, tgt*.c, alua.c, ...)
 * create and remove nodes as objects come and go; the engine (node.c,
 * fs.c, work.c, ctl.c) does everything that is the same for every file:
 * mode checks at open (EACCES even for root, spec scst-sysfs.md §1.2),
 * size 4096, the one-page store() limit, the per-open read snapshot,
 * "sysfs work" and last_sysfs_mgmt_res (§1.4), test knobs and counters.
 *
 * scstfs keeps its own model of the kernel; it shares no model code with
 * the scstcfg library (../shared/STYLE.md §1 "Emulator").
 *
 * Concurrency: FUSE runs multi-threaded, but every callback below is
 * called with the engine's global lock held, so modules never lock.
 *
 * Errors: functions returning int give >= 0 on success, -errno on failure.
 */
#ifndef SCSTFS_SFS_H
#define SCSTFS_SFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tk.h"

struct sfs_node;

/**
 * struct sfs_attr - behaviour of an attribute file (a sysfs kobj_attribute).
 * @show:  fill @out with the file's content.  Called once per open(), as
 *         the kernel builds the text once per open (spec §1.2).  Return 0,
 *         or -errno: the open succeeds and read() then fails with that
 *         errno (recorded as "!read:ERRNO").  NULL: content is empty.
 * @store: handle one write().  @buf is a NUL-terminated copy of at most
 *         4096 bytes (longer writes are cut and the write() returns 4096,
 *         like sysfs); @len excludes the NUL and may count embedded NULs.
 *         Return 0 (the write() returns the full, possibly cut, length) or
 *         -errno (the write() fails with it).  A zero-length write never
 *         reaches @store.  NULL: writes succeed and do nothing.
 *
 * The node's priv pointer (sfs_node_priv()) gives the callback its object.
 */
struct sfs_attr {
	int (*show)(struct sfs_node *n, struct tk_buf *out);
	int (*store)(struct sfs_node *n, const char *buf, size_t len);
};

/* Permission bits used by SCST (spec scst-sysfs.md "Notation"). */
#define SFS_R     0444
#define SFS_RW    0644
#define SFS_W     0200
#define SFS_RW600 0600
#define SFS_DIR_MODE 0755

/* ---- tree ---------------------------------------------------------------- */

/**
 * sfs_root() - the node of the mount's root directory (/sys/kernel/scst_tgt).
 *
 * Return: the root; never NULL after sfs_engine_init().
 */
struct sfs_node *sfs_root(void);

/**
 * sfs_mkdir() - create a directory (mode 0755) under @parent.
 * @parent: directory node
 * @name:   entry name (no '/')
 * @out:    receives the new node (may be NULL)
 *
 * Return: 0; -EEXIST if @parent already has an entry @name; -ENOTDIR if
 * @parent is not a directory; -ENOMEM.
 */
int sfs_mkdir(struct sfs_node *parent, const char *name, struct sfs_node **out);

/**
 * sfs_mkfile() - create an attribute file under @parent.
 * @parent: directory node
 * @name:   entry name
 * @mode:   permission bits (SFS_R, SFS_RW, SFS_W, SFS_RW600, ...)
 * @attr:   callbacks (must outlive the node; usually a static const)
 * @priv:   object pointer handed back by sfs_node_priv()
 * @out:    receives the new node (may be NULL)
 *
 * Return: 0, -EEXIST, -ENOTDIR or -ENOMEM.
 */
int sfs_mkfile(struct sfs_node *parent, const char *name, mode_t mode,
	       const struct sfs_attr *attr, void *priv, struct sfs_node **out);

/**
 * sfs_mklink() - create a symlink to another node of the tree.
 * @parent: directory node
 * @name:   entry name
 * @target: node the link points at; the stored text is the relative path
 *          from @parent to @target ("../../devices/d0"), as sysfs stores
 *          it (spec §1.2 "Symlinks")
 * @out:    receives the new node (may be NULL)
 *
 * Return: 0, -EEXIST, -ENOTDIR or -ENOMEM.
 */
int sfs_mklink(struct sfs_node *parent, const char *name, struct sfs_node *target,
	       struct sfs_node **out);

/**
 * sfs_mklink_text() - create a symlink with a literal target text.
 * @parent: directory node
 * @name:   entry name
 * @text:   readlink() text, e.g. a path outside the tree (scst_local "host")
 * @out:    receives the new node (may be NULL)
 *
 * Return: 0, -EEXIST, -ENOTDIR or -ENOMEM.
 */
int sfs_mklink_text(struct sfs_node *parent, const char *name, const char *text,
		    struct sfs_node **out);

/**
 * sfs_remove() - remove a node and, for a directory, everything below it.
 * @n: node (NULL does nothing)
 *
 * Open file handles keep working on their snapshot; later writes through
 * them fail with ENODEV (kernfs deactivation).  The node's priv object is
 * not freed: its owner frees it.
 */
void sfs_remove(struct sfs_node *n);

/**
 * sfs_child() - look up a direct child by name.
 * @dir:  directory node
 * @name: entry name
 *
 * Return: the child, or NULL.
 */
struct sfs_node *sfs_child(struct sfs_node *dir, const char *name);

/**
 * sfs_lookup() - resolve a path relative to the root without following links.
 * @relpath: "targets/iscsi/mgmt" ("" or "." is the root)
 *
 * Return: the node, or NULL.
 */
struct sfs_node *sfs_lookup(const char *relpath);

/**
 * sfs_first_child() / sfs_next_sibling() - iterate a directory's entries
 * in creation order.  Do not remove entries while iterating without first
 * fetching the next one.
 */
struct sfs_node *sfs_first_child(struct sfs_node *dir);
struct sfs_node *sfs_next_sibling(struct sfs_node *n);

/** sfs_node_name() - the entry name.  Return: borrowed string. */
const char *sfs_node_name(const struct sfs_node *n);
/** sfs_node_parent() - the parent directory.  Return: NULL for the root. */
struct sfs_node *sfs_node_parent(const struct sfs_node *n);
/** sfs_node_priv() - the priv pointer given at creation (files, dirs via sfs_node_set_priv). */
void *sfs_node_priv(const struct sfs_node *n);
/** sfs_node_set_priv() - attach an object pointer to any node. */
void sfs_node_set_priv(struct sfs_node *n, void *priv);
/** sfs_node_set_mode() - change a node's permission bits. */
void sfs_node_set_mode(struct sfs_node *n, mode_t mode);
/** sfs_node_is_dir() - whether @n is a directory. */
bool sfs_node_is_dir(const struct sfs_node *n);

/**
 * sfs_node_path() - the node's path relative to the root, for messages.
 * @n:   node
 * @out: buffer the path is appended to
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_node_path(const struct sfs_node *n, struct tk_buf *out);

/* ---- "sysfs work" (spec scst-sysfs.md §1.4 and §4) ------------------------ */

/**
 * sfs_work_begin() - declare that the current store() is a modifying
 * "sysfs work" item ([W] in the spec).
 *
 * Call it inside a store() callback at the point where the kernel would
 * queue the work (after any synchronous argument checks that fail without
 * queueing, e.g. root "threads" rejects "0" with EINVAL and leaves
 * last_sysfs_mgmt_res alone: scenario 04).  The engine then records the
 * store()'s return value as the new last_sysfs_mgmt_res and applies the
 * slow/async test knobs to this write.
 *
 * Deferral (test knobs "slow" and "always-eagain" of scstfs-ctl only):
 * the kernel applies queued work later, so the engine may abandon the
 * store() inside sfs_work_begin() (it does not return; a longjmp back to
 * the engine) and call the same store() again with the same bytes when the
 * work completes; that time sfs_work_begin() returns normally.  So the
 * code before sfs_work_begin() must only check: no change to the model
 * and no malloc() that would leak.  kparse.h needs no memory; call it at
 * the top of mgmt stores.  Without those knobs it always returns.
 */
void sfs_work_begin(void);

/**
 * sfs_work_stall() - the current work blocks past the kernel's 15-s wait.
 *
 * The write() returns EAGAIN at once; last_sysfs_mgmt_res reads EAGAIN for
 * the engine's stall period, then gives the store()'s return value
 * (scenario 50, "add_device mgmt").  Implies sfs_work_begin(), except
 * that it always returns (it may be called after the model changed).
 */
void sfs_work_stall(void);

/**
 * sfs_work_pending() - whether modifying work is still in flight.
 *
 * Return: true while a stalled or delayed work has not completed.
 */
bool sfs_work_pending(void);

/**
 * sfs_work_last_res_show() - show() of the root file last_sysfs_mgmt_res.
 * @n:   the file's node (unused)
 * @out: receives "%d\n": the result of the last completed modifying work,
 *       0 or -errno; initially 0
 *
 * core.c creates the file with { .show = sfs_work_last_res_show } and mode
 * SFS_R.  Source: spec scst-sysfs.md §1.4.
 *
 * Return: 0; -EAGAIN while modifying work is pending (stalled or delayed
 * by a test knob); -ENOMEM.
 */
int sfs_work_last_res_show(struct sfs_node *n, struct tk_buf *out);

/* ---- start-up options (main.c) -------------------------------------------- */

/**
 * struct sfs_scsi_dev - a local SCSI device given with --scsi-device.
 * @hctl: "H:C:I:L"
 * @type: SCSI peripheral device type (0 disk, 1 tape, 5 cd-rom, 8 changer, ...)
 */
struct sfs_scsi_dev {
	char *hctl;
	int type;
};

/**
 * struct sfs_fake_file - a host path the emulator treats as existing
 * without touching the host (--fake-file PATH=SIZE[:block]).
 * @path:  absolute path
 * @size:  size in bytes
 * @block: true for a block device (vdisk_blockio accepts it)
 */
struct sfs_fake_file {
	char *path;
	uint64_t size;
	bool block;
};

/**
 * struct sfs_opts - what the emulated machine looks like.
 * @ncpus:        online CPUs (threads default, cpu_mask, sgv pools); default 2
 * @scsi_devs:    local SCSI devices (pass-through fixtures, spec §9 item 14)
 * @n_scsi_devs:  count
 * @qla_wwns:     qla2x00t hardware target WWPNs; the driver exists only when >0
 * @n_qla_wwns:   count
 * @fake_files:   host paths emulated without touching the host
 * @n_fake_files: count
 * @no_iscsi:     start without iscsi_scst / iscsi-scstd
 */
struct sfs_opts {
	int ncpus;
	struct sfs_scsi_dev *scsi_devs;
	size_t n_scsi_devs;
	char **qla_wwns;
	size_t n_qla_wwns;
	struct sfs_fake_file *fake_files;
	size_t n_fake_files;
	bool no_iscsi;
};

/**
 * sfs_opts() - the options the emulator was started with.
 * Return: borrowed pointer, valid for the whole run.
 */
const struct sfs_opts *sfs_opts(void);

/**
 * sfs_host_file_size() - size of a backing file as the emulated host sees it.
 * @path:  absolute path
 * @size:  receives the size in bytes
 * @block: receives whether it is a block device
 *
 * --fake-file entries win; otherwise stat()s the real host path (block
 * devices: BLKGETSIZE64).
 *
 * Return: 0; -ENOENT and the other stat()/open() errors; -EISDIR for a
 * directory.
 */
int sfs_host_file_size(const char *path, uint64_t *size, bool *block);

#endif /* SCSTFS_SFS_H */
