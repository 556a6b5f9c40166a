// An agent's own notices on every admin page: a ticket assigned to them, a VIP
// customer waiting in their queue, a breach of their ticket. They arrive over
// /ws/agent/notices/ and stay in a corner list (newest on top) until dismissed.
// Loaded by admin/base_site.html for staff who work tickets; the text is inserted as
// text, never as HTML.
"use strict";

(() => {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const KEEP = 5; // notices shown at most; older ones drop off
  // Django's JavaScript catalog (admin/base_site.html loads it); English without it.
  const gettext = window.gettext || ((text) => text);

  // While the socket is open the list carries data-live: notices sent from then on
  // arrive (the server joins the agent's group before it accepts the socket).
  function listen(list, onNotice) {
    let backoff = 1000;
    const open = () => {
      const socket = new WebSocket(`${scheme}${location.host}/ws/agent/notices/`);
      socket.onmessage = (event) => {
        const frame = JSON.parse(event.data);
        if (frame.type === "notice") onNotice(frame);
      };
      socket.onopen = () => {
        backoff = 1000;
        list.dataset.live = "true";
      };
      socket.onclose = (event) => {
        delete list.dataset.live;
        if (event.code === 4401 || event.code === 4003) return; // logged out, or not for us
        setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 30000);
      };
    };
    open();
  }

  function show(list, frame) {
    const item = document.createElement("li");
    item.className = `notice notice-${frame.kind}`;
    const link = document.createElement("a");
    link.href = frame.url;
    link.textContent = frame.text;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "notice-close";
    close.setAttribute("aria-label", gettext("Dismiss"));
    close.textContent = "×";
    close.addEventListener("click", () => item.remove());
    item.append(link, close);
    list.prepend(item);
    while (list.children.length > KEEP) list.lastElementChild.remove();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const list = document.getElementById("agent-notices");
    if (list) listen(list, (frame) => show(list, frame));
  });
})();
