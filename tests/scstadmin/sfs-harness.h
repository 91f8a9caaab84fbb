/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sfs-harness.h - scstfs mounts for C tests and benchmarks of libscstcfg:
 * mount a fresh emulated /sys/kernel/scst_tgt with FUSE (scstfs in the
 * foreground as a child), talk to its control socket (scstfs-ctl), apply
 * models through the library and read the live state back.
 *
 * No cmocka here (the benchmark uses it too): functions return 0 or
 * -errno and leave a message in the mount's @err.
 *
 * Environment: SCSTFS (emulator binary), SCSTFS_CTL_BIN (client).
 */
#ifndef TEST_SFS_HARNESS_H
#define TEST_SFS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "scstcfg/apply.h"
#include "scstcfg/scstcfg.h"

/* Backing files sfs_mount() fakes: /srv/f<N>.img (for fileio, 1 GiB) and
 * /dev/fb<N> (block devices for blockio, 1 GiB), N < SFS_FAKE_FILES. */
#define SFS_FAKE_FILES 32

struct sfs {
	char tmp[64];
	char dir[96];
	char sock[96];
	pid_t pid;
	struct scstcfg_sysfs *s;	/* library context on the mount */
	char err[1024];			/* last failure of a harness call */
};

/*
 * sfs_skip_reason() - why scstfs tests cannot run here (not built, no
 * /dev/fuse, not root), or NULL when they can.
 */
const char *sfs_skip_reason(void);

/**
 * sfs_skip() - for a test's main(): print "SKIP: <reason>" when scstfs
 * tests cannot run here (see sfs_skip_reason()).
 *
 * Return: true when the test should exit 77 (skipped).
 */
bool sfs_skip(void);

/* Mount a fresh scstfs; free with sfs_unmount().  Return: 0 or -errno. */
int sfs_mount(struct sfs **out);

/* The same with @n_files fake backing files of each kind. */
int sfs_mount_n(struct sfs **out, unsigned int n_files);

/**
 * sfs_is_mounted() - whether a file system is mounted on a directory (it
 * lives on another device than its parent).
 * @dir: the mount point.
 *
 * Return: true when mounted.
 */
bool sfs_is_mounted(const char *dir);

/**
 * sfs_mount_args() - mount a fresh scstfs started with extra options.
 * @out: receives the mount; free it with sfs_unmount().
 * @args: NULL-terminated scstfs options put before the mount point, e.g.
 *	{ "--fake-file", "/srv/vol1.img=1G", NULL }; may be NULL.  No fake
 *	backing files besides those @args names.
 *
 * Return: 0 or -errno.
 */
int sfs_mount_args(struct sfs **out, const char *const *args);

/**
 * sfs_exists() - whether a path of the mount exists (lstat(), so a
 * dangling symlink counts).
 * @m: the mount.
 * @rel: path relative to the mount point ("devices/d0").
 *
 * Return: true when it exists.
 */
bool sfs_exists(struct sfs *m, const char *rel);

/* Unmount, stop scstfs, remove the temp dir.  NULL does nothing. */
void sfs_unmount(struct sfs *m);

/*
 * sfs_ctl() - run "scstfs-ctl SOCKET ARGS" (ARGS printf-formatted, passed
 * through the shell, so quote names with blanks).  @out receives the
 * output (may be NULL).  Return: the exit status (0 = ok), -1 on failure.
 */
__attribute__((format(printf, 4, 5)))
int sfs_ctl(struct sfs *m, char *out, size_t size, const char *fmt, ...);

/* Numeric output of a control command ("writes-total"); -1 on failure. */
long sfs_ctl_num(struct sfs *m, const char *cmd);

/*
 * sfs_counts() - sums of the "counters GLOB" columns: @reads = opens for
 * read (show() calls), @writes = write() calls, of paths matching @glob
 * (NULL = all).  Return: 0 or -1.
 */
int sfs_counts(struct sfs *m, const char *glob, long *reads, long *writes);

/* Parse scst.conf text (no validation); NULL on a parse error. */
struct scstcfg_model *sfs_parse(const char *text);

/*
 * sfs_apply() - read the live state, plan towards @want with @flags and
 * apply.  @n_ops receives the plan length (may be NULL).
 * Return: 0, or the -errno of the failed step (message in m->err, with
 * the library's last error naming the path).
 */
int sfs_apply(struct sfs *m, const struct scstcfg_model *want, unsigned int flags,
	      size_t *n_ops);

/* Read the live state; free with scstcfg_state_free().  NULL on failure (m->err). */
struct scstcfg_state *sfs_read(struct sfs *m);

/* A model as scst.conf text (malloc()ed; "" on failure). */
char *sfs_print(const struct scstcfg_model *md);

#endif
