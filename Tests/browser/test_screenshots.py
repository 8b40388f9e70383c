"""Full-page screenshots of a picker page and a scenario page at desktop and phone widths.

They are saved as PNG files (artifacts/screenshots/ by default) for a person to look at; the
test checks that they were written and that the page does not scroll sideways on a phone.
"""
import pytest
from selenium.webdriver.common.by import By

from conftest import file_url, guides_with_scenarios, scenario_pages

SIZES = {"desktop": (1280, 900, False), "phone": (390, 844, True)}


def pages():
    guides = guides_with_scenarios()
    out = []
    if guides:
        out.append(("picker", f"guides/{guides[0]}/index.html"))
        g, s = [p for p in scenario_pages() if p[0] == guides[0]][0]
        out.append(("scenario", f"guides/{g}/{s}/index.html"))
    out.append(("index", "index.html"))
    return out


def full_page_screenshot(driver, path, width, height, mobile):
    """Lays the page out at width×height, then grows the viewport to the page's full height."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        full = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               dict(metrics, height=max(height, min(int(full), 16000))))
        assert driver.save_screenshot(str(path)), f"could not save {path}"
        return overflow
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name,page", pages())
def test_screenshot(browser, screenshots_dir, name, page, size):
    width, height, mobile = SIZES[size]
    browser.get(file_url(page))
    browser.execute_script("return document.fonts.ready")
    path = screenshots_dir / f"{name}-{size}.png"
    overflow = full_page_screenshot(browser, path, width, height, mobile)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, f"{path} is not a real PNG"
    assert overflow <= 0, f"{page} at {width}px scrolls sideways by {overflow}px"
    assert browser.find_elements(By.TAG_NAME, "h1"), f"{page} has no <h1>"
