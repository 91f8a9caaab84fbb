// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * scst.conf lexer and parser (spec scstadmin.md §1).
 *
 * Lexical rules.  Spec §1.1 describes Perl's lexer; we keep its meaning for
 * well-formed files and fix the quirks that lose data:
 *  - Comments (§1.1.1): an unescaped '#' outside a quoted token starts a
 *    comment that runs to the end of the line.  Perl also deletes the
 *    character *before* the '#' ("foo#x" gives "fo") and cuts inside quotes;
 *    an admin writing "foo # comment" means "foo", and "foo#x" means "foo",
 *    so we keep that character, and '#' inside "..." is literal.  Write a
 *    literal '#' elsewhere as "\#" (as Perl).
 *  - Escapes (§1.1.3): "\X" stands for X, everywhere.  Perl unescapes before
 *    tokenising, so "\"" and "\{" still act as quote and brace there; here an
 *    escaped character is always literal, which lets the printer write any
 *    value.  A backslash at the end of a line is kept as a backslash.
 *  - Tokens (§1.1.5): "quoted" (quotes removed, blanks kept; only when the
 *    closing quote is on the same line, otherwise '"' is an ordinary
 *    character) or a run of non-blank characters, ending at a blank, a
 *    brace or a comment.  Blanks are space, tab, CR, VT and FF, so CRLF
 *    files work.
 *  - Braces (§1.1.4): '{' opens a block whose header is the statement
 *    before it on the same line or, when it starts a line, the statement
 *    of the previous non-blank line.  '}' first ends the statement before it
 *    on the same line (Perl drops it), then closes the block; what follows
 *    on the line belongs to the parent again.
 *  - "key=value" is read as "key value" (spec §7 item 15), also
 *    "key = value" and "key =value".
 *  - A NUL byte anywhere (even in a comment) is an error at its position,
 *    and reading stops there: Perl would cut the name or value at it.
 *
 * Speed (bench/parse): one pass over the text, no per-line memchr; words are
 * scanned 16 bytes at a time (SSE2) for the bytes that can end them, and the
 * text's final NUL (buf[len]) is the sentinel that ends every loop.
 *
 * Tokens are unescaped in place inside the model's copy of the text, so a
 * parsed model costs no string copies (see internal.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

enum tok_type { TOK_WORD, TOK_OPEN, TOK_CLOSE };

struct tok {
	char *s;
	uint32_t col;
	int32_t eq;		/* offset of the first unescaped '=' (unquoted words), or -1;
				 * 0: the word starts with an unescaped '=' */
	uint8_t type;
	uint8_t quoted;
};

/* What a statement created; kept until the next token for a '{' on the next line. */
struct pending {
	bool valid;
	struct scstcfg_node *node;	/* block target, or NULL */
	const char *attr;		/* the statement was an attribute line */
	bool ignore;			/* a block here is skipped (already diagnosed) */
	uint32_t line, col;
};

struct frame {
	struct scstcfg_node *node;	/* NULL: ignored block */
	struct scstcfg_attr *tail;	/* last attribute line of node */
	uint64_t names;			/* name_bit() of every attribute name of node */
	uint32_t line, col;		/* of the '{' */
	struct pending pending;
};

struct parser {
	struct scstcfg_model *m;
	struct scstcfg_diags *diags;
	struct scstcfg_ctx *ctx;
	const char *file;
	size_t nerrors;
	size_t first_diag;
	uint32_t line;
	unsigned long statements;
	struct frame *stack;
	size_t depth, cap;
	struct tok *toks;
	size_t ntok, tokcap;
	size_t nbraces;		/* brace tokens among them */
	int oom;
	int stop;		/* a NUL byte: the rest of the text is not read */
};

__attribute__((format(printf, 5, 6)))
static void diag(struct parser *ps, enum scstcfg_severity sev, uint32_t line, uint32_t col,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (diag_report(ps->ctx, ps->diags, &ps->nerrors, sev, ps->file, line, col, fmt, ap) < 0)
		ps->oom = 1;
	va_end(ap);
}

#define perr(ps, line, col, ...) diag(ps, SCSTCFG_ERROR, line, col, __VA_ARGS__)
#define pwarn(ps, line, col, ...) diag(ps, SCSTCFG_WARNING, line, col, __VA_ARGS__)

/*
 * One of 64 bits for an attribute name, from its first four bytes: a block
 * whose names have distinct bits needs no search for a duplicate line.
 */
static inline uint64_t name_bit(const char *s)
{
	uint32_t h = (unsigned char)s[0];

	if (s[0] && s[1]) {
		h = h * 31 + (unsigned char)s[1];
		if (s[2])
			h = h * 31 + (unsigned char)s[2] * 7 + (unsigned char)s[3];
	}
	return 1ull << ((h * 0x9e3779b1u) >> 26);
}

static struct frame *top(struct parser *ps)
{
	return &ps->stack[ps->depth - 1];
}

static int push(struct parser *ps, struct scstcfg_node *node, uint32_t line, uint32_t col)
{
	struct frame *f;

	if (ps->depth == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;

		f = realloc(ps->stack, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		ps->stack = f;
		ps->cap = cap;
	}
	f = &ps->stack[ps->depth++];
	memset(f, 0, sizeof(*f));
	f->node = node;
	f->line = line;
	f->col = col;
	if (node)
		for (f->tail = node->attrs; f->tail; f->tail = f->tail->next) {
			f->names |= name_bit(f->tail->name);
			if (!f->tail->next)
				break;
		}
	return 0;
}

/* ---- statements ----------------------------------------------------- */

static void add_attr(struct parser *ps, struct frame *f, struct tok *name, const char *value)
{
	struct scstcfg_node *n = f->node;
	uint64_t bit = name_bit(name->s);
	struct scstcfg_attr *a;

	for (a = (f->names & bit) ? n->attrs : NULL; a; a = a->next) {
		if (a->name[0] == name->s[0] && strcmp(a->name, name->s) == 0 &&
		    strcmp(a->value, value) == 0) {
			pwarn(ps, ps->line, name->col,
			      "duplicate value of attribute '%s' (first at line %u) ignored",
			      name->s, a->line);
			return;
		}
	}
	a = attr_new(ps->m, name->s, value);
	if (!a) {
		ps->oom = 1;
		return;
	}
	a->line = ps->line;
	a->col = name->col;
	f->names |= bit;
	if (f->tail)
		f->tail->next = a;
	else
		n->attrs = a;
	f->tail = a;
}

static void dup_warning(struct parser *ps, struct scstcfg_node *old, const struct tok *t)
{
	if (old->kind == SCSTCFG_KIND_LUN)
		pwarn(ps, ps->line, t->col,
		      "duplicate LUN %llu (first at line %u): the last definition wins",
		      (unsigned long long)old->lun, old->line);
	else if (old->kind == SCSTCFG_KIND_ALUA)
		pwarn(ps, ps->line, t->col,
		      "duplicate ALUA section (first at line %u): the last definition wins",
		      old->line);
	else
		pwarn(ps, ps->line, t->col,
		      "duplicate %s '%s' (first at line %u): the last definition wins",
		      kind_keyword(old->kind), old->name, old->line);
}

/* Finds or creates a named child; duplicates are reset (spec §1.1.6: last wins). */
static struct scstcfg_node *named_child(struct parser *ps, struct scstcfg_node *parent,
					enum scstcfg_kind kind, struct tok *kw, struct tok *name)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, kind);
	struct scstcfg_node *n;
	uint64_t h = 0;

	if (kind == SCSTCFG_KIND_DEVICE) {
		h = name_hash(name->s);
		n = model_find_device_hashed(ps->m, name->s, h);
		if (n && n->parent != parent) {
			perr(ps, ps->line, name->col,
			     "device '%s' is already defined in HANDLER '%s' at line %u",
			     name->s, n->parent->name, n->line);
			return NULL;
		}
	} else {
		n = scstcfg_node_find(parent, kind, name->s);
	}
	if (n) {
		dup_warning(ps, n, kw);
		node_reset(n);
	} else {
		n = node_new(ps->m, kind, name->s);
		if (!n) {
			ps->oom = 1;
			return NULL;
		}
		n->parent = parent;
		kids_append(&parent->k[slot], n);
		if (kids_index_insert(&parent->k[slot], n) < 0 ||
		    (kind == SCSTCFG_KIND_DEVICE && model_dev_index_add_hashed(ps->m, n, h) < 0)) {
			ps->oom = 1;
			return NULL;
		}
	}
	n->line = ps->line;
	n->col = name->col;
	return n;
}

