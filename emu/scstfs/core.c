// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core.c - the root attributes of /sys/kernel/scst_tgt, sgv/ and the
 * trace_level files (kernel: scst_sysfs.c root attributes, scst_mem.c
 * statistics).  Behaviour: spec scst-sysfs.md §2.1, §2.10, §5.1 and
 * scenarios 01, 02, 04, 05 and 07.
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

/* Module-parameter and compile-time defaults of the recorded kernel. */
#define DEF_MAX_TASKLET_CMD 10
#define CLUSTER_NAME_MAX 64	/* DLM_LOCKSPACE_LEN */

static const char version_text[] =
	"SCST version: 3.11.0-pre\n"
	"SCST build date: 2026/11/21-18:58:28-UTC+00:00\n"
	"SCST build number: 9378\n"
	"SCST git commit sha1: aa5cc2dd70f9\n"
	"SCST kver: 6.1.0-56-amd64\n"
	"SCST arch type: x86_64\n"
	"SCST config: TRACING\n";

static struct {
	long threads;
	unsigned long setup_id;
	unsigned long max_tasklet_cmd;
	unsigned long long poll_ns;
	int suspend;
	bool measure_latency;
	bool async_lun_replace;
	unsigned long force_global_sgv_pool;
	char *cluster_name;
} core = {
	.max_tasklet_cmd = DEF_MAX_TASKLET_CMD,
};

/* ---- trace_level ------------------------------------------------------------ */

/* The tokens common to every module, in the kernel's table order. */
static const struct sfs_trace_token trace_common[] = {
	{ 0x00000100, "out_of_mem" },
	{ 0x00000200, "minor" },
	{ 0x00000080, "sg" },
	{ 0x00000040, "mem" },
	{ 0x00000020, "buff" },
	{ 0x00000008, "pid" },
	{ 0x00000004, "line" },
	{ 0x00000002, "function" },
	{ 0x00000001, "debug" },
	{ 0x00002000, "special" },
	{ 0x00001000, "scsi" },
	{ 0x00000400, "mgmt" },
	{ 0x00000800, "mgmt_dbg" },
	{ 0x00004000, "flow_control" },
	{ 0x00008000, "pr" },
	{ 0, NULL }
};

static const struct sfs_trace_token trace_root_local[] = {
	{ 0x80000000, "retry" },
	{ 0x40000000, "scsi_serializing" },
	{ 0x20000000, "data_send" },
	{ 0x01000000, "data_received" },
	{ 0x00010000, "block" },
	{ 0, NULL }
};

static struct sfs_trace root_trace = {
	.level = SFS_TRACE_DEFAULT,
	.def = SFS_TRACE_DEFAULT,
	.local = trace_root_local,
};

static int trace_tokens(const struct sfs_trace_token *t, unsigned long level,
			struct tk_buf *out)
{
	int r = 0;

	for (; t && t->name && !r; t++)
		if (level & t->val)
			r = tk_buf_printf(out, "%s%s", out->len ? " | " : "", t->name);
	return r;
}

static int trace_show(struct sfs_node *n, struct tk_buf *out)
{
	const struct sfs_trace *t = sfs_node_priv(n);
	int r;

	r = trace_tokens(trace_common, t->level, out);
	if (!r)
		r = trace_tokens(t->local, t->level, out);
	if (!r)
		r = tk_buf_printf(out,
				  "\n\n\nUsage:\n"
				  "\techo \"all|none|default\" >trace_level\n"
				  "\techo \"value DEC|0xHEX|0OCT\" >trace_level\n"
				  "\techo \"add|del TOKEN\" >trace_level\n"
				  "\nwhere TOKEN is one of [function, line, pid, out_of_mem, special, scsi, mgmt, minor, scsi_serializing, retry, pr%s]\n",
				  t->help ? t->help : "");
	return r;
}

static unsigned long trace_lookup(const struct sfs_trace_token *t, const char *w)
{
	for (; t && t->name; t++)
		if (!strcasecmp(t->name, w))
			return t->val;
	return 0;
}

