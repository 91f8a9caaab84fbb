// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dev.c - handlers/ and devices/: handler directories, the core device
 * attributes, handler assignment, exported/ links and the by-name device
 * index (kernel: scst_sysfs.c scst_devt_* / scst_dev_*, scst_main.c
 * scst_register_*device, scst_assign_dev_handler).  Behaviour: spec
 * scst-sysfs.md §2.2, §2.3, §3.2, §5.3; scenarios 08, 17, 20, 44, 46, 50.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dev.h"
#include "kparse.h"
#include "scstfs.h"

#define KEY "[key]\n"
#define PR_DIR "/var/lib/scst/pr"

static struct sfs_node *handlers_dir;
static struct sfs_node *devices_dir;
static struct sfs_htab dev_index;

/* ---- kernel lexer ---------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *sfs_next_token(char **pos)
{
	char *p = *pos;
	size_t i = 0;

	while (p[i] && p[i] != ';' && p[i] != '\n')
		i++;
	if (i == 0)
		return NULL;
	if (p[i]) {
		p[i] = '\0';
		*pos = p + i + 1;
	} else {
		*pos = p + i;
	}
	return p;
}

char *sfs_next_lexem(char **pos)
{
	char *p = *pos, *q;

	while (*p && (is_blank(*p) || *p == '='))
		p++;
	for (q = p; *q && !is_blank(*q) && *q != '='; q++)
		;
	if (*q)
		*q++ = '\0';
	*pos = q;
	return p;
}

/* ---- handlers --------------------------------------------------------------------- */

static const char *const type_names[] = {
	"Direct-access device (e.g., magnetic disk)",
	"Sequential-access device (e.g., magnetic tape)",
	"Printer device",
	"Processor device",
	"Write-once device (e.g., some optical disks)",
	"CD-ROM device",
	"Scanner device (obsolete)",
	"Optical memory device (e.g., some optical disks)",
	"Medium changer device (e.g., jukeboxes)",
	"Communications device (obsolete)",
	"Defined by ASC IT8 (Graphic arts pre-press devices)",
	"Defined by ASC IT8 (Graphic arts pre-press devices)",
	"Storage array controller device (e.g., RAID)",
	"Enclosure services device",
	"Simplified direct-access device (e.g., magnetic disk)",
	"Optical card reader/writer device",
};

const char *sfs_type_name(int type)
{
	if (type < 0 || (size_t)type >= TK_ARRAY_SIZE(type_names))
		return "unknown";
	return type_names[type];
}

static int devt_type_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_handler *h = sfs_node_priv(n);

	return tk_buf_printf(out, "%d - %s\n", h->type, sfs_type_name(h->type));
}

/* scst_devt_mgmt_show(): the "virtual" help (scenario 02 texts). */
static int devt_mgmt_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_handler *h = sfs_node_priv(n);
	const char *const *p;
	int r;

	if (!h->virt)
		return tk_buf_adds(out, "Usage: echo \"add_device H:C:I:L\" >mgmt\n"
				   "       echo \"del_device H:C:I:L\" >mgmt\n");
	r = tk_buf_adds(out, "Usage: echo \"add_device device_name [parameters]\" >mgmt\n"
			"       echo \"del_device device_name\" >mgmt\n"
			"\n"
			"where parameters are one or more param_name=value pairs separated by ';'\n\n");
	if (!r && h->params) {
		r = tk_buf_adds(out, "The following parameters available: ");
		for (p = h->params; !r && *p; p++)
			r = tk_buf_printf(out, "%s%s", p == h->params ? "" : ", ", *p);
		if (!r)
			r = tk_buf_adds(out, "\n");
	}
	return r ? r : tk_buf_adds(out, "\n");
}

/* scst_process_devt_mgmt_store(): add_device / del_device, run as [W] work. */
static int devt_virt_mgmt(struct sfs_handler *h, char *cmd)
{
	char *pos = cmd, *verb, *name;

	verb = sfs_next_lexem(&pos);
	if (!strcasecmp(verb, "add_device")) {
		name = sfs_next_lexem(&pos);
		if (!*name)
			return -EINVAL;
		return h->ops->add_device(h, name, pos);
	}
	if (!strcasecmp(verb, "del_device")) {
		name = sfs_next_lexem(&pos);
		if (!*name)
			return -EINVAL;
		if (*sfs_next_lexem(&pos))
			return -EINVAL;
		return h->ops->del_device(h, name);
	}
	return -EINVAL;
}

/*
 * scst_process_devt_pass_through_mgmt_store(): "add_device|del_device
 * H:C:I:L", [W] work.  The device lookup comes before the verb check
 * (spec §3.2, scenario 46).
 */
