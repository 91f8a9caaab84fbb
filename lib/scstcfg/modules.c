// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * modules.c - which kernel modules a configuration needs, and loading them
 * with libkmod (scstcfg/apply.h; spec scstadmin.md §3.2 step 1, §7 items
 * 84 and 95: no shell, no modprobe child).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libkmod.h>

#include "sysfs.h"
#include "tk.h"

#define SYS_MODULE "/sys/module"

/*
 * Handler/driver name -> module (spec scstadmin.md §3.2 step 1).  A NULL
 * module means "part of a module that is always loaded" (copy_manager is
 * in scst).  A name ending in '*' matches by prefix.
 */
static const struct {
	const char *name;
	const char *module;
} module_map[] = {
	{ "vdisk_*", "scst_vdisk" },
	{ "vcdrom", "scst_vdisk" },
	{ "dev_cdrom", "scst_cdrom" },
	{ "dev_changer", "scst_changer" },
	{ "dev_disk", "scst_disk" },
	{ "dev_disk_perf", "scst_disk" },
	{ "dev_modisk", "scst_modisk" },
	{ "dev_modisk_perf", "scst_modisk" },
	{ "dev_processor", "scst_processor" },
	{ "dev_raid", "scst_raid" },
	{ "dev_tape", "scst_tape" },
	{ "dev_tape_perf", "scst_tape" },
	{ "dev_user", "scst_user" },
	{ "scst_user", "scst_user" },
	{ "iscsi", "iscsi_scst" },
	{ "qla2x00t", "qla2x00tgt" },
	{ "scst_local", "scst_local" },
	{ "ib_srpt", "ib_srpt" },
	{ "copy_manager", NULL },
};

/* Any one of these counts as "crc32c is there" (spec §3.2 step 1). */
static const char *const crc32c_variants[] = { "crc32c", "crc32c_intel", "crc32c_generic" };

static const char *module_for(const char *name, bool *known)
{
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(module_map); i++) {
		const char *m = module_map[i].name;
		size_t l = strlen(m);

		if (l && m[l - 1] == '*' ? !strncmp(name, m, l - 1) : !strcmp(name, m)) {
			*known = true;
			return module_map[i].module;
		}
	}
	*known = false;
	return NULL;
}

bool scstcfg_module_is_loaded(const char *sys_module, const char *name)
{
	struct tk_buf p = TK_BUF_INIT;
	struct stat st;
	bool r;
	char *c;

	if (!sys_module)
		sys_module = SYS_MODULE;
	if (tk_buf_printf(&p, "%s/%s", sys_module, name) < 0)
		return false;
	/* /sys/module names use '_' where module names may use '-'. */
	for (c = p.data + strlen(sys_module) + 1; *c; c++)
		if (*c == '-')
			*c = '_';
	r = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	tk_buf_free(&p);
	return r;
}

static bool crc32c_loaded(const char *sys_module)
{
	size_t i;

	for (i = 0; i < TK_ARRAY_SIZE(crc32c_variants); i++)
		if (scstcfg_module_is_loaded(sys_module, crc32c_variants[i]))
			return true;
	return false;
}

static int add_req(struct scstcfg_module **v, size_t *n, const char *name, bool optional)
{
	struct scstcfg_module *nv;
	size_t i;

	for (i = 0; i < *n; i++) {
		if (!strcmp((*v)[i].name, name)) {
			(*v)[i].optional &= optional;
			return 0;
		}
	}
	nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n] = (struct scstcfg_module){ .name = name, .optional = optional };
	(*n)++;
	return 0;
}

int scstcfg_modules_needed(const char *const *handlers, size_t n_handlers,
			   const char *const *drivers, size_t n_drivers, const char *sys_module,
			   struct scstcfg_module **out, size_t *n)
{
	struct scstcfg_module *v = NULL;
	size_t cnt = 0, i;
	bool known;
	int r;

	r = add_req(&v, &cnt, "scst", false);
	for (i = 0; r == 0 && i < n_handlers + n_drivers; i++) {
		const char *name = i < n_handlers ? handlers[i] : drivers[i - n_handlers];
		const char *m = module_for(name, &known);

		if (m)
			r = add_req(&v, &cnt, m, false);
		if (r == 0 && !strcmp(name, "iscsi"))
			r = add_req(&v, &cnt, "crc32c", true);
	}
	if (r < 0) {
		free(v);
		return r;
	}
	for (i = 0; i < cnt; i++)
		v[i].loaded = !strcmp(v[i].name, "crc32c") ?
				      crc32c_loaded(sys_module) :
				      scstcfg_module_is_loaded(sys_module, v[i].name);
	*out = v;
	*n = cnt;
	return 0;
}

static void kmod_quiet(void *data, int priority, const char *file, int line, const char *fn,
		       const char *format, va_list args)
{
}

int scstcfg_modules_load(struct scstcfg_sysfs *s, const char *const *handlers,
			 size_t n_handlers, const char *const *drivers, size_t n_drivers,
			 const char *sys_module)
{
	struct scstcfg_module *v = NULL;
	struct kmod_ctx *kctx = NULL;
	struct tk_buf failed = TK_BUF_INIT;
	int r, first_err = 0, loaded = 0;
	size_t n, i;

	r = scstcfg_modules_needed(handlers, n_handlers, drivers, n_drivers, sys_module, &v, &n);
	if (r < 0)
		return r;
	for (i = 0; i < n; i++) {
		struct kmod_module *mod = NULL;

		if (v[i].loaded)
			continue;
		if (scstcfg_sysfs_get_dry_run(s)) {
			loaded++;
			continue;
		}
		if (!kctx) {
			kctx = kmod_new(NULL, NULL);
			if (!kctx) {
				r = -ENOMEM;
				break;
			}
			kmod_set_log_fn(kctx, kmod_quiet, NULL);
		}
		r = kmod_module_new_from_name(kctx, v[i].name, &mod);
		if (r == 0)
			r = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST, NULL,
							    NULL, NULL, NULL);
		kmod_module_unref(mod);
		if (r > 0)	/* blacklisted */
			r = -EPERM;
		if (r == 0) {
			loaded++;
			continue;
		}
		if (v[i].optional) {
			r = 0;
			continue;
		}
		if (!first_err)
			first_err = r;
		tk_buf_printf(&failed, "%s%s (%s)", failed.len ? ", " : "", v[i].name,
			      strerror(-r));
		r = 0;
	}
	kmod_unref(kctx);
	free(v);
	if (r == 0 && first_err) {
		r = scstcfg_sysfs_set_error(s, first_err, "Failed to load required modules: %s",
					    failed.data);
	}
	tk_buf_free(&failed);
	return r < 0 ? r : loaded;
}
