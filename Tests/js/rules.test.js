// Unit tests of Templates/assets/sitegen-rules.js: node --test Tests/js/
// Every expected text below is what the Swift code (Sources/Rules, with Foundation's
// DateFormatter for dates) gives for the same input.
"use strict";

const { describe, test } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const LIBRARY = path.join(__dirname, "..", "..", "Templates", "assets", "sitegen-rules.js");
const Rules = require(LIBRARY);
const { parseDate, isoDate, describe: show } = Rules;

function throwsId(fn, id) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Rules.RulesError, `expected a RulesError, got ${error}`);
    assert.strictEqual(error.id, id);
    assert.ok(error.message.length > 0);
    return true;
  });
}

// A guide with one fact of each type, a holiday calendar for 2025-2027 and a few rules.
function sampleData(overrides = {}) {
  return {
    version: 1,
    language: "ja",
    timeZone: "Asia/Tokyo",
    formats: { default: "y年M月d日(E)", era: "GGGGy年M月d日", iso: "yyyy-MM-dd" },
    calendar: {
      name: "jp",
      years: [2025, 2027],
      holidays: ["2026-01-01", "2026-01-02", "2026-01-12", "2026-05-04", "2026-05-05", "2026-05-06"],
    },
    facts: {
      expiry: { type: "date" },
      target_service: { type: "choice", default: ["str", "other"], choices: [["other", "その他"], ["cdn", "CDN"]] },
      users: { type: "int", default: ["int", "1500"] },
      renew: { type: "bool", default: ["bool", false] },
      note: { type: "string", default: ["str", "café"] },
    },
    factOrder: ["expiry", "target_service", "users", "renew", "note"],
    rules: {
      notice: ["bin", "-", ["name", "expiry"], ["dur", "1", "month"]],
      reply_by: ["bin", "+", ["name", "notice"], ["dur", "5", "businessDay"]],
      days_left: ["bin", "-", ["name", "expiry"], ["name", "today"]],
      is_cdn: ["bin", "==", ["name", "target_service"], ["str", "cdn"]],
      broken: null,
      loop_a: ["name", "loop_b"],
      loop_b: ["name", "loop_a"],
      far: ["bin", "+", ["name", "expiry"], ["dur", "2", "year"]],
      far_business: ["bin", "+", ["name", "expiry"], ["dur", "600", "businessDay"]],
    },
    ruleOrder: ["notice", "reply_by", "days_left", "is_cdn", "broken", "loop_a", "loop_b", "far", "far_business"],
    expressions: [
      ["name", "notice"],
      ["name", "users"],
      ["name", "target_service"],
      ["list", [["name", "expiry"], ["name", "notice"]]],
      ["call", "next_business_day", [["date", "2026-05-03"]]],
      ["bin", "+", ["int", "9223372036854775807"], ["int", "1"]],
      ["name", "renew"],
      ["name", "nope"],
      ["dur", "2", "businessDay"],
    ],
    stamps: [
      [0, null],
      [0, { named: "era" }],
      [1, null],
      [2, null],
      [3, null],
      [4, { pattern: "M月d日" }],
      [6, null],
      [1, { named: "era" }],
      [0, { named: "missing" }],
      [8, null],
    ],
    ...overrides,
  };
}

// Evaluates one expression with no facts, on `today`, with the given calendar.
function evaluate(expr, { calendar = null, today = "2025-06-30" } = {}) {
  const guide = Rules.load(sampleData({ calendar, expressions: [expr], stamps: [] }));
  return guide.environment({ expiry: Rules.load(sampleData()).parseFact("expiry", "2026-03-31") }, today).evaluate(0);
}

describe("the script", () => {
  test("is a classic script that defines one global and generates no code", () => {
    const source = fs.readFileSync(LIBRARY, "utf8");
    // Like a page under a Content-Security-Policy without 'unsafe-eval'.
    const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
    vm.runInContext(source, context);
    assert.deepStrictEqual(Object.keys(context), ["SitegenRules"]);
    const env = vm.runInContext(
      `var guide = SitegenRules.load(${JSON.stringify(sampleData())});
       guide.environment({ expiry: guide.parseFact("expiry", "2026-03-31") }, "2026-01-15")`,
      context,
    );
    assert.strictEqual(env.stamp(1), "令和8年2月28日");
  });

  test("uses neither eval nor the Function constructor nor module syntax", () => {
    const source = fs.readFileSync(LIBRARY, "utf8");
    assert.doesNotMatch(source, /\beval\s*\(|new Function|^\s*(import|export)\b/m);
  });

  test("load refuses an unknown version", () => {
    assert.throws(() => Rules.load({ ...sampleData(), version: 2 }));
    assert.throws(() => Rules.load(null));
  });
});

describe("civil dates", () => {
  test("count days from 1970-01-01", () => {
    assert.strictEqual(parseDate("1970-01-01"), 0);
    assert.strictEqual(parseDate("2026-01-01"), 20454);
    assert.strictEqual(parseDate("0001-01-01"), -719162);
    assert.strictEqual(parseDate("9999-12-31"), 2932896);
    assert.strictEqual(isoDate(-1), "1969-12-31");
    assert.strictEqual(isoDate(20454), "2026-01-01");
  });

  test("round-trip every day of the years 1 to 9999", () => {
    let expected = parseDate("0001-01-01");
    for (let y = 1; y <= 9999; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= Rules.daysInMonth(y, m); d++) {
          if (Rules.fromCivil(y, m, d) !== expected) assert.fail(`${y}-${m}-${d}`);
          expected++;
        }
      }
    }
    assert.strictEqual(expected - 1, parseDate("9999-12-31"));
    for (let days = -719162; days <= 2932896; days += 997) {
      assert.strictEqual(parseDate(isoDate(days)), days);
    }
  });

  test("parse exactly YYYY-MM-DD, real days of the years 1 to 9999", () => {
    assert.strictEqual(parseDate("2024-02-29"), Rules.fromCivil(2024, 2, 29));
    for (const text of ["2025-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "0000-01-01",
      "2026-1-01", "2026-01-01 ", " 2026-01-01", "2026/01/01", "２０２６-01-01", "2026-01-01\n", "", "20260101"]) {
      assert.strictEqual(parseDate(text), null, JSON.stringify(text));
    }
    assert.strictEqual(parseDate(20454), null);
  });

  test("month and year arithmetic clamps to the end of the month", () => {
    const add = (text, months) => isoDate(Rules.addMonths(parseDate(text), months));
    assert.strictEqual(add("2026-03-31", -1), "2026-02-28");
    assert.strictEqual(add("2024-03-31", -1), "2024-02-29");
    assert.strictEqual(add("2026-01-31", 1), "2026-02-28");
    assert.strictEqual(add("2026-01-31", 3), "2026-04-30");
    assert.strictEqual(add("2026-01-15", -13), "2024-12-15");
    assert.strictEqual(add("2026-12-31", 1), "2027-01-31");
    assert.strictEqual(isoDate(Rules.addYears(parseDate("2024-02-29"), 1)), "2025-02-28");
    assert.strictEqual(isoDate(Rules.addYears(parseDate("2024-02-29"), 4)), "2028-02-29");
    assert.strictEqual(isoDate(Rules.addDays(parseDate("2026-02-28"), 1)), "2026-03-01");
    assert.strictEqual(isoDate(Rules.endOfMonth(parseDate("2100-02-10"))), "2100-02-28");
  });

  test("weekdays are ISO: Monday 1, Sunday 7", () => {
    assert.strictEqual(Rules.weekday(parseDate("1970-01-01")), 4);
    assert.strictEqual(Rules.weekday(parseDate("2026-01-31")), 6);
    assert.strictEqual(Rules.weekday(parseDate("2026-02-01")), 7);
    assert.strictEqual(Rules.weekday(parseDate("2026-02-02")), 1);
    assert.strictEqual(Rules.weekday(parseDate("0001-01-01")), 1);
    assert.strictEqual(Rules.weekday(parseDate("9999-12-31")), 5);
  });
});

