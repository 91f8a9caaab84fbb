// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * work.c - writes, "sysfs work" and last_sysfs_mgmt_res, test knobs and
 * per-path counters.
 *
 * Kernel model (spec scst-sysfs.md §1.4, §4): a modifying store queues a
 * work item on one work thread and waits for it up to 15 s; the result of
 * the last completed modifying work is the global last_sysfs_mgmt_res,
 * which reads EAGAIN while work is pending; synchronous stores never
 * touch it.
 *
 * Emulator model: a store() declares itself modifying work by calling
 * sfs_work_begin().  Normally the work completes inside the store().
 * Deferred work (knobs "slow" and "always-eagain", a stalled work, or a
 * new work queued behind pending ones) lives in a FIFO whose items
 * complete when due, in order, like the one kernel work thread: a timer
 * thread wakes at the head's due time, and sfs_work_poll() (run by
 * sfs_lock(), so by every FUSE operation that looks at the model) catches
 * up first if it is late.  A deferred store() is abandoned inside
 * sfs_work_begin() (longjmp) and called again at completion time, so a
 * reader sees the old state until then.
 */
#include <errno.h>
#include <fnmatch.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "htab.h"
#include "sfs-internal.h"

#define SFS_PAGE 4096

/*
 * struct work - a deferred or stalled work item.
 * @node:    file whose store() runs at completion (referenced); NULL for a stall
 * @buf:     the stored bytes (NUL-terminated)
 * @len:     byte count
 * @due_ms:  monotonic time at which it may complete
 * @result:  store() result (stall: known up front; else set at completion)
 * @done:    completed
 * @waiter:  a blocked write() collects and frees the item
 */
struct work {
	struct work *next;
	struct sfs_node *node;
	char *buf;
	size_t len;
	int64_t due_ms;
	int result;
	bool done;
	bool waiter;
};

/*
 * struct store_ctx - the store() in progress.
 * @can_defer: sfs_work_begin() may abandon the store (longjmp to @env)
 * @work:      the store called sfs_work_begin() / sfs_work_stall()
 * @stall:     the store called sfs_work_stall()
 * @deferred:  the store was abandoned in sfs_work_begin()
 * @prev:      the enclosing context (none in practice)
 */
struct store_ctx {
	jmp_buf env;
	bool can_defer;
	bool work;
	bool stall;
	bool deferred;
	struct store_ctx *prev;
};

/*
 * struct sfs_counter - the counters of one path.  Kept until exit, also
 * across counters-reset (which zeroes them), so a node may cache its
 * counter (sfs_node_counter()).
 */
struct sfs_counter {
	struct sfs_hnode hnode;		/* in ctab, by path */
	struct sfs_counter *all;	/* every counter, for dumps */
	unsigned long r, w;
	char path[];
};

static int last_res;
static struct work *q_head, *q_tail;
static struct store_ctx *cur;
static unsigned long writes_total;
static struct sfs_htab ctab;
static struct sfs_counter *c_all;

static struct sfs_knobs knobs = {
	.eagain_ms = 15000,
	.eagain_delay_ms = 50,
	.stall_ms = 2000,
	.fail_glob_count = -1,
};

/**
 * sfs_knobs() - the live test knobs (control socket, --stall-ms).
 *
 * Read and change them with the global lock held.
 *
 * Return: pointer to the one knob set.
 */
struct sfs_knobs *sfs_knobs(void)
{
	return &knobs;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- counters ------------------------------------------------------------- */

static struct sfs_counter *counter_get(const char *path)
{
	uint64_t h = sfs_hash_str(path);
	struct sfs_counter *c;
	struct sfs_hnode *e;
	size_t len;

	sfs_htab_for_each(e, &ctab, h) {
		c = sfs_container_of(e, struct sfs_counter, hnode);
		if (!strcmp(c->path, path))
			return c;
	}
	len = strlen(path);
	c = calloc(1, sizeof(*c) + len + 1);
	if (!c)
		return NULL;
	memcpy(c->path, path, len + 1);
	if (sfs_htab_add(&ctab, &c->hnode, h)) {
		free(c);
		return NULL;
	}
	c->all = c_all;
	c_all = c;
	return c;
}

/* The path of @n relative to the root, "." for the root; NULL: no memory. */
static char *node_path(const struct sfs_node *n)
{
	struct tk_buf p = TK_BUF_INIT;

	if (sfs_node_path(n, &p) || tk_buf_adds(&p, p.len ? "" : ".")) {
		tk_buf_free(&p);
		return NULL;
	}
	return tk_buf_steal(&p);
}

/* The counter of @n's path, looked up once per node (the hot path is one load). */
static struct sfs_counter *node_counter(struct sfs_node *n)
{
	struct sfs_counter *c = sfs_node_counter(n);
	char *path;

