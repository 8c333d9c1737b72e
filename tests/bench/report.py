#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py DIR: turn what tests/bench/run.sh measured into DIR/results.json,
DIR/report.md and PNG plots (gnuplot): running time per client per
configuration (the paper's Figures 1, 3, 5), tmem pages per client over time
(Figures 2, 4), improvements over greedy-local, and the targets of the
evaluation, each met or missed with the figures that decide it.

Every figure is the median over the runs, printed with the run count and the
spread (lowest to highest)."""

import csv
import json
import os
import re
import statistics
import subprocess
import sys

GVTMEM = ["greedy-local", "greedy-remote", "ttm", "adaptive", "adaptive-replicas",
          "greedy-remote-shared", "adaptive-shared",
          "greedy-remote-writebehind", "adaptive-writebehind"]
ORDER = ["disk"] + GVTMEM + ["zswap", "zram", "nbd", "nvmeof"]
WORKLOAD = {"1": "k-means x2 (analytics)", "2": "usemem-grow", "3": "PageRank (graph)"}
# The swap disk of a run (results.tsv's disk column): a device model, or the
# host's page cache. Compare configurations only within one.
MODELS = ["model-a", "model-b"]
DISKS = MODELS + ["unthrottled"]
DISK_TITLE = {"model-a": "model A: SSD slowed by the guest's slowdown",
              "model-b": "model B: disk at today's NVMe-to-RDMA cost ratio",
              "unthrottled": "unthrottled disk (no device model)"}
# Results from before the two models name model A "throttled".
OLD_DISK = {"throttled": "model-a"}
# Model B's disk: a 4 KiB read costs this many remote loads (run.sh).
NVME_RATIO = 20


def load(out):
    rows = []
    with open(os.path.join(out, "results.tsv")) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            for k in ("wall_s", "work_s"):
                r[k] = float(r[k])
            r["rc"] = int(r["rc"])
            for k in ("tier2_messages", "messages", "ordered_pages"):
                r[k] = int(r[k])
            r["disk"] = OLD_DISK.get(r["disk"], r["disk"])
            rows.append(r)
    return rows


def keyvals(path):
    kv = {}
    if os.path.exists(path):
        for m in re.finditer(r"(\w+)=([0-9.]+)", open(path).read()):
            kv.setdefault(m.group(1), float(m.group(2)))
    return kv


def summary(values):
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "runs": len(values)} if values else None


def fmt(s):
    if not s:
        return "-"
    if s["runs"] == 1:
        return "%.1f (n=1)" % s["median"]
    return "%.1f (n=%d, %.1f-%.1f)" % (s["median"], s["runs"], s["min"], s["max"])


def run_means(rows, sc, cfg, disk):
    """Per run: the mean work time of its clients (None if a client failed)."""
    runs = {}
    for r in rows:
        if r["scenario"] == sc and r["config"] == cfg and r["disk"] == disk:
            runs.setdefault(r["rep"], []).append(r)
    means = []
    for rep in sorted(runs):
        rs = runs[rep]
        if all(r["verdict"] == "ok" and r["rc"] == 0 for r in rs):
            means.append(statistics.mean(r["work_s"] for r in rs))
    return means


def spread(runs):
    """Run-to-run spread (highest - lowest), None with fewer than two runs."""
    return max(runs) - min(runs) if len(runs) > 1 else None


def no_worse(x, base, base_runs):
    """x no slower than base by more than base's run-to-run spread: met if
    x <= base; otherwise decided by the spread, which needs two runs."""
    if x <= base:
        return True
    s = spread(base_runs)
    return None if s is None else x <= base + s


# The paper's two headline figures (its abstract): peak running-time gains
# of remote memory over local memory alone, and of its managed policies.
PAPER_AGGREGATION = 76.8
PAPER_POLICIES = 37.5


def gain(base, new):
    return 100.0 * (base - new) / base


def model_name(disk):
    return "model A" if disk == "model-a" else "model B" if disk == "model-b" else disk


def paper_table(best, result):
    """Our peak gains next to the paper's, from the per-scenario medians,
    per device model."""
    rows = []
    for disk in MODELS:
        agg, pol = [], []
        for sc, b in sorted(best.get(disk, {}).items()):
            if "greedy-local" in b and "greedy-remote" in b:
                agg.append((gain(b["greedy-local"], b["greedy-remote"]), sc))
            managed = [c for c in ("ttm", "adaptive") if c in b]
            if managed and "greedy-remote" in b:
                top = min(managed, key=b.get)
                pol.append((gain(b["greedy-remote"], b[top]), sc, top))
        paper = result.setdefault("paper", {})
        if agg:
            g, sc = max(agg)
            rows.append("| remote memory over local alone (greedy-remote vs greedy-local) "
                        "| %s | %.1f%% | %+.1f%% (scenario %s) |"
                        % (model_name(disk), PAPER_AGGREGATION, g, sc))
            paper.setdefault(disk, {})["aggregation"] = {
                "paper": PAPER_AGGREGATION, "ours": g, "scenario": sc}
        if pol:
            g, sc, top = max(pol)
            rows.append("| managed policy over greedy (best of ttm, adaptive vs greedy-remote) "
                        "| %s | %.1f%% | %+.1f%% (scenario %s, %s) |"
                        % (model_name(disk), PAPER_POLICIES, g, sc, top))
            paper.setdefault(disk, {})["policies"] = {
                "paper": PAPER_POLICIES, "ours": g, "scenario": sc, "policy": top}
    if not rows:
        return []
    return ["", "## Peak gains next to the paper's", "",
            "The paper reports two peak running-time gains; here are ours, the best "
            "over our scenarios of the medians above, per device model (a negative "
            "gain is a loss).", "",
            "| gain | model | paper | gvtmem here |", "|---|---|---|---|"] + rows


def run_keys(rows, pred):
    """The runs, as (rep, scenario, config, disk), with a row matching pred."""
    return sorted({(r["rep"], r["scenario"], r["config"], r["disk"])
                   for r in rows if pred(r)})


def named(runs):
    """(rep, scenario, config, disk) keys, as the report names runs."""
    return ", ".join("rep %s scenario %s %s (%s disk)" % f for f in runs)


def plot_times(out, rows, sc, disk, clients, configs):
    """Bars from zero: each client's median per configuration, with its
    spread (lowest-highest) as error bars."""
    tag = "s%s-%s" % (sc, disk)
    dat = os.path.join(out, "fig-times-%s.dat" % tag)
    with open(dat, "w") as f:
        f.write("# config " + " ".join("%s %s_min %s_max" % (c, c, c) for c in clients) + "\n")
        for cfg in configs:
            vals = []
            for c in clients:
                s = summary([r["work_s"] for r in rows if r["scenario"] == sc and
                             r["config"] == cfg and r["disk"] == disk and
                             r["client"] == c and r["rc"] == 0])
                vals.append("%.2f %.2f %.2f" % (s["median"], s["min"], s["max"]) if s else "0 0 0")
            f.write(cfg + " " + " ".join(vals) + "\n")
    png = os.path.join(out, "fig-times-%s.png" % tag)
    cols = ", ".join("'%s' using %d:%d:%d:xtic(1) title '%s'" % (dat, 3 * i + 2, 3 * i + 3, 3 * i + 4, c)
                     if i == 0 else
                     "'' using %d:%d:%d title '%s'" % (3 * i + 2, 3 * i + 3, 3 * i + 4, c)
                     for i, c in enumerate(clients))
    script = """set terminal pngcairo size 900,480
set output '%s'
set title 'Scenario %s (%s), %s: time per client, median and lowest-highest'
set style data histograms
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set yrange [0:*]
set ylabel 'seconds'
set xtics rotate by -30
set key top left
set grid ytics
plot %s
""" % (png, sc, WORKLOAD[sc], model_name(disk), cols)
    subprocess.run(["gnuplot"], input=script.encode(), check=True)
    return os.path.basename(png)


def tmem_tsv(out, rep, sc, cfg, disk):
    """A run's tmem pages over time, under its disk's name or the old one."""
    for name in [disk] + [o for o, d in OLD_DISK.items() if d == disk]:
        tsv = os.path.join(out, "tmem-pages-%s-s%s-%s-%s.tsv" % (rep, sc, cfg, name))
        if os.path.exists(tsv):
            return tsv
    return None


def rdma_load(rdma_text):
    """gvtmem's 4 KiB remote load from rdma.txt: (sync median us, 8 adjacent
    at once MB/s), each None if absent (as run.sh reads them)."""
    lr = bw = None
    for line in rdma_text.splitlines():
        f = line.split()
        if line.startswith("gvtmem load (RDMA READ, sync) ") and len(f) == 8:
            lr = f[5]
        elif line.startswith("gvtmem load, 8 adjacent at once, /page ") and len(f) == 10:
            bw = f[9]
    num = lambda v: float(v) if v and re.fullmatch(r"[0-9.]+", v) and float(v) > 0 else None
    return num(lr), num(bw)


def device_models(calib, calib_text, rdma_text, rows, result):
    """The device models' table: each model's limits, its 4 KiB read, the
    remote load L_r and r = disk read / L_r, all from this run."""
    lr, bw = rdma_load(rdma_text)
    lr = calib.get("remote_load_us") or lr
    bw = calib.get("remote_batch_mbps") or bw
    m = re.search(r"^models=(.*)$", calib_text, re.M)
    listed = ["model-" + x.lower() for x in m.group(1).split() if x in ("A", "B")] if m else []
    skipped = re.search(r"skipped=(\S+)", m.group(1)).group(1).split(",") if m and "skipped=" in m.group(1) else []
    md = ["## Device models", "",
          "Each model is a qemu throttle of the swap disk (README.md, \"The device "
          "models\"); r is the cost of the disk's 4 KiB read (1 / its IOPS) over "
          "gvtmem's 4 KiB remote load L_r (synchronous, median), both from this "
          "run. Model A keeps the disk's real ratio to CPU time, model B its real "
          "ratio to remote memory (r = %d, as NVMe to RDMA today). **Compare "
          "configurations only within a model.**" % NVME_RATIO, "",
          "| model | swap disk limit | disk 4 KiB read | remote 4 KiB load L_r | r | "
          "disk bandwidth | remote load bandwidth (8 adjacent) |",
          "|---|---|---|---|---|---|---|"]
    result["models"] = {}
    for disk in MODELS:
        key = disk.replace("-", "_")
        iops = calib.get(key + "_iops") or (calib.get("throttle_iops") if disk == "model-a" else None)
        bps = calib.get(key + "_bps") or (calib.get("throttle_bps") if disk == "model-a" else None)
        ran = any(r["disk"] == disk for r in rows)
        if model_name(disk)[-1] in skipped:
            md.append("| %s | **skipped: no remote load figures in rdma.txt** | - | - | - | - | - |"
                      % model_name(disk))
            result["models"][disk] = {"skipped": True}
            continue
        if not (ran or disk in listed):
            continue
        if not iops:
            md.append("| %s | not in calib.txt | - | - | - | - | - |" % model_name(disk))
            continue
        read_us = 1e6 / iops
        r = read_us / lr if lr else None
        md.append("| %s | %d IOPS, %s B/s | %.1f us | %s | %s | %s | %s |" % (
            model_name(disk), iops, "%d" % bps if bps else "-", read_us,
            "%.1f us" % lr if lr else "not measured", "%.2f" % r if r else "-",
            "%.1f MB/s" % (bps / 1e6) if bps else "-", "%g MB/s" % bw if bw else "-"))
        result["models"][disk] = {"iops": iops, "bps": bps, "read_us": read_us,
                                  "remote_load_us": lr, "remote_batch_mbps": bw, "r": r}
    return md + [""]


def main():
    out = sys.argv[1]
    rows = load(out)
    calib = keyvals(os.path.join(out, "calib.txt"))
    calib_text = open(os.path.join(out, "calib.txt")).read() if os.path.exists(
        os.path.join(out, "calib.txt")) else ""
    rdma_text = open(os.path.join(out, "rdma.txt")).read() if os.path.exists(
        os.path.join(out, "rdma.txt")) else ""
    scenarios = sorted({r["scenario"] for r in rows})
    configs = [c for c in ORDER if any(r["config"] == c for r in rows)]
    disks = [d for d in DISKS if any(r["disk"] == d for r in rows)]
    result = {"calibration": calib, "scenarios": {}, "targets": []}
    md = ["# gvtmem benchmark: the paper's scenarios against the alternatives", ""]
    md += ["Produced by `make bench` (tests/bench/run.sh); figures are medians of "
           "each client's own timing (seconds), with run count n and the spread "
           "lowest-highest. Node 1 runs the clients (memory cgroups), node 2 has "
           "the spare RAM, node 3 only runs the master; tests/bench/README.md "
           "states the device models; compare configurations only within one.",
           "", "## Machine and calibration", "", "```",
           calib_text.strip(), "```", ""]
    md += device_models(calib, calib_text, rdma_text, rows, result)
    failed_runs = run_keys(rows, lambda r: r["verdict"] != "ok" or r["rc"] != 0)
    if failed_runs:
        md += ["**Failed runs (left out of every figure):** " + named(failed_runs), ""]
    on_client = run_keys(rows, lambda r: r["master"] == "1")
    if on_client:
        md += ["**Runs whose master was node 1, the clients' node, left out of "
               "every figure (the scenario has the master elsewhere; its work "
               "took CPU from the clients):** " + named(on_client), ""]
    # Every figure below comes from the runs that passed, as laid out.
    rows = [r for r in rows if r["verdict"] == "ok" and r["master"] != "1"]
    # best[disk][scenario][config]: median over runs of the clients' mean.
    best = {}
    for sc in scenarios:
        srows = [r for r in rows if r["scenario"] == sc]
        clients = sorted({r["client"] for r in srows if r["client"] != "-"})
        md += ["## Scenario %s: %s" % (sc, WORKLOAD[sc]), ""]
        result["scenarios"][sc] = {}
        for disk in disks:
            dcfgs = [c for c in configs if any(r["config"] == c and r["disk"] == disk for r in srows)]
            if not dcfgs:
                continue
            md += ["### %s" % DISK_TITLE[disk][0].upper() + DISK_TITLE[disk][1:], ""]
            md += ["| configuration | disk | " + " | ".join(clients) + " | mean of clients | vs greedy-local |",
                   "|---|---|" + "---|" * len(clients) + "---|---|"]
            gl = run_means(rows, sc, "greedy-local", disk)
            gl_med = statistics.median(gl) if gl else None
            for cfg in dcfgs:
                cells, per = [], {}
                for c in clients:
                    s = summary([r["work_s"] for r in srows if r["config"] == cfg and
                                 r["disk"] == disk and r["client"] == c and r["rc"] == 0])
                    per[c] = s
                    cells.append(fmt(s))
                ms = summary(run_means(rows, sc, cfg, disk))
                imp = "%+.1f%%" % gain(gl_med, ms["median"]) if ms and gl_med else "-"
                md.append("| %s | %s | %s | %s | %s |" % (cfg, disk, " | ".join(cells), fmt(ms), imp))
                result["scenarios"][sc]["%s/%s" % (cfg, disk)] = {
                    "clients": per, "mean": ms,
                    "vs_greedy_local": gain(gl_med, ms["median"]) if ms and gl_med else None}
            md.append("")
            png = plot_times(out, rows, sc, disk, clients, dcfgs)
            md += ["![Scenario %s running times, %s](%s)" % (sc, disk, png), ""]
            if disk in MODELS:
                for cfg in ("greedy-remote", "adaptive"):
                    # The first run that counts (a left-out one is not plotted).
                    reps = sorted({r["rep"] for r in srows if r["config"] == cfg and
                                   r["disk"] == disk}, key=int)
                    tsv = tmem_tsv(out, reps[0], sc, cfg, disk) if reps else None
                    if tsv:
                        png = "fig-tmem-s%s-%s-%s.png" % (sc, cfg, disk)
                        r = subprocess.run(["tests/tools/plot-tmem-pages.sh", tsv, os.path.join(out, png),
                                            "Scenario %s, %s, %s: tmem pages per client"
                                            % (sc, cfg, model_name(disk))])
                        if r.returncode == 0:
                            md += ["![tmem pages, scenario %s, %s, %s](%s)" % (sc, cfg, disk, png), ""]
            means = {c: run_means(rows, sc, c, disk) for c in dcfgs}
            best.setdefault(disk, {})[sc] = {c: statistics.median(m) for c, m in means.items() if m}

    # Targets, each within one device model (or of neither).
    md += ["## Targets", "",
           "Each target is judged within one device model: model A's targets ask that "
           "remote memory not hurt where the disk keeps its real ratio to CPU time; "
           "model B's ask that it pay where the disk keeps its real ratio to remote "
           "memory. A spread is the run-to-run spread (highest - lowest) of the "
           "configuration compared against; it needs two runs.", "",
           "| target | model | scenario | figures | verdict |", "|---|---|---|---|---|"]

    def target(name, disk, sc, figures, ok):
        verdict = "met" if ok else ("missed" if ok is not None else "not measured")
        result["targets"].append({"target": name, "model": disk, "scenario": sc,
                                  "figures": figures, "verdict": verdict})
        md.append("| %s | %s | %s | %s | %s |" % (name, model_name(disk), sc, figures, verdict))

    for disk in MODELS:
        for sc in scenarios:
            b = best.get(disk, {}).get(sc)
            if not b:
                continue
            gl, gr = b.get("greedy-local"), b.get("greedy-remote")
            pol = {c: b[c] for c in GVTMEM if c in b}
            top = min(pol, key=pol.get) if pol else None
            if disk == "model-a":
                if pol and "disk" in b:
                    slower = sorted((c for c in pol if pol[c] > b["disk"]), key=pol.get, reverse=True)
                    worst = max(pol, key=pol.get)
                    target("no gvtmem configuration slower than disk swap", disk, sc,
                           ("disk %.1f s; slower: %s" % (b["disk"], ", ".join(
                               "%s %.1f s" % (c, pol[c]) for c in slower))) if slower else
                           "disk %.1f s; slowest gvtmem: %s %.1f s" % (b["disk"], worst, pol[worst]),
                           not slower)
                if gl and gr:
                    runs = run_means(rows, sc, "greedy-local", disk)
                    s = spread(runs)
                    target("greedy-remote faster than greedy-local or within its spread", disk, sc,
                           "greedy-remote %.1f s, greedy-local %.1f s, spread %s (n=%d)" %
                           (gr, gl, "%.1f s" % s if s is not None else "-", len(runs)),
                           no_worse(gr, gl, runs))
            else:
                target("greedy-remote at least 19% faster than greedy-local", disk, sc,
                       "greedy-remote %.1f s, greedy-local %.1f s: %+.1f%%" % (gr, gl, gain(gl, gr))
                       if gl and gr else "-",
                       gain(gl, gr) >= 19.0 if gl and gr else None)
                if pol and "disk" in b:
                    target("best policy at least 2x faster than disk swap", disk, sc,
                           "%s %.1f s, disk %.1f s: %.2fx" % (top, pol[top], b["disk"], b["disk"] / pol[top]),
                           b["disk"] / pol[top] >= 2.0)
            # NBD and NVMe-oF ride the same link as gvtmem, under either model.
            if sc == "2" and pol:
                for alt in ("nbd", "nvmeof"):
                    target("best policy beats %s swap" % alt, disk, sc,
                           "%s %.1f s, %s %s" % (top, pol[top], alt,
                                                 "%.1f s" % b[alt] if alt in b else "-"),
                           (pol[top] < b[alt]) if alt in b else None)
            if "adaptive" in b and ("greedy-remote" in b or "ttm" in b):
                better = min((c for c in ("greedy-remote", "ttm") if c in b), key=b.get)
                runs = run_means(rows, sc, better, disk)
                s = spread(runs)
                target("adaptive within the run-to-run spread of the better of greedy-remote, ttm",
                       disk, sc, "adaptive %.1f s, %s %.1f s, spread %s (n=%d)" %
                       (b["adaptive"], better, b[better], "%.1f s" % s if s is not None else "-",
                        len(runs)),
                       no_worse(b["adaptive"], b[better], runs))
    m = re.search(r"ratio gvtmem load / ib_read_lat, median: ([0-9.]+)", rdma_text)
    target("remote 4 KiB load within 1.25x of raw RDMA READ", "-", "-",
           "ratio %s" % m.group(1) if m else "no measurement",
           float(m.group(1)) <= 1.25 if m else None)
    per_run = {(r["rep"], r["scenario"], r["config"], r["disk"]): r
               for r in rows if r["config"] in GVTMEM}.values()
    t2 = sum(r["tier2_messages"] for r in per_run)
    msgs = sum(r["messages"] for r in per_run)
    moved = sum(r["ordered_pages"] for r in per_run) / 512.0
    target("control traffic at most one message per 2 MiB moved", "all", "all",
           "%d tier-2 messages (Grant-Any, Grant-Return, Force-Return, Grant) for "
           "%.0f x 2 MiB ordered moved: %.2f per 2 MiB; all messages with "
           "heartbeats and Statistics: %d" % (t2, moved, t2 / moved if moved else 0, msgs),
           (t2 <= moved) if moved else None)
    md += paper_table(best, result)
    md += ["", "## Raw RDMA latency next to gvtmem's (make bench-rdma)", "", "```",
           rdma_text.strip(), "```", ""]
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"rows": rows, **result}, f, indent=1)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
