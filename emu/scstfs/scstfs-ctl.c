// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scstfs-ctl - send one command to a running scstfs's control socket.
 *
 *   scstfs-ctl SOCKET COMMAND [ARGS...]
 *
 * Prints the reply's data lines on stdout.  Exit status: 0 on "ok",
 * 1 on "error: ..." (printed on stderr), 2 on usage or connection errors.
 * The commands are listed by "scstfs --help" (protocol: ctl.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tk.h"

static int connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct tk_buf req = TK_BUF_INIT, rep = TK_BUF_INIT;
	char chunk[4096], *last;
	ssize_t n;
	size_t off = 0;
	int fd, i, ret;

	if (argc < 3 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 3 ? stderr : stdout,
			"usage: scstfs-ctl SOCKET COMMAND [ARGS...]\n"
			"Commands: see \"scstfs --help\".\n");
		return argc < 3 ? 2 : 0;
	}
	for (i = 2; i < argc; i++) {
		if (strpbrk(argv[i], " \t\r\n")) {
			fprintf(stderr, "scstfs-ctl: arguments cannot contain blanks: \"%s\"\n",
				argv[i]);
			return 2;
		}
		if ((i > 2 && tk_buf_addc(&req, ' ')) || tk_buf_adds(&req, argv[i]))
			return 2;
	}
	if (tk_buf_addc(&req, '\n'))
		return 2;
	fd = connect_to(argv[1]);
	if (fd < 0) {
		fprintf(stderr, "scstfs-ctl: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (off < req.len) {
		n = write(fd, req.data + off, req.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "scstfs-ctl: write: %s\n", strerror(errno));
			return 2;
		}
		off += n;
	}
	shutdown(fd, SHUT_WR);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || tk_buf_add(&rep, chunk, n)) {
			fprintf(stderr, "scstfs-ctl: read: %s\n", strerror(errno));
			return 2;
		}
	}
	close(fd);
	/* The last line is the status; everything before it is data. */
	if (!rep.len || rep.data[rep.len - 1] != '\n') {
		fprintf(stderr, "scstfs-ctl: truncated reply\n");
		return 2;
	}
	rep.data[--rep.len] = '\0';
	last = strrchr(rep.data, '\n');
	last = last ? last + 1 : rep.data;
	fwrite(rep.data, 1, last - rep.data, stdout);
	ret = strcmp(last, "ok") ? 1 : 0;
	if (ret)
		fprintf(stderr, "scstfs-ctl: %s\n", last);
	tk_buf_free(&req);
	tk_buf_free(&rep);
	return ret;
}
