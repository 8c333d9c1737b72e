# SPDX-License-Identifier: GPL-2.0
# Cleancache on ext4: a file set larger than a reader's page cache is read
# twice with identical checksums and cleancache gets succeed; after files
# are rewritten, overwritten in place, or deleted and recreated, no stale
# page is ever returned; unmounting drops the filesystem's pages.
# rig-nodes: 1
# rig-mem: 640
# rig-timeout: 600

rig_expect cleancache/registered registered "$(gv hooks/cleancache)"
echo 128 > /sys/kernel/gvtmem/zones/local/target_mb
mount -t ext4 /dev/vdb /mnt || rig_result fail cleancache/mount "cannot mount /dev/vdb"
rig_cgroup reader 16M
mkdir -p /mnt/set /tmp/ref

# sums: md5 of every file in the set, read inside the small cgroup.
sums() {
	rig_in_cgroup reader md5sum /mnt/set/file0 /mnt/set/file1 /mnt/set/file2 \
		/mnt/set/file3 /mnt/set/file4 /mnt/set/file5 | awk '{ print $1 }' | tr '\n' ' '
}
# ref SEED: the checksums the set must have when written with SEED (tmpfs
# has no cleancache, so this is ground truth).
ref() {
	rm -f /tmp/ref/*
	mkfiles /tmp/ref 6 8 "$1"
	md5sum /tmp/ref/file0 /tmp/ref/file1 /tmp/ref/file2 /tmp/ref/file3 \
		/tmp/ref/file4 /tmp/ref/file5 | awk '{ print $1 }' | tr '\n' ' '
}
drop() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
}

# 1. 48 MiB through a 16 MiB page cache, twice.
want=$(ref 1)
mkfiles /mnt/set 6 8 1
drop
first=$(sums)
g0=$(gv stats/gets_succeeded)
second=$(sums)
g1=$(gv stats/gets_succeeded)
echo "read twice: puts_succeeded=$(gv stats/puts_succeeded) gets during second read=$((g1 - g0)) clean_pages=$(gv stats/clean_pages)"
rig_expect cleancache/first-read-correct "$want" "$first"
rig_expect cleancache/second-read-identical "$want" "$second"
rig_check cleancache/gets-succeeded test $((g1 - g0)) -gt 0

# 2. Rewrite (truncate + write) with new content: no old page comes back.
want=$(ref 2)
mkfiles /mnt/set 6 8 2
drop
rig_expect cleancache/rewrite-not-stale "$want" "$(sums)"
rig_expect cleancache/rewrite-not-stale-again "$want" "$(sums)"

# 3. Overwrite one file in place (no truncate) with another's content.
dd if=/tmp/ref/file1 of=/mnt/set/file0 bs=64k conv=notrunc 2>/dev/null
drop
want=$(echo "$want" | awk '{ $1 = $2; print }' | tr -s ' ' | sed 's/$/ /')
rig_expect cleancache/overwrite-not-stale "$want" "$(sums)"
rig_expect cleancache/overwrite-not-stale-again "$want" "$(sums)"

# 4. Delete and recreate (the inode number may be reused).
rm -f /mnt/set/*
drop
want=$(ref 3)
mkfiles /mnt/set 6 8 3
drop
rig_expect cleancache/recreate-not-stale "$want" "$(sums)"
rig_expect cleancache/recreate-not-stale-again "$want" "$(sums)"

# 5. Shrinking the zone below the clean pages held evicts them (no swap
#    pages here, so the shrink succeeds) and reads stay correct.
want=$(ref 3)
sums >/dev/null
e0=$(gv stats/evictions)
c0=$(gv stats/clean_pages)
rig_check cleancache/shrink-evicting-clean sh -c 'echo 4 > /sys/kernel/gvtmem/zones/local/target_mb'
echo "shrink to 4 MiB: clean pages $c0 -> $(gv stats/clean_pages), evictions +$(( $(gv stats/evictions) - e0 ))"
rig_check cleancache/shrink-evicted test "$(gv stats/evictions)" -gt "$e0"
rig_check cleancache/shrink-fits test "$(gv stats/clean_pages)" -le 1024
rig_expect cleancache/after-shrink-correct "$want" "$(sums)"
echo 128 > /sys/kernel/gvtmem/zones/local/target_mb
sums >/dev/null

# 6. Unmount: the filesystem's pool and every page in it go.
rig_check cleancache/has-pages test "$(gv stats/clean_pages)" -gt 0
umount /mnt
rig_expect cleancache/umount-flushes 0 "$(gv stats/clean_pages)"
exit 0
