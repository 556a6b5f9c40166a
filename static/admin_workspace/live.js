// Live updates in the agents' workspace, over the agents' sockets.
// Ticket page: new messages appear in the transcript without a reload, and the
// customer's typing is shown. Queue page: new hand-offs and alerts are announced.
// Everything written by people is inserted with textContent, never as HTML.
"use strict";

(() => {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";

  function follow(path, onFrame) {
    let backoff = 500;
    const open = () => {
      const socket = new WebSocket(scheme + location.host + path);
      socket.onmessage = (event) => onFrame(JSON.parse(event.data), socket);
      socket.onopen = () => { backoff = 500; };
      socket.onclose = () => {
        setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 10000);
      };
      return socket;
    };
    return open();
  }

  function ticketPage(transcript) {
    let lastSeq = Number(transcript.dataset.lastSeq || 0);
    const typing = document.getElementById("live-typing");
    const changed = document.getElementById("live-changed");
    let typingTimer = null;
    const socket = follow(`/ws/agent/tickets/${transcript.dataset.ticketId}/`, (frame) => {
      if (frame.type === "message" && frame.seq > lastSeq) {
        lastSeq = frame.seq;
        const item = document.createElement("li");
        item.className = `message message-${frame.author_kind}` +
          (frame.is_internal ? " message-internal" : "");
        const meta = document.createElement("p");
        meta.className = "message-meta";
        const who = document.createElement("strong");
        // author_name is written for the customer ("You"); staff see who it was.
        who.textContent = frame.author_kind === "customer" ? "Customer" : frame.author_name;
        meta.appendChild(who);
        const body = document.createElement("div");
        body.className = "message-body";
        body.textContent = frame.body;
        item.append(meta, body);
        transcript.appendChild(item);
        typing.hidden = true;
      } else if (frame.type === "typing" && frame.who === "customer") {
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { typing.hidden = true; }, 4000);
      } else if (frame.type === "owner") {
        changed.hidden = false;
      }
    });
    const reply = document.getElementById("reply-body");
    let sentAt = 0;
    if (reply) {
      reply.addEventListener("input", () => {
        if (Date.now() - sentAt > 3000 && socket.readyState === WebSocket.OPEN) {
          sentAt = Date.now();
          socket.send(JSON.stringify({ type: "typing" }));
        }
      });
    }
  }

  function queuePage(banner) {
    follow("/ws/agent/queue/", (frame) => {
      if (frame.type !== "handoff" && frame.type !== "alert") return;
      const what = frame.type === "alert" ? `Alert: ticket #${frame.ticket_id} — ${frame.reason}`
        : `New in the queue: ticket #${frame.ticket_id} (${frame.subject})`;
      banner.textContent = `${what}. `;
      const reload = document.createElement("a");
      reload.href = "";
      reload.textContent = "Reload the queue";
      banner.appendChild(reload);
      banner.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const transcript = document.getElementById("live-transcript");
    if (transcript) ticketPage(transcript);
    const banner = document.getElementById("live-queue");
    if (banner) queuePage(banner);
  });
})();
