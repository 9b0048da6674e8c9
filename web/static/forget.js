/* Forget what the phone app kept of the signed-in person's company: the invoices kept for the offline search
   (IndexedDB « guichet-recentes ») and the app's pages kept by the service worker (they show names and amounts).
   Called at sign-out (the « Se déconnecter » form) and again by the sign-in page, whatever way the person left.
   The photos waiting to be sent (« guichet-photos ») stay: they are the person's, and leave at the next sign-in. */
(function () {
  "use strict";
  function forget(done) {
    var left = 2;
    var finish = function () { left -= 1; if (left === 0 && done) { done(); } };
    if (window.indexedDB) {
      var request = indexedDB.deleteDatabase("guichet-recentes");
      request.onsuccess = request.onerror = request.onblocked = finish;
    } else { finish(); }
    if (window.caches) {
      caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("guichet-mobile") === 0; }).map(function (k) {
          return caches.open(k).then(function (cache) {
            return cache.keys().then(function (requests) {
              return Promise.all(requests.filter(function (r) {
                var path = new URL(r.url).pathname;
                return path.indexOf("/static/") !== 0 && path !== "/mobile/hors-ligne";
              }).map(function (r) { return cache.delete(r); }));
            });
          });
        }));
      }).then(finish, finish);
    } else { finish(); }
  }
  window.guichetForget = forget;
  var me = document.currentScript;
  if (me && me.hasAttribute("data-forget")) { forget(); }  // the sign-in page: whoever was here left
  var logout = document.querySelector("form.logout");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      if (logout.getAttribute("data-forgotten")) { return; }
      event.preventDefault();
      forget(function () { logout.setAttribute("data-forgotten", "1"); logout.submit(); });
    });
  }
})();