describe("facts given as text", () => {
  const guide = Rules.load(sampleData());

  test("bool is only true or false", () => {
    assert.deepStrictEqual(guide.parseFact("renew", "true"), { t: "bool", v: true });
    assert.deepStrictEqual(guide.parseFact("renew", "false"), { t: "bool", v: false });
    for (const text of ["True", "yes", "1", "", " true"]) assert.strictEqual(guide.parseFact("renew", text), null);
  });

  test("int reads like Swift's Int(text)", () => {
    const int = (text) => {
      const value = guide.parseFact("users", text);
      return value && value.v;
    };
    assert.strictEqual(int("1500"), 1500n);
    assert.strictEqual(int("+12"), 12n);
    assert.strictEqual(int("-7"), -7n);
    assert.strictEqual(int("007"), 7n);
    assert.strictEqual(int("-0"), 0n);
    assert.strictEqual(int("9223372036854775807"), 9223372036854775807n);
    assert.strictEqual(int("-9223372036854775808"), -9223372036854775808n);
    for (const text of ["9223372036854775808", "-9223372036854775809", "1.5", "1,500", " 3", "3 ", "", "+", "-", "+-1", "１２", "0x10", "1e3"]) {
      assert.strictEqual(guide.parseFact("users", text), null, JSON.stringify(text));
    }
  });

  test("string, date and choice", () => {
    assert.deepStrictEqual(guide.parseFact("note", " any text "), { t: "string", v: " any text " });
    assert.deepStrictEqual(guide.parseFact("expiry", "2026-03-31"), { t: "date", v: parseDate("2026-03-31") });
    assert.strictEqual(guide.parseFact("expiry", "2026-02-30"), null);
    assert.deepStrictEqual(guide.parseFact("target_service", "cdn"), { t: "choice", fact: "target_service", key: "cdn", label: "CDN" });
    assert.strictEqual(guide.parseFact("target_service", "CDN"), null);
    assert.strictEqual(guide.parseFact("nope", "1"), null);
  });

  test("a choice key matches by canonical equivalence, as Swift strings do", () => {
    const data = sampleData();
    data.facts.target_service.choices.push(["café", "Café"]);
    const value = Rules.load(data).parseFact("target_service", "cafe\u0301");
    assert.strictEqual(value.label, "Café");
    assert.strictEqual(value.key, "cafe\u0301");
  });
});

describe("describe and keyOf", () => {
  test("describe is Value.description", () => {
    assert.strictEqual(show({ t: "bool", v: true }), "true");
    assert.strictEqual(show({ t: "int", v: -1500n }), "-1500");
    assert.strictEqual(show({ t: "string", v: 'q"x' }), '"q"x"');
    assert.strictEqual(show({ t: "date", v: parseDate("2026-02-01") }), "2026-02-01");
    assert.strictEqual(show({ t: "duration", n: 30n, u: "day" }), "30 days");
    assert.strictEqual(show({ t: "duration", n: 1n, u: "day" }), "1 day");
    assert.strictEqual(show({ t: "duration", n: -1n, u: "week" }), "-1 week");
    assert.strictEqual(show({ t: "duration", n: 0n, u: "month" }), "0 months");
    assert.strictEqual(show({ t: "duration", n: 2n, u: "businessDay" }), "2 business days");
    assert.strictEqual(show({ t: "duration", n: 1n, u: "businessDay" }), "1 business day");
    assert.strictEqual(show({ t: "choice", fact: "f", key: "other", label: "その他" }), "other (その他)");
    assert.strictEqual(show({ t: "list", v: [] }), "[]");
    assert.strictEqual(show({ t: "list", v: [{ t: "int", v: 1n }, { t: "list", v: [{ t: "string", v: "a" }] }] }), '[1, ["a"]]');
  });

  test("keyOf is the text a scenario gives", () => {
    assert.strictEqual(Rules.keyOf({ t: "choice", fact: "f", key: "other", label: "その他" }), "other");
    assert.strictEqual(Rules.keyOf({ t: "bool", v: false }), "false");
    assert.strictEqual(Rules.keyOf({ t: "int", v: -3n }), "-3");
    assert.strictEqual(Rules.keyOf({ t: "string", v: "a b" }), "a b");
    assert.strictEqual(Rules.keyOf({ t: "date", v: parseDate("2026-03-31") }), "2026-03-31");
  });
});

