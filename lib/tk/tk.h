/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tk.h - small internal helpers shared by targetkit's libraries and tools.
 *
 * Never exported from a shared library: everything here is linked
 * statically (tk_dep) and has hidden visibility.
 *
 * Error convention (../shared/STYLE.md §5): functions returning int give
 * >= 0 on success and -errno on failure.
 */
#ifndef TK_TK_H
#define TK_TK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define TK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/**
 * struct tk_buf - growable byte buffer, always NUL-terminated.
 * @data: the bytes (NULL until the first append)
 * @len:  number of bytes in use, excluding the terminating NUL
 * @cap:  allocated size of @data
 *
 * Initialise with TK_BUF_INIT or zero it; release with tk_buf_free().
 */
struct tk_buf {
	char *data;
	size_t len;
	size_t cap;
};

#define TK_BUF_INIT { NULL, 0, 0 }

/**
 * tk_buf_reserve() - make room for @extra more bytes plus the NUL.
 * @b:     buffer
 * @extra: number of bytes the caller is about to append
 *
 * Return: 0, or -ENOMEM.
 */
int tk_buf_reserve(struct tk_buf *b, size_t extra);

/**
 * tk_buf_add() - append @len bytes of @p.
 * @b:   buffer
 * @p:   bytes (may contain NULs)
 * @len: byte count
 *
 * Return: 0, or -ENOMEM.
 */
int tk_buf_add(struct tk_buf *b, const void *p, size_t len);

/**
 * tk_buf_adds() - append the NUL-terminated string @s.
 * @b: buffer
 * @s: string
 *
 * Return: 0, or -ENOMEM.
 */
int tk_buf_adds(struct tk_buf *b, const char *s);

/**
 * tk_buf_addc() - append one character.
 * @b: buffer
 * @c: character
 *
 * Return: 0, or -ENOMEM.
 */
int tk_buf_addc(struct tk_buf *b, char c);

/**
 * tk_buf_printf() - append printf-formatted text.
 * @b:   buffer
 * @fmt: printf format
 *
 * Return: 0, or -ENOMEM (or -EINVAL on a format error).
 */
__attribute__((format(printf, 2, 3)))
int tk_buf_printf(struct tk_buf *b, const char *fmt, ...);

/**
 * tk_buf_vprintf() - va_list form of tk_buf_printf().
 * @b:   buffer
 * @fmt: printf format
 * @ap:  arguments
 *
 * Return: 0, -ENOMEM or -EINVAL.
 */
int tk_buf_vprintf(struct tk_buf *b, const char *fmt, va_list ap);

/**
 * tk_buf_reset() - empty the buffer, keeping its allocation.
 * @b: buffer
 */
void tk_buf_reset(struct tk_buf *b);

/**
 * tk_buf_steal() - take the bytes out of the buffer.
 * @b: buffer; it is left empty (as TK_BUF_INIT)
 *
 * Return: a malloc()ed NUL-terminated string (free with free()), or NULL
 * when the allocation of an empty string fails.
 */
char *tk_buf_steal(struct tk_buf *b);

/**
 * tk_buf_free() - release the buffer's memory; @b is left as TK_BUF_INIT.
 * @b: buffer (NULL does nothing)
 */
void tk_buf_free(struct tk_buf *b);

/**
 * tk_file_read() - read a whole file into memory.
 * @path: file path
 * @out:  on success, a malloc()ed NUL-terminated copy of the content
 *        (free with free())
 * @len:  on success, the number of bytes read (may be NULL)
 *
 * Retries EINTR; EAGAIN from read() is returned to the caller (sysfs
 * attributes backed by asynchronous work may give it).
 *
 * Return: 0, or -errno of open()/read() (-ENOMEM when out of memory).
 */
int tk_file_read(const char *path, char **out, size_t *len);

/**
 * tk_file_write_atomic() - replace a file's content atomically.
 * @path: destination path
 * @data: bytes to write
 * @len:  byte count
 * @mode: permission bits of the new file (e.g. 0600 for CHAP secrets)
 *
 * Writes a temporary file in the same directory, fsync()s it, rename()s it
 * over @path and fsync()s the directory (../shared/STYLE.md §6).
 *
 * Return: 0, or -errno of the failing system call.
 */
int tk_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/**
 * tk_errname() - symbolic name of an errno value ("EINVAL").
 * @err: errno value, either sign
 *
 * Return: a static string; "E<number>" style is not produced, unknown
 * values give "EUNKNOWN".
 */
const char *tk_errname(int err);

#endif /* TK_TK_H */