static bool parse_lun_number(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static struct scstcfg_node *lun_stmt(struct parser *ps, struct scstcfg_node *parent,
				     struct tok *t, size_t n)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, SCSTCFG_KIND_LUN);
	struct scstcfg_node *l;
	uint64_t num;

	if (n < 2) {
		perr(ps, ps->line, t[0].col, "LUN needs a number and a device name");
		return NULL;
	}
	if (!parse_lun_number(t[1].s, &num)) {
		perr(ps, ps->line, t[1].col, "invalid LUN number '%s' (expected decimal digits)",
		     t[1].s);
		return NULL;
	}
	if (n < 3) {
		perr(ps, ps->line, t[0].col, "LUN %s needs a device name", t[1].s);
		return NULL;
	}
	if (n > 3)
		pwarn(ps, ps->line, t[3].col, "extra text '%s' after LUN %s %s ignored",
		      t[3].s, t[1].s, t[2].s);
	l = scstcfg_lun_find(parent, num);
	if (l && strcmp(l->name, t[2].s) != 0) {
		const struct scstcfg_node *tgt = parent, *grp = NULL;

		if (parent->kind == SCSTCFG_KIND_GROUP) {
			grp = parent;
			tgt = parent->parent;
		}
		perr(ps, ps->line, t[2].col,
		     "Driver/target/group/lun %s/%s/%s/%llu has multiple devices assigned: '%s' (line %u) and '%s'",
		     tgt->parent->name, tgt->name, grp ? grp->name : "",
		     (unsigned long long)num, l->name, l->line, t[2].s);
		return NULL;
	}
	if (l) {
		dup_warning(ps, l, &t[0]);
		node_reset(l);
	} else {
		l = node_new(ps->m, SCSTCFG_KIND_LUN, t[2].s);
		if (!l) {
			ps->oom = 1;
			return NULL;
		}
		l->lun = num;
		l->parent = parent;
		kids_append(&parent->k[slot], l);
		if (kids_index_insert(&parent->k[slot], l) < 0) {
			ps->oom = 1;
			return NULL;
		}
	}
	l->line = ps->line;
	l->col = t[0].col;
	return l;
}

