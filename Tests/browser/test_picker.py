"""The scenario picker on each guide page (SPEC §10), tested against its DOM contract.

Contract (Output/guides/<guide>/index.html):
- <form id="scenario-picker"> with one <fieldset data-fact="NAME"> per question; inside it,
  radio inputs name="NAME" value="KEY" (choice keys, true/false, ISO dates), each with a
  <label for=...>; a submit button #picker-submit; a #picker-result element (aria-live).
- <script type="application/json" id="scenario-data">:
  [{"id": ..., "url": "relative/url/index.html", "facts": {"NAME": "KEY", ...}, "title"?: ...}]
- assets/picker.js disables options that no remaining scenario matches, and on submit goes to
  the matching scenario's page.
- Without JavaScript: <table class="scenario-table">, one row per scenario, a link to each
  scenario page and the answers in cells.
"""
import json
import urllib.parse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

from conftest import (file_url, guides_with_scenarios, missing_feature, path_end,
                      scenario_pages)


def key_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load_picker(driver, guide):
    driver.get(file_url(f"guides/{guide}/index.html"))
    forms = driver.find_elements(By.CSS_SELECTOR, "form#scenario-picker")
    data = driver.find_elements(By.CSS_SELECTOR, 'script#scenario-data[type="application/json"]')
    return (forms[0] if forms else None), (json.loads(data[0].get_attribute("textContent")) if data else None)


def expected_title(driver, entry):
    """The scenario's title as the guide page states it: the JSON title, a data-title attribute,
    or the text of the guide page's link to the scenario (table or list)."""
    if entry.get("title"):
        return entry["title"]
    sid = entry["id"]
    for el in driver.find_elements(By.CSS_SELECTOR, "[data-title]"):
        if sid in (el.get_attribute("data-scenario"), el.get_attribute("data-id"),
                   el.get_attribute("data-scenario-id"), el.get_attribute("id"),
                   el.get_attribute("value")):
            return el.get_attribute("data-title")
    for a in driver.find_elements(By.CSS_SELECTOR, "table.scenario-table a[href], ul.scenario-list a[href]"):
        if urllib.parse.unquote(a.get_attribute("href")).endswith("/" + entry["url"].lstrip("./")):
            return a.get_attribute("textContent").strip()
    return None


# ---------------------------------------------------------------- structure
@pytest.mark.parametrize("guide", guides_with_scenarios())
def test_picker_structure(browser, site, guide, request):
    """The form, fieldsets, labelled radios, submit button, result region, data and script."""
    form, data = load_picker(browser, guide)
    if form is None or data is None:
        missing_feature(request, "picker")
    assert form is not None, f"guides/{guide}/index.html has no <form id=scenario-picker>"
    assert data is not None, f"guides/{guide}/index.html has no <script id=scenario-data type=application/json>"

    fieldsets = form.find_elements(By.CSS_SELECTOR, "fieldset[data-fact]")
    assert fieldsets, "the picker has no <fieldset data-fact>"
    facts = [f.get_attribute("data-fact") for f in fieldsets]
    assert len(facts) == len(set(facts)), f"a fact is asked twice: {facts}"
    for fs, name in zip(fieldsets, facts):
        assert fs.find_elements(By.TAG_NAME, "legend"), f"fieldset {name} has no <legend> (the question)"
        radios = fs.find_elements(By.CSS_SELECTOR, 'input[type="radio"]')
        assert radios, f"fieldset {name} has no radio buttons"
        for r in radios:
            assert r.get_attribute("name") == name, f"a radio in fieldset {name} has name={r.get_attribute('name')!r}"
            rid = r.get_attribute("id")
            assert rid, f"a radio in fieldset {name} (value {r.get_attribute('value')!r}) has no id"
            labels = browser.find_elements(By.CSS_SELECTOR, f'label[for="{rid}"]')
            assert labels and labels[0].text.strip(), f"radio #{rid} has no <label for> with text"

    assert form.find_elements(By.CSS_SELECTOR, "#picker-submit"), "no #picker-submit button"
    result = browser.find_elements(By.ID, "picker-result")
    assert result, "no #picker-result element"
    assert result[0].get_attribute("aria-live") in ("polite", "assertive") or \
        result[0].get_attribute("role") in ("status", "alert"), "#picker-result is not a live region"
    scripts = [s.get_attribute("src") or "" for s in browser.find_elements(By.TAG_NAME, "script")]
    assert any(s.endswith("assets/picker.js") for s in scripts), f"assets/picker.js is not loaded: {scripts}"

    # The data names every scenario page of the guide, by a URL that exists.
    on_disk = {s for g, s in scenario_pages() if g == guide}
    ids = [e.get("id") for e in data]
    assert sorted(ids) == sorted(on_disk), f"scenario-data ids {ids} differ from the pages {sorted(on_disk)}"
    for e in data:
        assert isinstance(e.get("facts"), dict), f"scenario {e.get('id')} has no facts object"
        target = (site / "guides" / guide / e["url"]).resolve()
        assert target.is_file(), f"scenario {e['id']}: url {e['url']!r} leads to no file ({target})"
        assert target == (site / "guides" / guide / e["id"] / "index.html").resolve(), \
            f"scenario {e['id']}: url {e['url']!r} is not its page"
        for name in facts:
            if name in e["facts"]:
                value = key_text(e["facts"][name])
                assert form.find_elements(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]'), \
                    f"scenario {e['id']}: no radio {name}={value}"


