"""The JSON Schemas in docs/schemas/ against real files and against sitegen itself.

- Every YAML file of the sample site and of the test fixtures validates against its schema.
- Broken files are rejected.
- The schemas agree with sitegen: for each place a key can go, the keys sitegen knows (it lists
  them when it meets an unknown one) are exactly the keys the schema allows.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import jsonschema
import pytest
import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "docs" / "schemas"


class Loader(yaml.SafeLoader):
    """YAML as the YAML language server and sitegen read it: `2026-01-31` stays text."""


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def schema(kind):
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validator(kind):
    document = schema(kind)
    jsonschema.Draft7Validator.check_schema(document)
    return jsonschema.Draft7Validator(document)


def kind_of(path):
    parts = path.parts
    if path.name == "site.yml":
        return "site"
    if path.name == "glossary.yml":
        return "glossary"
    for folder, kind in (("rules", "rules"), ("scenarios", "scenarios"), ("calendars", "calendar")):
        if folder in parts:
            return kind
    return None


def content_files():
    roots = [REPO / "Content", *sorted((REPO / "Tests").glob("**/Content"))]
    files = []
    for root in roots:
        if "FuzzCorpus" in root.parts:
            continue
        files += [p for p in sorted(root.rglob("*.yml")) if kind_of(p.relative_to(root))]
    return files


def errors(kind, text):
    return list(validator(kind).iter_errors(yaml.load(text, Loader=Loader)))


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_real_files_validate(path):
    kind = kind_of(path.relative_to(next(parent for parent in path.parents if parent.name == "Content")))
    found = errors(kind, path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in found)


def test_the_sample_files_name_their_schema():
    """The YAML language server finds each sample file's schema from its first lines."""
    for path in (REPO / "Content").rglob("*.yml"):
        kind = kind_of(path.relative_to(REPO / "Content"))
        head = path.read_text(encoding="utf-8").splitlines()[:3]
        relative = os.path.relpath(SCHEMAS / f"{kind}.schema.json", path.parent)
        assert f"# yaml-language-server: $schema={relative}" in head, path


BROKEN = [
    ("site", "titel: x\n", "unknown key"),
    ("site", "unsafe_html: \"true\"\n", "a string where a bool belongs"),
    ("site", "contact:\n  url: https://x.example/\n", "contact without text"),
    ("site", "contact:\n  text: x\n  url: ftp://x.example/\n", "a contact URL of another scheme"),
    ("site", "date_formats: y年\n", "formats not a mapping"),
    ("rules", "fact:\n  a: {type: bool}\n", "unknown top-level key"),
    ("rules", "facts:\n  a: {type: boolean}\n", "unknown type"),
    ("rules", "facts:\n  a: {question: x}\n", "no type"),
    ("rules", "facts:\n  a: {type: choice}\n", "a choice without choices"),
    ("rules", "facts:\n  a: {type: bool, choices: {x: y}}\n", "choices on a bool"),
    ("rules", "facts:\n  a: {type: choice, choices: {x: {name: y}}}\n", "a choice option without a label"),
    ("rules", "facts:\n  a: {type: date, when: x}\n", "unknown fact key"),
    ("rules", "facts:\n  1a: {type: date}\n", "a name starting with a digit"),
    ("rules", "rules:\n  a-b: 1\n", "a rule name with a hyphen"),
    ("rules", "rules:\n  a: [1, 2]\n", "a list where an expression belongs"),
    ("scenarios", "scenarios: []\n", "no guide"),
    ("scenarios", "guide: g\nguides: [g]\nscenarios: []\n", "guide and guides"),
    ("scenarios", "guide: g\nscenarios:\n  - id: A\n    facts: {}\n", "an id with capitals"),
    ("scenarios", "guide: g\nscenarios:\n  - id: a\n", "a scenario without facts"),
    ("scenarios", "guide: g\nscenarios:\n  - id: a\n    facts: {x: [1]}\n    note: n\n", "unknown scenario key"),
    ("glossary", "語:\n  aliases: [a]\n", "a term without a definition"),
    ("glossary", "語:\n  definition: d\n  alias: [a]\n", "unknown term key"),
    ("glossary", "語:\n  definition: d\n  aliases: a\n", "aliases not a list"),
    ("calendar", "holiday:\n  2026-01-01: 元日\n", "unknown key"),
    ("calendar", "holidays:\n  2026/01/01: 元日\n", "a date in another form"),
    ("calendar", "extends: us\n", "an unknown built-in calendar"),
    ("calendar", "{}\n", "neither holidays nor extends"),
]


