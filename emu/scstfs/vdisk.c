// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdisk.c - the vdisk_fileio, vdisk_blockio, vdisk_nullio and vcdrom
 * handlers and their devices (kernel: dev_handlers/scst_vdisk.c).
 * Behaviour: spec scst-sysfs.md §6.1, §6.2 and scenarios 08, 10, 11, 13,
 * 14, 16, 17, 19, 20, 44, 47, 49, 50.
 *
 * Every vdisk attribute file shares one struct sfs_attr; the callbacks
 * find the attribute's row in vd_attrs[] by the node's name and the
 * device's kind, so the table below is the whole per-attribute behaviour.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dev.h"
#include "kparse.h"
#include "scstfs.h"

#define KEY "[key]\n"

/* Device kinds (which handler), also used as masks in vd_attrs[]. */
#define VF 0x1	/* vdisk_fileio */
#define VB 0x2	/* vdisk_blockio */
#define VN 0x4	/* vdisk_nullio */
#define VC 0x8	/* vcdrom */

#define NULLIO_SIZE (2560ULL << 30)	/* VDISK_NULLIO_SIZE: 2.5 TiB */
#define DEF_OPT_TRANS_LEN 524288
#define NAME_MAX_LEN 64
#define T10_DEV_ID_SIZE 26
#define USN_SIZE 21
#define INQ_VS_MAX 160
#define DIF_FILE_TMPL "/var/lib/scst/dif_tags/%s.dif"

/**
 * struct vdev - the vdisk state of a device (struct scst_vdisk_dev).
 * Field names follow the attribute they back.
 */
struct vdev {
	struct sfs_dev *d;
	unsigned int kind;
	struct sfs_hnode usn_he;
	bool usn_hashed;
	struct sfs_hnode bdev_he;
	bool bdev_open;
	char *filename;
	char *dif_filename;
	unsigned long long size;
	int blk_shift;
	unsigned long opt_trans_len;
	bool opt_trans_len_set;
	bool active, reexam_pending, cdrom_empty;
	bool bind_alua_state, rd_only, wt, nv_cache, o_direct, async;
	bool removable, rotational, tp, tp_manual, dummy, read_zero, expl_alua;
	bool cluster_mode_init;
	int tst;
	int lb_per_pb_exp;
	int numa_node;
	unsigned int dif_mode;
	unsigned long long dif_type;
	unsigned long long app_tag;
	char t10_vend_id[8 + 1];
	char vend_specific_id[128 + 1];
	char prod_id[16 + 1];
	char prod_rev_lvl[4 + 1];
	char scsi_device_name[256 + 1];
	char t10_dev_id[T10_DEV_ID_SIZE];
	char usn[USN_SIZE];
	bool t10_vend_id_set, vend_specific_id_set, prod_id_set, prod_rev_lvl_set;
	bool scsi_device_name_set, t10_dev_id_set, usn_set;
	unsigned char naa_id[16];
	int naa_id_len;
	unsigned char eui64_id[16];
	int eui64_id_len;
	char inq_vs[INQ_VS_MAX];
	int inq_vs_len;
};

static struct sfs_htab usn_index;	/* vdev.usn: the kernel's usn clash check */
static struct sfs_htab bdev_index;	/* filename of every open blockio device */

static struct vdev *usn_find(const char *usn)
{
	struct sfs_hnode *e;

	sfs_htab_for_each(e, &usn_index, sfs_hash_str(usn)) {
		struct vdev *v = sfs_container_of(e, struct vdev, usn_he);

		if (!strcmp(v->usn, usn))
			return v;
	}
	return NULL;
}

static struct vdev *bdev_find(const char *filename)
{
	struct sfs_hnode *e;

	sfs_htab_for_each(e, &bdev_index, sfs_hash_str(filename)) {
		struct vdev *v = sfs_container_of(e, struct vdev, bdev_he);

		if (!strcmp(v->filename, filename))
			return v;
	}
	return NULL;
}

static struct vdev *dev_vdev(struct sfs_node *n)
{
	struct sfs_dev *d = sfs_node_priv(n);

	return d->hpriv;
}

static int key_if(struct tk_buf *out, bool key)
{
	return key ? tk_buf_adds(out, KEY) : 0;
}

static int show_int(struct tk_buf *out, long long v, bool key)
{
	int r = tk_buf_printf(out, "%lld\n", v);

	return r ? r : key_if(out, key);
}

/* crc32c, seed 0, reflected, no final XOR (spec §6.1). */
static uint32_t crc32c(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t c = 0;
	int k;

	while (len--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));
	}
	return c;
}

/* ---- backing files ------------------------------------------------------------- */

/* scst_file_or_bdev_size(): a directory is EINVAL (scenario 10 step 9). */
static int backing_size(const char *path, unsigned long long *size, bool *block)
{
	uint64_t s = 0;
	bool b = false;
	int r = sfs_host_file_size(path, &s, &b);

	if (r == -EISDIR)
		return -EINVAL;
	if (r < 0)
		return r;
	*size = s;
	*block = b;
	return 0;
}

/* vdisk_reexamine(): size from the backing file; pending while inactive. */
static int vd_reexamine(struct vdev *v)
{
	unsigned long long size;
	bool block;
	int r;

	if (v->kind == VN)
		return 0;
	if (v->kind == VC) {
		if (v->cdrom_empty)
			v->size = 0;
		return 0;
	}
	if (!v->active) {
		v->reexam_pending = true;
		return 0;
	}
	r = backing_size(v->filename, &size, &block);
	if (r < 0)
		return r;
	v->size = size;
	/* vdisk_check_tp_support(): loop devices support discard, files fallocate */
	if (!v->tp_manual && v->kind == VB)
		v->tp = block && !v->rd_only;
	else if (v->tp_manual && v->tp && (v->rd_only || (v->kind == VB && !block)))
		v->tp = false;
	return 0;
}

