/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * plan.h - private structures shared by the reader (read.c), the planner
 * (plan.c) and the executor (apply.c).  Never installed.
 *
 * struct scstcfg_state is "the live kernel as the planner needs it":
 *  - a model (scstcfg.h) holding what -write_config would save: [key]
 *    attributes (static ones only when they are create-time parameters,
 *    spec scst-sysfs.md §1.3), "enabled" always, objects and links;
 *  - per object, every readable attribute with value, [key] mark and
 *    writability (struct live_obj), found from the model node in O(1);
 *  - what the kernel advertises: create-time parameters of each handler
 *    and driver, dynamic attribute names, whether a driver can create
 *    targets (struct kinfo).
 */
#ifndef SCSTCFG_PLAN_H
#define SCSTCFG_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "scstcfg/apply.h"
#include "sysfs.h"

/* One attribute file of a live object. */
struct live_attr {
	char *name;	/* file name; dynamic attrs keep their digits (IncomingUser1) */
	char *value;	/* line 1 */
	bool key;
	bool writable;
};

/* Everything read about one object that the model does not hold. */
struct live_obj {
	const struct scstcfg_node *node;
	struct live_attr *attrs;	/* sorted by name */
	size_t n_attrs;
	char **sessions;		/* targets: session dir names */
	size_t n_sessions;
	bool remote;			/* TG_TARGET: a directory, not a link */
};

/* Handler or driver: what its mgmt file advertises. */
struct kinfo {
	char *name;
	bool has_mgmt;			/* mgmt file exists */
	bool can_create;		/* drivers: mgmt writable (spec §3.1) */
	struct scstcfg_mgmt_help help;
};

struct scstcfg_state {
	struct scstcfg_model *model;
	/* node pointer -> live_obj, open addressing */
	struct live_obj **tab;
	size_t tab_cap, tab_count;
	struct kinfo *handlers;
	size_t n_handlers;
	struct kinfo *drivers;
	size_t n_drivers;
	struct scstcfg_mgmt_help lun_help;	/* luns/mgmt: read_only */
	bool have_lun_help;
};

struct scstcfg_op {
	char *path;
	char *data;
	char *masked;
	char *desc;
	enum scstcfg_kind kind;
	unsigned int flags;
	enum scstcfg_op_status status;
	int error;
};

struct scstcfg_plan {
	struct scstcfg_op *ops;
	size_t n, cap;
	char **notes;
	size_t n_notes, cap_notes;
};

/* read.c */

/* The live details of model node @n (NULL when none were recorded; O(1)). */
struct live_obj *state_obj(const struct scstcfg_state *st, const struct scstcfg_node *n);

/* Find or create the live_obj of @n.  Return: 0 or -ENOMEM. */
int state_obj_add(struct scstcfg_state *st, const struct scstcfg_node *n,
		  struct live_obj **out);

/* Attribute file @name of @o (binary search; @o may be NULL), or NULL. */
const struct live_attr *live_obj_attr(const struct live_obj *o, const char *name);

/* What handler/driver @name advertises, or NULL when the kernel has no such one. */
const struct kinfo *state_handler(const struct scstcfg_state *st, const char *name);
const struct kinfo *state_driver(const struct scstcfg_state *st, const char *name);

/* A state owning @m with nothing recorded yet.  Return: 0 or -ENOMEM. */
int state_new_empty(struct scstcfg_model *m, struct scstcfg_state **out);

#endif /* SCSTCFG_PLAN_H */
