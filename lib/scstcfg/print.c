// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Canonical scst.conf printer.  The layout reproduces Perl scstadmin's
 * -write_config byte for byte (spec scstadmin.md §2.4), including its
 * blank-line rules, which come from a few trailing-newline rewrites that the
 * helpers nl_collapse() and nl_drop_one() perform here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct printer {
	int err;
	const struct scstcfg_model *m;	/* its nk_get: -nonkey blocks */
};

/* s/\n+$/\n/ (keep = 1) and s/\n+$/\n\n/ (keep = 2) */
static void nl_collapse(struct tk_buf *b, size_t keep)
{
	size_t k = 0;

	while (k < b->len && b->data[b->len - 1 - k] == '\n')
		k++;
	if (!k || tk_buf_reserve(b, 2) < 0)
		return;	/* on -ENOMEM the next append fails and reports it */
	b->len -= k;
	while (keep--)
		b->data[b->len++] = '\n';
	b->data[b->len] = '\0';
}

/* s/\n\n$/\n/ */
static void nl_drop_one(struct tk_buf *b)
{
	if (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
		b->data[--b->len] = '\0';
}

static void put(struct printer *pr, struct tk_buf *b, const char *s)
{
	if (!pr->err && tk_buf_adds(b, s) < 0)
		pr->err = -ENOMEM;
}

static void putb(struct printer *pr, struct tk_buf *b, const struct tk_buf *src)
{
	if (!pr->err && src->len && tk_buf_add(b, src->data, src->len) < 0)
		pr->err = -ENOMEM;
}

enum esc_mode {
	ESC_VALUE,	/* a value or an object name */
	ESC_KEY,	/* the first token of an attribute line */
};

static bool needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (is_blank((unsigned char)*s))
			return true;
	return false;
}

/*
 * Perl escapeMeta: "\" and "#" get a backslash and a value with a space is
 * quoted.  Additionally (lossless round trip): '"', '{', '}' and a leading
 * '=' are escaped, any blank or an empty string forces quotes, and in
 * attribute names '=' is escaped.
 */
static void esc_q(struct printer *pr, struct tk_buf *b, const char *s, enum esc_mode mode,
		  bool force_quotes)
{
	bool q = force_quotes || needs_quotes(s);
	const char *p;

	if (pr->err)
		return;
	if (q)
		put(pr, b, "\"");
	for (p = s; *p && !pr->err; p++) {
		char c = *p;

		if (c == '\n') {
			pr->err = -EINVAL;
			return;
		}
		if (c == '\\' || c == '#' || c == '"' || c == '{' || c == '}' ||
		    (c == '=' && (p == s || mode == ESC_KEY)))
			put(pr, b, "\\");
		if (!pr->err && tk_buf_addc(b, c) < 0)
			pr->err = -ENOMEM;
	}
	if (q)
		put(pr, b, "\"");
}

static void esc(struct printer *pr, struct tk_buf *b, const char *s, enum esc_mode mode)
{
	esc_q(pr, b, s, mode, false);
}

/* Attribute names that would read back as a keyword of @ctx are quoted. */
static bool key_is_keyword(enum scstcfg_kind ctx, const char *name)
{
	static const char *const kw[] = {
		"HANDLER", "TARGET_DRIVER", "DEVICE_GROUP", "ALUA", "DEVICE", "TARGET",
		"LUN", "GROUP", "HW_TARGET", "INITIATOR", "TARGET_GROUP",
	};
	size_t i;

	if (name[0] == '[')
		return ctx == SCSTCFG_KIND_ROOT;
	for (i = 0; i < TK_ARRAY_SIZE(kw); i++)
		if (strcmp(name, kw[i]) == 0)
			return true;	/* quoting is harmless where it is no keyword */
	(void)ctx;
	return false;
}

static void attr_line(struct printer *pr, struct tk_buf *b, const struct scstcfg_node *n,
		      const char *prefix, const char *name, const char *value)
{
	put(pr, b, prefix);
	/* one pair of quotes, also for a keyword-like name with a blank */
	esc_q(pr, b, name, ESC_KEY, key_is_keyword((enum scstcfg_kind)n->kind, name));
	if (value[0]) {
		put(pr, b, " ");
		esc(pr, b, value, ESC_VALUE);
	}
	put(pr, b, "\n");
}

