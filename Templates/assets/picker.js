// Leads a reader from a guide's questions to the page of their case (docs/reader-values.md).
// A case is the set of branch decisions the guide's text takes. With the reader's answers, this
// script walks the guide's conditions (the tree in the guide's rules.js) with the page's own
// evaluator (sitegen-rules.js), asks only the questions whose answers can still change the case,
// and, once the case is decided, opens the scenario page whose decisions are the same, with the
// reader's values in the fragment so that page shows their dates. The answers live in this
// page's fragment too, so Back and a bookmark bring them back. Without this script the page
// shows the table of every case.
(function () {
  "use strict";
  var section = document.getElementById("picker");
  var form = document.getElementById("scenario-picker");
  var dataElement = document.getElementById("picker-data");
  if (!section || !form || !dataElement || typeof SitegenRules === "undefined" || typeof SitegenGuideRules === "undefined") return;
  var rules = SitegenGuideRules;
  var guide;
  try {
    guide = SitegenRules.load(rules);
  } catch (error) {
    return; // Rules of another version: the table of cases stays the way in.
  }
  if (!rules.tree) return; // A guide too large to walk in the page: the table serves.
  var cases = JSON.parse(dataElement.textContent).cases;
  var result = document.getElementById("picker-result");
  var submit = document.getElementById("picker-submit");
  var reset = document.getElementById("picker-reset");
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-fact]"));
  var byFact = {};
  questions.forEach(function (fieldset) { byFact[fieldset.getAttribute("data-fact")] = fieldset; });
  var target = null;
  section.hidden = false;
  // With the questions working, the list of every case is a second way in: it is closed, so
  // the page is not a list many screens long (its heading opens it again).
  var caseList = document.getElementById("case-list");
  if (caseList) caseList.open = false;

  function message(name, values) {
    var text = form.getAttribute("data-msg-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values && key in values ? values[key] : ""; });
  }

  function inputsOf(fieldset) { return Array.prototype.slice.call(fieldset.querySelectorAll("input")); }

  // The answers as texts, as in a scenario file: a checked radio, or a field's value.
  function answerTexts() {
    var answers = {};
    questions.forEach(function (fieldset) {
      var fact = fieldset.getAttribute("data-fact");
      inputsOf(fieldset).forEach(function (input) {
        if (input.type === "radio" ? input.checked : input.value !== "") answers[fact] = input.value;
      });
    });
    return answers;
  }

  function setAnswer(fact, text) {
    var fieldset = byFact[fact];
    if (!fieldset) return false;
    inputsOf(fieldset).forEach(function (input) {
      if (input.type === "radio") input.checked = input.value === text;
      else input.value = text;
    });
    return true;
  }

  function readFragment() {
    var hash = window.location.hash.replace(/^#/, "");
    var answers = {};
    if (hash.indexOf("=") < 0) return answers;
    hash.split("&").forEach(function (pair) {
      var equals = pair.indexOf("=");
      if (equals <= 0) return;
      try { answers[decodeURIComponent(pair.slice(0, equals))] = decodeURIComponent(pair.slice(equals + 1)); } catch (error) { /* not percent-encoded: ignored */ }
    });
    return answers;
  }

  function encode(answers) {
    return Object.keys(answers).map(function (name) {
      return encodeURIComponent(name) + "=" + encodeURIComponent(answers[name]);
    }).join("&");
  }

  function sameDecisions(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
    return true;
  }

  function nearest(decisions) {
    var mine = {};
    decisions.forEach(function (d) { mine[d[0]] = d[1]; });
    var best = null;
    var bestScore = -1;
    cases.forEach(function (entry) {
      var score = entry.decisions.filter(function (d) { return mine[d[0]] === d[1]; }).length;
      if (score > bestScore) { best = entry; bestScore = score; }
    });
    return best;
  }

  function answerLabel(fact, text) {
    var fieldset = byFact[fact];
    if (!fieldset) return text;
    var radio = inputsOf(fieldset).filter(function (input) { return input.type === "radio" && input.value === text; })[0];
    if (radio) return form.querySelector("label[for='" + radio.id + "']").textContent;
    var value = guide.parseFact(fact, text);
    if (!value) return text;
    if (value.t === "bool") return message(value.v ? "yes" : "no");
    return guide.stampValue(value, null);
  }

  function paragraph(text, className) {
    var element = document.createElement("p");
    element.textContent = text;
    if (className) element.className = className;
    result.appendChild(element);
    return element;
  }

  function contact() {
    var footer = document.querySelector(".site-footer .contact");
    if (!footer) return;
    var element = paragraph("", "picker-contact");
    Array.prototype.forEach.call(footer.childNodes, function (node) { element.appendChild(node.cloneNode(true)); });
  }

  function update(pushHistory) {
    // A field with a default (today) that the reader has not filled starts with that default.
    function startAtDefault(fieldset, fact) {
      if (fact in texts) return;
      var field = fieldset.querySelector("input[data-default]");
      if (field) {
        try { field.value = SitegenRules.keyOf(env.value(fact)); } catch (error) { /* no default value */ }
      }
    }
    var texts = answerTexts();
    var given = {};
    questions.forEach(function (fieldset) {
      var fact = fieldset.getAttribute("data-fact");
      var problem = fieldset.querySelector(".field-problem");
      if (problem) problem.textContent = "";
      if (!(fact in texts)) return;
      var value = guide.parseFact(fact, texts[fact]);
      if (value) given[fact] = value;
      else if (problem) problem.textContent = message("invalid", { value: texts[fact] });
    });
    var today = SitegenRules.todayIn(rules.timeZone);
    var env = guide.environment(given, today);
    var walked = guide.walk(env);
    var undecided = Object.keys(walked.needed).length > 0;
    // One new question at a time, in the order of the rules files: the first fact still needed.
    var next = rules.factOrder.filter(function (fact) { return walked.needed[fact] && byFact[fact]; })[0];

    // A question shows when a decided condition depends on it, or when it is the next one.
    questions.forEach(function (fieldset) {
      var fact = fieldset.getAttribute("data-fact");
      var show = walked.asked[fact] || fact === next;
      fieldset.hidden = !show;
      if (show) startAtDefault(fieldset, fact);
    });
    // Once the case is decided, the values its page writes (a date, a host name) can be given too.
    var decided = !undecided && !walked.failure
      ? cases.filter(function (entry) { return sameDecisions(entry.decisions, walked.decisions); })[0]
      : null;
    if (decided) {
      decided.values.forEach(function (fact) {
        if (!byFact[fact] || !byFact[fact].querySelector("input:not([type=radio])")) return;
        byFact[fact].hidden = false;
        startAtDefault(byFact[fact], fact);
      });
    }

    result.textContent = "";
    target = null;
    if (walked.failure) {
      paragraph(message("error", { message: guide.readerError(walked.failure, message) }), "picker-problem");
      contact();
    } else if (undecided) {
      paragraph(message("ask", { question: next ? byFact[next].querySelector("legend").textContent : "" }));
    } else {
      var found = decided;
      if (found) {
        paragraph(message("one", { title: found.title }), "picker-found");
        target = found;
      } else {
        paragraph(message("none"), "picker-problem");
        var close = nearest(walked.decisions);
        if (close) {
          var intro = paragraph(message("nearest") + " ");
          var link = document.createElement("a");
          link.href = close.url + "#" + encode(texts);
          link.textContent = close.title;
          intro.appendChild(link);
          // What differs: the answers that choose the case (dates are the reader's own anyway).
          var list = document.createElement("ul");
          Object.keys(texts).forEach(function (fact) {
            var fieldset = byFact[fact];
            if (!fieldset || fieldset.hidden || !fieldset.querySelector("input[type=radio]")) return;
            if (!(fact in close.facts) || close.facts[fact] === texts[fact]) return;
            var item = document.createElement("li");
            item.textContent = message("differs", {
              question: fieldset.querySelector("legend").textContent,
              yours: answerLabel(fact, texts[fact]), theirs: answerLabel(fact, close.facts[fact])
            });
            list.appendChild(item);
          });
          if (list.children.length) {
            paragraph(message("differs-intro"));
            result.appendChild(list);
          } else {
            paragraph(message("differs-dates"));
          }
        }
        contact();
      }
    }
    submit.disabled = !target;

    // The answers that count go into the fragment, so Back and bookmarks restore them.
    var kept = {};
    Object.keys(texts).forEach(function (fact) { if (byFact[fact] && !byFact[fact].hidden && given[fact]) kept[fact] = texts[fact]; });
    var hash = encode(kept);
    var url = window.location.pathname + window.location.search + (hash ? "#" + hash : "");
    if (pushHistory && url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
    return kept;
  }

  function restore() {
    var answers = readFragment();
    questions.forEach(function (fieldset) {
      inputsOf(fieldset).forEach(function (input) {
        if (input.type === "radio") input.checked = false;
        else input.value = "";
      });
    });
    Object.keys(answers).forEach(function (fact) { setAnswer(fact, answers[fact]); });
    update(false);
  }

  form.addEventListener("change", function () { update(true); });
  form.addEventListener("input", function (event) { if (event.target.type !== "radio") update(true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var kept = update(true);
    if (!target) return;
    var hash = encode(kept);
    window.location.href = target.url + (hash ? "#" + hash : "");
  });
  reset.addEventListener("click", function () {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    restore();
    var first = questions.filter(function (fieldset) { return !fieldset.hidden; })[0];
    if (first) { var input = first.querySelector("input"); if (input) input.focus(); }
  });
  window.addEventListener("hashchange", restore);
  window.addEventListener("popstate", restore);
  // Back to this page from a case: the browser may keep the page; read its fragment again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) restore(); });
  restore();
})();
