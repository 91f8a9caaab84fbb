/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * scstcfg.h - the SCST configuration library: the scst.conf model, its
 * parser, validator and printer.
 *
 * Error convention (../shared/STYLE.md §5): every function returning int
 * gives >= 0 on success and a negative errno value on failure; errno itself
 * is never used.  Messages: scstcfg_strerror() (either sign) and
 * scstcfg_ctx_last_error() ("file:line:column: message").
 *
 * Ownership: a model owns all of its nodes, attributes and strings; every
 * pointer returned by a getter is borrowed and stays valid until the node is
 * removed or the model is freed.  Strings passed to mutators are copied.
 * Nothing here is thread-safe; one context or model belongs to one thread
 * at a time.  There are no static buffers.
 *
 * Behaviour references: "spec" = ../shared/spec/scstadmin.md (the scstadmin
 * behavioural spec), "sysfs spec" = ../shared/spec/scst-sysfs.md.
 */
#ifndef SCSTCFG_SCSTCFG_H
#define SCSTCFG_SCSTCFG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks every exported symbol; the library is built with -fvisibility=hidden. */
#ifndef SCSTCFG_PUBLIC
#define SCSTCFG_PUBLIC __attribute__((visibility("default")))
#endif

struct scstcfg_ctx;
struct scstcfg_model;
struct scstcfg_node;
struct scstcfg_attr;
struct scstcfg_diags;
struct scstcfg_diag;

/* ------------------------------------------------------------------ */
/* Context, errors, logging                                            */
/* ------------------------------------------------------------------ */

/**
 * scstcfg_ctx_new() - create a library context.
 * @out: on success, the new context (free with scstcfg_ctx_free())
 *
 * The context holds the log level (syslog numbers, default LOG_WARNING = 4),
 * the log callback (default: print to stderr) and the last error message.
 * Source: STYLE.md §5, §7.
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_ctx_new(struct scstcfg_ctx **out);

/**
 * scstcfg_ctx_free() - release a context.
 * @ctx: context; NULL does nothing
 */
SCSTCFG_PUBLIC void scstcfg_ctx_free(struct scstcfg_ctx *ctx);

/**
 * scstcfg_ctx_set_log_level() - set the most verbose level that is logged.
 * @ctx:   context
 * @level: syslog level, 0 (LOG_EMERG) to 7 (LOG_DEBUG); values outside are clamped
 */
SCSTCFG_PUBLIC void scstcfg_ctx_set_log_level(struct scstcfg_ctx *ctx, int level);

/**
 * scstcfg_ctx_get_log_level() - the current log level.
 * @ctx: context
 *
 * Return: a syslog level, 0..7.
 */
SCSTCFG_PUBLIC int scstcfg_ctx_get_log_level(const struct scstcfg_ctx *ctx);

/**
 * scstcfg_ctx_set_log_fn() - replace the log callback.
 * @ctx:  context
 * @fn:   callback(priv, level, source file, source line, function, fmt, ap);
 *        NULL restores the default (stderr)
 * @priv: passed to @fn unchanged
 *
 * The callback is only called for messages at or below the log level.
 */
SCSTCFG_PUBLIC void scstcfg_ctx_set_log_fn(struct scstcfg_ctx *ctx,
					   void (*fn)(void *priv, int level, const char *file,
						      int line, const char *func,
						      const char *fmt, va_list ap),
					   void *priv);

/**
 * scstcfg_ctx_last_error() - message of the last failure in this context.
 * @ctx: context
 *
 * For parse and validation failures this is the first error as
 * "file:line:column: message"; for I/O failures it names the path.
 *
 * Return: a string owned by @ctx, valid until the next call that fails;
 * "" when nothing failed yet.
 */
SCSTCFG_PUBLIC const char *scstcfg_ctx_last_error(const struct scstcfg_ctx *ctx);

