"""Layout checks run inside a page, shared by the screenshot and print tests.

Each check measures element boxes in the browser and returns a list of problems (empty when the
page is fine), each naming the element, so a failing test says what to look at.
"""

# Helpers for the checks below, defined once per call.
_HELPERS = r"""
const describe = (el) => {
  let name = el.tagName.toLowerCase();
  if (el.id) name += "#" + el.id;
  if (typeof el.className === "string" && el.className.trim()) name += "." + el.className.trim().split(/\s+/).join(".");
  const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
  return text ? `${name} 「${text}」` : name;
};
const shown = (el) => {
  const style = getComputedStyle(el);
  if (style.display === "none" || style.visibility === "hidden") return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
};
const scrollsX = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
// Hidden on purpose: off-screen until focused, visually hidden text, the copy buffer, tooltips
// (shown only on hover, and positioned then).
const deliberatelyHidden = (el) => el.closest(".skip-link, .visually-hidden, .code-copy-buffer, .term-tip");
"""

OVERFLOW = _HELPERS + r"""
// Every element that runs past the viewport's left or right edge. Elements inside a box that
// scrolls sideways are left to that box (which is itself checked): their overflow is visible
// as scrolling, and code blocks are checked on their own.
const width = document.documentElement.clientWidth;
const problems = [];
const page = document.documentElement.scrollWidth - width;
if (page > 0) problems.push(`the page scrolls sideways by ${page}px at ${width}px`);
for (const el of document.body.querySelectorAll("*")) {
  if (deliberatelyHidden(el) || !shown(el)) continue;
  let parent = el.parentElement, inScroller = false;
  while (parent && parent !== document.body) {
    if (scrollsX(parent)) { inScroller = true; break; }
    parent = parent.parentElement;
  }
  if (inScroller) continue;
  const box = el.getBoundingClientRect();
  if (box.right > width + 1 || box.left < -1)
    problems.push(`${describe(el)} spans ${Math.round(box.left)}..${Math.round(box.right)}px of a ${width}px viewport`);
}
return problems;
"""

CODE = _HELPERS + r"""
// A code block whose text is wider than its box. Where the code must wrap (a phone, paper) any
// such block is cut off; elsewhere it must scroll, and show that it does (the stylesheet's
// scroll shadows, a background that moves with the text).
const mustWrap = arguments[0];
const problems = [];
for (const pre of document.querySelectorAll("pre")) {
  if (!shown(pre)) continue;
  const over = pre.scrollWidth - pre.clientWidth;
  if (over <= 1) continue;
  const style = getComputedStyle(pre);
  if (mustWrap)
    problems.push(`${describe(pre)} is cut off: ${over}px of its text lie past its right edge (it must wrap here)`);
  else if (!scrollsX(pre))
    problems.push(`${describe(pre)} is cut off: ${over}px past its edge with overflow-x ${style.overflowX}`);
  else if (!style.backgroundAttachment.split(",").some((a) => a.trim() === "local"))
    problems.push(`${describe(pre)} scrolls ${over}px with nothing that shows it can`);
}
return problems;
"""

RADIOS = _HELPERS + r"""
// A radio button and its label: side by side (the label starts just right of the radio), and the
// radio level with the label's first line, however many lines the label wraps to.
const problems = [];
let measured = 0;
for (const input of document.querySelectorAll("input[type=radio]")) {
  if (!shown(input)) continue;
  const label = (input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`)) || input.closest("label");
  if (!label) { problems.push(`${describe(input)} has no label`); continue; }
  const range = document.createRange();
  if (label.contains(input)) { range.setStartAfter(input); range.setEndAfter(label.lastChild); }
  else range.selectNodeContents(label);
  const lines = Array.from(range.getClientRects()).filter((r) => r.width > 0);
  if (!lines.length) { problems.push(`${describe(label)} shows no text`); continue; }
  const first = lines[0];
  const radio = input.getBoundingClientRect();
  const text = range.getBoundingClientRect();
  const gap = text.left - radio.right;
  const middle = (radio.top + radio.bottom) / 2;
  measured += 1;
  if (gap < 0 || gap > 24)
    problems.push(`radio ${input.id || input.name}: its label starts ${Math.round(gap)}px from it (not beside it)`);
  if (middle < first.top - 2 || middle > first.bottom + 2)
    problems.push(`radio ${input.id || input.name}: at ${Math.round(middle)}px, not on its label's first line (${Math.round(first.top)}..${Math.round(first.bottom)}px)`);
}
return {problems, measured};
"""

PRINT = _HELPERS + r"""
// Under print media: nothing interactive shows, the page's address shows once, no link prints
// its address twice, nothing forces a page break, and only small blocks are kept whole.
const pageHeight = arguments[0];
const problems = [];
for (const el of document.querySelectorAll("button, input, select, textarea, nav, form, [role=search], .site-header, .site-footer, .picker, .code-tools")) {
  if (shown(el)) problems.push(`${describe(el)} prints (it only works on a screen)`);
}
const canonical = document.querySelector("link[rel=canonical]").href;
const sources = Array.from(document.querySelectorAll(".print-source")).filter(shown);
if (sources.length !== 1) problems.push(`${sources.length} visible .print-source lines (want 1)`);
else if (!sources[0].textContent.includes(canonical)) problems.push(`.print-source does not give ${canonical}`);
// A page without its own as-of line prints the day it was built beside its address.
else if (!document.getElementById("as-of") && !sources[0].querySelector("time[datetime]")) problems.push(".print-source gives no date");
// A case's page says once which day its dates were computed for (the build's day, or the
// reader's today); other pages print the day they were built on their source line.
const asOf = Array.from(document.querySelectorAll("#as-of, .as-of")).filter(shown);
if (document.getElementById("as-of") && asOf.length !== 1) problems.push(`${asOf.length} visible as-of lines (want 1)`);
const printed = document.body.innerText.split(canonical).length - 1;
if (printed !== 1) problems.push(`the page's address ${canonical} prints ${printed} times`);
for (const link of document.querySelectorAll("a[href]")) {
  if (!shown(link)) continue;
  const after = getComputedStyle(link, "::after").content;
  const href = link.getAttribute("href");
  if (after && after !== "none" && after.includes(href) && link.textContent.includes(href.replace(/\/$/, "")))
    problems.push(`${describe(link)} prints its address twice`);
}
for (const el of document.body.querySelectorAll("*")) {
  if (!shown(el)) continue;
  const style = getComputedStyle(el);
  for (const side of ["breakBefore", "breakAfter"]) {
    if (["page", "left", "right", "recto", "verso", "always"].includes(style[side]))
      problems.push(`${describe(el)} forces a page break (${side}: ${style[side]})`);
  }
  if (style.breakInside.startsWith("avoid") && el.getBoundingClientRect().height > pageHeight / 3)
    problems.push(`${describe(el)} is kept whole but is ${Math.round(el.getBoundingClientRect().height)}px tall (a third of a page is ${Math.round(pageHeight / 3)}px)`);
}
return problems;
"""


def overflow_problems(driver):
    return driver.execute_script(OVERFLOW)


def code_problems(driver, must_wrap: bool):
    return driver.execute_script(CODE, must_wrap)


def radio_problems(driver):
    """(problems, number of radios measured)."""
    result = driver.execute_script(RADIOS)
    return result["problems"], result["measured"]


def print_problems(driver, page_height: float):
    return driver.execute_script(PRINT, page_height)