/* scst_open_bdev_by_path() for blockio: ENOTBLK, EBUSY (scenario 13). */
static int vd_bdev_open(struct vdev *v)
{
	unsigned long long size;
	bool block;
	int r;

	if (v->kind != VB || v->bdev_open || !v->active)
		return 0;
	r = backing_size(v->filename, &size, &block);
	if (r < 0)
		return r;
	if (!block)
		return -ENOTBLK;
	if (bdev_find(v->filename))
		return -EBUSY;
	r = sfs_htab_add(&bdev_index, &v->bdev_he, sfs_hash_str(v->filename));
	if (!r)
		v->bdev_open = true;
	return r;
}

static void vd_bdev_close(struct vdev *v)
{
	if (v->bdev_open)
		sfs_htab_del(&bdev_index, &v->bdev_he);
	v->bdev_open = false;
}

/* vdisk_open_fd() when a LUN exists: the file must open. */
static int vd_open(struct vdev *v)
{
	unsigned long long size;
	bool block;
	int r;

	if (v->kind == VB)
		return vd_bdev_open(v);
	if (v->kind == VN || !v->filename)
		return 0;
	r = backing_size(v->filename, &size, &block);
	return r < 0 ? r : 0;
}

/* ---- attributes ------------------------------------------------------------------ */

/*
 * One vdisk attribute file.  Files backed by a plain member of struct vdev
 * need no show (and, for identity strings, no store) function:
 * @field says how @off (and @size, @set_off) describe that member.
 */
struct vd_attr {
	const char *name;
	unsigned int kinds;
	mode_t mode;
	int (*show)(struct vdev *v, struct tk_buf *out);
	int (*store)(struct vdev *v, const char *buf, size_t len);
	bool inquiry;
	enum {
		VD_FN,		/* @show and @store do everything */
		VD_FLAG,	/* bool at @off: "%d\n", the key when set */
		VD_ID,		/* string at @off, @size bytes; bool "set" at @set_off */
	} field;
	size_t off, size, set_off;
};

#define VD_FLAG_MEMBER(m) .field = VD_FLAG, .off = offsetof(struct vdev, m)
#define VD_ID_MEMBER(m)                                           \
	.field = VD_ID, .off = offsetof(struct vdev, m),          \
	.size = sizeof(((struct vdev *)0)->m), .set_off = offsetof(struct vdev, m##_set)

static bool *vd_bool(struct vdev *v, size_t off)
{
	return (bool *)((char *)v + off);
}

/* kp_strtol() accepting 0 and 1 only; *out set on success. */
static int bool_strict(const char *buf, bool *out)
{
	long val;
	int r = kp_strtol(buf, &val);

	if (r < 0)
		return r;
	if (val != 0 && val != 1)
		return -EINVAL;
	*out = val;
	return 0;
}

/* kp_strtoul(), any non-zero value is true; *out set on success. */
static int bool_nonzero(const char *buf, bool *out)
{
	unsigned long val;
	int r = kp_strtoul(buf, &val);

	if (r < 0)
		return r;
	*out = val != 0;
	return 0;
}

static int active_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->active, !v->active);
}

/* [W]; activation opens the backing file when a LUN exists (scenario 19). */
static int active_store(struct vdev *v, const char *buf, size_t len)
{
	bool val;
	int r;

	sfs_work_begin();
	r = bool_strict(buf, &val);
	if (r < 0)
		return r;
	if (val == v->active)
		return 0;
	if (!val) {
		vd_bdev_close(v);
		v->active = false;
		return 0;
	}
	v->active = true;
	if (sfs_tgt_dev_in_use(v->d)) {
		r = vd_open(v);
		if (r < 0) {
			v->active = false;
			return r;
		}
	}
	if (v->reexam_pending) {
		v->reexam_pending = false;
		vd_reexamine(v);
	}
	return 0;
}

static int bind_alua_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->bind_alua_state, v->bind_alua_state != (v->kind == VB));
}

static int bind_alua_store(struct vdev *v, const char *buf, size_t len)
{
	char ch[16];

	snprintf(ch, sizeof(ch), "%s", buf);
	return bool_nonzero(ch, &v->bind_alua_state);
}

static int size_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, (long long)v->size, !(v->kind == VN && v->size == NULLIO_SIZE));
}

static int size_mb_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, (long long)(v->size >> 20), false);
}

/* vdev_size_process_store(): "%lld", shifted, a multiple of the block size. */
static int size_set(struct vdev *v, const char *buf, int shift)
{
	long long val;

	sfs_work_begin();
	if (sscanf(buf, "%lld", &val) != 1 ||
	    (unsigned long long)val > (~0ULL >> shift))
		return -EINVAL;
	if (((unsigned long long)val << shift) & ((1ULL << v->blk_shift) - 1))
		return -EINVAL;
	v->size = (unsigned long long)val << shift;
	return 0;
}

static int size_store(struct vdev *v, const char *buf, size_t len)
{
	return size_set(v, buf, 0);
}

static int size_mb_store(struct vdev *v, const char *buf, size_t len)
{
	return size_set(v, buf, 20);
}

