/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sysfs.h - scstcfg's I/O layer for the SCST sysfs tree (/sys/kernel/scst_tgt).
 *
 * Internal to libscstcfg: nothing here is exported.  The reader (read.c),
 * the executor (apply.c) and the CLI-facing entry points go through this
 * layer for every access to the kernel, so that
 *   - every mgmt command is sent with exactly one write() and the robust
 *     writer protocol of spec scst-sysfs.md §4 (EAGAIN -> poll
 *     last_sysfs_mgmt_res);
 *   - reads that hit read-only "sysfs work" (EAGAIN, §1.4) are retried;
 *   - errors name the sysfs path, the command (CHAP secrets masked) and the
 *     errno text (STYLE.md §5 "Messages");
 *   - a dry run and a trace callback see exactly what would be written
 *     (spec scstadmin.md §7 item 100).
 *
 * Paths given to the functions below are relative to the context's root
 * ("targets/iscsi/mgmt"); "" or "." is the root itself.
 *
 * The context itself (struct scstcfg_sysfs: root, timeout, dry run, trace,
 * counters, last error) is public: include/scstcfg/apply.h.  Root:
 * scstcfg_sysfs_new(NULL, ...) uses the environment variable
 * SCST_SYSFS_ROOT if it is set and non-empty, else /sys/kernel/scst_tgt;
 * the tests point it at an scstfs mount.
 *
 * Errors: functions returning int give >= 0 on success and -errno on
 * failure (STYLE.md §5); scstcfg_sysfs_last_error() then describes the
 * failure.  One context belongs to one thread at a time.
 */
#ifndef SCSTCFG_SYSFS_H
#define SCSTCFG_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "scstcfg/apply.h"

#define SCSTCFG_SYSFS_DEFAULT_ROOT "/sys/kernel/scst_tgt"
#define SCSTCFG_SYSFS_ROOT_ENV "SCST_SYSFS_ROOT"

struct tk_buf;

/**
 * enum scstcfg_sysfs_ent_type - kind of a directory entry.
 * @SCSTCFG_SYSFS_FILE:  attribute file
 * @SCSTCFG_SYSFS_DIR:   directory (kernel object)
 * @SCSTCFG_SYSFS_LINK:  symbolic link
 * @SCSTCFG_SYSFS_OTHER: anything else (never seen in sysfs)
 */
enum scstcfg_sysfs_ent_type {
	SCSTCFG_SYSFS_FILE,
	SCSTCFG_SYSFS_DIR,
	SCSTCFG_SYSFS_LINK,
	SCSTCFG_SYSFS_OTHER,
};

/**
 * struct scstcfg_sysfs_dirent - one entry of scstcfg_sysfs_list().
 * @name:     entry name (owned by the array)
 * @type:     file, directory or link (the link itself, not its target)
 * @mode:     permission bits of the entry (lstat)
 * @writable: @mode has S_IWUSR: how SCST tools tell a static attribute
 *            from a settable one (spec scst-sysfs.md §1.2: access(W_OK)
 *            is useless as root)
 */
struct scstcfg_sysfs_dirent {
	char *name;
	enum scstcfg_sysfs_ent_type type;
	mode_t mode;
	bool writable;
};

/**
 * struct scstcfg_mgmt_help - what a mgmt file's help text advertises
 * (spec scst-sysfs.md §1.3, §3.1, §3.2, §3.3).
 * @params:      create-time parameters, from "The following parameters
 *               available: a, b[.]" (add_device/add_target/LUN add)
 * @n_params:    count
 * @drv_attrs:   dynamic driver attributes, from "The following target
 *               driver attributes available: ..." (add_attribute)
 * @n_drv_attrs: count
 * @tgt_attrs:   dynamic target attributes, from "The following target
 *               attributes available: ..." (add_target_attribute)
 * @n_tgt_attrs: count
 *
 * Release with scstcfg_mgmt_help_free().
 */
struct scstcfg_mgmt_help {
	char **params;
	size_t n_params;
	char **drv_attrs;
	size_t n_drv_attrs;
	char **tgt_attrs;
	size_t n_tgt_attrs;
};

/**
 * scstcfg_sysfs_get_timeout() - the EAGAIN wait bound.
 * @s: context
 *
 * Return: seconds, as set by scstcfg_sysfs_set_timeout().
 */
unsigned int scstcfg_sysfs_get_timeout(const struct scstcfg_sysfs *s);

