"""Glossary terms in the rendered pages (README.md, "The glossary"), tested against their DOM contract.

Contract: in a scenario page, the first occurrence in prose of a glossary term is
<a class="term" href="../../../glossary/index.html#TERM-ID" ...> with its definition available
as an accessible tooltip (aria-describedby to a role="tooltip" element that shows on hover and
on focus, or a title attribute); later occurrences are plain text; the definition never appears
inline in the paragraph's text; no term markup inside headings, links or code.
"""
import urllib.parse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import file_url, missing_feature, output_dir, scenario_pages

# Looks at every a.term in the page; returns what is wrong, and what the terms are.
ANALYSE = r"""
const problems = [];
const terms = [];
const seen = {};
const hiddenIds = new Set();
for (const el of document.querySelectorAll('.term')) {
  for (const id of (el.getAttribute('aria-describedby') || '').split(/\s+/)) if (id) hiddenIds.add(id);
}
function isAside(node) {  // tooltip text is not prose
  for (let n = node; n; n = n.parentElement) {
    if (n.nodeType !== 1) continue;
    if (n.getAttribute('role') === 'tooltip' || (n.id && hiddenIds.has(n.id))) return true;
  }
  return false;
}
function proseText(block) {  // a block's text without tooltips
  const copy = block.cloneNode(true);
  for (const t of copy.querySelectorAll('[role="tooltip"]')) t.remove();
  for (const id of hiddenIds) { const t = copy.querySelector('#' + CSS.escape(id)); if (t) t.remove(); }
  return copy.textContent;
}
for (const el of document.querySelectorAll('.term')) {
  const href = el.getAttribute('href') || '';
  const m = href.match(/^(?:\.\.\/)+glossary\/index\.html#(.+)$/);
  const id = m ? decodeURIComponent(m[1]) : null;
  const text = proseText(el).trim();
  if (el.tagName !== 'A') problems.push(`.term "${text}" is a <${el.tagName.toLowerCase()}>, not an <a>`);
  if (!id) problems.push(`.term "${text}" links to ${JSON.stringify(href)}, not ../../../glossary/index.html#ID`);
  if (!el.closest('main')) problems.push(`.term "${text}" is outside <main> (site header or footer), not in the guide's prose`);
  const bad = el.parentElement && el.parentElement.closest('h1,h2,h3,h4,h5,h6,a,code,pre,kbd,samp');
  if (bad) problems.push(`.term "${text}" is inside <${bad.tagName.toLowerCase()}>`);
  if (id) seen[id] = (seen[id] || 0) + 1;
  let tip = null;
  const described = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  for (const d of described) {
    const t = document.getElementById(d);
    if (!t) problems.push(`.term "${text}": aria-describedby="${d}" names no element`);
    else tip = t.textContent.trim();
  }
  if (!tip && el.getAttribute('title')) tip = el.getAttribute('title').trim();
  if (!tip) problems.push(`.term "${text}" has no tooltip (aria-describedby or title)`);
  const block = el.closest('p,li,td,th,dd,dt,blockquote') || el.parentElement;
  if (tip && tip.length > 8 && proseText(block).includes(tip))
    problems.push(`.term "${text}": its definition is written inline in the text: ${proseText(block).trim().slice(0, 200)}`);
  // No earlier plain occurrence of the same words in prose (outside headings, links, code).
  const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (el.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) break;
    if (el.contains(n)) break;
    const p = n.parentElement;
    if (!p || p.closest('h1,h2,h3,h4,h5,h6,a,code,pre,nav,dt,.scenario-title,.scenario-summary,.as-of,.deadlines,.reader-values,.reader-status,script,style') || isAside(n)) continue;
    if (text && n.nodeValue.includes(text)) {
      problems.push(`.term "${text}" is not the first occurrence: "${n.nodeValue.trim().slice(0, 120)}" comes before it`);
      break;
    }
  }
  terms.push({id, text, tip, href});
}
for (const [id, n] of Object.entries(seen)) if (n > 1) problems.push(`term #${id} is marked ${n} times`);
return {problems, terms};
"""


