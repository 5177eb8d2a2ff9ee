/*
 * Veiviser chat widget. One script tag adds it to any page:
 *   <script src="https://<host>/widget.js" data-lang="uk" async></script>
 * On our own page it renders inline instead (data-mode="page" data-target="#chat").
 *
 * No framework, no build step. Everything lives in a shadow root so the host page's styles cannot break it
 * and ours cannot leak out. All text is set with textContent: nothing from the network becomes HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src, location.href).origin;
  var mode = script.dataset.mode === "page" ? "page" : "launcher";
  var STORE = "veiviser:v1:" + base;
  var RTL = { ar: true, fa: true };
  // Shared PCs and phones (reception centres): a conversation idle this long is forgotten, on screen and in
  // storage (data-idle-minutes, default 30). data-shared-device keeps it in this tab only (sessionStorage).
  var idleMinutes = parseFloat(script.dataset.idleMinutes);
  var IDLE_MS = (idleMinutes > 0 ? idleMinutes : 30) * 60000;
  var sharedDevice = script.hasAttribute("data-shared-device");
  var storage = null;
  try { storage = sharedDevice ? window.sessionStorage : window.localStorage; } catch (e) { storage = null; }

  var state = load() || fresh();
  state.lang = state.lang || script.dataset.lang || (navigator.language || "en").slice(0, 2);
  var ui = null;          // strings for state.lang, from /api/ui
  var busy = false;

  // The server issues the conversation id with its first reply; until then there is none (null).
  function fresh() {
    return { session: null, lang: null, chosen: false, open: false, messages: [], active: Date.now() };
  }
  function idle(stored) {
    return !stored.active || Date.now() - stored.active > IDLE_MS;
  }
  function load() {
    try {
      var stored = JSON.parse(storage.getItem(STORE));
      if (stored && idle(stored)) {
        storage.removeItem(STORE);
        return null;
      }
      return stored;
    } catch (e) { return null; }
  }
  function save() {
    try {
      state.messages = state.messages.slice(-60);  // a long conversation must not fill the quota
      // Only what the server has returned redacted is stored: a message still waiting (or one whose
      // request failed) stays on screen and never reaches storage as typed.
      var stored = Object.assign({}, state, {
        messages: state.messages.filter(function (entry) { return !entry.pending; })
      });
      storage.setItem(STORE, JSON.stringify(stored));
    } catch (e) { /* private mode: the conversation just won't survive a reload */ }
  }
  function forgetIfIdle() {
    if (!state.messages.length || !idle(state)) return;
    var lang = state.lang, chosen = state.chosen;
    state = fresh();
    state.lang = lang;
    state.chosen = chosen;
    renderAll();
    if (sharedDevice) {
      try { storage.removeItem(STORE); } catch (e) { /* nothing stored */ }
    } else {
      save();
    }
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (key === "class") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function t(key, values) {
    var text = (ui && ui.strings[key]) || key;
    for (var name in values || {}) text = text.split("{" + name + "}").join(values[name]);
    return text;
  }
  function getJSON(path) {
    return fetch(base + path, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  // ---- the frame: launcher, panel, log, form ----
  var host = el("div", { class: "veiviser-host" });
  var root = host.attachShadow({ mode: "open" });
  // The page's versioned script URL (/widget.js?v=...) passes its version on: both files cache for a year.
  var version = new URL(script.src, location.href).searchParams.get("v");
  var styles = el("link", { rel: "stylesheet", href: base + "/widget.css" + (version ? "?v=" + encodeURIComponent(version) : "") });
  root.appendChild(styles);
  var frame = el("div", { class: "vv mode-" + mode });
  // Drawn before widget.css and its strings arrive, the panel would jump into shape, fill in its labels
  // and turn right-to-left in front of the reader (a layout shift of 0.14-0.28 on our page): it stays
  // invisible, in its reserved place, until both are in (at most 3 s, so a slow API never hides it).
  frame.style.visibility = "hidden";
  var waitingFor = 2;
  function oneReady() {
    waitingFor -= 1;
    if (waitingFor <= 0) frame.style.visibility = "";
  }
  styles.addEventListener("load", oneReady);
  styles.addEventListener("error", oneReady);
  setTimeout(function () { waitingFor = 0; oneReady(); }, 3000);
  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false" });
  var panel = el("section", { class: "panel" });
  var header = el("div", { class: "bar" });
  var heading = el("h2", { class: "title", id: "vv-title" });
  var langLabel = el("label", { for: "vv-lang", class: "lang-label" });
  var langSelect = el("select", { id: "vv-lang" });
  var closeButton = el("button", { type: "button", class: "close" }, "×");
  var privacy = el("p", { class: "privacy" });
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0" });
  var status = el("p", { class: "visually-hidden", role: "status" });
  var quick = el("div", { class: "quick" });
  var firstStepsButton = el("button", { type: "button", class: "chip" });
  var handoffButton = el("button", { type: "button", class: "chip" });
  var newChatButton = el("button", { type: "button", class: "chip subtle" });
  var form = el("form", { class: "ask" });
  var inputLabel = el("label", { for: "vv-input", class: "visually-hidden" });
  var input = el("textarea", { id: "vv-input", rows: "2", maxlength: "2000", dir: "auto", autocomplete: "off" });
  var send = el("button", { type: "submit", class: "send" });

  header.append(heading, langLabel, langSelect);
  if (mode === "launcher") header.append(closeButton);
  quick.append(firstStepsButton, handoffButton, newChatButton);
  form.append(inputLabel, input, send);
  panel.append(header, privacy, log, status, quick, form);
  if (mode === "launcher") frame.append(launcher);
  frame.append(panel);
  root.append(frame);

  if (mode === "page") {
    var target = document.querySelector(script.dataset.target || "#chat") || document.body;
    target.appendChild(host);
  } else {
    document.body.appendChild(host);
  }

  function applyStrings() {
    var dir = RTL[state.lang] ? "rtl" : "ltr";
    frame.setAttribute("dir", dir);
    frame.setAttribute("lang", state.lang);
    if (mode === "page") {
      document.documentElement.setAttribute("lang", state.lang);
      document.documentElement.setAttribute("dir", dir);
    }
    heading.textContent = t("title");
    launcher.textContent = t("open");
    launcher.setAttribute("aria-label", t("open"));
    closeButton.setAttribute("aria-label", t("close"));
    closeButton.setAttribute("title", t("close"));
    panel.setAttribute("aria-labelledby", "vv-title");
    langLabel.textContent = t("language");
    privacy.textContent = t("privacy");
    log.setAttribute("aria-label", t("conversation"));
    firstStepsButton.textContent = t("first_steps");
    handoffButton.textContent = t("handoff");
    newChatButton.textContent = t("new_chat");
    inputLabel.textContent = t("input_label");
    input.setAttribute("placeholder", t("placeholder"));
    send.textContent = t("send");
    langSelect.textContent = "";
    ui.languages.forEach(function (item) {
      var option = el("option", { value: item.code, lang: item.code, dir: item.dir }, item.name);
      if (item.code === state.lang) option.selected = true;
      langSelect.append(option);
    });
  }

  function setLanguage(code) {
    return getJSON("/api/ui?lang=" + encodeURIComponent(code)).then(function (data) {
      ui = data;
      state.lang = data.language;
      applyStrings();
      renderAll();
      save();
    });
  }

  // ---- messages ----
  function paragraphs(container, text) {
    String(text || "").split(/\n{2,}/).forEach(function (chunk) {
      if (!chunk.trim()) return;
      var p = el("p", { dir: "auto" });
      chunk.split("\n").forEach(function (line, i) {
        if (i) p.append(el("br"));
        p.append(document.createTextNode(line));
      });
      container.append(p);
    });
  }

  function buttonsFor(message) {
    var row = el("div", { class: "choices" });
    (message.buttons || []).forEach(function (button) {
      var b = el("button", { type: "button", class: "chip", dir: "auto" }, button.title);
      b.addEventListener("click", function () { ask(button.payload, button.title); });
      row.append(b);
    });
    return row;
  }

  function answerCard(message) {
    var a = message.article;
    var card = el("article", { class: "card", lang: a.language, dir: "auto" });
    card.append(el("h3", { dir: "auto" }, a.title));
    if (a.short_answer && a.short_answer.sentences.length) {
      // The sentences that answer this question, first; in their own language when the article lacks the user's.
      card.append(el("p", { class: "short-answer", dir: "auto", lang: a.short_answer.language },
                     a.short_answer.sentences.join(" ")));
    }
    (message.notices || []).forEach(function (notice) {
      card.append(el("p", { class: "notice", dir: "auto", lang: message.language }, notice));
    });
    card.append(el("p", { class: "summary", dir: "auto" }, a.summary));
    if (a.status_note) card.append(el("p", { class: "status-note", dir: "auto" }, a.status_note));
    if (a.steps && a.steps.length) {
      card.append(el("h4", { lang: message.language }, t("steps")));
      var ol = el("ol");
      a.steps.forEach(function (step) { ol.append(el("li", { dir: "auto" }, step)); });
      card.append(ol);
    }
    var full = el("div", { class: "full", hidden: "" });
    var toggle = el("button", { type: "button", class: "link", "aria-expanded": "false", lang: message.language },
                    t("show_full"));
    toggle.addEventListener("click", function () {
      var opening = full.hasAttribute("hidden");
      if (opening && !full.childNodes.length) {
        getJSON("/api/articles/" + encodeURIComponent(a.slug) + "?lang=" + encodeURIComponent(message.language))
          .then(function (article) {
            full.setAttribute("lang", article.body_language);
            // Markdown to plain paragraphs: headings and bold marks go, wrapped lines join, list items stay lines.
            var text = article.body.replace(/^#+\s*/gm, "").replace(/\*\*/g, "")
              .replace(/(?<!\n)\n(?!\n|\s*(?:[-*+]|\d+[.)])\s)/g, " ");
            paragraphs(full, text);
          })
          .catch(function () { full.append(el("p", {}, t("error"))); });
      }
      full.toggleAttribute("hidden", !opening);
      toggle.setAttribute("aria-expanded", String(opening));
      toggle.textContent = opening ? t("hide_full") : t("show_full");
    });
    card.append(toggle, full);
    var sources = el("div", { class: "sources", lang: message.language });
    sources.append(el("h4", {}, t("sources")));
    var ul = el("ul");
    a.sources.forEach(function (s) {
      var li = el("li");
      var link = el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.publisher + ": " + s.title);
      li.append(link);
      ul.append(li);
    });
    sources.append(ul, el("p", { class: "reviewed" }, t("reviewed", { date: a.reviewed_display })));
    card.append(sources);
    return card;
  }

  function checklist(message) {
    var box = el("div", { class: "checklist", dir: "auto" });
    var lines = String(message.text).split("\n");
    box.append(el("p", { dir: "auto" }, lines[0]));
    var ol = el("ol");
    message.items.forEach(function (item) { ol.append(el("li", { dir: "auto", lang: item.language }, item.title)); });
    box.append(ol);
    var print = el("button", { type: "button", class: "link" }, t("print"));
    print.addEventListener("click", function () { window.print(); });
    box.append(print);
    return box;
  }

  // Every message type of the reply contract (veiviser/messages.py; a test keeps the two lists equal).
  // Answers and checklists have their own layout; the others are paragraphs styled by their type.
  var RENDERED_TYPES = ["answer", "checklist", "safety", "clarify", "abstain", "text", "notice",
                        "status-question", "status-assumed", "handoff", "feedback-question"];

  function render(entry) {
    var item = el("div", { class: "msg " + entry.from });
    item.append(el("span", { class: "visually-hidden" }, entry.from === "user" ? t("you") : t("assistant")));
    var m = entry.message;
    var type = RENDERED_TYPES.indexOf(m.type) >= 0 ? m.type : "text";  // an unknown type still shows its text
    if (entry.from === "user") {
      item.append(el("p", { dir: "auto" }, m.text));
    } else if (type === "answer" && m.article) {
      item.append(answerCard(m));
    } else if (type === "checklist" && m.items) {
      item.append(checklist(m));
    } else {
      item.classList.add(type);
      paragraphs(item, m.text);
    }
    if (entry.from === "bot" && m.buttons && m.buttons.length && m.type !== "checklist") item.append(buttonsFor(m));
    if (entry.from === "bot" && m.type === "checklist") item.append(buttonsFor(m));
    return item;
  }

  function renderAll() {
    log.textContent = "";
    state.messages.forEach(function (entry) { log.append(render(entry)); });
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    state.messages.push(entry);
    log.append(render(entry));
    log.scrollTop = log.scrollHeight;
  }

  // ---- talking to the API ----
  function ask(text, shown) {
    if (busy || !String(text).trim()) return;
    busy = true;
    send.disabled = true;
    var mine = { from: "user", message: { text: shown || text }, pending: !shown };
    add(mine);
    state.active = Date.now();
    status.textContent = t("waiting");
    function post(session) {
      var body = { message: text };
      if (session) body.session_id = session;
      if (state.chosen) body.language = state.lang;
      else body.page_language = state.lang;  // for "ok" or "👍": answer in the page's language, not a guess
      return fetch(base + "/api/chat", {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      });
    }
    post(state.session).then(function (r) {
      // 403: the server no longer knows this id (its key changed): the same message starts a new conversation.
      return r.status === 403 && state.session ? post(null) : r;
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (reply) {
      status.textContent = "";
      state.session = reply.session_id;
      if (mine.pending && typeof reply.user_text === "string") {
        mine.message.text = reply.user_text;  // as the server redacted it: this is what is stored
        mine.pending = false;
      }
      reply.messages.forEach(function (m) { add({ from: "bot", message: m }); });
      var switched = reply.language && reply.language !== state.lang;
      save();
      if (switched) setLanguage(reply.language);  // the interface follows the conversation's language
    }).catch(function () {
      status.textContent = "";
      add({ from: "bot", message: { type: "error", text: t("error") } });
    }).then(function () {
      busy = false;
      send.disabled = false;
      save();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    ask(text);
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  langSelect.addEventListener("change", function () {
    state.chosen = true;
    setLanguage(langSelect.value).then(function () { langSelect.focus(); });
  });
  firstStepsButton.addEventListener("click", function () { ask(ui.actions.first_steps); });
  handoffButton.addEventListener("click", function () { ask(ui.actions.handoff); });
  newChatButton.addEventListener("click", function () {
    state.messages = [];
    state.session = null;
    state.active = Date.now();
    renderAll();
    save();
    input.focus();
  });
  // The next person at a shared screen must not find the last one's conversation.
  window.setInterval(forgetIfIdle, 30000);
  document.addEventListener("visibilitychange", forgetIfIdle);
  window.addEventListener("focus", forgetIfIdle);

  function setOpen(open) {
    state.open = open;
    frame.classList.toggle("open", open);
    launcher.setAttribute("aria-expanded", String(open));
    if (open) input.focus(); else launcher.focus();
    save();
  }
  launcher.addEventListener("click", function () { setOpen(!state.open); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && mode === "launcher") setOpen(false);
  });

  setLanguage(state.lang).catch(function () { return setLanguage("en"); }).then(function () {
    if (mode === "launcher" && state.open) frame.classList.add("open");
    if (!state.messages.length) status.textContent = "";
  }).catch(function () { /* no strings: the keys show */ }).then(oneReady);
})();
