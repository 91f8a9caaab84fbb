/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * internal.h - private structures of libscstcfg (never installed).
 *
 * Memory layout, chosen so that a parsed 100,000-device file stays below
 * three times its size (bench/parse):
 *  - the parsed text is kept by the model and tokens are unescaped in place,
 *    so names and values of a parsed model point into it (no copies);
 *  - nodes and attribute lines come from a bump arena and are linked lists;
 *  - name lookups use hash indexes of node pointers: per parent, built
 *    lazily once a parent has more than KIDS_INDEX_MIN children
 *    (LUNS_INDEX_MIN LUNs), and one model-wide index of devices.
 */
#ifndef SCSTCFG_INTERNAL_H
#define SCSTCFG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scstcfg/scstcfg.h"
#include "tk.h"

#define KIDS_INDEX_MIN 8
#define LUNS_INDEX_MIN 32	/* comparing LUN numbers is cheap: scan longer */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

/* A bump allocator: cur..lim is the free part of the newest chunk. */
struct arena {
	struct arena_chunk *head;
	char *cur, *lim;
};

void *arena_alloc_chunk(struct arena *a, size_t size);

/* 8-byte aligned memory that lives until arena_free(); NULL without memory. */
static inline void *arena_alloc(struct arena *a, size_t size)
{
	char *p = a->cur;

	size = (size + 7) & ~(size_t)7;
	if ((size_t)(a->lim - p) < size || !p)
		return arena_alloc_chunk(a, size);
	a->cur = p + size;
	return p;
}

char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

/* Children of one kind, in insertion order, with an optional hash index. */
struct kids {
	struct scstcfg_node *first, *last;
	uint32_t count;
	uint32_t icap;			/* index slots (power of two), 0 = no index */
	struct scstcfg_node **index;
};

struct scstcfg_attr {
	struct scstcfg_attr *next;
	const char *name;
	const char *value;
	uint32_t line, col;
};

#define NODE_HW 0x1u

struct scstcfg_node {
	union {
		struct scstcfg_node *next;	/* sibling of the same kind */
		struct scstcfg_model *model;	/* ROOT and ALUA: their model */
	} u;
	struct scstcfg_node *parent;
	const char *name;
	struct scstcfg_attr *attrs;
	uint64_t lun;
	uint32_t line, col;
	uint8_t kind;
	uint8_t flags;
	struct kids k[];		/* node_nkids(kind) lists */
};

struct dev_slot {
	uint64_t hash;
	struct scstcfg_node *node;
};

struct scstcfg_model {
	struct arena arena;
	char *text;			/* parsed text (tokens point into it) */
	char *source;			/* file name, "" when built in memory */
	bool source_is_file;
	struct scstcfg_node *root;
	struct scstcfg_node *alua;
	/* model-wide device index; slots carry the hash to spare cache misses */
	struct dev_slot *dev_index;
	uint32_t dev_icap, dev_count;
	bool dev_dirty;
	/* scstcfg_model_set_nonkey(): the printer's non-key attribute source */
	int (*nk_get)(void *priv, const struct scstcfg_node *n, struct scstcfg_nonkey *out);
	void *nk_priv;
};

struct scstcfg_diag {
	enum scstcfg_severity sev;
	unsigned int line, col;
	char *file;
	char *msg;
	char *src;
};

struct scstcfg_diags {
	struct scstcfg_diag *v;
	size_t n, cap;
};

struct scstcfg_ctx {
	int log_level;
	void (*log_fn)(void *priv, int level, const char *file, int line, const char *func,
		       const char *fmt, va_list ap);
	void *log_priv;
	char *last_error;
};

/* ctx.c */
__attribute__((format(printf, 2, 3)))
void ctx_set_error(struct scstcfg_ctx *ctx, const char *fmt, ...);
__attribute__((format(printf, 6, 7)))
void ctx_log(struct scstcfg_ctx *ctx, int level, const char *file, int line,
	     const char *func, const char *fmt, ...);
#define ctx_dbg(ctx, ...) do { \
	if ((ctx) && (ctx)->log_level >= 7) \
		ctx_log(ctx, 7, __FILE__, __LINE__, __func__, __VA_ARGS__); \
} while (0)

