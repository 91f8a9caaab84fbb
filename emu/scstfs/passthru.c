// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * passthru.c - pass-through device handlers (dev_disk, dev_tape, ...),
 * scst_user, and the local SCSI devices given with --scsi-device
 * (kernel: dev_handlers/scst_{disk,tape,cdrom,changer,modisk,processor,
 * raid,user}.c, scst_main.c scst_register_device).  Behaviour: spec
 * scst-sysfs.md §2.2, §2.3 "Pass-through devices", §3.2, §6.3, scenario 46.
 *
 * Which handler modules are loaded: the recorded kernel loads scst_disk
 * and scst_user together with a local disk (scenario 46) and none of them
 * otherwise (scenario 01).  The emulator loads, when at least one
 * --scsi-device is given, scst_user plus the module of each given device
 * type (disk: dev_disk + dev_disk_perf, tape: dev_tape + dev_tape_perf,
 * changer: dev_changer, ...).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev.h"
#include "kparse.h"
#include "scstfs.h"

#define KEY "[key]\n"

static char *pr_dump_dir;

/* dev_disk's handler attribute pr_dump_dir (scenario 46): "path\n". */
static int pr_dump_dir_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%s\n", pr_dump_dir ? pr_dump_dir : "");
}

static int pr_dump_dir_store(struct sfs_node *n, const char *buf, size_t len)
{
	size_t l = strcspn(buf, "\n");
	char *s;

	if (l >= 4096)
		return -ENAMETOOLONG;
	s = strndup(buf, l);
	if (!s)
		return -ENOMEM;
	free(pr_dump_dir);
	pr_dump_dir = s;
	return 0;
}

static const struct sfs_attr pr_dump_dir_attr = { pr_dump_dir_show, pr_dump_dir_store };

/* dev_disk's device attribute cluster_mode: 0/1, [W]. */
static int disk_cluster_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "%d\n", d->cluster_mode);

	return r || !d->cluster_mode ? r : tk_buf_adds(out, KEY);
}

static int disk_cluster_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	long v;
	int r;

	sfs_work_begin();
	r = kp_strtol(buf, &v);
	if (r < 0)
		return r;
	if (v < 0 || v > 1)
		return -EINVAL;
	d->cluster_mode = v;
	return 0;
}

static const struct sfs_attr disk_cluster_attr = { disk_cluster_show, disk_cluster_store };

static int disk_attrs(struct sfs_dev *d)
{
	return sfs_mkfile(d->dir, "cluster_mode", SFS_RW, &disk_cluster_attr, d, NULL);
}

static void disk_detach(struct sfs_dev *d)
{
	sfs_remove(sfs_child(d->dir, "cluster_mode"));
	d->cluster_mode = false;
}

static const struct sfs_handler_ops disk_ops = {
	.attrs = disk_attrs,
	.detach = disk_detach,
};

/**
 * struct pt_module - a pass-through handler module and the SCSI type it
 * serves.
 * @type:     peripheral type of the devices it takes
 * @handlers: its handlers (one or two: the "_perf" variant)
 * @n:        number of handlers
 */
struct pt_module {
	int type;
	struct sfs_handler *handlers;
	size_t n;
};

static struct sfs_handler disk_h[] = {
	{ .name = "dev_disk", .type = 0, .threads_num = 1, .max_cmds = 64, .ops = &disk_ops },
	{ .name = "dev_disk_perf", .type = 0, .threads_num = 0, .max_cmds = 64 },
};
static struct sfs_handler tape_h[] = {
	{ .name = "dev_tape", .type = 1, .threads_num = 1, .max_cmds = 64 },
	{ .name = "dev_tape_perf", .type = 1, .threads_num = 0, .max_cmds = 64 },
};
static struct sfs_handler processor_h[] = {
	{ .name = "dev_processor", .type = 3, .threads_num = 1, .max_cmds = 64 },
};
static struct sfs_handler cdrom_h[] = {
	{ .name = "dev_cdrom", .type = 5, .threads_num = 1, .max_cmds = 64 },
};
static struct sfs_handler modisk_h[] = {
	{ .name = "dev_modisk", .type = 7, .threads_num = 1, .max_cmds = 64 },
	{ .name = "dev_modisk_perf", .type = 7, .threads_num = 0, .max_cmds = 64 },
};
static struct sfs_handler changer_h[] = {
	{ .name = "dev_changer", .type = 8, .threads_num = 1, .max_cmds = 64 },
};
static struct sfs_handler raid_h[] = {
	{ .name = "dev_raid", .type = 12, .threads_num = 1, .max_cmds = 64 },
};
static struct sfs_handler user_h = {
	.name = "scst_user", .type = -1, .no_mgmt = true, .threads_num = -1, .max_cmds = 64,
};

static struct pt_module pt_modules[] = {
	{ 0, disk_h, TK_ARRAY_SIZE(disk_h) },
	{ 1, tape_h, TK_ARRAY_SIZE(tape_h) },
	{ 3, processor_h, TK_ARRAY_SIZE(processor_h) },
	{ 5, cdrom_h, TK_ARRAY_SIZE(cdrom_h) },
	{ 7, modisk_h, TK_ARRAY_SIZE(modisk_h) },
	{ 8, changer_h, TK_ARRAY_SIZE(changer_h) },
	{ 12, raid_h, TK_ARRAY_SIZE(raid_h) },
};

static bool type_present(int type)
{
	const struct sfs_opts *o = sfs_opts();
	size_t i;

	for (i = 0; i < o->n_scsi_devs; i++)
		if (o->scsi_devs[i].type == type)
			return true;
	return false;
}

/**
 * sfs_passthru_init() - load the pass-through handler modules for the
 * --scsi-device types and register those devices with handler "none"
 * (spec scst-sysfs.md §2.3, §9 item 14; scenario 46 steps 2-3).
 *
 * Return: 0 or -errno (a bad or duplicate H:C:I:L gives -EINVAL/-EEXIST).
 */
int sfs_passthru_init(void)
{
	const struct sfs_opts *o = sfs_opts();
	unsigned int h, c, i;
	unsigned long long l;
	char hctl[80];
	struct sfs_dev *d;
	size_t m, k;
	int r = 0;

	if (!o->n_scsi_devs)
		return 0;
	for (m = 0; !r && m < TK_ARRAY_SIZE(pt_modules); m++) {
		if (!type_present(pt_modules[m].type))
			continue;
		for (k = 0; !r && k < pt_modules[m].n; k++)
			r = sfs_handler_register(&pt_modules[m].handlers[k]);
	}
	if (!r)
		r = sfs_handler_register(&user_h);
	if (!r && type_present(0))
		r = sfs_mkfile(disk_h[0].dir, "pr_dump_dir", SFS_RW, &pr_dump_dir_attr, NULL,
			       NULL);
	for (k = 0; !r && k < o->n_scsi_devs; k++) {
		if (sscanf(o->scsi_devs[k].hctl, "%u:%u:%u:%llu", &h, &c, &i, &l) != 4)
			return -EINVAL;
		snprintf(hctl, sizeof(hctl), "%u:%u:%u:%llu", h, c, i, l);
		r = sfs_dev_create(hctl, o->scsi_devs[k].type, hctl, &d);
	}
	return r;
}
