#!/usr/bin/env python3
"""Time per page of whole builds at several sizes, the sizes taken in turns.

    linearity.py [--rounds N] [--floor] [--write-floor] [--out DIR] [--prepare keep|delete] [--no-cleanup]
                 RESULTS.json SITEGEN DATA_DIR [DATA_DIR ...]

Each DATA_DIR is a generated size (scripts/bench/generate.py's OUT_DIR: site/ and resolved/).
In every round each size is built once, in alternating order (small to large, then large to
small), so a machine whose speed drifts over minutes slows every size alike; a run of one size
after another cannot tell drift from growth. With --floor the floor (scripts/bench/floor.py: one
cmark-gfm process for every page, and the files written) is timed the same way, as the reference that shows what the
machine's file system does with more files, and sitegen ÷ floor is printed per size, round by round: one size is
enough then, for the ratio to the floor with the machine's drift taken out.

With --write-floor, right after each sitegen build, write-floor.py writes a copy of that build's
output (read into memory first; only the writing is timed): what the kernel and the file system
charge for sitegen's own files, about three times the floor's bytes. sitegen ÷ write-floor is
printed like the floor's ratio. It needs --prepare keep, which leaves each build's output in place.

Every build writes into a folder that does not exist yet. --prepare keep (the default) gives
each run a folder of its own and deletes them all only at the end (or never, with --no-cleanup);
--prepare delete deletes the previous run's output and runs `sync` before each build, as
`hyperfine --prepare 'rm -rf OUT'` would. They differ on ext4 without a journal: there, an inode
freed in the last five minutes is skipped when a new file is made (recently_deleted() in
fs/ext4/ialloc.c), so a build right after 50,000 files were deleted pays for scanning past them.

--out is where the outputs go (default: .build-bench/bench/out/linearity); put it on a tmpfs
such as /dev/shm to leave the disk out. Prints a table (median wall and CPU per page per size,
and the ratio of the largest size to the smallest) and writes every run to RESULTS.json.
Python 3 standard library only.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2026-01-15"


def pages_of(data: Path) -> int:
    """Scenario pages of a generated size: one resolved Markdown file each."""
    return sum(1 for guide in os.scandir(data / "resolved") for _ in os.scandir(guide.path))


def run(command: list[str], delete_before: Path | None) -> dict:
    if delete_before is not None:
        shutil.rmtree(delete_before, ignore_errors=True)
        # and the spare a build keeps beside its output (README.md, "Commands"): every build
        # here starts from nothing
        shutil.rmtree(delete_before.parent / f".{delete_before.name}.sitegen-spare", ignore_errors=True)
        subprocess.run(["sync"], check=True)
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if status != 0:
        sys.exit(f"linearity: {' '.join(command)} failed ({status}):\n{stderr[-2000:]}")
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "max_rss_kib": usage.ru_maxrss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results")
    parser.add_argument("sitegen")
    parser.add_argument("data", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--floor", action="store_true", help="also time the cmark-gfm floor")
    parser.add_argument("--write-floor", action="store_true", help="also time writing a copy of each sitegen output")
    parser.add_argument("--out", type=Path, default=HERE.parent.parent / ".build-bench/bench/out/linearity")
    parser.add_argument("--prepare", choices=["keep", "delete"], default="keep")
    parser.add_argument("--no-cleanup", action="store_true", help="leave the outputs (--prepare keep) in --out")
    args = parser.parse_args()
    if len(args.data) < 2 and not (args.floor or args.write_floor):
        sys.exit("linearity: give at least two sizes, or one with --floor or --write-floor")
    if args.write_floor and args.prepare != "keep":
        sys.exit("linearity: --write-floor copies each build's output, so it needs --prepare keep")

    sizes = sorted(((pages_of(d), d) for d in args.data), key=lambda item: item[0])
    commands = {"sitegen": lambda d, out: [args.sitegen, "build", "--root", str(d / "site"), "--output", str(out), "--as-of", AS_OF]}
    if args.floor:
        commands["floor"] = lambda d, out: ["python3", str(HERE / "floor.py"), str(d / "resolved"), str(out)]
    args.out.mkdir(parents=True, exist_ok=True)
    filesystem = subprocess.run(["df", "-T", str(args.out)], capture_output=True, text=True).stdout.splitlines()[-1].split()[1]

    runs = []
    for number in range(args.rounds):
        order = sizes if number % 2 == 0 else list(reversed(sizes))
        for pages, data in order:
            for name, make in commands.items():
                if args.prepare == "keep":
                    output, delete_before = args.out / f"{name}-{data.name}-{number + 1}", None
                    if output.exists():
                        sys.exit(f"linearity: {output} exists; give an empty --out")
                else:
                    output = delete_before = args.out / f"{name}-{data.name}"
                measured = run(make(data, output), delete_before)
                measured.update(command=name, size=data.name, pages=pages, round=number + 1)
                runs.append(measured)
                print(f"round {number + 1}: {name} {data.name} {measured['wall']:.2f} s wall, "
                      f"{measured['user'] + measured['sys']:.2f} s CPU", file=sys.stderr)
                if name == "sitegen" and args.write_floor:
                    copy = args.out / f"write-floor-{data.name}-{number + 1}"
                    done = subprocess.run(["python3", str(HERE / "write-floor.py"), str(output), str(copy), "--json"],
                                          capture_output=True, text=True)
                    if done.returncode != 0:
                        sys.exit(f"linearity: write-floor.py failed:\n{done.stderr[-2000:]}")
                    written = json.loads(done.stdout)
                    runs.append({"wall": written["wall"], "user": written["user"], "sys": written["sys"], "max_rss_kib": 0,
                                 "command": "write-floor", "size": data.name, "pages": pages, "round": number + 1})
                    print(f"round {number + 1}: write-floor {data.name} {written['wall']:.2f} s wall, "
                          f"{written['user'] + written['sys']:.2f} s CPU ({written['bytes'] / 1e6:.0f} MB)", file=sys.stderr)

    if args.prepare == "delete" or not args.no_cleanup:
        for child in args.out.iterdir():
            shutil.rmtree(child, ignore_errors=True)

    summary = []
    for name in list(commands) + (["write-floor"] if args.write_floor else []):
        rows = []
        for pages, data in sizes:
            mine = [r for r in runs if r["command"] == name and r["size"] == data.name]
            wall = statistics.median(r["wall"] for r in mine)
            cpu = statistics.median(r["user"] + r["sys"] for r in mine)
            system = statistics.median(r["sys"] for r in mine)
            rows.append({"command": name, "size": data.name, "pages": pages, "wall": wall, "cpu": cpu, "sys": system,
                         "wall_per_page_ms": wall / pages * 1000, "cpu_per_page_ms": cpu / pages * 1000,
                         "sys_per_page_ms": system / pages * 1000})
        for row in rows:
            row["wall_ratio"] = row["wall_per_page_ms"] / rows[0]["wall_per_page_ms"]
            row["cpu_ratio"] = row["cpu_per_page_ms"] / rows[0]["cpu_per_page_ms"]
        summary += rows

    Path(args.results).write_text(json.dumps(
        {"filesystem": filesystem, "out": str(args.out), "prepare": args.prepare, "rounds": args.rounds, "runs": runs, "summary": summary}, indent=2))
    print(f"\nOutputs on {args.out} ({filesystem}, --prepare {args.prepare}); medians of {args.rounds} rounds, "
          "sizes in turns.\n")
    print("| command | size | pages | wall | per page | vs smallest | CPU per page | vs smallest | of it system |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in summary:
        print(f"| {row['command']} | {row['size']} | {row['pages']:,} | {row['wall']:.2f} s | {row['wall_per_page_ms']:.3f} ms | "
              f"{row['wall_ratio']:.2f}× | {row['cpu_per_page_ms']:.3f} ms | {row['cpu_ratio']:.2f}× | {row['sys_per_page_ms']:.3f} ms |")
    # sitegen ÷ a reference timed just before or after it, round by round: the two share the
    # machine's speed of that minute, which a ratio of two separate hyperfine runs does not.
    for reference, wanted in (("floor", args.floor), ("write-floor", args.write_floor)):
        if not wanted:
            continue
        print(f"\n| size | sitegen ÷ {reference}, median of the rounds (min–max) | ratio of the medians |")
        print("|---|---:|---:|")
        for pages, data in sizes:
            def walls(name: str) -> list[float]:
                return [r["wall"] for r in sorted(runs, key=lambda r: r["round"]) if r["command"] == name and r["size"] == data.name]
            ratios = [a / b for a, b in zip(walls("sitegen"), walls(reference))]
            print(f"| {data.name} | {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) | "
                  f"{statistics.median(walls('sitegen')) / statistics.median(walls(reference)):.2f} |")


if __name__ == "__main__":
    main()
