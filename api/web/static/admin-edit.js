/* The article editor: checks the draft as the editor types (the same validator as `veiviser kb validate`,
 * on the server), puts each problem on its field, and shows the card the chat would show.
 * Without JavaScript the form still works: the checks run on save and the page comes back with the errors. */
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  if (!form || !window.fetch) return;
  var status = document.getElementById("check-status");
  var preview = document.getElementById("preview");
  var summary = document.getElementById("problems");  // the list from the last save; gone once all is fixed
  var timer = null;
  var asked = 0;
  var lastCount = -1;

  function place(problems) {
    var byField = {};
    var unplaced = [];
    problems.forEach(function (p) {
      if (document.getElementById("err-" + p.field)) (byField[p.field] = byField[p.field] || []).push(p.message);
      else unplaced.push(p.message);
    });
    form.querySelectorAll(".field-error").forEach(function (box) {
      var name = box.id.slice(4);
      var messages = byField[name] || [];
      box.textContent = "";
      messages.forEach(function (message, i) {
        if (i) box.append(document.createElement("br"));
        box.append(document.createTextNode(message));
      });
      box.hidden = !messages.length;
      var input = document.getElementById("f-" + name);
      if (!input) return;
      if (messages.length) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
    return unplaced;
  }

  function report(count, unplaced) {
    if (count === lastCount && !unplaced.length) return;  // a screen reader hears a change, not every pause
    lastCount = count;
    var text = count === 1 ? status.dataset.one
      : count ? status.dataset.problems.replace("{count}", String(count)) : status.dataset.ok;
    status.textContent = unplaced.length ? text + " " + unplaced.join(" ") : text;
  }

  function check() {
    var mine = ++asked;
    fetch(form.dataset.check, { method: "POST", body: new FormData(form), credentials: "same-origin",
                                headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (result) {
        if (mine !== asked) return;  // an older answer arriving after a newer question
        report(result.problems.length, place(result.problems));
        if (!result.problems.length && summary) summary.hidden = true;
        if (result.preview) preview.innerHTML = result.preview;  // rendered and escaped by the server
      })
      .catch(function () { if (mine === asked) status.textContent = status.dataset.failed; });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