describe("the evaluator", () => {
  const cases = [
    [["bin", "-", ["date", "2026-03-31"], ["dur", "1", "month"]], "2026-02-28"],
    [["bin", "+", ["date", "2024-02-29"], ["dur", "1", "year"]], "2025-02-28"],
    [["bin", "+", ["dur", "1", "week"], ["date", "2026-12-28"]], "2027-01-04"],
    [["bin", "-", ["date", "2026-01-01"], ["date", "1970-01-01"]], "20454"],
    [["bin", "-", ["int", "0"], ["bin", "-", ["int", "9223372036854775807"], ["int", "0"]]], "-9223372036854775807"],
    [["bin", "and", ["bool", false], ["int", "1"]], "false"],
    [["bin", "or", ["bool", true], ["name", "nope"]], "true"],
    [["bin", "notin", ["int", "2"], ["list", [["int", "1"], ["int", "3"]]]], "true"],
    [["bin", "==", ["list", [["int", "1"]]], ["list", [["int", "1"]]]], "true"],
    [["bin", "==", ["dur", "1", "day"], ["dur", "1", "day"]], "true"],
    [["bin", "==", ["int", "1"], ["str", "1"]], "false"],
    [["call", "max", [["date", "2026-01-01"], ["date", "2025-12-31"]]], "2026-01-01"],
    [["call", "min", [["int", "3"], ["int", "-4"]]], "-4"],
    [["call", "end_of_month", [["date", "2024-02-10"]]], "2024-02-29"],
    [["bin", "<", ["name", "today"], ["date", "2026-01-01"]], "true"],
    [["list", [["dur", "1", "week"], ["dur", "2", "businessDay"], ["str", 'q"x']]], '[1 week, 2 business days, "q"x"]'],
    // Swift compares strings by canonical equivalence and orders them by Unicode scalars.
    [["bin", "==", ["str", "café"], ["str", "cafe\u0301"]], "true"],
    [["bin", "<", ["str", "cafe\u0301"], ["str", "caff"]], "false"],
    [["bin", "<", ["str", "\uFF61"], ["str", "\u{1D49C}"]], "true"],
  ];
  for (const [expr, expected] of cases) {
    test(JSON.stringify(expr), () => assert.strictEqual(show(evaluate(expr)), expected));
  }

  const failures = [
    [["bin", "-", ["dur", "1", "day"], ["date", "2026-03-31"]], "rules.type-mismatch"],
    [["bin", "and", ["bool", true], ["int", "1"]], "rules.type-mismatch"],
    [["bin", "in", ["str", "a"], ["str", "a"]], "rules.type-mismatch"],
    [["bin", "<", ["name", "target_service"], ["str", "cdn"]], "rules.type-mismatch"],
    [["not", ["str", "x"]], "rules.type-mismatch"],
    [["call", "min", [["int", "3"], ["date", "2026-01-01"]]], "rules.type-mismatch"],
    [["bin", "-", ["bin", "-", ["int", "0"], ["int", "9223372036854775807"]], ["int", "2"]], "rules.overflow"],
    [["bin", "+", ["int", "9223372036854775807"], ["int", "1"]], "rules.overflow"],
    [["bin", "-", ["date", "0001-01-01"], ["dur", "1", "day"]], "rules.date-out-of-range"],
    [["bin", "+", ["date", "9999-12-31"], ["dur", "1", "day"]], "rules.date-out-of-range"],
    [["bin", "+", ["date", "2026-01-01"], ["dur", "4000001", "day"]], "rules.date-out-of-range"],
    [["bin", "+", ["date", "2026-01-01"], ["dur", "10001", "year"]], "rules.date-out-of-range"],
    [["name", "nope"], "rules.unknown-name"],
  ];
  for (const [expr, id] of failures) {
    test(`${JSON.stringify(expr)} fails with ${id}`, () => throwsId(() => evaluate(expr), id));
  }
});

describe("conditional expressions and choice names", () => {
  test("if evaluates only the branch taken", () => {
    const pick = (condition) => ["if", ["bool", condition], ["int", "1"], ["bin", "+", ["int", "9223372036854775807"], ["int", "1"]]];
    assert.strictEqual(show(evaluate(pick(true))), "1");
    throwsId(() => evaluate(pick(false)), "rules.overflow");
    assert.strictEqual(show(evaluate(["if", ["bool", false], ["name", "nope"], ["str", "x"]])), '"x"');
    assert.strictEqual(
      show(evaluate(["if", ["bool", false], ["int", "1"], ["if", ["bool", true], ["int", "2"], ["int", "3"]]])), "2");
    throwsId(() => evaluate(["if", ["int", "1"], ["int", "1"], ["int", "2"]]), "rules.type-mismatch");
  });

  test(".name is the choice's name, or its label without one; .label its label", () => {
    const data = sampleData();
    data.facts.target_service.choices = [["other", "その他(お客様管理のサーバなど)"], ["cdn", "CDNサービス(オプション付き)", "CDNサービス"]];
    const guide = Rules.load(Object.assign(data, {
      expressions: [
        ["attr", "name", ["name", "target_service"]],
        ["attr", "label", ["name", "target_service"]],
        ["attr", "name", ["name", "expiry"]],
      ],
      stamps: [],
    }));
    const env = (key) => guide.environment({ target_service: guide.parseFact("target_service", key) }, "2026-01-15");
    assert.strictEqual(show(env("cdn").evaluate(0)), '"CDNサービス"');
    assert.strictEqual(show(env("cdn").evaluate(1)), '"CDNサービス(オプション付き)"');
    assert.strictEqual(show(env("other").evaluate(0)), '"その他(お客様管理のサーバなど)"');
    // The default, a string naming a key, becomes that choice with its name.
    assert.strictEqual(show(guide.environment({}, "2026-01-15").evaluate(0)), '"その他(お客様管理のサーバなど)"');
    throwsId(() => env("cdn").evaluate(2), "scenario.missing-fact");
    const withExpiry = guide.environment({ expiry: guide.parseFact("expiry", "2026-03-31") }, "2026-01-15");
    throwsId(() => withExpiry.evaluate(2), "rules.type-mismatch");
  });

  test("a chain of 20,000 rules is computed in dependency order, not by recursion", () => {
    const rules = {}, order = [];
    for (let i = 0; i < 20000; i++) {
      rules["r" + i] = i === 19999 ? ["date", "2026-01-01"] : ["bin", "+", ["name", "r" + (i + 1)], ["dur", "1", "day"]];
      order.push("r" + i);
    }
    const guide = Rules.load(sampleData({ rules, ruleOrder: order, expressions: [["name", "r0"]], stamps: [] }));
    assert.strictEqual(show(guide.environment({}, "2026-01-15").evaluate(0)), "2080-10-03");
    assert.strictEqual(guide.order.indexOf("r19999") < guide.order.indexOf("r0"), true);
  });
});

