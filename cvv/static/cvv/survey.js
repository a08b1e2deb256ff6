/* Field survey on a phone (observatory/survey_detail.html).

   - The premises form posts with htmx: the list is replaced in place, the new line is
     scrolled to and focused, the form is emptied for the next premises.
   - Each entry carries a UUID made here (`client_id`): without network (or when the answer
     is lost) the entry is kept in IndexedDB and sent again when the network is back; the
     server recognises a UUID it already has, so a replay never makes a second line.
   - "Utiliser ma position" fills latitude and longitude from the phone's GPS; a large photo
     from the camera is shrunk before it is sent or kept.
   - A service worker (served at the surveys' URL) keeps the survey pages for offline use.
   Text is always set with textContent; no HTML is built from data. */
(function () {
  "use strict";

  var DB_NAME = "cvv-releves";
  var STORE = "saisies";
  var PHOTO_SHRINK_FROM = 1536 * 1024;
  var PHOTO_MAX_SIDE = 1600;
  var FIELDS = ["status", "address", "code", "activity", "lat", "lon", "client_id"];
  var replaying = false;

  function container() { return document.querySelector("[data-survey]"); }
  function premiseForm() { return document.querySelector("form[data-premise-form]"); }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function ensureClientId(form) {
    var input = form && form.querySelector("[name=client_id]");
    if (input && !input.value) input.value = uuid();
  }

  function say(text, offline) {
    var node = document.querySelector("[data-network-status]");
    if (!node) return;
    node.textContent = text;
    node.classList.toggle("is-offline", !!offline);
  }

  function frenchNumber(value, digits) {
    return Number(value).toFixed(digits).replace(".", ",");
  }

  /* ---- IndexedDB queue ------------------------------------------------------------ */

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("indexedDB")); return; }
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function queued() {
    var user = (container() || {}).dataset ? container().dataset.user : "";
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (entries) {
      return (entries || []).filter(function (e) { return e.user === user; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }

  function putEntry(entry) { return withStore("readwrite", function (store) { return store.put(entry); }); }
  function dropEntry(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  /* ---- Pending entries shown on the page ------------------------------------------ */

  function describe(entry) {
    var where = entry.fields.address || (entry.fields.lat ? "position " + frenchNumber(entry.fields.lat, 5) + ", " + frenchNumber(entry.fields.lon, 5) : "local");
    return where + " — " + (entry.statusLabel || entry.fields.status);
  }

  function renderPending() {
    var section = document.querySelector("[data-pending]");
    if (!section) return Promise.resolve([]);
    return queued().then(function (entries) {
      var survey = container().dataset.survey;
      var list = section.querySelector("[data-pending-list]");
      list.replaceChildren();
      var here = entries.filter(function (e) { return e.survey === survey; });
      here.forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "premise-card is-pending";
        item.id = "attente-" + entry.client_id;
        item.tabIndex = -1;
        var title = document.createElement("p");
        title.className = "premise-address";
        title.textContent = describe(entry);
        item.appendChild(title);
        var state = document.createElement("p");
        state.className = entry.error ? "error-text" : "muted";
        state.textContent = entry.error || ("Gardé sur ce téléphone" + (entry.photo ? ", avec sa photo" : "") + " : en attente du réseau.");
        item.appendChild(state);
        if (entry.error) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button button-secondary";
          remove.textContent = "Retirer de la file";
          remove.setAttribute("aria-label", "Retirer de la file : " + describe(entry));
          remove.addEventListener("click", function () { dropEntry(entry.client_id).then(renderPending); });
          item.appendChild(remove);
        }
        list.appendChild(item);
      });
      section.hidden = here.length === 0;
      blockSubmit(here.length > 0);
      return here;
    }).catch(function () { return []; });
  }

  function blockSubmit(blocked) {
    var section = document.querySelector("[data-submit-section]");
    if (!section) return;
    var note = section.querySelector("[data-submit-blocked]");
    if (note) note.hidden = !blocked;
    section.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = blocked; });
  }

  /* ---- Entries kept offline, then replayed ---------------------------------------- */

  function keep(form, reason) {
    var data = new FormData(form);
    var fields = {};
    FIELDS.forEach(function (name) { fields[name] = (data.get(name) || "").toString(); });
    if (!fields.client_id) fields.client_id = uuid();
    var photo = data.get("photo");
    var checked = form.querySelector("[name=status]:checked");
    var label = checked ? checked.closest("label").textContent.trim() : fields.status;
    var entry = {
      client_id: fields.client_id,
      url: form.getAttribute("action"),
      survey: container().dataset.survey,
      user: container().dataset.user,
      fields: fields,
      statusLabel: label,
      photo: photo && photo.size ? photo : null,
      created: Date.now(),
      error: "",
    };
    return putEntry(entry).then(function () {
      resetForm(form);
      return renderPending();
    }).then(function (here) {
      say(reason + " Local gardé sur ce téléphone (" + here.length + " en attente) : il partira au retour du réseau.", true);
      var card = document.getElementById("attente-" + entry.client_id);
      if (card) { card.scrollIntoView({ block: "center" }); card.focus({ preventScroll: true }); }
    }).catch(function () {
      say("Ce navigateur ne peut pas garder la saisie hors connexion : réessayez quand le réseau revient.", true);
    });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send(entry) {
    var body = new FormData();
    Object.keys(entry.fields).forEach(function (name) { body.append(name, entry.fields[name]); });
    if (entry.photo) body.append("photo", entry.photo, entry.photo.name || "photo.jpg");
    return fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() },
    });
  }

  function replay() {
    if (replaying || !navigator.onLine || !container()) return Promise.resolve();
    replaying = true;
    var sent = 0, here = 0, stop = "";
    return queued().then(function (entries) {
      var chain = Promise.resolve();
      entries.forEach(function (entry) {
        chain = chain.then(function () {
          if (stop) return;
          return send(entry).then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (response.ok && type.indexOf("application/json") === 0) {
              sent += 1;
              if (entry.survey === container().dataset.survey) here += 1;
              return dropEntry(entry.client_id);
            }
            if (response.status === 400 && type.indexOf("application/json") === 0) {
              return response.json().then(function (answer) {
                entry.error = "Refusé par le serveur : " + (answer.message || "saisie invalide") + " Notez-le puis retirez-le de la file.";
                return putEntry(entry);
              });
            }
            if (response.status === 404 && !response.redirected) {
              entry.error = "Relevé introuvable ou plus modifiable par vous : ce local n’a pas été envoyé. Notez-le puis retirez-le de la file.";
              return putEntry(entry);
            }
            stop = response.redirected || response.status === 403
              ? "Session expirée : reconnectez-vous, puis touchez « Envoyer maintenant »."
              : "Envoi interrompu (erreur " + response.status + ") : nouvel essai au prochain retour du réseau.";
          }, function () { stop = "Réseau encore instable : nouvel essai au prochain retour du réseau."; });
        });
      });
      return chain;
    }).then(function () {
      replaying = false;
      if (sent) say(sent + (sent > 1 ? " locaux en attente envoyés." : " local en attente envoyé."), false);
      if (stop) say(stop, true);
      var refresh = here && window.htmx
        ? window.htmx.ajax("GET", container().dataset.listUrl, { target: "#locaux", swap: "outerHTML" })
        : Promise.resolve();
      return Promise.resolve(refresh).then(renderPending).then(cachePage);
    }, function () { replaying = false; });
  }

  /* ---- After a save, an error, a lost network ------------------------------------- */

  function resetForm(form) {
    form.reset();
    form.querySelectorAll("[data-geolocate-status], [data-photo-status]").forEach(function (n) { n.textContent = ""; });
    var id = form.querySelector("[name=client_id]");
    if (id) id.value = uuid();
  }

  function onSaved(event) {
    var form = premiseForm();
    if (form) resetForm(form);
    var detail = event.detail || {};
    var line = document.getElementById("local-" + detail.id);
    if (line) {
      line.scrollIntoView({ block: "center" });
      line.focus({ preventScroll: true });
      var address = line.querySelector(".premise-address");
      var status = line.querySelector(".badge");
      say((detail.created ? "Local enregistré : " : "Ce local était déjà enregistré : ") +
        (address ? address.textContent : "") + (status ? " (" + status.textContent.toLowerCase() + ")" : "") + ".", false);
    }
    cachePage();
  }

  function isPremiseForm(element) { return element && element.matches && element.matches("form[data-premise-form]"); }

  function wireHtmx() {
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var element = event.detail.elt;
      if (navigator.onLine) return;
      if (isPremiseForm(element)) {
        event.preventDefault();
        keep(element, "Hors connexion.");
      } else if (element.closest && element.closest("[data-survey]")) {
        event.preventDefault();
        say("Hors connexion : la suppression attendra le retour du réseau.", true);
      }
    });
    ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
      document.body.addEventListener(name, function (event) {
        if (isPremiseForm(event.detail.elt)) keep(event.detail.elt, "Réseau indisponible.");
        else say("Réseau indisponible : réessayez.", true);
      });
    });
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      // The form comes back with its errors (400): show it rather than treat it as a failure.
      // (detail.elt is the swap's target here; the requesting element is in requestConfig.)
      var requester = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (event.detail.xhr.status === 400 && isPremiseForm(requester)) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    document.body.addEventListener("htmx:responseError", function (event) {
      say("L’enregistrement a échoué (erreur " + event.detail.xhr.status + ") : réessayez ou rechargez la page.", false);
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var form = premiseForm();
      if (event.detail.target && event.detail.target.id === "form-local" && form) {
        ensureClientId(form);
        var invalid = form.querySelector("[aria-invalid=true], [data-form-errors], .field-error input");
        if (invalid) invalid.focus();
      }
      renderPending();
    });
    document.body.addEventListener("cvv:premise-saved", onSaved);
  }

  /* ---- GPS and camera ------------------------------------------------------------- */

  function geolocate(button) {
    var form = button.closest("form");
    var status = form.querySelector("[data-geolocate-status]");
    if (!navigator.geolocation) { status.textContent = "Localisation indisponible sur cet appareil : indiquez l’adresse."; return; }
    status.textContent = "Localisation en cours…";
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(6);
      form.querySelector("[name=lon]").value = position.coords.longitude.toFixed(6);
      var accuracy = position.coords.accuracy ? " à " + Math.round(position.coords.accuracy) + " m près" : "";
      status.textContent = "Position relevée" + accuracy + " (" + frenchNumber(position.coords.latitude, 5) + ", " + frenchNumber(position.coords.longitude, 5) + ").";
    }, function () {
      status.textContent = "Position refusée ou introuvable : indiquez l’adresse.";
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 });
  }

  function sizeLabel(bytes) {
    return bytes >= 1024 * 1024 ? frenchNumber(bytes / (1024 * 1024), 1) + " Mo" : Math.max(1, Math.round(bytes / 1024)) + " Ko";
  }

  function shrink(file) {
    if (!window.createImageBitmap || !/^image\//.test(file.type) || file.size <= PHOTO_SHRINK_FROM) return Promise.resolve(file);
    return window.createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ? new File([blob], "photo.jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.82);
      });
    }).catch(function () { return file; });
  }

  function photoChosen(input) {
    var status = input.form && input.form.querySelector("[data-photo-status]");
    var file = input.files && input.files[0];
    if (!file || !status) return;
    status.textContent = "Préparation de la photo…";
    shrink(file).then(function (ready) {
      if (ready !== file && typeof DataTransfer === "function") {
        var transfer = new DataTransfer();
        transfer.items.add(ready);
        input.files = transfer.files;
      }
      status.textContent = "Photo prête (" + sizeLabel(ready.size) + ").";
    });
  }

  /* ---- Service worker: the survey pages stay available offline -------------------- */

  function shellUrls() {
    var urls = [location.pathname];
    document.querySelectorAll("script[src], link[rel=stylesheet][href]").forEach(function (node) {
      var url = new URL(node.src || node.href, location.href);
      if (url.origin === location.origin) urls.push(url.pathname + url.search);
    });
    return urls;
  }

  function cachePage() {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.controller.postMessage({ type: "cache", urls: [location.pathname] });
  }

  function registerWorker() {
    var node = container();
    if (!node || !("serviceWorker" in navigator) || !node.dataset.swUrl) return;
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (!event.data || event.data.type !== "cached") return;
      node.dataset.offlineReady = "true";
      var note = document.querySelector("[data-offline-note]");
      if (note) note.hidden = false;
    });
    navigator.serviceWorker.register(node.dataset.swUrl, { scope: node.dataset.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "cache", urls: shellUrls() });
    }).catch(function () { /* offline pages unavailable; online use is unaffected */ });
  }

  /* ---- Start ---------------------------------------------------------------------- */

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-geolocate]");
    if (button) geolocate(button);
    if (event.target.closest && event.target.closest("[data-replay]")) replay();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("form [name=photo]")) photoChosen(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form#form-local").forEach(ensureClientId);
    if (!container()) return;
    wireHtmx();
    window.addEventListener("online", function () { say("Réseau revenu : envoi des locaux en attente…", false); replay(); });
    window.addEventListener("offline", function () { say("Hors connexion : les locaux saisis restent sur ce téléphone jusqu’au retour du réseau.", true); });
    if (!navigator.onLine) say("Hors connexion : les locaux saisis restent sur ce téléphone jusqu’au retour du réseau.", true);
    renderPending().then(replay);
    registerWorker();
  });
})();