# ---------------------------------------------------------------- with JavaScript
@pytest.mark.parametrize("guide,scenario", scenario_pages())
def test_picker_leads_to_scenario(browser, wait, guide, scenario, request):
    """Answer the questions as the scenario does, submit, and land on the scenario's page."""
    form, data = load_picker(browser, guide)
    if form is None or data is None:
        missing_feature(request, "picker")
    assert form is not None and data is not None, f"guides/{guide}/index.html has no picker form or scenario-data"
    entries = [e for e in data if e.get("id") == scenario]
    assert entries, f"scenario-data of {guide} has no scenario {scenario}"
    entry = entries[0]
    title = expected_title(browser, entry)
    assert title, f"the guide page gives no title for scenario {scenario} (JSON title, data-title or link)"

    answered = 0
    for fs in form.find_elements(By.CSS_SELECTOR, "fieldset[data-fact]"):
        name = fs.get_attribute("data-fact")
        if name not in entry["facts"]:
            continue
        value = key_text(entry["facts"][name])
        radios = fs.find_elements(By.CSS_SELECTOR, f'input[type="radio"][name="{name}"][value="{value}"]')
        assert radios, f"{scenario}: no radio for {name}={value}"
        radio = radios[0]
        assert radio.is_enabled(), \
            f"{scenario}: {name}={value} is disabled after the earlier answers, though this scenario has it"
        label = browser.find_element(By.CSS_SELECTOR, f'label[for="{radio.get_attribute("id")}"]')
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()  # as a person would: the label, which must select its radio
        assert radio.is_selected(), f"{scenario}: clicking the label of {name}={value} did not select it"
        answered += 1
    assert answered, f"{scenario}: none of its facts is asked in the picker"

    start = browser.current_url
    button = browser.find_element(By.ID, "picker-submit")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    try:
        wait(browser).until(lambda d: d.current_url != start and
                            d.execute_script("return document.readyState") == "complete")
    except TimeoutException:
        result = browser.find_elements(By.ID, "picker-result")
        said = result[0].text if result else "(no #picker-result)"
        pytest.fail(f"{scenario}: submitting did not leave the picker page; #picker-result says: {said!r}")

    want = urllib.parse.unquote(urllib.parse.urljoin(start, entry["url"]))
    got = urllib.parse.unquote(browser.current_url.split("#")[0].split("?")[0])
    assert got == want and path_end(got, 3) == f"{guide}/{scenario}/index.html", \
        f"{scenario}: landed on {got}; expected …/{guide}/{scenario}/index.html (scenario-data url {entry['url']!r})"
    shown = browser.find_element(By.CSS_SELECTOR, "p.scenario-title").text.strip()
    assert shown == title.strip(), f"{scenario}: the page says {shown!r}, the picker promised {title!r}"