describe("business days", () => {
  test("weekends only: whole weeks are jumped exactly as in Swift", () => {
    const add = (date, n) => show(evaluate(["bin", "+", ["date", date], ["dur", String(n), "businessDay"]]));
    assert.strictEqual(add("2026-01-15", 1000), "2029-11-15");
    assert.strictEqual(add("2026-01-30", 1), "2026-02-02");
    assert.strictEqual(add("2026-01-31", 0), "2026-01-31");
    assert.strictEqual(show(evaluate(["bin", "-", ["date", "2026-01-31"], ["dur", "1", "businessDay"]])), "2026-01-30");
    assert.strictEqual(show(evaluate(["bin", "-", ["date", "2026-01-01"], ["dur", "1", "businessDay"]])), "2025-12-31");
    throwsId(() => add("2026-01-15", 3000000), "rules.date-out-of-range");
    throwsId(() => add("2026-01-15", 3000001), "rules.date-out-of-range");
  });

  test("the business day on or after / before keeps a business day", () => {
    const call = (fn, date) => show(evaluate(["call", fn, [["date", date]]]));
    assert.strictEqual(call("business_day_on_or_before", "2026-01-04"), "2026-01-02");
    assert.strictEqual(call("business_day_on_or_after", "2026-01-04"), "2026-01-05");
    assert.strictEqual(call("business_day_on_or_after", "2026-01-05"), "2026-01-05");
    assert.strictEqual(call("business_day_on_or_after", "9999-12-31"), "9999-12-31");
    // The deprecated names, which older rules data may hold, mean the same.
    assert.strictEqual(call("previous_business_day", "2026-01-04"), "2026-01-02");
    assert.strictEqual(call("next_business_day", "2026-01-04"), "2026-01-05");
  });

  test("a holiday calendar skips holidays and refuses years it does not cover", () => {
    const calendar = sampleData().calendar;
    const run = (expr) => show(evaluate(expr, { calendar }));
    assert.strictEqual(run(["call", "next_business_day", [["date", "2026-05-03"]]]), "2026-05-07");
    assert.strictEqual(run(["call", "next_business_day", [["date", "2025-12-31"]]]), "2025-12-31");
    assert.strictEqual(run(["bin", "+", ["date", "2025-12-31"], ["dur", "1", "businessDay"]]), "2026-01-05");
    assert.strictEqual(run(["bin", "-", ["date", "2026-01-13"], ["dur", "1", "businessDay"]]), "2026-01-09");
    throwsId(() => run(["bin", "+", ["date", "2027-12-30"], ["dur", "2", "businessDay"]]), "calendar.out-of-range");
    throwsId(() => run(["call", "next_business_day", [["date", "2028-01-01"]]]), "calendar.out-of-range");
    throwsId(() => run(["bin", "+", ["date", "2024-12-31"], ["dur", "0", "businessDay"]]), "calendar.out-of-range");
    assert.strictEqual(show(evaluate(["bin", "+", ["date", "2024-12-31"], ["dur", "0", "day"]], { calendar })), "2024-12-31");
  });
});