/* "key=value", "key = value", "key =value" -> "key value" (spec §7 item 15). */
static size_t split_equals(struct tok *t, size_t n, size_t max)
{
	if (n >= 1 && t[0].eq > 0) {
		char *v = t[0].s + t[0].eq + 1;
		uint32_t vcol = t[0].col + (uint32_t)t[0].eq + 1;

		t[0].s[t[0].eq] = '\0';
		if (*v || n == 1) {
			if (n == max)
				n--;	/* only the first tokens matter; counts stay >= 3 */
			memmove(&t[2], &t[1], (n - 1) * sizeof(*t));
			t[1] = (struct tok){ .s = v, .col = vcol, .eq = -1, .type = TOK_WORD };
			n++;
		}
		return n;
	}
	if (n >= 2 && t[1].eq == 0) {
		if (t[1].s[1]) {
			t[1].s++;
			t[1].col++;
		} else {
			memmove(&t[1], &t[2], (n - 2) * sizeof(*t));
			n--;
		}
	}
	return n;
}

enum keyword {
	KW_NONE, KW_HANDLER, KW_TARGET_DRIVER, KW_DEVICE_GROUP, KW_ALUA, KW_DEVICE, KW_TARGET,
	KW_LUN, KW_GROUP, KW_HW_TARGET, KW_INITIATOR, KW_TARGET_GROUP,
};

/* The keyword @w spells, or KW_NONE (one compare at most). */
static enum keyword keyword(const char *w)
{
	switch (w[0]) {	/* keywords are upper case */
	case 'A':
		return strcmp(w, "ALUA") ? KW_NONE : KW_ALUA;
	case 'D':
		if (w[1] == 'E' && w[2] == 'V' && w[3] == 'I' && w[4] == 'C' && w[5] == 'E') {
			if (!w[6])
				return KW_DEVICE;
			return strcmp(w + 6, "_GROUP") ? KW_NONE : KW_DEVICE_GROUP;
		}
		return KW_NONE;
	case 'G':
		return strcmp(w, "GROUP") ? KW_NONE : KW_GROUP;
	case 'H':
		if (w[1] == 'A')
			return strcmp(w, "HANDLER") ? KW_NONE : KW_HANDLER;
		return strcmp(w, "HW_TARGET") ? KW_NONE : KW_HW_TARGET;
	case 'I':
		return strcmp(w, "INITIATOR") ? KW_NONE : KW_INITIATOR;
	case 'L':
		return w[1] == 'U' && w[2] == 'N' && !w[3] ? KW_LUN : KW_NONE;
	case 'T':
		if (w[1] != 'A' || w[2] != 'R' || w[3] != 'G' || w[4] != 'E' || w[5] != 'T')
			return KW_NONE;
		if (!w[6])
			return KW_TARGET;
		if (!strcmp(w + 6, "_DRIVER"))
			return KW_TARGET_DRIVER;
		return strcmp(w + 6, "_GROUP") ? KW_NONE : KW_TARGET_GROUP;
	default:
		return KW_NONE;
	}
}

