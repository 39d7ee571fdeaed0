// Progressive enhancement for the enquiry form: the form works fully without this file.
// - counts down the characters left in the message (the server enforces the limit);
// - shows the insurer field only when private medical insurance is chosen, the call-time
//   question only to those who may be called, and the interpreter's language only when
//   an interpreter is asked for (the server ignores hidden answers);
// - lists only the centres that offer the treatment chosen (the server explains a mismatch);
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

  // Show `section` only while `isWanted(inputs)` says so, checked again on every change.
  var showWhen = function (section, inputs, isWanted) {
    if (!section || !inputs.length) {
      return;
    }
    var toggle = function () {
      section.hidden = !isWanted();
    };
    inputs.forEach(function (input) {
      input.addEventListener("change", toggle);
    });
    toggle();
  };
  var chosen = function (name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : "";
  };

  showWhen(form.querySelector(".enquiry-insurer"), form.querySelectorAll("input[name='funding']"),
    function () { return chosen("funding") === "insurance"; });
  showWhen(form.querySelector(".enquiry-contact-time"),
    form.querySelectorAll("input[name='contact_method']"),
    function () { return chosen("contact_method") !== "email"; });
  showWhen(form.querySelector(".enquiry-interpreter-language"),
    form.querySelectorAll("input[name='needs_interpreter']"),
    function () { return chosen("needs_interpreter") !== ""; });

  var therapy = form.querySelector("#id_therapy");
  var centre = form.querySelector("#id_centre");
  if (therapy && centre) {
    // Every centre, "No preference" first; those shown are put back from this list.
    var centres = Array.prototype.slice.call(centre.options);
    var note = document.createElement("div");
    note.className = "form-text";
    note.id = "id_centre_filtered";
    note.setAttribute("aria-live", "polite");
    centre.insertAdjacentElement("afterend", note);
    var centreDescribedBy = centre.getAttribute("aria-describedby");
    centre.setAttribute("aria-describedby",
      (centreDescribedBy ? centreDescribedBy + " " : "") + note.id);

    var filterCentres = function () {
      var selected = centre.value;
      var offering = centres.filter(function (option) {
        var offered = (option.getAttribute("data-therapies") || "").split(" ");
        return !option.value || !therapy.value || offered.indexOf(therapy.value) !== -1;
      });
      centre.replaceChildren.apply(centre, offering);
      centre.value = offering.some(function (option) { return option.value === selected; })
        ? selected : "";
      var count = offering.length - 1;
      if (!therapy.value) {
        note.textContent = "";
      } else if (count) {
        note.textContent = "Showing the " + (count === 1 ? "centre that offers" :
          count + " centres that offer") + " this treatment.";
      } else {
        note.textContent = "No centre offers this treatment yet: choose No preference and we " +
          "will tell you where you can have it.";
      }
    };
    therapy.addEventListener("change", filterCentres);
    filterCentres();
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
