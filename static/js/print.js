// A "Print" button where the browser can print from a page (it stays hidden without JavaScript, where the
// browser's own menu prints the page all the same).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