#define KWB(k) (1u << (k))
/* Keywords of each section kind. */
static const unsigned int section_keywords[] = {
	[SCSTCFG_KIND_ROOT] = KWB(KW_HANDLER) | KWB(KW_TARGET_DRIVER) | KWB(KW_DEVICE_GROUP) |
			      KWB(KW_ALUA),
	[SCSTCFG_KIND_HANDLER] = KWB(KW_DEVICE),
	[SCSTCFG_KIND_DRIVER] = KWB(KW_TARGET),
	[SCSTCFG_KIND_TARGET] = KWB(KW_LUN) | KWB(KW_GROUP) | KWB(KW_HW_TARGET),
	[SCSTCFG_KIND_GROUP] = KWB(KW_LUN) | KWB(KW_INITIATOR),
	[SCSTCFG_KIND_DGROUP] = KWB(KW_DEVICE) | KWB(KW_TARGET_GROUP),
	[SCSTCFG_KIND_TGROUP] = KWB(KW_TARGET) | KWB(KW_LUN),
};

static bool is_keyword_in(enum scstcfg_kind ctx, enum keyword kw)
{
	return (unsigned int)ctx < TK_ARRAY_SIZE(section_keywords) &&
	       (section_keywords[ctx] & KWB(kw) & ~KWB(KW_NONE));
}

static enum scstcfg_kind keyword_kind(enum scstcfg_kind ctx, enum keyword kw)
{
	switch (kw) {
	case KW_HANDLER: return SCSTCFG_KIND_HANDLER;
	case KW_TARGET_DRIVER: return SCSTCFG_KIND_DRIVER;
	case KW_DEVICE_GROUP: return SCSTCFG_KIND_DGROUP;
	case KW_GROUP: return SCSTCFG_KIND_GROUP;
	case KW_INITIATOR: return SCSTCFG_KIND_INITIATOR;
	case KW_TARGET_GROUP: return SCSTCFG_KIND_TGROUP;
	case KW_DEVICE:
		return ctx == SCSTCFG_KIND_HANDLER ? SCSTCFG_KIND_DEVICE : SCSTCFG_KIND_DG_DEVICE;
	default:	/* TARGET */
		return ctx == SCSTCFG_KIND_DRIVER ? SCSTCFG_KIND_TARGET : SCSTCFG_KIND_TG_TARGET;
	}
}

/*
 * Processes one statement (tokens t[0..n-1], n >= 1).  Fills *pd with what a
 * following block applies to.
 */
static void statement(struct parser *ps, struct tok *all, size_t nall, struct pending *pd)
{
	struct frame *f = top(ps);
	struct scstcfg_node *parent = f->node, *node = NULL;
	enum scstcfg_kind ctx;
	struct tok tbuf[5], *t = all;
	size_t n = nall < 5 ? nall : 5;
	enum keyword kw;

	memset(pd, 0, sizeof(*pd));
	pd->valid = true;
	pd->line = ps->line;
	pd->col = all[0].col;
	ps->statements++;
	if (!parent) {
		pd->ignore = true;
		return;
	}
	ctx = (enum scstcfg_kind)parent->kind;
	if (t[0].eq > 0 || (n >= 2 && t[1].eq == 0)) {
		/* split_equals() rewrites the tokens: work on a copy */
		memcpy(tbuf, all, n * sizeof(*t));
		t = tbuf;
		n = split_equals(t, n, 5);
	}

	if (ctx == SCSTCFG_KIND_ROOT && t[0].s[0] == '[' && !t[0].quoted &&
	    (!strcmp(t[0].s, "[HANDLER") || !strcmp(t[0].s, "[GROUP") ||
	     !strcmp(t[0].s, "[ASSIGNMENT"))) {
		perr(ps, ps->line, t[0].col,
		     "the deprecated procfs configuration format ('%s ...]') is not supported",
		     t[0].s);
		pd->ignore = true;
		return;
	}
	kw = t[0].quoted ? KW_NONE : keyword(t[0].s);
	if (kw != KW_NONE && is_keyword_in(ctx, kw)) {
		enum scstcfg_kind k;

		if (kw == KW_ALUA) {
			if (n > 1) {
				perr(ps, ps->line, t[1].col, "unexpected '%s' after ALUA", t[1].s);
				pd->ignore = true;
				return;
			}
			if (ps->m->alua->line)
				dup_warning(ps, ps->m->alua, &t[0]);
			node_reset(ps->m->alua);
			ps->m->alua->line = ps->line;
			ps->m->alua->col = t[0].col;
			pd->node = ps->m->alua;
			return;
		}
		if (kw == KW_HW_TARGET) {
			if (n > 1) {
				perr(ps, ps->line, t[1].col, "unexpected '%s' after HW_TARGET",
				     t[1].s);
				pd->ignore = true;
				return;
			}
			parent->flags |= NODE_HW;
			pd->attr = "HW_TARGET";
			return;
		}
		if (kw == KW_LUN) {
			if (ctx == SCSTCFG_KIND_TGROUP) {
				pwarn(ps, ps->line, t[0].col,
				      "LUN lines are not allowed in a TARGET_GROUP (LUNs belong in a TARGET or GROUP); ignored");
				pd->ignore = true;
				return;
			}
			node = lun_stmt(ps, parent, t, n + (nall > 5 ? nall - 5 : 0));
			pd->node = node;
			pd->ignore = !node;
			return;
		}
		k = keyword_kind(ctx, kw);
		if (n < 2) {
			perr(ps, ps->line, t[0].col, "%s needs a name", t[0].s);
			pd->ignore = true;
			return;
		}
		if (n > 2) {
			perr(ps, ps->line, t[2].col, "unexpected '%s' after %s %s", t[2].s, t[0].s,
			     t[1].s);
			pd->ignore = true;
			return;
		}
		if (k == SCSTCFG_KIND_DEVICE && t[1].s[0] == '/' && strncmp(t[1].s, "/dev/", 5) == 0) {
			pwarn(ps, ps->line, t[1].col,
			      "Device '%s' configured for handler '%s' may not contain the full /dev path, please change to '%s'.",
			      t[1].s, parent->name, t[1].s + 5);
			t[1].s += 5;
			t[1].col += 5;
		}
		node = named_child(ps, parent, k, &t[0], &t[1]);
		pd->node = node;
		pd->ignore = !node;
		if (k == SCSTCFG_KIND_DG_DEVICE)
			pd->attr = "DEVICE";	/* a reference takes no block */
		return;
	}
	/* an attribute line: name [value] (spec §1.1.7) */
	if (n > 2) {
		perr(ps, ps->line, t[2].col,
		     "Attribute '%s' has an invalid value (quote a value that contains blanks)",
		     t[0].s);
		pd->ignore = true;
		return;
	}
	add_attr(ps, f, &t[0], n > 1 ? t[1].s : "");
	pd->attr = t[0].s;
}

