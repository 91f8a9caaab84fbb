// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qla.c - the qla2x00t target driver (qla2x00t-32gbit/qla2x00-target/
 * scst_qla2xxx.c).  The driver directory exists only when the emulated
 * machine has FC ports (--qla-wwn): each port is a hardware target named
 * by its WWPN with hw_target 1, node_name, explicit_confirmation,
 * abort_isp and enabled; `add_target <wwpn> node_name=..;parent_host=..`
 * creates an NPIV target (hw_target 0).  Spec scst-sysfs.md §8; no
 * recording exists, the FC configs of shared/configs must apply.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kparse.h"
#include "tgt.h"

struct qtgt {
	uint64_t wwpn;
	uint64_t wwnn;
	bool node_set;
	bool hw;
	int expl_conf;
	unsigned int host_no;
};

static unsigned int next_host = 10;

/*
 * sqa_parse_wwn(): exactly 23 characters "xx:xx:xx:xx:xx:xx:xx:xx"; --qla-wwn
 * also accepts 16 hex digits and an "0x" prefix.
 */
static int parse_wwn(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;
	size_t len = strlen(s), i;

	if (len == 23) {
		for (i = 0; i < 23; i++) {
			if (i % 3 == 2) {
				if (s[i] != ':')
					return -EINVAL;
				continue;
			}
			if (!isxdigit((unsigned char)s[i]))
				return -EINVAL;
			v = (v << 4) | (uint64_t)(isdigit((unsigned char)s[i]) ?
				s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10));
		}
		*out = v;
		return 0;
	}
	if (!strncasecmp(s, "0x", 2))
		s += 2;
	for (; *s; s++) {
		if (!isxdigit((unsigned char)*s) || ++digits > 16)
			return -EINVAL;
		v = (v << 4) | (uint64_t)(isdigit((unsigned char)*s) ?
			*s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
	}
	if (digits != 16)
		return -EINVAL;
	*out = v;
	return 0;
}

static void fmt_wwn(uint64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x",
		 (unsigned int)(v >> 56) & 0xff, (unsigned int)(v >> 48) & 0xff,
		 (unsigned int)(v >> 40) & 0xff, (unsigned int)(v >> 32) & 0xff,
		 (unsigned int)(v >> 24) & 0xff, (unsigned int)(v >> 16) & 0xff,
		 (unsigned int)(v >> 8) & 0xff, (unsigned int)v & 0xff);
}

/* ---- target files ----------------------------------------------------------- */

static struct qtgt *node_qtgt(struct sfs_node *n)
{
	return ((struct sfs_tgt *)sfs_node_priv(n))->priv;
}

static int hw_target_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, node_qtgt(n)->hw ? "1\n" : "0\n");
}

static int node_name_show(struct sfs_node *n, struct tk_buf *out)
{
	struct qtgt *q = node_qtgt(n);
	char w[32];
	int r;

	fmt_wwn(q->wwnn, w, sizeof(w));
	r = tk_buf_printf(out, "%s\n", w);
	if (!r && q->node_set)
		r = tk_buf_adds(out, "[key]\n");
	return r;
}

/* sqa_node_name_store(): a WWN, or empty/"\n" for the default */
static int node_name_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct qtgt *q = node_qtgt(n);
	char tmp[64];
	uint64_t v;

	snprintf(tmp, sizeof(tmp), "%.*s", (int)(len < sizeof(tmp) ? len : sizeof(tmp) - 1), buf);
	if (len && tmp[strlen(tmp) - 1] == '\n')
		tmp[strlen(tmp) - 1] = '\0';
	if (parse_wwn(tmp, &v) < 0) {
		if (buf[0] == '\0' || buf[0] == '\n') {
			q->node_set = false;
			return 0;
		}
		return -EINVAL;
	}
	if (v != q->wwnn) {
		q->wwnn = v;
		q->node_set = true;
	}
	return 0;
}

static int expl_conf_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, node_qtgt(n)->expl_conf ? "1\n[key]\n" : "0\n");
}

static int expl_conf_store(struct sfs_node *n, const char *buf, size_t len)
{
	(void)len;
	if (buf[0] == '0')
		node_qtgt(n)->expl_conf = 0;
	else if (buf[0] == '1')
		node_qtgt(n)->expl_conf = 1;
	return 0;	/* anything else is only logged */
}

static int abort_isp_store(struct sfs_node *n, const char *buf, size_t len)
{
	(void)n;
	(void)buf;
	(void)len;
	return -ENOSYS;	/* "ISP abort not implemented" */
}

static const struct sfs_attr attr_hw_target = { .show = hw_target_show };
static const struct sfs_attr attr_node_name = { node_name_show, node_name_store };
static const struct sfs_attr attr_expl_conf = { expl_conf_show, expl_conf_store };
static const struct sfs_attr attr_abort_isp = { .store = abort_isp_store };

static const struct sfs_attr_def qla_tgt_files_tab[] = {
	{ "explicit_confirmation", SFS_RW, &attr_expl_conf },
	{ "abort_isp", SFS_W, &attr_abort_isp },
	{ "hw_target", SFS_R, &attr_hw_target },
	{ "node_name", SFS_RW, &attr_node_name },
};

