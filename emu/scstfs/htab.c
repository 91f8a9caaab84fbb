// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * htab.c - the one hash table of scstfs (htab.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "htab.h"

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

uint64_t sfs_hash_str(const char *s)
{
	uint64_t h = FNV_OFFSET;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV_PRIME;
	return h;
}

uint64_t sfs_hash_stri(const char *s)
{
	uint64_t h = FNV_OFFSET;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * FNV_PRIME;
	}
	return h;
}

uint64_t sfs_hash_u64(uint64_t v)
{
	/* MurmurHash3 fmix64: pointers and small numbers spread over all bits */
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	v *= 0xc4ceb9fe1a85ec53ULL;
	v ^= v >> 33;
	return v;
}

static int htab_grow(struct sfs_htab *t)
{
	size_t nb = t->nb ? t->nb * 2 : 16, i;
	struct sfs_hnode **b = calloc(nb, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (i = 0; i < t->nb; i++) {
		struct sfs_hnode *e = t->b[i], *next;

		for (; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(t->b);
	t->b = b;
	t->nb = nb;
	return 0;
}

int sfs_htab_add(struct sfs_htab *t, struct sfs_hnode *e, uint64_t hash)
{
	size_t i;

	if (t->n >= t->nb && htab_grow(t) < 0)
		return -ENOMEM;
	e->hash = hash;
	i = hash & (t->nb - 1);
	e->next = t->b[i];
	t->b[i] = e;
	t->n++;
	return 0;
}

void sfs_htab_del(struct sfs_htab *t, struct sfs_hnode *e)
{
	struct sfs_hnode **pp;

	if (!t->nb)
		return;
	for (pp = &t->b[e->hash & (t->nb - 1)]; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			e->next = NULL;
			t->n--;
			return;
		}
	}
}

struct sfs_hnode *sfs_htab_first(const struct sfs_htab *t, uint64_t hash)
{
	struct sfs_hnode *e;

	if (!t->nb)
		return NULL;
	for (e = t->b[hash & (t->nb - 1)]; e && e->hash != hash; e = e->next)
		;
	return e;
}

struct sfs_hnode *sfs_htab_next(const struct sfs_hnode *e)
{
	uint64_t hash = e->hash;

	for (e = e->next; e && e->hash != hash; e = e->next)
		;
	return (struct sfs_hnode *)e;
}

void sfs_htab_free(struct sfs_htab *t)
{
	free(t->b);
	t->b = NULL;
	t->nb = 0;
	t->n = 0;
}
