// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * iscsi.c - the iSCSI target driver: the kernel part (iscsi-scst: tid,
 * targets/iscsi/ files, attribute files forwarded to the daemon) and the
 * emulated user-space daemon iscsi-scstd (target parameters, CHAP
 * accounts, allowed portals, global daemon attributes).
 *
 * Spec scst-sysfs.md §7; scenarios 22 (add/del_target, tid counter),
 * 23 and 25 (CHAP accounts, file naming, the dangling OutgoingUser),
 * 26 (target parameters, ":default:", key marks), 41.
 *
 * Daemon attribute files read back the daemon's text plus one '\n' added
 * by the kernel (§7 "Daemon attribute files"); their reads and writes are
 * synchronous and never touch last_sysfs_mgmt_res.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kparse.h"
#include "tgt.h"

#define MAX_DATA_SEG 1048576u
#define DIGEST_NONE 1u
#define DIGEST_CRC32C 2u
#define ISCSI_PORT 3260

enum key_ops { OPS_RANGE, OPS_BOOL, OPS_DIGEST, OPS_MARKER };

struct ikey {
	const char *name;
	unsigned int def, min, max;
	bool show;
	enum key_ops ops;
};

/* iscsi-scstd's target_keys (param.c) */
static const struct ikey tkeys[] = {
	{ "QueuedCommands", 32, 1, 2048, true, OPS_RANGE },
	{ "RspTimeout", 90, 2, 65535, true, OPS_RANGE },
	{ "NopInInterval", 30, 0, 65535, true, OPS_RANGE },
	{ "NopInTimeout", 30, 2, 65535, true, OPS_RANGE },
	{ "MaxSessions", 0, 0, 65535, true, OPS_RANGE },
};

/* iscsi-scstd's session_keys, with max_data_seg filled in */
static const struct ikey skeys[] = {
	{ "InitialR2T", 0, 0, 1, true, OPS_BOOL },
	{ "ImmediateData", 1, 0, 1, true, OPS_BOOL },
	{ "MaxConnections", 1, 1, 1, false, OPS_RANGE },
	{ "MaxRecvDataSegmentLength", MAX_DATA_SEG, 512, MAX_DATA_SEG, true, OPS_RANGE },
	{ "MaxXmitDataSegmentLength", MAX_DATA_SEG, 512, MAX_DATA_SEG, true, OPS_RANGE },
	{ "MaxBurstLength", MAX_DATA_SEG, 512, MAX_DATA_SEG, true, OPS_RANGE },
	{ "FirstBurstLength", 65536, 512, MAX_DATA_SEG, true, OPS_RANGE },
	{ "DefaultTime2Wait", 0, 0, 0, false, OPS_RANGE },
	{ "DefaultTime2Retain", 0, 0, 0, false, OPS_RANGE },
	{ "MaxOutstandingR2T", 32, 1, 65535, true, OPS_RANGE },
	{ "DataPDUInOrder", 0, 0, 1, false, OPS_BOOL },
	{ "DataSequenceInOrder", 0, 0, 1, false, OPS_BOOL },
	{ "ErrorRecoveryLevel", 0, 0, 0, false, OPS_RANGE },
	{ "HeaderDigest", DIGEST_NONE, DIGEST_NONE, 3, true, OPS_DIGEST },
	{ "DataDigest", DIGEST_NONE, DIGEST_NONE, 3, true, OPS_DIGEST },
	{ "OFMarker", 0, 0, 0, false, OPS_BOOL },
	{ "IFMarker", 0, 0, 0, false, OPS_BOOL },
	{ "OFMarkInt", 2048, 1, 65535, false, OPS_MARKER },
	{ "IFMarkInt", 2048, 1, 65535, false, OPS_MARKER },
	{ "RDMAExtensions", 0, 0, 0, true, OPS_BOOL },
	{ "TargetRecvDataSegmentLength", 512, 512, MAX_DATA_SEG, false, OPS_RANGE },
	{ "InitiatorRecvDataSegmentLength", MAX_DATA_SEG, 512, MAX_DATA_SEG, false, OPS_RANGE },
	{ "MaxAHSLength", 0, 0, 0xffffffffu, false, OPS_RANGE },
	{ "TaggedBufferForSolicitedDataOnly", 0, 0, 0, false, OPS_BOOL },
	{ "iSERHelloRequired", 0, 0, 0, false, OPS_BOOL },
	{ "MaxOutstandingUnexpectedPDUs", 0, 0, 0xffffffffu, false, OPS_RANGE },
};

#define NTKEYS TK_ARRAY_SIZE(tkeys)
#define NSKEYS TK_ARRAY_SIZE(skeys)

enum { DIR_IN, DIR_OUT };
static const char *const user_keys[] = { "IncomingUser", "OutgoingUser" };

/* a daemon attribute record (account or allowed portal) */
struct iattr {
	struct tl_link link;
	char *sysfs_name;
	char *key;		/* user name / portal pattern */
	char *val;		/* secret (accounts) */
};