/*
 * Whether statement() would take @t, the first word of a line, for an
 * attribute name with nothing to split off: not a keyword (they are upper
 * case), not "[..." (the procfs format) and no "key=value".
 */
static inline bool is_plain_name(const struct tok *t)
{
	unsigned char c = (unsigned char)t->s[0];

	return t->eq < 0 && (t->quoted || ((c < 'A' || c > 'Z') && c != '['));
}

/* statement() for "name [value]" in an open block (is_plain_name()). */
static void attr_line(struct parser *ps, struct frame *f, struct tok *t, size_t n)
{
	struct pending *pd = &f->pending;

	memset(pd, 0, sizeof(*pd));
	pd->valid = true;
	pd->line = ps->line;
	pd->col = t[0].col;
	ps->statements++;
	add_attr(ps, f, &t[0], n > 1 ? t[1].s : "");
	pd->attr = t[0].s;
}

/* A '{' was seen; @pd describes the statement it belongs to. */
static void open_block(struct parser *ps, const struct pending *pd, uint32_t col)
{
	struct scstcfg_node *node = NULL;

	if (!pd->valid) {
		perr(ps, ps->line, col, "'{' without a section header before it");
	} else if (pd->ignore) {
		/* already diagnosed */
	} else if (pd->node && pd->node->kind == SCSTCFG_KIND_DG_DEVICE) {
		perr(ps, ps->line, col, "a DEVICE reference in a DEVICE_GROUP takes no block");
	} else if (pd->attr) {
		perr(ps, ps->line, col, "Attribute '%s' has an invalid value (it cannot have a block)",
		     pd->attr);
	} else {
		node = pd->node;
	}
	if (push(ps, node, ps->line, col) < 0)
		ps->oom = 1;
}

static void close_block(struct parser *ps, uint32_t col)
{
	if (ps->depth <= 1) {
		perr(ps, ps->line, col, "'}' without a matching '{'");
		return;
	}
	ps->depth--;
	top(ps)->pending.valid = false;
}

/* Runs the statements of one lexed line. */
static void line_statements(struct parser *ps)
{
	struct tok *tk = ps->toks;	/* not changed until the next line is lexed */
	size_t i = 0, start, nt = ps->ntok;

	if (!ps->nbraces) {	/* most lines: one statement, no block */
		struct frame *f = top(ps);

		if (nt && nt <= 2 && f->node && is_plain_name(&tk[0]) && (nt == 1 || tk[1].eq != 0))
			attr_line(ps, f, tk, nt);
		else if (nt)
			statement(ps, tk, nt, &f->pending);
		return;
	}

	while (i < nt) {
		struct frame *f;
		struct pending pd;

		start = i;
		while (i < nt && tk[i].type == TOK_WORD)
			i++;
		f = top(ps);	/* a statement neither opens nor closes blocks */
		if (i > start) {
			statement(ps, &tk[start], i - start, &f->pending);
			if (i < nt && tk[i].type == TOK_OPEN) {
				pd = f->pending;
				f->pending.valid = false;
				open_block(ps, &pd, tk[i].col);
				i++;
				continue;
			}
			if (i == nt)
				continue;	/* end of line: a '{' may follow on a later line */
		}
		if (tk[i].type == TOK_OPEN) {
			/* '{' with nothing before it on this line */
			struct pending prev = f->pending;

			f->pending.valid = false;
			open_block(ps, &prev, tk[i].col);
		} else {
			f->pending.valid = false;
			close_block(ps, tk[i].col);
		}
		i++;
	}
}

