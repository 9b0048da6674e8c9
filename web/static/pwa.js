/* Installs the phone app's service worker (pages of /mobile/ only). */
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/mobile/sw.js", { scope: "/mobile/" }).catch(function () { /* no offline copy */ });
}
