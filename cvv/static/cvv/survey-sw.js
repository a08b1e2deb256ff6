/* Service worker of the field-survey pages (served at /observatoire/releves/sw.js, scope
   /observatoire/releves/). In a street without network the survey page still opens: pages
   of the scope are fetched from the network first and kept; when the network fails the
   kept copy is answered. The page (survey.js) asks it to keep the page's own scripts and
   style sheet ("cache" message). Entries typed offline are not handled here: survey.js
   keeps them in IndexedDB and sends them again when the network is back.
   Forms (POST) always go to the network. Logging out deletes the kept pages (layout.js). */
"use strict";

var CACHE = "cvv-releves-pages";
var SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function sameOrigin(url) { return url.origin === self.location.origin; }

function keepable(response) {
  var type = response.headers.get("Content-Type") || "";
  return response.ok && !response.redirected && response.type === "basic" && type.indexOf("text/html") === 0;
}

function store(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      var target = new URL(url, self.location.origin);
      if (!sameOrigin(target)) return null;
      return fetch(target.href, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(target.href, response);
        return null;
      }).catch(function () { return null; });
    }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "cache" && Array.isArray(data.urls)) {
    var source = event.source;
    event.waitUntil(store(data.urls).then(function () {
      if (source) source.postMessage({ type: "cached" });
    }));
  }
});

function offlinePage() {
  var body = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Hors connexion</title></head><body><h1>Hors connexion</h1>" +
    "<p>Cette page n’a pas encore été ouverte sur ce téléphone : elle n’est pas disponible " +
    "sans réseau. Les relevés déjà ouverts le sont.</p>" +
    "<p><a href=\"" + SCOPE + "\">Relevés de terrain</a></p></body></html>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function page(request) {
  return fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request.url, { cacheName: CACHE }).then(function (kept) { return kept || offlinePage(); });
  });
}

function asset(request) {
  return fetch(request).catch(function () {
    return caches.match(request.url, { cacheName: CACHE }).then(function (kept) {
      return kept || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!sameOrigin(url)) return;
  if (request.mode === "navigate") {
    if (url.pathname.indexOf(SCOPE) === 0) event.respondWith(page(request));
    return;
  }
  // htmx fragments share their page's URL: never answer them with a kept page.
  if (request.headers.get("HX-Request")) return;
  event.respondWith(asset(request));
});
