// Tracking link: builds a carrier's public tracking URL and inserts it.
(function () {
  "use strict";
  var URLS = {
    laposte: "https://www.laposte.fr/outils/suivre-vos-envois?code=",
    dhl: "https://www.dhl.com/fr-fr/home/tracking.html?tracking-id=",
    ups: "https://www.ups.com/track?tracknum="
  };
  var form = document.getElementById("link");
  var carrier = document.getElementById("carrier");
  var number = document.getElementById("number");
  var status = document.getElementById("status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = number.value.replace(/[^A-Za-z0-9]/g, "");
    if (!code) {
      status.textContent = "Enter a tracking number.";
      return;
    }
    window.Switchboard.insertText("You can follow your parcel here: " + URLS[carrier.value] + encodeURIComponent(code));
    status.textContent = "Inserted into the composer.";
  });
})();
