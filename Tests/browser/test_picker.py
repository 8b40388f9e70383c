"""The case picker on each guide page (docs/reader-values.md, "The picker"), walked as readers would.

Contract (Output/guides/<guide>/index.html):
- <section id="picker"> (hidden until the script shows it) with <form id="scenario-picker">: one
  <fieldset data-fact="NAME"> per fact the guide uses, hidden until it matters; choices and
  yes/no as radio inputs name="NAME" value="KEY" ("true"/"false"), dates, ints and strings as
  fields name="NAME"; #picker-result (role="status"); #picker-submit, enabled once the case is
  decided and has a page; #picker-reset.
- <script type="application/json" id="picker-data">: {"cases": [{"id", "title", "url", "facts",
  "decisions"}]}.
- The answers live in the page's fragment (#name=value&...), so Back and bookmarks restore them;
  the chosen case's page opens with the answers in its fragment.
- Without JavaScript: <table class="scenario-table">, one row per scenario, with its answers and a
  link, introduced by a sentence.
The browser's clock is pinned to 2026-01-15, the day the test site is built for (conftest.py).
"""
import json
import os
import pathlib
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import file_url, guides_with_scenarios, path_end, scenario_pages, output_dir

TRANSFER = os.environ.get("SITEGEN_TRANSFER_OUTPUT")


def load_picker(driver, url):
    driver.get(url)
    form = driver.find_element(By.ID, "scenario-picker")
    data = json.loads(driver.find_element(By.ID, "picker-data").get_attribute("textContent"))
    return form, data


def visible_questions(driver):
    return [f.get_attribute("data-fact") for f in driver.find_elements(By.CSS_SELECTOR, "fieldset[data-fact]") if f.is_displayed()]


def answer(driver, fact, text):
    """Answers one question as a person would: clicks a radio's label, or types into a field."""
    fieldset = driver.find_element(By.CSS_SELECTOR, f'fieldset[data-fact="{fact}"]')
    assert fieldset.is_displayed(), f"{fact} is not asked"
    radios = fieldset.find_elements(By.CSS_SELECTOR, f'input[type="radio"][value="{text}"]')
    if radios:
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{radios[0].get_attribute("id")}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
        assert radios[0].is_selected()
        return
    field = fieldset.find_element(By.CSS_SELECTOR, "input")
    # Date fields take keystrokes in the browser's locale; the value is set as a script would,
    # then the same input event a person's typing sends.
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", field, text)


def walk(driver, facts):
    """Answers every question the picker asks, from `facts`, until nothing new is asked."""
    for _ in range(40):
        asked = [f for f in visible_questions(driver) if f in facts and current(driver, f) != facts[f]]
        if not asked:
            return
        answer(driver, asked[0], facts[asked[0]])
    pytest.fail("the picker kept asking")


def current(driver, fact):
    fieldset = driver.find_element(By.CSS_SELECTOR, f'fieldset[data-fact="{fact}"]')
    for field in fieldset.find_elements(By.CSS_SELECTOR, "input"):
        if field.get_attribute("type") == "radio":
            if field.is_selected():
                return field.get_attribute("value")
        elif field.get_attribute("value"):
            return field.get_attribute("value")
    return None


def result_text(driver):
    return driver.find_element(By.ID, "picker-result").text


def submit(driver):
    button = driver.find_element(By.ID, "picker-submit")
    assert button.is_enabled(), f"the case is not decided: {result_text(driver)!r}"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


@pytest.mark.parametrize("guide", guides_with_scenarios())
def test_picker_structure(browser, guide):
    form, data = load_picker(browser, file_url(f"guides/{guide}/index.html"))
    assert browser.find_element(By.ID, "picker").is_displayed()
    assert browser.find_element(By.ID, "picker-result").get_attribute("role") == "status"
    ids = {entry["id"] for entry in data["cases"]}
    assert ids == {s for g, s in scenario_pages() if g == guide}
    for entry in data["cases"]:
        assert entry["decisions"], f"{entry['id']} records no decision"
    # Every radio and field has a label; nothing is struck out or disabled.
    for field in form.find_elements(By.CSS_SELECTOR, "input"):
        assert browser.find_elements(By.CSS_SELECTOR, f'label[for="{field.get_attribute("id")}"]')
        assert field.is_enabled()
    # At first only the questions that can decide something are shown, not all of them.
    assert 0 < len(visible_questions(browser)) < len(form.find_elements(By.CSS_SELECTOR, "fieldset[data-fact]"))


