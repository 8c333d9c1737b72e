#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# plot-tmem-pages.sh TSV PNG TITLE: one line per client of its tmem pages
# over time, from samples "uptime<TAB>client id<TAB>cgroup<TAB>pages" (as
# tests/scenarios/demo.sh writes them), like the paper's Figures 2 and 4.
set -euo pipefail
tsv=$1 png=$2 title=$3
command -v gnuplot >/dev/null || { echo "gnuplot not installed" >&2; exit 1; }
t0=$(head -n1 "$tsv" | cut -f1)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
plots=()
# Clients that held pages at some point, one data file each.
for id in $(awk -F'\t' '$4 > 0 { print $2 }' "$tsv" | sort -un); do
	name=$(awk -F'\t' -v id="$id" '$2 == id { print $3; exit }' "$tsv")
	awk -F'\t' -v id="$id" -v t0="$t0" '$2 == id { print $1 - t0, $4 }' "$tsv" >"$dir/$id"
	plots+=("'$dir/$id' using 1:2 with lines lw 2 title 'client $id ($name)'")
done
(( ${#plots[@]} )) || { echo "no client held tmem pages in $tsv" >&2; exit 1; }
IFS=,
gnuplot <<GP
set terminal pngcairo size 900,480
set output '$png'
set title '$title'
set xlabel 'seconds'
set ylabel 'tmem pages (4 KiB)'
set key top left
set grid
plot ${plots[*]}
GP
