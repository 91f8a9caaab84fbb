// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * local.c - the scst_local target driver (scst_local/scst_local.c):
 * targets/scst_local/ with the default target scst_local_tgt and its
 * session scst_local_host (module parameter add_default_tgt=1), targets
 * without `enabled`, sessions that are emulated SCSI hosts (host_no,
 * host link, transport_id).  Spec scst-sysfs.md §8; scenarios 01, 34,
 * 35, 43.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kparse.h"
#include "tgt.h"

/* driver data of a target */
struct local_tgt {
	unsigned long scsi_tv;
	unsigned long phys_tv;
};

/* driver data of a session: an emulated SCSI host */
struct local_sess {
	unsigned int number;		/* transport id counter, never reused */
	unsigned int host_no;
	unsigned char *tr_id;		/* written transport_id, or NULL */
	size_t tr_id_len;
};

static unsigned int sess_counter;
static unsigned char *hosts_used;	/* host numbers in use (lowest free) */
static size_t hosts_cap;

static int host_alloc(unsigned int *out)
{
	size_t i;

	for (i = 0; i < hosts_cap; i++) {
		if (!hosts_used[i]) {
			hosts_used[i] = 1;
			*out = (unsigned int)i;
			return 0;
		}
	}
	{
		size_t nc = hosts_cap ? hosts_cap * 2 : 64;
		unsigned char *p = realloc(hosts_used, nc);

		if (!p)
			return -ENOMEM;
		memset(p + hosts_cap, 0, nc - hosts_cap);
		hosts_used = p;
		i = hosts_cap;
		hosts_cap = nc;
	}
	hosts_used[i] = 1;
	*out = (unsigned int)i;
	return 0;
}

static void host_free(unsigned int h)
{
	if (h < hosts_cap)
		hosts_used[h] = 0;
}

/* ---- driver files ----------------------------------------------------------- */

static int version_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "3.11.0-pre/20110901\nTRACING\n");
}

static int stats_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "Aborts: 0, Device Resets: 0, Target Resets: 0\n");
}

static const struct sfs_attr attr_version = { .show = version_show };
static const struct sfs_attr attr_stats = { .show = stats_show };

/* ---- target files ------------------------------------------------------------ */

static int scsi_tv_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt *t = sfs_node_priv(n);
	struct local_tgt *lt = t->priv;

	if (lt->scsi_tv)
		return tk_buf_printf(out, "0x%lx\n[key]\n", lt->scsi_tv);
	return tk_buf_adds(out, "0xbe0\n");
}

static int phys_tv_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt *t = sfs_node_priv(n);
	struct local_tgt *lt = t->priv;
	int r = tk_buf_printf(out, "0x%lx\n", lt->phys_tv);

	if (!r && lt->phys_tv)
		r = tk_buf_adds(out, "[key]\n");
	return r;
}

static int tv_store(struct sfs_node *n, const char *buf, unsigned long *dst)
{
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	(void)n;
	if (r < 0)
		return r;
	*dst = v;
	return 0;
}

static int scsi_tv_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgt *t = sfs_node_priv(n);

	(void)len;
	return tv_store(n, buf, &((struct local_tgt *)t->priv)->scsi_tv);
}

static int phys_tv_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_tgt *t = sfs_node_priv(n);

	(void)len;
	return tv_store(n, buf, &((struct local_tgt *)t->priv)->phys_tv);
}

static const struct sfs_attr attr_scsi_tv = { scsi_tv_show, scsi_tv_store };
static const struct sfs_attr attr_phys_tv = { phys_tv_show, phys_tv_store };

static int local_tgt_files(struct sfs_tgt *t)
{
	int r;

	t->priv = calloc(1, sizeof(struct local_tgt));
	if (!t->priv)
		return -ENOMEM;
	r = sfs_mkfile(t->node, "scsi_transport_version", SFS_RW, &attr_scsi_tv, t, NULL);
	if (!r)
		r = sfs_mkfile(t->node, "phys_transport_version", SFS_RW, &attr_phys_tv, t, NULL);
	return r;
}

