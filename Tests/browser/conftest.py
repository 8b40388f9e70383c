"""Shared fixtures for the browser tests.

The built site comes from the environment variable SITEGEN_OUTPUT (an `Output/` folder that
`sitegen build --as-of 2026-01-15` wrote); scripts/test-browser sets it. Screenshots go to
SITEGEN_SCREENSHOTS (default: artifacts/screenshots/ in the repository).
"""
import json
import os
import pathlib
import re
from html.parser import HTMLParser

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("CHROMIUM")  # optional; chromedriver finds Debian's chromium itself
PAGE_LOAD_TIMEOUT = 30  # seconds, for one page
WAIT = 10  # seconds, for something to happen in a page


# ---------------------------------------------------------------- the built site
def output_dir() -> pathlib.Path:
    value = os.environ.get("SITEGEN_OUTPUT")
    if not value:
        raise pytest.UsageError(
            "SITEGEN_OUTPUT is not set: run scripts/test-browser, or set it to a built Output/ folder"
        )
    path = pathlib.Path(value).resolve()
    if not (path / "index.html").is_file():
        raise pytest.UsageError(f"SITEGEN_OUTPUT={value} has no index.html: build the site first")
    return path


def pytest_configure(config):
    try:
        output_dir()
    except pytest.UsageError as e:
        pytest.exit(str(e), returncode=4)


def guide_slugs():
    return sorted(p.parent.name for p in (output_dir() / "guides").glob("*/index.html"))


def scenario_pages():
    """(guide, scenario id) for every scenario page on disk: Output/guides/<g>/<s>/index.html."""
    return sorted(
        (p.parent.parent.name, p.parent.name)
        for p in (output_dir() / "guides").glob("*/*/index.html")
    )


def guides_with_scenarios():
    return sorted({g for g, _ in scenario_pages()})


def file_url(relative: str) -> str:
    return (output_dir() / relative).as_uri()


class _ScriptFinder(HTMLParser):
    """Finds <script type="application/json" id="scenario-data"> without a browser."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("id") == "scenario-data":
            self.inside = True
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def scenario_data(guide: str):
    """The guide page's scenario-data JSON, or None when the page has none."""
    finder = _ScriptFinder()
    finder.feed((output_dir() / "guides" / guide / "index.html").read_text(encoding="utf-8"))
    return None if finder.text is None else json.loads(finder.text)


# ---------------------------------------------------------------- browsers
def _options(javascript: bool) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    if CHROMIUM:
        options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=ja",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(arg)
    prefs = {"intl.accept_languages": "ja"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    return options


# The pages compute "today" in the browser. The tests pin the browser's clock to the day the
# site was built for (scripts/test-browser builds with --as-of 2026-01-15), so they do not
# depend on the day they run.
TODAY = os.environ.get("SITEGEN_TODAY", "2026-01-15")
PIN_CLOCK = """
(() => {
  const fixed = new Date("%sT12:00:00+09:00").getTime();
  const Real = Date;
  class Pinned extends Real {
    constructor(...args) { if (args.length === 0) super(fixed); else super(...args); }
    static now() { return fixed; }
  }
  window.Date = Pinned;
})();
""" % TODAY


def _start(javascript: bool):
    if not os.path.exists(CHROMEDRIVER):
        raise pytest.UsageError(f"{CHROMEDRIVER} is missing: run scripts/browser-setup")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=_options(javascript))
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.set_script_timeout(PAGE_LOAD_TIMEOUT)
    driver.implicitly_wait(0)
    if javascript:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PIN_CLOCK})
    return driver


@pytest.fixture(scope="session")
def site():
    return output_dir()


@pytest.fixture(scope="session")
def browser():
    """Chromium with JavaScript on."""
    driver = _start(javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_nojs():
    """Chromium with JavaScript off."""
    driver = _start(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def wait():
    return lambda driver: WebDriverWait(driver, WAIT)


@pytest.fixture(scope="session")
def screenshots_dir():
    path = pathlib.Path(os.environ.get("SITEGEN_SCREENSHOTS", REPO / "artifacts" / "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def missing_feature(request, what: str):
    """Marks the running test as expected to fail because a contract element is absent.

    Only called when the element is not in the page: once the feature lands the mark is not
    applied, and the same test must pass.
    """
    request.applymarker(pytest.mark.xfail(strict=False, reason=f"{what} not built yet"))


def path_end(url: str, n: int) -> str:
    """The last n segments of a URL's path (file:// URLs), without query or fragment."""
    path = re.sub(r"[?#].*$", "", url)
    return "/".join(path.rstrip("/").split("/")[-n:])
