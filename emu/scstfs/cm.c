// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cm.c - the copy manager target driver (scst_copy_mgr.c): targets/
 * copy_manager/ with its one target copy_manager_tgt, the session
 * copy_manager_sess and the automatic LUN of every vdisk device
 * (spec scst-sysfs.md §2.9; scenarios 01, 08, 29).
 */
#include <errno.h>

#include "kparse.h"
#include "tgt.h"

static unsigned long allow_not_connected;
static unsigned int cm_next_lun;
static struct sfs_tgt *cm_tgt;
static struct sfs_sess *cm_sess;

/*
 * scst_cm_send_init_inquiry(): the copy manager reads the INQUIRY data of
 * a device it registers: one READ-direction command of 4 KiB on its
 * session (copy_manager_tgt statistics, scenarios 08, 16, 47).
 */
static void cm_inquiry(void)
{
	if (cm_sess)
		sfs_sess_count_reads(cm_sess, 1, 4, 0);
}

static void cm_lun_added(struct sfs_acg *g, struct sfs_dev *d)
{
	(void)g;
	(void)d;
	cm_inquiry();
}

void sfs_cm_dev_inquiry(struct sfs_dev *d)
{
	/* only a device the copy manager has registered (it has a CM LUN) */
	if (cm_tgt && sfs_tgt_dev_has_cm_lun(d))
		cm_inquiry();
}

static int anc_show(struct sfs_node *n, struct tk_buf *out)
{
	int r = tk_buf_printf(out, "%lu\n", allow_not_connected);

	(void)n;
	if (!r && allow_not_connected)
		r = tk_buf_adds(out, "[key]\n");
	return r;
}

static int anc_store(struct sfs_node *n, const char *buf, size_t len)
{
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	(void)n;
	(void)len;
	if (r < 0)
		return r;
	allow_not_connected = v;
	return 0;
}

static const struct sfs_attr attr_anc = { anc_show, anc_store };

static struct sfs_tgtt cm_tgtt = {
	.name = "copy_manager",
	.dif = true,
	.is_cm = true,
	.no_acg = true,
	.lun_added = cm_lun_added,
};

int sfs_cm_init(void)
{
	int r = sfs_tgtt_register(&cm_tgtt);

	if (!r)
		r = sfs_mkfile(cm_tgtt.node, "allow_not_connected_copy", SFS_RW, &attr_anc,
			       NULL, NULL);
	if (!r)
		r = sfs_tgt_register(&cm_tgtt, "copy_manager_tgt", NULL, &cm_tgt);
	if (!r)
		r = sfs_sess_register(cm_tgt, "copy_manager_sess", NULL, &cm_sess);
	return r;
}

/*
 * scst_cm_get_free_lun(): a global counter that never goes back, skips
 * used LUNs and wraps before 16383 (spec §2.9, README "What varies").
 */
int sfs_cm_dev_added(struct sfs_dev *d)
{
	unsigned int lun, tries;
	int r;

	if (!cm_tgt)
		return 0;
	for (tries = 0; tries <= 16384; tries++) {
		lun = cm_next_lun++;
		if (lun == 16383) {
			cm_next_lun = 0;
			continue;
		}
		if (!sfs_acg_has_lun(&cm_tgt->def, lun))
			break;
	}
	if (tries > 16384)
		return -ENOSPC;
	r = sfs_acg_add_lun(&cm_tgt->def, d, lun, false, true);
	if (r < 0)
		cm_next_lun--;
	return r;
}
