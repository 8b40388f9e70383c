// Small additions to every page that the page reads well without (docs/templates.md):
// - a copy button above each code block, which copies the code as the page shows it at the
//   moment of the click (so a value the reader typed in, stamped again by scenario.js, is what
//   is copied), and says so in a status line;
// - in print, the address after a link whose text is not already that address.
// A classic script with no inline code and no eval, so it works from file:// and under a
// Content-Security-Policy; its sentences are the data-msg-* attributes of <body>.
(function () {
  "use strict";
  var body = document.body;

  function message(name) { return body.getAttribute("data-msg-" + name) || ""; }

  // ---------------------------------------------------------------- copy buttons
  // The code's text as shown: the block's text without the one line end that Markdown puts
  // after its last line (copied, it would run a pasted command at once).
  function codeText(pre) {
    return pre.textContent.replace(/\r?\n$/, "");
  }

  // The Clipboard API where the page may use it (http(s) and file:// in current browsers);
  // otherwise a selected, hidden text area and the older copy command.
  function copy(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
    }
    return copyBySelection(text);
  }

  function copyBySelection(text) {
    return new Promise(function (resolve, reject) {
      var buffer = document.createElement("textarea");
      buffer.className = "code-copy-buffer";
      buffer.setAttribute("readonly", "");
      buffer.setAttribute("aria-hidden", "true");
      buffer.tabIndex = -1;
      buffer.value = text;
      var focused = document.activeElement;
      body.appendChild(buffer);
      buffer.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      body.removeChild(buffer);
      if (focused && typeof focused.focus === "function") focused.focus();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addCopyButton(pre, number) {
    var block = document.createElement("div");
    block.className = "code-block";
    var tools = document.createElement("div");
    tools.className = "code-tools";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = message("copy") || "Copy";
    var status = document.createElement("span");
    status.className = "code-copy-status";
    status.id = "code-copy-status-" + number;
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    tools.appendChild(status);
    tools.appendChild(button);
    pre.parentNode.insertBefore(block, pre);
    block.appendChild(tools);
    block.appendChild(pre);

    var showing = null;
    var clearing = null;
    function say(text) {
      // Emptied first, so that copying twice announces twice.
      status.textContent = "";
      window.clearTimeout(showing);
      window.clearTimeout(clearing);
      showing = window.setTimeout(function () { status.textContent = text; }, 50);
      clearing = window.setTimeout(function () { status.textContent = ""; }, 5000);
    }
    button.addEventListener("click", function () {
      copy(codeText(pre)).then(function () { say(message("copied")); }, function () { say(message("copy-failed")); });
    });
  }

  // ---------------------------------------------------------------- link addresses in print
  function sameAddress(text, href) {
    function bare(value) {
      return value.trim().replace(/^https?:\/\//i, "").replace(/^mailto:/i, "").replace(/\/$/, "").toLowerCase();
    }
    return bare(text) === bare(href);
  }

  function markPrintedAddresses() {
    var links = document.querySelectorAll("main a[href^='http://'], main a[href^='https://']");
    Array.prototype.forEach.call(links, function (link) {
      if (!sameAddress(link.textContent, link.getAttribute("href"))) link.classList.add("print-url");
    });
  }

  function start() {
    var blocks = document.querySelectorAll("main pre");
    Array.prototype.forEach.call(blocks, function (pre, index) { addCopyButton(pre, index + 1); });
    markPrintedAddresses();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
