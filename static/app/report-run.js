// The report progress page: ask the server to make the file now, then show the result.
// Without JavaScript the page refreshes itself and offers a button that does the same.
(function () {
  var form = document.getElementById("build-form");
  if (!form || !window.fetch) { return; }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  fetch(form.getAttribute("data-build-url"), {
    method: "POST",
    headers: { "X-CSRFToken": token, "Accept": "application/json" },
    credentials: "same-origin"
  }).then(function () { window.location.reload(); })
    .catch(function () { /* the refresh and the button still work */ });
})();
