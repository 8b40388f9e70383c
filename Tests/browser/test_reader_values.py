"""Scenario pages with the reader's own values (docs/reader-values.md), walked as a customer would.

The expected values come from sitegen itself: `sitegen render` of the guide with the same facts
(SITEGEN_BINARY, set by scripts/test-browser), never from numbers written into this test.
"""
import os
import pathlib
import re
import subprocess
import urllib.parse

import pytest
from icalendar import Calendar
from selenium.webdriver.common.by import By
from axe_selenium_python import Axe

from conftest import REPO, file_url

TRANSFER = os.environ.get("SITEGEN_TRANSFER_OUTPUT")

GUIDE = "switch-to-external-certificate"
CASE = "other-before-cutover"  # その他, not a cloud item, acting before 2026-02-01
FACTS = {"target_service": "other", "cloud_certificate": "false", "expiry": "2026-05-17", "action_date": "2026-01-20"}


def sitegen():
    binary = os.environ.get("SITEGEN_BINARY")
    if not binary:
        pytest.skip("SITEGEN_BINARY is not set (scripts/test-browser sets it)")
    return binary


def rendered_times(guide, facts):
    """(datetime, text) of every date in the guide's body rendered by `sitegen render`."""
    arguments = [sitegen(), "render", f"Content/guides/{guide}.md", "--root", str(REPO), "--as-of", "2026-01-15"]
    for name, value in facts.items():
        arguments += ["--fact", f"{name}={value}"]
    html = subprocess.run(arguments, cwd=REPO, check=True, capture_output=True, text=True).stdout
    return re.findall(r'<time datetime="([0-9-]+)">([^<]*)</time>', html)


def page_times(driver):
    return [
        (element.get_attribute("datetime"), element.get_attribute("textContent"))
        for element in driver.find_elements(By.CSS_SELECTOR, ".guide-body time")
    ]


def open_case(driver, guide, case, facts):
    fragment = "&".join(f"{urllib.parse.quote(k)}={urllib.parse.quote(v)}" for k, v in facts.items())
    driver.get(file_url(f"guides/{guide}/{case}/index.html") + ("#" + fragment if fragment else ""))
    driver.execute_script("return document.readyState")


def test_reader_dates_equal_sitegens_own(browser):
    """Expiry 2026-05-17 on the matching case: every date in the body is what sitegen computes."""
    open_case(browser, GUIDE, CASE, FACTS)
    article = browser.find_element(By.ID, "scenario-page")
    assert article.get_attribute("data-reader-values") == "reader"
    assert article.get_attribute("data-case") == "this", browser.find_element(By.ID, "reader-status").text
    expected = rendered_times(GUIDE, FACTS)
    assert expected, "sitegen render gave no dates"
    assert page_times(browser) == expected
    # The example note gives way to a note that the dates are the reader's, announced politely.
    assert not browser.find_element(By.ID, "example-note").is_displayed()
    status = browser.find_element(By.ID, "reader-status")
    assert status.get_attribute("role") == "status"
    assert "入力した値" in status.text
    # The summary of answers shows the reader's expiry.
    assert browser.find_element(By.CSS_SELECTOR, 'dd[data-fact="expiry"]').text == "2026年5月17日(日)"


def test_example_dates_without_reader_values(browser):
    """Without a fragment the page keeps the example's dates and says they are an example."""
    open_case(browser, GUIDE, CASE, {})
    assert browser.find_element(By.ID, "example-note").is_displayed()
    given = {"target_service": "other", "cloud_certificate": "false", "expiry": "2026-03-10", "action_date": "2026-01-20"}
    assert page_times(browser) == rendered_times(GUIDE, given)


def test_deadlines_are_sorted_and_their_calendar_files_parse(browser):
    open_case(browser, GUIDE, CASE, FACTS)
    items = browser.find_elements(By.CSS_SELECTOR, ".deadline-list li[data-deadline]")
    assert len(items) >= 3
    days = [item.find_element(By.CSS_SELECTOR, ".deadline-date").get_attribute("datetime") for item in items]
    assert days == sorted(days)
    # The reader's expiry moves the deadlines: the online window opens 30 days before it, and
    # everything should be done a month before it.
    by_rule = {item.get_attribute("data-deadline"): item for item in items}
    assert by_rule["online_cancel_from"].find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") == "2026-04-17"
    assert by_rule["complete_by"].find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") == "2026-04-17"
    for item in items:
        link = item.find_element(By.CSS_SELECTOR, "a.deadline-ics")
        href = link.get_attribute("href")
        assert href.startswith("data:text/calendar;charset=utf-8,")
        calendar = Calendar.from_ical(urllib.parse.unquote(href.split(",", 1)[1]))
        events = [c for c in calendar.walk() if c.name == "VEVENT"]
        assert len(events) == 1
        event = events[0]
        day = item.find_element(By.CSS_SELECTOR, ".deadline-date").get_attribute("datetime")
        assert event.decoded("DTSTART").isoformat() == day
        assert str(event["UID"]).startswith(f"{GUIDE}-{item.get_attribute('data-deadline')}-{day.replace('-', '')}@")
        label = item.find_element(By.CSS_SELECTOR, ".deadline-label").text
        assert str(event["SUMMARY"]).startswith(label)
        # Counted from the reader's today, not the build's.
        relative = item.find_element(By.CSS_SELECTOR, ".deadline-relative").text
        assert re.fullmatch(r"あと\d+日|今日が期限です|\d+日過ぎています", relative)


