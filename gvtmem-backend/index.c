// SPDX-License-Identifier: GPL-2.0
/*
 * The page index: red-black trees of objects per pool and of pages per
 * object (see index.h). Objects are created on first put and freed when
 * their last page goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "index.h"

void gvtmem_pool_init(struct gvtmem_pool *pool, int id, bool persistent)
{
	pool->objects = RB_ROOT;
	pool->nr_pages = 0;
	pool->persistent = persistent;
	pool->id = id;
}

static int gvtmem_key_cmp(const struct gvtmem_objkey *a,
			  const struct gvtmem_objkey *b)
{
	return memcmp(a->w, b->w, sizeof(a->w));
}

struct gvtmem_object *gvtmem_obj_find(struct gvtmem_pool *pool,
				      const struct gvtmem_objkey *key)
{
	struct rb_node *n = pool->objects.rb_node;

	while (n) {
		struct gvtmem_object *obj = rb_entry(n, struct gvtmem_object, rb);
		int c = gvtmem_key_cmp(key, &obj->key);

		if (c < 0)
			n = n->rb_left;
		else if (c > 0)
			n = n->rb_right;
		else
			return obj;
	}
	return NULL;
}

/* Find the object for key, creating it if absent. NULL if out of memory. */
struct gvtmem_object *gvtmem_obj_get(struct gvtmem_pool *pool,
				     const struct gvtmem_objkey *key, gfp_t gfp)
{
	struct rb_node **link = &pool->objects.rb_node, *parent = NULL;
	struct gvtmem_object *obj;

	while (*link) {
		int c;

		parent = *link;
		obj = rb_entry(parent, struct gvtmem_object, rb);
		c = gvtmem_key_cmp(key, &obj->key);
		if (c < 0)
			link = &parent->rb_left;
		else if (c > 0)
			link = &parent->rb_right;
		else
			return obj;
	}
	obj = kzalloc(sizeof(*obj), gfp);
	if (!obj)
		return NULL;
	obj->key = *key;
	obj->pages = RB_ROOT;
	obj->pool = pool;
	rb_link_node(&obj->rb, parent, link);
	rb_insert_color(&obj->rb, &pool->objects);
	return obj;
}

void gvtmem_obj_put_if_empty(struct gvtmem_object *obj)
{
	if (obj->nr_pages || obj->pins)
		return;
	rb_erase(&obj->rb, &obj->pool->objects);
	kfree(obj);
}

struct gvtmem_entry *gvtmem_index_find(struct gvtmem_object *obj,
				       pgoff_t index)
{
	struct rb_node *n = obj->pages.rb_node;

	while (n) {
		struct gvtmem_entry *e = rb_entry(n, struct gvtmem_entry, rb);

		if (index < e->index)
			n = n->rb_left;
		else if (index > e->index)
			n = n->rb_right;
		else
			return e;
	}
	return NULL;
}

/*
 * Insert e (e->index set) into obj. If a page with the same index exists it
 * is unlinked and returned: the caller releases it. Otherwise NULL.
 */
struct gvtmem_entry *gvtmem_index_insert(struct gvtmem_object *obj,
					 struct gvtmem_entry *e)
{
	struct rb_node **link = &obj->pages.rb_node, *parent = NULL;
	struct gvtmem_entry *old;

	while (*link) {
		parent = *link;
		old = rb_entry(parent, struct gvtmem_entry, rb);
		if (e->index < old->index) {
			link = &parent->rb_left;
		} else if (e->index > old->index) {
			link = &parent->rb_right;
		} else {
			rb_replace_node(&old->rb, &e->rb, &obj->pages);
			e->obj = obj;
			old->obj = NULL;
			return old;
		}
	}
	rb_link_node(&e->rb, parent, link);
	rb_insert_color(&e->rb, &obj->pages);
	e->obj = obj;
	obj->nr_pages++;
	obj->pool->nr_pages++;
	return NULL;
}

/* Unlink e from its object; the object itself stays (see put_if_empty). */
void gvtmem_index_erase(struct gvtmem_entry *e)
{
	struct gvtmem_object *obj = e->obj;

	rb_erase(&e->rb, &obj->pages);
	obj->nr_pages--;
	obj->pool->nr_pages--;
	e->obj = NULL;
}

/* Remove every page of obj, hand each to release, and free obj (unpinned). */
void gvtmem_obj_flush(struct gvtmem_object *obj,
		      gvtmem_entry_release_t release, void *priv)
{
	struct gvtmem_entry *e, *tmp;

	rbtree_postorder_for_each_entry_safe(e, tmp, &obj->pages, rb) {
		e->obj = NULL;
		obj->pool->nr_pages--;
		release(e, priv);
	}
	obj->pages = RB_ROOT;
	obj->nr_pages = 0;
	gvtmem_obj_put_if_empty(obj);
}

void gvtmem_pool_flush(struct gvtmem_pool *pool,
		       gvtmem_entry_release_t release, void *priv)
{
	struct gvtmem_object *obj, *tmp;

	rbtree_postorder_for_each_entry_safe(obj, tmp, &pool->objects, rb) {
		struct gvtmem_entry *e, *etmp;

		rbtree_postorder_for_each_entry_safe(e, etmp, &obj->pages, rb) {
			e->obj = NULL;
			release(e, priv);
		}
		kfree(obj);
	}
	pool->objects = RB_ROOT;
	pool->nr_pages = 0;
}
