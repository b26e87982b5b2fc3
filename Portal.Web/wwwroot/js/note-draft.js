// Saves a note's draft while the therapist types: a second and a half after the last key, and when she leaves the
// page. Without scripts the "Save draft" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-note-draft]");
  if (!form) return;
  const status = form.querySelector("[data-draft-status]");
  let timer = null;
  let dirty = false;

  async function save() {
    if (!dirty) return;
    dirty = false;
    status.textContent = "Saving…";
    const body = new FormData(form);
    try {
      const response = await fetch(`${location.pathname}?handler=Autosave`, { method: "POST", body, credentials: "same-origin" });
      status.textContent = response.ok
        ? `Saved at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`
        : "Not saved. Use Save draft.";
    } catch {
      dirty = true;
      status.textContent = "Not saved (no connection). It will try again as you type.";
    }
  }

  // Save and Sign post the words themselves: no autosave may overtake them.
  form.addEventListener("submit", () => { clearTimeout(timer); dirty = false; });

  form.addEventListener("input", () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") save(); });
  window.addEventListener("pagehide", () => clearTimeout(timer));
});
