/* The shelf: what this device keeps for learning without a connection, shared by the service worker
   (static/js/sw.js, through importScripts) and the pages (static/js/offline.js).

   IndexedDB "clase-offline" holds four stores:
   - courses: one record per saved course, by the course page's id: its title and address, who saved it
     (owner: a user id), its lessons, every address stored with its size and the page whose access it follows
     (entries), the images' other renditions (aliases: address -> the one stored), when it was saved and
     when its access was last checked (checked_at; unchecked for LOCK_DAYS, it locks itself);
   - actions: what the reader did offline and waits to be sent, by its key (sent once: docs/reach.md);
   - notices: what the reader is told once (a copy removed and why, what the server counted);
   - meta: the last language the reader used, the last check.
   Each saved course's files are in a cache of its own ("clase-course-<id>"), never with anything else. */
(function (scope) {
  "use strict";
  var DB = "clase-offline";
  var LOCK_DAYS = 30;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("courses", { keyPath: "id" });
        db.createObjectStore("actions", { keyPath: "key" });
        db.createObjectStore("notices", { keyPath: "id", autoIncrement: true });
        db.createObjectStore("meta");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(store, mode);
        var request = work(transaction.objectStore(store));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  var shelf = {
    LOCK_DAYS: LOCK_DAYS,
    all: function (store) { return run(store, "readonly", function (s) { return s.getAll(); }); },
    get: function (store, key) { return run(store, "readonly", function (s) { return s.get(key); }); },
    put: function (store, value, key) {
      return run(store, "readwrite", function (s) { return key === undefined ? s.put(value) : s.put(value, key); });
    },
    remove: function (store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); },
    cacheName: function (courseId) { return "clase-course-" + courseId; },
    // A copy whose access has not been checked for LOCK_DAYS does not open until the next check.
    locked: function (course, now) {
      return (now || Date.now()) - (course.checked_at || 0) > LOCK_DAYS * 24 * 3600 * 1000;
    },
    forget: function (courseId) {
      return caches.delete(shelf.cacheName(courseId)).then(function () { return shelf.remove("courses", courseId); });
    },
    tell: function (notice) {
      notice.at = notice.at || new Date().toISOString();
      return shelf.put("notices", notice);
    },
    // The saved course holding this lesson, from the address of the lesson's page or of its id.
    courseOfLesson: function (lessonId) {
      return shelf.all("courses").then(function (courses) {
        return courses.find(function (course) {
          return (course.outline || []).some(function (lesson) { return lesson.id === lessonId; });
        }) || null;
      });
    },
  };
  scope.claseShelf = shelf;
})(self);
