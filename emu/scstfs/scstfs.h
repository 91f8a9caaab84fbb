/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scstfs.h - the emulated kernel's objects and the calls between the
 * modules that own them.  Each module mirrors an SCST source file:
 *
 *   core.c      root attributes, suspend, sgv/        (scst_sysfs.c, scst_main.c)
 *   dev.c       handlers/, devices/, exported/ links  (scst_sysfs.c, scst_lib.c)
 *   vdisk.c     vdisk_fileio/blockio/nullio, vcdrom    (dev_handlers/scst_vdisk.c)
 *   passthru.c  dev_disk, dev_tape, ... , scst_user    (dev_handlers/, scst_main.c)
 *   tgt.c       targets/<drv>/, targets, luns/, ini_groups/, sessions/  (scst_sysfs.c, scst_targ.c)
 *   iscsi.c     iSCSI driver and daemon attributes     (iscsi-scst kernel + iscsi-scstd)
 *   local.c     scst_local                              (scst_local/scst_local.c)
 *   cm.c        copy_manager                            (scst_copy_mgr.c)
 *   qla.c       qla2x00t hardware targets, NPIV         (qla2x00t-32gbit)
 *   alua.c      device_groups/                          (scst_tg.c)
 *
 * Module start-up is called from main.c in this order: core, dev (with
 * vdisk and passthru handlers), tgt (with cm, local, iscsi, qla), alua.
 * All functions run under the engine's global lock (sfs.h).
 *
 * Errors: int returns are >= 0 on success, -errno on failure.
 */
#ifndef SCSTFS_SCSTFS_H
#define SCSTFS_SCSTFS_H

#include <stdbool.h>
#include <stdint.h>

#include "sfs.h"

struct sfs_dev;		/* devices/<name> (dev.c) */
struct sfs_tgt;		/* targets/<drv>/<name> (tgt.c) */
struct sfs_lun;		/* .../luns/<n> (tgt.c) */

/* ---- start-up ------------------------------------------------------------- */

/** sfs_core_init() - root attributes, sgv/ (core.c).  Return: 0 or -errno. */
int sfs_core_init(void);
/** sfs_dev_init() - handlers/ and devices/, pass-through fixtures (dev.c).  Return: 0 or -errno. */
int sfs_dev_init(void);
/** sfs_tgt_init() - targets/ with copy_manager, scst_local, iscsi, qla2x00t (tgt.c).  Return: 0 or -errno. */
int sfs_tgt_init(void);
/** sfs_alua_init() - device_groups/ (alua.c).  Return: 0 or -errno. */
int sfs_alua_init(void);

/* ---- core.c --------------------------------------------------------------- */

/**
 * sfs_core_setup_id() - current root setup_id (used for new vdisk identities,
 * spec scst-sysfs.md §6.1).
 */
unsigned long sfs_core_setup_id(void);

/** sfs_core_ncpus() - online CPUs of the emulated machine (threads, cpu_mask). */
int sfs_core_ncpus(void);

/* ---- dev.c ---------------------------------------------------------------- */

/**
 * sfs_dev_find() - look up a device by its exact (case-sensitive) name.
 * Return: the device, or NULL.
 */
struct sfs_dev *sfs_dev_find(const char *name);

/** sfs_dev_name() - the device name.  Return: borrowed string. */
const char *sfs_dev_name(const struct sfs_dev *d);

/** sfs_dev_node() - the devices/<name> directory node. */
struct sfs_node *sfs_dev_node(const struct sfs_dev *d);

/** sfs_dev_read_only() - whether the device itself is read-only (LUN read_only shows 1). */
bool sfs_dev_read_only(const struct sfs_dev *d);

/** sfs_dev_dif() - whether the device uses T10 PI (scenario 47: EINVAL on non-CM LUNs). */
bool sfs_dev_dif(const struct sfs_dev *d);

/** sfs_dev_has_handler() - false for a pass-through device still on handler "none". */
bool sfs_dev_has_handler(const struct sfs_dev *d);

/**
 * sfs_dev_export_add() - add devices/<dev>/exported/exportN -> @lun_dir.
 * @d:       device
 * @lun_dir: the LUN's directory node
 * @out:     receives the link node, to pass to sfs_dev_export_del()
 *
 * N comes from the device's counter, which never goes back (spec §2.3,
 * scenario 29).
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_dev_export_add(struct sfs_dev *d, struct sfs_node *lun_dir, struct sfs_node **out);

/** sfs_dev_export_del() - remove an exportN link made by sfs_dev_export_add(). */
void sfs_dev_export_del(struct sfs_dev *d, struct sfs_node *link);

/* ---- tgt.c (and cm.c) ----------------------------------------------------- */

/**
 * sfs_cm_dev_added() - a vdisk device was created: give it its automatic
 * copy_manager_tgt LUN from the global counter (spec §2.9).
 * Return: 0 or -errno.
 */
int sfs_cm_dev_added(struct sfs_dev *d);

