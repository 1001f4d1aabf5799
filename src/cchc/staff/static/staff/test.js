// The countdown is a courtesy: the server's clock decides (answers and submits after the
// deadline are refused). At zero the form is submitted with the answers saved so far.
(function () {
  var box = document.getElementById("timer");
  if (!box) return;
  var left = parseInt(box.getAttribute("data-remaining"), 10) || 0;
  var value = document.getElementById("timer-value");
  var end = Date.now() + left * 1000;
  function tick() {
    var s = Math.max(0, Math.round((end - Date.now()) / 1000));
    value.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    if (s <= 0) {
      clearInterval(timer);
      document.getElementById("test-form").submit();
    }
  }
  var timer = setInterval(tick, 1000);
  tick();
})();