def test_built_calendar_file_parses_without_javascript(browser_nojs):
    open_case(browser_nojs, GUIDE, CASE, {})
    link = browser_nojs.find_element(By.CSS_SELECTOR, ".deadline-list a.deadline-ics")
    calendar = Calendar.from_ical(urllib.parse.unquote(link.get_attribute("href").split(",", 1)[1]))
    assert [c for c in calendar.walk() if c.name == "VEVENT"]


def test_values_of_another_case_are_flagged(browser):
    """Acting after the cut-over needs no cancellation: not this page's case."""
    open_case(browser, GUIDE, CASE, dict(FACTS, action_date="2026-03-01"))
    article = browser.find_element(By.ID, "scenario-page")
    assert article.get_attribute("data-case") == "other"
    link = browser.find_element(By.CSS_SELECTOR, "#reader-status .other-case a")
    href = urllib.parse.unquote(link.get_attribute("href"))
    assert href.split("#")[0].endswith(f"guides/{GUIDE}/index.html")
    assert "action_date=2026-03-01" in href and "expiry=2026-05-17" in href


def test_other_case_link_never_passes_the_examples_dates_as_the_readers(browser):
    """A link with only the day of acting, after the cut-over: the page is another case. Its link
    to the questions carries that day and the case's answers, but not the example's expiry,
    which the questions would take for the reader's own and compute every date from."""
    open_case(browser, GUIDE, CASE, {"action_date": "2026-03-01"})
    assert browser.find_element(By.ID, "scenario-page").get_attribute("data-case") == "other"
    link = browser.find_element(By.CSS_SELECTOR, "#reader-status .other-case a")
    answers = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link.get_attribute("href")).fragment))
    assert answers == {"target_service": "other", "action_date": "2026-03-01"}
    link.click()
    expiry = browser.find_element(By.CSS_SELECTOR, 'fieldset[data-fact="expiry"]')
    assert expiry.is_displayed()
    assert expiry.find_element(By.CSS_SELECTOR, "input").get_attribute("value") == ""


def test_a_malformed_value_is_reported_and_ignored(browser):
    open_case(browser, GUIDE, CASE, {"expiry": "2026-02-30"})
    status = browser.find_element(By.ID, "reader-status").text
    assert "2026-02-30" in status
    # Named by the question the reader sees in the form, not by the fact's name.
    question = browser.find_element(By.CSS_SELECTOR, 'label[for="fact-expiry"]').text
    assert f"「{question}」" in status and "expiry" not in status, status
    # The page keeps its example's dates.
    given = {"target_service": "other", "cloud_certificate": "false", "expiry": "2026-03-10", "action_date": "2026-01-20"}
    assert page_times(browser) == rendered_times(GUIDE, given)


def test_the_form_sets_the_fragment(browser):
    open_case(browser, GUIDE, CASE, {})
    form = browser.find_element(By.ID, "reader-values-form")
    assert form.is_displayed()
    field = form.find_element(By.CSS_SELECTOR, 'input[name="expiry"]')
    assert field.get_attribute("type") == "date"
    browser.execute_script("arguments[0].value = '2026-05-17'", field)
    browser.execute_script("arguments[0].value = '2026-01-20'", form.find_element(By.CSS_SELECTOR, 'input[name="action_date"]'))
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    assert "expiry=2026-05-17" in browser.current_url
    assert page_times(browser) == rendered_times(GUIDE, FACTS)
    # Reset goes back to the example.
    browser.find_element(By.ID, "reader-values-reset").click()
    assert "#" not in browser.current_url
    assert browser.find_element(By.ID, "example-note").is_displayed()


@pytest.mark.skipif(not TRANSFER, reason="SITEGEN_TRANSFER_OUTPUT is not set (scripts/test-browser sets it)")
def test_strings_in_code_take_the_readers_value(browser):
    """The transfer fixture stamps the domain name into a code block."""
    browser.get(pathlib.Path(TRANSFER, "guides/transfer/jp/index.html").as_uri() + "#domain=" + urllib.parse.quote("example.org"))
    spans = browser.find_elements(By.CSS_SELECTOR, "code [data-stamp], pre [data-stamp]")
    assert spans, "the transfer guide's code block has no stamp"
    assert [span.get_attribute("textContent") for span in spans] == ["example.org"]


def test_no_javascript_keeps_the_example(browser_nojs):
    open_case(browser_nojs, GUIDE, CASE, FACTS)
    assert browser_nojs.find_element(By.ID, "example-note").is_displayed()
    assert not browser_nojs.find_element(By.ID, "reader-values-form").is_displayed()
    assert "例" in browser_nojs.find_element(By.ID, "example-note").text


def test_reader_values_page_is_accessible(browser):
    open_case(browser, GUIDE, CASE, dict(FACTS, action_date="2026-03-01"))
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, serious