/* scst_write_trace() of scst_sysfs.c: one verb, then an optional word. */
static int trace_store(struct sfs_node *n, const char *buf, size_t len)
{
	struct sfs_trace *t = sfs_node_priv(n);
	const char *pos = buf;
	char verb[16], arg[64];
	unsigned long level = 0;

	kp_word(&pos, verb, sizeof(verb));
	kp_word(&pos, arg, sizeof(arg));
	if (kp_verb_is(verb, "all")) {
		t->level = ~0UL & 0xffffffffUL;
	} else if (kp_verb_is(verb, "none") || kp_verb_is(verb, "null")) {
		t->level = 0;
	} else if (kp_verb_is(verb, "default")) {
		t->level = t->def;
	} else if (kp_verb_is(verb, "value")) {
		if (kp_strtoul(arg, &level) < 0)
			return -EINVAL;
		t->level = level;
	} else if (kp_verb_is(verb, "add") || kp_verb_is(verb, "del")) {
		level = trace_lookup(t->local, arg);
		if (!level)
			level = trace_lookup(trace_common, arg);
		if (!level)
			return -EINVAL;
		if (kp_verb_is(verb, "add"))
			t->level |= level;
		else
			t->level &= ~level;
	} else {
		return -EINVAL;
	}
	return 0;
}

const struct sfs_attr sfs_trace_attr = {
	.show = trace_show,
	.store = trace_store,
};

/* ---- simple root attributes --------------------------------------------------- */

static int key_if(struct tk_buf *out, bool key)
{
	return key ? tk_buf_adds(out, KEY) : 0;
}

static int version_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_adds(out, version_text);
}

static int threads_show(struct sfs_node *n, struct tk_buf *out)
{
	int r = tk_buf_printf(out, "%ld\n", core.threads);

	return r ? r : key_if(out, core.threads != sfs_core_ncpus());
}

/* [W]; kstrtol and "> 0" are checked before the work is queued (scenario 04). */
static int threads_store(struct sfs_node *n, const char *buf, size_t len)
{
	long v;
	int r = kp_strtol(buf, &v);

	if (r < 0)
		return r;
	if (v <= 0)
		return -EINVAL;
	sfs_work_begin();
	core.threads = v;
	return 0;
}

static int setup_id_show(struct sfs_node *n, struct tk_buf *out)
{
	int r = tk_buf_printf(out, "0x%x\n", (unsigned int)core.setup_id);

	return r ? r : key_if(out, (unsigned int)core.setup_id != 0);
}

static int setup_id_store(struct sfs_node *n, const char *buf, size_t len)
{
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	if (r < 0)
		return r;
	core.setup_id = (unsigned int)v;
	return 0;
}

static int max_tasklet_cmd_show(struct sfs_node *n, struct tk_buf *out)
{
	int r = tk_buf_printf(out, "%d\n", (int)core.max_tasklet_cmd);

	return r ? r : key_if(out, (int)core.max_tasklet_cmd != DEF_MAX_TASKLET_CMD);
}

static int max_tasklet_cmd_store(struct sfs_node *n, const char *buf, size_t len)
{
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	if (r < 0)
		return r;
	core.max_tasklet_cmd = v;
	return 0;
}

static int poll_us_show(struct sfs_node *n, struct tk_buf *out)
{
	int r = tk_buf_printf(out, "%lld\n", (long long)(core.poll_ns / 1000));

	return r ? r : key_if(out, core.poll_ns != 0);
}

static int poll_us_store(struct sfs_node *n, const char *buf, size_t len)
{
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	if (r < 0)
		return r;
	core.poll_ns = (unsigned long long)v * 1000;
	return 0;
}

static int suspend_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%d\n", core.suspend);
}

/* §5.1: v >= 0 suspends (one more nesting level), v < 0 resumes. */
static int suspend_store(struct sfs_node *n, const char *buf, size_t len)
{
	long v;
	int r = kp_strtol(buf, &v);

	if (r < 0)
		return r;
	if (v >= 0)
		core.suspend++;
	else if (core.suspend > 0)
		core.suspend--;
	return 0;
}

static int measure_latency_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%d\n", core.measure_latency);
}

