/* Every page: install the service worker (/sw.js), and when the connection returns ask it to send what was
   done offline and check the saved copies; say so when a saved copy had to be removed. Pages work the same
   without it (docs/reach.md, "Learning without a connection"). */
(function () {
  "use strict";
  var worker = navigator.serviceWorker;
  if (!worker || !window.caches) return;
  var language = document.documentElement.lang;
  worker.register("/sw.js").catch(function () {});
  function sync(reason) {
    worker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "sync", reason: reason, language: language });
    });
  }
  window.addEventListener("online", function () { sync("online"); });
  if (navigator.onLine) sync("load");
  worker.addEventListener("message", function (event) {
    var removed = (event.data && event.data.removed) || [];
    var main = document.getElementById("main");
    if (!removed.length || !main || document.getElementById("offline-removed")) return;
    var notice = document.createElement("p");
    notice.id = "offline-removed";
    notice.className = "message warning";
    notice.setAttribute("role", "status");
    notice.textContent = removed.join(" ");
    main.insertBefore(notice, main.firstChild);
  });
})();
