// The ticket page's canned responses: choosing one puts its text in the reply box.
// Without this script the "Insert" button reloads the page with the text filled in.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("canned-select");
  const reply = document.getElementById("reply-body");
  if (!select || !reply) {
    return;
  }
  const insert = document.getElementById("canned-insert");
  if (insert) {
    insert.hidden = true;
  }
  select.addEventListener("change", () => {
    const option = select.options[select.selectedIndex];
    const text = option ? option.dataset.body : "";
    if (!text) {
      return;
    }
    const written = reply.value.trimEnd();
    reply.value = written ? `${written}\n\n${text}` : text;
    select.value = "";
    reply.focus();
  });
});

// The conversation scrolls in its own box (workspace.css): it opens at the newest
// message and follows the ones live.js adds, unless the agent scrolled up to read.
document.addEventListener("DOMContentLoaded", () => {
  const transcript = document.getElementById("live-transcript");
  if (!transcript) {
    return;
  }
  const atBottom = () =>
    transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 24;
  let following = true;
  transcript.addEventListener("scroll", () => {
    following = atBottom();
  });
  new MutationObserver(() => {
    if (following) {
      transcript.scrollTop = transcript.scrollHeight;
    }
  }).observe(transcript, { childList: true });
  transcript.scrollTop = transcript.scrollHeight;
});