/* the daemon's and the kernel's view of one target */
struct itgt {
	struct sfs_tgt *t;		/* NULL for the discovery (global) lists */
	unsigned int tid;
	unsigned int tparams[NTKEYS];
	unsigned int sparams[NSKEYS];
	int per_portal_acl;
	char redirect_addr[64];
	int redirect_port;
	bool redirect_perm;
	char *alias;
	struct tl_link acc[2];
	struct tl_link portals;
	struct tl_link files;		/* its struct afile, to free them */
	struct sfs_hnode name_node;	/* case-insensitive, daemon */
	struct sfs_hnode tid_node;
};

/* the priv of a daemon attribute file: which object and which name */
struct afile {
	struct itgt *it;		/* NULL: global */
	struct tl_link link;		/* in the owner's files list */
	char name[];
};

static struct itgt disc;		/* discovery accounts */
static struct sfs_htab by_name;
static struct sfs_htab by_tid;
static unsigned int next_tid;
static int iscsi_enabled;
static char *isns_server;
static int isns_ac;
static char isns_entity[256];
static int link_local = 1;
static char *internal_portal;

static const struct sfs_trace_token iscsi_trace_local[] = {
	{ 0x80000000, "d_write" },
	{ 0x40000000, "conn" },
	{ 0x20000000, "conn_dbg" },
	{ 0x10000000, "iov" },
	{ 0x08000000, "pdu" },
	{ 0x04000000, "net_page" },
	{ 0, NULL }
};

/* ---- daemon helpers ------------------------------------------------------ */

/* config_sep_string(): skip blanks and '=', take a word up to blank or '=' */
static const char *sep_word(const char **pp, char *out, size_t size)
{
	const char *p = *pp;
	size_t n = 0;

	while (*p && (isspace((unsigned char)*p) || *p == '='))
		p++;
	while (*p && !isspace((unsigned char)*p) && *p != '=') {
		if (n + 1 < size)
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
	if (*p)
		p++;
	*pp = p;
	return out;
}

/* params_index_by_name_numwild(): "IncomingUser" + optional digits */
static int numwild(const char *name, const char *key)
{
	size_t kl = strlen(key), i;

	if (strlen(name) < kl || strncasecmp(name, key, kl))
		return -1;
	for (i = kl; name[i]; i++)
		if (!isdigit((unsigned char)name[i]))
			return -1;
	return 0;
}

static int user_dir(const char *name)
{
	if (!numwild(name, user_keys[DIR_IN]))
		return DIR_IN;
	if (!numwild(name, user_keys[DIR_OUT]))
		return DIR_OUT;
	return -1;
}

static int key_index(const struct ikey *keys, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(keys[i].name, name))
			return (int)i;
	return -1;
}

/* params_str_to_val() + params_check_val() */
static int key_parse(const struct ikey *k, const char *str, unsigned int *val)
{
	*val = k->def;
	if (!strcmp(str, ":default:")) {
		*val = k->def;
		return 0;
	}
	switch (k->ops) {
	case OPS_RANGE:
		*val = (unsigned int)strtol(str, NULL, 0);
		break;
	case OPS_BOOL:
		if (!strcmp(str, "Yes"))
			*val = 1;
		else if (!strcmp(str, "No"))
			*val = 0;
		else
			return -EINVAL;
		return 0;
	case OPS_DIGEST: {
		const char *p = str, *q;

		*val = 0;
		do {
			while (*p && isspace((unsigned char)*p))
				p++;
			if (!strncasecmp(p, "None", 4))
				*val |= DIGEST_NONE;
			else if (!strncasecmp(p, "CRC32C", 6))
				*val |= DIGEST_CRC32C;
			else
				return -EINVAL;
			q = strchr(p, ',');
			if (q)
				p = q + 1;
		} while (q);
		if (!*val)
			*val = DIGEST_NONE;
		return 0;
	}
	case OPS_MARKER:
		*val = k->def;
		return 0;
	}
	if (*val < k->min || *val > k->max)
		return -EINVAL;
	return 0;
}

/* params_val_to_str() */
static int key_print(struct tk_buf *out, const struct ikey *k, unsigned int v)
{
	switch (k->ops) {
	case OPS_RANGE:
		return tk_buf_printf(out, "%u", v);
	case OPS_BOOL:
		return tk_buf_adds(out, v ? "Yes" : "No");
	case OPS_DIGEST:
		if ((v & DIGEST_NONE) && (v & DIGEST_CRC32C))
			return tk_buf_adds(out, "None,CRC32C");
		if (v & DIGEST_NONE)
			return tk_buf_adds(out, "None");
		if (v & DIGEST_CRC32C)
			return tk_buf_adds(out, "CRC32C");
		return tk_buf_adds(out, "Unknown");
	case OPS_MARKER:
		return tk_buf_adds(out, v ? "Reject" : "Irrelevant");
	}
	return 0;
}

static struct iattr *attr_by_sysfs(struct tl_link *h, const char *sysfs_name)
{
	struct tl_link *it;

	for (it = h->next; it != h; it = it->next) {
		struct iattr *a = sfs_container_of(it, struct iattr, link);

		if (!strcmp(a->sysfs_name, sysfs_name))
			return a;
	}
	return NULL;
}

static struct iattr *attr_by_key(struct tl_link *h, const char *key)
{
	struct tl_link *it;

