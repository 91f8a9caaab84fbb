/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * scstcfg/apply.h - make a live SCST kernel match a configuration.
 *
 * The pieces, in the order a "scstadmin -config" run uses them (issue #4,
 * spec scstadmin.md §3):
 *   1. struct scstcfg_sysfs: the connection to /sys/kernel/scst_tgt (or to
 *      $SCST_SYSFS_ROOT, e.g. an scstfs mount), with timeout, dry run,
 *      trace callback, counters and the last error message;
 *   2. scstcfg_modules_load(): load the kernel modules a configuration
 *      needs (spec §3.2 step 1);
 *   3. scstcfg_state_read(): read the live tree into the configuration
 *      model of scstcfg.h, plus what the kernel advertises (create-time
 *      parameters, dynamic attributes);
 *   4. scstcfg_plan_new(): the ordered list of writes that turns the live
 *      state into the wanted configuration; empty when they already match;
 *   5. scstcfg_plan_apply(): run the plan through the robust writer.
 *
 * Errors: every function returning int gives >= 0 on success and -errno on
 * failure (STYLE.md §5), never errno.  Besides errno values, the library
 * returns -SCSTCFG_ENOSCST when SCST is not loaded; scstcfg_apply_strerror()
 * turns either sign of any of these into text.  After a failure,
 * scstcfg_sysfs_last_error() names the sysfs path, the command (CHAP
 * secrets masked as "***") and the errno text.
 *
 * Threads: one context belongs to one thread at a time; no static state.
 */
#ifndef SCSTCFG_APPLY_H
#define SCSTCFG_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scstcfg/scstcfg.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * define SCSTCFG_ENOSCST - "SCST is not loaded": the sysfs root or its
 * version file is missing.  Returned negated, like an errno value; it lies
 * above the errno range.  Text: "Failed to obtain SCST version information.
 * Are the SCST modules loaded?" (spec scstadmin.md §2.1).
 */
#define SCSTCFG_ENOSCST 4096

/** define SCSTCFG_DEFAULT_TIMEOUT - EAGAIN wait in seconds (Perl's 300 s). */
#define SCSTCFG_DEFAULT_TIMEOUT 300

/**
 * scstcfg_apply_strerror() - text of an error returned by this header's
 * functions.
 * @err: -errno, errno, or ±SCSTCFG_ENOSCST (either sign)
 *
 * Return: a static string (strerror() text for errno values).
 */
SCSTCFG_PUBLIC const char *scstcfg_apply_strerror(int err);

/* ---- connection to the SCST sysfs tree ------------------------------------ */

struct scstcfg_sysfs;

/**
 * struct scstcfg_trace_event - one write, as the trace callback sees it.
 * @path:    absolute path of the file written
 * @data:    bytes written, NUL-terminated, CHAP secrets replaced by "***"
 * @dry_run: true when the write was not performed (dry run)
 * @eagain:  true when write() gave EAGAIN/EINTR and the result came from
 *           last_sysfs_mgmt_res
 * @result:  0 or -errno
 */
struct scstcfg_trace_event {
	const char *path;
	const char *data;
	bool dry_run;
	bool eagain;
	int result;
};

/**
 * struct scstcfg_counters - I/O done through one context.
 * @reads:        files read (each retry counts)
 * @read_retries: reads repeated because of EAGAIN
 * @writes:       write() calls issued
 * @dry_writes:   writes suppressed by the dry run
 * @eagains:      writes that returned EAGAIN or EINTR
 * @polls:        reads of last_sysfs_mgmt_res after such a write
 */
struct scstcfg_counters {
	uint64_t reads;
	uint64_t read_retries;
	uint64_t writes;
	uint64_t dry_writes;
	uint64_t eagains;
	uint64_t polls;
};