/**
 * scstcfg_strerror() - describe an error code.
 * @err: an errno value, either sign (-EINVAL and EINVAL give the same text)
 *
 * Return: a static string (strerror text; never NULL).
 */
SCSTCFG_PUBLIC const char *scstcfg_strerror(int err);

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */
/* ------------------------------------------------------------------ */

/**
 * enum scstcfg_severity - severity of a diagnostic.
 * @SCSTCFG_WARNING: the input is used anyway (maybe after a fix-up)
 * @SCSTCFG_ERROR:   the input is rejected
 */
enum scstcfg_severity {
	SCSTCFG_WARNING = 1,
	SCSTCFG_ERROR = 2,
};

/**
 * scstcfg_diags_new() - create an empty diagnostics list.
 * @out: on success, the list (free with scstcfg_diags_free())
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_diags_new(struct scstcfg_diags **out);

/**
 * scstcfg_diags_free() - release a diagnostics list.
 * @d: list; NULL does nothing
 */
SCSTCFG_PUBLIC void scstcfg_diags_free(struct scstcfg_diags *d);

/**
 * scstcfg_diags_count() - number of diagnostics.
 * @d: list
 *
 * Return: the count (>= 0).
 */
SCSTCFG_PUBLIC size_t scstcfg_diags_count(const struct scstcfg_diags *d);

/**
 * scstcfg_diags_count_severity() - number of diagnostics of one severity.
 * @d:   list
 * @sev: SCSTCFG_WARNING or SCSTCFG_ERROR
 *
 * Return: the count (>= 0).
 */
SCSTCFG_PUBLIC size_t scstcfg_diags_count_severity(const struct scstcfg_diags *d,
						   enum scstcfg_severity sev);

/**
 * scstcfg_diags_at() - one diagnostic.
 * @d: list
 * @i: index, 0 .. count-1
 *
 * Return: a borrowed pointer, or NULL when @i is out of range.
 */
SCSTCFG_PUBLIC const struct scstcfg_diag *scstcfg_diags_at(const struct scstcfg_diags *d,
							   size_t i);

/**
 * scstcfg_diags_sort() - order the list by file position (stable).
 * @d: list
 *
 * Diagnostics without a position (line 0) come first.
 */
SCSTCFG_PUBLIC void scstcfg_diags_sort(struct scstcfg_diags *d);

/**
 * scstcfg_diag_get_severity() - severity of a diagnostic.
 * @g: diagnostic
 *
 * Return: SCSTCFG_WARNING or SCSTCFG_ERROR.
 */
SCSTCFG_PUBLIC enum scstcfg_severity scstcfg_diag_get_severity(const struct scstcfg_diag *g);

/**
 * scstcfg_diag_get_file() - name of the file the diagnostic is about.
 * @g: diagnostic
 *
 * Return: borrowed string ("<text>" for scstcfg_parse_text() without a name,
 * "" for a model that was built in memory).
 */
SCSTCFG_PUBLIC const char *scstcfg_diag_get_file(const struct scstcfg_diag *g);

/**
 * scstcfg_diag_get_line() - 1-based line number.
 * @g: diagnostic
 *
 * Return: the line, or 0 when the diagnostic concerns the whole file or a
 * node built in memory.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_diag_get_line(const struct scstcfg_diag *g);

/**
 * scstcfg_diag_get_col() - 1-based byte column (a tab counts as one).
 * @g: diagnostic
 *
 * Return: the column, or 0 when there is no position.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_diag_get_col(const struct scstcfg_diag *g);

/**
 * scstcfg_diag_get_message() - the message text, without position or severity.
 * @g: diagnostic
 *
 * Return: borrowed string.
 */
SCSTCFG_PUBLIC const char *scstcfg_diag_get_message(const struct scstcfg_diag *g);

/**
 * scstcfg_diag_get_source_line() - the source line the diagnostic points at.
 * @g: diagnostic
 *
 * Return: borrowed string without its line terminator, or NULL when there is
 * no position.
 */
