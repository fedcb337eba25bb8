// paved dashboard: the repository rows page by page, sorting, filtering and the details panel.
// Without it the page shows its first page of rows.
(function () {
  "use strict";

  // The data: rules, each rule's distinct results, and one array per repository
  // ([name, team, score, commit, committed_at, offroad, result index per rule, extra]).
  // Parsed on first use: the first page of rows is already in the page, so opening it needs
  // none of it. Its node leaves the document at once, so the DOM does not hold megabytes of text.
  var source = document.getElementById("paved-data");
  var raw = source.textContent;
  source.remove();
  var data = null;
  var PAGE = 100;
  var table = document.getElementById("repos");
  var tbody = table.tBodies[0];
  var text = document.getElementById("filter-text");
  var team = document.getElementById("filter-team");
  var outcome = document.getElementById("filter-outcome");
  var count = document.getElementById("filter-count");
  var pager = document.getElementById("pager");
  var panel = document.getElementById("details");
  var body = document.getElementById("details-body");
  var title = document.getElementById("details-title");
  var labels = { not_applicable: "not applicable" };
  var glyphs = { paved: "\u2713", custom: "\u25d0", missing: "\u2717", not_applicable: "\u2013", exempt: "E", error: "!" };
  var ranks = { missing: 0, custom: 1, error: 2, exempt: 3, not_applicable: 4, paved: 5 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // One repository as the details panel and the rows read it.
  function repoAt(i) {
    load();
    var a = data.repos[i];
    var extra = a[7] || {};
    var results = [];
    a[6].forEach(function (k, c) {
      if (k < 0) { return; }
      var r = data.results[c][k];
      results.push({ rule: data.rules[c].id, outcome: r.outcome, message: r.message, evidence: r.evidence });
    });
    return { index: i, name: a[0], team: a[1], score: a[2], commit: a[3], committed_at: a[4], offroad: a[5],
      ks: a[6], path: extra.path || a[0], error: extra.error || null, notes: extra.notes || [], results: results };
  }
  function outcomeOf(i, c) {
    var k = data.repos[i][6][c];
    return k < 0 ? null : data.results[c][k].outcome;
  }

  // ---- rows, one page at a time
  var total = parseInt(table.getAttribute("data-total"), 10) || 0;
  var order = null;
  var shown = null;
  var page = 0;
  function load() {
    if (data) { return; }
    data = JSON.parse(raw);
    raw = null;
    order = data.repos.map(function (_, i) { return i; });
    shown = order;
  }
  function row(i) {
    var r = data.repos[i];
    var teamName = r[1] || "(unowned)";
    var failed = !!(r[7] && r[7].error);
    var tr = el("tr", { "data-repo": String(i) });
    if (failed) { tr.className = "failed-row"; }
    tr.appendChild(el("th", { scope: "row" }, [el("button", { type: "button", class: "repo-link", "data-open": "repo" }, [r[0]])]));
    tr.appendChild(el("td", {}, [teamName]));
    if (r[2] === null) {
      tr.appendChild(el("td", { class: "num score" }, ["\u2014"]));
    } else {
      var bar = el("span", { class: "score-bar" }, [el("span", { style: "width:" + Math.round(r[2] * 100) + "%" })]);
      tr.appendChild(el("td", { class: "num score" }, [bar, Math.round(r[2] * 100) + "%"]));
    }
    if (failed) {
      tr.appendChild(el("td", { colspan: String(Math.max(data.rules.length, 1)), class: "failed-cell", title: r[7].error },
        [el("a", { href: "#failed" }, ["not scanned"])]));
      return tr;
    }
    data.rules.forEach(function (rule, c) {
      var o = outcomeOf(i, c);
      if (o === null) {
        tr.appendChild(el("td", { class: "none", "data-rule": String(c), title: "not evaluated" }));
        return;
      }
      var label = labels[o] || o;
      tr.appendChild(el("td", { class: "o o-" + o, "data-outcome": o, "data-rule": String(c) }, [
        el("button", { type: "button", "data-open": "cell", "aria-label": r[0] + " \u00b7 " + rule.id + ": " + label,
          title: rule.id + ": " + label }, [glyphs[o]])]));
    });
    return tr;
  }
  function draw() {
    load();
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var rows = shown.slice(page * PAGE, (page + 1) * PAGE);
    var frag = document.createDocumentFragment();
    rows.forEach(function (i) { frag.appendChild(row(i)); });
    tbody.textContent = "";
    tbody.appendChild(frag);
    count.textContent = shown.length === data.repos.length ? data.repos.length + " repositories" : "showing " + shown.length + " of " + data.repos.length;
    drawPager(pages);
  }
  // The pager alone: at first it needs only the number of repositories, not the data.
  function drawPager(pages) {
    pager.textContent = "";
    pager.hidden = pages < 2;
    if (pages > 1) {
      var prev = el("button", { type: "button", id: "page-prev" }, ["\u2039 previous"]);
      var next = el("button", { type: "button", id: "page-next" }, ["next \u203a"]);
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
      prev.addEventListener("click", function () { page -= 1; draw(); });
      next.addEventListener("click", function () { page += 1; draw(); });
      pager.appendChild(prev);
      pager.appendChild(document.createTextNode(" page " + (page + 1) + " of " + pages + " "));
      pager.appendChild(next);
    }
  }

  // ---- filtering
  function matches(i) {
    var r = data.repos[i];
    var needle = text.value.trim().toLowerCase();
    var teamName = r[1] || "(unowned)";
    var want = outcome.value;
    if (needle && r[0].toLowerCase().indexOf(needle) < 0 && teamName.toLowerCase().indexOf(needle) < 0) { return false; }
    if (team.value && teamName !== team.value) { return false; }
    if (!want) { return true; }
    if (want === "offroad") { return r[5] === 1; }
    if (want === "failed") { return !!(r[7] && r[7].error); }
    return r[6].some(function (k, c) { return k >= 0 && data.results[c][k].outcome === want; });
  }
  function applyFilters() {
    load();
    shown = order.filter(matches);
    page = 0;
    draw();
  }
  text.addEventListener("input", applyFilters);
  team.addEventListener("change", applyFilters);
  outcome.addEventListener("change", applyFilters);

  // Clicking a team in the heatmap filters the table to it.
  Array.prototype.forEach.call(document.querySelectorAll("#chart-teams .heat-row"), function (g) {
    g.addEventListener("click", function () {
      team.value = g.getAttribute("data-team");
      applyFilters();
      document.getElementById("repositories").scrollIntoView({ behavior: "smooth" });
    });
  });

  // ---- sorting
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function sortKey(i, th) {
    var r = data.repos[i];
    var key = th.dataset.key;
    if (key === "name") { return r[0].toLowerCase(); }
    if (key === "team") { return (r[1] || "(unowned)").toLowerCase() + "\u0000" + r[0].toLowerCase(); }
    if (key === "score") { return r[2] === null ? -1 : r[2]; }
    if (r[7] && r[7].error) { return 10; }
    var o = outcomeOf(i, parseInt(th.dataset.rule, 10));
    return o === null ? 9 : ranks[o];
  }
  function sortBy(th) {
    load();
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var keyed = order.map(function (i) { return { i: i, key: sortKey(i, th), name: data.repos[i][0] }; });
    keyed.sort(function (a, b) {
      if (a.key < b.key) { return -dir; }
      if (a.key > b.key) { return dir; }
      return a.name < b.name ? -1 : 1;
    });
    order = keyed.map(function (k) { return k.i; });
    applyFilters();
  }
  heads.forEach(function (th) {
    var b = th.querySelector("button");
    if (b) { b.addEventListener("click", function () { sortBy(th); }); }
  });

  // ---- details
  var selected = null;
  var returnFocus = null;
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }
  function section(name, content) {
    body.appendChild(el("h3", {}, [name]));
    body.appendChild(content);
  }
  function evidenceList(evidence) {
    if (!evidence.length) { return el("p", { class: "muted" }, ["No evidence recorded."]); }
    return el("ul", {}, evidence.map(function (e) {
      var where = e.path ? e.path + (e.line ? ":" + e.line : "") : null;
      return el("li", {}, where ? [el("code", {}, [where]), " — " + e.note] : [e.note]);
    }));
  }
  // The open panel is mirrored in the address (#repo=…&rule=…) so a link can point at evidence.
  function setHash(hash) {
    try { history.replaceState(null, "", hash || location.pathname + location.search); } catch (e) { /* not essential */ }
  }
  function open(heading, hash) {
    if (panel.hidden) { returnFocus = document.activeElement; }
    title.textContent = heading;
    panel.hidden = false;
    panel.focus();
    setHash(hash);
  }
  function close() {
    panel.hidden = true;
    if (selected) { selected.classList.remove("selected"); selected = null; }
    setHash("");
    if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
    returnFocus = null;
  }
  function showCell(repo, rule, cell) {
    var res = repo.results.filter(function (r) { return r.rule === rule.id; })[0];
    body.textContent = "";
    body.appendChild(el("p", {}, [el("span", { class: "badge o-" + res.outcome }, [labels[res.outcome] || res.outcome]),
      " ", el("span", { class: "rule-id" }, [rule.id])]));
    body.appendChild(el("p", {}, [rule.title]));
    if (res.message) { section("Message", el("p", {}, [res.message])); }
    section("Evidence", evidenceList(res.evidence));
    var facts = [["Severity", rule.severity], ["Pack", rule.pack], ["Weight", String(rule.weight)]];
    if (rule.deadline) { facts.push(["Deadline", rule.deadline]); }
    if (repo.commit) { facts.push(["Commit", repo.commit.slice(0, 12)]); }
    section("Rule", el("dl", {}, facts.reduce(function (acc, f) {
      return acc.concat([el("dt", {}, [f[0]]), el("dd", {}, [f[1]])]);
    }, [])));
    if (rule.fix) { section("How to pave it", el("p", {}, [rule.fix])); }
    var docs = safeUrl(rule.docs);
    if (docs) { body.appendChild(el("p", {}, [el("a", { href: docs, target: "_blank", rel: "noopener" }, ["Documentation"])])); }
    if (selected) { selected.classList.remove("selected"); }
    selected = cell;
    cell.classList.add("selected");
    open(repo.name, "#repo=" + encodeURIComponent(repo.name) + "&rule=" + encodeURIComponent(rule.id));
  }
  function showRepo(repo) {
    body.textContent = "";
    var facts = [["Team", repo.team || "(unowned)"], ["Path", repo.path],
      ["Score", repo.score === null ? "—" : Math.round(repo.score * 100) + "%"]];
    if (repo.commit) { facts.push(["Commit", repo.commit]); }
    if (repo.committed_at) { facts.push(["Committed", repo.committed_at]); }
    body.appendChild(el("dl", {}, facts.reduce(function (acc, f) {
      return acc.concat([el("dt", {}, [f[0]]), el("dd", {}, [f[1]])]);
    }, [])));
    if (repo.error) { section("Could not be scanned", el("p", {}, [repo.error])); }
    if (repo.notes && repo.notes.length) {
      section("Notes", el("ul", {}, repo.notes.map(function (n) { return el("li", {}, [n]); })));
    }
    var open_ = repo.results.filter(function (r) { return r.outcome !== "paved"; });
    if (open_.length) {
      section("Not paved", el("ul", {}, open_.map(function (r) {
        return el("li", {}, [el("span", { class: "badge o-" + r.outcome }, [labels[r.outcome] || r.outcome]), " ",
          el("span", { class: "rule-id" }, [r.rule]), r.message ? " — " + r.message : ""]);
      })));
    }
    open(repo.name, "#repo=" + encodeURIComponent(repo.name));
  }
  function fromHash() {
    var m = /^#repo=([^&]*)(?:&rule=(.*))?$/.exec(location.hash);
    if (!m) { return; }
    var name, ruleId;
    try {
      name = decodeURIComponent(m[1]);
      ruleId = m[2] === undefined ? null : decodeURIComponent(m[2]);
    } catch (e) { return; }
    load();
    var ri = -1;
    data.repos.forEach(function (r, i) { if (r[0] === name) { ri = i; } });
    if (ri < 0) { return; }
    if (ruleId === null) { showRepo(repoAt(ri)); return; }
    var ki = -1;
    data.rules.forEach(function (r, i) { if (r.id === ruleId) { ki = i; } });
    if (ki < 0) { return; }
    // Bring the repository's row onto the page shown.
    var at = shown.indexOf(ri);
    if (at < 0) { text.value = ""; team.value = ""; outcome.value = ""; shown = order; at = order.indexOf(ri); }
    page = Math.floor(at / PAGE);
    draw();
    var cell = tbody.querySelector('tr[data-repo="' + ri + '"] td.o[data-rule="' + ki + '"]');
    if (cell) { showCell(repoAt(ri), data.rules[ki], cell); }
  }
  window.addEventListener("hashchange", fromHash);
  tbody.addEventListener("click", function (ev) {
    var button = ev.target.closest("button[data-open]");
    if (!button) { return; }
    var row = button.closest("tr");
    var repo = repoAt(parseInt(row.dataset.repo, 10));
    if (button.dataset.open === "repo") { showRepo(repo); return; }
    var cell = button.closest("td");
    showCell(repo, data.rules[parseInt(cell.dataset.rule, 10)], cell);
  });
  document.getElementById("details-close").addEventListener("click", close);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !panel.hidden) { close(); } });

  // The first page as the page was written (no filter, sorted by name) stays; a link to a cell
  // draws its page itself.
  drawPager(Math.max(1, Math.ceil(total / PAGE)));
  fromHash();
  document.documentElement.setAttribute("data-ready", "true");
})();
