#!/usr/bin/env python3
"""Regenerates the seed corpora of Tests/FuzzCorpus/ from the sample content and the tests.

Run from the package root: python3 Tests/FuzzCorpus/make-seeds.py
Each seed is named by the SHA-1 of its bytes, as libFuzzer names corpus files.
"""
import glob, hashlib, os, re, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "FuzzCorpus")
SEP = "\n---8<---\n"


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def write(target, texts):
    folder = os.path.join(OUT, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    seen = set()
    for text in texts:
        data = text.encode("utf-8")
        name = hashlib.sha1(data).hexdigest()
        if name in seen:
            continue
        seen.add(name)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seen)} seeds")


def directive_expressions(text):
    found = []
    for m in re.finditer(r"\{\{(.*?)\}\}", text, re.S):
        found.append(m.group(1).split("|")[0].strip())
    for m in re.finditer(r"\{%-?\s*(?:if|elif)\s+(.*?)-?%\}", text, re.S):
        found.append(m.group(1).strip())
    return found


def rule_expressions(text):
    found = []
    in_rules = False
    for line in text.splitlines():
        if line.startswith("rules:"):
            in_rules = True
            continue
        if in_rules and re.match(r"^\S", line):
            in_rules = False
        m = re.match(r"^  [a-z_0-9]+:\s*(.+)$", line)
        if in_rules and m:
            value = m.group(1).split(" #")[0].strip()
            if value[:1] in "'\"" and value[-1:] == value[:1]:
                value = value[1:-1]
            found.append(value)
        m = re.match(r"^\s+default:\s*(.+)$", line)
        if m:
            value = m.group(1).strip()
            if value[:1] in "'\"" and value[-1:] == value[:1]:
                value = value[1:-1]
            found.append(value)
    return found


content = sorted(glob.glob(os.path.join(ROOT, "Content", "**", "*.*"), recursive=True))
fixtures = sorted(glob.glob(os.path.join(ROOT, "Tests", "SitegenKitTests", "Fixtures", "**", "*.*"), recursive=True))
markdown = [os.path.relpath(p, ROOT) for p in content + fixtures if p.endswith(".md")]
rules = [os.path.relpath(p, ROOT) for p in content + fixtures if "/rules/" in p and p.endswith(".yml")]

# Expressions: every rule and default of the rules files, every expression in the Markdown, and
# the strings of the parser tests that look like expressions.
expressions = []
for path in rules:
    expressions += rule_expressions(read(path))
for path in markdown:
    expressions += directive_expressions(read(path))
tests = read("Tests/RulesTests/ExpressionParserTests.swift") + read("Tests/RulesTests/RulesLibraryTests.swift")
for m in re.finditer(r'parse\("((?:[^"\\]|\\.)*)"', tests):
    expressions.append(m.group(1).replace('\\"', '"').replace("\\n", "\n"))
expressions += [
    "today + 3 business_days", "end_of_month(expiry) - 1 week", "min(expiry, cutover) + 2 years",
    "max(today, 2026-02-29)", "business_day_on_or_after(2026-05-03)", '"a\\"b" in ["a", "b"]',
    "fee + 9223372036854775807", "-1", "[[1], [2]]", "not (cloud or is_other)",
]
write("expressions", expressions)

# Directives: the guides and partials whole, and the shapes of the directive tests.
directives = [read(p) for p in markdown]
directives += [
    "{% if cloud %}a{% elif is_other %}b{% else %}c{% endif %}\n",
    "  {% include \"self\" %}\n{% include \"note\" %}",
    "{{ expiry | date: \"GGGGy年M月d日\" }} {{ fee }} {{ services }} {{ complete_by | date: era }}",
    "{# comment #}{% raw %}{{ not a directive }}{% endraw %}\n",
    "1. {% step \"first\" %}one\n2. see {% ref \"first\" %}\n",
    "{%- if late -%}\n  x\n{%- endif -%}\n",
]
write("directives", directives)

# Loaders: the sample site and the fixture site as split inputs, and each YAML file alone in its
# own place.
def site(site_yml, rule_file, scenario_file, calendar, glossary, guide, partial):
    return SEP.join([site_yml, rule_file, scenario_file, calendar, glossary, guide, partial])

