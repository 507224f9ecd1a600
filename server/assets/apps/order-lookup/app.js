// Order lookup: finds a demo order in orders.json (served next to this page)
// and offers a reply to insert into the composer. Text only, no innerHTML.
(function () {
  "use strict";
  var form = document.getElementById("lookup");
  var input = document.getElementById("order");
  var result = document.getElementById("result");
  var orders = null;
  var customerName = "";

  function load() {
    if (orders) return Promise.resolve(orders);
    return fetch("orders.json").then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (data) { orders = data; return data; });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function reply(order) {
    var greeting = customerName ? "Hello " + customerName + ", " : "Hello, ";
    var text = greeting + "your order " + order.id + " (" + order.items.join(", ") + ") is " + order.status + ".";
    if (order.tracking) text += " Tracking number: " + order.tracking + ".";
    if (order.eta) text += " Expected delivery: " + order.eta + ".";
    return text;
  }

  function show(id) {
    result.replaceChildren(element("p", "Looking up…", "muted"));
    load().then(function (all) {
      var wanted = id.trim().toUpperCase();
      var order = all.find(function (o) { return o.id === wanted; });
      result.replaceChildren();
      if (!order) {
        result.appendChild(element("p", "No order " + wanted + ". Demo orders: " + all.map(function (o) { return o.id; }).join(", ")));
        return;
      }
      var card = element("div", undefined, "card");
      card.appendChild(element("strong", order.id + " — " + order.status));
      card.appendChild(element("p", order.customer + " · " + order.total));
      var list = element("ul");
      order.items.forEach(function (item) { list.appendChild(element("li", item)); });
      card.appendChild(list);
      var insert = element("button", "Insert reply");
      insert.type = "button";
      insert.addEventListener("click", function () { window.Switchboard.insertText(reply(order)); });
      card.appendChild(insert);
      result.appendChild(card);
    }).catch(function () {
      result.replaceChildren(element("p", "The order list could not be loaded."));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.value.trim()) show(input.value);
  });

  window.Switchboard.onContext(function (context) {
    customerName = typeof context.customer_name === "string" ? context.customer_name : "";
    var text = typeof context.last_customer_message === "string" ? context.last_customer_message : "";
    var match = text.toUpperCase().match(/\b[A-Z]-?\d{4}\b/);
    if (match && !input.value) {
      input.value = match[0].indexOf("-") < 0 ? match[0][0] + "-" + match[0].slice(1) : match[0];
      show(input.value);
    }
  });
})();