describe("environments", () => {
  const guide = Rules.load(sampleData());
  const env = guide.environment(
    {
      expiry: guide.parseFact("expiry", "2026-03-31"),
      target_service: guide.parseFact("target_service", "cdn"),
      users: guide.parseFact("users", "-1500"),
    },
    "2026-01-15",
  );

  test("computes facts and rules", () => {
    const values = ["expiry", "target_service", "users", "renew", "note", "notice", "reply_by", "days_left", "is_cdn", "far"];
    assert.deepStrictEqual(values.map((name) => show(env.value(name))), [
      "2026-03-31", "cdn (CDN)", "-1500", "false", '"café"', "2026-02-28", "2026-03-06", "75", "true", "2028-03-31",
    ]);
    assert.strictEqual(show(env.value("today")), "2026-01-15");
  });

  test("remembers and rethrows errors", () => {
    throwsId(() => env.value("broken"), "rules.invalid-rule");
    throwsId(() => env.value("loop_a"), "rules.cycle");
    throwsId(() => env.value("loop_b"), "rules.cycle");
    throwsId(() => env.value("far_business"), "calendar.out-of-range");
    throwsId(() => env.value("nope"), "rules.unknown-name");
  });

  test("evaluates and stamps the directives' expressions", () => {
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4, 6, 8].map((index) => show(env.evaluate(index))),
      ["2026-02-28", "-1500", "cdn (CDN)", "[2026-03-31, 2026-02-28]", "2026-05-07", "false", "2 business days"],
    );
    throwsId(() => env.evaluate(5), "rules.overflow");
    throwsId(() => env.evaluate(7), "rules.unknown-name");
    assert.deepStrictEqual([0, 1, 2, 3, 4, 5].map((index) => env.stamp(index)), [
      "2026年2月28日(土)", "令和8年2月28日", "-1,500", "CDN", "2026年3月31日(火)、2026年2月28日(土)", "5月7日",
    ]);
    throwsId(() => env.stamp(6), "stamp.not-stampable");
    throwsId(() => env.stamp(7), "stamp.format-on-non-date");
    throwsId(() => env.stamp(8), "stamp.unknown-format");
    throwsId(() => env.stamp(9), "stamp.not-stampable");
  });

  test("a missing fact without default fails, and so does everything using it", () => {
    const bare = guide.environment({}, "2019-05-01");
    throwsId(() => bare.value("expiry"), "scenario.missing-fact");
    throwsId(() => bare.value("notice"), "scenario.missing-fact");
    throwsId(() => bare.stamp(0), "scenario.missing-fact");
    assert.strictEqual(show(bare.value("target_service")), "other (その他)");
    assert.strictEqual(bare.stamp(3), "その他");
    assert.strictEqual(show(bare.value("is_cdn")), "false");
  });

  test("a string default that is no key of the choice stays a string", () => {
    const data = sampleData();
    data.facts.target_service.default = ["str", "elsewhere"];
    const value = Rules.load(data).environment({}, "2026-01-15").value("target_service");
    assert.deepStrictEqual(value, { t: "string", v: "elsewhere" });
  });

  test("a default may use other facts, rules and today", () => {
    const data = sampleData();
    data.facts.expiry.default = ["bin", "+", ["name", "today"], ["dur", "1", "month"]];
    const bare = Rules.load(data).environment({}, "2026-01-31");
    assert.strictEqual(show(bare.value("expiry")), "2026-02-28");
    assert.strictEqual(show(bare.value("notice")), "2026-01-28");
  });
});

describe("stamping", () => {
  const stamp = (value, language = "ja", format = null) =>
    Rules.load(sampleData({ language })).stampValue(value, format);

  test("ints are grouped by thousands", () => {
    const cases = [[1500n, "1,500"], [-1500n, "-1,500"], [0n, "0"], [999n, "999"], [1000000n, "1,000,000"],
      [-100000n, "-100,000"], [-9223372036854775808n, "-9,223,372,036,854,775,808"]];
    for (const [n, text] of cases) assert.strictEqual(stamp({ t: "int", v: n }), text);
  });

  test("strings, choices and lists", () => {
    assert.strictEqual(stamp({ t: "string", v: "a*b|c" }), "a*b|c");
    assert.strictEqual(stamp({ t: "choice", fact: "f", key: "other", label: "その他(お客様管理のサーバなど)" }), "その他(お客様管理のサーバなど)");
    const list = { t: "list", v: [{ t: "int", v: 1n }, { t: "string", v: "x" }] };
    assert.strictEqual(stamp(list, "ja"), "1、x");
    assert.strictEqual(stamp(list, "en"), "1, x");
    assert.strictEqual(stamp({ t: "list", v: [] }), "");
  });

  test("dates use the default, a named or a given pattern", () => {
    const date = { t: "date", v: parseDate("2026-01-31") };
    assert.strictEqual(stamp(date), "2026年1月31日(土)");
    assert.strictEqual(stamp(date, "ja", { named: "era" }), "令和8年1月31日");
    assert.strictEqual(stamp(date, "ja", { named: "iso" }), "2026-01-31");
    assert.strictEqual(stamp(date, "ja", { pattern: "M月d日" }), "1月31日");
    const data = sampleData({ language: "en", formats: {} });
    assert.strictEqual(Rules.load(data).stampValue(date), "January 31, 2026");
  });

  test("a regional language tag stamps as its language (LanguageTag)", () => {
    const date = { t: "date", v: parseDate("2026-05-07") };
    const list = { t: "list", v: [{ t: "int", v: 1n }, { t: "string", v: "x" }] };
    for (const [tag, isJapanese] of [["ja", true], ["ja-JP", true], ["JA", true], ["Ja-jp", true], ["jav", false],
      ["jam-JM", false], ["en", false], ["en-US", false], ["en-GB", false]]) {
      assert.strictEqual(Rules.isJapanese(tag), isJapanese, tag);
    }
    for (const tag of ["ja-JP", "JA"]) {
      const guide = Rules.load(sampleData({ language: tag, formats: {} }));
      assert.strictEqual(guide.stampValue(date), "2026年5月7日(木)", tag);
      assert.strictEqual(guide.stampValue(date, { pattern: "GGGGy年M月d日" }), "令和8年5月7日", tag);
      assert.strictEqual(guide.stampValue(list), "1、x", tag);
    }
    for (const tag of ["en-US", "en-GB"]) {
      const guide = Rules.load(sampleData({ language: tag, formats: {} }));
      assert.strictEqual(guide.stampValue(date), "May 7, 2026", tag);
      assert.strictEqual(guide.stampValue(date, { pattern: "G y EEEE" }), "AD 2026 Thursday", tag);
      assert.strictEqual(guide.stampValue(list), "1, x", tag);
    }
  });

  test("errors", () => {
    throwsId(() => stamp({ t: "bool", v: true }), "stamp.not-stampable");
    throwsId(() => stamp({ t: "bool", v: true }, "ja", { named: "era" }), "stamp.not-stampable");
    throwsId(() => stamp({ t: "duration", n: 1n, u: "day" }), "stamp.not-stampable");
    throwsId(() => stamp({ t: "int", v: 3n }, "ja", { named: "era" }), "stamp.format-on-non-date");
    throwsId(() => stamp({ t: "list", v: [] }, "ja", { pattern: "y" }), "stamp.format-on-non-date");
    throwsId(() => stamp({ t: "date", v: 0 }, "ja", { named: "eraa" }), "stamp.unknown-format");
    throwsId(() => stamp({ t: "list", v: [{ t: "int", v: 1n }, { t: "bool", v: false }] }), "stamp.not-stampable");
  });
});