static int blocksize_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, 1LL << v->blk_shift, v->blk_shift != 9);
}

static int opt_trans_len_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, (int)v->opt_trans_len, v->opt_trans_len_set);
}

static int opt_trans_len_store(struct vdev *v, const char *buf, size_t len)
{
	unsigned long val;
	int r = kp_strtoul(buf, &val);

	if (r < 0)
		return r;
	if (val & ((1UL << v->blk_shift) - 1))
		return -EINVAL;
	v->opt_trans_len = val;
	v->opt_trans_len_set = true;
	return 0;
}

static int tp_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->tp, v->tp_manual);
}

static int tst_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->tst, v->tst != 1);
}

static int rotational_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->rotational, !v->rotational);
}

static int expl_alua_store(struct vdev *v, const char *buf, size_t len)
{
	return bool_nonzero(buf, &v->expl_alua);
}

static int read_zero_store(struct vdev *v, const char *buf, size_t len)
{
	char ch[16];

	snprintf(ch, sizeof(ch), "%.*s", (int)(len < 15 ? len : 15), buf);
	return bool_strict(ch, &v->read_zero);
}

static int removable_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->removable, v->kind != VC && v->removable);
}

/* Skip leading and trailing blanks: returns the start, *len the length. */
static const char *trim_blanks(const char *buf, size_t *len)
{
	const char *e;

	while (*buf && isspace((unsigned char)*buf))
		buf++;
	e = buf + strlen(buf);
	while (e > buf && isspace((unsigned char)e[-1]))
		e--;
	*len = (size_t)(e - buf);
	return buf;
}

/* A read-only work: "path\n[key]\n" (or "none\n") plus the show's "\n". */
static int filename_show(struct vdev *v, struct tk_buf *out)
{
	if (v->filename)
		return tk_buf_printf(out, "%s\n" KEY "\n", v->filename);
	return tk_buf_adds(out, "none\n\n");
}

/* [W]: only while inactive; blanks trimmed; must be absolute (scenario 19). */
static int filename_store(struct vdev *v, const char *buf, size_t len)
{
	size_t l;
	const char *s = trim_blanks(buf, &l);
	char *fn;

	sfs_work_begin();
	if (v->active || !l || *s != '/')
		return -EINVAL;
	fn = strndup(s, l);
	if (!fn)
		return -ENOMEM;
	free(v->filename);
	v->filename = fn;
	return 0;
}

/* vcdrom_change(): load "/iso", eject with blanks only (spec §6.2). */
static int cdrom_filename_store(struct vdev *v, const char *buf, size_t len)
{
	size_t l;
	const char *s = trim_blanks(buf, &l);
	unsigned long long size = 0;
	bool block;
	char *fn = NULL;
	int r;

	sfs_work_begin();
	if (l) {
		if (*s != '/')
			return -EINVAL;
		fn = strndup(s, l);
		if (!fn)
			return -ENOMEM;
		r = backing_size(fn, &size, &block);
		if (r < 0) {
			free(fn);
			return r;
		}
	}
	free(v->filename);
	v->filename = fn;
	v->cdrom_empty = !fn;
	v->size = size;
	return 0;
}

static int cluster_mode_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->d->cluster_mode, v->d->cluster_mode);
}

static int cluster_mode_store(struct vdev *v, const char *buf, size_t len)
{
	sfs_work_begin();
	return bool_strict(buf, &v->d->cluster_mode);
}

/* [W]; EMEDIUMTYPE while inactive (scenario 19 step 22). */
static int resync_size_store(struct vdev *v, const char *buf, size_t len)
{
	unsigned long long size;
	bool block;
	int r;

	sfs_work_begin();
	if (!v->active)
		return -EMEDIUMTYPE;
	r = backing_size(v->filename, &size, &block);
	if (r < 0)
		return r;
	v->size = size;
	return 0;
}

static int sync_store(struct vdev *v, const char *buf, size_t len)
{
	return 0;
}

static int gen_tp_store(struct vdev *v, const char *buf, size_t len)
{
	return v->tp ? 0 : -EINVAL;
}

/* Identity strings: text up to the first '\n'; too long is EINVAL. */
static int id_store(char *dst, size_t size, bool *set, const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	size_t l = nl ? (size_t)(nl - buf) : len;

	if (l >= size)
		return -EINVAL;
	snprintf(dst, size, "%.*s", (int)l, buf);
	*set = true;
	return 0;
}

static int show_id(struct tk_buf *out, const char *s, bool set)
{
	int r = tk_buf_printf(out, "%s\n", s);

	return r ? r : key_if(out, set);
}

static int sdn_store(struct vdev *v, const char *buf, size_t len)
{
	int r = id_store(v->scsi_device_name, sizeof(v->scsi_device_name),
			 &v->scsi_device_name_set, buf, len);

	if (!r)
		v->scsi_device_name_set = v->scsi_device_name[0] != '\0';
	return r;
}

/* vdev_set_t10_dev_id() / the usn store: at most size - 1 bytes plus '\n'. */
static int fixed_id_set(char *dst, size_t size, const char *buf, size_t len)
{
	size_t i;

	if (len > size || (len == size && buf[len - 1] != '\n'))
		return -EINVAL;
	memset(dst, 0, size);
	memcpy(dst, buf, len < size ? len : size);
	for (i = 0; i < size; i++) {
		if (dst[i] == '\n') {
			dst[i] = '\0';
			break;
		}
	}
	dst[size - 1] = '\0';
	return 0;
}

