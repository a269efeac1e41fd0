// Video facade: swap the link for the privacy-enhanced YouTube player only when
// the reader asks for it. Without JavaScript the link simply opens YouTube.
function flamesPlay(link, src) {
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = link.getAttribute("data-title") || "";
  frame.setAttribute("data-title", frame.title);
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute("data-embed", link.getAttribute("data-embed"));
  link.replaceWith(frame);
  frame.focus();
  return frame;
}

document.addEventListener("click", function (event) {
  if (!event.target.closest || event.ctrlKey || event.metaKey || event.shiftKey) return;
  var link = event.target.closest("a.player-link[data-embed]");
  if (link) {
    event.preventDefault();
    flamesPlay(link, link.getAttribute("data-embed"));
    return;
  }
  // A transcript timestamp plays the video from that second (without JavaScript it
  // links to the video on YouTube at that second).
  var stamp = event.target.closest("a[data-start]");
  var player = stamp && document.querySelector(".player a.player-link[data-embed], .player iframe[data-embed]");
  if (!player) return;
  event.preventDefault();
  var src = player.getAttribute("data-embed") + "&start=" + parseInt(stamp.getAttribute("data-start"), 10);
  // A playing video is replaced by a fresh frame rather than given a new src: a new
  // src would add a history entry, and Back would rewind the video instead of
  // leaving the page.
  flamesPlay(player, src).scrollIntoView({ block: "nearest" });
});

// A link to a cue (from search results) opens the collapsed transcript around it.
function flamesReveal() {
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var details = target && target.closest("details");
  if (details && !details.open) {
    details.open = true;
    target.scrollIntoView();
  }
}
flamesReveal();
window.addEventListener("hashchange", flamesReveal);