static int qla_tgt_files(struct sfs_tgt *t)
{
	struct qtgt *q = t->priv;
	char link[160];
	int r;

	r = sfs_attr_mkfiles(t->node, qla_tgt_files_tab, TK_ARRAY_SIZE(qla_tgt_files_tab), t);
	snprintf(link, sizeof(link),
		 "../../../../../devices/pci0000:00/0000:00:0%x.0/host%u/scsi_host/host%u",
		 q->host_no % 16, q->host_no, q->host_no);
	if (!r)
		r = sfs_mklink_text(t->node, "host", link, NULL);
	return r;
}

static void qla_tgt_gone(struct sfs_tgt *t)
{
	free(t->priv);
	t->priv = NULL;
}

static int qla_enable(struct sfs_tgt *t, bool on)
{
	(void)t;
	(void)on;
	return 0;
}

/* ---- mgmt ---------------------------------------------------------------------- */

static int qla_register(struct sfs_tgtt *tt, uint64_t wwpn, uint64_t wwnn, bool hw)
{
	struct qtgt *q = calloc(1, sizeof(*q));
	char name[32];
	int r;

	if (!q)
		return -ENOMEM;
	q->wwpn = wwpn;
	q->wwnn = wwnn;
	q->hw = hw;
	q->host_no = next_host++;
	fmt_wwn(wwpn, name, sizeof(name));
	r = sfs_tgt_register(tt, name, q, NULL);
	if (r < 0)
		free(q);
	return r;
}

static struct sfs_tgt *find_wwpn(struct sfs_tgtt *tt, uint64_t wwpn)
{
	char name[32];

	fmt_wwn(wwpn, name, sizeof(name));
	return sfs_tgt_lookup(tt, name);
}

/* sqa_add_vtarget() + qlt_add_vtarget() */
static int qla_add_target(struct sfs_tgtt *tt, const char *name, const char *params)
{
	char item[4096], p1[256], p2[256], p3[16];
	uint64_t wwpn, node = 0, parent = 0, v;
	struct sfs_tgt *pt;
	int r;

	r = parse_wwn(name, &wwpn);
	if (r < 0 || strlen(name) != 23)
		return -EINVAL;
	while (kp_token(&params, item, sizeof(item))) {
		const char *ip = item;

		if (!kp_word(&ip, p1, sizeof(p1)))
			return -EINVAL;
		if (!kp_word(&ip, p2, sizeof(p2)))
			return -EINVAL;
		if (kp_word(&ip, p3, sizeof(p3)))
			return -EINVAL;
		if (strlen(p2) != 23 || parse_wwn(p2, &v) < 0)
			return -EINVAL;
		if (!strcasecmp(p1, "node_name"))
			node = v;
		else if (!strcasecmp(p1, "parent_host"))
			parent = v;
		else
			return -EINVAL;
	}
	if (!node || !parent)
		return -EINVAL;
	pt = find_wwpn(tt, parent);
	if (!pt || !((struct qtgt *)pt->priv)->hw)
		return -ENODEV;
	if (find_wwpn(tt, wwpn))
		return -EEXIST;
	return qla_register(tt, wwpn, node, false);
}

/* sqa_del_vtarget(): only NPIV targets can be deleted */
static int qla_del_target(struct sfs_tgtt *tt, const char *name)
{
	struct sfs_tgt *t;
	uint64_t wwpn;

	if (strlen(name) != 23 || parse_wwn(name, &wwpn) < 0)
		return -EINVAL;
	t = find_wwpn(tt, wwpn);
	if (!t || ((struct qtgt *)t->priv)->hw)
		return -ENODEV;
	sfs_tgt_unregister(t);
	return 0;
}

static int version_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "INTERFACE=10.02.09.300-k\nSCST=3.11.0-pre\n"
				"QLOGIC=10.02.09.300-k\nTRACING\n");
}

static const struct sfs_attr attr_version = { .show = version_show };

static struct sfs_tgtt qla_tgtt = {
	.name = "qla2x00t",
	.has_enable = true,
	.can_close = true,
	.has_trace = true,
	.trace = { .level = SFS_TRACE_DEFAULT, .def = SFS_TRACE_DEFAULT },
	.add_params = "node_name, parent_host",
	.add_target = qla_add_target,
	.del_target = qla_del_target,
	.enable = qla_enable,
	.tgt_files = qla_tgt_files,
	.tgt_gone = qla_tgt_gone,
};

struct sfs_tgtt *sfs_qla_tgtt(void)
{
	return qla_tgtt.node ? &qla_tgtt : NULL;
}

int sfs_qla_init(void)
{
	const struct sfs_opts *o = sfs_opts();
	size_t i;
	int r;

	if (!o->n_qla_wwns)
		return 0;
	r = sfs_tgtt_register(&qla_tgtt);
	if (!r)
		r = sfs_mkfile(qla_tgtt.node, "version", SFS_R, &attr_version, NULL, NULL);
	for (i = 0; !r && i < o->n_qla_wwns; i++) {
		uint64_t wwpn;

		r = parse_wwn(o->qla_wwns[i], &wwpn);
		if (r < 0)
			break;
		/* the node name of a port: 2x:... for a 2y:... port name */
		r = qla_register(&qla_tgtt, wwpn, (wwpn & ~(0xfULL << 56)) | (0x0ULL << 56),
				 true);
	}
	return r;
}