/* serializeKeyAttr: one line per value, names then values sorted. */
static void attrs(struct printer *pr, struct tk_buf *b, const struct scstcfg_node *n,
		  const char *prefix)
{
	struct scstcfg_attr **v;
	size_t i, cnt;

	if (pr->err)
		return;
	if (node_sorted_attrs(n, &v, &cnt) < 0) {
		pr->err = -ENOMEM;
		return;
	}
	for (i = 0; i < cnt; i++)
		attr_line(pr, b, n, prefix, v[i]->name, v[i]->value);
	free(v);
}

/* -nonkey (scstcfg_model_set_nonkey()): "<prefix># Non-key attributes" and
 * the lines, after a blank line when NK_GAP and @b has text, followed by
 * one when NK_BLANK.  Return: whether there were lines. */
#define NK_GAP 0x1u
#define NK_BLANK 0x2u
static bool nonkey(struct printer *pr, struct tk_buf *b, const struct scstcfg_node *n,
		   const char *prefix, unsigned int how)
{
	struct scstcfg_nonkey nk = { 0 };
	size_t i;
	int r;

	if (pr->err || !pr->m || !pr->m->nk_get)
		return false;
	r = pr->m->nk_get(pr->m->nk_priv, n, &nk);
	if (r < 0)
		pr->err = r;
	if (r < 0 || !nk.count)
		return false;
	if ((how & NK_GAP) && b->len)
		put(pr, b, "\n");
	put(pr, b, prefix);
	put(pr, b, "# Non-key attributes\n");
	for (i = 0; i < nk.count; i++)
		attr_line(pr, b, n, prefix, nk.names[i], nk.values[i]);
	if (how & NK_BLANK)
		put(pr, b, "\n");
	return true;
}

static struct scstcfg_node **kids(struct printer *pr, const struct scstcfg_node *n,
				  enum scstcfg_kind kind, size_t *cnt)
{
	struct scstcfg_node **v = NULL;

	*cnt = 0;
	if (!pr->err && node_sorted_kids(n, kind, &v, cnt) < 0)
		pr->err = -ENOMEM;
	return v;
}

static void lun_line(struct printer *pr, struct tk_buf *b, const struct scstcfg_node *l,
		     const char *indent, const char *attr_indent, const char *close)
{
	struct tk_buf la = TK_BUF_INIT;
	char num[32];

	snprintf(num, sizeof(num), "%llu ", (unsigned long long)l->lun);
	put(pr, b, indent);
	put(pr, b, "LUN ");
	put(pr, b, num);
	esc(pr, b, l->name, ESC_VALUE);
	attrs(pr, &la, l, attr_indent);
	nonkey(pr, &la, l, attr_indent, 0);
	if (la.len) {
		put(pr, b, " {\n");
		putb(pr, b, &la);
		put(pr, b, close);
	} else {
		put(pr, b, "\n");
	}
	tk_buf_free(&la);
}