/**
 * scstcfg_sysfs_new() - open a connection to the SCST sysfs tree.
 * @root: directory that stands for /sys/kernel/scst_tgt; NULL means the
 *        environment variable SCST_SYSFS_ROOT when set and non-empty, else
 *        /sys/kernel/scst_tgt.  Not checked here: see scstcfg_sysfs_probe().
 * @out:  receives the context; free with scstcfg_sysfs_free()
 *
 * Defaults: timeout SCSTCFG_DEFAULT_TIMEOUT, no dry run, no trace.
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_sysfs_new(const char *root, struct scstcfg_sysfs **out);

/**
 * scstcfg_sysfs_free() - close a connection.
 * @s: context (NULL does nothing)
 */
SCSTCFG_PUBLIC void scstcfg_sysfs_free(struct scstcfg_sysfs *s);

/**
 * scstcfg_sysfs_get_root() - the root directory in use.
 * @s: context
 *
 * Return: borrowed string, valid until scstcfg_sysfs_free().
 */
SCSTCFG_PUBLIC const char *scstcfg_sysfs_get_root(const struct scstcfg_sysfs *s);

/**
 * scstcfg_sysfs_set_timeout() - bound every EAGAIN wait.
 * @s:       context
 * @seconds: how long a read may keep failing with EAGAIN, and how long a
 *           write that got EAGAIN waits for last_sysfs_mgmt_res (Perl 300 s,
 *           pyscstadmin -timeout 60 s; spec scstadmin.md §7 item 60); 0 =
 *           never wait
 */
SCSTCFG_PUBLIC void scstcfg_sysfs_set_timeout(struct scstcfg_sysfs *s, unsigned int seconds);

/**
 * scstcfg_sysfs_set_dry_run() - count and trace writes without performing them.
 * @s:  context
 * @on: true to suppress writes (Perl -debug; spec scstadmin.md §7 item 100)
 */
SCSTCFG_PUBLIC void scstcfg_sysfs_set_dry_run(struct scstcfg_sysfs *s, bool on);

/**
 * scstcfg_sysfs_get_dry_run() - whether writes are suppressed.
 * @s: context
 *
 * Return: the flag of scstcfg_sysfs_set_dry_run().
 */
SCSTCFG_PUBLIC bool scstcfg_sysfs_get_dry_run(const struct scstcfg_sysfs *s);

/**
 * scstcfg_sysfs_set_trace() - observe every write.
 * @s:    context
 * @fn:   called after each write, performed or dry, with @ev valid only
 *        during the call; NULL turns tracing off
 * @priv: handed back to @fn
 */
SCSTCFG_PUBLIC void scstcfg_sysfs_set_trace(struct scstcfg_sysfs *s,
					    void (*fn)(void *priv,
						       const struct scstcfg_trace_event *ev),
					    void *priv);

/**
 * scstcfg_sysfs_get_counters() - I/O counters since creation.
 * @s:   context
 * @out: receives the counters
 */
SCSTCFG_PUBLIC void scstcfg_sysfs_get_counters(const struct scstcfg_sysfs *s,
					       struct scstcfg_counters *out);

/**
 * scstcfg_sysfs_last_error() - describe the last failure.
 * @s: context
 *
 * Return: borrowed text naming the path, the command (secrets masked) and
 * the errno text, e.g. "/sys/kernel/scst_tgt/targets/iscsi/mgmt: writing
 * \"add_target_attribute t1 IncomingUser joe ***\" failed: Invalid argument
 * (EINVAL)"; "" when nothing failed.  Valid until the next call on @s.
 */
SCSTCFG_PUBLIC const char *scstcfg_sysfs_last_error(const struct scstcfg_sysfs *s);

/**
 * scstcfg_sysfs_probe() - check that SCST is loaded.
 * @s: context
 *
 * Reads <root>/version (spec scst-sysfs.md §2.1).
 *
 * Return: 0; -SCSTCFG_ENOSCST when the root or its version file does not
 * exist, with the Perl message "Failed to obtain SCST version information.
 * Are the SCST modules loaded?" (spec scstadmin.md §2.1); other -errno of
 * the read.
 */
SCSTCFG_PUBLIC int scstcfg_sysfs_probe(struct scstcfg_sysfs *s);

