"""Site search (docs/search.md) over http on loopback: Pagefind cannot load its index from
file://, so these tests serve the built Output/ with Python's http.server on 127.0.0.1 (a free
port), stopped when the module ends.

The queries are those of the issue: 「解約」 finds the switch guide first; 「CSR」 finds the move
guide and the glossary; 「秘密鍵を取り出せない」 finds the move guide; a query lists each guide at
most once; an answer filter narrows a guide to one case. axe-core runs on a page with results
and filters showing, and the box must fit a phone's width."""
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import WAIT, file_url, output_dir

SWITCH = "switch-to-external-certificate"
MOVE = "move-certificate-to-new-server"


@pytest.fixture(scope="module")
def server():
    """The built site at http://127.0.0.1:PORT/, served for this module only."""
    if not (output_dir() / "pagefind" / "pagefind.js").is_file():
        pytest.fail("Output/pagefind/ is missing: the build made no search index "
                    "(run scripts/search-setup; scripts/test-browser does)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(output_dir())],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                urllib.request.urlopen(base + "index.html", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("http.server did not start")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_search(browser, url):
    browser.get(url)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script("return !document.getElementById('site-search').hidden"),
        "the search box did not show over http")
    return browser.find_element(By.ID, "site-search-input")


def wait_done(browser):
    WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.ID, "site-search").get_attribute("data-state") in ("done", "error"))
    assert browser.find_element(By.ID, "site-search").get_attribute("data-state") == "done", \
        browser.find_element(By.ID, "site-search-status").text


def search(browser, base, query, page="index.html"):
    """Types the query into the box, presses Enter, and returns the results' links."""
    field = open_search(browser, base + page)
    field.send_keys(query, Keys.ENTER)
    wait_done(browser)
    return results(browser)


