// Quiz time limit: a countdown, spoken at 5 and 1 minute only (not every second),
// and when time is up the answers are locked and the learner is told why.
// The server refuses late answers anyway; this only spares typing in vain.
(function () {
  "use strict";
  var timer = document.querySelector("[data-quiz-timer]");
  if (!timer) {
    return;
  }
  var left = parseInt(timer.dataset.secondsLeft, 10);
  if (isNaN(left)) {
    return;
  }
  // Counted on this page's monotonic clock from the server's figure: a wrong
  // clock on the learner's computer changes nothing.
  var end = performance.now() + left * 1000;
  var shown = timer.querySelector("[data-countdown]");
  var announce = timer.querySelector("[data-announce]");
  var timeUp = timer.querySelector("[data-time-up]");
  var said = {};
  var marks = [300, 60];
  marks.forEach(function (mark) {
    if (left <= mark) {
      said[mark] = true; // already below when the page opened: nothing to warn
    }
  });

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function lock() {
    document.querySelectorAll("form.quiz-form").forEach(function (form) {
      form.querySelectorAll("input, select, textarea, button").forEach(function (field) {
        field.disabled = true;
      });
    });
    shown.textContent = clock(0);
    timeUp.hidden = false;
  }

  shown.parentElement.hidden = false;

  function tick() {
    var seconds = Math.max(0, Math.ceil((end - performance.now()) / 1000));
    shown.textContent = clock(seconds);
    marks.forEach(function (mark) {
      if (seconds <= mark && !said[mark]) {
        said[mark] = true;
        announce.textContent = timer.getAttribute("data-announce-" + mark);
      }
    });
    if (seconds <= 0) {
      lock();
      return;
    }
    // Next tick just after the next whole second.
    window.setTimeout(tick, ((end - performance.now()) % 1000) + 5);
  }
  tick();
})();
