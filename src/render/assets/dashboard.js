// paved dashboard: sorting, filtering and the details panel. The page is complete without it.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("paved-data").textContent);
  var table = document.getElementById("repos");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var text = document.getElementById("filter-text");
  var team = document.getElementById("filter-team");
  var outcome = document.getElementById("filter-outcome");
  var count = document.getElementById("filter-count");
  var panel = document.getElementById("details");
  var body = document.getElementById("details-body");
  var title = document.getElementById("details-title");
  var labels = { not_applicable: "not applicable" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // ---- filtering
  function applyFilters() {
    var needle = text.value.trim().toLowerCase();
    var wantTeam = team.value;
    var want = outcome.value;
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!needle || d.name.toLowerCase().indexOf(needle) >= 0 || d.team.toLowerCase().indexOf(needle) >= 0) &&
        (!wantTeam || d.team === wantTeam) &&
        (!want ||
          (want === "offroad" && d.offroad === "1") ||
          (want === "failed" && d.failed === "1") ||
          d.outcomes.split(" ").indexOf(want) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown === rows.length ? rows.length + " repositories" : "showing " + shown + " of " + rows.length;
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
  function sortKey(row, th) {
    var key = th.dataset.key;
    if (key === "name") { return row.dataset.name.toLowerCase(); }
    if (key === "team") { return row.dataset.team.toLowerCase() + "\u0000" + row.dataset.name.toLowerCase(); }
    if (key === "score") { return parseFloat(row.dataset.score); }
    var cell = row.querySelector('td[data-rule="' + th.dataset.rule + '"]');
    return cell ? parseFloat(cell.dataset.sort) : 10;
  }
  function sortBy(th) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var keyed = rows.map(function (row, i) { return { row: row, key: sortKey(row, th), i: i }; });
    keyed.sort(function (a, b) {
      if (a.key < b.key) { return -dir; }
      if (a.key > b.key) { return dir; }
      return a.row.dataset.name < b.row.dataset.name ? -1 : 1;
    });
    rows = keyed.map(function (k) { return k.row; });
    rows.forEach(function (row) { tbody.appendChild(row); });
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
    var ri = -1;
    data.repos.forEach(function (r, i) { if (r.name === name) { ri = i; } });
    if (ri < 0) { return; }
    if (ruleId === null) { showRepo(data.repos[ri]); return; }
    var ki = -1;
    data.rules.forEach(function (r, i) { if (r.id === ruleId) { ki = i; } });
    var cell = tbody.querySelector('tr[data-repo="' + ri + '"] td.o[data-rule="' + ki + '"]');
    if (cell) { showCell(data.repos[ri], data.rules[ki], cell); }
  }
  window.addEventListener("hashchange", fromHash);
  tbody.addEventListener("click", function (ev) {
    var button = ev.target.closest("button[data-open]");
    if (!button) { return; }
    var row = button.closest("tr");
    var repo = data.repos[parseInt(row.dataset.repo, 10)];
    if (button.dataset.open === "repo") { showRepo(repo); return; }
    var cell = button.closest("td");
    showCell(repo, data.rules[parseInt(cell.dataset.rule, 10)], cell);
  });
  document.getElementById("details-close").addEventListener("click", close);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !panel.hidden) { close(); } });

  applyFilters();
  fromHash();
  document.documentElement.setAttribute("data-ready", "true");
})();
