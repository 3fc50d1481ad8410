// "Use my location" fills the coordinate inputs. Progressive enhancement only: the point can
// also be typed in by hand, so the button stays hidden without geolocation.
(function () {
  var btn = document.getElementById("use-location");
  if (!btn || !navigator.geolocation) return;
  btn.hidden = false;
  btn.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = document.getElementById("id_latitude"), lng = document.getElementById("id_longitude");
      lat.value = pos.coords.latitude.toFixed(5);
      lng.value = pos.coords.longitude.toFixed(5);
      lng.dispatchEvent(new Event("change"));  // the map, if any, follows
    });
  });
})();
