// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs of the transport: transport/peers/<id>/ (one directory per
 * configured peer while the transport runs), transport/drops/<reason>
 * (control frames dropped since load, by reason), transport/sent/<type>
 * (control messages sent since load, by type) and transport/latency
 * (latency.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "conn-pri.h"
#include "transport.h"

static struct kobject *gvtmem_peers_kobj;

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

/* 1 while the connection's page loads go over a load lane (lane.c). */
static ssize_t peer_load_lane_show(struct kobject *k,
				   struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_conn(k)->lane_qp) != NULL);
}

static ssize_t peer_blocks_lent_show(struct kobject *k,
				     struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  gvtmem_transport_blocks_lent(to_conn(k)->peer));
}

static ssize_t peer_blocks_borrowed_show(struct kobject *k,
					 struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  gvtmem_transport_blocks_borrowed(to_conn(k)->peer));
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
static struct kobj_attribute gvtmem_peer_load_lane_attr =
	__ATTR(load_lane, 0444, peer_load_lane_show, NULL);

static struct attribute *gvtmem_peer_attrs[] = {
	&gvtmem_peer_state_attr.attr,
	&gvtmem_peer_address_attr.attr,
	&gvtmem_peer_sent_attr.attr,
	&gvtmem_peer_received_attr.attr,
	&gvtmem_peer_lent_attr.attr,
	&gvtmem_peer_borrowed_attr.attr,
	&gvtmem_peer_load_lane_attr.attr,
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

/*
 * sent/<type>: one file per control message type, named after it. The
 * names are the cluster protocol's, handed down at init by the module
 * entry: the transport counts types, it does not know them.
 */
static const char * const *gvtmem_type_names;

static const char *gvtmem_sent_name(int i)
{
	return gvtmem_type_names[i];
}

/*
 * A directory of read-only counters, a file per named index from 1 (index
 * 0 is "ok" for drops, no type for messages). Set up once at init; the
 * attribute's place in attrs[] is the counter's index.
 */
struct gvtmem_counter_dir {
	const char *dir;
	atomic_long_t *counts;
	int nr;
	const char *(*name)(int i);
	struct kobject *kobj;
	struct kobj_attribute *attrs;
	struct attribute **ptrs;	/* nr entries: the last stays NULL */
	struct attribute_group group;
};

static struct kobj_attribute gvtmem_drop_attrs[GVTMEM_NR_DROPS];
static struct attribute *gvtmem_drop_ptrs[GVTMEM_NR_DROPS];
static struct kobj_attribute gvtmem_sent_attrs[GVTMEM_MSG_NR_TYPES];
static struct attribute *gvtmem_sent_ptrs[GVTMEM_MSG_NR_TYPES];

static struct gvtmem_counter_dir gvtmem_counter_dirs[] = {
	{ "drops", gvtmem_drops, GVTMEM_NR_DROPS, gvtmem_drop_name,
	  NULL, gvtmem_drop_attrs, gvtmem_drop_ptrs },
	{ "sent", gvtmem_sent, GVTMEM_MSG_NR_TYPES, gvtmem_sent_name,
	  NULL, gvtmem_sent_attrs, gvtmem_sent_ptrs },
};

static ssize_t gvtmem_counter_show(struct kobject *k, struct kobj_attribute *a,
				   char *buf)
{
	int d;

	for (d = 0; d < ARRAY_SIZE(gvtmem_counter_dirs); d++) {
		struct gvtmem_counter_dir *cd = &gvtmem_counter_dirs[d];

		if (cd->kobj == k)
			return sysfs_emit(buf, "%ld\n",
					  atomic_long_read(&cd->counts[a - cd->attrs]));
	}
	return -EINVAL;
}

static int gvtmem_counter_dir_add(struct gvtmem_counter_dir *cd,
				  struct kobject *parent)
{
	int i, n = 0, ret;

	for (i = 1; i < cd->nr; i++) {
		if (!cd->name(i))
			continue;
		sysfs_attr_init(&cd->attrs[i].attr);
		cd->attrs[i].attr.name = cd->name(i);
		cd->attrs[i].attr.mode = 0444;
		cd->attrs[i].show = gvtmem_counter_show;
		cd->ptrs[n++] = &cd->attrs[i].attr;
	}
	cd->group.attrs = cd->ptrs;
	cd->kobj = kobject_create_and_add(cd->dir, parent);
	if (!cd->kobj)
		return -ENOMEM;
	ret = sysfs_create_group(cd->kobj, &cd->group);
	if (ret) {
		kobject_put(cd->kobj);
		cd->kobj = NULL;
	}
	return ret;
}

static void gvtmem_counter_dir_del(struct gvtmem_counter_dir *cd)
{
	if (!cd->kobj)
		return;
	sysfs_remove_group(cd->kobj, &cd->group);
	kobject_put(cd->kobj);
	cd->kobj = NULL;
}

int gvtmem_transport_sysfs_init(struct kobject *parent,
				const char * const *type_names)
{
	int d, ret;

	gvtmem_type_names = type_names;
	gvtmem_peers_kobj = kobject_create_and_add("peers", parent);
	if (!gvtmem_peers_kobj)
		return -ENOMEM;
	for (d = 0; d < ARRAY_SIZE(gvtmem_counter_dirs); d++) {
		ret = gvtmem_counter_dir_add(&gvtmem_counter_dirs[d], parent);
		if (ret)
			goto err_dirs;
	}
	ret = gvtmem_latency_sysfs_init(parent);
	if (ret)
		goto err_dirs;
	return 0;

err_dirs:
	while (d--)
		gvtmem_counter_dir_del(&gvtmem_counter_dirs[d]);
	kobject_put(gvtmem_peers_kobj);
	return ret;
}

void gvtmem_transport_sysfs_exit(void)
{
	int d;

	gvtmem_latency_sysfs_exit();
	for (d = 0; d < ARRAY_SIZE(gvtmem_counter_dirs); d++)
		gvtmem_counter_dir_del(&gvtmem_counter_dirs[d]);
	kobject_put(gvtmem_peers_kobj);
}
