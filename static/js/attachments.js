// Files a message carries (docs/chat-protocol.md, `attachments`), drawn the same way in
// the customer's chat and the agents' workspace: an image as its thumbnail linking to
// the full picture, a PDF as a download link with its size. Only the site's own
// /attachments/ addresses are used, and names go in as text, never HTML.
var Attachments = (function () {
  "use strict";
  var OURS = /^\/attachments\/\d+\/(thumbnail\/)?$/;
  // The chat page loads Django's JavaScript catalog; the admin's ticket page does not.
  var gettext = window.gettext || function (text) { return text; };

  function size(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / (1024 * 1024)).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function render(parent, files) {
    if (!files || !files.length) return null;
    var list = document.createElement("ul");
    list.className = "message-files";
    list.setAttribute("aria-label", gettext("Files"));
    files.forEach(function (file) {
      if (!OURS.test(file.url)) return;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = file.url;
      if (file.kind === "image" && file.thumbnail_url && OURS.test(file.thumbnail_url)) {
        link.target = "_blank";
        link.rel = "noopener";
        var image = document.createElement("img");
        image.src = file.thumbnail_url;
        image.alt = file.name;
        image.className = "message-thumbnail";
        link.appendChild(image);
      } else {
        link.className = "message-file";
        link.textContent = file.name;
        link.setAttribute("download", "");
      }
      item.appendChild(link);
      if (file.kind !== "image") {
        var note = document.createElement("span");
        note.className = "muted";
        note.textContent = " (PDF, " + size(file.size) + ")";
        item.appendChild(note);
      }
      list.appendChild(item);
    });
    parent.appendChild(list);
    return list;
  }

  return { render: render };
})();
