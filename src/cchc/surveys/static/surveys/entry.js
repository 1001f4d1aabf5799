// Keyboard-fast entry of paper and phone answers: a digit 1–5 moves to the next question;
// Backspace on an empty box goes back. After htmx swaps in a fresh form, focus its first box.
(function () {
  function boxes(form) { return Array.prototype.slice.call(form.querySelectorAll("input.digit")); }
  document.addEventListener("input", function (ev) {
    var el = ev.target;
    if (!el.classList || !el.classList.contains("digit")) return;
    el.value = el.value.replace(/[^1-5]/g, "").slice(-1);
    if (el.value) {
      var all = boxes(el.form), i = all.indexOf(el);
      if (i >= 0 && i + 1 < all.length) all[i + 1].focus();
      else if (el.form.querySelector("[type=submit]")) el.form.querySelector("[type=submit]").focus();
    }
  });
  document.addEventListener("keydown", function (ev) {
    var el = ev.target;
    if (ev.key !== "Backspace" || !el.classList || !el.classList.contains("digit") || el.value) return;
    var all = boxes(el.form), i = all.indexOf(el);
    if (i > 0) { all[i - 1].focus(); all[i - 1].value = ""; ev.preventDefault(); }
  });
  function focusFirst() {
    var f = document.querySelector("#entry-form [autofocus]") || document.querySelector("#entry-form input.digit");
    if (f) f.focus();
  }
  document.addEventListener("htmx:afterSwap", focusFirst);
  document.addEventListener("DOMContentLoaded", focusFirst);
})();
