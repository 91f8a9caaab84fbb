// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - scstfs: a FUSE emulator of the SCST sysfs tree
 * /sys/kernel/scst_tgt (spec scst-sysfs.md).
 *
 *   scstfs [options] MOUNTPOINT
 *
 * Our own options are taken out of argv; everything else (-f, -d, -s,
 * -o ...) goes to libfuse unchanged.  See usage() for the list.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scstfs.h"
#include "sfs-internal.h"
#include "tk-config.h"

static struct sfs_opts opts = { .ncpus = 2 };

/**
 * sfs_opts() - the options the emulator was started with.
 *
 * Return: borrowed pointer, valid for the whole run (sfs.h).
 */
const struct sfs_opts *sfs_opts(void)
{
	return &opts;
}

/**
 * sfs_host_file_size() - size of a backing file as the emulated host sees it.
 * @path:  absolute path
 * @size:  receives the size in bytes
 * @block: receives whether it is a block device
 *
 * --fake-file entries win; otherwise the real host path is stat()ed, and a
 * block device is opened read-only for BLKGETSIZE64.  Source: spec
 * scst-sysfs.md §9 item 12, the fixture of scst-real/README.md.
 *
 * Return: 0; -EISDIR for a directory; -ENOENT and the other errors of
 * stat()/open()/ioctl().
 */
int sfs_host_file_size(const char *path, uint64_t *size, bool *block)
{
	struct stat st;
	size_t i;
	int fd, ret = 0;

	for (i = 0; i < opts.n_fake_files; i++) {
		if (!strcmp(opts.fake_files[i].path, path)) {
			*size = opts.fake_files[i].size;
			*block = opts.fake_files[i].block;
			return 0;
		}
	}
	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	*block = S_ISBLK(st.st_mode);
	if (!*block) {
		*size = st.st_size;
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, size))
		ret = -errno;
	close(fd);
	return ret;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [options] MOUNTPOINT\n"
		"\n"
		"Emulates the SCST sysfs tree /sys/kernel/scst_tgt with FUSE, in the\n"
		"freshly booted state of the recordings in shared/scst-real (scst,\n"
		"scst_vdisk, scst_local and iscsi_scst loaded, iscsi-scstd running).\n"
		"\n"
		"scstfs options:\n"
		"  --cpus N                    online CPUs of the emulated machine (default 2)\n"
		"  --scsi-device H:C:I:L=TYPE  a local SCSI device for pass-through (repeatable);\n"
		"                              TYPE is a number or disk, tape, printer, processor,\n"
		"                              worm, cdrom, scanner, mod, changer, comm, raid,\n"
		"                              enclosure, rbc, osd\n"
		"  --qla-wwn WWPN              a qla2x00t target port (repeatable)\n"
		"  --fake-file PATH=SIZE[:block]\n"
		"                              treat PATH as existing with SIZE bytes (K, M, G\n"
		"                              suffixes: powers of 1024), a block device with\n"
		"                              :block (repeatable); other paths are stat()ed\n"
		"  --no-iscsi                  start without iscsi_scst / iscsi-scstd\n"
		"  --stall-ms N                how long last_sysfs_mgmt_res reads EAGAIN after a\n"
		"                              work that stalls (default 2000; the kernel ~15000)\n"
		"  --ctl PATH                  serve the control socket at PATH (scstfs-ctl)\n"
		"  -h, --help                  this text, then the FUSE options\n"
		"  -V, --version               versions\n"
		"\n"
		"Control commands (scstfs-ctl PATH COMMAND [ARGS]):\n"
		"  ping                        check the connection\n"
		"  counters [GLOB]             \"R W path\" per path: opens for read, write() calls\n"
		"  counters-reset              zero the counters and writes-total\n"
		"  writes-total                store() calls since the last reset\n"
		"  fail-nth N ERRNO            the Nth write from now fails with ERRNO, no store()\n"
		"  fail-path GLOB ERRNO [COUNT] writes to paths matching GLOB fail (COUNT times)\n"
		"  fail-clear                  cancel fail-nth and fail-path\n"
		"  slow MS                     modifying work takes MS ms (writer blocks); at or\n"
		"                              above eagain-ms the write returns EAGAIN and the\n"
		"                              work completes later (0 = off)\n"
		"  eagain-ms MS                the kernel's EAGAIN wait (default 15000)\n"
		"  always-eagain on|off        every modifying work returns EAGAIN at once and\n"
		"                              completes after eagain-delay (DEBUG_SYSFS_EAGAIN)\n"
		"  eagain-delay MS             completion delay of always-eagain (default 50)\n"
		"  stall-ms MS                 as --stall-ms\n"
		"  pending                     1 while modifying work is in flight, else 0\n"
		"  session-add DRIVER TARGET INITIATOR   log an initiator in\n"
		"  session-del DRIVER TARGET SESSION     log a session out\n"
		"\n",
		prog);
}

