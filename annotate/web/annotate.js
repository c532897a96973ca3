// Keyboard coding for /annotate: one key per label (r, c, n), s skip,
// u undo, m the note, b the codebook; Esc leaves the note. Served as a
// file so that the page's Content-Security-Policy allows no inline script.
"use strict";
(function () {
  let busy = false;
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const t = e.target;
    const typing = t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT" || t.isContentEditable);
    if (typing) {
      if (e.key === "Escape") t.blur();
      return;
    }
    const key = (e.key || "").toLowerCase();
    if (key.length !== 1) return;
    const el = document.querySelector('[data-key="' + key + '"]');
    if (!el) return;
    e.preventDefault();
    if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
      el.focus();
      return;
    }
    if (el.tagName === "BUTTON") {
      if (busy) return; // one submission per page: a second key press would code the next pair blind
      busy = true;
      el.form.requestSubmit(el);
      return;
    }
    el.click();
  });
})();