/**
 * scstcfg_sysfs_set_error() - record a failure message for a caller that
 * detected the problem itself (e.g. an unparsable value).
 * @s:   context
 * @err: -errno that the caller is about to return (either sign)
 * @fmt: printf format of the message, without the errno text
 *
 * Return: -abs(@err), for "return scstcfg_sysfs_set_error(...)".
 */
__attribute__((format(printf, 3, 4)))
int scstcfg_sysfs_set_error(struct scstcfg_sysfs *s, int err, const char *fmt, ...);

/**
 * scstcfg_sysfs_read() - read a whole file.
 * @s:   context
 * @rel: path relative to the root
 * @out: receives a malloc()ed, NUL-terminated copy (free with free())
 * @len: receives the byte count (may be NULL)
 *
 * An open() or read() failing with EAGAIN (read-only sysfs work, spec
 * scst-sysfs.md §1.4) is retried, polling from 10 ms up to 1 s between
 * tries, until the context's timeout.
 *
 * Return: 0; -ETIMEDOUT when EAGAIN lasted past the timeout; -ENOENT,
 * -EACCES (write-only file) and other open()/read() errors; -ENOMEM.
 */
int scstcfg_sysfs_read(struct scstcfg_sysfs *s, const char *rel, char **out, size_t *len);

/**
 * scstcfg_sysfs_read_raw() - read a whole file relative to a directory fd.
 * @dfd:  directory fd (scstcfg_sysfs_fd())
 * @rel:  path relative to @dfd
 * @out:  receives a malloc()ed, NUL-terminated copy (free with free())
 * @len:  receives the byte count (may be NULL)
 * @mode: receives the file's st_mode from fstat() (may be NULL)
 *
 * One read() into a buffer larger than a sysfs page (every sysfs file fits,
 * spec scst-sysfs.md §1.2); a short read is the end of the file.  No retry,
 * no counters, no error message: safe from any thread.
 *
 * Return: 0, -errno of openat()/fstat()/read(), or -ENOMEM.
 */
int scstcfg_sysfs_read_raw(int dfd, const char *rel, char **out, size_t *len, mode_t *mode);

/**
 * scstcfg_sysfs_fd() - the root directory's fd (opened on first use).
 * @s: context
 *
 * Owned by the context (closed by scstcfg_sysfs_free(), reopened by
 * scstcfg_sysfs_probe()); for the *at() calls of scstcfg_sysfs_read_raw().
 *
 * Return: the fd, or -errno.
 */
int scstcfg_sysfs_fd(struct scstcfg_sysfs *s);

/**
 * scstcfg_sysfs_read_probe() - read a file that may be absent.
 * @s:    context
 * @rel:  path relative to the root
 * @text: receives the content (malloc()ed; free with free())
 * @mode: receives st_mode of the file (may be NULL)
 *
 * Return: as scstcfg_sysfs_read_attr_probe().
 */
int scstcfg_sysfs_read_probe(struct scstcfg_sysfs *s, const char *rel, char **text,
			     mode_t *mode);

/**
 * scstcfg_sysfs_read_attr_probe() - read an attribute that may be absent.
 * @s:     context
 * @rel:   path relative to the root
 * @value: receives line 1 (malloc()ed; free with free())
 * @key:   receives the [key] mark (may be NULL)
 * @mode:  receives st_mode of the file (may be NULL)
 *
 * As scstcfg_sysfs_read_attr() for a file that is opened by name without
 * a listing: a missing (-ENOENT, -ENOTDIR) or write-only (-EACCES, spec
 * scst-sysfs.md §1.2) file leaves the last error alone.
 *
 * Return: 0; -ENOENT, -ENOTDIR, -EACCES without a message; other errors as
 * scstcfg_sysfs_read().
 */
int scstcfg_sysfs_read_attr_probe(struct scstcfg_sysfs *s, const char *rel, char **value,
				  bool *key, mode_t *mode);

/**
 * scstcfg_attr_parse() - split attribute text into value and key mark.
 * @text:  file content, e.g. "16\n[key]\n\n"
 * @value: receives line 1 without its newline (malloc()ed; free with free())
 * @key:   receives whether line 2 is exactly "[key]" (may be NULL)
 *
 * Handles the kernel's extra blank line after iSCSI daemon attributes and
 * vdisk filename ("16\n[key]\n\n", "path\n[key]\n\n", "1\n\n"; spec
 * scst-sysfs.md §7, §6.2) and empty files ("", cluster_name/comment).
 *
 * Return: 0, or -ENOMEM.
 */
