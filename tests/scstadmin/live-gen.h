/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live-gen.h - random pairs of scst.conf models that a (emulated) kernel
 * can realise, the number of objects and attributes two models differ in
 * (the lower bound on writes), and the normalisation of live models for
 * comparing two kernels that reached one configuration by different paths.
 *
 * Built on the deterministic random stream of tests/unit/gen.c.
 */
#ifndef TEST_LIVE_GEN_H
#define TEST_LIVE_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "scstcfg/scstcfg.h"

/*
 * live_gen_pair() - a random pair (A, B) of valid configurations that
 * scstfs realises from any state with SCSTCFG_PLAN_FORCE.
 * @seed: any value; the same seed gives the same pair
 * @a:    receives A (free with scstcfg_model_free())
 * @b:    receives B
 *
 * Both are drawn from one universe of objects (vdisk_fileio, _blockio and
 * _nullio devices on the backing files of sfs_mount(), iSCSI targets with
 * CHAP users, portals, parameters, LUNs, groups and initiators, scst_local
 * targets with sessions and LUNs, discovery CHAP, ALUA device groups with
 * target groups, local and remote targets), each object present in A, B
 * or both.  One rule keeps B reachable from A: configuration tools never
 * reset a plain attribute that a configuration stops listing (Perl and
 * Python scstadmin don't either), so for an object in both models the
 * plain attributes A sets are a subset of those B sets (values may
 * differ).  Create-time parameters, dynamic attributes and every object
 * are unconstrained: those are removed or recreated with -force.
 *
 * Return: 0 or -ENOMEM.
 */
int live_gen_pair(uint64_t seed, struct scstcfg_model **a, struct scstcfg_model **b);

/*
 * live_diff_count() - objects and attributes in which @a and @b differ.
 *
 * Counted independently of the planner, from the two models alone:
 *  - a device is identified by name, handler and create-time parameters
 *    (spec scst-sysfs.md §6.1 lists), which travel inline with add_device:
 *    one that differs in any of them counts as removed plus added, and so
 *    do the LUNs and device-group entries that map it (they must be made
 *    again);
 *  - every other object (target, LUN with its device and read_only,
 *    group, initiator with its group, device group, target group, tg
 *    target) counts 1 when only one model has it; what an object only A
 *    has holds (LUNs, groups, initiators, attributes) goes with it and
 *    does not count, except that an enabled target counts 2 (disabled
 *    before it is deleted, the safe order of spec scst-sysfs.md §5.2);
 *  - a plain attribute counts 1 when its value differs or only one model
 *    has it, a dynamic attribute (IncomingUser, OutgoingUser,
 *    allowed_portal, session_name) 1 per value in one model only;
 *  - attributes of an object only B has count as well (the object's own
 *    writes), except "enabled 0" of a new target, the kernel's default.
 *
 * Return: the count.
 */
size_t live_diff_count(const struct scstcfg_model *a, const struct scstcfg_model *b);

/*
 * live_normalise() - remove from a model read from a kernel what depends
 * on the kernel's never-reused counters, not on the configuration:
 *  - the copy manager's automatic LUNs (numbered by a global counter that
 *    never goes back, spec scst-sysfs.md §2.9; the devices themselves are
 *    compared anyway), and copy_manager_tgt itself when @want does not
 *    list it (the kernel's own, never deleted);
 *  - rel_tgt_id of targets whose configuration @want does not set it
 *    (assigned automatically from a rolling counter, §2.5).
 * iSCSI tids and device export numbers are not in the model at all.
 */
void live_normalise(struct scstcfg_model *m, const struct scstcfg_model *want);

#endif
