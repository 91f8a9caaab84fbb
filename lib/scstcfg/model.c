// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The scst.conf model: nodes, attribute lines, hash indexes, comparison.
 * What it can express: spec scstadmin.md §1.2.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* ---- arena ---------------------------------------------------------- */


#define ARENA_CHUNK (256u * 1024u)
#define ARENA_FIRST (4u * 1024u)	/* chunks double up to ARENA_CHUNK */

/* arena_alloc()'s slow path (internal.h): starts a new chunk. */
void *arena_alloc_chunk(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	size_t cs = c ? c->size * 2 : ARENA_FIRST;

	if (cs > ARENA_CHUNK)
		cs = ARENA_CHUNK;
	if (size > ARENA_CHUNK / 4)
		cs = size;
	else if (cs < size)
		cs = ARENA_CHUNK;
	c = malloc(sizeof(*c) + cs);
	if (!c)
		return NULL;
	c->used = size;
	c->size = cs;
	if (size > ARENA_CHUNK / 4 && a->head) {
		/* keep filling the current chunk: big blocks go behind it */
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
		a->cur = (char *)c->data + size;
		a->lim = (char *)c->data + cs;
	}
	return c->data;
}

char *arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(a, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_chunk *c = a->head;

		a->head = c->next;
		free(c);
	}
	a->cur = a->lim = NULL;
}

/* ---- kinds ---------------------------------------------------------- */

/* Child kinds of each kind, in printing order. */
static const enum scstcfg_kind child_kinds[][3] = {
	[SCSTCFG_KIND_ROOT] = { SCSTCFG_KIND_HANDLER, SCSTCFG_KIND_DRIVER, SCSTCFG_KIND_DGROUP },
	[SCSTCFG_KIND_HANDLER] = { SCSTCFG_KIND_DEVICE },
	[SCSTCFG_KIND_DRIVER] = { SCSTCFG_KIND_TARGET },
	[SCSTCFG_KIND_TARGET] = { SCSTCFG_KIND_LUN, SCSTCFG_KIND_GROUP },
	[SCSTCFG_KIND_GROUP] = { SCSTCFG_KIND_LUN, SCSTCFG_KIND_INITIATOR },
	[SCSTCFG_KIND_DGROUP] = { SCSTCFG_KIND_DG_DEVICE, SCSTCFG_KIND_TGROUP },
	[SCSTCFG_KIND_TGROUP] = { SCSTCFG_KIND_TG_TARGET },
	[SCSTCFG_KIND_TG_TARGET] = { 0 },
};

const unsigned char node_nkids_table[SCSTCFG_KIND_TG_TARGET + 1] = {
	[SCSTCFG_KIND_ROOT] = 3,
	[SCSTCFG_KIND_HANDLER] = 1,
	[SCSTCFG_KIND_DRIVER] = 1,
	[SCSTCFG_KIND_TARGET] = 2,
	[SCSTCFG_KIND_GROUP] = 2,
	[SCSTCFG_KIND_DGROUP] = 2,
	[SCSTCFG_KIND_TGROUP] = 1,
	[SCSTCFG_KIND_TG_TARGET] = 0,
};

/* kid_slot_table[parent][child]: index in parent->k[] + 1, 0 = none. */
const signed char kid_slot_table[SCSTCFG_KIND_TG_TARGET + 1][SCSTCFG_KIND_TG_TARGET + 1] = {
	[SCSTCFG_KIND_ROOT] = { [SCSTCFG_KIND_HANDLER] = 1, [SCSTCFG_KIND_DRIVER] = 2,
				[SCSTCFG_KIND_DGROUP] = 3 },
	[SCSTCFG_KIND_HANDLER] = { [SCSTCFG_KIND_DEVICE] = 1 },
	[SCSTCFG_KIND_DRIVER] = { [SCSTCFG_KIND_TARGET] = 1 },
	[SCSTCFG_KIND_TARGET] = { [SCSTCFG_KIND_LUN] = 1, [SCSTCFG_KIND_GROUP] = 2 },
	[SCSTCFG_KIND_GROUP] = { [SCSTCFG_KIND_LUN] = 1, [SCSTCFG_KIND_INITIATOR] = 2 },
	[SCSTCFG_KIND_DGROUP] = { [SCSTCFG_KIND_DG_DEVICE] = 1, [SCSTCFG_KIND_TGROUP] = 2 },
	[SCSTCFG_KIND_TGROUP] = { [SCSTCFG_KIND_TG_TARGET] = 1 },
};

