// The kiosk's thank-you page goes back to the list by itself, so the next citizen at a shared
// tablet does not see the last one's rating. A meta refresh did that with no warning and no way
// to stop it (WCAG 2.2.1, "Timing Adjustable"); here the countdown is visible and "Ở lại trang
// này" turns it off. Without JavaScript nothing moves and "Xong" goes back.
(function () {
  var box = document.getElementById("kiosk-return");
  if (!box) return;
  var left = parseInt(box.getAttribute("data-seconds"), 10) || 20;
  var value = document.getElementById("kiosk-return-seconds");
  var href = box.getAttribute("data-href");
  box.hidden = false;
  var timer = setInterval(function () {
    left -= 1;
    value.textContent = String(Math.max(left, 0));
    if (left <= 0) {
      clearInterval(timer);
      window.location.assign(href);
    }
  }, 1000);
  document.getElementById("kiosk-return-stop").addEventListener("click", function () {
    clearInterval(timer);
    box.hidden = true;
  });
})();
