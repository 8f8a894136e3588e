// A tap on the stand-in of a YouTube or Vimeo video puts the site's player in its place, playing. Nothing is
// loaded from the video's site before the tap. Without this script the stand-in is a plain link to the video
// on its site (templates/courses/blocks/embed.html).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.video-facade[data-player]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = link.getAttribute("data-player");
  frame.title = link.textContent.trim();
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  frame.className = "video-frame";
  link.replaceWith(frame);
  frame.focus();
});
