#!/usr/bin/env python3
"""The floor: what rendering and writing the pages costs, with no site generator around it.

    floor.py RESOLVED_DIR OUT_DIR [--verify N]

ONE `cmark-gfm` process renders every page's resolved Markdown (RESOLVED_DIR/<g>/<s>.md, as
scripts/bench/generate.py writes it), and the HTML is written to OUT_DIR/<g>/<s>.html, one
folder made per guide: the same pages and files a build writes, with none of its work.

cmark-gfm renders the files it is given as one document, so the pages are given to it
concatenated, each followed by a paragraph that no page has (SEPARATOR below), and its output is
cut at those paragraphs. That is only right if no page runs on into the next (an unclosed code
fence, a link reference definition another page uses); the script stops if the number of pages
it cuts out differs from the number it read, and --verify N compares N pages, spread over the
site, with cmark-gfm run on each page alone (byte for byte), which scripts/bench/run does once
before timing.

Reading the Markdown, joining it, cutting the output and writing the files are done in this
Python process on one core; cmark-gfm runs on the other at the same time as Python writes its
input to it. Python 3 standard library only.
"""

import os
import subprocess
import sys

CMARK = ["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]
SEPARATOR = b"SITEGENBENCHFLOORSEPARATOR"
SEPARATOR_MD = b"\n\n" + SEPARATOR + b"\n\n"
SEPARATOR_HTML = b"<p>" + SEPARATOR + b"</p>\n"


def pages(resolved):
    for guide in sorted(os.listdir(resolved)):
        folder = os.path.join(resolved, guide)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".md"):
                yield guide, name[:-3], os.path.join(folder, name)


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--verify"):
        sys.exit("usage: floor.py RESOLVED_DIR OUT_DIR [--verify N]")
    resolved, out = argv[0], argv[1]
    listed = list(pages(resolved))
    chunks = []
    for _, _, path in listed:
        with open(path, "rb") as f:
            chunks.append(f.read())
    html = subprocess.run(CMARK, input=SEPARATOR_MD.join(chunks), stdout=subprocess.PIPE, check=True).stdout
    parts = html.split(SEPARATOR_HTML)
    if len(parts) != len(listed):
        sys.exit(f"floor.py: cut cmark-gfm's output into {len(parts)} pages, but read {len(listed)}: a page runs on")
    os.makedirs(out, exist_ok=True)
    made = set()
    for (guide, scenario, _), part in zip(listed, parts):
        if guide not in made:
            os.mkdir(os.path.join(out, guide))
            made.add(guide)
        with open(os.path.join(out, guide, scenario + ".html"), "wb") as f:
            f.write(part)
    if len(argv) == 4:
        count = max(1, int(argv[3]))
        step = max(1, len(listed) // count)
        checked = 0
        for index in range(0, len(listed), step)[:count]:
            guide, scenario, path = listed[index]
            alone = subprocess.run(CMARK + [path], stdout=subprocess.PIPE, check=True).stdout
            if alone != parts[index]:
                sys.exit(f"floor.py: {guide}/{scenario}: rendered with the others, the page differs from cmark-gfm of it alone")
            checked += 1
        print(f"floor.py: {len(listed)} pages; {checked} of them identical to cmark-gfm of each page alone", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
