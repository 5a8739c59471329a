// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

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
