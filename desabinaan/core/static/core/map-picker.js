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
    var map = L.map(el).setView(known() ? here() : [-2.5, 118], known() ? 15 : 4);
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
    // A map drawn inside a closed <details> has no size yet: redraw it when opened.
    var details = el.closest("details");
    if (details) details.addEventListener("toggle", function () { map.invalidateSize(); });
  });
})();
