# SPDX-License-Identifier: GPL-2.0
# Transport: nodes configured by one write connect to every peer over RDMA,
# exchange control frames, and drop (and count) every malformed, forged or
# replayed frame a peer sends. Bad configurations are refused, naming the
# field, and change nothing. With a cluster key, a frame recorded on one
# connection and replayed on a later one fails its tag: tags are bound to
# the connection.
# rig-nodes: 3
# rig-params: test_hooks=1
# rig-timeout: 300

cfg=/sys/kernel/gvtmem/cluster/config

# Refused configurations first, while nothing is configured.
bad() {
	if printf "$2" > $cfg 2>/dev/null; then
		rig_result fail "transport/config-refuses-$1" "accepted"
	else
		rig_expect "transport/config-refuses-$1" "" "$(cat $cfg)"
	fi
}
bad no-self 'node 1 10.213.0.11\n'
bad self-not-a-node 'self 2\nnode 1 10.213.0.11\n'
bad bad-address 'self 1\nnode 1 10.213.0.300\n'
bad bad-id 'self 1\nnode 1 10.213.0.11\nnode 256 10.213.0.12\n'
bad duplicate-id 'self 1\nnode 1 10.213.0.11\nnode 1 10.213.0.12\n'
bad bad-port 'self 1\nport 0\nnode 1 10.213.0.11\n'
bad unknown-word 'self 1\nnodes 1 10.213.0.11\n'
rig_check transport/config-refusal-names-field sh -c 'dmesg | grep -q "cluster/config refused: line 3: node: bad node id .256."'

rig_cluster_config > /tmp/cluster.conf
rig_check transport/config-accepted sh -c "cat /tmp/cluster.conf > $cfg"
rig_check transport/config-readback grep -q "^self $NODE\$" $cfg
rig_check transport/all-peers-up rig_peers_up 60
for i in $(seq 1 "$NODES"); do
	[ "$i" = "$NODE" ] && continue
	echo "peer $i: $(cat /sys/kernel/gvtmem/transport/peers/$i/state) $(cat /sys/kernel/gvtmem/transport/peers/$i/address)"
done
rig_barrier connected

# A well-formed Statistics message (88 bytes, state Active) to every peer.
stats=$(printf '%016d01%014d%0144d' 0 0 0)
for i in $(seq 1 "$NODES"); do
	[ "$i" = "$NODE" ] && continue
	rig_check "transport/send-to-node$i" sh -c "echo '$i 1 $stats' > /sys/kernel/debug/gvtmem/send"
done
rig_barrier sent
for i in $(seq 1 "$NODES"); do
	[ "$i" = "$NODE" ] && continue
	rig_check "transport/received-from-node$i" rig_wait 10 sh -c "test \$(cat /sys/kernel/gvtmem/transport/peers/$i/frames_received) -ge 1"
done

# Bad frames to every peer: each must be dropped under its reason.
raw() { echo "$1 $2" > /sys/kernel/debug/gvtmem/send_raw; }
for i in $(seq 1 "$NODES"); do
	[ "$i" = "$NODE" ] && continue
	raw "$i" deadbeef					# short
	raw "$i" "$(rig_frame 1 "$NODE" 100 "$stats" | sed 's/^47564d54/00000000/')"	# bad magic
	raw "$i" "$(rig_frame 1 "$NODE" 101 "$stats" 2)"	# bad version
	raw "$i" "$(rig_frame 1 "$NODE" 102 "$stats")00"	# len disagrees
	raw "$i" "$(rig_frame 1 "$NODE" 103 "${stats}00")"	# bad payload size
	raw "$i" "$(rig_frame 1 200 104 "$stats")"		# forged sender
	raw "$i" "$(rig_frame 1 "$NODE" 1 "$stats")"		# replayed sequence
done
rig_barrier bad-sent
peers=$((NODES - 1))
sleep 1
for r in short bad_magic bad_version bad_length bad_payload bad_sender replayed; do
	rig_expect "transport/dropped-$r" "$peers" "$(cat /sys/kernel/gvtmem/transport/drops/$r)"
done
for i in $(seq 1 "$NODES"); do
	[ "$i" = "$NODE" ] && continue
	rig_expect "transport/still-up-node$i" up "$(cat /sys/kernel/gvtmem/transport/peers/$i/state)"
done

# Replays, with a cluster key: node 1 sends node 2 a frame and plays the
# same bytes again, first on the same connection (an old sequence number),
# then after a reset on the new connection (a tag for another connection).
D=/sys/kernel/gvtmem/transport/drops
printf '%064x\n' 4242 > /sys/kernel/gvtmem/cluster/key
rig_barrier keyed
sleep 2
replayed0=$(cat $D/replayed) bad_tag0=$(cat $D/bad_tag)
rig_barrier replay-baseline
if [ "$NODE" = 1 ]; then
	rig_check transport/keyed-send sh -c "echo '2 1 $stats' > /sys/kernel/debug/gvtmem/send"
	rig_check transport/replay-same-connection sh -c 'echo 2 > /sys/kernel/debug/gvtmem/replay'
fi
rig_barrier replayed-same
if [ "$NODE" = 2 ]; then
	rig_check transport/replay-same-connection-dropped rig_wait 10 \
		test "$(cat $D/replayed)" = $((replayed0 + 1))
	rig_expect transport/replay-same-connection-tag-ok "$bad_tag0" "$(cat $D/bad_tag)"
fi
rig_barrier checked-same
if [ "$NODE" = 1 ]; then
	rig_check transport/reset sh -c 'echo 2 > /sys/kernel/debug/gvtmem/faults/reset'
	sleep 1
fi
rig_check transport/reconnected-after-reset rig_peers_up 60
rig_barrier reconnected
if [ "$NODE" = 1 ]; then
	rig_check transport/replay-other-connection sh -c 'echo 2 > /sys/kernel/debug/gvtmem/replay'
fi
rig_barrier replayed-other
if [ "$NODE" = 2 ]; then
	rig_check transport/replay-other-connection-refused rig_wait 10 \
		test "$(cat $D/bad_tag)" = $((bad_tag0 + 1))
	rig_check transport/replay-other-connection-logged sh -c \
		'dmesg | grep -q "peer 1: frame dropped: authentication tag does not match"'
	rig_expect transport/replay-other-connection-not-delivered "$((replayed0 + 1))" "$(cat $D/replayed)"
fi
for i in $(seq 1 "$NODES"); do
	[ "$i" = "$NODE" ] && continue
	rig_expect "transport/up-after-replays-node$i" up "$(cat /sys/kernel/gvtmem/transport/peers/$i/state)"
done
rig_barrier done
exit 0
