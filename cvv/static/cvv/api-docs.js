/* The API documentation page: Swagger UI (vendored) on the OpenAPI document named by the
   container's data-openapi-url. No external resource: the online validator is off. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("swagger-ui");
    if (!node || typeof window.SwaggerUIBundle === "undefined") return;
    window.cvvApiDocs = window.SwaggerUIBundle({
      url: node.dataset.openapiUrl,
      domNode: node,
      deepLinking: true,
      layout: "BaseLayout",
      validatorUrl: null,
      presets: [window.SwaggerUIBundle.presets.apis],
    });
  });
})();