def pages_with_terms(driver):
    """(page, first .term's info) for every scenario page that marks a term."""
    found = []
    for g, s in scenario_pages():
        driver.get(file_url(f"guides/{g}/{s}/index.html"))
        result = driver.execute_script(ANALYSE)
        if result["terms"]:
            found.append((f"guides/{g}/{s}/index.html", result["terms"][0]))
    return found


@pytest.fixture(scope="module")
def term_pages(browser):
    return pages_with_terms(browser)


def test_glossary_page_has_anchors(browser, request):
    page = output_dir() / "glossary" / "index.html"
    if not page.is_file():
        missing_feature(request, "the glossary page")
    assert page.is_file(), "Output/glossary/index.html does not exist"
    browser.get(file_url("glossary/index.html"))
    ids = browser.execute_script(
        "return [...document.querySelectorAll('main [id]')].map(e => e.id).filter(i => i !== 'main')")
    assert ids, "the glossary page has no element with an id for a term to link to"


@pytest.mark.parametrize("guide,scenario", scenario_pages())
def test_term_markup(browser, guide, scenario, request):
    browser.get(file_url(f"guides/{guide}/{scenario}/index.html"))
    result = browser.execute_script(ANALYSE)
    if not result["terms"]:
        missing_feature(request, "glossary term markup (a.term)")
    assert result["terms"], f"no glossary term is marked in guides/{guide}/{scenario}/index.html"
    glossary_ids = set(_glossary_ids(browser))
    problems = list(result["problems"])
    for t in result["terms"]:
        if t["id"] and t["id"] not in glossary_ids:
            problems.append(f".term \"{t['text']}\" links to #{t['id']}, which the glossary page does not have")
    assert not problems, "\n".join(problems)


def _glossary_ids(driver):
    current = driver.current_url
    driver.get(file_url("glossary/index.html"))
    ids = driver.execute_script("return [...document.querySelectorAll('[id]')].map(e => e.id)")
    driver.get(current)
    return ids


def _first_term(browser, term_pages, request):
    if not term_pages:
        missing_feature(request, "glossary term markup (a.term)")
    assert term_pages, "no scenario page marks a glossary term"
    page, _ = term_pages[0]
    browser.get(file_url(page))
    return page, browser.find_element(By.CSS_SELECTOR, "a.term")


def test_term_tooltip_shows_on_hover_and_focus(browser, term_pages, request):
    page, term = _first_term(browser, term_pages, request)
    described = (term.get_attribute("aria-describedby") or "").split()
    if not described:
        assert (term.get_attribute("title") or "").strip(), f"{page}: the first term has no tooltip"
        return  # a title attribute: the browser shows it; nothing more to see in headless Chromium
    tip = browser.find_element(By.ID, described[0])
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", term)
    ActionChains(browser).move_to_element(term).pause(0.3).perform()
    assert tip.is_displayed() and tip.text.strip(), f"{page}: hovering the term does not show its tooltip"
    # Away again, then the keyboard.
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).pause(0.3).perform()
    browser.execute_script("document.activeElement && document.activeElement.blur()")
    browser.execute_script("arguments[0].focus()", term)
    assert browser.switch_to.active_element == term, f"{page}: the term cannot take keyboard focus"
    assert tip.is_displayed() and tip.text.strip(), f"{page}: focusing the term does not show its tooltip"


def test_term_links_to_glossary_anchor(browser, wait, term_pages, request):
    page, term = _first_term(browser, term_pages, request)
    href = term.get_attribute("href")
    fragment = urllib.parse.unquote(urllib.parse.urlparse(href).fragment)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", term)
    term.click()
    wait(browser).until(lambda d: "glossary/index.html" in d.current_url)
    url = urllib.parse.unquote(browser.current_url)
    assert url.endswith(f"/glossary/index.html#{fragment}"), f"{page}: the term led to {url}"
    target = browser.find_elements(By.ID, fragment)
    assert target, f"the glossary page has no element with id {fragment!r}"
    assert target[0].text.strip(), f"#{fragment} on the glossary page is empty"