static int t10_dev_id_store(struct vdev *v, const char *buf, size_t len)
{
	int r;

	if (v->d->cluster_mode)
		return -EPERM;
	r = fixed_id_set(v->t10_dev_id, sizeof(v->t10_dev_id), buf, len);
	if (!r)
		v->t10_dev_id_set = true;
	return r;
}

static int usn_store(struct vdev *v, const char *buf, size_t len)
{
	char usn[USN_SIZE];
	int r = fixed_id_set(usn, sizeof(usn), buf, len);

	if (r)
		return r;
	if (v->usn_hashed)
		sfs_htab_del(&usn_index, &v->usn_he);
	memcpy(v->usn, usn, sizeof(usn));
	v->usn_set = true;
	v->usn_hashed = sfs_htab_add(&usn_index, &v->usn_he, sfs_hash_str(v->usn)) == 0;
	return 0;
}

static int show_hex_id(struct tk_buf *out, const unsigned char *id, int len)
{
	int i, r = 0;

	if (len)
		r = tk_buf_adds(out, "0x");
	for (i = 0; !r && i < len; i++)
		r = tk_buf_printf(out, "%02x", id[i]);
	if (!r)
		r = tk_buf_adds(out, "\n");
	return r ? r : key_if(out, len != 0);
}

static int hex_digit(char c)
{
	unsigned char u = (unsigned char)c;

	if (!isxdigit(u))
		return -1;
	return isdigit(u) ? u - '0' : tolower(u) - 'a' + 10;
}

