/* Cla@se's service worker: the portal as an installable web app, and the courses a reader saved, without a
   connection. Served at /sw.js by courses/views/web_app.py, which writes self.CLASE in front of this file:
   {version, precache and keep_when_used: [static addresses], shelf: shelf.js, offline: {language: address},
   languages}.

   - It keeps the offline page (in each language the reader uses, asked for without cookies: the same page for
     everyone) and the static files it needs, in "clase-static-<version>". A new version installs beside the
     old one and takes over once no page of the old one is open; only then are the old files removed, so no
     page is ever served with another release's files.
   - It stores no page by itself. The only personal pages on this device are those of a course the reader
     saved (static/js/offline.js stores them in the course's own cache): they open without a connection,
     and are refreshed when the reader opens them online.
   - Without a connection, a lesson marked done or a quiz answered (the pages' own forms) is kept in the shelf
     (static/js/shelf.js) and sent when the connection returns, with its key, so that the server counts it
     once. Then it asks once which saved copies the reader may still open, removes the others and says why.
   docs/reach.md, "Learning without a connection", tells the whole story. */
"use strict";
importScripts(self.CLASE.shelf);

var CONFIG = self.CLASE;
var shelf = self.claseShelf;
var STATIC = "clase-static-" + CONFIG.version;
var LEARNING = /^\/([a-z]{2})\/learning\/lessons\/(\d+)\/(done|quizzes\/([^/]+))\/$/;
var WEAK_CONNECTION_MS = 8000; // a saved page opens from the device when the network takes longer
var CHECK_EVERY_MS = 15 * 60 * 1000; // on page loads; a reconnection checks at once
var SENT_PER_REQUEST = 50;

// --- install, update ---------------------------------------------------------------------------------------

self.addEventListener("install", function (event) {
  event.waitUntil(shelf.get("meta", "languages").then(function (languages) {
    var offlinePages = (languages || []).map(function (code) { return CONFIG.offline[code]; }).filter(Boolean);
    return caches.open(STATIC).then(function (cache) {
      return cache.addAll(CONFIG.precache.map(function (url) { return new Request(url, { cache: "no-cache" }); })
        .concat(offlinePages.map(asVisitor)));
    });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(Promise.all([
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("clase-static-") === 0 && name !== STATIC;
      }).map(function (name) { return caches.delete(name); }));
    }),
    self.registration.navigationPreload && self.registration.navigationPreload.enable(),
  ]));
});

function asVisitor(url) {
  return new Request(url, { credentials: "omit", cache: "no-cache" });
}

function rememberLanguage(code) {
  if (!CONFIG.offline[code]) return Promise.resolve();
  return Promise.all([shelf.get("meta", "languages"), caches.open(STATIC)]).then(function (found) {
    var languages = found[0] || [];
    var cache = found[1];
    if (languages.indexOf(code) < 0) languages.push(code);
    return Promise.all([
      shelf.put("meta", languages, "languages"),
      shelf.put("meta", code, "language"),
      cache.match(CONFIG.offline[code]).then(function (kept) {
        return kept || cache.add(asVisitor(CONFIG.offline[code]));
      }),
    ]);
  });
}

// --- answering requests ------------------------------------------------------------------------------------

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === "POST") {
    if (LEARNING.test(url.pathname)) event.respondWith(sendOrKeep(event, url));
    return;
  }
  if (request.method !== "GET" || url.pathname === "/sw.js") return;
  if (request.mode === "navigate") event.respondWith(navigate(event, url));
  else if (url.pathname.indexOf("/static/") === 0) event.respondWith(staticFile(request));
  else if (url.pathname.indexOf("/media/") === 0 || url.pathname.indexOf("/lesson-media/") === 0) {
    event.respondWith(networkElseSaved(request, url));
  }
});

function languageOf(url) {
  var code = url.pathname.split("/")[1];
  return CONFIG.offline[code] ? code : null;
}

function offlinePage(code) {
  var codes = [code].concat(CONFIG.languages);
  return caches.open(STATIC).then(function (cache) {
    return codes.reduce(function (found, each) {
      return found.then(function (page) { return page || (CONFIG.offline[each] && cache.match(CONFIG.offline[each])); });
    }, Promise.resolve(null));
  }).then(function (page) {
    return page || new Response("", { status: 503, statusText: "Offline" });
  });
}

// The copy of this address in a saved course: {course, response}, {course, locked: true}, or null.
function savedCopy(url) {
  var address = url.pathname + url.search;
  return shelf.all("courses").then(function (courses) {
    var course = null, stored = null;
    courses.some(function (each) {
      var aliases = each.aliases || {};
      stored = [address, url.pathname, aliases[address]].find(function (candidate) {
        return candidate && (each.entries || []).some(function (entry) { return entry.url === candidate; });
      });
      if (stored) course = each;
      return Boolean(stored);
    });
    if (!course) return null;
    if (shelf.locked(course)) return { course: course, locked: true };
    return caches.open(shelf.cacheName(course.id)).then(function (cache) {
      return cache.match(stored, { ignoreVary: true });
    }).then(function (response) {
      return response ? { course: course, response: response, exact: stored === address } : null;
    });
  });
}

