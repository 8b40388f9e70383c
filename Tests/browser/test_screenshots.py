"""How the pages look on a desktop (1280 px) and a phone (390 px), and on paper.

Full-page screenshots of the index, a guide's question page and two scenario pages are saved as
PNG files (artifacts/screenshots/ by default), and each page printed to PDF beside them, for a
person to look at. The tests measure element boxes and fail when:

- any element runs past the viewport's edge (the page would scroll sideways or cut text off);
- a code block's text runs past its box: on a phone and on paper code must wrap, on a wide
  screen it may scroll but must show that it does;
- a radio button is not beside its label, level with the label's first line;
- on a phone, the table of cases squeezes its titles, or the guide page is many screens long;
- in print, anything interactive shows, the page's address is missing or printed twice, a link
  prints its address twice, a page break is forced, or a tall block is kept whole (which leaves
  the rest of a page blank), or the PDF has more pages than the printed page's height needs.
"""
import base64
import math
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import file_url, guides_with_scenarios, output_dir, scenario_pages
from layout_checks import code_problems, overflow_problems, print_problems, radio_problems

SIZES = {"desktop": (1280, 900, False), "phone": (390, 844, True)}
# A4 with the print stylesheet's 15 mm margins, in CSS pixels (96 per inch).
PRINT_WIDTH = round((210 - 30) / 25.4 * 96)
PRINT_HEIGHT = (297 - 30) / 25.4 * 96


def _has_code(guide, scenario):
    text = (output_dir() / "guides" / guide / scenario / "index.html").read_text(encoding="utf-8")
    return "<pre" in text


def pages():
    """(name, page): the index, a guide's questions and two scenario pages, preferring the ones
    with code blocks and taking them from different guides where there are several."""
    out = [("index", "index.html")]
    guides = guides_with_scenarios()
    if not guides:
        return out
    # The guide with the most cases: the longest list and the most questions.
    counts = {g: sum(1 for p in scenario_pages() if p[0] == g) for g in guides}
    picker = max(guides, key=lambda g: (counts[g], g))
    out.append(("picker", f"guides/{picker}/index.html"))
    chosen = []
    for with_code in (True, False):
        for g in guides:
            if any(c[0] == g for c in chosen):
                continue
            for page in (p for p in scenario_pages() if p[0] == g):
                if _has_code(*page) == with_code:
                    chosen.append(page)
                    break
    for page in scenario_pages():
        if len(chosen) >= 2:
            break
        if page not in chosen:
            chosen.append(page)
    for number, (g, s) in enumerate(chosen[:2], start=1):
        out.append((f"scenario{number}", f"guides/{g}/{s}/index.html"))
    return out