static void print_handlers(struct printer *pr, struct tk_buf *out, const struct scstcfg_node *root)
{
	struct tk_buf hb = TK_BUF_INIT, db = TK_BUF_INIT, ab = TK_BUF_INIT;
	struct scstcfg_node **hv, **dv;
	size_t i, j, nh, nd;

	hv = kids(pr, root, SCSTCFG_KIND_HANDLER, &nh);
	for (i = 0; i < nh && !pr->err; i++) {
		tk_buf_reset(&hb);
		tk_buf_reset(&db);
		attrs(pr, &hb, hv[i], "\t");
		dv = kids(pr, hv[i], SCSTCFG_KIND_DEVICE, &nd);
		for (j = 0; j < nd && !pr->err; j++) {
			put(pr, &db, "\tDEVICE ");
			esc(pr, &db, dv[j]->name, ESC_VALUE);
			tk_buf_reset(&ab);
			attrs(pr, &ab, dv[j], "\t\t");
			nonkey(pr, &ab, dv[j], "\t\t", NK_GAP);
			if (ab.len) {
				put(pr, &db, " {\n");
				putb(pr, &db, &ab);
				put(pr, &db, "\t}\n\n");
			} else {
				put(pr, &db, "\n");
			}
		}
		free(dv);
		nl_collapse(&db, 1);
		putb(pr, &hb, &db);
		nonkey(pr, &hb, hv[i], "\t", 0);
		if (hb.len) {
			put(pr, out, "HANDLER ");
			esc(pr, out, hv[i]->name, ESC_VALUE);
			put(pr, out, " {\n");
			putb(pr, out, &hb);
			put(pr, out, "}\n\n");
		}
	}
	free(hv);
	tk_buf_free(&hb);
	tk_buf_free(&db);
	tk_buf_free(&ab);
}

static void print_group(struct printer *pr, struct tk_buf *gb, const struct scstcfg_node *g)
{
	struct tk_buf lb = TK_BUF_INIT, ib = TK_BUF_INIT, ab = TK_BUF_INIT, ia = TK_BUF_INIT;
	struct scstcfg_node **v;
	size_t i, n;

	put(pr, gb, "\t\tGROUP ");
	esc(pr, gb, g->name, ESC_VALUE);
	v = kids(pr, g, SCSTCFG_KIND_LUN, &n);
	for (i = 0; i < n; i++)
		lun_line(pr, &lb, v[i], "\t\t\t", "\t\t\t\t", "\t\t\t}\n");
	free(v);
	v = kids(pr, g, SCSTCFG_KIND_INITIATOR, &n);
	for (i = 0; i < n; i++) {
		put(pr, &ib, "\n\t\t\tINITIATOR ");
		esc(pr, &ib, v[i]->name, ESC_VALUE);
		tk_buf_reset(&ia);
		attrs(pr, &ia, v[i], "\t\t\t\t");
		nonkey(pr, &ia, v[i], "\t\t\t\t", 0);
		if (ia.len) {
			put(pr, &ib, " {\n");
			putb(pr, &ib, &ia);
			put(pr, &ib, "\t\t\t}\n");
		} else {
			put(pr, &ib, "\n");
		}
	}
	free(v);
	attrs(pr, &ab, g, "\t\t\t");
	nonkey(pr, &ab, g, "\t\t\t", NK_GAP);
	if (lb.len || ib.len || ab.len) {
		put(pr, gb, " {\n");
		putb(pr, gb, &lb);
		putb(pr, gb, &ib);
		if (ab.len) {
			put(pr, gb, "\n");
			putb(pr, gb, &ab);
		}
		put(pr, gb, "\t\t}\n\n");
		nl_collapse(gb, 1);
	}
	put(pr, gb, "\n");
	tk_buf_free(&lb);
	tk_buf_free(&ib);
	tk_buf_free(&ab);
	tk_buf_free(&ia);
}

static void print_target(struct printer *pr, struct tk_buf *tb, const struct scstcfg_node *t)
{
	struct tk_buf ab = TK_BUF_INIT, lb = TK_BUF_INIT, gb = TK_BUF_INIT;
	struct scstcfg_node **v;
	size_t i, n;

	put(pr, tb, "\tTARGET ");
	esc(pr, tb, t->name, ESC_VALUE);
	if (t->flags & NODE_HW)
		put(pr, &ab, "\t\tHW_TARGET\n\n");
	attrs(pr, &ab, t, "\t\t");
	if (ab.len)
		put(pr, &ab, "\n");
	nonkey(pr, &ab, t, "\t\t", NK_BLANK);
	v = kids(pr, t, SCSTCFG_KIND_LUN, &n);
	for (i = 0; i < n; i++)
		lun_line(pr, &lb, v[i], "\t\t", "\t\t\t", "\t\t}\n\n");
	free(v);
	if (lb.len)
		put(pr, &lb, "\n");
	nl_collapse(&lb, 2);
	v = kids(pr, t, SCSTCFG_KIND_GROUP, &n);
	for (i = 0; i < n; i++)
		print_group(pr, &gb, v[i]);
	free(v);
	if (ab.len || lb.len || gb.len) {
		put(pr, tb, " {\n");
		putb(pr, tb, &ab);
		putb(pr, tb, &lb);
		putb(pr, tb, &gb);
		nl_drop_one(tb);
		put(pr, tb, "\t}\n\n");
	} else {
		put(pr, tb, "\n");
	}
	tk_buf_free(&ab);
	tk_buf_free(&lb);
	tk_buf_free(&gb);
}

