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

/* Perl's "<attrs>\n<non-key attributes>\n": an object's own attributes as a paragraph. */
static void attrs_para(struct printer *pr, struct tk_buf *b, const struct scstcfg_node *n,
		       const char *prefix)
{
	attrs(pr, b, n, prefix);
	if (b->len)
		put(pr, b, "\n");
	nonkey(pr, b, n, prefix, NK_BLANK);
}

/* " {\n", @body and @close after an object's head, or "\n" for an empty @body. */
static void block(struct printer *pr, struct tk_buf *b, const struct tk_buf *body,
		  const char *close)
{
	if (body->len) {
		put(pr, b, " {\n");
		putb(pr, b, body);
		put(pr, b, close);
	} else {
		put(pr, b, "\n");
	}
}

/* A top-level "<kw> <name> {\n<body>}\n\n"; ALUA has no name. */
static void top_block(struct printer *pr, struct tk_buf *out, const char *kw, const char *name,
		      const struct tk_buf *body)
{
	put(pr, out, kw);
	if (name) {
		put(pr, out, " ");
		esc(pr, out, name, ESC_VALUE);
	}
	put(pr, out, " {\n");
	putb(pr, out, body);
	put(pr, out, "}\n\n");
}

/* An object without children: "<head><name>" and a block of its attributes. */
static void leaf(struct printer *pr, struct tk_buf *b, const char *head,
		 const struct scstcfg_node *n, const char *attr_indent, unsigned int nk_how,
		 const char *close)
{
	struct tk_buf ab = TK_BUF_INIT;

	put(pr, b, head);
	esc(pr, b, n->name, ESC_VALUE);
	attrs(pr, &ab, n, attr_indent);
	nonkey(pr, &ab, n, attr_indent, nk_how);
	block(pr, b, &ab, close);
	tk_buf_free(&ab);
}

static void lun_line(struct printer *pr, struct tk_buf *b, const struct scstcfg_node *l,
		     const char *indent, const char *attr_indent, const char *close)
{
	char head[64];

	snprintf(head, sizeof(head), "%sLUN %llu ", indent, (unsigned long long)l->lun);
	leaf(pr, b, head, l, attr_indent, 0, close);
}

static void print_handlers(struct printer *pr, struct tk_buf *out, const struct scstcfg_node *root)
{
	struct tk_buf hb = TK_BUF_INIT, db = TK_BUF_INIT;
	struct scstcfg_node **hv, **dv;
	size_t i, j, nh, nd;

	hv = kids(pr, root, SCSTCFG_KIND_HANDLER, &nh);
	for (i = 0; i < nh && !pr->err; i++) {
		tk_buf_reset(&hb);
		tk_buf_reset(&db);
		attrs(pr, &hb, hv[i], "\t");
		dv = kids(pr, hv[i], SCSTCFG_KIND_DEVICE, &nd);
		for (j = 0; j < nd && !pr->err; j++)
			leaf(pr, &db, "\tDEVICE ", dv[j], "\t\t", NK_GAP, "\t}\n\n");
		free(dv);
		nl_collapse(&db, 1);
		putb(pr, &hb, &db);
		nonkey(pr, &hb, hv[i], "\t", 0);
		if (hb.len)
			top_block(pr, out, "HANDLER", hv[i]->name, &hb);
	}
	free(hv);
	tk_buf_free(&hb);
	tk_buf_free(&db);
}

static void print_group(struct printer *pr, struct tk_buf *gb, const struct scstcfg_node *g)
{
	struct tk_buf lb = TK_BUF_INIT, ab = TK_BUF_INIT;
	struct scstcfg_node **v;
	size_t i, n;

	put(pr, gb, "\t\tGROUP ");
	esc(pr, gb, g->name, ESC_VALUE);
	v = kids(pr, g, SCSTCFG_KIND_LUN, &n);
	for (i = 0; i < n; i++)
		lun_line(pr, &lb, v[i], "\t\t\t", "\t\t\t\t", "\t\t\t}\n");
	free(v);
	v = kids(pr, g, SCSTCFG_KIND_INITIATOR, &n);
	for (i = 0; i < n; i++)
		leaf(pr, &lb, "\n\t\t\tINITIATOR ", v[i], "\t\t\t\t", 0, "\t\t\t}\n");
	free(v);
	attrs(pr, &ab, g, "\t\t\t");
	nonkey(pr, &ab, g, "\t\t\t", NK_GAP);
	if (ab.len) {
		put(pr, &lb, "\n");
		putb(pr, &lb, &ab);
	}
	block(pr, gb, &lb, "\t\t}\n\n");
	tk_buf_free(&lb);
	tk_buf_free(&ab);
}