static int devt_pt_mgmt(struct sfs_handler *h, char *cmd)
{
	unsigned int host, chan, id;
	unsigned long long lun;
	char *pos = cmd, *verb, *devstr, hctl[80];
	struct sfs_dev *d;

	verb = sfs_next_lexem(&pos);
	devstr = sfs_next_lexem(&pos);
	if (!*devstr)
		return -EINVAL;
	if (*sfs_next_lexem(&pos))
		return -EINVAL;
	if (sscanf(devstr, "%u:%u:%u:%llu", &host, &chan, &id, &lun) != 4)
		return -EINVAL;
	snprintf(hctl, sizeof(hctl), "%u:%u:%u:%llu", host, chan, id, lun);
	d = sfs_dev_find(hctl);
	if (!d || !d->hctl)
		return -EINVAL;
	if (d->type != h->type)
		return -EINVAL;
	if (!strcasecmp(verb, "add_device"))
		return sfs_dev_assign(d, h);
	if (!strcasecmp(verb, "del_device")) {
		if (d->h != h)
			return -EINVAL;
		return sfs_dev_assign(d, NULL);
	}
	return -EINVAL;
}

static int devt_mgmt_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_handler *h = sfs_node_priv(n);
	char *cmd;
	int r;

	sfs_work_begin();
	cmd = strdup(buf);	/* "%.*s": stops at an embedded NUL (scenario 49) */
	if (!cmd)
		return -ENOMEM;
	r = h->virt ? devt_virt_mgmt(h, cmd) : devt_pt_mgmt(h, cmd);
	free(cmd);
	return r;
}

static const struct sfs_attr devt_type_attr = { devt_type_show, NULL };
static const struct sfs_attr devt_mgmt_attr = { devt_mgmt_show, devt_mgmt_store };

int sfs_handler_register(struct sfs_handler *h)
{
	int r;

	r = sfs_mkdir(handlers_dir, h->name, &h->dir);
	if (r)
		return r;
	sfs_node_set_priv(h->dir, h);
	r = sfs_mkfile(h->dir, "type", SFS_R, &devt_type_attr, h, NULL);
	if (!r && !h->no_mgmt)
		r = sfs_mkfile(h->dir, "mgmt", SFS_RW, &devt_mgmt_attr, h, &h->mgmt);
	if (!r) {
		h->trace.level = SFS_TRACE_DEFAULT;
		h->trace.def = SFS_TRACE_DEFAULT;
		r = sfs_mkfile(h->dir, "trace_level", SFS_RW, &sfs_trace_attr, &h->trace, NULL);
	}
	return r;
}

/* ---- core device attributes -------------------------------------------------------- */

static int key_if(struct tk_buf *out, bool key)
{
	return key ? tk_buf_adds(out, KEY) : 0;
}

static int dev_type_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);

	return tk_buf_printf(out, "%d - %s\n", d->type, sfs_type_name(d->type));
}

static int handler_max_cmds(const struct sfs_dev *d)
{
	return d->h ? d->h->max_cmds : 0;
}

static int max_cmds_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "%d\n", (int)d->max_cmds);

	return r ? r : key_if(out, d->max_cmds != handler_max_cmds(d));
}

static int max_cmds_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	long v;
	int r = kp_strtol(buf, &v);

	if (r < 0)
		return r;
	if (v < 0)
		return -EINVAL;
	d->max_cmds = v;
	return 0;
}

static int numa_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "%d\n", (int)d->numa_node);

	return r ? r : key_if(out, d->numa_node != -1);
}

static int numa_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	long v;
	int r = kp_strtol(buf, &v);

	if (r < 0)
		return r;
	if (v < -1)
		return -EINVAL;
	d->numa_node = v;
	return 0;
}

static int block_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);

	return tk_buf_printf(out, "%d 0\n", d->blocks);
}

/*
 * scst_dev_block_store(): "0" unblocks, "1" blocks synchronously, "1 1
 * [data]" / "11 [data]" asynchronously; with no commands in flight both
 * complete at once (scenario 20).
 */
static int block_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	const char *p = buf + 1;

	switch (buf[0]) {
	case '0':
		while (*p && is_blank(*p))
			p++;
		if (*p)
			return -EINVAL;
		if (d->blocks > 0)
			d->blocks--;
		return 0;
	case '1':
		while (*p && is_blank(*p))
			p++;
		if (*p && *p != '1')
			return -EINVAL;
		d->blocks++;
		return 0;
	default:
		return -EINVAL;
	}
}