const char *kind_keyword(enum scstcfg_kind kind)
{
	switch (kind) {
	case SCSTCFG_KIND_HANDLER: return "HANDLER";
	case SCSTCFG_KIND_DEVICE: return "DEVICE";
	case SCSTCFG_KIND_DRIVER: return "TARGET_DRIVER";
	case SCSTCFG_KIND_TARGET: return "TARGET";
	case SCSTCFG_KIND_LUN: return "LUN";
	case SCSTCFG_KIND_GROUP: return "GROUP";
	case SCSTCFG_KIND_INITIATOR: return "INITIATOR";
	case SCSTCFG_KIND_ALUA: return "ALUA";
	case SCSTCFG_KIND_DGROUP: return "DEVICE_GROUP";
	case SCSTCFG_KIND_DG_DEVICE: return "DEVICE";
	case SCSTCFG_KIND_TGROUP: return "TARGET_GROUP";
	case SCSTCFG_KIND_TG_TARGET: return "TARGET";
	default: return "";
	}
}

/* ---- nodes ---------------------------------------------------------- */

struct scstcfg_model *node_model(const struct scstcfg_node *n)
{
	while (n->parent)
		n = n->parent;
	return n->u.model;
}

SCSTCFG_PUBLIC int scstcfg_model_new(struct scstcfg_model **out)
{
	struct scstcfg_model *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->source = strdup("");
	m->root = node_new(m, SCSTCFG_KIND_ROOT, "");
	m->alua = node_new(m, SCSTCFG_KIND_ALUA, "");
	if (!m->source || !m->root || !m->alua) {
		scstcfg_model_free(m);
		return -ENOMEM;
	}
	m->root->u.model = m;
	m->alua->u.model = m;
	*out = m;
	return 0;
}

static void kids_free_indexes(struct scstcfg_node *n)
{
	unsigned int i, nk = node_nkids(n->kind);
	struct scstcfg_node *c;

	for (i = 0; i < nk; i++) {
		free(n->k[i].index);
		n->k[i].index = NULL;
		n->k[i].icap = 0;
		for (c = n->k[i].first; c; c = c->u.next)
			kids_free_indexes(c);
	}
}

SCSTCFG_PUBLIC void scstcfg_model_free(struct scstcfg_model *m)
{
	if (!m)
		return;
	if (m->root)
		kids_free_indexes(m->root);
	free(m->dev_index);
	free(m->text);
	free(m->source);
	arena_free(&m->arena);
	free(m);
}

