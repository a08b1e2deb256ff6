/* Every page: marks that scripts run (the CSS then folds the menu on small screens), opens
   and closes the menu, and on logout forgets the survey pages kept for offline use.
   Loaded in <head> without defer so that the folded menu never flashes open. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var SURVEY_CACHE = "cvv-releves-pages";

  function menu() {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector(".menu-toggle");
    if (!toggle) return;
    function set(open) {
      header.classList.toggle("menu-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.addEventListener("click", function () {
      set(!header.classList.contains("menu-open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        set(false);
        toggle.focus();
      }
    });
  }

  function forgetOfflinePages() {
    document.querySelectorAll("form[data-logout]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.caches || form.dataset.forgotten) return;
        // Log out once the kept pages are deleted (at most one second later).
        event.preventDefault();
        form.dataset.forgotten = "true";
        var timeout = new Promise(function (resolve) { window.setTimeout(resolve, 1000); });
        Promise.race([window.caches.delete(SURVEY_CACHE), timeout])
          .catch(function () { return null; })
          .then(function () { form.submit(); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { menu(); forgetOfflinePages(); });
})();