	for (it = h->next; it != h; it = it->next) {
		struct iattr *a = sfs_container_of(it, struct iattr, link);

		if (!strcmp(a->key, key))
			return a;
	}
	return NULL;
}

static void attr_destroy(struct iattr *a)
{
	tl_del(&a->link);
	free(a->sysfs_name);
	free(a->key);
	free(a->val);
	free(a);
}

/* iscsi_attr_create(): unique key, sysfs name "<tmpl>", "<tmpl>1", ... */
static int attr_create(struct tl_link *h, const char *tmpl, const char *key, const char *val,
		       struct iattr **out)
{
	struct iattr *a;
	char name[300];
	int num = 0;

	if (attr_by_key(h, key))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s", tmpl);
	while (attr_by_sysfs(h, name))
		snprintf(name, sizeof(name), "%s%d", tmpl, ++num);
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->sysfs_name = strdup(name);
	a->key = strdup(key);
	a->val = (val && *val) ? strdup(val) : NULL;
	if (!a->sysfs_name || !a->key || (val && *val && !a->val)) {
		free(a->sysfs_name);
		free(a->key);
		free(a->val);
		free(a);
		return -ENOMEM;
	}
	tl_add_tail(h, &a->link);
	*out = a;
	return 0;
}

/* iscsi_attr_replace(): "key [val]" written to an existing attribute */
static int attr_replace(struct tl_link *h, const char *sysfs_name, const char *raw)
{
	char key[256], val[256];
	struct iattr *a, *o;
	char *nk, *nv = NULL;

	sep_word(&raw, key, sizeof(key));
	sep_word(&raw, val, sizeof(val));
	a = attr_by_sysfs(h, sysfs_name);
	if (!a)
		return -EINVAL;
	o = attr_by_key(h, key);
	if (o && o != a)
		return -EEXIST;
	nk = strdup(key);
	if (val[0])
		nv = strdup(val);
	if (!nk || (val[0] && !nv)) {
		free(nk);
		free(nv);
		return -ENOMEM;
	}
	free(a->key);
	free(a->val);
	a->key = nk;
	a->val = nv;
	return 0;
}

/* ---- kernel attribute files ------------------------------------------------ */

static int afile_show(struct sfs_node *n, struct tk_buf *out);
static int afile_store(struct sfs_node *n, const char *buf, size_t len);
static const struct sfs_attr attr_daemon = { afile_show, afile_store };

static struct sfs_node *itgt_dir(const struct itgt *it)
{
	return it && it->t ? it->t->node : sfs_iscsi_tgtt()->node;
}

/* iscsi_add_attr(): EEXIST when the name is taken in that directory */
static int kattr_add(struct itgt *it, const char *name, mode_t mode)
{
	struct afile *f;
	size_t l = strlen(name);
	int r;

	if (sfs_child(itgt_dir(it), name))
		return -EEXIST;
	f = malloc(sizeof(*f) + l + 1);
	if (!f)
		return -ENOMEM;
	f->it = (it && it->t) ? it : NULL;
	memcpy(f->name, name, l + 1);
	r = sfs_mkfile(itgt_dir(it), name, mode, &attr_daemon, f, NULL);
	if (r < 0)
		free(f);
	else
		tl_add_tail(&(it ? it : &disc)->files, &f->link);
	return r;
}

static void kattr_del(struct itgt *it, const char *name)
{
	struct sfs_node *n = sfs_child(itgt_dir(it), name);
	struct afile *f;

	if (!n)
		return;
	f = sfs_node_priv(n);
	sfs_remove(n);
	tl_del(&f->link);
	free(f);
}

