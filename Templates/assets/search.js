/* Site search: the search box in the header, over the Pagefind index that `sitegen build` writes
 * into pagefind/ (docs/search.md).
 *
 * One result per guide: a guide's scenario pages have nearly the same text, so results are
 * grouped by the `sitegen-group` filter every indexed page carries (a guide's slug, or
 * "/glossary"), and each group shows once, ranked by its best page. A group leads to the guide's
 * questions (its picker page), or straight to a case when the reader's answer filters leave
 * exactly one. The answers a reader can filter by are the `fact-NAME` filters of scenario pages;
 * their questions come from the `sitegen-question` filter ("NAME=question"), and facts readers
 * type in (dates, numbers, text: `sitegen-typed`) are not offered, since a case page's values
 * of those are only examples.
 *
 * The box stays hidden without JavaScript, when the page is opened from file:// (browsers do
 * not let a page load Pagefind's index from disk), and when the site has no index. Every
 * sentence it writes comes from the box's data-msg-* attributes. */
(function () {
  "use strict";

  var box = document.getElementById("site-search");
  if (!box || location.protocol === "file:") return;

  var form = document.getElementById("site-search-form");
  var input = document.getElementById("site-search-input");
  var filterBox = document.getElementById("site-search-filters");
  var status = document.getElementById("site-search-status");
  var list = document.getElementById("site-search-results");
  var root = new URL(box.getAttribute("data-root") || "./", document.baseURI);

  var MAX_GROUPS = 10; // groups shown
  var WALK = 48; // results whose data is loaded, in rank order, to find the groups
  var EXTRA_SEARCHES = 60; // groups looked up by a filtered search when the walk missed them

  function msg(name, values) {
    var text = box.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  var pagefind = null;
  var labels = {}; // fact name -> question
  var typed = {}; // fact names readers type in
  var selected = {}; // fact name -> chosen answer
  var generation = 0; // the latest search; older ones do not draw

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: 40 }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  // The questions and typed facts, from every page's filters, once.
  var described = null;
  function describe(module) {
    if (!described) {
      described = module.filters().then(function (all) {
        Object.keys(all["sitegen-question"] || {}).forEach(function (value) {
          var at = value.indexOf("=");
          if (at > 0) labels[value.slice(0, at)] = value.slice(at + 1);
        });
        Object.keys(all["sitegen-typed"] || {}).forEach(function (name) { typed[name] = true; });
      });
    }
    return described;
  }

  function activeFilters() {
    var filters = {};
    Object.keys(selected).forEach(function (name) { filters["fact-" + name] = selected[name]; });
    return filters;
  }

  function groupOf(data) {
    var values = (data.filters && data.filters["sitegen-group"]) || [];
    return values[0] || data.url;
  }

  // The groups of a search, best first: the results' data is loaded in rank order until every
  // group with a match has been met (or WALK results); groups not met by then get their best
  // page from a search filtered to them.
  function groups(module, query, filters, search) {
    var counts = (search.filters && search.filters["sitegen-group"]) || {};
    var expected = Object.keys(counts).filter(function (g) { return counts[g] > 0; });
    var found = {};
    var order = [];
    function add(group, result, data) {
      if (found[group]) return;
      found[group] = { group: group, score: result.score, data: data, count: counts[group] || 1 };
      order.push(found[group]);
    }
    function walk(start) {
      if (order.length >= expected.length || start >= search.results.length || start >= WALK) {
        return Promise.resolve();
      }
      var batch = search.results.slice(start, start + 8);
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
        datas.forEach(function (data, i) { add(groupOf(data), batch[i], data); });
        return walk(start + batch.length);
      });
    }
    return walk(0).then(function () {
      var missing = expected.filter(function (g) { return !found[g]; }).slice(0, EXTRA_SEARCHES);
      return Promise.all(missing.map(function (g) {
        var narrowed = Object.assign({}, filters, { "sitegen-group": g });
        return module.search(query, { filters: narrowed }).then(function (s) {
          if (!s.results.length) return;
          return s.results[0].data().then(function (data) { add(g, s.results[0], data); });
        });
      }));
    }).then(function () {
      order.sort(function (a, b) { return b.score - a.score; });
      return { groups: order, total: expected.length };
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function resolved(relative, base) {
    return new URL(relative, new URL(base, location.href)).href;
  }

  // The glossary entry a glossary result matched: the last entry anchor before its first match.
  function glossaryEntry(data) {
    var first = (data.locations || [])[0];
    var best = null;
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.element === "div" && (first == null || anchor.location <= first)) best = anchor;
    });
    return best;
  }

  function draw(query, result) {
    list.textContent = "";
    result.groups.slice(0, MAX_GROUPS).forEach(function (g) {
      var data = g.data;
      var item = element("li", "site-search-result");
      var title = element("a", "site-search-title");
      var isGlossary = g.group === "/glossary";
      var isCase = !!(data.meta && data.meta.case);
      if (isGlossary) {
        var entry = glossaryEntry(data);
        var term = entry && entry.text ? entry.text : "";
        title.href = data.url + (entry ? "#" + encodeURIComponent(entry.id) : "");
        title.textContent = msg("glossary") + (term ? ": " + term : "");
      } else if (isCase && g.count === 1) {
        // Only this case of the guide matches (the reader's answers, or the words, leave one).
        title.href = data.url;
        title.textContent = data.meta.title;
      } else {
        title.href = isCase ? resolved(data.meta.guide_url, data.url) : data.url;
        title.textContent = data.meta.title;
      }
      item.appendChild(element("h3", "site-search-heading")).appendChild(title);
      if (isCase && g.count === 1) {
        item.appendChild(element("p", "site-search-case", msg("case") + ": " + data.meta.case));
      } else if (isCase) {
        var line = element("p", "site-search-case", msg("best-case") + " ");
        var link = element("a", "", data.meta.case);
        link.href = data.url;
        line.appendChild(link);
        line.appendChild(document.createTextNode("(" + msg("cases", { n: g.count }) + ")"));
        item.appendChild(line);
      }
      // Pagefind's excerpt is the page's text, escaped, with <mark> around the matches.
      var excerpt = element("p", "site-search-excerpt");
      excerpt.innerHTML = data.excerpt;
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    list.hidden = result.groups.length === 0;
    var total = Math.max(result.total, result.groups.length);
    var text = total ? msg("count", { query: query, n: total }) : msg("none", { query: query });
    if (result.total > MAX_GROUPS) text += " " + msg("more", { n: MAX_GROUPS });
    status.textContent = text;
  }

  // One select per answer that the results' cases differ by, labelled with its question.
  function drawFilters(search) {
    var totals = search.totalFilters || {};
    var names = Object.keys(totals).filter(function (key) {
      if (key.indexOf("fact-") !== 0) return false;
      var name = key.slice(5);
      if (typed[name]) return false;
      var values = Object.keys(totals[key]).filter(function (v) { return totals[key][v] > 0; });
      return values.length > 1 || selected[name] != null;
    }).map(function (key) { return key.slice(5); });
    names.sort(function (a, b) { return (labels[a] || a).localeCompare(labels[b] || b, "ja"); });
    // Closed at first, so the results come first on a phone; kept open once the reader uses it.
    var wasOpen = !!filterBox.querySelector("details[open]");
    filterBox.textContent = "";
    if (!names.length) {
      filterBox.hidden = true;
      return;
    }
    var details = filterBox.appendChild(element("details"));
    details.open = wasOpen || Object.keys(selected).length > 0;
    details.appendChild(element("summary", "", msg("filters")));
    names.forEach(function (name) {
      var id = "site-search-fact-" + name;
      var field = element("div", "site-search-filter");
      var label = element("label", "", labels[name] || name);
      label.htmlFor = id;
      var select = element("select");
      select.id = id;
      select.name = name;
      select.appendChild(element("option", "", msg("any"))).value = "";
      Object.keys(totals["fact-" + name]).sort().forEach(function (value) {
        var option = select.appendChild(element("option", "", value));
        option.value = value;
        if (selected[name] === value) option.selected = true;
      });
      select.addEventListener("change", function () {
        if (select.value) selected[name] = select.value; else delete selected[name];
        run();
      });
      field.appendChild(label);
      field.appendChild(select);
      details.appendChild(field);
    });
    filterBox.hidden = false;
  }

  function clear() {
    generation++;
    box.removeAttribute("data-state");
    list.textContent = "";
    list.hidden = true;
    filterBox.textContent = "";
    filterBox.hidden = true;
    status.textContent = "";
    selected = {};
  }

  function run() {
    var query = input.value.trim();
    if (!query) {
      clear();
      return;
    }
    var mine = ++generation;
    status.textContent = msg("searching");
    box.setAttribute("data-state", "searching");
    var filters = activeFilters();
    var module;
    load().then(function (m) {
      module = m;
      return describe(m);
    }).then(function () {
      return module.search(query, { filters: filters });
    }).then(function (search) {
      if (mine !== generation) return null;
      return groups(module, query, filters, search).then(function (result) {
        if (mine !== generation) return;
        drawFilters(search);
        draw(query, result);
        box.setAttribute("data-state", "done");
      });
    }).catch(function () {
      if (mine !== generation) return;
      status.textContent = msg("error");
      box.setAttribute("data-state", "error");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && input.value) {
      input.value = "";
      clear();
    }
  });
  // The index loads when the reader first turns to the box, not with every page.
  input.addEventListener("focus", function () { load().then(describe).catch(function () {}); });

  // Show the box only once the index's script is there: a site built without search keeps it
  // hidden rather than offering a box that cannot answer.
  load().then(function () {
    box.hidden = false;
  }, function () {});
})();
