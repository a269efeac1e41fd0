// Video facade: swap the link for the privacy-enhanced YouTube player only when
// the reader asks for it. Without JavaScript the link simply opens YouTube.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.player-link[data-embed]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = link.getAttribute("data-embed");
  frame.title = link.getAttribute("data-title") || "";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  link.replaceWith(frame);
  frame.focus();
});
