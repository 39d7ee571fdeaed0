// Progressive enhancement only: without this file, the browser's own Print works the same.
"use strict";

// The aftercare plan and travel card: show their "Print" buttons, which need JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.closest("[hidden]")?.removeAttribute("hidden");
    button.addEventListener("click", () => window.print());
  }
});
