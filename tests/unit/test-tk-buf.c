// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the tk_buf growable buffer and tk_errname(). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tk.h"

static void test_append_and_printf(void **state)
{
	struct tk_buf b = TK_BUF_INIT;
	int i;

	assert_int_equal(tk_buf_adds(&b, "add_device "), 0);
	assert_int_equal(tk_buf_printf(&b, "%s %d", "d0", 7), 0);
	assert_string_equal(b.data, "add_device d0 7");
	assert_int_equal(b.len, strlen("add_device d0 7"));
	for (i = 0; i < 10000; i++)
		assert_int_equal(tk_buf_addc(&b, 'x'), 0);
	assert_int_equal(b.len, 15 + 10000);
	assert_int_equal(b.data[b.len], '\0');
	tk_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	tk_buf_free(&b);
	assert_null(b.data);
}

static void test_binary_and_steal(void **state)
{
	struct tk_buf b = TK_BUF_INIT;
	char *s;

	assert_int_equal(tk_buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	s = tk_buf_steal(&b);
	assert_non_null(s);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	s = tk_buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
	tk_buf_free(NULL);
}

static void test_reserve_terminates(void **state)
{
	struct tk_buf b = TK_BUF_INIT;

	/* A reserve alone (as tk_file_read() does before an empty read) must
	 * leave a valid empty string behind. */
	assert_int_equal(tk_buf_reserve(&b, 100), 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	tk_buf_free(&b);
}

static void test_errname(void **state)
{
	assert_string_equal(tk_errname(EINVAL), "EINVAL");
	assert_string_equal(tk_errname(-EBADSLT), "EBADSLT");
	assert_string_equal(tk_errname(ENOTBLK), "ENOTBLK");
	assert_string_equal(tk_errname(EREMOTEIO), "EREMOTEIO");
	assert_string_equal(tk_errname(99999), "EUNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_printf),
		cmocka_unit_test(test_binary_and_steal),
		cmocka_unit_test(test_reserve_terminates),
		cmocka_unit_test(test_errname),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
