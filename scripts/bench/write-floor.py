#!/usr/bin/env python3
"""What writing a build's own files costs, with nothing else: the write floor.

    write-floor.py BUILT_OUTPUT OUT [--jobs N] [--json]

Reads every file of BUILT_OUTPUT (a finished `sitegen build` output) into memory, then writes
the same files, byte for byte, into OUT (which must not exist): every folder made first, one
`mkdir` each, then each file opened with O_CREAT | O_EXCL, written in one call and closed, by N
threads (default 2, as many as a build's jobs on the benchmark machine; the system calls release
Python's lock, so the threads write at the same time). Only the writing is timed: wall time, and
the process's user and system CPU over it (getrusage, all threads). Reading the files, which a
build does not do, is left out.

So it is what the kernel and the file system charge for sitegen's pages (about three times the
bytes of the floor's, which writes the body HTML alone), as a plain loop pays it. Prints one line,
or with --json one JSON object (wall, user, sys, files, bytes), which linearity.py reads.
Python 3 standard library only.
"""

import argparse
import json
import os
import resource
import sys
import threading
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("built")
    parser.add_argument("out")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if os.path.exists(args.out):
        sys.exit(f"write-floor: {args.out} exists; give a folder that does not")
    if args.jobs < 1:
        sys.exit("write-floor: --jobs must be at least 1")

    files: list[tuple[str, bytes]] = []
    folders: list[str] = []
    for folder, subfolders, names in os.walk(args.built):
        subfolders.sort()
        relative = os.path.relpath(folder, args.built)
        folders.append(relative)
        for name in sorted(names):
            with open(os.path.join(folder, name), "rb") as file:
                files.append((os.path.join(relative, name), file.read()))
    if not files:
        sys.exit(f"write-floor: no files in {args.built}")

    failures: list[BaseException] = []

    def write(part: list[tuple[str, bytes]]) -> None:
        try:
            for relative, data in part:
                descriptor = os.open(os.path.join(args.out, relative), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                try:
                    written = os.write(descriptor, data)
                    if written != len(data):
                        raise OSError(f"short write of {relative}: {written} of {len(data)} bytes")
                finally:
                    os.close(descriptor)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    # os.walk lists a folder before its subfolders, so each parent exists when its child is made.
    for relative in folders:
        os.mkdir(os.path.normpath(os.path.join(args.out, relative)))
    threads = [threading.Thread(target=write, args=(files[index :: args.jobs],)) for index in range(args.jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    if failures:
        sys.exit(f"write-floor: {failures[0]}")

    result = {
        "wall": wall,
        "user": after.ru_utime - before.ru_utime,
        "sys": after.ru_stime - before.ru_stime,
        "files": len(files),
        "bytes": sum(len(data) for _, data in files),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"write-floor: {result['files']:,} files, {result['bytes'] / 1e6:.0f} MB in {wall:.2f} s wall, "
              f"{result['user']:.2f} s user, {result['sys']:.2f} s system ({args.jobs} threads)")


if __name__ == "__main__":
    main()
