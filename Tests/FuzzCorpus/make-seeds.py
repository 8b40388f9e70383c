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
                    read(fx + "calendars/jp.yml"), "terms:\n  - term: 証明書\n    definition: x\n",
                    "---\ntitle: T {{ fee }}\ndescription: D\norder: 1\n---\n{% include \"p\" %}\n", read(fx + "partials/note.md")))
loaders.append(read("Content/site.yml"))
write("loaders", loaders)

# The page: every Markdown file, and the examples of the GFM spec (with → as a tab).
page = [read(p) for p in markdown]
page.append("@facts service=web cloud=true expiry=2026-12-31\n{% if cloud %}**{{ expiry }}**{% endif %}\n")
page.append("| a | b |\n|---|---|\n| {{ host }} | \ue000\ue011\ue001 |\n\n脚注[^1]。\n\n[^1]: 注\n")
for spec in ["gfm-spec.txt", "gfm-extensions.txt"]:
    text = read("Tests/MarkdownRenderingTests/Conformance/" + spec)
    for m in re.finditer(r"^`{32} example[^\n]*\n(.*?)^\.\n", text, re.S | re.M):
        page.append(m.group(1).replace("→", "\t"))
write("page", page)
