// Events for htmx triggers that would otherwise need an eval'd filter (forbidden by the
// Content-Security-Policy): a region picker re-renders when one of its selects changes, not
// when its search box or a candidate radio does.
document.addEventListener("change", function (event) {
  if (event.target.tagName !== "SELECT") return;
  var picker = event.target.closest(".region-picker");
  if (picker) picker.dispatchEvent(new CustomEvent("region-select", { bubbles: false }));
});
