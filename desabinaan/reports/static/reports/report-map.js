// The officers' report map: one circle per located report, filled with its category's colour,
// hollow once the report is closed, grouped into clusters (Leaflet.markercluster) where they
// crowd. The points come from the scoped GeoJSON endpoint with the page's own filters.
(function () {
  document.querySelectorAll(".legend-dot[data-colour]").forEach(function (dot) {
    dot.style.backgroundColor = dot.dataset.colour;
  });
  var el = document.getElementById("report-map");
  if (!el || !window.L) return;
  var count = document.getElementById("map-count");
  var map = L.map(el).setView(
    [parseFloat(el.dataset.centerLat) || -2.5, parseFloat(el.dataset.centerLng) || 118],
    parseInt(el.dataset.zoom, 10) || 4
  );
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  var group = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 50 }) : L.featureGroup();
  map.addLayer(group);
  function popup(p) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.className = "font-monospace";
    link.textContent = p.code;
    box.appendChild(link);
    [p.category_label, p.status_label, p.village].forEach(function (text) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(text));
    });
    return box;
  }
  fetch(el.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;
      data.features.forEach(function (f) {
        var p = f.properties;
        var c = f.geometry.coordinates;
        var marker = L.circleMarker([c[1], c[0]], {
          radius: 8,
          color: p.colour,
          weight: 3,
          fillColor: p.colour,
          fillOpacity: p.open ? 0.85 : 0,
        });
        marker.bindPopup(popup(p));
        marker.options.title = p.code;
        group.addLayer(marker);
      });
      el.dataset.points = String(data.features.length);
      if (count) count.textContent = data.features.length ? el.dataset.count.replace("{n}", data.features.length) : el.dataset.empty;
      if (data.features.length) map.fitBounds(group.getBounds(), { maxZoom: 14, padding: [20, 20] });
    })
    .catch(function () {});
})();
