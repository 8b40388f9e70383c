// Shows a scenario page with the reader's own values (docs/reader-values.md). The page was built
// for one example: its branches are the case's, its dates the example's. With facts in the URL
// fragment (#expiry=2026-05-17&action_date=2026-12-02) or typed into the form, this script
// evaluates the guide's rules again in the browser (sitegen-rules.js, with the guide's rules.js)
// and writes every value that depends on them: stamped dates and text, titles, the summary of
// answers and the deadlines. When the reader's values would take other branches than the page's,
// it says so and leads back to the guide's questions. Without this script the page shows the
// example's values and says that they are an example.
(function () {
  "use strict";
  var article = document.getElementById("scenario-page");
  var recordElement = document.getElementById("page-data");
  if (!article || !recordElement || typeof SitegenRules === "undefined" || typeof SitegenGuideRules === "undefined") return;
  var record = JSON.parse(recordElement.textContent);
  var data = SitegenGuideRules;
  var guide;
  try {
    guide = SitegenRules.load(data);
  } catch (error) {
    return; // A rules file of another version: the page stays as built.
  }
  var form = document.getElementById("reader-values-form");
  var status = document.getElementById("reader-status");
  var exampleNote = document.getElementById("example-note");
  var asOf = document.getElementById("as-of");
  var builtTitle = document.title;
  var builtGuideTitle = textOf(document.querySelector("h1[data-title='guide']"));
  var builtScenarioTitle = textOf(document.querySelector("[data-title='scenario']"));
  var changeCase = document.querySelector(".scenario-summary .change-case a");
  var changeCaseTarget = changeCase ? changeCase.getAttribute("href").split("#")[0] : "";

  function textOf(element) { return element ? element.textContent : ""; }

  function message(name, values) {
    var text = article.getAttribute("data-msg-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? values[key] : ""; });
  }

  // The fragment's facts: `name=value` pairs joined by `&`, percent-encoded. A fragment without
  // `=` is an ordinary anchor and is left to the browser.
  function fragmentFacts() {
    var hash = window.location.hash.replace(/^#/, "");
    var pairs = [];
    if (hash.indexOf("=") < 0) return pairs;
    hash.split("&").forEach(function (pair) {
      var equals = pair.indexOf("=");
      if (equals <= 0) return;
      try {
        pairs.push([decodeURIComponent(pair.slice(0, equals)), decodeURIComponent(pair.slice(equals + 1))]);
      } catch (error) {
        pairs.push([pair.slice(0, equals), pair.slice(equals + 1), true]);
      }
    });
    return pairs;
  }

  // The answers the guide's questions open with from this page: the reader's own values and,
  // once the reader gave any, the example's choices and yes/no answers (the case the reader came
  // to this page for, shown as selected buttons they can change); never the example's dates,
  // numbers or text, which the questions would take for the reader's own.
  function pickerAnswers(given, readerGiven) {
    var values = {};
    if (Object.keys(readerGiven).length === 0) return values;
    Object.keys(given).forEach(function (name) {
      var value = given[name];
      if (name in readerGiven) values[name] = readerGiven[name];
      else if (value && (value.t === "choice" || value.t === "bool")) values[name] = SitegenRules.keyOf(value);
    });
    return values;
  }

  function encodeFacts(values) {
    return Object.keys(values).map(function (name) {
      return encodeURIComponent(name) + "=" + encodeURIComponent(values[name]);
    }).join("&");
  }

  function stampValue(value) {
    if (value.t === "bool") return message(value.v ? "yes" : "no");
    return guide.stampValue(value, null);
  }

  // A title's text, its stamps written with these values; a stamp without a value stands as
  // unknown, never as the example's, and its error goes to `failed`.
  function titleText(parts, env, failed) {
    return parts.map(function (part) {
      if (typeof part !== "number") return part;
      try { return env.stamp(part); } catch (error) { failed(error); return unknownText(); }
    }).join("");
  }

  // The declaration of fact `name` in the guide's rules, or null for a name that is no fact.
  function factOf(name) {
    return Object.prototype.hasOwnProperty.call(data.facts, name) ? data.facts[name] : null;
  }

  function questionOf(name) {
    var fact = factOf(name);
    return (fact && fact.question) || name;
  }

  // What stands where a value cannot be computed with the reader's values.
  function unknownText() { return message("unknown") || "—"; }

  function setText(element, text, changed) {
    if (element.textContent === text) return;
    element.textContent = text;
    element.classList.add("reader-value");
    changed.count += 1;
  }

  // RFC 5545, as DeadlineCalendar in the build writes it, so both give the same file.
  function icsEscape(text) { return text.replace(/[\\;,]/g, function (c) { return "\\" + c; }).replace(/\r\n|\r|\n/g, "\\n"); }
  function icsFold(line) {
    var out = "";
    var length = 0;
    Array.from(line).forEach(function (character) {
      var size = new TextEncoder().encode(character).length;
      if (length + size > 75) { out += "\r\n "; length = 1; }
      out += character;
      length += size;
    });
    return out;
  }
  function icsEvent(rule, day, summary) {
    var compact = function (days) { return SitegenRules.isoDate(days).replace(/-/g, ""); };
    var today = SitegenRules.parseDate(SitegenRules.todayIn(data.timeZone));
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sitegen//deadlines//EN", "CALSCALE:GREGORIAN", "BEGIN:VEVENT",
      "UID:" + icsEscape(record.guide) + "-" + icsEscape(rule) + "-" + compact(day) + "@" + icsEscape(record.host),
      "DTSTAMP:" + compact(today) + "T000000Z",
      "DTSTART;VALUE=DATE:" + compact(day),
      "DTEND;VALUE=DATE:" + compact(day + 1),
      "SUMMARY:" + icsEscape(summary),
      "URL:" + record.url,
      "END:VEVENT", "END:VCALENDAR"
    ];
    var text = lines.map(icsFold).map(function (line) { return line + "\r\n"; }).join("");
    return "data:text/calendar;charset=utf-8," + encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  // Whether fact `name` applies with these values: its `applies_when`, where it has one, does
  // not come out false. A condition that cannot be evaluated keeps the answer shown.
  function applies(env, name) {
    var fact = factOf(name);
    var condition = fact && fact.appliesWhen;
    if (!condition) return true;
    try {
      var value = env.evaluateExpression(condition);
      return !(value.t === "bool" && value.v === false);
    } catch (error) {
      return true;
    }
  }

  // The answers the page was built for are its example's. A reader's answer to a question the
  // example leaves out (the picker asks it of some readers of the same case) joins them, in the
  // order of the rules files, and leaves again with the reader's values; an example's answer to
  // a question that does not apply to the reader (whether a rental server takes one's own
  // certificate, for a reader moving to a VPS) is hidden meanwhile.
  function updateSummary(env, readerGiven, changed) {
    var list = document.querySelector(".scenario-summary dl");
    if (!list) return;
    Array.prototype.forEach.call(list.querySelectorAll(".fact-added"), function (row) { list.removeChild(row); });
    Array.prototype.forEach.call(list.querySelectorAll("dd[data-fact]"), function (description) {
      description.parentNode.hidden = !applies(env, description.getAttribute("data-fact"));
    });
    var position = {};
    data.factOrder.forEach(function (name, index) { position[name] = index; });
    data.factOrder.forEach(function (name) {
      if (!(name in readerGiven) || list.querySelector("dd[data-fact='" + name + "']") || !applies(env, name)) return;
      var answer;
      try { answer = stampValue(env.value(name)); } catch (error) { return; }
      var row = document.createElement("div");
      row.className = "fact fact-added";
      var term = document.createElement("dt");
      term.textContent = questionOf(name);
      var description = document.createElement("dd");
      description.setAttribute("data-fact", name);
      description.textContent = answer;
      description.className = "reader-value";
      row.appendChild(term);
      row.appendChild(description);
      var later = Array.prototype.filter.call(list.querySelectorAll("dd[data-fact]"), function (other) {
        var at = position[other.getAttribute("data-fact")];
        return at !== undefined && at > position[name];
      })[0];
      list.insertBefore(row, later ? later.parentNode : null);
      changed.count += 1;
    });
  }

  function updateDeadlines(env, todayDays, guideTitle, changed) {
    var list = document.querySelector(".deadline-list");
    if (!list) return;
    var labels = {};
    data.deadlines.forEach(function (entry) { labels[entry[0]] = entry[1]; });
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-deadline]"));
    items.forEach(function (item) {
      var rule = item.getAttribute("data-deadline");
      var value;
      try { value = env.value(rule); } catch (error) { value = null; }
      var time = item.querySelector(".deadline-date");
      var link = item.querySelector(".deadline-ics");
      if (!value || value.t !== "date") {
        // The deadline has no date with these values (the error is in #reader-status): never
        // the example's date, nor a calendar file for it. Listed last.
        setText(time, unknownText(), changed);
        time.removeAttribute("datetime");
        item.querySelector(".deadline-relative").textContent = "";
        item.setAttribute("data-day", String(Number.MAX_SAFE_INTEGER));
        item.className = "deadline deadline-unknown";
        link.hidden = true;
        return;
      }
      link.hidden = false;
      var days = value.v - todayDays;
      item.setAttribute("data-day", String(value.v));
      setText(time, stampValue(value), changed);
      time.setAttribute("datetime", SitegenRules.isoDate(value.v));
      var relative = days > 0 ? message("days-left", { n: days }) : days === 0 ? message("today") : message("days-past", { n: -days });
      item.querySelector(".deadline-relative").textContent = relative;
      item.className = "deadline deadline-" + (days < 0 ? "past" : days === 0 ? "today" : days <= 7 ? "soon" : "later");
      link.href = icsEvent(rule, value.v, labels[rule] + "(" + guideTitle + ")");
      link.setAttribute("download", rule + "-" + SitegenRules.isoDate(value.v) + ".ics");
    });
    // Soonest first; deadlines on the same day keep the rules' order.
    items.map(function (item, index) { return [Number(item.getAttribute("data-day")), index, item]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .forEach(function (entry) { list.appendChild(entry[2]); });
  }

  function show() {
    var pairs = fragmentFacts();
    var given = {};
    var problems = [];
    Object.keys(record.facts).forEach(function (name) { given[name] = guide.parseFact(name, record.facts[name]); });
    var readerGiven = {};
    pairs.forEach(function (pair) {
      var value = pair[2] ? null : guide.parseFact(pair[0], pair[1]);
      // Named by its question, as the form and the summary name it: the fact's own name is the
      // writers' word. A name that is no fact of the guide is shown as it is.
      if (value === null) problems.push(message("invalid", { name: questionOf(pair[0]), value: pair[1] }));
      else { given[pair[0]] = value; readerGiven[pair[0]] = pair[1]; }
    });
    var today = SitegenRules.todayIn(data.timeZone);
    var todayDays = SitegenRules.parseDate(today);
    var env = guide.environment(given, today);
    var changed = { count: 0 };
    var errors = [];
    function note(error) {
      var text = guide.readerError(error, message);
      if (errors.indexOf(text) < 0) errors.push(text);
    }

    // The page's branches hold for these values only if every decision it records comes out the same.
    var otherCase = record.decisions.some(function (decision) {
      try {
        var value = env.evaluate(decision[0]);
        return value.t !== "bool" || value.v !== decision[1];
      } catch (error) {
        return true;
      }
    });

    Array.prototype.forEach.call(document.querySelectorAll("[data-stamp]"), function (element) {
      var index = Number(element.getAttribute("data-stamp"));
      try {
        setText(element, env.stamp(index), changed);
        if (element.tagName === "TIME") {
          var value = env.evaluate(data.stamps[index][0]);
          if (value.t === "date") element.setAttribute("datetime", SitegenRules.isoDate(value.v));
        }
      } catch (error) {
        // No value for these values: the built text would be the example's, someone else's date.
        setText(element, unknownText(), changed);
        element.removeAttribute("datetime");
        note(error);
      }
    });

    var guideTitle = builtGuideTitle;
    try {
      if (record.title) guideTitle = titleText(record.title, env, note);
      var scenarioTitle = record.scenarioTitle ? titleText(record.scenarioTitle, env, note) : builtScenarioTitle;
      Array.prototype.forEach.call(document.querySelectorAll("[data-title='guide']"), function (element) { setText(element, guideTitle, changed); });
      Array.prototype.forEach.call(document.querySelectorAll("[data-title='scenario']"), function (element) { setText(element, scenarioTitle, changed); });
      document.title = builtTitle.replace(builtGuideTitle + "(" + builtScenarioTitle + ")", guideTitle + "(" + scenarioTitle + ")");
    } catch (error) {
      note(error);
    }

    updateSummary(env, readerGiven, changed);
    Array.prototype.forEach.call(document.querySelectorAll("dd[data-fact]"), function (element) {
      try { setText(element, stampValue(env.value(element.getAttribute("data-fact"))), changed); } catch (error) { /* kept as built */ }
    });
    updateDeadlines(env, todayDays, guideTitle, changed);

    if (asOf && today !== record.today) {
      asOf.textContent = message("as-of", { date: guide.stampValue({ t: "date", v: todayDays }, null) });
    }

    var hasReaderValues = Object.keys(readerGiven).length > 0;
    // To change one answer, the reader's questions open with all of their answers.
    if (changeCase) {
      var answers = pickerAnswers(given, readerGiven);
      changeCase.setAttribute("href", changeCaseTarget + (Object.keys(answers).length ? "#" + encodeFacts(answers) : ""));
    }
    if (exampleNote) exampleNote.hidden = hasReaderValues;
    if (form) {
      form.hidden = false;
      Array.prototype.forEach.call(form.querySelectorAll("input[name]"), function (input) {
        var name = input.name;
        if (name in readerGiven) input.value = readerGiven[name];
        else {
          try { input.value = SitegenRules.keyOf(env.value(name)); } catch (error) { /* kept as built */ }
        }
      });
    }

    status.textContent = "";
    var lines = problems.slice();
    if (hasReaderValues) lines.unshift(message("reader"));
    errors.forEach(function (text) { lines.push(message("error", { message: text })); });
    lines.forEach(function (text) {
      var paragraph = document.createElement("p");
      paragraph.textContent = text;
      status.appendChild(paragraph);
    });
    if (otherCase) {
      var paragraph = document.createElement("p");
      paragraph.className = "other-case";
      paragraph.textContent = message("other-case") + " ";
      var link = document.createElement("a");
      var values = pickerAnswers(given, readerGiven);
      link.href = "../index.html" + (Object.keys(values).length ? "#" + encodeFacts(values) : "");
      link.textContent = message("other-case-link");
      paragraph.appendChild(link);
      status.appendChild(paragraph);
    }
    status.classList.toggle("reader-status-warning", otherCase || problems.length > 0 || errors.length > 0);
    article.setAttribute("data-reader-values", hasReaderValues ? "reader" : "example");
    article.setAttribute("data-case", otherCase ? "other" : "this");
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[name]"), function (input) {
        if (input.value !== "") values[input.name] = input.value;
      });
      window.location.hash = encodeFacts(values);
    });
    var reset = document.getElementById("reader-values-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        window.history.pushState(null, "", window.location.pathname + window.location.search);
        show();
      });
    }
  }
  // A fragment without facts (a step's anchor) keeps the values shown.
  function navigated() {
    var hash = window.location.hash;
    if (hash === "" || hash === "#" || hash.indexOf("=") >= 0) show();
  }
  window.addEventListener("hashchange", navigated);
  window.addEventListener("popstate", navigated);
  show();
})();