@pytest.mark.parametrize("kind,text,why", BROKEN, ids=[b[2] for b in BROKEN])
def test_broken_files_are_rejected(kind, text, why):
    assert errors(kind, text), f"{kind}: {why} was accepted"


# Where sitegen lists the keys it knows: (schema, path to the object in the schema, a site that
# puts an unknown key `zzz_unknown` there).
def properties_at(kind, path):
    node = schema(kind)
    for step in path:
        node = node[step]
    if "properties" not in node:
        # A value written either as text or as a mapping: the mapping's keys.
        node = next(option for option in node["oneOf"] if option.get("type") == "object")
    return set(node["properties"])


MINIMAL = {
    "Content/site.yml": "title: t\n",
    "Content/rules/r.yml": "facts:\n  a:\n    type: bool\n    question: q\n",
    "Content/guides/g.md": "---\ntitle: g\n---\n{% if a %}x{% endif %}\n",
    "Content/scenarios/g.yml": "guide: g\nscenarios:\n  - id: s\n    facts: {a: true}\n",
}
PLACES = [
    ("site", [], {"Content/site.yml": "title: t\nzzz_unknown: 1\n"}),
    ("site", ["properties", "contact"], {"Content/site.yml": "title: t\ncontact:\n  text: x\n  zzz_unknown: 1\n"}),
    ("rules", [], {"Content/rules/r.yml": MINIMAL["Content/rules/r.yml"] + "zzz_unknown: {}\n"}),
    ("rules", ["definitions", "fact"], {"Content/rules/r.yml": MINIMAL["Content/rules/r.yml"] + "    zzz_unknown: 1\n"}),
    ("rules", ["definitions", "fact", "properties", "choices", "additionalProperties"],
     {"Content/rules/x.yml": "facts:\n  c:\n    type: choice\n    choices:\n      k: {label: l, zzz_unknown: 1}\n"}),
    ("scenarios", [], {"Content/scenarios/g.yml": MINIMAL["Content/scenarios/g.yml"] + "zzz_unknown: 1\n"}),
    ("scenarios", ["properties", "scenarios", "items"], {"Content/scenarios/g.yml": MINIMAL["Content/scenarios/g.yml"] + "    zzz_unknown: 1\n"}),
    ("glossary", ["additionalProperties"], {"Content/glossary.yml": "語:\n  definition: d\n  zzz_unknown: 1\n"}),
    ("calendar", [], {"Content/site.yml": "title: t\ncalendar: c\n", "Content/calendars/c.yml": "holidays:\n  2026-01-01: x\nzzz_unknown: 1\n"}),
]


@pytest.mark.parametrize("kind,path,files", PLACES, ids=[f"{p[0]}:{'/'.join(p[1]) or 'top'}" for p in PLACES])
def test_schemas_know_exactly_the_keys_sitegen_knows(kind, path, files):
    binary = os.environ.get("SITEGEN_BINARY")
    if not binary:
        pytest.skip("SITEGEN_BINARY is not set (scripts/test-schemas sets it)")
    with tempfile.TemporaryDirectory() as root:
        for name, text in {**MINIMAL, **files}.items():
            target = pathlib.Path(root, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        shutil.copytree(REPO / "Templates", pathlib.Path(root, "Templates"))
        run = subprocess.run([binary, "check", "--root", root, "--format", "json"], capture_output=True, text=True)
        records = json.loads(run.stdout)
        records = records["diagnostics"] if isinstance(records, dict) else records
    messages = [r["message"] for r in records if "zzz_unknown" in r["message"]]
    assert messages, f"sitegen said nothing of the unknown key: {records}"
    listed = re.search(r"\((?:expected|known): ([^)]*)\)", messages[0])
    assert listed, messages[0]
    known = {key.strip() for key in listed.group(1).split(",")}
    assert known == properties_at(kind, path), messages[0]
