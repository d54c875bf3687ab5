// Loaded as a module from base.html. GOV.UK Frontend's page template marks the body with an
// inline script, which the portal's Content Security Policy does not allow: it is done here.
// A browser that runs this module supports GOV.UK Frontend's JavaScript.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Prepared files: while one is being prepared the list says how often to look again
// (data-refresh-seconds); the page reloads itself until every file is ready or failed.
const preparing = document.querySelector("[data-refresh-seconds]");
if (preparing) {
  const seconds = Number(preparing.dataset.refreshSeconds) || 5;
  setTimeout(() => window.location.reload(), seconds * 1000);
}
