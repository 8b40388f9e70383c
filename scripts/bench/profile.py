#!/usr/bin/env python3
"""Reads `perf script` output of a sitegen build on standard input and prints, as a Markdown
table, the share of samples spent in each part of the pipeline (scripts/bench/profile).

A sample belongs to the first part, in the order below, that one of its stack frames names;
the parts are sitegen's phases and passes (docs/architecture.md). Standard library only.
"""

import re
import sys

# (part, substrings of mangled Swift or C symbol names), in the order they are tried.
# Debian's libcmark-gfm has no frame pointers and no local symbols, so a sample taken inside it
# often has a stack that stops there; those are counted apart (CMARK_UNATTRIBUTED) rather than
# as "other".
PARTS = [
    # The loader and the checker work on all cores: a worker thread's stack names the loader's or
    # the checker's own method (SiteLoader.loadScenarioFiles, SiteChecker.parseDocuments), not the
    # stage that started it.
    ("load: reading and parsing the sources", ["SiteV4load", "SiteLoaderV"]),
    ("check: directives and expressions parsed and type-checked", ["SiteCheckerV"]),
    ("directives expanded (branches, stamps, includes, steps)", ["DirectiveExpanderV6expand"]),
    ("Markdown parsed by cmark-gfm", ["DocumentC7parsing7options", "cmark_parse"]),
    ("stamped values put into the tree (tokens)", ["replaceTokens", "tokenOccurrences"]),
    ("steps taken out before parsing, numbered and anchored after", ["placeSteps", "removeTokens4from"]),
    ("glossary terms marked", ["markFirstOccurrences"]),
    ("East Asian line breaks", ["removeEastAsianSoftBreaks"]),
    ("HTML rendered by cmark-gfm", ["renderHTMLBytes", "renderHTMLSSyF", "cmark_render_html"]),
    ("heading ids and anchors", ["addHeadingIDs"]),
    # What is left of a page body once the passes above took theirs: its evaluation set up, the
    # Markdown tree made and freed, the list of its stamps.
    ("page body, the rest (set-up, the tree made and freed)", ["ScenarioBodyRenderer"]),
    ("page laid out with the templates", ["TemplateSetV6render", "TemplateLibraryV6render"]),
    ("picker data (guide pages)", ["PickerV", "CasePickerO"]),
    ("the reader's own values (each page's data, each guide's rules file)", ["ReaderValuesPage", "rulesData3for"]),
    # An environment's own methods, not every function with an environment among its parameters
    # (a mangled name spells its parameters' types: `render(guide:environment:…)` holds
    # `11EnvironmentV` too).
    ("scenarios evaluated (rules, dates)", [
        "scenarioInfos", "scenarioCase2of", "LibraryV11environment3for", "11EnvironmentV7Storage",
        "11EnvironmentV8evaluate", "11EnvironmentV5value2of", "11EnvironmentV13EagerResolver",
        "11EnvironmentV14FrozenResolver", "11EnvironmentV10ruleValues", "11EnvironmentV10factValues",
        "11EnvironmentV6errors"]),
    ("files written (mkdir, open, write: kernel included)", ["StagedDiskOutput"]),
    ("sitemap and assets", ["writeSiteFiles", "SitemapO"]),
    ("other page work (contexts, summaries)", ["PageRendererC6render", "PageRendererV6render"]),
]

CMARK_UNATTRIBUTED = "cmark-gfm, parsing or rendering (its stack is not recoverable)"


def main():
    counts = {name: 0 for name, _ in PARTS}
    other = kernel = cmark = total = 0
    for sample in sys.stdin.read().split("\n\n"):
        lines = [line.strip() for line in sample.splitlines()[1:] if line.strip()]
        if not lines:
            continue
        total += 1
        frames = "|".join(lines)
        for name, needles in PARTS:
            if any(needle in frames for needle in needles):
                counts[name] += 1
                break
        else:
            if "libcmark-gfm" in lines[0]:
                cmark += 1
            elif "[kernel.kallsyms]" in frames:
                kernel += 1
            else:
                other += 1
    if total == 0:
        sys.exit("profile.py: no samples on standard input")
    print(f"{total:,} samples")
    print()
    print("| part | share of samples |")
    print("|---|---:|")
    for name, _ in PARTS:
        print(f"| {name} | {100 * counts[name] / total:.1f} % |")
    print(f"| {CMARK_UNATTRIBUTED} | {100 * cmark / total:.1f} % |")
    print(f"| kernel, elsewhere (process start and exit, page faults, the folder swap) | {100 * kernel / total:.1f} % |")
    print(f"| other (thread start, allocator, runtime) | {100 * other / total:.1f} % |")


if __name__ == "__main__":
    main()