static int tok_grow(struct parser *ps)
{
	size_t cap = ps->tokcap ? ps->tokcap * 2 : 32;
	struct tok *t = realloc(ps->toks, cap * sizeof(*t));

	if (!t)
		return -ENOMEM;
	ps->toks = t;
	ps->tokcap = cap;
	return 0;
}

static inline int tok_push(struct parser *ps, char *s, uint32_t col, int32_t eq, enum tok_type type,
			   bool quoted)
{
	struct tok *t;

	if (ps->ntok == ps->tokcap && tok_grow(ps) < 0)
		return -ENOMEM;
	t = &ps->toks[ps->ntok++];
	t->s = s;
	t->col = col;
	t->eq = eq;
	t->type = (uint8_t)type;
	t->quoted = quoted;
	return 0;
}

/*
 * Lexer byte classes inside an unquoted word: 0 continues it, WS_END ends it
 * (a blank, a brace, '#', the line end or a NUL), WS_SPECIAL needs a look
 * ('\\' escapes, the first '=' splits key=value).
 */
#define WS_END 1
#define WS_SPECIAL 2
static const unsigned char word_stop[256] = {
	[' '] = WS_END, ['\t'] = WS_END, ['\r'] = WS_END, ['\v'] = WS_END, ['\f'] = WS_END,
	['\n'] = WS_END, ['\0'] = WS_END, ['{'] = WS_END, ['}'] = WS_END, ['#'] = WS_END,
	['\\'] = WS_SPECIAL, ['='] = WS_SPECIAL,
};

/*
 * First byte at or after @p that may stop a word: a superset of the
 * word_stop bytes (every byte <= 0x20 counts).  @end is the buffer's end,
 * where a NUL always stops.  SSE2 looks at 16 bytes per step; the rest, and
 * other machines, go byte by byte.
 */
static inline const char *word_scan(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i sp = _mm_set1_epi8(0x20), lb = _mm_set1_epi8('{'), rb = _mm_set1_epi8('}');
	const __m128i hs = _mm_set1_epi8('#'), bs = _mm_set1_epi8('\\'), eq = _mm_set1_epi8('=');

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_cmpeq_epi8(_mm_max_epu8(v, sp), sp);	/* v <= 0x20 */
		unsigned int bits;

		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, lb));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, rb));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, hs));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, bs));
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, eq));
		bits = (unsigned int)_mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#endif
	while (!word_stop[(unsigned char)*p])
		p++;
	return p;
}

/*
 * Whether the '\\' at @p escapes the next byte: not at the end of the line
 * (a final CR counts as the line end, as in CRLF files) and never a NUL.
 */
static inline bool escapes(const char *p)
{
	return p[1] != '\0' && p[1] != '\n' && !(p[1] == '\r' && (p[2] == '\n' || p[2] == '\0'));
}

/* Reports the NUL byte at @p on the line starting at @ls; parsing stops. */
static void nul_error(struct parser *ps, const char *ls, const char *p)
{
	perr(ps, ps->line, (uint32_t)(p - ls) + 1,
	     "NUL byte in the file: scst.conf is text, and a NUL would cut a name or value");
	ps->stop = 1;
}

/*
 * Lexes the line starting at @p (@end: the buffer end, where buf[len] is a
 * NUL) in place and returns where the next line starts.  A token points
 * into the text where it starts; escapes and quotes shrink it within its
 * own span, and its NUL goes on the byte that ended it (a blank, brace,
 * quote, '#', the line end or the buffer's final NUL), which has been read
 * before it is overwritten.  A NUL byte inside the text is an error.
 */
