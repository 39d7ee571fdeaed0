// Progressive enhancement for the enquiry form: the form works fully without this file.
// - counts down the characters left in the message (the server enforces the limit);
// - shows the insurer field only when private medical insurance is chosen;
// - stops a second click on "Send enquiry" (the server ignores repeats anyway).
(function () {
  "use strict";

  var form = document.getElementById("enquiry-form");
  if (!form) {
    return;
  }

  var message = form.querySelector("#id_message");
  // The limit the server enforces, from the form (enquiries/forms.py MESSAGE_MAX_CHARS).
  var limit = message ? Number(message.dataset.maxChars) : NaN;
  if (limit > 0) {
    var counter = document.createElement("div");
    counter.className = "form-text enquiry-counter";
    counter.id = "id_message_counter";
    counter.setAttribute("aria-live", "polite");
    message.insertAdjacentElement("afterend", counter);
    var describedBy = message.getAttribute("aria-describedby");
    message.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);

    var update = function () {
      var length = message.value.replace(/\r\n/g, "\n").length;
      var left = limit - length;
      counter.textContent = left >= 0
        ? "You have " + left.toLocaleString("en-GB") + " characters left"
        : "You have " + (-left).toLocaleString("en-GB") + " characters too many";
      counter.classList.toggle("text-danger", left < 0);
    };
    message.addEventListener("input", update);
    update();
  }

  var insurer = form.querySelector(".enquiry-insurer");
  var funding = form.querySelectorAll("input[name='funding']");
  if (insurer && funding.length) {
    var toggle = function () {
      var chosen = form.querySelector("input[name='funding']:checked");
      insurer.hidden = !(chosen && chosen.value === "insurance");
    };
    funding.forEach(function (radio) {
      radio.addEventListener("change", toggle);
    });
    toggle();
  }

  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type='submit']");
    if (button) {
      // Disable after this event, so the button's own submission still goes through.
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = "Sending…";
      }, 0);
    }
  });
})();
