// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:responseError", function (evt) {
  var box = document.createElement("div");
  box.className = "msg msg-error";
  box.setAttribute("role", "alert");
  try { box.textContent = JSON.parse(evt.detail.xhr.responseText).message; }
  catch (e) { box.textContent = evt.detail.xhr.responseText.replace(/<[^>]+>/g, " ").trim().slice(0, 300) || "Có lỗi xảy ra."; }
  var main = document.querySelector("main"); main.insertBefore(box, main.firstChild);
});

// Behaviours declared in the markup: the Content-Security-Policy forbids inline handlers.
document.addEventListener("click", function (evt) {
  var el = evt.target.closest("[data-action], [data-fill]");
  if (!el) return;
  if (el.dataset.fill) {
    var field = document.getElementById(el.dataset.fill);
    if (field) field.value = el.dataset.code || "";
  } else if (el.dataset.action === "print") {
    window.print();
  } else if (el.dataset.action === "nav-toggle") {
    el.setAttribute("aria-expanded", String(document.body.classList.toggle("nav-open")));
  }
});
