"""The copy button on code blocks and the favicon (assets/page.js, assets/favicon.svg).

- Without JavaScript there is no copy button; with it, every code block has one, a real
  button labelled 「コピー」, that works from the keyboard and says 「コピーしました」 in a
  status line.
- It copies the code exactly as the page shows it, also after the reader has typed in their own
  value and scenario.js has stamped it into the code (the transfer test site's domain name), and
  also where the Clipboard API is missing (the older copy command).
- It works under a strict Content-Security-Policy (no inline script or style), over http.
- Served over http, a page asks for no file that is not there: the favicon is linked and found.

The clipboard is the browser's own: the tests grant Chromium clipboard permission and read it.
"""
import functools
import http.server
import os
import pathlib
import shutil
import threading

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT, file_url, output_dir, scenario_pages

TRANSFER = os.environ.get("SITEGEN_TRANSFER_OUTPUT")
needs_transfer = pytest.mark.skipif(
    not TRANSFER, reason="SITEGEN_TRANSFER_OUTPUT is not set (scripts/test-browser sets it)")
SENTINEL = "(nothing copied yet)"


def pages_with_code():
    return [f"guides/{g}/{s}/index.html" for g, s in scenario_pages()
            if "<pre" in (output_dir() / "guides" / g / s / "index.html").read_text(encoding="utf-8")]


def first_page_with_code():
    found = pages_with_code()
    if not found:
        pytest.skip("no page of the sample site has a code block")
    return found[0]


@pytest.fixture(scope="module")
def clipboard(browser):
    """Reads and resets the browser's clipboard."""
    browser.execute_cdp_cmd("Browser.grantPermissions",
                            {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    class Clipboard:
        @staticmethod
        def read():
            return browser.execute_async_script(
                "const done = arguments[0];"
                "navigator.clipboard.readText().then(done, (e) => done('clipboard error: ' + e));")

        @staticmethod
        def reset():
            browser.execute_async_script(
                "const done = arguments[1]; navigator.clipboard.writeText(arguments[0]).then(() => done(), () => done());",
                SENTINEL)
            assert Clipboard.read() == SENTINEL

    return Clipboard


def shown_code(driver, pre):
    """The code as the page shows it: its rendered text, without the last line's line end."""
    return driver.execute_script("return arguments[0].innerText.replace(/\\n$/, '')", pre)


def status_says(driver, block, text):
    WebDriverWait(driver, WAIT).until(
        lambda d: block.find_element(By.CSS_SELECTOR, "[role=status]").text == text,
        f"the status line never said 「{text}」")


def test_no_button_without_javascript(browser_nojs):
    page = first_page_with_code()
    browser_nojs.get(file_url(page))
    assert browser_nojs.find_elements(By.CSS_SELECTOR, "main pre")
    assert not browser_nojs.find_elements(By.CSS_SELECTOR, "button.code-copy, .code-tools"), \
        f"{page} shows a copy button without JavaScript"


@pytest.mark.parametrize("page", pages_with_code()[:3] or ["(none)"])
def test_every_code_block_has_a_labelled_button(browser, page):
    if page == "(none)":
        pytest.skip("no page of the sample site has a code block")
    browser.get(file_url(page))
    blocks = browser.find_elements(By.CSS_SELECTOR, "main pre")
    assert blocks
    for pre in blocks:
        block = pre.find_element(By.XPATH, "..")
        assert "code-block" in block.get_attribute("class"), "a code block has no copy button"
        button = block.find_element(By.CSS_SELECTOR, "button.code-copy")
        assert button.get_attribute("type") == "button"
        assert button.text == "コピー"
        assert button.is_displayed() and button.is_enabled()
        status = block.find_element(By.CSS_SELECTOR, "[role=status]")
        assert status.get_attribute("aria-live") == "polite"
        # The button is outside the code, so it is never copied with it.
        assert "コピー" not in pre.text


def test_copy_by_keyboard_copies_the_code_as_shown(browser, clipboard):
    page = first_page_with_code()
    browser.get(file_url(page))
    pre = browser.find_element(By.CSS_SELECTOR, "main pre")
    block = pre.find_element(By.XPATH, "..")
    button = block.find_element(By.CSS_SELECTOR, "button.code-copy")
    for key in (Keys.ENTER, Keys.SPACE):
        clipboard.reset()
        # Reached with Tab from the element before it, as a keyboard user would.
        browser.execute_script(
            "const all = [...document.querySelectorAll('a[href], button, input, select, textarea')]"
            ".filter(e => e.offsetParent);"
            "all[all.indexOf(arguments[0]) - 1].focus();", button)
        ActionChains(browser).send_keys(Keys.TAB).perform()
        assert browser.switch_to.active_element == button, "Tab does not reach the copy button"
        ActionChains(browser).send_keys(key).perform()
        status_says(browser, block, "コピーしました")
        assert clipboard.read() == shown_code(browser, pre)


def test_copy_without_the_clipboard_api(browser, clipboard):
    """Where navigator.clipboard is missing, the selection and the copy command do it, and the
    focus stays on the button."""
    page = first_page_with_code()
    browser.get(file_url(page))
    clipboard.reset()
    browser.execute_script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
    pre = browser.find_element(By.CSS_SELECTOR, "main pre")
    block = pre.find_element(By.XPATH, "..")
    button = block.find_element(By.CSS_SELECTOR, "button.code-copy")
    button.click()
    status_says(browser, block, "コピーしました")
    assert browser.switch_to.active_element == button
    browser.execute_script("delete navigator.clipboard;")
    assert clipboard.read() == shown_code(browser, pre)


@needs_transfer
def test_copy_takes_the_readers_own_value(browser, clipboard):
    """The transfer site's code block stamps the domain name, a value readers type in."""
    browser.get(pathlib.Path(TRANSFER, "guides/transfer/jp/index.html").as_uri())
    WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "reader-values-form").is_displayed())
    field = browser.find_element(By.ID, "fact-domain")
    field.clear()
    field.send_keys("reader-example.jp")
    browser.find_element(By.CSS_SELECTOR, "#reader-values-form button[type=submit]").click()
    pre = browser.find_element(By.CSS_SELECTOR, "main pre")
    WebDriverWait(browser, WAIT).until(lambda d: "reader-example.jp" in pre.text)
    clipboard.reset()
    block = pre.find_element(By.XPATH, "..")
    block.find_element(By.CSS_SELECTOR, "button.code-copy").click()
    status_says(browser, block, "コピーしました")
    assert clipboard.read() == "ドメイン名: reader-example.jp"