/* Set the binary id @dst (@dst_len bytes long) from the @n hex digits at @src. */
static int hex_id_set(unsigned char *dst, int *dst_len, const char *src, size_t n)
{
	unsigned char id[16];
	size_t i;
	int hi, lo;

	for (i = 0; i < n / 2; i++) {
		hi = hex_digit(src[2 * i]);
		lo = hex_digit(src[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		id[i] = (unsigned char)(hi << 4 | lo);
	}
	memcpy(dst, id, n / 2);
	*dst_len = (int)(n / 2);
	return 0;
}

/* Trim blanks and an optional "0x" (vdev_sysfs_eui64_id_store/naa_id_store). */
static const char *hex_trim(const char *buf, size_t len, size_t *n)
{
	while (len && isspace((unsigned char)buf[0])) {
		buf++;
		len--;
	}
	while (len && isspace((unsigned char)buf[len - 1]))
		len--;
	if (len >= 2 && buf[0] == '0' && buf[1] == 'x') {
		buf += 2;
		len -= 2;
	}
	*n = len;
	return buf;
}

static int eui64_show(struct vdev *v, struct tk_buf *out)
{
	return show_hex_id(out, v->eui64_id, v->eui64_id_len);
}

static int eui64_store(struct vdev *v, const char *buf, size_t len)
{
	size_t n;
	const char *s = hex_trim(buf, len, &n);

	if (n != 0 && n != 16 && n != 24 && n != 32)
		return -EINVAL;
	return hex_id_set(v->eui64_id, &v->eui64_id_len, s, n);
}

static int naa_show(struct vdev *v, struct tk_buf *out)
{
	return show_hex_id(out, v->naa_id, v->naa_id_len);
}

static int naa_store(struct vdev *v, const char *buf, size_t len)
{
	size_t n;
	const char *s = hex_trim(buf, len, &n);

	if (n == 16) {
		if (!strchr("235", s[0]) || !s[0])
			return -EINVAL;
	} else if (n == 32) {
		if (s[0] != '6')
			return -EINVAL;
	} else if (n != 0) {
		return -EINVAL;
	}
	return hex_id_set(v->naa_id, &v->naa_id_len, s, n);
}

static int inq_vs_show(struct vdev *v, struct tk_buf *out)
{
	int r = tk_buf_add(out, v->inq_vs, (size_t)v->inq_vs_len);

	if (!r)
		r = tk_buf_adds(out, "\n");
	return r ? r : key_if(out, v->inq_vs_len != 0);
}

static int inq_vs_store(struct vdev *v, const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	size_t l = nl ? (size_t)(nl - buf) : len;

	if (l > INQ_VS_MAX)
		return -EINVAL;
	memcpy(v->inq_vs, buf, l);
	v->inq_vs_len = (int)l;
	return 0;
}

static int async_store(struct vdev *v, const char *buf, size_t len)
{
	return bool_strict(buf, &v->async);
}

static int lbppe_show(struct vdev *v, struct tk_buf *out)
{
	return show_int(out, v->lb_per_pb_exp, v->lb_per_pb_exp != 1);
}

static int lbppe_store(struct vdev *v, const char *buf, size_t len)
{
	bool b;
	int r = bool_strict(buf, &b);

	if (!r)
		v->lb_per_pb_exp = b;
	return r;
}

static int dif_filename_show(struct vdev *v, struct tk_buf *out)
{
	return tk_buf_printf(out, "%s\n" KEY, v->dif_filename);
}

static const struct vd_attr vd_attrs[] = {
	{ "active", VF | VB, SFS_RW, active_show, active_store },
	{ "bind_alua_state", VF | VB, SFS_RW, bind_alua_show, bind_alua_store },
	{ "size", VF | VC, SFS_R, size_show, NULL },
	{ "size", VB | VN, SFS_RW, size_show, size_store },
	{ "size_mb", VF | VC, SFS_R, size_mb_show, NULL },
	{ "size_mb", VB | VN, SFS_RW, size_mb_show, size_mb_store },
	{ "blocksize", VF | VB | VN, SFS_R, blocksize_show, NULL },
	{ "opt_trans_len", VF | VB | VN, SFS_RW, opt_trans_len_show, opt_trans_len_store },
	{ "read_only", VF | VB | VN, SFS_R, VD_FLAG_MEMBER(rd_only) },
	{ "write_through", VF | VB, SFS_R, VD_FLAG_MEMBER(wt) },
	{ "thin_provisioned", VF | VB, SFS_R, tp_show, NULL },
	{ "tst", VF | VB | VN | VC, SFS_R, tst_show, NULL },
	{ "rotational", VF | VB | VN, SFS_R, rotational_show, NULL },
	{ "expl_alua", VF | VB, SFS_RW, .store = expl_alua_store, VD_FLAG_MEMBER(expl_alua) },
	{ "nv_cache", VF | VB, SFS_R, VD_FLAG_MEMBER(nv_cache) },
	{ "o_direct", VF, SFS_R, VD_FLAG_MEMBER(o_direct) },
	{ "dummy", VN, SFS_R, VD_FLAG_MEMBER(dummy) },
	{ "read_zero", VN, SFS_RW, .store = read_zero_store, VD_FLAG_MEMBER(read_zero) },
	{ "removable", VF | VB | VN, SFS_R, removable_show, NULL },
	{ "filename", VF | VB, SFS_RW, filename_show, filename_store },
	{ "filename", VC, SFS_RW, filename_show, cdrom_filename_store },
	{ "cluster_mode", VF | VB | VN, SFS_RW, cluster_mode_show, cluster_mode_store },
	{ "resync_size", VF | VB, SFS_W, NULL, resync_size_store },
	{ "sync", VF | VB, SFS_W, NULL, sync_store },
	{ "t10_vend_id", VF | VB | VN | VC, SFS_RW, .inquiry = true, VD_ID_MEMBER(t10_vend_id) },
	{ "vend_specific_id", VF | VB | VN | VC, SFS_RW, .inquiry = true,
	  VD_ID_MEMBER(vend_specific_id) },
	{ "prod_id", VF | VB | VN | VC, SFS_RW, .inquiry = true, VD_ID_MEMBER(prod_id) },
	{ "prod_rev_lvl", VF | VB | VN | VC, SFS_RW, .inquiry = true, VD_ID_MEMBER(prod_rev_lvl) },
	{ "scsi_device_name", VF | VB | VN | VC, SFS_RW, .store = sdn_store, .inquiry = true,
	  VD_ID_MEMBER(scsi_device_name) },
	{ "t10_dev_id", VF | VB | VN | VC, SFS_RW, .store = t10_dev_id_store, .inquiry = true,
	  VD_ID_MEMBER(t10_dev_id) },
	{ "naa_id", VF | VB | VN | VC, SFS_RW, naa_show, naa_store, true },
	{ "eui64_id", VF | VB | VN | VC, SFS_RW, eui64_show, eui64_store, true },
	{ "usn", VF | VB | VN | VC, SFS_RW, .store = usn_store, .inquiry = true, VD_ID_MEMBER(usn) },
	{ "inq_vend_specific", VF | VB | VN | VC, SFS_RW, inq_vs_show, inq_vs_store, true },
	{ "async", VF, SFS_RW, .store = async_store, VD_FLAG_MEMBER(async) },
	{ "lb_per_pb_exp", VF | VB, SFS_RW, lbppe_show, lbppe_store },
	/* created on demand, not by vd_attrs_create() */
	{ "gen_tp_soft_threshold_reached_UA", 0, SFS_W, NULL, gen_tp_store },
	{ "dif_filename", 0, SFS_R, dif_filename_show, NULL },
};

static const struct vd_attr *vd_attr_find(struct sfs_node *n, const struct vdev *v)
{
	const char *name = sfs_node_name(n);
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(vd_attrs); i++)
		if (!strcmp(vd_attrs[i].name, name) &&
		    (!vd_attrs[i].kinds || (vd_attrs[i].kinds & v->kind)))
			return &vd_attrs[i];
	return NULL;
}

static int vd_show(struct sfs_node *n, struct tk_buf *out)
{
	struct vdev *v = dev_vdev(n);
	const struct vd_attr *a = v ? vd_attr_find(n, v) : NULL;

	if (!a)
		return -ENODEV;
	if (a->field == VD_FLAG)
		return show_int(out, *vd_bool(v, a->off), *vd_bool(v, a->off));
	if (a->field == VD_ID)
		return show_id(out, (const char *)v + a->off, *vd_bool(v, a->set_off));
	return a->show ? a->show(v, out) : 0;
}

static int vd_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct vdev *v = dev_vdev(n);
	const struct vd_attr *a = v ? vd_attr_find(n, v) : NULL;
	int r;

	if (!a)
		return -ENODEV;
	if (a->store)
		r = a->store(v, buf, len);
	else if (a->field == VD_ID)
		r = id_store((char *)v + a->off, a->size, vd_bool(v, a->set_off), buf, len);
	else
		return -EIO;
	/* vdev_inq_changed_work: the copy manager re-reads INQUIRY (scenario 16) */
	if (!r && a->inquiry)
		sfs_cm_dev_inquiry(v->d);
	return r;
}

static const struct sfs_attr vd_file_attr = { vd_show, vd_store };

static int vd_mkfile(struct vdev *v, const char *name, mode_t mode)
{
	return sfs_mkfile(v->d->dir, name, mode, &vd_file_attr, v->d, NULL);
}