static int measure_latency_store(struct sfs_node *n, const char *buf, size_t len)
{
	long v;
	int r = kp_strtol(buf, &v);

	if (r < 0)
		return r;
	core.measure_latency = v != 0;
	return 0;
}

static int async_lun_replace_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%d\n", core.async_lun_replace);
}

static int async_lun_replace_store(struct sfs_node *n, const char *buf, size_t len)
{
	bool v;

	if (kp_strtobool(buf, &v) < 0)
		return -EINVAL;
	core.async_lun_replace = v;
	return 0;
}

static int fgsp_show(struct sfs_node *n, struct tk_buf *out)
{
	int r = tk_buf_printf(out, "%d\n", (int)core.force_global_sgv_pool);

	return r ? r : key_if(out, core.force_global_sgv_pool != 0);
}

static int fgsp_store(struct sfs_node *n, const char *buf, size_t len)
{
	unsigned long v;
	int r = kp_strtoul(buf, &v);

	if (r < 0)
		return r;
	core.force_global_sgv_pool = v;
	return 0;
}

static int cluster_name_show(struct sfs_node *n, struct tk_buf *out)
{
	if (!core.cluster_name)
		return 0;
	return tk_buf_printf(out, "%s\n" KEY, core.cluster_name);
}

/* One trailing '\n' is dropped; empty clears; >= 64 bytes is EINVAL (scenario 07). */
static int cluster_name_store(struct sfs_node *n, const char *buf, size_t len)
{
	size_t l = strnlen(buf, len);
	char *s;

	if (buf[len - 1] == '\n')
		l--;
	if (l == 0) {
		free(core.cluster_name);
		core.cluster_name = NULL;
		return 0;
	}
	if (l >= CLUSTER_NAME_MAX)
		return -EINVAL;
	s = strndup(buf, l);
	if (!s)
		return -ENOMEM;
	free(core.cluster_name);
	core.cluster_name = s;
	return 0;
}

/* ---- sgv ---------------------------------------------------------------------- */

static const char *const sgv_caches[] = {
	"4K", "8K", "16K", "32K", "64K", "128K", "256K", "512K", "1024K", "2048K", "4096K"
};

/* scst_mem.c sgv_sysfs_stat_show() with every counter at zero. */
static int sgv_stats_show(struct sfs_node *n, struct tk_buf *out)
{
	const char *pool = sfs_node_priv(n);
	char cname[64];
	size_t i;
	int r;

	r = tk_buf_printf(out, "%-30s %-11s %-11s %-11s %-11s", "Name", "Hit", "Total",
			  "% merged", "Cached (P/I/O)");
	if (!r)
		r = tk_buf_printf(out, "\n%-30s %-11d %-11d %-11d %d/%d/%d\n", pool, 0, 0, 0,
				  0, 0, 0);
	for (i = 0; !r && i < TK_ARRAY_SIZE(sgv_caches); i++) {
		snprintf(cname, sizeof(cname), "%s-%s", pool, sgv_caches[i]);
		r = tk_buf_printf(out, "  %-28s %-11d %-11d %d\n", cname, 0, 0, 0);
	}
	if (!r)
		r = tk_buf_printf(out, "  %-40s %d/%-9d %d/%d\n", "big/other", 0, 0, 0, 0);
	return r;
}

static int sgv_global_show(struct sfs_node *n, struct tk_buf *out)
{
	return tk_buf_printf(out, "%-42s %d\n", "Inactive pages", 0);
}

/* Any write resets the counters (§2.10); they are always zero here. */
static int sgv_reset_store(struct sfs_node *n, const char *buf, size_t len)
{
	return 0;
}

static const struct sfs_attr sgv_stats_attr = { sgv_stats_show, sgv_reset_store };
static const struct sfs_attr sgv_global_attr = { sgv_global_show, sgv_reset_store };