/* handle_e_get_attr_value() */
static int daemon_get(struct itgt *it, const char *name, struct tk_buf *out)
{
	int idx, dir, r = 0;

	idx = key_index(tkeys, NTKEYS, name);
	if (idx >= 0 && it) {
		r = key_print(out, &tkeys[idx], it->tparams[idx]);
		if (!r && it->tparams[idx] != tkeys[idx].def)
			r = tk_buf_adds(out, "\n[key]\n");
		return r;
	}
	idx = key_index(skeys, NSKEYS, name);
	if (idx >= 0 && it) {
		r = key_print(out, &skeys[idx], it->sparams[idx]);
		if (!r && it->sparams[idx] != skeys[idx].def)
			r = tk_buf_adds(out, "\n[key]\n");
		return r;
	}
	if (idx >= 0)
		return -EINVAL;
	dir = user_dir(name);
	if (dir >= 0) {
		struct iattr *a = attr_by_sysfs(&(it ? it : &disc)->acc[dir], name);

		if (!a)
			return -EINVAL;
		return tk_buf_printf(out, "%s %s\n[key]\n", a->key, a->val ? a->val : "(null)");
	}
	if (!numwild(name, "allowed_portal")) {
		struct iattr *a;

		if (!it)
			return -EINVAL;
		a = attr_by_sysfs(&it->portals, name);
		if (!a)
			return -EINVAL;
		return tk_buf_printf(out, "%s\n[key]\n", a->key);
	}
	if (!strcasecmp(name, "enabled") && !it)
		return tk_buf_printf(out, "%d\n", iscsi_enabled);
	if (!strcasecmp(name, "per_portal_acl") && it)
		return tk_buf_adds(out, it->per_portal_acl ? "1\n[key]\n" : "0\n");
	if (!strcasecmp(name, "redirect") && it) {
		if (!it->redirect_addr[0])
			return 0;
		if (it->redirect_port != ISCSI_PORT)
			return tk_buf_printf(out, "%s:%d %s\n[key]\n", it->redirect_addr,
					     it->redirect_port, it->redirect_perm ? "perm" : "temp");
		return tk_buf_printf(out, "%s %s\n[key]\n", it->redirect_addr,
				     it->redirect_perm ? "perm" : "temp");
	}
	if (!strcasecmp(name, "alias") && it)
		return it->alias ? tk_buf_printf(out, "%s\n[key]\n", it->alias) : 0;
	if (!strcasecmp(name, "iSNSServer") && !it) {
		if (isns_server)
			return tk_buf_printf(out, "%s %s\n[key]\n", isns_server,
					     isns_ac ? "AccessControl" : "");
		return tk_buf_adds(out, "\n");
	}
	if (!strcasecmp(name, "isns_entity_name") && !it)
		return tk_buf_adds(out, isns_entity);
	if (!strcasecmp(name, "link_local") && !it)
		return tk_buf_printf(out, "%d\n%s", link_local, link_local != 1 ? "[key]\n" : "");
	if (!strcasecmp(name, "internal_portal") && !it) {
		if (internal_portal)
			return tk_buf_printf(out, "%s\n[key]\n", internal_portal);
		return tk_buf_adds(out, "\n");
	}
	return -EINVAL;
}

static bool is_addr(const char *s)
{
	unsigned char b[16];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

/* config_strip_string() into a new string */
static char *strip_dup(const char *s)
{
	const char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return strndup(s, (size_t)(e - s));
}

/* handle_target_redirect() */
static int set_redirect(struct itgt *it, const char *p)
{
	char addr[256], type[64], extra[64], tmp[256], *port, *t;
	unsigned char b[16];
	long pn = ISCSI_PORT;

	sep_word(&p, addr, sizeof(addr));
	if (!addr[0]) {
		it->redirect_addr[0] = '\0';
		return 0;
	}
	sep_word(&p, type, sizeof(type));
	if (!type[0])
		return -EINVAL;
	sep_word(&p, extra, sizeof(extra));
	if (extra[0])
		return -EINVAL;
	t = strrchr(addr, ']');
	port = t ? strchr(t, ':') : strrchr(addr, ':');
	if (port) {
		*port++ = '\0';
		pn = strtol(port, NULL, 10);
		if (pn <= 0)
			return -EINVAL;
	}
	if (strlen(addr) >= sizeof(it->redirect_addr))
		return -ERANGE;
	if (inet_pton(AF_INET, addr, b) != 1) {
		const char *s = addr[0] == '[' ? addr + 1 : addr;
		size_t l = strcspn(s, "]");

		snprintf(tmp, sizeof(tmp), "%.*s", (int)l, s);
		if (inet_pton(AF_INET6, tmp, b) != 1)
			return -EINVAL;
	}
	if (!strcasecmp(type, "temp"))
		it->redirect_perm = false;
	else if (!strcasecmp(type, "perm"))
		it->redirect_perm = true;
	else
		return -EINVAL;
	snprintf(it->redirect_addr, sizeof(it->redirect_addr), "%s", addr);
	it->redirect_port = (int)pn;
	return 0;
}

static int set_key(const struct ikey *k, unsigned int *slot, const char *p)
{
	char v[256], extra[64];
	unsigned int val;
	int r;

	sep_word(&p, v, sizeof(v));
	sep_word(&p, extra, sizeof(extra));
	if (extra[0])
		return -EINVAL;
	r = key_parse(k, v, &val);
	if (r < 0)
		return r;
	*slot = val;
	return 0;
}

static int set_01(int *dst, const char *p)
{
	char v[64];

	sep_word(&p, v, sizeof(v));
	if (!strcmp(v, "1"))
		*dst = 1;
	else if (!strcmp(v, "0"))
		*dst = 0;
	else
		return -EINVAL;
	return 0;
}

/* handle_e_set_attr_value(); @p is the written text */
static int daemon_set(struct itgt *it, const char *name, const char *p)
{
	int idx, dir;

	idx = key_index(tkeys, NTKEYS, name);
	if (idx >= 0)
		return it ? set_key(&tkeys[idx], &it->tparams[idx], p) : -EINVAL;
	idx = key_index(skeys, NSKEYS, name);
	if (idx >= 0)
		return it ? set_key(&skeys[idx], &it->sparams[idx], p) : -EINVAL;
	dir = user_dir(name);
	if (dir >= 0)
		return attr_replace(&(it ? it : &disc)->acc[dir], name, p);
	if (!numwild(name, "allowed_portal"))
		return it ? attr_replace(&it->portals, name, p) : -EINVAL;
	if (!strcasecmp(name, "enabled"))
		return it ? -EINVAL : set_01(&iscsi_enabled, p);
	if (!strcasecmp(name, "per_portal_acl"))
		return it ? set_01(&it->per_portal_acl, p) : -EINVAL;
	if (!strcasecmp(name, "redirect"))
		return it ? set_redirect(it, p) : -EINVAL;
	if (!strcasecmp(name, "alias")) {
		char *s;

		if (!it)
			return -EINVAL;
		s = strip_dup(p);
		if (!s)
			return -ENOMEM;
		free(it->alias);
		it->alias = NULL;
		if (*s)
			it->alias = s;
		else
			free(s);
		return 0;
	}
	if (!strcasecmp(name, "iSNSServer")) {
		char srv[256], w[64];

		if (it)
			return -EINVAL;
		free(isns_server);
		isns_server = NULL;
		sep_word(&p, srv, sizeof(srv));
		if (!srv[0])
			return 0;
		isns_ac = 0;
		sep_word(&p, w, sizeof(w));
		if (!strcasecmp(w, "AccessControl")) {
			sep_word(&p, w, sizeof(w));
			isns_ac = strcasecmp(w, "No") != 0;
		} else if (w[0]) {
			return -EINVAL;
		}
		isns_server = strdup(srv);
		return isns_server ? 0 : -ENOMEM;
	}
	if (!strcasecmp(name, "isns_entity_name")) {
		sep_word(&p, isns_entity, sizeof(isns_entity));
		return 0;
	}
	if (!strcasecmp(name, "link_local"))
		return it ? -EINVAL : set_01(&link_local, p);
	if (!strcasecmp(name, "internal_portal")) {
		char *s, *tok, *save = NULL, *copy;

		if (it)
			return -EINVAL;
		s = strip_dup(p);
		if (!s)
			return -ENOMEM;
		if (!*s) {
			free(s);
			free(internal_portal);
			internal_portal = NULL;
			return 0;
		}
		copy = strdup(s);
		if (!copy) {
			free(s);
			return -ENOMEM;
		}
		for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			if (!is_addr(tok)) {
				free(copy);
				free(s);
				return -EINVAL;
			}
		}
		free(copy);
		free(internal_portal);
		internal_portal = s;
		return 0;
	}
	return -EINVAL;
}

