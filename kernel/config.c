// SPDX-License-Identifier: GPL-2.0
/*
 * Cluster configuration parser (see config.h). A configuration is taken
 * whole or not at all; the error names the line and the field at fault.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "config.h"
#include "parse.h"

const struct gvtmem_config_node *
gvtmem_config_node(const struct gvtmem_config *cfg, u32 id)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_nodes; i++)
		if (cfg->nodes[i].id == id)
			return &cfg->nodes[i];
	return NULL;
}

/* Parse a decimal id below GVTMEM_MAX_NODES: digits only. */
static int gvtmem_config_id(const char *s, u32 *id)
{
	u64 v;

	if (gvtmem_parse_digits(s, strlen(s), &v) || v >= GVTMEM_MAX_NODES)
		return -EINVAL;
	*id = v;
	return 0;
}

static int gvtmem_config_line(char *line, unsigned int n,
			      struct gvtmem_config *cfg, bool *have_self,
			      char *err, size_t errlen)
{
	char *words[4];
	unsigned int nw = 0, i;
	char *w;
	u32 id;
	u64 port;
	__be32 addr;

	while ((w = strsep(&line, " \t")) != NULL) {
		if (!*w)
			continue;
		if (nw == ARRAY_SIZE(words)) {
			snprintf(err, errlen, "line %u: too many words", n);
			return -EINVAL;
		}
		words[nw++] = w;
	}
	if (!nw)
		return 0;

	if (!strcmp(words[0], "self") && nw == 2) {
		if (gvtmem_config_id(words[1], &id)) {
			snprintf(err, errlen, "line %u: self: bad node id '%s' (0..%d)",
				 n, words[1], GVTMEM_MAX_NODES - 1);
			return -EINVAL;
		}
		cfg->self = id;
		*have_self = true;
		return 0;
	}
	if (!strcmp(words[0], "port") && nw == 2) {
		if (gvtmem_parse_digits(words[1], strlen(words[1]), &port) ||
		    !port || port > U16_MAX) {
			snprintf(err, errlen, "line %u: port: bad port '%s' (1..65535)",
				 n, words[1]);
			return -EINVAL;
		}
		cfg->port = port;
		return 0;
	}
	if (!strcmp(words[0], "node") && nw == 3) {
		if (gvtmem_config_id(words[1], &id)) {
			snprintf(err, errlen, "line %u: node: bad node id '%s' (0..%d)",
				 n, words[1], GVTMEM_MAX_NODES - 1);
			return -EINVAL;
		}
		if (!in4_pton(words[2], -1, (u8 *)&addr, -1, NULL)) {
			snprintf(err, errlen, "line %u: node %u: bad IPv4 address '%s'",
				 n, id, words[2]);
			return -EINVAL;
		}
		for (i = 0; i < cfg->nr_nodes; i++) {
			if (cfg->nodes[i].id == id || cfg->nodes[i].addr == addr) {
				snprintf(err, errlen, "line %u: node %u: id or address given twice",
					 n, id);
				return -EINVAL;
			}
		}
		cfg->nodes[cfg->nr_nodes].id = id;
		cfg->nodes[cfg->nr_nodes].addr = addr;
		cfg->nr_nodes++;
		return 0;
	}
	snprintf(err, errlen, "line %u: unknown or malformed line (want: self ID | port N | node ID ADDRESS)",
		 n);
	return -EINVAL;
}

int gvtmem_config_parse(const char *text, size_t len, struct gvtmem_config *cfg,
			char *err, size_t errlen)
{
	char buf[128], *hash;
	bool have_self = false;
	unsigned int n = 0;
	size_t pos = 0;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->port = GVTMEM_DEFAULT_PORT;
	err[0] = '\0';
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "a NUL byte in the text");
		return -EINVAL;
	}
	while (pos < len) {
		size_t end = pos;

		while (end < len && text[end] != '\n')
			end++;
		n++;
		if (end - pos >= sizeof(buf)) {
			snprintf(err, errlen, "line %u: longer than %zu characters",
				 n, sizeof(buf) - 1);
			return -EINVAL;
		}
		memcpy(buf, text + pos, end - pos);
		buf[end - pos] = '\0';
		pos = end + 1;
		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		ret = gvtmem_config_line(strim(buf), n, cfg, &have_self, err, errlen);
		if (ret)
			return ret;
	}
	if (!have_self) {
		snprintf(err, errlen, "self: missing (which node is this?)");
		return -EINVAL;
	}
	if (!gvtmem_config_node(cfg, cfg->self)) {
		snprintf(err, errlen, "self: node %u has no 'node' line", cfg->self);
		return -EINVAL;
	}
	return 0;
}