@pytest.mark.parametrize("guide,scenario", scenario_pages())
def test_answers_of_a_scenario_lead_to_its_page(browser, guide, scenario):
    """Answering as a scenario does (its own example dates) lands on that scenario's page."""
    form, data = load_picker(browser, file_url(f"guides/{guide}/index.html"))
    entry = [e for e in data["cases"] if e["id"] == scenario][0]
    walk(browser, entry["facts"])
    assert entry["title"] in result_text(browser)
    submit(browser)
    assert path_end(browser.current_url.split("#")[0], 3) == f"{guide}/{scenario}/index.html"
    assert browser.find_element(By.ID, "scenario-page").get_attribute("data-case") == "this"


def test_other_service_not_cloud_own_expiry_today(browser):
    """「その他」, not a cloud item, expiry 2026-05-17, acting today: the case with 5/17's dates."""
    load_picker(browser, file_url("guides/switch-to-external-certificate/index.html"))
    walk(browser, {"target_service": "other", "cloud_certificate": "false", "expiry": "2026-05-17"})
    # The procedure date defaults to today.
    assert current(browser, "action_date") == "2026-01-15"
    submit(browser)
    assert path_end(browser.current_url.split("#")[0], 2) == "other-before-cutover/index.html"
    assert "expiry=2026-05-17" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, 'dd[data-fact="expiry"]').text == "2026年5月17日(日)"
    # The recommended completion date is a month before the reader's expiry.
    assert browser.find_elements(By.CSS_SELECTOR, '.guide-body time[datetime="2026-04-17"]')


def test_waf_cloud_renewal_before_january_31(browser):
    """WAF, a cloud item, an expiry whose renewal period opens before 2026-01-31, acting early."""
    load_picker(browser, file_url("guides/switch-to-external-certificate/index.html"))
    walk(browser, {"target_service": "waf-protected-group", "cloud_certificate": "true", "expiry": "2026-02-12", "action_date": "2026-01-05"})
    submit(browser)
    assert path_end(browser.current_url.split("#")[0], 2) == "waf-cloud-sales-renewal/index.html"
    deadlines = {li.get_attribute("data-deadline"): li.find_element(By.CSS_SELECTOR, "time").get_attribute("datetime")
                 for li in browser.find_elements(By.CSS_SELECTOR, ".deadline-list li")}
    # The reader's own dates: the day before the renewal period opens (30 days before 2/12).
    assert deadlines["cancel_by"] == "2026-01-12" and deadlines["online_cancel_from"] == "2026-01-13"


@pytest.mark.parametrize("answers,scenario,says,not_says", [
    # From a VPS to a rental server: the case is where the certificate comes from, not where it goes.
    ({"destination_type": "shared", "destination_accepts_byo": "true", "cert_expiry": "2026-08-01",
      "current_server": "dedicated"}, "vps-to-vps", "専用サーバ・VPS・クラウドなどから移転", "VPSへ"),
    # From our shared server to another rental server, with the setup asked of us.
    ({"destination_type": "shared", "destination_accepts_byo": "true", "cert_expiry": "2026-08-01",
      "current_server": "our-shared", "install_by_us": "true"}, "our-shared-setup-by-us", "弊社の共用サーバから移転", "クラウドへ"),
    # From our shared server to a cloud server, with the files sent by mail.
    ({"destination_type": "dedicated", "cert_expiry": "2026-08-01", "current_server": "our-shared",
      "install_by_us": "false"}, "our-shared-files-by-mail", "弊社の共用サーバから移転", "他社の共用サーバへ"),
], ids=["vps-to-rental", "our-shared-to-rental-setup-by-us", "our-shared-to-cloud-by-mail"])
def test_case_title_holds_for_every_reader_of_the_case(browser, answers, scenario, says, not_says):
    """A case's title is shown to every reader the case covers, so it names only what they share."""
    load_picker(browser, file_url("guides/move-certificate-to-new-server/index.html"))
    walk(browser, answers)
    result = result_text(browser)
    assert says in result and not_says not in result, result
    submit(browser)
    assert path_end(browser.current_url.split("#")[0], 2) == f"{scenario}/index.html"
    title = browser.find_element(By.CSS_SELECTOR, "p.scenario-title").text
    assert title.startswith(says) and not_says not in title, title


