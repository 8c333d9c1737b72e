// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster key and frame authentication (see auth.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/rwsem.h>
#include <linux/string.h>

#include "../rdma-transport/frame.h"
#include "auth.h"
#include "parse.h"

/*
 * gvtmem_auth_sem: writers change the key, readers compute tags. Protects
 * gvtmem_auth_tfm's key and gvtmem_auth_keyed. Readers are the transport's
 * send and receive paths, both in process context.
 */
static DECLARE_RWSEM(gvtmem_auth_sem);
static struct crypto_shash *gvtmem_auth_tfm;
static bool gvtmem_auth_keyed;

int gvtmem_auth_init(void)
{
	gvtmem_auth_tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(gvtmem_auth_tfm)) {
		pr_err("hmac(sha256) unavailable (%ld): cluster membership needs CONFIG_CRYPTO_HMAC and CONFIG_CRYPTO_SHA256\n",
		       PTR_ERR(gvtmem_auth_tfm));
		gvtmem_auth_tfm = NULL;
	}
	return 0;	/* transport-only operation still works */
}

void gvtmem_auth_exit(void)
{
	if (gvtmem_auth_tfm)
		crypto_free_shash(gvtmem_auth_tfm);
}

bool gvtmem_auth_has_key(void)
{
	return READ_ONCE(gvtmem_auth_keyed);
}

/* hex: 32..128 hex digits, one trailing newline allowed. */
int gvtmem_auth_set_key(const char *hex, size_t len)
{
	u8 key[GVTMEM_KEY_MAX_LEN];
	int ret;

	ret = gvtmem_parse_hex("cluster/key", hex, len, key, GVTMEM_KEY_MIN_LEN,
			       GVTMEM_KEY_MAX_LEN,
			       "write " __stringify(GVTMEM_KEY_MIN_LEN) " to " __stringify(GVTMEM_KEY_MAX_LEN) " bytes as hex digits");
	if (ret < 0)
		return ret;
	len = 2 * ret;
	if (!gvtmem_auth_tfm) {
		pr_warn("cluster/key refused: no hmac(sha256) in this kernel\n");
		return -EOPNOTSUPP;
	}
	down_write(&gvtmem_auth_sem);
	ret = crypto_shash_setkey(gvtmem_auth_tfm, key, len / 2);
	gvtmem_auth_keyed = !ret;
	up_write(&gvtmem_auth_sem);
	memzero_explicit(key, sizeof(key));
	if (ret)
		pr_warn("cluster/key refused by hmac(sha256): %d\n", ret);
	else
		pr_info("cluster key set (%zu bytes)\n", len / 2);
	return ret;
}

/*
 * HMAC over the binding, then buf with the header's tag field zeroed;
 * auth sem held.
 */
static int gvtmem_auth_frame_hmac(void *buf, u32 len,
				  const struct gvtmem_frame_bind *bind, u8 *out)
{
	struct gvtmem_frame_hdr *h = buf;
	SHASH_DESC_ON_STACK(desc, gvtmem_auth_tfm);
	int ret;

	memset(h->tag, 0, sizeof(h->tag));
	desc->tfm = gvtmem_auth_tfm;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, (const u8 *)bind, sizeof(*bind)) ?:
	      crypto_shash_finup(desc, buf, len, out);
	shash_desc_zero(desc);
	return ret;
}

int gvtmem_auth_tag_frame(void *buf, u32 len,
			  const struct gvtmem_frame_bind *bind)
{
	struct gvtmem_frame_hdr *h = buf;
	u8 tag[GVTMEM_FRAME_TAG_LEN];
	int ret = 0;

	if (len < sizeof(*h))
		return -EINVAL;
	down_read(&gvtmem_auth_sem);
	if (gvtmem_auth_keyed) {
		ret = gvtmem_auth_frame_hmac(buf, len, bind, tag);
		if (!ret)
			memcpy(h->tag, tag, sizeof(tag));
	} else {
		memset(h->tag, 0, sizeof(h->tag));
	}
	up_read(&gvtmem_auth_sem);
	return ret;
}

bool gvtmem_auth_frame_ok(void *buf, u32 len,
			  const struct gvtmem_frame_bind *bind)
{
	struct gvtmem_frame_hdr *h = buf;
	u8 got[GVTMEM_FRAME_TAG_LEN], want[GVTMEM_FRAME_TAG_LEN];
	bool ok;

	if (len < sizeof(*h))
		return false;
	memcpy(got, h->tag, sizeof(got));
	down_read(&gvtmem_auth_sem);
	if (gvtmem_auth_keyed)
		ok = !gvtmem_auth_frame_hmac(buf, len, bind, want) &&
		     !crypto_memneq(got, want, sizeof(got));
	else
		ok = !memchr_inv(got, 0, sizeof(got));
	up_read(&gvtmem_auth_sem);
	memcpy(h->tag, got, sizeof(got));
	return ok;
}

int gvtmem_auth_hmac(const void *data, u32 len, u8 *out)
{
	int ret = -ENOKEY;

	down_read(&gvtmem_auth_sem);
	if (gvtmem_auth_keyed) {
		SHASH_DESC_ON_STACK(desc, gvtmem_auth_tfm);

		desc->tfm = gvtmem_auth_tfm;
		ret = crypto_shash_digest(desc, data, len, out);
		shash_desc_zero(desc);
	}
	up_read(&gvtmem_auth_sem);
	return ret;
}