static void local_tgt_gone(struct sfs_tgt *t)
{
	free(t->priv);
	t->priv = NULL;
}

/* ---- session files ------------------------------------------------------------ */

static int host_no_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_sess *s = sfs_node_priv(n);
	struct local_sess *ls = s->priv;

	return tk_buf_printf(out, "%u\n", ls->host_no);
}

/* scst_local_get_sas_transport_id(): SAS address 0x5feede4N Nfade050 */
static int tr_id_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_sess *s = sfs_node_priv(n);
	struct local_sess *ls = s->priv;
	unsigned char id[24] = { 0 };

	if (ls->tr_id)
		return tk_buf_add(out, ls->tr_id, ls->tr_id_len);
	id[0] = 0x06;
	id[4] = 0x5f;
	id[5] = 0xee;
	id[6] = 0xde;
	id[7] = (unsigned char)(0x40 | ((ls->number >> 4) & 0x0f));
	id[8] = (unsigned char)(0x0f | ((ls->number & 0x0f) << 4));
	id[9] = 0xad;
	id[10] = 0xe0;
	id[11] = 0x50;
	return tk_buf_add(out, id, sizeof(id));
}

static int tr_id_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_sess *s = sfs_node_priv(n);
	struct local_sess *ls = s->priv;
	unsigned char *p = malloc(len);

	if (!p)
		return -ENOMEM;
	memcpy(p, buf, len);
	free(ls->tr_id);
	ls->tr_id = p;
	ls->tr_id_len = len;
	return 0;
}

static const struct sfs_attr attr_host_no = { .show = host_no_show };
static const struct sfs_attr attr_tr_id = { tr_id_show, tr_id_store };

static int local_sess_files(struct sfs_sess *s)
{
	struct local_sess *ls = s->priv;
	char link[512];
	int r;

	if (!ls) {		/* a session from the test hook */
		ls = calloc(1, sizeof(*ls));
		if (!ls)
			return -ENOMEM;
		s->priv = ls;
		ls->number = ++sess_counter;
		if (host_alloc(&ls->host_no) < 0)
			return -ENOMEM;
	}
	snprintf(link, sizeof(link),
		 "../../../../../../../devices/scst_local/%s/host%u/scsi_host/host%u",
		 s->name, ls->host_no, ls->host_no);
	r = sfs_mkfile(s->node, "host_no", SFS_R, &attr_host_no, s, NULL);
	if (!r)
		r = sfs_mkfile(s->node, "transport_id", SFS_RW, &attr_tr_id, s, NULL);
	if (!r)
		r = sfs_mklink_text(s->node, "host", link, NULL);
	return r;
}

static void local_sess_gone(struct sfs_sess *s)
{
	struct local_sess *ls = s->priv;

	if (!ls)
		return;
	host_free(ls->host_no);
	free(ls->tr_id);
	free(ls);
	s->priv = NULL;
}

/* __scst_local_add_adapter(): the session number is used up even on failure */
static int local_add_session(struct sfs_tgt *t, const char *name)
{
	struct local_sess *ls = calloc(1, sizeof(*ls));
	struct sfs_sess *s;
	int r;

	if (!ls)
		return -ENOMEM;
	ls->number = ++sess_counter;
	r = host_alloc(&ls->host_no);
	if (r < 0) {
		free(ls);
		return r;
	}
	r = sfs_sess_register(t, name, ls, &s);
	if (r < 0)
		return -EFAULT;
	/*
	 * The Linux SCSI host scans its LUNs: 18 small reads (INQUIRY, REPORT
	 * LUNS, MODE SENSE, ...) and one 4 KiB read (scenario 35).
	 */
	if (!tl_empty(&s->acg->lun_list))
		sfs_sess_count_reads(s, 19, 4, 18);
	return 0;
}

/*
 * After a re-bind the host rescans (AEN): a new LUN set is read twice
 * (8 KiB), a vanished one once (scenario 35).
 */
static void local_sess_rebound(struct sfs_sess *s, bool had_luns)
{
	if (!tl_empty(&s->acg->lun_list))
		sfs_sess_count_reads(s, 2, 8, 0);
	else if (had_luns)
		sfs_sess_count_reads(s, 1, 4, 0);
}

