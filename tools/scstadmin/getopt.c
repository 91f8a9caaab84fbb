// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A command-line parser that behaves as Perl's Getopt::Long does with the
 * settings the Perl scstadmin runs it under (the defaults: ignore_case,
 * auto_abbrev, permute, getopt_compat), spec scstadmin.md §2.1.
 *
 * Why not glibc getopt_long_only(): it matches option names
 * case-sensitively, prints its own messages ("unrecognized option"), and
 * an optional value must be attached with "=".  Lower-casing argv before
 * calling it would also lower-case values such as "-config /etc/X.conf"
 * unless we re-implemented the value rules anyway, so the whole thing is
 * done here, in one pass over argv:
 *
 * - An option word starts with "--", "-" or "+"; "-" alone is a plain
 *   word and "--" ends the options.  Plain words are dropped (Perl's
 *   scstadmin never looks at what Getopt::Long leaves in @ARGV).
 * - "name=value" is split at the first "=" after the first character.
 * - Names compare without case.  An exact name wins; otherwise a unique
 *   prefix.  Several candidates: "Option x is ambiguous (a, b)", the
 *   candidates sorted; none: "Unknown option: x".  Names are reported in
 *   lower case, as Getopt::Long does.
 * - Our additions to the Perl option set (-format_config, -dry_run,
 *   -json, -suspend, -timeout; gol_option.ours) are only candidates for an
 *   abbreviation that matches no Perl option.  So every abbreviation the
 *   Perl tool accepts means the same here ("-f" and "-fo" are -force,
 *   "-dr" is -driver) and every ambiguity message is the Perl one, byte
 *   for byte; "-form", "-dry", "-j", "-su", "-ti" reach ours.
 * - A mandatory value is the rest after "=" or the next word, whatever it
 *   looks like ("-write_config -force" writes to a file named "-force").
 *   An empty "=" value or no next word: "Option x requires an argument".
 * - An optional value is the rest after "=", or the next word unless that
 *   is "--" or looks like an option ("-x", "--x", "+x"); else "".
 * - A flag given "=value": "Option x does not take an argument".
 * - Errors do not stop the scan: every message is printed, then the
 *   caller exits 1.  A repeated option overwrites (the caller's business).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scstadmin.h"

/* Does @w look like an option word to an optional value (Perl's
 * /^(--|-|\+).+/)? */
static bool looks_like_option(const char *w)
{
	if (!strncmp(w, "--", 2))
		return w[2] != '\0';
	return (w[0] == '-' || w[0] == '+') && w[1] != '\0';
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Look up @name (lower case, @len bytes) among @opts.  Return: the index,
 * or -1 after printing why not (unknown or ambiguous).
 */
static long lookup(const struct gol_option *opts, size_t n, const char *name, size_t len,
		   FILE *err)
{
	const char **hits;
	size_t i, nhits = 0;
	long found = -1;
	int tier;

	for (i = 0; i < n; i++)
		if (strlen(opts[i].name) == len && !strncasecmp(opts[i].name, name, len))
			return (long)i;
	hits = calloc(n ? n : 1, sizeof(*hits));
	if (!hits) {
		fprintf(err, "Out of memory.\n");
		return -1;
	}
	/* Perl's names first; ours only when no Perl name matches */
	for (tier = 0; tier < 2 && nhits == 0; tier++) {
		for (i = 0; i < n; i++) {
			if (opts[i].ours != (tier == 1) || strncasecmp(opts[i].name, name, len))
				continue;
			hits[nhits++] = opts[i].name;
			found = (long)i;
		}
	}
	if (nhits == 0) {
		fprintf(err, "Unknown option: %.*s\n", (int)len, name);
	} else if (nhits > 1) {
		qsort(hits, nhits, sizeof(*hits), cmp_names);
		fprintf(err, "Option %.*s is ambiguous (", (int)len, name);
		for (i = 0; i < nhits; i++)
			fprintf(err, "%s%s", i ? ", " : "", hits[i]);
		fprintf(err, ")\n");
		found = -1;
	}
	free(hits);
	return found;
}

int gol_parse(int argc, char *const argv[], const struct gol_option *opts, size_t n,
	      void (*found)(void *priv, size_t idx, const char *value), void *priv, FILE *err)
{
	int i, errors = 0;

	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *body, *eq, *value = NULL;
		char *name;
		size_t len, k;
		long idx;

		if (!strcmp(w, "--"))
			break;			/* the rest are plain words */
		if ((w[0] != '-' && w[0] != '+') || !strcmp(w, "-"))
			continue;		/* a plain word */
		body = w + (strncmp(w, "--", 2) ? 1 : 2);
		if (!*body) {
			fprintf(err, "Missing option after %.*s\n", (int)(body - w), w);
			errors++;
			continue;
		}
		eq = strchr(body + 1, '=');
		len = eq ? (size_t)(eq - body) : strlen(body);
		name = strndup(body, len);
		if (!name) {
			fprintf(err, "Out of memory.\n");
			return errors + 1;
		}
		for (k = 0; k < len; k++)
			if (name[k] >= 'A' && name[k] <= 'Z')
				name[k] = (char)(name[k] - 'A' + 'a');
		idx = lookup(opts, n, name, len, err);
		free(name);
		if (idx < 0) {
			errors++;
			continue;
		}
		switch (opts[idx].has_arg) {
		case GOL_NONE:
			if (eq) {
				fprintf(err, "Option %s does not take an argument\n", opts[idx].name);
				errors++;
				continue;
			}
			break;
		case GOL_REQUIRED:
			if (eq && eq[1])
				value = eq + 1;
			else if (!eq && i + 1 < argc)
				value = argv[++i];
			else {
				fprintf(err, "Option %s requires an argument\n", opts[idx].name);
				errors++;
				continue;
			}
			break;
		case GOL_OPTIONAL:
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc && strcmp(argv[i + 1], "--") &&
				 !looks_like_option(argv[i + 1]))
				value = argv[++i];
			else
				value = "";
			break;
		}
		found(priv, (size_t)idx, value);
	}
	return errors;
}
