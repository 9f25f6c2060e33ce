/*
 * Alles Vloeit Vraagbaak - the chat widget for a host website.
 *
 *   <script src="https://chat.example/embed.js" defer></script>
 *
 * Adds a chat button in the bottom corner; it opens the compact chat (/embed/) of the
 * server this script came from, in an iframe. No other files, no third-party CDN.
 * Options, as attributes on the script tag:
 *   data-label="Vraag het de nota"   the button's text
 *   data-position="left"             bottom-left instead of bottom-right
 *   data-open="true"                 open the chat as soon as the page loads
 *   data-lang="fr"                   the chat's interface language: nl, en or fr (default: the
 *                                    host page's <html lang>, else the visitor's browser)
 * The page can also call window.VraagbaakWidget.open() / .close() / .toggle().
 * The server only lets the sites on its allow-list frame the chat.
 */
(function () {
  "use strict";
  if (window.VraagbaakWidget) {
    return;
  }
  var script = document.currentScript;
  if (!script) {
    var scripts = document.querySelectorAll('script[src*="embed.js"]');
    script = scripts[scripts.length - 1];
  }
  if (!script) {
    return;
  }
  var texts = {
    nl: { open: "Vraag het de nota", close: "Chat sluiten" },
    en: { open: "Ask the note", close: "Close the chat" },
    fr: { open: "Interroger la note", close: "Fermer le chat" }
  };
  var wanted = (script.getAttribute("data-lang") || document.documentElement.lang || "")
    .slice(0, 2)
    .toLowerCase();
  var lang = texts.hasOwnProperty(wanted) ? wanted : "";
  var chatUrl = new URL("embed/", script.src).href + (lang ? "?lang=" + lang : "");
  var label = script.getAttribute("data-label") || texts[lang || "nl"].open;
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var title = "Alles Vloeit Vraagbaak";

  var css =
    ":host { all: initial; }" +
    "* { box-sizing: border-box; }" +
    ".launcher { position: fixed; bottom: 16px; SIDE: 16px; z-index: 2147483000;" +
    "  display: flex; align-items: center; gap: 8px; min-height: 48px; padding: 12px 18px;" +
    "  border: 0; border-radius: 24px; background: #005a70; color: #fff; cursor: pointer;" +
    "  font: 600 16px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;" +
    "  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); }" +
    ".launcher:hover { background: #00475a; }" +
    ".launcher:focus-visible, .close:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }" +
    ".launcher svg { width: 22px; height: 22px; flex: none; }" +
    ".panel { position: fixed; bottom: 80px; SIDE: 16px; z-index: 2147483001;" +
    "  width: 380px; height: 600px; max-width: calc(100vw - 32px); max-height: calc(100vh - 96px);" +
    "  display: flex; flex-direction: column; overflow: hidden; background: #fff;" +
    "  border-radius: 12px; box-shadow: 0 8px 32px rgba(0, 0, 0, 0.3); }" +
    ".panel[hidden] { display: none; }" +
    ".bar { display: flex; align-items: center; justify-content: space-between; flex: none;" +
    "  padding: 6px 6px 6px 14px; background: #005a70; color: #fff;" +
    "  font: 600 15px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }" +
    ".close { width: 40px; height: 40px; border: 0; border-radius: 8px; background: transparent;" +
    "  color: #fff; font: 400 28px/1 system-ui, sans-serif; cursor: pointer; }" +
    ".close:hover { background: rgba(255, 255, 255, 0.15); }" +
    "iframe { flex: 1; width: 100%; min-height: 0; border: 0; background: #fff; }" +
    "@media (max-width: 480px) {" +
    "  .panel { inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; border-radius: 0; }" +
    "  .panel:not([hidden]) + .launcher, .launcher[aria-expanded='true'] { display: none; }" +
    "}";

  var host = document.createElement("div");
  host.id = "vraagbaak-widget";
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var style = document.createElement("style");
  style.textContent = css.replace(/SIDE/g, side);
  root.appendChild(style);

  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "vraagbaak-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  panel.hidden = true;

  var bar = document.createElement("div");
  bar.className = "bar";
  var heading = document.createElement("span");
  heading.textContent = title;
  var close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.setAttribute("aria-label", texts[lang || "nl"].close);
  close.textContent = "\u00d7";
  bar.appendChild(heading);
  bar.appendChild(close);
  panel.appendChild(bar);

  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.setAttribute("aria-controls", panel.id);
  launcher.setAttribute("aria-expanded", "false");
  launcher.innerHTML =
    '<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">' +
    '<path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/>' +
    "</svg>";
  var text = document.createElement("span");
  text.textContent = label;
  launcher.appendChild(text);

  root.appendChild(panel);
  root.appendChild(launcher);

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = chatUrl;
      frame.title = title;
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    close.focus();
  }

  function hide() {
    if (panel.hidden) {
      return;
    }
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function toggle() {
    if (panel.hidden) {
      open();
    } else {
      hide();
    }
  }

  launcher.addEventListener("click", toggle);
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });

  function mount() {
    document.body.appendChild(host);
    if (script.getAttribute("data-open") === "true") {
      open();
    }
  }

  window.VraagbaakWidget = { open: open, close: hide, toggle: toggle, url: chatUrl };
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