describe("date patterns", () => {
  const format = Rules.formatDate;

  // Each row: language, pattern, then [date, text] pairs from Foundation's DateFormatter.
  const rows = [
    ["en", "M MM MMM MMMM MMMMM MMMMMM", ["2026-01-05", "1 01 Jan January J 000001"], ["2026-09-30", "9 09 Sep September S 000009"]],
    ["en", "L LL LLL LLLL LLLLL LLLLLL", ["2026-05-03", "5 05 May May M 000005"]],
    ["en", "d dd ddd dddd", ["2026-01-05", "5 05 005 0005"], ["2026-09-30", "30 30 030 0030"]],
    ["en", "E EE EEE EEEE EEEEE EEEEEE EEEEEEE", ["2026-01-05", "Mon Mon Mon Monday M Mo Mon"],
      ["2026-05-03", "Sun Sun Sun Sunday S Su Sun"]],
    ["en", "G GG GGG GGGG GGGGG GGGGGG", ["2026-01-05", "AD AD AD Anno Domini A AD"]],
    ["en", "y yy yyy yyyy yyyyy yyyyyy", ["2026-01-05", "2026 26 2026 2026 02026 002026"],
      ["0001-01-01", "1 01 001 0001 00001 000001"], ["1000-01-01", "1000 00 1000 1000 01000 001000"]],
    ["en", "yyyyyyyyyyyyyyyyyyyy ddddddddddddddddddddd", ["2026-01-05", "0000002026 0000000005"]],
    ["en", "MMMM d, y", ["2026-01-31", "January 31, 2026"]],
    ["ja", "M MM MMM MMMM MMMMM MMMMMM", ["2026-01-05", "1 01 1月 1月 1 000001"], ["2026-12-05", "12 12 12月 12月 12 000012"]],
    ["ja", "L LL LLL LLLL LLLLL", ["2026-09-30", "9 09 9月 9月 9"]],
    ["ja", "E EE EEE EEEE EEEEE EEEEEE", ["2026-01-05", "月 月 月 月曜日 月 月"], ["2026-05-03", "日 日 日 日曜日 日 日"]],
    ["ja", "y yy yyy yyyy yyyyy 年", ["2026-01-05", "2026 26 2026 2026 02026 年"]],
    ["ja", "y年M月d日(E)", ["2026-01-31", "2026年1月31日(土)"], ["2026-02-15", "2026年2月15日(日)"], ["2026-02-02", "2026年2月2日(月)"]],
    // Proleptic Gregorian before 1582-10-15 too (ICU would switch to the Julian calendar).
    ["ja", "y年M月d日(E)", ["1582-10-14", "1582年10月14日(木)"], ["0001-01-01", "1年1月1日(月)"],
      ["1582-10-04", "1582年10月4日(月)"]],
    ["en", "G y-MM-dd E", ["1582-10-15", "AD 1582-10-15 Fri"], ["1582-10-14", "AD 1582-10-14 Thu"],
      ["0200-02-28", "AD 200-02-28 Fri"], ["0200-03-01", "AD 200-03-01 Sat"], ["0004-02-29", "AD 4-02-29 Sun"]],
    // Quotes: '' is an apostrophe, inside quotes too; an unclosed quote runs to the end.
    ["en", "'it''s' y", ["2026-01-05", "it's 2026"]],
    ["en", "'a''b'''", ["2026-01-05", "a'b'"]],
    ["en", "y''d", ["2026-01-05", "2026'5"]],
    ["en", "y'abc", ["2026-01-05", "2026abc"]],
    ["en", "'", ["2026-01-05", ""]],
  ];
  for (const [language, pattern, ...pairs] of rows) {
    test(`${language} ${pattern}`, () => {
      for (const [date, text] of pairs) assert.strictEqual(format(date, pattern, language), text, date);
    });
  }

  test("the Japanese eras change on the days ICU changes them", () => {
    const cases = [
      ["2019-05-01", "令和元年5月1日"], ["2019-04-30", "平成31年4月30日"], ["1989-01-08", "平成元年1月8日"],
      ["1989-01-07", "昭和64年1月7日"], ["1926-12-25", "昭和元年12月25日"], ["1926-12-24", "大正15年12月24日"],
      ["1912-07-30", "大正元年7月30日"], ["1912-07-29", "明治45年7月29日"], ["1873-01-01", "明治6年1月1日"],
      ["2026-01-31", "令和8年1月31日"], ["2029-01-01", "令和11年1月1日"], ["9999-12-31", "令和7981年12月31日"],
    ];
    for (const [date, text] of cases) assert.strictEqual(format(date, "GGGGy年M月d日", "ja"), text, date);
    throwsId(() => format("1872-12-31", "GGGGy年M月d日", "ja"), "stamp.era-out-of-range");
    throwsId(() => format("1868-09-08", "''G''y", "ja"), "stamp.era-out-of-range");
    assert.strictEqual(format("1872-12-31", "G y", "en"), "AD 1872");
  });

  test("every width of the Japanese era and year", () => {
    const rows = [
      ["G GG GGG GGGG GGGGG GGGGGG", "2026-01-05", "令和 令和 令和 令和 R 令和"],
      ["GGGGG", "1873-01-01", "M"], ["GGGGG", "1912-07-30", "T"], ["GGGGG", "1926-12-25", "S"],
      ["GGGGG", "1989-01-08", "H"], ["GGGGG", "2019-05-01", "R"],
      ["Gy Gyy Gyyy Gyyyy Gyyyyy", "2029-05-01", "令和11 令和11 令和011 令和0011 令和00011"],
      ["Gyy", "2118-05-01", "令和00"],
      ["Gy", "2019-05-01", "令和1"],
      // With 年 anywhere in the pattern ICU writes the year as 元 or plain digits, whatever the width.
      ["Gyy年 Gyyyy年", "2019-05-01", "令和元年 令和元年"],
      ["Gyyyy年", "2118-05-01", "令和100年"],
      ["Gy 年", "2019-05-01", "令和元 年"],
      ["Gy'年'", "2019-05-01", "令和元年"],
      ["y年G", "2019-05-01", "元年令和"],
      ["GGGGGy年M月d日", "2019-05-01", "R元年5月1日"],
      ["GGGGGy/M/d", "2019-05-01", "R1/5/1"],
      ["GMMMM EEEE", "2019-05-01", "令和5月 水曜日"],
      // '' is an apostrophe, so the G between them is a field: the era.
      ["''G''y年", "2026-01-31", "'令和'8年"],
      ["'it''s' G y年", "2019-05-01", "it's 令和 元年"],
      // DateStamper turns any 1 before 年 after a non-number into 元.
      ["G1年", "2026-01-31", "令和元年"],
      ["Gd年", "2026-02-01", "令和元年"],
      ["G11年", "2026-01-31", "令和11年"],
      ["G一1年", "2026-01-31", "令和一1年"],
      ["G京1年", "2026-01-31", "令和京1年"],
    ];
    for (const [pattern, date, text] of rows) assert.strictEqual(format(date, pattern, "ja"), text, pattern);
  });

  test("a G in quotes is literal text and keeps the Gregorian calendar", () => {
    // As DateStamper writes them; before 1873 too, since no era is written.
    const rows = [
      ["y年M月d日'(GW明け)'", "2026-05-07", "2026年5月7日(GW明け)"],
      ["y年M月d日'(GW明け)'", "1800-05-07", "1800年5月7日(GW明け)"],
      ["'G' y年", "2026-01-31", "G 2026年"],
      ["'G'y", "1868-09-08", "G1868"],
      ["'it''s G' y年", "2019-05-01", "it's G 2019年"],
      ["'GW''s end' M/d", "2026-05-07", "GW's end 5/7"],
      ["y年'G", "2026-01-31", "2026年G"],
      ["'G\u0301'y年", "2026-01-31", "G\u03012026年"],
    ];
    for (const [pattern, date, text] of rows) assert.strictEqual(format(date, pattern, "ja"), text, pattern);
  });

  test("unsupported letters are refused rather than guessed", () => {
    for (const pattern of ["h:mm", "yyyy-MM-dd HH", "YYYY", "D", "MMM d 'at' h", "Q", "w"]) {
      throwsId(() => format("2026-01-31", pattern, "en"), "stamp.unsupported-pattern");
    }
    throwsId(() => format("2026-01-31", "G\u0301y年", "ja"), "stamp.unsupported-pattern");
    throwsId(() => format("2026-01-31", "Gy年G\u0301", "ja"), "stamp.unsupported-pattern");
    assert.strictEqual(format("2026-01-31", "'h:mm' y", "en"), "h:mm 2026");
    assert.strictEqual(format("2026-01-31", "y年", "ja"), "2026年");
  });

  test("firstYearAsGannen", () => {
    assert.strictEqual(Rules.firstYearAsGannen("令和1年5月1日"), "令和元年5月1日");
    assert.strictEqual(Rules.firstYearAsGannen("令和11年1月1日"), "令和11年1月1日");
    assert.strictEqual(Rules.firstYearAsGannen("1年"), "1年");
    assert.strictEqual(Rules.firstYearAsGannen("和1\u0301年"), "和1\u0301年");
  });
});