static char *lex_line(struct parser *ps, char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;	/* *p, or what a token's NUL replaced */
	char *ls = p;

	ps->ntok = 0;
	ps->nbraces = 0;
	for (;;) {
		uint32_t col;

		while (is_blank(c))
			c = (unsigned char)*++p;
		col = (uint32_t)(p - ls) + 1;
		switch (c) {
		case '\n':
			return p + 1;
		case '\0':
			goto nul;
		case '#':
			goto comment;
		case '{':
		case '}':
			if (tok_push(ps, NULL, col, -1, c == '{' ? TOK_OPEN : TOK_CLOSE, false) < 0)
				goto oom;
			ps->nbraces++;
			c = (unsigned char)*++p;
			continue;
		case '"': {
			char *q = p + 1, *s = q;
			bool esc = false;

			while (*q != '"' && *q != '\n' && *q != '\0') {
				if (*q == '\\' && escapes(q)) {
					esc = true;
					q++;
				}
				q++;
			}
			if (*q != '"')
				break;	/* no closing quote on this line: an ordinary character */
			if (esc) {
				char *w = s;

				for (p = s; p < q; p++) {
					if (*p == '\\' && p + 1 < q)
						p++;
					*w++ = *p;
				}
				*w = '\0';
			} else {
				*q = '\0';
			}
			p = q + 1;	/* after the closing quote */
			c = (unsigned char)*p;
			if (tok_push(ps, s, col, -1, TOK_WORD, true) < 0)
				goto oom;
			continue;
		}
		default:
			break;
		}
		{
			char *s = p, *w;
			int32_t eq = -1;
			unsigned char k;

			p = (char *)word_scan(p, end);
			while (!word_stop[(unsigned char)*p])
				p = (char *)word_scan(p + 1, end);
			w = p;
			for (;;) {
				c = (unsigned char)*p;
				k = word_stop[c];
				if (k == WS_END)
					break;
				if (k == WS_SPECIAL) {
					if (c != '\\')
						eq = eq < 0 ? (int32_t)(w - s) : eq;
					else if (escapes(p))
						p++;
				}
				*w++ = *p++;
			}
			/* the separator (a blank, brace, '#', line end or NUL) is next */
			c = (unsigned char)*p;
			*w = '\0';	/* may overwrite the separator: it is in c */
			if (tok_push(ps, s, col, eq, TOK_WORD, false) < 0)
				goto oom;
		}
	}
comment:
	p = strchrnul(p + 1, '\n');	/* p: the '#', maybe overwritten by a token's NUL */
	if (*p == '\n')
		return p + 1;
nul:
	if (p < end)
		nul_error(ps, ls, p);
	return (char *)end;
oom:
	ps->oom = 1;
	return (char *)end;
}

/* ---- checks after parsing (Perl checkConfiguration, spec §1.4) ----- */

static void drop_undefined_luns(struct parser *ps, struct scstcfg_node *holder,
				const struct scstcfg_node *drv, const struct scstcfg_node *tgt)
{
	struct scstcfg_node *l = scstcfg_node_first(holder, SCSTCFG_KIND_LUN), *next;
	uint64_t h = l ? name_hash(l->name) : 0, hn = 0;

	for (; l; l = next, h = hn) {
		/* the index slots are random accesses: ask for the next one early */
		next = l->u.next;
		if (next) {
			hn = name_hash(next->name);
			model_dev_prefetch(ps->m, hn);
		}
		if (model_find_device_hashed(ps->m, l->name, h))
			continue;
		pwarn(ps, l->line, l->col,
		      "Device '%s' associated with driver/target '%s/%s' at LUN %llu is not defined within configuration, removing it.",
		      l->name, drv->name, tgt->name, (unsigned long long)l->lun);
		scstcfg_node_remove(l);
	}
}

static void post_checks(struct parser *ps)
{
	struct scstcfg_node *root = ps->m->root, *d, *t, *g, *dg, *r, *next;

	if (!ps->statements) {
		pwarn(ps, 0, 0, "Configuration is empty or unreadable.");
		return;
	}
	if (!scstcfg_node_count(root, SCSTCFG_KIND_DRIVER))
		pwarn(ps, 0, 0,
		      "No TARGET_DRIVER section defined. No target drivers will be configured.");
	if (!scstcfg_node_count(root, SCSTCFG_KIND_HANDLER))
		pwarn(ps, 0, 0,
		      "No HANDLER section defined. Only physical media will be configured for targets.");
	for (d = scstcfg_node_first(root, SCSTCFG_KIND_DRIVER); d; d = d->u.next) {
		if (!scstcfg_node_count(d, SCSTCFG_KIND_TARGET))
			pwarn(ps, d->line, d->col, "Driver '%s' has no configured targets.",
			      d->name);
		for (t = scstcfg_node_first(d, SCSTCFG_KIND_TARGET); t; t = t->u.next) {
			size_t had = scstcfg_node_count(t, SCSTCFG_KIND_LUN);

			drop_undefined_luns(ps, t, d, t);
			if (had && strcmp(d->name, "copy_manager") != 0 && !scstcfg_lun_find(t, 0))
				pwarn(ps, t->line, t->col,
				      "No LUN 0 defined for driver/target '%s/%s'. Many initiators require a LUN 0 to be defined.",
				      d->name, t->name);
			for (g = scstcfg_node_first(t, SCSTCFG_KIND_GROUP); g; g = g->u.next) {
				had = scstcfg_node_count(g, SCSTCFG_KIND_LUN);
				drop_undefined_luns(ps, g, d, t);
				if (had && !scstcfg_lun_find(g, 0))
					pwarn(ps, g->line, g->col,
					      "No LUN 0 defined for driver/target/group '%s/%s/%s'. Many initiators require a LUN 0 to be defined.",
					      d->name, t->name, g->name);
			}
		}
	}
	for (dg = scstcfg_node_first(root, SCSTCFG_KIND_DGROUP); dg; dg = dg->u.next) {
		for (r = scstcfg_node_first(dg, SCSTCFG_KIND_DG_DEVICE); r; r = next) {
			next = r->u.next;
			if (scstcfg_model_find_device(ps->m, r->name))
				continue;
			pwarn(ps, r->line, r->col,
			      "Device '%s' associated with device group '%s' is not defined within configuration, removing it.",
			      r->name, dg->name);
			scstcfg_node_remove(r);
		}
	}
}