/* ---- kernel modules ----------------------------------------------------------- */

/**
 * struct scstcfg_module - a kernel module a configuration needs.
 * @name:     module name, e.g. "scst_vdisk" (static string)
 * @optional: failing to load it is not an error (iSCSI's "crc32c")
 * @loaded:   already present under the /sys/module directory
 */
struct scstcfg_module {
	const char *name;
	bool optional;
	bool loaded;
};

/**
 * scstcfg_module_is_loaded() - whether a module is loaded.
 * @sys_module: directory standing for /sys/module (NULL = /sys/module)
 * @name:       module name; '-' is looked up as '_'
 *
 * Return: true when <sys_module>/<name> is a directory.
 */
SCSTCFG_PUBLIC bool scstcfg_module_is_loaded(const char *sys_module, const char *name);

/**
 * scstcfg_modules_needed() - the modules for some handlers and drivers.
 * @handlers:   handler names of the configuration (may repeat)
 * @n_handlers: count
 * @drivers:    target driver names
 * @n_drivers:  count
 * @sys_module: directory standing for /sys/module (NULL = /sys/module)
 * @out:        receives an array, "scst" first, without duplicates; free
 *              with free()
 * @n:          receives the count
 *
 * Map (spec scstadmin.md §3.2 step 1): always scst; vdisk_* and vcdrom ->
 * scst_vdisk; dev_cdrom, dev_changer, dev_disk[_perf], dev_modisk[_perf],
 * dev_processor, dev_raid, dev_tape[_perf] -> scst_<type>; dev_user and
 * scst_user -> scst_user; iscsi -> iscsi_scst plus optional crc32c (loaded
 * when any of crc32c, crc32c_intel, crc32c_generic is); qla2x00t ->
 * qla2x00tgt; scst_local and ib_srpt -> themselves; copy_manager and
 * unknown names -> nothing.
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_modules_needed(const char *const *handlers, size_t n_handlers,
					  const char *const *drivers, size_t n_drivers,
					  const char *sys_module, struct scstcfg_module **out,
					  size_t *n);

/**
 * scstcfg_modules_load() - load the modules that are needed and missing.
 * @s:          context: its dry-run flag and its error message
 * @handlers:   handler names
 * @n_handlers: count
 * @drivers:    target driver names
 * @n_drivers:  count
 * @sys_module: directory standing for /sys/module (NULL = /sys/module)
 *
 * Loaded modules are skipped without touching libkmod; the others are
 * inserted with libkmod (kmod_module_probe_insert_module(), dependencies
 * and blacklist applied; no shell, spec scstadmin.md §7 item 95).  In a dry
 * run nothing is loaded and the modules that would be are counted.
 *
 * Return: the number of modules loaded (>= 0); -errno of the first failed
 * required module, with scstcfg_sysfs_last_error() = "Failed to load
 * required modules: NAME (text), ..." (spec §3.2 step 1); -EPERM for a
 * blacklisted module; -ENOMEM.  Optional modules never fail the call.
 */
SCSTCFG_PUBLIC int scstcfg_modules_load(struct scstcfg_sysfs *s, const char *const *handlers,
					size_t n_handlers, const char *const *drivers,
					size_t n_drivers, const char *sys_module);

/* ---- live state --------------------------------------------------------------- */

struct scstcfg_state;

