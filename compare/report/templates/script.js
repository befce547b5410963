// compare's pages: go to a passage or fact in both texts, sort tables. No network, no libraries.
(function () {
  "use strict";
  function go(key) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll('[data-k~="' + key + '"]').forEach(function (el) { el.classList.add("active"); });
    ["a", "b"].forEach(function (side) {
      var anchor = document.getElementById(side + "-" + key);
      var col = document.getElementById("col-" + side);
      if (anchor && col) {
        col.scrollTop = Math.max(0, anchor.offsetTop - col.clientHeight / 3);
      }
    });
  }
  document.addEventListener("click", function (ev) {
    var target = ev.target.closest ? ev.target.closest("[data-go]") : null;
    if (target) { go(target.getAttribute("data-go")); }
  });
  document.addEventListener("keydown", function (ev) {
    var target = ev.target;
    if (ev.key === "Enter" && target.getAttribute && target.hasAttribute("data-go") && target.tagName !== "BUTTON") {
      ev.preventDefault();
      go(target.getAttribute("data-go"));
    }
  });
  // A substitution's two sides share a key (p<passage>d<change>): pointing at one lights the other.
  function pairSub(ev, on) {
    var target = ev.target.closest ? ev.target.closest(".sub") : null;
    if (!target) { return; }
    var key = (target.getAttribute("data-k") || "").split(" ").filter(function (k) { return /^p\d+d\d+$/.test(k); })[0];
    if (key) {
      document.querySelectorAll('[data-k~="' + key + '"]').forEach(function (el) { el.classList.toggle("paired", on); });
    }
  }
  document.addEventListener("mouseover", function (ev) { pairSub(ev, true); });
  document.addEventListener("mouseout", function (ev) { pairSub(ev, false); });
  function sortKey(cell) {
    var text = cell.textContent.trim();
    var number = Number(text);
    return text !== "" && !isNaN(number) ? [0, number, ""] : [1, 0, text.toLowerCase()];
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) {
          var x = sortKey(r.cells[column]), y = sortKey(s.cells[column]);
          var order = x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var hash = decodeURIComponent(location.hash.slice(1));
  if (hash.indexOf("t-") === 0) {
    document.querySelectorAll('[data-k~="' + hash.slice(2) + '"]').forEach(function (el) { el.classList.add("active"); });
  }
})();