/**
 * sfs_cm_dev_inquiry() - the INQUIRY data of @d changed (a successful write
 * of an identity attribute: t10_vend_id, prod_id, prod_rev_lvl, usn,
 * t10_dev_id, scsi_device_name, naa_id, eui64_id, inq_vend_specific, ...).
 * The copy manager re-reads it: one 4 KiB READ on copy_manager_sess, seen
 * in the copy_manager_tgt statistics (scenario 16: 1 + 10 writes = 11).
 * Nothing happens when the copy manager does not map @d.
 * @d: device
 */
void sfs_cm_dev_inquiry(struct sfs_dev *d);

/**
 * sfs_tgt_dev_removed() - a device is being deleted: delete every LUN that
 * maps it, its copy-manager LUN included (spec §5.3).  Called by dev.c
 * before it removes devices/<name>.
 */
void sfs_tgt_dev_removed(struct sfs_dev *d);

/**
 * sfs_tgt_dev_in_use() - whether any session sees a LUN of @d (the copy
 * manager's session counts: PR writes give EBUSY, scenario 20).
 */
bool sfs_tgt_dev_in_use(const struct sfs_dev *d);

/**
 * sfs_tgt_find_local() - a target of any driver with this exact name, for
 * ALUA target-group entries (spec §3.6: a local target becomes a symlink).
 * Return: the targets/<drv>/<name> directory node, or NULL.
 */
struct sfs_node *sfs_tgt_find_local(const char *name);

/**
 * sfs_tgt_session_add() - "log in" an initiator (test hook; scstfs-ctl
 * session-add, spec scst-sysfs.md §9 item 10).
 * @driver:    driver directory name under targets/ ("iscsi")
 * @target:    target name
 * @initiator: initiator name; the session is sessions/<initiator[_N]>
 *
 * Bind the session to the first ini_group (creation order) with a
 * matching initiator pattern, create its directory, luns link and lun<N>
 * dirs.
 *
 * Return: 0; -ENOENT for an unknown driver/target; -EINVAL for an empty
 * initiator; other -errno.
 */
int sfs_tgt_session_add(const char *driver, const char *target, const char *initiator);

/**
 * sfs_tgt_session_del() - log out a session added by sfs_tgt_session_add().
 * @driver:  driver directory name
 * @target:  target name
 * @session: session directory name (or, failing that, an initiator name)
 *
 * Return: 0; -ENOENT for an unknown driver, target or session.
 */
int sfs_tgt_session_del(const char *driver, const char *target, const char *session);

/* ---- alua.c --------------------------------------------------------------- */

/** sfs_alua_dev_removed() - drop @d from its device group (device deletion). */
void sfs_alua_dev_removed(struct sfs_dev *d);

/**
 * sfs_alua_tgt_removed() - a local target is being deleted: remove every
 * target-group entry that is a link to it (spec §3.6).
 * @tgt_dir: the targets/<drv>/<name> node
 */
void sfs_alua_tgt_removed(struct sfs_node *tgt_dir);

/* ---- core.c: trace_level files (tracing build), shared by every module ---- */

/**
 * struct sfs_trace_token - one token of a local trace table.
 * @val:  flag bit
 * @name: token ("order", "retry", ...)
 */
struct sfs_trace_token {
	unsigned long val;
	const char *name;
};

/**
 * struct sfs_trace - state of one trace_level file (spec scst-sysfs.md §2.1
 * "trace_level"; texts of scenario 01).
 * @level: current flags
 * @def:   flags for "default" (SFS_TRACE_DEFAULT for every SCST module)
 * @local: NULL-terminated local token table shown after the common tokens
 *         (root: retry, scsi_serializing, ...; vdisk: order), or NULL
 * @help:  extra tokens for the usage line, e.g. ", order", or NULL
 */
struct sfs_trace {
	unsigned long level;
	unsigned long def;
	const struct sfs_trace_token *local;
	const char *help;
};

/* out_of_mem | pid | special | mgmt: the release+TRACING default (scenario 01) */
#define SFS_TRACE_DEFAULT 0x2508UL

/**
 * sfs_trace_attr - callbacks of a trace_level file; the node's priv is the
 * struct sfs_trace.  Create it with
 * sfs_mkfile(dir, "trace_level", SFS_RW, &sfs_trace_attr, &trace, NULL).
 * Writes: all, none|null, default, value N, add|del TOKEN (verbs and tokens
 * case-insensitive); anything else is EINVAL.  Synchronous.
 */
extern const struct sfs_attr sfs_trace_attr;

/* ---- dev.c: device threads (session lun<N>/thread_index, spec §2.8) ---- */

/**
 * sfs_dev_threads_num() - the device's threads_num (spec §2.3): the
 * handler default or the value written; -1 for a device without threads
 * files (handler "none").
 */
int sfs_dev_threads_num(const struct sfs_dev *d);

/** sfs_dev_threads_shared() - whether threads_pool_type is "shared" (else per_initiator). */
bool sfs_dev_threads_shared(const struct sfs_dev *d);

#endif /* SCSTFS_SCSTFS_H */
