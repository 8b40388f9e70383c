#!/usr/bin/env node
// Runs the cases of a differential case file through Templates/assets/sitegen-rules.js and
// compares every result with the one the Swift code gave.
//
//   node Tests/js/differential.js CASES.json [--lib path/to/sitegen-rules.js]
//
// The case file holds the rules data ("rules"), optionally more expressions to evaluate
// ("extra", expression trees), scenario cases ("cases": facts as scenario texts, today, and the
// expected invalid facts, values, expressions, extra expressions, stamps and the walk of the
// guide's conditionals: {decisions, error}) and optionally date
// formats ("formats": language, pattern, dates and the expected texts). Prints the first 20
// mismatches, then "N passed, M failed"; exits with 0 only when nothing failed and something
// passed.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const SHOWN = 20;

function usage(message) {
  if (message) console.error(message);
  console.error("usage: node Tests/js/differential.js CASES.json [--lib path/to/sitegen-rules.js]");
  process.exit(2);
}

function parseArguments(argv) {
  let casesPath = null;
  let libPath = path.join(__dirname, "..", "..", "Templates", "assets", "sitegen-rules.js");
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--lib") {
      if (i + 1 >= argv.length) usage("--lib needs a path");
      libPath = path.resolve(argv[++i]);
    } else if (casesPath === null) {
      casesPath = argv[i];
    } else {
      usage(`unexpected argument '${argv[i]}'`);
    }
  }
  if (casesPath === null) usage();
  return { casesPath, libPath };
}

// What a computation gave, in the shape of an expectation: {ok: text} or {error: id}. An
// exception that is not a RulesError is a bug of the library and shows as such.
function outcome(Rules, compute) {
  try {
    return { ok: compute() };
  } catch (error) {
    if (error instanceof Rules.RulesError) return { error: error.id };
    return { crash: String(error && error.stack ? error.stack.split("\n")[0] : error) };
  }
}

function same(expected, got) {
  if ("ok" in expected) return "ok" in got && got.ok === expected.ok;
  return "error" in got && got.error === expected.error;
}

function show(value) {
  return JSON.stringify(value);
}

function runScenario(Rules, guide, scenario, extra, report) {
  const expect = scenario.expect || {};
  const given = {};
  const invalid = [];
  for (const [name, text] of Object.entries(scenario.facts || {})) {
    const value = guide.parseFact(name, text);
    if (value === null) invalid.push(name);
    else given[name] = value;
  }
  if (expect.invalid) {
    const want = [...expect.invalid].sort();
    const got = [...invalid].sort();
    if (show(want) !== show(got)) report("invalid facts", want, got);
  }
  const env = outcome(Rules, () => guide.environment(given, scenario.today));
  if (!("ok" in env)) {
    report("environment", "an environment", env);
    return;
  }
  for (const [name, want] of Object.entries(expect.values || {})) {
    const got = outcome(Rules, () => Rules.describe(env.ok.value(name)));
    if (!same(want, got)) report(`values.${name}`, want, got);
  }
  (expect.expressions || []).forEach((want, index) => {
    const got = outcome(Rules, () => Rules.describe(env.ok.evaluate(index)));
    if (!same(want, got)) report(`expressions[${index}] ${show(guide.expressions[index])}`, want, got);
  });
  if (expect.walk) {
    // The case: the decisions the build records for these facts, and the first error.
    const walked = outcome(Rules, () => guide.walk(env.ok));
    if (!("ok" in walked)) report("walk", expect.walk, walked);
    else {
      const got = { decisions: walked.ok.decisions, error: walked.ok.failure ? walked.ok.failure.id : null };
      if (show(got) !== show(expect.walk)) report("walk", expect.walk, got);
    }
  }
  // Expressions given beside the guide's own (random ones), evaluated like a condition.
  (expect.extra || []).forEach((want, index) => {
    const tree = (extra || [])[index];
    const got = outcome(Rules, () => Rules.describe(env.ok.evaluateExpression(tree)));
    if (!same(want, got)) report(`extra[${index}] ${show(tree)}`, want, got);
  });
  (expect.stamps || []).forEach((want, index) => {
    const got = outcome(Rules, () => env.ok.stamp(index));
    if (!same(want, got)) report(`stamps[${index}] ${show(guide.stamps[index])}`, want, got);
  });
}

function runFormats(Rules, entry, report) {
  (entry.dates || []).forEach((date, index) => {
    const want = (entry.expect || [])[index];
    if (!want) return;
    const got = outcome(Rules, () => Rules.formatDate(date, entry.pattern, entry.language));
    if (!same(want, got)) report(`${entry.language} ${show(entry.pattern)} ${date}`, want, got);
  });
}

function main() {
  const { casesPath, libPath } = parseArguments(process.argv.slice(2));
  let Rules;
  let file;
  try {
    Rules = require(libPath);
    file = JSON.parse(fs.readFileSync(casesPath, "utf8"));
  } catch (error) {
    console.error(String(error && error.message ? error.message : error));
    process.exit(2);
  }

  let guide = null;
  let loadError = null;
  try {
    guide = Rules.load(file.rules);
  } catch (error) {
    loadError = String(error && error.message ? error.message : error);
  }

  let passed = 0;
  let failed = 0;
  let shown = 0;
  let totalMismatches = 0;

  function run(label, body) {
    const mismatches = [];
    body((what, expected, got) => mismatches.push({ what, expected, got }));
    if (mismatches.length === 0) {
      passed++;
      return;
    }
    failed++;
    for (const m of mismatches) {
      totalMismatches++;
      if (shown >= SHOWN) continue;
      shown++;
      console.log(`${label}: ${m.what}`);
      console.log(`  expected ${show(m.expected)}`);
      console.log(`  got      ${show(m.got)}`);
    }
  }

  (file.cases || []).forEach((scenario, index) => {
    run(`case ${index}`, (report) => {
      if (guide === null) report("load", "rules data that loads", { crash: loadError });
      else runScenario(Rules, guide, scenario, file.extra, report);
    });
  });
  (file.formats || []).forEach((entry, index) => {
    run(`formats ${index}`, (report) => runFormats(Rules, entry, report));
  });

  if (totalMismatches > shown) console.log(`(${totalMismatches - shown} more mismatches not shown)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main();