/* iscsi_attr_show(): the daemon's text plus '\n' */
static int afile_show(struct sfs_node *n, struct tk_buf *out)
{
	struct afile *f = sfs_node_priv(n);
	int r = daemon_get(f->it, f->name, out);

	if (r < 0)
		return r;
	return tk_buf_adds(out, "\n");
}

/* iscsi_attr_store(): synchronous, no sysfs work */
static int afile_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct afile *f = sfs_node_priv(n);

	(void)len;
	return daemon_set(f->it, f->name, buf);
}

/* ---- accounts ------------------------------------------------------------- */

/* __config_account_add() */
static int account_add(struct itgt *it, int dir, const char *user, const char *pass,
		       const char *sysfs_name, bool to_kernel)
{
	struct tl_link *h = &it->acc[dir];
	struct iattr *a;
	int r;

	if (!user[0] || !pass[0])
		return -EINVAL;
	if (strlen(pass) < 12)
		return -EINVAL;
	if (!sysfs_name)
		sysfs_name = user_keys[dir];
	/* only one outgoing account: the old one is dropped, file and all left */
	if (dir == DIR_OUT && !tl_empty(h))
		attr_destroy(sfs_container_of(h->next, struct iattr, link));
	r = attr_create(h, sysfs_name, user, pass, &a);
	if (r < 0)
		return r;
	if (to_kernel) {
		r = kattr_add(it, a->sysfs_name, SFS_RW600);
		if (r < 0)
			attr_destroy(a);
	}
	return r;
}

/* ---- targets ---------------------------------------------------------------- */

static struct itgt *itgt_find_ci(const char *name)
{
	uint64_t h = sfs_hash_stri(name);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &by_name, h) {
		struct itgt *it = sfs_container_of(n, struct itgt, name_node);

		if (!strcasecmp(it->t->name, name))
			return it;
	}
	return NULL;
}

static bool tid_used(unsigned int tid)
{
	uint64_t h = sfs_hash_u64(tid);
	struct sfs_hnode *n;

	sfs_htab_for_each(n, &by_tid, h)
		if (sfs_container_of(n, struct itgt, tid_node)->tid == tid)
			return true;
	return false;
}

static void itgt_init(struct itgt *it)
{
	size_t i;

	for (i = 0; i < NTKEYS; i++)
		it->tparams[i] = tkeys[i].def;
	for (i = 0; i < NSKEYS; i++)
		it->sparams[i] = skeys[i].def;
	tl_init(&it->acc[DIR_IN]);
	tl_init(&it->acc[DIR_OUT]);
	tl_init(&it->portals);
	tl_init(&it->files);
}

static void itgt_free_lists(struct itgt *it)
{
	while (!tl_empty(&it->acc[DIR_IN]))
		attr_destroy(sfs_container_of(it->acc[DIR_IN].next, struct iattr, link));
	while (!tl_empty(&it->acc[DIR_OUT]))
		attr_destroy(sfs_container_of(it->acc[DIR_OUT].next, struct iattr, link));
	while (!tl_empty(&it->portals))
		attr_destroy(sfs_container_of(it->portals.next, struct iattr, link));
	free(it->alias);
	it->alias = NULL;
}