# ---------------------------------------------------------------- over http
class _Recorder(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and records every request's path and status."""

    def log_request(self, code="-", size="-"):
        self.server.requests.append((self.path, int(code) if str(code).isdigit() else code))

    def log_message(self, format, *args):
        pass


@pytest.fixture
def serve():
    servers = []

    def start(folder):
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Recorder, directory=str(folder)))
        server.requests = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_favicon_and_no_missing_files_over_http(browser, serve):
    server, base = serve(output_dir())
    pages = ["index.html"] + pages_with_code()[:1]
    for page in pages:
        browser.get(base + page)
        icon = browser.find_element(By.CSS_SELECTOR, "link[rel=icon]")
        assert icon.get_attribute("type") == "image/svg+xml"
        href = icon.get_attribute("href")
        assert browser.execute_async_script(
            "const done = arguments[1];"
            "fetch(arguments[0]).then(r => r.text().then(t => done(r.status === 200 && t.includes('<svg'))), () => done(false));",
            href), f"{href} is not an SVG served with 200"
    # The browser asks for the icon by itself (a moment after the page has loaded).
    WebDriverWait(browser, WAIT).until(
        lambda d: any(path.endswith("favicon.svg") for path, _ in server.requests))
    missing = [(path, code) for path, code in server.requests if code != 200 and code != 304]
    assert not missing, f"requests that failed: {missing}"


@needs_transfer
def test_copy_under_a_strict_content_security_policy(browser, clipboard, serve, tmp_path):
    """A copy of a transfer page with a CSP that allows only the site's own scripts and styles."""
    site = tmp_path / "Output"
    shutil.copytree(TRANSFER, site)
    page = site / "guides/transfer/jp/index.html"
    policy = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
              "script-src 'self'; style-src 'self'; img-src 'self' data:\">")
    page.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>\n" + policy, 1), encoding="utf-8")
    listener = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"})
    _, base = serve(site)
    try:
        browser.get(base + "guides/transfer/jp/index.html")
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", listener)
    pre = browser.find_element(By.CSS_SELECTOR, "main pre")
    block = WebDriverWait(browser, WAIT).until(lambda d: pre.find_element(By.XPATH, ".."))
    WebDriverWait(browser, WAIT).until(lambda d: "code-block" in block.get_attribute("class"))
    clipboard.reset()
    block.find_element(By.CSS_SELECTOR, "button.code-copy").click()
    status_says(browser, block, "コピーしました")
    assert clipboard.read() == shown_code(browser, pre)
    violations = browser.execute_script("return window.__cspViolations")
    assert not violations, f"blocked by the policy: {violations}"
