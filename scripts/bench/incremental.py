#!/usr/bin/env python3
"""Times `sitegen serve`'s incremental rebuilds on a generated site (docs/performance.md).

    incremental.py SITEGEN SITE_DIR RESULTS_FILE [--runs N] [--as-of DATE]

SITE_DIR is a site written by generate.py (OUT_DIR/site); it is copied to a temporary folder,
since the measurement edits it. `sitegen serve --port 0` is started on the copy; once its first
build is served, the script makes, one at a time:

  guide    N edits of a guide's body (a different guide each time): a paragraph is appended;
  partial  one edit of a partial that only some guides include;
  no-op    N saves of a guide with the bytes it already has (its mtime changes, nothing else).

For each edit it records the server's own report of the rebuild (the time from the settled
change to the new snapshot being served, and the pages it rendered again, printed by `serve`
on standard output) and, for edits that change a page, the time from the write until a GET of
an affected page returns the new text (which includes the watcher's debounce). It checks that
exactly the expected pages were rendered again: the guide's page and its scenarios' pages plus
the index for a guide edit; the pages of every guide that includes the partial, directly or
through another partial, for the partial edit; none for a no-op save. Any mismatch fails the
run. The figures are written to RESULTS_FILE as JSON and summarised on standard error.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BUILT = re.compile(r"^built (\d+) files in ([0-9.]+) s, (\d+) pages rendered \(build (\d+)\)")
UNCHANGED = re.compile(r"^nothing changed: checked in ([0-9.]+) s")


class Server:
    """`sitegen serve` in the background, its report lines collected as they come."""

    def __init__(self, sitegen, root, as_of):
        self.process = subprocess.Popen(
            [sitegen, "serve", "--root", root, "--port", "0", "--as-of", as_of],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lines = []
        self.errors = []
        self.condition = threading.Condition()
        threading.Thread(target=self._read, args=(self.process.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors), daemon=True).start()
        self.url = None

    def _read(self, stream, into):
        for line in stream:
            with self.condition:
                into.append(line.rstrip("\n"))
                self.condition.notify_all()

    def wait_for(self, pattern, start, timeout):
        """The first stdout line from index `start` on matching `pattern`, and its index."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                for index in range(start, len(self.lines)):
                    match = pattern.search(self.lines[index])
                    if match:
                        return match, index
                if self.process.poll() is not None:
                    raise SystemExit(f"incremental: sitegen serve exited: {self.errors[-20:]}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SystemExit(f"incremental: timed out waiting for {pattern.pattern!r}; "
                                     f"stdout {self.lines[-5:]}, stderr {self.errors[-10:]}")
                self.condition.wait(remaining)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def scenario_ids(site, guide):
    text = open(os.path.join(site, "Content/scenarios", guide + ".yml"), encoding="utf-8").read()
    return re.findall(r"^  - id: (\S+)$", text, re.M)


def includers(site, partial):
    """The guides that include `partial`, directly or through other partials."""
    content = os.path.join(site, "Content")
    include = re.compile(r'\{%-?\s*include\s+"([^"]+)"')
    partials = {}
    for name in os.listdir(os.path.join(content, "partials")):
        text = open(os.path.join(content, "partials", name), encoding="utf-8").read()
        partials[name[:-3]] = set(include.findall(text))
    reaching = {partial}
    changed = True
    while changed:
        changed = False
        for name, includes in partials.items():
            if name not in reaching and includes & reaching:
                reaching.add(name)
                changed = True
    guides = []
    for name in sorted(os.listdir(os.path.join(content, "guides"))):
        text = open(os.path.join(content, "guides", name), encoding="utf-8").read()
        if set(include.findall(text)) & reaching:
            guides.append(name[:-3])
    return guides


