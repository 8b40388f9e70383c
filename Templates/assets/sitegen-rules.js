// sitegen-rules.js: the rules-language evaluator and date stamper of sitegen, in plain
// JavaScript, so that a page can recompute its dates and values from a reader's own facts.
// It mirrors Sources/Rules (CivilDate, HolidayCalendar, Value, Evaluator, Environment,
// DateStamper) and must give byte for byte the text the site generator writes; when the two
// disagree, the Swift code is right and this file is wrong.
//
// A classic script (no modules, no eval) so that it runs from file:// pages and under a strict
// Content-Security-Policy; it defines the single global SitegenRules.
var SitegenRules = (function () {
  "use strict";

  // --- Errors -------------------------------------------------------------------------------

  // Carries the Swift diagnostic id, so that a page can show the same message as the build.
  // An Error by inheritance, but made without Error's constructor: these are expected outcomes
  // (a reader's date beyond the holiday calendar), thrown by the thousand, and capturing a stack
  // trace for each would cost more than the evaluation itself.
  function RulesError(id, message) {
    this.id = id;
    this.message = message;
  }
  RulesError.prototype = Object.create(Error.prototype, {
    constructor: { value: RulesError, writable: true, configurable: true },
    name: { value: "RulesError", writable: true, configurable: true },
  });

  function fail(id, message) {
    throw new RulesError(id, message);
  }

  // --- Civil dates: days since 1970-01-01, proleptic Gregorian (CivilDate.swift) -------------

  // Swift's `/` truncates towards zero; Hinnant's algorithms below rely on it.
  function div(a, b) {
    return Math.trunc(a / b);
  }

  function isLeapYear(y) {
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  }

  function daysInMonth(y, m) {
    return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  }

  // Howard Hinnant's days_from_civil.
  function fromCivil(year, month, day) {
    var y = month <= 2 ? year - 1 : year;
    var era = div(y >= 0 ? y : y - 399, 400);
    var yoe = y - era * 400;
    var doy = div(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1;
    var doe = yoe * 365 + div(yoe, 4) - div(yoe, 100) + doy;
    return era * 146097 + doe - 719468;
  }

  // Howard Hinnant's civil_from_days: [year, month, day].
  function civil(days) {
    var z = days + 719468;
    var era = div(z >= 0 ? z : z - 146096, 146097);
    var doe = z - era * 146097;
    var yoe = div(doe - div(doe, 1460) + div(doe, 36524) - div(doe, 146096), 365);
    var doy = doe - (365 * yoe + div(yoe, 4) - div(yoe, 100));
    var mp = div(5 * doy + 2, 153);
    var d = doy - div(153 * mp + 2, 5) + 1;
    var m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
  }

  var FIRST_DAY = fromCivil(1, 1, 1);
  var LAST_DAY = fromCivil(9999, 12, 31);

  // Exactly YYYY-MM-DD in ASCII digits, a real day of the years 1-9999; else null.
  function parseDate(text) {
    var m = typeof text === "string" && /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    return fromCivil(y, mo, d);
  }

  function pad(value, width) {
    var digits = String(Math.abs(value));
    while (digits.length < width) digits = "0" + digits;
    return (value < 0 ? "-" : "") + digits;
  }

  function isoDate(days) {
    var c = civil(days);
    return pad(c[0], 4) + "-" + pad(c[1], 2) + "-" + pad(c[2], 2);
  }

  function addDays(days, n) {
    return days + n;
  }

  // Same day of the month, clamped to the target month's end: 03-31 minus a month is 02-28.
  function addMonths(days, n) {
    var c = civil(days), day = c[2];
    var index = c[0] * 12 + (c[1] - 1) + n;
    var y = index >= 0 ? div(index, 12) : div(index - 11, 12);
    var m = index - y * 12 + 1;
    return fromCivil(y, m, Math.min(day, daysInMonth(y, m)));
  }

  function addYears(days, n) {
    return addMonths(days, n * 12);
  }

  function endOfMonth(days) {
    var c = civil(days);
    return fromCivil(c[0], c[1], daysInMonth(c[0], c[1]));
  }

  // ISO weekday: 1 is Monday, 7 is Sunday (1970-01-01 was a Thursday).
  function weekday(days) {
    return ((((days % 7) + 7) % 7) + 3) % 7 + 1;
  }

  // --- Holiday calendar (HolidayCalendar.swift) ---------------------------------------------

  function makeCalendar(spec) {
    if (!spec) return { name: "weekends", holidays: new Set(), years: null };
    return {
      name: spec.name,
      holidays: new Set((spec.holidays || []).map(literalDate)),
      years: spec.years ? [spec.years[0], spec.years[1]] : null,
    };
  }

  function isBusinessDay(cal, days) {
    return weekday(days) <= 5 && !cal.holidays.has(days);
  }

  // Outside the covered years the holidays are unknown, so the answer would be a guess.
  function checkCovered(cal, days) {
    if (!cal.years) return;
    var y = civil(days)[0], lo = cal.years[0], hi = cal.years[1];
    if (y < lo || y > hi) {
      fail("calendar.out-of-range", "business-day arithmetic reached " + isoDate(days) +
        ", outside the years holiday calendar '" + cal.name + "' covers (" + (lo === hi ? lo : lo + "–" + hi) + ")");
    }
  }

  function addBusinessDays(cal, count, days) {
    checkCovered(cal, days);
    var step = count < 0 ? -1 : 1, remaining = Math.abs(count), current = days;
    if (!cal.years) {
      // Whole weeks first, exactly as the Swift code does, so a huge count cannot loop for ever.
      var weeks = Math.max(div(remaining, 5) - 1, 0);
      current += weeks * 7 * step;
      remaining -= weeks * 5;
    }
    while (remaining > 0) {
      current += step;
      checkCovered(cal, current);
      if (isBusinessDay(cal, current)) remaining -= 1;
    }
    return current;
  }

  // `days` itself when it is a business day, else the nearest one in direction `step`.
  function scanBusinessDay(cal, days, step) {
    checkCovered(cal, days);
    while (!isBusinessDay(cal, days)) {
      days += step;
      checkCovered(cal, days);
    }
    return days;
  }

  // --- Values (Value.swift) -----------------------------------------------------------------

  var INT_MIN = -(2n ** 63n), INT_MAX = 2n ** 63n - 1n;

  function B(v) {
    return { t: "bool", v: v };
  }
  function D(days) {
    return { t: "date", v: days };
  }

  // Swift compares strings by canonical equivalence, and orders them by the Unicode scalars of
  // their NFC forms; JavaScript's own `<` would compare UTF-16 units instead.
  function sameText(a, b) {
    return a === b || a.normalize("NFC") === b.normalize("NFC");
  }

  function compareText(a, b) {
    var x = Array.from(a.normalize("NFC"), cp), y = Array.from(b.normalize("NFC"), cp);
    for (var i = 0; i < x.length && i < y.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
  }

  function cp(ch) {
    return ch.codePointAt(0);
  }

  // The Swift type names, for messages only.
  function typeName(v) {
    if (v.t === "choice") return "choice of " + v.fact;
    if (v.t === "list") return v.v.length ? "list of " + typeName(v.v[0]) : "empty list";
    return v.t;
  }

  function unitWord(n, unit) {
    var base = unit === "businessDay" ? "business day" : unit;
    return n === 1n || n === -1n ? base : base + "s";
  }

  // Value.description: how `sitegen explain` shows a value.
  function describe(v) {
    switch (v.t) {
      case "bool": return String(v.v);
      case "int": return v.v.toString();
      case "string": return '"' + v.v + '"';
      case "date": return isoDate(v.v);
      case "duration": return v.n.toString() + " " + unitWord(v.n, v.u);
      case "choice": return v.key + " (" + v.label + ")";
      case "list": return "[" + v.v.map(describe).join(", ") + "]";
    }
    throw new Error("not a value");
  }

  // The text a scenario file would give for the value.
  function keyOf(v) {
    switch (v.t) {
      case "choice": return v.key;
      case "string": return v.v;
      case "date": return isoDate(v.v);
      case "bool": case "int": return String(v.v);
    }
    return describe(v);
  }

  // Value.matches: `==` as the language sees it; a choice equals a string that is its key.
  function matches(a, b) {
    if (a.t === "choice" && b.t === "string") return sameText(a.key, b.v);
    if (a.t === "string" && b.t === "choice") return sameText(a.v, b.key);
    if (a.t === "choice" && b.t === "choice") return sameText(a.fact, b.fact) && sameText(a.key, b.key);
    if (a.t === "list" && b.t === "list") {
      return a.v.length === b.v.length && a.v.every(function (x, i) { return matches(x, b.v[i]); });
    }
    if (a.t !== b.t) return false;
    if (a.t === "string") return sameText(a.v, b.v);
    if (a.t === "duration") return a.n === b.n && a.u === b.u;
    return a.v === b.v;
  }

  // --- Evaluator (Evaluator.swift) ------------------------------------------------------------

  // About ten thousand years per unit, so that date arithmetic can neither overflow nor loop.
  var LIMITS = { day: 4000000n, week: 600000n, month: 120000n, year: 10000n, businessDay: 3000000n };

  function literalDate(text) {
    var days = parseDate(text);
    if (days === null) throw new Error("bad date in rules data: " + text);
    return days;
  }

  function checked(days) {
    if (days < FIRST_DAY || days > LAST_DAY) fail("rules.date-out-of-range", "the result is outside the years 1–9999");
    return days;
  }

  function mismatch(message) {
    fail("rules.type-mismatch", message);
  }

  function addDuration(cal, dur, days, sign) {
    var n = dur.n < 0n ? -dur.n : dur.n;
    if (!(n <= (LIMITS[dur.u] || 0n))) fail("rules.date-out-of-range", describe(dur) + " is too long for date arithmetic");
    var amount = Number(dur.n) * sign;
    switch (dur.u) {
      case "day": return checked(days + amount);
      case "week": return checked(days + amount * 7);
      case "month": return checked(addMonths(days, amount));
      case "year": return checked(addMonths(days, amount * 12));
      case "businessDay": return checked(addBusinessDays(cal, amount, days));
    }
    throw new Error("bad unit " + dur.u);
  }

  function compare(a, b) {
    if (a.t === b.t && (a.t === "int" || a.t === "date")) return a.v < b.v ? -1 : a.v === b.v ? 0 : 1;
    if (a.t === "string" && b.t === "string") return compareText(a.v, b.v);
    mismatch("cannot compare " + typeName(a) + " with " + typeName(b));
  }

  function apply(cal, op, a, b) {
    switch (op) {
      case "==": return B(matches(a, b));
      case "!=": return B(!matches(a, b));
      case "in": case "notin":
        if (b.t !== "list") break;
        return B(b.v.some(function (x) { return matches(a, x); }) === (op === "in"));
      case "<": return B(compare(a, b) < 0);
      case "<=": return B(compare(a, b) <= 0);
      case ">": return B(compare(a, b) > 0);
      case ">=": return B(compare(a, b) >= 0);
      case "+": case "-":
        if (a.t === "int" && b.t === "int") {
          var r = op === "+" ? a.v + b.v : a.v - b.v;
          if (r < INT_MIN || r > INT_MAX) fail("rules.overflow", "the result is too large for an int");
          return { t: "int", v: r };
        }
        if (a.t === "date" && b.t === "duration") return D(addDuration(cal, b, a.v, op === "+" ? 1 : -1));
        if (op === "+" && a.t === "duration" && b.t === "date") return D(addDuration(cal, a, b.v, 1));
        if (op === "-" && a.t === "date" && b.t === "date") return { t: "int", v: BigInt(a.v - b.v) };
    }
    mismatch("cannot apply '" + (op === "notin" ? "not in" : op) + "' to " + typeName(a) + " and " + typeName(b));
  }

  function call(cal, fn, args) {
    var a = args[0], b = args[1];
    if ((fn === "min" || fn === "max") && a && b && a.t === b.t && (a.t === "int" || a.t === "date")) {
      return { t: a.t, v: (fn === "min") === (a.v <= b.v) ? a.v : b.v };
    }
    if (a && a.t === "date") {
      if (fn === "end_of_month") return D(endOfMonth(a.v));
      // The old names are what Expression.Function.deprecatedNames maps; the build writes the
      // new ones, but data written by an older build still reads.
      if (fn === "business_day_on_or_after" || fn === "next_business_day") return D(checked(scanBusinessDay(cal, a.v, 1)));
      if (fn === "business_day_on_or_before" || fn === "previous_business_day") return D(checked(scanBusinessDay(cal, a.v, -1)));
    }
    mismatch(fn + " cannot take " + args.map(typeName).join(" and "));
  }

  // `names` answers a fact, a rule or `today`, or throws.
  function evaluate(e, names, cal) {
    function bool(x) {
      var v = evaluate(x, names, cal);
      if (v.t !== "bool") mismatch("expected a bool");
      return v.v;
    }
    function each(list) {
      return list.map(function (x) { return evaluate(x, names, cal); });
    }
    switch (e[0]) {
      case "bool": return B(e[1]);
      case "int": return { t: "int", v: BigInt(e[1]) };
      case "str": return { t: "string", v: e[1] };
      case "date": return D(literalDate(e[1]));
      case "dur": return { t: "duration", n: BigInt(e[1]), u: e[2] };
      case "list": return { t: "list", v: each(e[1]) };
      case "name": return names(e[1]);
      case "not": return B(!bool(e[1]));
      case "call": return call(cal, e[1], each(e[2]));
      // Only the branch taken is evaluated, so an error in the other does not fire.
      case "if": return evaluate(bool(e[1]) ? e[2] : e[3], names, cal);
      case "attr":
        var chosen = evaluate(e[2], names, cal);
        if (chosen.t !== "choice") mismatch("'." + e[1] + "' reads a choice");
        if (e[1] === "label") return { t: "string", v: chosen.label };
        if (e[1] === "name") return { t: "string", v: chosen.name !== undefined ? chosen.name : chosen.label };
        break;
      case "bin":
        // `and` and `or` short-circuit, so `x and <something failing>` is fine when x is false.
        if (e[1] === "and") return B(bool(e[2]) && bool(e[3]));
        if (e[1] === "or") return B(bool(e[2]) || bool(e[3]));
        var left = evaluate(e[2], names, cal);
        return apply(cal, e[1], left, evaluate(e[3], names, cal));
    }
    throw new Error("bad expression in rules data: " + JSON.stringify(e));
  }

  // --- Date patterns (DateStamper.swift, as ICU formats them) -------------------------------

  var EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var JA_DAYS = "月火水木金土日";
  // The Japanese eras from Meiji 6 (1873), when Japan took the Gregorian calendar; ICU has
  // older eras too, but their dates follow a calendar ICU does not model, so they are refused.
  var ERAS = [
    [fromCivil(1868, 9, 8), "明治", "M"],
    [fromCivil(1912, 7, 30), "大正", "T"],
    [fromCivil(1926, 12, 25), "昭和", "S"],
    [fromCivil(1989, 1, 8), "平成", "H"],
    [fromCivil(2019, 5, 1), "令和", "R"],
  ];
  var MEIJI_6 = fromCivil(1873, 1, 1);
  var tokenCache = new Map();

  // Pattern syntax of ICU: 'quoted' text is literal, '' is an apostrophe (inside quotes too),
  // runs of one ASCII letter are fields, everything else is literal. Gives strings (literals)
  // and [letter, count] pairs.
  function tokenize(pattern) {
    var tokens = tokenCache.get(pattern);
    if (tokens) return tokens;
    tokens = [];
    var quoted = false, literal = "";
    for (var i = 0; i < pattern.length; i++) {
      var ch = pattern[i];
      if (ch === "'") {
        if (pattern[i + 1] === "'") { literal += "'"; i++; } else quoted = !quoted;
      } else if (!quoted && /[A-Za-z]/.test(ch)) {
        if ("GyMLdE".indexOf(ch) < 0) {
          fail("stamp.unsupported-pattern", "the date pattern letter '" + ch + "' is not supported here");
        }
        var count = 1;
        while (pattern[i + 1] === ch) { count++; i++; }
        if (literal) tokens.push(literal);
        literal = "";
        tokens.push([ch, count]);
      } else literal += ch;
    }
    if (literal) tokens.push(literal);
    tokenCache.set(pattern, tokens);
    return tokens;
  }

  var MARK_FIRST = /^[\p{M}\u200c\u200d]/u;

  // Whether a G outside quotes (an era field) has a combining mark or a joiner right after it.
  // Each ' toggles quoting, as in tokenize: '' toggles twice and leaves it as it was.
  function eraFieldWithMark(pattern) {
    var quoted = false;
    for (var i = 0; i < pattern.length; i++) {
      if (pattern[i] === "'") quoted = !quoted;
      else if (!quoted && pattern[i] === "G" && MARK_FIRST.test(pattern.slice(i + 1, i + 3))) return true;
    }
    return false;
  }

  // ICU pads numbers to the field's width, but never beyond ten digits.
  function number(value, count) {
    return pad(value, Math.min(count, 10));
  }

  // LanguageTag.isJapanese: the primary subtag of the BCP 47 tag decides, in any case (ja-JP
  // and JA are Japanese). Only ASCII letters are lowered, as site.yml allows only those there.
  function isJapanese(language) {
    return String(language).split("-")[0].replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }) === "ja";
  }

  function formatDate(date, pattern, language) {
    var days = typeof date === "number" ? date : parseDate(date);
    if (days === null || !(days >= FIRST_DAY && days <= LAST_DAY)) {
      fail("rules.date-out-of-range", "not a date of the years 1–9999: " + date);
    }
    var ja = isJapanese(language);
    var tokens = tokenize(pattern);
    // Like DateStamper: a Japanese pattern with a G field (a G outside quotes) uses the
    // imperial calendar; a quoted G is literal text.
    var imperial = ja && tokens.some(function (token) { return typeof token !== "string" && token[0] === "G"; });
    // The build refuses a G that a combining mark joins (DateStamper.patternProblem), and ICU's
    // text for it is not worth guessing: refused here too.
    if (imperial && eraFieldWithMark(pattern)) {
      fail("stamp.unsupported-pattern", "a combining mark after the date pattern letter G is not supported here");
    }
    if (imperial && days < MEIJI_6) {
      fail("stamp.era-out-of-range", "the Japanese era of " + isoDate(days) + " cannot be written");
    }
    // Proleptic Gregorian throughout, as DateStamper makes ICU write dates before 1582 too.
    var ymd = civil(days);
    var year = ymd[0], month = ymd[1], era = null;
    if (imperial) {
      for (var i = 0; i < ERAS.length; i++) if (ERAS[i][0] <= days) era = ERAS[i];
      year = year - civil(era[0])[0] + 1;
    }
    var out = "";
    tokens.forEach(function (token) {
      if (typeof token === "string") { out += token; return; }
      var n = token[1], wd = weekday(days) - 1;
      switch (token[0]) {
        case "G":
          out += era ? (n === 5 ? era[2] : era[1]) : n === 4 ? "Anno Domini" : n === 5 ? "A" : "AD";
          break;
        case "y":
          // ICU writes the imperial year with the numbering "jpanyear" (元 for 1, no padding)
          // when the pattern holds 年 anywhere.
          if (imperial && pattern.indexOf("年") >= 0) out += year === 1 ? "元" : String(year);
          else out += n === 2 ? pad(year % 100, 2) : number(year, n);
          break;
        case "M": case "L":
          if (n < 3 || n > 5) out += number(month, n);
          else if (ja) out += n === 5 ? month : month + "月";
          else out += n === 3 ? EN_MONTHS[month - 1].slice(0, 3) : n === 4 ? EN_MONTHS[month - 1] : EN_MONTHS[month - 1][0];
          break;
        case "d":
          out += number(ymd[2], n);
          break;
        case "E":
          if (ja) out += JA_DAYS[wd] + (n === 4 ? "曜日" : "");
          else out += n === 4 ? EN_DAYS[wd] : EN_DAYS[wd].slice(0, n === 5 ? 1 : n === 6 ? 2 : 3);
          break;
      }
    });
    return imperial ? firstYearAsGannen(out) : out;
  }

  // Characters Swift's Character.isNumber accepts beyond the categories Nd, Nl and No: the CJK
  // ideographs that have a numeric value.
  var OTHER_NUMERIC = new Set(Array.from(
    "\u3405\u3483\u382a\u3b4d\u4e00\u4e03\u4e07\u4e09\u4e24\u4e5d\u4e8c\u4e94\u4e96\u4eac\u4ebf\u4ec0" +
    "\u4edf\u4ee8\u4f0d\u4f70\u4fe9\u5006\u5104\u5146\u5169\u516b\u516d\u5341\u5343\u5344\u5345\u534c" +
    "\u53c1\u53c2\u53c3\u53c4\u56db\u58f1\u58f9\u5e7a\u5efe\u5eff\u5f0c\u5f0d\u5f0e\u5f10\u62d0\u62fe" +
    "\u634c\u67d2\u6d1e\u6f06\u7396\u767e\u7695\u79ed\u8086\u842c\u8cae\u8cb3\u8d30\u920e\u94a9\u9621" +
    "\u9646\u964c\u9678\u96f6\uf96b\uf973\uf978\uf9b2\uf9d1\uf9d3\uf9fd\u{12038}\u{12039}\u{12079}" +
    "\u{12226}\u{1222b}\u{1230b}\u{1230d}\u{12399}\u{20001}\u{20064}\u{200e2}\u{20121}\u{2092a}" +
    "\u{20983}\u{2098c}\u{2099c}\u{20aea}\u{20afd}\u{20b19}\u{22390}\u{22998}\u{23b1b}\u{2626d}\u{2f890}",
    cp));

  function isNumber(cluster) {
    return /^\p{N}/u.test(cluster) || OTHER_NUMERIC.has(cp(cluster));
  }

  // Swift works on grapheme clusters (a "1" with a combining mark is not "1"). Browsers without
  // Intl.Segmenter get an approximation: a character with the marks that follow it.
  var segmenter = null;
  function graphemes(text) {
    if (typeof Intl === "object" && Intl.Segmenter) {
      segmenter = segmenter || new Intl.Segmenter();
      return Array.from(segmenter.segment(text), function (s) { return s.segment; });
    }
    return text.match(/\P{M}\p{M}*|\p{M}/gu) || [];
  }

  // DateStamper.firstYearAsGannen: a "1" before 年, after something that is not a number, is 元.
  function firstYearAsGannen(text) {
    if (text.indexOf("1年") < 0) return text;
    var chars = graphemes(text);
    return chars.map(function (ch, i) {
      return ch === "1" && chars[i + 1] === "年" && i > 0 && !isNumber(chars[i - 1]) ? "元" : ch;
    }).join("");
  }

  // --- Stamping (DateStamper.stampText) -------------------------------------------------------

  // 1500 -> "1,500", -1500 -> "-1,500".
  function grouped(n) {
    var digits = (n < 0n ? -n : n).toString();
    return (n < 0n ? "-" : "") + digits.replace(/\B(?=(\d{3})+$)/g, ",");
  }

  function defaultPattern(language) {
    return isJapanese(language) ? "y年M月d日(E)" : "MMMM d, y";
  }

  // `format`: null (the default format), {named: "era"} or {pattern: "M月d日"}.
  function stampText(guide, v, format) {
    if (format && v.t !== "date" && v.t !== "bool") {
      fail("stamp.format-on-non-date", "a date format cannot apply to " + typeName(v) + ", only to a date");
    }
    switch (v.t) {
      case "bool": return fail("stamp.not-stampable", "a bool cannot be stamped; use {% if %}");
      case "duration": return fail("stamp.not-stampable", "a duration cannot be stamped; add it to a date");
      case "int": return grouped(v.v);
      case "string": return v.v;
      case "choice": return v.label;
      case "date":
        var pattern = guide.formats.default;
        if (format && format.pattern !== undefined) pattern = format.pattern;
        else if (format) {
          if (!Object.prototype.hasOwnProperty.call(guide.formats, format.named)) {
            fail("stamp.unknown-format", "unknown date format '" + format.named + "' (formats: " +
              Object.keys(guide.formats).sort().join(", ") + ")");
          }
          pattern = guide.formats[format.named];
        }
        return formatDate(v.v, pattern, guide.language);
      case "list":
        return v.v.map(function (x) { return stampText(guide, x, null); }).join(isJapanese(guide.language) ? "、" : ", ");
    }
    throw new Error("not a value");
  }

  // --- Guides and environments (Environment.swift) --------------------------------------------

  function Guide(data) {
    var own = Object.prototype.hasOwnProperty;
    this.language = data.language;
    this.timeZone = data.timeZone;
    this.formats = Object.assign(Object.create(null), data.formats);
    if (!own.call(data.formats || {}, "default")) this.formats.default = defaultPattern(data.language);
    this.calendar = makeCalendar(data.calendar);
    this.facts = new Map(Object.keys(data.facts || {}).map(function (k) { return [k, data.facts[k]]; }));
    this.rules = new Map(Object.keys(data.rules || {}).map(function (k) { return [k, data.rules[k]]; }));
    this.factOrder = data.factOrder || [];
    this.ruleOrder = data.ruleOrder || [];
    this.expressions = data.expressions || [];
    this.stamps = data.stamps || [];
    this.tree = data.tree || null;
    this.reach = new Map();
    this.order = this.evaluationOrder();
  }

  // The names an expression mentions, without recursion.
  function namesIn(expr) {
    var found = [], stack = [expr];
    while (stack.length) {
      var e = stack.pop();
      if (!Array.isArray(e)) continue;
      if (e[0] === "name") { found.push(e[1]); continue; }
      for (var i = 1; i < e.length; i++) {
        var part = e[i];
        if (Array.isArray(part) && typeof part[0] === "string") stack.push(part);
        else if (Array.isArray(part)) for (var j = 0; j < part.length; j++) stack.push(part[j]);
      }
    }
    return found;
  }

  // Every fact and rule, each after the rules and fact defaults it reads (RulesLibrary's
  // evaluationOrder), so that computing them never recurses along a chain of rules.
  Guide.prototype.evaluationOrder = function () {
    var guide = this, order = [], seen = new Set();
    function dependencies(name) {
      var fact = guide.facts.get(name);
      if (fact) return fact["default"] ? namesIn(fact["default"]) : [];
      var rule = guide.rules.get(name);
      return rule ? namesIn(rule) : [];
    }
    this.factOrder.concat(this.ruleOrder).forEach(function (root) {
      if (seen.has(root)) return;
      seen.add(root);
      var stack = [[root, dependencies(root), 0]];
      while (stack.length) {
        var top = stack[stack.length - 1];
        if (top[2] < top[1].length) {
          var next = top[1][top[2]++];
          if (!seen.has(next) && (guide.facts.has(next) || guide.rules.has(next))) {
            seen.add(next);
            stack.push([next, dependencies(next), 0]);
          }
        } else {
          stack.pop();
          order.push(top[0]);
        }
      }
    });
    return order;
  };

  // The facts an expression reaches, through rules and the defaults of facts.
  Guide.prototype.factsOf = function (expr, into) {
    into = into || {};
    if (!Array.isArray(expr)) return into;
    if (expr[0] === "name") {
      var name = expr[1];
      var fact = this.facts.get(name);
      if (fact) {
        into[name] = true;
        if (fact["default"]) this.factsOf(fact["default"], into);
      } else if (this.rules.has(name)) {
        if (!this.reach.has(name)) {
          var reached = {};
          this.reach.set(name, reached); // set first: a cycle (an error the build reports) ends here
          this.factsOf(this.rules.get(name), reached);
        }
        Object.keys(this.reach.get(name)).forEach(function (f) { into[f] = true; });
      }
      return into;
    }
    for (var i = 1; i < expr.length; i++) {
      var part = expr[i];
      if (Array.isArray(part) && typeof part[0] === "string") this.factsOf(part, into);
      else if (Array.isArray(part)) for (var j = 0; j < part.length; j++) this.factsOf(part[j], into);
    }
    return into;
  };

  // The case of an environment: walks the guide's conditionals (data.tree) in the order the
  // build's directive expander evaluates them and gives the decisions, `[condition, 1 or 0]`,
  // exactly as a page built with these facts records them. A condition that needs a fact not
  // given leaves its conditional undecided (the walk does not go into it, and goes on after it,
  // as the expander does), and the fact its evaluation stopped at is `needed`; `asked` are the
  // facts the conditions actually read, decided or stopped (`a or b` with `a` true never reads
  // `b`'s facts), so a reader is asked only what can still change the case; `failure` is the
  // first other error, whose conditional is left the same way.
  Guide.prototype.walk = function (env) {
    var decisions = [], needed = {}, asked = {}, failure = null;
    var pending = [{ list: this.tree || [], next: 0 }];
    while (pending.length) {
      var top = pending[pending.length - 1];
      if (top.next >= top.list.length) { pending.pop(); continue; }
      var branches = top.list[top.next++];
      for (var b = 0; b < branches.length; b++) {
        var condition = branches[b][0];
        if (condition === null) { pending.push({ list: branches[b][1], next: 0 }); break; }
        var value, reads = new Set();
        try {
          value = env.evaluate(condition, reads);
        } catch (e) {
          if (!(e instanceof RulesError)) throw e;
          // What it read before it stopped was asked, and stays asked: after an error too, so
          // that the reader sees the answer that caused it and can change it.
          reads.forEach(function (f) { asked[f] = true; });
          if (e.id === "scenario.missing-fact" && e.fact) needed[e.fact] = true;
          else if (!failure) failure = e;
          break;
        }
        if (value.t !== "bool") { failure = failure || new RulesError("rules.type-mismatch", "a condition must be a bool"); break; }
        reads.forEach(function (f) { asked[f] = true; });
        decisions.push([condition, value.v ? 1 : 0]);
        if (value.v) { pending.push({ list: branches[b][1], next: 0 }); break; }
      }
    }
    return { decisions: decisions, needed: needed, asked: asked, failure: failure };
  };

  function choiceOf(fact, name, key) {
    var found = (fact.choices || []).find(function (c) { return sameText(c[0], key); });
    if (!found) return null;
    var value = { t: "choice", fact: name, key: key, label: found[1] };
    // The short name for prose, only where the choice declares one (`.name` falls back to the label).
    if (typeof found[2] === "string") value.name = found[2];
    return value;
  }

  // RulesLibrary.value(of:for:): the value a scenario's text stands for, or null.
  Guide.prototype.parseFact = function (name, text) {
    var fact = this.facts.get(name);
    if (!fact || typeof text !== "string") return null;
    switch (fact.type) {
      case "bool": return text === "true" ? B(true) : text === "false" ? B(false) : null;
      case "int":
        if (!/^[+-]?[0-9]+$/.test(text)) return null;
        var n = BigInt(text);
        return n < INT_MIN || n > INT_MAX ? null : { t: "int", v: n };
      case "string": return { t: "string", v: text };
      case "date":
        var days = parseDate(text);
        return days === null ? null : D(days);
      case "choice": return choiceOf(fact, name, text);
    }
    return null;
  };

  // What a reader is told of an error their own values caused. The rules' messages are written
  // for the site's writers, in English; the page's own sentences (`words(name, values)`, "" where
  // the page has none) say it in the reader's terms: `error-calendar` ({first}, {last}: the
  // years business days can be counted in) and `error-date-range`.
  Guide.prototype.readerError = function (error, words) {
    var text = "";
    var cal = this.calendar;
    if (error && error.id === "calendar.out-of-range" && cal && cal.years) {
      text = words("error-calendar", { first: cal.years[0], last: cal.years[1] });
    } else if (error && error.id === "rules.date-out-of-range") {
      text = words("error-date-range", {});
    }
    return text || (error && error.message) || String(error);
  };

  // The text `value` stamps as in this guide's language and formats (DateStamper.stampText).
  Guide.prototype.stampValue = function (value, format) {
    return stampText(this, value, format || null);
  };

  // Every fact, then every rule, computed once on first use and remembered as a value or an
  // error; the error of a name is thrown again wherever the name is used.
  Guide.prototype.environment = function (given, todayISO) {
    var guide = this, cal = this.calendar, today = parseDate(todayISO);
    if (today === null) throw new Error("not a date: " + todayISO);
    var results = new Map(), inProgress = new Set();
    // The facts each name's value was computed from, as its evaluation actually read them, and
    // the sets being filled by the evaluations under way.
    var readsOf = new Map(), tracking = [];
    given = given || {};

    function note(name) {
      var into = tracking[tracking.length - 1];
      var reads = readsOf.get(name);
      if (into && reads) reads.forEach(function (f) { into.add(f); });
    }

    function tracked(reads, run) {
      if (!reads) return run();
      tracking.push(reads);
      try { return run(); } finally { tracking.pop(); }
    }

    function unwrap(r) {
      if (r.error) throw r.error;
      return r.value;
    }

    function compute(name, expr) {
      // Cycles were reported when the rules loaded; refuse them here rather than recurse.
      if (inProgress.has(name)) return { error: new RulesError("rules.cycle", "'" + name + "' depends on itself") };
      inProgress.add(name);
      try {
        return { value: evaluate(expr, eager, cal) };
      } catch (e) {
        if (!(e instanceof RulesError)) throw e;
        return { error: e };
      } finally {
        inProgress.delete(name);
      }
    }

    function computeFact(name, fact) {
      if (Object.prototype.hasOwnProperty.call(given, name) && given[name] != null) return { value: given[name] };
      if (!fact.default) {
        var missing = new RulesError("scenario.missing-fact", "the scenario does not give fact '" + name + "', which has no default");
        // The picker asks for exactly this fact next.
        missing.fact = name;
        return { error: missing };
      }
      var r = compute(name, fact.default);
      // A string default of a choice fact names one of its keys.
      if (r.value && r.value.t === "string") r.value = choiceOf(fact, name, r.value.v) || r.value;
      return r;
    }

    function eager(name) {
      if (name === "today") return D(today);
      if (results.has(name)) { note(name); return unwrap(results.get(name)); }
      var r, reads = new Set();
      if (guide.facts.has(name)) {
        r = tracked(reads, function () { return computeFact(name, guide.facts.get(name)); });
        if (r.value) reads.add(name);
      } else if (guide.rules.has(name)) {
        var rule = guide.rules.get(name);
        r = rule ? tracked(reads, function () { return compute(name, rule); })
          : { error: new RulesError("rules.invalid-rule", "rule '" + name + "' has errors and has no value") };
      } else fail("rules.unknown-name", "unknown name '" + name + "'");
      results.set(name, r);
      readsOf.set(name, reads);
      note(name);
      return unwrap(r);
    }

    function frozen(name) {
      if (name === "today") return D(today);
      if (results.has(name)) { note(name); return unwrap(results.get(name)); }
      fail("rules.unknown-name", "unknown name '" + name + "'");
    }

    this.order.forEach(function (name) {
      try { eager(name); } catch (e) { if (!(e instanceof RulesError)) throw e; }
    });

    return {
      today: today,
      value: frozen,
      evaluateExpression: function (expr) { return evaluate(expr, frozen, cal); },
      // `reads`, when given, receives the facts the evaluation actually read.
      evaluate: function (index, reads) {
        return tracked(reads, function () { return evaluate(guide.expressions[index], frozen, cal); });
      },
      stamp: function (index) {
        var s = guide.stamps[index];
        return stampText(guide, evaluate(guide.expressions[s[0]], frozen, cal), s[1] || null);
      },
    };
  };

  function load(data) {
    if (!data || data.version !== 1) throw new Error("unsupported rules data (version " + (data && data.version) + ")");
    return new Guide(data);
  }

  // The date of `now` in an IANA time zone. site.yml accepts only zones that Intl knows too
  // (SiteTimeZone.swift, checked against Node by EvaluatorDifferentialTests), so UTC, the
  // fallback, is only for a browser whose Intl lacks a zone.
  function todayIn(timeZone, now) {
    now = now || new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US-u-ca-gregory-nu-latn", { timeZone: timeZone, year: "numeric", month: "numeric", day: "numeric" })
        .formatToParts(now).forEach(function (p) { parts[p.type] = +p.value; });
      if (parts.year > 0 && parts.month > 0 && parts.day > 0) return isoDate(fromCivil(parts.year, parts.month, parts.day));
    } catch (e) {
      // An unknown zone: fall through to UTC.
    }
    return isoDate(Math.floor(now.getTime() / 86400000));
  }

  return {
    RulesError: RulesError,
    load: load,
    describe: describe,
    keyOf: keyOf,
    matches: matches,
    formatDate: formatDate,
    firstYearAsGannen: firstYearAsGannen,
    isJapanese: isJapanese,
    grouped: grouped,
    todayIn: todayIn,
    parseDate: parseDate,
    isoDate: isoDate,
    fromCivil: fromCivil,
    civil: civil,
    addDays: addDays,
    addMonths: addMonths,
    addYears: addYears,
    endOfMonth: endOfMonth,
    weekday: weekday,
    daysInMonth: daysInMonth,
    isLeapYear: isLeapYear,
  };
})();

if (typeof module === "object" && module.exports) module.exports = SitegenRules;
