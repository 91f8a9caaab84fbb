/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kparse.h - the kernel's text parsing rules for mgmt commands and
 * attribute values (spec scst-sysfs.md §1.1), shared by every scstfs module.
 */
#ifndef SCSTFS_KPARSE_H
#define SCSTFS_KPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * kp_word() - take the next word of a mgmt command (scst_get_next_lexem).
 * @pos: in/out cursor into a NUL-terminated command
 * @out: buffer for the word (NUL-terminated, cut at @size - 1)
 * @size: size of @out
 *
 * Leading whitespace and '=' are skipped; the word ends at whitespace or
 * '='.  So "add=disk1=0" gives "add", "disk1", "0" (spec §1.1 "Words").
 *
 * Return: the word length; 0 at the end of the command.
 */
size_t kp_word(const char **pos, char *out, size_t size);

/**
 * kp_rest() - skip whitespace and return the rest of the command.
 * @pos: cursor
 *
 * Return: pointer to the first non-blank character (may be "").
 */
const char *kp_rest(const char *pos);

/**
 * kp_token() - take the next item of a parameter list (scst_get_next_token_str).
 * @pos:  in/out cursor into the list
 * @out:  buffer for the item, with surrounding whitespace trimmed
 * @size: size of @out
 *
 * Items are separated by ';' or '\n'.  An empty item ends the list: in
 * "a=1;;b=2" the "b=2" is never seen (spec §1.1 "Parameter lists").
 *
 * Return: true when an item was taken, false at the end of the list.
 */
bool kp_token(const char **pos, char *out, size_t size);

/**
 * kp_param() - split one parameter item "name=value" / "name value".
 * @item:  a trimmed item from kp_token() (modified in place)
 * @name:  receives the name
 * @value: receives the value
 *
 * Return: 0, or -EINVAL when the value is missing or a third word follows.
 */
int kp_param(char *item, char **name, char **value);

/**
 * kp_strtoull() / kp_strtoll() / kp_strtoul() / kp_strtol() - kstrto*()
 * with base 0: "0x1f" and octal "017" work, one trailing '\n' is allowed,
 * anything else is -EINVAL, overflow is -ERANGE (spec §1.1 "Numbers").
 * @s:   NUL-terminated text
 * @out: receives the value
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kp_strtoull(const char *s, unsigned long long *out);
int kp_strtoll(const char *s, long long *out);
int kp_strtoul(const char *s, unsigned long *out);
int kp_strtol(const char *s, long *out);
int kp_strtoint(const char *s, int *out);

/**
 * kp_strtobool() - kstrtobool(): first char y/Y/1 or n/N/0, "on"/"off".
 * @s:   text
 * @out: receives the value
 *
 * Return: 0 or -EINVAL.
 */
int kp_strtobool(const char *s, bool *out);

/**
 * kp_verb_is() - case-insensitive comparison of a command verb (spec §1.1 "Case").
 */
bool kp_verb_is(const char *word, const char *verb);

#endif /* SCSTFS_KPARSE_H */
