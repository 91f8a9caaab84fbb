// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * weak.c - TEMPORARY weak defaults for the cross-module calls of scstfs.h,
 * so the emulator links while its modules are written in parallel.  Every
 * module's real definition overrides these.  This file is deleted once all
 * modules exist (then a missing module is a link error, as it should be).
 */
#include <errno.h>

#include "scstfs.h"

#define WEAK __attribute__((weak))

WEAK int sfs_core_init(void) { return 0; }
WEAK int sfs_dev_init(void) { return 0; }
WEAK int sfs_tgt_init(void) { return 0; }
WEAK int sfs_alua_init(void) { return 0; }
WEAK unsigned long sfs_core_setup_id(void) { return 0; }
WEAK int sfs_core_ncpus(void) { return sfs_opts()->ncpus; }
WEAK struct sfs_dev *sfs_dev_find(const char *name) { return NULL; }
WEAK const char *sfs_dev_name(const struct sfs_dev *d) { return ""; }
WEAK struct sfs_node *sfs_dev_node(const struct sfs_dev *d) { return NULL; }
WEAK bool sfs_dev_read_only(const struct sfs_dev *d) { return false; }
WEAK bool sfs_dev_dif(const struct sfs_dev *d) { return false; }
WEAK bool sfs_dev_has_handler(const struct sfs_dev *d) { return true; }
WEAK int sfs_dev_export_add(struct sfs_dev *d, struct sfs_node *lun_dir, struct sfs_node **out)
{
	*out = NULL;
	return 0;
}
WEAK void sfs_dev_export_del(struct sfs_dev *d, struct sfs_node *link) { }
WEAK int sfs_cm_dev_added(struct sfs_dev *d) { return 0; }
WEAK void sfs_tgt_dev_removed(struct sfs_dev *d) { }
WEAK bool sfs_tgt_dev_in_use(const struct sfs_dev *d) { return false; }
WEAK struct sfs_node *sfs_tgt_find_local(const char *name) { return NULL; }
WEAK void sfs_alua_dev_removed(struct sfs_dev *d) { }
WEAK void sfs_alua_tgt_removed(struct sfs_node *tgt_dir) { }
WEAK int sfs_tgt_session_add(const char *driver, const char *target, const char *initiator)
{
	return -ENOSYS;
}
WEAK int sfs_tgt_session_del(const char *driver, const char *target, const char *session)
{
	return -ENOSYS;
}
WEAK int sfs_dev_threads_num(const struct sfs_dev *d) { return -1; }
WEAK bool sfs_dev_threads_shared(const struct sfs_dev *d) { return false; }
WEAK void sfs_cm_dev_inquiry(struct sfs_dev *d) { }