SCSTCFG_PUBLIC const char *scstcfg_diag_get_source_line(const struct scstcfg_diag *g);

/**
 * scstcfg_diag_format() - render a diagnostic the way compilers do.
 * @g:   diagnostic
 * @out: on success, a malloc()ed string (free with free()):
 *       "file:line:col: error: message\n<source line>\n<caret line>\n";
 *       without a position just "file: warning: message\n"
 *
 * The caret line repeats the tabs of the source line so that the caret
 * lines up under the offending column.
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_diag_format(const struct scstcfg_diag *g, char **out);

/* ------------------------------------------------------------------ */
/* Model                                                                */
/* ------------------------------------------------------------------ */

/**
 * enum scstcfg_kind - what a node of the model is.
 * @SCSTCFG_KIND_ROOT:      the model's root: SCST core attributes
 * @SCSTCFG_KIND_HANDLER:   HANDLER h (child of ROOT)
 * @SCSTCFG_KIND_DEVICE:    DEVICE d (child of HANDLER); names are unique model-wide
 * @SCSTCFG_KIND_DRIVER:    TARGET_DRIVER d (child of ROOT)
 * @SCSTCFG_KIND_TARGET:    TARGET t (child of DRIVER); may be marked HW_TARGET
 * @SCSTCFG_KIND_LUN:       LUN n dev (child of TARGET or GROUP); name = device
 * @SCSTCFG_KIND_GROUP:     GROUP g, an initiator group (child of TARGET)
 * @SCSTCFG_KIND_INITIATOR: INITIATOR pattern (child of GROUP)
 * @SCSTCFG_KIND_ALUA:      the ALUA {} block (exactly one, scstcfg_model_get_alua())
 * @SCSTCFG_KIND_DGROUP:    DEVICE_GROUP dg (child of ROOT)
 * @SCSTCFG_KIND_DG_DEVICE: DEVICE d reference inside a DEVICE_GROUP; no attributes
 * @SCSTCFG_KIND_TGROUP:    TARGET_GROUP tg (child of DGROUP)
 * @SCSTCFG_KIND_TG_TARGET: TARGET t inside a TARGET_GROUP (local or remote)
 *
 * Source: spec §1.2.
 */
enum scstcfg_kind {
	SCSTCFG_KIND_ROOT,
	SCSTCFG_KIND_HANDLER,
	SCSTCFG_KIND_DEVICE,
	SCSTCFG_KIND_DRIVER,
	SCSTCFG_KIND_TARGET,
	SCSTCFG_KIND_LUN,
	SCSTCFG_KIND_GROUP,
	SCSTCFG_KIND_INITIATOR,
	SCSTCFG_KIND_ALUA,
	SCSTCFG_KIND_DGROUP,
	SCSTCFG_KIND_DG_DEVICE,
	SCSTCFG_KIND_TGROUP,
	SCSTCFG_KIND_TG_TARGET,
};

/* Largest LUN number SCST accepts (sysfs spec §3.3). */
#define SCSTCFG_LUN_MAX 16383u

/**
 * scstcfg_model_new() - create an empty model.
 * @out: on success, the model (free with scstcfg_model_free())
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_model_new(struct scstcfg_model **out);

/**
 * scstcfg_model_free() - release a model and everything in it.
 * @m: model; NULL does nothing
 */
SCSTCFG_PUBLIC void scstcfg_model_free(struct scstcfg_model *m);

/**
 * scstcfg_model_get_source() - name of the file the model was parsed from.
 * @m: model
 *
 * Return: borrowed string; "" for a model built in memory.
 */
SCSTCFG_PUBLIC const char *scstcfg_model_get_source(const struct scstcfg_model *m);