describe("todayIn", () => {
  const now = new Date("2026-01-14T15:30:00Z");

  test("gives the date of the instant in the zone", () => {
    assert.strictEqual(Rules.todayIn("Asia/Tokyo", now), "2026-01-15");
    assert.strictEqual(Rules.todayIn("UTC", now), "2026-01-14");
    assert.strictEqual(Rules.todayIn("America/Los_Angeles", now), "2026-01-14");
    assert.strictEqual(Rules.todayIn("Pacific/Kiritimati", new Date("2026-01-14T09:59:59Z")), "2026-01-14");
    assert.strictEqual(Rules.todayIn("Pacific/Kiritimati", new Date("2026-01-14T10:00:00Z")), "2026-01-15");
  });

  test("falls back to UTC for an unknown zone", () => {
    assert.strictEqual(Rules.todayIn("Nowhere/Atlantis", now), "2026-01-14");
    assert.match(Rules.todayIn("UTC"), /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("the differential command", () => {
  const os = require("node:os");
  const { spawnSync } = require("node:child_process");
  const COMMAND = path.join(__dirname, "differential.js");

  function run(file, ...extra) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitegen-differential-"));
    const casesPath = path.join(dir, "cases.json");
    fs.writeFileSync(casesPath, JSON.stringify(file));
    const args = [COMMAND, casesPath];
    for (const [name, text] of extra) {
      fs.writeFileSync(path.join(dir, name), text);
      args.push("--lib", path.join(dir, name));
    }
    const result = spawnSync(process.execPath, args, { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    return result;
  }

  const file = {
    rules: sampleData(),
    cases: [{
      facts: { expiry: "2026-03-31", users: "1,500" },
      today: "2026-01-15",
      expect: {
        invalid: ["users"],
        values: { notice: { ok: "2026-02-28" }, users: { ok: "1500" }, broken: { error: "rules.invalid-rule" } },
        expressions: [{ ok: "2026-02-28" }],
        stamps: [{ ok: "2026年2月28日(土)" }, { ok: "令和8年2月28日" }],
      },
    }],
    formats: [{ language: "ja", pattern: "GGGGy年M月d日", dates: ["2019-05-01", "1872-12-31"],
      expect: [{ ok: "令和元年5月1日" }, { error: "stamp.era-out-of-range" }] }],
  };

  test("passes when every expectation holds", () => {
    const result = run(file);
    assert.strictEqual(result.stdout, "2 passed, 0 failed\n");
    assert.strictEqual(result.status, 0);
  });

  test("fails and shows the mismatch when the library is broken", () => {
    const source = fs.readFileSync(LIBRARY, "utf8");
    const broken = source.replace("Math.min(day, daysInMonth(", "Math.max(day, daysInMonth(");
    assert.notStrictEqual(broken, source);
    const result = run(file, ["broken.js", broken]);
    assert.strictEqual(result.status, 1);
    assert.match(result.stdout, /case 0: values\.notice\n  expected \{"ok":"2026-02-28"\}\n  got      \{"ok":"2026-03-03"\}/);
    assert.match(result.stdout, /\n1 passed, 1 failed\n$/);
  });

  test("fails when there is nothing to compare", () => {
    const result = run({ rules: sampleData(), cases: [] });
    assert.strictEqual(result.stdout, "0 passed, 0 failed\n");
    assert.strictEqual(result.status, 1);
  });
});

describe("the case walk", () => {
  // ok: kind == "dedicated" or byo; one conditional `{% if ok and expiry > 2026-01-01 %}`.
  const data = {
    version: 1, language: "ja", timeZone: "Asia/Tokyo", formats: { default: "y年M月d日(E)" }, calendar: null,
    facts: {
      kind: { type: "choice", choices: [["shared", "共用"], ["dedicated", "専用"]] },
      byo: { type: "bool" },
      expiry: { type: "date" },
    },
    factOrder: ["kind", "byo", "expiry"],
    rules: { ok: ["bin", "or", ["bin", "==", ["name", "kind"], ["str", "dedicated"]], ["name", "byo"]] },
    ruleOrder: ["ok"],
    expressions: [["bin", "and", ["name", "ok"], ["bin", ">", ["name", "expiry"], ["date", "2026-01-01"]]]],
    stamps: [],
    tree: [[[0, []], [null, []]]],
  };
  const guide = Rules.load(data);
  function walk(answers) {
    const given = {};
    for (const [name, text] of Object.entries(answers)) given[name] = guide.parseFact(name, text);
    const result = guide.walk(guide.environment(given, "2026-01-15"));
    return { needed: Object.keys(result.needed).sort(), asked: Object.keys(result.asked).sort(), decisions: result.decisions };
  }

  test("asks one fact at a time, the one the evaluation stopped at", () => {
    assert.deepStrictEqual(walk({}), { needed: ["kind"], asked: [], decisions: [] });
    assert.deepStrictEqual(walk({ kind: "shared" }), { needed: ["byo"], asked: ["kind"], decisions: [] });
  });

  test("never asks what a short-circuit skips", () => {
    // A dedicated server makes `ok` true without reading byo: byo is neither needed nor asked.
    assert.deepStrictEqual(walk({ kind: "dedicated" }), { needed: ["expiry"], asked: ["kind"], decisions: [] });
    assert.deepStrictEqual(walk({ kind: "dedicated", expiry: "2026-02-01" }),
      { needed: [], asked: ["expiry", "kind"], decisions: [[0, 1]] });
    // An answer given to a question that no longer applies is not asked either.
    assert.deepStrictEqual(walk({ kind: "dedicated", byo: "false", expiry: "2025-12-01" }),
      { needed: [], asked: ["expiry", "kind"], decisions: [[0, 0]] });
  });

  test("an error keeps the answers it read asked, so the reader can change them", () => {
    // `{% if due > today %}` with due = expiry + 1 business day, over a calendar of 2025–2027.
    const failing = Rules.load({
      ...data,
      calendar: { name: "jp", years: [2025, 2027], holidays: [] },
      rules: { due: ["bin", "+", ["name", "expiry"], ["dur", "1", "businessDay"]] },
      ruleOrder: ["due"],
      expressions: [["bin", ">", ["name", "due"], ["name", "today"]]],
    });
    const result = failing.walk(failing.environment({ expiry: failing.parseFact("expiry", "2030-05-01") }, "2026-01-15"));
    assert.strictEqual(result.failure && result.failure.id, "calendar.out-of-range");
    assert.deepStrictEqual(Object.keys(result.asked), ["expiry"]);
    assert.deepStrictEqual(result.decisions, []);
  });
});

describe("errors told to readers", () => {
  const words = (name, values) => ({
    "error-calendar": `営業日は${values.first}年から${values.last}年まで`,
    "error-date-range": "範囲外",
  })[name] || "";
  const noWords = () => "";

  test("business days past the calendar's years: the page's sentence, with those years", () => {
    const guide = Rules.load(sampleData());
    // far_business counts 600 business days from the expiry, past 2027, the last year covered.
    const env = guide.environment({ expiry: guide.parseFact("expiry", "2026-03-31") }, "2026-01-15");
    let error = null;
    try { env.value("far_business"); } catch (e) { error = e; }
    assert.ok(error instanceof Rules.RulesError && error.id === "calendar.out-of-range", String(error));
    assert.strictEqual(guide.readerError(error, words), "営業日は2025年から2027年まで");
    // A page without the sentence: the rules' own message.
    assert.strictEqual(guide.readerError(error, noWords), error.message);
  });

  test("a date past the year 9999: the page's sentence", () => {
    const guide = Rules.load(sampleData({ calendar: null }));
    const env = guide.environment({ expiry: guide.parseFact("expiry", "9998-12-31") }, "2026-01-15");
    let error = null;
    try { env.value("far"); } catch (e) { error = e; }
    assert.ok(error instanceof Rules.RulesError && error.id === "rules.date-out-of-range", String(error));
    assert.strictEqual(guide.readerError(error, words), "範囲外");
  });

  test("any other error keeps the rules' message", () => {
    const guide = Rules.load(sampleData());
    const env = guide.environment({}, "2026-01-15");
    let error = null;
    try { env.value("notice"); } catch (e) { error = e; }
    assert.ok(error instanceof Rules.RulesError && error.id === "scenario.missing-fact", String(error));
    assert.strictEqual(guide.readerError(error, words), error.message);
  });
});
