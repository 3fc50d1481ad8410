// The corner's position on the public village page (a file, not inline code, for the
// Content-Security-Policy). Without JavaScript or tiles the "open in a map app" link remains.
(function () {
  var el = document.getElementById("public-map");
  if (!window.L || !el) return;
  el.hidden = false;
  var at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  var map = L.map(el).setView(at, 15);
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  L.marker(at).addTo(map);
})();
