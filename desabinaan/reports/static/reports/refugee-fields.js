// The short refugee form shows only while "pengungsi" is the chosen category. Without this
// script it stays visible, and its legend says when to fill it in.
(function () {
  var box = document.getElementById("refugee-fields");
  var form = document.getElementById("report-form");
  if (!box || !form) return;
  function update() {
    var chosen = form.querySelector('input[name="category"]:checked');
    box.hidden = !(chosen && chosen.value === "pengungsi");
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "category") update();
  });
  update();
})();
