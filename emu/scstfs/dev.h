/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dev.h - private interface between core.c, dev.c, vdisk.c, passthru.c and
 * alua.c: device handlers (handlers/<h>/) and devices (devices/<dev>/).
 * Every by-name lookup that a mgmt write needs is hashed (htab.h), so the
 * cost of a command does not grow with the number of objects (10,000
 * devices, brief item 7).
 *
 * Source of the behaviour: spec scst-sysfs.md §2.2, §2.3, §3.2, §6 and the
 * recordings in ../shared/scst-real/scenarios/.
 *
 * Errors: int returns are >= 0 on success, -errno on failure.
 */
#ifndef SCSTFS_DEV_H
#define SCSTFS_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "htab.h"
#include "scstfs.h"

/* ---- handlers --------------------------------------------------------------- */

struct sfs_handler;
struct sfs_dev;

/**
 * struct sfs_handler_ops - what differs between device handlers.
 * @add_device: virtual handlers: "add_device <name> <params>" (inside the
 *              [W] work); @params is the rest of the command, modifiable
 * @del_device: virtual handlers: "del_device <name>"
 * @attach:     the handler takes @d (scst_assign_dev_handler: attach()):
 *              allocate state, check parameters; must not create files
 * @attrs:      create the handler's device attributes in @d->dir
 *              (devt_dev_sysfs_create: dev_attrs); may be NULL
 * @detach:     the handler lets go of @d: remove its attributes and state
 */
struct sfs_handler_ops {
	int (*add_device)(struct sfs_handler *h, const char *name, char *params);
	int (*del_device)(struct sfs_handler *h, const char *name);
	int (*attach)(struct sfs_dev *d);
	int (*attrs)(struct sfs_dev *d);
	void (*detach)(struct sfs_dev *d);
};

/**
 * struct sfs_handler - a registered device handler (handlers/<name>/).
 * @name:         directory name, e.g. "vdisk_fileio"
 * @type:         SCSI peripheral type shown by "type" (-1 for scst_user)
 * @virt:         virtual-handler mgmt (add_device name [params]); otherwise
 *                pass-through mgmt (H:C:I:L) unless @no_mgmt
 * @no_mgmt:      no mgmt file (scst_user)
 * @params:       NULL-terminated add_device parameter list for the help
 * @threads_num:  default device threads_num; <0: no threads_* files
 * @max_cmds:     default max_tgt_dev_commands
 * @trace:        trace_level state (tracing build, scenario 01)
 * @ops:          behaviour
 * @priv:         handler-private data
 * @dir:          handlers/<name> node
 * @mgmt:         the mgmt node (NULL when absent or deleted, scenario 50)
 */
struct sfs_handler {
	const char *name;
	int type;
	bool virt;
	bool no_mgmt;
	const char *const *params;
	int threads_num;
	int max_cmds;
	struct sfs_trace trace;
	const struct sfs_handler_ops *ops;
	void *priv;
	struct sfs_node *dir;
	struct sfs_node *mgmt;
};

/**
 * sfs_handler_register() - create handlers/<h->name>/ with type, mgmt and
 * trace_level (spec §2.2).
 * @h: handler; must outlive the run
 *
 * Return: 0 or -errno.
 */
int sfs_handler_register(struct sfs_handler *h);

/* ---- devices ---------------------------------------------------------------- */

/**
 * struct sfs_dev - an SCST device (devices/<name>/).
 * @he:          by-name hash entry (key = @name)
 * @name:        device name (malloc()ed)
 * @type:        SCSI peripheral type
 * @h:           handler, NULL for "none"
 * @dir:         devices/<name>
 * @exported:    devices/<name>/exported
 * @export_next: next exportN number; never goes back (scenario 29)
 * @max_cmds:    max_tgt_dev_commands
 * @numa_node:   numa_node_id
 * @blocks:      "block" count
 * @pr_file:     pr_file_name (malloc()ed)
 * @pr_file_set: pr_file_name was set explicitly (key)
 * @threads_num: threads_num
 * @pool_shared: threads_pool_type is "shared"
 * @cluster_mode: cluster_mode
 * @read_only:   the device is read-only (LUN read_only, copy manager)
 * @dif_mode:    DIF mode bits (SFS_DIF_*), 0 = none
 * @dif_type:    DIF type 0..3
 * @app_tag:     dif_static_app_tag
 * @hpriv:       handler state (struct vdev for vdisk)
 * @alua:        device-group membership (alua.c)
 * @hctl:        pass-through: "H:C:I:L" (NULL for virtual devices)
 * @hlink:       the handlers/<h>/<name> link
 */