/**
 * scstcfg_state_read() - read the live SCST configuration.
 * @s:   context
 * @out: receives the state; free with scstcfg_state_free()
 *
 * Reads core attributes, handlers and devices, drivers, targets, LUNs,
 * initiator groups, sessions and ALUA groups in one walk: every directory
 * listed once, every configuration file read once, statistics and
 * write-only files skipped (spec scstadmin.md §7 item 62).  The model
 * (scstcfg_state_get_model()) holds what -write_config saves (spec §2.4):
 * [key] attributes (static ones only when they are create-time
 * parameters), "enabled" of drivers and targets, multi-valued dynamic
 * attributes under their base name (IncomingUser1 -> IncomingUser), LUN
 * read_only only when the device itself is not read-only, HW_TARGET for
 * targets with hw_target=1 or whose driver cannot create targets
 * (copy_manager_tgt excepted), scst_local session_name from sessions/.
 *
 * Return: 0; -SCSTCFG_ENOSCST when SCST is not loaded; -errno of a failed
 * listing or read (last error names the path); -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_state_read(struct scstcfg_sysfs *s, struct scstcfg_state **out);

/**
 * scstcfg_state_read_for() - read what planning towards @want needs.
 * @s:    context
 * @want: the configuration the state will be planned against
 *        (scstcfg_plan_new()); NULL reads everything, like
 *        scstcfg_state_read()
 * @out:  receives the state; free with scstcfg_state_free()
 *
 * The same walk as scstcfg_state_read() (every directory listed once), but
 * an attribute file is read only when the plan compares it: "enabled" of
 * drivers and targets; of the objects @want has, the attributes it names,
 * all values of dynamic attributes, a device's create-time parameters and
 * read_only, LUN read_only; hw_target of targets @want lacks; the help
 * text of the handlers in use.  The plan is the same as with a full read
 * (spec scstadmin.md §7 item 62), with far fewer reads: a no-op re-apply
 * reads about a dozen files per device and three per target; LUNs and
 * groups of targets @want lacks are not read.  Same as
 * scstcfg_state_read_plan() with SCSTCFG_PLAN_FORCE.  The model
 * then holds only those attributes: print scstcfg_state_read() for
 * -write_config.
 *
 * Return: as scstcfg_state_read().
 */
SCSTCFG_PUBLIC int scstcfg_state_read_for(struct scstcfg_sysfs *s,
					  const struct scstcfg_model *want,
					  struct scstcfg_state **out);

/**
 * scstcfg_state_read_plan() - read what scstcfg_plan_new() with @flags needs.
 * @s:     context
 * @want:  the configuration the state will be planned against; NULL reads
 *         everything, like scstcfg_state_read()
 * @flags: the SCSTCFG_PLAN_* flags the plan will be made with
 * @out:   receives the state; free with scstcfg_state_free()
 *
 * As scstcfg_state_read_for(), which is this function with
 * SCSTCFG_PLAN_FORCE, but what is read also depends on @flags: without
 * SCSTCFG_PLAN_RECREATE a device's or LUN's create-time parameter that
 * @want does not name cannot lead to a write (no reopening), so it is not
 * read; without SCSTCFG_PLAN_REMOVE the sessions of targets @want lacks
 * are not listed.  Planning the state with other flags than @flags may
 * miss differences.  A no-op "scstadmin -config" of 500 devices and 50
 * targets reads about one file per target and resolves one link per LUN.
 *
 * Return: as scstcfg_state_read().
 */
SCSTCFG_PUBLIC int scstcfg_state_read_plan(struct scstcfg_sysfs *s,
					   const struct scstcfg_model *want, unsigned int flags,
					   struct scstcfg_state **out);

/**
 * scstcfg_state_from_model() - a state that pretends @m is the live kernel.
 * @m:   model; owned by the state on success (freed with it)
 * @out: receives the state; free with scstcfg_state_free()
 *
 * Every attribute of @m counts as present, [key] and writable; the kernel
 * advertises nothing, so the planner falls back on built-in create-time
 * parameter lists (spec scst-sysfs.md §6.1).  For planning against a saved
 * configuration and for tests.
 *
 * Return: 0, or -ENOMEM (@m then stays the caller's).
 */
SCSTCFG_PUBLIC int scstcfg_state_from_model(struct scstcfg_model *m, struct scstcfg_state **out);

/**
 * scstcfg_state_free() - release a state and its model.
 * @st: state (NULL does nothing)
 */
SCSTCFG_PUBLIC void scstcfg_state_free(struct scstcfg_state *st);

/**
 * scstcfg_state_get_model() - the model of a state.
 * @st: state
 *
 * Return: borrowed model, valid until scstcfg_state_free(); the caller may
 * print it (-write_config) but should not modify it before planning.
 */
