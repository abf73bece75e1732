// sourceline's one-file timeline: the list reads in full without this script; with it, the
// page gains an axis with lanes, search, actor and tag filters, and #event-ID selection.
// Hand-written, no framework; it only reads the page's own data- attributes and text, and
// builds elements with textContent (nothing from the events file is parsed as HTML).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var items = Array.prototype.slice.call(document.querySelectorAll("li.event"));
  function list(li, name) {
    try {
      var value = JSON.parse(li.getAttribute(name) || "[]");
      return Array.isArray(value) ? value.map(String) : [];
    } catch (error) {
      return [];
    }
  }
  var events = items.map(function (li) {
    var start = Date.parse(li.getAttribute("data-start"));
    var endText = li.getAttribute("data-end");
    var actors = list(li, "data-actors");
    return {
      li: li,
      id: li.id,
      start: start,
      end: endText ? Date.parse(endText) + DAY : start + DAY,
      actors: actors,
      tags: list(li, "data-tags"),
      sources: Number(li.getAttribute("data-sources")),
      single: li.querySelector(".marker.single") !== null,
      text: li.textContent.toLowerCase(),
      lane: actors.length ? actors[0] : "Other",
      title: (li.querySelector("h2") || li).textContent.trim()
    };
  });

  function el(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function svg(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  function sortedNames(key) {
    var seen = {};
    events.forEach(function (e) { e[key].forEach(function (n) { seen[n] = true; }); });
    return Object.keys(seen).sort();
  }

  // Controls: search, actor, tag, markers, and how many are shown.
  var controls = document.getElementById("controls");
  var search = el("input", { type: "search", id: "search", placeholder: "Search titles, summaries, quotes", "aria-label": "Search" });
  var actor = el("select", { id: "actor", "aria-label": "Actor" });
  actor.appendChild(el("option", { value: "" }, "All actors"));
  sortedNames("actors").forEach(function (n) { actor.appendChild(el("option", { value: n }, n)); });
  var tag = el("select", { id: "tag", "aria-label": "Tag" });
  tag.appendChild(el("option", { value: "" }, "All tags"));
  sortedNames("tags").forEach(function (n) { tag.appendChild(el("option", { value: n }, n)); });
  var unsourced = el("input", { type: "checkbox", id: "only-unsourced" });
  var single = el("input", { type: "checkbox", id: "only-single" });
  var shown = el("span", { id: "shown", "aria-live": "polite" });
  controls.appendChild(search);
  controls.appendChild(actor);
  if (tag.options.length > 1) { controls.appendChild(tag); }
  var unsourcedLabel = el("label", {}, " unsourced");
  unsourcedLabel.insertBefore(unsourced, unsourcedLabel.firstChild);
  var singleLabel = el("label", {}, " single source");
  singleLabel.insertBefore(single, singleLabel.firstChild);
  controls.appendChild(unsourcedLabel);
  controls.appendChild(singleLabel);
  controls.appendChild(shown);
  controls.hidden = false;

  function passes(e) {
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    return terms.every(function (t) { return e.text.indexOf(t) >= 0; }) &&
      (!actor.value || e.actors.indexOf(actor.value) >= 0) &&
      (!tag.value || e.tags.indexOf(tag.value) >= 0) &&
      (!unsourced.checked || e.sources === 0) &&
      (!single.checked || e.single);
  }

  // The axis: a lane per first actor, a dot per event (a bar for a span), zoomed with the
  // buttons or the wheel, a click selecting the event.
  var axis = document.getElementById("axis");
  var lanes = [];
  events.forEach(function (e) { if (lanes.indexOf(e.lane) < 0) { lanes.push(e.lane); } });
  lanes.sort(function (a, b) { return a === "Other" ? 1 : b === "Other" ? -1 : a < b ? -1 : a > b ? 1 : 0; });
  var full = { from: Math.min.apply(null, events.map(function (e) { return e.start; })),
               to: Math.max.apply(null, events.map(function (e) { return e.end; })) };
  if (!isFinite(full.from)) { full = { from: 0, to: DAY }; }
  var pad = Math.max((full.to - full.from) * 0.03, DAY);
  full = { from: full.from - pad, to: full.to + pad };
  var view = { from: full.from, to: full.to };
  var selected = null;
  var buttons = el("div", { id: "axis-buttons" });
  var zoomIn = el("button", { type: "button", "aria-label": "Zoom in" }, "+");
  var zoomOut = el("button", { type: "button", "aria-label": "Zoom out" }, "\u2212");
  var fit = el("button", { type: "button" }, "Fit all");
  [zoomIn, zoomOut, fit].forEach(function (b) { buttons.appendChild(b); });
  axis.appendChild(buttons);
  var LANE = 22, LEFT = 110, TOP = 18, WIDTH = 900;
  var picture = svg("svg", { viewBox: "0 0 " + WIDTH + " " + (TOP + LANE * lanes.length + 6), role: "img", "aria-label": "Time axis" });
  axis.appendChild(picture);
  axis.hidden = false;

  function x(time) { return LEFT + (time - view.from) / (view.to - view.from) * (WIDTH - LEFT - 10); }

  function ticks() {
    var span = view.to - view.from, years = span / (365.25 * DAY), out = [];
    var d = new Date(view.from), step;
    if (years > 6) {
      step = Math.ceil(years / 8);
      d = new Date(Date.UTC(Math.ceil(d.getUTCFullYear() / step) * step, 0, 1));
      for (; d.getTime() < view.to; d = new Date(Date.UTC(d.getUTCFullYear() + step, 0, 1))) { out.push([d.getTime(), String(d.getUTCFullYear())]); }
    } else if (span > 60 * DAY) {
      step = Math.max(1, Math.ceil(span / (30.4 * DAY) / 8));
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      for (; d.getTime() < view.to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1))) { out.push([d.getTime(), d.toISOString().slice(0, 7)]); }
    } else {
      step = Math.max(1, Math.ceil(span / DAY / 8));
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
      for (; d.getTime() < view.to; d = new Date(d.getTime() + step * DAY)) { out.push([d.getTime(), d.toISOString().slice(0, 10)]); }
    }
    return out;
  }

  function draw() {
    while (picture.firstChild) { picture.removeChild(picture.firstChild); }
    ticks().forEach(function (t) {
      picture.appendChild(svg("line", { x1: x(t[0]), x2: x(t[0]), y1: TOP - 4, y2: TOP + LANE * lanes.length, "class": "grid" }));
      var label = svg("text", { x: x(t[0]) + 2, y: TOP - 6, "class": "tick" });
      label.textContent = t[1];
      picture.appendChild(label);
    });
    lanes.forEach(function (name, i) {
      var label = svg("text", { x: 4, y: TOP + LANE * i + 15, "class": "lane-name" });
      label.textContent = name.length > 16 ? name.slice(0, 15) + "\u2026" : name;
      picture.appendChild(label);
    });
    events.forEach(function (e) {
      if (e.li.hidden || e.end < view.from || e.start > view.to) { return; }
      var y = TOP + LANE * lanes.indexOf(e.lane) + 11;
      if (e.end - e.start > DAY) {
        picture.appendChild(svg("rect", { x: x(e.start), y: y - 4, width: Math.max(2, x(e.end) - x(e.start)), height: 8, "class": "span" }));
      }
      var dot = svg("circle", { cx: x(e.start), cy: y, r: 5, "class": "dot" + (e.sources === 0 ? " unsourced" : "") + (selected === e ? " selected" : "") });
      var title = svg("title");
      title.textContent = e.title;
      dot.appendChild(title);
      dot.addEventListener("click", function () { location.hash = e.id; });
      picture.appendChild(dot);
    });
  }

  function zoom(factor, around) {
    var centre = around === undefined ? (view.from + view.to) / 2 : around;
    var span = Math.max((view.to - view.from) * factor, 2 * DAY);
    var share = (centre - view.from) / (view.to - view.from);
    view = { from: centre - span * share, to: centre - span * share + span };
    draw();
  }
  zoomIn.addEventListener("click", function () { zoom(0.5); });
  zoomOut.addEventListener("click", function () { zoom(2); });
  fit.addEventListener("click", function () { view = { from: full.from, to: full.to }; draw(); });
  picture.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = picture.getBoundingClientRect();
    var px = (event.clientX - box.left) / box.width * WIDTH;
    var time = view.from + (px - LEFT) / (WIDTH - LEFT - 10) * (view.to - view.from);
    zoom(event.deltaY < 0 ? 0.8 : 1.25, time);
  }, { passive: false });

  function apply() {
    var count = 0;
    events.forEach(function (e) { e.li.hidden = !passes(e); if (!e.li.hidden) { count += 1; } });
    shown.textContent = count + " of " + events.length + " shown";
    draw();
  }
  [search, actor, tag, unsourced, single].forEach(function (c) {
    c.addEventListener("input", apply);
    c.addEventListener("change", apply);
  });

  // #event-ID selects: highlighted in the list and on the axis, brought into view.
  function select() {
    var id = decodeURIComponent(location.hash.slice(1));
    events.forEach(function (e) { e.li.classList.remove("selected"); });
    selected = null;
    events.forEach(function (e) { if (e.id === id) { selected = e; } });
    if (selected) {
      selected.li.hidden = false;
      selected.li.classList.add("selected");
      if (selected.start < view.from || selected.start > view.to) {
        var span = view.to - view.from;
        view = { from: selected.start - span / 2, to: selected.start + span / 2 };
      }
    }
    draw();
  }
  window.addEventListener("hashchange", select);
  apply();
  select();
}());
