#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every writable sysfs file's ABI entry states the grammar it accepts, in
# the form the rig's sysfs-input scenario reads and tries ("Accepts:
# boolean | unsigned MIN-MAX | word W... | hex MIN-MAX | text ..."), and no
# read-only entry has one. Checked here on the host so that a missing line
# shows before a rig run. One line per entry: "ok abi/PATH" or
# "not ok abi/PATH # why".
set -uo pipefail
cd "$(dirname "$0")/../.."

awk '
function check(  i) {
	for (i = 1; i <= nw; i++)
		check_one(w[i])
	nw = 0
}
function check_one(what) {
	name = "abi/" substr(what, length("/sys/kernel/gvtmem/") + 1)
	if (mode == "")
		print "not ok " name " # no (RO), (RW) or (WO) in the description"
	else if (mode != "RO" && n != 1)
		print "not ok " name " # writable, " n " Accepts: lines (want 1)"
	else if (mode == "RO" && n)
		print "not ok " name " # read-only, but states what it accepts"
	else if (n && acc !~ /^(boolean|unsigned [0-9]+-([0-9]+|RAM_MB)|word [a-z-]+( [a-z-]+)*|hex [0-9]+-[0-9]+|text .+)$/)
		print "not ok " name " # Accepts: \"" acc "\" is not a grammar the rig knows"
	else
		print "ok " name
}
# Consecutive What: lines share the description that follows them.
/^What:/ {
	if (!inwhat)
		check()
	if (!inwhat) {
		mode = ""
		n = 0
		acc = ""
	}
	inwhat = 1
	w[++nw] = $2
	next
}
{ inwhat = 0 }
/^Description:/ && match($0, /\((RO|RW|WO)\)/) { mode = substr($0, RSTART + 1, 2) }
/^[[:space:]]+Accepts:/ {
	n++
	acc = $0
	sub(/^[[:space:]]+Accepts:[[:space:]]*/, "", acc)
}
END { check() }
' Documentation/ABI/testing/sysfs-kernel-gvtmem