	if (c)
		return c;
	path = node_path(n);
	if (!path)
		return NULL;
	c = counter_get(path);
	free(path);
	if (c)
		sfs_node_set_counter(n, c);
	return c;
}

/**
 * sfs_count_read() - count one open-for-read (one show() call) of @n.
 * @n: the file
 *
 * Source: brief item 5 ("counters" control command).
 */
void sfs_count_read(struct sfs_node *n)
{
	struct sfs_counter *c = node_counter(n);

	if (c)
		c->r++;
}

static int counter_cmp(const void *a, const void *b)
{
	return strcmp((*(struct sfs_counter *const *)a)->path,
		      (*(struct sfs_counter *const *)b)->path);
}

/**
 * sfs_counters_dump() - append "R W path\n" lines sorted by path.
 * @glob: fnmatch() pattern on the path (no FNM_PATHNAME), or NULL for all
 * @out:  output buffer
 *
 * Return: 0 or -ENOMEM.
 */
int sfs_counters_dump(const char *glob, struct tk_buf *out)
{
	struct sfs_counter **v, *c;
	size_t i, n = 0;
	int ret = 0;

	v = calloc(ctab.n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (c = c_all; c; c = c->all)
		if ((c->r || c->w) && (!glob || !fnmatch(glob, c->path, 0)))
			v[n++] = c;
	qsort(v, n, sizeof(*v), counter_cmp);
	for (i = 0; i < n && !ret; i++)
		ret = tk_buf_printf(out, "%lu %lu %s\n", v[i]->r, v[i]->w, v[i]->path);
	free(v);
	return ret;
}

/**
 * sfs_counters_reset() - zero the per-path counters and writes-total.
 */
void sfs_counters_reset(void)
{
	struct sfs_counter *c;

	for (c = c_all; c; c = c->all)
		c->r = c->w = 0;
	writes_total = 0;
}

/**
 * sfs_writes_total() - store() calls since start or the last reset.
 *
 * Return: the count (deferred stores count once, when written).
 */
unsigned long sfs_writes_total(void)
{
	return writes_total;
}

/* ---- work queue ----------------------------------------------------------- */

void sfs_work_begin(void)
{
	if (!cur)
		return;
	cur->work = true;
	if (cur->can_defer)
		longjmp(cur->env, 1);
}

void sfs_work_stall(void)
{
	/*
	 * Never abandons the store: it is called deep inside a work that has
	 * already changed the model (scenario 50 rollback).  A deferred work
	 * that stalls when it completes publishes its result at once.
	 */
	if (!cur)
		return;
	cur->stall = true;
	cur->work = true;
}

bool sfs_work_pending(void)
{
	return q_head != NULL;
}

int sfs_work_last_res_show(struct sfs_node *n, struct tk_buf *out)
{
	sfs_work_poll();
	if (sfs_work_pending())
		return -EAGAIN;
	return tk_buf_printf(out, "%d\n", last_res) < 0 ? -ENOMEM : 0;
}

/* Call @a->store; returns with @c->deferred set if it was abandoned. */
static int store_call(struct store_ctx *c, struct sfs_node *n, const struct sfs_attr *a,
		      const char *buf, size_t len)
{
	int ret;

	c->prev = cur;
	cur = c;
	if (setjmp(c->env)) {
		cur = c->prev;
		c->deferred = true;
		return 0;
	}
	ret = a->store(n, buf, len);
	cur = c->prev;
	return ret;
}

static void work_free(struct work *w)
{
	if (!w)
		return;
	sfs_node_put(w->node);
	free(w->buf);
	free(w);
}

/* Complete @w (the queue head): run its store or publish the stall result. */
static void work_complete(struct work *w)
{
	struct store_ctx c = { 0 };
	const struct sfs_attr *a;

	if (w->node) {
		a = sfs_node_attr(w->node);
		if (sfs_node_removed(w->node) || !a || !a->store)
			w->result = -ENODEV;
		else
			w->result = store_call(&c, w->node, a, w->buf, w->len);
		if (w->result > 0)
			w->result = 0;
	}
	last_res = w->result;
	w->done = true;
	sfs_wake();
}

/**
 * sfs_work_poll() - complete every queued work that is due, in order.
 *
 * Called with the lock held at the start of each FUSE operation and by
 * last_sysfs_mgmt_res reads.  Completion order is the queue order (the
 * kernel has one sysfs work thread).  Source: spec scst-sysfs.md §1.4.
 */
void sfs_work_poll(void)
{
	int64_t now;
	struct work *w;

	if (!q_head)
		return;
	now = now_ms();
	while ((w = q_head) && w->due_ms <= now) {
		q_head = w->next;
		if (!q_head)
			q_tail = NULL;
		w->next = NULL;
		work_complete(w);
		if (!w->waiter)
			work_free(w);
	}
}

static void work_queue(struct work *w)
{
	if (q_tail && q_tail->due_ms > w->due_ms)
		w->due_ms = q_tail->due_ms;
	if (q_tail)
		q_tail->next = w;
	else
		q_head = w;
	q_tail = w;
	sfs_wake();	/* the timer thread looks at the new due time */
}

/*
 * Block the writer (lock released while waiting) until @w completes or the
 * kernel's EAGAIN wait (@limit_ms) runs out.  Return: @w's result or -EAGAIN.
 */
static int work_wait(struct work *w, int64_t limit_ms)
{
	int64_t deadline = now_ms() + limit_ms;
	int ret;

	w->waiter = true;
	for (;;) {
		sfs_work_poll();
		if (w->done)
			break;
		if (now_ms() >= deadline) {
			w->waiter = false;	/* completes later, freed by the poll */
			return -EAGAIN;
		}
		sfs_wait(q_head && q_head->due_ms < deadline ? q_head->due_ms : deadline);
	}
	ret = w->result;
	work_free(w);
	return ret;
}

/* Complete each work item at its due time, also when nobody looks. */
static void *work_timer(void *arg)
{
	for (;;) {
		sfs_lock();	/* completes what is due */
		if (!q_head || q_head->due_ms > now_ms())
			sfs_wait(q_head ? q_head->due_ms : -1);
		sfs_unlock();	/* tells the kernel what the work changed */
	}
	return NULL;
}

/**
 * sfs_work_start() - start the thread that completes deferred work when due.
 *
 * Return: 0 or -errno of pthread_create().
 */
int sfs_work_start(void)
{
	static bool started;
	int ret;

	if (started)
		return 0;
	ret = sfs_thread_start(work_timer);
	started = !ret;
	return ret;
}

/* Queue the abandoned store of @n as a work item and decide the write's result. */
static int work_defer(struct sfs_node *n, char *kbuf, size_t len)
{
	struct work *w = calloc(1, sizeof(*w));
	bool eagain_now = knobs.always_eagain;

	if (!w) {
		free(kbuf);
		return -ENOMEM;
	}
	sfs_node_get(n);
	w->node = n;
	w->buf = kbuf;
	w->len = len;
	w->due_ms = now_ms();
	if (knobs.always_eagain)
		w->due_ms += knobs.eagain_delay_ms;
	else if (knobs.slow_ms > 0)
		w->due_ms += knobs.slow_ms;
	work_queue(w);
	if (eagain_now)
		return -EAGAIN;
	return work_wait(w, knobs.eagain_ms);
}

static bool fail_glob_matches(const struct sfs_node *n)
{
	char *path = node_path(n);
	bool match = path && !fnmatch(knobs.fail_glob, path, 0);

	free(path);
	return match;
}

static int fail_knobs(const struct sfs_node *n)
{
	if (knobs.fail_nth > 0 && --knobs.fail_nth == 0)
		return -knobs.fail_nth_err;
	if (knobs.fail_glob && knobs.fail_glob_count && fail_glob_matches(n)) {
		int err = knobs.fail_glob_err;

		if (knobs.fail_glob_count > 0 && --knobs.fail_glob_count == 0) {
			free(knobs.fail_glob);
			knobs.fail_glob = NULL;
		}
		return -err;
	}
	return 0;
}

/**
 * sfs_work_write() - one write() to an attribute file (lock held).
 * @n:    the file's node (its path is used by the counters and fail-path)
 * @buf:  the written bytes
 * @len:  byte count
 *
 * Order: a removed node gives ENODEV (kernfs deactivation); a zero-length
 * write returns 0 without store() (scenarios 16, 25); the write is
 * counted; fail-nth/fail-path knobs fail it without store(); the data is
 * cut at 4096 bytes and NUL-terminated (scenario 49, spec §1.2); store()
 * runs; a modifying work updates last_sysfs_mgmt_res (§1.4) or is
 * deferred (knobs, stall, or pending work ahead of it).
 *
 * Return: the accepted byte count (at most 4096), or -errno from the
 * store(), a knob, -EAGAIN (stall, deferred past the wait limit),
 * -ENODEV or -ENOMEM.
 */
ssize_t sfs_work_write(struct sfs_node *n, const char *buf, size_t len)
{
	const struct sfs_attr *a = sfs_node_attr(n);
	struct store_ctx c = { 0 };
	size_t cut = len > SFS_PAGE ? SFS_PAGE : len;
	struct sfs_counter *cnt;
	char *kbuf;
	int ret;

	if (sfs_node_removed(n))
		return -ENODEV;
	if (!len)
		return 0;
	cnt = node_counter(n);
	if (cnt)
		cnt->w++;
	ret = fail_knobs(n);
	if (ret)
		return ret;
	if (!a || !a->store)
		return cut;
	kbuf = malloc(cut + 1);
	if (!kbuf)
		return -ENOMEM;
	memcpy(kbuf, buf, cut);
	kbuf[cut] = '\0';
	writes_total++;
	c.can_defer = knobs.always_eagain || knobs.slow_ms > 0 || q_head;
	ret = store_call(&c, n, a, kbuf, cut);
	if (c.deferred) {
		ret = work_defer(n, kbuf, cut);	/* takes kbuf */
		return ret < 0 ? ret : (ssize_t)cut;
	}
	free(kbuf);
	if (ret > 0)
		ret = 0;
	if (c.stall) {
		struct work *w = calloc(1, sizeof(*w));

		if (!w)
			return -ENOMEM;
		w->result = ret;
		w->due_ms = now_ms() + knobs.stall_ms;
		work_queue(w);
		return -EAGAIN;
	}
	if (c.work)
		last_res = ret;
	return ret < 0 ? ret : (ssize_t)cut;
}