static void print_drivers(struct printer *pr, struct tk_buf *out, const struct scstcfg_node *root)
{
	struct tk_buf db = TK_BUF_INIT;
	struct scstcfg_node **dv, **tv;
	size_t i, j, nd, nt;

	dv = kids(pr, root, SCSTCFG_KIND_DRIVER, &nd);
	for (i = 0; i < nd && !pr->err; i++) {
		tk_buf_reset(&db);
		attrs(pr, &db, dv[i], "\t");
		if (db.len)
			put(pr, &db, "\n");
		nonkey(pr, &db, dv[i], "\t", NK_BLANK);
		tv = kids(pr, dv[i], SCSTCFG_KIND_TARGET, &nt);
		for (j = 0; j < nt; j++)
			print_target(pr, &db, tv[j]);
		free(tv);
		nl_drop_one(&db);
		if (db.len) {
			put(pr, out, "TARGET_DRIVER ");
			esc(pr, out, dv[i]->name, ESC_VALUE);
			put(pr, out, " {\n");
			putb(pr, out, &db);
			put(pr, out, "}\n\n");
		}
	}
	free(dv);
	tk_buf_free(&db);
}

static void print_tgroup(struct printer *pr, struct tk_buf *tgb, const struct scstcfg_node *tg)
{
	struct tk_buf ab = TK_BUF_INIT, tb = TK_BUF_INIT, ta = TK_BUF_INIT;
	struct scstcfg_node **v;
	size_t i, n;

	put(pr, tgb, "\tTARGET_GROUP ");
	esc(pr, tgb, tg->name, ESC_VALUE);
	attrs(pr, &ab, tg, "\t\t");
	if (ab.len)
		put(pr, &ab, "\n");
	nonkey(pr, &ab, tg, "\t\t", NK_BLANK);
	v = kids(pr, tg, SCSTCFG_KIND_TG_TARGET, &n);
	for (i = 0; i < n; i++) {
		put(pr, &tb, "\t\tTARGET ");
		esc(pr, &tb, v[i]->name, ESC_VALUE);
		tk_buf_reset(&ta);
		attrs(pr, &ta, v[i], "\t\t\t");
		nonkey(pr, &ta, v[i], "\t\t\t", 0);
		if (ta.len) {
			put(pr, &tb, " {\n");
			putb(pr, &tb, &ta);
			put(pr, &tb, "\t\t}\n");
		} else {
			put(pr, &tb, "\n");
		}
	}
	free(v);
	if (ab.len || tb.len) {
		put(pr, tgb, " {\n");
		putb(pr, tgb, &ab);
		putb(pr, tgb, &tb);
		nl_drop_one(tgb);
		put(pr, tgb, "\t}\n\n");
	} else {
		put(pr, tgb, "\n");
	}
	tk_buf_free(&ab);
	tk_buf_free(&tb);
	tk_buf_free(&ta);
}

