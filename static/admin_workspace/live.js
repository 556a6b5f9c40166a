// Live updates in the agents' workspace, over the agents' sockets.
// Ticket page: new messages appear in the transcript without a reload, the
// customer's typing and the colleagues on the same page (viewing, typing) are
// shown, and a reply is sent over the socket (the form posts
// as usual when the socket is not open). Queue page: new hand-offs and alerts are
// announced and the list refreshes itself in place.
// Everything written by people is inserted as text, never as HTML, through
// UserText (js/user_text.js, loaded by the templates): invisible and
// direction-changing characters shown as markers, in an isolating element.
"use strict";

(() => {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  // Django's JavaScript catalog (admin/base_site.html loads it): the staff member's
  // language; English without it.
  const gettext = window.gettext || ((text) => text);
  const interpolate = window.interpolate ||
    ((format, values) => format.replace(/%\((\w+)\)s/g, (match, name) => String(values[name])));

  // A translated sentence around a text someone wrote, as [before, after]: the text
  // goes between them as an element of its own (UserText.isolated).
  function around(format, values) {
    const [before, after] = interpolate(format, { ...values, text: "%(text)s" }, true)
      .split("%(text)s");
    return [before, after || ""];
  }

  // Opens the socket and reopens it with backoff; returns a function giving the
  // socket currently open (or opening).
  function follow(path, onFrame) {
    let backoff = 500;
    let current = null;
    const open = () => {
      current = new WebSocket(scheme + location.host + path);
      current.onmessage = (event) => onFrame(JSON.parse(event.data));
      current.onopen = () => { backoff = 500; };
      current.onclose = () => {
        setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 10000);
      };
    };
    open();
    return () => current;
  }

  // Who else is on this ticket's page: "Also here: Lee (typing…), Sam". A typing
  // mark fades after a few seconds without a new signal.
  function presenceList(element) {
    const present = new Map();
    const render = () => {
      const people = [...present.values()];
      element.hidden = people.length === 0;
      const parts = [`${gettext("Also on this ticket:")} `];
      people.forEach((person, index) => {
        if (index) parts.push(", ");
        parts.push(UserText.isolated(person.name));
        if (person.typing) parts.push(` ${gettext("(typing…)")}`);
      });
      element.replaceChildren(...parts);
    };
    return (frame) => {
      const person = present.get(frame.agent_id) || { name: frame.name, typing: false };
      if (frame.state === "left") {
        clearTimeout(person.timer);
        present.delete(frame.agent_id);
      } else if (frame.state === "typing" || !present.has(frame.agent_id)) {
        // A repeated "viewing" (two arrivals crossing) leaves a typing mark as it is.
        clearTimeout(person.timer);
        person.typing = frame.state === "typing";
        if (person.typing) {
          person.timer = setTimeout(() => { person.typing = false; render(); }, 5000);
        }
        present.set(frame.agent_id, person);
      }
      render();
    };
  }

  function ticketPage(transcript) {
    let lastSeq = Number(transcript.dataset.lastSeq || 0);
    const presence = document.getElementById("live-presence");
    const colleagues = presence ? presenceList(presence) : () => {};
    const typing = document.getElementById("live-typing");
    const changed = document.getElementById("live-changed");
    let typingTimer = null;
    let onReplyFrame = () => {};
    const socket = follow(`/ws/agent/tickets/${transcript.dataset.ticketId}/`, (frame) => {
      onReplyFrame(frame);
      if (frame.type === "message" && frame.seq > lastSeq) {
        lastSeq = frame.seq;
        const item = document.createElement("li");
        item.className = `message message-${frame.author_kind}` +
          (frame.is_internal ? " message-internal" : "");
        const meta = document.createElement("p");
        meta.className = "message-meta";
        const who = document.createElement("strong");
        who.className = "user-text";
        who.dir = "auto";
        // author_name is written for the customer ("You"); staff see who it was.
        UserText.render(
          who, frame.author_kind === "customer" ? gettext("Customer") : frame.author_name,
        );
        meta.appendChild(who);
        const body = document.createElement("div");
        body.className = "message-body user-text";
        body.dir = "auto";
        UserText.render(body, frame.body);
        item.append(meta, body);
        Attachments.render(item, frame.attachments);
        transcript.appendChild(item);
        typing.hidden = true;
      } else if (frame.type === "typing" && frame.who === "customer") {
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { typing.hidden = true; }, 4000);
      } else if (frame.type === "owner") {
        changed.hidden = false;
      } else if (frame.type === "presence") {
        colleagues(frame);
      }
    });
    const reply = document.getElementById("reply-body");
    let sentAt = 0;
    if (reply) {
      reply.addEventListener("input", () => {
        if (Date.now() - sentAt > 3000 && socket().readyState === WebSocket.OPEN) {
          sentAt = Date.now();
          socket().send(JSON.stringify({ type: "typing" }));
        }
      });
      onReplyFrame = replyOverSocket(reply, socket);
    }
  }

  // The reply form, sent over the socket: the text stays in the box until the
  // server acknowledges it (stored), and a refusal is shown next to the box.
  function replyOverSocket(reply, currentSocket) {
    const form = reply.form;
    const internal = form.querySelector("input[name=internal]");
    const status = document.createElement("p");
    status.className = "live-note";
    status.setAttribute("role", "status");
    status.hidden = true;
    form.appendChild(status);
    let waiting = null;
    form.addEventListener("submit", (event) => {
      const socket = currentSocket();
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      event.preventDefault();
      if (waiting || !reply.value.trim()) return; // one reply at a time
      waiting = { text: reply.value };
      status.hidden = true;
      socket.send(JSON.stringify({
        type: "reply", text: reply.value, internal: Boolean(internal && internal.checked),
      }));
      // No answer in time: the reply may or may not be stored, so say so rather
      // than send it twice; the transcript shows it if it was.
      waiting.timer = setTimeout(() => {
        waiting = null;
        status.textContent = gettext(
          "No confirmation yet: check the conversation before sending again.",
        );
        status.hidden = false;
      }, 10000);
    });
    return (frame) => {
      if (!waiting || (frame.type !== "ack" && frame.type !== "error")) return;
      clearTimeout(waiting.timer);
      if (frame.type === "ack") {
        if (reply.value === waiting.text) reply.value = "";
        if (internal) internal.checked = false;
      } else {
        status.textContent = frame.message || gettext("The reply was not sent.");
        status.hidden = false;
      }
      waiting = null;
    };
  }

  // The queue: each hand-off or alert is announced, and the list (the admin's
  // changelist form, with its filters and page kept) is fetched again and swapped in.
  function queuePage(banner) {
    let refreshing = null;
    const refresh = () => {
      refreshing = refreshing || setTimeout(async () => {
        refreshing = null;
        const list = document.getElementById("changelist-form");
        if (!list) return;
        try {
          const response = await fetch(location.href, { credentials: "same-origin" });
          if (!response.ok) return;
          const page = new DOMParser().parseFromString(await response.text(), "text/html");
          const fresh = page.getElementById("changelist-form");
          if (fresh) list.replaceWith(document.importNode(fresh, true));
        } catch (error) {
          // Offline for a moment: the next hand-off refreshes again.
        }
      }, 1000);
    };
    follow("/ws/agent/queue/", (frame) => {
      if (frame.type !== "handoff" && frame.type !== "alert") return;
      const alert = frame.type === "alert";
      // Translators: %(text)s is the alert's reason.
      const alerted = gettext("Alert: ticket #%(ticket)s — %(text)s.");
      // Translators: %(text)s is the new ticket's subject, as the customer wrote it.
      const queued = gettext("New in the queue: ticket #%(ticket)s (%(text)s).");
      const [before, after] = around(alert ? alerted : queued, { ticket: frame.ticket_id });
      const text = alert ? frame.reason : frame.subject;
      banner.replaceChildren(before, UserText.isolated(text), after);
      banner.hidden = false;
      refresh();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const transcript = document.getElementById("live-transcript");
    if (transcript) ticketPage(transcript);
    const banner = document.getElementById("live-queue");
    if (banner) queuePage(banner);
  });
})();
