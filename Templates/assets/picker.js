// Leads a reader from a guide's questions to the page of the scenario that matches their
// answers. The page works without this script: it then shows the table of every case.
(function () {
  "use strict";
  var form = document.getElementById("scenario-picker");
  var data = document.getElementById("scenario-data");
  if (!form || !data) return;
  var scenarios = JSON.parse(data.textContent);
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-fact]"));
  var result = document.getElementById("picker-result");
  form.hidden = false;

  function answers() {
    var chosen = {};
    fieldsets.forEach(function (fieldset) {
      var checked = fieldset.querySelector("input:checked");
      if (checked) chosen[fieldset.getAttribute("data-fact")] = checked.value;
    });
    return chosen;
  }

  function matching(chosen) {
    return scenarios.filter(function (scenario) {
      return Object.keys(chosen).every(function (fact) { return scenario.facts[fact] === chosen[fact]; });
    });
  }

  function message(name, values) {
    return (form.getAttribute("data-msg-" + name) || "").replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // An answer no scenario has, given the other answers, is disabled so it cannot be chosen.
  function update() {
    var chosen = answers();
    fieldsets.forEach(function (fieldset) {
      var fact = fieldset.getAttribute("data-fact");
      var others = {};
      Object.keys(chosen).forEach(function (key) { if (key !== fact) others[key] = chosen[key]; });
      var pool = matching(others);
      Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (input) {
        input.disabled = !pool.some(function (scenario) { return scenario.facts[fact] === input.value; });
        if (input.disabled && input.checked) input.checked = false;
      });
    });
    var found = matching(answers());
    if (found.length === 0) result.textContent = message("none", {});
    else if (found.length === 1) result.textContent = message("one", { title: found[0].title });
    else result.textContent = message("many", { count: found.length });
    return found;
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var found = update();
    if (found.length === 1) window.location.href = found[0].url;
  });
  update();
})();
