// The recovery-code page's Print button (a file, not inline: the pages run under a strict CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