/* ---- handlers --------------------------------------------------------------------- */

static const char *const fileio_params[] = {
	"active", "async", "bind_alua_state", "blocksize", "cluster_mode", "dif_filename",
	"dif_mode", "dif_static_app_tag", "dif_type", "filename", "numa_node_id",
	"nv_cache", "o_direct", "read_only", "removable", "rotational",
	"thin_provisioned", "tst", "t10_dev_id", "write_through", NULL
};

static const char *const blockio_params[] = {
	"active", "bind_alua_state", "blocksize", "cluster_mode", "dif_filename",
	"dif_mode", "dif_static_app_tag", "dif_type", "filename", "numa_node_id",
	"nv_cache", "read_only", "removable", "rotational", "thin_provisioned", "tst",
	"t10_dev_id", "write_through", NULL
};

static const char *const nullio_params[] = {
	"blocksize", "cluster_mode", "dif_mode", "dif_static_app_tag", "dif_type",
	"dummy", "numa_node_id", "read_only", "removable", "rotational", "size",
	"size_mb", "tst", "t10_dev_id", NULL
};

static const char *const cdrom_params[] = { "tst", NULL };

static const struct sfs_trace_token vdisk_trace_local[] = {
	{ 0x80000000, "order" },
	{ 0, NULL }
};

static int vd_add_device(struct sfs_handler *h, const char *name, char *params);
static int vd_del_device(struct sfs_handler *h, const char *name);
static int vd_attach(struct sfs_dev *d);
static int vd_attrs_create(struct sfs_dev *d);
static void vd_detach(struct sfs_dev *d);

static const struct sfs_handler_ops vd_ops = {
	.add_device = vd_add_device,
	.del_device = vd_del_device,
	.attach = vd_attach,
	.attrs = vd_attrs_create,
	.detach = vd_detach,
};

static unsigned int vd_kinds[] = { VF, VB, VN, VC };

static struct sfs_handler vd_handlers[] = {
	{ .name = "vdisk_fileio", .type = 0, .virt = true, .params = fileio_params,
	  .threads_num = 8, .max_cmds = 64, .ops = &vd_ops, .priv = &vd_kinds[0],
	  .trace = { .local = vdisk_trace_local, .help = ", order" } },
	{ .name = "vdisk_blockio", .type = 0, .virt = true, .params = blockio_params,
	  .threads_num = 1, .max_cmds = 64, .ops = &vd_ops, .priv = &vd_kinds[1],
	  .trace = { .local = vdisk_trace_local, .help = ", order" } },
	{ .name = "vdisk_nullio", .type = 0, .virt = true, .params = nullio_params,
	  .threads_num = 1, .max_cmds = 64, .ops = &vd_ops, .priv = &vd_kinds[2],
	  .trace = { .local = vdisk_trace_local, .help = ", order" } },
	{ .name = "vcdrom", .type = 5, .virt = true, .params = cdrom_params,
	  .threads_num = 8, .max_cmds = 64, .ops = &vd_ops, .priv = &vd_kinds[3],
	  .trace = { .local = vdisk_trace_local, .help = ", order" } },
};

/* ---- add_device -------------------------------------------------------------------- */

/* vdev_create(): defaults and the generated identity (spec §6.1). */
static struct vdev *vd_new(unsigned int kind, const char *name)
{
	struct vdev *v = calloc(1, sizeof(*v));
	unsigned long long id;

	if (!v)
		return NULL;
	v->kind = kind;
	v->blk_shift = kind == VC ? 11 : 9;
	v->opt_trans_len = DEF_OPT_TRANS_LEN;
	v->active = true;
	v->rotational = true;
	v->tst = 1;
	v->lb_per_pb_exp = 1;
	v->bind_alua_state = kind == VB;
	v->rd_only = kind == VC;
	v->removable = kind == VC;
	v->cdrom_empty = kind == VC;
	v->size = kind == VN ? NULLIO_SIZE : 0;
	v->numa_node = -1;
	v->app_tag = 0;
	id = ((unsigned long long)sfs_core_setup_id() << 32) |
	     crc32c(name, strlen(name) + 1);
	snprintf(v->t10_dev_id, sizeof(v->t10_dev_id), "%llx-%s", id, name);
	snprintf(v->t10_vend_id, sizeof(v->t10_vend_id), "%s",
		 kind == VB ? "SCST_BIO" : "SCST_FIO");
	snprintf(v->vend_specific_id, sizeof(v->vend_specific_id), "%s", v->t10_dev_id);
	snprintf(v->prod_id, sizeof(v->prod_id), "%s", name);
	snprintf(v->prod_rev_lvl, sizeof(v->prod_rev_lvl), "%s", "3110");
	snprintf(v->usn, sizeof(v->usn), "%llx", id);
	return v;
}

static void vd_free(struct vdev *v)
{
	if (!v)
		return;
	free(v->filename);
	free(v->dif_filename);
	free(v);
}

static bool param_allowed(const char *const *list, const char *p)
{
	for (; *list; list++)
		if (!strcasecmp(*list, p))
			return true;
	return false;
}

/* scst_calc_block_shift(): 0 is 512, else ilog2 of the (int) value. */
static int block_shift(unsigned long long val)
{
	int s = (int)val, shift = -1;

	if (s == 0)
		s = 512;
	if (s < 0)
		return -1;
	while (s) {
		s >>= 1;
		shift++;
	}
	return shift;
}