def results(browser):
    return [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#site-search-results a.site-search-title")]


def group(href):
    """The guide a result's link belongs to, or 'glossary'."""
    if "/glossary/" in href:
        return "glossary"
    match = re.search(r"/guides/([^/]+)/", href)
    assert match, f"a result links outside the guides and glossary: {href}"
    return match.group(1)


def test_search_box_is_hidden_without_http_or_javascript(browser, browser_nojs, server):
    # From file:// the index cannot load, so there is no box that cannot answer.
    browser.get(file_url("index.html"))
    time.sleep(0.5)
    assert not browser.find_element(By.ID, "site-search").is_displayed()
    browser_nojs.get(server + "index.html")
    assert not browser_nojs.find_element(By.ID, "site-search").is_displayed()


def test_search_box_is_labelled(browser, server):
    field = open_search(browser, server + "index.html")
    label = browser.find_element(By.CSS_SELECTOR, "label[for='site-search-input']")
    assert label.text.strip() == "サイト内を検索"
    assert field.get_attribute("type") == "search"
    assert browser.find_element(By.ID, "site-search-form").get_attribute("role") == "search"
    assert browser.find_element(By.ID, "site-search-status").get_attribute("role") == "status"


def test_kaiyaku_finds_the_switch_guide_first(browser, server):
    links = search(browser, server, "解約")
    assert links, "「解約」 found nothing"
    assert group(links[0]) == SWITCH, links
    status = browser.find_element(By.ID, "site-search-status").text
    assert "「解約」の検索結果" in status


def test_csr_finds_the_move_guide_and_the_glossary(browser, server):
    links = search(browser, server, "CSR")
    groups = [group(h) for h in links]
    assert MOVE in groups and "glossary" in groups, links
    glossary = [h for h in links if group(h) == "glossary"][0]
    assert "#" in glossary, f"the glossary result should lead to the term's entry: {glossary}"


def test_private_key_sentence_finds_the_move_guide(browser, server):
    links = search(browser, server, "秘密鍵を取り出せない")
    assert links and group(links[0]) == MOVE, links


@pytest.mark.parametrize("query", ["解約", "CSR", "証明書", "サーバ", "秘密鍵を取り出せない", "期限"])
def test_each_guide_shows_at_most_once(browser, server, query):
    links = search(browser, server, query)
    groups = [group(h) for h in links]
    assert len(groups) == len(set(groups)), f"「{query}」 lists a guide twice: {links}"


def test_a_guide_result_leads_to_its_questions(browser, server):
    links = search(browser, server, "解約")
    first = links[0]
    assert first.endswith(f"/guides/{SWITCH}/index.html"), f"several cases match, so the result leads to the questions: {first}"
    best = browser.find_element(By.CSS_SELECTOR, "#site-search-results .site-search-case a").get_attribute("href")
    assert re.search(rf"/guides/{SWITCH}/[a-z0-9-]+/index.html$", best), best


def test_answer_filters_narrow_to_one_case(browser, server):
    search(browser, server, "秘密鍵")
    # The filters are folded under their summary at first, so results come first on a phone.
    browser.find_element(By.CSS_SELECTOR, "#site-search-filters summary").click()
    label = browser.find_element(By.CSS_SELECTOR, "label[for='site-search-fact-current_server']").text
    assert "現在お使いのサーバ" in label
    # Typed values (dates) are examples on case pages and are not offered as filters.
    assert not browser.find_elements(By.ID, "site-search-fact-cert_expiry")
    Select(browser.find_element(By.ID, "site-search-fact-current_server")).select_by_visible_text("弊社の共用サーバ")
    wait_done(browser)
    # Two cases of the move guide remain: the result leads to its questions.
    assert results(browser)[0].endswith(f"/guides/{MOVE}/index.html"), results(browser)
    Select(browser.find_element(By.ID, "site-search-fact-install_by_us")).select_by_visible_text("はい")
    wait_done(browser)
    links = results(browser)
    assert links == [server + f"guides/{MOVE}/our-shared-setup-by-us/index.html"], links
    # Back to every answer: the guide's questions again.
    Select(browser.find_element(By.ID, "site-search-fact-install_by_us")).select_by_index(0)
    wait_done(browser)
    assert results(browser)[0].endswith(f"/guides/{MOVE}/index.html")


def test_keyboard_only(browser, server):
    field = open_search(browser, server + f"guides/{SWITCH}/other-before-cutover/index.html")
    field.send_keys("CSR", Keys.ENTER)
    wait_done(browser)
    first = browser.find_element(By.CSS_SELECTOR, "#site-search-results a.site-search-title")
    # Tab from the field reaches the first result through the button and any filters.
    active = field
    for _ in range(30):
        active.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if active == first:
            break
    assert active == first, "Tab never reached the first result"
    href = first.get_attribute("href")
    active.send_keys(Keys.ENTER)
    WebDriverWait(browser, WAIT).until(lambda d: d.current_url.split("#")[0] == href.split("#")[0])
    # Escape clears the box and its results.
    field = open_search(browser, server + "index.html")
    field.send_keys("CSR", Keys.ENTER)
    wait_done(browser)
    field.send_keys(Keys.ESCAPE)
    assert field.get_attribute("value") == ""
    assert not browser.find_element(By.ID, "site-search-results").is_displayed()


def test_results_are_accessible(browser, server):
    search(browser, server, "解約", page=f"guides/{SWITCH}/index.html")
    browser.find_element(By.CSS_SELECTOR, "#site-search-filters summary").click()
    assert browser.find_element(By.ID, "site-search-fact-target_service").is_displayed()
    axe = Axe(browser)
    axe.inject()
    report = axe.run()
    serious = [v for v in report["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']} — {[n['html'][:120] for n in v['nodes'][:5]]}" for v in serious)


def test_fits_a_phone(browser, server, screenshots_dir):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        search(browser, server, "解約")
        browser.find_element(By.CSS_SELECTOR, "#site-search-filters summary").click()
        overflowing = browser.execute_script(
            "const box = document.getElementById('site-search-filters');"
            "return [...box.querySelectorAll('label, select')].some(e => e.getBoundingClientRect().right > box.getBoundingClientRect().right + 1)")
        assert not overflowing, "a filter's question or answers run out of the box on a phone"
        wide = browser.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
        browser.save_screenshot(str(screenshots_dir / "search-phone.png"))
        assert not wide, "the page scrolls sideways on a phone with search results"
        size = browser.execute_script(
            "return parseFloat(getComputedStyle(document.getElementById('site-search-input')).fontSize)")
        assert size >= 16, "a field under 16px makes phones zoom in"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
