// Translator: an English/French phrasebook for customer service. Pick a
// phrase to insert its translation into the composer. Text only.
(function () {
  "use strict";
  var PHRASES = [
    ["Hello", "Bonjour"],
    ["Good evening", "Bonsoir"],
    ["Thank you for your message", "Merci pour votre message"],
    ["Thank you", "Merci"],
    ["You're welcome", "Je vous en prie"],
    ["How can I help you?", "Comment puis-je vous aider ?"],
    ["One moment please, I am checking", "Un instant s'il vous plaît, je vérifie"],
    ["Your order has been shipped", "Votre commande a été expédiée"],
    ["Your order is being prepared", "Votre commande est en préparation"],
    ["You will receive a refund within 5 days", "Vous serez remboursé sous 5 jours"],
    ["Could you send me your order number?", "Pourriez-vous m'envoyer votre numéro de commande ?"],
    ["Could you send me a photo?", "Pourriez-vous m'envoyer une photo ?"],
    ["We are sorry for the inconvenience", "Nous sommes désolés pour la gêne occasionnée"],
    ["Is there anything else I can do for you?", "Puis-je faire autre chose pour vous ?"],
    ["Have a nice day", "Bonne journée"],
    ["Goodbye", "Au revoir"],
    ["The item is in stock", "L'article est en stock"],
    ["The item is out of stock", "L'article est en rupture de stock"],
    ["Delivery takes 48 hours", "La livraison prend 48 heures"],
    ["I am transferring you to a colleague", "Je vous transfère à un collègue"]
  ];
  var direction = document.getElementById("direction");
  var search = document.getElementById("search");
  var results = document.getElementById("results");

  function normalize(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ").trim();
  }

  function render() {
    var from = direction.value === "en-fr" ? 0 : 1;
    var to = 1 - from;
    var query = normalize(search.value);
    var found = PHRASES.filter(function (pair) {
      return !query || normalize(pair[from]).indexOf(query) >= 0 || query.indexOf(normalize(pair[from])) >= 0;
    });
    results.replaceChildren();
    if (found.length === 0) {
      var none = document.createElement("li");
      none.textContent = "No phrase matches.";
      results.appendChild(none);
      return;
    }
    found.forEach(function (pair) {
      var item = document.createElement("li");
      var source = document.createElement("div");
      source.className = "muted";
      source.textContent = pair[from];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = pair[to];
      button.setAttribute("aria-label", "Insert: " + pair[to]);
      button.addEventListener("click", function () { window.Switchboard.insertText(pair[to]); });
      item.appendChild(source);
      item.appendChild(button);
      results.appendChild(item);
    });
  }

  direction.addEventListener("change", render);
  search.addEventListener("input", render);
  window.Switchboard.onContext(function (context) {
    // A French-speaking operator most often needs French → English, and back.
    if (typeof context.locale === "string") {
      direction.value = context.locale.indexOf("fr") === 0 ? "fr-en" : "en-fr";
    }
    render();
  });
  render();
})();
