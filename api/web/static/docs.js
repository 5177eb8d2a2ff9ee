// Starts Swagger UI on /docs. A file of its own, not an inline script: our Content-Security-Policy allows
// scripts from this host only.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
