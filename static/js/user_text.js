// What people wrote, put into the page so that it can neither hide nor spoof
// anything: each invisible or direction-changing character becomes a visible marker,
// <span class="invisible-char" title="U+202E RIGHT-TO-LEFT OVERRIDE">[U+202E]</span>,
// exactly as the server shows it (core/unicode_text.py, whose comments say
// which characters are kept and why; core/tests/test_user_text_script.py
// checks that the two agree). Text goes in as text nodes, never as HTML.
// Used by the customer's chat (js/chat.js) and the agents' workspace
// (admin_workspace/live.js).
"use strict";

window.UserText = (() => {
  const INVISIBLE = String.raw`\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}`;
  const PICTOGRAPH = String.raw`\u00a9\u00ae\u203c\u2049\u2122\u2139\u2190-\u21ff\u2300-\u23ff\u24c2\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299\u{1f000}-\u{1faff}`;
  const EMOJI_MODIFIER = String.raw`\ufe0f\u{1f3fb}-\u{1f3ff}`;
  const ARABIC_LETTER = String.raw`\u0620-\u065f\u066e-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc`;
  const TAG_FLAG = String.raw`\u{1f3f4}\u{e0067}\u{e0062}(?:\u{e0065}\u{e006e}\u{e0067}|\u{e0073}\u{e0063}\u{e0074}|\u{e0077}\u{e006c}\u{e0073})\u{e007f}`;
  const SHOWN = new RegExp(
    `(?<kept>${TAG_FLAG}` +
      `|[${PICTOGRAPH}][${EMOJI_MODIFIER}]?\\u200d(?=[${PICTOGRAPH}])` +
      `|[${ARABIC_LETTER}][\\u200c\\u200d](?=[${ARABIC_LETTER}]))` +
      `|[${INVISIBLE}]`,
    "gu",
  );
  const NAMES = {
    0x00ad: "SOFT HYPHEN",
    0x061c: "ARABIC LETTER MARK",
    0x180e: "MONGOLIAN VOWEL SEPARATOR",
    0x200b: "ZERO WIDTH SPACE",
    0x200c: "ZERO WIDTH NON-JOINER",
    0x200d: "ZERO WIDTH JOINER",
    0x200e: "LEFT-TO-RIGHT MARK",
    0x200f: "RIGHT-TO-LEFT MARK",
    0x202a: "LEFT-TO-RIGHT EMBEDDING",
    0x202b: "RIGHT-TO-LEFT EMBEDDING",
    0x202c: "POP DIRECTIONAL FORMATTING",
    0x202d: "LEFT-TO-RIGHT OVERRIDE",
    0x202e: "RIGHT-TO-LEFT OVERRIDE",
    0x2060: "WORD JOINER",
    0x2061: "FUNCTION APPLICATION",
    0x2062: "INVISIBLE TIMES",
    0x2063: "INVISIBLE SEPARATOR",
    0x2064: "INVISIBLE PLUS",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
    0xfeff: "ZERO WIDTH NO-BREAK SPACE",
    0xe0001: "LANGUAGE TAG",
    0xe007f: "CANCEL TAG",
  };

  const code = (char) => "U+" + char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");

  // "U+202E RIGHT-TO-LEFT OVERRIDE"; a tag character is named by the ASCII character
  // it stands for, so that a reader can spell out a hidden message.
  function label(char) {
    const point = char.codePointAt(0);
    const name = point >= 0xe0020 && point <= 0xe007e
      ? `TAG "${String.fromCodePoint(point - 0xe0000)}"`
      : NAMES[point] || "TAG";
    return `${code(char)} ${name}`;
  }

  // The text cut into pieces: [text, null] to show as it is, [char, label] to mark.
  function pieces(text) {
    const source = String(text ?? "");
    const result = [];
    let plain = "";
    let last = 0;
    for (const match of source.matchAll(SHOWN)) {
      plain += source.slice(last, match.index);
      last = match.index + match[0].length;
      if (match.groups.kept) {
        plain += match[0];
        continue;
      }
      if (plain) result.push([plain, null]);
      plain = "";
      result.push([match[0], label(match[0])]);
    }
    plain += source.slice(last);
    if (plain) result.push([plain, null]);
    return result;
  }

  // Replaces what `element` holds with `text`, marked. The element itself should
  // isolate it: class "user-text" and dir="auto", or a <bdi> (see `isolated`).
  function render(element, text) {
    element.textContent = "";
    for (const [piece, title] of pieces(text)) {
      if (title === null) {
        element.appendChild(document.createTextNode(piece));
      } else {
        const marker = document.createElement("span");
        marker.className = "invisible-char";
        marker.title = title;
        marker.textContent = `[${code(piece)}]`;
        element.appendChild(marker);
      }
    }
    return element;
  }

  // A <bdi> holding `text`, marked: for a name or a subject inside a sentence.
  const isolated = (text) => render(document.createElement("bdi"), text);

  return { label, pieces, render, isolated };
})();
