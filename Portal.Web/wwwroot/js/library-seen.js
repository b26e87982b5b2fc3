// Playing, opening or downloading a new item marks it as seen, as its "Mark as seen" button does without scripts.
for (const form of document.querySelectorAll("form[data-seen-form]")) {
  const entry = form.closest("[data-entry]");
  let sent = false;
  const seen = async () => {
    if (sent) return;
    sent = true;
    const response = await fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
    if (response.ok) {
      entry.querySelector("[data-new]")?.remove();
      form.remove();
    } else {
      sent = false;
    }
  };
  for (const element of entry.querySelectorAll("[data-seen-on]")) {
    element.addEventListener(element.dataset.seenOn, seen);
  }
}
