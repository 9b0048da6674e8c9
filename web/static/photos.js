// The phone photo page: capture, preview, send with progress (web/mobile/templates/mobile/photos.html).
// Without network the photos wait on the phone (IndexedDB) and leave by themselves when it returns.
(function () {
  "use strict";
  var photos = [];
  var input = document.getElementById("photo-input");
  var list = document.getElementById("photo-list");
  var send = document.getElementById("send");
  var form = document.getElementById("photo-form");
  var bar = document.getElementById("send-progress");
  var status = document.getElementById("send-status");
  var waiting = document.getElementById("queue-status");
  var DB = "guichet-photos", STORE = "queue";

  function openDb(done) {
    if (!window.indexedDB) { done(null); return; }
    var request = indexedDB.open(DB, 1);
    request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true }); };
    request.onsuccess = function () { done(request.result); };
    request.onerror = function () { done(null); };
  }
  function queued(done) {
    openDb(function (db) {
      if (!db) { done([]); return; }
      var all = db.transaction(STORE).objectStore(STORE).getAll();
      all.onsuccess = function () { done(all.result || []); };
      all.onerror = function () { done([]); };
    });
  }
  function enqueue(item, done) {
    openDb(function (db) {
      if (!db) { status.textContent = "Pas de réseau, et ce navigateur ne peut pas garder les photos : réessayez plus tard."; return; }
      var tx = db.transaction(STORE, "readwrite");
      tx.objectStore(STORE).add(item);
      tx.oncomplete = done;
    });
  }
  function dequeue(id) {
    openDb(function (db) { if (db) { db.transaction(STORE, "readwrite").objectStore(STORE).delete(id); } });
  }
  function showQueue() {
    queued(function (items) {
      var n = items.reduce(function (sum, it) { return sum + it.files.length; }, 0);
      waiting.hidden = n === 0;
      waiting.textContent = n ? n + " photo(s) en attente de réseau : elles partiront au retour de la connexion." : "";
    });
  }

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
  function showResults(body) {
    var results = document.getElementById("results");
    body.documents.forEach(function (doc) {
      var li = document.createElement("li"); var a = document.createElement("a");
      a.href = doc.url;
      a.textContent = doc.filename + " : " + doc.state_label + (doc.created ? "" : " (déjà reçu)") + (doc.reason ? " — " + doc.reason : "");
      li.appendChild(a); results.appendChild(li);
    });
  }

  // Sends one batch; calls offline() when the network is missing (the batch is then kept).
  function upload(item, done, offline) {
    var data = new FormData();
    data.append("mode", item.mode);
    item.files.forEach(function (f, i) { data.append("photos", f.blob, f.name || ("photo-" + (i + 1) + ".jpg")); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", item.url);
    xhr.setRequestHeader("X-CSRFToken", document.querySelector('meta[name="csrf-token"]').content);
    xhr.setRequestHeader("Accept", "application/json");
    bar.hidden = false; bar.value = 0;
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); } };
    xhr.onload = function () {
      bar.value = 100;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {error: xhr.statusText}; }
      if (xhr.status !== 200) { status.textContent = "Échec : " + (body.error || xhr.status); done(false); return; }
      status.textContent = "Reçu.";
      showResults(body);
      done(true);
    };
    xhr.onerror = function () { offline(); };
    xhr.send(data);
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) { return; }
    queued(function (items) {
      if (!items.length) { return; }
      flushing = true;
      status.textContent = "Réseau revenu : envoi des photos en attente…";
      var next = function (i) {
        if (i >= items.length) { flushing = false; showQueue(); return; }
        upload(items[i], function () { dequeue(items[i].id); showQueue(); next(i + 1); },
               function () { flushing = false; status.textContent = "Toujours pas de réseau."; });
      };
      next(0);
    });
  }

  [input, document.getElementById("file-pick")].forEach(function (picker) {
    if (!picker) { return; }
    picker.addEventListener("change", function () {
      Array.prototype.forEach.call(picker.files, function (f) { photos.push(f); });
      picker.value = ""; redraw();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var item = { url: form.action, mode: form.querySelector("input[name=mode]:checked").value, created: Date.now(),
                 files: photos.map(function (f, i) { return { blob: f, name: f.name || ("photo-" + (i + 1) + ".jpg"), type: f.type }; }) };
    var keep = function () {
      enqueue(item, function () {
        status.textContent = "Pas de réseau : photos gardées sur le téléphone.";
        bar.hidden = true; photos = []; redraw(); showQueue();
      });
    };
    send.disabled = true;
    if (!navigator.onLine) { keep(); return; }
    status.textContent = "Envoi…";
    upload(item, function (ok) { if (ok) { photos = []; } redraw(); }, keep);
  });
  window.addEventListener("online", flush);
  showQueue();
  flush();
})();