def append(path, text):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sitegen")
    parser.add_argument("site")
    parser.add_argument("results")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default="2026-01-15")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sitegen-incremental-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site)
    guides = sorted(name[:-3] for name in os.listdir(os.path.join(site, "Content/guides")))
    scenarios = {guide: scenario_ids(site, guide) for guide in guides}
    server = Server(args.sitegen, site, args.as_of)
    results = {"guides": len(guides), "pages": sum(len(ids) for ids in scenarios.values()),
               "guide_edit": [], "partial_edit": [], "noop_save": []}
    try:
        match, _ = server.wait_for(re.compile(r"serving (http://\S+)"), 0, 600)
        server.url = match.group(1).rstrip("/")
        match, seen = server.wait_for(BUILT, 0, 1800)
        results["first_build_seconds"] = float(match.group(2))
        seen += 1
        time.sleep(0.5)

        def edit_and_wait(path, text, page, expected_pages):
            nonlocal seen
            marker = f"計測{time.monotonic_ns()}"
            start = time.monotonic()
            append(path, f"\n{text}{marker}\n")
            while marker not in get(server.url + page):
                if time.monotonic() - start > 120:
                    raise SystemExit(f"incremental: {page} never showed the edit")
                time.sleep(0.002)
            servable = time.monotonic() - start
            match, seen = server.wait_for(BUILT, seen, 120)
            seen += 1
            rendered = int(match.group(3))
            if rendered != expected_pages:
                raise SystemExit(f"incremental: editing {path} rendered {rendered} pages, expected {expected_pages}")
            time.sleep(0.3)  # let the watcher settle before the next edit
            return {"file": os.path.relpath(path, site), "servable_seconds": round(servable, 4),
                    "rebuild_seconds": float(match.group(2)), "pages_rendered": rendered}

        step = max(1, len(guides) // args.runs)
        for guide in guides[::step][:args.runs]:
            ids = scenarios[guide]
            # The guide's own page, each scenario page and the index (which lists every guide).
            results["guide_edit"].append(edit_and_wait(
                os.path.join(site, "Content/guides", guide + ".md"), "この段落は計測のために追加しました。",
                f"/guides/{guide}/{ids[-1]}/", len(ids) + 2))

        counts = {}
        for name in os.listdir(os.path.join(site, "Content/partials")):
            counts[name[:-3]] = len(includers(site, name[:-3]))
        # The partial included by the fewest guides that are still some: the selective case.
        partial = min((name for name, count in counts.items() if count > 0), key=lambda n: (counts[n], n))
        including = includers(site, partial)
        expected = sum(len(scenarios[guide]) + 1 for guide in including)
        first = including[0]
        entry = edit_and_wait(
            os.path.join(site, "Content/partials", partial + ".md"), "この段落は計測のために追加しました。",
            f"/guides/{first}/{scenarios[first][0]}/", expected)
        entry["guides_including"] = len(including)
        results["partial_edit"].append(entry)

        for guide in guides[step // 2::step][:args.runs]:
            path = os.path.join(site, "Content/guides", guide + ".md")
            data = open(path, "rb").read()
            start_line = len(server.lines)
            with open(path, "wb") as handle:
                handle.write(data)
            match, seen = server.wait_for(UNCHANGED, start_line, 60)
            seen += 1
            results["noop_save"].append({"file": os.path.relpath(path, site), "check_seconds": float(match.group(1))})
            time.sleep(0.3)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    def median(key, entries):
        return statistics.median(entry[key] for entry in entries)

    results["summary"] = {
        "guide_edit_rebuild_ms": round(median("rebuild_seconds", results["guide_edit"]) * 1000, 1),
        "guide_edit_servable_ms": round(median("servable_seconds", results["guide_edit"]) * 1000, 1),
        "guide_edit_pages": results["guide_edit"][0]["pages_rendered"],
        "partial_edit_rebuild_ms": round(results["partial_edit"][0]["rebuild_seconds"] * 1000, 1),
        "partial_edit_servable_ms": round(results["partial_edit"][0]["servable_seconds"] * 1000, 1),
        "partial_edit_pages": results["partial_edit"][0]["pages_rendered"],
        "partial_edit_guides": results["partial_edit"][0]["guides_including"],
        "noop_save_ms": round(median("check_seconds", results["noop_save"]) * 1000, 1),
    }
    with open(args.results, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2, ensure_ascii=False)
    summary = results["summary"]
    print(f"incremental ({results['guides']} guides, {results['pages']} scenario pages; first build "
          f"{results['first_build_seconds']:.2f} s):\n"
          f"  guide edit:   rebuilt in {summary['guide_edit_rebuild_ms']} ms, servable {summary['guide_edit_servable_ms']} ms "
          f"after the write ({summary['guide_edit_pages']} pages)\n"
          f"  partial edit: rebuilt in {summary['partial_edit_rebuild_ms']} ms ({summary['partial_edit_pages']} pages of "
          f"{summary['partial_edit_guides']} guides)\n"
          f"  no-op save:   {summary['noop_save_ms']} ms", file=sys.stderr)


if __name__ == "__main__":
    main()