@pytest.mark.parametrize("guide", guides_with_scenarios())
def test_picker_disables_impossible_options(browser, guide, request):
    """After one answer, an option of another question is enabled exactly when some scenario
    with that answer has it."""
    form, data = load_picker(browser, guide)
    if form is None or data is None:
        missing_feature(request, "picker")
    assert form is not None and data is not None, f"guides/{guide}/index.html has no picker form or scenario-data"
    fieldsets = form.find_elements(By.CSS_SELECTOR, "fieldset[data-fact]")
    first = fieldsets[0]
    name = first.get_attribute("data-fact")
    problems = []
    for value in sorted({key_text(e["facts"][name]) for e in data if name in e["facts"]}):
        browser.get(browser.current_url)  # a fresh form
        form = browser.find_element(By.ID, "scenario-picker")
        radio = form.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]')
        browser.find_element(By.CSS_SELECTOR, f'label[for="{radio.get_attribute("id")}"]').click()
        remaining = [e for e in data if key_text(e["facts"].get(name, value)) == value]
        for fs in form.find_elements(By.CSS_SELECTOR, "fieldset[data-fact]")[1:]:
            other = fs.get_attribute("data-fact")
            for r in fs.find_elements(By.CSS_SELECTOR, 'input[type="radio"]'):
                v = r.get_attribute("value")
                possible = any(other not in e["facts"] or key_text(e["facts"][other]) == v for e in remaining)
                if r.is_enabled() != possible:
                    problems.append(f"after {name}={value}: {other}={v} is "
                                    f"{'enabled' if r.is_enabled() else 'disabled'} but "
                                    f"{'some' if possible else 'no'} remaining scenario has it")
    more = f"\n… and {len(problems) - 25} more" if len(problems) > 25 else ""
    assert not problems, "\n".join(problems[:25]) + more


# ---------------------------------------------------------------- without JavaScript
@pytest.mark.parametrize("guide", guides_with_scenarios())
def test_table_without_javascript(browser_nojs, wait, site, guide, request):
    """With JavaScript off, a table lists every scenario with its answers and links to its page."""
    driver = browser_nojs
    driver.get(file_url(f"guides/{guide}/index.html"))
    tables = driver.find_elements(By.CSS_SELECTOR, "table.scenario-table")
    if not tables:
        missing_feature(request, "scenario table")
    assert tables, f"guides/{guide}/index.html has no <table class=scenario-table>"
    table = tables[0]
    assert table.is_displayed(), "the scenario table is hidden when JavaScript is off"

    on_disk = sorted(s for g, s in scenario_pages() if g == guide)
    rows = [r for r in table.find_elements(By.CSS_SELECTOR, "tr") if r.find_elements(By.CSS_SELECTOR, "a[href]")]
    links = {}
    for r in rows:
        a = r.find_element(By.CSS_SELECTOR, "a[href]")
        href = urllib.parse.unquote(a.get_attribute("href"))
        cells = r.find_elements(By.CSS_SELECTOR, "td, th")
        answers = [c.text.strip() for c in cells if not c.find_elements(By.CSS_SELECTOR, "a[href]")]
        assert len(cells) >= 2 and any(answers), f"row for {href} shows no answers in cells"
        links[path_end(href, 2)] = (href, a.text.strip())
    want = {f"{s}/index.html" for s in on_disk}
    assert set(links) == want and len(rows) == len(on_disk), \
        f"table rows link to {sorted(links)}, expected one row for each of {sorted(want)}"

    for end, (href, text) in sorted(links.items()):
        driver.get(file_url(f"guides/{guide}/index.html"))
        link = [a for a in driver.find_elements(By.CSS_SELECTOR, "table.scenario-table a[href]")
                if path_end(urllib.parse.unquote(a.get_attribute("href")), 2) == end][0]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        wait(driver).until(lambda d: path_end(urllib.parse.unquote(d.current_url), 2) == end)
        got = urllib.parse.unquote(driver.current_url)
        assert path_end(got, 3) == f"{guide}/{end}", f"the link {href} led to {got}"
        shown = driver.find_element(By.CSS_SELECTOR, "p.scenario-title").text.strip()
        assert shown, f"{got} has no scenario title"