static int pr_state_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, "version 1\ngeneration 0\n");
}

/* [W]; EBUSY while any session sees the device (scenario 20). */
static int pr_state_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);

	sfs_work_begin();
	if (sfs_tgt_dev_in_use(d))
		return -EBUSY;
	if (strncmp(buf, "version 1", 9) != 0)
		return -EINVAL;
	return 0;
}

static int pr_file_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "%s\n", d->pr_file);

	return r ? r : key_if(out, d->pr_file_set);
}

/*
 * scst_dev_sysfs_pr_file_name_store(): EPERM in cluster mode (synchronous),
 * then [W]: EBUSY while exported; text up to the first '\n'; empty resets
 * to the default and drops the key (scenario 20).
 */
static int pr_file_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	size_t l = strcspn(buf, "\n");
	char *s;

	if (d->cluster_mode)
		return -EPERM;
	sfs_work_begin();
	if (sfs_tgt_dev_in_use(d))
		return -EBUSY;
	if (l == 0) {
		if (asprintf(&s, "%s/%s", PR_DIR, d->name) < 0)
			return -ENOMEM;
	} else {
		s = strndup(buf, l);
		if (!s)
			return -ENOMEM;
	}
	if (!strcmp(s, d->pr_file)) {
		free(s);
		return 0;
	}
	free(d->pr_file);
	d->pr_file = s;
	d->pr_file_set = l != 0;
	return 0;
}

static int dump_prs_store(struct sfs_node *n, const char *buf, size_t len)
{
	return 0;
}

static int threads_num_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "%d\n", d->threads_num);

	return r ? r : key_if(out, d->h && d->threads_num != d->h->threads_num);
}

static int threads_num_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	long v;
	int r = kp_strtol(buf, &v);

	if (r < 0)
		return r;
	if (v < 0)
		return -EINVAL;
	if (d->threads_num < 0)
		return -EPERM;
	if (v == d->threads_num)
		return 0;
	sfs_work_begin();
	d->threads_num = (int)v;
	return 0;
}

static int pool_type_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r;

	if (d->threads_num == 0)
		return tk_buf_adds(out, "Async\n");
	if (d->threads_num < 0)
		return tk_buf_adds(out, "Not valid\n");
	r = tk_buf_adds(out, d->pool_shared ? "shared\n" : "per_initiator\n");
	return r ? r : key_if(out, d->pool_shared);
}

/* scst_parse_threads_pool_type(): case-insensitive prefix of the count bytes. */
static int parse_pool_type(const char *buf, size_t len, bool *shared)
{
	size_t l = len;

	if (l && buf[l - 1] == '\n')
		l--;
	if (l && !strncasecmp(buf, "per_initiator", l) && l <= 13) {
		*shared = false;
		return 0;
	}
	if (l && !strncasecmp(buf, "shared", l) && l <= 6) {
		*shared = true;
		return 0;
	}
	return -EINVAL;
}

static int pool_type_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	bool shared;

	if (parse_pool_type(buf, len, &shared) < 0)
		return -EINVAL;
	if (d->threads_num < 0)
		return -EPERM;
	if (shared == d->pool_shared)
		return 0;
	sfs_work_begin();
	d->pool_shared = shared;
	return 0;
}

static const struct sfs_attr dev_type_attr = { dev_type_show, NULL };
static const struct sfs_attr max_cmds_attr = { max_cmds_show, max_cmds_store };
static const struct sfs_attr numa_attr = { numa_show, numa_store };
static const struct sfs_attr block_attr = { block_show, block_store };
static const struct sfs_attr pr_state_attr = { pr_state_show, pr_state_store };
static const struct sfs_attr pr_file_attr = { pr_file_show, pr_file_store };
static const struct sfs_attr dump_prs_attr = { NULL, dump_prs_store };
static const struct sfs_attr threads_num_attr = { threads_num_show, threads_num_store };
static const struct sfs_attr pool_type_attr = { pool_type_show, pool_type_store };

/* ---- DIF files ------------------------------------------------------------------- */

static int dif_mode_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	static const char *const names[] = { "tgt", "scst", "dev_check", "dev_store" };
	bool first = true;
	size_t i;
	int r = 0;

	if (!d->dif_mode)
		return tk_buf_adds(out, "None\n");
	for (i = 0; !r && i < TK_ARRAY_SIZE(names); i++) {
		if (d->dif_mode & (1u << i)) {
			r = tk_buf_printf(out, "%s%s", first ? "" : "|", names[i]);
			first = false;
		}
	}
	return r ? r : tk_buf_adds(out, "\n" KEY);
}

