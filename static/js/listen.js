// "Écouter": reads the lesson aloud with the browser's own voices, in the text's language.
// With no voice (or a speech error) the button comes back and says why.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return; // the button stays hidden
  }
  var synth = window.speechSynthesis;
  document.querySelectorAll("button[data-listen]").forEach(function (button) {
    var target = document.getElementById(button.dataset.listen);
    if (!target) {
      return;
    }
    var label = button.textContent;
    var holder = target.closest("[lang]") || document.documentElement;
    var notice = null;
    var watchdog = null;
    button.hidden = false;

    function reset() {
      window.clearTimeout(watchdog);
      button.textContent = label;
    }

    function unavailable() {
      reset();
      synth.cancel();
      if (!notice) {
        notice = document.createElement("span");
        notice.className = "listen-unavailable";
        notice.setAttribute("role", "status");
        button.insertAdjacentElement("afterend", notice);
      }
      notice.textContent = " " + (button.dataset.unavailable || "");
    }

    button.addEventListener("click", function () {
      if (synth.speaking || synth.pending) {
        synth.cancel();
        reset();
        return;
      }
      if (!synth.getVoices().length) {
        unavailable(); // no voice installed: speak() would stay silent
        return;
      }
      var utterance = new SpeechSynthesisUtterance(target.innerText);
      utterance.lang = holder.getAttribute("lang");
      utterance.onend = reset;
      utterance.onerror = function (event) {
        if (event.error === "canceled" || event.error === "interrupted") {
          reset();
        } else {
          unavailable();
        }
      };
      utterance.onstart = function () {
        window.clearTimeout(watchdog);
      };
      button.textContent = button.dataset.stop || label;
      synth.speak(utterance);
      // Some browsers neither start nor fail without a voice engine.
      watchdog = window.setTimeout(function () {
        if (!synth.speaking) {
          unavailable();
        }
      }, 3000);
    });
  });
})();