SCSTCFG_PUBLIC struct scstcfg_model *scstcfg_state_get_model(const struct scstcfg_state *st);

/* ---- plan ---------------------------------------------------------------------- */

struct scstcfg_plan;
struct scstcfg_op;

/* scstcfg_plan_new() flags */
/** remove objects and values that are not in the configuration (PL -force; PY always) */
#define SCSTCFG_PLAN_REMOVE 0x1u
/** close and reopen devices whose create-time parameters differ (PL -force; PY always) */
#define SCSTCFG_PLAN_RECREATE 0x2u
/** disable enabled targets that are not in the configuration (PL -force only) */
#define SCSTCFG_PLAN_DISABLE_UNLISTED 0x4u
/** what Perl scstadmin -config -force does */
#define SCSTCFG_PLAN_FORCE (SCSTCFG_PLAN_REMOVE | SCSTCFG_PLAN_RECREATE | \
			    SCSTCFG_PLAN_DISABLE_UNLISTED)

/* scstcfg_op_get_flags() bits */
/** a command to a mgmt file ("sysfs work", can EAGAIN) */
#define SCSTCFG_OP_MGMT 0x1u
/** a value written to an attribute file */
#define SCSTCFG_OP_ATTR 0x2u
/** removes, disables or closes something: may disrupt initiators */
#define SCSTCFG_OP_REMOVE 0x4u
/** no write: wait until the directory at the path holds no subdirectory
 *  (sessions gone after force_close; spec scst-sysfs.md §5.2) */
#define SCSTCFG_OP_WAIT 0x8u
/** resolved when run: "del" every LUN of the copy manager target that maps
 *  the device named by the data (its automatic LUN, spec scst-sysfs.md §2.9) */
#define SCSTCFG_OP_UNMAP_DEVICE 0x10u

/**
 * enum scstcfg_op_status - what happened to an operation.
 * @SCSTCFG_OP_PENDING: not run (yet)
 * @SCSTCFG_OP_DONE:    run and succeeded (dry runs count as done)
 * @SCSTCFG_OP_FAILED:  run and failed; see scstcfg_op_get_error()
 */
enum scstcfg_op_status {
	SCSTCFG_OP_PENDING,
	SCSTCFG_OP_DONE,
	SCSTCFG_OP_FAILED,
};

/**
 * scstcfg_plan_new() - compute the writes that turn the live state into @want.
 * @cur:   live state (scstcfg_state_read() or scstcfg_state_from_model())
 * @want:  wanted configuration, e.g. from scstcfg_parse_file(); not modified
 * @flags: SCSTCFG_PLAN_* bits
 * @out:   receives the plan; free with scstcfg_plan_free()
 *
 * One pass, dependency order (spec scstadmin.md §3, §7 items 60-81):
 * core attributes (first: setup_id only affects devices created later);
 * removals (ALUA members, unlisted virtual targets: disable, force_close
 * sessions, wait, del_target, which takes the LUNs and groups along;
 * unlisted and to-be-recreated
 * devices); handler attributes; devices (add_device with create-time
 * parameters inline, cluster_mode last; other attributes afterwards;
 * changed settable ones in place); drivers: attributes, dynamic attributes
 * diffed as value sets (never remove-all/re-add), targets (add_target with
 * the driver's create-time parameters; NPIV targets after their enabled
 * hardware parent; hardware targets never created or deleted), their
 * attributes and dynamic attributes, initiator groups (create, attributes,
 * initiators added, moved with "move", removed), LUNs (add, "replace" for
 * a wrong device or changed parameters, del), obsolete groups; copy_manager
 * (target never deleted; LUNs not in the configuration ignored unless the
 * configuration lists copy_manager LUNs); ALUA device groups, target
 * groups, members and attributes; then targets enabled or disabled, then
 * drivers.  Values compare as strings, or as numbers when both parse as
 * integers.  Applying @want to a state equal to it gives zero operations.
 *
 * Without SCSTCFG_PLAN_REMOVE/RECREATE/DISABLE_UNLISTED the skipped
 * changes become notes (scstcfg_plan_get_note()), Perl's "Use -force to
 * ..." hints (spec §3.4).
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_plan_new(const struct scstcfg_state *cur,
				    const struct scstcfg_model *want, unsigned int flags,
				    struct scstcfg_plan **out);

/**
 * scstcfg_plan_free() - release a plan.
 * @p: plan (NULL does nothing)
 */