static int dif_type_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "%d\n", d->dif_type);

	return r ? r : key_if(out, d->dif_type != 0);
}

static int app_tag_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_dev *d = sfs_node_priv(n);
	int r = tk_buf_printf(out, "0x%llx\n", d->app_tag);

	return r ? r : key_if(out, d->app_tag != 0);
}

static int app_tag_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_dev *d = sfs_node_priv(n);
	unsigned long long v;
	int r = kp_strtoull(buf, &v);

	if (r < 0)
		return r;
	d->app_tag = v;
	return 0;
}

static const struct sfs_attr dif_mode_attr = { dif_mode_show, NULL };
static const struct sfs_attr dif_type_attr = { dif_type_show, NULL };
static const struct sfs_attr app_tag_attr = { app_tag_show, app_tag_store };

int sfs_dev_dif_files(struct sfs_dev *d)
{
	int r;

	r = sfs_mkfile(d->dir, "dif_mode", SFS_R, &dif_mode_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "dif_type", SFS_R, &dif_type_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "dif_static_app_tag", SFS_RW, &app_tag_attr, d, NULL);
	return r;
}

/* ---- device life cycle -------------------------------------------------------------- */

static void dev_free(struct sfs_dev *d)
{
	if (!d)
		return;
	free(d->name);
	free(d->pr_file);
	free(d->hctl);
	free(d);
}

/* "../../../../devices/pseudo_0/adapter0/hostH/targetH:C:I/H:C:I:L/scsi_device/H:C:I:L" (scenario 46) */
static int scsi_device_link(struct sfs_dev *d)
{
	unsigned int h = 0, c = 0, i = 0;
	unsigned long long l = 0;
	char *text;
	int r;

	sscanf(d->hctl, "%u:%u:%u:%llu", &h, &c, &i, &l);
	if (asprintf(&text, "../../../../devices/pseudo_0/adapter0/host%u/target%u:%u:%u/%s/scsi_device/%s",
		     h, h, c, i, d->hctl, d->hctl) < 0)
		return -ENOMEM;
	r = sfs_mklink_text(d->dir, "scsi_device", text, NULL);
	free(text);
	return r;
}

int sfs_dev_create(const char *name, int type, const char *hctl, struct sfs_dev **out)
{
	struct sfs_dev *d;
	int r;

	if (strchr(name, '/') || strchr(name, '.'))
		return -EINVAL;
	if (sfs_child(devices_dir, name))
		return -EEXIST;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->name = strdup(name);
	d->hctl = hctl ? strdup(hctl) : NULL;
	if (!d->name || (hctl && !d->hctl) || asprintf(&d->pr_file, "%s/%s", PR_DIR, name) < 0) {
		d->pr_file = NULL;
		dev_free(d);
		return -ENOMEM;
	}
	d->type = type;
	d->numa_node = -1;
	d->threads_num = -1;
	r = sfs_mkdir(devices_dir, name, &d->dir);
	if (r) {
		dev_free(d);
		return r;
	}
	sfs_node_set_priv(d->dir, d);
	r = sfs_mkdir(d->dir, "exported", &d->exported);
	if (!r)
		r = sfs_mkfile(d->dir, "type", SFS_R, &dev_type_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "max_tgt_dev_commands", SFS_RW, &max_cmds_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "numa_node_id", SFS_RW, &numa_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "block", SFS_RW, &block_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "pr_state", SFS_RW, &pr_state_attr, d, NULL);
	if (!r && hctl)
		r = scsi_device_link(d);
	if (!r)
		r = sfs_mkfile(d->dir, "pr_file_name", SFS_RW, &pr_file_attr, d, NULL);
	if (!r)
		r = sfs_mkfile(d->dir, "dump_prs", SFS_W, &dump_prs_attr, d, NULL);
	if (!r)
		r = sfs_htab_add(&dev_index, &d->he, sfs_hash_str(d->name));
	if (r) {
		sfs_remove(d->dir);
		dev_free(d);
		return r;
	}
	*out = d;
	return 0;
}

/* scst_devt_dev_sysfs_del() + detach(). */
static void dev_detach(struct sfs_dev *d)
{
	struct sfs_handler *h = d->h;

	if (!h)
		return;
	if (h->ops && h->ops->detach)
		h->ops->detach(d);
	sfs_remove(sfs_child(d->dir, "handler"));
	sfs_remove(d->hlink);
	d->hlink = NULL;
	if (h->threads_num >= 0) {
		sfs_remove(sfs_child(d->dir, "threads_num"));
		sfs_remove(sfs_child(d->dir, "threads_pool_type"));
	}
	d->h = NULL;
	d->threads_num = -1;
	d->pool_shared = false;
	d->max_cmds = 0;
}