fx = "Tests/SitegenKitTests/Fixtures/rules/Content/"
loaders = []
guides = sorted(glob.glob(os.path.join(ROOT, "Content", "guides", "*.md")))
partials = sorted(glob.glob(os.path.join(ROOT, "Content", "partials", "*.md")))
for i, scenario in enumerate(sorted(glob.glob(os.path.join(ROOT, "Content", "scenarios", "*.yml")))):
    for rule in sorted(glob.glob(os.path.join(ROOT, "Content", "rules", "*.yml"))):
        loaders.append(site(read("Content/site.yml"), read(rule), read(scenario), read(fx + "calendars/jp.yml"),
                            read("Content/glossary.yml"), read(guides[i % len(guides)]), read(partials[i % len(partials)])))
loaders.append(site(read(fx + "site.yml"), read(fx + "rules/r.yml"), "guide: g\nscenarios:\n  - id: a\n    facts:\n      service: web\n      cloud: true\n      expiry: 2026-03-10\n",
                    read(fx + "calendars/jp.yml"), "証明書:\n  definition: x\n  aliases: [cert]\n",
                    "---\ntitle: T {{ fee }}\ndescription: D\norder: 1\n---\n{% include \"p\" %}\n", read(fx + "partials/note.md")))
loaders.append(read("Content/site.yml"))

# Hand-written small sites for what the sample content uses little or not at all, so that the
# fuzzer starts inside each part of the loaders rather than having to find its keys byte by byte:
# a calendar that extends the built-in one, a glossary with aliases and not_inside, a draft guide,
# conditional rules, choices with a label and a name, the business-day functions, applies_when,
# explain and deadlines, the site settings contact and search; then one variant per mistake.
SMALL_SITE = """title: 試験
base_url: https://help.example.jp/
language: ja
time_zone: Asia/Tokyo
date_formats:
  default: "y年M月d日(E)"
  era: "GGGGy年M月d日"
  short: "M月d日"
calendar: jp
unsafe_html: true
search: true
contact:
  text: 担当へご連絡ください。
  url: https://help.example.jp/contact
"""
SMALL_RULES = """facts:
  plan:
    type: choice
    question: プランは?
    choices:
      basic: ベーシック
      pro:
        label: プロ(年額・サポート付き)
        name: プロ
    explain:
      basic: 月額です。
      pro: 年額です。
  via_proxy:
    type: bool
    question: 代理申請ですか?
    applies_when: plan == "pro"
    explain:
      "true": 代理人が申請します。
      "false": ご本人が申請します。
  registered_on:
    type: date
    question: 登録日は?
  action_date:
    type: date
    question: 手続き日は?
    default: today
  seats:
    type: int
    question: 席数は?
    default: "3"
  owner:
    type: string
    question: 名義は?
    default: '"株式会社例"'
rules:
  apply_from: if plan == "pro" and via_proxy then registered_on + 5 business days else registered_on
  fee_note: if plan == "pro" then "無料" else "有料"
  open_on: business_day_on_or_after(registered_on)
  close_on: business_day_on_or_before(end_of_month(registered_on) - 2 weeks)
  tier: if seats > 10 then 3 else if seats > 5 then 2 else 1
  plan_name: plan.name
  late: action_date > min(close_on, max(open_on, 2026-02-01)) or (if seats in [1, 2] then true else false)
  spread: (if late then close_on else open_on) - registered_on
  named: plan.label != owner and plan in ["basic", "pro"]
deadlines:
  close_on: 締め日
  apply_from: 申請開始日
"""
SMALL_SCENARIOS = """guides: [g]
scenarios:
  - id: basic
    title: "{{ plan_name }} / {{ registered_on | date: era }}"
    facts:
      plan: basic
      registered_on: 2026-01-10
      action_date: 2026-01-15
  - id: pro-proxy
    title: プロ・代理
    facts:
      plan: pro
      via_proxy: true
      registered_on: 2026-05-02
      seats: 12
"""
SMALL_CALENDAR = """extends: jp
holidays:
  2025-12-29: 年末年始休業
  2026-01-02: 年末年始休業
  2026-08-14: 夏季休業
  2026-12-29: 年末年始休業
"""
SMALL_GLOSSARY = """CSR:
  definition: 証明書署名要求。
  aliases: [証明書署名要求]
証明書:
  definition: サーバ証明書。
  not_inside: [証明書署名要求, 証明書管理サービス]
プロ: 年額のプラン。
"""
SMALL_GUIDE = """---
title: 申請 {{ plan_name }}
description: 申請の手順
order: 2
draft: true
---
{# 下書き #}
{% if plan == "pro" %}{{ plan.name }}は{{ fee_note }}です。{% elif plan == "basic" %}{{ plan.label }}{% else %}x{% endif %}

1. {% step "apply" %}{{ apply_from | date: era }}から申請します。
2. 手順{% ref "apply" %}のあと、{{ close_on | date: "M月d日" }}までに CSR を出します。

{% include "p" %}
{% if if late then seats > 1 else false %}遅れ{% endif %}{{ spread }}日、{{ business_day_on_or_after(open_on + 1 month) | date: short }}
"""
SMALL_PARTIAL = """{{ tier }} 席({{ seats }})。{%- if plan == "pro" and via_proxy -%} 代理 {%- endif %}{{ owner }}
"""


