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

#ifdef __cplusplus
}
#endif

#endif /* SCSTCFG_APPLY_H */
