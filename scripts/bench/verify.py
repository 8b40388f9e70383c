#!/usr/bin/env python3
"""Check that the resolved Markdown of a generated site is what sitegen's pages say.

    scripts/bench/verify.py OUT_DIR SITEGEN_OUTPUT [N]

OUT_DIR is what generate.py wrote; SITEGEN_OUTPUT is `sitegen build` of OUT_DIR/site (with
--as-of 2026-01-15). For N pages (default: all), compares the page body that sitegen wrote
(the <div class="guide-body"> of Output/guides/<g>/<s>/index.html) with `cmark-gfm -e table
-e strikethrough -e autolink -e tagfilter -e tasklist` of OUT_DIR/resolved/<g>/<s>.md.

sitegen adds markup by design (README.md: steps, glossary terms, stamps), which is taken out of its page before the
comparison: <time datetime=…> around dates in prose, glossary terms (link + tooltip, first
occurrence per page), the empty <span class="step-anchor" id=…> of each step, and the class
of step references (<a class="step-ref" href="#step-x">3</a>; the resolved Markdown writes
[3](#step-x)), the weighted <span class="step-title"> around a step's opening line, and each
heading's id span and "#" link; and in cmark-gfm's output, a soft line break between two East
Asian characters, or after East Asian full-width punctuation, is removed (README.md, "Guides":
sitegen renders it as nothing). Everything else must be byte-identical. Exit 1 on the first difference, with
a unified diff. Python 3 standard library only.
"""

import difflib
import os
import re
import subprocess
import sys
import unicodedata

CMARK = ["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]

EA = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
EAST_ASIAN_BREAK = re.compile(f"(?<=[{EA}])\n(?=[{EA}])")
# ...and one after East Asian full-width punctuation (。、」 and the like), whatever follows.
FULL_WIDTH_PUNCTUATION = "".join(
    re.escape(chr(c)) for c in range(0x2E80, 0x10000)
    if unicodedata.category(chr(c)).startswith("P") and unicodedata.east_asian_width(chr(c)) in ("W", "F"))
PUNCTUATION_BREAK = re.compile(f"(?<=[{FULL_WIDTH_PUNCTUATION}])\n(?=[^\n<])")


def body_of(page):
    start = page.index('<div class="guide-body">\n') + len('<div class="guide-body">\n')
    end = page.index('\n</div>', start)
    while True:  # the body holds no raw HTML (unsafe_html: false), so its </div> is the last before the nav
        nxt = page.find('\n</div>', end + 1)
        if nxt == -1 or page.find('<nav class="other-cases"', end) < nxt or page.find('</article>', end) < nxt:
            break
        end = nxt
    return page[start:end].rstrip("\n") + "\n"  # the template adds a line break after the content


def normalise(html):
    # Stamps the reader's values can change carry data-stamp (docs/reader-values.md).
    html = re.sub(r'<time datetime="[0-9-]+"(?: data-stamp="[0-9]+")?>(.*?)</time>', r"\1", html)
    html = re.sub(r'<span data-stamp="[0-9]+">(.*?)</span>', r"\1", html)
    html = re.sub(r'<span class="term-wrap"><a class="term" [^>]*>(.*?)</a><span class="term-tip" [^>]*>.*?</span></span>', r"\1", html)
    html = re.sub(r'<span class="step-anchor" id="[^"]*"></span>', "", html)
    html = html.replace('<a class="step-ref" href=', '<a href=')
    # A step's opening line weighs more in the search index; headings carry an id and a link to it.
    html = re.sub(r'<span class="step-title" data-pagefind-weight="2">(.*?)</span>(?=</li>|</p>)', r"\1", html)
    html = re.sub(r'<span class="heading-id" id="[^"]*"></span>', "", html)
    html = re.sub(r'<a class="heading-anchor" [^>]*>#</a>', "", html)
    return html


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: verify.py OUT_DIR SITEGEN_OUTPUT [N]")
    out, built = argv[1], argv[2]
    limit = int(argv[3]) if len(argv) == 4 else None
    resolved = os.path.join(out, "resolved")
    pages = sorted((g, s[:-3]) for g in os.listdir(resolved) for s in os.listdir(os.path.join(resolved, g)))
    if limit is not None:
        step = max(1, len(pages) // limit)
        pages = pages[::step][:limit]
    marks = {"time": 0, "term": 0, "anchor": 0, "ref": 0, "title": 0, "heading": 0, "break": 0}
    for g, s in pages:
        with open(os.path.join(built, "guides", g, s, "index.html"), encoding="utf-8") as f:
            page = body_of(f.read())
        marks["time"] += page.count("<time ")
        marks["term"] += page.count('class="term"')
        marks["anchor"] += page.count('class="step-anchor"')
        marks["ref"] += page.count('class="step-ref"')
        marks["title"] += page.count('class="step-title"')
        marks["heading"] += page.count('class="heading-id"')
        ours = normalise(page)
        theirs = subprocess.run(CMARK + [os.path.join(resolved, g, s + ".md")], check=True,
                                capture_output=True, text=True).stdout
        # README.md, "Guides": a soft line break between two East Asian characters renders as nothing
        # (the generated code blocks are ASCII, so only prose is affected here)
        theirs, joined = EAST_ASIAN_BREAK.subn("", theirs)
        theirs, after_punctuation = PUNCTUATION_BREAK.subn("", theirs)
        marks["break"] += joined + after_punctuation
        if ours != theirs:
            sys.stdout.writelines(difflib.unified_diff(
                theirs.splitlines(True), ours.splitlines(True), f"cmark-gfm {g}/{s}.md", f"sitegen {g}/{s} (normalised)"))
            sys.exit(f"verify: {g}/{s}: sitegen's page body differs from cmark-gfm of the resolved Markdown")
    print(f"verify: {len(pages)} pages identical after removing sitegen's own markup "
          f"({marks['time']} <time>, {marks['term']} glossary terms, {marks['anchor']} step anchors, "
          f"{marks['ref']} step-ref classes, {marks['title']} step titles, {marks['heading']} heading ids; "
          f"{marks['break']} East Asian soft breaks removed from cmark-gfm's)")


if __name__ == "__main__":
    main(sys.argv)
