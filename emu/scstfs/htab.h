/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * htab.h - the one hash table of scstfs: intrusive, chained, growing by
 * doubling, so add/find/del stay O(1) on average with 10,000+ objects.
 *
 * The entry (struct sfs_hnode) is embedded in the object and remembers
 * the hash of its key; the table never sees the key itself, so one table
 * type serves every key flavour:
 *
 *   exact strings           sfs_hash_str()     directory entries, devices,
 *                                              targets, groups, counters
 *   ASCII case-insensitive  sfs_hash_stri()    iSCSI daemon target names
 *   numbers and pointers    sfs_hash_u64()     LUNs, tids, per-device records
 *
 * A lookup walks the entries with the key's hash and compares keys itself:
 *
 *	sfs_htab_for_each(e, &t, sfs_hash_str(name)) {
 *		struct obj *o = sfs_container_of(e, struct obj, hnode);
 *
 *		if (!strcmp(o->name, name))
 *			return o;
 *	}
 *
 * Several entries may have equal keys.  No locking: everything runs under
 * the engine's global lock (sfs.h).
 *
 * Errors: int returns are >= 0 on success, -errno on failure.
 */
#ifndef SCSTFS_HTAB_H
#define SCSTFS_HTAB_H

#include <stddef.h>
#include <stdint.h>

#define sfs_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/**
 * struct sfs_hnode - an entry, embedded in the object.
 * @next: chain link (owned by the table)
 * @hash: the key's hash, set by sfs_htab_add()
 */
struct sfs_hnode {
	struct sfs_hnode *next;
	uint64_t hash;
};

/**
 * struct sfs_htab - the table.  Zero-initialise before first use.
 * @b:  bucket array (NULL while nothing was ever added)
 * @nb: bucket count, a power of two, or 0
 * @n:  entry count
 */
struct sfs_htab {
	struct sfs_hnode **b;
	size_t nb;
	size_t n;
};

/**
 * sfs_hash_str() - 64-bit FNV-1a hash of a string (exact keys).
 * @s: NUL-terminated string
 *
 * Return: the hash.
 */
uint64_t sfs_hash_str(const char *s);

/**
 * sfs_hash_stri() - sfs_hash_str() of the string with ASCII A-Z folded to
 * a-z, for keys compared with strcasecmp().
 * @s: NUL-terminated string
 *
 * Return: the hash.
 */
uint64_t sfs_hash_stri(const char *s);

/**
 * sfs_hash_u64() - hash of a number or a pointer value.
 * @v: value
 *
 * Return: the hash.
 */
uint64_t sfs_hash_u64(uint64_t v);

/**
 * sfs_htab_add() - insert @e under @hash; the table grows to keep chains short.
 * @t:    table
 * @e:    entry, not in any table
 * @hash: the key's hash
 *
 * Return: 0 or -ENOMEM (then @e is not in @t).
 */
int sfs_htab_add(struct sfs_htab *t, struct sfs_hnode *e, uint64_t hash);

/**
 * sfs_htab_del() - remove @e from @t; does nothing when @e is not there.
 * @t: table
 * @e: entry
 */
void sfs_htab_del(struct sfs_htab *t, struct sfs_hnode *e);

/**
 * sfs_htab_first() - the first entry whose key has hash @hash.
 * @t:    table
 * @hash: hash
 *
 * Return: the entry, or NULL.
 */
struct sfs_hnode *sfs_htab_first(const struct sfs_htab *t, uint64_t hash);

/**
 * sfs_htab_next() - the next entry with the same hash as @e.
 * @e: an entry returned by sfs_htab_first() or sfs_htab_next()
 *
 * Return: the entry, or NULL.
 */
struct sfs_hnode *sfs_htab_next(const struct sfs_hnode *e);

/**
 * sfs_htab_free() - release the bucket array; the entries belong to their
 * objects.  The table is empty and reusable afterwards.
 * @t: table
 */
void sfs_htab_free(struct sfs_htab *t);

/* Walk the entries of @t whose key hashes to @hash (@hash is evaluated once). */
#define sfs_htab_for_each(e, t, hash) \
	for ((e) = sfs_htab_first((t), (hash)); (e); (e) = sfs_htab_next(e))

#endif /* SCSTFS_HTAB_H */