function fromShelf(found, url) {
  if (found && found.response) return found.response;
  return offlinePage(languageOf(url));
}

function navigate(event, url) {
  var found = savedCopy(url);
  if (!navigator.onLine) {
    return found.then(function (saved) { return fromShelf(saved, url); });
  }
  var network = Promise.resolve(event.preloadResponse).then(function (preloaded) {
    return preloaded || fetch(event.request);
  });
  // On a weak connection, a saved page does not wait for the network for long.
  var patience = found.then(function (saved) {
    if (!saved || !saved.response) return new Promise(function () {});
    return new Promise(function (resolve, reject) { setTimeout(reject, WEAK_CONNECTION_MS, new Error("slow")); });
  });
  return Promise.race([network, patience]).then(function (response) {
    event.waitUntil(found.then(function (saved) { return keepFresh(saved, url, response.clone()); }));
    return response;
  }, function () {
    return found.then(function (saved) { return fromShelf(saved, url); });
  });
}

// A saved page opened online is stored again as the server has just shown it, so that its progress is up to
// date offline: only the reader who saved it, a plain page (no redirect), at the very address saved.
function keepFresh(saved, url, response) {
  if (!saved || !saved.response || !saved.exact || response.status !== 200 || response.redirected) return;
  if (response.headers.get("X-Clase-Reader") !== String(saved.course.owner)) return;
  return caches.open(shelf.cacheName(saved.course.id)).then(function (cache) {
    return cache.put(url.pathname + url.search, response);
  });
}

function staticFile(request) {
  return caches.match(request, { cacheName: STATIC }).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok && CONFIG.keep_when_used.indexOf(new URL(request.url).pathname) >= 0) {
        var copy = response.clone();
        caches.open(STATIC).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    }, function () {
      return caches.match(request, { ignoreVary: true }).then(function (saved) {
        return saved || Response.error();
      });
    });
  });
}

function networkElseSaved(request, url) {
  return fetch(request).catch(function () {
    return savedCopy(url).then(function (saved) {
      return saved && saved.response ? saved.response : Response.error();
    });
  });
}

// --- what the reader does offline ------------------------------------------------------------------------

function sendOrKeep(event, url) {
  var copy = event.request.clone();
  var sent = navigator.onLine ? fetch(event.request) : Promise.reject(new Error("offline"));
  return sent.catch(function () {
    return copy.formData().then(function (form) { return keep(form, url); });
  });
}

function keep(form, url) {
  var match = LEARNING.exec(url.pathname);
  var lessonId = Number(match[2]);
  var block = match[4] ? decodeURIComponent(match[4]) : "";
  return shelf.courseOfLesson(lessonId).then(function (course) {
    if (!course) return offlinePage(match[1]);
    var outline = course.outline;
    var position = outline.findIndex(function (lesson) { return lesson.id === lessonId; });
    var lesson = outline[position];
    var action = {
      key: form.get("action_key") || self.crypto.randomUUID(),
      kind: block ? "quiz" : "lesson_done",
      lesson: lessonId,
      block: block,
      answers: {},
      version: form.get("quiz_version") || "",
      happened_at: new Date().toISOString(),
      owner: course.owner,
      course: course.id,
      lesson_title: lesson.title,
      quiz_title: block ? ((lesson.quizzes || []).find(function (quiz) { return quiz.id === block; }) || {}).title || "" : "",
      language: match[1],
    };
    form.forEach(function (value, name) {
      if (/^q\d+$/.test(name)) (action.answers[name] = action.answers[name] || []).push(value);
    });
    var next = block ? lesson.url + "#quiz-" + block : (outline[position + 1] || { url: course.url }).url;
    return replaceUnsentAttempt(action).then(function () {
      return shelf.put("actions", action);
    }).then(function () {
      if (self.registration.sync) self.registration.sync.register("clase-send").catch(function () {});
      return Response.redirect(new URL(next, location.origin).href, 303);
    });
  });
}

// Answering a quiz again before the first answers could be sent replaces them: one attempt per quiz waits.
function replaceUnsentAttempt(action) {
  if (action.kind !== "quiz") return Promise.resolve();
  return shelf.all("actions").then(function (actions) {
    return Promise.all(actions.filter(function (each) {
      return each.kind === "quiz" && each.lesson === action.lesson && each.block === action.block && !each.tried;
    }).map(function (each) { return shelf.remove("actions", each.key); }));
  });
}

