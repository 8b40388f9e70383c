"""axe-core (bundled with axe-selenium-python) on the index, a picker page, a scenario page and
the glossary page. Fails on any violation of impact serious or critical, and prints them."""
import pytest
from axe_selenium_python import Axe

from conftest import file_url, missing_feature, guides_with_scenarios, output_dir, scenario_pages


def pages():
    out = [("index", "index.html")]
    guides = guides_with_scenarios()
    if guides:
        out.append(("picker", f"guides/{guides[0]}/index.html"))
        g, s = [p for p in scenario_pages() if p[0] == guides[0]][0]
        out.append(("scenario", f"guides/{g}/{s}/index.html"))
    out.append(("glossary", "glossary/index.html"))
    return out


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name,page", pages(), ids=[n for n, _ in pages()])
def test_no_serious_accessibility_violations(browser, name, page, request):
    if not (output_dir() / page).is_file():
        missing_feature(request, f"Output/{page}")
    assert (output_dir() / page).is_file(), f"Output/{page} does not exist"
    browser.get(file_url(page))
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    minor = [v for v in results["violations"] if v not in serious]
    if minor:
        print(f"{page}: minor/moderate axe findings (not failing):\n{describe(minor)}")
    assert not serious, f"{page}: axe-core found serious or critical violations:\n{describe(serious)}"
