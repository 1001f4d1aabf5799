// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:responseError", function (evt) {
  var box = document.createElement("div");
  box.className = "msg msg-error";
  box.setAttribute("role", "alert");
  try { box.textContent = JSON.parse(evt.detail.xhr.responseText).message; }
  catch (e) { box.textContent = evt.detail.xhr.responseText.replace(/<[^>]+>/g, " ").trim().slice(0, 300) || "Có lỗi xảy ra."; }
  var main = document.querySelector("main"); main.insertBefore(box, main.firstChild);
});