@pytest.mark.parametrize("answers,scenario,added,hidden", [
    # vps-to-vps is built for a move to a VPS: its example never answers whether the new server
    # takes a certificate of one's own, which a reader moving to a rental server answers.
    ({"destination_type": "shared", "destination_accepts_byo": "true", "cert_expiry": "2026-08-01",
      "current_server": "dedicated"}, "vps-to-vps", "destination_accepts_byo", None),
    # our-shared-files-by-mail is built for a move to a rental server that takes one's own
    # certificate; for a reader moving to a cloud server that question does not apply.
    ({"destination_type": "dedicated", "cert_expiry": "2026-08-01", "current_server": "our-shared",
      "install_by_us": "false"}, "our-shared-files-by-mail", None, "destination_accepts_byo"),
], ids=["answer-the-example-lacks", "example-answer-that-does-not-apply"])
def test_scenario_page_lists_the_answers_the_picker_took(browser, answers, scenario, added, hidden):
    """The page's premises ("このページの前提") are the reader's answers, as the picker asked them."""
    load_picker(browser, file_url("guides/move-certificate-to-new-server/index.html"))
    walk(browser, answers)
    # Each question as the picker asked it, with the label of the answer given.
    asked = []
    for fact in visible_questions(browser):
        fieldset = browser.find_element(By.CSS_SELECTOR, f'fieldset[data-fact="{fact}"]')
        question = fieldset.find_element(By.TAG_NAME, "legend").text
        chosen = [r for r in fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]") if r.is_selected()]
        label = browser.find_element(By.CSS_SELECTOR, f'label[for="{chosen[0].get_attribute("id")}"]').text if chosen else None
        asked.append((fact, question, label))
    submit(browser)
    assert path_end(browser.current_url.split("#")[0], 2) == f"{scenario}/index.html"
    built = json.loads(browser.find_element(By.ID, "page-data").get_attribute("textContent"))
    if added:
        assert added not in built["facts"] and added in [f for f, _, _ in asked], "pick another case for this test"
    if hidden:
        assert hidden in built["facts"] and hidden not in [f for f, _, _ in asked], "pick another case for this test"

    def summary():
        return [(row.find_element(By.TAG_NAME, "dt").text, row.find_element(By.TAG_NAME, "dd").get_attribute("data-fact"),
                 row.find_element(By.TAG_NAME, "dd").text)
                for row in browser.find_elements(By.CSS_SELECTOR, ".scenario-summary .fact") if row.is_displayed()]

    # Exactly the questions the picker asked, in its order (the rules files'), each with its answer.
    rows = summary()
    assert [fact for _, fact, _ in rows] == [fact for fact, _, _ in asked], rows
    for (question, fact, text), (_, asked_question, label) in zip(rows, asked):
        assert question == asked_question
        if label is not None:
            assert text == label
    assert dict((fact, text) for _, fact, text in rows)["cert_expiry"].startswith("2026年8月1日")
    if added:
        row = browser.find_element(By.CSS_SELECTOR, f'.scenario-summary dd[data-fact="{added}"]')
        assert "reader-value" in row.get_attribute("class")
    # Back to the example's values: its own answers, as built.
    reset = browser.find_element(By.ID, "reader-values-reset")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", reset)
    reset.click()
    assert sorted(fact for _, fact, _ in summary()) == sorted(built["facts"])


def test_change_case_link_reopens_the_questions_with_the_readers_answers(browser):
    """「答えを変えてケースを選び直す」 on a case's page: the reader changes one answer, not all."""
    guide = file_url("guides/move-certificate-to-new-server/index.html")
    load_picker(browser, guide)
    walk(browser, {"destination_type": "shared", "destination_accepts_byo": "true", "cert_expiry": "2026-08-01",
                   "current_server": "dedicated"})
    taken = {fact: current(browser, fact) for fact in visible_questions(browser)}
    found = result_text(browser)
    submit(browser)
    link = browser.find_element(By.CSS_SELECTOR, ".scenario-summary .change-case a")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    assert browser.current_url.split("#")[0] == guide
    assert {fact: current(browser, fact) for fact in visible_questions(browser)} == taken
    assert result_text(browser) == found
    # The example's page: the questions open empty, not with the example's answers.
    browser.get(file_url("guides/move-certificate-to-new-server/vps-to-vps/index.html"))
    href = browser.find_element(By.CSS_SELECTOR, ".scenario-summary .change-case a").get_attribute("href")
    assert href == guide