/**
 * scstcfg_model_get_root() - the root node (core attributes; parent of
 * handlers, drivers and device groups).
 * @m: model
 *
 * Return: borrowed node of kind SCSTCFG_KIND_ROOT (never NULL).
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_model_get_root(struct scstcfg_model *m);

/**
 * scstcfg_model_get_alua() - the ALUA {} node (attributes of device_groups/).
 * @m: model
 *
 * Always present; it is printed only when it has attributes (spec §2.4).
 *
 * Return: borrowed node of kind SCSTCFG_KIND_ALUA (never NULL).
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_model_get_alua(struct scstcfg_model *m);

/**
 * scstcfg_model_find_device() - look a device up by name, whatever its handler.
 * @m:    model
 * @name: device name
 *
 * O(1) (hash index).  Device names are global in SCST (sysfs spec §3.2).
 *
 * Return: borrowed DEVICE node, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_model_find_device(const struct scstcfg_model *m,
							      const char *name);

/**
 * scstcfg_model_equal() - compare two models, ignoring source positions.
 * @a: model
 * @b: model
 *
 * Compares what scst.conf expresses, as sets: children by name (LUNs by
 * number and device), attributes as (name, value) pairs, the HW_TARGET mark.
 * The order of children, attribute lines and multi-values is ignored (the
 * printer sorts them, spec §2.4).  HANDLER and TARGET_DRIVER nodes that have
 * neither attributes nor children count as absent, because the printer
 * omits them just like Perl's -write_config (spec §2.4).
 *
 * Return: true when equal.
 */
SCSTCFG_PUBLIC bool scstcfg_model_equal(const struct scstcfg_model *a,
					const struct scstcfg_model *b);

/**
 * scstcfg_model_has_secrets() - whether the model holds CHAP secrets.
 * @m: model
 *
 * True when any node has an attribute whose name starts, ignoring case, with
 * "IncomingUser" or "OutgoingUser" (iSCSI CHAP, spec §1.2).
 *
 * Return: true or false.
 */
SCSTCFG_PUBLIC bool scstcfg_model_has_secrets(const struct scstcfg_model *m);

/**
 * scstcfg_node_get_kind() - what a node is.
 * @n: node
 *
 * Return: an enum scstcfg_kind value.
 */
SCSTCFG_PUBLIC enum scstcfg_kind scstcfg_node_get_kind(const struct scstcfg_node *n);

/**
 * scstcfg_node_get_name() - the node's name.
 * @n: node
 *
 * For a LUN this is the device name; ROOT and ALUA have "".
 *
 * Return: borrowed string (never NULL).
 */
SCSTCFG_PUBLIC const char *scstcfg_node_get_name(const struct scstcfg_node *n);

/**
 * scstcfg_node_get_parent() - the node's parent.
 * @n: node
 *
 * Return: borrowed node, or NULL for ROOT and ALUA.
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_get_parent(const struct scstcfg_node *n);

/**
 * scstcfg_node_get_line() - line of the node's header in the source file.
 * @n: node
 *
 * Return: 1-based line, or 0 for a node built in memory.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_node_get_line(const struct scstcfg_node *n);

/**
 * scstcfg_node_get_col() - column of the node's name (its keyword for LUN,
 * ALUA and HW_TARGET-less headers) in the source file.
 * @n: node
 *
 * Return: 1-based byte column, or 0 for a node built in memory.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_node_get_col(const struct scstcfg_node *n);

/**
 * scstcfg_node_set_pos() - set the source position of a node.
 * @n:    node
 * @line: 1-based line, 0 = none
 * @col:  1-based column, 0 = none
 *
 * For builders that read other sources (e.g. a sysfs tree) and want
 * positions in diagnostics.
 */
SCSTCFG_PUBLIC void scstcfg_node_set_pos(struct scstcfg_node *n, unsigned int line,
					 unsigned int col);

