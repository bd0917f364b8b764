// Share links carry the whole file: #src= followed by the text as encodeURIComponent writes it.
export function shareLink(text) {
  return "#src=" + encodeURIComponent(text);
}

// The text of a share link, or null when the hash is not one (or is not valid percent-encoding).
export function readShareLink(hash) {
  if (!hash.startsWith("#src=")) return null;
  try {
    return decodeURIComponent(hash.slice("#src=".length));
  } catch {
    return null;
  }
}

export function download(name, text, type) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
