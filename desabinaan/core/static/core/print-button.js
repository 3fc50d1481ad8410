// Buttons marked data-print print the page; hidden until this runs, since without JavaScript
// they would do nothing (the browser's own print still works).
document.querySelectorAll("[data-print]").forEach(function (btn) {
  btn.hidden = false;
  btn.addEventListener("click", function () { window.print(); });
});
