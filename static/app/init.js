// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Radios that reveal fields (GOV.UK conditional reveal: the same markup and classes as GOV.UK
// Frontend's, data-module="app-radios"). GOV.UK Frontend's own Radios module also sets
// aria-expanded on each radio, which ARIA 1.2 does not allow on a radio (axe's
// aria-allowed-attr; govuk-frontend issue 979), so these keep aria-controls only. Tick boxes
// keep GOV.UK Frontend's module: aria-expanded is allowed on a checkbox.
document.querySelectorAll('[data-module="app-radios"]').forEach((group) => {
  const inputs = [...group.querySelectorAll('input[type="radio"]')];
  inputs.forEach((input) => {
    const id = input.getAttribute("data-aria-controls");
    if (id && document.getElementById(id)) {
      input.setAttribute("aria-controls", id);
      input.removeAttribute("data-aria-controls");
    }
  });
  const sync = () => {
    inputs.forEach((input) => {
      const id = input.getAttribute("aria-controls");
      const revealed = id ? document.getElementById(id) : null;
      if (revealed) {
        revealed.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
      }
    });
  };
  group.addEventListener("change", sync);
  window.addEventListener("pageshow", sync);
  sync();
});

// Warn two minutes before the idle limit signs the person out, and let them stay signed in.
const body = document.body;
const idle = Number(body.dataset.idleSeconds || 0);
if (idle > 0) {
  const dialog = document.getElementById("timeout-warning");
  const extend = document.getElementById("timeout-extend");
  let warnTimer;
  let endTimer;
  const schedule = (seconds) => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => {
      dialog.hidden = false;
      extend.focus();
    }, Math.max(seconds - 120, 0) * 1000);
    endTimer = setTimeout(() => {
      window.location.href = body.dataset.signInUrl + "?next=" + encodeURIComponent(window.location.pathname);
    }, seconds * 1000);
  };
  extend.addEventListener("click", async () => {
    const response = await fetch(body.dataset.extendUrl, {
      method: "POST",
      headers: { "X-CSRFToken": body.dataset.csrf },
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.hidden = true;
      schedule((await response.json()).idle_seconds);
    }
  });
  schedule(idle);
}

// A table's region is a tab stop only while the table is wider than it and so scrolls: a
// keyboard needs to reach it then (WCAG 2.1.1), and an extra stop before every table that fits
// would only slow people down. Without JavaScript every region stays a tab stop.
if ("ResizeObserver" in window) {
  const fit = new ResizeObserver((entries) => {
    entries.forEach(({ target }) => {
      if (target.scrollWidth > target.clientWidth) {
        target.setAttribute("tabindex", "0");
      } else {
        target.removeAttribute("tabindex");
      }
    });
  });
  document.querySelectorAll(".app-table-region").forEach((region) => fit.observe(region));
}