/* diag.c */
__attribute__((format(printf, 6, 7)))
int diag_add(struct scstcfg_diags *d, enum scstcfg_severity sev, const char *file,
	     unsigned int line, unsigned int col, const char *fmt, ...);
int diag_report(struct scstcfg_ctx *ctx, struct scstcfg_diags *d, size_t *nerrors,
		enum scstcfg_severity sev, const char *file, unsigned int line,
		unsigned int col, const char *fmt, va_list ap);
int diag_fill_source(struct scstcfg_diags *d, size_t from, const char *text, size_t len);
int diag_fill_source_file(struct scstcfg_diags *d, size_t from, const char *path);
void diag_format_short(const struct scstcfg_diag *g, char *buf, size_t size);

/* model.c */
extern const unsigned char node_nkids_table[SCSTCFG_KIND_TG_TARGET + 1];

/* Number of child lists (struct kids) of a node of @kind. */
static inline unsigned int node_nkids(enum scstcfg_kind kind)
{
	return (unsigned int)kind < sizeof(node_nkids_table) ? node_nkids_table[kind] : 0;
}

extern const signed char kid_slot_table[SCSTCFG_KIND_TG_TARGET + 1][SCSTCFG_KIND_TG_TARGET + 1];

/* Index of @child's list in a @parent node's k[], or -1 when it has none. */
static inline int kid_slot(enum scstcfg_kind parent, enum scstcfg_kind child)
{
	if ((unsigned int)parent > SCSTCFG_KIND_TG_TARGET ||
	    (unsigned int)child > SCSTCFG_KIND_TG_TARGET)
		return -1;
	return kid_slot_table[parent][child] - 1;
}
struct scstcfg_model *node_model(const struct scstcfg_node *n);
void kids_append(struct kids *k, struct scstcfg_node *n);
int kids_index_insert(struct kids *k, struct scstcfg_node *n);
void node_reset(struct scstcfg_node *n);
int model_dev_index_add(struct scstcfg_model *m, struct scstcfg_node *dev);
int model_dev_index_add_hashed(struct scstcfg_model *m, struct scstcfg_node *dev, uint64_t h);
struct scstcfg_node *model_find_device_hashed(struct scstcfg_model *m, const char *name,
					      uint64_t h);
uint64_t name_hash(const char *s);

/* Starts loading the device index slot of hash @h (no effect on the model). */
static inline void model_dev_prefetch(const struct scstcfg_model *m, uint64_t h)
{
	if (m->dev_index && !m->dev_dirty)
		__builtin_prefetch(&m->dev_index[(uint32_t)h & (m->dev_icap - 1)]);
}
const char *kind_keyword(enum scstcfg_kind kind);

/* Sorted views used by the printer and the comparison. */
int node_sorted_kids(const struct scstcfg_node *n, enum scstcfg_kind kind,
		     struct scstcfg_node ***out, size_t *count);
int node_sorted_attrs(const struct scstcfg_node *n, struct scstcfg_attr ***out,
		      size_t *count);

/* A zeroed node of @kind from the model's arena (@name is not copied). */
static inline struct scstcfg_node *node_new(struct scstcfg_model *m, enum scstcfg_kind kind,
					    const char *name)
{
	size_t sz = sizeof(struct scstcfg_node) + node_nkids(kind) * sizeof(struct kids);
	struct scstcfg_node *n = arena_alloc(&m->arena, sz);

	if (!n)
		return NULL;
	memset(n, 0, sz);
	n->kind = (uint8_t)kind;
	n->name = name;
	return n;
}

/* An unlinked attribute line (@name and @value are not copied). */
static inline struct scstcfg_attr *attr_new(struct scstcfg_model *m, const char *name,
					    const char *value)
{
	struct scstcfg_attr *a = arena_alloc(&m->arena, sizeof(*a));

	if (!a)
		return NULL;
	a->next = NULL;
	a->name = name;
	a->value = value;
	a->line = 0;
	a->col = 0;
	return a;
}

/* print.c */
int print_model(const struct scstcfg_model *m, unsigned int flags, struct tk_buf *out);

/* parse.c: characters SCST and the lexer treat as blanks */
static inline bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

#endif /* SCSTCFG_INTERNAL_H */
