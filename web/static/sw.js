/* Guichet's service worker (served as /mobile/sw.js, scope /mobile/): the app opens without network.
   Pages go to the network first (they show live data) and fall back to the last copy kept, then to
   the offline page; static files come from the cache. Photos taken offline are queued by photos.js
   (IndexedDB) and sent by the page when the network returns; the search without network looks in the
   invoices recent.js keeps (IndexedDB). forget.js deletes those and the pages kept here at sign-out. */
var CACHE = "guichet-mobile-v2";
var SHELL = ["/mobile/hors-ligne", "/static/guichet.css", "/static/photos.css", "/static/photos.js",
             "/static/icon-192.png", "/static/icon-512.png", "/static/recent.js", "/static/forget.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && url.pathname.indexOf("/mobile/") === 0) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || caches.match("/mobile/hors-ligne"); });
    }));
  }
});
