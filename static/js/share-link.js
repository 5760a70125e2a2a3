// "Copier" / "Partager" for a certificate's verification link: the Web Share API
// where the device has it, the clipboard otherwise, and a visible "Lien copié".
(function () {
  "use strict";
  function say(button, text) {
    var status = document.getElementById(button.dataset.status);
    if (status) {
      status.textContent = text;
    }
  }

  function copy(input, button) {
    var done = function () {
      say(button, button.dataset.copied);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select(); // copying refused: the link is selected to copy by hand
      });
    } else {
      input.select();
      if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    }
  }

  document.querySelectorAll("button[data-copy], button[data-share]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy || button.dataset.share);
    if (!input) {
      return;
    }
    if (button.dataset.share) {
      if (!navigator.share) {
        return; // no Web Share API: "Copier" alone
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.dataset.title, url: input.value }).catch(function () {});
      });
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(input, button);
    });
  });
})();
