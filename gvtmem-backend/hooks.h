/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel hooks the backend plugs into, and whether this kernel offers them. */
#ifndef GVTMEM_HOOKS_H
#define GVTMEM_HOOKS_H

enum gvtmem_hook_id {
	GVTMEM_HOOK_FRONTSWAP,
	GVTMEM_HOOK_CLEANCACHE,
	GVTMEM_HOOK_SWAPDEV,	/* registered while a /dev/gvtmem<N> exists */
	GVTMEM_NR_HOOKS,
};

enum gvtmem_hook_state {
	GVTMEM_HOOK_UNAVAILABLE,
	GVTMEM_HOOK_AVAILABLE,
	GVTMEM_HOOK_REGISTERED,
};

enum gvtmem_hook_state gvtmem_hook_state(enum gvtmem_hook_id id);
void gvtmem_hook_set_state(enum gvtmem_hook_id id,
			   enum gvtmem_hook_state state);

#endif /* GVTMEM_HOOKS_H */
