// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users land on it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
