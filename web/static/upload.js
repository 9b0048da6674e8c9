// Drag-and-drop upload: one request per file, with its progress and resulting state.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  if (!zone) { return; }
  var input = document.getElementById("file-input");
  var list = document.getElementById("upload-progress");
  var url = zone.getAttribute("data-url");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var pending = 0;

  function send(file) {
    var item = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = file.name + " ";
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    var status = document.createElement("span");
    status.className = "status";
    status.textContent = "envoi…";
    item.appendChild(label); item.appendChild(bar); item.appendChild(status);
    list.appendChild(item);
    var data = new FormData();
    data.append("files", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("X-CSRFToken", token);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); } };
    pending += 1;
    xhr.onload = function () {
      pending -= 1;
      bar.value = 100;
      try {
        var body = JSON.parse(xhr.responseText);
        if (xhr.status !== 200) { throw new Error(body.error || xhr.statusText); }
        var doc = body.documents[0];
        var link = document.createElement("a");
        link.href = doc.url;
        link.textContent = doc.state_label + (doc.created ? "" : " (déjà reçu)") + (doc.reason ? " : " + doc.reason : "");
        status.textContent = "";
        status.appendChild(link);
        item.className = "done " + doc.state;
      } catch (err) {
        status.textContent = "échec : " + err.message;
        item.className = "failed";
      }
      if (pending === 0) { setTimeout(function () { window.location.reload(); }, 800); }
    };
    xhr.onerror = function () { pending -= 1; status.textContent = "échec réseau"; item.className = "failed"; };
    xhr.send(data);
  }

  function sendAll(files) { for (var i = 0; i < files.length; i++) { send(files[i]); } }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { sendAll(e.dataTransfer.files); });
  input.addEventListener("change", function () { sendAll(input.files); input.value = ""; });
})();