static int tid_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_tgt *t = sfs_node_priv(n);

	return tk_buf_printf(out, "%u\n", ((struct itgt *)t->priv)->tid);
}

static const struct sfs_attr attr_tid = { .show = tid_show };

/* kernel_target_create(): the attribute files of a new target */
static int iscsi_tgt_files(struct sfs_tgt *t)
{
	struct itgt *it = t->priv;
	struct tl_link *l;
	size_t i;
	int r, d;

	it->t = t;
	r = sfs_mkfile(t->node, "tid", SFS_R, &attr_tid, t, NULL);
	if (!r)
		r = kattr_add(it, "per_portal_acl", SFS_RW);
	if (!r)
		r = kattr_add(it, "redirect", SFS_RW);
	if (!r)
		r = kattr_add(it, "alias", SFS_RW);
	for (i = 0; !r && i < NSKEYS; i++)
		if (skeys[i].show)
			r = kattr_add(it, skeys[i].name, SFS_RW);
	for (i = 0; !r && i < NTKEYS; i++)
		r = kattr_add(it, tkeys[i].name, SFS_RW);
	for (d = 0; !r && d < 2; d++)
		for (l = it->acc[d].next; !r && l != &it->acc[d]; l = l->next)
			r = kattr_add(it, sfs_container_of(l, struct iattr, link)->sysfs_name,
				      SFS_RW600);
	for (l = it->portals.next; !r && l != &it->portals; l = l->next)
		r = kattr_add(it, sfs_container_of(l, struct iattr, link)->sysfs_name, SFS_RW);
	return r;
}

static void iscsi_tgt_gone(struct sfs_tgt *t)
{
	struct itgt *it = t->priv;

	if (!it)
		return;
	/* the daemon attribute files go with the target directory */
	while (!tl_empty(&it->files)) {
		struct afile *f = sfs_container_of(it->files.next, struct afile, link);

		sfs_remove(sfs_child(t->node, f->name));
		tl_del(&f->link);
		free(f);
	}
	sfs_htab_del(&by_name, &it->name_node);
	sfs_htab_del(&by_tid, &it->tid_node);
	itgt_free_lists(it);
	free(it);
	t->priv = NULL;
}

/* config_parse_main() for "Target <name>; <params>", then target_add() */
static int iscsi_add_target(struct sfs_tgtt *tt, const char *name, const char *params)
{
	struct itgt *it = calloc(1, sizeof(*it));
	char line[4096], w[4096], v[4096], x[4096];
	struct sfs_tgt *t;
	const char *pos = params;
	int r = 0, idx, dir;

	if (!it)
		return -ENOMEM;
	itgt_init(it);
	while (*pos && !r) {
		size_t n = strcspn(pos, ";\n");
		const char *lp = line;

		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1),
			 pos);
		pos += n;
		if (*pos)
			pos++;
		sep_word(&lp, w, sizeof(w));
		if (!w[0] || w[0] == '#' || !strcasecmp(w, "Alias"))
			continue;
		idx = key_index(tkeys, NTKEYS, w);
		if (idx >= 0) {
			r = set_key(&tkeys[idx], &it->tparams[idx], lp);
			continue;
		}
		idx = key_index(skeys, NSKEYS, w);
		if (idx >= 0) {
			r = set_key(&skeys[idx], &it->sparams[idx], lp);
			continue;
		}
		dir = user_dir(w);
		if (dir >= 0) {
			sep_word(&lp, v, sizeof(v));
			sep_word(&lp, x, sizeof(x));
			sep_word(&lp, line, sizeof(line));
			if (line[0]) {
				r = -EINVAL;
				continue;
			}
			r = account_add(it, dir, v, x, w, false);
			continue;
		}
		r = -EINVAL;
	}
	if (r < 0)
		goto err;
	/* target_add(): the daemon's names are case-insensitive (scenario 22) */
	if (itgt_find_ci(name) || sfs_tgt_lookup(tt, name)) {
		itgt_free_lists(it);
		free(it);
		return -EEXIST;
	}
	/* the kernel takes a tid before scst_register_target() can fail */
	do {
		if (!++next_tid)
			++next_tid;
	} while (tid_used(next_tid));
	it->tid = next_tid;
	/* scst_register_target() fails on a name clash: EBUSY (scenario 22) */
	r = sfs_htab_add(&by_tid, &it->tid_node, sfs_hash_u64(it->tid));
	if (r < 0)
		goto err;
	r = sfs_htab_add(&by_name, &it->name_node, sfs_hash_stri(name));
	if (r < 0) {
		sfs_htab_del(&by_tid, &it->tid_node);
		goto err;
	}
	r = sfs_tgt_register(tt, name, it, &t);
	if (r < 0) {
		sfs_htab_del(&by_tid, &it->tid_node);
		sfs_htab_del(&by_name, &it->name_node);
		goto err;
	}
	return 0;
err:
	itgt_free_lists(it);
	free(it);
	return r == -EEXIST ? -EBUSY : r;
}