SCSTCFG_PUBLIC void scstcfg_plan_free(struct scstcfg_plan *p);

/**
 * scstcfg_plan_count() - number of operations.
 * @p: plan
 *
 * Return: the count; 0 when the kernel already matches.
 */
SCSTCFG_PUBLIC size_t scstcfg_plan_count(const struct scstcfg_plan *p);

/**
 * scstcfg_plan_get_op() - one operation, in execution order.
 * @p: plan
 * @i: index, 0 .. count-1
 *
 * Return: borrowed operation, or NULL when @i is out of range.
 */
SCSTCFG_PUBLIC const struct scstcfg_op *scstcfg_plan_get_op(const struct scstcfg_plan *p,
							    size_t i);

/**
 * scstcfg_plan_note_count() - number of notes (changes left out, problems).
 * @p: plan
 *
 * Return: the count.
 */
SCSTCFG_PUBLIC size_t scstcfg_plan_note_count(const struct scstcfg_plan *p);

/**
 * scstcfg_plan_get_note() - one note, e.g. "Device 'd1' is not in
 * configuration. Use -force to close it."
 * @p: plan
 * @i: index
 *
 * Return: borrowed string, or NULL when @i is out of range.
 */
SCSTCFG_PUBLIC const char *scstcfg_plan_get_note(const struct scstcfg_plan *p, size_t i);

/**
 * scstcfg_op_get_path() - the file written, relative to the sysfs root.
 * @op: operation
 *
 * Return: borrowed string, e.g. "targets/iscsi/mgmt".
 */
