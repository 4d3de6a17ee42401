// Import review: add a missed quote by selecting it in the article text.
// Without this file the same row takes the quote typed by hand; the server finds its offsets.
(function () {
  "use strict";
  const article = document.getElementById("import-article");
  if (!article) return;
  document.querySelectorAll(".js-only[hidden]").forEach((element) => { element.hidden = false; });

  let selected = null;

  function offsetWithin(node, offset) {
    const range = document.createRange();
    range.setStart(article, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function rememberSelection() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return;
    let start = offsetWithin(range.startContainer, range.startOffset);
    let end = offsetWithin(range.endContainer, range.endOffset);
    const text = article.textContent;
    while (start < end && /\s/.test(text[start])) start += 1;
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    if (end > start) selected = { start: start, end: end, text: text.slice(start, end) };
  }

  document.addEventListener("selectionchange", rememberSelection);
  article.addEventListener("mouseup", rememberSelection);
  article.addEventListener("keyup", rememberSelection);

  document.querySelectorAll("button.use-selection").forEach((button) => {
    button.addEventListener("click", () => {
      const row = document.getElementById("quote-row-" + button.dataset.row);
      if (!row) return;
      if (!selected) {
        button.textContent = "Select a passage in the article first";
        return;
      }
      row.querySelector("textarea[name$='-text']").value = selected.text;
      row.querySelector("input[name$='-start']").value = selected.start;
      row.querySelector("input[name$='-end']").value = selected.end;
      const speaker = row.querySelector("input[name$='-speaker']");
      if (speaker) speaker.focus();
    });
  });

  // A click on a highlighted quote brings its row into view.
  article.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-quote]");
    if (!mark || !window.getSelection().isCollapsed) return;
    const row = document.getElementById("quote-row-" + mark.dataset.quote);
    if (!row) return;
    document.querySelectorAll(".quote-row.is-current").forEach((other) => other.classList.remove("is-current"));
    row.classList.add("is-current");
    row.scrollIntoView({ block: "nearest" });
  });
})();