def small_site(**parts):
    """The small site above, with some of its files replaced."""
    files = dict(site_yml=SMALL_SITE, rules=SMALL_RULES, scenarios=SMALL_SCENARIOS, calendar=SMALL_CALENDAR,
                 glossary=SMALL_GLOSSARY, guide=SMALL_GUIDE, partial=SMALL_PARTIAL)
    files.update(parts)
    return site(*files.values())


loaders.append(small_site())
loaders.append(small_site(guide=SMALL_GUIDE.replace("draft: true", "draft: false")))
loaders.append(small_site(calendar="extends: jp\n"))
loaders.append(small_site(calendar="holidays:\n  2026-01-01: 元日\n  2026-12-31: 年末\n"))
loaders += [small_site(**parts) for parts in [
    # calendars
    dict(calendar="extends: us\nholidays:\n  2026-01-01: x\n"),
    dict(calendar="extends: jp\nholidays:\n  2200-01-03: x\n  1900-02-30: y\n"),
    dict(calendar="extends: [jp]\ncountry: jp\nholidays: [2026-01-01]\n"),
    dict(calendar="extends: jp\nholidays:\n  2026-01-02: a\n  2026-01-02: b\n"),
    # choices with a label and a name, conditional expressions, the functions
    dict(rules=SMALL_RULES.replace("        name: プロ", "        short: プロ")),
    dict(rules=SMALL_RULES.replace("        label: プロ(年額・サポート付き)\n", "")),
    dict(rules=SMALL_RULES.replace("if seats > 10 then 3 else", "if seats then \"3\" else")),
    dict(rules=SMALL_RULES.replace("plan.name", "registered_on.name + plan.size")),
    dict(rules=SMALL_RULES.replace("(if late then close_on else open_on)", "1 + if late then 2 else 3")),
    dict(rules=SMALL_RULES.replace("  via_proxy:", "  then:").replace("and via_proxy", "and then")),
    dict(rules=SMALL_RULES.replace("close_on: 締め日", "tier: 席\n  close_on:\n  nothing: x")),
    dict(rules=SMALL_RULES.replace("applies_when: plan == \"pro\"", "applies_when: seats")),
    dict(rules=SMALL_RULES.replace("business_day_on_or_after(registered_on)", "business_day_on_or_after(registered_on, 1)")),
    dict(scenarios=SMALL_SCENARIOS.replace("registered_on: 2026-05-02", "registered_on: 2026-12-28")),
    dict(scenarios=SMALL_SCENARIOS.replace("plan: basic", "plan: ベーシック\n      via_proxy: false")),
    # drafts, front matter
    dict(guide=SMALL_GUIDE.replace("draft: true", "draft: yes")),
    dict(guide=SMALL_GUIDE.replace("draft: true", "draft: \"false\"\ntags: [a]")),
    dict(guide=SMALL_GUIDE.replace("{% if if late then seats > 1 else false %}", "{% if via_proxy %}{{ late }}")),
    # glossaries
    dict(glossary="CSR:\n  definition: x\n  aliases: CSR2\n  not_inside: y\n  see: z\n"),
    dict(glossary="CSR: x\nCSR:\n  aliases: [CSR]\n証明書:\n  aliases: [CSR]\n  definition: y\n"),
    dict(glossary="- CSR\n- 証明書\n"),
    # site settings
    dict(site_yml=SMALL_SITE.replace("  url: https://help.example.jp/contact", "  url: javascript:x\n  mail: a@b")),
    dict(site_yml=SMALL_SITE.replace("search: true", "search: maybe").replace("unsafe_html: true", "unsafe_html: 1")),
]]
# The rules file alone (after the default site.yml), as an input without separators is read.
loaders.append(SMALL_RULES)
write("loaders", loaders)