SCSTCFG_PUBLIC const char *scstcfg_op_get_path(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_data() - the exact bytes written (secrets in clear).
 * @op: operation
 *
 * Return: borrowed NUL-terminated string, e.g. "add_device d1
 * filename=/a.img;blocksize=4096;".
 */
SCSTCFG_PUBLIC const char *scstcfg_op_get_data(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_data_masked() - the data with CHAP secrets as "***".
 * @op: operation
 *
 * Return: borrowed string, safe for logs.
 */
SCSTCFG_PUBLIC const char *scstcfg_op_get_data_masked(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_desc() - one-line description, secrets masked.
 * @op: operation
 *
 * Return: borrowed string, e.g. "Adding device 'd1' at LUN 0 to
 * driver/target 'iscsi/t1'".
 */
SCSTCFG_PUBLIC const char *scstcfg_op_get_desc(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_kind() - kind of the object the operation changes.
 * @op: operation
 *
 * Return: an enum scstcfg_kind value (ROOT for core attributes).
 */
SCSTCFG_PUBLIC enum scstcfg_kind scstcfg_op_get_kind(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_flags() - SCSTCFG_OP_* bits.
 * @op: operation
 *
 * Return: the bits.
 */
SCSTCFG_PUBLIC unsigned int scstcfg_op_get_flags(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_status() - whether the operation ran and how.
 * @op: operation
 *
 * Return: an enum scstcfg_op_status value.
 */
SCSTCFG_PUBLIC enum scstcfg_op_status scstcfg_op_get_status(const struct scstcfg_op *op);

/**
 * scstcfg_op_get_error() - result of a failed operation.
 * @op: operation
 *
 * Return: -errno when the status is SCSTCFG_OP_FAILED, else 0.
 */
SCSTCFG_PUBLIC int scstcfg_op_get_error(const struct scstcfg_op *op);

/* ---- apply ---------------------------------------------------------------------- */

/* scstcfg_plan_apply() flags */
/** keep going after a failed operation (Perl -cont_on_err) */
#define SCSTCFG_APPLY_CONTINUE 0x1u

/**
 * struct scstcfg_apply_result - outcome of scstcfg_plan_apply().
 * @done:        operations that succeeded
 * @failed:      operations that failed
 * @pending:     operations not run (after a stop)
 * @first_error: -errno of the first failure, 0 if none
 * @first_index: index of the first failed operation (valid when @failed)
 */
struct scstcfg_apply_result {
	size_t done;
	size_t failed;
	size_t pending;
	int first_error;
	size_t first_index;
};

/**
 * scstcfg_plan_apply() - run a plan through the robust writer.
 * @s:        context (timeout, dry run, trace)
 * @p:        plan; each operation's status is updated
 * @flags:    SCSTCFG_APPLY_* bits
 * @progress: called after each operation with its index and result (may
 *            be NULL)
 * @priv:     handed to @progress
 * @res:      receives the counts (may be NULL)
 *
 * Operations run in order, each as one write (scstcfg_sysfs_write(): EAGAIN
 * -> last_sysfs_mgmt_res, spec scst-sysfs.md §4).  SCSTCFG_OP_WAIT polls
 * until the sessions are gone, up to the context's timeout (Perl: 300 s,
 * then "target has active sessions", spec §3.5).  Without
 * SCSTCFG_APPLY_CONTINUE the run stops at the first failure and the rest
 * stays SCSTCFG_OP_PENDING.  The last error of @s describes the first
 * failure.
 *
 * Return: 0 when every operation succeeded; the -errno of the first
 * failure otherwise (-ETIMEDOUT for a session wait); -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_plan_apply(struct scstcfg_sysfs *s, struct scstcfg_plan *p,
				      unsigned int flags,
				      void (*progress)(void *priv, size_t i,
						       const struct scstcfg_op *op, int result),
				      void *priv, struct scstcfg_apply_result *res);

/* ---- clear ---------------------------------------------------------------------- */

/**
 * scstcfg_clear_plan_new() - the writes that take a live SCST back to its
 * freshly loaded state (scstadmin -clear_config).
 * @cur: live state (scstcfg_state_read())
 * @out: receives the plan; free with scstcfg_plan_free()
 *
 * Order (spec scstadmin.md §3.5, corrected per §5.2; §7 items 86-90):
 * device groups (their target groups, devices, then the group); then per
 * target: disable it when enabled, force_close its sessions and wait for
 * them (virtual targets with an "enabled" file), clear each initiator
 * group's initiators and LUNs and delete the group, clear the target's
 * LUNs (copy_manager_tgt included), then delete virtual targets
 * (del_target) or remove the dynamic attributes of targets that stay
 * (hardware targets, copy_manager_tgt); then every value of every dynamic
 * driver attribute, each numbered file included, sent without "[key]"
 * (del_attribute); then every device is closed (del_device); last,
 * enabled drivers are disabled.  Hardware targets and copy_manager_tgt are
 * never deleted; static, plain driver, handler, ALUA and core attributes
 * are not reset.  Each write is planned only when there is something to
 * undo, so a cleared kernel gives an empty plan.  Every operation carries
 * SCSTCFG_OP_REMOVE.
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_clear_plan_new(const struct scstcfg_state *cur,
					  struct scstcfg_plan **out);

/**
 * scstcfg_clear() - read the live state, plan the clear, apply it.
 * @s:        context (timeout, dry run, trace)
 * @flags:    SCSTCFG_APPLY_* bits
 * @progress: as scstcfg_plan_apply() (may be NULL)
 * @priv:     handed to @progress
 * @res:      receives the counts (may be NULL; zeroed when nothing ran)
 *
 * scstcfg_state_read() + scstcfg_clear_plan_new() + scstcfg_plan_apply().
 *
 * Return: 0; -SCSTCFG_ENOSCST when SCST is not loaded; the -errno of the
 * read or of the first failed write (scstcfg_sysfs_last_error() names the
 * path, the masked command and the errno text); -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_clear(struct scstcfg_sysfs *s, unsigned int flags,
				 void (*progress)(void *priv, size_t i,
						  const struct scstcfg_op *op, int result),
				 void *priv, struct scstcfg_apply_result *res);

/* ---- ad-hoc plans and single-object reads (plan-ops.c) ------------------------ */

/**
 * scstcfg_plan_create() - an empty plan, to be filled with
 * scstcfg_plan_add_op() by a caller that makes one change (scstadmin
 * -add_lun, -set_dev_attr, ...) and run with scstcfg_plan_apply() like a
 * -config plan.
 * @out: receives the plan; free with scstcfg_plan_free()
 *
 * Return: 0, or -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_plan_create(struct scstcfg_plan **out);

/**
 * scstcfg_plan_add_op() - append one operation to a plan.
 * @p:     plan (from scstcfg_plan_create() or scstcfg_plan_new())
 * @kind:  kind of the object changed (scstcfg_op_get_kind())
 * @flags: SCSTCFG_OP_* bits: MGMT (a command to a mgmt file) or ATTR (a
 *         value for an attribute file), plus REMOVE; or WAIT (no write:
 *         wait until the directory @path holds no subdirectory, @data "")
 * @path:  file relative to the sysfs root, e.g. "targets/iscsi/t1/luns/mgmt"
 * @data:  exact bytes to write, e.g. "add disk1 0" (an empty value must be
 *         given as "\n": sysfs drops zero-length writes)
 * @desc:  one-line description for progress and error reports; give it
 *         without secrets
 *
 * The masked form of @data (scstcfg_op_get_data_masked()) is computed here.
 *
 * Return: 0; -EINVAL for a NULL argument or an empty @path; -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_plan_add_op(struct scstcfg_plan *p, enum scstcfg_kind kind,
				       unsigned int flags, const char *path, const char *data,
				       const char *desc);

/**
 * struct scstcfg_sysfs_entry - one entry of scstcfg_sysfs_read_dir().
 * @name:     entry name
 * @value:    line 1 of a readable file (links followed), else NULL; NULL
 *            too when reading failed
 * @link:     readlink() text of a symbolic link, else NULL
 * @is_link:  the entry is a symbolic link
 * @is_dir:   the entry is, or points to, a directory
 * @key:      line 2 of the file is "[key]" (spec scst-sysfs.md §1.3)
 * @readable: a file whose mode has S_IRUSR
 * @writable: a file whose mode has S_IWUSR: settable (spec scst-sysfs.md
 *            §1.2; access(W_OK) is useless as root)
 */
struct scstcfg_sysfs_entry {
	char *name;
	char *value;
	char *link;
	bool is_link;
	bool is_dir;
	bool key;
	bool readable;
	bool writable;
};

/**
 * scstcfg_sysfs_read_dir() - list one directory and read its attribute files.
 * @s:   context
 * @rel: directory relative to the root, e.g. "devices/disk1"
 * @out: receives @n entries sorted by name, without "." and ".."; free with
 *       scstcfg_sysfs_entries_free()
 * @n:   receives the count
 *
 * Every readable file (or link to one) is read once, with the EAGAIN retry
 * of the reader; a file that cannot be read is listed with a NULL value.
 * A dangling link is listed with neither @is_dir nor @readable.
 *
 * Return: 0; -ENOENT or -ENOTDIR when @rel is not a directory (last error
 * names the path); -ENOMEM.
 */
SCSTCFG_PUBLIC int scstcfg_sysfs_read_dir(struct scstcfg_sysfs *s, const char *rel,
					  struct scstcfg_sysfs_entry **out, size_t *n);

/**
 * scstcfg_sysfs_entries_free() - free a scstcfg_sysfs_read_dir() result.
 * @e: array (NULL does nothing)
 * @n: count
 */
SCSTCFG_PUBLIC void scstcfg_sysfs_entries_free(struct scstcfg_sysfs_entry *e, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* SCSTCFG_APPLY_H */
