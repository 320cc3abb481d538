// The actor network as SVG: a small force layout, no library. Reads the page's JSON twin.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box) return;
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function layout(nodes, edges, width, height) {
    var index = {};
    nodes.forEach(function (n, i) {
      index[n.id] = n;
      var angle = 2 * Math.PI * i / nodes.length, radius = Math.min(width, height) * 0.35;
      n.x = width / 2 + radius * Math.cos(angle);
      n.y = height / 2 + radius * Math.sin(angle);
      n.dx = 0; n.dy = 0;
    });
    var links = edges.filter(function (e) { return index[e.source] && index[e.target]; })
      .map(function (e) { return { a: index[e.source], b: index[e.target], w: e.weight }; });
    var k = Math.sqrt(width * height / Math.max(1, nodes.length)) * 0.6;
    for (var step = 0, heat = width / 10; step < 250; step++, heat *= 0.98) {
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var p = nodes[i], q = nodes[j], x = p.x - q.x, y = p.y - q.y, d = Math.max(1, Math.sqrt(x * x + y * y));
          var push = k * k / d;
          p.dx += x / d * push; p.dy += y / d * push; q.dx -= x / d * push; q.dy -= y / d * push;
        }
      }
      links.forEach(function (l) {
        var x = l.a.x - l.b.x, y = l.a.y - l.b.y, d = Math.max(1, Math.sqrt(x * x + y * y));
        var pull = d * d / k * Math.min(3, 1 + l.w / 4);
        l.a.dx -= x / d * pull; l.a.dy -= y / d * pull; l.b.dx += x / d * pull; l.b.dy += y / d * pull;
      });
      nodes.forEach(function (n) {
        n.dx += (width / 2 - n.x) * 0.02 * k; n.dy += (height / 2 - n.y) * 0.02 * k;  // gravity
        var d = Math.max(1, Math.sqrt(n.dx * n.dx + n.dy * n.dy)), move = Math.min(d, heat);
        n.x = Math.min(width - 20, Math.max(20, n.x + n.dx / d * move));
        n.y = Math.min(height - 20, Math.max(20, n.y + n.dy / d * move));
      });
    }
    return links;
  }

  function draw(graph) {
    box.textContent = "";
    var width = Math.max(600, box.clientWidth || 900), height = Math.max(420, Math.round(width * 0.6));
    var nodes = graph.nodes.slice(0, 120), kept = {};
    nodes.forEach(function (n) { kept[n.id] = true; });
    var edges = graph.edges.filter(function (e) { return kept[e.source] && kept[e.target]; });
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, class: "network", role: "img",
                          "aria-label": nodes.length + " actors and " + edges.length + " links" }, box);
    var defs = el("defs", {}, svg);
    ["VC", "MC", "VX", "MX", "none"].forEach(function (quad) {
      var marker = el("marker", { id: "arrow-" + quad, viewBox: "0 0 10 10", refX: "18", refY: "5",
                                  markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead quad-" + quad }, marker);
    });
    var links = layout(nodes, edges, width, height);
    var edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);
    links.forEach(function (l, i) {
      var e = edges[i], quad = e.quad && "VC MC VX MX".indexOf(e.quad) >= 0 ? e.quad : "none";
      var line = el("line", { x1: l.a.x.toFixed(1), y1: l.a.y.toFixed(1), x2: l.b.x.toFixed(1), y2: l.b.y.toFixed(1),
                              class: "edge quad-" + quad, "stroke-width": Math.min(8, 1 + Math.log2(e.weight) * 1.5).toFixed(1),
                              "marker-end": "url(#arrow-" + quad + ")" }, edgeLayer);
      el("title", {}, line).textContent = l.a.name + " → " + l.b.name + ": " + e.type + " × " + e.weight;
    });
    nodes.forEach(function (n) {
      var link = el("a", { href: "/actors/" + encodeURIComponent(n.id), class: "node" }, nodeLayer);
      el("circle", { cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: Math.min(16, 4 + Math.sqrt(n.weight) * 2).toFixed(1),
                     class: "node-dot type-" + (n.type || "none") }, link);
      var label = el("text", { x: (n.x + 8).toFixed(1), y: (n.y - 8).toFixed(1), class: "node-label" }, link);
      label.textContent = n.name;
      el("title", {}, link).textContent = n.name + " (" + n.weight + " events)";
    });
  }

  fetch(box.getAttribute("data-src"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      box.textContent = "The network could not be drawn (" + error.message + "); the table below lists the same links.";
    });
})();