/*
 * The link handlers/<h>/<dev> could not be created because the handler
 * directory already has an entry of that name: the kernel's rollback
 * (sysfs_remove_link) deletes that entry, whatever it is (scenario 50).
 * Removing "mgmt" waits for the mgmt write that is running this work:
 * the writer gets EAGAIN after 15 s.
 */
static void clash_rollback(struct sfs_handler *h, const char *name)
{
	struct sfs_node *victim = sfs_child(h->dir, name);

	if (!victim)
		return;
	if (victim == h->mgmt) {
		sfs_work_stall();
		h->mgmt = NULL;
	}
	sfs_remove(victim);
}

int sfs_dev_assign(struct sfs_dev *d, struct sfs_handler *h)
{
	int r;

	if (d->h == h)
		return 0;
	dev_detach(d);
	if (!h)
		return 0;
	d->h = h;
	d->threads_num = h->threads_num;
	d->pool_shared = false;
	d->max_cmds = h->max_cmds;
	if (h->ops && h->ops->attach) {
		r = h->ops->attach(d);
		if (r)
			goto fail_attach;
	}
	r = sfs_mklink(d->dir, "handler", h->dir, NULL);
	if (r)
		goto fail;
	r = sfs_mklink(h->dir, d->name, d->dir, &d->hlink);
	if (r == -EEXIST) {
		d->hlink = NULL;
		clash_rollback(h, d->name);
		goto fail;
	}
	if (r)
		goto fail;
	if (h->threads_num >= 0) {
		r = sfs_mkfile(d->dir, "threads_num", SFS_RW, &threads_num_attr, d, NULL);
		if (!r)
			r = sfs_mkfile(d->dir, "threads_pool_type", SFS_RW, &pool_type_attr, d, NULL);
		if (r)
			goto fail;
	}
	if (h->ops && h->ops->attrs) {
		r = h->ops->attrs(d);
		if (r)
			goto fail;
	}
	return 0;
fail:
	dev_detach(d);
	return r;
fail_attach:
	d->h = NULL;
	d->threads_num = -1;
	d->max_cmds = 0;
	return r;
}

void sfs_dev_destroy(struct sfs_dev *d)
{
	if (!d)
		return;
	sfs_alua_dev_removed(d);
	sfs_tgt_dev_removed(d);
	dev_detach(d);
	sfs_htab_del(&dev_index, &d->he);
	sfs_remove(d->dir);
	dev_free(d);
}

size_t sfs_dev_count(void)
{
	return dev_index.n;
}

/* ---- scstfs.h API ---------------------------------------------------------------------- */

struct sfs_dev *sfs_dev_find(const char *name)
{
	struct sfs_hnode *e;

	sfs_htab_for_each(e, &dev_index, sfs_hash_str(name)) {
		struct sfs_dev *d = sfs_container_of(e, struct sfs_dev, he);

		if (!strcmp(d->name, name))
			return d;
	}
	return NULL;
}

const char *sfs_dev_name(const struct sfs_dev *d)
{
	return d->name;
}

struct sfs_node *sfs_dev_node(const struct sfs_dev *d)
{
	return d->dir;
}

bool sfs_dev_read_only(const struct sfs_dev *d)
{
	return d->read_only;
}

bool sfs_dev_dif(const struct sfs_dev *d)
{
	return d->dif_type != 0 && d->dif_mode != 0;
}

bool sfs_dev_has_handler(const struct sfs_dev *d)
{
	return d->h != NULL;
}

int sfs_dev_threads_num(const struct sfs_dev *d)
{
	return d->threads_num;
}

bool sfs_dev_threads_shared(const struct sfs_dev *d)
{
	return d->pool_shared;
}

int sfs_dev_export_add(struct sfs_dev *d, struct sfs_node *lun_dir, struct sfs_node **out)
{
	char name[32];

	snprintf(name, sizeof(name), "export%lu", d->export_next++);
	return sfs_mklink(d->exported, name, lun_dir, out);
}

void sfs_dev_export_del(struct sfs_dev *d, struct sfs_node *link)
{
	sfs_remove(link);
}

int sfs_dev_init(void)
{
	int r;

	r = sfs_mkdir(sfs_root(), "handlers", &handlers_dir);
	if (!r)
		r = sfs_mkdir(sfs_root(), "devices", &devices_dir);
	if (!r)
		r = sfs_vdisk_init();
	if (!r)
		r = sfs_passthru_init();
	return r;
}
