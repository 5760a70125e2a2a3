/* Plays an H5P lesson with h5p-standalone; sends each xAPI statement and the
   learner's state to the server (with the CSRF token). No inline script: the
   options come from the json_script block "h5p-options". */
(function () {
  "use strict";

  var player = document.getElementById("h5p-player");
  var optionsNode = document.getElementById("h5p-options");
  if (!player || !optionsNode || !window.H5PStandalone) {
    return;
  }
  var options = JSON.parse(optionsNode.textContent);
  var status = document.getElementById("h5p-status");
  var FINISHING = /\/(answered|completed)$/;
  var lastState = null;
  var stateTimer = null;

  function post(url, body, keepalive) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(keepalive),
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": player.dataset.csrf
      },
      body: body
    });
  }

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function currentState() {
    var instance = window.H5P && H5P.instances && H5P.instances[0];
    if (!instance || typeof instance.getCurrentState !== "function") {
      return null;
    }
    var state = instance.getCurrentState();
    return state === undefined ? null : JSON.stringify(state);
  }

  function saveState(keepalive) {
    var state = currentState();
    if (state === null || state === lastState) {
      return;
    }
    lastState = state;
    post(player.dataset.stateUrl, state, keepalive).catch(function () {
      lastState = null; // try again next time
    });
  }

  function isRootFinish(statement) {
    var verb = statement.verb && statement.verb.id;
    var object = statement.object && statement.object.id;
    return FINISHING.test(verb || "") && String(object).indexOf("?") === -1;
  }

  function scoreText(statement) {
    var score = statement.result && statement.result.score;
    if (!score || typeof score.max !== "number") {
      return "";
    }
    return player.dataset.scoreMessage
      .replace("{raw}", String(score.raw))
      .replace("{max}", String(score.max));
  }

  function onStatement(event) {
    var statement = event.data.statement;
    post(player.dataset.xapiUrl, JSON.stringify(statement))
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        if (isRootFinish(statement)) {
          player.dataset.finished = "true";
          say(player.dataset.finishedMessage + " " + scoreText(statement));
        }
      })
      .catch(function () {
        say(player.dataset.errorMessage);
      });
    clearTimeout(stateTimer);
    stateTimer = setTimeout(saveState, 1000);
  }

  new window.H5PStandalone.H5P(player, options).then(function () {
    H5P.externalDispatcher.on("xAPI", onStatement);
    player.dataset.ready = "true";
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      saveState(true);
    }
  });
  window.addEventListener("pagehide", function () {
    saveState(true);
  });
})();
