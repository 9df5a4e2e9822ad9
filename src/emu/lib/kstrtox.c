// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kstrtox.h"

int emu_kstrtoul_user(const char *buf, size_t len, unsigned int base,
		      unsigned long *val)
{
	char text[32], *end;

	if (!len || len >= sizeof(text))
		return -EINVAL;
	memcpy(text, buf, len);
	text[len] = '\0';
	if (text[len - 1] == '\n')
		text[len - 1] = '\0';
	/* strtoul would skip blanks and take a sign; the kernel does not */
	if (!isdigit((unsigned char)text[0]))
		return -EINVAL;
	errno = 0;
	*val = strtoul(text, &end, (int)base);
	if (*end)
		return -EINVAL;
	return errno == ERANGE ? -ERANGE : 0;
}