/**
 * scstcfg_node_add() - add a named child.
 * @parent: parent node
 * @kind:   child kind; must be allowed under @parent (see enum scstcfg_kind);
 *          not SCSTCFG_KIND_LUN (use scstcfg_lun_add())
 * @name:   child name, copied; any bytes (validation is separate:
 *          scstcfg_model_validate())
 * @out:    on success, the new child (may be NULL)
 *
 * O(1) expected (hash index per parent; devices use the model-wide index).
 *
 * Return: 0; -EINVAL when @kind is not a child kind of @parent or @name is
 * NULL; -EEXIST when a child of that kind and name exists (for devices:
 * anywhere in the model); -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_node_add(struct scstcfg_node *parent, enum scstcfg_kind kind,
				    const char *name, struct scstcfg_node **out);

/**
 * scstcfg_lun_add() - add a LUN to a TARGET or GROUP.
 * @parent: TARGET or GROUP node
 * @number: LUN number (not range-checked here; see scstcfg_model_validate())
 * @device: device name, copied
 * @out:    on success, the new LUN node (may be NULL)
 *
 * Return: 0; -EINVAL for a wrong @parent kind or NULL @device; -EEXIST when
 * the LUN number is taken; -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_lun_add(struct scstcfg_node *parent, uint64_t number,
				   const char *device, struct scstcfg_node **out);

/**
 * scstcfg_node_find() - look a child up by kind and name.
 * @parent: parent node
 * @kind:   child kind (for LUNs use scstcfg_lun_find())
 * @name:   name
 *
 * O(1) expected.
 *
 * Return: borrowed node, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_find(const struct scstcfg_node *parent,
						      enum scstcfg_kind kind, const char *name);

/**
 * scstcfg_lun_find() - look a LUN up by number.
 * @parent: TARGET or GROUP node
 * @number: LUN number
 *
 * Return: borrowed LUN node, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_lun_find(const struct scstcfg_node *parent,
						     uint64_t number);

/**
 * scstcfg_lun_get_number() - a LUN's number.
 * @lun: LUN node
 *
 * Return: the number (0 for a node that is not a LUN).
 */
SCSTCFG_PUBLIC uint64_t scstcfg_lun_get_number(const struct scstcfg_node *lun);

/**
 * scstcfg_node_count() - number of children of one kind.
 * @parent: node
 * @kind:   child kind
 *
 * Return: the count (0 when @kind is not a child kind of @parent).
 */
SCSTCFG_PUBLIC size_t scstcfg_node_count(const struct scstcfg_node *parent,
					 enum scstcfg_kind kind);

/**
 * scstcfg_node_first() - first child of one kind, in insertion (file) order.
 * @parent: node
 * @kind:   child kind
 *
 * Iterate with scstcfg_node_next().  Use the printer for sorted output.
 *
 * Return: borrowed node, or NULL when there is none.
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_first(const struct scstcfg_node *parent,
						       enum scstcfg_kind kind);

/**
 * scstcfg_node_next() - the next sibling of the same kind.
 * @n: node
 *
 * Return: borrowed node, or NULL after the last one.
 */
SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_next(const struct scstcfg_node *n);

/**
 * scstcfg_node_remove() - remove a child and everything below it.
 * @n: node (not ROOT or ALUA); invalid after the call
 *
 * O(number of siblings).  The memory is released with the model.
 *
 * Return: 0, or -EINVAL for ROOT/ALUA.
 */
SCSTCFG_PUBLIC int scstcfg_node_remove(struct scstcfg_node *n);

/**
 * scstcfg_target_get_hw() - whether a TARGET carries the HW_TARGET mark.
 * @target: TARGET node
 *
 * Return: true or false (false for other kinds).
 */
SCSTCFG_PUBLIC bool scstcfg_target_get_hw(const struct scstcfg_node *target);

/**
 * scstcfg_target_set_hw() - set or clear the HW_TARGET mark.
 * @target: TARGET node
 * @hw:     the mark
 *
 * Return: 0, or -EINVAL when @target is not a TARGET.
 */
SCSTCFG_PUBLIC int scstcfg_target_set_hw(struct scstcfg_node *target, bool hw);

/* ------------------------------------------------------------------ */
/* Attributes: (name, value) lines of a node, in file order; a          */
/* multi-valued attribute is several lines with the same name.          */
/* ------------------------------------------------------------------ */

