/* Live states without reload (issue 19): light polling while a document still moves.
   The list (#documents[data-states-url]) asks for the states of its moving rows; the
   document page (#live[data-url]) asks for its own state and follow-up progress and
   reloads itself once the document comes to rest in a new state. */
(function () {
  "use strict";
  var MOVING = ["received", "to_extract", "extracted", "checked", "sealed"];
  var DELAY = 3000, MAX_DELAY = 30000;

  function getJSON(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () { if (xhr.status === 200) { done(JSON.parse(xhr.responseText)); } };
    xhr.send();
  }

  var table = document.querySelector("#documents[data-states-url]");
  if (table) {
    var delay = DELAY;
    var poll = function () {
      var rows = Array.prototype.filter.call(table.querySelectorAll("tr[data-id]"), function (tr) {
        return MOVING.indexOf(tr.getAttribute("data-state")) >= 0;
      });
      if (!rows.length) { return; }
      var ids = rows.map(function (tr) { return tr.getAttribute("data-id"); }).join(",");
      getJSON(table.getAttribute("data-states-url") + "?ids=" + ids, function (states) {
        var changed = false;
        rows.forEach(function (tr) {
          var s = states[tr.getAttribute("data-id")];
          if (!s) { return; }
          var reason = tr.querySelector(".live-reason");
          if (s.state === tr.getAttribute("data-state")) {
            /* Same state: only the reading's progress ("lecture (OCR) : page 2/5") moves. */
            if (reason && s.progress && reason.textContent !== s.progress) { reason.textContent = s.progress; changed = true; }
            return;
          }
          changed = true;
          tr.setAttribute("data-state", s.state);
          tr.className = "state-" + s.state;
          var badge = tr.querySelector(".live-state");
          if (badge) { badge.className = "badge live-state " + s.state; badge.textContent = s.label; }
          if (reason) { reason.textContent = s.state === "rejected" ? s.reason : (s.progress || ""); }
        });
        delay = changed ? DELAY : Math.min(delay * 1.5, MAX_DELAY);
        setTimeout(poll, delay);
      });
    };
    setTimeout(poll, DELAY);
  }

  var select = document.getElementById("select-all");
  if (select) {
    select.addEventListener("change", function () {
      Array.prototype.forEach.call(document.querySelectorAll("#documents input[name=ids]"), function (box) {
        box.checked = select.checked;
      });
    });
  }

  var live = document.querySelector("#live[data-url]");
  if (live) {
    var first = live.getAttribute("data-state"), pageDelay = DELAY;
    var follow = function () {
      getJSON(live.getAttribute("data-url"), function (s) {
        if (s.state !== first && !s.moving) { window.location.reload(); return; }
        var status = live.querySelector(".live-status");
        if (status) {
          var parts = [s.label + (s.progress ? " — " + s.progress : "")];
          (s.stages || []).forEach(function (st) { parts.push(st.label + " : " + st.status_label.toLowerCase()); });
          status.textContent = parts.join(" · ");
        }
        if (s.moving) { pageDelay = Math.min(pageDelay * 1.3, MAX_DELAY); setTimeout(follow, pageDelay); }
        else if (s.state !== first) { window.location.reload(); }
      });
    };
    if (live.getAttribute("data-moving") === "1") { setTimeout(follow, DELAY); }
  }

  /* The integrity check asked for on Administration › Archives: its steps as they come, then the result. */
  var verify = document.querySelector("#verify-progress[data-running='1']");
  if (verify) {
    var verifyDelay = DELAY;
    var watch = function () {
      getJSON(verify.getAttribute("data-url"), function (s) {
        if (!s.running) { window.location.reload(); return; }
        var badge = verify.querySelector(".live-state");
        if (badge) { badge.textContent = s.label; }
        var list = verify.querySelector(".live-steps");
        if (list) {
          list.innerHTML = "";
          s.steps.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; list.appendChild(li); });
        }
        verifyDelay = Math.min(verifyDelay * 1.3, MAX_DELAY);
        setTimeout(watch, verifyDelay);
      });
    };
    setTimeout(watch, DELAY);
  }
})();
