// The phone photo page: capture, preview, send with progress (web/mobile/templates/mobile/photos.html).
(function () {
  "use strict";
  var photos = [];
  var input = document.getElementById("photo-input");
  var list = document.getElementById("photo-list");
  var send = document.getElementById("send");
  var form = document.getElementById("photo-form");
  var bar = document.getElementById("send-progress");
  var status = document.getElementById("send-status");
  function redraw() {
    list.innerHTML = "";
    photos.forEach(function (file, i) {
      var li = document.createElement("li");
      var img = document.createElement("img");
      img.alt = "Photo " + (i + 1);
      img.src = URL.createObjectURL(file);
      var del = document.createElement("button");
      del.type = "button"; del.textContent = "✕"; del.setAttribute("aria-label", "Retirer la photo " + (i + 1));
      del.onclick = function () { photos.splice(i, 1); redraw(); };
      li.appendChild(img); li.appendChild(del); list.appendChild(li);
    });
    send.disabled = photos.length === 0;
    send.textContent = photos.length ? "Envoyer " + photos.length + " photo(s)" : "Envoyer";
  }
  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, function (f) { photos.push(f); });
    input.value = ""; redraw();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData();
    data.append("mode", form.querySelector("input[name=mode]:checked").value);
    photos.forEach(function (f, i) { data.append("photos", f, f.name || ("photo-" + (i + 1) + ".jpg")); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRFToken", document.querySelector('meta[name="csrf-token"]').content);
    xhr.setRequestHeader("Accept", "application/json");
    bar.hidden = false; bar.value = 0; send.disabled = true; status.textContent = "Envoi…";
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); } };
    xhr.onload = function () {
      bar.value = 100;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {error: xhr.statusText}; }
      if (xhr.status !== 200) { status.textContent = "Échec : " + (body.error || xhr.status); send.disabled = false; return; }
      status.textContent = "Reçu.";
      var results = document.getElementById("results");
      body.documents.forEach(function (doc) {
        var li = document.createElement("li"); var a = document.createElement("a");
        a.href = doc.url;
        a.textContent = doc.filename + " : " + doc.state_label + (doc.created ? "" : " (déjà reçu)") + (doc.reason ? " — " + doc.reason : "");
        li.appendChild(a); results.appendChild(li);
      });
      photos = []; redraw();
    };
    xhr.onerror = function () { status.textContent = "Échec de l'envoi : vérifiez la connexion."; send.disabled = false; };
    xhr.send(data);
  });
})();
