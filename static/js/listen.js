// "Écouter": reads the lesson aloud with the browser's own voices, in the text's language.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return; // the button stays hidden
  }
  document.querySelectorAll("button[data-listen]").forEach(function (button) {
    var target = document.getElementById(button.dataset.listen);
    if (!target) {
      return;
    }
    var label = button.textContent;
    var holder = target.closest("[lang]") || document.documentElement;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        button.textContent = label;
        return;
      }
      var utterance = new SpeechSynthesisUtterance(target.innerText);
      utterance.lang = holder.getAttribute("lang");
      utterance.onend = function () {
        button.textContent = label;
      };
      button.textContent = button.dataset.stop || label;
      window.speechSynthesis.speak(utterance);
    });
  });
})();