static void print_target(struct printer *pr, struct tk_buf *tb, const struct scstcfg_node *t)
{
	struct tk_buf ab = TK_BUF_INIT, lb = TK_BUF_INIT;
	struct scstcfg_node **v;
	size_t i, n;

	put(pr, tb, "\tTARGET ");
	esc(pr, tb, t->name, ESC_VALUE);
	if (t->flags & NODE_HW)
		put(pr, &ab, "\t\tHW_TARGET\n\n");
	attrs_para(pr, &ab, t, "\t\t");
	v = kids(pr, t, SCSTCFG_KIND_LUN, &n);
	for (i = 0; i < n; i++)
		lun_line(pr, &lb, v[i], "\t\t", "\t\t\t", "\t\t}\n\n");
	free(v);
	if (lb.len)
		put(pr, &lb, "\n");
	nl_collapse(&lb, 2);
	putb(pr, &ab, &lb);
	v = kids(pr, t, SCSTCFG_KIND_GROUP, &n);
	for (i = 0; i < n; i++)
		print_group(pr, &ab, v[i]);
	free(v);
	nl_drop_one(&ab);
	block(pr, tb, &ab, "\t}\n\n");
	tk_buf_free(&ab);
	tk_buf_free(&lb);
}

static void print_drivers(struct printer *pr, struct tk_buf *out, const struct scstcfg_node *root)
{
	struct tk_buf db = TK_BUF_INIT;
	struct scstcfg_node **dv, **tv;
	size_t i, j, nd, nt;

	dv = kids(pr, root, SCSTCFG_KIND_DRIVER, &nd);
	for (i = 0; i < nd && !pr->err; i++) {
		tk_buf_reset(&db);
		attrs_para(pr, &db, dv[i], "\t");
		tv = kids(pr, dv[i], SCSTCFG_KIND_TARGET, &nt);
		for (j = 0; j < nt; j++)
			print_target(pr, &db, tv[j]);
		free(tv);
		nl_drop_one(&db);
		if (db.len)
			top_block(pr, out, "TARGET_DRIVER", dv[i]->name, &db);
	}
	free(dv);
	tk_buf_free(&db);
}

static void print_tgroup(struct printer *pr, struct tk_buf *tgb, const struct scstcfg_node *tg)
{
	struct tk_buf ab = TK_BUF_INIT;
	struct scstcfg_node **v;
	size_t i, n;

	put(pr, tgb, "\tTARGET_GROUP ");
	esc(pr, tgb, tg->name, ESC_VALUE);
	attrs_para(pr, &ab, tg, "\t\t");
	v = kids(pr, tg, SCSTCFG_KIND_TG_TARGET, &n);
	for (i = 0; i < n; i++)
		leaf(pr, &ab, "\t\tTARGET ", v[i], "\t\t\t", 0, "\t\t}\n");
	free(v);
	nl_drop_one(&ab);
	block(pr, tgb, &ab, "\t}\n\n");
	tk_buf_free(&ab);
}

static void print_dgroups(struct printer *pr, struct tk_buf *out, const struct scstcfg_node *root)
{
	struct tk_buf db = TK_BUF_INIT;
	struct scstcfg_node **dv, **v;
	size_t i, j, nd, n;

	dv = kids(pr, root, SCSTCFG_KIND_DGROUP, &nd);
	for (i = 0; i < nd && !pr->err; i++) {
		tk_buf_reset(&db);
		attrs_para(pr, &db, dv[i], "\t");
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
		top_block(pr, out, "DEVICE_GROUP", dv[i]->name, &db);
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
	if (alua.len)
		top_block(&pr, out, "ALUA", NULL, &alua);
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