def full_page_screenshot(driver, path, width, height, mobile, check):
    """Lays the page out at width×height, runs check(driver) there, then grows the viewport to
    the page's full height for the screenshot. Returns what check returned."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        found = check(driver)
        full = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               dict(metrics, height=max(height, min(int(full), 16000))))
        assert driver.save_screenshot(str(path)), f"could not save {path}"
        return found
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def show_every_question(driver):
    """Shows every question of a guide page, as if each mattered, so every radio is measured."""
    driver.execute_script(
        "document.querySelectorAll('fieldset[hidden]').forEach(f => { f.hidden = false; });")


def load(driver, page):
    driver.get(file_url(page))
    driver.execute_script("return document.fonts.ready")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name,page", pages())
def test_screenshot(browser, screenshots_dir, name, page, size):
    width, height, mobile = SIZES[size]
    load(browser, page)
    path = screenshots_dir / f"{name}-{size}.png"

    def check(driver):
        problems = overflow_problems(driver) + code_problems(driver, must_wrap=mobile)
        if name == "picker" and mobile:
            problems += picker_page_problems(driver, height)
        return problems

    problems = full_page_screenshot(browser, path, width, height, mobile, check)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, f"{path} is not a real PNG"
    assert browser.find_elements(By.TAG_NAME, "h1"), f"{page} has no <h1>"
    assert not problems, f"{page} at {width}px:\n" + "\n".join(problems)


def picker_page_problems(driver, screen):
    """On a phone, with JavaScript: the questions come first and the list of every case is
    closed, so the page is a few screens, not dozens."""
    problems = []
    if not driver.find_elements(By.ID, "picker") or not driver.find_element(By.ID, "picker").is_displayed():
        return ["the questions (#picker) are not shown"]
    tall = driver.execute_script("return document.documentElement.scrollHeight")
    if tall > 4 * screen:
        problems.append(f"the guide page is {tall}px tall on a phone ({tall / screen:.1f} screens)")
    listing = driver.find_elements(By.CSS_SELECTOR, ".scenario-index")
    if listing and listing[0].size["height"] > 200:
        problems.append(f"the list of every case takes {listing[0].size['height']}px under the questions")
    return problems


@pytest.mark.parametrize("size", SIZES)
def test_radio_beside_its_label(browser, size):
    """Every option of every question (all shown at once), at both widths."""
    guides = guides_with_scenarios()
    if not guides:
        pytest.skip("no guide with questions")
    width, height, mobile = SIZES[size]
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        total = 0
        for guide in guides:
            load(browser, f"guides/{guide}/index.html")
            show_every_question(browser)
            problems, measured = radio_problems(browser)
            total += measured
            assert not problems, f"{guide} at {width}px:\n" + "\n".join(problems)
        assert total > 0, "no radio button was measured"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_case_table_reflows_on_a_phone(browser_nojs):
    """Each case's title gets the row's width on a phone, not a squeezed column."""
    guides = guides_with_scenarios()
    if not guides:
        pytest.skip("no guide with cases")
    driver = browser_nojs
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        for guide in guides:
            driver.get(file_url(f"guides/{guide}/index.html"))
            table = driver.find_element(By.CSS_SELECTOR, "table.scenario-table")
            assert table.is_displayed()
            for title in table.find_elements(By.CSS_SELECTOR, "th[scope=row]"):
                assert title.size["width"] >= 0.8 * table.size["width"], (
                    f"{guide}: 「{title.text}」 gets {title.size['width']}px of a {table.size['width']}px table")
            problems = overflow_problems(driver)
            assert not problems, f"{guide} without JavaScript at 390px:\n" + "\n".join(problems)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


@pytest.mark.parametrize("name,page", pages())
def test_print(browser, screenshots_dir, name, page):
    load(browser, page)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": PRINT_WIDTH, "height": round(PRINT_HEIGHT), "deviceScaleFactor": 1, "mobile": False})
    try:
        problems = (overflow_problems(browser) + code_problems(browser, must_wrap=True)
                    + print_problems(browser, PRINT_HEIGHT))
        tall = browser.execute_script("return document.documentElement.scrollHeight")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    path = screenshots_dir / f"{name}-print.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF"), f"{path} is not a PDF"
    count = pdf_pages(pdf)
    # Pages as full as the content allows: one more than its height needs, for the lines that a
    # page break moves down, and no more.
    needed = math.ceil(tall / PRINT_HEIGHT)
    if count > needed + 1:
        problems.append(f"{count} pages for {tall}px of print ({needed} pages' worth): pages end in blank space")
    assert not problems, f"{page} in print:\n" + "\n".join(problems)


LONG_LINES = (
    "openssl s_client -connect www.example.jp:443 -servername www.example.jp </dev/null 2>/dev/null"
    " | openssl x509 -noout -subject -issuer -enddate -fingerprint -sha256",
    "https://www.example.jp/" + "a-very-long-path-without-any-spaces/" * 6,
    "【サービス名称】" + "とても長いサービス名称" * 8,
)


@pytest.mark.parametrize("medium", ["phone", "desktop", "print"])
def test_long_code_lines(browser, medium):
    """Code lines longer than any screen, whatever the sample's code is: they wrap on a phone and
    on paper, and scroll with a visible sign on a desktop, never cut off."""
    pages = [f"guides/{g}/{s}/index.html" for g, s in scenario_pages()]
    page = next((p for p in pages if "<pre" in (output_dir() / p).read_text(encoding="utf-8")), None)
    if page is None:
        pytest.skip("no page of the sample site has a code block")
    load(browser, page)
    browser.execute_script(
        "const code = document.querySelector('main pre code') || document.querySelector('main pre');"
        "code.append(...arguments[0].map(line => '\\n' + line));", list(LONG_LINES))
    width, height, mobile = SIZES["desktop" if medium == "desktop" else "phone"]
    if medium == "print":
        width, height, mobile = PRINT_WIDTH, round(PRINT_HEIGHT), False
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        problems = code_problems(browser, must_wrap=medium != "desktop") + overflow_problems(browser)
        wider = browser.execute_script(
            "const pre = document.querySelector('main pre'); return pre.scrollWidth - pre.clientWidth;")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not problems, f"{page} with long code lines ({medium}):\n" + "\n".join(problems)
    if medium == "desktop":
        assert wider > 0, "the long lines did not make the block scroll: the test measured nothing"