static int parse_dif_mode(struct vdev *v, char *val)
{
	char *d = val, *dd;

	for (;;) {
		while (*d && isspace((unsigned char)*d))
			d++;
		if (!*d)
			break;
		dd = strchr(d, '|');
		if (dd)
			*dd = '\0';
		if (!strcasecmp(d, "tgt"))
			v->dif_mode |= SFS_DIF_TGT;
		else if (!strcasecmp(d, "scst"))
			v->dif_mode |= SFS_DIF_SCST;
		else if (!strcasecmp(d, "dev_check"))
			v->dif_mode |= SFS_DIF_DEV_CHECK;
		else if (!strcasecmp(d, "dev_store"))
			v->dif_mode |= SFS_DIF_DEV_STORE;
		else
			return -EINVAL;
		if (!dd)
			break;
		*dd = '|';
		d = dd + 1;
	}
	return 0;
}

/* The add_device parameters that set a bool to their lowest bit. */
static const struct {
	const char *name;
	size_t off;
} vd_bool_params[] = {
	{ "write_through", offsetof(struct vdev, wt) },
	{ "nv_cache", offsetof(struct vdev, nv_cache) },
	{ "o_direct", offsetof(struct vdev, o_direct) },
	{ "read_only", offsetof(struct vdev, rd_only) },
	{ "removable", offsetof(struct vdev, removable) },
	{ "active", offsetof(struct vdev, active) },
	{ "bind_alua_state", offsetof(struct vdev, bind_alua_state) },
	{ "rotational", offsetof(struct vdev, rotational) },
	{ "cluster_mode", offsetof(struct vdev, cluster_mode_init) },
};

static bool *bool_param(struct vdev *v, const char *name)
{
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(vd_bool_params); i++)
		if (!strcasecmp(name, vd_bool_params[i].name))
			return vd_bool(v, vd_bool_params[i].off);
	return NULL;
}

/* vdev_parse_add_dev_params() (spec §6.1 table; scenarios 10, 11, 13, 14, 47, 49). */
static int vd_parse_params(struct vdev *v, char *params, const char *const *allowed)
{
	unsigned long long ull;
	long long ll;
	char *item, *pos = params, *name, *val;
	bool *flag;
	int r;

	while ((item = sfs_next_token(&pos))) {
		name = sfs_next_lexem(&item);
		if (!*name)
			return -EINVAL;
		if (allowed && !param_allowed(allowed, name))
			return -EINVAL;
		val = sfs_next_lexem(&item);
		if (!*val)
			return -EINVAL;
		if (*sfs_next_lexem(&item))
			return -EINVAL;
		if (!strcasecmp(name, "filename")) {
			if (v->filename || *val != '/')
				return -EINVAL;
			v->filename = strdup(val);
			if (!v->filename)
				return -ENOMEM;
			continue;
		}
		if (!strcasecmp(name, "dif_filename")) {
			if (*val != '/')
				return -EINVAL;
			free(v->dif_filename);
			v->dif_filename = strdup(val);
			if (!v->dif_filename)
				return -ENOMEM;
			continue;
		}
		if (!strcasecmp(name, "dif_mode")) {
			r = parse_dif_mode(v, val);
			if (r)
				return r;
			continue;
		}
		if (!strcasecmp(name, "t10_dev_id")) {
			r = fixed_id_set(v->t10_dev_id, sizeof(v->t10_dev_id), val, strlen(val));
			if (r)
				return r;
			v->t10_dev_id_set = true;
			continue;
		}
		r = kp_strtoll(val, &ll);
		if (r)
			return r;
		if (!strcasecmp(name, "numa_node_id")) {
			if ((int)ll < -1)
				return -EINVAL;
			v->numa_node = (int)ll;
			continue;
		}
		r = kp_strtoull(val, &ull);
		if (r)
			return r;
		flag = bool_param(v, name);
		if (flag) {
			*flag = ull & 1;
		} else if (!strcasecmp(name, "dummy")) {
			if (ull > 1)
				return -EINVAL;
			v->dummy = ull;
		} else if (!strcasecmp(name, "tst")) {
			if (ull > 1)
				return -EINVAL;
			v->tst = (int)ull;
		} else if (!strcasecmp(name, "thin_provisioned")) {
			v->tp = ull & 1;
			v->tp_manual = true;
		} else if (!strcasecmp(name, "async")) {
			v->async = ull != 0;
		} else if (!strcasecmp(name, "size")) {
			v->size = ull;
		} else if (!strcasecmp(name, "size_mb")) {
			v->size = ull * 1024 * 1024;
		} else if (!strcasecmp(name, "blocksize")) {
			v->blk_shift = block_shift(ull);
			if (v->blk_shift < 9)
				return -EINVAL;
		} else if (!strcasecmp(name, "dif_type")) {
			v->dif_type = ull;
		} else if (!strcasecmp(name, "dif_static_app_tag")) {
			v->app_tag = ull;
		} else if (!strcasecmp(name, "lb_per_pb_exp")) {
			v->lb_per_pb_exp = ull & 1;
		} else {
			return -EINVAL;
		}
	}
	if (v->size & ((1ULL << v->blk_shift) - 1))
		return -EINVAL;
	return 0;
}

/* ---- handler attach / detach ------------------------------------------------------- */

