// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-parse: parse speed and memory of libscstcfg on a large generated
 * scst.conf (default 100,000 devices and 10,000 targets, TrueNAS-style
 * device blocks).  Prints each figure beside its goal: MB/s of CPU time (the
 * goal; wall clock suffers on a loaded host), instructions per byte (stable
 * under load; perf_event_open, "n/a" where not permitted) and peak RSS as a
 * multiple of the file size.  Not a test; run with
 * "ninja -C build bench-parse" or
 * build/bench/parse/bench-parse [DEVICES TARGETS [FILE]].
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scstcfg/scstcfg.h"

#define GOAL_MBPS 200.0
#define GOAL_RSS_RATIO 3.0
/* Runs; the fastest counts (other processes only ever add time). */
#define RUNS 5

/* A counter of this thread's user-space instructions, or -1. */
static int instr_counter(void)
{
	struct perf_event_attr pa;

	memset(&pa, 0, sizeof(pa));
	pa.size = sizeof(pa);
	pa.type = PERF_TYPE_HARDWARE;
	pa.config = PERF_COUNT_HW_INSTRUCTIONS;
	pa.disabled = 1;
	pa.exclude_kernel = 1;
	pa.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0);
}

static long long instr_read(int fd)
{
	long long v;

	if (fd < 0 || read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return -1;
	return v;
}

/* Streams the file (no big buffer, so the generator does not inflate RSS). */
static int generate(const char *path, unsigned int ndev, unsigned int ntgt)
{
	FILE *f = fopen(path, "w");
	unsigned int i, j, luns = ntgt ? ndev / ntgt : 0;

	if (!f)
		return -errno;
	fprintf(f, "# bench-parse: %u devices, %u targets\nsetup_id 0x10\n\n", ndev, ntgt);
	fprintf(f, "HANDLER vdisk_blockio {\n");
	for (i = 0; i < ndev; i++)
		fprintf(f,
			"\tDEVICE zvol_pool_vol%06u {\n"
			"\t\tfilename /dev/zvol/pool/iscsi/vol%06u\n"
			"\t\tblocksize 512\n"
			"\t\tread_only 0\n"
			"\t\tusn %08x%06u\n"
			"\t\tnaa_id 0x6589cfc000000%019u\n"
			"\t\tprod_id \"iSCSI Disk\"\n"
			"\t\trotational 0\n"
			"\t\tt10_vend_id TrueNAS\n"
			"\t\tt10_dev_id %08x%06u\n"
			"\t}\n\n",
			i, i, i * 2654435761u, i, i, i * 2246822519u, i);
	fprintf(f, "}\n\nTARGET_DRIVER iscsi {\n\tenabled 1\n\tIncomingUser \"disco 12charsecret\"\n\n");
	for (i = 0; i < ntgt; i++) {
		fprintf(f, "\tTARGET iqn.2005-10.org.freenas.ctl:target%05u {\n"
			   "\t\tIncomingUser \"user%05u 12charsecret%05u\"\n"
			   "\t\trel_tgt_id %u\n\t\tenabled 1\n\t\tper_portal_acl 1\n\n",
			i, i, i, i + 1);
		for (j = 0; j < luns; j++)
			fprintf(f, "\t\tLUN %u zvol_pool_vol%06u\n", j, i * luns + j);
		fprintf(f, "\n\t\tGROUP security_group {\n\t\t\tLUN 0 zvol_pool_vol%06u\n\n"
			   "\t\t\tINITIATOR iqn.1994-05.com.redhat:host%05u\\#10.0.%u.%u\n"
			   "\t\t}\n\t}\n\n", i * luns, i, i / 256, i % 256);
	}
	fprintf(f, "}\n");
	if (fclose(f) != 0)
		return -errno;
	return 0;
}

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned int ndev = argc > 2 ? (unsigned int)strtoul(argv[1], NULL, 0) : 100000;
	unsigned int ntgt = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 10000;
	char tmpl[] = "/tmp/bench-parse-XXXXXX.conf";
	const char *path = argc > 3 ? argv[3] : NULL;
	double best = 1e30, best_cpu = 1e30, mbps, cpu_mbps, ratio;
	long long instr = -1;
	int pfd = instr_counter();
	struct scstcfg_ctx *ctx;
	struct rusage ru;
	struct stat st;
	int r, i, fd;

	if (!path) {
		fd = mkstemps(tmpl, 5);
		if (fd < 0) {
			perror("mkstemps");
			return 1;
		}
		close(fd);
		path = tmpl;
	}
	r = generate(path, ndev, ntgt);
	if (r < 0 || stat(path, &st) < 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(-r));
		return 1;
	}
	if (scstcfg_ctx_new(&ctx) < 0)
		return 1;
	for (i = 0; i < RUNS; i++) {
		struct scstcfg_model *m;
		double t0, c0, t, c;
		long long i0, i1;

		if (pfd >= 0) {
			ioctl(pfd, PERF_EVENT_IOC_RESET, 0);
			ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0);
		}
		i0 = instr_read(pfd);
		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);	/* user + sys */
		r = scstcfg_parse_file(ctx, path, NULL, &m);
		t = now(CLOCK_MONOTONIC) - t0;
		c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		i1 = instr_read(pfd);
		if (pfd >= 0)
			ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0);
		if (i0 >= 0 && i1 >= i0 && (instr < 0 || i1 - i0 < instr))
			instr = i1 - i0;
		if (r < 0) {
			fprintf(stderr, "parse failed: %s\n", scstcfg_ctx_last_error(ctx));
			return 1;
		}
		if (!scstcfg_model_find_device(m, "zvol_pool_vol000000") && ndev) {
			fprintf(stderr, "parse result incomplete\n");
			return 1;
		}
		scstcfg_model_free(m);
		if (t < best)
			best = t;
		if (c < best_cpu)
			best_cpu = c;
	}
	getrusage(RUSAGE_SELF, &ru);
	mbps = (double)st.st_size / 1e6 / best;
	cpu_mbps = (double)st.st_size / 1e6 / best_cpu;
	ratio = (double)ru.ru_maxrss * 1024.0 / (double)st.st_size;
	printf("file:      %s, %.1f MB, %u devices, %u targets\n", path, (double)st.st_size / 1e6,
	       ndev, ntgt);
	printf("parse:     %.1f MB/s CPU time (best of %d: %.3f s user+sys)   goal >= %.0f MB/s   %s\n",
	       cpu_mbps, RUNS, best_cpu, GOAL_MBPS, cpu_mbps >= GOAL_MBPS ? "met" : "MISSED");
	printf("wall:      %.1f MB/s (best of %d: %.3f s; suffers on a loaded host)   goal >= %.0f MB/s   %s\n",
	       mbps, RUNS, best, GOAL_MBPS, mbps >= GOAL_MBPS ? "met" : "MISSED");
	if (instr >= 0)
		printf("instr:     %.1f instructions/byte (user space, fewest of %d; stable under load)\n",
		       (double)instr / (double)st.st_size, RUNS);
	else
		printf("instr:     n/a (perf_event_open not permitted)\n");
	printf("peak RSS:  %.1f MB = %.2fx file size   goal < %.0fx file size   %s\n",
	       (double)ru.ru_maxrss / 1024.0, ratio, GOAL_RSS_RATIO,
	       ratio < GOAL_RSS_RATIO ? "met" : "MISSED");
	if (pfd >= 0)
		close(pfd);
	if (path == tmpl)
		unlink(path);
	scstcfg_ctx_free(ctx);
	return 0;
}
