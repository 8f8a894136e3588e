/* Learning without a connection, on the pages that offer it (docs/reach.md):
   - a course's page: save it on this device (its size first), continue a saving that was interrupted,
     update or remove the saved copy (#offline-save);
   - a lesson's page: each learning form carries a key of its own (sent again, it counts once), and what was
     done offline and waits to be sent is shown as such;
   - "Saved on this device" and the offline page: what is saved, what waits to be sent, what was removed and
     why (#offline-shelf).
   The words come from the page (#offline-words, in the reader's language); the records from the shelf
   (static/js/shelf.js); the service worker (static/js/sw.js) sends and checks. */
(function () {
  "use strict";
  var shelf = self.claseShelf;
  var wordsElement = document.getElementById("offline-words");
  if (!shelf || !window.caches || !window.indexedDB || !wordsElement) return;
  var words = JSON.parse(wordsElement.textContent);
  var language = document.documentElement.lang || "es";
  var plurals = new Intl.PluralRules(language);
  var KEPT_HEADERS = ["Content-Type", "Content-Disposition", "X-Clase-Reader"];

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function counted(forms, count, values) {
    var form = forms[plurals.select(count)] || forms.other;
    return fill(form, Object.assign({ count: count.toLocaleString(language) }, values || {}));
  }
  // As the portal writes a size (portal/data_sizes.py): "812 KB", "4,3 MB", "38 MB".
  function size(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)).toLocaleString(language) + "\u00a0KB";
    var value = bytes / (1024 * 1024), unit = "MB";
    if (value >= 1024) { value /= 1024; unit = "GB"; }
    var places = Math.round(value * 10) / 10 < 10 ? 1 : 0;
    return value.toLocaleString(language, { minimumFractionDigits: places, maximumFractionDigits: places }) + "\u00a0" + unit;
  }
  function day(moment) {
    return new Date(moment).toLocaleDateString(language, { year: "numeric", month: "long", day: "numeric" });
  }
  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text) made.textContent = text;
    if (className) made.className = className;
    return made;
  }
  function cookie(name) {
    var found = document.cookie.split("; ").find(function (part) { return part.indexOf(name + "=") === 0; });
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }
  function askWorker(reason) {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "sync", reason: reason, language: language });
    });
  }

  // --- the learning forms ---------------------------------------------------------------------------------

  function learningForms() {
    document.querySelectorAll("form[action*='/learning/lessons/']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var unanswered = Array.prototype.some.call(form.querySelectorAll("fieldset"), function (question) {
          return !question.querySelector("input:checked");
        });
        if (!navigator.onLine && unanswered) { // offline, nobody can send it back to finish
          event.preventDefault();
          var alert = form.querySelector(".offline-alert") || form.insertBefore(element("p", "", "quiz-alert offline-alert"), form.firstChild);
          alert.setAttribute("role", "alert");
          alert.textContent = words.answer_all;
          return;
        }
        var key = form.querySelector("input[name=action_key]");
        if (!key) {
          key = form.appendChild(element("input"));
          key.type = "hidden";
          key.name = "action_key";
        }
        key.value = self.crypto.randomUUID();
        var token = cookie("csrftoken"), field = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (token && field) field.value = token; // a saved page's token may be older than this session's
      });
    });
  }

  function waitingOnThisPage() {
    var forms = document.querySelectorAll("form[action*='/learning/lessons/']");
    if (!forms.length && !document.getElementById("offline-save")) return;
    shelf.all("actions").then(function (actions) {
      var main = document.getElementById("main");
      var old = document.getElementById("offline-waiting");
      if (old) old.remove();
      if (actions.length && main) {
        var banner = element("p", counted(words.waiting, actions.length) + " ", "message info");
        banner.id = "offline-waiting";
        banner.setAttribute("role", "status");
        var link = element("a", words.see_waiting);
        link.href = words.saved_url;
        banner.appendChild(link);
        main.insertBefore(banner, main.firstChild);
      }
      forms.forEach(function (form) {
        var match = /\/learning\/lessons\/(\d+)\/(?:done|quizzes\/([^/]+))\/$/.exec(form.getAttribute("action"));
        if (!match) return;
        var kept = actions.find(function (action) {
          return action.lesson === Number(match[1]) && (action.block || "") === (match[2] ? decodeURIComponent(match[2]) : "");
        });
        if (kept) showKept(form, kept);
      });
    });
  }

  function showKept(form, action) {
    form.querySelectorAll("input, button").forEach(function (control) {
      if (control.name && action.answers[control.name]) control.checked = action.answers[control.name].indexOf(control.value) >= 0;
      control.disabled = true;
    });
    form.querySelectorAll("button").forEach(function (button) { button.hidden = true; });
    var note = element("p", action.kind === "quiz" ? words.kept_quiz : words.kept_done, "offline-kept");
    note.setAttribute("role", "status");
    form.appendChild(note);
  }

  // --- saving a course ------------------------------------------------------------------------------------

  function savePanel(panel) {
    var id = Number(panel.dataset.course);
    var state = panel.querySelector(".offline-state");
    var bar = panel.querySelector("progress");
    var buttons = {};
    var offered = null;
    panel.querySelectorAll("button[data-do]").forEach(function (button) { buttons[button.dataset.do] = button; });
    function show(names) {
      Object.keys(buttons).forEach(function (name) { buttons[name].hidden = names.indexOf(name) < 0; });
    }
    function render() {
      bar.hidden = true;
      return shelf.get("courses", id).then(function (course) {
        if (!course) return show(["ask"]);
        if (course.status === "saving") {
          state.textContent = fill(words.paused, { done: size(stored(course)), size: size(course.bytes) });
          return show(["resume", "remove"]);
        }
        state.textContent = fill(words.saved_on, { date: day(course.saved_at), size: size(stored(course)) });
        show(["update", "remove"]);
      });
    }
    function failed(reason) {
      bar.hidden = true;
      state.textContent = reason === "no_room" ? words.no_room : fill(words.failed, { reason: words[reason] || words.unreachable });
      return shelf.get("courses", id).then(function (course) { show(course ? ["resume", "remove"] : ["ask"]); });
    }
    function progress(done, total) {
      bar.hidden = false;
      bar.max = total || 1;
      bar.value = done;
      state.textContent = fill(words.saving, { done: size(done), size: size(total) });
    }
    function ask() {
      state.textContent = words.measuring;
      show([]);
      return fetch(panel.dataset.manifest, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status === 401) throw new Error("signed_out");
          if (!response.ok) throw new Error(response.status === 403 ? "not_open" : "unreachable");
          return response.json();
        });
    }
    buttons.ask.addEventListener("click", function () {
      ask().then(function (manifest) {
        offered = manifest;
        var text = fill(words.size_first, { lessons: counted(words.lessons, manifest.lessons.length), size: size(manifest.bytes) });
        if (manifest.left_out.terms) text += " " + counted(words.terms_left_out, manifest.left_out.terms);
        if (manifest.left_out.video) text += " " + counted(words.video_left_out, manifest.left_out.video);
        state.textContent = text;
        buttons.save.textContent = fill(words.save_size, { size: size(manifest.bytes) });
        show(["save", "cancel"]);
        buttons.save.focus();
      }, function (error) { failed(error.message); });
    });
    buttons.cancel.addEventListener("click", function () { state.textContent = ""; render(); });
    buttons.save.addEventListener("click", function () { keep(offered, false).then(render, failed); });
    buttons.resume.addEventListener("click", function () {
      shelf.get("courses", id).then(function (course) { return keep(course.manifest, false); }).then(render, failed);
    });
    buttons.update.addEventListener("click", function () {
      ask().then(function (manifest) { return keep(manifest, true); }).then(render, failed);
    });
    buttons.remove.addEventListener("click", function () {
      shelf.forget(id).then(function () { state.textContent = ""; render(); });
    });
    // A saving interrupted by the connection goes on by itself when it returns, while the page is open.
    window.addEventListener("online", function () {
      shelf.get("courses", id).then(function (course) {
        if (course && course.status === "saving") keep(course.manifest, false).then(render, failed);
      });
    });
    panel.hidden = false;
    render();

    var running = null;
    function keep(manifest, refresh) {
      if (!running) running = store(manifest, refresh, progress).finally(function () { running = null; });
      return running;
    }
  }

  function stored(course) {
    return course.entries.reduce(function (sum, entry) { return sum + (entry.stored || 0); }, 0);
  }

  // Store every address of the manifest in the course's cache, one after the other, recording each in the
  // shelf as soon as it is stored: an interrupted saving goes on from there. `refresh` (an update) fetches the
  // pages again and drops what the course no longer holds.
  function store(manifest, refresh, progress) {
    var id = manifest.course.id;
    return Promise.all([caches.open(shelf.cacheName(id)), shelf.get("courses", id)]).then(function (found) {
      var cache = found[0], before = found[1];
      var storedBefore = {};
      if (before) before.entries.forEach(function (entry) { if (entry.stored) storedBefore[entry.url] = entry.stored; });
      var record = {
        id: id,
        title: manifest.course.title,
        url: manifest.course.url,
        language: manifest.language,
        owner: manifest.owner,
        outline: manifest.lessons,
        items: manifest.items,
        aliases: manifest.aliases,
        bytes: manifest.bytes,
        entries: manifest.entries.map(function (entry) {
          var keepIt = storedBefore[entry.url] && !(refresh && entry.kind === "page");
          return Object.assign({}, entry, { stored: keepIt ? storedBefore[entry.url] : 0 });
        }),
        status: "saving",
        saved_at: before && before.saved_at,
        checked_at: Date.now(),
        manifest: manifest,
      };
      var wanted = {};
      record.entries.forEach(function (entry) { wanted[entry.url] = true; });
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          var address = new URL(request.url);
          return wanted[address.pathname + address.search] ? null : cache.delete(request);
        }));
      }).then(function () { return shelf.put("courses", record); }).then(function () {
        return record.entries.reduce(function (previous, entry) {
          return previous.then(function () {
            progress(stored(record), record.bytes);
            if (entry.stored) return null; // already on this device: an interrupted saving skips it
            return fetchOne(entry.url).then(function (response) {
              return response.blob().then(function (body) {
                var headers = new Headers();
                KEPT_HEADERS.forEach(function (name) { if (response.headers.has(name)) headers.set(name, response.headers.get(name)); });
                return cache.put(entry.url, new Response(body, { status: 200, headers: headers })).then(function () {
                  entry.stored = body.size;
                  return shelf.put("courses", record);
                });
              });
            });
          });
        }, Promise.resolve());
      }).then(function () {
        record.status = "saved";
        record.saved_at = Date.now();
        progress(stored(record), record.bytes);
        return shelf.put("courses", record);
      });
    }).catch(function (error) {
      throw new Error(error && error.name === "QuotaExceededError" ? "no_room" : (error && error.message) || "unreachable");
    });
  }

  // One address, tried again twice on a failing connection; a refusal or a log-in page stops the saving.
  function fetchOne(url, attempt) {
    attempt = attempt || 0;
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      var landed = new URL(response.url);
      if (landed.origin === location.origin && /\/accounts\/login\//.test(landed.pathname)) throw new Error("signed_out");
      if (response.status === 401) throw new Error("signed_out");
      if (response.status === 403 || response.status === 404) throw new Error("not_open");
      if (!response.ok) throw new Error("unreachable");
      return response;
    }, function () {
      if (attempt >= 2 || !navigator.onLine) throw new Error("unreachable");
      return new Promise(function (resolve) { setTimeout(resolve, 1000 * (attempt + 1)); }).then(function () {
        return fetchOne(url, attempt + 1);
      });
    });
  }

  // --- what this device keeps (Saved on this device, the offline page) -------------------------------------

  function shelfPage(root) {
    var lists = {
      courses: root.querySelector(".shelf-courses"),
      waiting: root.querySelector(".shelf-waiting"),
      notices: root.querySelector(".shelf-notices"),
    };
    function render() {
      return Promise.all([shelf.all("courses"), shelf.all("actions"), shelf.all("notices")]).then(function (found) {
        var courses = found[0], actions = found[1], notices = found[2];
        Object.keys(lists).forEach(function (name) { lists[name].textContent = ""; });
        if (!courses.length) lists.courses.appendChild(element("li", words.nothing_saved, "muted"));
        courses.forEach(function (course) { lists.courses.appendChild(courseRow(course, render)); });
        if (!actions.length) lists.waiting.appendChild(element("li", words.nothing_waiting, "muted"));
        actions.sort(function (a, b) { return a.happened_at < b.happened_at ? -1 : 1; }).forEach(function (action) {
          var text = action.kind === "quiz"
            ? fill(words.quiz_answered, { quiz: action.quiz_title || action.lesson_title, lesson: action.lesson_title })
            : fill(words.lesson_done, { lesson: action.lesson_title });
          lists.waiting.appendChild(element("li", text + " · " + fill(words.on, { date: day(action.happened_at) })));
        });
        root.querySelector(".shelf-send").hidden = !actions.length || !navigator.onLine;
        root.querySelector(".shelf-notices-section").hidden = !notices.length;
        notices.reverse().forEach(function (notice) {
          lists.notices.appendChild(element("li", notice.text + " (" + day(notice.at) + ")", notice.kind === "removed" ? "removed" : ""));
        });
      });
    }
    root.querySelector("[data-do=send]").addEventListener("click", function () { askWorker("online"); });
    root.querySelector("[data-do=clear]").addEventListener("click", function () {
      shelf.all("notices").then(function (notices) {
        return Promise.all(notices.map(function (notice) { return shelf.remove("notices", notice.id); }));
      }).then(render);
    });
    if (navigator.serviceWorker) navigator.serviceWorker.addEventListener("message", render);
    window.addEventListener("online", render);
    window.addEventListener("offline", render);
    render();
  }

  function courseRow(course, render) {
    var row = element("li", "", "shelf-course");
    var link = row.appendChild(element("a", course.title));
    link.href = course.url;
    var facts = [counted(words.lessons, course.outline.length), size(stored(course))];
    if (course.status === "saving") facts.push(fill(words.interrupted, { done: size(stored(course)), size: size(course.bytes) }));
    else facts.push(fill(words.saved_on, { date: day(course.saved_at) }));
    row.appendChild(element("span", " · " + facts.join(" · "), "muted"));
    if (shelf.locked(course)) row.appendChild(element("p", fill(words.locked, { days: shelf.LOCK_DAYS }), "locked"));
    var remove = row.appendChild(element("button", words.remove, "secondary small"));
    remove.type = "button";
    remove.addEventListener("click", function () { shelf.forget(course.id).then(render); });
    return row;
  }

  learningForms();
  waitingOnThisPage();
  var panel = document.getElementById("offline-save");
  if (panel) savePanel(panel);
  var root = document.getElementById("offline-shelf");
  if (root) shelfPage(root);
  if (navigator.serviceWorker) navigator.serviceWorker.addEventListener("message", waitingOnThisPage);
})();
