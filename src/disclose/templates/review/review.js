// Choose a figure: its details beside it. Choose a message: its facts and lines marked.
(function () {
  "use strict";
  var chosen = document.getElementById("chosen");
  var body = document.getElementById("chosen-body");

  function clear(cls) {
    document.querySelectorAll("." + cls).forEach(function (el) { el.classList.remove(cls); });
  }

  function figure(id) {
    return document.querySelector('a.fact[data-fact="' + id + '"]');
  }

  function choose(id) {
    var detail = document.getElementById("fact-" + id);
    if (!detail) { return; }
    clear("chosen");
    var el = figure(id);
    if (el) { el.classList.add("chosen"); }
    var copy = detail.cloneNode(true);
    copy.removeAttribute("id");
    body.replaceChildren(copy);
    chosen.hidden = false;
    chosen.scrollIntoView({block: "nearest"});
  }

  function mark(item, line) {
    clear("named");
    clear("pointed");
    clear("selected");
    item.classList.add("selected");
    var ids = (item.dataset.facts || "").split(" ").filter(Boolean);
    ids.forEach(function (id) {
      var el = figure(id);
      if (el) { el.classList.add("named"); }
    });
    var lines = (item.dataset.lines || "").split(" ").filter(Boolean);
    lines.forEach(function (n) {
      var el = document.getElementById("L" + n);
      if (el) { el.classList.add("pointed"); }
    });
    if (ids.length) { choose(ids[0]); }
    var first = document.getElementById("L" + (line || lines[0]));
    if (first) { first.scrollIntoView({block: "center"}); }
  }

  document.addEventListener("click", function (ev) {
    var fact = ev.target.closest("a.fact");
    if (fact) {
      ev.preventDefault();
      choose(fact.dataset.fact);
      return;
    }
    var toFact = ev.target.closest("a.to-fact");
    if (toFact) {
      ev.preventDefault();
      var id = toFact.getAttribute("href").slice("#fact-".length);
      var el = figure(id);
      if (el) { el.scrollIntoView({block: "center"}); }
      choose(id);
      return;
    }
    var item = ev.target.closest(".finding");
    if (item) {
      var to = ev.target.closest("a.to-line");
      if (to) { ev.preventDefault(); }
      mark(item, to ? to.getAttribute("href").slice("#L".length) : null);
    }
  });
}());