int scstcfg_attr_parse(const char *text, char **value, bool *key);

/**
 * scstcfg_sysfs_read_attr() - read an attribute: value and [key] mark.
 * @s:     context
 * @rel:   path relative to the root
 * @value: receives line 1 (malloc()ed; free with free())
 * @key:   receives the [key] mark (spec scst-sysfs.md §1.3; may be NULL)
 *
 * Return: as scstcfg_sysfs_read().
 */
int scstcfg_sysfs_read_attr(struct scstcfg_sysfs *s, const char *rel, char **value, bool *key);

/**
 * scstcfg_sysfs_list() - list a directory, sorted by name.
 * @s:   context
 * @rel: directory path relative to the root
 * @out: receives an array of @n entries without "." and ".."; free with
 *       scstcfg_sysfs_dirents_free()
 * @n:   receives the count
 *
 * Sorting makes results independent of sysfs's hash order (spec §1.2).
 *
 * Return: 0; -ENOENT, -ENOTDIR and other opendir()/readdir() errors;
 * -ENOMEM.  An entry that vanishes while listing is left out.
 */
int scstcfg_sysfs_list(struct scstcfg_sysfs *s, const char *rel,
		       struct scstcfg_sysfs_dirent **out, size_t *n);

/**
 * scstcfg_sysfs_list_types() - scstcfg_sysfs_list() without a stat per entry.
 * @s:   context
 * @rel: directory path relative to the root
 * @out: receives the entries; free with scstcfg_sysfs_dirents_free()
 * @n:   receives the count
 *
 * Types come from the listing's d_type (sysfs and scstfs fill it; an entry
 * whose d_type is DT_UNKNOWN is lstat()ed); @mode is 0 and @writable false.
 *
 * Return: as scstcfg_sysfs_list().
 */
int scstcfg_sysfs_list_types(struct scstcfg_sysfs *s, const char *rel,
			     struct scstcfg_sysfs_dirent **out, size_t *n);

/**
 * scstcfg_sysfs_dirents_free() - free a scstcfg_sysfs_list() result.
 * @d: array (NULL does nothing)
 * @n: count
 */
void scstcfg_sysfs_dirents_free(struct scstcfg_sysfs_dirent *d, size_t n);

/**
 * scstcfg_sysfs_readlink() - read a symbolic link's text.
 * @s:   context
 * @rel: link path relative to the root
 * @out: receives the text as stored, e.g. "../../devices/d0" (malloc()ed)
 *
 * Return: 0; -EINVAL (not a link), -ENOENT and other readlink() errors;
 * -ENOMEM.
 */
int scstcfg_sysfs_readlink(struct scstcfg_sysfs *s, const char *rel, char **out);

/**
 * scstcfg_sysfs_stat() - type and mode of one entry, without following links.
 * @s:   context
 * @rel: path relative to the root
 * @out: receives the entry (its @name is NULL)
 *
 * Return: 0, -ENOENT or another lstat() error.
 */
int scstcfg_sysfs_stat(struct scstcfg_sysfs *s, const char *rel, struct scstcfg_sysfs_dirent *out);

/**
 * scstcfg_sysfs_write() - write a command or value with the robust writer.
 * @s:    context
 * @rel:  file path relative to the root (a mgmt file or an attribute)
 * @data: bytes to send, exactly (mgmt commands carry no trailing newline,
 *        spec scstadmin.md §3.1; an empty value must be sent as "\n",
 *        since sysfs drops zero-length writes, spec README "zero-length")
 * @len:  byte count, at most 4096 (one sysfs page, spec scst-sysfs.md §1.2)
 *
 * Exactly one write() is issued; a short write is an error.  If write()
 * fails with EAGAIN (the kernel gave up waiting for queued "sysfs work",
 * spec scst-sysfs.md §1.4, §4) or EINTR (the work still completes), the
 * writer polls last_sysfs_mgmt_res, from 10 ms backing off to 1 s, until
 * a read succeeds or the timeout passes: "0" means success, "-N" means the
 * command failed with errno N.  Any other write() error is returned at
 * once.  last_sysfs_mgmt_res is never consulted after a write that did
 * not return EAGAIN, because synchronous writes leave a stale value there
 * (spec scst-sysfs.md §10 "Stale result").  In dry-run mode nothing is
 * written and 0 is returned.
 *
 * Return: 0; -E2BIG when @len exceeds 4096; -EIO on a short write;
 * -ETIMEDOUT when last_sysfs_mgmt_res stayed busy past the timeout; the
 * command's own -errno (from write() or from last_sysfs_mgmt_res);
 * open() errors such as -ENOENT (no such object) and -EACCES (read-only
 * file).  scstcfg_sysfs_last_error() names the path, the masked command
 * and the errno text.
 */