/**
 * scstcfg_attr_add() - append a value of an attribute.
 * @n:     node (not DG_DEVICE)
 * @name:  attribute name, copied
 * @value: value, copied ("" for a bare keyword)
 * @out:   on success, the new attribute line (may be NULL)
 *
 * Return: 0; -EINVAL for a DG_DEVICE node or NULL strings; -EEXIST when the
 * same (name, value) pair exists; -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_attr_add(struct scstcfg_node *n, const char *name,
				    const char *value, struct scstcfg_attr **out);

/**
 * scstcfg_attr_set() - replace every value of an attribute by one value.
 * @n:     node
 * @name:  attribute name
 * @value: the new value
 *
 * Return: 0, -EINVAL or -ENOMEM as scstcfg_attr_add().
 */
SCSTCFG_PUBLIC int scstcfg_attr_set(struct scstcfg_node *n, const char *name,
				    const char *value);

/**
 * scstcfg_attr_remove() - remove values of an attribute.
 * @n:     node
 * @name:  attribute name
 * @value: the value to remove, or NULL for all values
 *
 * Return: the number of lines removed (>= 0).
 */
SCSTCFG_PUBLIC int scstcfg_attr_remove(struct scstcfg_node *n, const char *name,
				       const char *value);

/**
 * scstcfg_attr_first() - the first attribute line of a node.
 * @n: node
 *
 * Return: borrowed attribute, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_first(const struct scstcfg_node *n);

/**
 * scstcfg_attr_next() - the next attribute line (any name).
 * @a: attribute
 *
 * Return: borrowed attribute, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_next(const struct scstcfg_attr *a);

/**
 * scstcfg_attr_find() - the first line of a named attribute.
 * @n:    node
 * @name: attribute name (case-sensitive)
 *
 * Continue with scstcfg_attr_find_next() for further values.
 *
 * Return: borrowed attribute, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_find(const struct scstcfg_node *n,
						      const char *name);

/**
 * scstcfg_attr_find_next() - the next line with the same name as @a.
 * @a: attribute
 *
 * Return: borrowed attribute, or NULL.
 */
SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_find_next(const struct scstcfg_attr *a);

/**
 * scstcfg_attr_count() - number of attribute lines.
 * @n:    node
 * @name: count only this name, or NULL for all
 *
 * Return: the count.
 */
SCSTCFG_PUBLIC size_t scstcfg_attr_count(const struct scstcfg_node *n, const char *name);

/**
 * scstcfg_attr_get_name() - attribute name.
 * @a: attribute
 *
 * Return: borrowed string.
 */
SCSTCFG_PUBLIC const char *scstcfg_attr_get_name(const struct scstcfg_attr *a);

/**
 * scstcfg_attr_get_value() - attribute value ("" for a bare keyword).
 * @a: attribute
 *
 * Return: borrowed string.
 */
SCSTCFG_PUBLIC const char *scstcfg_attr_get_value(const struct scstcfg_attr *a);

/**
 * scstcfg_attr_get_line() - source line of the attribute.
 * @a: attribute
 *
 * Return: 1-based line, or 0 when built in memory.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_attr_get_line(const struct scstcfg_attr *a);

/**
 * scstcfg_attr_get_col() - source column of the attribute's name.
 * @a: attribute
 *
 * Return: 1-based column, or 0 when built in memory.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_attr_get_col(const struct scstcfg_attr *a);

/* ------------------------------------------------------------------ */
/* Parsing, validation, printing                                        */
/* ------------------------------------------------------------------ */

