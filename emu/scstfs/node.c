// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * node.c - the scstfs tree: directories, attribute files and symlinks.
 *
 * Each directory keeps its children twice: a doubly linked list in
 * creation order (iteration, readdir) and a hash table keyed by name
 * (htab.h; lookups stay O(1) with 10,000+ devices).  Nodes are refcounted:
 * the tree holds one reference, every open handle or queued work one
 * more, and the kernel one while it remembers the node (its FUSE lookup
 * count, until FORGET), so a handle outlives sfs_remove() (writes through
 * it then fail with ENODEV, like a deactivated kernfs node).
 *
 * The kernel caches entries, attributes, link texts and listings (fs.c):
 * removing a node the kernel knows, or changing its mode, tells fs.c to
 * invalidate them, and so does adding or removing a child of a directory
 * the kernel knows (its listing).  A link's text is set at creation and
 * never changes.
 *
 * All functions run under the global lock (sfs-internal.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "htab.h"
#include "sfs-internal.h"

struct sfs_node {
	enum sfs_type type;
	mode_t mode;
	unsigned int refs;
	uint64_t nlookup;		/* the kernel's lookup count */
	uint64_t seq;			/* rank among the parent's children, from 1 */
	bool removed;
	struct sfs_node *parent;
	struct sfs_node *prev, *next;	/* siblings, creation order */
	struct sfs_hnode hnode;		/* in the parent's kids, by name */
	/* directories */
	struct sfs_node *first, *last;
	struct sfs_htab kids;
	uint64_t seq_last;		/* the last child's seq (never reused) */
	/* files */
	const struct sfs_attr *attr;
	void *priv;
	/* links */
	char *link;
	struct sfs_counter *counter;	/* cached counter of the node's path */
	char name[];
};

static struct sfs_node *root_node;

struct sfs_node *sfs_root(void)
{
	return root_node;
}

static struct sfs_node *node_new(enum sfs_type type, const char *name, mode_t mode)
{
	size_t len = strlen(name);
	struct sfs_node *n = calloc(1, sizeof(*n) + len + 1);

	if (!n)
		return NULL;
	memcpy(n->name, name, len + 1);
	n->type = type;
	n->mode = mode;
	n->refs = 1;
	return n;
}

static void node_free(struct sfs_node *n)
{
	sfs_htab_free(&n->kids);
	free(n->link);
	free(n);
}

/**
 * sfs_engine_init() - create the root directory (mode 0755).
 *
 * Source: spec scst-sysfs.md §2 (the root is /sys/kernel/scst_tgt).
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_engine_init(void)
{
	if (root_node)
		return 0;
	root_node = node_new(SFS_DIR, "", SFS_DIR_MODE);
	return root_node ? 0 : -ENOMEM;
}

struct sfs_node *sfs_child(struct sfs_node *dir, const char *name)
{
	struct sfs_hnode *e;

	if (!dir || dir->type != SFS_DIR)
		return NULL;
	sfs_htab_for_each(e, &dir->kids, sfs_hash_str(name)) {
		struct sfs_node *c = sfs_container_of(e, struct sfs_node, hnode);

		if (!strcmp(c->name, name))
			return c;
	}
	return NULL;
}

/* Whether the kernel may cache @n (the root always). */
static bool node_known(const struct sfs_node *n)
{
	return n == root_node || n->nlookup;
}

/* Link a new node @n into @parent; on error @n is freed. */
static int node_add(struct sfs_node *parent, struct sfs_node *n, struct sfs_node **out)
{
	int ret;

	if (parent->type != SFS_DIR || parent->removed) {
		ret = parent->type != SFS_DIR ? -ENOTDIR : -ENOENT;
		goto fail;
	}
	if (sfs_child(parent, n->name)) {
		ret = -EEXIST;
		goto fail;
	}
	ret = sfs_htab_add(&parent->kids, &n->hnode, sfs_hash_str(n->name));
	if (ret)
		goto fail;
	n->parent = parent;
	n->seq = ++parent->seq_last;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	if (node_known(parent))
		sfs_fs_dir_changed(parent, n->name);
	if (out)
		*out = n;
	return 0;
fail:
	node_free(n);
	return ret;
}

static bool name_ok(const char *name)
{
	return name && *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

int sfs_mkdir(struct sfs_node *parent, const char *name, struct sfs_node **out)
{
	struct sfs_node *n;

	if (!name_ok(name))
		return -EINVAL;
	n = node_new(SFS_DIR, name, SFS_DIR_MODE);
	if (!n)
		return -ENOMEM;
	return node_add(parent, n, out);
}

int sfs_mkfile(struct sfs_node *parent, const char *name, mode_t mode,
	       const struct sfs_attr *attr, void *priv, struct sfs_node **out)
{
	struct sfs_node *n;

	if (!name_ok(name))
		return -EINVAL;
	n = node_new(SFS_FILE, name, mode & 07777);
	if (!n)
		return -ENOMEM;
	n->attr = attr;
	n->priv = priv;
	return node_add(parent, n, out);
}

int sfs_mklink_text(struct sfs_node *parent, const char *name, const char *text,
		    struct sfs_node **out)
{
	struct sfs_node *n;

	if (!name_ok(name))
		return -EINVAL;
	n = node_new(SFS_LINK, name, 0777);
	if (!n)
		return -ENOMEM;
	n->link = strdup(text);
	if (!n->link) {
		node_free(n);
		return -ENOMEM;
	}
	return node_add(parent, n, out);
}

static unsigned int node_depth(const struct sfs_node *n)
{
	unsigned int d = 0;

	for (; n && n->parent; n = n->parent)
		d++;
	return d;
}

/*
 * Relative path from directory @from to node @to: "../" for every level
 * from @from up to the common ancestor, then the names down to @to
 * (spec scst-sysfs.md §1.2 "Symlinks").
 */
static int rel_path(const struct sfs_node *from, const struct sfs_node *to, struct tk_buf *out)
{
	unsigned int df = node_depth(from), dt = node_depth(to), i, up = 0;
	const struct sfs_node *a = from, *b = to;
	const struct sfs_node **down;
	size_t nd = 0;
	int ret = 0;

	down = calloc(dt + 1, sizeof(*down));
	if (!down)
		return -ENOMEM;
	while (dt > df) {
		down[nd++] = b;
		b = b->parent;
		dt--;
	}
	while (df > dt) {
		a = a->parent;
		up++;
		df--;
	}
	while (a != b) {
		a = a->parent;
		up++;
		down[nd++] = b;
		b = b->parent;
	}
	for (i = 0; i < up && !ret; i++)
		ret = tk_buf_adds(out, i + 1 < up || nd ? "../" : "..");
	while (nd && !ret) {
		nd--;
		ret = tk_buf_adds(out, down[nd]->name);
		if (!ret && nd)
			ret = tk_buf_addc(out, '/');
	}
	if (!ret && !out->len)
		ret = tk_buf_addc(out, '.');
	free(down);
	return ret;
}

int sfs_mklink(struct sfs_node *parent, const char *name, struct sfs_node *target,
	       struct sfs_node **out)
{
	struct tk_buf text = TK_BUF_INIT;
	int ret;

	if (!parent || !target)
		return -EINVAL;
	ret = rel_path(parent, target, &text);
	if (!ret)
		ret = sfs_mklink_text(parent, name, text.data, out);
	tk_buf_free(&text);
	return ret;
}

/* Take @n out of its parent's list and hash chain. */
static void node_unlink(struct sfs_node *n)
{
	struct sfs_node *p = n->parent;

	if (!p)
		return;
	sfs_htab_del(&p->kids, &n->hnode);
	if (n->prev)
		n->prev->next = n->next;
	else
		p->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		p->last = n->prev;
	n->parent = NULL;
	n->prev = n->next = NULL;
}

/*
 * Remove @n and its subtree; the kernel has been told about the top
 * already.  A removed directory the kernel still knows (an open handle)
 * loses its cached listing too: readdir of a removed directory is empty.
 */
static void remove_tree(struct sfs_node *n)
{
	struct sfs_node *c;

	if (n->first && n->nlookup)
		sfs_fs_dir_changed(n, n->first->name);
	while ((c = n->first))
		remove_tree(c);
	node_unlink(n);
	n->removed = true;
	n->attr = NULL;
	n->priv = NULL;
	sfs_node_put(n);
}

void sfs_remove(struct sfs_node *n)
{
	if (!n || n == root_node || n->removed)
		return;
	/* a cached descendant implies a cached @n: one invalidation covers all */
	if (n->nlookup)
		sfs_fs_entry_gone(n->parent, n->name);
	if (node_known(n->parent))
		sfs_fs_dir_changed(n->parent, n->nlookup ? NULL : n->name);
	remove_tree(n);
}

void sfs_node_lookup(struct sfs_node *n)
{
	if (n != root_node && !n->nlookup++)
		sfs_node_get(n);
}

void sfs_node_forget(struct sfs_node *n, uint64_t count)
{
	if (n == root_node || !n->nlookup)
		return;
	n->nlookup = count < n->nlookup ? n->nlookup - count : 0;
	if (!n->nlookup)
		sfs_node_put(n);
}

void sfs_node_get(struct sfs_node *n)
{
	n->refs++;
}

void sfs_node_put(struct sfs_node *n)
{
	if (n && !--n->refs)
		node_free(n);
}

struct sfs_node *sfs_lookup(const char *relpath)
{
	struct sfs_node *n = root_node;
	char name[256];

	while (n && *relpath) {
		const char *end = strchrnul(relpath, '/');
		size_t len = end - relpath;

		if (len >= sizeof(name))
			return NULL;
		if (len && !(len == 1 && relpath[0] == '.')) {
			memcpy(name, relpath, len);
			name[len] = '\0';
			n = sfs_child(n, name);
		}
		relpath = *end ? end + 1 : end;
	}
	return n;
}

struct sfs_node *sfs_first_child(struct sfs_node *dir)
{
	return dir && dir->type == SFS_DIR ? dir->first : NULL;
}

struct sfs_node *sfs_next_sibling(struct sfs_node *n)
{
	return n ? n->next : NULL;
}

uint64_t sfs_node_seq(const struct sfs_node *n)
{
	return n->seq;
}

const char *sfs_node_name(const struct sfs_node *n)
{
	return n->name;
}

struct sfs_node *sfs_node_parent(const struct sfs_node *n)
{
	return n->parent;
}

void *sfs_node_priv(const struct sfs_node *n)
{
	return n->priv;
}

void sfs_node_set_priv(struct sfs_node *n, void *priv)
{
	n->priv = priv;
}

void sfs_node_set_mode(struct sfs_node *n, mode_t mode)
{
	if (n->type == SFS_LINK || n->mode == (mode & 07777))
		return;
	n->mode = mode & 07777;
	if (n->nlookup)
		sfs_fs_attr_changed(n);
}

struct sfs_counter *sfs_node_counter(const struct sfs_node *n)
{
	return n->counter;
}

void sfs_node_set_counter(struct sfs_node *n, struct sfs_counter *c)
{
	n->counter = c;
}

bool sfs_node_is_dir(const struct sfs_node *n)
{
	return n->type == SFS_DIR;
}

enum sfs_type sfs_node_type(const struct sfs_node *n)
{
	return n->type;
}

mode_t sfs_node_mode(const struct sfs_node *n)
{
	return n->mode;
}

const struct sfs_attr *sfs_node_attr(const struct sfs_node *n)
{
	return n->attr;
}

const char *sfs_node_link_text(const struct sfs_node *n)
{
	return n->link;
}

bool sfs_node_removed(const struct sfs_node *n)
{
	return n->removed;
}

int sfs_node_path(const struct sfs_node *n, struct tk_buf *out)
{
	unsigned int d = node_depth(n), i;
	const struct sfs_node **v;
	int ret = 0;

	if (!d)
		return n == root_node ? 0 : tk_buf_adds(out, n->name);
	v = calloc(d, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = d; i > 0; i--, n = n->parent)
		v[i - 1] = n;
	for (i = 0; i < d && !ret; i++) {
		if (i)
			ret = tk_buf_addc(out, '/');
		if (!ret)
			ret = tk_buf_adds(out, v[i]->name);
	}
	free(v);
	return ret;
}
