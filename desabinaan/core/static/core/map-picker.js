// A Leaflet map that fills a pair of coordinate inputs when tapped, and follows them when they
// are typed or filled by the "use my location" button. Progressive enhancement: without
// JavaScript or map tiles the coordinates are simply typed.
(function () {
  if (!window.L) return;
  document.querySelectorAll("[data-map-picker]").forEach(function (el) {
    var lat = document.getElementById(el.dataset.lat);
    var lng = document.getElementById(el.dataset.lng);
    if (!lat || !lng) return;
    el.hidden = false;
    var known = function () { return lat.value && lng.value && !isNaN(lat.value) && !isNaN(lng.value); };
    var here = function () { return [parseFloat(lat.value), parseFloat(lng.value)]; };
    // Without a point yet, the map opens on the village's area (the server's best guess from
    // what is already located there), not on all Indonesia.
    var area = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLng)];
    if (isNaN(area[0]) || isNaN(area[1])) area = [-2.5, 118];
    var areaZoom = parseInt(el.dataset.zoom, 10) || 4;
    var map = L.map(el).setView(known() ? here() : area, known() ? 15 : areaZoom);
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
    var marker = known() ? L.marker(here()).addTo(map) : null;
    function show(latlng, zoom) {
      if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
      if (zoom) map.setView(latlng, 15);
    }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lng.value = e.latlng.lng.toFixed(6);
      show(e.latlng, false);
    });
    [lat, lng].forEach(function (input) {
      input.addEventListener("change", function () { if (known()) show(here(), true); });
    });
    // On a form where the village is chosen, follow the choice while no point is set.
    var picker = el.dataset.regionInput && document.getElementById(el.dataset.regionInput + "-picker");
    var lastCode = "";
    function follow() {
      if (!picker || known()) return;
      var chosen = picker.querySelector(".selected-region[data-code]");
      var code = chosen ? chosen.dataset.code : "";
      if (!code) {
        picker.querySelectorAll("select").forEach(function (s) { if (s.value) code = s.value; });
      }
      if (!code || code === lastCode) return;
      lastCode = code;
      fetch(el.dataset.centreUrl + "?kode=" + encodeURIComponent(code))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) { if (v && !known()) map.setView([v.lat, v.lng], v.zoom); })
        .catch(function () {});
    }
    if (picker) {
      picker.addEventListener("change", follow);
      document.body.addEventListener("htmx:afterSettle", follow);
    }
    // A map drawn inside a closed <details> has no size yet: redraw it when opened.
    var details = el.closest("details");
    if (details) details.addEventListener("toggle", function () { map.invalidateSize(); });
  });
})();