/**
 * scstcfg_parse_text() - parse scst.conf text.
 * @ctx:   context (last error, logging)
 * @text:  the text; need not be NUL-terminated; not modified
 * @len:   its length in bytes
 * @name:  file name for diagnostics, or NULL for "<text>"
 * @diags: list that receives every warning and error (may be NULL)
 * @out:   on success, the model (free with scstcfg_model_free()); set to NULL
 *         on failure - there is never a partial result
 *
 * Grammar: spec §1, with these deliberate fixes of Perl quirks (spec §7
 * items 6-8, 15): a one-line block "LUN 0 d { read_only 1 }" keeps its
 * body; a "{" alone on the next line opens the block of the previous line;
 * a brace-less DEVICE/TARGET/GROUP/TARGET_GROUP never swallows the next
 * line; "key=value" is read as "key value"; CRLF line ends work.  Comments
 * and escapes: spec §1.1, see lib/scstcfg/parse.c for the exact rules.
 *
 * Errors (diagnostics of severity SCSTCFG_ERROR, each with line and column):
 * unbalanced braces; an attribute with more than one value or with a block
 * ("Attribute 'X' has an invalid value", spec §1.1.7); two devices on one
 * LUN (spec §1.4); a device defined under two handlers; a malformed
 * keyword line; the old procfs format; a NUL byte anywhere, even in a
 * comment (a text file has none; it would cut a name or value): reading
 * stops there, so it is the last diagnostic.  Warnings (spec §1.4, Perl
 * checkConfiguration): duplicate sections (the last wins); a "/dev/" device
 * prefix (stripped); a LUN or device-group DEVICE naming an undefined device
 * (dropped); missing LUN 0 (not for copy_manager); a driver without targets;
 * no HANDLER or no TARGET_DRIVER section; an empty file; a 4th token on a LUN
 * line; LUN lines inside TARGET_GROUP (ignored).
 *
 * Return: 0 (warnings may exist); -EINVAL when there was at least one
 * error; -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_parse_text(struct scstcfg_ctx *ctx, const char *text, size_t len,
				      const char *name, struct scstcfg_diags *diags,
				      struct scstcfg_model **out);

/**
 * scstcfg_parse_file() - parse an scst.conf file.
 * @ctx:   context
 * @path:  file path
 * @diags: as scstcfg_parse_text()
 * @out:   as scstcfg_parse_text()
 *
 * Return: as scstcfg_parse_text(), or the -errno of open()/read() (the last
 * error then reads "Unable to open configuration file 'PATH': TEXT",
 * spec §1.4).
 */
SCSTCFG_PUBLIC int scstcfg_parse_file(struct scstcfg_ctx *ctx, const char *path,
				      struct scstcfg_diags *diags, struct scstcfg_model **out);

/**
 * scstcfg_model_validate() - check that applying the model cannot hurt the kernel.
 * @ctx:   context
 * @m:     model (not modified)
 * @diags: receives one SCSTCFG_ERROR per problem (may be NULL)
 *
 * Rejects (sysfs spec §1.1, §2.2, §2.5, §3.2, §3.3; scst-real README
 * "Behaviour worth knowing"): names (handler, device, driver, target, group,
 * initiator, device group, target group, tg target) that are empty or contain
 * '/', blanks, '=' or control characters; device names with '.' or longer
 * than 64 bytes; devices named mgmt, type or trace_level; targets named mgmt
 * or enabled; groups and initiators named mgmt; values containing a newline
 * or any control character other than tab; ';' in device, target and LUN
 * attribute values (they reach k=v; parameter lists); LUN numbers above
 * 16383; an initiator in two groups of one target (spec §1.4); a device in two
 * device groups; a target in two target groups of one device group (EEXIST,
 * sysfs spec §3.6).
 *
 * Return: 0 when valid, -EINVAL otherwise (the last error is the first
 * problem).
 */
SCSTCFG_PUBLIC int scstcfg_model_validate(struct scstcfg_ctx *ctx,
					  const struct scstcfg_model *m,
					  struct scstcfg_diags *diags);

/* scstcfg_model_print() flags */
#define SCSTCFG_PRINT_NO_HEADER 0x1u /* omit "# Automatically generated by ..." */

