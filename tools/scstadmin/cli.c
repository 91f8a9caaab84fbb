// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helpers the commands of the Perl personality share (list.c, change.c):
 * "-attributes" parsing and Perl's FATAL/WARNING framing (spec
 * ../shared/spec/scstadmin.md §2.1).  The prompt is live_prompt() (live.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scstadmin.h"

int cli_attrs_parse(const char *s, struct cli_attrs *out)
{
	char *item, *save = NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	/* Perl: "if ($attributes)": undef, "" and "0" are false */
	if (!s || !*s || !strcmp(s, "0"))
		return 0;
	out->buf = strdup(s);
	/* at most one item per comma, plus one */
	out->v = calloc(strlen(s) / 2 + 1, sizeof(*out->v));
	if (!out->buf || !out->v) {
		cli_attrs_free(out);
		return -ENOMEM;
	}
	for (item = strtok_r(out->buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		const char *value = "1";

		if (eq) {
			*eq = '\0';
			value = eq + 1;
		}
		for (i = 0; i < out->n; i++)
			if (!strcmp(out->v[i].name, item))
				break;
		out->v[i].name = item;
		out->v[i].value = value;
		if (i == out->n)
			out->n++;
	}
	return 0;
}

void cli_attrs_free(struct cli_attrs *a)
{
	if (!a)
		return;
	free(a->buf);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

int cli_fatal(const char *msg)
{
	printf("\n\nFATAL: Received the following error:\n\n\t%s\n\n", msg);
	return CMD_DIE(1);
}

void cli_warning(const char *msg)
{
	printf("\n\nWARNING: Received the following error:\n\n\t%s\n\n", msg);
}
