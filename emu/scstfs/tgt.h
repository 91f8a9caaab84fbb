/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tgt.h - the target side of the emulated SCST kernel, shared by tgt.c
 * (generic machinery: targets/<drv>/, targets, LUNs, ini_groups, sessions)
 * and the target drivers cm.c, local.c, iscsi.c and qla.c.
 *
 * The objects mirror the kernel's: struct sfs_tgtt is a target template
 * (scst_tgt_template), struct sfs_tgt a target, struct sfs_acg an access
 * control group (the target's default group holds its luns/), struct
 * sfs_lun an acg_dev, struct sfs_sess a session and struct sfs_tgt_dev
 * the per-session view of one LUN (sessions/<s>/lun<N>/).
 *
 * Lookups are hashed (htab.h), so the cost of a mgmt write does not grow
 * with the number of targets, LUNs, groups or patterns.
 *
 * Errors: int returns are >= 0 on success, -errno on failure.  Everything
 * runs under the engine's global lock (sfs.h).
 */
#ifndef SCSTFS_TGT_H
#define SCSTFS_TGT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "htab.h"
#include "scstfs.h"

/* ---- intrusive doubly linked list --------------------------------------- */

struct tl_link {
	struct tl_link *prev, *next;
};

static inline void tl_init(struct tl_link *h)
{
	h->prev = h->next = h;
}

static inline void tl_add_tail(struct tl_link *h, struct tl_link *n)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

static inline void tl_del(struct tl_link *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}

static inline bool tl_empty(const struct tl_link *h)
{
	return h->next == h;
}

/* ---- objects ------------------------------------------------------------- */

struct sfs_tgt;
struct sfs_acg;
struct sfs_sess;

/**
 * struct sfs_tgtt - a target driver (scst_tgt_template).
 * @name:          directory name under targets/
 * @has_enable:    targets get an `enabled` file (enable hook present)
 * @dif:           driver and its targets are DIF capable (copy_manager)
 * @is_cm:         the copy manager (LUN rules of spec §2.9)
 * @can_close:     sessions get a `force_close` file
 * @no_acg:        ini_groups create gives EINVAL (copy_manager)
 * @tgtt_opt_attrs: "The following target driver attributes available" list
 * @tgt_opt_attrs: "The following target attributes available" list
 * @cmd_help:      driver's own mgmt help lines
 * @add_params:    "The following parameters available" list
 * @has_trace:     the driver has a trace_level file (core.c's sfs_trace_attr)
 * @trace:         its state: level, default, local tokens, help suffix
 * @add_target:    mgmt add_target (NULL: no mgmt file); @params is the rest
 * @del_target:    mgmt del_target
 * @mgmt_cmd:      any other mgmt verb (NULL: EINVAL); gets the whole line
 * @enable:        enable hook, called after the rel_tgt_id checks
 * @tgt_files:     create the driver's target files
 * @tgt_gone:      the target is being freed: drop driver data
 * @acg_files:     create the driver's ini-group files
 * @sess_files:    create the driver's session files
 * @sess_gone:     the session is being freed: drop driver data
 * @lun_added:     a LUN was added to one of the driver's groups
 * @sess_rebound:  a session moved to another group (@had_luns: the old
 *                 group mapped LUNs)
 * @node:          targets/<name>
 * @tgts:          targets by exact name
 * @tgt_list:      targets in creation order
 */
struct sfs_tgtt {
	const char *name;
	bool has_enable;
	bool dif;
	bool is_cm;
	bool can_close;
	bool no_acg;
	const char *tgtt_opt_attrs;
	const char *tgt_opt_attrs;
	const char *cmd_help;
	const char *add_params;
	bool has_trace;
	struct sfs_trace trace;
	int (*add_target)(struct sfs_tgtt *tt, const char *name, const char *params);
	int (*del_target)(struct sfs_tgtt *tt, const char *name);
	int (*mgmt_cmd)(struct sfs_tgtt *tt, const char *line);
	int (*enable)(struct sfs_tgt *t, bool on);
	int (*tgt_files)(struct sfs_tgt *t);
	void (*tgt_gone)(struct sfs_tgt *t);
	int (*acg_files)(struct sfs_acg *g);
	int (*sess_files)(struct sfs_sess *s);
	void (*sess_gone)(struct sfs_sess *s);
	void (*lun_added)(struct sfs_acg *g, struct sfs_dev *d);
	void (*sess_rebound)(struct sfs_sess *s, bool had_luns);

	struct sfs_node *node;
	struct sfs_htab tgts;
	struct tl_link tgt_list;
};

/* io_grouping_type values (kernel SCST_IO_GROUPING_*) */
#define SFS_IOG_AUTO		0
#define SFS_IOG_THIS_GROUP	(-1)
#define SFS_IOG_NEVER		(-2)

/* addr_method values */
enum { SFS_AM_PERIPHERAL, SFS_AM_FLAT, SFS_AM_LUN };

/**
 * struct sfs_acg - an access control group (ini_groups/<g>, or the
 * target's default group behind its luns/).
 */
struct sfs_acg {
	struct sfs_tgt *tgt;
	char *name;			/* NULL for the default group */
	struct sfs_node *node;		/* ini_groups/<g> (or the target dir) */
	struct sfs_node *luns_node;
	struct sfs_node *inits_node;
	int addr_method;
	int io_grouping;
	int black_hole;
	uint64_t cpu_mask;
	int per_sess_threads;		/* iSCSI per_sess_dedicated_tgt_threads */

	struct sfs_htab luns;		/* by number */
	struct tl_link lun_list;	/* creation order */
	struct sfs_htab inis;		/* patterns by exact text */
	struct tl_link ini_list;	/* patterns in creation order */
	struct tl_link sess_list;	/* sessions bound here */
	size_t nsess;

	struct sfs_hnode hnode;		/* in tgt->acgs */
	struct tl_link link;		/* in tgt->acg_list */
};

/**
 * struct sfs_tgt - a target (targets/<drv>/<name>).
 */
struct sfs_tgt {
	struct sfs_tgtt *tt;
	char *name;
	struct sfs_node *node;
	struct sfs_node *ini_groups_node;
	struct sfs_node *sessions_node;
	bool enabled;
	unsigned int rel_tgt_id;
	char *comment;
	int forward_src, forward_dst, aen_disabled;

	struct sfs_acg def;		/* default group: luns/ */
	struct sfs_htab acgs;		/* groups by name */
	struct tl_link acg_list;	/* groups in creation order */
	struct sfs_htab sess_by_name;	/* sessions by unique name */
	struct tl_link sess_list;	/* sessions in creation order */
	size_t nsess;

	void *priv;			/* driver data */
	struct sfs_hnode hnode;		/* in tt->tgts */
	struct tl_link link;		/* in tt->tgt_list */
};

/* I/O statistics of a session, in the order of sfs_stat_names[] */
enum {
	SFS_ST_BIDI_CMD, SFS_ST_BIDI_KB, SFS_ST_BIDI_UNAL, SFS_ST_NONE,
	SFS_ST_READ_CMD, SFS_ST_READ_KB, SFS_ST_READ_UNAL, SFS_ST_UNKNOWN,
	SFS_ST_WRITE_CMD, SFS_ST_WRITE_KB, SFS_ST_WRITE_UNAL, SFS_NSTATS
};

/**
 * sfs_sess_count_reads() - account READ-direction commands of a session
 * (its statistics files and its target's sums, spec §2.5/§2.8).
 * @s:         session
 * @cmds:      commands
 * @kb:        data in KiB
 * @unaligned: commands whose data is not a multiple of the block size
 */
void sfs_sess_count_reads(struct sfs_sess *s, unsigned int cmds, unsigned int kb,
			  unsigned int unaligned);

/**
 * struct sfs_sess - a session (sessions/<name>).
 */
struct sfs_sess {
	struct sfs_tgt *tgt;
	char *name;			/* unique name (initiator[_N]) */
	char *initiator;
	struct sfs_node *node;
	struct sfs_node *luns_link;
	struct sfs_acg *acg;
	struct tl_link tgt_devs;	/* its lun<N> views */
	void *priv;			/* driver data */
	unsigned long long stats[SFS_NSTATS];	/* see sfs_stat_names */

	struct sfs_hnode hnode;		/* in tgt->sess_by_name */
	struct tl_link tlink;		/* in tgt->sess_list */
	struct tl_link alink;		/* in acg->sess_list */
};

/* ---- generic machinery (tgt.c) ------------------------------------------- */

/**
 * sfs_tgtt_register() - create targets/<name>/ with the generic driver
 * files (mgmt when @tt->add_target is set, trace_level, dif_capabilities).
 * @tt: driver; must stay alive for the whole run
 *
 * Source: spec scst-sysfs.md §2.4, §3.1; scenario 01.
 *
 * Return: 0 or -errno (-ENOMEM).
 */
int sfs_tgtt_register(struct sfs_tgtt *tt);

/**
 * sfs_tgt_register() - create a target with its core files (spec §2.5).
 * @tt:   driver
 * @name: target name, case-sensitive
 * @priv: driver data, set before the driver's tgt_files() hook runs last
 * @out:  receives the target (may be NULL)
 *
 * On failure @priv is not freed (tgt_gone() is called with priv NULL).
 *
 * Return: 0; -EEXIST when targets/<drv>/ already has an entry @name (a
 * target or a driver file: the kernel's scst_register_target() fails and
 * each driver maps that to its own errno); -ENOMEM.
 */
int sfs_tgt_register(struct sfs_tgtt *tt, const char *name, void *priv, struct sfs_tgt **out);

/**
 * sfs_tgt_unregister() - delete a target: its sessions, groups, LUNs
 * (and their exportN links), ALUA target-group links; then free it.
 * @t: target (NULL does nothing)
 *
 * Source: scenario 41 (del_target of an in-use target).
 */
void sfs_tgt_unregister(struct sfs_tgt *t);

/**
 * sfs_tgt_lookup() - a target of @tt by exact name.
 * @tt:   driver
 * @name: name
 *
 * Return: the target or NULL.
 */
struct sfs_tgt *sfs_tgt_lookup(struct sfs_tgtt *tt, const char *name);

/**
 * sfs_sess_register() - create a session of @t for @initiator, bind it to
 * the first matching ini-group (spec §2.8, §2.7) and create its lun<N>
 * views.  Duplicate names get "_1", "_2", ... (scenario 34).
 * @t:         target
 * @initiator: initiator name
 * @priv:      driver data, set before the driver's sess_files() hook
 * @out:       receives the session (may be NULL)
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_sess_register(struct sfs_tgt *t, const char *initiator, void *priv,
		      struct sfs_sess **out);

/**
 * sfs_sess_unregister() - close a session: remove its directory and views.
 * @s: session (NULL does nothing)
 */
void sfs_sess_unregister(struct sfs_sess *s);

/**
 * sfs_acg_add_lun() - map @d at @lun in @g (scst_acg_add_lun): LUN dir,
 * export link, and a lun<N> view in every session bound to @g.
 * @g:         group
 * @d:         device
 * @lun:       LUN number, 0..16383
 * @read_only: LUN read-only flag
 * @cm_auto:   the copy manager's automatic registration (no read-only check)
 *
 * Return: 0; -EEXIST when @lun is used; -EINVAL for a DIF device on a
 * non-DIF target or a read-only LUN/device on the copy manager (spec
 * §2.9, scenario 47); -ENOMEM.
 */
int sfs_acg_add_lun(struct sfs_acg *g, struct sfs_dev *d, uint64_t lun, bool read_only,
		    bool cm_auto);

/**
 * sfs_acg_has_lun() - whether @g maps LUN number @lun.
 * @g:   group
 * @lun: number
 *
 * Return: true when it does.
 */
bool sfs_acg_has_lun(struct sfs_acg *g, uint64_t lun);

/**
 * sfs_tgt_dev_has_cm_lun() - whether the copy manager maps @d.
 * @d: device
 *
 * Return: true when a copy_manager_tgt LUN maps it.
 */
bool sfs_tgt_dev_has_cm_lun(const struct sfs_dev *d);

/**
 * sfs_attr_mkfiles() - create a table of attribute files.
 * @dir:  directory
 * @tab:  array of { name, mode, attr }
 * @n:    count
 * @priv: object for every file
 *
 * Return: 0 or the first error of sfs_mkfile().
 */
struct sfs_attr_def {
	const char *name;
	mode_t mode;
	const struct sfs_attr *attr;
};
int sfs_attr_mkfiles(struct sfs_node *dir, const struct sfs_attr_def *tab, size_t n,
		     void *priv);


/* ---- drivers ------------------------------------------------------------- */

/** sfs_cm_init() - copy_manager driver, target and session (cm.c).  Return: 0 or -errno. */
int sfs_cm_init(void);
/** sfs_local_init() - scst_local with its default target (local.c).  Return: 0 or -errno. */
int sfs_local_init(void);
/** sfs_iscsi_init() - iscsi driver and daemon attributes (iscsi.c).  Return: 0 or -errno. */
int sfs_iscsi_init(void);
/** sfs_qla_init() - qla2x00t hardware targets from --qla-wwn (qla.c).  Return: 0 or -errno. */
int sfs_qla_init(void);

/** sfs_iscsi_tgtt() / sfs_local_tgtt() / sfs_qla_tgtt() - driver templates, NULL if absent. */
struct sfs_tgtt *sfs_iscsi_tgtt(void);
struct sfs_tgtt *sfs_local_tgtt(void);
struct sfs_tgtt *sfs_qla_tgtt(void);

#endif /* SCSTFS_TGT_H */