# The page: every Markdown file, and the examples of the GFM spec (with → as a tab).
page = [read(p) for p in markdown]
page.append("@facts service=web cloud=true expiry=2026-12-31\n{% if cloud %}**{{ expiry }}**{% endif %}\n")
page.append("| a | b |\n|---|---|\n| {{ host }} | \ue000\ue011\ue001 |\n\n脚注[^1]。\n\n[^1]: 注\n")
# Valid pages for the fixture site's rules, so the render reaches the HTML with stamps in it:
# choices' texts, conditional stamps, the business-day functions, date formats, partials, steps,
# glossary spellings (証明書, CSR, サーバ, Web) in lines broken between East Asian characters.
page += [
    "@facts service=web cloud=true expiry=2026-05-06 fee=9\n"
    "# {{ service.name }}の手続き\n\n"
    "{{ service.label }}({{ service }})は{{ if cloud then \"クラウド\" else \"通常\" }}です。\n"
    "期限は{{ if cloud then business_day_on_or_after(expiry) else expiry - 3 business days | date: era }}、"
    "{{ business_day_on_or_before(end_of_month(expiry)) | date: \"M月d日(E)\" }}まで。\n",
    "1. {% step \"csr\" %}CSR を作ります。証明書の\nサーバに入れます。\n"
    "2. {% step \"send\" %}手順{% ref \"csr\" %}の CSR を送ります(Web)。\n\n"
    "{% include \"nested\" %}\n\n- [x] {{ fee + 1 }}円\n- [ ] {{ host }}\n",
    "{% if is_other %}\n> {{ contact_by | date: era }}\n{% elif cloud and expiry > 2026-03-01 %}\n"
    "| 期限 | 日数 |\n|---|--:|\n| {{ cancel_by }} | {{ expiry - 2026-01-15 }} |\n{% else %}\n"
    "{%- include \"note\" -%}\n{% endif %}\n\n{% raw %}{{ service }}{% endraw %}{# 注 #}\n",
    "@facts service=other cloud=false expiry=2026-02-27\n"
    "{{ min(complete_by, cancel_by) }} {{ max(expiry, today) | date: \"GGGGy年\" }} "
    "{{ if service == \"web\" then service.name else host }}\n\nサーバ証明書[^a]\n\n[^a]: CSR の説明\n",
    # Mistakes the render reports: a bool stamped, a name it does not know, a branch of another
    # type, an era before Meiji, a format it does not know, `.name` on a date.
    "{{ cloud }} {{ servise }} {{ if cloud then 1 else \"x\" }} {{ 0001-01-01 | date: era }} "
    "{{ expiry | date: nope }} {{ expiry.name }} {% include \"missing\" %}{% ref \"nowhere\" %}\n",
]
for spec in ["gfm-spec.txt", "gfm-extensions.txt"]:
    text = read("Tests/MarkdownRenderingTests/Conformance/" + spec)
    for m in re.finditer(r"^`{32} example[^\n]*\n(.*?)^\.\n", text, re.S | re.M):
        page.append(m.group(1).replace("→", "\t"))
write("page", page)