// --- when the connection returns ---------------------------------------------------------------------------

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "sync") {
    event.waitUntil(rememberLanguage(data.language).catch(function () {}).then(function () {
      return sync(data.language, data.reason === "online");
    }));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "clase-send") event.waitUntil(sync(null, true));
});

var syncing = null;

function sync(code, reconnected) {
  if (!syncing) {
    syncing = syncOnce(code, reconnected).catch(function () { return []; }).then(function (told) {
      syncing = null;
      return broadcast(told || []);
    });
  }
  return syncing;
}

function syncOnce(code, reconnected) {
  return Promise.all([shelf.all("courses"), shelf.all("actions"), shelf.get("meta", "checked"), shelf.get("meta", "language")])
    .then(function (found) {
      var courses = found[0], actions = found[1], checked = found[2] || 0;
      code = code || found[3] || CONFIG.languages[0];
      if (!courses.length && !actions.length) return [];
      if (!reconnected && !actions.length && Date.now() - checked < CHECK_EVERY_MS) return [];
      return check(code, courses).then(function (answer) {
        if (!answer.user) return []; // signed out: nothing is sent, nothing removed, until the reader signs in
        var mine = actions.filter(function (action) { return action.owner === answer.user; });
        return send(code, mine, answer.token).then(function () {
          return applyCheck(courses.filter(function (course) { return course.owner === answer.user; }), answer);
        });
      });
    });
}

// One request: which saved items (courses, lessons, materials) may this reader still open?
function check(code, courses) {
  var kinds = { course: [], lesson: [], material: [] };
  courses.forEach(function (course) {
    (course.items || []).forEach(function (item) { if (kinds[item.kind]) kinds[item.kind].push(item.id); });
  });
  var query = Object.keys(kinds).map(function (kind) { return kind + "s=" + kinds[kind].join(","); }).join("&");
  return fetch("/" + code + "/offline/check/?" + query, {
    credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
  }).then(function (response) {
    if (!response.ok) throw new Error("check " + response.status);
    return response.json();
  }).then(function (answer) {
    return shelf.put("meta", Date.now(), "checked").then(function () { return answer; });
  });
}

function send(code, actions, token) {
  if (!actions.length) return Promise.resolve();
  var batch = actions.slice(0, SENT_PER_REQUEST);
  return Promise.all(batch.map(function (action) {
    action.tried = true; // sent once at least: from now on it is only ever sent again with the same key
    return shelf.put("actions", action);
  })).then(function () {
    return fetch("/" + code + "/offline/actions/", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json" },
      body: JSON.stringify({ actions: batch.map(function (action) {
        return {
          key: action.key, kind: action.kind, lesson: action.lesson, block: action.block,
          answers: action.answers, version: action.version, happened_at: action.happened_at,
        };
      }) }),
    });
  }).then(function (response) {
    if (!response.ok) throw new Error("send " + response.status);
    return response.json();
  }).then(function (answer) {
    return Promise.all(answer.results.map(function (result) {
      return shelf.remove("actions", result.key).then(function () {
        return shelf.tell({ kind: "sent", text: result.message, counted: result.counted });
      });
    }));
  }).then(function () {
    return send(code, actions.slice(SENT_PER_REQUEST), token);
  });
}

// Remove what the reader may no longer open, and say why; what remains counts as checked today.
function applyCheck(courses, answer) {
  var gone = answer.gone || {};
  var told = [];
  return Promise.all(courses.map(function (course) {
    var courseGone = gone[String(course.id)];
    if (courseGone) {
      var text = courseGone.message;
      told.push(text);
      return shelf.forget(course.id).then(function () {
        return shelf.tell({ kind: "removed", title: course.title, text: text });
      });
    }
    var dropped = (course.items || []).filter(function (item) { return gone[String(item.id)]; });
    return caches.open(shelf.cacheName(course.id)).then(function (cache) {
      return Promise.all(dropped.map(function (item) {
        var entries = course.entries.filter(function (entry) { return entry.item === item.id; });
        course.entries = course.entries.filter(function (entry) { return entry.item !== item.id; });
        return Promise.all(entries.map(function (entry) { return cache.delete(entry.url); })).then(function () {
          if (item.kind !== "material") return null;
          var text = gone[String(item.id)].message;
          told.push(text);
          return shelf.tell({ kind: "removed", title: item.title, text: text });
        });
      }));
    }).then(function () {
      course.items = course.items.filter(function (item) { return !gone[String(item.id)]; });
      course.bytes = course.entries.reduce(function (sum, entry) { return sum + (entry.stored || 0); }, 0);
      course.checked_at = Date.now();
      return shelf.put("courses", course);
    });
  })).then(function () { return told; });
}

function broadcast(told) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage({ type: "synced", removed: told }); });
  });
}
