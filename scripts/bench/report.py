#!/usr/bin/env python3
"""Print the benchmark's results as Markdown: scripts/bench/report.py RESULTS_DIR

Reads what scripts/bench/run wrote (hyperfine JSON, /usr/bin/time -v output, machine.txt) and
prints the machine, a results table, the ratios and the targets. Standard library only.
"""

import json
import os
import re
import sys

ORDER = {"1k": 0, "10k": 1, "50k": 2}
TOOLS = ["sitegen", "sitegen-again", "hugo", "sitegen-minimal", "hugo-minimal", "sitegen-glibc", "floor", "per-page", "spawn"]


def load(results, label, tool):
    path = os.path.join(results, f"{label}-{tool}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        h = json.load(f)["results"][0]
    row = {"median": h["median"], "min": h["min"], "max": h["max"], "cpu": h["user"] + h["system"],
           "system": h["system"], "runs": len(h["times"])}
    tpath = os.path.join(results, f"{label}-{tool}.time.txt")
    if os.path.exists(tpath):
        text = open(tpath).read()
        def field(name):
            m = re.search(re.escape(name) + r".*?: (.+)", text)
            return m.group(1).strip() if m else None
        wall = field("Elapsed (wall clock) time")
        parts = [float(x) for x in wall.split(":")] if wall else []
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        row["tv_wall"] = seconds
        row["tv_cpu"] = float(field("User time (seconds)")) + float(field("System time (seconds)"))
        row["rss_mib"] = int(field("Maximum resident set size (kbytes)")) / 1024
    return row


def main(results):
    machine = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(results, "machine.txt")) if "=" in line)
    labels = sorted((f[:-len(".size.txt")] for f in os.listdir(results) if f.endswith(".size.txt")),
                    key=lambda l: (ORDER.get(l, 9), l))
    out = []
    p = out.append
    p(f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory']} memory, {machine['kernel']}; "
      f"load average at start {machine['load']}; {machine['date']}.")
    p(f"sitegen {machine['sitegen']} (release); {machine['hugo']}; {machine['cmark_gfm']}; {machine['hyperfine']}.")
    if "added" in machine:
        p(f"Results added by a later run (`--add`): {machine['added']}.")
    p("")
    p("| size | pages | command | wall, median (min–max) | CPU user+sys | CPU / wall | peak RSS | per page |")
    p("|---|---:|---|---|---:|---:|---:|---:|")
    per_page = {}
    rows = {}
    for label in labels:
        g, s = (int(x) for x in open(os.path.join(results, f"{label}.size.txt")).read().split())
        pages = g * s
        for tool in TOOLS:
            r = load(results, label, tool)
            if not r:
                continue
            rows[(label, tool)] = r
            pp = r["median"] / pages * 1000
            if tool == "sitegen":
                per_page[label] = pp
            rss = f"{r['rss_mib']:.0f} MiB" if "rss_mib" in r else "–"
            if tool in ("floor", "per-page", "spawn"):
                rss += " (largest process)"
            p(f"| {label} | {pages:,} | {tool} | {r['median']:.2f} s ({r['min']:.2f}–{r['max']:.2f}) | "
              f"{r['cpu']:.2f} s | {r['cpu'] / r['median']:.2f} | {rss} | {pp:.3f} ms |")
    sample = load(results, "sample", "sitegen")
    if sample:
        p(f"| sample site | – | sitegen | {sample['median'] * 1000:.0f} ms ({sample['min'] * 1000:.0f}–{sample['max'] * 1000:.0f}) | "
          f"{sample['cpu'] * 1000:.0f} ms | {sample['cpu'] / sample['median']:.2f} | {sample.get('rss_mib', 0):.0f} MiB | – |")
    p("")
    p("Wall and CPU are hyperfine's (median wall; mean user+sys over the same runs); peak RSS is "
      "/usr/bin/time -v of one more run. For floor, per-page and spawn, peak RSS is the largest single process. "
      "sitegen-again builds into the output the run before wrote (the first run, a warm-up, into none).")
    p("")
    p("| size | sitegen / floor | sitegen-again / floor | Hugo / sitegen | Hugo / sitegen-again | "
      "Hugo / sitegen, minimal layouts | sitegen CPU per page | sitegen / per-page floor¹ |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label in labels:
        sg, again, hu, sg_min, hu_min, _, fl, pp_floor, _ = (rows.get((label, t)) for t in TOOLS)
        if not sg:
            continue
        g, s = (int(x) for x in open(os.path.join(results, f"{label}.size.txt")).read().split())
        def ratio(a, b):
            return f"{a['median'] / b['median']:.2f}" if a and b else "–"
        p(f"| {label} | {ratio(sg, fl)} | {ratio(again, fl)} | {ratio(hu, sg)} | {ratio(hu, again)} | "
          f"{ratio(hu_min, sg_min)} | {sg['cpu'] / (g * s) * 1000:.3f} ms | {ratio(sg, pp_floor)} |")
    p("")
    p("¹ The per-page floor starts cmark-gfm once per page (scripts/bench/cmark-floor); most of its time is "
      "starting processes, so it is no floor: it is kept to compare with figures before 2026-12-02.")
    for label in labels:
        warm = os.path.join(results, f"{label}.warm.txt")
        if os.path.exists(warm):
            p(f"- {label}: before timing, {open(warm).read().strip()} (scripts/bench/warm-memory).")
    allocator = [(label, rows[(label, "sitegen")], rows[(label, "sitegen-glibc")]) for label in labels
                 if (label, "sitegen") in rows and (label, "sitegen-glibc") in rows]
    if allocator:
        p("")
    for label, sg, glibc in allocator:
        p(f"- {label}: with glibc's allocator instead of TCMalloc, {glibc['median'] / sg['median']:.2f}× the wall "
          f"and {glibc['cpu'] / sg['cpu']:.2f}× the CPU of sitegen.")
    p("")
    p("Targets:")
    for label in labels:
        sg = rows.get((label, "sitegen"))
        if sg:
            ratio = sg["cpu"] / sg["median"]
            tv = f", /usr/bin/time -v {sg['tv_cpu'] / sg['tv_wall']:.2f}" if sg.get("tv_wall") else ""
            p(f"- {label}: sitegen CPU / wall {ratio:.2f} (hyperfine{tv}; target ≥ 1.6): {'met' if ratio >= 1.6 else 'NOT met'}")
    if ("10k", "sitegen") in rows and ("10k", "hugo") in rows:
        speedup = rows[("10k", "hugo")]["median"] / rows[("10k", "sitegen")]["median"]
        p(f"- 10k: Hugo / sitegen {speedup:.2f} (target ≥ 4): {'met' if speedup >= 4 else 'NOT met'}")
    if ("10k", "sitegen-minimal") in rows and ("10k", "hugo-minimal") in rows:
        speedup = rows[("10k", "hugo-minimal")]["median"] / rows[("10k", "sitegen-minimal")]["median"]
        p(f"- 10k, minimal layouts: Hugo / sitegen {speedup:.2f} (target > 1, sitegen ahead): {'met' if speedup > 1 else 'NOT met'}")
    for tool in ("sitegen", "sitegen-again"):
        if ("10k", tool) in rows and ("10k", "floor") in rows:
            ratio = rows[("10k", tool)]["median"] / rows[("10k", "floor")]["median"]
            p(f"- 10k: {tool} / floor {ratio:.2f} (target ≤ 2): {'met' if ratio <= 2 else 'NOT met'}")
    if ("10k", "sitegen") in rows:
        cpu = rows[("10k", "sitegen")]["cpu"] / 10_000 * 1000
        # A fresh build's system CPU is what the file system charges for the new folders and
        # files, and varies with the disk's state (docs/performance.md): shown apart, with the
        # floor's, which writes the same files. The floor's whole CPU says how fast the machine
        # was in this run: the same work took up to a third more in its slow hours.
        system = rows[("10k", "sitegen")]["system"] / 10_000 * 1000
        floor = rows.get(("10k", "floor"))
        floor_system = (
            f"; the floor's CPU {floor['cpu'] / 10_000 * 1000:.3f} ms, {floor['system'] / 10_000 * 1000:.3f} ms of it system"
            if floor else "")
        p(f"- 10k: sitegen CPU {cpu:.3f} ms per page ({cpu - system:.3f} ms user, {system:.3f} ms system{floor_system}) "
          f"(target ≤ 0.35 ms): {'met' if cpu <= 0.35 else 'NOT met'}")
    if (("10k", "sitegen")) in rows and "rss_mib" in rows[("10k", "sitegen")]:
        rss = rows[("10k", "sitegen")]["rss_mib"]
        p(f"- 10k: sitegen peak RSS {rss:.0f} MiB (target ≤ 200 MiB): {'met' if rss <= 200 else 'NOT met'}")
    if "1k" in per_page and "50k" in per_page:
        r = per_page["50k"] / per_page["1k"]
        p(f"- time per page, 50k / 1k: {r:.2f} (target within 20%, 0.80–1.20): {'met' if 0.8 <= r <= 1.2 else 'NOT met'}")
    if sample:
        ms = sample["median"] * 1000
        p(f"- sample site: {ms:.0f} ms wall (target < 100 ms): {'met' if ms < 100 else 'NOT met'}")
    for label in labels:
        path = os.path.join(results, f"{label}-incremental.json")
        if not os.path.exists(path):
            continue
        inc = json.load(open(path))
        sm = inc["summary"]
        p("")
        p(f"Incremental rebuilds of `sitegen serve` on {label} ({inc['guides']} guides, {inc['pages']:,} scenario pages; "
          f"first build {inc['first_build_seconds']:.2f} s), medians of {len(inc['guide_edit'])} edits:")
        p("")
        p("| change | pages rendered | rebuilt and served (server's figure) | write → new page served (client) |")
        p("|---|---:|---:|---:|")
        p(f"| one guide edited | {sm['guide_edit_pages']} | {sm['guide_edit_rebuild_ms']:.0f} ms | {sm['guide_edit_servable_ms']:.0f} ms |")
        p(f"| a partial of {sm['partial_edit_guides']} guides edited | {sm['partial_edit_pages']:,} | "
          f"{sm['partial_edit_rebuild_ms']:.0f} ms | {sm['partial_edit_servable_ms']:.0f} ms |")
        p(f"| a save without changes | 0 | {sm['noop_save_ms']:.0f} ms | – |")
        p("")
        p(f"- {label}: guide edit rebuilt in {sm['guide_edit_rebuild_ms']:.0f} ms (target < 100 ms): "
          f"{'met' if sm['guide_edit_rebuild_ms'] < 100 else 'NOT met'}")
        p(f"- {label}: save without changes {sm['noop_save_ms']:.0f} ms (target < 50 ms): "
          f"{'met' if sm['noop_save_ms'] < 50 else 'NOT met'}")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS_DIR")
    main(sys.argv[1])
