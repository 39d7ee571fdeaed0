// "Use my location" on /centres/: sorts the centre cards nearest first and shows each
// distance. The position is used only in this page's memory: nothing is sent to any
// server, ours or anyone else's. Without JavaScript or geolocation the button stays
// hidden and the page works as a plain list with its search form.
(function () {
  "use strict";

  var button = document.querySelector("[data-centres-locate]");
  var hint = document.querySelector("[data-centres-locate-hint]");
  var status = document.querySelector("[data-centres-locate-status]");
  var list = document.querySelector("[data-centres-list]");
  if (!button || !status || !list || !("geolocation" in navigator)) {
    return;
  }

  var EARTH_RADIUS_MILES = 3958.8;
  var buttonLabel = button.textContent;

  function toRadians(degrees) {
    return (degrees * Math.PI) / 180;
  }

  // Great-circle ("as the crow flies") distance; roads are longer.
  function haversineMiles(lat1, lon1, lat2, lon2) {
    var dLat = toRadians(lat2 - lat1);
    var dLon = toRadians(lon2 - lon1);
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_MILES * Math.asin(Math.sqrt(a));
  }

  function describe(miles) {
    if (miles < 1) {
      return "Less than 1 mile away";
    }
    var rounded = miles < 10 ? miles.toFixed(1) : String(Math.round(miles));
    return "About " + rounded + " miles away (in a straight line)";
  }

  function sortByDistance(position) {
    var here = position.coords;
    var cards = Array.prototype.slice.call(list.children);
    cards.forEach(function (card) {
      var lat = parseFloat(card.getAttribute("data-latitude"));
      var lon = parseFloat(card.getAttribute("data-longitude"));
      var label = card.querySelector("[data-centre-distance]");
      card.distance = isNaN(lat) || isNaN(lon) ? Infinity : haversineMiles(here.latitude, here.longitude, lat, lon);
      if (label && card.distance !== Infinity) {
        label.textContent = describe(card.distance);
        label.hidden = false;
      }
    });
    cards.sort(function (a, b) {
      return a.distance - b.distance;
    });
    cards.forEach(function (card) {
      list.appendChild(card);
    });
    var nearest = cards[0];
    status.textContent =
      nearest && nearest.distance !== Infinity
        ? "Sorted by distance from you. The nearest is " +
          nearest.getAttribute("data-name") +
          ", " +
          describe(nearest.distance).toLowerCase() +
          "."
        : "Sorted by distance from you.";
    button.disabled = false;
    button.textContent = buttonLabel;
  }

  function explainError(error) {
    status.textContent =
      error.code === error.PERMISSION_DENIED
        ? "Your browser did not share your location. You can search by town or postcode instead."
        : "We could not find your location. You can search by town or postcode instead.";
    button.disabled = false;
    button.textContent = buttonLabel;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    button.textContent = "Finding your location…";
    status.textContent = "";
    navigator.geolocation.getCurrentPosition(sortByDistance, explainError, {
      enableHighAccuracy: false,
      timeout: 15000,
      maximumAge: 600000,
    });
  });

  button.hidden = false;
  if (hint) {
    hint.hidden = false;
  }
})();