@pytest.mark.skipif(not TRANSFER, reason="SITEGEN_TRANSFER_OUTPUT is not set (scripts/test-browser sets it)")
def test_a_jp_reader_is_never_asked_gtld_facts(browser):
    url = pathlib.Path(TRANSFER, "guides/transfer/index.html").as_uri()
    load_picker(browser, url)
    seen = set(visible_questions(browser))
    answer(browser, "tld", "jp")
    seen |= set(visible_questions(browser))
    assert "registered_on" not in seen and "whois_private" not in seen
    assert browser.find_element(By.ID, "picker-submit").is_enabled()
    submit(browser)
    assert path_end(browser.current_url.split("#")[0], 2) == "jp/index.html"


@pytest.mark.skipif(not TRANSFER, reason="SITEGEN_TRANSFER_OUTPUT is not set (scripts/test-browser sets it)")
def test_no_page_for_the_situation(browser):
    """A gTLD registered ten days ago, with Whois privacy: no scenario has that case."""
    load_picker(browser, pathlib.Path(TRANSFER, "guides/transfer/index.html").as_uri())
    walk(browser, {"tld": "gtld", "registered_on": "2026-01-05", "whois_private": "true"})
    text = result_text(browser)
    assert "当てはまるページはありません" in text
    assert not browser.find_element(By.ID, "picker-submit").is_enabled()
    # The nearest case, what differs, and where to turn.
    nearest = browser.find_elements(By.CSS_SELECTOR, "#picker-result a")
    assert any("gtld-" in a.get_attribute("href") for a in nearest)
    assert "サポート窓口" in text
    assert any(a.get_attribute("href") == "https://help.example.jp/contact/" for a in nearest)


def test_reset_and_back(browser):
    url = file_url("guides/switch-to-external-certificate/index.html")
    load_picker(browser, url)
    walk(browser, {"target_service": "other", "cloud_certificate": "false", "expiry": "2026-05-17"})
    assert "expiry=2026-05-17" in browser.current_url
    message = result_text(browser)
    submit(browser)
    browser.back()
    # Back restores the answers and the message.
    assert current(browser, "target_service") == "other"
    assert current(browser, "expiry") == "2026-05-17"
    assert result_text(browser) == message
    browser.find_element(By.ID, "picker-reset").click()
    assert current(browser, "target_service") is None
    assert "#" not in browser.current_url
    assert not browser.find_element(By.ID, "picker-submit").is_enabled()


def test_keyboard_only(browser):
    """Tab to the first question, arrow keys through a radio group, Space to choose."""
    load_picker(browser, file_url("guides/switch-to-external-certificate/index.html"))
    first = browser.find_element(By.CSS_SELECTOR, 'input[name="target_service"]')
    browser.execute_script("arguments[0].focus()", first)
    active = browser.switch_to.active_element
    active.send_keys(Keys.SPACE)
    assert current(browser, "target_service") == "other"
    active.send_keys(Keys.ARROW_DOWN)
    assert current(browser, "target_service") == "content-acceleration"
    # The next question follows, reachable with Tab.
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("name") in visible_questions(browser)


def test_other_case_link_from_a_scenario_page_fills_the_picker(browser):
    """A scenario page whose values belong to another case links to the picker with them."""
    browser.get(file_url("guides/switch-to-external-certificate/other-before-cutover/index.html")
                + "#action_date=2026-03-01&expiry=2026-09-24")
    link = browser.find_element(By.CSS_SELECTOR, "#reader-status .other-case a")
    link.click()
    assert current(browser, "action_date") == "2026-03-01"
    assert "other-after-cutover" in result_text(browser) or "2026年2月1日以後" in result_text(browser)


@pytest.mark.parametrize("guide", guides_with_scenarios())
def test_table_without_javascript(browser_nojs, guide):
    driver = browser_nojs
    driver.get(file_url(f"guides/{guide}/index.html"))
    assert not driver.find_element(By.ID, "picker").is_displayed()
    # No empty "choose your case" heading without the form.
    assert not [h for h in driver.find_elements(By.ID, "picker-heading") if h.is_displayed()]
    table = driver.find_element(By.CSS_SELECTOR, "table.scenario-table")
    assert table.is_displayed()
    intro = driver.find_element(By.CSS_SELECTOR, ".scenario-index p")
    assert "例" in intro.text
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == len([s for g, s in scenario_pages() if g == guide])
    for row in rows:
        link = row.find_element(By.CSS_SELECTOR, "a[href]")
        assert urllib.parse.unquote(link.get_attribute("href")).endswith("/index.html")
