// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs of the transport: transport/peers/<id>/ (one directory per
 * configured peer while the transport runs) and transport/drops/<reason>
 * (control frames dropped since load, by reason).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "conn-pri.h"
#include "transport.h"

static struct kobject *gvtmem_peers_kobj, *gvtmem_drops_kobj;

#define to_conn(k) container_of(k, struct gvtmem_conn, kobj)

static ssize_t peer_state_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  gvtmem_conn_state_names[READ_ONCE(to_conn(k)->state)]);
}

static ssize_t peer_address_show(struct kobject *k, struct kobj_attribute *a,
				 char *buf)
{
	struct gvtmem_conn *conn = to_conn(k);

	return sysfs_emit(buf, "%pI4:%u\n", &conn->addr.sin_addr.s_addr,
			  ntohs(conn->addr.sin_port));
}

static ssize_t peer_frames_sent_show(struct kobject *k,
				     struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&to_conn(k)->frames_sent));
}

static ssize_t peer_frames_received_show(struct kobject *k,
					 struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&to_conn(k)->frames_received));
}

static ssize_t peer_blocks_lent_show(struct kobject *k,
				     struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", gvtmem_lend_blocks_to(to_conn(k)->peer));
}

static ssize_t peer_blocks_borrowed_show(struct kobject *k,
					 struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n", gvtmem_borrow_blocks_from(to_conn(k)->peer));
}

static struct kobj_attribute gvtmem_peer_lent_attr =
	__ATTR(blocks_lent, 0444, peer_blocks_lent_show, NULL);
static struct kobj_attribute gvtmem_peer_borrowed_attr =
	__ATTR(blocks_borrowed, 0444, peer_blocks_borrowed_show, NULL);
static struct kobj_attribute gvtmem_peer_state_attr =
	__ATTR(state, 0444, peer_state_show, NULL);
static struct kobj_attribute gvtmem_peer_address_attr =
	__ATTR(address, 0444, peer_address_show, NULL);
static struct kobj_attribute gvtmem_peer_sent_attr =
	__ATTR(frames_sent, 0444, peer_frames_sent_show, NULL);
static struct kobj_attribute gvtmem_peer_received_attr =
	__ATTR(frames_received, 0444, peer_frames_received_show, NULL);

static struct attribute *gvtmem_peer_attrs[] = {
	&gvtmem_peer_state_attr.attr,
	&gvtmem_peer_address_attr.attr,
	&gvtmem_peer_sent_attr.attr,
	&gvtmem_peer_received_attr.attr,
	&gvtmem_peer_lent_attr.attr,
	&gvtmem_peer_borrowed_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(gvtmem_peer);

static struct kobj_type gvtmem_peer_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
	.release = gvtmem_conn_kobj_release,
	.default_groups = gvtmem_peer_groups,
};

int gvtmem_conn_sysfs_add(struct gvtmem_conn *conn)
{
	return kobject_init_and_add(&conn->kobj, &gvtmem_peer_ktype,
				    gvtmem_peers_kobj, "%u", conn->peer);
}

/* drops/<reason>: one file per reason, named after it. */
static const char *gvtmem_drop_name(int i)
{
	static const char * const extra[] = {
		[GVTMEM_DROP_BAD_SENDER - GVTMEM_FRAME_NR_ERRS] = "bad_sender",
		[GVTMEM_DROP_REPLAY - GVTMEM_FRAME_NR_ERRS] = "replayed",
		[GVTMEM_DROP_PAYLOAD - GVTMEM_FRAME_NR_ERRS] = "bad_payload",
		[GVTMEM_DROP_BAD_TAG - GVTMEM_FRAME_NR_ERRS] = "bad_tag",
		[GVTMEM_DROP_FAULT - GVTMEM_FRAME_NR_ERRS] = "fault_injected",
	};

	return i < GVTMEM_FRAME_NR_ERRS ? gvtmem_frame_err_names[i] :
	       extra[i - GVTMEM_FRAME_NR_ERRS];
}

static ssize_t gvtmem_drop_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	int i;

	for (i = 1; i < GVTMEM_NR_DROPS; i++)
		if (!strcmp(a->attr.name, gvtmem_drop_name(i)))
			return sysfs_emit(buf, "%ld\n",
					  atomic_long_read(&gvtmem_drops[i]));
	return -EINVAL;
}

static struct kobj_attribute gvtmem_drop_attrs[GVTMEM_NR_DROPS];
static struct attribute *gvtmem_drop_attr_ptrs[GVTMEM_NR_DROPS];
static const struct attribute_group gvtmem_drops_group = {
	.attrs = gvtmem_drop_attr_ptrs,
};

int gvtmem_transport_sysfs_init(struct kobject *parent)
{
	int i, ret;

	/* Index 0 is "ok", not a drop; the array ends with a NULL. */
	for (i = 1; i < GVTMEM_NR_DROPS; i++) {
		sysfs_attr_init(&gvtmem_drop_attrs[i].attr);
		gvtmem_drop_attrs[i].attr.name = gvtmem_drop_name(i);
		gvtmem_drop_attrs[i].attr.mode = 0444;
		gvtmem_drop_attrs[i].show = gvtmem_drop_show;
		gvtmem_drop_attr_ptrs[i - 1] = &gvtmem_drop_attrs[i].attr;
	}
	gvtmem_peers_kobj = kobject_create_and_add("peers", parent);
	if (!gvtmem_peers_kobj)
		return -ENOMEM;
	gvtmem_drops_kobj = kobject_create_and_add("drops", parent);
	if (!gvtmem_drops_kobj) {
		ret = -ENOMEM;
		goto err_peers;
	}
	ret = sysfs_create_group(gvtmem_drops_kobj, &gvtmem_drops_group);
	if (ret)
		goto err_drops;
	return 0;

err_drops:
	kobject_put(gvtmem_drops_kobj);
err_peers:
	kobject_put(gvtmem_peers_kobj);
	return ret;
}

void gvtmem_transport_sysfs_exit(void)
{
	sysfs_remove_group(gvtmem_drops_kobj, &gvtmem_drops_group);
	kobject_put(gvtmem_drops_kobj);
	kobject_put(gvtmem_peers_kobj);
}
