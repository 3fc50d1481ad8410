// The corner on the public village page: a small map with its marker. Without JavaScript or
// tiles the page still offers "Open in a map app" (a geo: link).
(function () {
  var el = document.getElementById("public-map");
  if (!window.L || !el) return;
  el.hidden = false;
  var at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  var map = L.map(el).setView(at, 15);
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  L.marker(at).addTo(map);
})();