/* The header line of -write_config (spec §2.4). */
#define SCSTCFG_PRINT_HEADER "# Automatically generated by SCST Configurator v3.11.0-pre."

/**
 * struct scstcfg_nonkey - the non-key attribute lines of one node.
 * @names:  attribute names, in the order to print (Perl: sorted)
 * @values: their values
 * @count:  number of lines; 0 = none
 */
struct scstcfg_nonkey {
	const char *const *names;
	const char *const *values;
	size_t count;
};

/**
 * scstcfg_model_set_nonkey() - make the printer add non-key attributes.
 * @m:    model
 * @get:  fills @out with the non-key attributes of node @n (borrowed until
 *        the next call); returns 0 or -errno, which fails the print; NULL
 *        turns the blocks off
 * @priv: passed to @get
 *
 * With a source set, scstcfg_model_print() and friends add a
 * "# Non-key attributes" block to every object @get gives lines for, where
 * Perl's -write_config -nonkey puts it (spec scstadmin.md §2.4); the lines
 * are escaped like the key attributes.  The model itself is not changed.
 */
SCSTCFG_PUBLIC void scstcfg_model_set_nonkey(struct scstcfg_model *m,
					     int (*get)(void *priv, const struct scstcfg_node *n,
							struct scstcfg_nonkey *out),
					     void *priv);

/**
 * scstcfg_model_print() - render the canonical scst.conf text.
 * @m:     model
 * @flags: SCSTCFG_PRINT_* flags
 * @out:   on success, a malloc()ed NUL-terminated text (free with free())
 * @len:   on success, its length (may be NULL)
 *
 * Layout byte-identical to Perl -write_config (spec §2.4): header, core
 * attributes, handlers, drivers, ALUA, device groups; names sorted by byte
 * value, multi-values sorted, LUNs numeric, one tab per level, "\" and "#"
 * escaped, blank-containing values quoted, HW_TARGET + blank line, group
 * LUNs then INITIATOR lines each after a blank line, childless objects as a
 * bare header line, device-group DEVICE lines in stored order.  Deviations,
 * for a lossless round trip: '"', '{' and '}' are escaped too, an empty
 * value is written as "", names are escaped like values, and an empty
 * DEVICE_GROUP is kept as "DEVICE_GROUP dg {" "}" (Perl drops it).
 *
 * Return: 0; -EINVAL when a name or value contains a newline (it cannot be
 * written); -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_model_print(const struct scstcfg_model *m, unsigned int flags,
				       char **out, size_t *len);

/**
 * scstcfg_model_print_file() - scstcfg_model_print() to a stdio stream.
 * @m:     model
 * @flags: SCSTCFG_PRINT_* flags
 * @f:     stream
 *
 * Return: 0, -EINVAL/-ENOMEM as scstcfg_model_print(), or -EIO when the
 * stream write fails.
 */
SCSTCFG_PUBLIC int scstcfg_model_print_file(const struct scstcfg_model *m, unsigned int flags,
					    FILE *f);

/**
 * scstcfg_model_write_file() - write the canonical text to a file atomically.
 * @ctx:   context (last error names the path)
 * @m:     model
 * @flags: SCSTCFG_PRINT_* flags
 * @path:  destination
 *
 * Temporary file, fsync, rename, directory fsync (STYLE.md §6).  The mode is
 * 0600 when the model holds CHAP secrets (scstcfg_model_has_secrets()),
 * else 0644.
 *
 * Return: 0, -EINVAL/-ENOMEM as scstcfg_model_print(), or the -errno of the
 * failing system call (last error: "Failed to save configuration to file
 * 'PATH': TEXT", spec §2.4).
 */
SCSTCFG_PUBLIC int scstcfg_model_write_file(struct scstcfg_ctx *ctx,
					    const struct scstcfg_model *m, unsigned int flags,
					    const char *path);

#ifdef __cplusplus
}
#endif

#endif /* SCSTCFG_SCSTCFG_H */
