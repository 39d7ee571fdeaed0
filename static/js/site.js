// Progressive enhancement only: every page works the same without this file.
"use strict";

// A form sent back with mistakes: move focus to the list of problems so
// screen reader and keyboard users hear it first (components/error_summary.html).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});

// Printing: write links out in full (see print.scss).
window.addEventListener("beforeprint", () => {
  for (const link of document.querySelectorAll("main a[href]")) {
    link.dataset.printHref = link.href;
  }
});