/* ---- mgmt ---------------------------------------------------------------------- */

/* scst_local_sysfs_add_target(): scenario 34 */
static int local_add_target(struct sfs_tgtt *tt, const char *name, const char *params)
{
	char item[4096], p1[4096], p2[4096];
	struct sfs_tgt *t;
	int r;

	r = sfs_tgt_register(tt, name, NULL, &t);
	if (r < 0)
		return r == -ENOMEM ? r : -EFAULT;
	while (kp_token(&params, item, sizeof(item))) {
		const char *ip = item;

		if (!kp_word(&ip, p1, sizeof(p1)))
			break;
		if (strcasecmp(p1, "session_name")) {
			r = -EINVAL;
			goto remove;
		}
		if (!kp_word(&ip, p2, sizeof(p2))) {
			r = -EINVAL;
			goto remove;
		}
		r = local_add_session(t, p2);
		if (r < 0)
			goto remove;
	}
	return 0;
remove:
	sfs_tgt_unregister(t);
	return r;
}

static int local_del_target(struct sfs_tgtt *tt, const char *name)
{
	struct sfs_tgt *t = sfs_tgt_lookup(tt, name);

	if (!t)
		return -ENOENT;
	sfs_tgt_unregister(t);
	return 0;
}

/* scst_local_sysfs_mgmt_cmd(): add_session / del_session; other verbs do nothing */
static int local_mgmt_cmd(struct sfs_tgtt *tt, const char *line)
{
	char cmd[64], tname[4096], sname[4096];
	const char *pos = line;
	struct sfs_tgt *t;
	struct tl_link *it;

	kp_word(&pos, cmd, sizeof(cmd));
	if (!kp_word(&pos, tname, sizeof(tname)))
		return -EINVAL;
	t = sfs_tgt_lookup(tt, tname);
	if (!t)
		return -EINVAL;
	if (!kp_word(&pos, sname, sizeof(sname)))
		return -EINVAL;
	if (kp_verb_is(cmd, "add_session"))
		return local_add_session(t, sname);
	if (kp_verb_is(cmd, "del_session")) {
		for (it = t->sess_list.next; it != &t->sess_list; it = it->next) {
			struct sfs_sess *s = sfs_container_of(it, struct sfs_sess, tlink);

			if (!strcmp(s->initiator, sname)) {
				sfs_sess_unregister(s);
				return 0;
			}
		}
		return -EINVAL;
	}
	return 0;
}

static struct sfs_tgtt local_tgtt = {
	.name = "scst_local",
	.can_close = true,
	.has_trace = true,
	.trace = { .level = SFS_TRACE_DEFAULT, .def = SFS_TRACE_DEFAULT },
	.cmd_help = "       echo \"add_session target_name session_name\" >mgmt\n"
		    "       echo \"del_session target_name session_name\" >mgmt\n",
	.add_params = "session_name",
	.add_target = local_add_target,
	.del_target = local_del_target,
	.mgmt_cmd = local_mgmt_cmd,
	.tgt_files = local_tgt_files,
	.tgt_gone = local_tgt_gone,
	.sess_files = local_sess_files,
	.sess_gone = local_sess_gone,
	.sess_rebound = local_sess_rebound,
};

struct sfs_tgtt *sfs_local_tgtt(void)
{
	return &local_tgtt;
}

int sfs_local_init(void)
{
	struct sfs_tgt *t;
	int r = sfs_tgtt_register(&local_tgtt);

	if (!r)
		r = sfs_mkfile(local_tgtt.node, "version", SFS_R, &attr_version, NULL, NULL);
	if (!r)
		r = sfs_mkfile(local_tgtt.node, "stats", SFS_R, &attr_stats, NULL, NULL);
	/* add_default_tgt=1 */
	if (!r)
		r = sfs_tgt_register(&local_tgtt, "scst_local_tgt", NULL, &t);
	if (!r)
		r = local_add_session(t, "scst_local_host");
	return r;
}
