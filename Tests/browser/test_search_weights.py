"""What weighs more than body text in the search index (docs/search.md): glossary terms on the
glossary page and where a guide's prose links them, the guide and case titles, and each step's
title line. Headings weigh more by Pagefind's own defaults, so they carry no attribute, and none
may weigh them down.

These read the built HTML (no browser): Pagefind takes the weights from these attributes.
"""
from html.parser import HTMLParser

import pytest

from conftest import missing_feature, output_dir, scenario_pages


class _Weights(HTMLParser):
    """Records, for elements of interest, the data-pagefind-weight in effect (the nearest
    ancestor-or-self attribute; 1 when there is none)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, weight in effect)
        self.found = []  # (what, weight, text so far)
        self.open_steps = []  # indexes into found of step titles being read

    def weight(self):
        return self.stack[-1][1] if self.stack else 1.0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        weight = float(a["data-pagefind-weight"]) if a.get("data-pagefind-weight") else self.weight()
        classes = (a.get("class") or "").split()
        if tag == "span" and "step-anchor" in classes:
            # The step's title is the paragraph the anchor opens: its weight is the paragraph's.
            self.found.append(["step", self.weight(), a.get("id", "")])
        if tag == "a" and "term" in classes:
            self.found.append(["term", weight, a.get("href", "")])
        if tag == "dt":
            self.found.append(["dt", weight, ""])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and a.get("data-pagefind-weight"):
            self.found.append([tag, weight, ""])
        if tag not in self.VOID:
            self.stack.append((tag, weight))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break


def weights(relative):
    parser = _Weights()
    parser.feed((output_dir() / relative).read_text(encoding="utf-8"))
    return parser.found


def test_glossary_terms_weigh_more():
    page = output_dir() / "glossary" / "index.html"
    if not page.is_file():
        pytest.skip("the site has no glossary")
    terms = [w for what, w, _ in weights("glossary/index.html") if what == "dt"]
    assert terms, "the glossary page lists no terms"
    assert all(w > 1 for w in terms), f"glossary terms weighing no more than body text: {terms}"


def test_terms_in_prose_and_headings():
    pages = [f"guides/{g}/{s}/index.html" for g, s in scenario_pages()]
    if not pages:
        pytest.skip("no scenario pages")
    terms = 0
    for page in pages:
        for what, weight, detail in weights(page):
            if what == "term":
                terms += 1
                assert weight > 1, f"{page}: the term link {detail} weighs {weight}"
            if what.startswith("h"):
                assert weight >= 2, f"{page}: an {what} is weighed down to {weight}"
    assert terms, "no page links a glossary term"


def test_step_titles_weigh_more(request):
    pages = [f"guides/{g}/{s}/index.html" for g, s in scenario_pages()]
    steps = [(page, w, anchor) for page in pages for what, w, anchor in weights(page) if what == "step"]
    if not steps:
        pytest.skip("no page has numbered steps")
    if not any(w > 1 for _, w, _ in steps):
        missing_feature(request, "data-pagefind-weight on step titles")
    light = [f"{page}#{anchor}" for page, w, anchor in steps if w <= 1]
    assert not light, f"{len(light)} step titles weigh no more than body text, e.g. {light[:3]}"
