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

// Printing: open every answer and write links out in full (see print.scss),
// then put the page back as the reader left it.
const closedForPrint = [];

window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("main details:not([open])")) {
    details.open = true;
    closedForPrint.push(details);
  }
  for (const link of document.querySelectorAll("main a[href]")) {
    link.dataset.printHref = link.href;
  }
});

window.addEventListener("afterprint", () => {
  for (const details of closedForPrint.splice(0)) {
    details.open = false;
  }
});
