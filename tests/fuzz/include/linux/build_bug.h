/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BUILD_BUG_ON
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#endif
