/* The phone app's search without network (web/mobile/templates/mobile/app.html). While online, the company's
   latest invoices (/mobile/dossiers/<id>/recentes.json) are kept in IndexedDB under the person and the company;
   without network, the search form looks there instead of asking the server. forget.js deletes them at sign-out. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.indexedDB) { return; }
  var DB = "guichet-recentes", STORE = "invoices";
  var scope = form.getAttribute("data-user") + ":" + form.getAttribute("data-company");
  var state = document.getElementById("offline-state");
  var results = document.getElementById("offline-results");

  function openDb(done) {
    var request = indexedDB.open(DB, 1);
    request.onupgradeneeded = function () {
      var store = request.result.createObjectStore(STORE, { keyPath: "key" });
      store.createIndex("scope", "scope");
    };
    request.onsuccess = function () { done(request.result); };
    request.onerror = function () { done(null); };
  }
  function kept(done) {
    openDb(function (db) {
      if (!db) { done([]); return; }
      var all = db.transaction(STORE).objectStore(STORE).index("scope").getAll(scope);
      all.onsuccess = function () { done(all.result || []); };
      all.onerror = function () { done([]); };
    });
  }
  function keep(invoices, done) {
    openDb(function (db) {
      if (!db) { done(0); return; }
      var tx = db.transaction(STORE, "readwrite"), store = tx.objectStore(STORE);
      var old = store.index("scope").getAllKeys(scope);
      old.onsuccess = function () {
        (old.result || []).forEach(function (key) { store.delete(key); });
        invoices.forEach(function (inv) { inv.key = scope + ":" + inv.id; inv.scope = scope; store.put(inv); });
      };
      tx.oncomplete = function () { done(invoices.length); };
      tx.onerror = function () { done(0); };
    });
  }
  function plain(text) {
    return (text || "").toString().normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function compact(text) { return plain(text).replace(/[\s\u00a0\u202f€]/g, "").replace(",", "."); }
  function matches(inv, query) {
    var hay = plain([inv.number, inv.seller, inv.buyer, inv.date, inv.total].join(" "));
    var words = plain(query).split(/\s+/).filter(Boolean);
    if (words.length && words.every(function (w) { return hay.indexOf(w) >= 0; })) { return true; }
    var amount = compact(query);
    return /^\d+(\.\d+)?$/.test(amount) && inv.raw_total !== "" &&
      Number(inv.raw_total) === Number(amount);
  }
  function show(found, query) {
    results.innerHTML = "";
    results.hidden = false;
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = "Aucune facture gardée sur le téléphone ne correspond à « " + query + " ».";
      results.appendChild(none);
      return;
    }
    found.slice(0, 50).forEach(function (inv) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = inv.url;
      a.textContent = (inv.number || "—") + " — " + (inv.seller || inv.buyer || "—");
      a.setAttribute("translate", "no");
      var detail = document.createElement("span");
      detail.className = "small block";
      detail.textContent = [inv.date, inv.total, inv.state].filter(Boolean).join(" · ");
      li.appendChild(a);
      li.appendChild(detail);
      results.appendChild(li);
    });
  }
  function say(count, offline) {
    state.textContent = offline
      ? "Hors ligne : la recherche porte sur les " + count + " facture(s) gardée(s) sur le téléphone."
      : count + " facture(s) récente(s) gardée(s) sur le téléphone pour chercher sans réseau.";
    form.setAttribute("data-kept", String(count));
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) { return; }
    event.preventDefault();
    var query = document.getElementById("search-q").value.trim();
    kept(function (all) {
      show(all.filter(function (inv) { return matches(inv, query); }), query);
    });
  });
  if (navigator.onLine) {
    fetch(form.getAttribute("data-recent-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        if (String(data.user) + ":" + String(data.company) !== scope) { return; }
        keep(data.invoices, function (n) { say(n, false); });
      })
      .catch(function () { kept(function (all) { say(all.length, true); }); });
  } else {
    kept(function (all) { say(all.length, true); });
  }
})();
