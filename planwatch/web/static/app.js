// planwatch: the document page's figure panel. Data comes from <script type="application/json"> blocks
// rendered by the server; everything is written with textContent (never innerHTML).
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var figures = readJson("figure-data");
  var words = readJson("page-words") || {};
  if (!figures) { return; }
  var panel = document.querySelector("[data-testid=figure-detail]");
  var hint = document.querySelector(".figure-hint");

  function sharedIds(mark) {
    return (mark.getAttribute("data-figure-ids") || "").split(" ").filter(Boolean);
  }

  function setField(name, text) {
    var node = panel.querySelector("[data-field=" + name + "]");
    if (node) { node.textContent = text === null || text === undefined ? "" : String(text); }
    return node;
  }

  function indicatorName(f) {
    if (!f.catalog) { return f.label; }  // outside the catalog: the figure's own label, never a code
    if (words.lang === "en" && f.indicator_en) { return f.indicator_en; }
    return f.indicator_name || f.indicator;
  }

  function showAlso(ids, current) {
    var box = panel.querySelector("[data-field=also-here]");
    if (!box) { return; }
    box.textContent = "";
    ids.filter(function (other) { return other !== String(current); }).forEach(function (other) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-figure-id", other);
      button.className = "also-here-figure";
      button.textContent = "#" + other + " " + ((figures[other] || {}).text || "");
      box.appendChild(button);
    });
  }

  // On a narrow screen the panel covers the bottom of the screen: the figure it shows stays above it.
  function keepAbovePanel(mark) {
    var sheet = panel.closest(".figure-panel");
    if (!sheet || getComputedStyle(sheet).position !== "fixed") { return; }
    var covered = mark.getBoundingClientRect().bottom - sheet.getBoundingClientRect().top;
    if (covered > -8) { window.scrollBy(0, covered + 16); }
  }

  function show(id, scroll, sharing) {
    var f = figures[String(id)];
    if (!f || !panel) { return; }
    panel.hidden = false;
    if (hint) { hint.hidden = true; }
    panel.setAttribute("data-figure-id", String(f.id));
    setField("id", f.id);
    setField("kind", words["kind_" + f.kind] || f.kind);
    setField("indicator", indicatorName(f));
    setField("label", f.label);
    setField("text", f.text);
    setField("measure", words["measure_" + f.measure] || f.measure);
    setField("op", words["op_" + f.op] || f.op);
    setField("year", f.year);
    setField("region", f.region);
    setField("qualifier", f.qualifier);
    setField("quote", f.quote);
    var verdict = setField("verdict", "");
    if (f.verdict) {
      var badge = document.createElement("span");
      badge.className = "verdict status-" + f.verdict.status;
      badge.setAttribute("data-status", f.verdict.status);
      badge.textContent = f.verdict.word || words["status_" + f.verdict.status] || f.verdict.status;
      verdict.appendChild(badge);
      if (f.verdict.provisional) {
        var mark = document.createElement("span");
        mark.className = "provisional";
        mark.setAttribute("data-testid", "provisional");
        mark.textContent = words.provisional || "预计";
        verdict.appendChild(mark);
      }
      var why = document.createElement("div");
      why.className = "why";
      why.setAttribute("data-testid", "verdict-why");
      why.textContent = [f.verdict.gap_text ? (words.gap + " " + f.verdict.gap_text) : "", f.verdict.rule || "",
                         f.verdict.provisional_note || ""].filter(Boolean).join(" · ");
      verdict.appendChild(why);
    }
    setField("linked-label", f.kind === "target" ? words.linked_result : words.linked_target);
    var linked = setField("linked", "");
    if (f.linked) {
      var a = document.createElement("a");
      a.href = "/doc/" + f.linked.doc_id + "?figure=" + f.linked.id + "#f" + f.linked.id;
      a.textContent = f.linked.text || f.linked.quote;
      a.setAttribute("data-testid", "linked-figure-link");
      linked.appendChild(a);
      var where = document.createElement("span");
      where.className = "muted";
      where.textContent = " " + f.linked.doc_name;
      linked.appendChild(where);
    }
    showAlso(sharing || [], f.id);
    var input = panel.querySelector("input[name=figure_id]");
    if (input) { input.value = String(f.id); }
    document.querySelectorAll("mark.selected").forEach(function (m) { m.classList.remove("selected"); });
    var mark = document.getElementById("f" + f.id);
    if (mark && mark.tagName !== "MARK") { mark = mark.closest("mark"); }
    if (mark) {
      mark.classList.add("selected");
      if (scroll) { mark.scrollIntoView({block: window.innerWidth <= 900 ? "start" : "center"}); }
      keepAbovePanel(mark);
    }
    if (history.replaceState) { history.replaceState(null, "", "#f" + f.id); }
  }

  function hide() {
    panel.hidden = true;
    if (hint) { hint.hidden = false; }
    document.querySelectorAll("mark.selected").forEach(function (m) { m.classList.remove("selected"); });
    if (history.replaceState) { history.replaceState(null, "", location.pathname + location.search); }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("a.panel-close")) {
      event.preventDefault();
      hide();
      return;
    }
    var link = event.target.closest("a.figure-link");
    if (link) {
      event.preventDefault();
      show(link.getAttribute("data-figure-id"), true);
      return;
    }
    var also = event.target.closest("button.also-here-figure");
    if (also) {
      var box = also.parentNode;
      var ids = Array.prototype.map.call(box.querySelectorAll("button"), function (b) { return b.getAttribute("data-figure-id"); });
      ids.push(panel.getAttribute("data-figure-id"));
      show(also.getAttribute("data-figure-id"), false, ids);
      return;
    }
    var mark = event.target.closest("mark[data-testid=figure]");
    if (mark) { show(mark.getAttribute("data-figure-id"), false, sharedIds(mark)); }
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-testid=figure]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      show(mark.getAttribute("data-figure-id"), false, sharedIds(mark));
    }
  });
  var wanted = /^#f(\d+)$/.exec(location.hash);
  if (wanted && figures[wanted[1]]) {
    var anchor = document.getElementById("f" + wanted[1]);
    var holder = anchor && anchor.closest("mark");
    show(wanted[1], true, holder ? sharedIds(holder) : []);
  }
})();