SCSTCFG_PUBLIC const char *scstcfg_model_get_source(const struct scstcfg_model *m)
{
	return m->source;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_model_get_root(struct scstcfg_model *m)
{
	return m->root;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_model_get_alua(struct scstcfg_model *m)
{
	return m->alua;
}

SCSTCFG_PUBLIC enum scstcfg_kind scstcfg_node_get_kind(const struct scstcfg_node *n)
{
	return (enum scstcfg_kind)n->kind;
}

SCSTCFG_PUBLIC const char *scstcfg_node_get_name(const struct scstcfg_node *n)
{
	return n->name;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_get_parent(const struct scstcfg_node *n)
{
	return n->parent;
}

SCSTCFG_PUBLIC unsigned int scstcfg_node_get_line(const struct scstcfg_node *n)
{
	return n->line;
}

SCSTCFG_PUBLIC unsigned int scstcfg_node_get_col(const struct scstcfg_node *n)
{
	return n->col;
}

SCSTCFG_PUBLIC void scstcfg_node_set_pos(struct scstcfg_node *n, unsigned int line,
					 unsigned int col)
{
	n->line = line;
	n->col = col;
}

SCSTCFG_PUBLIC uint64_t scstcfg_lun_get_number(const struct scstcfg_node *lun)
{
	return lun->kind == SCSTCFG_KIND_LUN ? lun->lun : 0;
}

SCSTCFG_PUBLIC bool scstcfg_target_get_hw(const struct scstcfg_node *target)
{
	return target->kind == SCSTCFG_KIND_TARGET && (target->flags & NODE_HW);
}

SCSTCFG_PUBLIC int scstcfg_target_set_hw(struct scstcfg_node *target, bool hw)
{
	if (target->kind != SCSTCFG_KIND_TARGET)
		return -EINVAL;
	if (hw)
		target->flags |= NODE_HW;
	else
		target->flags &= (uint8_t)~NODE_HW;
	return 0;
}

/* ---- hash indexes --------------------------------------------------- */

/* fmix64 (MurmurHash3's finaliser): every input bit reaches the low bits. */
static inline uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

static inline uint64_t load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * Hash of a name, eight bytes per step (names are mostly 10-40 bytes; a
 * byte-wise FNV took a quarter of the parse time of a 100,000-device file).
 * The last step reads the final eight bytes, overlapping the previous one.
 */
uint64_t name_hash(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;

	if (n < 8) {
		uint64_t w = 0;

		memcpy(&w, s, n);
		return fmix64(h ^ w);
	}
	for (; n > 8; s += 8, n -= 8) {
		h = (h ^ load64(s)) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	return fmix64(h ^ load64(s + n - 8));
}

#define hash_str name_hash

static uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static uint64_t node_hash(const struct scstcfg_node *n)
{
	return n->kind == SCSTCFG_KIND_LUN ? hash_u64(n->lun) : hash_str(n->name);
}

/* Inserts into an open-addressing table that has room. */
static void table_put(struct scstcfg_node **t, uint32_t cap, struct scstcfg_node *n)
{
	uint32_t i = (uint32_t)node_hash(n) & (cap - 1);

	while (t[i])
		i = (i + 1) & (cap - 1);
	t[i] = n;
}

static int table_grow(struct scstcfg_node ***t, uint32_t *cap, uint32_t count,
		      struct scstcfg_node *first)
{
	uint32_t ncap = *cap ? *cap : 16;
	struct scstcfg_node **nt;

	while (ncap < 2 * (count + 1))
		ncap *= 2;
	nt = calloc(ncap, sizeof(*nt));
	if (!nt)
		return -ENOMEM;
	for (; first; first = first->u.next)
		table_put(nt, ncap, first);
	free(*t);
	*t = nt;
	*cap = ncap;
	return 0;
}

int kids_index_insert(struct kids *k, struct scstcfg_node *n)
{
	if (!k->index)
		return 0;
	if (2 * (k->count + 1) > k->icap) {
		free(k->index);
		k->index = NULL;
		k->icap = 0;
		return table_grow(&k->index, &k->icap, k->count, k->first);
	}
	table_put(k->index, k->icap, n);
	return 0;
}

void kids_append(struct kids *k, struct scstcfg_node *n)
{
	n->u.next = NULL;
	if (k->last)
		k->last->u.next = n;
	else
		k->first = n;
	k->last = n;
	k->count++;
}

static void dev_put(struct dev_slot *t, uint32_t cap, struct scstcfg_node *n, uint64_t h)
{
	uint32_t i = (uint32_t)h & (cap - 1);

	while (t[i].node)
		i = (i + 1) & (cap - 1);
	t[i].hash = h;
	t[i].node = n;
}

static int model_dev_index_rebuild(struct scstcfg_model *m)
{
	uint32_t count = 0, cap = 16;
	const struct scstcfg_node *h;
	struct scstcfg_node *d;
	struct dev_slot *t;

	for (h = m->root->k[0].first; h; h = h->u.next)
		count += h->k[0].count;
	while (cap < 2 * (count + 1))
		cap *= 2;
	t = calloc(cap, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (h = m->root->k[0].first; h; h = h->u.next)
		for (d = h->k[0].first; d; d = d->u.next)
			dev_put(t, cap, d, hash_str(d->name));
	free(m->dev_index);
	m->dev_index = t;
	m->dev_icap = cap;
	m->dev_count = count;
	m->dev_dirty = false;
	return 0;
}

/* Doubles the table, reusing the stored hashes (no name is read again). */
static int model_dev_index_grow(struct scstcfg_model *m)
{
	uint32_t cap = m->dev_icap * 2, i;
	struct dev_slot *t = calloc(cap, sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (i = 0; i < m->dev_icap; i++)
		if (m->dev_index[i].node)
			dev_put(t, cap, m->dev_index[i].node, m->dev_index[i].hash);
	free(m->dev_index);
	m->dev_index = t;
	m->dev_icap = cap;
	return 0;
}

/* Call after the device was linked into its handler; @h = name_hash(name). */
int model_dev_index_add_hashed(struct scstcfg_model *m, struct scstcfg_node *dev, uint64_t h)
{
	if (m->dev_dirty || !m->dev_index)
		return model_dev_index_rebuild(m);
	if (2 * (m->dev_count + 1) > m->dev_icap && model_dev_index_grow(m) < 0)
		return -ENOMEM;
	dev_put(m->dev_index, m->dev_icap, dev, h);
	m->dev_count++;
	return 0;
}

int model_dev_index_add(struct scstcfg_model *m, struct scstcfg_node *dev)
{
	return model_dev_index_add_hashed(m, dev, hash_str(dev->name));
}

struct scstcfg_node *model_find_device_hashed(struct scstcfg_model *m, const char *name,
					      uint64_t h)
{
	uint32_t i;

	if ((m->dev_dirty || !m->dev_index) && model_dev_index_rebuild(m) < 0)
		return NULL;
	for (i = (uint32_t)h & (m->dev_icap - 1); m->dev_index[i].node;
	     i = (i + 1) & (m->dev_icap - 1))
		if (m->dev_index[i].hash == h && strcmp(m->dev_index[i].node->name, name) == 0)
			return m->dev_index[i].node;
	return NULL;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_model_find_device(const struct scstcfg_model *m,
							      const char *name)
{
	if (!name)
		return NULL;
	/* the index is a cache: rebuilding it does not change the model */
	return model_find_device_hashed((struct scstcfg_model *)m, name, hash_str(name));
}

static struct scstcfg_node *kids_find(struct kids *k, enum scstcfg_kind kind, const char *name,
				      uint64_t lun)
{
	struct scstcfg_node *n;
	uint64_t h;
	uint32_t i;

	if (!k->index && k->count > (kind == SCSTCFG_KIND_LUN ? LUNS_INDEX_MIN : KIDS_INDEX_MIN) &&
	    table_grow(&k->index, &k->icap, k->count, k->first) < 0)
		k->index = NULL;	/* fall back to a scan */
	if (!k->index) {
		for (n = k->first; n; n = n->u.next)
			if (kind == SCSTCFG_KIND_LUN ? n->lun == lun : strcmp(n->name, name) == 0)
				return n;
		return NULL;
	}
	h = kind == SCSTCFG_KIND_LUN ? hash_u64(lun) : hash_str(name);
	for (i = (uint32_t)h & (k->icap - 1); k->index[i]; i = (i + 1) & (k->icap - 1)) {
		n = k->index[i];
		if (kind == SCSTCFG_KIND_LUN ? n->lun == lun : strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_find(const struct scstcfg_node *parent,
						      enum scstcfg_kind kind, const char *name)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, kind);

	if (slot < 0 || kind == SCSTCFG_KIND_LUN || !name)
		return NULL;
	if (kind == SCSTCFG_KIND_DEVICE) {
		struct scstcfg_node *d = scstcfg_model_find_device(node_model(parent), name);

		return d && d->parent == parent ? d : NULL;
	}
	return kids_find((struct kids *)&parent->k[slot], kind, name, 0);
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_lun_find(const struct scstcfg_node *parent,
						     uint64_t number)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, SCSTCFG_KIND_LUN);

	if (slot < 0)
		return NULL;
	return kids_find((struct kids *)&parent->k[slot], SCSTCFG_KIND_LUN, NULL, number);
}

static int node_link(struct scstcfg_node *parent, int slot, struct scstcfg_node *n)
{
	struct kids *k = &parent->k[slot];

	n->parent = parent;
	kids_append(k, n);
	if (kids_index_insert(k, n) < 0)
		return -ENOMEM;
	if (n->kind == SCSTCFG_KIND_DEVICE)
		return model_dev_index_add(node_model(parent), n);
	return 0;
}

SCSTCFG_PUBLIC int scstcfg_node_add(struct scstcfg_node *parent, enum scstcfg_kind kind,
				    const char *name, struct scstcfg_node **out)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, kind);
	struct scstcfg_model *m;
	struct scstcfg_node *n;
	char *copy;

	if (slot < 0 || kind == SCSTCFG_KIND_LUN || !name)
		return -EINVAL;
	m = node_model(parent);
	if (kind == SCSTCFG_KIND_DEVICE ? scstcfg_model_find_device(m, name) != NULL
					: scstcfg_node_find(parent, kind, name) != NULL)
		return -EEXIST;
	copy = arena_strdup(&m->arena, name);
	n = copy ? node_new(m, kind, copy) : NULL;
	if (!n)
		return -ENOMEM;
	if (node_link(parent, slot, n) < 0)
		return -ENOMEM;
	if (out)
		*out = n;
	return 0;
}

SCSTCFG_PUBLIC int scstcfg_lun_add(struct scstcfg_node *parent, uint64_t number,
				   const char *device, struct scstcfg_node **out)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, SCSTCFG_KIND_LUN);
	struct scstcfg_model *m;
	struct scstcfg_node *n;
	char *copy;

	if (slot < 0 || !device)
		return -EINVAL;
	if (scstcfg_lun_find(parent, number))
		return -EEXIST;
	m = node_model(parent);
	copy = arena_strdup(&m->arena, device);
	n = copy ? node_new(m, SCSTCFG_KIND_LUN, copy) : NULL;
	if (!n)
		return -ENOMEM;
	n->lun = number;
	if (node_link(parent, slot, n) < 0)
		return -ENOMEM;
	if (out)
		*out = n;
	return 0;
}

SCSTCFG_PUBLIC size_t scstcfg_node_count(const struct scstcfg_node *parent,
					 enum scstcfg_kind kind)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, kind);

	return slot < 0 ? 0 : parent->k[slot].count;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_first(const struct scstcfg_node *parent,
						       enum scstcfg_kind kind)
{
	int slot = kid_slot((enum scstcfg_kind)parent->kind, kind);

	return slot < 0 ? NULL : parent->k[slot].first;
}

SCSTCFG_PUBLIC struct scstcfg_node *scstcfg_node_next(const struct scstcfg_node *n)
{
	if (!n->parent)
		return NULL;
	return n->u.next;
}

/* Drops all children and attributes (a duplicate section: the last wins). */
void node_reset(struct scstcfg_node *n)
{
	unsigned int i, nk = node_nkids(n->kind);

	kids_free_indexes(n);
	for (i = 0; i < nk; i++) {
		if (child_kinds[n->kind][i] == SCSTCFG_KIND_DEVICE && n->k[i].count)
			node_model(n)->dev_dirty = true;
		memset(&n->k[i], 0, sizeof(n->k[i]));
	}
	n->attrs = NULL;
	n->flags = 0;
}

SCSTCFG_PUBLIC int scstcfg_node_remove(struct scstcfg_node *n)
{
	struct scstcfg_node *parent = n->parent, *p, *prev = NULL;
	struct kids *k;
	int slot;

	if (!parent)
		return -EINVAL;
	slot = kid_slot((enum scstcfg_kind)parent->kind, (enum scstcfg_kind)n->kind);
	if (slot < 0)
		return -EINVAL;
	k = &parent->k[slot];
	for (p = k->first; p && p != n; p = p->u.next)
		prev = p;
	if (!p)
		return -ENOENT;
	if (prev)
		prev->u.next = n->u.next;
	else
		k->first = n->u.next;
	if (k->last == n)
		k->last = prev;
	k->count--;
	free(k->index);
	k->index = NULL;
	k->icap = 0;
	node_reset(n);
	if (n->kind == SCSTCFG_KIND_DEVICE)
		node_model(parent)->dev_dirty = true;
	n->parent = NULL;
	n->u.next = NULL;
	return 0;
}

/* ---- attributes ----------------------------------------------------- */

SCSTCFG_PUBLIC int scstcfg_attr_add(struct scstcfg_node *n, const char *name,
				    const char *value, struct scstcfg_attr **out)
{
	struct scstcfg_attr *a, **tail = &n->attrs;
	struct scstcfg_model *m;
	char *cn, *cv;

	if (!name || !value || n->kind == SCSTCFG_KIND_DG_DEVICE)
		return -EINVAL;
	for (a = n->attrs; a; a = a->next) {
		if (strcmp(a->name, name) == 0 && strcmp(a->value, value) == 0)
			return -EEXIST;
		tail = &a->next;
	}
	m = node_model(n);
	cn = arena_strdup(&m->arena, name);
	cv = cn ? arena_strdup(&m->arena, value) : NULL;
	a = cv ? attr_new(m, cn, cv) : NULL;
	if (!a)
		return -ENOMEM;
	*tail = a;
	if (out)
		*out = a;
	return 0;
}

SCSTCFG_PUBLIC int scstcfg_attr_remove(struct scstcfg_node *n, const char *name,
				       const char *value)
{
	struct scstcfg_attr **pp = &n->attrs;
	int removed = 0;

	while (*pp) {
		struct scstcfg_attr *a = *pp;

		if (strcmp(a->name, name) == 0 && (!value || strcmp(a->value, value) == 0)) {
			*pp = a->next;
			removed++;
		} else {
			pp = &a->next;
		}
	}
	return removed;
}

SCSTCFG_PUBLIC int scstcfg_attr_set(struct scstcfg_node *n, const char *name,
				    const char *value)
{
	if (!name || !value || n->kind == SCSTCFG_KIND_DG_DEVICE)
		return -EINVAL;
	scstcfg_attr_remove(n, name, NULL);
	return scstcfg_attr_add(n, name, value, NULL);
}

SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_first(const struct scstcfg_node *n)
{
	return n->attrs;
}

SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_next(const struct scstcfg_attr *a)
{
	return a->next;
}

SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_find(const struct scstcfg_node *n,
						      const char *name)
{
	struct scstcfg_attr *a;

	for (a = n->attrs; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

SCSTCFG_PUBLIC struct scstcfg_attr *scstcfg_attr_find_next(const struct scstcfg_attr *a)
{
	struct scstcfg_attr *b;

	for (b = a->next; b; b = b->next)
		if (strcmp(b->name, a->name) == 0)
			return b;
	return NULL;
}

SCSTCFG_PUBLIC size_t scstcfg_attr_count(const struct scstcfg_node *n, const char *name)
{
	const struct scstcfg_attr *a;
	size_t c = 0;

	for (a = n->attrs; a; a = a->next)
		c += !name || strcmp(a->name, name) == 0;
	return c;
}

SCSTCFG_PUBLIC const char *scstcfg_attr_get_name(const struct scstcfg_attr *a)
{
	return a->name;
}

SCSTCFG_PUBLIC const char *scstcfg_attr_get_value(const struct scstcfg_attr *a)
{
	return a->value;
}

SCSTCFG_PUBLIC unsigned int scstcfg_attr_get_line(const struct scstcfg_attr *a)
{
	return a->line;
}

SCSTCFG_PUBLIC unsigned int scstcfg_attr_get_col(const struct scstcfg_attr *a)
{
	return a->col;
}

/* ---- sorted views --------------------------------------------------- */

static int cmp_bytes(const char *a, const char *b)
{
	return strcmp(a, b);	/* strcmp compares as unsigned char: Perl's sort */
}

static int cmp_node(const void *pa, const void *pb)
{
	const struct scstcfg_node *a = *(struct scstcfg_node *const *)pa;
	const struct scstcfg_node *b = *(struct scstcfg_node *const *)pb;

	if (a->kind == SCSTCFG_KIND_LUN) {
		if (a->lun != b->lun)
			return a->lun < b->lun ? -1 : 1;
	}
	return cmp_bytes(a->name, b->name);
}

static int cmp_attr(const void *pa, const void *pb)
{
	const struct scstcfg_attr *a = *(struct scstcfg_attr *const *)pa;
	const struct scstcfg_attr *b = *(struct scstcfg_attr *const *)pb;
	int c = cmp_bytes(a->name, b->name);

	return c ? c : cmp_bytes(a->value, b->value);
}

int node_sorted_kids(const struct scstcfg_node *n, enum scstcfg_kind kind,
		     struct scstcfg_node ***out, size_t *count)
{
	int slot = kid_slot((enum scstcfg_kind)n->kind, kind);
	struct scstcfg_node **v, *c;
	size_t i = 0;

	*out = NULL;
	*count = 0;
	if (slot < 0 || !n->k[slot].count)
		return 0;
	v = malloc(n->k[slot].count * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (c = n->k[slot].first; c; c = c->u.next)
		v[i++] = c;
	if (kind != SCSTCFG_KIND_DG_DEVICE)	/* dg DEVICE lines keep their order */
		qsort(v, i, sizeof(*v), cmp_node);
	*out = v;
	*count = i;
	return 0;
}

int node_sorted_attrs(const struct scstcfg_node *n, struct scstcfg_attr ***out, size_t *count)
{
	size_t i = 0, c = scstcfg_attr_count(n, NULL);
	struct scstcfg_attr **v, *a;

	*out = NULL;
	*count = 0;
	if (!c)
		return 0;
	v = malloc(c * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (a = n->attrs; a; a = a->next)
		v[i++] = a;
	qsort(v, i, sizeof(*v), cmp_attr);
	*out = v;
	*count = i;
	return 0;
}

/* ---- comparison ----------------------------------------------------- */

static bool node_is_empty(const struct scstcfg_node *n)
{
	unsigned int i, nk = node_nkids(n->kind);

	if (n->attrs || n->flags)
		return false;
	for (i = 0; i < nk; i++)
		if (n->k[i].count)
			return false;
	return true;
}

/* HANDLER and TARGET_DRIVER without content are not printed (spec §2.4). */
static bool node_counts(const struct scstcfg_node *n)
{
	return !((n->kind == SCSTCFG_KIND_HANDLER || n->kind == SCSTCFG_KIND_DRIVER) &&
		 node_is_empty(n));
}

static bool attrs_equal(const struct scstcfg_node *a, const struct scstcfg_node *b)
{
	struct scstcfg_attr **va = NULL, **vb = NULL;
	size_t na, nb, i;
	bool eq = false;

	if (node_sorted_attrs(a, &va, &na) < 0 || node_sorted_attrs(b, &vb, &nb) < 0)
		goto out;
	if (na != nb)
		goto out;
	for (i = 0; i < na; i++)
		if (cmp_attr(&va[i], &vb[i]) != 0)
			goto out;
	eq = true;
out:
	free(va);
	free(vb);
	return eq;
}

static bool nodes_equal(const struct scstcfg_node *a, const struct scstcfg_node *b);

static bool kids_equal(const struct scstcfg_node *a, const struct scstcfg_node *b,
		       enum scstcfg_kind kind)
{
	const struct scstcfg_node *x, *y;
	size_t ca = 0, cb = 0;

	for (x = scstcfg_node_first(a, kind); x; x = x->u.next)
		ca += node_counts(x);
	for (y = scstcfg_node_first(b, kind); y; y = y->u.next)
		cb += node_counts(y);
	if (ca != cb)
		return false;
	for (x = scstcfg_node_first(a, kind); x; x = x->u.next) {
		if (!node_counts(x))
			continue;
		if (kind == SCSTCFG_KIND_LUN) {
			y = scstcfg_lun_find(b, x->lun);
			if (!y || strcmp(x->name, y->name) != 0)
				return false;
		} else {
			y = scstcfg_node_find(b, kind, x->name);
		}
		if (!y || !nodes_equal(x, y))
			return false;
	}
	return true;
}

static bool nodes_equal(const struct scstcfg_node *a, const struct scstcfg_node *b)
{
	unsigned int i, nk = node_nkids(a->kind);

	if (a->kind != b->kind || a->flags != b->flags || !attrs_equal(a, b))
		return false;
	for (i = 0; i < nk; i++)
		if (!kids_equal(a, b, child_kinds[a->kind][i]))
			return false;
	return true;
}

SCSTCFG_PUBLIC bool scstcfg_model_equal(const struct scstcfg_model *a,
					const struct scstcfg_model *b)
{
	return nodes_equal(a->root, b->root) && nodes_equal(a->alua, b->alua);
}

static bool node_has_secrets(const struct scstcfg_node *n)
{
	unsigned int i, nk = node_nkids(n->kind);
	const struct scstcfg_attr *a;
	const struct scstcfg_node *c;

	for (a = n->attrs; a; a = a->next)
		if (strncasecmp(a->name, "IncomingUser", 12) == 0 ||
		    strncasecmp(a->name, "OutgoingUser", 12) == 0)
			return true;
	for (i = 0; i < nk; i++)
		for (c = n->k[i].first; c; c = c->u.next)
			if (node_has_secrets(c))
				return true;
	return false;
}

SCSTCFG_PUBLIC bool scstcfg_model_has_secrets(const struct scstcfg_model *m)
{
	return node_has_secrets(m->root) || node_has_secrets(m->alua);
}