static int sgv_pool_add(struct sfs_node *sgv, const char *name)
{
	struct sfs_node *dir;
	char *priv;
	int r;

	priv = strdup(name);
	if (!priv)
		return -ENOMEM;
	r = sfs_mkdir(sgv, name, &dir);
	if (!r)
		r = sfs_mkfile(dir, "stats", SFS_RW, &sgv_stats_attr, priv, NULL);
	if (r)
		free(priv);
	return r;
}

static int sgv_init(void)
{
	static const char *const pools[] = { "sgv", "sgv-clust", "sgv-dma" };
	struct sfs_node *sgv;
	char name[32];
	size_t i;
	int cpu, r;

	r = sfs_mkdir(sfs_root(), "sgv", &sgv);
	if (!r)
		r = sfs_mkfile(sgv, "global_stats", SFS_RW, &sgv_global_attr, NULL, NULL);
	for (i = 0; !r && i < TK_ARRAY_SIZE(pools); i++) {
		r = sgv_pool_add(sgv, pools[i]);
		for (cpu = 0; !r && cpu < sfs_core_ncpus(); cpu++) {
			snprintf(name, sizeof(name), "%s-%d", pools[i], cpu);
			r = sgv_pool_add(sgv, name);
		}
	}
	return r;
}

/* ---- start-up and API ------------------------------------------------------------ */

static const struct sfs_attr version_attr = { version_show, NULL };
static const struct sfs_attr last_res_attr = { sfs_work_last_res_show, NULL };
static const struct sfs_attr threads_attr = { threads_show, threads_store };
static const struct sfs_attr setup_id_attr = { setup_id_show, setup_id_store };
static const struct sfs_attr max_tasklet_cmd_attr = { max_tasklet_cmd_show, max_tasklet_cmd_store };
static const struct sfs_attr poll_us_attr = { poll_us_show, poll_us_store };
static const struct sfs_attr suspend_attr = { suspend_show, suspend_store };
static const struct sfs_attr measure_latency_attr = { measure_latency_show, measure_latency_store };
static const struct sfs_attr async_lun_replace_attr = {
	async_lun_replace_show, async_lun_replace_store
};
static const struct sfs_attr fgsp_attr = { fgsp_show, fgsp_store };
static const struct sfs_attr cluster_name_attr = { cluster_name_show, cluster_name_store };
/* trace_cmds/trace_mcmds: dumps of active commands; the emulator has none. */
static const struct sfs_attr trace_cmds_attr = { NULL, NULL };

int sfs_core_init(void)
{
	static const struct {
		const char *name;
		mode_t mode;
		const struct sfs_attr *attr;
	} files[] = {
		{ "version", SFS_R, &version_attr },
		{ "last_sysfs_mgmt_res", SFS_R, &last_res_attr },
		{ "threads", SFS_RW, &threads_attr },
		{ "setup_id", SFS_RW, &setup_id_attr },
		{ "max_tasklet_cmd", SFS_RW, &max_tasklet_cmd_attr },
		{ "poll_us", SFS_RW, &poll_us_attr },
		{ "suspend", SFS_RW, &suspend_attr },
		{ "measure_latency", SFS_RW, &measure_latency_attr },
		{ "async_lun_replace", SFS_RW, &async_lun_replace_attr },
		{ "force_global_sgv_pool", SFS_RW, &fgsp_attr },
		{ "cluster_name", SFS_RW, &cluster_name_attr },
		{ "trace_cmds", SFS_R, &trace_cmds_attr },
		{ "trace_mcmds", SFS_R, &trace_cmds_attr },
	};
	size_t i;
	int r = 0;

	core.threads = sfs_core_ncpus();
	for (i = 0; !r && i < TK_ARRAY_SIZE(files); i++)
		r = sfs_mkfile(sfs_root(), files[i].name, files[i].mode, files[i].attr,
			       NULL, NULL);
	if (!r)
		r = sfs_mkfile(sfs_root(), "trace_level", SFS_RW, &sfs_trace_attr,
			       &root_trace, NULL);
	if (!r)
		r = sgv_init();
	return r;
}

unsigned long sfs_core_setup_id(void)
{
	return core.setup_id;
}

int sfs_core_ncpus(void)
{
	int n = sfs_opts()->ncpus;

	return n > 0 ? n : 2;
}