struct sfs_dev {
	struct sfs_hnode he;
	char *name;
	int type;
	struct sfs_handler *h;
	struct sfs_node *dir;
	struct sfs_node *exported;
	unsigned long export_next;
	long max_cmds;
	long numa_node;
	int blocks;
	char *pr_file;
	bool pr_file_set;
	int threads_num;
	bool pool_shared;
	bool cluster_mode;
	bool read_only;
	unsigned int dif_mode;
	int dif_type;
	unsigned long long app_tag;
	void *hpriv;
	void *alua;
	char *hctl;
	struct sfs_node *hlink;
};

#define SFS_DIF_TGT       0x1
#define SFS_DIF_SCST      0x2
#define SFS_DIF_DEV_CHECK 0x4
#define SFS_DIF_DEV_STORE 0x8

/**
 * sfs_dev_create() - register a device: devices/<name>/ with the core
 * attributes of spec §2.3 (scst_register_*device + scst_dev_sysfs_create).
 * @name: device name
 * @type: SCSI peripheral type
 * @hctl: "H:C:I:L" for a pass-through device (adds the scsi_device link),
 *        NULL for a virtual device
 * @out:  receives the device, handler "none"
 *
 * Return: 0; -EINVAL for a name with '/' or '.' (main
 * scst_check_device_name, scenario 10); -EEXIST when devices/<name>
 * exists (scenario 46 step 20); -ENOMEM.
 */
int sfs_dev_create(const char *name, int type, const char *hctl, struct sfs_dev **out);

/**
 * sfs_dev_assign() - move @d to handler @h (scst_assign_dev_handler).
 * @d: device
 * @h: new handler, or NULL for "none"
 *
 * Detaches the old handler (its files and links go), then attaches @h:
 * ops->attach, the "handler" link, the handlers/<h>/<dev> link, threads
 * files, ops->attrs.  When the link in the handler directory clashes with
 * one of the handler's own files, the rollback removes that file, as the
 * kernel does (scenario 50); for "mgmt" the work stalls.
 *
 * Return: 0, or the attach/link error; on error @d has handler "none".
 */
int sfs_dev_assign(struct sfs_dev *d, struct sfs_handler *h);

/**
 * sfs_dev_destroy() - unregister @d: its LUNs (sfs_tgt_dev_removed), its
 * device-group membership, its handler, devices/<name>; frees @d.
 * @d: device (NULL does nothing)
 */
void sfs_dev_destroy(struct sfs_dev *d);

/**
 * sfs_dev_dif_files() - create dif_mode, dif_type and dif_static_app_tag
 * (sysfs scst_dev_sysfs_dif_create) for a device with DIF (scenario 47).
 * @d: device with dif_type set
 *
 * Return: 0 or -errno.
 */
int sfs_dev_dif_files(struct sfs_dev *d);

/**
 * sfs_type_name() - the SCSI type name used by "type" files.
 * @type: peripheral type
 *
 * Return: static string ("unknown" outside the table).
 */
const char *sfs_type_name(int type);

/**
 * sfs_dev_count() - number of registered devices (tests, benchmarks).
 */
size_t sfs_dev_count(void);

/* ---- handler modules -------------------------------------------------------- */

/** sfs_vdisk_init() - register the four vdisk handlers (vdisk.c). Return: 0 or -errno. */
int sfs_vdisk_init(void);
/** sfs_passthru_init() - pass-through handlers, scst_user and --scsi-device devices (passthru.c). */
int sfs_passthru_init(void);

/* ---- shared parsing helpers --------------------------------------------------- */

/**
 * sfs_next_token() - scst_get_next_token_str(): the next ';'/'\n'
 * separated item of @*pos, NOT trimmed; an empty item ends the list.
 * @pos: in/out cursor into a modifiable string
 *
 * An item of blanks only is returned (its name word is then empty, which
 * add_device rejects with EINVAL: scenario 49 step 2).  kp_token() trims,
 * so it cannot be used where that difference shows.
 *
 * Return: the item (NUL-terminated in place), or NULL at the end.
 */
char *sfs_next_token(char **pos);

/**
 * sfs_next_lexem() - scst_get_next_lexem() on a modifiable string: skip
 * blanks and '=', cut the word at the next blank or '=' in place.
 * @pos: in/out cursor
 *
 * Return: the word ("" at the end).
 */
char *sfs_next_lexem(char **pos);

#endif /* SCSTFS_DEV_H */