int scstcfg_sysfs_write(struct scstcfg_sysfs *s, const char *rel, const char *data, size_t len);

/**
 * scstcfg_sysfs_writes() - scstcfg_sysfs_write() of a NUL-terminated string.
 * @s:    context
 * @rel:  file path relative to the root
 * @data: command or value
 *
 * Return: as scstcfg_sysfs_write().
 */
int scstcfg_sysfs_writes(struct scstcfg_sysfs *s, const char *rel, const char *data);

/**
 * scstcfg_mask_secrets() - copy a command with CHAP secrets replaced by "***".
 * @rel:  file the command goes to (a write to an IncomingUser[N] or
 *        OutgoingUser[N] attribute file masks its second word); may be NULL
 * @data: command text, e.g. "add_target_attribute t IncomingUser joe s3cret"
 *        or "add_target t IncomingUser=joe s3cret;QueuedCommands=8;"
 * @len:  byte count of @data
 * @out:  buffer the masked text is appended to
 *
 * The secret is the second word after a word IncomingUser or OutgoingUser
 * (case-insensitive, digits allowed after the name); words end at blanks,
 * '=' and ';' like the kernel's parser (spec scst-sysfs.md §1.1, §7.3).
 *
 * Return: 0, or -ENOMEM.
 */
int scstcfg_mask_secrets(const char *rel, const char *data, size_t len, struct tk_buf *out);

/**
 * scstcfg_mgmt_help_parse() - parse a mgmt file's help text.
 * @text: help text as read from the mgmt file
 * @out:  receives the lists (zeroed first); free with scstcfg_mgmt_help_free()
 *
 * Lists are comma separated; a trailing period and blanks are dropped
 * (spec scstadmin.md §3.1: LUN "read_only" has no period).
 *
 * Return: 0, or -ENOMEM.
 */
int scstcfg_mgmt_help_parse(const char *text, struct scstcfg_mgmt_help *out);

/**
 * scstcfg_mgmt_help_free() - release the lists of a help result.
 * @h: result (NULL does nothing); left zeroed
 */
void scstcfg_mgmt_help_free(struct scstcfg_mgmt_help *h);

/**
 * scstcfg_mgmt_help_has() - whether @name is in a help list.
 * @list: one of the arrays of struct scstcfg_mgmt_help
 * @n:    its count
 * @name: name, compared case-insensitively (the kernel does)
 *
 * Return: true if present.
 */
bool scstcfg_mgmt_help_has(char *const *list, size_t n, const char *name);

/**
 * scstcfg_sysfs_read_mgmt_help() - read and parse a mgmt file's help.
 * @s:   context
 * @rel: mgmt file path relative to the root
 * @out: receives the lists; free with scstcfg_mgmt_help_free()
 *
 * Return: as scstcfg_sysfs_read(); -ENOENT when there is no mgmt file
 * (copy_manager, scst_user).
 */
int scstcfg_sysfs_read_mgmt_help(struct scstcfg_sysfs *s, const char *rel,
				 struct scstcfg_mgmt_help *out);

/**
 * scstcfg_sysfs_can_create_targets() - whether a driver can create targets.
 * @s:      context
 * @driver: driver name under targets/
 *
 * A driver can create targets iff targets/<driver>/mgmt exists and its mode
 * has S_IWUSR (spec scstadmin.md §3.1; copy_manager has none).
 *
 * Return: 1 yes, 0 no, or -errno from lstat() other than -ENOENT.
 */
int scstcfg_sysfs_can_create_targets(struct scstcfg_sysfs *s, const char *driver);

/**
 * scstcfg_path_join() - build "a/b/c" into a buffer (helper for callers).
 * @b:   buffer, reset first
 * @fmt: printf format
 *
 * Return: @b->data, or NULL when out of memory.
 */
__attribute__((format(printf, 2, 3)))
const char *scstcfg_path_join(struct tk_buf *b, const char *fmt, ...);

#endif /* SCSTCFG_SYSFS_H */