/* iscsi_sysfs_del_target(): kernel lookup is exact; live sessions: EBUSY */
static int iscsi_del_target(struct sfs_tgtt *tt, const char *name)
{
	struct sfs_tgt *t = sfs_tgt_lookup(tt, name);

	if (!t)
		return -ENOENT;
	if (t->nsess)
		return -EBUSY;
	sfs_tgt_unregister(t);
	return 0;
}

static int add_attr(struct itgt *it, const char *p)
{
	char what[4096], a[4096], b[4096];
	int dir;

	sep_word(&p, what, sizeof(what));
	dir = user_dir(what);
	if (dir >= 0) {
		sep_word(&p, a, sizeof(a));
		sep_word(&p, b, sizeof(b));
		return account_add(it ? it : &disc, dir, a, b, what, true);
	}
	if (!numwild(what, "allowed_portal")) {
		struct iattr *pa;
		int r;

		if (!it)
			return -EINVAL;
		sep_word(&p, a, sizeof(a));
		sep_word(&p, b, sizeof(b));
		if (!a[0] || b[0])
			return -EINVAL;
		r = attr_create(&it->portals, "allowed_portal", a, NULL, &pa);
		if (r < 0)
			return r;
		r = kattr_add(it, pa->sysfs_name, SFS_RW);
		if (r < 0)
			attr_destroy(pa);
		return r;
	}
	return -EINVAL;
}

static int del_attr(struct itgt *it, const char *p)
{
	char what[4096], a[4096];
	struct itgt *o = it ? it : &disc;
	struct iattr *at;
	int dir;

	sep_word(&p, what, sizeof(what));
	dir = user_dir(what);
	if (dir >= 0) {
		sep_word(&p, a, sizeof(a));
		at = attr_by_key(&o->acc[dir], a);
		if (!at)
			return -ENOENT;
		kattr_del(o, at->sysfs_name);
		attr_destroy(at);
		return 0;
	}
	if (!numwild(what, "allowed_portal")) {
		if (!it)
			return -EINVAL;
		sep_word(&p, a, sizeof(a));
		at = attr_by_key(&it->portals, a);
		if (!at)
			return -EINVAL;
		kattr_del(it, at->sysfs_name);
		attr_destroy(at);
		return 0;
	}
	return -EINVAL;
}

/* handle_e_mgmt_cmd(): the attribute commands of §7.3 */
static int iscsi_mgmt_cmd(struct sfs_tgtt *tt, const char *line)
{
	char verb[64], tname[4096];
	const char *p = line;
	struct itgt *it;

	(void)tt;
	sep_word(&p, verb, sizeof(verb));
	if (!strcasecmp(verb, "add_attribute"))
		return add_attr(NULL, p);
	if (!strcasecmp(verb, "del_attribute"))
		return del_attr(NULL, p);
	if (!strcasecmp(verb, "add_target_attribute") ||
	    !strcasecmp(verb, "del_target_attribute")) {
		sep_word(&p, tname, sizeof(tname));
		it = itgt_find_ci(tname);
		if (!it)
			return -ENOENT;
		return !strcasecmp(verb, "add_target_attribute") ? add_attr(it, p) : del_attr(it, p);
	}
	return -EINVAL;
}

static int iscsi_enable(struct sfs_tgt *t, bool on)
{
	(void)t;
	(void)on;
	return 0;
}

/* per-group attribute of iscsi-scst (kernel/target.c) */
static int dedicated_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_acg *g = sfs_node_priv(n);

	return tk_buf_adds(out, g->per_sess_threads ? "1\n[key]\n" : "0\n");
}

static int dedicated_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_acg *g = sfs_node_priv(n);
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	(void)len;
	if (r < 0)
		return r;
	g->per_sess_threads = v != 0;
	return 0;
}

static const struct sfs_attr attr_dedicated = { dedicated_show, dedicated_store };

static int iscsi_acg_files(struct sfs_acg *g)
{
	return sfs_mkfile(g->node, "per_sess_dedicated_tgt_threads", SFS_RW, &attr_dedicated,
			  g, NULL);
}

/* ---- sessions (spec §2.8 "iSCSI adds"; no recording exists) --------------- */

struct isess {
	unsigned long long sid;
	unsigned int sparams[NSKEYS];
};

static unsigned long long next_sid = 0x10000003d0200ULL;

static int isess_param_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_sess *s = sfs_node_priv(sfs_node_parent(n));
	struct isess *is = s->priv;
	int idx = key_index(skeys, NSKEYS, sfs_node_name(n));
	unsigned int v;
	int r;

	if (idx < 0)
		return -EINVAL;
	v = is->sparams[idx];
	/* a negotiated digest is one value: CRC32C only when it is the only choice */
	if (skeys[idx].ops == OPS_DIGEST)
		v = v == DIGEST_CRC32C ? DIGEST_CRC32C : DIGEST_NONE;
	r = key_print(out, &skeys[idx], v);
	if (!r)
		r = tk_buf_adds(out, "\n");
	return r;
}

