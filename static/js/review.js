/* Review screens: keyboard shortcuts, focus after a decision, undo window, conflict swaps.
   Everything here is an enhancement; every action is a plain form that works without it. */
(function () {
  "use strict";

  var UNDO_SECONDS = 8;
  var CARD = "[data-link-card]";

  // A 409 (someone else decided first) or 422 (bad input) answer carries the card or form as
  // it now is; show it instead of dropping it as htmx does with error statuses by default.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll(CARD));
  }

  function pending(card) {
    return card && card.getAttribute("data-status") === "suggested";
  }

  // The card the reader is on: the one holding focus, else the last one moved to.
  function selectedCard() {
    var active = document.activeElement;
    var card = active && active.closest ? active.closest(CARD) : null;
    return card || document.querySelector(CARD + ".is-current");
  }

  // The card an action applies to: the selected one, else the first still waiting.
  function currentCard() {
    return selectedCard() || cards().filter(pending)[0] || null;
  }

  function focusCard(card) {
    if (!card) return;
    cards().forEach(function (each) { each.classList.toggle("is-current", each === card); });
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = cards();
    if (!all.length) return;
    var index = all.indexOf(selectedCard());
    if (index === -1) { focusCard(all.filter(pending)[0] || all[0]); return; }
    focusCard(all[Math.min(all.length - 1, Math.max(0, index + step))]);
  }

  function nextPendingAfter(card) {
    var all = cards();
    var index = all.indexOf(card);
    var after = all.slice(index + 1).filter(pending);
    if (after.length) return after[0];
    var before = all.slice(0, Math.max(index, 0)).filter(pending);
    return before.length ? before[before.length - 1] : null;
  }

  function press(selector) {
    var card = currentCard();
    var button = card && card.querySelector(selector);
    if (button && !button.disabled) {
      focusCard(card);
      button.click();
    }
  }

  function openHelp() {
    var dialog = document.getElementById("keys-help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  function isTyping(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) {
      // Esc leaves a field of a card and gives the keys back.
      if (event.key === "Escape") {
        var owner = event.target.closest(CARD);
        if (owner) { event.preventDefault(); focusCard(owner); }
      }
      return;
    }
    var dialog = document.getElementById("keys-help");
    if (dialog && dialog.open) return;
    if (!document.querySelector(CARD)) return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "c": press("[data-confirm]"); break;
      case "r": press("[data-reject]"); break;
      case "u": press("[data-undo]"); break;
      case "e": {
        var card = currentCard();
        var select = card && card.querySelector("[data-relation]");
        if (!select) return;
        focusCard(card);
        select.focus();
        break;
      }
      case "?": openHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  // When every card on the page is decided and gone, fetch the list again: the next
  // suggestions (and the current count) come in without a reload.
  function refillWhenDone() {
    var list = document.getElementById("review-list");
    if (!list || !window.htmx) return;
    if (list.querySelector(CARD)) return;
    var url = new URL(window.location.href);
    url.searchParams.delete("decided");
    url.searchParams.delete("page");
    window.htmx.ajax("GET", url.pathname + url.search, { target: "#review-list", swap: "outerHTML" }).then(function () {
      focusCard(cards().filter(pending)[0]);
    });
  }

  // After a card is swapped: a decision moves focus on and opens the undo window; an undo
  // (or a conflict) keeps focus on the card itself.
  document.addEventListener("htmx:afterSwap", function (event) {
    var old = event.detail.target;
    if (!old || !old.id || old.id.indexOf("link-card-") !== 0) return;
    var card = document.getElementById(old.id);
    if (!card) return;
    var conflict = card.classList.contains("link-card--conflict");
    if (pending(card) || conflict) {
      focusCard(card);
      return;
    }
    var next = nextPendingAfter(card);
    if (next) focusCard(next); else card.classList.add("is-current");
    window.setTimeout(function () {
      var still = document.getElementById(old.id);
      if (!still || pending(still)) return;
      var hadFocus = still.contains(document.activeElement);
      still.classList.add("link-card--leaving");
      window.setTimeout(function () {
        var replacement = hadFocus ? nextPendingAfter(still) : null;
        if (still.parentNode && !pending(still)) still.parentNode.removeChild(still);
        if (replacement) focusCard(replacement);
        refillWhenDone();
      }, 250);
    }, UNDO_SECONDS * 1000);
  });

  // The live region doubles as a toast: it empties itself a while after each message
  // (emptying is not announced), so it never hides the page for long.
  var statusTimer = null;
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var region = event.detail.target;
    if (!region || region.id !== "live-status") return;
    window.clearTimeout(statusTimer);
    statusTimer = window.setTimeout(function () { region.textContent = ""; }, 7000);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var help = document.querySelector("[data-open-keys]");
    if (help) {
      help.hidden = false;
      help.addEventListener("click", openHelp);
    }
  });
})();