/* ---- entry points --------------------------------------------------- */

/* Parses @buf (len bytes + 1 spare byte, owned: becomes the model's text). */
static int parse_owned(struct scstcfg_ctx *ctx, char *buf, size_t len, const char *name,
		       bool is_file, const char *orig, struct scstcfg_diags *diags,
		       struct scstcfg_model **out)
{
	struct parser ps = { 0 };
	struct scstcfg_model *m = NULL;
	char *p = buf, *end = buf + len;
	int r;

	*out = NULL;
	r = scstcfg_model_new(&m);
	if (r < 0) {
		free(buf);
		return r;
	}
	m->text = buf;
	free(m->source);
	m->source = strdup(name);
	m->source_is_file = is_file;
	if (!m->source) {
		scstcfg_model_free(m);
		return -ENOMEM;
	}
	ps.m = m;
	ps.ctx = ctx;
	ps.diags = diags;
	ps.file = m->source;
	ps.first_diag = scstcfg_diags_count(diags);
	if (push(&ps, m->root, 0, 0) < 0) {
		r = -ENOMEM;
		goto out;
	}
	while (p < end) {
		ps.line++;
		p = lex_line(&ps, p, end);
		if (ps.oom || ps.stop)
			break;
		line_statements(&ps);
	}
	if (!ps.oom && !ps.stop && ps.depth > 1) {
		struct frame *f = top(&ps);

		perr(&ps, f->line, f->col, "missing '}': the block opened here is not closed");
	}
	if (!ps.oom && !ps.nerrors)
		post_checks(&ps);
	if (ps.oom) {
		r = -ENOMEM;
		goto out;
	}
	/* source lines for the diagnostics (the text was rewritten in place) */
	if (orig)
		diag_fill_source(diags, ps.first_diag, orig, len);
	else if (is_file)
		diag_fill_source_file(diags, ps.first_diag, name);
	r = 0;
	if (ps.nerrors) {
		r = -EINVAL;
		goto out;
	}
	*out = m;
	m = NULL;
out:
	free(ps.stack);
	free(ps.toks);
	scstcfg_model_free(m);
	return r;
}

SCSTCFG_PUBLIC int scstcfg_parse_text(struct scstcfg_ctx *ctx, const char *text, size_t len,
				      const char *name, struct scstcfg_diags *diags,
				      struct scstcfg_model **out)
{
	char *buf;

	*out = NULL;
	if (!text && len)
		return -EINVAL;
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	if (len)
		memcpy(buf, text, len);
	buf[len] = '\0';
	return parse_owned(ctx, buf, len, name ? name : "<text>", false, text, diags, out);
}

static int read_whole(const char *path, char **out, size_t *len)
{
	struct stat st;
	size_t n = 0;
	char *buf;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		r = tk_file_read(path, out, len);
		return r;
	}
	/* exact size: the buffer becomes the model's text */
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (n < (size_t)st.st_size) {
		ssize_t k = read(fd, buf + n, (size_t)st.st_size - n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			r = -errno;
			close(fd);
			free(buf);
			return r;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

SCSTCFG_PUBLIC int scstcfg_parse_file(struct scstcfg_ctx *ctx, const char *path,
				      struct scstcfg_diags *diags, struct scstcfg_model **out)
{
	size_t len;
	char *buf;
	int r;

	*out = NULL;
	r = read_whole(path, &buf, &len);
	if (r < 0) {
		ctx_set_error(ctx, "Unable to open configuration file '%s': %s", path,
			      scstcfg_strerror(r));
		return r;
	}
	return parse_owned(ctx, buf, len, path, true, NULL, diags, out);
}
