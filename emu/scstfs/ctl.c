// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ctl.c - the control socket of scstfs (--ctl PATH): test knobs and
 * counters, kept outside the emulated tree so tools walking
 * /sys/kernel/scst_tgt see only what the kernel shows.
 *
 * Protocol (Unix stream socket, one command per line, several commands
 * per connection allowed):
 *
 *   request:  WORD [ARG...]\n          (words separated by blanks)
 *   reply:    zero or more data lines, then "ok\n" or "error: TEXT\n"
 *
 * Commands are listed in the help text of scstfs (main.c) and in
 * cmd_table below.  ERRNO arguments are names (EIO) or numbers (5).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "scstfs.h"
#include "sfs-internal.h"

#define CTL_MAX_ARGS 8

static int listen_fd = -1;
static char *sock_path;
static bool ctl_running;

/**
 * sfs_ctl_listen() - create, bind and listen on the control socket.
 * @path: socket path; an existing socket file there is replaced
 *
 * Done before FUSE daemonises, so the socket exists once the mount does.
 *
 * Return: 0, -ENAMETOOLONG, or -errno of socket()/bind()/listen().
 */
int sfs_ctl_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	sock_path = strdup(path);
	listen_fd = fd;
	return 0;
}

static int parse_errno(const char *s, int *out)
{
	char *end;
	long v;
	int i;

	v = strtol(s, &end, 10);
	if (*s && !*end && v > 0 && v < 4096) {
		*out = v;
		return 0;
	}
	for (i = 1; i < 200; i++) {
		if (!strcasecmp(tk_errname(i), s)) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_long(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 0);
	return (!*s || *end || errno || *out < 0) ? -EINVAL : 0;
}

/* Each handler runs with the lock held; it may append data lines to @out. */
typedef int (*cmd_fn)(int argc, char **argv, struct tk_buf *out);

static int cmd_counters(int argc, char **argv, struct tk_buf *out)
{
	return sfs_counters_dump(argc > 1 ? argv[1] : NULL, out);
}

static int cmd_counters_reset(int argc, char **argv, struct tk_buf *out)
{
	sfs_counters_reset();
	return 0;
}

static int cmd_writes_total(int argc, char **argv, struct tk_buf *out)
{
	return tk_buf_printf(out, "%lu\n", sfs_writes_total()) < 0 ? -ENOMEM : 0;
}

static int cmd_fail_nth(int argc, char **argv, struct tk_buf *out)
{
	struct sfs_knobs *k = sfs_knobs();
	long n;
	int err;

	if (parse_long(argv[1], &n) || n < 1 || parse_errno(argv[2], &err))
		return -EINVAL;
	k->fail_nth = n;
	k->fail_nth_err = err;
	return 0;
}

static int cmd_fail_path(int argc, char **argv, struct tk_buf *out)
{
	struct sfs_knobs *k = sfs_knobs();
	long count = -1;
	char *glob;
	int err;

	if (parse_errno(argv[2], &err) || (argc > 3 && (parse_long(argv[3], &count) || !count)))
		return -EINVAL;
	glob = strdup(argv[1]);
	if (!glob)
		return -ENOMEM;
	free(k->fail_glob);
	k->fail_glob = glob;
	k->fail_glob_err = err;
	k->fail_glob_count = count;
	return 0;
}

static int cmd_fail_clear(int argc, char **argv, struct tk_buf *out)
{
	struct sfs_knobs *k = sfs_knobs();

	k->fail_nth = 0;
	free(k->fail_glob);
	k->fail_glob = NULL;
	return 0;
}

/* "slow", "eagain-ms", "eagain-delay", "stall-ms": one number of ms. */
static int cmd_ms(int argc, char **argv, struct tk_buf *out)
{
	struct sfs_knobs *k = sfs_knobs();
	long v;

	if (parse_long(argv[1], &v))
		return -EINVAL;
	if (!strcmp(argv[0], "slow"))
		k->slow_ms = v;
	else if (!strcmp(argv[0], "eagain-ms"))
		k->eagain_ms = v;
	else if (!strcmp(argv[0], "eagain-delay"))
		k->eagain_delay_ms = v;
	else
		k->stall_ms = v;
	return 0;
}

static int cmd_always_eagain(int argc, char **argv, struct tk_buf *out)
{
	if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
		return -EINVAL;
	sfs_knobs()->always_eagain = !strcmp(argv[1], "on");
	return 0;
}

static int cmd_pending(int argc, char **argv, struct tk_buf *out)
{
	sfs_work_poll();
	return tk_buf_printf(out, "%d\n", sfs_work_pending()) < 0 ? -ENOMEM : 0;
}

static int cmd_session(int argc, char **argv, struct tk_buf *out)
{
	if (!strcmp(argv[0], "session-add"))
		return sfs_tgt_session_add(argv[1], argv[2], argv[3]);
	return sfs_tgt_session_del(argv[1], argv[2], argv[3]);
}

static int cmd_ping(int argc, char **argv, struct tk_buf *out)
{
	return 0;
}

static const struct {
	const char *name;
	int min_args, max_args;		/* not counting the command word */
	cmd_fn fn;
} cmd_table[] = {
	{ "ping", 0, 0, cmd_ping },
	{ "counters", 0, 1, cmd_counters },
	{ "counters-reset", 0, 0, cmd_counters_reset },
	{ "writes-total", 0, 0, cmd_writes_total },
	{ "fail-nth", 2, 2, cmd_fail_nth },
	{ "fail-path", 2, 3, cmd_fail_path },
	{ "fail-clear", 0, 0, cmd_fail_clear },
	{ "slow", 1, 1, cmd_ms },
	{ "eagain-ms", 1, 1, cmd_ms },
	{ "eagain-delay", 1, 1, cmd_ms },
	{ "stall-ms", 1, 1, cmd_ms },
	{ "always-eagain", 1, 1, cmd_always_eagain },
	{ "pending", 0, 0, cmd_pending },
	{ "session-add", 3, 3, cmd_session },
	{ "session-del", 3, 3, cmd_session },
};

/* Run one request line; append the reply (data + status line) to @out. */
static void ctl_run(char *line, struct tk_buf *out)
{
	char *argv[CTL_MAX_ARGS + 1], *save = NULL, *w;
	int argc = 0, ret = -ENOENT;
	size_t i;

	for (w = strtok_r(line, " \t\r", &save); w && argc <= CTL_MAX_ARGS;
	     w = strtok_r(NULL, " \t\r", &save))
		argv[argc++] = w;
	if (!argc) {
		tk_buf_adds(out, "error: empty command\n");
		return;
	}
	for (i = 0; i < TK_ARRAY_SIZE(cmd_table); i++) {
		if (strcmp(cmd_table[i].name, argv[0]))
			continue;
		if (argc - 1 < cmd_table[i].min_args || argc - 1 > cmd_table[i].max_args) {
			tk_buf_printf(out, "error: %s: wrong number of arguments\n", argv[0]);
			return;
		}
		sfs_lock();
		ret = cmd_table[i].fn(argc, argv, out);
		sfs_unlock();
		break;
	}
	if (i == TK_ARRAY_SIZE(cmd_table))
		tk_buf_printf(out, "error: unknown command %s\n", argv[0]);
	else if (ret < 0)
		tk_buf_printf(out, "error: %s: %s\n", argv[0], strerror(-ret));
	else
		tk_buf_adds(out, "ok\n");
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void ctl_serve(int fd)
{
	struct tk_buf in = TK_BUF_INIT, out = TK_BUF_INIT;
	char chunk[1024], *nl;
	ssize_t n;

	for (;;) {
		while ((nl = in.data ? memchr(in.data, '\n', in.len) : NULL)) {
			size_t used = nl - in.data + 1;

			*nl = '\0';
			tk_buf_reset(&out);
			ctl_run(in.data, &out);
			memmove(in.data, in.data + used, in.len - used + 1);
			in.len -= used;
			if (write_all(fd, out.data, out.len))
				goto out;
		}
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || tk_buf_add(&in, chunk, n))
			break;
	}
out:
	tk_buf_free(&in);
	tk_buf_free(&out);
}

static void *ctl_main(void *arg)
{
	for (;;) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		ctl_serve(fd);
		close(fd);
	}
	return NULL;
}

/**
 * sfs_ctl_start() - start the thread that serves the control socket.
 *
 * Called from the FUSE init callback, i.e. after daemonising.  Does
 * nothing without --ctl.  Connections are served one at a time.
 *
 * Return: 0 or -errno of pthread_create().
 */
int sfs_ctl_start(void)
{
	int ret;

	if (listen_fd < 0 || ctl_running)
		return 0;
	ret = sfs_thread_start(ctl_main);
	ctl_running = !ret;
	return ret;
}

/**
 * sfs_ctl_stop() - stop listening and remove the socket file.
 */
void sfs_ctl_stop(void)
{
	if (listen_fd < 0)
		return;
	shutdown(listen_fd, SHUT_RDWR);
	close(listen_fd);
	listen_fd = -1;
	if (sock_path)
		unlink(sock_path);
	free(sock_path);
	sock_path = NULL;
}