static const struct {
	const char *name;
	int type;
} scsi_types[] = {
	{ "disk", 0 }, { "tape", 1 }, { "printer", 2 }, { "processor", 3 },
	{ "worm", 4 }, { "cdrom", 5 }, { "scanner", 6 }, { "mod", 7 },
	{ "changer", 8 }, { "comm", 9 }, { "raid", 12 }, { "enclosure", 13 },
	{ "rbc", 14 }, { "osd", 17 },
};

static int parse_scsi_dev(const char *arg)
{
	const char *eq = strrchr(arg, '=');
	unsigned int h, c, i, l;
	struct sfs_scsi_dev *v;
	char *end, tail;
	long type = -1;
	size_t k;

	if (!eq || sscanf(arg, "%u:%u:%u:%u%c", &h, &c, &i, &l, &tail) != 5 || tail != '=')
		return -EINVAL;
	for (k = 0; k < TK_ARRAY_SIZE(scsi_types); k++)
		if (!strcasecmp(scsi_types[k].name, eq + 1))
			type = scsi_types[k].type;
	if (type < 0) {
		type = strtol(eq + 1, &end, 0);
		if (!eq[1] || *end || type < 0 || type > 31)
			return -EINVAL;
	}
	v = realloc(opts.scsi_devs, (opts.n_scsi_devs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	opts.scsi_devs = v;
	v[opts.n_scsi_devs].hctl = strndup(arg, eq - arg);
	v[opts.n_scsi_devs].type = type;
	if (!v[opts.n_scsi_devs].hctl)
		return -ENOMEM;
	opts.n_scsi_devs++;
	return 0;
}

static int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	switch (toupper((unsigned char)*end)) {
	case 'G':
		v <<= 10;
		/* fall through */
	case 'M':
		v <<= 10;
		/* fall through */
	case 'K':
		v <<= 10;
		end++;
		break;
	}
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_fake_file(const char *arg)
{
	const char *eq = strrchr(arg, '=');
	struct sfs_fake_file *v, f = { 0 };
	char *spec, *colon;
	int ret;

	if (!eq || eq == arg || arg[0] != '/')
		return -EINVAL;
	spec = strdup(eq + 1);
	if (!spec)
		return -ENOMEM;
	colon = strchr(spec, ':');
	if (colon) {
		*colon = '\0';
		if (strcmp(colon + 1, "block")) {
			free(spec);
			return -EINVAL;
		}
		f.block = true;
	}
	ret = parse_size(spec, &f.size);
	free(spec);
	if (ret)
		return ret;
	v = realloc(opts.fake_files, (opts.n_fake_files + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	opts.fake_files = v;
	f.path = strndup(arg, eq - arg);
	if (!f.path)
		return -ENOMEM;
	v[opts.n_fake_files++] = f;
	return 0;
}

static int add_str(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n] = strdup(s);
	if (!nv[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

enum opt_key { O_CPUS, O_SCSI, O_QLA, O_FAKE, O_NOISCSI, O_STALL, O_CTL };

static const struct {
	const char *name;
	enum opt_key key;
	bool has_arg;
} our_opts[] = {
	{ "--cpus", O_CPUS, true },
	{ "--scsi-device", O_SCSI, true },
	{ "--qla-wwn", O_QLA, true },
	{ "--fake-file", O_FAKE, true },
	{ "--no-iscsi", O_NOISCSI, false },
	{ "--stall-ms", O_STALL, true },
	{ "--ctl", O_CTL, true },
};

static int apply_opt(enum opt_key key, const char *val, const char **ctl)
{
	char *end;
	long v;

	switch (key) {
	case O_CPUS:
	case O_STALL:
		v = strtol(val, &end, 0);
		if (!*val || *end || v < (key == O_CPUS ? 1 : 0) || v > 1000000)
			return -EINVAL;
		if (key == O_CPUS)
			opts.ncpus = v;
		else
			sfs_knobs()->stall_ms = v;
		return 0;
	case O_SCSI:
		return parse_scsi_dev(val);
	case O_QLA:
		return *val ? add_str(&opts.qla_wwns, &opts.n_qla_wwns, val) : -EINVAL;
	case O_FAKE:
		return parse_fake_file(val);
	case O_NOISCSI:
		opts.no_iscsi = true;
		return 0;
	case O_CTL:
		*ctl = val;
		return *val ? 0 : -EINVAL;
	}
	return -EINVAL;
}

/*
 * Take our options out of @argv (forms "--opt VAL" and "--opt=VAL");
 * the others are left in order in @fargv for libfuse.
 */
static int parse_args(int argc, char **argv, char **fargv, int *fargc, const char **ctl)
{
	int i, n = 0, ret;
	size_t k;

	fargv[n++] = argv[0];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;

		for (k = 0; k < TK_ARRAY_SIZE(our_opts); k++) {
			size_t len = strlen(our_opts[k].name);

			if (strncmp(a, our_opts[k].name, len))
				continue;
			if (a[len] == '=' && our_opts[k].has_arg)
				val = a + len + 1;
			else if (a[len])
				continue;
			break;
		}
		if (k == TK_ARRAY_SIZE(our_opts)) {
			fargv[n++] = argv[i];
			continue;
		}
		if (our_opts[k].has_arg && !val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "scstfs: %s needs an argument\n", a);
				return -EINVAL;
			}
			val = argv[++i];
		}
		ret = apply_opt(our_opts[k].key, val ? val : "", ctl);
		if (ret) {
			fprintf(stderr, "scstfs: bad %s: %s\n", our_opts[k].name, val ? val : "");
			return ret;
		}
	}
	fargv[n] = NULL;
	*fargc = n;
	return 0;
}

static int init_model(void)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} inits[] = {
		{ "core", sfs_core_init },
		{ "dev", sfs_dev_init },
		{ "tgt", sfs_tgt_init },
		{ "alua", sfs_alua_init },
	};
	size_t i;
	int ret;

	ret = sfs_engine_init();
	for (i = 0; i < TK_ARRAY_SIZE(inits) && !ret; i++) {
		ret = inits[i].fn();
		if (ret)
			fprintf(stderr, "scstfs: %s start-up failed: %s\n", inits[i].name,
				strerror(-ret));
	}
	return ret;
}

/*
 * libfuse's low-level options as scstfs uses them (libfuse's own help would
 * show its max_threads default, 10, where scstfs always runs at least 64).
 */
static const char fuse_help[] =
	"FUSE options (libfuse's low-level interface):\n"
	"  -f                          foreground operation\n"
	"  -d, -o debug                print every FUSE request (implies -f)\n"
	"  -s                          single-threaded (turns the kernel cache off too)\n"
	"  -o max_threads=N            the most worker threads (scstfs: at least 64)\n"
	"  -o max_idle_threads=N       idle worker threads kept (default: all)\n"
	"  -o clone_fd                 a separate FUSE device fd for each thread\n"
	"  -o allow_other              allow access by all users\n"
	"  -o allow_root               allow access by root\n"
	"  -o auto_unmount             unmount when scstfs ends, even if killed\n"
	"  and the generic FUSE mount options of mount.fuse3(8)\n";

int main(int argc, char **argv)
{
	static char fuse_defaults[] = "-ofsname=scstfs,subtype=scstfs";
	const char *ctl = NULL;
	char **fargv;
	int fargc, i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout, argv[0]);
			fputs(fuse_help, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			printf("scstfs (targetkit) %s, libfuse %s\n", TK_VERSION, sfs_fuse_version());
			return 0;
		}
	}
	fargv = calloc(argc + 3, sizeof(*fargv));
	if (!fargv)
		return 1;
	if (parse_args(argc, argv, fargv, &fargc, &ctl)) {
		fprintf(stderr, "Try \"%s --help\".\n", argv[0]);
		return 2;
	}
	fargv[fargc++] = fuse_defaults;
	fargv[fargc] = NULL;
	if (init_model())
		return 1;
	if (ctl) {
		ret = sfs_ctl_listen(ctl);
		if (ret) {
			fprintf(stderr, "scstfs: control socket %s: %s\n", ctl, strerror(-ret));
			return 1;
		}
	}
	ret = sfs_fuse_run(fargc, fargv);
	sfs_ctl_stop();
	free(fargv);
	return ret;
}