/* vdisk_attach(): DIF checks, o_direct, the backing file size. */
static int vd_attach(struct sfs_dev *d)
{
	struct vdev *v = d->hpriv;
	unsigned long long size;
	bool block;
	int r;

	d->cluster_mode = v->cluster_mode_init;
	if (v->dif_type == 0 && (v->dif_mode || v->dif_filename))
		return -EINVAL;
	if (v->dif_mode & SFS_DIF_DEV_CHECK)
		return -EINVAL;	/* no block integrity on the emulated backends */
	if (v->kind == VB && (v->dif_mode & SFS_DIF_DEV_STORE))
		return -EINVAL;
	if ((v->dif_mode & SFS_DIF_DEV_STORE) && !v->dif_filename &&
	    asprintf(&v->dif_filename, DIF_FILE_TMPL, d->name) < 0) {
		v->dif_filename = NULL;
		return -ENOMEM;
	}
	if (v->active && v->dif_filename) {
		r = backing_size(v->dif_filename, &size, &block);
		if (r < 0)
			return r;
	}
	if (v->dif_type > 3 || (v->dif_mode == 0 && v->dif_type != 0))
		return -EINVAL;
	if (v->o_direct && !v->async)
		return -EINVAL;
	r = vd_reexamine(v);
	if (r < 0)
		return r;
	d->dif_mode = v->dif_mode;
	d->dif_type = (int)v->dif_type;
	d->app_tag = (v->dif_type && v->dif_mode && v->dif_type != 2) ? v->app_tag : 0;
	d->read_only = v->rd_only;
	d->numa_node = v->numa_node;
	return 0;
}

/* devt_dev_sysfs_create(): the handler's dev_attrs, plus the optional files. */
static int vd_attrs_create(struct sfs_dev *d)
{
	struct vdev *v = d->hpriv;
	size_t i;
	int r = 0;

	for (i = 0; !r && i < TK_ARRAY_SIZE(vd_attrs); i++)
		if (vd_attrs[i].kinds & v->kind)
			r = vd_mkfile(v, vd_attrs[i].name, vd_attrs[i].mode);
	if (!r && v->tp)
		r = vd_mkfile(v, "gen_tp_soft_threshold_reached_UA", SFS_W);
	if (!r && v->dif_filename)
		r = vd_mkfile(v, "dif_filename", SFS_R);
	if (!r && d->dif_type && d->dif_mode)
		r = sfs_dev_dif_files(d);
	return r;
}

static void vd_detach(struct sfs_dev *d)
{
	static const char *const extra[] = { "dif_mode", "dif_type", "dif_static_app_tag" };
	struct vdev *v = d->hpriv;
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(vd_attrs); i++)
		sfs_remove(sfs_child(d->dir, vd_attrs[i].name));
	for (i = 0; i < TK_ARRAY_SIZE(extra); i++)
		sfs_remove(sfs_child(d->dir, extra[i]));
	if (!v)
		return;
	vd_bdev_close(v);
	if (v->usn_hashed)
		sfs_htab_del(&usn_index, &v->usn_he);
	vd_free(v);
	d->hpriv = NULL;
}

/* ---- mgmt commands --------------------------------------------------------------------- */

/*
 * vdev_*_add_device() + scst_register_virtual_device_node(): the order of
 * the checks decides the errno (scenarios 10, 11, 13, 44, 46, 50).
 */
static int vd_add_device(struct sfs_handler *h, const char *name, char *params)
{
	unsigned int kind = *(const unsigned int *)h->priv;
	struct sfs_dev *d = sfs_dev_find(name);
	struct vdev *v;
	int r;

	if (d && !d->hctl)
		return -EEXIST;
	if (strlen(name) > NAME_MAX_LEN)
		return -EINVAL;
	v = vd_new(kind, name);
	if (!v)
		return -ENOMEM;
	r = -EEXIST;
	if (usn_find(v->usn))
		goto out_free;
	r = vd_parse_params(v, params, kind == VF ? NULL : h->params);
	if (r)
		goto out_free;
	r = -EINVAL;
	if (kind == VF && v->rd_only && (v->wt || v->nv_cache))
		goto out_free;
	if ((kind == VF || kind == VB) && !v->filename)
		goto out_free;
	if (kind == VC)
		v->active = true;
	r = sfs_dev_create(name, h->type, NULL, &d);
	if (r)
		goto out_free;
	d->hpriv = v;
	v->d = d;
	r = sfs_dev_assign(d, h);
	if (!r)
		r = vd_bdev_open(v);
	if (!r) {
		r = sfs_htab_add(&usn_index, &v->usn_he, sfs_hash_str(v->usn));
		v->usn_hashed = !r;
	}
	if (!r)
		r = sfs_cm_dev_added(d);
	if (r) {
		if (d->hpriv) {
			sfs_dev_assign(d, NULL);
			if (d->hpriv)
				vd_detach(d);
		}
		sfs_dev_destroy(d);
	}
	return r;
out_free:
	vd_free(v);
	return r;
}

static int vd_del_device(struct sfs_handler *h, const char *name)
{
	struct sfs_dev *d = sfs_dev_find(name);

	if (!d || d->hctl)
		return -EINVAL;
	sfs_dev_destroy(d);
	return 0;
}

/**
 * sfs_vdisk_init() - register vdisk_fileio, vdisk_blockio, vdisk_nullio and
 * vcdrom under handlers/ (spec scst-sysfs.md §2.2; help texts of scenario 02).
 *
 * Return: 0 or -errno from sfs_handler_register().
 */
int sfs_vdisk_init(void)
{
	size_t i;
	int r = 0;

	for (i = 0; !r && i < TK_ARRAY_SIZE(vd_handlers); i++)
		r = sfs_handler_register(&vd_handlers[i]);
	return r;
}