static int isess_sid_show(struct sfs_node *n, struct tk_buf *out)
{
	struct sfs_sess *s = sfs_node_priv(n);

	return tk_buf_printf(out, "%llx\n", ((struct isess *)s->priv)->sid);
}

static int isess_text_show(struct sfs_node *n, struct tk_buf *out)
{
	const char *name = sfs_node_name(n);

	if (!strcmp(name, "reinstating"))
		return tk_buf_adds(out, "0\n");
	if (!strcmp(name, "thread_pid"))
		return tk_buf_adds(out, "1000 1001\n");
	if (!strcmp(name, "cid"))
		return tk_buf_adds(out, "0");
	if (!strcmp(name, "ip") || !strcmp(name, "target_ip"))
		return tk_buf_adds(out, "127.0.0.1");
	if (!strcmp(name, "state"))
		return tk_buf_adds(out, "established idle ");
	if (!strcmp(name, "transport"))
		return tk_buf_adds(out, "iSCSI-TCP\n");
	return 0;
}

static const struct sfs_attr attr_isess_param = { .show = isess_param_show };
static const struct sfs_attr attr_isess_sid = { .show = isess_sid_show };
static const struct sfs_attr attr_isess_text = { .show = isess_text_show };

static int iscsi_sess_files(struct sfs_sess *s)
{
	static const char *const conn_files[] = { "cid", "ip", "state", "target_ip",
						  "transport" };
	struct itgt *it = s->tgt->priv;
	struct sfs_node *conn;
	struct isess *is;
	size_t i;
	int r = 0;

	is = calloc(1, sizeof(*is));
	if (!is)
		return -ENOMEM;
	is->sid = next_sid++;
	memcpy(is->sparams, it->sparams, sizeof(is->sparams));
	s->priv = is;
	for (i = 0; !r && i < NSKEYS; i++)
		if (skeys[i].show && strcmp(skeys[i].name, "RDMAExtensions"))
			r = sfs_mkfile(s->node, skeys[i].name, SFS_R, &attr_isess_param, s, NULL);
	if (!r)
		r = sfs_mkfile(s->node, "sid", SFS_R, &attr_isess_sid, s, NULL);
	if (!r)
		r = sfs_mkfile(s->node, "reinstating", SFS_R, &attr_isess_text, s, NULL);
	if (!r)
		r = sfs_mkfile(s->node, "thread_pid", SFS_R, &attr_isess_text, s, NULL);
	if (!r)
		r = sfs_mkdir(s->node, "127.0.0.1", &conn);
	for (i = 0; !r && i < TK_ARRAY_SIZE(conn_files); i++)
		r = sfs_mkfile(conn, conn_files[i], SFS_R, &attr_isess_text, s, NULL);
	return r;
}

static void iscsi_sess_gone(struct sfs_sess *s)
{
	free(s->priv);
	s->priv = NULL;
}

/* ---- driver ------------------------------------------------------------------- */

static struct sfs_tgtt iscsi_tgtt = {
	.name = "iscsi",
	.has_enable = true,
	.can_close = true,
	.has_trace = true,
	.trace = { .level = SFS_TRACE_DEFAULT, .def = SFS_TRACE_DEFAULT,
		   .local = iscsi_trace_local,
		   .help = ", d_write, conn, conn_dbg, iov, pdu, net_page" },
	.tgtt_opt_attrs = "IncomingUser, OutgoingUser",
	.tgt_opt_attrs = "IncomingUser, OutgoingUser, allowed_portal",
	.add_target = iscsi_add_target,
	.del_target = iscsi_del_target,
	.mgmt_cmd = iscsi_mgmt_cmd,
	.enable = iscsi_enable,
	.tgt_files = iscsi_tgt_files,
	.tgt_gone = iscsi_tgt_gone,
	.acg_files = iscsi_acg_files,
	.sess_files = iscsi_sess_files,
	.sess_gone = iscsi_sess_gone,
};

struct sfs_tgtt *sfs_iscsi_tgtt(void)
{
	return &iscsi_tgtt;
}

static int version_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "3.11.0-pre\nTRACING\n");
}

static int open_state_show(struct sfs_node *n, struct tk_buf *out)
{
	(void)n;
	return tk_buf_adds(out, "open\n");
}

static const struct sfs_attr attr_version = { .show = version_show };
static const struct sfs_attr attr_open_state = { .show = open_state_show };

int sfs_iscsi_init(void)
{
	static const char *const global[] = { "enabled", "iSNSServer", "internal_portal",
					      "isns_entity_name", "link_local" };
	size_t i;
	int r;

	if (sfs_opts()->no_iscsi)
		return 0;
	itgt_init(&disc);
	r = sfs_tgtt_register(&iscsi_tgtt);
	if (!r)
		r = sfs_mkfile(iscsi_tgtt.node, "version", SFS_R, &attr_version, NULL, NULL);
	if (!r)
		r = sfs_mkfile(iscsi_tgtt.node, "open_state", SFS_R, &attr_open_state, NULL, NULL);
	/* iscsi-scstd start-up: kernel_attr_add() of the global attributes */
	for (i = 0; !r && i < TK_ARRAY_SIZE(global); i++)
		r = kattr_add(NULL, global[i], SFS_RW);
	return r;
}