static void print_dgroups(struct printer *pr, struct tk_buf *out, const struct scstcfg_node *root)
{
	struct tk_buf db = TK_BUF_INIT;
	struct scstcfg_node **dv, **v;
	size_t i, j, nd, n;

	dv = kids(pr, root, SCSTCFG_KIND_DGROUP, &nd);
	for (i = 0; i < nd && !pr->err; i++) {
		tk_buf_reset(&db);
		attrs(pr, &db, dv[i], "\t");
		if (db.len)
			put(pr, &db, "\n");
		nonkey(pr, &db, dv[i], "\t", NK_BLANK);
		v = kids(pr, dv[i], SCSTCFG_KIND_DG_DEVICE, &n);
		for (j = 0; j < n; j++) {
			put(pr, &db, "\tDEVICE ");
			esc(pr, &db, v[j]->name, ESC_VALUE);
			put(pr, &db, "\n");
		}
		if (n)
			put(pr, &db, "\n");
		free(v);
		v = kids(pr, dv[i], SCSTCFG_KIND_TGROUP, &n);
		for (j = 0; j < n; j++)
			print_tgroup(pr, &db, v[j]);
		free(v);
		nl_drop_one(&db);
		/* Perl drops an empty device group; we keep it (it creates the group) */
		put(pr, out, "DEVICE_GROUP ");
		esc(pr, out, dv[i]->name, ESC_VALUE);
		put(pr, out, " {\n");
		putb(pr, out, &db);
		put(pr, out, "}\n\n");
	}
	free(dv);
	tk_buf_free(&db);
}

int print_model(const struct scstcfg_model *m, unsigned int flags, struct tk_buf *out)
{
	struct printer pr = { 0, m };
	struct tk_buf core = TK_BUF_INIT, alua = TK_BUF_INIT;

	if (!(flags & SCSTCFG_PRINT_NO_HEADER))
		put(&pr, out, SCSTCFG_PRINT_HEADER "\n\n");
	attrs(&pr, &core, m->root, "");
	nonkey(&pr, &core, m->root, "", 0);
	putb(&pr, out, &core);
	if (!(flags & SCSTCFG_PRINT_NO_HEADER) || core.len)
		put(&pr, out, "\n");
	tk_buf_free(&core);
	print_handlers(&pr, out, m->root);
	print_drivers(&pr, out, m->root);
	attrs(&pr, &alua, m->alua, "\t");
	nonkey(&pr, &alua, m->alua, "\t", 0);
	if (alua.len) {
		put(&pr, out, "ALUA {\n");
		putb(&pr, out, &alua);
		put(&pr, out, "}\n\n");
	}
	tk_buf_free(&alua);
	print_dgroups(&pr, out, m->root);
	return pr.err;
}

SCSTCFG_PUBLIC void scstcfg_model_set_nonkey(struct scstcfg_model *m,
					     int (*get)(void *priv, const struct scstcfg_node *n,
							struct scstcfg_nonkey *out),
					     void *priv)
{
	m->nk_get = get;
	m->nk_priv = priv;
}

SCSTCFG_PUBLIC int scstcfg_model_print(const struct scstcfg_model *m, unsigned int flags,
				       char **out, size_t *len)
{
	struct tk_buf b = TK_BUF_INIT;
	int r = print_model(m, flags, &b);

	if (r < 0) {
		tk_buf_free(&b);
		return r;
	}
	if (len)
		*len = b.len;
	*out = tk_buf_steal(&b);
	return *out ? 0 : -ENOMEM;
}

SCSTCFG_PUBLIC int scstcfg_model_print_file(const struct scstcfg_model *m, unsigned int flags,
					    FILE *f)
{
	struct tk_buf b = TK_BUF_INIT;
	int r = print_model(m, flags, &b);

	if (r == 0 && b.len && fwrite(b.data, 1, b.len, f) != b.len)
		r = -EIO;
	tk_buf_free(&b);
	return r;
}

SCSTCFG_PUBLIC int scstcfg_model_write_file(struct scstcfg_ctx *ctx,
					    const struct scstcfg_model *m, unsigned int flags,
					    const char *path)
{
	struct tk_buf b = TK_BUF_INIT;
	int r = print_model(m, flags, &b);

	if (r == 0)
		r = tk_file_write_atomic(path, b.data ? b.data : "", b.len,
					 scstcfg_model_has_secrets(m) ? 0600 : 0644);
	if (r < 0)
		ctx_set_error(ctx, "Failed to save configuration to file '%s': %s", path,
			      scstcfg_strerror(r));
	tk_buf_free(&b);
	return r;
}
