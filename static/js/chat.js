// The customer's chat: one websocket to /ws/chat/ (see docs/chat-protocol.md).
// Keeps the last seq up to which it has seen everything, and the messages not yet
// acknowledged; on every (re)connect it resumes from that seq and resends what was
// not acknowledged, so nothing is lost or shown twice. A gap in the seqs (a live
// event lost on the way) and a server saying its live relay is degraded both lead
// to a resume. Reconnects with growing backoff. What people (and the assistant) wrote
// goes in through UserText.render (js/user_text.js): as text, never HTML, with
// invisible and direction-changing characters shown as markers, in an isolating element.
(function () {
  "use strict";
  // The page's language, from Django's JavaScriptCatalog (/jsi18n/, loaded first).
  var gettext = window.gettext || function (text) { return text; };
  var root = document.getElementById("chat");
  if (!root) return;
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-text");
  var owner = document.getElementById("chat-owner");
  var ownerLabel = document.getElementById("chat-owner-label");
  var status = document.getElementById("chat-status");
  var humanButton = document.getElementById("chat-human");
  var solvedButton = document.getElementById("chat-solved");
  var typing = document.getElementById("chat-typing");
  var fileInput = document.getElementById("chat-file");
  var readyList = document.getElementById("chat-ready-files");

  var socket = null;
  var lastSeq = 0; // every seq up to this one has been seen
  var seen = {}; // seq -> true, for seqs above lastSeq seen out of order
  var catchUp = null; // timer of the next resume while live delivery is degraded
  var backoff = 500;
  var pending = {}; // client_msg_id -> the send frame, until acknowledged
  var ready = []; // files uploaded for the next message (attachments: their summaries)
  var shown = {}; // seq -> true
  var draft = null; // the assistant's answer while it streams
  var draftText = ""; // its text so far (rendered whole: a character may need its neighbour)
  var choicesFor = {}; // seq -> options of a "choices" frame that came before its message
  var ticketId = null; // the conversation shown; seqs count within one conversation
  var rating = null; // the rating offered when a conversation ended, while shown

  function newId() {
    return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
  }

  function addMessage(kind, name, text, seq, files) {
    if (seq && shown[seq]) return;
    if (seq) shown[seq] = true;
    var item = document.createElement("li");
    item.className = "message message-" + kind;
    var meta = document.createElement("p");
    meta.className = "message-meta";
    var who = document.createElement("strong");
    who.className = "user-text";
    who.dir = "auto";
    UserText.render(who, name);
    meta.appendChild(who);
    var body = document.createElement("div");
    body.className = "message-body user-text";
    body.dir = "auto";
    UserText.render(body, text);
    if (kind !== "customer") linkHelpPages(body);
    item.appendChild(meta);
    item.appendChild(body);
    Attachments.render(item, files);
    if (seq) item.dataset.seq = seq;
    // The rating, once offered, stays last (a closing message may come after it).
    log.insertBefore(item, rating && rating.parentNode === log ? rating : null);
    if (seq && choicesFor[seq]) showChoices(item, choicesFor[seq]);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  // Links to the site's own help pages ("/help/refunds/", written by the assistant or
  // our team) become clickable; nothing else does, so a message can never lead away.
  var HELP_PAGE = /\/help\/[a-z0-9-]+\//g;
  function linkHelpPages(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      HELP_PAGE.lastIndex = 0;
      if (!HELP_PAGE.test(text)) return;
      var pieces = document.createDocumentFragment();
      var at = 0;
      text.replace(HELP_PAGE, function (path, offset) {
        pieces.appendChild(document.createTextNode(text.slice(at, offset)));
        var link = document.createElement("a");
        link.href = path;
        link.textContent = path;
        pieces.appendChild(link);
        at = offset + path.length;
        return path;
      });
      pieces.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(pieces, node);
    });
  }

  // Buttons under an answer that asked which of a few things the customer meant:
  // choosing one sends its text as the customer's message. Gone once anything is sent.
  function showChoices(item, options) {
    var group = document.createElement("div");
    group.className = "chat-choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", gettext("Choose one"));
    options.forEach(function (option) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button chat-choice";
      button.textContent = option.label;
      button.addEventListener("click", function () { sendText(option.text); });
      group.appendChild(button);
    });
    item.appendChild(group);
    item.scrollIntoView({ block: "end" });
  }

  function clearChoices() {
    choicesFor = {};
    log.querySelectorAll(".chat-choices").forEach(function (group) { group.remove(); });
  }

  function setOwner(frame) {
    if (frame.ticket_id && frame.ticket_id !== ticketId) newConversation(frame.ticket_id);
    var names = { ai: gettext("Assistant"), queue: gettext("Waiting for a person") };
    var text = frame.name || names[frame.kind] || gettext("Assistant");
    var ended = frame.status === "solved" || frame.status === "closed";
    if (ended) text = gettext("This conversation has ended. Write to start a new one.");
    else if (frame.kind === "queue" && frame.wait && frame.wait.text) text += " — " + frame.wait.text;
    ownerLabel.hidden = ended;
    UserText.render(owner, text);
    // The controls follow the state: asking for a person while waiting for one, or
    // talking with one, would only say so twice.
    var waiting = !ended && frame.kind === "queue";
    humanButton.hidden = !ended && frame.kind === "agent";
    humanButton.disabled = waiting;
    humanButton.textContent = waiting ? gettext("You're in the queue") : gettext("Talk to a person now");
    solvedButton.hidden = ended || !frame.ticket_id;
  }

  // A different conversation from the one shown (a message after the end started a
  // new one): its seqs start again at 1. The old one stays on screen above a divider.
  function newConversation(id) {
    var first = ticketId === null;
    ticketId = id;
    lastSeq = 0;
    seen = {};
    shown = {};
    choicesFor = {};
    if (first) return;
    // The old conversation's seqs are not this one's: choices and replays find by seq.
    log.querySelectorAll("[data-seq]").forEach(function (item) {
      item.removeAttribute("data-seq");
    });
    if (rating) rating.remove();
    rating = null;
    var divider = document.createElement("li");
    divider.className = "chat-divider";
    divider.textContent = gettext("New conversation");
    // Before the customer's message that started it, if it is already on screen.
    var sending = log.querySelector(".message-sending");
    log.insertBefore(divider, sending || null);
  }

  // The rating offered when the conversation ended: 1 to 5 and an optional comment.
  function showRating(frame) {
    if (rating || frame.ticket_id !== ticketId) return;
    rating = document.createElement("li");
    rating.className = "chat-rating";
    var form = document.createElement("form");
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = gettext("How did we do?");
    fieldset.appendChild(legend);
    var stars = document.createElement("div");
    stars.className = "chat-stars";
    var score = 0;
    var labels = [gettext("1 — very poor"), gettext("2 — poor"), gettext("3 — okay"), gettext("4 — good"), gettext("5 — very good")];
    labels.forEach(function (label, n) {
      var star = document.createElement("button");
      star.type = "button";
      star.className = "button button-secondary chat-star";
      star.textContent = "★ " + (n + 1);
      star.setAttribute("aria-label", label);
      star.setAttribute("aria-pressed", "false");
      star.addEventListener("click", function () {
        score = n + 1;
        stars.querySelectorAll(".chat-star").forEach(function (each, m) {
          each.setAttribute("aria-pressed", m === n ? "true" : "false");
        });
        submit.disabled = false;
      });
      stars.appendChild(star);
    });
    fieldset.appendChild(stars);
    var commentLabel = document.createElement("label");
    commentLabel.textContent = gettext("Anything to add? (optional)");
    var comment = document.createElement("textarea");
    comment.rows = 2;
    comment.maxLength = 2000;
    commentLabel.appendChild(comment);
    fieldset.appendChild(commentLabel);
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "button button-primary";
    submit.textContent = gettext("Send rating");
    submit.disabled = true;
    fieldset.appendChild(submit);
    form.appendChild(fieldset);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (score) send({ type: "rate", score: score, comment: comment.value });
    });
    rating.appendChild(form);
    log.appendChild(rating);
    rating.scrollIntoView({ block: "end" });
  }

  function ratingStored(frame) {
    if (!rating || frame.ticket_id !== ticketId) return;
    rating.textContent = gettext("Thank you for your rating!");
  }

  // Note a seq; a seq beyond the next expected one means something was missed:
  // ask for it (the server replays from the database).
  function saw(seq) {
    if (seq <= lastSeq) return;
    seen[seq] = true;
    while (seen[lastSeq + 1]) {
      delete seen[lastSeq + 1];
      lastSeq += 1;
    }
    if (Object.keys(seen).length) resumeSoon(300);
  }

  // A resume replayed everything up to `seq` (notes for staff included, unsent).
  function sawThrough(seq) {
    if (seq <= lastSeq) return;
    lastSeq = seq;
    Object.keys(seen).forEach(function (each) {
      if (Number(each) <= lastSeq) delete seen[each];
    });
    saw(lastSeq);
  }

  function resumeSoon(delay) {
    if (catchUp) return;
    catchUp = setTimeout(function () {
      catchUp = null;
      send({ type: "resume", after_seq: lastSeq });
    }, delay);
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  // Close codes after which reconnecting cannot help (docs/chat-protocol.md).
  var LOGGED_OUT = 4401;
  var TEXT_ONLY = 4415;

  function loggedOut() {
    status.textContent = gettext("You have been logged out. ");
    var again = document.createElement("a");
    again.href = "/login/?next=" + encodeURIComponent(location.pathname);
    again.textContent = gettext("Log in again");
    status.appendChild(again);
    form.querySelector("button[type=submit]").disabled = true;
    humanButton.disabled = true;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/chat/");
    status.textContent = gettext("Connecting…");
    socket.onopen = function () {
      backoff = 500;
      status.textContent = "";
    };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      handle(frame);
    };
    socket.onclose = function (event) {
      if (event.code === LOGGED_OUT) return loggedOut();
      if (event.code === TEXT_ONLY) {
        status.textContent = gettext("Something went wrong. Please reload the page.");
        return;
      }
      status.textContent = gettext("Connection lost. Reconnecting…");
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }

  function handle(frame) {
    switch (frame.type) {
      case "hello":
        // Resume only once the server said which conversation this is: seqs count
        // within one, and it may be a new one since this page last saw it.
        setOwner(frame);
        send({ type: "resume", after_seq: lastSeq });
        Object.keys(pending).forEach(function (id) {
          send(pending[id]); // the same frame: stored, and its files attached, once
        });
        break;
      case "owner":
        setOwner(frame);
        break;
      case "ack":
        delete pending[frame.client_msg_id];
        saw(frame.seq);
        // Live relay down: others' messages will not come by themselves for a while.
        if (frame.realtime === "degraded") resumeSoon(3000);
        var mine = document.querySelector('[data-client-id="' + frame.client_msg_id + '"]');
        if (mine) {
          mine.classList.remove("message-sending");
          shown[frame.seq] = true;
          if (frame.note && !mine.querySelector(".message-note")) {
            var note = document.createElement("p");
            note.className = "message-note muted";
            note.textContent = frame.note;
            mine.appendChild(note);
          }
        }
        break;
      case "message":
        saw(frame.seq);
        if (frame.author_kind === "assistant" && draft) {
          draft.remove();
          draft = null;
        }
        addMessage(frame.author_kind, frame.author_name, frame.text, frame.seq, frame.attachments);
        typing.hidden = true;
        break;
      case "token":
        if (!draft) {
          draft = addMessage("assistant", gettext("Assistant"), "", null);
          draftText = "";
        }
        draftText += frame.text;
        UserText.render(draft.querySelector(".message-body"), draftText);
        break;
      case "rate":
        showRating(frame);
        break;
      case "rated":
        ratingStored(frame);
        break;
      case "choices":
        var answer = log.querySelector('[data-seq="' + frame.seq + '"]');
        if (answer) showChoices(answer, frame.options);
        else choicesFor[frame.seq] = frame.options;
        break;
      case "typing":
        typing.hidden = false;
        setTimeout(function () { typing.hidden = true; }, 4000);
        break;
      case "skip":
        saw(frame.seq); // a note for staff: nothing to show
        break;
      case "resumed":
        if (frame.ticket_id && ticketId && frame.ticket_id !== ticketId) break; // an older one
        sawThrough(frame.through_seq || 0);
        // Still degraded: keep catching up from the database every few seconds.
        if (frame.realtime === "degraded") resumeSoon(5000);
        break;
      case "error":
        status.textContent = frame.message;
        if (frame.code === "unavailable") {
          resendSoon(frame.client_msg_id); // not stored yet: kept, and sent again
        } else if (frame.client_msg_id) {
          delete pending[frame.client_msg_id];
        }
        break;
    }
  }

  function resendSoon(id) {
    setTimeout(function () {
      if (pending[id]) send(pending[id]); // the same frame: stored once
    }, 2000);
  }

  function sendText(text) {
    clearChoices();
    var id = newId();
    var frame = { type: "send", client_msg_id: id, text: text };
    if (ready.length) frame.attachments = ready.map(function (file) { return file.id; });
    pending[id] = frame;
    var item = addMessage("customer", gettext("You"), text, null, ready);
    item.dataset.clientId = id;
    item.classList.add("message-sending");
    ready = [];
    readyList.textContent = "";
    send(frame);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text && !ready.length) return;
    sendText(text);
    input.value = "";
    input.focus();
  });

  // Files go up over HTTPS first (POST /chat/attachments/); the message then names
  // them by id. The server checks each from its content and says why it refused one.
  function upload(file) {
    var body = new FormData();
    body.append("file", file);
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var note = document.createElement("li");
    note.textContent = file.name + ": uploading…";
    readyList.appendChild(note);
    fetch(fileInput.dataset.uploadUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token },
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      if (!result.ok) {
        note.textContent = file.name + ": " + result.answer.message;
        note.className = "chat-file-refused";
        return;
      }
      ready.push(result.answer);
      note.textContent = "";
      Attachments.render(note, [result.answer]);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button-link";
      remove.textContent = gettext("Remove");
      remove.setAttribute("aria-label", interpolate(gettext("Remove %s"), [result.answer.name]));
      remove.addEventListener("click", function () {
        ready = ready.filter(function (each) { return each.id !== result.answer.id; });
        note.remove();
      });
      note.appendChild(remove);
    }).catch(function () {
      note.textContent = file.name + ": the upload failed. Try again.";
      note.className = "chat-file-refused";
    });
  }

  fileInput.addEventListener("change", function () {
    Array.prototype.forEach.call(fileInput.files, upload);
    fileInput.value = "";
  });

  var lastTyping = 0;
  input.addEventListener("input", function () {
    if (Date.now() - lastTyping > 3000) {
      lastTyping = Date.now();
      send({ type: "typing" });
    }
  });

  humanButton.addEventListener("click", function () {
    send({ type: "human" });
  });

  solvedButton.addEventListener("click", function () {
    send({ type: "resolve" });
  });

  // Enter sends; Shift+Enter (or Enter while composing with an input method) is a new line.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  connect();
})();
